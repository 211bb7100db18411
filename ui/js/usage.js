// 使用登记 review: pick devices and a date range, page through the entries (the core reads
// only the page shown, through the device-and-date index), see the totals, register a new
// entry, and print the logbook of the selection.

import { call } from './api.js';
import { h, replace, focusFirst } from './dom.js';
import { fieldRow, showErrors, busy, clearErrors } from './forms.js';
import { TEXT, format } from './text.js';
import { openDialog, labelled, monthSoFar, devicePicker, selectedValues } from './panels.js';

const PER_PAGE = 20;

let filters = null;
let content = null;
let usageRegister = null;

export async function renderUsage(container) {
  content = container;
  filters = filters || { devices: [], ...monthSoFar(), page: 1 };
  const picker = await devicePicker('usage-devices', filters.devices);

  const form = h('form', { class: 'filters', id: 'usage-filter' },
    labelled(TEXT.usageDevices, picker),
    labelled(TEXT.filterFrom, h('input', { type: 'text', id: 'usage-from', name: 'from', value: filters.from, 'data-label': TEXT.filterFrom, 'aria-describedby': 'usage-error' })),
    labelled(TEXT.filterTo, h('input', { type: 'text', id: 'usage-to', name: 'to', value: filters.to, 'data-label': TEXT.filterTo, 'aria-describedby': 'usage-error' })),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'primary', id: 'usage-search', text: TEXT.filterSubmit }),
      h('button', { type: 'button', id: 'usage-add', onclick: openUsageForm, text: TEXT.usageAdd }),
      h('button', { type: 'button', id: 'usage-print', onclick: printLogbook, text: TEXT.usagePrint }),
    ),
    h('p', { class: 'form-error field-error', id: 'usage-error', role: 'alert' }),
  );
  picker.setAttribute('aria-describedby', 'usage-error');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    readFilters(form);
    filters.page = 1;
    loadUsage();
  });

  replace(content, h('section', { class: 'screen', 'data-screen': 'usage' },
    h('h1', { text: TEXT.usageTitle }),
    h('p', { class: 'muted', text: TEXT.usageIntro }),
    form,
    h('p', { class: 'notice', id: 'usage-notice', hidden: true }),
    h('p', { class: 'totals', id: 'usage-totals' }),
    h('div', { id: 'usage-list', class: 'protected-data' }),
    h('div', { class: 'pager', id: 'usage-pager' }),
  ));
  await loadUsage();
}

function readFilters(form) {
  filters.devices = selectedValues(form.elements.devices);
  filters.from = form.elements.from.value;
  filters.to = form.elements.to.value;
}

async function loadUsage() {
  const form = document.getElementById('usage-filter');
  let review;
  try {
    review = await call('review_usage', { query: { devices: filters.devices, from: filters.from, to: filters.to, page: filters.page, per_page: PER_PAGE } });
  } catch (error) {
    showErrors(form, error);
    return;
  }
  clearErrors(form);
  drawTotals(review.totals);
  drawEntries(review.page);
  drawPager(review.page);
}

function drawTotals(totals) {
  const parts = [format('usageTotals', {
    sessions: totals.sessions,
    hours: Math.floor(totals.minutes / 60),
    minutes: totals.minutes % 60,
    copies: totals.printed_copies,
  })];
  if (totals.open_sessions > 0) {
    parts.push(format('usageOpenSessions', { count: totals.open_sessions }));
  }
  if (totals.cancelled > 0) {
    parts.push(format('usageCancelled', { count: totals.cancelled }));
  }
  replace(document.getElementById('usage-totals'), parts.join(' · '));
}

function drawEntries(page) {
  const list = document.getElementById('usage-list');
  if (page.records.length === 0) {
    replace(list, h('p', { class: 'muted', id: 'usage-empty', text: TEXT.emptyList }));
    return;
  }
  const columns = ['device', 'user', 'started_at', 'ended_at', 'content', 'printed_copies', 'note'];
  const labels = Object.fromEntries(page.records[0].fields.map((f) => [f.id, f.label]));
  replace(list, h('table', { class: 'records', id: 'usage-table' },
    h('thead', {}, h('tr', {},
      h('th', { text: TEXT.columnNumber }),
      h('th', { text: TEXT.columnStatus }),
      columns.map((id) => h('th', { text: labels[id] || id })))),
    h('tbody', {}, page.records.map((record) => {
      const byId = Object.fromEntries(record.fields.map((f) => [f.id, f.text]));
      return h('tr', { class: record.status === 'cancelled' ? 'usage-row cancelled' : 'usage-row', 'data-number': record.number },
        h('td', { class: 'number', text: record.number }),
        h('td', { text: record.status_label }),
        columns.map((id) => h('td', { 'data-field': id, text: byId[id] || '' })));
    })),
  ));
}

function drawPager(page) {
  const pages = Math.max(1, Math.ceil(page.total / page.per_page));
  const move = (to) => {
    filters.page = to;
    loadUsage();
  };
  replace(document.getElementById('usage-pager'),
    h('button', { type: 'button', id: 'usage-prev', disabled: page.page <= 1, onclick: () => move(page.page - 1), text: TEXT.pagePrev }),
    h('span', { id: 'usage-page-info', text: format('pageInfo', { page: page.page, pages, total: page.total }) }),
    h('button', { type: 'button', id: 'usage-next', disabled: page.page >= pages, onclick: () => move(page.page + 1), text: TEXT.pageNext }),
  );
}

// Opens the form for a new usage entry, the first chosen device filled in.
async function openUsageForm() {
  if (!usageRegister) {
    try {
      const registers = await call('registers');
      usageRegister = registers.find((r) => r.id === 'usage_log');
    } catch (error) {
      showNotice(error.message);
      return;
    }
  }
  if (!usageRegister) {
    showNotice(TEXT.noRegisters);
    return;
  }

  const deviceOptions = [...document.querySelectorAll('#usage-devices option')].map((o) => h('option', { value: o.value, label: o.textContent }));
  const personOptions = await personSuggestions();
  const lists = { device: 'usage-device-list', person: 'usage-person-list' };
  const rows = usageRegister.fields.map((field) => fieldRow(field.label, field.id, {
    kind: field.kind === 'long_text' ? 'long_text' : 'text',
    required: field.required,
    hint: field.hint,
    list: lists[field.kind],
  }));
  const save = h('button', { type: 'submit', class: 'primary', id: 'usage-save', text: TEXT.addSave });
  const cancel = h('button', { type: 'button', text: TEXT.addCancel });
  const form = h('form', { id: 'usage-form', class: 'add-form' },
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'form-grid' }, rows),
    h('datalist', { id: 'usage-device-list' }, deviceOptions),
    h('datalist', { id: 'usage-person-list' }, personOptions),
    h('div', { class: 'dialog-actions' }, save, cancel),
  );

  const firstDevice = filters.devices[0];
  if (firstDevice) {
    form.elements.device.value = firstDevice;
  }
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.ctrlKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = {};
    for (const field of usageRegister.fields) {
      fields[field.id] = form.elements[field.id].value;
    }
    try {
      const record = await busy(form, () => call('add_record', { register: 'usage_log', fields }));
      dialog.close();
      await loadUsage();
      showNotice(format('addSaved', { number: record.number }));
    } catch (error) {
      showErrors(form, error);
    }
  });

  const dialog = openDialog('usage-dialog', format('addTitle', { name: usageRegister.name }), form, () => document.getElementById('usage-add')?.focus());
  cancel.addEventListener('click', () => dialog.close());
  focusFirst(form.querySelector('.form-grid'));
}

// Suggests the personnel records for 使用人. An account that may not read 涉密人员 gets no
// suggestions and types the number.
async function personSuggestions() {
  try {
    const page = await call('query_records', { register: 'personnel', query: { sort: 'number-asc', per_page: 1000 } });
    return page.records.map((r) => h('option', { value: r.number, label: `${r.number} ${r.fields[0]?.text || ''}` }));
  } catch (error) {
    return [];
  }
}

// Moves to the printing screen with the logbook of the current selection chosen.
function printLogbook() {
  const form = document.getElementById('usage-filter');
  readFilters(form);
  document.dispatchEvent(new CustomEvent('secledger:print', {
    detail: { form: 'usage_logbook', devices: filters.devices, from: filters.from, to: filters.to },
  }));
}

function showNotice(message) {
  const notice = document.getElementById('usage-notice');
  if (notice) {
    notice.textContent = message;
    notice.hidden = false;
  }
}
