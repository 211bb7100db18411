// The words of the screens. They live in the core's message catalog under `ui.` keys (the one
// catalog for every text a user reads) and are loaded once at start, before the first screen.
//
// `TEXT.name` is a plain text; `format('name', { key: value })` fills `{key}` placeholders.

import { call } from './api.js';

export const TEXT = {};

// Loads the catalog's screen texts; the page shows nothing until they are in.
export async function loadTexts() {
  Object.assign(TEXT, await call('ui_texts'));
}

export function format(name, values = {}) {
  const template = TEXT[name] ?? name;
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

export function todayColumns() {
  return ['todayColumnState', 'todayColumnRegister', 'todayColumnNumber', 'todayColumnItem', 'todayColumnDue', 'todayColumnPerson'].map((k) => TEXT[k]);
}

export function sortOptions() {
  return [
    ['date-desc', TEXT.sortDateDesc],
    ['date-asc', TEXT.sortDateAsc],
    ['number-asc', TEXT.sortNumberAsc],
    ['number-desc', TEXT.sortNumberDesc],
    ['updated', TEXT.sortUpdated],
  ];
}
