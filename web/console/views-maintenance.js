// Maintenance: the fleet board, an aircraft's programme, work orders (list and detail).
import { api, org } from './api.js';
import { t, tEnum, formatDate, formatDateTime, formatNumber, formatHours, formatMinutes } from './i18n.js';
import {
  h, badge, button, busy, field, showError, clearErrors, toast, openDialog, confirmDialog, table, pagedList,
  emptyState, pageHeader, card, dl, uid, select, errorMessage,
} from './ui.js';

const CATEGORIES = ['inspection', 'life_limited', 'scheduled_task', 'airworthiness_directive', 'service_bulletin'];
const WO_STATUSES = ['open', 'in_progress', 'awaiting_parts', 'completed', 'cancelled'];
const DUE_TONES = { ok: 'green', upcoming: 'amber', overdue: 'red' };
const WO_TONES = { open: 'gray', in_progress: 'amber', awaiting_parts: 'amber', completed: 'green', cancelled: 'gray' };

const mxCrumbs = () => [{ label: t('mx.group'), href: '#/maintenance' }];
const dueBadge = (status) => badge('mx.status', status, DUE_TONES[status]);
const woBadge = (status) => badge('mx.wo.status', status, WO_TONES[status]);

// "12.5 h · 40 d" (either may be missing); negative values read as overrun.
function remainingText(r) {
  const parts = [];
  if (r.hours !== null && r.hours !== undefined) parts.push(t('mx.remaining.hours', { n: formatHours(r.hours) }));
  if (r.days !== null && r.days !== undefined) parts.push(t('mx.remaining.days', { n: formatNumber(r.days) }));
  return parts.length ? parts.join(' · ') : '—';
}
function nextDueText(n) {
  const parts = [];
  if (n.date) parts.push(formatDate(n.date));
  if (n.meter_hours !== null && n.meter_hours !== undefined) parts.push(t('mx.meter', { n: formatHours(n.meter_hours) }));
  return parts.length ? parts.join(' · ') : '—';
}
function intervalText(i) {
  const parts = [];
  if (i.hours !== null && i.hours !== undefined) parts.push(t('mx.interval.hours', { n: formatHours(i.hours), basis: tEnum('mx.basis', i.basis) }));
  if (i.days) parts.push(t('mx.interval.days', { n: formatNumber(i.days) }));
  if (i.months) parts.push(t('mx.interval.months', { n: formatNumber(i.months) }));
  return parts.join(` ${t('mx.interval.or')} `) || '—';
}
const money = (minor, currency) => formatNumber(minor / 100, { style: 'currency', currency: currency || 'EUR' });

// ---------------------------------------------------------------- fleet board
export async function maintenanceBoardView(ctx) {
  const board = await api.get(`${org(ctx.org.id)}/maintenance/board`);
  const rows = board.data || [];
  const cards = rows.map((d) => h('section.mx-card', { class: `mx-${d.overdue ? 'overdue' : d.upcoming ? 'upcoming' : 'ok'}`, dataset: { testid: 'mx-aircraft', id: d.aircraft_id } },
    h('header.mx-card-head',
      h('a.mx-reg', { href: `#/maintenance/aircraft/${d.aircraft_id}` }, h('strong.mono', d.registration)),
      badge('status', d.airworthiness),
      h('span.mx-counts', t('mx.counts', { overdue: d.overdue, upcoming: d.upcoming, ok: d.ok }))),
    d.items.length
      ? h('ul.mx-items', d.items.map((i) => h('li.mx-item', { class: `mx-${i.status}`, dataset: { testid: 'mx-item', status: i.status } },
        dueBadge(i.status), h('span.mx-title', i.title), h('span.mx-remaining', remainingText(i.remaining)))))
      : h('p.muted', t('mx.board.no_items'))));
  const actions = [button(t('mx.wo.title'), { iconName: 'check', onClick: () => ctx.navigate('/maintenance/work-orders') })];
  return h('div.page', pageHeader({ title: t('mx.board.title'), subtitle: t('mx.board.subtitle'), crumbs: mxCrumbs(), actions }),
    rows.length ? h('div.mx-board', cards) : card(null, emptyState({ title: t('mx.board.empty'), iconName: 'fleet' })));
}

// ---------------------------------------------------------------- an aircraft's programme
export async function aircraftProgrammeView(ctx) {
  const aircraftId = ctx.params.id;
  const base = `${org(ctx.org.id)}/fleet/${encodeURIComponent(aircraftId)}`;
  const [aircraft, items] = await Promise.all([api.get(base), api.get(`${base}/maintenance-items`)]);
  const body = h('div');
  const reload = async () => {
    const fresh = await api.get(`${base}/maintenance-items`);
    body.replaceChildren(itemsTable(fresh.data));
  };
  function itemsTable(list) {
    if (!list.length) return emptyState({ title: t('mx.items.empty'), iconName: 'inbox' });
    return table({ rows: list, caption: t('mx.items.title'), rowKey: (i) => i.id, columns: [
      { label: t('mx.col.item'), render: (i) => h('div.cell-main', h('span', i.title), h('span.cell-sub', [tEnum('mx.category', i.category), i.reference].filter(Boolean).join(' · '))) },
      { label: t('mx.col.interval'), className: 'hide-sm', render: (i) => intervalText(i.interval) },
      { label: t('mx.col.next_due'), render: (i) => nextDueText(i.next_due) },
      { label: t('mx.col.remaining'), render: (i) => remainingText(i.remaining) },
      { label: t('mx.col.status'), render: (i) => dueBadge(i.status) },
      { label: t('mx.col.actions'), render: (i) => (ctx.canManageOps ? h('div.row-actions',
        button(t('action.edit'), { small: true, iconName: 'edit', dataset: { testid: 'mx-item-edit' }, onClick: () => itemDialog(base, i, reload) }),
        button(t('mx.items.delete'), { small: true, kind: 'ghost', iconName: 'trash', onClick: async () => {
          if (!await confirmDialog({ title: t('mx.items.delete'), message: t('mx.items.delete_confirm', { title: i.title }), confirmLabel: t('mx.items.delete'), danger: true })) return;
          await api.del(`${base}/maintenance-items/${i.id}`);
          toast(t('mx.items.deleted'));
          reload();
        } })) : null) },
    ] });
  }
  body.append(itemsTable(items.data));
  const actions = ctx.canManageOps
    ? [button(t('mx.items.new'), { kind: 'primary', iconName: 'plus', dataset: { testid: 'mx-item-new' }, onClick: () => itemDialog(base, null, reload) })]
    : [];
  return h('div.page', pageHeader({ title: t('mx.items.title_for', { reg: aircraft.registration }), subtitle: t('mx.items.subtitle'), crumbs: mxCrumbs(), actions }),
    card(null, dl([[t('mx.col.hobbs'), formatHours(aircraft.hobbs_hours)], [t('mx.col.tach'), formatHours(aircraft.tach_hours)],
      [t('mx.col.airworthiness'), badge('status', aircraft.airworthiness)]])),
    card(null, body));
}

function itemDialog(base, item, done) {
  const num = (attrs) => h('input', { type: 'number', ...attrs });
  const title = h('input', { type: 'text', maxlength: 200, value: item ? item.title : '', autofocus: true, dataset: { testid: 'mx-title' } });
  const category = select(CATEGORIES.map((c) => ({ value: c, label: tEnum('mx.category', c) })), item ? item.category : 'inspection');
  const reference = h('input', { type: 'text', maxlength: 200, value: item && item.reference ? item.reference : '' });
  const iv = item ? item.interval : {};
  const hours = num({ min: '0.1', step: '0.1', value: iv.hours ?? '', dataset: { testid: 'mx-hours' } });
  const basis = select(['tach', 'hobbs'].map((b) => ({ value: b, label: tEnum('mx.basis', b) })), iv.basis || 'tach');
  const days = num({ min: '1', step: '1', value: iv.days ?? '' });
  const months = num({ min: '1', step: '1', value: iv.months ?? '', dataset: { testid: 'mx-months' } });
  const ld = item ? item.last_done : {};
  const lastDate = h('input', { type: 'date', value: ld.date || '', dataset: { testid: 'mx-last-date' } });
  const lastMeter = num({ min: '0', step: '0.1', value: ld.meter_hours ?? '', dataset: { testid: 'mx-last-meter' } });
  const up = item ? item.upcoming : { hours: 10, days: 30 };
  const upHours = num({ min: '0', step: '0.1', value: up.hours });
  const upDays = num({ min: '0', step: '1', value: up.days });
  const blocks = h('input', { type: 'checkbox', checked: item ? item.blocks_dispatch : true });
  const form = h('form.form', { novalidate: true, id: uid('mxi') },
    h('div.grid-fields',
      field({ label: t('mx.field.title'), name: 'title', input: title }),
      field({ label: t('mx.field.category'), name: 'category', input: category }),
      field({ label: t('mx.field.reference'), name: 'reference', input: reference, optional: true }),
      field({ label: t('mx.field.interval_hours'), name: 'interval.hours', input: hours, optional: true }),
      field({ label: t('mx.field.basis'), name: 'interval.basis', input: basis }),
      field({ label: t('mx.field.interval_days'), name: 'interval.days', input: days, optional: true }),
      field({ label: t('mx.field.interval_months'), name: 'interval.months', input: months, optional: true }),
      field({ label: t('mx.field.last_date'), name: 'last_done.date', input: lastDate, optional: true }),
      field({ label: t('mx.field.last_meter'), name: 'last_done.meter_hours', input: lastMeter, optional: true }),
      field({ label: t('mx.field.upcoming_hours'), name: 'upcoming.hours', input: upHours }),
      field({ label: t('mx.field.upcoming_days'), name: 'upcoming.days', input: upDays })),
    h('div.field', { dataset: { field: 'interval' } }, h('label.check', blocks, ` ${t('mx.field.blocks_dispatch')}`), h('p.field-error', { role: 'alert', hidden: true })));
  const submit = button(item ? t('action.save') : t('mx.items.create'), { kind: 'primary', type: 'submit', dataset: { testid: 'mx-item-save' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: item ? t('mx.items.edit') : t('mx.items.new'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'md' });
  const val = (el) => (el.value === '' ? undefined : Number(el.value));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const interval = { hours: val(hours), basis: basis.value, days: val(days), months: val(months) };
    const lastDone = { date: lastDate.value || undefined, meter_hours: val(lastMeter) };
    const payload = {
      title: title.value.trim(), category: category.value, reference: reference.value.trim() || null,
      interval, last_done: lastDone, upcoming: { hours: val(upHours), days: val(upDays) }, blocks_dispatch: blocks.checked,
    };
    await busy(submit, async () => {
      try {
        if (item) await api.patch(`${base}/maintenance-items/${item.id}`, payload);
        else await api.post(`${base}/maintenance-items`, payload);
        d.close();
        toast(t('mx.items.saved'));
        done();
      } catch (err) { showError(form, err); }
    });
  });
}

// ---------------------------------------------------------------- work orders
export async function workOrdersView(ctx) {
  const base = `${org(ctx.org.id)}/maintenance/work-orders`;
  const filter = select([{ value: '', label: t('mx.wo.all') }, ...WO_STATUSES.map((s) => ({ value: s, label: tEnum('mx.wo.status', s) }))], '');
  filter.setAttribute('aria-label', t('mx.col.status'));
  filter.dataset.testid = 'wo-filter';
  const list = pagedList({
    load: (cursor) => api.get(base, { cursor, limit: 25, status: filter.value || undefined }),
    empty: () => emptyState({ title: t('mx.wo.empty'), iconName: 'inbox' }),
    renderRows: (rows) => table({ rows, caption: t('mx.wo.title'), rowKey: (w) => w.id, columns: [
      { label: t('mx.wo.col.number'), render: (w) => h('a.mono', { href: `#/maintenance/work-orders/${w.id}`, dataset: { testid: 'wo-link' } }, w.number) },
      { label: t('mx.wo.col.aircraft'), render: (w) => h('strong.mono', w.aircraft_registration) },
      { label: t('mx.wo.col.title'), render: (w) => w.title },
      { label: t('mx.col.status'), render: (w) => woBadge(w.status) },
      { label: t('mx.wo.col.opened'), className: 'hide-sm', render: (w) => formatDate(w.opened_on) },
      { label: t('mx.wo.col.labour'), className: 'num hide-sm', render: (w) => formatMinutes(w.totals.labour_min) },
      { label: t('mx.wo.col.parts'), className: 'num hide-sm', render: (w) => money(w.totals.parts_total_minor, w.totals.currency) },
    ] }),
  });
  filter.addEventListener('change', () => list.reset());
  const actions = ctx.canManageOps
    ? [button(t('mx.wo.new'), { kind: 'primary', iconName: 'plus', dataset: { testid: 'wo-new' }, onClick: () => workOrderDialog(ctx, base) })]
    : [];
  return h('div.page', pageHeader({ title: t('mx.wo.title'), subtitle: t('mx.wo.subtitle'), crumbs: mxCrumbs(), actions }),
    card(null, h('div.toolbar', filter), list));
}

async function workOrderDialog(ctx, base) {
  const fleet = await api.get(`${org(ctx.org.id)}/fleet`, { limit: 200 });
  const aircraft = select(fleet.data.map((a) => ({ value: a.id, label: a.registration })), fleet.data[0] && fleet.data[0].id);
  aircraft.dataset.testid = 'wo-aircraft';
  const title = h('input', { type: 'text', maxlength: 200, autofocus: true, dataset: { testid: 'wo-title' } });
  const description = h('textarea', { rows: 3, maxlength: 4000 });
  const form = h('form.form', { novalidate: true, id: uid('wo') },
    field({ label: t('mx.wo.col.aircraft'), name: 'aircraft_id', input: aircraft }),
    field({ label: t('mx.wo.col.title'), name: 'title', input: title }),
    field({ label: t('mx.wo.field.description'), name: 'description', input: description, optional: true }));
  const submit = button(t('mx.wo.create'), { kind: 'primary', type: 'submit', dataset: { testid: 'wo-create' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: t('mx.wo.new'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'md' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    await busy(submit, async () => {
      try {
        const w = await api.post(base, { aircraft_id: aircraft.value, title: title.value.trim(), description: description.value.trim() || null });
        d.close();
        toast(t('mx.wo.created', { number: w.number }));
        ctx.navigate(`/maintenance/work-orders/${w.id}`);
      } catch (err) { showError(form, err); }
    });
  });
}

// A small form dialog: fields [{name, label, input, optional}] → onSubmit(values) (server errors placed by name).
function formDialog({ title, fields, submitLabel, testid, onSubmit }) {
  const form = h('form.form', { novalidate: true, id: uid('dlg') },
    fields.map((f) => field({ label: f.label, name: f.name, input: f.input, optional: f.optional })));
  const submit = button(submitLabel, { kind: 'primary', type: 'submit', dataset: { testid } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title, body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'md' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    await busy(submit, async () => {
      try {
        await onSubmit();
        d.close();
      } catch (err) { showError(form, err); }
    });
  });
}

export async function workOrderDetailView(ctx) {
  const base = `${org(ctx.org.id)}/maintenance/work-orders/${encodeURIComponent(ctx.params.id)}`;
  const root = h('div.page');
  let items = [];
  const show = (w) => root.replaceChildren(...renderWorkOrder(w));
  const refresh = async () => show(await api.get(base));
  const w0 = await api.get(base);
  try {
    items = (await api.get(`${org(ctx.org.id)}/fleet/${w0.aircraft_id}/maintenance-items`)).data;
  } catch { items = []; }

  function renderWorkOrder(w) {
    const editable = ctx.canManageOps && w.status !== 'completed' && w.status !== 'cancelled';
    const actions = [];
    if (editable) {
      const next = select(['open', 'in_progress', 'awaiting_parts', 'cancelled'].map((s) => ({ value: s, label: tEnum('mx.wo.status', s) })), w.status);
      next.setAttribute('aria-label', t('mx.wo.change_status'));
      next.dataset.testid = 'wo-status';
      next.addEventListener('change', async () => {
        try {
          show(await api.patch(base, { status: next.value }));
          toast(t('mx.wo.status_changed'));
        } catch (err) { toast(errorMessage(err), 'error'); refresh(); }
      });
      const complete = button(t('mx.wo.complete'), { kind: 'primary', iconName: 'check', dataset: { testid: 'wo-complete' }, onClick: async () => {
        await busy(complete, async () => {
          try {
            show(await api.post(`${base}/complete`));
            toast(t('mx.wo.completed'));
          } catch (err) { toast(errorMessage(err), 'error'); }
        });
      } });
      actions.push(next, complete);
    }
    const tasks = w.tasks.length ? table({ rows: w.tasks, caption: t('mx.wo.tasks'), rowKey: (x) => x.id, columns: [
      { label: '#', className: 'num', render: (x) => formatNumber(x.position) },
      { label: t('mx.wo.task.description'), render: (x) => h('div.cell-main', h('span', x.description),
        x.maintenance_item_id ? h('span.cell-sub', (items.find((i) => i.id === x.maintenance_item_id) || {}).title || x.maintenance_item_id) : null) },
      { label: t('mx.wo.task.labour'), className: 'num', render: (x) => formatMinutes(x.labour_min) },
      { label: t('mx.wo.task.signed_off'), render: (x) => (x.signed_off
        ? h('span', { dataset: { testid: 'task-signed' } }, t('mx.wo.task.signed_by', { name: x.signed_off.by, licence: x.signed_off.licence_number, at: formatDateTime(x.signed_off.at) }))
        : editable ? button(t('mx.wo.task.sign_off'), { small: true, dataset: { testid: 'task-sign' }, onClick: () => signOffDialog(x) }) : '—') },
    ] }) : h('p.muted', t('mx.wo.no_tasks'));
    const parts = w.parts.length ? table({ rows: w.parts, caption: t('mx.wo.parts'), rowKey: (x) => x.id, columns: [
      { label: t('mx.wo.part.number'), render: (x) => h('div.cell-main', h('span.mono', x.part_number), x.serial_number ? h('span.cell-sub', t('mx.wo.part.serial', { sn: x.serial_number })) : null) },
      { label: t('mx.wo.part.description'), render: (x) => x.description || '—' },
      { label: t('mx.wo.part.quantity'), className: 'num', render: (x) => formatNumber(x.quantity) },
      { label: t('mx.wo.part.unit_cost'), className: 'num', render: (x) => money(x.unit_cost_minor, x.currency) },
      { label: t('mx.wo.part.total'), className: 'num', render: (x) => money(x.total_minor, x.currency) },
    ] }) : h('p.muted', t('mx.wo.no_parts'));
    return [
      pageHeader({ title: `${w.number} · ${w.title}`, subtitle: w.aircraft_registration, actions,
        crumbs: [...mxCrumbs(), { label: t('mx.wo.title'), href: '#/maintenance/work-orders' }] }),
      card(null, dl([
        [t('mx.col.status'), h('span', { dataset: { testid: 'wo-status-badge' } }, woBadge(w.status))],
        [t('mx.wo.col.aircraft'), h('strong.mono', w.aircraft_registration)],
        [t('mx.wo.col.opened'), formatDate(w.opened_on)],
        w.completed_on ? [t('mx.wo.completed_on'), formatDate(w.completed_on)] : null,
        w.description ? [t('mx.wo.field.description'), w.description] : null,
        [t('mx.wo.col.labour'), formatMinutes(w.totals.labour_min)],
        [t('mx.wo.col.parts'), money(w.totals.parts_total_minor, w.totals.currency)],
      ])),
      card(t('mx.wo.tasks'), tasks, editable ? button(t('mx.wo.task.add'), { iconName: 'plus', dataset: { testid: 'task-add' }, onClick: addTaskDialog }) : null),
      card(t('mx.wo.parts'), parts, editable ? button(t('mx.wo.part.add'), { iconName: 'plus', dataset: { testid: 'part-add' }, onClick: addPartDialog }) : null),
    ];
  }

  function addTaskDialog() {
    const description = h('input', { type: 'text', maxlength: 1000, autofocus: true, dataset: { testid: 'task-description' } });
    const item = select([{ value: '', label: t('mx.wo.task.no_item') }, ...items.map((i) => ({ value: i.id, label: i.title }))], '');
    item.dataset.testid = 'task-item';
    const labour = h('input', { type: 'number', min: '0', step: '1', value: '0', dataset: { testid: 'task-labour' } });
    formDialog({ title: t('mx.wo.task.add'), submitLabel: t('mx.wo.task.add'), testid: 'task-save',
      fields: [{ name: 'description', label: t('mx.wo.task.description'), input: description },
        { name: 'maintenance_item_id', label: t('mx.wo.task.item'), input: item, optional: true },
        { name: 'labour_min', label: t('mx.wo.task.labour_min'), input: labour }],
      onSubmit: async () => show(await api.post(`${base}/tasks`, { description: description.value.trim(), maintenance_item_id: item.value || null, labour_min: Number(labour.value || 0) })) });
  }

  function signOffDialog(task) {
    const name = h('input', { type: 'text', maxlength: 200, autofocus: true, dataset: { testid: 'sign-name' } });
    const licence = h('input', { type: 'text', maxlength: 60, dataset: { testid: 'sign-licence' } });
    formDialog({ title: t('mx.wo.task.sign_off_title', { n: task.position }), submitLabel: t('mx.wo.task.sign_off'), testid: 'sign-save',
      fields: [{ name: 'name', label: t('mx.wo.task.engineer'), input: name }, { name: 'licence_number', label: t('mx.wo.task.licence'), input: licence }],
      onSubmit: async () => show(await api.post(`${base}/tasks/${task.id}/sign-off`, { name: name.value.trim(), licence_number: licence.value.trim() })) });
  }

  function addPartDialog() {
    const pn = h('input', { type: 'text', maxlength: 100, autofocus: true, dataset: { testid: 'part-number' } });
    const sn = h('input', { type: 'text', maxlength: 100 });
    const description = h('input', { type: 'text', maxlength: 500 });
    const qty = h('input', { type: 'number', min: '1', step: '1', value: '1', dataset: { testid: 'part-qty' } });
    const cost = h('input', { type: 'number', min: '0', step: '0.01', dataset: { testid: 'part-cost' } });
    formDialog({ title: t('mx.wo.part.add'), submitLabel: t('mx.wo.part.add'), testid: 'part-save',
      fields: [{ name: 'part_number', label: t('mx.wo.part.number'), input: pn }, { name: 'serial_number', label: t('mx.wo.part.serial_label'), input: sn, optional: true },
        { name: 'description', label: t('mx.wo.part.description'), input: description, optional: true }, { name: 'quantity', label: t('mx.wo.part.quantity'), input: qty },
        { name: 'unit_cost_minor', label: t('mx.wo.part.unit_cost'), input: cost }],
      onSubmit: async () => show(await api.post(`${base}/parts`, { part_number: pn.value.trim(), serial_number: sn.value.trim() || null,
        description: description.value.trim() || null, quantity: Number(qty.value || 1), unit_cost_minor: cost.value === '' ? undefined : Math.round(Number(cost.value) * 100) })) });
  }

  show(w0);
  return root;
}
