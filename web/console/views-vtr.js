// Verified training records: issue, revoke, download the pack (issue 8): placeholder until the area lands.
import { h } from './ui.js';

export function vtrListView() { return h('p', '…'); }
export function vtrDetailView() { return h('p', '…'); }
