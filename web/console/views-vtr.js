// Verified training records (issue 8): the list with status badges and "Issue VTR", the detail with the
// pack download, the revoke dialog and the link to the public verify page.
import { api, org } from './api.js';
import { t, formatDate, formatDateTime, formatNumber } from './i18n.js';
import {
  h, badge, button, busy, field, showError, clearErrors, toast, openDialog, table, pagedList, emptyState,
  pageHeader, card, dl, uid, select, mono,
} from './ui.js';

const STATUSES = ['verified', 'revoked', 'superseded'];
const TONES = { verified: 'green', revoked: 'red', superseded: 'amber' };
const vtrBadge = (status) => badge('vtr.status', status, TONES[status]);
const crumbs = () => [{ label: t('nav.training'), href: '#/training' }, { label: t('vtr.title'), href: '#/training/vtr' }];
const base = (ctx) => `${org(ctx.org.id)}/vtr`;
const packUrl = (ctx, id) => `/api/v1/console${base(ctx)}/${encodeURIComponent(id)}/pack`;

// enrollment id → {student_name, program_code, program_name}, from the issuable enrolments.
async function enrollmentNames(ctx) {
  const res = await api.get(`${base(ctx)}/eligible-enrollments`);
  return { list: res.data || [], byId: new Map((res.data || []).map((e) => [e.id, e])) };
}
const studentOf = (names, v) => (names.byId.get(v.enrollment_id) || {}).student_name || v.student_id;
const programmeOf = (names, v) => {
  const e = names.byId.get(v.enrollment_id);
  return e ? `${e.program_code} — ${e.program_name}` : v.program_id;
};

export async function vtrListView(ctx) {
  const names = await enrollmentNames(ctx);
  const filter = select([{ value: '', label: t('vtr.filter.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`vtr.status.${s}`) }))], '');
  filter.setAttribute('aria-label', t('vtr.col.status'));
  filter.dataset.testid = 'vtr-filter';
  const list = pagedList({
    load: (cursor) => api.get(base(ctx), { cursor, limit: 25, status: filter.value || undefined }),
    empty: () => emptyState({ title: t('vtr.empty'), text: t('vtr.empty_text'), iconName: 'shield' }),
    renderRows: (rows) => table({ rows, caption: t('vtr.title'), rowKey: (v) => v.id, columns: [
      { label: t('vtr.col.record'), render: (v) => h('a.mono', { href: `#/training/vtr/${v.id}`, dataset: { testid: 'vtr-link' } }, v.id) },
      { label: t('vtr.col.student'), render: (v) => studentOf(names, v) },
      { label: t('vtr.col.programme'), className: 'hide-sm', render: (v) => programmeOf(names, v) },
      { label: t('vtr.col.issued'), render: (v) => formatDateTime(v.issued_at) },
      { label: t('vtr.col.status'), render: (v) => vtrBadge(v.status) },
    ] }),
  });
  filter.addEventListener('change', () => list.reset());
  const actions = ctx.canReview
    ? [button(t('vtr.issue'), { kind: 'primary', iconName: 'plus', dataset: { testid: 'vtr-issue' }, onClick: () => issueDialog(ctx, names.list) })]
    : [];
  return h('div.page', pageHeader({ title: t('vtr.title'), subtitle: t('vtr.subtitle'), crumbs: crumbs().slice(0, 1), actions }),
    card(null, h('div.toolbar', filter), list));
}

function issueDialog(ctx, eligible) {
  if (!eligible.length) {
    const d = openDialog({ title: t('vtr.issue'), body: h('p.dialog-text', t('vtr.issue.none')), actions: [button(t('action.close'), { onClick: () => d.close() })], size: 'sm' });
    return;
  }
  const enrollment = select(eligible.map((e) => ({
    value: e.id,
    label: `${e.student_name} · ${e.program_code} · ${t(`vtr.enrollment.${e.status}`)}${e.current_vtr_id ? ` · ${t('vtr.issue.reissue')}` : ''}`,
  })), eligible[0].id);
  enrollment.dataset.testid = 'vtr-enrollment';
  const form = h('form.form', { novalidate: true, id: uid('vtr') },
    field({ label: t('vtr.field.enrollment'), name: 'enrollment_id', input: enrollment, hint: t('vtr.issue.hint') }));
  formDialog({
    title: t('vtr.issue'), form, submitLabel: t('vtr.issue.submit'), kind: 'primary', testid: 'vtr-issue-submit',
    action: async () => {
      const v = await api.post(base(ctx), { enrollment_id: enrollment.value });
      toast(t('vtr.issued', { id: v.id }));
      return () => ctx.navigate(`/training/vtr/${v.id}`);
    },
  });
}

// A dialog around `form`: on submit runs `action`, closes on success and then runs what `action` returned;
// server errors are placed on the form.
function formDialog({ title, form, submitLabel, kind, testid, action }) {
  const submit = button(submitLabel, { kind, type: 'submit', dataset: { testid } });
  submit.setAttribute('form', form.id);
  const d = openDialog({ title, body: form, actions: [button(t('action.cancel'), { onClick: () => d.close() }), submit], size: 'md' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    await busy(submit, async () => {
      try {
        const then = await action();
        d.close();
        if (then) then();
      } catch (err) { showError(form, err); }
    });
  });
}

export async function vtrDetailView(ctx) {
  const id = ctx.params.id;
  const [v, names] = await Promise.all([api.get(`${base(ctx)}/${encodeURIComponent(id)}`), enrollmentNames(ctx)]);
  const verifyHref = `/verify/${encodeURIComponent(v.id)}`;
  const actions = [
    h('a.btn.btn-primary', { href: packUrl(ctx, v.id), download: `${v.id}.zip`, dataset: { testid: 'vtr-download' } }, t('vtr.download')),
    h('a.btn.btn-secondary', { href: verifyHref, target: '_blank', rel: 'noopener', dataset: { testid: 'vtr-verify-link' } }, t('vtr.verify_page')),
  ];
  if (ctx.canReview && v.status === 'verified') {
    actions.push(button(t('vtr.revoke'), { kind: 'danger', dataset: { testid: 'vtr-revoke' }, onClick: () => revokeDialog(ctx, v) }));
  }
  const items = [
    [t('vtr.col.status'), h('span', { dataset: { testid: 'vtr-status' } }, vtrBadge(v.status))],
    [t('vtr.col.student'), studentOf(names, v)],
    [t('vtr.col.programme'), programmeOf(names, v)],
    [t('vtr.col.issued'), formatDateTime(v.issued_at)],
    v.revoked_at ? [t('vtr.revoked_at'), formatDateTime(v.revoked_at)] : null,
    v.revoked_reason ? [t('vtr.revoked_reason'), v.revoked_reason] : null,
    v.superseded_by_id ? [t('vtr.superseded_by'), h('a.mono', { href: `#/training/vtr/${v.superseded_by_id}` }, v.superseded_by_id)] : null,
    [t('vtr.pack_sha256'), h('code.mono', { dataset: { testid: 'vtr-sha256' } }, v.pack_sha256)],
    [t('vtr.pack_size'), t('vtr.bytes', { n: formatNumber(v.pack_size) })],
    [t('vtr.audit_entry'), v.audit_entry_id ? mono(v.audit_entry_id) : '—'],
    [t('vtr.enrollment'), mono(v.enrollment_id)],
  ];
  return h('div.page', { dataset: { testid: 'vtr-detail', id: v.id } },
    pageHeader({ title: t('vtr.detail_title', { id: v.id }), subtitle: t('vtr.detail_subtitle', { date: formatDate(v.issued_at.slice(0, 10)) }), crumbs: crumbs(), actions }),
    card(null, dl(items)),
    card(t('vtr.how_title'), h('p', t('vtr.how_text')), h('pre.vtr-cmd', 'bash offline-verify.sh pack.zip --public-key authority.pem'),
      h('p', h('a', { href: '/verify/cli/offline-verify.sh', download: 'offline-verify.sh' }, t('vtr.script')), ' · ',
        h('a', { href: '/api/authority/public-key', download: 'authority.pem' }, t('vtr.public_key')))));
}

function revokeDialog(ctx, v) {
  const reason = h('textarea', { rows: 3, maxlength: 1000, autofocus: true, dataset: { testid: 'vtr-revoke-reason' } });
  const form = h('form.form', { novalidate: true, id: uid('vtr-revoke') },
    h('p.dialog-text', t('vtr.revoke.text')),
    field({ label: t('vtr.revoke.reason'), name: 'reason', input: reason, optional: true }));
  formDialog({
    title: t('vtr.revoke.title', { id: v.id }), form, submitLabel: t('vtr.revoke'), kind: 'danger', testid: 'vtr-revoke-submit',
    action: async () => {
      const text = reason.value.trim();
      await api.post(`${base(ctx)}/${encodeURIComponent(v.id)}/revoke`, text ? { reason: text } : {});
      toast(t('vtr.revoked', { id: v.id }));
      return () => ctx.navigate(`/training/vtr/${v.id}`);
    },
  });
}
