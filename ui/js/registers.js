// The generic register screen: pick a register, filter, sort and page its records, open one
// with its history, and register a new one through a form built from the register's fields.
// Register data is shown inside `.protected-data`, which cannot be selected (app.css) and whose
// copy, drag and context menu events guard.js blocks.

import { call } from './api.js';
import { h, replace, focusFirst } from './dom.js';
import { fieldRow, showErrors, busy } from './forms.js';
import { TEXT, format, sortOptions } from './text.js';
import { attachWatermark } from './watermark.js';
import { recordActions } from './workflows.js';

const PER_PAGE = 20;
// Columns of the list besides the number and the status: the first fields that fit one line.
const LIST_COLUMNS = 6;
// Kinds whose input offers the records of another register to pick from.
const LOOKUPS = { person: 'personnel', device: 'devices' };

let registers = null;
let current = null;
let filters = emptyFilters();
let content = null;

function emptyFilters() {
  return { text: '', status: '', from: '', to: '', sort: 'date-desc', page: 1 };
}

export async function renderRegisters(container) {
  content = container;
  replace(content, h('p', { class: 'muted', text: TEXT.loading }));
  try {
    registers = registers || await call('registers');
  } catch (error) {
    replace(content, h('p', { class: 'form-error', text: error.message }));
    return;
  }
  if (registers.length === 0) {
    replace(content, h('p', { class: 'notice', text: TEXT.noRegisters }));
    return;
  }
  current = current && registers.find((r) => r.id === current.id) ? current : registers[0];
  drawScreen();
  await loadPage();
}

function drawScreen() {
  const registerSelect = h('select', { id: 'register-select', name: 'register', 'data-label': TEXT.registerLabel },
    registers.map((r) => h('option', { value: r.id, text: r.name, selected: r.id === current.id })));
  registerSelect.addEventListener('change', () => {
    current = registers.find((r) => r.id === registerSelect.value);
    filters = emptyFilters();
    drawScreen();
    loadPage();
  });

  const statusSelect = h('select', { id: 'filter-status', name: 'status', 'data-label': TEXT.filterStatus },
    h('option', { value: '', text: TEXT.filterAnyStatus }),
    current.statuses.map((s) => h('option', { value: s.id, text: s.label, selected: s.id === filters.status })));
  const sortSelect = h('select', { id: 'filter-sort', name: 'sort', 'data-label': TEXT.filterSort },
    sortOptions().map(([value, label]) => h('option', { value, text: label, selected: value === filters.sort })));

  const form = h('form', { class: 'filters', id: 'filter-form' },
    labelled(TEXT.registerLabel, registerSelect),
    labelled(TEXT.filterText, h('input', { type: 'search', id: 'filter-text', name: 'text', value: filters.text, 'data-label': TEXT.filterText })),
    labelled(TEXT.filterStatus, statusSelect),
    labelled(TEXT.filterFrom, h('input', { type: 'text', id: 'filter-from', name: 'from', value: filters.from, placeholder: '2026-01-01', 'data-label': TEXT.filterFrom, 'aria-describedby': 'filter-error' })),
    labelled(TEXT.filterTo, h('input', { type: 'text', id: 'filter-to', name: 'to', value: filters.to, placeholder: '2026-12-31', 'data-label': TEXT.filterTo, 'aria-describedby': 'filter-error' })),
    labelled(TEXT.filterSort, sortSelect),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'primary', text: TEXT.filterSubmit }),
      h('button', { type: 'button', id: 'add-record', onclick: openAddForm, text: TEXT.addRecord }),
    ),
    h('p', { class: 'form-error field-error', id: 'filter-error', role: 'alert' }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters = {
      text: form.elements.text.value,
      status: form.elements.status.value,
      from: form.elements.from.value,
      to: form.elements.to.value,
      sort: form.elements.sort.value,
      page: 1,
    };
    loadPage();
  });

  replace(content, h('section', { class: 'screen', 'data-screen': 'registers' },
    h('h1', { text: current.name }),
    form,
    h('p', { class: 'notice', id: 'list-notice', hidden: true }),
    h('div', { id: 'record-list', class: 'protected-data' }),
    h('div', { class: 'pager', id: 'pager' }),
  ));
}

function labelled(label, input) {
  return h('label', { class: 'filter' }, h('span', { text: label }), input);
}

function listColumns() {
  return current.fields.filter((f) => f.kind !== 'long_text').slice(0, LIST_COLUMNS);
}

async function loadPage() {
  const list = document.getElementById('record-list');
  const form = document.getElementById('filter-form');
  const query = { ...filters, per_page: PER_PAGE };
  let page;
  try {
    page = await call('query_records', { register: current.id, query });
  } catch (error) {
    showErrors(form, error);
    return;
  }
  form.querySelector('#filter-error').textContent = '';
  const columns = listColumns();
  if (page.records.length === 0) {
    replace(list, h('p', { class: 'muted', id: 'empty-list', text: TEXT.emptyList }));
  } else {
    replace(list, h('table', { class: 'records', id: 'records-table' },
      h('thead', {}, h('tr', {},
        h('th', { text: TEXT.columnNumber }),
        h('th', { text: TEXT.columnStatus }),
        columns.map((c) => h('th', { text: c.label })))),
      h('tbody', {}, page.records.map((record) => recordRow(record, columns))),
    ));
  }
  drawPager(page);
}

function recordRow(record, columns) {
  const byId = Object.fromEntries(record.fields.map((f) => [f.id, f.text]));
  const row = h('tr', { tabindex: 0, class: 'record-row', 'data-number': record.number },
    h('td', { class: 'number', text: record.number }),
    h('td', { text: record.status_label }),
    columns.map((c) => h('td', { 'data-field': c.id, text: byId[c.id] || '' })),
  );
  row.addEventListener('click', () => openRecord(record.number));
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      openRecord(record.number);
    } else if (event.key === 'ArrowDown' && row.nextElementSibling) {
      event.preventDefault();
      row.nextElementSibling.focus();
    } else if (event.key === 'ArrowUp' && row.previousElementSibling) {
      event.preventDefault();
      row.previousElementSibling.focus();
    }
  });
  return row;
}

function drawPager(page) {
  const pages = Math.max(1, Math.ceil(page.total / page.per_page));
  const move = (to) => {
    filters.page = to;
    loadPage();
  };
  replace(document.getElementById('pager'),
    h('button', { type: 'button', id: 'page-prev', disabled: page.page <= 1, onclick: () => move(page.page - 1), text: TEXT.pagePrev }),
    h('span', { id: 'page-info', text: format('pageInfo', { page: page.page, pages, total: page.total }) }),
    h('button', { type: 'button', id: 'page-next', disabled: page.page >= pages, onclick: () => move(page.page + 1), text: TEXT.pageNext }),
  );
}

// Opens a modal dialog with `body`. Esc closes it (the dialog's own cancel behaviour); the
// dialog is removed from the page when it closes.
function openDialog(id, title, body, after) {
  document.getElementById(id)?.remove();
  const dialog = h('dialog', { id, class: 'dialog', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, text: title }),
    h('div', { class: 'dialog-scroll' }, body),
  );
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (after) {
      after();
    }
  });
  document.body.append(dialog);
  attachWatermark(dialog);
  dialog.showModal();
  return dialog;
}

// Opens the record view of `number`; `message` reports the action just done on it.
async function openRecord(number, message) {
  let detail;
  try {
    detail = await call('get_record', { number });
  } catch (error) {
    showNotice(error.message);
    return;
  }

  const record = detail.record;
  const returnFocus = document.querySelector(`tr[data-number="${number}"]`);
  const fields = h('dl', { class: 'record-fields' },
    h('dt', { text: TEXT.recordStatus }), h('dd', { text: record.status_label }),
    h('dt', { text: TEXT.recordVersion }), h('dd', { text: String(record.version) }),
    record.fields.filter((f) => f.text).map((f) => [h('dt', { text: f.label }), h('dd', { 'data-field': f.id, text: f.text })]),
    h('dt', { text: TEXT.recordCreated }), h('dd', { text: `${record.created_at} ${record.created_by}` }),
    h('dt', { text: TEXT.recordUpdated }), h('dd', { text: `${record.updated_at} ${record.updated_by}` }),
  );

  const rows = record.rows.length ? h('section', {},
    h('h3', { text: current.rows_label || TEXT.recordRows }),
    h('table', { class: 'records' }, h('tbody', {}, record.rows.map((row) => h('tr', {}, row.map((f) => h('td', { title: f.label, text: f.text })))))),
  ) : null;

  const history = h('section', { class: 'history' },
    h('h3', { text: TEXT.historyTitle }),
    h('ol', { id: 'record-history' }, detail.history.map((v) => h('li', {},
      h('p', { text: format('historyEntry', { version: v.version, at: v.at, by: v.by, status: v.status_label, reason: v.reason }) }),
      h('p', { class: 'muted', text: v.fields.map((f) => `${f.label}：${f.text}`).join('；') }),
    ))),
  );

  const close = h('button', { type: 'button', class: 'primary', text: TEXT.close });
  // After a workflow step or a correction the list and this view show the new version.
  const reload = async (done) => {
    await loadPage();
    await openRecord(number, done);
  };
  const actions = await recordActions(record, fields, reload);
  const notice = message ? h('p', { class: 'notice', id: 'record-notice', text: message }) : null;
  const dialog = openDialog('record-dialog', format('recordTitle', { name: current.name, number: record.number }),
    h('div', {}, notice, actions, h('div', { class: 'protected-data dialog-body' }, fields, rows, history)),
    () => returnFocus?.focus());
  dialog.append(h('div', { class: 'dialog-actions' }, close));
  close.addEventListener('click', () => dialog.close());
  close.focus();
}

// Opens the add form for the current register.
export async function openAddForm() {
  if (!current) {
    return;
  }
  const lists = await lookupLists();

  const rows = current.fields.map((field) => addField(field, lists));
  const unsupported = current.rows_required ? h('p', { class: 'notice', text: format('addRowsUnsupported', { label: current.rows_label }) }) : null;
  const save = h('button', { type: 'submit', class: 'primary', id: 'add-save', disabled: Boolean(unsupported), text: TEXT.addSave });
  const cancel = h('button', { type: 'button', text: TEXT.addCancel });
  const form = h('form', { id: 'add-form', class: 'add-form' },
    unsupported,
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'form-grid' }, rows),
    Object.values(lists).map((list) => list.element),
    h('div', { class: 'dialog-actions' }, save, cancel),
  );

  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.ctrlKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = {};
    for (const field of current.fields) {
      fields[field.id] = form.elements[field.id].value;
    }
    try {
      const record = await busy(form, () => call('add_record', { register: current.id, fields }));
      dialog.close();
      filters.page = 1;
      await loadPage();
      showNotice(format('addSaved', { number: record.number }));
    } catch (error) {
      showErrors(form, error);
    }
  });

  const dialog = openDialog('add-dialog', format('addTitle', { name: current.name }), form, () => document.getElementById('add-record')?.focus());
  cancel.addEventListener('click', () => dialog.close());
  focusFirst(form.querySelector('.form-grid'));
}

function addField(field, lists) {
  const closed = field.closed && field.choices.length > 0;
  const list = lists[field.kind];
  let kind = 'text';
  if (closed) {
    kind = 'select';
  } else if (field.kind === 'long_text') {
    kind = 'long_text';
  }
  let listId;
  if (list) {
    listId = list.id;
  } else if (field.choices.length) {
    listId = `choices-${field.id}`;
  }
  const row = fieldRow(field.label, field.id, { kind, choices: field.choices, required: field.required, hint: field.hint, list: listId });
  if (!closed && field.choices.length) {
    row.append(h('datalist', { id: `choices-${field.id}` }, field.choices.map((c) => h('option', { value: c }))));
  }
  return row;
}

// Loads the records that person and device fields may refer to, as <datalist> elements.
// A register the account may not read is left out; the field then takes a typed number.
async function lookupLists() {
  const lists = {};
  const kinds = new Set(current.fields.map((f) => f.kind).filter((k) => k in LOOKUPS));
  for (const kind of kinds) {
    const register = LOOKUPS[kind];
    if (!registers.some((r) => r.id === register)) {
      continue;
    }
    try {
      const page = await call('query_records', { register, query: { sort: 'number-asc', per_page: 1000 } });
      const id = `lookup-${register}`;
      const options = page.records.map((r) => h('option', { value: r.number, label: `${r.number} ${r.fields[0]?.text || ''}` }));
      lists[kind] = { id, element: h('datalist', { id }, options) };
    } catch (error) {
      // NOTE: the lookup is a convenience; the form still accepts a typed number.
    }
  }
  return lists;
}

function showNotice(message) {
  const notice = document.getElementById('list-notice');
  if (notice) {
    notice.textContent = message;
    notice.hidden = false;
  }
}
