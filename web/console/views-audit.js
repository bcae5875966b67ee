// Audit log: every audited action, newest first, with each entry's place in the hash chain and a banner
// stating whether the chain verifies (GET …/audit/verify recomputes it on the server).
import { api, org } from './api.js';
import { t, tEnum, formatDateTime, formatNumber } from './i18n.js';
import { h, clear, icon, mono, button, busy, table, pagedList, emptyState, pageHeader, card, errorMessage } from './ui.js';

const ROW_BROKEN = 'audit-row-broken';

function hashCell(e) {
  if (!e.chain_hash_prefix) return h('span.muted', { title: t('audit.chain.legacy_hint') }, t('audit.chain.legacy'));
  return h('div.cell-main.audit-hash',
    mono(e.chain_hash_prefix),
    h('span.cell-sub', t('audit.chain.prev'), ' ', mono(e.prev_hash_prefix)));
}

function banner(state) {
  if (state.loading) {
    return h('div.callout.callout-info', { dataset: { testid: 'audit-chain-status', state: 'checking' }, role: 'status' },
      icon('clock'), h('p', t('audit.chain.checking')));
  }
  if (state.error) {
    return h('div.callout.callout-warn', { dataset: { testid: 'audit-chain-status', state: 'error' }, role: 'alert' },
      icon('alert'), h('p', t('audit.chain.error'), ' ', errorMessage(state.error)));
  }
  const v = state.result;
  const legacy = v.legacy_entries > 0 ? h('p', t('audit.chain.legacy_note', { count: formatNumber(v.legacy_entries) })) : null;
  if (v.status === 'intact') {
    return h('div.callout.audit-chain-intact', { dataset: { testid: 'audit-chain-status', state: 'intact' }, role: 'status' },
      icon('check'),
      h('div',
        h('p', h('strong', t('audit.chain.intact')), ' ', t('audit.chain.intact_detail', { count: formatNumber(v.entries) })),
        h('p', t('audit.chain.head'), ' ', mono(v.head_hash_prefix)),
        legacy));
  }
  const b = v.first_broken;
  return h('div.callout.audit-chain-broken', { dataset: { testid: 'audit-chain-status', state: 'broken' }, role: 'alert' },
    icon('alert'),
    h('div',
      h('p', h('strong', t('audit.chain.broken')), ' ', t('audit.chain.broken_at', { seq: formatNumber(b.seq) }), ' ', mono(b.entry_id)),
      h('p', tEnum('audit.chain.fault', b.fault)),
      h('p', t('audit.chain.expected'), ' ', mono(b.expected_prefix || '—'), ' · ', t('audit.chain.found'), ' ', mono(b.found_prefix || '—')),
      legacy));
}

export async function auditView(ctx) {
  const base = org(ctx.org.id);
  let brokenId = null;
  const markBroken = (root) => {
    for (const tr of root.querySelectorAll('tr[data-id]')) tr.classList.toggle(ROW_BROKEN, tr.dataset.id === brokenId);
  };

  const list = pagedList({
    load: (cursor) => api.get(`${base}/audit-log`, { cursor, limit: 25 }),
    empty: () => emptyState({ title: t('audit.empty.title'), text: t('audit.empty.text'), iconName: 'shield' }),
    renderRows: (rows) => {
      const node = table({ rows,
        caption: t('audit.title'), rowKey: (e) => e.id,
        columns: [
          { label: t('audit.col.time'), render: (e) => formatDateTime(e.created_at, { seconds: true }) },
          { label: t('audit.col.actor'), render: (e) => (e.actor === 'system' ? t('audit.system') : e.actor) },
          { label: t('audit.col.action'), render: (e) => h('div.cell-main', h('span', tEnum('audit.action', e.action)), h('span.cell-sub', mono(e.action))) },
          { label: t('audit.col.target'), render: (e) => h('div.cell-main', h('span', tEnum('audit.target', e.target_type)), h('span.cell-sub', mono(e.target_id))) },
          { label: t('audit.col.chain'), render: hashCell },
          { label: t('audit.col.request'), className: 'hide-sm', render: (e) => mono(e.request_id) },
        ],
      });
      markBroken(node);
      return node;
    },
  });

  const status = h('div.audit-chain', { 'aria-live': 'polite' });
  async function verify() {
    clear(status).append(banner({ loading: true }));
    try {
      const result = await api.get(`${base}/audit/verify`);
      brokenId = result.first_broken ? result.first_broken.entry_id : null;
      clear(status).append(banner({ result }));
      markBroken(list);
    } catch (err) {
      clear(status).append(banner({ error: err }));
    }
  }
  const again = button(t('audit.chain.verify_again'), { small: true, iconName: 'refresh', dataset: { testid: 'audit-verify' } });
  again.addEventListener('click', () => busy(again, verify));
  verify();

  return h('div.page',
    pageHeader({ title: t('audit.title'), subtitle: t('audit.chain.subtitle'), actions: [again], crumbs: [{ label: t('nav.group.security') }] }),
    status,
    card(null, list));
}
