// Training (issue 8): the programmes and students lists render; on a student's progress page an
// instructor records a lesson, signs it, and sees the signature (key id, signer, signed at) — in English
// and in French.
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

// Opens the progress page of the `index`-th active enrolment.
async function openActiveStudent(index) {
  const { page } = s;
  await s.go('/training/enrollments');
  await page.selectOption(tid('tr-status-filter'), 'active');
  await page.waitForFunction(() => {
    const links = [...document.querySelectorAll('[data-testid="tr-enrollment-link"]')];
    return links.length > 0 && links.every((a) => a.dataset.status === 'active');
  });
  await page.locator(tid('tr-enrollment-link')).nth(index).click();
  await page.waitForSelector(tid('tr-progress-page'));
}

// Records a lesson without a flight (60 min dual) and signs it; returns the record id.
async function recordAndSign(messages, shotName) {
  const { page } = s;
  await page.click(tid('tr-record-new'));
  await page.waitForSelector('dialog[open] form');
  await page.fill(tid('tr-min-dual'), '60');
  const [created] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/lesson-records') && r.request().method() === 'POST'),
    page.click(tid('tr-record-save')),
  ]);
  assert.equal(created.status(), 201, await created.text());
  const record = (await created.json()).id;
  await page.waitForSelector('dialog[open]', { state: 'detached' });
  const sign = page.locator(`${tid('tr-sign')}[data-record="${record}"]`);
  await sign.waitFor({ state: 'visible' });
  assert.equal((await sign.textContent()).trim(), messages['tr.sign']);
  await sign.click();
  await page.waitForSelector('dialog[open] form');
  await page.click(tid('tr-sign-confirm'));
  await page.waitForSelector('dialog[open]', { state: 'detached' });
  const signature = page.locator(`[data-testid="tr-record"][data-id="${record}"] ${tid('tr-signature')}`);
  await signature.waitFor({ state: 'visible' });
  assert.equal(await signature.getAttribute('data-status'), 'valid');
  const key = await signature.locator(tid('tr-key-id')).textContent();
  assert.match(key, /^osk_[0-9A-Z]{26}$/, 'the signature shows the signing key id');
  const text = await signature.textContent();
  assert.ok(text.includes(messages['tr.signoff_status.valid']), `"${text}" shows the signed state`);
  const signedBy = messages['tr.signed_by'].split('{name}')[0];
  assert.ok(text.includes(signedBy), `"${text}" names the signer`);
  assert.equal(await page.locator(`${tid('tr-sign')}[data-record="${record}"]`).count(), 0, 'signed once');
  await s.shot(shotName);
  return record;
}

test('training: programmes and students lists render', async () => {
  const { page } = s;
  await s.go('/training');
  assert.equal(await page.textContent('#page-title'), EN['tr.programs.title']);
  assert.ok(await page.locator(tid('tr-program-link')).count() >= 2, 'the EASA and FAA programmes');
  await page.locator(tid('tr-program-link')).first().click();
  await page.waitForSelector('.table tbody tr');
  assert.ok(await page.locator('.table tbody tr').count() >= 25, 'a realistic syllabus');
  await s.go('/training/enrollments');
  assert.equal(await page.textContent('#page-title'), EN['tr.enrollments.title']);
  assert.ok(await page.locator('progress.tr-bar').count() >= 1, 'progress bars');
  await s.shot('training-enrollments-en');
  s.assertNoProblems();
});

test('training: record a lesson and sign it (English)', async () => {
  await openActiveStudent(0);
  assert.ok(await s.page.locator(tid('tr-minimum')).count() === 6, 'a bar per minimum');
  await recordAndSign(EN, 'training-signed-en');
  s.assertNoProblems();
});

test('training: the same in French', async () => {
  await openActiveStudent(1);
  await s.setLocale('fr');
  await s.page.waitForFunction((label) => document.querySelector('[data-testid="tr-record-new"]')?.textContent.trim() === label,
    FR['tr.record.new']);
  await recordAndSign(FR, 'training-signed-fr');
  await s.setLocale('en');
  s.assertNoProblems();
});
