// Maintenance screens: the fleet board coloured by status, an aircraft's programme (add items),
// a work order created, a task signed off and the work order completed; the same in French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openConsole, catalog, tid, waitFor, demo } from './support.mjs';

const EN = catalog('en');
const FR = catalog('fr');
let s;

before(async () => {
  s = await openConsole();
  await s.login();
});
after(async () => { if (s) await s.close(); });

// Texts on the page that are English strings of the maintenance catalog with a different French value.
async function englishLeftovers() {
  const texts = await s.page.evaluate(() => {
    const out = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const v = n.nodeValue.trim();
      if (!v || !n.parentElement) continue;
      if (n.parentElement.closest('option') && !n.parentElement.closest('option').selected) continue;
      if (n.parentElement.checkVisibility && !n.parentElement.checkVisibility()) continue;
      out.add(v);
    }
    for (const el of document.querySelectorAll('[aria-label]')) out.add(el.getAttribute('aria-label').trim());
    return [...out];
  });
  const bad = [];
  for (const [k, en] of Object.entries(EN)) {
    if (!(k.startsWith('mx.') || k.startsWith('nav.maintenance') || k.startsWith('nav.work_orders'))) continue;
    if (FR[k] === en) continue;
    const re = new RegExp(`^${en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '.+?')}$`);
    for (const t of texts) if (re.test(t)) bad.push(`${JSON.stringify(t)} (${k})`);
  }
  return bad;
}

async function fillDialog(values) {
  for (const [id, v] of Object.entries(values)) await s.page.fill(tid(id), String(v));
}

let aircraftId;
let tach;

test('the board lists every aircraft; items added to a programme show coloured by status', async () => {
  await s.go('/maintenance');
  const first = s.page.locator(tid('mx-aircraft')).first();
  await first.waitFor();
  aircraftId = await first.getAttribute('data-id');
  await s.go(`/maintenance/aircraft/${aircraftId}`);
  const aircraft = await s.page.evaluate(async ([orgId, id]) =>
    (await fetch(`/api/v1/console/orgs/${orgId}/fleet/${id}`)).json(), [demo.org_id, aircraftId]);
  tach = aircraft.tach_hours;
  const today = new Date().toISOString().slice(0, 10);
  const twoYearsAgo = `${Number(today.slice(0, 4)) - 2}-${today.slice(5, 7)}-01`;
  // upcoming: 5 h left on a 100 h interval (threshold 10 h)
  await s.page.click(tid('mx-item-new'));
  await fillDialog({ 'mx-title': 'Browser 100 h inspection', 'mx-hours': 100, 'mx-last-meter': (tach - 95).toFixed(1) });
  await s.page.click(tid('mx-item-save'));
  await s.page.waitForSelector('dialog', { state: 'detached' });
  // overdue: a 24-month item last done more than two years ago
  await s.page.click(tid('mx-item-new'));
  await fillDialog({ 'mx-title': 'Browser ELT battery', 'mx-months': 24, 'mx-last-date': twoYearsAgo });
  await s.page.selectOption('dialog select >> nth=0', 'life_limited');
  await s.page.click(tid('mx-item-save'));
  await s.page.waitForSelector('dialog', { state: 'detached' });
  // ok: 50 h left
  await s.page.click(tid('mx-item-new'));
  await fillDialog({ 'mx-title': 'Browser oil change', 'mx-hours': 50, 'mx-last-meter': tach.toFixed(1) });
  await s.page.click(tid('mx-item-save'));
  await s.page.waitForSelector('dialog', { state: 'detached' });
  await s.page.waitForFunction(() => document.querySelectorAll('tbody tr').length >= 3);
  await s.shot('maintenance-programme');

  await s.go('/maintenance');
  const card = s.page.locator(`${tid('mx-aircraft')}[data-id="${aircraftId}"]`);
  const colour = async (status) => card.locator(`${tid('mx-item')}[data-status="${status}"]`).first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  const [ok, upcoming, overdue] = [await colour('ok'), await colour('upcoming'), await colour('overdue')];
  assert.notEqual(ok, upcoming);
  assert.notEqual(upcoming, overdue);
  assert.notEqual(ok, overdue);
  // The overdue blocking item grounded the aircraft.
  assert.match(await card.innerText(), /Not airworthy|not airworthy/i);
  await s.shot('maintenance-board');
  s.assertNoProblems();
});

test('a work order is created, a task signed off and the work order completed', async () => {
  await s.go('/maintenance/work-orders');
  await s.page.click(tid('wo-new'));
  await s.page.waitForSelector(tid('wo-aircraft'));
  await s.page.selectOption(tid('wo-aircraft'), aircraftId);
  await s.page.fill(tid('wo-title'), 'ELT battery replacement');
  await s.page.click(tid('wo-create'));
  await s.page.waitForSelector(tid('task-add'));
  await s.page.click(tid('task-add'));
  await s.page.fill(tid('task-description'), 'Replace ELT battery');
  const option = await s.page.locator(`${tid('task-item')} option`, { hasText: 'Browser ELT battery' }).getAttribute('value');
  await s.page.selectOption(tid('task-item'), option);
  await s.page.fill(tid('task-labour'), '45');
  await s.page.click(tid('task-save'));
  await s.page.waitForSelector(tid('task-sign'));
  await s.page.click(tid('part-add'));
  await fillDialog({ 'part-number': '453-5001', 'part-qty': 1, 'part-cost': '189.50' });
  await s.page.click(tid('part-save'));
  await s.page.waitForSelector('dialog', { state: 'detached' });
  await s.page.click(tid('task-sign'));
  await fillDialog({ 'sign-name': 'Jeanne Martin', 'sign-licence': 'FR.66.12345' });
  await s.page.click(tid('sign-save'));
  await s.page.waitForSelector(tid('task-signed'));
  await s.shot('maintenance-work-order-open');
  await s.page.click(tid('wo-complete'));
  await waitFor(async () => /Completed/.test(await s.page.locator(tid('wo-status-badge')).innerText()));
  assert.match(await s.page.locator(tid('wo-status-badge')).innerText(), /Completed/);
  await s.shot('maintenance-work-order-completed');
  // The ELT item was re-baselined: the board no longer shows it overdue, the aircraft flies again.
  await s.go('/maintenance');
  const card = s.page.locator(`${tid('mx-aircraft')}[data-id="${aircraftId}"]`);
  assert.equal(await card.locator(`${tid('mx-item')}[data-status="overdue"]`).count(), 0);
  s.assertNoProblems();
});

test('French: the maintenance screens are translated', async () => {
  await s.go('/maintenance');
  await s.setLocale('fr');
  const leftovers = [];
  for (const [name, hash] of [['board', '/maintenance'], ['programme', `/maintenance/aircraft/${aircraftId}`],
    ['work-orders', '/maintenance/work-orders']]) {
    await s.go(hash);
    for (const b of await englishLeftovers()) leftovers.push(`${name}: ${b}`);
    await s.shot(`fr-maintenance-${name}`);
  }
  await s.page.click(tid('wo-link'));
  await s.page.waitForSelector(tid('wo-status-badge'));
  assert.match(await s.page.locator(tid('wo-status-badge')).innerText(), /Terminé/);
  for (const b of await englishLeftovers()) leftovers.push(`work-order: ${b}`);
  await s.shot('fr-maintenance-work-order');
  assert.deepEqual(leftovers, [], `English strings on French screens:\n${leftovers.join('\n')}`);
  await s.setLocale('en');
  s.assertNoProblems();
});
