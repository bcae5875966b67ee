// The overview's charts (issue 7): hours flown per aircraft per week over 12 weeks, and the next
// maintenance due points across the fleet, in English and French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openConsole, catalog, tid, BASE, demo } from './support.mjs';

const EN = catalog('en');
const FR = catalog('fr');
let c;

before(async () => {
  c = await openConsole();
  await c.login();
});
after(async () => { if (c) await c.close(); });

async function chartFacts() {
  return c.page.evaluate(() => {
    const weekly = document.querySelector('[data-testid="chart-weekly-hours"] svg');
    const due = document.querySelector('[data-testid="chart-next-due"] svg');
    return {
      weeklyRows: weekly ? weekly.querySelectorAll('.chart-row').length : -1,
      weeklyBars: weekly ? weekly.querySelectorAll('.chart-row:first-of-type rect').length : -1,
      flownBars: weekly ? weekly.querySelectorAll('rect.chart-bar:not(.chart-bar-empty)').length : -1,
      dueRows: due ? [...due.querySelectorAll('.chart-row')].map((g) => g.getAttribute('class')) : null,
      titles: [...document.querySelectorAll('.card-title')].map((e) => e.textContent),
    };
  });
}

test('overview: one row of 12 weekly bars per aircraft and the next due items coloured by status', async () => {
  await c.go('/overview');
  await c.page.waitForSelector(`${tid('chart-weekly-hours')} svg`);
  await c.page.waitForSelector(`${tid('chart-next-due')} svg`);
  const f = await chartFacts();
  // Earlier test files may have added aircraft to the shared demo school: count the fleet now.
  const fleet = await (await fetch(`${BASE}/api/v1/public/fleet?limit=200`, {
    headers: { Authorization: `Bearer ${demo.api_key}`, 'X-Org-Id': demo.org_id },
  })).json();
  assert.ok(fleet.data.length >= 16, 'the demo fleet has at least 16 aircraft');
  assert.equal(f.weeklyRows, fleet.data.length, 'one row per aircraft');
  assert.equal(f.weeklyBars, 12, 'twelve weeks');
  assert.ok(f.flownBars > 16, `the demo school flies every week (${f.flownBars} non-empty bars)`);
  assert.ok(f.dueRows.length >= 1 && f.dueRows.length <= 8, `next due rows: ${f.dueRows.length}`);
  assert.ok(f.dueRows.every((cls) => /chart-(ok|upcoming|overdue)/.test(cls)), f.dueRows.join(', '));
  assert.ok(f.dueRows.some((cls) => /chart-(upcoming|overdue)/.test(cls)), 'the demo has items due soon');
  assert.ok(f.titles.includes(EN['overview.hours_chart']));
  assert.ok(f.titles.includes(EN['overview.due_chart']));
  await c.shot('overview-charts');
  c.assertNoProblems();
});

test('overview charts in French', async () => {
  await c.go('/overview');
  await c.setLocale('fr');
  await c.page.waitForSelector(`${tid('chart-next-due')} svg`);
  const f = await chartFacts();
  assert.ok(f.titles.includes(FR['overview.hours_chart']), f.titles.join(' | '));
  assert.ok(f.titles.includes(FR['overview.due_chart']), f.titles.join(' | '));
  const labels = await c.page.locator(`${tid('chart-next-due')} .chart-total`).allTextContents();
  assert.ok(labels.every((l) => / (h|j)\b/.test(l)), `French units: ${labels.join(', ')}`);
  await c.shot('overview-charts-fr');
  await c.setLocale('en');
  c.assertNoProblems();
});
