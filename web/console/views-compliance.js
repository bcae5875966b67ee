// Compliance: per pilot (documents and computed currency), per aircraft, and the organisation's
// expiring / expired list. Records come from /orgs/{id}/compliance; currency is computed server-side.
import { api, org } from './api.js';
import { t, tEnum, formatDate, formatNumber } from './i18n.js';
import {
  h, badge, mono, button, busy, field, showError, clearErrors, toast, openDialog, table, pagedList, emptyState,
  pageHeader, card, uid, select, confirmDialog,
} from './ui.js';

const PILOT_TYPES = ['medical', 'licence', 'rating', 'language_proficiency', 'endorsement'];
const AIRCRAFT_TYPES = ['arc', 'annual', 'insurance', 'registration', 'radio_licence', 'noise_certificate'];
const MEDICAL_CODES = ['EASA-MED-CLASS1', 'EASA-MED-CLASS2', 'EASA-MED-LAPL', 'FAA-MED-1', 'FAA-MED-2', 'FAA-MED-3'];

const crumbs = () => [{ label: t('nav.group.operations') }, { label: t('compliance.title'), href: '#/compliance' }];
const pilotName = (p) => (p ? `${p.first_name} ${p.last_name}` : '');
const status = (r) => h('span', { dataset: { testid: 'compliance-status' } }, badge('cstatus', r.status));
const until = (r) => (r.valid_until ? formatDate(r.valid_until) : h('span.muted', t('compliance.no_expiry')));

function recordsTable(rows, { subjectCell, onDelete } = {}) {
  const columns = [
    subjectCell ? { label: t('compliance.col.subject'), render: subjectCell } : null,
    { label: t('compliance.col.type'), render: (r) => tEnum('ctype', r.type) },
    { label: t('compliance.col.code'), render: (r) => h('div.cell-main', mono(r.code), r.number ? h('span.cell-sub', r.number) : null) },
    { label: t('compliance.col.issued'), className: 'hide-sm', render: (r) => (r.issued_on ? formatDate(r.issued_on) : '—') },
    { label: t('compliance.col.valid_until'), render: until },
    { label: t('compliance.col.status'), render: status },
    onDelete ? { label: h('span.visually-hidden', t('table.actions')), className: 'actions',
      render: (r) => button(t('compliance.delete'), { small: true, kind: 'ghost', iconName: 'trash', onClick: () => onDelete(r) }) } : null,
  ].filter(Boolean);
  return table({ caption: t('compliance.title'), rowKey: (r) => r.id, columns, rows });
}

function currencyCard(rows) {
  if (!rows.length) return card(t('compliance.currency'), h('p.muted', t('compliance.currency_none')));
  return card(t('compliance.currency'), table({
    caption: t('compliance.currency'), rowKey: (r) => r.id, rows,
    columns: [
      { label: t('compliance.col.rule'), render: (r) => h('div.cell-main', h('strong', tEnum('crule', r.rule)), h('span.cell-sub', (r.details && r.details.regulation_ref) || r.rule)) },
      { label: t('compliance.col.valid_until'), render: until },
      { label: t('compliance.col.status'), render: status },
      { label: t('compliance.col.satisfied_by'), className: 'hide-sm', render: (r) => (r.details && r.details.met
        ? t('compliance.flights_count', { count: formatNumber((r.satisfied_by || []).length) })
        : h('span.text-bad', (r.details && r.details.shortfall) || t('compliance.not_met'))) },
    ],
  }));
}

// ---------------------------------------------------------------- add / delete
function recordDialog(ctx, subject, subjectId, done) {
  const types = subject === 'pilot' ? PILOT_TYPES : AIRCRAFT_TYPES;
  const type = select(types.map((v) => ({ value: v, label: tEnum('ctype', v) })), types[0]);
  type.dataset.testid = 'compliance-type';
  const medCode = select(MEDICAL_CODES.map((v) => ({ value: v, label: tEnum('cmedical', v) })), 'EASA-MED-CLASS2');
  medCode.dataset.testid = 'compliance-medical-code';
  const code = h('input', { type: 'text', maxlength: 40, dataset: { testid: 'compliance-code' } });
  const number = h('input', { type: 'text', maxlength: 60 });
  const issued = h('input', { type: 'date', dataset: { testid: 'compliance-issued' } });
  const validUntil = h('input', { type: 'date', dataset: { testid: 'compliance-valid-until' } });
  const medField = field({ label: t('compliance.field.medical_class'), name: 'code', input: medCode });
  const codeField = field({ label: t('compliance.field.code'), name: 'code', input: code, hint: t('compliance.field.code_hint') });
  const untilField = field({ label: t('compliance.field.valid_until'), name: 'valid_until', input: validUntil, optional: true });
  const hint = h('p.form-hint', { dataset: { testid: 'compliance-medical-hint' } }, t('compliance.medical_hint'));
  const sync = () => {
    const medical = type.value === 'medical';
    medField.hidden = !medical;
    codeField.hidden = medical;
    hint.hidden = !medical;
  };
  type.addEventListener('change', sync);
  sync();
  const form = h('form.form', { novalidate: true, id: uid('compliance') },
    field({ label: t('compliance.field.type'), name: 'type', input: type }), medField, codeField,
    h('div.grid-fields',
      field({ label: t('compliance.field.number'), name: 'number', input: number, optional: true }),
      field({ label: t('compliance.field.issued_on'), name: 'issued_on', input: issued, optional: true }),
      untilField),
    hint);
  const submit = button(t('compliance.add'), { kind: 'primary', type: 'submit', dataset: { testid: 'compliance-save' } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title: t('compliance.add_title'), body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit] });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { type: type.value, code: type.value === 'medical' ? medCode.value : code.value.trim() };
    body[subject === 'pilot' ? 'pilot_id' : 'aircraft_id'] = subjectId;
    if (number.value.trim()) body.number = number.value.trim();
    if (issued.value) body.issued_on = issued.value;
    if (validUntil.value) body.valid_until = validUntil.value;
    await busy(submit, async () => {
      try {
        const rec = await api.post(`${org(ctx.org.id)}/compliance`, body);
        d.close();
        if (rec.type === 'medical' && rec.details && rec.details.computed) {
          toast(t('compliance.medical_computed', { date: formatDate(rec.valid_until) }));
        } else {
          toast(t('compliance.added'));
        }
        done(rec);
      } catch (err) { showError(form, err); }
    });
  });
}

async function deleteRecord(ctx, r, done) {
  const ok = await confirmDialog({ title: t('compliance.delete_title'), message: t('compliance.delete_text', { code: r.code }), confirmLabel: t('compliance.delete'), danger: true });
  if (!ok) return;
  try {
    await api.del(`${org(ctx.org.id)}/compliance/${encodeURIComponent(r.id)}`);
    toast(t('compliance.deleted'));
    done();
  } catch (err) { toast(err.message || String(err), 'bad'); }
}

// ---------------------------------------------------------------- per subject
async function subjectView(ctx, subject) {
  const id = ctx.params.id;
  const base = org(ctx.org.id);
  const isPilot = subject === 'pilot';
  const who = await api.get(isPilot ? `${base}/pilots/${encodeURIComponent(id)}` : `${base}/fleet/${encodeURIComponent(id)}`);
  const path = isPilot ? `${base}/pilots/${encodeURIComponent(id)}/compliance` : `${base}/fleet/${encodeURIComponent(id)}/compliance`;
  const holder = h('div.compliance-body');
  async function refresh(added) {
    const rows = await api.getAll(path);
    const docs = rows.filter((r) => r.type !== 'currency');
    const currency = rows.filter((r) => r.type === 'currency');
    holder.replaceChildren(
      card(t('compliance.documents'), docs.length
        ? recordsTable(docs, { onDelete: ctx.canManageOps ? (r) => deleteRecord(ctx, r, refresh) : null })
        : emptyState({ title: t('compliance.empty.title'), text: t('compliance.empty.text'), iconName: 'shield' })),
      isPilot ? currencyCard(currency) : null);
    if (added) {
      const row = holder.querySelector(`tr[data-id="${added.id}"]`);
      if (row) row.classList.add('row-new');
    }
  }
  await refresh();
  const actions = [];
  if (ctx.canManageOps) {
    actions.push(button(t('compliance.add'), { kind: 'primary', iconName: 'plus', dataset: { testid: 'compliance-add' },
      onClick: () => recordDialog(ctx, subject, id, (rec) => refresh(rec)) }));
  }
  const title = isPilot ? t('compliance.pilot_title', { name: pilotName(who) }) : t('compliance.aircraft_title', { reg: who.registration });
  const subtitle = isPilot
    ? (who.date_of_birth ? t('compliance.pilot_dob', { date: formatDate(who.date_of_birth) }) : t('compliance.pilot_no_dob'))
    : t('compliance.aircraft_sub', { type: who.icao_type });
  return h('div.page', pageHeader({ title, subtitle, crumbs: crumbs(), actions }), holder);
}

export function pilotComplianceView(ctx) { return subjectView(ctx, 'pilot'); }
export function aircraftComplianceView(ctx) { return subjectView(ctx, 'aircraft'); }

// ---------------------------------------------------------------- organisation list
export async function complianceView(ctx) {
  const base = org(ctx.org.id);
  const [pilots, fleet] = await Promise.all([api.getAll(`${base}/pilots`), api.getAll(`${base}/fleet`)]);
  const pilotById = new Map(pilots.map((p) => [p.id, p]));
  const aircraftById = new Map(fleet.map((a) => [a.id, a]));
  const subjectCell = (r) => (r.pilot_id
    ? h('a', { href: `#/pilots/${encodeURIComponent(r.pilot_id)}/compliance` }, pilotName(pilotById.get(r.pilot_id)) || r.pilot_id)
    : h('a', { href: `#/fleet/${encodeURIComponent(r.aircraft_id)}/compliance` }, mono((aircraftById.get(r.aircraft_id) || {}).registration || r.aircraft_id)));

  const windowSel = select([30, 60, 90, 365].map((d) => ({ value: String(d), label: t('compliance.within', { days: d }) })), '30');
  windowSel.dataset.testid = 'compliance-window';
  const statusSel = select([
    { value: '', label: t('compliance.filter.all') },
    { value: 'expiring', label: tEnum('cstatus', 'expiring') },
    { value: 'expired', label: tEnum('cstatus', 'expired') },
  ], '');
  statusSel.dataset.testid = 'compliance-status-filter';
  const list = pagedList({
    load: (cursor) => api.get(`${base}/compliance`, { cursor, limit: 50, expiring_within_days: windowSel.value, status: statusSel.value || undefined }),
    empty: () => emptyState({ title: t('compliance.expiring_empty'), iconName: 'check' }),
    renderRows: (rows) => recordsTable(rows, { subjectCell }),
  });
  windowSel.addEventListener('change', () => list.reset());
  statusSel.addEventListener('change', () => list.reset());

  const goPilot = select([{ value: '', label: t('compliance.choose_pilot') }, ...pilots.map((p) => ({ value: p.id, label: pilotName(p) }))], '');
  goPilot.dataset.testid = 'compliance-go-pilot';
  goPilot.addEventListener('change', () => { if (goPilot.value) ctx.navigate(`/pilots/${encodeURIComponent(goPilot.value)}/compliance`); });
  const goAircraft = select([{ value: '', label: t('compliance.choose_aircraft') }, ...fleet.map((a) => ({ value: a.id, label: a.registration }))], '');
  goAircraft.dataset.testid = 'compliance-go-aircraft';
  goAircraft.addEventListener('change', () => { if (goAircraft.value) ctx.navigate(`/fleet/${encodeURIComponent(goAircraft.value)}/compliance`); });

  return h('div.page',
    pageHeader({ title: t('compliance.title'), subtitle: t('compliance.subtitle'), crumbs: [{ label: t('nav.group.operations') }] }),
    card(null, h('div.compliance-filters',
      field({ label: t('compliance.field.pilot'), name: 'pilot', input: goPilot }),
      field({ label: t('compliance.field.aircraft'), name: 'aircraft', input: goAircraft }))),
    card(t('compliance.expiring_title'),
      h('div.compliance-filters',
        field({ label: t('compliance.field.window'), name: 'window', input: windowSel }),
        field({ label: t('compliance.col.status'), name: 'status', input: statusSel })),
      list));
}
