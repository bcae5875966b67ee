// Planning: a timeline per aircraft for a day or a week (rows = aircraft, time runs left to right),
// booking, moving and cancelling sessions. A clash answered 409 is shown next to the field it concerns.
import { api, org } from './api.js';
import { t, tEnum, formatDateTime, formatTime, wallTimeToUtc, utcToWallTime, currentLocale } from './i18n.js';
import {
  h, clear, button, busy, field, showError, clearErrors, setFieldError, toast, openDialog, pageHeader, card, uid,
  select, loading, errorPanel, confirmDialog,
} from './ui.js';

const KINDS = ['flight', 'ground', 'simulator', 'maintenance_block'];
const STATUSES = ['scheduled', 'confirmed', 'completed', 'cancelled', 'no_show'];
const DAY_MS = 24 * 3600 * 1000;
const view = { mode: 'day', day: null }; // day: YYYY-MM-DD in the organisation's time zone

// ---------------------------------------------------------------- dates (organisation time zone)
const today = () => utcToWallTime(new Date()).slice(0, 10);
function addDays(ymd, n) {
  const d = new Date(`${ymd}T00:00:00Z`);
  return new Date(d.getTime() + n * DAY_MS).toISOString().slice(0, 10);
}
function mondayOf(ymd) {
  const dow = (new Date(`${ymd}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(ymd, -dow);
}
// The window shown: [start, end) as instants, and its days.
function windowOf(mode, ymd) {
  const first = mode === 'week' ? mondayOf(ymd) : ymd;
  const days = Array.from({ length: mode === 'week' ? 7 : 1 }, (_, i) => addDays(first, i));
  const start = wallTimeToUtc(`${first}T00:00`);
  const end = wallTimeToUtc(`${addDays(first, days.length)}T00:00`);
  return { days, start, end, startMs: Date.parse(start), endMs: Date.parse(end) };
}
const dayLabel = (ymd, opts) => new Intl.DateTimeFormat(currentLocale() === 'fr' ? 'fr-FR' : 'en-GB',
  { timeZone: 'UTC', ...opts }).format(new Date(`${ymd}T00:00:00Z`));

const personName = (p) => (p ? `${p.first_name} ${p.last_name}` : '');

// ---------------------------------------------------------------- the view
export async function planningView(ctx) {
  // #/planning?day=YYYY-MM-DD&mode=week opens that day or week (links, tests).
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  if (/^\d{4}-\d{2}-\d{2}$/.test(q.get('day') || '')) view.day = q.get('day');
  if (['day', 'week'].includes(q.get('mode'))) view.mode = q.get('mode');
  if (!view.day) view.day = today();
  const base = `${org(ctx.org.id)}/planning/sessions`;
  const [fleet, pilots] = await Promise.all([api.getAll(`${org(ctx.org.id)}/fleet`), api.getAll(`${org(ctx.org.id)}/pilots`)]);
  const ref = { fleet, pilots, pilotById: new Map(pilots.map((p) => [p.id, p])), aircraftById: new Map(fleet.map((a) => [a.id, a])) };

  const board = h('div.planning-board', { dataset: { testid: 'planning-board' } });
  const rangeLabel = h('span.planning-range', { dataset: { testid: 'planning-range' } });
  const modeBtn = (mode) => button(t(`planning.mode.${mode}`), {
    small: true, kind: view.mode === mode ? 'primary' : 'secondary', dataset: { testid: `planning-mode-${mode}` },
    'aria-pressed': String(view.mode === mode), onClick: () => { view.mode = mode; ctx.navigate(`/planning?day=${view.day}&mode=${mode}`); },
  });
  const step = (n) => () => { view.day = addDays(view.day, n * (view.mode === 'week' ? 7 : 1)); refresh(); };
  const toolbar = h('div.planning-toolbar',
    h('div.planning-modes', { role: 'group', 'aria-label': t('planning.mode.label') }, modeBtn('day'), modeBtn('week')),
    h('div.planning-nav',
      button(t('planning.previous'), { small: true, iconName: 'chevron-left', dataset: { testid: 'planning-prev' }, onClick: step(-1) }),
      button(t('planning.today'), { small: true, dataset: { testid: 'planning-today' }, onClick: () => { view.day = today(); refresh(); } }),
      button(t('planning.next'), { small: true, dataset: { testid: 'planning-next' }, onClick: step(1) })),
    rangeLabel);

  async function refresh() {
    history.replaceState(null, '', `#/planning?day=${view.day}&mode=${view.mode}`);
    const win = windowOf(view.mode, view.day);
    rangeLabel.textContent = win.days.length === 1
      ? dayLabel(win.days[0], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
      : `${dayLabel(win.days[0], { day: 'numeric', month: 'short' })} – ${dayLabel(win.days[6], { day: 'numeric', month: 'short', year: 'numeric' })}`;
    board.setAttribute('aria-busy', 'true');
    clear(board).append(loading());
    try {
      const sessions = await api.getAll(base, { from: win.start, to: win.end }, 20);
      clear(board).append(timeline(win, sessions));
    } catch (err) {
      clear(board).append(errorPanel(err, refresh));
    } finally {
      board.removeAttribute('aria-busy');
    }
  }

  function openSession(s) {
    if (!ctx.canReview) return;
    sessionDialog({ base, ref, session: s, onDone: refresh });
  }

  function timeline(win, sessions) {
    const span = win.endMs - win.startMs;
    const pos = (iso) => Math.min(100, Math.max(0, ((Date.parse(iso) - win.startMs) / span) * 100));
    const axis = h('div.planning-axis', { 'aria-hidden': 'true' });
    const ticks = win.days.length === 1
      ? Array.from({ length: 12 }, (_, i) => ({ at: wallTimeToUtc(`${win.days[0]}T${String(i * 2).padStart(2, '0')}:00`), label: `${String(i * 2).padStart(2, '0')}:00` }))
      : win.days.map((d) => ({ at: wallTimeToUtc(`${d}T00:00`), label: dayLabel(d, { weekday: 'short', day: 'numeric' }) }));
    for (const tk of ticks) {
      const el = h('span.planning-tick', tk.label);
      el.style.setProperty('--at', pos(tk.at).toFixed(3));
      axis.append(el);
    }
    const rows = [...ref.fleet.map((a) => ({ id: a.id, label: a.registration, sub: a.icao_type, aircraft: a })),
      { id: '', label: t('planning.row.no_aircraft'), sub: t('planning.row.no_aircraft_sub') }];
    const byRow = new Map(rows.map((r) => [r.id, []]));
    for (const s of sessions) (byRow.get(s.aircraft_id || '') || byRow.get('')).push(s);
    const grid = h('div.planning-grid', { role: 'list', 'aria-label': t('planning.title'), class: `mode-${view.mode}` },
      h('div.planning-row.planning-head', h('div.planning-label'), axis));
    for (const r of rows) {
      const track = h('div.planning-track');
      for (const tk of ticks) {
        const line = h('span.planning-gridline', { 'aria-hidden': 'true' });
        line.style.setProperty('--at', pos(tk.at).toFixed(3));
        track.append(line);
      }
      for (const s of byRow.get(r.id)) track.append(block(s, pos));
      const notAirworthy = r.aircraft && r.aircraft.airworthiness === 'not_airworthy';
      grid.append(h('div.planning-row', { role: 'listitem', dataset: { aircraft: r.id || 'none' } },
        h('div.planning-label', h('strong', { class: r.aircraft ? 'mono' : '' }, r.label), h('span.cell-sub', r.sub),
          notAirworthy ? h('span.badge.tone-red', tEnum('status', 'not_airworthy')) : null),
        track));
    }
    return h('div.planning-scroll', grid);
  }

  function block(s, pos) {
    const start = pos(s.start_at);
    const width = Math.max(0.6, pos(s.end_at) - start);
    const who = [personName(ref.pilotById.get(s.student_id)), personName(ref.pilotById.get(s.instructor_id))].filter(Boolean).join(' · ');
    const title = `${tEnum('planning.kind', s.kind)} · ${formatTime(s.start_at)}–${formatTime(s.end_at)}${who ? ` · ${who}` : ''} · ${tEnum('planning.status', s.status)}`;
    const el = h('button.planning-block', {
      type: 'button', title, 'aria-label': title,
      class: `kind-${s.kind} status-${s.status}`,
      dataset: { testid: 'planning-block', id: s.id, kind: s.kind, status: s.status },
      on: { click: () => openSession(s) },
    }, h('span.planning-block-time', `${formatTime(s.start_at)}–${formatTime(s.end_at)}`),
    h('span.planning-block-text', who || tEnum('planning.kind', s.kind)));
    el.style.setProperty('--start', start.toFixed(3));
    el.style.setProperty('--width', width.toFixed(3));
    if (!ctx.canReview) el.disabled = true;
    return el;
  }

  const actions = [];
  if (ctx.canReview) {
    actions.push(button(t('planning.new'), { kind: 'primary', iconName: 'plus', dataset: { testid: 'planning-new' },
      onClick: () => sessionDialog({ base, ref, day: view.day, onDone: refresh }) }));
  }
  const legend = h('ul.planning-legend', KINDS.map((k) => h('li', h('span.planning-swatch', { class: `kind-${k}`, 'aria-hidden': 'true' }), tEnum('planning.kind', k))),
    h('li', h('span.planning-swatch.status-cancelled', { 'aria-hidden': 'true' }), tEnum('planning.status', 'cancelled')));
  refresh();
  return h('div.page', pageHeader({ title: t('planning.title'), subtitle: t('planning.subtitle'), crumbs: [{ label: t('nav.group.operations') }], actions }),
    card(null, toolbar, board, legend));
}

// ---------------------------------------------------------------- booking dialog
function sessionDialog({ base, ref, session, day, onDone }) {
  const editing = Boolean(session);
  const optionList = (items, label, value) => {
    const el = select([{ value: '', label: t('planning.none') }, ...items.map((x) => ({ value: x.id, label: label(x) }))], value || '');
    return el;
  };
  const kind = select(KINDS.map((k) => ({ value: k, label: tEnum('planning.kind', k) })), editing ? session.kind : 'flight');
  kind.dataset.testid = 'planning-kind';
  const defaultStart = `${day || today()}T09:00`;
  const start = h('input', { type: 'datetime-local', required: true, dataset: { testid: 'planning-start' },
    value: editing ? utcToWallTime(new Date(session.start_at)) : defaultStart });
  const end = h('input', { type: 'datetime-local', required: true, dataset: { testid: 'planning-end' },
    value: editing ? utcToWallTime(new Date(session.end_at)) : `${day || today()}T10:00` });
  const bookable = ref.fleet.find((a) => a.airworthiness !== 'not_airworthy');
  const aircraft = optionList(ref.fleet, (a) => `${a.registration} · ${a.icao_type}`, editing ? session.aircraft_id : (bookable && bookable.id));
  aircraft.dataset.testid = 'planning-aircraft';
  const instructor = optionList(ref.pilots.filter((p) => (p.roles || []).includes('instructor')), personName, editing ? session.instructor_id : '');
  instructor.dataset.testid = 'planning-instructor';
  const student = optionList(ref.pilots, personName, editing ? session.student_id : '');
  student.dataset.testid = 'planning-student';
  const status = select(STATUSES.map((s) => ({ value: s, label: tEnum('planning.status', s) })), editing ? session.status : 'scheduled');
  const notes = h('textarea', { rows: 2, maxlength: 2000, value: editing && session.notes ? session.notes : '' });
  const form = h('form.form', { novalidate: true, id: uid('ps') },
    h('div.grid-fields',
      field({ label: t('planning.field.kind'), name: 'kind', input: kind }),
      field({ label: t('planning.field.aircraft'), name: 'aircraft_id', input: aircraft, optional: true }),
      field({ label: t('planning.field.start'), name: 'start_at', input: start }),
      field({ label: t('planning.field.end'), name: 'end_at', input: end }),
      field({ label: t('planning.field.instructor'), name: 'instructor_id', input: instructor, optional: true }),
      field({ label: t('planning.field.student'), name: 'student_id', input: student, optional: true }),
      editing ? field({ label: t('planning.field.status'), name: 'status', input: status }) : null,
      field({ label: t('planning.field.notes'), name: 'notes', input: notes, optional: true })));
  const submit = button(editing ? t('action.save') : t('planning.create'), { kind: 'primary', type: 'submit', dataset: { testid: 'planning-save' } });
  submit.setAttribute('form', form.id);
  const extra = [];
  if (editing && session.status !== 'cancelled') {
    extra.push(button(t('planning.cancel_booking'), { kind: 'danger', dataset: { testid: 'planning-cancel-booking' },
      onClick: async (e) => {
        const ok = await confirmDialog({ title: t('planning.cancel_booking'), message: t('planning.cancel_confirm'), confirmLabel: t('planning.cancel_booking'), danger: true });
        if (!ok) return;
        await busy(e.currentTarget, async () => {
          try {
            await api.patch(`${base}/${encodeURIComponent(session.id)}`, { status: 'cancelled' });
            d.close();
            toast(t('planning.cancelled'));
            onDone();
          } catch (err) { await explain(form, err, base); }
        });
      } }));
  }
  const d = openDialog({ title: editing ? t('planning.edit') : t('planning.new'), body: form, size: 'md',
    actions: [...extra, button(t('action.close'), { onClick: () => d.close() }), submit] });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const startAt = wallTimeToUtc(start.value);
    const endAt = wallTimeToUtc(end.value);
    if (!startAt) { setFieldError(form, 'start_at', t('error.required')); return; }
    if (!endAt) { setFieldError(form, 'end_at', t('error.required')); return; }
    const noAircraft = kind.value === 'ground' || kind.value === 'simulator';
    const noPeople = kind.value === 'maintenance_block';
    const body = {
      kind: kind.value, start_at: startAt, end_at: endAt,
      aircraft_id: noAircraft ? null : (aircraft.value || null),
      instructor_id: noPeople ? null : (instructor.value || null),
      student_id: noPeople ? null : (student.value || null),
      notes: notes.value.trim() || null,
    };
    if (editing) body.status = status.value;
    await busy(submit, async () => {
      try {
        if (editing) await api.patch(`${base}/${encodeURIComponent(session.id)}`, body);
        else await api.post(base, body);
        d.close();
        toast(editing ? t('planning.saved') : t('planning.created'));
        onDone();
      } catch (err) { await explain(form, err, base); }
    });
  });
}

// Shows an error where it happens: a clash names the other booking's time next to the field that clashes.
async function explain(form, err, base) {
  const other = err && err.code === 'conflict' && err.problem && err.problem.conflicting_session_id;
  if (other && err.field) {
    let when = '';
    try {
      const s = await api.get(`${base}/${encodeURIComponent(other)}`);
      when = `${formatDateTime(s.start_at)}–${formatTime(s.end_at)}`;
    } catch { when = ''; }
    const key = err.field === 'instructor_id' ? 'planning.conflict.instructor' : 'planning.conflict.aircraft';
    setFieldError(form, err.field, when ? t(key, { when }) : t(`${key}_unknown`));
    const slot = form.querySelector(`[data-field="${err.field}"] .field-error`);
    if (slot) slot.dataset.testid = 'planning-conflict';
    return;
  }
  if (err && err.code === 'validation_failed' && err.field === 'aircraft_id' && /not airworthy/.test(err.message)) {
    setFieldError(form, 'aircraft_id', t('planning.error.not_airworthy'));
    return;
  }
  if (err && err.code === 'validation_failed' && err.field === 'student_id' && /medical/.test(err.message)) {
    setFieldError(form, 'student_id', t('planning.error.medical'));
    return;
  }
  showError(form, err);
}
