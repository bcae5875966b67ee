// Operations: overview, flights (list, approval queue, submit), pilots and fleet (the audit log is in views-audit.js).
import { api, org } from './api.js';
import {
  t, tp, tEnum, formatDate, formatDateTime, formatTime, formatNumber, formatHours, formatMinutes,
  wallTimeToUtc, utcToWallTime, currentTimeZone, currentLocale,
} from './i18n.js';
import { weeklyHoursChart, nextDueChart } from './charts.js';
import {
  h, clear, icon, badge, mono, button, busy, field, showError, clearErrors, toast, openDialog, table, pagedList,
  emptyState, pageHeader, card, dl, uid, errorMessage, select, loading, errorPanel,
} from './ui.js';

export const PURPOSES = ['dual_training', 'solo_training', 'rental', 'check_ride', 'discovery', 'ferry', 'maintenance_test'];

// ---------------------------------------------------------------- reference data (per org)
const refCache = new Map();
async function reference(orgId) {
  let r = refCache.get(orgId);
  if (!r || Date.now() - r.at > 60000) {
    const [pilots, fleet] = await Promise.all([api.getAll(`${org(orgId)}/pilots`), api.getAll(`${org(orgId)}/fleet`)]);
    r = { at: Date.now(), pilots, fleet, pilotById: new Map(pilots.map((p) => [p.id, p])), aircraftById: new Map(fleet.map((a) => [a.id, a])) };
    refCache.set(orgId, r);
  }
  return r;
}
export function invalidateReference(orgId) { refCache.delete(orgId); }

const pilotName = (p) => (p ? `${p.first_name} ${p.last_name}` : '');
function personCell(ref, id) {
  if (!id) return h('span.muted', '—');
  const p = ref && ref.pilotById.get(id);
  return p ? pilotName(p) : mono(id);
}

const opsCrumbs = () => [{ label: t('nav.group.operations') }];

// ---------------------------------------------------------------- overview
export async function overviewView(ctx) {
  const base = org(ctx.org.id);
  const [queue, recent, fleet, weekly] = await Promise.all([
    api.get(`${base}/flights`, { status: 'submitted', limit: 200 }),
    api.get(`${base}/flights`, { limit: 6 }),
    api.getAll(`${base}/fleet`, {}, 3),
    api.get(`${base}/stats/weekly-flight-hours`, { weeks: 12 }),
  ]);
  const pending = queue.data.length;
  const stat = (label, value, href, tone = '') => h('a.stat', { href, class: tone },
    h('span.stat-label', label), h('span.stat-value', value));
  const byStatus = (s) => fleet.filter((a) => a.status === s).length;
  let ref = null;
  try { ref = await reference(ctx.org.id); } catch { ref = null; }
  const tz = ctx.orgInfo ? ctx.orgInfo.time_zone : currentTimeZone();
  return h('div.page',
    pageHeader({
      title: t('overview.title', { name: ctx.org.name }), subtitle: t('overview.subtitle', { tz }),
      actions: [h('a.btn.btn-primary', { href: '#/flights/new' }, icon('plus'), h('span', t('flights.submit')))],
    }),
    h('div.stats',
      stat(t('overview.pending'), queue.cursor ? `${formatNumber(pending)}+` : formatNumber(pending), '#/flights/queue', pending ? 'stat-warn' : ''),
      stat(t('overview.fleet_available'), formatNumber(byStatus('available')), '#/fleet'),
      stat(t('overview.fleet_maintenance'), formatNumber(byStatus('maintenance')), '#/fleet'),
      stat(t('overview.fleet_grounded'), formatNumber(byStatus('grounded')), '#/fleet', byStatus('grounded') ? 'stat-bad' : '')),
    h('div.overview-charts',
      card(t('overview.hours_chart'), h('p.card-sub', t('overview.hours_chart_sub')),
        weekly.aircraft.length
          ? h('div.chart-wrap', { dataset: { testid: 'chart-weekly-hours' } }, weeklyHoursChart(weekly, {
            title: t('overview.hours_chart'),
            weekLabel: (d) => formatDayMonth(d),
            hoursLabel: (min) => t('overview.hours_value', { hours: formatHours(min / 60) }),
          }))
          : emptyState({ title: t('fleet.empty.title'), iconName: 'fleet' })),
      await nextDueCard(base)),
    card(t('overview.recent'), recent.data.length ? flightsTable(recent.data, ref, {}) : emptyState({ title: t('flights.empty.title'), iconName: 'plane' })));
}

// Day and month of a YYYY-MM-DD date in the console's language (chart axes).
function formatDayMonth(ymd) {
  return new Intl.DateTimeFormat(currentLocale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${ymd}T00:00:00Z`));
}

// Bar length shows how much margin is left: hours against 50 h, days against 180 days, whichever is
// tighter (overdue items get the shortest bar).
function nextDueItems(rows) {
  return rows.map((r) => {
    const hrs = r.remaining && r.remaining.hours !== null && r.remaining.hours !== undefined ? r.remaining.hours : null;
    const days = r.remaining && r.remaining.days !== null && r.remaining.days !== undefined ? r.remaining.days : null;
    const margins = [hrs !== null ? hrs / 50 : null, days !== null ? days / 180 : null].filter((v) => v !== null);
    const fraction = Math.max(0, Math.min(1, ...margins));
    let value;
    if (hrs !== null && days !== null) value = t('overview.due_hours_days', { hours: formatHours(hrs), days: formatNumber(days) });
    else if (hrs !== null) value = t('overview.due_hours', { hours: formatHours(hrs) });
    else value = t('overview.due_days', { days: formatNumber(days ?? 0) });
    return { label: r.registration, sub: r.title, status: r.status, fraction, value };
  });
}

// The next maintenance due points across the fleet, closest first.
async function nextDueCard(base) {
  let due;
  try {
    due = await api.get(`${base}/maintenance/next-due`, { limit: 8 });
  } catch (e) {
    return card(t('overview.due_chart'), errorPanel(e));
  }
  const items = nextDueItems(due.data || []);
  return card(t('overview.due_chart'), h('p.card-sub', t('overview.due_chart_sub')),
    items.length
      ? h('div.chart-wrap', { dataset: { testid: 'chart-next-due' } }, nextDueChart(items, { title: t('overview.due_chart') }))
      : emptyState({ title: t('overview.due_empty'), iconName: 'check' }));
}

// ---------------------------------------------------------------- flights
function flightsTable(rows, ref, { actions, compact = false } = {}) {
  const columns = [
    { label: t('flights.col.date'), render: (f) => h('div.cell-main', h('strong.nowrap', formatDate(f.date)), h('span.cell-sub', `${formatTime(f.off_block_at)}–${formatTime(f.on_block_at)}`)) },
    { label: t('flights.col.aircraft'), render: (f) => h('div.cell-main', h('code.mono', f.aircraft_registration),
      h('span.cell-sub.route', f.departure_icao, h('span.route-arrow', { 'aria-hidden': 'true' }, ' → '), h('span.visually-hidden', ` ${t('flights.to')} `), f.arrival_icao)) },
    { label: t('flights.col.pilot'), render: (f) => h('div.cell-main', personCell(ref, f.pilot_id), f.instructor_id ? h('span.cell-sub', t('flights.with_instructor', { name: ref && ref.pilotById.get(f.instructor_id) ? pilotName(ref.pilotById.get(f.instructor_id)) : f.instructor_id })) : null) },
    { label: t('flights.col.purpose'), className: 'hide-sm', render: (f) => tEnum('purpose', f.purpose) },
    { label: t('flights.col.block'), className: 'num', render: (f) => formatMinutes(f.block_min) },
    compact ? null : { label: t('flights.col.landings'), className: 'num hide-sm', render: (f) => formatNumber(f.landings_day + f.landings_night) },
    { label: t('flights.col.status'), render: (f) => badge('status', f.status) },
  ];
  const cols = columns.filter(Boolean);
  columns.length = 0;
  columns.push(...cols);
  if (actions) columns.push({ label: h('span.visually-hidden', t('table.actions')), className: 'actions', render: actions });
  else columns.push({ label: h('span.visually-hidden', t('table.actions')), className: 'actions', render: (f) => button(t('action.view'), { small: true, kind: 'ghost', onClick: () => flightDialog(f, ref) }) });
  return table({ caption: t('nav.flights'), rowKey: (f) => f.id, columns, rows });
}

function flightDialog(f, ref) {
  openDialog({
    title: t('flights.detail_title', { reg: f.aircraft_registration, date: formatDate(f.date) }), size: 'lg',
    body: h('div',
      h('div.dialog-badges', badge('status', f.status), h('span.muted', tEnum('purpose', f.purpose))),
      dl([
        [t('flights.col.pilot'), personCell(ref, f.pilot_id)],
        [t('flights.field.instructor'), personCell(ref, f.instructor_id)],
        [t('flights.col.route'), `${f.departure_icao} → ${f.arrival_icao}`],
        [t('flights.field.off_block'), formatDateTime(f.off_block_at)],
        [t('flights.field.takeoff'), formatDateTime(f.takeoff_at)],
        [t('flights.field.landing'), formatDateTime(f.landing_at)],
        [t('flights.field.on_block'), formatDateTime(f.on_block_at)],
        [t('flights.col.block'), formatMinutes(f.block_min)],
        [t('flights.field.air'), formatMinutes(f.air_min)],
        [t('flights.field.night'), formatMinutes(f.night_min)],
        [t('flights.field.ifr'), formatMinutes(f.ifr_min)],
        [t('flights.field.landings_day'), formatNumber(f.landings_day)],
        [t('flights.field.landings_night'), formatNumber(f.landings_night)],
        [t('flights.field.hobbs'), `${formatHours(f.hobbs_start_hours)} → ${formatHours(f.hobbs_end_hours)}`],
        [t('flights.field.tach'), `${formatHours(f.tach_start_hours)} → ${formatHours(f.tach_end_hours)}`],
        [t('flights.field.remarks'), f.remarks || h('span.muted', t('state.none'))],
        [t('flights.field.submitted'), formatDateTime(f.submitted_at)],
        f.reviewed_at ? [t('flights.field.reviewed'), formatDateTime(f.reviewed_at)] : null,
        f.rejection_reason ? [t('flights.field.rejection_reason'), f.rejection_reason] : null,
      ])),
  });
}

export async function flightsView(ctx) {
  const base = `${org(ctx.org.id)}/flights`;
  let ref = null;
  try { ref = await reference(ctx.org.id); } catch { ref = null; }
  const filters = { status: '', from: '', to: '' };
  const holder = h('div');
  const tabs = h('div.segmented', { role: 'group', 'aria-label': t('flights.filter.status') });
  const statuses = ['', 'submitted', 'approved', 'rejected'];
  for (const s of statuses) {
    const b = h('button.seg', { type: 'button', 'aria-pressed': String(s === ''), dataset: { status: s } }, s ? tEnum('status', s) : t('flights.filter.all'));
    b.addEventListener('click', () => {
      filters.status = s;
      for (const x of tabs.children) x.setAttribute('aria-pressed', String(x === b));
      build();
    });
    tabs.append(b);
  }
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const dateForm = h('form.filters', { novalidate: true },
    h('div.filter-field', h('label', { for: from.id = uid('from') }, t('flights.filter.from')), from),
    h('div.filter-field', h('label', { for: to.id = uid('to') }, t('flights.filter.to')), to),
    button(t('action.apply'), { type: 'submit', small: true }));
  dateForm.addEventListener('submit', (e) => { e.preventDefault(); filters.from = from.value; filters.to = to.value; build(); });
  function build() {
    clear(holder);
    holder.append(pagedList({
      load: (cursor) => api.get(base, { cursor, limit: 25, status: filters.status || undefined, from: filters.from || undefined, to: filters.to || undefined }),
      empty: () => emptyState({ title: t('flights.empty.title'), text: t('flights.empty.text'), iconName: 'plane' }),
      renderRows: (rows) => flightsTable(rows, ref),
    }));
  }
  build();
  return h('div.page',
    pageHeader({
      title: t('flights.title'), subtitle: t('flights.subtitle'), crumbs: opsCrumbs(),
      actions: [h('a.btn.btn-primary', { href: '#/flights/new', dataset: { testid: 'flight-new' } }, icon('plus'), h('span', t('flights.submit')))],
    }),
    h('section.card', h('div.card-head.wrap', tabs, dateForm), holder));
}

export async function queueView(ctx) {
  const base = `${org(ctx.org.id)}/flights`;
  let ref = null;
  try { ref = await reference(ctx.org.id); } catch { ref = null; }
  let list = null;
  const actions = (f) => {
    const approve = button(t('queue.approve'), { small: true, kind: 'primary', iconName: 'check', dataset: { testid: `approve-${f.id}` } });
    const reject = button(t('queue.reject'), { small: true, kind: 'danger-ghost', dataset: { testid: `reject-${f.id}` } });
    approve.addEventListener('click', () => busy(approve, async () => {
      try {
        await api.post(`${base}/${encodeURIComponent(f.id)}/approve`);
        toast(t('queue.approved', { reg: f.aircraft_registration }));
        list.reload();
      } catch (err) { toast(errorMessage(err), 'error'); }
    }));
    reject.addEventListener('click', () => rejectDialog(base, f, () => list.reload()));
    return h('div.btn-row', button(t('action.view'), { small: true, kind: 'ghost', onClick: () => flightDialog(f, ref) }), approve, reject);
  };
  list = pagedList({
    load: (cursor) => api.get(base, { cursor, limit: 25, status: 'submitted' }),
    empty: () => emptyState({ title: t('queue.empty.title'), text: t('queue.empty.text'), iconName: 'check' }),
    renderRows: (rows) => flightsTable(rows, ref, { actions, compact: true }),
  });
  return h('div.page',
    pageHeader({
      title: t('queue.title'), subtitle: t('queue.subtitle'), crumbs: opsCrumbs(),
      actions: [h('a.btn.btn-secondary', { href: '#/flights/new' }, icon('plus'), h('span', t('flights.submit')))],
    }),
    card(null, list));
}

function rejectDialog(base, f, done) {
  const reason = h('textarea', { rows: 3, maxlength: 1000, dataset: { testid: 'reject-reason' }, autofocus: true });
  const form = h('form.form', { novalidate: true, id: uid('rej') },
    h('p', t('queue.reject_intro', { reg: f.aircraft_registration, date: formatDate(f.date) })),
    field({ label: t('queue.reason'), name: 'reason', input: reason, hint: t('queue.reason_hint') }));
  const submit = button(t('queue.reject'), { kind: 'danger', type: 'submit', dataset: { testid: 'reject-submit' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: t('queue.reject_title'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'sm' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (!reason.value.trim()) {
      showError(form, { code: 'validation_failed', field: 'reason', problem: { detail: t('error.required') } });
      return;
    }
    await busy(submit, async () => {
      try {
        await api.post(`${base}/${encodeURIComponent(f.id)}/reject`, { reason: reason.value.trim() });
        d.close();
        toast(t('queue.rejected', { reg: f.aircraft_registration }));
        done();
      } catch (err) { showError(form, err); }
    });
  });
}

// ---------------------------------------------------------------- submit a flight
export async function flightNewView(ctx) {
  const base = `${org(ctx.org.id)}/flights`;
  const ref = await reference(ctx.org.id);
  const instructors = ref.pilots.filter((p) => p.roles.includes('instructor') && p.status === 'active');
  const pilots = ref.pilots.filter((p) => p.status === 'active');
  const byName = (a, b) => pilotName(a).localeCompare(pilotName(b));

  const aircraft = select([{ value: '', label: t('flights.choose_aircraft') },
    ...ref.fleet.map((a) => ({ value: a.id, label: `${a.registration} · ${a.icao_type}${a.status !== 'available' ? ` (${tEnum('status', a.status)})` : ''}` }))], '');
  aircraft.dataset.testid = 'flight-aircraft';
  const pilot = select([{ value: '', label: t('flights.choose_pilot') }, ...pilots.sort(byName).map((p) => ({ value: p.id, label: pilotName(p) }))], '');
  pilot.dataset.testid = 'flight-pilot';
  const instructor = select([{ value: '', label: t('flights.no_instructor') }, ...instructors.sort(byName).map((p) => ({ value: p.id, label: pilotName(p) }))], '');
  instructor.dataset.testid = 'flight-instructor';
  const purpose = select(PURPOSES.map((p) => ({ value: p, label: tEnum('purpose', p) })), 'dual_training');
  purpose.dataset.testid = 'flight-purpose';
  const icao = (testid) => h('input', { type: 'text', maxlength: 4, autocomplete: 'off', spellcheck: 'false', class: 'upper', dataset: { testid }, placeholder: 'LFPN' });
  const dep = icao('flight-dep');
  const arr = icao('flight-arr');
  const now = Date.now() - 20 * 60000;
  const at = (deltaMin) => utcToWallTime(new Date(Math.floor((now + deltaMin * 60000) / 300000) * 300000));
  const dt = (testid, v) => h('input', { type: 'datetime-local', value: v, dataset: { testid } });
  const offBlock = dt('flight-off-block', at(-90));
  const takeoff = dt('flight-takeoff', at(-80));
  const landing = dt('flight-landing', at(-15));
  const onBlock = dt('flight-on-block', at(-8));
  const num = (testid, v, step = '1') => h('input', { type: 'number', min: '0', step, value: v, inputmode: step === '1' ? 'numeric' : 'decimal', dataset: { testid } });
  const night = num('flight-night', '0');
  const ifr = num('flight-ifr', '0');
  const ldgDay = num('flight-ldg-day', '1');
  const ldgNight = num('flight-ldg-night', '0');
  const hobbsStart = num('flight-hobbs-start', '', '0.1');
  const hobbsEnd = num('flight-hobbs-end', '', '0.1');
  const tachStart = num('flight-tach-start', '', '0.1');
  const tachEnd = num('flight-tach-end', '', '0.1');
  const remarks = h('textarea', { rows: 2, maxlength: 2000, dataset: { testid: 'flight-remarks' } });
  const summary = h('p.summary', { 'aria-live': 'polite' });

  aircraft.addEventListener('change', () => {
    const a = ref.aircraftById.get(aircraft.value);
    if (!a) return;
    hobbsStart.value = a.hobbs_hours.toFixed(1);
    tachStart.value = a.tach_hours.toFixed(1);
    const dur = blockMinutes();
    hobbsEnd.value = (a.hobbs_hours + Math.max(dur, 0) / 60).toFixed(1);
    tachEnd.value = (a.tach_hours + Math.max(dur, 0) / 60 * 0.85).toFixed(1);
    if (a.home_base) { if (!dep.value) dep.value = a.home_base; if (!arr.value) arr.value = a.home_base; }
  });
  function minutesBetween(a, b) {
    const x = wallTimeToUtc(a.value);
    const y = wallTimeToUtc(b.value);
    if (!x || !y) return NaN;
    return Math.round((Date.parse(y) - Date.parse(x)) / 60000);
  }
  function blockMinutes() { return minutesBetween(offBlock, onBlock); }
  function updateSummary() {
    const b = blockMinutes();
    const a = minutesBetween(takeoff, landing);
    summary.textContent = Number.isNaN(b) || Number.isNaN(a) || b < 0 || a < 0
      ? t('flights.summary_invalid')
      : t('flights.summary', { block: formatMinutes(b), air: formatMinutes(a) });
  }
  for (const el of [offBlock, takeoff, landing, onBlock]) el.addEventListener('input', updateSummary);
  updateSummary();

  const submit = button(t('flights.submit'), { kind: 'primary', type: 'submit', dataset: { testid: 'flight-submit' } });
  const tzNote = t('flights.times_hint', { tz: currentTimeZone() });
  const form = h('form.form.form-wide', { novalidate: true },
    h('fieldset.group', h('legend', t('flights.section.who')),
      h('div.grid-fields',
        field({ label: t('flights.col.aircraft'), name: 'aircraft_id', input: aircraft }),
        field({ label: t('flights.field.purpose'), name: 'purpose', input: purpose }),
        field({ label: t('flights.col.pilot'), name: 'pilot_id', input: pilot }),
        field({ label: t('flights.field.instructor'), name: 'instructor_id', input: instructor, optional: true, hint: t('flights.instructor_hint') }))),
    h('fieldset.group', h('legend', t('flights.section.route')),
      h('div.grid-fields',
        field({ label: t('flights.field.departure'), name: 'departure_icao', input: dep }),
        field({ label: t('flights.field.arrival'), name: 'arrival_icao', input: arr }))),
    h('fieldset.group', h('legend', t('flights.section.times')), h('p.hint', tzNote),
      h('div.grid-fields.grid-4.grid-times',
        field({ label: t('flights.field.off_block'), name: 'off_block_at', input: offBlock }),
        field({ label: t('flights.field.takeoff'), name: 'takeoff_at', input: takeoff }),
        field({ label: t('flights.field.landing'), name: 'landing_at', input: landing }),
        field({ label: t('flights.field.on_block'), name: 'on_block_at', input: onBlock })),
      summary,
      h('div.grid-fields.grid-4',
        field({ label: t('flights.field.night_min'), name: 'night_min', input: night }),
        field({ label: t('flights.field.ifr_min'), name: 'ifr_min', input: ifr }),
        field({ label: t('flights.field.landings_day'), name: 'landings_day', input: ldgDay }),
        field({ label: t('flights.field.landings_night'), name: 'landings_night', input: ldgNight }))),
    h('fieldset.group', h('legend', t('flights.section.meters')),
      h('div.grid-fields.grid-4',
        field({ label: t('flights.field.hobbs_start'), name: 'hobbs_start_hours', input: hobbsStart }),
        field({ label: t('flights.field.hobbs_end'), name: 'hobbs_end_hours', input: hobbsEnd }),
        field({ label: t('flights.field.tach_start'), name: 'tach_start_hours', input: tachStart }),
        field({ label: t('flights.field.tach_end'), name: 'tach_end_hours', input: tachEnd }))),
    field({ label: t('flights.field.remarks'), name: 'remarks', input: remarks, optional: true }),
    h('div.form-actions', h('a.btn.btn-secondary', { href: '#/flights' }, t('action.cancel')), submit));

  const numOrUndef = (el) => (el.value === '' ? undefined : Number(el.value));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const offUtc = wallTimeToUtc(offBlock.value);
    const body = {
      date: offUtc ? offUtc.slice(0, 10) : '',
      aircraft_id: aircraft.value, pilot_id: pilot.value, instructor_id: instructor.value || null,
      purpose: purpose.value, departure_icao: dep.value.trim().toUpperCase(), arrival_icao: arr.value.trim().toUpperCase(),
      off_block_at: offUtc || '', takeoff_at: wallTimeToUtc(takeoff.value) || '',
      landing_at: wallTimeToUtc(landing.value) || '', on_block_at: wallTimeToUtc(onBlock.value) || '',
      night_min: numOrUndef(night), ifr_min: numOrUndef(ifr), landings_day: numOrUndef(ldgDay), landings_night: numOrUndef(ldgNight),
      hobbs_start_hours: numOrUndef(hobbsStart), hobbs_end_hours: numOrUndef(hobbsEnd),
      tach_start_hours: numOrUndef(tachStart), tach_end_hours: numOrUndef(tachEnd),
      remarks: remarks.value.trim() || null,
    };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    await busy(submit, async () => {
      try {
        const f = await api.post(base, body);
        toast(t('flights.submitted', { reg: f.aircraft_registration }));
        ctx.navigate('/flights/queue');
      } catch (err) {
        if (err.field === 'date') err.field = 'off_block_at';
        showError(form, err);
      }
    });
  });
  return h('div.page',
    pageHeader({ title: t('flights.new_title'), subtitle: t('flights.new_subtitle'), crumbs: [...opsCrumbs(), { label: t('nav.flights'), href: '#/flights' }] }),
    card(null, form));
}

// ---------------------------------------------------------------- pilots & fleet
export async function pilotsView(ctx) {
  const base = `${org(ctx.org.id)}/pilots`;
  const today = new Date().toISOString().slice(0, 10);
  const list = pagedList({
    load: (cursor) => api.get(base, { cursor, limit: 25 }),
    empty: () => emptyState({ title: t('pilots.empty.title'), text: t('pilots.empty.text'), iconName: 'users' }),
    renderRows: (rows) => table({ rows,
      caption: t('pilots.title'), rowKey: (p) => p.id,
      columns: [
        { label: t('pilots.col.name'), render: (p) => h('div.cell-main', h('strong', pilotName(p)), h('span.cell-sub', p.email || '')) },
        { label: t('pilots.col.roles'), render: (p) => h('ul.chips', p.roles.map((r) => h('li.chip.chip-text', tEnum('role', r)))) },
        { label: t('pilots.col.status'), render: (p) => badge('status', p.status) },
        { label: t('pilots.col.licence'), className: 'hide-sm', render: (p) => (p.licence ? h('div.cell-main', h('span', p.licence.type), h('span.cell-sub', p.licence.number || '')) : h('span.muted', '—')) },
        { label: t('pilots.col.medical'), render: (p) => {
          if (!p.medical) return h('span.muted', '—');
          const expired = p.medical.valid_until && p.medical.valid_until < today;
          return h('div.cell-main', h('span', tEnum('medical', p.medical.class)),
            p.medical.valid_until ? h('span.cell-sub', { class: expired ? 'text-bad' : '' }, expired ? t('pilots.medical_expired', { date: formatDate(p.medical.valid_until) }) : t('pilots.medical_until', { date: formatDate(p.medical.valid_until) })) : null);
        } },
        { label: t('pilots.col.base'), className: 'hide-sm', render: (p) => (p.home_base ? h('code.mono', p.home_base) : '—') },
      ],
    }),
  });
  const actions = [];
  if (ctx.canManageOps) {
    actions.push(button(t('pilots.new'), { kind: 'primary', iconName: 'plus', dataset: { testid: 'pilot-new' },
      onClick: () => pilotDialog(ctx, base, () => { invalidateReference(ctx.org.id); list.reset(); }) }));
  }
  return h('div.page', pageHeader({ title: t('pilots.title'), subtitle: t('pilots.subtitle'), crumbs: opsCrumbs(), actions }), card(null, list));
}

// Licences and medical classes of the organisation's regime (FAA for US organisations, EASA otherwise).
const LICENCES = { easa: ['SPL', 'LAPL', 'PPL', 'CPL', 'ATPL', 'MPL'], faa: ['STUDENT', 'SPORT', 'RECREATIONAL', 'PRIVATE', 'COMMERCIAL', 'ATP'] };
const MEDICALS = { easa: ['class_1', 'class_2', 'lapl'], faa: ['class_1', 'class_2', 'class_3'] };
const regimeOf = (ctx) => (ctx.orgInfo && ctx.orgInfo.country === 'US' ? 'faa' : 'easa');
const PILOT_ROLES = ['student', 'member', 'instructor', 'examiner'];

function pilotDialog(ctx, base, done) {
  const txt = (attrs = {}) => h('input', { type: 'text', ...attrs });
  const first = txt({ maxlength: 100, autofocus: true, dataset: { testid: 'pilot-first' } });
  const last = txt({ maxlength: 100, dataset: { testid: 'pilot-last' } });
  const email = h('input', { type: 'email', maxlength: 254 });
  const phone = h('input', { type: 'tel', maxlength: 40 });
  const roleBoxes = PILOT_ROLES.map((r) => {
    const id = uid('role');
    return { r, cb: h('input', { type: 'checkbox', id, value: r, checked: r === 'student' }), id };
  });
  const roles = h('fieldset.checks.checks-inline', { dataset: { field: 'roles' } }, h('legend', t('pilots.col.roles')),
    h('p.field-error', { role: 'alert', hidden: true }),
    h('div.inline-checks', roleBoxes.map((b) => h('div.check', b.cb, h('label', { for: b.id }, tEnum('role', b.r))))));
  const regime = regimeOf(ctx);
  const licType = select([{ value: '', label: t('pilots.no_licence') }, ...LICENCES[regime].map((l) => ({ value: l, label: l }))], '');
  const licNumber = txt({ maxlength: 60 });
  const medClass = select([{ value: '', label: t('pilots.no_medical') }, ...MEDICALS[regime].map((m) => ({ value: m, label: tEnum('medical', m) }))], '');
  const medUntil = h('input', { type: 'date' });
  const birth = h('input', { type: 'date', dataset: { testid: 'pilot-dob' } });
  const homeBase = txt({ maxlength: 4, class: 'upper', placeholder: 'LFPN' });
  const form = h('form.form', { novalidate: true, id: uid('pilot') },
    h('div.grid-fields',
      field({ label: t('pilots.field.first_name'), name: 'first_name', input: first }),
      field({ label: t('pilots.field.last_name'), name: 'last_name', input: last }),
      field({ label: t('login.email'), name: 'email', input: email, optional: true }),
      field({ label: t('pilots.field.phone'), name: 'phone', input: phone, optional: true }),
      field({ label: t('pilots.field.date_of_birth'), name: 'date_of_birth', input: birth, optional: true })),
    roles,
    h('div.grid-fields',
      field({ label: t('pilots.col.licence'), name: 'licence.type', input: licType, optional: true }),
      field({ label: t('pilots.field.licence_number'), name: 'licence.number', input: licNumber, optional: true }),
      field({ label: t('pilots.col.medical'), name: 'medical.class', input: medClass, optional: true }),
      field({ label: t('pilots.field.medical_until'), name: 'medical.valid_until', input: medUntil, optional: true }),
      field({ label: t('pilots.col.base'), name: 'home_base', input: homeBase, optional: true })));
  const submit = button(t('pilots.create'), { kind: 'primary', type: 'submit', dataset: { testid: 'pilot-create' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: t('pilots.new'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'md' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {
      first_name: first.value.trim(), last_name: last.value.trim(),
      email: email.value.trim() || null, phone: phone.value.trim() || null,
      roles: roleBoxes.filter((b) => b.cb.checked).map((b) => b.r),
      licence: licType.value ? { type: licType.value, number: licNumber.value.trim() || null } : null,
      medical: medClass.value ? { class: medClass.value, valid_until: medUntil.value || null } : null,
      home_base: homeBase.value.trim().toUpperCase() || null,
      date_of_birth: birth.value || null,
    };
    await busy(submit, async () => {
      try {
        const p = await api.post(base, body);
        d.close();
        toast(t('pilots.created', { name: pilotName(p) }));
        done();
      } catch (err) {
        if (err.field && err.field.startsWith('roles')) err.field = 'roles';
        showError(form, err);
      }
    });
  });
}

export async function fleetView(ctx) {
  const base = `${org(ctx.org.id)}/fleet`;
  const list = pagedList({
    load: (cursor) => api.get(base, { cursor, limit: 25 }),
    empty: () => emptyState({ title: t('fleet.empty.title'), text: t('fleet.empty.text'), iconName: 'fleet' }),
    renderRows: (rows) => table({ rows,
      caption: t('fleet.title'), rowKey: (a) => a.id,
      columns: [
        { label: t('fleet.col.registration'), render: (a) => h('div.cell-main', h('strong.mono', a.registration), h('span.cell-sub', a.icao_type)) },
        { label: t('fleet.col.model'), render: (a) => h('div.cell-main', h('span', `${a.make} ${a.model}`), h('span.cell-sub', [a.year ? formatNumber(a.year, { useGrouping: false }) : null, tp('fleet.seats', a.seats)].filter(Boolean).join(' · '))) },
        { label: t('fleet.col.status'), render: (a) => badge('status', a.status) },
        { label: t('fleet.col.airworthiness'), className: 'hide-sm', render: (a) => badge('status', a.airworthiness) },
        { label: t('fleet.col.hobbs'), className: 'num', render: (a) => formatHours(a.hobbs_hours) },
        { label: t('fleet.col.tach'), className: 'num hide-sm', render: (a) => formatHours(a.tach_hours) },
        { label: t('fleet.col.base'), className: 'hide-sm', render: (a) => (a.home_base ? h('code.mono', a.home_base) : '—') },
      ],
    }),
  });
  const actions = [];
  if (ctx.canManageOps) {
    actions.push(button(t('fleet.new'), { kind: 'primary', iconName: 'plus', dataset: { testid: 'aircraft-new' },
      onClick: () => aircraftDialog(base, () => { invalidateReference(ctx.org.id); list.reset(); }) }));
  }
  return h('div.page', pageHeader({ title: t('fleet.title'), subtitle: t('fleet.subtitle'), crumbs: opsCrumbs(), actions }), card(null, list));
}

function aircraftDialog(base, done) {
  const txt = (attrs = {}) => h('input', { type: 'text', ...attrs });
  const reg = txt({ maxlength: 10, class: 'upper', placeholder: 'F-GABC', autofocus: true, dataset: { testid: 'aircraft-reg' } });
  const type = txt({ maxlength: 4, class: 'upper', placeholder: 'C172', dataset: { testid: 'aircraft-type' } });
  const make = txt({ maxlength: 100, dataset: { testid: 'aircraft-make' } });
  const model = txt({ maxlength: 100, dataset: { testid: 'aircraft-model' } });
  const year = h('input', { type: 'number', min: '1903', max: '2100', step: '1' });
  const seats = h('input', { type: 'number', min: '1', max: '20', step: '1', value: '4', dataset: { testid: 'aircraft-seats' } });
  const status = select(['available', 'maintenance', 'grounded'].map((v) => ({ value: v, label: tEnum('status', v) })), 'available');
  const airworthiness = select(['airworthy', 'not_airworthy'].map((v) => ({ value: v, label: tEnum('status', v) })), 'airworthy');
  const hobbs = h('input', { type: 'number', min: '0', step: '0.1', value: '0' });
  const tach = h('input', { type: 'number', min: '0', step: '0.1', value: '0' });
  const homeBase = txt({ maxlength: 4, class: 'upper', placeholder: 'LFPN' });
  const form = h('form.form', { novalidate: true, id: uid('acft') },
    h('div.grid-fields',
      field({ label: t('fleet.col.registration'), name: 'registration', input: reg }),
      field({ label: t('fleet.field.icao_type'), name: 'icao_type', input: type }),
      field({ label: t('fleet.field.make'), name: 'make', input: make }),
      field({ label: t('fleet.field.model'), name: 'model', input: model }),
      field({ label: t('fleet.field.year'), name: 'year', input: year, optional: true }),
      field({ label: t('fleet.field.seats'), name: 'seats', input: seats }),
      field({ label: t('fleet.col.status'), name: 'status', input: status }),
      field({ label: t('fleet.col.airworthiness'), name: 'airworthiness', input: airworthiness }),
      field({ label: t('fleet.col.hobbs'), name: 'hobbs_hours', input: hobbs }),
      field({ label: t('fleet.col.tach'), name: 'tach_hours', input: tach }),
      field({ label: t('fleet.col.base'), name: 'home_base', input: homeBase, optional: true })));
  const submit = button(t('fleet.create'), { kind: 'primary', type: 'submit', dataset: { testid: 'aircraft-create' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: t('fleet.new'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'md' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const num = (el) => (el.value === '' ? undefined : Number(el.value));
    const body = {
      registration: reg.value.trim().toUpperCase(), icao_type: type.value.trim().toUpperCase(),
      make: make.value.trim(), model: model.value.trim(), year: num(year) ?? null, seats: num(seats),
      status: status.value, airworthiness: airworthiness.value, hobbs_hours: num(hobbs), tach_hours: num(tach),
      home_base: homeBase.value.trim().toUpperCase() || null,
    };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    await busy(submit, async () => {
      try {
        const a = await api.post(base, body);
        d.close();
        toast(t('fleet.created', { reg: a.registration }));
        done();
      } catch (err) { showError(form, err); }
    });
  });
}
