// Pieces shared by the usage, printing and administration screens: modal dialogs, a labelled
// filter input, the device picker and a prompt for the reason every account change needs.

import { call } from './api.js';
import { h, focusFirst } from './dom.js';
import { fieldRow, showErrors, busy } from './forms.js';
import { TEXT } from './text.js';
import { attachWatermark } from './watermark.js';

// Opens a modal dialog with `body`; Esc closes it and the dialog leaves the page on close.
export function openDialog(id, title, body, after) {
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

// A filter input with its label above it.
export function labelled(label, input) {
  return h('label', { class: 'filter' }, h('span', { text: label }), input);
}

// Today and the first day of this month as `YYYY-MM-DD`.
export function monthSoFar() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const day = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return { from: day(new Date(now.getFullYear(), now.getMonth(), 1)), to: day(now) };
}

// A multiple-choice list of the devices register's records, `selected` chosen. An account
// that may not read the devices register gets an empty list and can still type numbers.
export async function devicePicker(id, selected = []) {
  const select = h('select', { id, name: 'devices', multiple: true, size: 6, 'data-label': TEXT.usageDevices, 'aria-describedby': `${id}-error` });
  try {
    const page = await call('query_records', { register: 'devices', query: { sort: 'number-asc', per_page: 1000 } });
    for (const record of page.records) {
      const byId = Object.fromEntries(record.fields.map((f) => [f.id, f.text]));
      const label = [record.number, byId.unified_number, byId.category, byId.brand_model].filter(Boolean).join(' ');
      select.append(h('option', { value: record.number, text: label, selected: selected.includes(record.number) }));
    }
  } catch (error) {
    // NOTE: without read access to 设备台账 the list stays empty; the core still checks numbers.
  }
  return select;
}

export function selectedValues(select) {
  return [...select.selectedOptions].map((option) => option.value);
}

// Asks for the reason of an account change, runs `action(reason)` and closes on success.
// Errors appear next to the reason or at the top of the dialog.
export function askReason(title, action) {
  const form = h('form', { class: 'add-form', id: 'reason-form' },
    h('p', { class: 'form-error', role: 'alert' }),
    fieldRow(TEXT.adminReason, 'reason', { required: true, hint: TEXT.adminReasonHint }),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'submit', class: 'primary', id: 'reason-save', text: TEXT.adminConfirm }),
      h('button', { type: 'button', class: 'cancel', text: TEXT.addCancel }),
    ),
  );
  form.elements.reason.dataset.aliases = '原因';
  const dialog = openDialog('reason-dialog', title, form);
  form.querySelector('button.cancel').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await busy(form, () => action(form.elements.reason.value));
      dialog.close();
    } catch (error) {
      showErrors(form, error);
    }
  });
  focusFirst(form);
  return dialog;
}

// Shows a one-time secret (a first password) in a dialog warning that it is shown once.
export function showSecret(title, account, password) {
  const close = h('button', { type: 'button', class: 'primary', id: 'secret-close', text: TEXT.adminSecretDone });
  const dialog = openDialog('secret-dialog', title, h('div', {},
    h('p', { class: 'warning', text: TEXT.adminSecretOnce }),
    h('p', {}, `${TEXT.loginAccount}：`, h('code', { class: 'account-name', text: account })),
    h('p', {}, `${TEXT.adminFirstPassword}：`, h('span', { class: 'secret first-password', id: 'new-first-password', text: password })),
    h('div', { class: 'dialog-actions' }, close),
  ));
  close.addEventListener('click', () => dialog.close());
  close.focus();
  return dialog;
}
