// Small DOM toolkit: element builder, dialogs, toasts, tables with cursor pagination,
// form fields with server-side error placement.
import { t, tEnum, currentLocale } from './i18n.js';

let idSeq = 0;
export const uid = (p = 'el') => `${p}-${++idSeq}`;

// h('div.card#x', {attrs…, on: {click}}, children…)
export function h(tag, props, ...children) {
  if (props === null || typeof props !== 'object' || props instanceof Node || Array.isArray(props)) {
    if (props !== undefined && props !== null) children.unshift(props);
    props = {};
  }
  const m = /^([a-z0-9-]+)?((?:[.#][\w-]+)*)$/i.exec(tag);
  const el = document.createElement((m && m[1]) || 'div');
  if (m && m[2]) {
    for (const part of m[2].match(/[.#][\w-]+/g)) {
      if (part[0] === '.') el.classList.add(part.slice(1));
      else el.id = part.slice(1);
    }
  }
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') {
      for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    } else if (k === 'class') {
      for (const c of String(v).split(/\s+/).filter(Boolean)) el.classList.add(c);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k === 'text') {
      el.textContent = v;
    } else if (k in el && typeof v !== 'string') {
      el[k] = v;
    } else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'selected') {
      el[k] = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) { while (el.firstChild) el.firstChild.remove(); return el; }

export function icon(name) {
  const span = h('span.icon', { 'aria-hidden': 'true' });
  span.classList.add(`icon-${name}`);
  return span;
}

export function badge(group, value, tone) {
  const tones = {
    active: 'green', approved: 'green', succeeded: 'green', available: 'green', airworthy: 'green', valid: 'green',
    draft: 'gray', pending: 'amber', submitted: 'amber', maintenance: 'amber', expiring: 'amber', inactive: 'gray',
    revoked: 'red', rejected: 'red', failed: 'red', grounded: 'red', not_airworthy: 'red', uninstalled: 'gray',
    disabled: 'gray', suspended: 'red', expired: 'red',
  };
  return h('span.badge', { class: `tone-${tone || tones[value] || 'gray'}` }, tEnum(group, value));
}

export function mono(text) { return h('code.mono', text); }

// ---------------------------------------------------------------- toasts
export function toast(message, tone = 'ok') {
  const region = document.getElementById('toasts');
  if (!region) return;
  const el = h('div.toast', { class: `toast-${tone}`, role: tone === 'error' ? 'alert' : 'status' }, message);
  region.append(el);
  setTimeout(() => el.classList.add('toast-out'), 4200);
  setTimeout(() => el.remove(), 4700);
}

// ---------------------------------------------------------------- errors
// A localized message for an ApiError. English shows the server's own detail; other locales
// translate what the console knows (by code and field) so no English leaks into the page.
export function errorMessage(err) {
  if (!err) return '';
  const code = err.code || 'internal';
  const detail = err.problem && err.problem.detail;
  const field = err.field || '';
  if (code === 'validation_failed' && /\.justification$/.test(field)) {
    const m = /it has (\d+)/.exec(detail || '');
    if (m) return t('apps.error.justification_short', { min: 40, count: m[1] });
  }
  if (code === 'validation_failed' && detail && / is required\.?$/.test(detail)) return t('error.required');
  if (currentLocale() === 'en' && detail) return detail;
  const k = `error.${code}`;
  return t(k === 'error.' ? 'error.internal' : k);
}

// ---------------------------------------------------------------- forms
// field({label, name, input, hint}) → wrapper with label, control, hint and an error slot
// that showFieldError() fills. `name` is the server's `field` value it answers to.
export function field({ label, name, input, hint, optional = false, className = '' }) {
  const id = input.id || uid('f');
  input.id = id;
  if (name) input.name = name;
  const errId = `${id}-err`;
  const hintId = hint ? `${id}-hint` : null;
  const describedBy = [hintId, errId].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', describedBy);
  const wrap = h('div.field', { class: className, dataset: { field: name || '' } },
    h('label', { for: id }, label, optional ? h('span.optional', ` ${t('form.optional')}`) : null),
    input,
    hint ? h('p.hint', { id: hintId }, hint) : null,
    h('p.field-error', { id: errId, role: 'alert', hidden: true }));
  return wrap;
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) { el.hidden = true; el.textContent = ''; }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const banner = form.querySelector('.form-error');
  if (banner) { banner.hidden = true; banner.textContent = ''; }
}

// Puts an ApiError next to the field it names (exact match, else the closest parent name),
// or in the form's banner.
export function showError(form, err) {
  const msg = errorMessage(err);
  let target = null;
  if (err && err.field) {
    let name = err.field;
    while (name && !target) {
      target = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
      if (!target) {
        const cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('['));
        name = cut > 0 ? name.slice(0, cut) : '';
      }
    }
  }
  if (target) {
    const slot = target.querySelector('.field-error');
    slot.textContent = msg;
    slot.hidden = false;
    const control = target.querySelector('input, select, textarea');
    if (control) { control.setAttribute('aria-invalid', 'true'); control.focus(); }
    return;
  }
  let banner = form.querySelector('.form-error');
  if (!banner) {
    banner = h('div.form-error', { role: 'alert' });
    form.prepend(banner);
  }
  banner.textContent = msg;
  banner.hidden = false;
}

export function setFieldError(form, name, msg) {
  const sel = `[data-field="${CSS.escape(name)}"]`;
  const target = form.matches(sel) ? form : form.querySelector(sel);
  if (!target) return;
  const slot = target.querySelector('.field-error');
  slot.textContent = msg;
  slot.hidden = !msg;
  const control = target.querySelector('input, select, textarea');
  if (control) { if (msg) control.setAttribute('aria-invalid', 'true'); else control.removeAttribute('aria-invalid'); }
}

export function select(options, value) {
  const el = h('select');
  for (const o of options) el.append(h('option', { value: o.value, selected: o.value === value }, o.label));
  return el;
}

export function button(label, { kind = 'secondary', type = 'button', onClick, iconName, small, ...rest } = {}) {
  return h('button.btn', { type, class: `btn-${kind}${small ? ' btn-sm' : ''}`, on: onClick ? { click: onClick } : undefined, ...rest },
    iconName ? icon(iconName) : null, h('span', label));
}

// Runs an async action with the button disabled and a busy state.
export async function busy(btn, fn) {
  if (btn) { btn.disabled = true; btn.setAttribute('aria-busy', 'true'); }
  try { return await fn(); } finally {
    if (btn) { btn.disabled = false; btn.removeAttribute('aria-busy'); }
  }
}

// ---------------------------------------------------------------- dialogs
// A modal <dialog>: focus moves into it, Esc closes it, focus returns to the opener.
export function openDialog({ title, body, actions = [], size = '', onClose, labelledBy } = {}) {
  const opener = document.activeElement;
  const titleId = uid('dlg-title');
  const dlg = h('dialog.dialog', { class: size ? `dialog-${size}` : '', 'aria-labelledby': labelledBy || titleId },
    h('div.dialog-head', h('h2', { id: titleId }, title),
      h('button.icon-btn', { type: 'button', 'aria-label': t('action.close'), on: { click: () => close() } }, icon('x'))),
    h('div.dialog-body', body),
    actions.length ? h('div.dialog-actions', actions) : null);
  let closed = false;
  function close(result) {
    if (closed) return;
    closed = true;
    if (dlg.open) dlg.close();
    dlg.remove();
    if (onClose) onClose(result);
    if (opener && document.contains(opener) && typeof opener.focus === 'function') opener.focus();
  }
  dlg.addEventListener('close', () => close());
  dlg.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  document.body.append(dlg);
  dlg.showModal();
  const first = dlg.querySelector('[autofocus]') ||
    dlg.querySelector('.dialog-body input:not([type=hidden]):not([readonly]), .dialog-body textarea:not([readonly]), .dialog-body select') ||
    dlg.querySelector('.dialog-actions .btn-primary, .dialog-actions .btn-danger, .dialog-actions .btn');
  if (first) first.focus();
  return { el: dlg, close };
}

export function confirmDialog({ title, message, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    let result = false;
    const ok = button(confirmLabel, { kind: danger ? 'danger' : 'primary', onClick: () => { result = true; d.close(true); } });
    const cancel = button(t('action.cancel'), { onClick: () => d.close(false) });
    const d = openDialog({ title, body: h('p.dialog-text', message), actions: [cancel, ok], size: 'sm', onClose: () => resolve(result) });
    ok.focus();
  });
}

// The show-once dialog for a secret (API key token or webhook signing secret).
export function secretDialog({ title, intro, secret, extra, testId }) {
  const input = h('input.secret-input', { type: 'text', readonly: true, value: secret, 'aria-label': title, dataset: { testid: testId || 'secret' }, spellcheck: 'false' });
  const copyBtn = button(t('action.copy'), {
    kind: 'primary', iconName: 'copy',
    onClick: async () => {
      let ok = false;
      try { await navigator.clipboard.writeText(secret); ok = true; } catch {
        input.select();
        try { ok = document.execCommand('copy'); } catch { ok = false; }
      }
      copyBtn.querySelector('span:last-child').textContent = ok ? t('action.copied') : t('action.copy');
      if (!ok) input.select();
    },
  });
  const done = button(t('action.done'), { onClick: () => d.close() });
  const d = openDialog({
    title, size: 'md',
    body: [
      h('div.callout.callout-warn', icon('alert'), h('p', intro)),
      h('div.secret-row', input, copyBtn),
      extra || null,
    ],
    actions: [done],
  });
  input.focus();
  input.select();
  return d;
}

// ---------------------------------------------------------------- tables & pagination
export function table({ columns, rows, rowKey, caption, className = '' }) {
  const thead = h('thead', h('tr', columns.map((c) => h('th', { scope: 'col', class: c.className || '' }, c.label))));
  const tbody = h('tbody', rows.map((r) => {
    const tr = h('tr', { dataset: rowKey ? { id: rowKey(r) } : {} });
    for (const c of columns) {
      const v = c.render(r);
      tr.append(h('td', { class: c.className || '', dataset: typeof c.label === 'string' ? { label: c.label } : {} }, v));
    }
    return tr;
  }));
  return h('div.table-wrap', { class: className }, h('table.table', caption ? h('caption.visually-hidden', caption) : null, thead, tbody));
}

export function emptyState({ title, text, action, iconName = 'inbox' }) {
  return h('div.empty', icon(iconName), h('h3', title), text ? h('p', text) : null, action || null);
}

export function loading() {
  return h('div.loading', { role: 'status' }, h('span.spinner', { 'aria-hidden': 'true' }), h('span', t('state.loading')));
}

export function errorPanel(err, retry) {
  return h('div.error-panel', { role: 'alert' }, icon('alert'),
    h('div', h('h3', err && err.code === 'forbidden' ? t('error.forbidden_title') : t('error.load_failed')),
      h('p', errorMessage(err)),
      retry ? button(t('action.retry'), { onClick: retry, small: true }) : null));
}

// A list with cursor pagination. load(cursor) → {data, cursor}; renderRows(rows) → Node.
// Previous pages are reached by remembering the cursors that led to them.
export function pagedList({ load, renderRows, empty }) {
  const root = h('div.paged');
  const body = h('div.paged-body');
  const prev = button(t('pager.previous'), { small: true, iconName: 'chevron-left', dataset: { testid: 'pager-prev' } });
  const next = button(t('pager.next'), { small: true, dataset: { testid: 'pager-next' } });
  next.append(icon('chevron-right'));
  const info = h('span.pager-info');
  const pager = h('nav.pager', { 'aria-label': t('pager.label') }, info, h('div.pager-btns', prev, next));
  root.append(body, pager);
  const stack = [null];
  let index = 0;
  let nextCursor = null;
  let current = [];

  async function show(i, focusTarget) {
    body.setAttribute('aria-busy', 'true');
    if (!body.firstChild) body.append(loading());
    try {
      const res = await load(stack[i]);
      index = i;
      nextCursor = res.cursor || null;
      current = res.data || [];
      clear(body);
      if (!current.length && index === 0) body.append(empty());
      else body.append(renderRows(current));
      prev.disabled = index === 0;
      next.disabled = !nextCursor;
      pager.hidden = index === 0 && !nextCursor;
      info.textContent = t('pager.page', { page: index + 1 });
      if (focusTarget) focusTarget.focus();
    } catch (err) {
      if (!err || !err.problem) console.error(err);
      clear(body);
      body.append(errorPanel(err, () => show(i)));
      pager.hidden = true;
    } finally {
      body.removeAttribute('aria-busy');
    }
  }
  prev.addEventListener('click', () => { if (index > 0) show(index - 1, prev.disabled ? next : prev); });
  next.addEventListener('click', () => {
    if (!nextCursor) return;
    stack[index + 1] = nextCursor;
    stack.length = index + 2;
    show(index + 1, next);
  });
  root.reload = () => show(index);
  root.reset = () => { stack.length = 1; return show(0); };
  root.rows = () => current;
  show(0);
  return root;
}

export function pageHeader({ title, subtitle, actions = [], crumbs = [] }) {
  return h('header.page-head',
    crumbs.length ? h('nav.crumbs', { 'aria-label': t('nav.breadcrumb') }, crumbs.map((c, i) =>
      [i ? h('span.crumb-sep', { 'aria-hidden': 'true' }, '/') : null, c.href ? h('a', { href: c.href }, c.label) : h('span', c.label)])) : null,
    h('div.page-head-row',
      h('div', h('h1', { tabindex: '-1', id: 'page-title' }, title), subtitle ? h('p.page-sub', subtitle) : null),
      actions.length ? h('div.page-actions', actions) : null));
}

export function card(title, ...children) {
  return h('section.card', title ? h('h2.card-title', title) : null, ...children);
}

export function dl(items) {
  return h('dl.props', items.filter(Boolean).map(([k, v]) => h('div.prop', h('dt', k), h('dd', v))));
}
