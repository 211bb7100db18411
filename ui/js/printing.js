// Printing: choose a form and what it is for, then generate the PDF. The core audits the print
// and writes the file owner-only where the user chose. The screen previews its pages and can
// open it in the system's PDF viewer or send it to the printer.

import { call } from './api.js';
import { h, replace, focusFirst } from './dom.js';
import { fieldRow, showErrors, busy, clearErrors } from './forms.js';
import { TEXT, format } from './text.js';
import { labelled, monthSoFar, devicePicker, selectedValues, openDialog } from './panels.js';

let setup = null;
let preset = null;

// Chooses the form (and its devices and dates) the printing screen opens with next time.
export function presetPrint(detail) {
  preset = detail;
}

export async function renderPrinting(content) {
  replace(content, h('p', { class: 'muted', text: TEXT.loading }));
  try {
    setup = setup || await call('print_setup');
  } catch (error) {
    replace(content, h('p', { class: 'form-error', text: error.message }));
    return;
  }
  const chosen = preset || { form: setup.forms[0].id };
  preset = null;

  const formSelect = h('select', { id: 'print-form-select', name: 'form', 'data-label': TEXT.printForm },
    setup.forms.map((f) => h('option', { value: f.id, text: f.name, selected: f.id === chosen.form })));
  const target = h('div', { class: 'form-grid', id: 'print-target' });
  const outRow = fieldRow(TEXT.printOut, 'out', { required: true, hint: TEXT.printOutHint });
  const out = outRow.querySelector('input');
  out.id = 'print-out';
  out.classList.add('wide');
  let outEdited = false;
  out.addEventListener('input', () => { outEdited = true; });

  const form = h('form', { class: 'card print-card', id: 'print-form' },
    h('div', { class: 'form-grid' }, labelled(TEXT.printForm, formSelect)),
    target,
    outRow,
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary', id: 'print-generate', text: TEXT.printGenerate })),
  );
  const suggest = () => {
    if (!outEdited) {
      out.value = suggestedPath(form);
    }
  };
  const drawTarget = async () => {
    const spec = setup.forms.find((f) => f.id === formSelect.value);
    replace(target, await targetFields(spec, chosen));
    suggest();
  };
  formSelect.addEventListener('change', () => {
    clearErrors(form);
    drawTarget();
  });
  target.addEventListener('input', suggest);
  target.addEventListener('change', suggest);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const request = readRequest(form);
    try {
      const printed = await busy(form, () => call('print_form', { request }));
      outEdited = false;
      clearErrors(form);
      await showPrinted(printed);
      suggest();
    } catch (error) {
      showErrors(form, error);
    }
  });

  replace(content, h('section', { class: 'screen', 'data-screen': 'printing' },
    h('h1', { text: TEXT.printTitle }),
    h('p', { class: 'muted', text: TEXT.printIntro }),
    h('div', { class: 'print-layout' },
      form,
      h('section', { id: 'print-result', class: 'print-result', hidden: true }),
    ),
  ));
  await drawTarget();
  focusFirst(form);
}

// The inputs a form needs to know what to print, filled from `chosen` where it names them.
async function targetFields(spec, chosen) {
  const same = chosen.form === spec.id;
  if (spec.input === 'number') {
    const row = fieldRow(TEXT.printNumber, 'number', { required: true, hint: TEXT.printNumberHint, value: same ? chosen.number : '' });
    row.querySelector('input').id = 'print-number';
    return row;
  }
  if (spec.input === 'logbook') {
    const range = same && chosen.from !== undefined ? chosen : monthSoFar();
    const picker = await devicePicker('print-devices', same ? chosen.devices || [] : []);
    picker.dataset.label = TEXT.usageDevices;
    return [
      h('div', { class: 'field' }, h('label', { for: 'print-devices', text: TEXT.printDevices }), picker, h('p', { class: 'muted', text: TEXT.printDevicesHint })),
      dateRow(TEXT.filterFrom, 'from', range.from),
      dateRow(TEXT.filterTo, 'to', range.to),
    ];
  }
  if (spec.input === 'reminders') {
    const box = h('input', { type: 'checkbox', id: 'print-due-soon', name: 'due_soon' });
    return [
      dateRow(TEXT.printDate, 'date', monthSoFar().to),
      fieldRow(TEXT.printNumbers, 'numbers', { hint: TEXT.printNumbersHint }),
      h('p', {}, box, h('label', { for: 'print-due-soon', text: ` ${TEXT.printDueSoon}` })),
    ];
  }
  return fieldRow(TEXT.printNumbers, 'numbers', { hint: TEXT.printLabelsHint });
}

function dateRow(label, name, value) {
  const row = fieldRow(label, name, { required: true, hint: '2026-01-31', value });
  row.querySelector('input').id = `print-${name}`;
  return row;
}

function readRequest(form) {
  const value = (name) => form.elements[name]?.value ?? '';
  const list = (name) => value(name).split(/[,，、\s]+/).filter(Boolean);
  const devices = form.elements.devices ? selectedValues(form.elements.devices) : [];
  return {
    form: value('form'),
    number: value('number'),
    devices,
    from: value('from'),
    to: value('to'),
    date: value('date'),
    due_soon: Boolean(form.elements.due_soon?.checked),
    numbers: list('numbers'),
    out: value('out'),
  };
}

// A file name from the form, what it is for and the time, in the default folder.
function suggestedPath(form) {
  const request = readRequest(form);
  const spec = setup.forms.find((f) => f.id === request.form);
  let target = request.number;
  if (spec.input === 'logbook') {
    target = [request.devices.length ? request.devices.join('_') : TEXT.printAllDevices, request.from, request.to].join('_');
  }
  const name = [spec.name, target, timeStamp()].filter(Boolean).join('-').replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${setup.folder}/${name}.pdf`;
}

// Shows the written file, its preview, and the open and print buttons.
async function showPrinted(printed) {
  const result = document.getElementById('print-result');
  const status = h('p', { class: 'notice', id: 'print-status', role: 'status' });
  const openButton = h('button', { type: 'button', id: 'print-open', text: TEXT.printOpen });
  const sendButton = h('button', { type: 'button', id: 'print-send', text: TEXT.printSend });
  const pages = h('div', { class: 'preview protected-data', id: 'print-preview' }, h('p', { class: 'muted', text: TEXT.loading }));
  replace(result,
    h('h2', { text: TEXT.printDone }),
    h('p', { id: 'print-summary', text: format('printSummary', { serial: printed.serial, pages: printed.pages, head: printed.head }) }),
    h('p', {}, `${TEXT.printSavedAt}：`, h('code', { id: 'print-path', text: printed.path })),
    h('div', { class: 'filter-actions' }, openButton, sendButton),
    status,
    pages,
  );
  status.hidden = true;
  result.hidden = false;
  const report = (text) => {
    status.textContent = text;
    status.hidden = false;
  };
  openButton.addEventListener('click', async () => {
    try {
      await call('open_pdf', { path: printed.path });
      report(TEXT.printOpened);
    } catch (error) {
      report(error.message);
    }
  });
  sendButton.addEventListener('click', async () => {
    try {
      const reply = await call('send_to_printer', { path: printed.path });
      report(format('printSent', { reply }));
    } catch (error) {
      report(error.message);
    }
  });

  try {
    const preview = await call('preview_pdf', { path: printed.path, pages: printed.pages });
    replace(pages,
      preview.pages.map((src, index) => h('img', { class: 'preview-page', src, alt: format('printPageAlt', { page: index + 1 }), draggable: 'false' })),
      preview.more > 0 ? h('p', { class: 'muted', text: format('printMorePages', { count: preview.more }) }) : null,
    );
  } catch (error) {
    replace(pages, h('p', { class: 'form-error', id: 'print-preview-error', text: error.message }));
  }
  openButton.focus();
}

// Opens a dialog that prints the recovery key sheet of a vault just created, before anyone has
// logged in. The core checks that the key opens this vault before it prints.
export async function openRecoveryKeyPrint(recoveryKey) {
  setup = setup || await call('print_setup');

  const outRow = fieldRow(TEXT.printOut, 'out', { required: true, value: `${setup.folder}/${TEXT.printRecoveryFile}-${timeStamp()}.pdf` });
  outRow.querySelector('input').classList.add('wide');
  const status = h('p', { class: 'notice', id: 'recovery-status', role: 'status', hidden: true });
  const openButton = h('button', { type: 'button', id: 'recovery-open', hidden: true, text: TEXT.printOpen });
  const cancel = h('button', { type: 'button', text: TEXT.close });
  const form = h('form', { class: 'add-form', id: 'recovery-form' },
    h('p', { class: 'muted', text: TEXT.printRecoveryIntro }),
    h('p', { class: 'form-error', role: 'alert' }),
    outRow,
    status,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'submit', class: 'primary', id: 'recovery-generate', text: TEXT.printGenerate }),
      openButton,
      cancel),
  );

  let printedPath = null;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const printed = await busy(form, () => call('print_recovery_key', { recoveryKey, out: form.elements.out.value }));
      clearErrors(form);
      printedPath = printed.path;
      status.textContent = format('printRecoveryDone', { path: printed.path, serial: printed.serial });
      status.hidden = false;
      openButton.hidden = false;
    } catch (error) {
      showErrors(form, error);
    }
  });

  openButton.addEventListener('click', async () => {
    try {
      await call('open_pdf', { path: printedPath });
      status.textContent = TEXT.printOpened;
    } catch (error) {
      status.textContent = error.message;
    }
  });

  const dialog = openDialog('recovery-dialog', TEXT.printRecoveryTitle, form);
  cancel.addEventListener('click', () => dialog.close());
  focusFirst(form);
}

function timeStamp() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}
