// Invoices, payments and the monthly finance page (issue 8): placeholder until the area lands.
import { h } from './ui.js';

export function invoicesView() { return h('p', '…'); }
export function invoiceDetailView() { return h('p', '…'); }
export function financeView() { return h('p', '…'); }
