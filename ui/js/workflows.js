// The actions of the record view and the workflow dialogs they open: 文件流转, 复制审批,
// 介质借用 and its return, 维修 and 报废 requests, 报废销毁 and 清退销毁 confirmed by a second
// account, 离岗离职, and the generic correction, status change, cancellation and reveal.
// Every rule is the core's: a dialog sends what was typed and shows the core's message next to
// the field it names.

import { call } from './api.js';
import { h, replace, focusFirst } from './dom.js';
import { TEXT, format } from './text.js';

// `copy_apply` → `CopyApply`, for the catalog keys of workflows and loan rules.
function pascal(id) {
  return id.split('_').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

function workflowName(id) {
  return TEXT[`wf${pascal(id)}`] || id;
}
import { openDialog, registerField, actionForm, showFormError, today, nowMinutes, dayFromToday, closeButton } from './dialog.js';

const fieldCache = new Map();

// The register's field definitions by id, loaded once per register.
async function fieldsOf(register) {
  if (!fieldCache.has(register)) {
    const list = await call('register_fields', { register });
    fieldCache.set(register, Object.fromEntries(list.map((f) => [f.id, f])));
  }
  return fieldCache.get(register);
}

async function currentAccount() {
  const status = await call('app_status');
  return status.session ? status.session.account : '';
}

// Draws the action buttons of `record` and the reveal buttons next to its masked fields in
// `fieldList`. `done(message)` reloads the record view after a change.
export async function recordActions(record, fieldList, done) {
  let actions;
  try {
    actions = await call('record_actions', { number: record.number });
  } catch (error) {
    return h('p', { class: 'form-error', text: error.message });
  }
  addRevealButtons(record, fieldList, actions.masked);

  // A dialog that cannot open (its field list or the carriers failed to load) reports why here.
  const failure = h('p', { class: 'form-error', id: 'record-actions-error', role: 'alert' });
  const run = (open) => () => {
    failure.textContent = '';
    open().catch((error) => { failure.textContent = error.message; });
  };
  const button = (id, label, open, primary) => h('button', { type: 'button', class: primary ? 'primary' : null, 'data-action': id, text: label, onclick: run(open) });
  const workflowButtons = actions.workflows.map((id) => button(id, workflowName(id), () => openWorkflow(id, record, done), true));
  const transitionButtons = actions.transitions.map((t) => button(`status-${t.to}`, t.action, () => openTransition(record, t, done)));
  const generic = actions.editable ? [
    button('edit', TEXT.wfEdit, () => openEdit(record, done)),
    button('void', TEXT.wfVoid, () => openVoid(record, done)),
  ] : [];
  if (!workflowButtons.length && !transitionButtons.length && !generic.length) {
    return h('p', { class: 'muted', id: 'record-actions', text: TEXT.wfNoActions });
  }
  return h('div', { class: 'record-actions', id: 'record-actions', role: 'toolbar', 'aria-label': TEXT.wfActions },
    workflowButtons, transitionButtons, generic, failure);
}

function addRevealButtons(record, fieldList, masked) {
  for (const field of masked) {
    const dd = fieldList.querySelector(`dd[data-field="${field.id}"]`);
    if (!dd) {
      continue;
    }
    const message = h('span', { class: 'field-error reveal-error', role: 'alert' });
    const reveal = h('button', { type: 'button', class: 'reveal', 'data-reveal': field.id, text: TEXT.wfReveal });
    reveal.addEventListener('click', async () => {
      try {
        const text = await call('reveal_field', { number: record.number, field: field.id });
        dd.firstChild.textContent = text;
        reveal.remove();
        message.textContent = TEXT.wfRevealed;
        message.classList.remove('field-error');
        message.classList.add('muted');
      } catch (error) {
        message.textContent = error.message;
      }
    });
    const value = h('span', { class: 'masked-value', text: dd.textContent });
    replace(dd, value, ' ', reveal, ' ', message);
  }
}

function openWorkflow(id, record, done) {
  const open = {
    circulation: openCirculation,
    copy_apply: openCopyApply,
    copy: openCopyStep,
    loan: openLoan,
    loan_return: openLoanReturn,
    repair: (r, d) => openRequest('repairs', r, d),
    scrap_apply: (r, d) => openRequest('scrapping', r, d),
    scrap_confirm: openScrapConfirm,
    disposal_confirm: openDisposalConfirm,
    departure: openDeparture,
  }[id];
  return open(record, done);
}

// A dialog with one action form; a success closes it and reloads the record with `message`.
function formDialog(id, title, formOptions, done, intro) {
  let dialog = null;
  const form = actionForm({
    ...formOptions,
    action: async (values, element) => {
      const message = await formOptions.action(values, element);
      dialog.close();
      done(message);
    },
  });
  dialog = openDialog(id, title, h('div', {}, intro, form));
  dialog.querySelector('.dialog-actions').append(closeButton(dialog));
  focusFirst(form.querySelector('.form-grid'));
  return dialog;
}

// ----------------------------------------------------------------------------------------
// Generic actions: correction, status change, cancellation.

async function openEdit(record, done) {
  const defs = await fieldsOf(record.register);
  const masked = new Set();
  const initial = {};
  const rows = record.fields.map((field) => {
    const def = defs[field.id];
    if (def.masked) {
      // The page never has the full value of a masked field: a blank input keeps it.
      masked.add(field.id);
      initial[field.id] = '';
      const row = registerField(def, { required: false });
      row.querySelector('input').placeholder = TEXT.wfMaskedKeep;
      return row;
    }
    initial[field.id] = field.text;
    return registerField(def, { value: field.text, required: def.required });
  });
  rows.push(reasonRow(TEXT.wfEditReason));
  formDialog('edit-dialog', format('wfEditTitle', { number: record.number }), {
    id: 'edit-form',
    rows,
    submitLabel: TEXT.wfEditSave,
    action: async (values) => {
      const fields = {};
      for (const [id, text] of Object.entries(values)) {
        if (id in initial && text !== initial[id] && !(masked.has(id) && text === '')) {
          fields[id] = text;
        }
      }
      const saved = await call('edit_record', { number: record.number, fields, reason: values.reason });
      return format('wfEdited', { number: saved.number, version: saved.version });
    },
  }, done);
}

// The reason field. The core names it 修改原因 when a correction has none.
function reasonRow(label, required = true) {
  const row = registerField({ id: 'reason', label, kind: 'long_text', required, closed: false, choices: [], hint: '' }, { name: 'reason' });
  row.querySelector('textarea').dataset.aliases = '修改原因';
  return row;
}

async function openTransition(record, transition, done) {
  const defs = await fieldsOf(record.register);
  const current = Object.fromEntries(record.fields.map((f) => [f.id, f.text]));
  const rows = transition.requires.map((id) => registerField(defs[id], { value: current[id] || '', required: true }));
  rows.push(reasonRow(TEXT.wfStatusReason, false));
  formDialog('status-dialog', format('wfStatusTitle', { action: transition.action, number: record.number }), {
    id: 'status-form',
    rows,
    submitLabel: transition.action,
    action: async (values) => {
      const fields = {};
      for (const id of transition.requires) {
        fields[id] = values[id];
      }
      const saved = await call('change_status', { number: record.number, to: transition.to, fields, reason: values.reason });
      return format('wfStatusChanged', { number: saved.number, status: saved.status_label });
    },
  }, done, h('p', { class: 'muted', text: format('wfStatusIntro', { from: record.status_label, to: transition.to_label }) }));
}

async function openVoid(record, done) {
  formDialog('void-dialog', format('wfVoidTitle', { number: record.number }), {
    id: 'void-form',
    rows: [reasonRow(TEXT.wfVoidReason)],
    submitLabel: TEXT.wfVoid,
    action: async (values) => {
      const saved = await call('void_record', { number: record.number, reason: values.reason });
      return format('wfStatusChanged', { number: saved.number, status: saved.status_label });
    },
  }, done, h('p', { class: 'warning', text: TEXT.wfVoidWarning }));
}

// ----------------------------------------------------------------------------------------
// 文件流转: one dialog that stays open through 拟办, 审核, 送阅, 归还 and 归档.

async function openCirculation(record, done) {
  const defs = await fieldsOf('circulation');
  const documentDefs = await fieldsOf('incoming_documents');
  const body = h('div', { class: 'circulation' });
  // Closing the dialog reloads the record view, unless a lock has already closed that view.
  const reload = () => {
    if (document.getElementById('record-dialog')) {
      done(null);
    }
  };
  const dialog = openDialog('circulation-dialog', format('wfCirculationTitle', { number: record.number }), body, reload);
  const foot = h('div', { class: 'dialog-actions' }, closeButton(dialog));
  dialog.append(foot);
  let notice = '';

  const redraw = async () => {
    let view;
    try {
      view = await call('circulation_state', { number: record.number });
    } catch (error) {
      replace(body, h('p', { class: 'form-error', text: error.message }));
      return;
    }
    drawCirculation(body, view, defs, documentDefs, notice, async (message) => {
      notice = message;
      await redraw();
    });
  };
  await redraw();
}

function drawCirculation(body, view, defs, documentDefs, notice, changed) {
  const doc = view.document;
  const text = Object.fromEntries(doc.fields.map((f) => [f.id, f.text]));
  const slip = view.slips.find((s) => ['proposed', 'reviewed', 'open'].includes(s.status));
  const holder = view.holder;

  const summary = h('dl', { class: 'record-fields protected-data', id: 'circulation-summary' },
    h('dt', { text: documentDefs.title.label }), h('dd', { text: `${doc.number}《${text.title || ''}》` }),
    h('dt', { text: documentDefs.classification.label }), h('dd', { text: text.classification || '' }),
    h('dt', { text: documentDefs.need_to_know.label }), h('dd', { id: 'circulation-need-to-know', text: text.need_to_know || TEXT.wfNone }),
    h('dt', { text: TEXT.recordStatus }), h('dd', { text: doc.status_label }),
    h('dt', { text: TEXT.wfHolder }), h('dd', { id: 'circulation-holder', text: holder ? format('wfHeldBy', { name: holder.name, person: holder.reader, since: holder.sent_at, due: holder.return_due }) : TEXT.wfWithOffice }),
  );

  const slips = view.slips.map((s) => slipSection(s, defs, doc.number));
  const forms = [];
  const gone = ['destroyed', 'cleared_out', 'cancelled'].includes(doc.status);
  if (!slip && !gone && doc.register === 'incoming_documents') {
    forms.push(stepForm('circulation-propose', TEXT.wfPropose, [
      registerField(defs.circulated_on, { value: today(), required: true }),
      registerField(defs.proposed_handling, { required: true }),
      registerField(defs.proposed_by, { required: true }),
    ], async (v) => {
      const saved = await call('circulation_propose', { document: doc.number, date: v.circulated_on, opinion: v.proposed_handling, by: v.proposed_by });
      await changed(format('wfProposed', { slip: saved.number }));
    }));
  } else if (slip && slip.status === 'proposed') {
    forms.push(stepForm('circulation-review', TEXT.wfReview, [
      registerField(defs.reviewed_by, { required: true }),
      registerField(defs.review_opinion),
    ], async (v) => {
      const saved = await call('circulation_review', { slip: slip.number, by: v.reviewed_by, opinion: v.review_opinion });
      await changed(format('wfReviewed', { slip: saved.number }));
    }));
  } else if (slip) {
    if (holder) {
      forms.push(stepForm('circulation-return', format('wfReturnFrom', { name: holder.name }), [
        registerField(defs.returned_at, { value: nowMinutes(), required: true }),
      ], async (v) => {
        await call('circulation_return', { slip: slip.number, at: v.returned_at });
        await changed(format('wfReturned', { name: holder.name }));
      }));
    }
    // The 送阅 form stays offered while a reader has the document. The core then rejects
    // passing it on (横传), and its message names who has it.
    forms.push(stepForm('circulation-send', TEXT.wfSend, [
      registerField(defs.reader, { required: true }),
      registerField(defs.sent_at, { value: nowMinutes(), required: true }),
      registerField(defs.return_due, { value: `${dayFromToday(3)} 17:00`, required: true }),
    ], async (v) => {
      await call('circulation_send', { slip: slip.number, reader: v.reader, sent_at: v.sent_at, due: v.return_due });
      await changed(format('wfSent', { reader: v.reader }));
    }));
  }
  if (!gone && doc.register === 'incoming_documents' && !holder && (slip || doc.status !== 'filed')) {
    forms.push(stepForm('circulation-file', TEXT.wfFile, [
      registerField(documentDefs.storage_location, { value: text.storage_location || '', required: true }),
    ], async (v) => {
      await call('circulation_file', { document: doc.number, location: v.storage_location });
      await changed(TEXT.wfFiled);
    }));
  }

  replace(body,
    notice ? h('p', { class: 'notice', id: 'circulation-notice', text: notice }) : null,
    summary,
    slips.length ? slips : h('p', { class: 'muted', text: TEXT.wfNoSlip }),
    h('div', { class: 'step-forms' }, forms),
  );
  const first = body.querySelector('.step-forms form');
  if (first) {
    focusFirst(first.querySelector('.form-grid'));
  }
}

function slipSection(slip, defs, documentNumber) {
  const overdue = slip.readers.filter((r) => r.overdue);
  return h('section', { class: 'slip protected-data', 'data-slip': slip.number },
    h('h3', { text: format('wfSlipTitle', { slip: slip.number, status: slip.status_label }) }),
    h('div', { class: 'record-actions slip-prints' },
      h('button', { type: 'button', class: 'print-slip', onclick: () => printFor('circulation_slip', slip.number), text: TEXT.wfPrintSlip }),
      h('button', { type: 'button', class: 'print-sign-off', onclick: () => printFor('sign_off_sheet', documentNumber), text: TEXT.wfPrintSignOff }),
    ),
    h('p', { class: 'muted', text: [
      slip.proposed_handling && `${defs.proposed_handling.label}：${slip.proposed_handling}（${slip.proposed_by}）`,
      slip.reviewed_by && `${defs.reviewed_by.label}：${slip.reviewed_by} ${slip.review_opinion}`,
    ].filter(Boolean).join('；') }),
    overdue.length ? h('p', { class: 'warning', 'data-overdue': overdue.length, text: format('wfOverdueReaders', { names: overdue.map((r) => r.name || r.reader).join('、') }) }) : null,
    slip.readers.length ? h('table', { class: 'records readers' },
      h('thead', {}, h('tr', {}, [defs.reader, defs.sent_at, defs.return_due, defs.returned_at].map((d) => h('th', { text: d.label })))),
      h('tbody', {}, slip.readers.map((r) => h('tr', { class: r.overdue ? 'overdue' : null },
        h('td', { text: `${r.name}（${r.reader}）` }),
        h('td', { text: r.sent_at }),
        h('td', { text: r.overdue ? `${r.return_due} ${TEXT.wfOverdue}` : r.return_due }),
        h('td', { text: r.returned_at || TEXT.wfNotReturned }),
      ))),
    ) : null,
  );
}

// Closes the open dialogs and moves to the printing screen with `form` chosen for `number`.
function printFor(form, number) {
  document.querySelectorAll('dialog[open]').forEach((dialog) => dialog.close());
  document.dispatchEvent(new CustomEvent('secledger:print', { detail: { form, number } }));
}

// A titled form of one step inside a workflow dialog.
function stepForm(id, title, rows, run) {
  const form = actionForm({ id, rows, submitLabel: title, action: (values) => run(values) });
  return h('section', { class: 'step' }, h('h3', { text: title }), form);
}

// ----------------------------------------------------------------------------------------
// 复制审批.

async function openCopyApply(record, done) {
  const defs = await fieldsOf('copy_approvals');
  formDialog('copy-dialog', format('wfCopyApplyTitle', { number: record.number }), {
    id: 'copy-apply-form',
    rows: [
      registerField(defs.applied_on, { value: today() }),
      registerField(defs.applicant),
      registerField(defs.copy_count),
      registerField(defs.reason),
    ],
    submitLabel: TEXT.wfCopyApply,
    action: async (v) => {
      const saved = await call('copy_apply', { copy: { document: record.number, date: v.applied_on, applicant: v.applicant, reason: v.reason, count: v.copy_count } });
      return format('wfCopyApplied', { number: saved.number });
    },
  }, done);
}

async function openCopyStep(record, done) {
  const defs = await fieldsOf('copy_approvals');
  const steps = {
    applied: ['leader', TEXT.wfCopyLeader, 'leader_approver', 'leader_approved_on'],
    leader_approved: ['officer', TEXT.wfCopyOfficer, 'officer_approver', 'officer_approved_on'],
    approved: ['register', TEXT.wfCopyRegister, 'copied_by', 'copied_on'],
  };
  const [step, title, byField, dateField] = steps[record.status];
  formDialog('copy-dialog', `${title} ${record.number}`, {
    id: 'copy-step-form',
    rows: [registerField(defs[byField], { required: true }), registerField(defs[dateField], { value: today(), required: true })],
    submitLabel: title,
    action: async (v) => {
      if (step === 'register') {
        const result = await call('copy_register', { approval: record.number, date: v[dateField], by: v[byField] });
        return format('wfCopiesRegistered', { numbers: result.new_numbers, document: result.document, all: result.all_numbers });
      }
      const saved = await call('copy_approve', { approval: record.number, step, by: v[byField], date: v[dateField] });
      return format('wfStatusChanged', { number: saved.number, status: saved.status_label });
    },
  }, done, h('p', { class: 'muted', text: TEXT.wfCopyIntro }));
}

// ----------------------------------------------------------------------------------------
// 介质借用: the clearance check list first, then the loan.

async function openLoan(record, done) {
  const defs = await fieldsOf('media_loans');
  const account = await currentAccount();
  const checkList = h('div', { id: 'loan-check', class: 'check-list', 'aria-live': 'polite' });
  const lend = h('button', { type: 'button', class: 'primary', id: 'loan-lend', disabled: true, text: TEXT.wfLend });
  let dialog = null;
  let checked = null;

  const form = actionForm({
    id: 'loan-form',
    rows: [
      registerField(defs.medium, { value: record.number }),
      registerField(defs.borrower),
      registerField(defs.purpose),
      registerField(defs.reminded_by, { value: account }),
      registerField(defs.lent_at, { value: nowMinutes() }),
      registerField(defs.return_due, { value: dayFromToday(7) }),
    ],
    submitLabel: TEXT.wfLoanCheck,
    extra: checkList,
    action: async (v) => {
      const loan = loanInput(v);
      const view = await call('loan_check', { loan });
      drawCheckList(checkList, view);
      checked = view.clear ? JSON.stringify(loan) : null;
      lend.disabled = !view.clear;
      if (view.clear) {
        lend.focus();
      }
    },
  });
  // Any change after the check needs a new check before the loan.
  form.addEventListener('input', () => {
    checked = null;
    lend.disabled = true;
  });
  lend.addEventListener('click', async () => {
    const values = Object.fromEntries([...form.elements].filter((e) => e.name).map((e) => [e.name, e.value]));
    const loan = loanInput(values);
    if (checked !== JSON.stringify(loan)) {
      lend.disabled = true;
      return;
    }
    try {
      const saved = await call('loan_lend', { loan });
      dialog.close();
      done(format('wfLent', { number: saved.number }));
    } catch (error) {
      lend.disabled = true;
      showFormError(form, error);
    }
  });
  // The loan button stays outside the form, so that the check's busy state does not reset it.
  const actions = h('div', { class: 'dialog-actions' }, lend);
  dialog = openDialog('loan-dialog', format('wfLoanTitle', { number: record.number }), h('div', {}, form, actions));
  actions.append(closeButton(dialog));
  form.elements.borrower.focus();
}

function loanInput(v) {
  return { medium: v.medium, borrower: v.borrower, purpose: v.purpose, reminded_by: v.reminded_by, lent_at: v.lent_at, due: v.return_due };
}

function drawCheckList(container, view) {
  const facts = format('wfLoanFacts', {
    classification: view.medium_classification || '—',
    scope: view.need_to_know || '—',
    name: view.borrower_name || '—',
    level: view.borrower_level || '—',
  });
  replace(container,
    h('h3', { text: TEXT.wfLoanCheckTitle }),
    h('p', { class: 'muted', text: facts }),
    h('ul', { class: 'checks' }, view.items.map((item) => h('li', { class: item.passed ? 'check-pass' : 'check-fail', 'data-rule': item.rule },
      h('span', { class: 'check-mark', text: item.passed ? '✓' : '✗' }),
      h('span', { class: 'check-name', text: TEXT[`loanRule${pascal(item.rule)}`] || item.rule }),
      item.messages.map((m) => h('span', { class: 'check-reason', text: m })),
    ))),
    h('p', { class: view.clear ? 'notice' : 'warning', id: 'loan-verdict', text: view.clear ? TEXT.wfLoanClear : format('wfLoanRefused', { count: view.items.filter((i) => !i.passed).length }) }),
  );
}

async function openLoanReturn(record, done) {
  const defs = await fieldsOf('media_loans');
  formDialog('loan-return-dialog', format('wfLoanReturnTitle', { number: record.number }), {
    id: 'loan-return-form',
    rows: [
      registerField(defs.returned_at, { value: nowMinutes(), required: true }),
      registerField(defs.return_check, { value: '完好', required: true }),
      registerField(defs.return_note),
    ],
    submitLabel: TEXT.wfLoanReturn,
    action: async (v) => {
      const saved = await call('loan_return', { loan: record.number, at: v.returned_at, check: v.return_check, note: v.return_note });
      return format('wfStatusChanged', { number: saved.number, status: saved.status_label });
    },
  }, done);
}

// ----------------------------------------------------------------------------------------
// 维修 and 报废 requests: a new record of `register` for the device.

const REQUEST_FIELDS = {
  repairs: { date: 'reported_on', fields: ['reported_on', 'fault', 'repair_mode', 'repair_point', 'storage_removed', 'escort'] },
  scrapping: { date: 'applied_on', fields: ['applied_on', 'reason'] },
};

async function openRequest(register, record, done) {
  const defs = await fieldsOf(register);
  const spec = REQUEST_FIELDS[register];
  const rows = spec.fields.map((id) => registerField(defs[id], { value: id === spec.date ? today() : undefined }));
  formDialog('request-dialog', format('wfRequestTitle', { action: workflowName(register === 'repairs' ? 'repair' : 'scrap_apply'), number: record.number }), {
    id: 'request-form',
    rows,
    submitLabel: TEXT.wfRequestSave,
    action: async (v) => {
      const fields = { device: record.number };
      for (const id of spec.fields) {
        fields[id] = v[id];
      }
      const saved = await call('add_record', { register, fields });
      return format('wfRequested', { number: saved.number });
    },
  }, done, h('p', { class: 'muted', text: TEXT[register === 'repairs' ? 'wfRepairIntro' : 'wfScrapIntro'] }));
}

// ----------------------------------------------------------------------------------------
// Confirmations by a second account.

// The second account's inputs. The core names an unknown account 监销确认账户（二）; its
// other refusals name no field and are placed by code.
function secondAccountRows(defs) {
  const account = registerField(defs.confirmed_by_2, { name: 'second_account', required: true });
  const password = registerField({ id: 'second_password', label: TEXT.wfSecondPassword, kind: 'text', required: true, closed: false, choices: [], hint: '' });
  const input = password.querySelector('input');
  input.type = 'password';
  input.autocomplete = 'off';
  return [account, password];
}

function secondCodeFields(defs) {
  const account = defs.confirmed_by_2.label;
  return {
    'workflow.second_account_required': account,
    'workflow.second_account_same': account,
    'workflow.second_account_not_permitted': account,
    'workflow.second_account_must_change': account,
    'auth.account_disabled': account,
    'auth.wrong_password': TEXT.wfSecondPassword,
    'auth.locked_out': TEXT.wfSecondPassword,
  };
}

function secondSection(defs) {
  return h('fieldset', { class: 'second-account' },
    h('legend', { text: TEXT.wfSecondTitle }),
    h('p', { class: 'muted', text: TEXT.wfSecondIntro }),
    secondAccountRows(defs));
}

async function openScrapConfirm(record, done) {
  const defs = await fieldsOf('scrapping');
  const form = formDialog('scrap-dialog', format('wfScrapTitle', { number: record.number }), {
    id: 'scrap-form',
    rows: [
      registerField(defs.escort_1, { required: true }),
      registerField(defs.escort_2, { required: true }),
      registerField(defs.destruction_site, { required: true }),
      registerField(defs.destroyed_on, { value: today(), required: true }),
    ],
    extra: secondSection(defs),
    codeFields: secondCodeFields(defs),
    clearOnError: ['second_password'],
    submitLabel: TEXT.wfScrapConfirm,
    action: async (v) => {
      const scrap = { scrapping: record.number, escort_1: v.escort_1, escort_2: v.escort_2, site: v.destruction_site, date: v.destroyed_on };
      const saved = await call('scrap_confirm', { scrap, second: { account: v.second_account, password: v.second_password } });
      return format('wfStatusChanged', { number: saved.number, status: saved.status_label });
    },
  }, done);
  return form;
}

async function openDisposalConfirm(record, done) {
  const defs = await fieldsOf('disposal_batches');
  formDialog('disposal-dialog', format('wfDisposalTitle', { number: record.number }), {
    id: 'disposal-form',
    rows: [registerField(defs.handed_over_on, { value: today(), required: true })],
    extra: secondSection(defs),
    codeFields: secondCodeFields(defs),
    clearOnError: ['second_password'],
    submitLabel: TEXT.wfDisposalConfirm,
    action: async (v) => {
      const result = await call('disposal_confirm', { batch: record.number, date: v.handed_over_on, second: { account: v.second_account, password: v.second_password } });
      return format('wfDisposed', { number: result.batch.number, count: result.documents.length });
    },
  }, done, h('p', { class: 'muted', text: TEXT.wfDisposalIntro }));
}

// ----------------------------------------------------------------------------------------
// 离岗离职.

async function openDeparture(record, done) {
  const defs = await fieldsOf('personnel');
  const carriers = await call('departure_carriers', { person: record.number });
  const list = carriers.length
    ? h('ul', { id: 'departure-carriers', class: 'warning' }, carriers.map((c) => h('li', { text: c.description })))
    : h('p', { id: 'departure-carriers', class: 'notice', text: TEXT.wfNoCarriers });
  const years = registerField({ id: 'years', label: TEXT.wfDepartureYears, kind: 'choice', required: true, closed: true, choices: [TEXT.wfDepartureYearsDefault, '1', '2', '3', '4', '5'], hint: '' });
  formDialog('departure-dialog', format('wfDepartureTitle', { number: record.number }), {
    id: 'departure-form',
    rows: [registerField(defs.departed_on, { value: today(), required: true }), years],
    submitLabel: TEXT.wfDeparture,
    action: async (v) => {
      const chosen = Number.parseInt(v.years, 10);
      const result = await call('departure_record', { person: record.number, date: v.departed_on, years: Number.isNaN(chosen) ? null : chosen });
      return format('wfDeparted', { years: result.period_years, end: result.ends_on });
    },
  }, done, h('div', {}, h('h3', { text: TEXT.wfCarriers }), list));
}
