// Settings → Developers: apps (scopes with justifications, lifecycle, keys) and installations.
import { api, org } from './api.js';
import { t, tp, tEnum, formatDateTime, formatRelative, formatNumber } from './i18n.js';
import {
  h, clear, icon, badge, mono, button, busy, field, showError, clearErrors, setFieldError, toast,
  openDialog, confirmDialog, secretDialog, table, pagedList, emptyState, pageHeader, card, dl, uid, errorMessage,
} from './ui.js';

export const SCOPES = [
  'public.pilots:read', 'public.flights:read', 'public.fleet:read', 'public.compliance:read',
  'public.training:read', 'public.signoffs:read', 'public.finance:read', 'public.invoices:read',
  'public.maintenance:read', 'public.vtr:read', 'public.planning:read', 'public.events:read',
];
export const MIN_JUSTIFICATION = 40;

// The server trims ASCII white space and counts Unicode code points; so does the counter.
export function justificationLength(text) {
  return [...String(text).replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '')].length;
}

const crumbsDev = () => [{ label: t('nav.settings') }, { label: t('nav.group.developers') }];

// ---------------------------------------------------------------- apps list
export async function appsView(ctx) {
  const base = `${org(ctx.org.id)}/apps`;
  const list = pagedList({
    load: (cursor) => api.get(base, { cursor, limit: 25 }),
    empty: () => emptyState({
      title: t('apps.empty.title'), text: t('apps.empty.text'), iconName: 'code',
      action: h('a.btn.btn-primary', { href: '#/settings/apps/new' }, t('apps.new')),
    }),
    renderRows: (rows) => table({ rows,
      caption: t('nav.apps'),
      rowKey: (a) => a.id,
      columns: [
        { label: t('apps.col.name'), render: (a) => h('div.cell-main', h('a.row-link', { href: `#/settings/apps/${encodeURIComponent(a.id)}` }, a.name), h('span.cell-sub', a.description || '')) },
        { label: t('apps.col.status'), render: (a) => badge('status', a.status) },
        { label: t('apps.col.scopes'), className: 'num', render: (a) => formatNumber(a.required_scopes.length) },
        { label: t('apps.col.created'), className: 'hide-sm', render: (a) => formatDateTime(a.created_at) },
      ],
    }),
  });
  return h('div.page',
    pageHeader({
      title: t('apps.title'), subtitle: t('apps.subtitle'), crumbs: crumbsDev(),
      actions: [h('a.btn.btn-primary', { href: '#/settings/apps/new', dataset: { testid: 'new-app' } }, icon('plus'), h('span', t('apps.new')))],
    }),
    card(null, list));
}

// ---------------------------------------------------------------- scope picker
// Checkbox per catalog scope; a checked scope reveals its justification box with a live counter.
function scopePicker(initial = []) {
  const chosen = new Map(initial.map((s) => [s.scope, s.justification]));
  const rows = new Map();
  const wrap = h('fieldset.scope-picker', { dataset: { field: 'required_scopes' } },
    h('legend', t('apps.scopes.legend')),
    h('p.hint', t('apps.scopes.hint', { min: MIN_JUSTIFICATION })),
    h('p.field-error', { role: 'alert', hidden: true }));
  for (const scope of SCOPES) {
    const cbId = uid('scope');
    const cb = h('input', { type: 'checkbox', id: cbId, value: scope, checked: chosen.has(scope), dataset: { testid: `scope-${scope}` } });
    const taId = uid('just');
    const counter = h('span.counter', { id: `${taId}-count`, dataset: { testid: `counter-${scope}` } });
    const ta = h('textarea', {
      id: taId, rows: 2, maxlength: 2000, value: chosen.get(scope) || '',
      placeholder: t('apps.scopes.placeholder'), dataset: { testid: `just-${scope}` },
      'aria-describedby': `${taId}-count ${taId}-err`,
    });
    const justField = h('div.field.just-field', { dataset: { field: `just:${scope}` }, hidden: !chosen.has(scope) },
      h('label', { for: taId }, t('apps.scopes.justification')),
      ta,
      h('div.counter-row', counter),
      h('p.field-error', { id: `${taId}-err`, role: 'alert', hidden: true }));
    const update = () => {
      const n = justificationLength(ta.value);
      const ok = n >= MIN_JUSTIFICATION;
      counter.textContent = ok
        ? t('apps.scopes.counter_ok', { count: formatNumber(n), min: MIN_JUSTIFICATION })
        : t('apps.scopes.counter_short', { count: formatNumber(n), min: MIN_JUSTIFICATION, remaining: formatNumber(MIN_JUSTIFICATION - n) });
      counter.classList.toggle('counter-ok', ok);
      counter.classList.toggle('counter-short', !ok);
      if (ok) setFieldError(justField, `just:${scope}`, '');
    };
    ta.addEventListener('input', update);
    cb.addEventListener('change', () => {
      justField.hidden = !cb.checked;
      row.classList.toggle('is-on', cb.checked);
      if (cb.checked) ta.focus();
    });
    update();
    const row = h('div.scope-row', { class: chosen.has(scope) ? 'is-on' : '' },
      h('div.scope-check', cb, h('label', { for: cbId }, h('code.mono', scope), h('span.scope-desc', t(`scope.${scope}`)))),
      justField);
    rows.set(scope, { cb, ta, justField });
    wrap.append(row);
  }
  wrap.value = () => SCOPES.filter((s) => rows.get(s).cb.checked).map((s) => ({ scope: s, justification: rows.get(s).ta.value }));
  wrap.rows = rows;
  return wrap;
}

// Maps a server error on required_scopes[i].… back to the scope's own box.
function placeScopeError(form, picker, payloadScopes, err) {
  const m = /^required_scopes\[(\d+)\]/.exec(err.field || '');
  if (m && payloadScopes[+m[1]]) {
    const scope = payloadScopes[+m[1]].scope;
    const row = picker.rows.get(scope);
    setFieldError(row.justField, `just:${scope}`, errorMessage(err));
    row.ta.focus();
    return true;
  }
  if (err.field === 'required_scopes') {
    setFieldError(form, 'required_scopes', errorMessage(err));
    picker.querySelector('input').focus();
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- new app
export async function appNewView(ctx) {
  const name = h('input', { type: 'text', maxlength: 100, autocomplete: 'off', dataset: { testid: 'app-name' } });
  const description = h('textarea', { rows: 3, maxlength: 2000, dataset: { testid: 'app-description' } });
  const homepage = h('input', { type: 'url', placeholder: 'https://', dataset: { testid: 'app-homepage' } });
  const picker = scopePicker();
  const submit = button(t('apps.create'), { kind: 'primary', type: 'submit', dataset: { testid: 'app-create' } });
  const form = h('form.form', { novalidate: true },
    field({ label: t('apps.field.name'), name: 'name', input: name }),
    field({ label: t('apps.field.description'), name: 'description', input: description, optional: true }),
    field({ label: t('apps.field.homepage'), name: 'homepage_url', input: homepage, optional: true }),
    picker,
    h('div.form-actions', h('a.btn.btn-secondary', { href: '#/settings/apps' }, t('action.cancel')), submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const scopes = picker.value();
    const body = { name: name.value, description: description.value, required_scopes: scopes };
    if (homepage.value.trim()) body.homepage_url = homepage.value.trim();
    await busy(submit, async () => {
      try {
        const app = await api.post(`${org(ctx.org.id)}/apps`, body);
        toast(t('apps.created', { name: app.name }));
        ctx.navigate(`/settings/apps/${encodeURIComponent(app.id)}`);
      } catch (err) {
        if (!placeScopeError(form, picker, scopes, err)) showError(form, err);
      }
    });
  });
  return h('div.page',
    pageHeader({ title: t('apps.new_title'), subtitle: t('apps.new_subtitle'), crumbs: [...crumbsDev(), { label: t('nav.apps'), href: '#/settings/apps' }] }),
    card(null, form));
}

// ---------------------------------------------------------------- app detail
async function countActiveKeys(base) {
  let cursor = null;
  let n = 0;
  for (let i = 0; i < 20; i++) {
    const page = await api.get(`${base}/keys`, { limit: 200, cursor });
    n += page.data.filter((k) => k.status === 'active').length;
    cursor = page.cursor;
    if (!cursor) break;
  }
  return n;
}

export async function appDetailView(ctx) {
  const base = `${org(ctx.org.id)}/apps/${encodeURIComponent(ctx.params.id)}`;
  const app = await api.get(base);
  const rerender = () => ctx.navigate(`/settings/apps/${encodeURIComponent(app.id)}`);

  const actions = [];
  if (app.status === 'draft') {
    const activate = button(t('apps.activate'), { kind: 'primary', iconName: 'check', dataset: { testid: 'app-activate' } });
    activate.addEventListener('click', () => busy(activate, async () => {
      try {
        await api.post(`${base}/activate`);
        toast(t('apps.activated'));
        rerender();
      } catch (err) { toast(errorMessage(err), 'error'); }
    }));
    actions.push(activate);
  }
  if (app.status !== 'revoked') {
    const edit = button(t('action.edit'), { iconName: 'edit', dataset: { testid: 'app-edit' }, onClick: () => editAppDialog(ctx, base, app, rerender) });
    actions.push(edit);
    const revoke = button(t('apps.revoke'), { kind: 'danger', iconName: 'ban', dataset: { testid: 'app-revoke' } });
    revoke.addEventListener('click', () => busy(revoke, async () => {
      let n = 0;
      try { n = await countActiveKeys(base); } catch { n = 0; }
      const message = n > 0 ? tp('apps.revoke.confirm', n) : t('apps.revoke.confirm_nokeys');
      const ok = await confirmDialog({
        title: t('apps.revoke.title', { name: app.name }), message: [message, ' ', t('apps.revoke.permanent')].join(''),
        confirmLabel: t('apps.revoke'), danger: true,
      });
      if (!ok) return;
      try {
        await api.post(`${base}/revoke`);
        toast(t('apps.revoked'));
        rerender();
      } catch (err) { toast(errorMessage(err), 'error'); }
    }));
    actions.push(revoke);
  }

  const details = card(t('apps.details'), dl([
    [t('apps.field.id'), mono(app.id)],
    [t('apps.col.status'), badge('status', app.status)],
    [t('apps.field.description'), app.description || h('span.muted', t('state.none'))],
    [t('apps.field.homepage'), app.homepage_url ? h('a', { href: app.homepage_url, rel: 'noopener noreferrer', target: '_blank' }, app.homepage_url) : h('span.muted', t('state.none'))],
    [t('apps.col.created'), formatDateTime(app.created_at)],
    app.activated_at ? [t('apps.field.activated_at'), formatDateTime(app.activated_at)] : null,
    app.revoked_at ? [t('apps.field.revoked_at'), formatDateTime(app.revoked_at)] : null,
  ]));

  const scopes = card(t('apps.scopes.title'), table({
    caption: t('apps.scopes.title'),
    columns: [
      { label: t('apps.scopes.scope'), render: (s) => h('div.cell-main', mono(s.scope), h('span.cell-sub', t(`scope.${s.scope}`))) },
      { label: t('apps.scopes.justification'), render: (s) => s.justification },
    ],
    rows: app.required_scopes,
  }));

  let keysList = null;
  const mint = button(t('keys.mint'), { kind: 'primary', small: true, iconName: 'key', dataset: { testid: 'key-mint' }, disabled: app.status !== 'active' });
  mint.addEventListener('click', () => mintKeyDialog(base, () => keysList.reset()));
  keysList = pagedList({
    load: (cursor) => api.get(`${base}/keys`, { cursor, limit: 25 }),
    empty: () => emptyState({
      title: t('keys.empty.title'), iconName: 'key',
      text: app.status === 'active' ? t('keys.empty.text') : t('keys.empty.text_inactive'),
    }),
    renderRows: (rows) => table({ rows,
      caption: t('keys.title'), rowKey: (k) => k.id,
      columns: [
        { label: t('keys.col.name'), render: (k) => h('div.cell-main', h('strong', k.name), h('span.cell-sub', mono(`${k.prefix}…`))) },
        { label: t('keys.col.status'), render: (k) => badge('status', k.status) },
        { label: t('keys.col.created'), className: 'hide-sm', render: (k) => formatDateTime(k.created_at) },
        { label: t('keys.col.last_used'), render: (k) => (k.last_used_at ? h('span', { title: formatDateTime(k.last_used_at, { seconds: true }) }, formatRelative(k.last_used_at)) : h('span.muted', t('keys.never'))) },
        { label: t('keys.col.expires'), className: 'hide-sm', render: (k) => (k.expires_at ? formatDateTime(k.expires_at) : h('span.muted', t('keys.no_expiry'))) },
        { label: h('span.visually-hidden', t('table.actions')), className: 'actions', render: (k) => (k.status === 'active' ? revokeKeyButton(base, k, () => keysList.reload()) : '') },
      ],
    }),
  });
  const keys = h('section.card',
    h('div.card-head', h('h2.card-title', t('keys.title')), mint),
    app.status === 'draft' ? h('div.callout.callout-info', icon('info'), h('p', t('keys.draft_note'))) : null,
    keysList);

  return h('div.page',
    pageHeader({
      title: app.name, subtitle: t('apps.detail_subtitle'), actions,
      crumbs: [...crumbsDev(), { label: t('nav.apps'), href: '#/settings/apps' }, { label: app.name }],
    }),
    h('div.grid-2', details, scopes),
    keys);
}

function revokeKeyButton(base, key, done) {
  const b = button(t('keys.revoke'), { small: true, kind: 'danger-ghost', dataset: { testid: `key-revoke-${key.id}` } });
  b.addEventListener('click', async () => {
    const ok = await confirmDialog({ title: t('keys.revoke_title', { name: key.name }), message: t('keys.revoke_confirm'), confirmLabel: t('keys.revoke'), danger: true });
    if (!ok) return;
    await busy(b, async () => {
      try {
        await api.del(`${base}/keys/${encodeURIComponent(key.id)}`);
        toast(t('keys.revoked'));
        done();
      } catch (err) { toast(errorMessage(err), 'error'); }
    });
  });
  return b;
}

function mintKeyDialog(base, done) {
  const name = h('input', { type: 'text', maxlength: 100, value: '', dataset: { testid: 'key-name' }, autofocus: true });
  const expires = h('input', { type: 'date', dataset: { testid: 'key-expires' } });
  const submit = button(t('keys.mint'), { kind: 'primary', type: 'submit', dataset: { testid: 'key-mint-submit' } });
  const form = h('form.form', { novalidate: true },
    field({ label: t('keys.field.name'), name: 'name', input: name, hint: t('keys.field.name_hint') }),
    field({ label: t('keys.field.expires'), name: 'expires_at', input: expires, optional: true, hint: t('keys.field.expires_hint') }));
  const cancel = button(t('action.cancel'), { onClick: () => d.close() });
  submit.setAttribute('form', form.id = uid('mint'));
  const d = openDialog({ title: t('keys.mint_title'), body: form, actions: [cancel, submit], size: 'sm' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { name: name.value.trim() };
    if (expires.value) body.expires_at = `${expires.value}T23:59:59Z`;
    await busy(submit, async () => {
      try {
        const key = await api.post(`${base}/keys`, body);
        d.close();
        secretDialog({
          title: t('keys.created_title'), intro: t('keys.created_intro'), secret: key.token, testId: 'key-token',
          extra: h('p.hint', t('keys.created_prefix', { prefix: key.prefix })),
        });
        done();
      } catch (err) { showError(form, err); }
    });
  });
}

function editAppDialog(ctx, base, app, done) {
  const name = h('input', { type: 'text', maxlength: 100, value: app.name });
  const description = h('textarea', { rows: 3, maxlength: 2000, value: app.description || '' });
  const homepage = h('input', { type: 'url', value: app.homepage_url || '', placeholder: 'https://' });
  const picker = scopePicker(app.required_scopes);
  const form = h('form.form', { novalidate: true, id: uid('edit') },
    field({ label: t('apps.field.name'), name: 'name', input: name }),
    field({ label: t('apps.field.description'), name: 'description', input: description, optional: true }),
    field({ label: t('apps.field.homepage'), name: 'homepage_url', input: homepage, optional: true }),
    picker);
  const submit = button(t('action.save'), { kind: 'primary', type: 'submit' });
  submit.setAttribute('form', form.id);
  const cancel = button(t('action.cancel'), { onClick: () => d.close() });
  const d = openDialog({ title: t('apps.edit_title'), body: form, actions: [cancel, submit], size: 'lg' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const scopes = picker.value();
    const body = { name: name.value, description: description.value, homepage_url: homepage.value.trim() || null, required_scopes: scopes };
    await busy(submit, async () => {
      try {
        await api.patch(base, body);
        d.close();
        toast(t('apps.saved'));
        done();
      } catch (err) {
        if (!placeScopeError(form, picker, scopes, err)) showError(form, err);
      }
    });
  });
}

// ---------------------------------------------------------------- installations
export async function installationsView(ctx) {
  const base = `${org(ctx.org.id)}/installations`;
  let list = null;
  const install = button(t('inst.install'), { kind: 'primary', iconName: 'plus', dataset: { testid: 'inst-new' } });
  install.addEventListener('click', () => installDialog(base, () => list.reset()));
  list = pagedList({
    load: (cursor) => api.get(base, { cursor, limit: 25 }),
    empty: () => emptyState({ title: t('inst.empty.title'), text: t('inst.empty.text'), iconName: 'plug' }),
    renderRows: (rows) => table({ rows,
      caption: t('inst.title'), rowKey: (i) => i.id,
      columns: [
        { label: t('inst.col.app'), render: (i) => h('div.cell-main', h('strong', i.app_name), h('span.cell-sub', mono(i.app_id))) },
        { label: t('inst.col.scopes'), render: (i) => h('ul.chips', i.granted_scopes.map((s) => h('li.chip', { title: t(`scope.${s}`) }, s))) },
        { label: t('inst.col.status'), render: (i) => badge('status', i.status) },
        { label: t('inst.col.created'), className: 'hide-sm', render: (i) => formatDateTime(i.created_at) },
        { label: h('span.visually-hidden', t('table.actions')), className: 'actions', render: (i) => (i.status === 'active' && i.org_id === ctx.org.id && !i.implicit ? uninstallButton(base, i, () => list.reload()) : '') },
      ],
    }),
  });
  return h('div.page',
    pageHeader({ title: t('inst.title'), subtitle: t('inst.subtitle'), crumbs: crumbsDev(), actions: [install] }),
    card(null, list));
}

function uninstallButton(base, inst, done) {
  const b = button(t('inst.uninstall'), { small: true, kind: 'danger-ghost' });
  b.addEventListener('click', async () => {
    const ok = await confirmDialog({ title: t('inst.uninstall_title', { name: inst.app_name }), message: t('inst.uninstall_confirm'), confirmLabel: t('inst.uninstall'), danger: true });
    if (!ok) return;
    await busy(b, async () => {
      try {
        await api.del(`${base}/${encodeURIComponent(inst.id)}`);
        toast(t('inst.uninstalled'));
        done();
      } catch (err) { toast(errorMessage(err), 'error'); }
    });
  });
  return b;
}

function installDialog(base, done) {
  const appId = h('input', { type: 'text', placeholder: 'app_…', autocomplete: 'off', spellcheck: 'false', dataset: { testid: 'inst-app-id' } });
  const boxes = SCOPES.map((s) => {
    const id = uid('g');
    return { s, el: h('div.check', h('input', { type: 'checkbox', id, value: s }), h('label', { for: id }, h('code.mono', s), h('span.scope-desc', t(`scope.${s}`)))) };
  });
  const scopes = h('fieldset.checks', { dataset: { field: 'granted_scopes' } },
    h('legend', t('inst.field.scopes')), h('p.hint', t('inst.field.scopes_hint')),
    h('p.field-error', { role: 'alert', hidden: true }), boxes.map((b) => b.el));
  const form = h('form.form', { novalidate: true, id: uid('inst') },
    field({ label: t('inst.field.app_id'), name: 'app_id', input: appId, hint: t('inst.field.app_id_hint') }), scopes);
  // Once the id names an active app, show only the scopes it requires, each with its justification.
  appId.addEventListener('change', async () => {
    const id = appId.value.trim();
    for (const b of boxes) {
      b.el.hidden = false;
      b.el.querySelector('.scope-why')?.remove();
    }
    if (!/^app_[0-9A-Z]{26}$/.test(id)) return;
    try {
      const app = await api.get(`/apps/${encodeURIComponent(id)}`);
      const required = new Map(app.required_scopes.map((r) => [r.scope, r.justification]));
      for (const b of boxes) {
        b.el.hidden = !required.has(b.s);
        if (required.has(b.s)) {
          b.el.querySelector('label').append(h('span.scope-why', `${t('inst.justification')} ${required.get(b.s)}`));
        }
      }
    } catch (err) {
      // Unknown or inactive: the server explains on submit.
    }
  });
  const submit = button(t('inst.install'), { kind: 'primary', type: 'submit' });
  submit.setAttribute('form', form.id);
  const cancel = button(t('action.cancel'), { onClick: () => d.close() });
  const d = openDialog({ title: t('inst.install_title'), body: form, actions: [cancel, submit], size: 'md' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const granted = boxes.filter((b) => b.el.querySelector('input').checked).map((b) => b.s);
    await busy(submit, async () => {
      try {
        await api.post(base, { app_id: appId.value.trim(), granted_scopes: granted });
        d.close();
        toast(t('inst.installed'));
        done();
      } catch (err) {
        if (err.field && err.field.startsWith('granted_scopes')) err.field = 'granted_scopes';
        showError(form, err);
      }
    });
  });
}
