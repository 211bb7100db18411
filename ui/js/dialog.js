// Dialogs and small forms of the workflow screens. A dialog closes on Esc (the <dialog>
// element's own cancel), carries the watermark, and is removed from the page when it closes.
// An action form submits on Enter (Ctrl+Enter inside a multi-line field) and shows the core's
// messages next to the fields they name.

import { h } from './dom.js';
import { fieldRow, showErrors, clearErrors, busy } from './forms.js';
import { TEXT } from './text.js';
import { attachWatermark } from './watermark.js';

// Opens a modal dialog with `body`; `after` runs once it has closed.
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

// Builds one input for a register field as the core describes it (`register_fields`):
// `def` gives the label (which the core's messages name), the hint and the choices.
// `options.name` overrides the input's name; `options.value` fills it in.
export function registerField(def, options = {}) {
  const closed = def.closed && def.choices.length > 0;
  let kind = 'text';
  if (closed) {
    kind = 'select';
  } else if (def.kind === 'long_text') {
    kind = 'long_text';
  }
  const required = options.required ?? def.required;
  const row = fieldRow(def.label, options.name || def.id, { kind, choices: def.choices, required, hint: def.hint, value: options.value, list: options.list });
  const input = row.querySelector('input, select, textarea');
  if (kind === 'long_text' && options.value) {
    input.value = options.value;
  }
  if (kind === 'select' && options.value !== undefined) {
    input.value = options.value;
  }
  return row;
}

// The core names a row field as `归还时间（阅文记录第 2 行）`, but the form labels it
// `归还时间`. So the row part is dropped when no field carries the whole label.
function plainLabel(form, label) {
  if (!label) {
    return label;
  }
  const exact = [...form.querySelectorAll('[data-label]')].some((input) => input.dataset.label === label);
  return exact ? label : label.replace(/（[^（）]*第 \d+ 行）$/, '');
}

// Shows a command's error on `form`. `codeFields` maps error codes that name no field to the
// label of the field they belong to (a wrong password belongs next to the password).
export function showFormError(form, error, codeFields = {}) {
  const fields = (error.fields || []).map((item) => ({ ...item, field: plainLabel(form, item.field) }));
  let field = plainLabel(form, error.field);
  const known = field && [...form.querySelectorAll('[data-label]')].some((input) => input.dataset.label === field);
  if (!known && codeFields[error.code]) {
    field = codeFields[error.code];
  }
  showErrors(form, { ...error, field, fields });
}

// Creates a form whose submit runs `action(values)` while the form is busy. A thrown command
// error is shown next to its field; `codeFields` is passed to showFormError. The inputs named
// in `clearOnError` (passwords) are emptied after a failure, as on the login form.
export function actionForm({ id, rows, submitLabel, action, codeFields, extra, clearOnError = [] }) {
  const submit = h('button', { type: 'submit', class: 'primary', text: submitLabel });
  const form = h('form', { id, class: 'action-form' },
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'form-grid' }, rows),
    extra,
    h('div', { class: 'dialog-actions' }, submit),
  );
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.ctrlKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries([...form.elements].filter((e) => e.name).map((e) => [e.name, e.value]));
    try {
      await busy(form, () => action(values, form));
      clearErrors(form);
    } catch (error) {
      for (const name of clearOnError) {
        form.elements[name].value = '';
      }
      showFormError(form, error, codeFields);
    }
  });
  return form;
}

// The local date, or date and minutes, as register text.
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function nowMinutes() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${today()} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

// The date `days` from today, as register text.
export function dayFromToday(days) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// A close button for the dialog's foot.
export function closeButton(dialog) {
  const close = h('button', { type: 'button', class: 'dialog-close', text: TEXT.close });
  close.addEventListener('click', () => dialog.close());
  return close;
}
