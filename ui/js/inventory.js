// The 年度清查 screen: start an inventory of a register and scan its labels. A USB barcode
// scanner types the code and presses Enter, so each scan's result shows at once. The screen
// also shows the reconciliation report and closes the inventory with a conclusion.

import { call } from './api.js';
import { h, replace } from './dom.js';
import { fieldRow, showErrors, busy } from './forms.js';
import { TEXT, format } from './text.js';
import { openDialog, actionForm, closeButton } from './dialog.js';

let content = null;
let active = null;

export async function renderInventory(container) {
  content = container;
  replace(content, h('p', { class: 'muted', text: TEXT.loading }));
  let view;
  try {
    view = await call('inventories');
  } catch (error) {
    replace(content, h('p', { class: 'form-error', text: error.message }));
    return;
  }
  active = active && view.open.find((i) => i.id === active.id);
  if (!active && view.open.length === 1) {
    active = view.open[0];
  }
  drawScreen(view);
}

function drawScreen(view) {
  const start = h('form', { id: 'inventory-start', class: 'filters' },
    fieldRow(TEXT.inventoryRegister, 'register', { kind: 'select', required: true, choices: [] }),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary', text: TEXT.inventoryStart })),
    h('p', { class: 'form-error', role: 'alert' }),
  );
  const select = start.elements.register;
  replace(select, view.registers.map((r) => h('option', { value: r.id, text: r.name })));
  start.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      active = await busy(start, () => call('inventory_start', { register: select.value }));
      await renderInventory(content);
    } catch (error) {
      showErrors(start, error);
    }
  });

  const open = view.open.length ? h('table', { class: 'records', id: 'inventory-open' },
    h('thead', {}, h('tr', {}, [TEXT.inventoryColumnRegister, TEXT.inventoryColumnStarted, TEXT.inventoryColumnScans, ''].map((t) => h('th', { text: t })))),
    h('tbody', {}, view.open.map((inventory) => h('tr', { class: active && active.id === inventory.id ? 'active' : null },
      h('td', { text: inventory.register_name }),
      h('td', { text: `${inventory.started_at} ${inventory.started_by}` }),
      h('td', { text: String(inventory.scans) }),
      h('td', {}, h('button', { type: 'button', 'data-inventory': inventory.id, text: TEXT.inventoryContinue, onclick: () => { active = inventory; drawScreen(view); } })),
    ))),
  ) : h('p', { class: 'muted', id: 'inventory-none', text: TEXT.inventoryNone });

  replace(content, h('section', { class: 'screen', 'data-screen': 'inventory' },
    h('h1', { text: TEXT.inventoryTitle }),
    h('p', { class: 'notice', id: 'inventory-notice', hidden: true }),
    start,
    h('h2', { text: TEXT.inventoryOpen }),
    open,
    active ? scanPanel(active) : null,
  ));
  document.getElementById('scan-input')?.focus();
}

// The scan box and the list of results, newest first. Focus returns to the box after every
// scan, so a scanner can read label after label.
function scanPanel(inventory) {
  const counter = h('p', { id: 'scan-counter', class: 'muted', text: format('inventoryCounter', { found: '—', expected: '—' }) });
  const results = h('ol', { id: 'scan-results', class: 'scan-results protected-data', reversed: true });
  const form = h('form', { id: 'scan-form', class: 'scan-form' },
    fieldRow(TEXT.inventoryScanLabel, 'code', { required: true, hint: TEXT.inventoryScanHint }),
  );
  const input = form.elements.code;
  input.id = 'scan-input';
  // The core names a scanned line 清点编号 or 第 1 行.
  input.dataset.aliases = '清点编号,第 1 行';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = input.value;
    input.value = '';
    if (!code.trim()) {
      input.focus();
      return;
    }
    try {
      const scan = await call('inventory_scan', { inventory: inventory.id, code });
      results.prepend(scanLine(scan));
      counter.textContent = format('inventoryCounter', { found: scan.found, expected: scan.expected });
      form.querySelector('.field-error').textContent = '';
      input.removeAttribute('aria-invalid');
    } catch (error) {
      showErrors(form, error);
    }
    input.focus();
  });

  return h('section', { class: 'scan-panel', 'data-inventory': inventory.id },
    h('h2', { text: format('inventoryScanTitle', { register: inventory.register_name }) }),
    form,
    counter,
    results,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', id: 'inventory-report', text: TEXT.inventoryReport, onclick: () => openReport(inventory) }),
      h('button', { type: 'button', id: 'inventory-close', text: TEXT.inventoryClose, onclick: () => openClose(inventory) }),
    ),
  );
}

function scanLine(scan) {
  const text = {
    found: () => format('scanFound', { code: scan.code, number: scan.number }),
    duplicate: () => format('scanDuplicate', { code: scan.code, number: scan.number, times: scan.detail }),
    mismatch: () => format('scanMismatch', { code: scan.code, number: scan.number, status: scan.detail }),
    ambiguous: () => format('scanAmbiguous', { code: scan.code, numbers: scan.number }),
    unknown: () => format('scanUnknown', { code: scan.code }),
  }[scan.result]();
  return h('li', { class: `scan-${scan.result}`, 'data-result': scan.result }, text);
}

async function openReport(inventory) {
  let report;
  try {
    report = await call('inventory_report', { inventory: inventory.id });
  } catch (error) {
    showNotice(error.message);
    return;
  }
  const items = (list) => list.map((i) => `${i.number}${i.label ? `（${i.label}）` : ''} ${i.status_label}`);
  const section = (key, id, lines) => h('section', { 'data-section': id },
    h('h3', { text: format(key, { count: lines.length }) }),
    lines.length ? h('ul', {}, lines.map((line) => h('li', { text: line }))) : h('p', { class: 'muted', text: TEXT.wfNone }));
  const body = h('div', { class: 'protected-data', id: 'inventory-report-body' },
    h('p', { text: format('reportSummary', { register: report.register_name, expected: report.expected, found: report.found.length }) }),
    section('reportMissing', 'missing', items(report.missing)),
    section('reportTwice', 'twice', items(report.scanned_twice)),
    section('reportUnknown', 'unknown', report.unknown),
    section('reportMismatched', 'mismatched', items(report.mismatched)),
    section('reportAmbiguous', 'ambiguous', report.ambiguous),
    section('reportFound', 'found', items(report.found)),
  );
  const dialog = openDialog('report-dialog', format('reportTitle', { register: report.register_name }), body, () => document.getElementById('scan-input')?.focus());
  const close = closeButton(dialog);
  dialog.append(h('div', { class: 'dialog-actions' }, close));
  close.focus();
}

function openClose(inventory) {
  let dialog = null;
  const form = actionForm({
    id: 'inventory-close-form',
    rows: [fieldRow(TEXT.inventoryConclusion, 'conclusion', { kind: 'long_text', required: true })],
    submitLabel: TEXT.inventoryClose,
    action: async (v) => {
      const number = await call('inventory_close', { inventory: inventory.id, conclusion: v.conclusion });
      dialog.close();
      active = null;
      await renderInventory(content);
      showNotice(format('inventoryClosed', { number }));
    },
  });
  dialog = openDialog('inventory-close-dialog', format('inventoryCloseTitle', { register: inventory.register_name }), form, () => document.getElementById('scan-input')?.focus());
  form.querySelector('.dialog-actions').append(closeButton(dialog));
  form.elements.conclusion.focus();
}

function showNotice(message) {
  const notice = document.getElementById('inventory-notice');
  if (notice) {
    notice.textContent = message;
    notice.hidden = false;
  }
}
