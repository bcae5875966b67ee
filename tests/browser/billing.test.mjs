// Invoices and monthly finance (issue 8): an issued invoice of the demo takes a part payment and then
// the rest (balance and status change on the page), and the finance page shows its revenue chart and
// breakdowns — in English and in French.
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

// Opens the n-th invoice issued in the last three weeks and still open (so not overdue yet).
async function openIssuedInvoice(n) {
  const { page } = s;
  const from = new Date(Date.now() - 21 * 86400000).toISOString().slice(0, 10);
  await s.go(`/finance/invoices?status=issued&from=${from}`);
  const links = page.locator('.billing-invoices a[data-testid^="invoice-INV-"]');
  await links.first().waitFor();
  assert.ok(await links.count() > n, 'the demo has issued invoices with a balance');
  await links.nth(n).click();
  await page.waitForSelector(tid('invoice-balance'));
}

async function payInTwo(messages, shotName) {
  const { page } = s;
  const before = await page.textContent(tid('invoice-balance'));
  assert.equal(await page.textContent(tid('invoice-status')), messages['billing.status.issued']);
  assert.ok(await page.isVisible(tid('no-payments')), 'no payment yet');

  // A part payment of 10.00: the balance drops, the invoice stays issued.
  await page.click(tid('invoice-pay'));
  await page.waitForSelector('dialog[open] form');
  await page.fill(tid('payment-amount'), '10.00');
  await page.selectOption(tid('payment-method'), 'transfer');
  await page.fill(tid('payment-reference'), 'VIR-2026-118');
  await page.click(tid('payment-submit'));
  await page.waitForSelector('dialog[open]', { state: 'detached' });
  await page.waitForFunction((b) => document.querySelector('[data-testid="invoice-balance"]').textContent !== b, before);
  assert.equal(await page.textContent(tid('invoice-status')), messages['billing.status.issued']);
  assert.equal(await page.locator('.billing-payments tbody tr').count(), 1);
  assert.match(await page.textContent('.billing-payments'), /VIR-2026-118/);
  await s.shot(shotName);

  // The rest (the dialog proposes the balance): paid, nothing left to pay.
  await page.click(tid('invoice-pay'));
  await page.waitForSelector('dialog[open] form');
  await page.click(tid('payment-submit'));
  await page.waitForSelector('dialog[open]', { state: 'detached' });
  await page.waitForFunction((paid) => document.querySelector('[data-testid="invoice-status"]').textContent === paid,
    messages['billing.status.paid']);
  assert.equal(await page.locator('.billing-payments tbody tr').count(), 2);
  assert.equal(await page.locator(tid('invoice-pay')).count(), 0, 'a paid invoice takes no more payments');
  assert.match(await page.textContent(tid('invoice-balance')), /0[.,]00/);
}

async function financePage(messages, shotName) {
  const { page } = s;
  await s.go('/finance');
  assert.equal(await page.textContent('#page-title'), messages['billing.finance.title']);
  const bars = page.locator(`${tid('finance-chart')} svg.chart-monthly rect.chart-bar`);
  assert.equal(await bars.count(), 12, 'one bar per month of the last twelve');
  assert.ok(await page.locator(`${tid('finance-chart')} rect.chart-bar:not(.chart-bar-empty)`).count() >= 10,
    'the demo has revenue in most months');
  assert.ok(await page.locator('.finance-aircraft tbody tr').count() >= 5, 'revenue by aircraft');
  assert.ok(await page.locator('.finance-instructors tbody tr').count() >= 2, 'revenue by instructor');
  // Another month from the months table.
  const month = page.locator('.finance-months button[data-testid^="finance-month-"]').nth(3);
  await month.click();
  await page.waitForSelector('.finance-aircraft tbody tr');
  await s.shot(shotName);
}

test('billing: an issued invoice takes a part payment, then is paid (English)', async () => {
  await openIssuedInvoice(0);
  assert.ok((await s.page.textContent('#page-title')).startsWith(EN['billing.kind.invoice']));
  assert.ok(await s.page.locator('.billing-lines tbody tr').count() >= 1, 'line items');
  await payInTwo(EN, 'billing-invoice-en');
  s.assertNoProblems();
});

test('billing: the monthly finance page shows the revenue chart and breakdowns (English)', async () => {
  await financePage(EN, 'billing-finance-en');
  s.assertNoProblems();
});

test('billing: the same in French', async () => {
  await s.go('/finance/invoices');
  await s.setLocale('fr');
  await s.page.waitForFunction((title) => document.querySelector('#page-title')?.textContent === title,
    FR['billing.invoices.title']);
  await openIssuedInvoice(1);
  assert.ok((await s.page.textContent('#page-title')).startsWith(FR['billing.kind.invoice']));
  await payInTwo(FR, 'billing-invoice-fr');
  await financePage(FR, 'billing-finance-fr');
  await s.setLocale('en');
  s.assertNoProblems();
});
