// Planning timeline (issue 7): the day and week views render, a booking is created, and a second
// overlapping booking shows the conflict in the dialog next to the aircraft field — in English and
// in French. Bookings go on days far from today so the demo's own sessions never interfere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openConsole, catalog, tid } from './support.mjs';

const EN = catalog('en');
const FR = catalog('fr');
let s;

// A Monday about 40 weeks ahead (UTC date arithmetic), so the week view starts on it.
function futureMonday(weeksAhead) {
  const d = new Date(Date.now() + weeksAhead * 7 * 86400000);
  const dow = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - dow * 86400000).toISOString().slice(0, 10);
}
const DAY_EN = futureMonday(40);
const DAY_FR = futureMonday(41);

async function openDay(day, mode = 'day') {
  await s.go(`/planning?day=${day}&mode=${mode}`);
  await s.page.waitForSelector('.planning-grid');
}

// Books from the dialog with its defaults (first airworthy aircraft) plus the first instructor and
// student, so the booking is a dual flight (no medical rule involved).
async function book(day, from, to) {
  const { page } = s;
  await page.click(tid('planning-new'));
  await page.waitForSelector('dialog[open] form');
  await page.selectOption(tid('planning-kind'), 'flight');
  await page.fill(tid('planning-start'), `${day}T${from}`);
  await page.fill(tid('planning-end'), `${day}T${to}`);
  await page.selectOption(tid('planning-instructor'), { index: 1 });
  const instructor = await page.inputValue(tid('planning-instructor'));
  const student = await page.$$eval(`${tid('planning-student')} option`,
    (opts, not) => opts.map((o) => o.value).find((v) => v && v !== not), instructor);
  await page.selectOption(tid('planning-student'), student);
  await page.click(tid('planning-save'));
}

async function bookAndConflict(day, messages, shotName) {
  const { page } = s;
  await openDay(day);
  const before = await page.locator(tid('planning-block')).count();
  await book(day, '09:00', '10:00');
  await page.waitForSelector('dialog[open]', { state: 'detached' });
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="planning-block"]').length === n + 1, before);
  const block = page.locator(tid('planning-block')).last();
  assert.match(await block.getAttribute('class'), /kind-flight/);
  assert.match(await block.textContent(), /09:00/);

  // Overlapping by half an hour on the same aircraft: 409, shown next to the aircraft field.
  await book(day, '09:30', '10:30');
  const conflict = page.locator(`dialog[open] [data-field="aircraft_id"] ${tid('planning-conflict')}`);
  await conflict.waitFor({ state: 'visible' });
  const text = await conflict.textContent();
  const prefix = messages['planning.conflict.aircraft'].split('{when}')[0].trim();
  assert.ok(text.startsWith(prefix), `conflict message "${text}" should start with "${prefix}"`);
  assert.match(text, /09:00/, 'the message names the conflicting booking\'s time');
  assert.equal(await page.getAttribute('dialog[open] [data-testid="planning-aircraft"]', 'aria-invalid'), 'true');
  await s.shot(shotName);
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog[open]', { state: 'detached' });
  assert.equal(await page.locator(tid('planning-block')).count(), before + 1, 'the refused booking was not added');
}

before(async () => {
  s = await openConsole();
  await s.login();
});

after(async () => {
  if (s) await s.close();
});

test('planning: day and week timelines render with one row per aircraft', async () => {
  const { page } = s;
  await openDay(DAY_EN);
  assert.equal(await page.textContent('#page-title'), EN['planning.title']);
  const rows = await page.locator('.planning-row[data-aircraft]').count();
  assert.ok(rows >= 2, 'one row per aircraft plus the row without aircraft');
  assert.equal(await page.locator('.planning-head .planning-tick').count(), 12, 'two-hour ticks over the day');
  await page.click(tid('planning-mode-week'));
  await page.waitForFunction(() => document.querySelectorAll('.planning-head .planning-tick').length === 7);
  assert.equal(await page.getAttribute(tid('planning-mode-week'), 'aria-pressed'), 'true');
  await page.click(tid('planning-next'));
  await page.waitForSelector('.planning-grid');
  await page.click(tid('planning-mode-day'));
  await page.waitForFunction(() => document.querySelectorAll('.planning-head .planning-tick').length === 12);
  s.assertNoProblems();
});

test('planning: a booking is created and an overlapping one shows the conflict (English)', async () => {
  await bookAndConflict(DAY_EN, EN, 'planning-conflict-en');
  // The week view shows the new booking too.
  await openDay(DAY_EN, 'week');
  assert.ok(await s.page.locator(tid('planning-block')).count() >= 1);
  await s.shot('planning-week-en');
  s.assertNoProblems();
});

test('planning: a booking is cancelled from its dialog', async () => {
  const { page } = s;
  await openDay(DAY_EN);
  await page.locator(tid('planning-block')).last().click();
  await page.click(tid('planning-cancel-booking'));
  await page.locator('dialog[open] .btn-danger').last().click();
  await page.waitForFunction(() => document.querySelector('[data-testid="planning-block"][data-status="cancelled"]'));
  // The slot is free again: the same booking succeeds.
  await book(DAY_EN, '09:00', '10:00');
  await page.waitForSelector('dialog[open]', { state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="planning-block"][data-status="scheduled"]').length >= 1);
  s.assertNoProblems();
});

test('planning: a booking is moved from its dialog', async () => {
  const { page } = s;
  await openDay(DAY_EN);
  await page.locator(`${tid('planning-block')}[data-status="scheduled"]`).last().click();
  await page.waitForSelector('dialog[open] form');
  await page.fill(tid('planning-start'), `${DAY_EN}T14:00`);
  await page.fill(tid('planning-end'), `${DAY_EN}T15:30`);
  await page.click(tid('planning-save'));
  await page.waitForSelector('dialog[open]', { state: 'detached' });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="planning-block"][data-status="scheduled"]')]
    .some((b) => b.textContent.includes('14:00') && b.textContent.includes('15:30')));
  s.assertNoProblems();
});

test('planning: the same in French', async () => {
  await openDay(DAY_FR);
  await s.setLocale('fr');
  await s.page.waitForFunction((title) => document.querySelector('#page-title')?.textContent === title, FR['planning.title']);
  assert.equal(await s.page.textContent(tid('planning-mode-week')), FR['planning.mode.week']);
  await bookAndConflict(DAY_FR, FR, 'planning-conflict-fr');
  await s.setLocale('en');
  s.assertNoProblems();
});
