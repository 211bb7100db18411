// Form helpers: a labelled input with a place for its error message, and the mapping of a
// command's error onto the field it names.

import { h } from './dom.js';

let fieldCounter = 0;

// Creates one labelled field row. `options.kind` picks the input: `password`, `text`,
// `long_text`, or `select` with `options.choices`.
export function fieldRow(label, name, options = {}) {
  fieldCounter += 1;
  const id = `field-${fieldCounter}`;
  const errorId = `${id}-error`;
  // `aria-required`, not `required`: the browser's own check would stop the form before the
  // core could put its zh-CN message next to the field.
  const common = { id, name, 'aria-describedby': errorId, 'data-label': label, 'aria-required': options.required ? 'true' : null };
  let input;
  if (options.kind === 'select') {
    const choices = options.required ? options.choices : ['', ...options.choices];
    input = h('select', common, choices.map((choice) => h('option', { value: choice, text: choice })));
  } else if (options.kind === 'long_text') {
    input = h('textarea', { ...common, rows: 3, placeholder: options.hint });
  } else {
    input = h('input', {
      ...common,
      type: options.kind === 'password' ? 'password' : 'text',
      placeholder: options.hint,
      autocomplete: options.autocomplete || 'off',
      list: options.list,
      value: options.value,
    });
  }
  const marker = options.required ? h('span', { class: 'required', text: ' *', title: '必填' }) : null;
  return h('div', { class: 'field' },
    h('label', { for: id }, label, marker),
    input,
    h('p', { class: 'field-error', id: errorId, role: 'alert' }),
  );
}

// Clears every field message and the form's general message.
export function clearErrors(form) {
  for (const slot of form.querySelectorAll('.field-error, .form-error')) {
    slot.textContent = '';
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
  }
}

// Shows `error` next to the field(s) it names, or at the top of the form when it names none,
// and focuses the first invalid field.
export function showErrors(form, error) {
  clearErrors(form);
  const items = error.fields && error.fields.length ? error.fields : [{ field: error.field, message: error.message }];
  let first = null;
  for (const item of items) {
    const input = item.field ? findField(form, item.field) : null;
    if (input) {
      const slot = form.querySelector(`#${input.getAttribute('aria-describedby')}`);
      slot.textContent = appendMessage(slot.textContent, item.message);
      input.setAttribute('aria-invalid', 'true');
      first = first || input;
    } else {
      const general = form.querySelector('.form-error');
      general.textContent = appendMessage(general.textContent, item.message);
    }
  }
  if (first) {
    first.focus();
  }
}

function appendMessage(existing, message) {
  return existing ? `${existing}\n${message}` : message;
}

// Finds the input whose label, or one of its `data-aliases`, is `label` (the core names
// fields by their zh-CN label).
function findField(form, label) {
  for (const input of form.querySelectorAll('[data-label]')) {
    const aliases = (input.dataset.aliases || '').split(',');
    if (input.dataset.label === label || aliases.includes(label)) {
      return input;
    }
  }
  return null;
}

// Disables the form's controls while `work` runs, so Enter pressed twice submits once.
export async function busy(form, work) {
  const controls = [...form.querySelectorAll('input, select, textarea, button')];
  const wasDisabled = controls.map((c) => c.disabled);
  controls.forEach((c) => { c.disabled = true; });
  form.classList.add('busy');
  try {
    return await work();
  } finally {
    controls.forEach((c, i) => { c.disabled = wasDisabled[i]; });
    form.classList.remove('busy');
  }
}
