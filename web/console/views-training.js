// Training: programmes, enrolments, a student's progress and lesson signing (issue 8): placeholder until the area lands.
import { h } from './ui.js';

export function programsView() { return h('p', '…'); }
export function programDetailView() { return h('p', '…'); }
export function enrollmentsView() { return h('p', '…'); }
export function enrollmentProgressView() { return h('p', '…'); }
