// Audit log (issue 8 part 3): the page shows each entry's hash prefix and its predecessor's, and a
// banner with the chain's verification state from GET …/audit/verify — in English and in French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openConsole, catalog, tid } from './support.mjs';

const EN = catalog('en');
const FR = catalog('fr');
let s;

before(async () => {
  s = await openConsole();
  await s.login();
});

after(async () => {
  if (s) await s.close();
});

async function openAudit() {
  await s.go('/audit');
  await s.page.waitForSelector(`${tid('audit-chain-status')}:not([data-state="checking"])`);
}

async function checkPage(messages, shotName) {
  const { page } = s;
  assert.equal(await page.textContent('#page-title'), messages['audit.title']);
  const banner = page.locator(tid('audit-chain-status'));
  assert.equal(await banner.getAttribute('data-state'), 'intact', await banner.textContent());
  const text = await banner.textContent();
  assert.ok(text.includes(messages['audit.chain.intact']), `banner "${text}" says intact`);
  assert.match(text, /[0-9a-f]{12}/, 'the banner shows the head hash prefix');

  // Every demo entry is chained: a 12-hex hash and a 12-hex predecessor, monospace.
  const cells = await page.$$eval('.paged tbody tr .audit-hash', (els) =>
    els.map((el) => [...el.querySelectorAll('code.mono')].map((c) => [c.textContent, getComputedStyle(c).fontFamily])));
  assert.ok(cells.length >= 1, 'the demo has audit entries');
  for (const codes of cells) {
    assert.equal(codes.length, 2, 'hash and previous hash');
    for (const [hex, font] of codes) {
      assert.match(hex, /^[0-9a-f]{12}$/);
      assert.match(font, /mono/i, `hash prefix in a monospace font (${font})`);
    }
  }
  // Newest first: each row's previous hash is the next row's hash; the banner's head is the first row.
  for (let i = 0; i + 1 < cells.length; i++) assert.equal(cells[i][1][0], cells[i + 1][0][0]);
  assert.ok(text.includes(cells[0][0][0]), 'the head hash is the newest entry\'s');
  const header = await page.textContent('.paged thead');
  assert.ok(header.includes(messages['audit.col.chain']));
  await s.shot(shotName);
}

test('audit: the log shows hash prefixes and the chain verifies intact (English)', async () => {
  await openAudit();
  await checkPage(EN, 'audit-chain-en');
  // Verifying again keeps the state.
  await s.page.click(tid('audit-verify'));
  await s.page.waitForSelector(`${tid('audit-chain-status')}[data-state="intact"]`);
  s.assertNoProblems();
});

test('audit: the same page in French', async () => {
  await openAudit();
  await s.setLocale('fr');
  await s.page.waitForFunction((title) => document.querySelector('#page-title')?.textContent === title, FR['audit.title']);
  await s.page.waitForSelector(`${tid('audit-chain-status')}[data-state="intact"]`);
  await s.page.waitForFunction(() => !document.querySelector('.paged-body[aria-busy="true"]'));
  await checkPage(FR, 'audit-chain-fr');
  await s.setLocale('en');
  s.assertNoProblems();
});
