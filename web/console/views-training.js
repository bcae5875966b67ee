// Training: programmes (syllabus and minimums), enrolments with progress, and a student's progress page
// where an instructor records lessons and signs them with the school's Ed25519 key.
import { api, org } from './api.js';
import { t, tEnum, formatDate, formatDateTime, formatHours, formatNumber } from './i18n.js';
import {
  h, badge, button, busy, field, showError, clearErrors, toast, openDialog, confirmDialog, table, pagedList,
  emptyState, pageHeader, card, dl, uid, select, mono,
} from './ui.js';

const REGIMES = ['easa', 'faa'];
const KINDS = ['ground', 'flight', 'simulator', 'stage_check'];
const RESULTS = ['satisfactory', 'unsatisfactory', 'incomplete'];
const STATUSES = ['active', 'on_hold', 'completed', 'withdrawn'];
const MINUTE_KEYS = ['total', 'dual', 'solo', 'solo_xc', 'night', 'sim'];
const STATUS_TONES = { active: 'green', on_hold: 'amber', completed: 'blue', withdrawn: 'gray' };
const RESULT_TONES = { satisfactory: 'green', unsatisfactory: 'red', incomplete: 'amber' };
// Allowed status changes (mirrors the server, which decides).
const NEXT_STATUSES = { active: ['on_hold', 'completed', 'withdrawn'], on_hold: ['active', 'withdrawn'] };

const trCrumbs = () => [{ label: t('tr.group'), href: '#/training' }];
const statusBadge = (s) => badge('tr.status', s, STATUS_TONES[s]);
const resultBadge = (r) => badge('tr.result', r, RESULT_TONES[r]);
const hours = (min) => formatHours(min / 60);
const personName = (p) => (p ? `${p.first_name} ${p.last_name}` : '');

// "12 / 31" with a <progress> bar (no inline style: CSP).
function progressBar(done, total, label, testid) {
  return h('div.tr-progress', { dataset: testid ? { testid } : {} },
    h('progress.tr-bar', { max: Math.max(total, 1), value: Math.min(done, Math.max(total, 1)), 'aria-label': label }),
    h('span.tr-progress-text', t('tr.progress.lessons', { done: formatNumber(done), total: formatNumber(total) })));
}

function minuteBar(key, m) {
  const label = tEnum('tr.minutes', key);
  return h('div.tr-minute', { dataset: { testid: 'tr-minimum', key } },
    h('div.tr-minute-head', h('span', label),
      h('span.tr-minute-text', m.required_min
        ? t('tr.minutes.of', { logged: hours(m.logged_min), required: hours(m.required_min) })
        : t('tr.minutes.logged', { logged: hours(m.logged_min) }))),
    m.required_min
      ? h('progress.tr-bar', { max: m.required_min, value: Math.min(m.logged_min, m.required_min), 'aria-label': label })
      : null,
    m.required_min && m.remaining_min ? h('span.cell-sub', t('tr.minutes.remaining', { n: hours(m.remaining_min) })) : null);
}

// ---------------------------------------------------------------- programmes
export async function programsView(ctx) {
  const base = `${org(ctx.org.id)}/training/programs`;
  const res = await api.get(base);
  const rows = res.data || [];
  const list = rows.length
    ? table({ rows, caption: t('tr.programs.title'), rowKey: (p) => p.id, columns: [
      { label: t('tr.col.code'), render: (p) => h('a.mono', { href: `#/training/programs/${p.id}`, dataset: { testid: 'tr-program-link' } }, p.code) },
      { label: t('tr.col.name'), render: (p) => p.name },
      { label: t('tr.col.regime'), render: (p) => badge('tr.regime', p.regime, p.regime === 'easa' ? 'blue' : 'gray') },
      { label: t('tr.col.lessons'), className: 'num', render: (p) => formatNumber(p.lesson_count) },
      { label: t('tr.col.min_total'), className: 'num hide-sm', render: (p) => t('tr.hours', { n: hours(p.minimums.total_min) }) },
    ] })
    : emptyState({ title: t('tr.programs.empty'), iconName: 'inbox' });
  const actions = [button(t('tr.enrollments.title'), { iconName: 'users', onClick: () => ctx.navigate('/training/enrollments') })];
  if (ctx.canReview) {
    actions.push(button(t('tr.programs.new'), { kind: 'primary', iconName: 'plus', dataset: { testid: 'tr-program-new' },
      onClick: () => programDialog(ctx, base) }));
  }
  return h('div.page', pageHeader({ title: t('tr.programs.title'), subtitle: t('tr.programs.subtitle'), crumbs: trCrumbs(), actions }),
    card(null, list));
}

// Lessons are entered one per line: "CODE Title" (kind flight) or "CODE | Title | kind".
function parseLessons(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const parts = line.split('|').map((p) => p.trim());
    if (parts.length >= 2) return { code: parts[0], title: parts[1], kind: parts[2] || 'flight' };
    const sp = line.indexOf(' ');
    return sp < 0 ? { code: line, title: line } : { code: line.slice(0, sp), title: line.slice(sp + 1).trim() };
  });
}

function programDialog(ctx, base) {
  const code = h('input', { type: 'text', maxlength: 40, autofocus: true, dataset: { testid: 'tr-program-code' } });
  const name = h('input', { type: 'text', maxlength: 200, dataset: { testid: 'tr-program-name' } });
  const regime = select(REGIMES.map((r) => ({ value: r, label: tEnum('tr.regime', r) })), (ctx.orgInfo && ctx.orgInfo.country) === 'US' ? 'faa' : 'easa');
  const mins = Object.fromEntries(MINUTE_KEYS.map((k) => [k, h('input', { type: 'number', min: '0', step: '0.5', value: '' })]));
  const lessons = h('textarea', { rows: 6, dataset: { testid: 'tr-program-lessons' } });
  const form = h('form.form', { novalidate: true, id: uid('tp') },
    h('div.grid-fields',
      field({ label: t('tr.field.code'), name: 'code', input: code }),
      field({ label: t('tr.field.name'), name: 'name', input: name }),
      field({ label: t('tr.field.regime'), name: 'regime', input: regime }),
      ...MINUTE_KEYS.map((k) => field({ label: t('tr.field.min_hours', { what: tEnum('tr.minutes', k) }), name: `minimums.${k}_min`, input: mins[k], optional: true }))),
    field({ label: t('tr.field.lessons'), name: 'lessons', input: lessons, hint: t('tr.field.lessons_hint'), optional: true }));
  const submit = button(t('tr.programs.create'), { kind: 'primary', type: 'submit', dataset: { testid: 'tr-program-save' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: t('tr.programs.new'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'md' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const minimums = {};
    for (const k of MINUTE_KEYS) if (mins[k].value !== '') minimums[`${k}_min`] = Math.round(Number(mins[k].value) * 60);
    const payload = { code: code.value.trim(), name: name.value.trim(), regime: regime.value, minimums, lessons: parseLessons(lessons.value) };
    await busy(submit, async () => {
      try {
        const created = await api.post(base, payload);
        d.close();
        toast(t('tr.programs.created'));
        ctx.navigate(`/training/programs/${created.id}`);
      } catch (err) { showError(form, err); }
    });
  });
}

export async function programDetailView(ctx) {
  const p = await api.get(`${org(ctx.org.id)}/training/programs/${encodeURIComponent(ctx.params.id)}`);
  const m = p.minimums;
  const lessons = p.lessons || [];
  return h('div.page', pageHeader({ title: p.name, subtitle: p.description || '', crumbs: [...trCrumbs(), { label: p.code }] }),
    card(t('tr.minimums.title'), dl([
      [t('tr.field.regime'), badge('tr.regime', p.regime, p.regime === 'easa' ? 'blue' : 'gray')],
      ...MINUTE_KEYS.map((k) => [tEnum('tr.minutes', k), t('tr.hours', { n: hours(m[`${k}_min`]) })]),
    ])),
    card(t('tr.lessons.title'), lessons.length ? table({ rows: lessons, caption: t('tr.lessons.title'), rowKey: (l) => l.id, columns: [
      { label: '#', className: 'num', render: (l) => formatNumber(l.position) },
      { label: t('tr.col.code'), render: (l) => mono(l.code) },
      { label: t('tr.col.lesson'), render: (l) => h('div.cell-main', h('span', l.title), l.exercises.length ? h('span.cell-sub', l.exercises.join(' · ')) : null) },
      { label: t('tr.col.kind'), render: (l) => tEnum('tr.kind', l.kind) },
      { label: t('tr.col.planned_dual'), className: 'num hide-sm', render: (l) => (l.planned_dual_min ? t('tr.hours', { n: hours(l.planned_dual_min) }) : '—') },
      { label: t('tr.col.planned_solo'), className: 'num hide-sm', render: (l) => (l.planned_solo_min ? t('tr.hours', { n: hours(l.planned_solo_min) }) : '—') },
    ] }) : emptyState({ title: t('tr.lessons.empty'), iconName: 'inbox' })));
}

// ---------------------------------------------------------------- enrolments
export async function enrollmentsView(ctx) {
  const base = `${org(ctx.org.id)}/training/enrollments`;
  const programs = (await api.get(`${org(ctx.org.id)}/training/programs`)).data || [];
  const status = select([{ value: '', label: t('tr.filter.all_statuses') }, ...STATUSES.map((s) => ({ value: s, label: tEnum('tr.status', s) }))], '');
  status.setAttribute('aria-label', t('tr.col.status'));
  status.dataset.testid = 'tr-status-filter';
  const program = select([{ value: '', label: t('tr.filter.all_programs') }, ...programs.map((p) => ({ value: p.id, label: p.code }))], '');
  program.setAttribute('aria-label', t('tr.col.program'));
  const list = pagedList({
    load: (cursor) => api.get(base, { cursor, limit: 25, status: status.value || undefined, program_id: program.value || undefined }),
    empty: () => emptyState({ title: t('tr.enrollments.empty'), iconName: 'users' }),
    renderRows: (rows) => table({ rows, caption: t('tr.enrollments.title'), rowKey: (e) => e.id, columns: [
      { label: t('tr.col.student'), render: (e) => h('a', { href: `#/training/enrollments/${e.id}`, dataset: { testid: 'tr-enrollment-link', status: e.status } }, e.student_name) },
      { label: t('tr.col.program'), render: (e) => mono(e.program_code) },
      { label: t('tr.col.status'), render: (e) => statusBadge(e.status) },
      { label: t('tr.col.progress'), render: (e) => progressBar(e.progress.lessons_completed, e.progress.lessons_total, t('tr.col.progress')) },
      { label: t('tr.col.hours'), className: 'num hide-sm', render: (e) => t('tr.minutes.of', { logged: hours(e.progress.minutes.total.logged_min), required: hours(e.progress.minutes.total.required_min) }) },
      { label: t('tr.col.next'), className: 'hide-sm', render: (e) => (e.progress.next_lesson ? `${e.progress.next_lesson.code} · ${e.progress.next_lesson.title}` : '—') },
    ] }),
  });
  status.addEventListener('change', () => list.reset());
  program.addEventListener('change', () => list.reset());
  const actions = ctx.canReview
    ? [button(t('tr.enrollments.new'), { kind: 'primary', iconName: 'plus', dataset: { testid: 'tr-enroll-new' }, onClick: () => enrollDialog(ctx, base, programs) })]
    : [];
  return h('div.page', pageHeader({ title: t('tr.enrollments.title'), subtitle: t('tr.enrollments.subtitle'), crumbs: trCrumbs(), actions }),
    card(null, h('div.toolbar', status, program), list));
}

async function enrollDialog(ctx, base, programs) {
  const pilots = await api.getAll(`${org(ctx.org.id)}/pilots`);
  const students = pilots.filter((p) => (p.roles || []).includes('student'));
  const instructors = pilots.filter((p) => (p.roles || []).includes('instructor'));
  const student = select(students.map((p) => ({ value: p.id, label: personName(p) })), '');
  student.dataset.testid = 'tr-enroll-student';
  const program = select(programs.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` })), '');
  const instructor = select([{ value: '', label: '—' }, ...instructors.map((p) => ({ value: p.id, label: personName(p) }))], '');
  const started = h('input', { type: 'date', value: new Date().toISOString().slice(0, 10) });
  const form = h('form.form', { novalidate: true, id: uid('enr') },
    field({ label: t('tr.col.student'), name: 'student_id', input: student }),
    field({ label: t('tr.col.program'), name: 'program_id', input: program }),
    field({ label: t('tr.field.primary_instructor'), name: 'primary_instructor_id', input: instructor, optional: true }),
    field({ label: t('tr.field.started_on'), name: 'started_on', input: started }));
  const submit = button(t('tr.enrollments.create'), { kind: 'primary', type: 'submit', dataset: { testid: 'tr-enroll-save' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: t('tr.enrollments.new'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'md' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    await busy(submit, async () => {
      try {
        const created = await api.post(base, { student_id: student.value, program_id: program.value,
          primary_instructor_id: instructor.value || null, started_on: started.value || null });
        d.close();
        toast(t('tr.enrollments.created'));
        ctx.navigate(`/training/enrollments/${created.id}`);
      } catch (err) { showError(form, err); }
    });
  });
}

// ---------------------------------------------------------------- a student's progress
export async function enrollmentProgressView(ctx) {
  const base = `${org(ctx.org.id)}/training`;
  const url = `${base}/enrollments/${encodeURIComponent(ctx.params.id)}`;
  const detail = await api.get(url);
  const e = detail.enrollment;
  const pilots = await api.getAll(`${org(ctx.org.id)}/pilots`);
  const pilotById = new Map(pilots.map((p) => [p.id, p]));
  const instructors = pilots.filter((p) => (p.roles || []).includes('instructor') && p.licence && p.licence.number);
  const reload = () => ctx.navigate(`/training/enrollments/${e.id}`);

  const actions = [];
  if (ctx.canReview && e.status === 'active') {
    actions.push(button(t('tr.record.new'), { kind: 'primary', iconName: 'plus', dataset: { testid: 'tr-record-new' },
      onClick: () => recordDialog(ctx, detail, reload) }));
  }
  if (ctx.canReview) {
    for (const next of NEXT_STATUSES[e.status] || []) {
      actions.push(button(t(`tr.status_action.${next}`), { small: true, dataset: { testid: `tr-status-${next}` }, onClick: async () => {
        if (!await confirmDialog({ title: t(`tr.status_action.${next}`), message: t('tr.status_confirm', { student: e.student_name, status: tEnum('tr.status', next) }), confirmLabel: t(`tr.status_action.${next}`) })) return;
        await api.patch(url, { status: next });
        toast(t('tr.status_changed'));
        reload();
      } }));
    }
  }
  const p = e.progress;
  const summary = card(null,
    dl([
      [t('tr.col.program'), h('a', { href: `#/training/programs/${e.program_id}` }, `${e.program_code} · ${e.program_name}`)],
      [t('tr.col.status'), statusBadge(e.status)],
      [t('tr.field.started_on'), formatDate(e.started_on)],
      e.completed_on ? [t('tr.field.completed_on'), formatDate(e.completed_on)] : null,
      [t('tr.field.primary_instructor'), personName(pilotById.get(e.primary_instructor_id)) || '—'],
      [t('tr.col.next'), p.next_lesson ? `${p.next_lesson.code} · ${p.next_lesson.title}` : t('tr.all_done')],
    ]),
    progressBar(p.lessons_completed, p.lessons_total, t('tr.col.progress'), 'tr-lessons-progress'));
  const minimums = card(t('tr.minimums.title'), h('div.tr-minutes', MINUTE_KEYS.map((k) => minuteBar(k, p.minutes[k]))));

  const rows = detail.lessons;
  const lessonsTable = table({ rows, caption: t('tr.lessons.title'), rowKey: (l) => l.lesson.id, className: 'tr-lessons', columns: [
    { label: '#', className: 'num', render: (l) => formatNumber(l.lesson.position) },
    { label: t('tr.col.lesson'), render: (l) => h('div.cell-main', h('span', h('code.mono', l.lesson.code), ' ', l.lesson.title), h('span.cell-sub', tEnum('tr.kind', l.lesson.kind))) },
    { label: t('tr.col.state'), render: (l) => (l.completed ? badge('tr.state', 'completed', 'green') : l.records.length ? badge('tr.state', 'in_progress', 'amber') : badge('tr.state', 'not_started', 'gray')) },
    { label: t('tr.col.records'), render: (l) => h('div.tr-records', l.records.map((r) => recordLine(ctx, base, r, l.signoffs, instructors, pilotById, reload))) },
  ] });
  return h('div.page', { dataset: { testid: 'tr-progress-page' } },
    pageHeader({ title: e.student_name, subtitle: t('tr.progress.subtitle'), crumbs: [...trCrumbs(), { label: t('tr.enrollments.title'), href: '#/training/enrollments' }, { label: e.student_name }], actions }),
    h('div.tr-summary', summary, minimums),
    card(t('tr.lessons.title'), lessonsTable));
}

// One lesson record: date, result, minutes, and its signoff (or a sign button).
function recordLine(ctx, base, r, signoffs, instructors, pilotById, reload) {
  const mine = signoffs.filter((s) => s.lesson_record_id === r.id);
  const live = mine.find((s) => s.status === 'valid');
  const flown = r.minutes.dual_min + r.minutes.solo_min + r.minutes.sim_min;
  const parts = [h('span', formatDate(r.session_date)), resultBadge(r.result),
    flown ? h('span.cell-sub', t('tr.hours', { n: hours(flown) })) : null];
  const signs = mine.map((s) => h('div.tr-signature', { dataset: { testid: 'tr-signature', status: s.status } },
    h('span.badge', { class: s.status === 'valid' ? 'tone-green' : 'tone-gray' }, tEnum('tr.signoff_status', s.status)),
    h('span', t('tr.signed_by', { name: s.signature.signer_name, cert: s.signature.certificate_number })),
    h('span.cell-sub', t('tr.signed_at', { at: formatDateTime(s.signed_at) }), ' · ', t('tr.key'), ' ', h('code.mono', { dataset: { testid: 'tr-key-id' } }, s.signature.key_id))));
  let action = null;
  if (ctx.canReview && !mine.length) {
    action = button(t('tr.sign'), { small: true, kind: 'primary', iconName: 'check', dataset: { testid: 'tr-sign', record: r.id },
      onClick: () => signDialog(`${base}/lesson-records/${r.id}/sign`, r, instructors, pilotById, reload, null) });
  } else if (ctx.canReview && live) {
    action = button(t('tr.correct'), { small: true, kind: 'ghost', dataset: { testid: 'tr-correct', record: r.id },
      onClick: () => signDialog(`${base}/lesson-records/${r.id}/correct`, r, instructors, pilotById, reload, live) });
  }
  return h('div.tr-record', { dataset: { testid: 'tr-record', id: r.id } }, h('div.tr-record-head', parts, action), signs);
}

// Signs a record, or (with `live`) corrects it: a new record and a superseding signoff.
function signDialog(path, record, instructors, pilotById, reload, live) {
  const def = live ? live.instructor_id : record.instructor_id;
  const instructor = select(instructors.map((p) => ({ value: p.id, label: `${personName(p)} · ${p.licence.number}` })),
    instructors.some((p) => p.id === def) ? def : (instructors[0] || {}).id);
  instructor.dataset.testid = 'tr-sign-instructor';
  const result = select(RESULTS.map((r) => ({ value: r, label: tEnum('tr.result', r) })), record.result);
  const remarks = h('textarea', { rows: 2, maxlength: 4000 });
  const form = h('form.form', { novalidate: true, id: uid('sign') },
    h('p.dialog-text', live ? t('tr.correct.intro') : t('tr.sign.intro', { date: formatDate(record.session_date), result: tEnum('tr.result', record.result) })),
    field({ label: t('tr.field.signer'), name: 'instructor_id', input: instructor }),
    live ? field({ label: t('tr.field.result'), name: 'result', input: result }) : null,
    live ? field({ label: t('tr.field.remarks'), name: 'remarks', input: remarks, optional: true }) : null);
  const submit = button(live ? t('tr.correct') : t('tr.sign'), { kind: 'primary', type: 'submit', dataset: { testid: 'tr-sign-confirm' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: live ? t('tr.correct.title') : t('tr.sign.title'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'md' });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const payload = { instructor_id: instructor.value || null };
    if (live) { payload.result = result.value; if (remarks.value.trim()) payload.remarks = remarks.value.trim(); }
    await busy(submit, async () => {
      try {
        const s = await api.post(path, payload);
        d.close();
        toast(t('tr.signed_toast', { key: s.signature.key_id }));
        reload();
      } catch (err) { showError(form, err); }
    });
  });
}

async function recordDialog(ctx, detail, reload) {
  const e = detail.enrollment;
  const flights = await api.get(`${org(ctx.org.id)}/flights`, { pilot_id: e.student_id, limit: 50 });
  const usable = (flights.data || []).filter((f) => f.status !== 'rejected');
  const lessons = detail.lessons.map((l) => l.lesson);
  const next = e.progress.next_lesson ? e.progress.next_lesson.id : (lessons[0] || {}).id;
  const lesson = select(lessons.map((l) => ({ value: l.id, label: `${l.code} · ${l.title}` })), next);
  lesson.dataset.testid = 'tr-record-lesson';
  const flight = select([{ value: '', label: t('tr.record.no_flight') }, ...usable.map((f) => ({ value: f.id,
    label: `${formatDate(f.date)} · ${f.aircraft_registration} · ${f.departure_icao}–${f.arrival_icao} · ${tEnum('purpose', f.purpose)}` }))], '');
  flight.dataset.testid = 'tr-record-flight';
  const date = h('input', { type: 'date', value: new Date().toISOString().slice(0, 10), dataset: { testid: 'tr-record-date' } });
  const result = select(RESULTS.map((r) => ({ value: r, label: tEnum('tr.result', r) })), 'satisfactory');
  result.dataset.testid = 'tr-record-result';
  const num = (testid) => h('input', { type: 'number', min: '0', step: '5', value: '', dataset: { testid } });
  const minutes = { ground: num('tr-min-ground'), dual: num('tr-min-dual'), solo: num('tr-min-solo'), sim: num('tr-min-sim') };
  const remarks = h('textarea', { rows: 2, maxlength: 4000 });
  const gradesBox = h('div.tr-grades');
  const gradeSelects = [];
  function renderGrades() {
    gradesBox.replaceChildren();
    gradeSelects.length = 0;
    const l = lessons.find((x) => x.id === lesson.value);
    for (const ex of (l ? l.exercises : [])) {
      const g = select([{ value: '', label: '—' }, ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t(`tr.grade.${n}`) }))], '4');
      g.dataset.testid = 'tr-grade';
      gradeSelects.push({ ex, g });
      gradesBox.append(field({ label: ex, input: g, optional: true }));
    }
  }
  renderGrades();
  lesson.addEventListener('change', renderGrades);
  const manual = h('div.grid-fields',
    field({ label: t('tr.field.session_date'), name: 'session_date', input: date }),
    field({ label: t('tr.field.ground_min'), name: 'minutes.ground_min', input: minutes.ground, optional: true }),
    field({ label: t('tr.field.dual_min'), name: 'minutes.dual_min', input: minutes.dual, optional: true }),
    field({ label: t('tr.field.solo_min'), name: 'minutes.solo_min', input: minutes.solo, optional: true }),
    field({ label: t('tr.field.sim_min'), name: 'minutes.sim_min', input: minutes.sim, optional: true }));
  flight.addEventListener('change', () => { manual.hidden = Boolean(flight.value); });
  const form = h('form.form', { novalidate: true, id: uid('lr') },
    field({ label: t('tr.col.lesson'), name: 'lesson_id', input: lesson }),
    field({ label: t('tr.field.flight'), name: 'flight_id', input: flight, hint: t('tr.field.flight_hint'), optional: true }),
    manual,
    field({ label: t('tr.field.result'), name: 'result', input: result }),
    h('fieldset.tr-grades-set', h('legend', t('tr.field.grades')), h('p.hint', t('tr.grade.scale')), gradesBox),
    field({ label: t('tr.field.remarks'), name: 'remarks', input: remarks, optional: true }));
  const submit = button(t('tr.record.save'), { kind: 'primary', type: 'submit', dataset: { testid: 'tr-record-save' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: t('tr.record.new'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'md' });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const payload = { lesson_id: lesson.value, result: result.value,
      grades: gradeSelects.filter((x) => x.g.value).map((x) => ({ exercise: x.ex, grade: Number(x.g.value) })) };
    if (remarks.value.trim()) payload.remarks = remarks.value.trim();
    if (flight.value) payload.flight_id = flight.value;
    else {
      payload.session_date = date.value || null;
      const m = {};
      for (const [k, el] of Object.entries(minutes)) if (el.value !== '') m[`${k}_min`] = Number(el.value);
      payload.minutes = m;
    }
    await busy(submit, async () => {
      try {
        await api.post(`${org(ctx.org.id)}/training/enrollments/${e.id}/lesson-records`, payload);
        d.close();
        toast(t('tr.record.saved'));
        reload();
      } catch (err) { showError(form, err); }
    });
  });
}
