// Console shell: session, organisation switcher, locale switch, navigation and hash routing.
import { api, org, setCsrfToken, setUnauthenticatedHandler, ApiError } from './api.js';
import { initI18n, setLocale, currentLocale, supportedLocales, t, tEnum, setTimeZone, onLocaleChange } from './i18n.js';
import { h, clear, icon, button, field, showError, clearErrors, busy, errorPanel, loading, uid, openDialog, toast } from './ui.js';
import { appsView, appNewView, appDetailView, installationsView } from './views-developers.js';
import { webhooksView, webhookNewView, webhookDetailView, eventsView } from './views-webhooks.js';
import { flightsView, queueView, flightNewView, pilotsView, fleetView, overviewView } from './views-operations.js';
import { auditView } from './views-audit.js';
import { planningView } from './views-planning.js';
import { maintenanceBoardView, aircraftProgrammeView, workOrdersView, workOrderDetailView } from './views-maintenance.js';
import { complianceView, pilotComplianceView, aircraftComplianceView } from './views-compliance.js';
import { programsView, programDetailView, enrollmentsView, enrollmentProgressView } from './views-training.js';
import { vtrListView, vtrDetailView } from './views-vtr.js';
import { invoicesView, invoiceDetailView, financeView } from './views-billing.js';

const ORG_KEY = 'gaf.org';
const state = { session: null, org: null, orgInfo: null };

// ---------------------------------------------------------------- routes
const routes = [
  { path: '/overview', view: overviewView, nav: 'overview' },
  { path: '/flights', view: flightsView, nav: 'flights' },
  { path: '/flights/queue', view: queueView, nav: 'queue' },
  { path: '/flights/new', view: flightNewView, nav: 'flights' },
  { path: '/pilots', view: pilotsView, nav: 'pilots' },
  { path: '/fleet', view: fleetView, nav: 'fleet' },
  { path: '/planning', view: planningView, nav: 'planning' },
  { path: '/maintenance', view: maintenanceBoardView, nav: 'maintenance' },
  { path: '/maintenance/aircraft/:id', view: aircraftProgrammeView, nav: 'maintenance' },
  { path: '/maintenance/work-orders', view: workOrdersView, nav: 'work_orders' },
  { path: '/maintenance/work-orders/:id', view: workOrderDetailView, nav: 'work_orders' },
  { path: '/compliance', view: complianceView, nav: 'compliance' },
  { path: '/pilots/:id/compliance', view: pilotComplianceView, nav: 'compliance' },
  { path: '/fleet/:id/compliance', view: aircraftComplianceView, nav: 'compliance' },
  { path: '/training', view: programsView, nav: 'training' },
  { path: '/training/programs/:id', view: programDetailView, nav: 'training' },
  { path: '/training/enrollments', view: enrollmentsView, nav: 'enrollments' },
  { path: '/training/enrollments/:id', view: enrollmentProgressView, nav: 'enrollments' },
  { path: '/training/vtr', view: vtrListView, nav: 'vtr' },
  { path: '/training/vtr/:id', view: vtrDetailView, nav: 'vtr' },
  { path: '/finance', view: financeView, nav: 'finance' },
  { path: '/finance/invoices', view: invoicesView, nav: 'invoices' },
  { path: '/finance/invoices/:id', view: invoiceDetailView, nav: 'invoices' },
  { path: '/settings/apps', view: appsView, nav: 'apps' },
  { path: '/settings/apps/new', view: appNewView, nav: 'apps' },
  { path: '/settings/apps/:id', view: appDetailView, nav: 'apps' },
  { path: '/settings/installations', view: installationsView, nav: 'installations' },
  { path: '/settings/webhooks', view: webhooksView, nav: 'webhooks' },
  { path: '/settings/webhooks/new', view: webhookNewView, nav: 'webhooks' },
  { path: '/settings/webhooks/:id', view: webhookDetailView, nav: 'webhooks' },
  { path: '/settings/events', view: eventsView, nav: 'events' },
  { path: '/audit', view: auditView, nav: 'audit' },
];

function matchRoute(path) {
  for (const r of routes) {
    const a = r.path.split('/');
    const b = path.split('/');
    if (a.length !== b.length) continue;
    const params = {};
    let ok = true;
    for (let i = 0; i < a.length; i++) {
      if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i]);
      else if (a[i] !== b[i]) { ok = false; break; }
    }
    if (ok) return { route: r, params };
  }
  return null;
}

function currentPath() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [p] = raw.split('?');
  return p || '/';
}

export function navigate(path) {
  if (location.hash === `#${path}`) render();
  else location.hash = path;
}

// ---------------------------------------------------------------- navigation model
// Which roles may use a screen (mirrors the server's permissions; the server still decides).
const DEV_ROLES = ['owner', 'admin', 'developer'];
const REVIEW_ROLES = ['owner', 'admin', 'instructor'];
export function roleAllows(roles) { return !roles || (state.org && roles.includes(state.org.role)); }

const NAV = [
  { group: 'nav.group.operations', items: [
    { id: 'overview', href: '#/overview', label: 'nav.overview', icon: 'home' },
    { id: 'queue', href: '#/flights/queue', label: 'nav.queue', icon: 'check', roles: REVIEW_ROLES },
    { id: 'flights', href: '#/flights', label: 'nav.flights', icon: 'plane' },
    { id: 'pilots', href: '#/pilots', label: 'nav.pilots', icon: 'users' },
    { id: 'fleet', href: '#/fleet', label: 'nav.fleet', icon: 'fleet' },
    { id: 'planning', href: '#/planning', label: 'nav.planning', icon: 'clock' },
    { id: 'maintenance', href: '#/maintenance', label: 'nav.maintenance', icon: 'shield' },
    { id: 'work_orders', href: '#/maintenance/work-orders', label: 'nav.work_orders', icon: 'edit' },
    { id: 'compliance', href: '#/compliance', label: 'nav.compliance', icon: 'shield' },
  ] },
  { group: 'nav.group.training', items: [
    { id: 'training', href: '#/training', label: 'nav.training', icon: 'edit' },
    { id: 'enrollments', href: '#/training/enrollments', label: 'nav.enrollments', icon: 'users' },
    { id: 'vtr', href: '#/training/vtr', label: 'nav.vtr', icon: 'shield' },
  ] },
  { group: 'nav.group.finance', items: [
    { id: 'invoices', href: '#/finance/invoices', label: 'nav.invoices', icon: 'inbox' },
    { id: 'finance', href: '#/finance', label: 'nav.finance', icon: 'bolt' },
  ] },
  { group: 'nav.group.developers', items: [
    { id: 'apps', href: '#/settings/apps', label: 'nav.apps', icon: 'code', roles: DEV_ROLES },
    { id: 'installations', href: '#/settings/installations', label: 'nav.installations', icon: 'plug', roles: DEV_ROLES },
  ] },
  { group: 'nav.group.integrations', items: [
    { id: 'webhooks', href: '#/settings/webhooks', label: 'nav.webhooks', icon: 'hook', roles: DEV_ROLES },
    { id: 'events', href: '#/settings/events', label: 'nav.events', icon: 'bolt', roles: DEV_ROLES },
  ] },
  { group: 'nav.group.security', items: [
    { id: 'audit', href: '#/audit', label: 'nav.audit', icon: 'shield', roles: DEV_ROLES },
  ] },
];

// ---------------------------------------------------------------- shell
const root = () => document.getElementById('app');

function localeSwitch(className = '') {
  const id = uid('locale');
  const sel = h('select.locale-select', { id, dataset: { testid: 'locale-switch' } },
    supportedLocales().map((l) => h('option', { value: l, selected: l === currentLocale() }, t(`locale.${l}`))));
  sel.addEventListener('change', () => setLocale(sel.value));
  return h('div.locale', { class: className }, h('label.visually-hidden', { for: id }, t('locale.label')), icon('globe'), sel);
}

function orgSwitch() {
  const id = uid('org');
  const orgs = state.session.orgs;
  const sel = h('select.org-select', { id, dataset: { testid: 'org-switch' } },
    orgs.map((o) => h('option', { value: o.id, selected: state.org && o.id === state.org.id }, o.name)));
  sel.addEventListener('change', async () => {
    localStorage.setItem(ORG_KEY, sel.value);
    await selectOrg(sel.value);
    renderShell();
    render();
  });
  const add = button(t('org.new'), { small: true, kind: 'ghost', iconName: 'plus', dataset: { testid: 'org-new' }, onClick: createOrgDialog });
  return h('div.org-switch', h('label.org-label', { for: id }, t('org.label')), sel,
    h('div.org-foot', state.org ? h('span.org-role', tEnum('role', state.org.role)) : h('span'), add));
}

function timeZones() {
  try { return Intl.supportedValuesOf('timeZone'); } catch { return ['UTC', 'Europe/Paris', 'Europe/London', 'America/New_York']; }
}

// POST /orgs: the signed-in user creates an organisation and becomes its owner.
function createOrgDialog() {
  const name = h('input', { type: 'text', maxlength: 120, dataset: { testid: 'org-name' }, autofocus: true });
  const guess = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const tz = h('select', { dataset: { testid: 'org-tz' } }, timeZones().map((z) => h('option', { value: z, selected: z === guess }, z)));
  const country = h('input', { type: 'text', maxlength: 2, class: 'upper', placeholder: 'FR', dataset: { testid: 'org-country' } });
  const currency = h('input', { type: 'text', maxlength: 3, class: 'upper', placeholder: 'EUR', dataset: { testid: 'org-currency' } });
  const form = h('form.form', { novalidate: true, id: uid('org') },
    field({ label: t('org.field.name'), name: 'name', input: name }),
    field({ label: t('org.field.time_zone'), name: 'time_zone', input: tz, hint: t('org.field.time_zone_hint') }),
    h('div.grid-fields',
      field({ label: t('org.field.country'), name: 'country', input: country, hint: t('org.field.country_hint') }),
      field({ label: t('org.field.currency'), name: 'currency', input: currency, hint: t('org.field.currency_hint') })));
  const submit = button(t('org.create'), { kind: 'primary', type: 'submit', dataset: { testid: 'org-create' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: t('org.new_title'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'sm' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    await busy(submit, async () => {
      try {
        const created = await api.post('/orgs', {
          name: name.value.trim(), time_zone: tz.value,
          country: country.value.trim().toUpperCase(), currency: currency.value.trim().toUpperCase(),
        });
        const me = await api.get('/me');
        state.session = me;
        setCsrfToken(me.csrf_token);
        d.close();
        await selectOrg(created.id);
        renderShell();
        toast(t('org.created', { name: created.name }));
        navigate('/overview');
      } catch (err) { showError(form, err); }
    });
  });
}

function navList(active) {
  return NAV.map((g) => ({ ...g, items: g.items.filter((it) => roleAllows(it.roles)) })).filter((g) => g.items.length).map((g) => h('div.nav-group',
    h('p.nav-group-title', t(g.group)),
    h('ul', g.items.map((it) => h('li', h('a.nav-link', {
      href: it.href, 'aria-current': it.id === active ? 'page' : null, dataset: { nav: it.id },
    }, icon(it.icon), h('span', t(it.label))))))));
}

function userMenu() {
  const u = state.session.user;
  return h('div.user-box',
    h('div.avatar', { 'aria-hidden': 'true' }, (u.display_name || u.email).trim().slice(0, 1).toUpperCase()),
    h('div.user-text', h('span.user-name', u.display_name), h('span.user-email', u.email)),
    button(t('action.logout'), { small: true, kind: 'ghost', iconName: 'logout', dataset: { testid: 'logout' }, onClick: logout }));
}

function renderShell() {
  const r = root();
  clear(r);
  const menuBtn = h('button.icon-btn.menu-btn', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'mobile-nav', 'aria-label': t('nav.menu') }, icon('menu'));
  const mobileNav = h('div.mobile-nav#mobile-nav', { hidden: true },
    orgSwitch(), h('nav', { 'aria-label': t('nav.main') }, navList(null)), localeSwitch('locale-mobile'), userMenu());
  menuBtn.addEventListener('click', () => {
    const open = mobileNav.hidden;
    mobileNav.hidden = !open;
    menuBtn.setAttribute('aria-expanded', String(open));
    document.body.classList.toggle('menu-open', open);
    if (open) { const first = mobileNav.querySelector('select, a'); if (first) first.focus(); }
  });
  mobileNav.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { mobileNav.hidden = true; menuBtn.setAttribute('aria-expanded', 'false'); document.body.classList.remove('menu-open'); menuBtn.focus(); }
  });
  const topbar = h('header.topbar',
    h('a.brand', { href: '#/overview' }, h('span.brand-mark', { 'aria-hidden': 'true' }, icon('logo')), h('span.brand-name', 'gaflight')),
    h('span.topbar-org', state.org ? state.org.name : ''),
    menuBtn);
  const sidebar = h('aside.sidebar', { 'aria-label': t('nav.sidebar') },
    h('a.brand', { href: '#/overview' }, h('span.brand-mark', { 'aria-hidden': 'true' }, icon('logo')), h('span.brand-name', 'gaflight'), h('span.brand-tag', t('app.console'))),
    orgSwitch(),
    h('nav.side-nav', { 'aria-label': t('nav.main') }, navList(null)),
    h('div.sidebar-foot', localeSwitch(), userMenu()));
  const main = h('main.main#main', { tabindex: '-1' });
  r.append(
    h('a.skip-link', { href: '#main', on: { click: (e) => { e.preventDefault(); main.focus(); } } }, t('nav.skip')),
    topbar, mobileNav, h('div.layout', sidebar, main));
}

function setActiveNav(id) {
  for (const a of document.querySelectorAll('.nav-link')) {
    if (a.dataset.nav === id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const mobileNav = document.getElementById('mobile-nav');
  if (mobileNav && !mobileNav.hidden) {
    mobileNav.hidden = true;
    document.body.classList.remove('menu-open');
    const btn = document.querySelector('.menu-btn');
    if (btn) btn.setAttribute('aria-expanded', 'false');
  }
}

// ---------------------------------------------------------------- login
function renderLogin(message) {
  const r = root();
  clear(r);
  const email = h('input', { type: 'email', autocomplete: 'username', required: true, dataset: { testid: 'login-email' } });
  const password = h('input', { type: 'password', autocomplete: 'current-password', required: true, dataset: { testid: 'login-password' } });
  const submit = button(t('login.submit'), { kind: 'primary', type: 'submit', dataset: { testid: 'login-submit' } });
  submit.classList.add('btn-block');
  const form = h('form.login-form', { novalidate: true },
    message ? h('div.callout.callout-info', { role: 'status' }, message) : null,
    field({ label: t('login.email'), name: 'email', input: email }),
    field({ label: t('login.password'), name: 'password', input: password }),
    submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    await busy(submit, async () => {
      try {
        const s = await api.post('/login', { email: email.value.trim(), password: password.value });
        await startSession(s);
      } catch (err) {
        if (err.code === 'invalid_credentials' || err.code === 'validation_failed') {
          err.field = err.field || 'password';
        }
        showError(form, err);
      }
    });
  });
  r.append(h('div.login-page',
    h('div.login-card',
      h('div.login-brand', h('span.brand-mark', { 'aria-hidden': 'true' }, icon('logo')), h('span.brand-name', 'gaflight')),
      h('h1', t('login.title')),
      h('p.muted', t('login.subtitle')),
      form,
      h('div.login-foot', localeSwitch()))));
  email.focus();
}

async function logout() {
  try { await api.post('/logout'); } catch { /* the session may already be gone */ }
  state.session = null;
  state.org = null;
  setCsrfToken(null);
  location.hash = '#/login';
  renderLogin(t('login.logged_out'));
}

// ---------------------------------------------------------------- session & orgs
async function selectOrg(id) {
  const m = state.session.orgs.find((o) => o.id === id) || state.session.orgs[0];
  state.org = m || null;
  state.orgInfo = null;
  if (!m) return;
  localStorage.setItem(ORG_KEY, m.id);
  try {
    state.orgInfo = await api.get(org(m.id));
    setTimeZone(state.orgInfo.time_zone);
  } catch {
    setTimeZone('UTC');
  }
}

async function startSession(s) {
  state.session = s;
  setCsrfToken(s.csrf_token);
  await selectOrg(localStorage.getItem(ORG_KEY));
  const wanted = sessionStorage.getItem('gaf.after_login');
  sessionStorage.removeItem('gaf.after_login');
  renderShell();
  if (wanted && wanted !== '/login') navigate(wanted);
  else if (currentPath() === '/login' || currentPath() === '/') navigate('/overview');
  else render();
}

function noOrgView() {
  return h('div.empty', icon('inbox'), h('h3', t('org.none_title')), h('p', t('org.none_text')));
}

// ---------------------------------------------------------------- render
let renderSeq = 0;
async function render() {
  const path = currentPath();
  if (!state.session) {
    if (path !== '/login') sessionStorage.setItem('gaf.after_login', path);
    renderLogin();
    return;
  }
  if (path === '/login' || path === '/') { navigate('/overview'); return; }
  const main = document.getElementById('main');
  if (!main) { renderShell(); return render(); }
  const m = matchRoute(path);
  const seq = ++renderSeq;
  clear(main);
  if (!state.org) { main.append(noOrgView()); return; }
  if (!m) {
    setActiveNav(null);
    main.append(h('div.empty', icon('inbox'), h('h3', t('notfound.title')), h('p', t('notfound.text')),
      h('a.btn.btn-primary', { href: '#/overview' }, t('notfound.home'))));
    return;
  }
  setActiveNav(m.route.nav);
  main.append(loading());
  const ctx = {
    org: state.org, orgInfo: state.orgInfo, session: state.session, params: m.params,
    canManageOps: roleAllows(['owner', 'admin']), canReview: roleAllows(REVIEW_ROLES),
    navigate, isCurrent: () => seq === renderSeq,
  };
  try {
    const node = await m.route.view(ctx);
    if (seq !== renderSeq) return;
    clear(main);
    main.append(node);
  } catch (err) {
    if (seq !== renderSeq) return;
    clear(main);
    if (err instanceof ApiError && err.code === 'not_logged_in') return;
    main.append(errorPanel(err, render));
    if (!(err instanceof ApiError)) console.error(err);
  }
  const title = document.getElementById('page-title');
  document.title = title ? `${title.textContent} · ${t('app.title')}` : t('app.title');
  if (title && moveFocus) title.focus({ preventScroll: true });
  moveFocus = true;
  window.scrollTo(0, 0);
}
let moveFocus = false;

async function boot() {
  await initI18n();
  setUnauthenticatedHandler(() => {
    if (!state.session) return;
    state.session = null;
    setCsrfToken(null);
    sessionStorage.setItem('gaf.after_login', currentPath());
    location.hash = '#/login';
    renderLogin(t('login.expired'));
  });
  onLocaleChange(() => {
    if (state.session) { renderShell(); render(); } else renderLogin();
  });
  window.addEventListener('hashchange', () => render());
  try {
    const s = await api.get('/me');
    state.session = s;
    setCsrfToken(s.csrf_token);
    await selectOrg(localStorage.getItem(ORG_KEY));
    renderShell();
  } catch (err) {
    state.session = null;
  }
  moveFocus = false;
  render();
}

boot().catch((e) => {
  console.error(e);
  const r = root();
  clear(r);
  r.append(h('p.boot-error', String(e)));
});
