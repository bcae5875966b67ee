// Invoices, payments, credit notes and the monthly finance page (issue 8). Money arrives in integer
// minor units and is shown with the organisation's currency; every string comes from messages-billing-*.
import { api, org } from './api.js';
import { monthlyBarsChart } from './charts.js';
import { t, tEnum, currentLocale, formatDate, formatNumber, formatDateTime } from './i18n.js';
import {
  h, clear, badge, mono, button, busy, field, showError, clearErrors, toast, openDialog, table, pagedList,
  pageHeader, card, emptyState, uid, select, dl, errorMessage,
} from './ui.js';

const STATUS_TONES = { issued: 'amber', paid: 'green', void: 'gray', draft: 'gray' };
const METHODS = ['card', 'transfer', 'cash', 'cheque', 'other'];
const crumbs = () => [{ label: t('nav.group.finance') }];

// ---------------------------------------------------------------- money
function fractionDigits(currency) {
  try { return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits; } catch { return 2; }
}
export function formatMoney(minor, currency) {
  if (minor === null || minor === undefined) return '—';
  const digits = fractionDigits(currency);
  const value = Number(minor) / 10 ** digits;
  try {
    return new Intl.NumberFormat(currentLocale() === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency }).format(value);
  } catch { return `${formatNumber(value)} ${currency}`; }
}
// "123.45" or "123,45" → minor units; null when it is not an amount.
function parseMoney(text, currency) {
  const digits = fractionDigits(currency);
  const clean = String(text).trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  if (frac.length > digits) return null;
  return Number(whole) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || 0);
}
const toAmountText = (minor, currency) => (Number(minor) / 10 ** fractionDigits(currency)).toFixed(fractionDigits(currency));

function statusBadge(inv) {
  if (inv.overdue) return h('span.badge.tone-red', { dataset: { testid: 'invoice-status' } }, t('billing.overdue'));
  const b = badge('billing.status', inv.status, STATUS_TONES[inv.status]);
  b.dataset.testid = 'invoice-status';
  return b;
}
const kindLabel = (inv) => (inv.kind === 'credit_note' ? h('span.muted', ` · ${t('billing.kind.credit_note')}`) : null);

// ---------------------------------------------------------------- invoices list
export async function invoicesView(ctx) {
  const base = `${org(ctx.org.id)}/invoices`;
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  const isDate = (v) => /^\d{4}-\d{2}-\d{2}$/.test(v || '');
  // #/finance/invoices?status=issued&from=YYYY-MM-DD&to=…&account_id=… opens the list so filtered (links, tests).
  const filters = {
    status: q.get('status') || '', account_id: q.get('account_id') || '',
    from: isDate(q.get('from')) ? q.get('from') : '', to: isDate(q.get('to')) ? q.get('to') : '',
  };
  const holder = h('div');
  const tabDefs = [['', 'billing.filter.all'], ['issued', 'billing.status.issued'], ['overdue', 'billing.overdue'],
    ['paid', 'billing.status.paid'], ['void', 'billing.status.void']];
  const tabs = h('div.segmented', { role: 'group', 'aria-label': t('billing.filter.label') });
  for (const [value, key] of tabDefs) {
    const b = h('button.seg', { type: 'button', 'aria-pressed': String(filters.status === value), dataset: { testid: `invoice-filter-${value || 'all'}` } }, t(key));
    b.addEventListener('click', () => {
      filters.status = value;
      for (const x of tabs.children) x.setAttribute('aria-pressed', String(x === b));
      build();
    });
    tabs.append(b);
  }
  const from = h('input', { type: 'date', id: uid('from'), value: filters.from });
  const to = h('input', { type: 'date', id: uid('to'), value: filters.to });
  const dateForm = h('form.filters', { novalidate: true },
    h('div.filter-field', h('label', { for: from.id }, t('billing.filter.from')), from),
    h('div.filter-field', h('label', { for: to.id }, t('billing.filter.to')), to),
    button(t('action.apply'), { type: 'submit', small: true }));
  dateForm.addEventListener('submit', (e) => { e.preventDefault(); filters.from = from.value; filters.to = to.value; build(); });

  function build() {
    clear(holder);
    const status = filters.status === 'overdue' ? undefined : filters.status || undefined;
    holder.append(pagedList({
      load: (cursor) => api.get(base, {
        cursor, limit: 25, status, overdue: filters.status === 'overdue' ? 'true' : undefined,
        account_id: filters.account_id || undefined, from: filters.from || undefined, to: filters.to || undefined,
      }),
      empty: () => emptyState({ title: t('billing.empty.title'), text: t('billing.empty.text') }),
      renderRows: (rows) => invoicesTable(rows),
    }));
  }
  build();

  const accountsCard = card(t('billing.accounts.title'), h('p.muted', t('billing.accounts.intro')));
  api.get(`${org(ctx.org.id)}/accounts`).then((res) => {
    const owing = res.data.filter((a) => a.balance_minor !== 0).sort((a, b) => b.balance_minor - a.balance_minor);
    if (!owing.length) { accountsCard.append(h('p.muted', t('billing.accounts.none'))); return; }
    accountsCard.append(table({
      caption: t('billing.accounts.title'), rowKey: (a) => a.id, rows: owing.slice(0, 50), className: 'billing-accounts',
      columns: [
        { label: t('billing.col.account'), render: (a) => button(a.name, {
          small: true, kind: 'ghost', dataset: { testid: `account-${a.id}` },
          onClick: () => { filters.account_id = a.id; build(); },
        }) },
        { label: t('billing.col.invoiced'), className: 'num', render: (a) => formatMoney(a.invoiced_minor, a.currency) },
        { label: t('billing.col.paid'), className: 'num', render: (a) => formatMoney(a.paid_minor, a.currency) },
        { label: t('billing.col.balance'), className: 'num', render: (a) => formatMoney(a.balance_minor, a.currency) },
        { label: t('billing.col.overdue'), className: 'num', render: (a) => (a.overdue_minor ? h('span.billing-overdue', formatMoney(a.overdue_minor, a.currency)) : '—') },
      ],
    }));
  }).catch((err) => accountsCard.append(h('p.muted', errorMessage(err))));

  return h('div.page',
    pageHeader({ title: t('billing.invoices.title'), subtitle: t('billing.invoices.subtitle'), crumbs: crumbs(),
      actions: [h('a.btn.btn-secondary', { href: '#/finance' }, h('span', t('nav.finance')))] }),
    h('section.card', h('div.card-head.wrap', tabs, dateForm), holder),
    accountsCard);
}

function invoicesTable(rows) {
  return table({
    caption: t('billing.invoices.title'), rowKey: (r) => r.id, rows, className: 'billing-invoices',
    columns: [
      { label: t('billing.col.number'), render: (r) => h('span', h('a', { href: `#/finance/invoices/${encodeURIComponent(r.id)}`, dataset: { testid: `invoice-${r.number}` } }, mono(r.number)), kindLabel(r)) },
      { label: t('billing.col.account'), render: (r) => r.account_name },
      { label: t('billing.col.issued'), render: (r) => formatDate(r.issue_date) },
      { label: t('billing.col.due'), render: (r) => (r.kind === 'invoice' ? formatDate(r.due_date) : '—') },
      { label: t('billing.col.status'), render: (r) => statusBadge(r) },
      { label: t('billing.col.total'), className: 'num', render: (r) => formatMoney(r.total_minor, r.currency) },
      { label: t('billing.col.balance'), className: 'num', render: (r) => formatMoney(r.balance_minor, r.currency) },
    ],
  });
}

// ---------------------------------------------------------------- invoice detail
export async function invoiceDetailView(ctx) {
  const base = `${org(ctx.org.id)}/invoices/${encodeURIComponent(ctx.params.id)}`;
  let inv = await api.get(base);
  const root = h('div.page');
  function render() {
    clear(root);
    const actions = [];
    if (inv.kind === 'invoice' && inv.status === 'issued' && inv.balance_minor > 0) {
      actions.push(button(t('billing.pay'), { kind: 'primary', iconName: 'check', dataset: { testid: 'invoice-pay' }, onClick: () => paymentDialog(base, inv, update) }));
    }
    if (inv.kind === 'invoice' && inv.status === 'issued' && inv.paid_minor === 0 && inv.credited_minor === 0) {
      actions.push(button(t('billing.void'), { kind: 'danger-ghost', dataset: { testid: 'invoice-void' }, onClick: () => reasonDialog(base, inv, 'void', update) }));
    }
    if (inv.kind === 'invoice' && ['issued', 'paid'].includes(inv.status) && inv.total_minor - inv.credited_minor > 0) {
      actions.push(button(t('billing.credit'), { dataset: { testid: 'invoice-credit' }, onClick: () => reasonDialog(base, inv, 'credit', (note) => ctx.navigate(`/finance/invoices/${note.id}`)) }));
    }
    const cur = inv.currency;
    root.append(
      pageHeader({
        title: `${inv.kind === 'credit_note' ? t('billing.kind.credit_note') : t('billing.kind.invoice')} ${inv.number}`,
        subtitle: inv.account_name,
        crumbs: [...crumbs(), { label: t('nav.invoices'), href: '#/finance/invoices' }, { label: inv.number }],
        actions,
      }),
      h('div.grid-2',
        card(t('billing.summary'), dl([
          [t('billing.col.status'), statusBadge(inv)],
          [t('billing.col.issued'), formatDate(inv.issue_date)],
          inv.kind === 'invoice' ? [t('billing.col.due'), formatDate(inv.due_date)] : null,
          [t('billing.col.subtotal'), formatMoney(inv.subtotal_minor, cur)],
          [t('billing.col.tax'), formatMoney(inv.tax_minor, cur)],
          [t('billing.col.total'), h('strong', formatMoney(inv.total_minor, cur))],
          [t('billing.col.paid'), formatMoney(inv.paid_minor, cur)],
          inv.credited_minor ? [t('billing.col.credited'), formatMoney(inv.credited_minor, cur)] : null,
          [t('billing.col.balance'), h('strong', { dataset: { testid: 'invoice-balance' } }, formatMoney(inv.balance_minor, cur))],
          inv.credited_invoice_id ? [t('billing.credits'), h('a', { href: `#/finance/invoices/${encodeURIComponent(inv.credited_invoice_id)}` }, t('billing.credited_invoice'))] : null,
          inv.voided_at ? [t('billing.voided_at'), formatDateTime(inv.voided_at)] : null,
          inv.void_reason ? [t('billing.void_reason'), inv.void_reason] : null,
        ])),
        card(t('billing.payments'), inv.payments.length ? table({
          caption: t('billing.payments'), rowKey: (p) => p.id, rows: inv.payments, className: 'billing-payments',
          columns: [
            { label: t('billing.col.received_on'), render: (p) => formatDate(p.received_on) },
            { label: t('billing.col.method'), render: (p) => tEnum('billing.method', p.method) },
            { label: t('billing.col.reference'), render: (p) => p.reference || '—' },
            { label: t('billing.col.amount'), className: 'num', render: (p) => formatMoney(p.amount_minor, cur) },
          ],
        }) : h('p.muted', { dataset: { testid: 'no-payments' } }, t('billing.payments.none')))),
      card(t('billing.lines'), table({
        caption: t('billing.lines'), rowKey: (l) => l.id, rows: inv.lines, className: 'billing-lines',
        columns: [
          { label: t('billing.col.description'), render: (l) => h('span', l.description, h('span.muted', ` · ${tEnum('billing.line', l.kind)}`)) },
          { label: t('billing.col.quantity'), className: 'num', render: (l) => `${formatNumber(l.quantity, { maximumFractionDigits: 3 })} ${tEnum('billing.unit', l.unit)}` },
          { label: t('billing.col.unit_price'), className: 'num', render: (l) => formatMoney(l.unit_price_minor, cur) },
          { label: t('billing.col.subtotal'), className: 'num', render: (l) => formatMoney(l.subtotal_minor, cur) },
          { label: t('billing.col.tax'), className: 'num', render: (l) => `${formatMoney(l.tax_minor, cur)} (${formatNumber(l.tax_rate_bp / 100)} %)` },
          { label: t('billing.col.total'), className: 'num', render: (l) => formatMoney(l.total_minor, cur) },
        ],
      })));
  }
  function update(next) { inv = next; render(); }
  render();
  return root;
}

function paymentDialog(base, inv, done) {
  const cur = inv.currency;
  const amount = h('input', { type: 'text', inputmode: 'decimal', value: toAmountText(inv.balance_minor, cur), dataset: { testid: 'payment-amount' }, autofocus: true });
  const method = select(METHODS.map((m) => ({ value: m, label: tEnum('billing.method', m) })), 'card');
  method.dataset.testid = 'payment-method';
  const received = h('input', { type: 'date', value: new Date().toISOString().slice(0, 10), dataset: { testid: 'payment-date' } });
  const reference = h('input', { type: 'text', maxlength: 200, dataset: { testid: 'payment-reference' } });
  const form = h('form.form', { novalidate: true, id: uid('pay') },
    h('p', t('billing.pay_intro', { number: inv.number, balance: formatMoney(inv.balance_minor, cur) })),
    field({ label: t('billing.col.amount'), name: 'amount_minor', input: amount, hint: t('billing.amount_hint', { currency: cur }) }),
    field({ label: t('billing.col.method'), name: 'method', input: method }),
    field({ label: t('billing.col.received_on'), name: 'received_on', input: received }),
    field({ label: t('billing.col.reference'), name: 'reference', input: reference, optional: true }));
  const submit = button(t('billing.pay_submit'), { kind: 'primary', type: 'submit', dataset: { testid: 'payment-submit' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: t('billing.pay_title'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'sm' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const minor = parseMoney(amount.value, cur);
    if (minor === null || minor <= 0) {
      showError(form, { code: 'validation_failed', field: 'amount_minor', problem: { detail: t('billing.amount_invalid') } });
      return;
    }
    await busy(submit, async () => {
      try {
        const next = await api.post(`${base}/payments`, {
          amount_minor: minor, method: method.value, received_on: received.value || undefined,
          reference: reference.value.trim() || undefined,
        });
        d.close();
        toast(t('billing.paid_toast', { amount: formatMoney(minor, cur), number: inv.number }));
        done(next);
      } catch (err) { showError(form, err); }
    });
  });
}

// Void (reason) or credit note (reason and an optional amount before tax).
function reasonDialog(base, inv, mode, done) {
  const cur = inv.currency;
  const reason = h('textarea', { rows: 3, maxlength: 1000, dataset: { testid: `${mode}-reason` }, autofocus: true });
  const amount = h('input', { type: 'text', inputmode: 'decimal', dataset: { testid: 'credit-amount' } });
  const form = h('form.form', { novalidate: true, id: uid(mode) },
    h('p', t(`billing.${mode}_intro`, { number: inv.number })),
    mode === 'credit' ? field({ label: t('billing.credit_amount'), name: 'amount_minor', input: amount, optional: true, hint: t('billing.credit_amount_hint', { currency: cur }) }) : null,
    field({ label: t('billing.reason'), name: 'reason', input: reason }));
  const submit = button(t(`billing.${mode}_submit`), { kind: mode === 'void' ? 'danger' : 'primary', type: 'submit', dataset: { testid: `${mode}-submit` } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: t(`billing.${mode}_title`), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'sm' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (!reason.value.trim()) {
      showError(form, { code: 'validation_failed', field: 'reason', problem: { detail: t('error.required') } });
      return;
    }
    const body = { reason: reason.value.trim() };
    if (mode === 'credit' && amount.value.trim()) {
      const minor = parseMoney(amount.value, cur);
      if (minor === null || minor <= 0) {
        showError(form, { code: 'validation_failed', field: 'amount_minor', problem: { detail: t('billing.amount_invalid') } });
        return;
      }
      body.amount_minor = minor;
    }
    await busy(submit, async () => {
      try {
        const res = await api.post(`${base}/${mode === 'void' ? 'void' : 'credit-notes'}`, body);
        d.close();
        toast(t(`billing.${mode}_toast`, { number: mode === 'void' ? inv.number : res.number }));
        done(res);
      } catch (err) { showError(form, err); }
    });
  });
}

// ---------------------------------------------------------------- monthly finance
const monthOf = (d) => d.toISOString().slice(0, 7);
function addMonths(period, n) {
  const [y, m] = period.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
const lastDay = (period) => new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).toISOString().slice(0, 10);
const monthLabel = (period, opts = { month: 'short' }) => new Intl.DateTimeFormat(currentLocale() === 'fr' ? 'fr-FR' : 'en-GB',
  { timeZone: 'UTC', ...opts }).format(new Date(`${period}-01T00:00:00Z`));

export async function financeView(ctx) {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  const to = /^\d{4}-\d{2}$/.test(q.get('to') || '') ? q.get('to') : monthOf(new Date());
  const from = /^\d{4}-\d{2}$/.test(q.get('from') || '') ? q.get('from') : addMonths(to, -11);
  const res = await api.get(`${org(ctx.org.id)}/finance-summaries`, { from, to });
  const months = res.data;
  const currency = months.length ? months[0].currency : 'EUR';
  const money = (v) => formatMoney(v, currency);
  // The breakdowns open on the last closed month (the current one is still filling up).
  const closed = months.filter((m) => m.period < monthOf(new Date()));
  let selected = closed.length ? closed[closed.length - 1] : months[months.length - 1];

  const fromIn = h('input', { type: 'month', value: from, id: uid('from'), dataset: { testid: 'finance-from' } });
  const toIn = h('input', { type: 'month', value: to, id: uid('to'), dataset: { testid: 'finance-to' } });
  const range = h('form.filters', { novalidate: true },
    h('div.filter-field', h('label', { for: fromIn.id }, t('billing.filter.from_month')), fromIn),
    h('div.filter-field', h('label', { for: toIn.id }, t('billing.filter.to_month')), toIn),
    button(t('action.apply'), { type: 'submit', small: true }));
  range.addEventListener('submit', (e) => { e.preventDefault(); ctx.navigate(`/finance?from=${fromIn.value}&to=${toIn.value}`); });

  const total = (k) => months.reduce((s, m) => s + m[k], 0);
  const last = months[months.length - 1];
  const kpis = h('div.billing-kpis',
    [[t('billing.kpi.revenue'), money(total('revenue_minor'))], [t('billing.kpi.tax'), money(total('tax_minor'))],
      [t('billing.kpi.hours'), formatNumber(months.reduce((s, m) => s + m.billable_hours, 0), { maximumFractionDigits: 1 })],
      [t('billing.kpi.receivables', { month: monthLabel(last.period, { month: 'long', year: 'numeric' }) }), money(last.receivables_minor)]]
      .map(([label, value]) => h('div.billing-kpi', h('span.muted', label), h('strong', value))));

  const chart = monthlyBarsChart(months.map((m) => ({
    period: m.period, value: m.revenue_minor, label: monthLabel(m.period), title: monthLabel(m.period, { month: 'long', year: 'numeric' }),
  })), { title: t('billing.chart.title'), valueLabel: money });
  const chartWrap = h('div.billing-chart', { dataset: { testid: 'finance-chart' } }, chart);

  const detail = h('div');
  function showMonth() {
    clear(detail);
    const m = selected;
    const title = monthLabel(m.period, { month: 'long', year: 'numeric' });
    detail.append(h('div.grid-2',
      card(t('billing.by_aircraft', { month: title }), m.by_aircraft.length ? table({
        caption: t('billing.by_aircraft', { month: title }), rowKey: (r) => r.aircraft_id, rows: m.by_aircraft, className: 'finance-aircraft',
        columns: [
          { label: t('billing.col.aircraft'), render: (r) => mono(r.registration) },
          { label: t('billing.col.hours'), className: 'num', render: (r) => formatNumber(r.hours, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) },
          { label: t('billing.col.revenue'), className: 'num', render: (r) => money(r.revenue_minor) },
        ],
      }) : h('p.muted', t('billing.month_empty'))),
      card(t('billing.by_instructor', { month: title }), m.by_instructor.length ? table({
        caption: t('billing.by_instructor', { month: title }), rowKey: (r) => r.instructor_id, rows: m.by_instructor, className: 'finance-instructors',
        columns: [
          { label: t('billing.col.instructor'), render: (r) => r.name },
          { label: t('billing.col.hours'), className: 'num', render: (r) => formatNumber(r.hours, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) },
          { label: t('billing.col.revenue'), className: 'num', render: (r) => money(r.revenue_minor) },
        ],
      }) : h('p.muted', t('billing.month_empty')))));
  }
  const monthsTable = table({
    caption: t('billing.months'), rowKey: (m) => m.period, rows: months.slice().reverse(), className: 'finance-months',
    columns: [
      { label: t('billing.col.month'), render: (m) => button(monthLabel(m.period, { month: 'long', year: 'numeric' }), {
        small: true, kind: 'ghost', dataset: { testid: `finance-month-${m.period}` },
        onClick: () => { selected = m; showMonth(); },
      }) },
      { label: t('billing.col.revenue'), className: 'num', render: (m) => money(m.revenue_minor) },
      { label: t('billing.col.tax'), className: 'num', render: (m) => money(m.tax_minor) },
      { label: t('billing.col.hours'), className: 'num', render: (m) => formatNumber(m.billable_hours, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) },
      { label: t('billing.col.receivables'), className: 'num', render: (m) => money(m.receivables_minor) },
      { label: t('billing.col.invoices'), className: 'num', render: (m) => h('a', { href: `#/finance/invoices?from=${m.period}-01&to=${lastDay(m.period)}` }, formatNumber(m.invoice_count)) },
    ],
  });
  showMonth();
  return h('div.page',
    pageHeader({ title: t('billing.finance.title'), subtitle: t('billing.finance.subtitle'), crumbs: crumbs(),
      actions: [h('a.btn.btn-secondary', { href: '#/finance/invoices', dataset: { testid: 'finance-invoices' } }, h('span', t('nav.invoices')))] }),
    h('section.card', h('div.card-head.wrap', h('h2.card-title', t('billing.chart.title')), range), kpis, chartWrap),
    detail,
    card(t('billing.months'), monthsTable));
}
