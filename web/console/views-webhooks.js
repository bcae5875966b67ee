// Settings → Integrations: webhook endpoints (show-once secret, rotation, test), deliveries with
// every attempt (retry, replay) and the event log.
import { api, org } from './api.js';
import { t, tEnum, formatDateTime, formatRelative, formatNumber } from './i18n.js';
import {
  h, clear, icon, badge, mono, button, busy, field, showError, clearErrors, toast, openDialog, confirmDialog,
  secretDialog, table, pagedList, emptyState, pageHeader, card, dl, uid, errorMessage, select,
} from './ui.js';

export const EVENT_TYPES = ['flight.submitted', 'flight.approved', 'flight.rejected', 'maintenance.alert', 'webhook.test'];
const crumbsInt = () => [{ label: t('nav.settings') }, { label: t('nav.group.integrations') }];

function endpointStatus(w) {
  if (w.active) return badge('status', 'active');
  return badge('status', 'disabled');
}

// ---------------------------------------------------------------- list
export async function webhooksView(ctx) {
  const base = `${org(ctx.org.id)}/webhooks`;
  const list = pagedList({
    load: (cursor) => api.get(base, { cursor, limit: 25 }),
    empty: () => emptyState({
      title: t('wh.empty.title'), text: t('wh.empty.text'), iconName: 'hook',
      action: h('a.btn.btn-primary', { href: '#/settings/webhooks/new' }, t('wh.new')),
    }),
    renderRows: (rows) => table({ rows,
      caption: t('wh.title'), rowKey: (w) => w.id,
      columns: [
        { label: t('wh.col.endpoint'), render: (w) => h('div.cell-main', h('a.row-link.url', { href: `#/settings/webhooks/${encodeURIComponent(w.id)}` }, w.url), h('span.cell-sub', w.description || '')) },
        { label: t('wh.col.events'), className: 'hide-sm', render: (w) => h('ul.chips', w.event_types.map((e) => h('li.chip', e))) },
        { label: t('wh.col.status'), render: (w) => h('div', endpointStatus(w), w.disabled_reason ? h('span.cell-sub', w.disabled_reason) : null) },
        { label: t('wh.col.created'), className: 'hide-sm', render: (w) => formatDateTime(w.created_at) },
      ],
    }),
  });
  return h('div.page',
    pageHeader({
      title: t('wh.title'), subtitle: t('wh.subtitle'), crumbs: crumbsInt(),
      actions: [h('a.btn.btn-primary', { href: '#/settings/webhooks/new', dataset: { testid: 'wh-new' } }, icon('plus'), h('span', t('wh.new')))],
    }),
    card(null, list));
}

// ---------------------------------------------------------------- form (create & edit)
function endpointForm(initial = {}) {
  const url = h('input', { type: 'url', placeholder: 'https://example.com/webhooks/gaflight', value: initial.url || '', spellcheck: 'false', dataset: { testid: 'wh-url' } });
  const description = h('input', { type: 'text', maxlength: 500, value: initial.description || '', dataset: { testid: 'wh-description' } });
  const chosen = new Set(initial.event_types || EVENT_TYPES.filter((e) => e !== 'webhook.test'));
  const boxes = EVENT_TYPES.map((e) => {
    const id = uid('evt');
    const cb = h('input', { type: 'checkbox', id, value: e, checked: chosen.has(e), dataset: { testid: `wh-event-${e}` } });
    return { e, cb, el: h('div.check', cb, h('label', { for: id }, h('code.mono', e), h('span.scope-desc', t(`event.${e}`)))) };
  });
  const types = h('fieldset.checks', { dataset: { field: 'event_types' } },
    h('legend', t('wh.field.events')), h('p.hint', t('wh.field.events_hint')),
    h('p.field-error', { role: 'alert', hidden: true }), boxes.map((b) => b.el));
  const activeId = uid('active');
  const active = h('input', { type: 'checkbox', id: activeId, checked: initial.active !== false, dataset: { testid: 'wh-active' } });
  const activeRow = h('div.check.switch-row', { dataset: { field: 'active' } }, active,
    h('label', { for: activeId }, h('strong', t('wh.field.active')), h('span.scope-desc', t('wh.field.active_hint'))),
    h('p.field-error', { role: 'alert', hidden: true }));
  const form = h('form.form', { novalidate: true, id: uid('whf') },
    field({ label: t('wh.field.url'), name: 'url', input: url, hint: t('wh.field.url_hint') }),
    field({ label: t('wh.field.description'), name: 'description', input: description, optional: true }),
    types, activeRow);
  form.value = () => ({
    url: url.value.trim(), description: description.value,
    event_types: boxes.filter((b) => b.cb.checked).map((b) => b.e), active: active.checked,
  });
  return form;
}

function fixEventField(err) {
  if (err.field && err.field.startsWith('event_types')) err.field = 'event_types';
  return err;
}

export async function webhookNewView(ctx) {
  const base = `${org(ctx.org.id)}/webhooks`;
  const form = endpointForm();
  const submit = button(t('wh.create'), { kind: 'primary', type: 'submit', dataset: { testid: 'wh-create' } });
  form.append(h('div.form-actions', h('a.btn.btn-secondary', { href: '#/settings/webhooks' }, t('action.cancel')), submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    await busy(submit, async () => {
      try {
        const created = await api.post(base, form.value());
        const id = created.id;
        secretDialog({
          title: t('wh.secret_title'), intro: t('wh.secret_intro'), secret: created.secret, testId: 'wh-secret',
          extra: h('p.hint', t('wh.secret_hint')),
        });
        // Navigate under the dialog; the dialog stays open (it lives on <body>).
        ctx.navigate(`/settings/webhooks/${encodeURIComponent(id)}`);
      } catch (err) { showError(form, fixEventField(err)); }
    });
  });
  return h('div.page',
    pageHeader({ title: t('wh.new_title'), subtitle: t('wh.new_subtitle'), crumbs: [...crumbsInt(), { label: t('nav.webhooks'), href: '#/settings/webhooks' }] }),
    card(null, form));
}

// ---------------------------------------------------------------- detail
export async function webhookDetailView(ctx) {
  const base = `${org(ctx.org.id)}/webhooks/${encodeURIComponent(ctx.params.id)}`;
  const w = await api.get(base);
  const reload = () => ctx.navigate(`/settings/webhooks/${encodeURIComponent(w.id)}`);

  const testBtn = button(t('wh.send_test'), { kind: 'primary', iconName: 'send', dataset: { testid: 'wh-test' } });
  const toggleBtn = button(w.active ? t('wh.disable') : t('wh.enable'), { iconName: w.active ? 'pause' : 'play', dataset: { testid: 'wh-toggle' } });
  const editBtn = button(t('action.edit'), { iconName: 'edit', dataset: { testid: 'wh-edit' } });
  const rotateBtn = button(t('wh.rotate'), { iconName: 'refresh', dataset: { testid: 'wh-rotate' } });
  const deleteBtn = button(t('action.delete'), { kind: 'danger-ghost', iconName: 'trash', dataset: { testid: 'wh-delete' } });

  let deliveries = null;
  testBtn.addEventListener('click', () => busy(testBtn, async () => {
    try {
      await api.post(`${base}/test`);
      toast(t('wh.test_sent'));
      deliveries.refreshSoon();
    } catch (err) { toast(errorMessage(err), 'error'); }
  }));
  toggleBtn.addEventListener('click', () => busy(toggleBtn, async () => {
    try {
      await api.patch(base, { active: !w.active });
      toast(w.active ? t('wh.disabled_toast') : t('wh.enabled_toast'));
      reload();
    } catch (err) { toast(errorMessage(err), 'error'); }
  }));
  editBtn.addEventListener('click', () => {
    const form = endpointForm(w);
    const submit = button(t('action.save'), { kind: 'primary', type: 'submit', dataset: { testid: 'wh-save' } });
    submit.setAttribute('form', form.id);
    const d = openDialog({ title: t('wh.edit_title'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'md' });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      await busy(submit, async () => {
        try {
          await api.patch(base, form.value());
          d.close();
          toast(t('wh.saved'));
          reload();
        } catch (err) { showError(form, fixEventField(err)); }
      });
    });
  });
  rotateBtn.addEventListener('click', async () => {
    const ok = await confirmDialog({ title: t('wh.rotate_title'), message: t('wh.rotate_confirm'), confirmLabel: t('wh.rotate') });
    if (!ok) return;
    await busy(rotateBtn, async () => {
      try {
        const r = await api.post(`${base}/rotate-secret`);
        secretDialog({
          title: t('wh.rotated_title'), intro: t('wh.secret_intro'), secret: r.secret, testId: 'wh-secret',
          extra: h('div.callout.callout-info', { dataset: { testid: 'wh-rotate-until' } }, icon('clock'),
            h('p', t('wh.rotated_until', { time: formatDateTime(r.secondary_expires_at) }))),
        });
        reload();
      } catch (err) { toast(errorMessage(err), 'error'); }
    });
  });
  deleteBtn.addEventListener('click', async () => {
    const ok = await confirmDialog({ title: t('wh.delete_title'), message: t('wh.delete_confirm', { url: w.url }), confirmLabel: t('action.delete'), danger: true });
    if (!ok) return;
    try {
      await api.del(base);
      toast(t('wh.deleted'));
      ctx.navigate('/settings/webhooks');
    } catch (err) { toast(errorMessage(err), 'error'); }
  });

  const info = card(t('wh.details'), dl([
    [t('wh.field.url'), h('code.mono.break', w.url)],
    [t('wh.field.description'), w.description || h('span.muted', t('state.none'))],
    [t('wh.col.status'), h('div', endpointStatus(w), w.disabled_reason ? h('p.cell-sub', w.disabled_reason) : null)],
    [t('wh.field.events'), h('ul.chips', w.event_types.map((e) => h('li.chip', e)))],
    [t('wh.field.id'), mono(w.id)],
    [t('wh.col.created'), formatDateTime(w.created_at)],
    [t('wh.field.secret'), w.secondary_expires_at
      ? h('span', { dataset: { testid: 'wh-secondary' } }, t('wh.secondary_until', { time: formatDateTime(w.secondary_expires_at) }))
      : h('span.muted', t('wh.single_secret'))],
  ]));

  deliveries = deliveriesPanel(ctx, base);
  return h('div.page',
    pageHeader({
      title: t('wh.endpoint_title'), subtitle: w.url,
      crumbs: [...crumbsInt(), { label: t('nav.webhooks'), href: '#/settings/webhooks' }, { label: w.description || w.id }],
      actions: [testBtn, toggleBtn, editBtn, rotateBtn, deleteBtn],
    }),
    info,
    deliveries);
}

// ---------------------------------------------------------------- deliveries
function attemptsTable(d) {
  if (!d.attempts || !d.attempts.length) return h('p.muted', t('wh.attempts.none'));
  return table({
    caption: t('wh.attempts.title'), className: 'table-inner',
    columns: [
      { label: t('wh.attempts.attempt'), className: 'num', render: (a) => `#${formatNumber(a.attempt)}` },
      { label: t('wh.attempts.started'), render: (a) => formatDateTime(a.started_at, { seconds: true }) },
      { label: t('wh.attempts.status'), render: (a) => h('span', { class: a.succeeded ? 'code-ok' : 'code-bad' }, a.status_code === null || a.status_code === undefined ? t('wh.attempts.no_response') : String(a.status_code)) },
      { label: t('wh.attempts.latency'), className: 'num', render: (a) => t('unit.ms', { value: formatNumber(a.latency_ms) }) },
      { label: t('wh.attempts.response'), render: (a) => h('div',
        a.error ? h('p.attempt-error', a.error) : null,
        a.response_excerpt ? h('pre.excerpt', a.response_excerpt) : (a.error ? null : h('span.muted', t('wh.attempts.empty_body')))) },
    ],
    rows: d.attempts,
  });
}

function deliveriesPanel(ctx, base) {
  const orgBase = org(ctx.org.id);
  const statusSel = select([
    { value: '', label: t('wh.filter.all') },
    { value: 'pending', label: tEnum('status', 'pending') },
    { value: 'succeeded', label: tEnum('status', 'succeeded') },
    { value: 'failed', label: tEnum('status', 'failed') },
  ], '');
  statusSel.id = uid('dstatus');
  statusSel.dataset.testid = 'deliveries-filter';
  const refresh = button(t('action.refresh'), { small: true, iconName: 'refresh', dataset: { testid: 'deliveries-refresh' } });
  const holder = h('div');
  let list = null;
  let pollTimer = null;
  let polls = 0;
  const expanded = new Set(); // delivery ids whose attempts are shown survive auto-refresh

  function render(d) {
    const detailsId = uid('att');
    const toggle = button(t('wh.attempts.show'), { small: true, kind: 'ghost', 'aria-expanded': 'false', 'aria-controls': detailsId, dataset: { testid: 'delivery-details' } });
    const detailRow = h('tr.detail-row', { id: detailsId, hidden: true }, h('td', { colspan: 6 }, attemptsTable(d)));
    const setOpen = (open) => {
      detailRow.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.querySelector('span:last-child').textContent = open ? t('wh.attempts.hide') : t('wh.attempts.show');
      if (open) expanded.add(d.id); else expanded.delete(d.id);
    };
    toggle.addEventListener('click', () => setOpen(detailRow.hidden));
    if (expanded.has(d.id)) setOpen(true);
    // Only a failed delivery can be retried; any delivery's event can be replayed.
    const retry = d.status === 'failed' ? button(t('wh.retry'), { small: true, dataset: { testid: 'delivery-retry' } }) : null;
    if (retry) retry.addEventListener('click', () => busy(retry, async () => {
      try {
        await api.post(`${base}/deliveries/${encodeURIComponent(d.id)}/retry`);
        toast(t('wh.retried'));
        refreshSoon();
      } catch (err) { toast(errorMessage(err), 'error'); }
    }));
    const replay = button(t('wh.replay'), { small: true, dataset: { testid: 'delivery-replay' } });
    replay.addEventListener('click', () => busy(replay, async () => {
      try {
        await api.post(`${orgBase}/events/${encodeURIComponent(d.event_id)}/replay`);
        toast(t('wh.replayed'));
        refreshSoon();
      } catch (err) { toast(errorMessage(err), 'error'); }
    }));
    const last = d.attempts && d.attempts.length ? d.attempts[d.attempts.length - 1] : null;
    const row = h('tr', { dataset: { id: d.id, status: d.status, event: d.event_type } },
      h('td', { dataset: { label: t('wh.deliveries.event') } }, h('div.cell-main', h('code.mono', d.event_type), h('span.cell-sub', mono(d.event_id)))),
      h('td', { dataset: { label: t('wh.deliveries.status') } }, badge('status', d.status), last && last.status_code ? h('span.cell-sub', `HTTP ${last.status_code}`) : null),
      h('td.num', { dataset: { label: t('wh.deliveries.attempts') } }, formatNumber(d.attempt_count)),
      h('td.hide-sm', { dataset: { label: t('wh.deliveries.created') } }, formatDateTime(d.created_at, { seconds: true })),
      h('td.hide-sm', { dataset: { label: t('wh.deliveries.next') } }, d.status === 'pending' && d.next_attempt_at ? formatRelative(d.next_attempt_at) : '—'),
      h('td.actions', h('div.btn-row', toggle, retry, replay)));
    return [row, detailRow];
  }

  function build() {
    clear(holder);
    list = pagedList({
      load: (cursor) => api.get(`${base}/deliveries`, { cursor, status: statusSel.value || undefined, limit: 20 }),
      empty: () => emptyState({ title: t('wh.deliveries.empty_title'), text: t('wh.deliveries.empty_text'), iconName: 'send' }),
      renderRows: (rows) => {
        const cols = [t('wh.deliveries.event'), t('wh.deliveries.status'), t('wh.deliveries.attempts'), t('wh.deliveries.created'), t('wh.deliveries.next'), t('table.actions')];
        const thead = h('thead', h('tr', cols.map((c, i) => h('th', { scope: 'col', class: [i === 2 ? 'num' : '', i === 3 || i === 4 ? 'hide-sm' : '', i === 5 ? 'actions' : ''].join(' ').trim() }, i === 5 ? h('span.visually-hidden', c) : c))));
        if (rows.some((d) => d.status === 'pending')) schedule();
        return h('div.table-wrap', h('table.table.deliveries', { dataset: { testid: 'deliveries' } }, h('caption.visually-hidden', t('wh.deliveries.title')), thead, h('tbody', rows.map(render))));
      },
    });
    holder.append(list);
  }

  function schedule() {
    if (pollTimer || polls > 40) return;
    pollTimer = setTimeout(() => {
      pollTimer = null;
      polls++;
      if (!document.contains(holder) || !ctx.isCurrent()) return;
      list.reload();
    }, 1500);
  }
  function refreshSoon() {
    polls = 0;
    setTimeout(() => { if (document.contains(holder)) list.reset(); }, 400);
  }

  statusSel.addEventListener('change', build);
  refresh.addEventListener('click', () => list.reload());
  build();
  const panel = h('section.card',
    h('div.card-head', h('h2.card-title', t('wh.deliveries.title')),
      h('div.toolbar', h('label.inline-label', { for: statusSel.id }, t('wh.filter.label')), statusSel, refresh)),
    holder);
  panel.refreshSoon = refreshSoon;
  return panel;
}

// ---------------------------------------------------------------- events
export async function eventsView(ctx) {
  const base = `${org(ctx.org.id)}/events`;
  const typeSel = select([{ value: '', label: t('events.filter.all') }, ...EVENT_TYPES.map((e) => ({ value: e, label: e }))], '');
  typeSel.id = uid('etype');
  const holder = h('div');
  const build = () => {
    clear(holder);
    holder.append(pagedList({
      load: (cursor) => api.get(base, { cursor, type: typeSel.value || undefined, limit: 25 }),
      empty: () => emptyState({ title: t('events.empty.title'), text: t('events.empty.text'), iconName: 'bolt' }),
      renderRows: (rows) => table({ rows,
        caption: t('events.title'), rowKey: (e) => e.id,
        columns: [
          { label: t('events.col.type'), render: (e) => h('div.cell-main', h('code.mono', e.type), h('span.cell-sub', t(`event.${e.type}`))) },
          { label: t('events.col.id'), className: 'hide-sm', render: (e) => mono(e.id) },
          { label: t('events.col.created'), render: (e) => formatDateTime(e.created_at, { seconds: true }) },
          { label: h('span.visually-hidden', t('table.actions')), className: 'actions', render: (e) => h('div.btn-row', payloadButton(e), replayButton(`${base}/${encodeURIComponent(e.id)}/replay`)) },
        ],
      }),
    }));
  };
  typeSel.addEventListener('change', build);
  build();
  return h('div.page',
    pageHeader({ title: t('events.title'), subtitle: t('events.subtitle'), crumbs: crumbsInt() }),
    h('section.card', h('div.card-head', h('span'), h('div.toolbar', h('label.inline-label', { for: typeSel.id }, t('events.filter.label')), typeSel)), holder));
}

function payloadButton(e) {
  return button(t('events.payload'), {
    small: true, kind: 'ghost',
    onClick: () => openDialog({ title: e.type, size: 'lg', body: h('pre.payload', JSON.stringify(e, null, 2)) }),
  });
}

function replayButton(path) {
  const b = button(t('wh.replay'), { small: true });
  b.addEventListener('click', () => busy(b, async () => {
    try {
      const res = await api.post(path);
      const n = res && Array.isArray(res.data) ? res.data.length : 0;
      toast(t('events.replayed', { count: formatNumber(n) }));
    } catch (err) { toast(errorMessage(err), 'error'); }
  }));
  return b;
}
