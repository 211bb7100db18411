// The administrators' screens (三员分立): accounts and security settings for the 系统管理员,
// permissions and account roles for the 安全保密管理员, and the audit log with chain
// verification for the 安全审计员. The core checks every one of these powers again.

import { call } from './api.js';
import { h, replace, focusFirst } from './dom.js';
import { fieldRow, showErrors, busy, clearErrors } from './forms.js';
import { TEXT, format } from './text.js';
import { askReason, showSecret, labelled } from './panels.js';

function section(id, title, ...children) {
  return h('section', { class: 'screen', 'data-screen': id }, h('h1', { text: title }), children);
}

function failed(content, error) {
  replace(content, h('p', { class: 'form-error', text: error.message }));
}

// ---- Accounts (系统管理员) ----

export async function renderAccounts(content) {
  let accounts;
  let roles;
  try {
    [accounts, roles] = await Promise.all([call('list_accounts'), call('roles')]);
  } catch (error) {
    failed(content, error);
    return;
  }
  const list = h('div', { id: 'account-list', class: 'protected-data' }, accountTable(accounts, accountActions));
  const form = addAccountForm(roles, () => renderAccounts(content));
  replace(content, section('accounts', TEXT.accountsTitle,
    h('p', { class: 'notice', id: 'accounts-notice', hidden: true }),
    list,
    h('h2', { text: TEXT.accountsAdd }),
    form,
  ));
}

function accountState(account) {
  if (!account.active) {
    return TEXT.accountDisabled;
  }
  if (account.locked) {
    return TEXT.accountLocked;
  }
  return account.must_change ? TEXT.accountMustChange : TEXT.accountActive;
}

function accountTable(accounts, actions) {
  return h('table', { class: 'records', id: 'accounts-table' },
    h('thead', {}, h('tr', {},
      [TEXT.loginAccount, TEXT.accountName, TEXT.accountRole, TEXT.accountDepartment, TEXT.accountState, TEXT.accountLastLogin, TEXT.accountActions]
        .map((label) => h('th', { text: label })))),
    h('tbody', {}, accounts.map((account) => h('tr', { 'data-account': account.name },
      h('td', { class: 'number', text: account.name }),
      h('td', { text: account.display_name }),
      h('td', { text: account.role_label }),
      h('td', { text: account.department }),
      h('td', { class: 'account-state', text: accountState(account) }),
      h('td', { text: account.last_login_at }),
      h('td', { class: 'actions' }, actions(account)),
    ))),
  );
}

function accountActions(account) {
  const reload = () => showMainAgain();
  const button = (cls, label, title, action) => h('button', {
    type: 'button',
    class: cls,
    text: label,
    onclick: () => askReason(format(title, { account: account.name }), action),
  });
  const buttons = [
    button('reset-password', TEXT.accountReset, 'accountResetTitle', async (reason) => {
      const result = await call('reset_password', { account: account.name, reason });
      reload();
      showSecret(TEXT.accountResetDone, result.account, result.password);
    }),
  ];
  if (account.active) {
    buttons.push(button('disable-account', TEXT.accountDisable, 'accountDisableTitle', async (reason) => {
      await call('set_account_active', { account: account.name, active: false, reason });
      reload();
    }));
  } else {
    buttons.push(button('enable-account', TEXT.accountEnable, 'accountEnableTitle', async (reason) => {
      await call('set_account_active', { account: account.name, active: true, reason });
      reload();
    }));
  }
  if (account.active && account.locked) {
    buttons.push(button('unlock-account', TEXT.accountUnlock, 'accountUnlockTitle', async (reason) => {
      await call('set_account_active', { account: account.name, active: true, reason });
      reload();
    }));
  }
  return buttons;
}

// Redraws the screen the user is on after an account change.
function showMainAgain() {
  document.dispatchEvent(new CustomEvent('secledger:refresh'));
}

function addAccountForm(roles, done) {
  const form = h('form', { class: 'card', id: 'account-form' },
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'form-grid' },
      fieldRow(TEXT.accountNewName, 'name', { required: true, hint: TEXT.accountNewNameHint }),
      fieldRow(TEXT.accountName, 'display_name', { required: true }),
      fieldRow(TEXT.accountRole, 'role', { kind: 'select', required: true, choices: roles.filter((r) => !r.administrator).map((r) => r.label) }),
      fieldRow(TEXT.accountDepartment, 'department', {}),
    ),
    h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'primary', id: 'account-save', text: TEXT.accountsAdd })),
  );
  // The core names these fields 账户名 and 姓名.
  form.elements.name.dataset.aliases = '账户名';
  form.elements.display_name.dataset.aliases = '姓名';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = {
      name: form.elements.name.value,
      displayName: form.elements.display_name.value,
      role: form.elements.role.value,
      department: form.elements.department.value,
    };
    try {
      const result = await busy(form, () => call('add_account', values));
      showSecret(TEXT.accountAdded, result.account, result.password);
      done();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

// ---- Security settings (系统管理员 edits, 安全保密管理员 reads) ----

export async function renderSettings(content) {
  let view;
  try {
    view = await call('security_settings');
  } catch (error) {
    failed(content, error);
    return;
  }
  replace(content, section('settings', TEXT.settingsTitle, settingsForm(view)));
  focusFirst(content.querySelector('form'));
}

function settingsForm(view) {
  const rows = view.settings.map((setting) => {
    const row = fieldRow(setting.label, setting.key, { required: true, value: String(setting.value) });
    const input = row.querySelector('input');
    input.id = `setting-${setting.key.replace('.', '-')}`;
    // The core names a setting's errors by its key.
    input.dataset.aliases = setting.key;
    input.disabled = !view.editable;
    row.append(h('p', { class: 'muted', text: format('settingsRange', { min: setting.min, max: setting.max }) }));
    return row;
  });
  const form = h('form', { class: 'card', id: 'settings-form' },
    view.editable ? null : h('p', { class: 'notice', text: TEXT.settingsReadOnly }),
    h('p', { class: 'notice', id: 'settings-notice', hidden: true }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'form-grid' }, rows),
    view.editable ? h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'primary', id: 'settings-save', text: TEXT.addSave })) : null,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!view.editable) {
      return;
    }
    const values = Object.fromEntries(view.settings.map((s) => [s.key, form.elements[s.key].value]));
    try {
      await busy(form, () => call('set_security_settings', { values }));
      clearErrors(form);
      const notice = form.querySelector('#settings-notice');
      notice.textContent = TEXT.settingsSaved;
      notice.hidden = false;
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

// ---- Permissions (安全保密管理员) ----

const ACCESS_MARK = { write: 'permissionWrite', read: 'permissionRead', none: 'permissionNone' };

export async function renderPermissions(content) {
  let view;
  let accounts;
  let settings;
  try {
    [view, accounts, settings] = await Promise.all([call('permissions'), call('list_accounts'), call('security_settings')]);
  } catch (error) {
    failed(content, error);
    return;
  }
  const roleHeads = view.roles.map((r) => h('th', { text: r.label }));
  const registers = h('table', { class: 'records matrix', id: 'register-access' },
    h('thead', {}, h('tr', {}, h('th', { text: TEXT.registerLabel }), roleHeads)),
    h('tbody', {}, view.registers.map((row) => h('tr', {},
      h('td', { text: row.name }),
      row.access.map((access) => h('td', { class: `access-${access}`, text: TEXT[ACCESS_MARK[access]] })),
    ))),
  );
  const powers = h('table', { class: 'records matrix', id: 'role-permissions' },
    h('thead', {}, h('tr', {}, h('th', { text: TEXT.permissionColumn }), view.roles.map((r) => h('th', { text: r.label })))),
    h('tbody', {}, view.permissions.map((row) => h('tr', {},
      h('td', { text: row.label }),
      row.allowed.map((allowed) => h('td', { class: allowed ? 'access-write' : 'access-none', text: allowed ? '✓' : '—' })),
    ))),
  );
  const business = view.roles.filter((r) => !r.administrator);
  const roleActions = (account) => {
    if (view.roles.find((r) => r.id === account.role)?.administrator) {
      return [];
    }
    const select = h('select', { class: 'role-select', 'aria-label': format('permissionRoleOf', { account: account.name }) },
      business.map((r) => h('option', { value: r.id, text: r.label, selected: r.id === account.role })));
    const change = h('button', { type: 'button', class: 'change-role', text: TEXT.permissionChangeRole });
    change.addEventListener('click', () => askReason(format('permissionChangeRoleTitle', { account: account.name }), async (reason) => {
      await call('set_account_role', { account: account.name, role: select.value, reason });
      showMainAgain();
    }));
    return [select, change];
  };
  replace(content, section('permissions', TEXT.permissionsTitle,
    h('p', { class: 'notice', text: TEXT.permissionsFixed }),
    h('h2', { text: TEXT.permissionsRegisters }),
    h('div', { class: 'protected-data scroll-x' }, registers),
    h('h2', { text: TEXT.permissionsRoles }),
    h('div', { class: 'protected-data scroll-x' }, powers),
    h('h2', { text: TEXT.permissionsAccounts }),
    h('div', { class: 'protected-data', id: 'account-list' }, accountTable(accounts, roleActions)),
    h('h2', { text: TEXT.settingsTitle }),
    settingsForm(settings),
  ));
}

// ---- Audit log (安全审计员) ----

let auditFilters = { account: '', action: '', from: '', to: '' };
// Sequence numbers where the pages seen so far start, for going back to newer pages.
let auditPages = [];

export async function renderAudit(content) {
  auditPages = [null];
  const form = h('form', { class: 'filters', id: 'audit-filter' },
    labelled(TEXT.auditAccount, h('input', { type: 'text', name: 'account', id: 'audit-account', value: auditFilters.account, 'data-label': TEXT.auditAccount })),
    labelled(TEXT.auditAction, h('input', { type: 'text', name: 'action', id: 'audit-action', value: auditFilters.action, placeholder: 'login、record、print', 'data-label': TEXT.auditAction })),
    labelled(TEXT.filterFrom, h('input', { type: 'text', name: 'from', id: 'audit-from', value: auditFilters.from, placeholder: '2026-01-01', 'data-label': TEXT.filterFrom, 'aria-describedby': 'audit-error' })),
    labelled(TEXT.filterTo, h('input', { type: 'text', name: 'to', id: 'audit-to', value: auditFilters.to, placeholder: '2026-12-31', 'data-label': TEXT.filterTo, 'aria-describedby': 'audit-error' })),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'primary', id: 'audit-search', text: TEXT.filterSubmit }),
      h('button', { type: 'button', id: 'audit-verify', text: TEXT.auditVerify }),
    ),
    h('p', { class: 'form-error field-error', id: 'audit-error', role: 'alert' }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    auditFilters = { account: form.elements.account.value, action: form.elements.action.value, from: form.elements.from.value, to: form.elements.to.value };
    auditPages = [null];
    loadAudit();
  });
  form.querySelector('#audit-verify').addEventListener('click', verifyChain);

  replace(content, section('audit', TEXT.auditTitle,
    form,
    h('div', { id: 'audit-verify-result', hidden: true }),
    h('div', { id: 'audit-list', class: 'protected-data' }),
    h('div', { class: 'pager', id: 'audit-pager' }),
  ));
  await loadAudit();
}

async function loadAudit() {
  const form = document.getElementById('audit-filter');
  const before = auditPages[auditPages.length - 1];
  let page;
  try {
    page = await call('audit_entries', { query: { ...auditFilters, before_seq: before, per_page: 50 } });
  } catch (error) {
    showErrors(form, error);
    return;
  }
  clearErrors(form);
  const list = document.getElementById('audit-list');
  if (page.entries.length === 0) {
    replace(list, h('p', { class: 'muted', id: 'audit-empty', text: TEXT.emptyList }));
  } else {
    replace(list, h('table', { class: 'records', id: 'audit-table' },
      h('thead', {}, h('tr', {}, [TEXT.auditSeq, TEXT.auditTime, TEXT.auditAccount, TEXT.auditAction, TEXT.auditTarget].map((label) => h('th', { text: label })))),
      h('tbody', {}, page.entries.map((entry) => h('tr', { 'data-seq': entry.seq },
        h('td', { class: 'number', text: String(entry.seq) }),
        h('td', { text: entry.at }),
        h('td', { class: 'audit-account', text: entry.account }),
        h('td', { class: 'audit-action', text: entry.action }),
        h('td', { text: entry.target }),
      ))),
    ));
  }
  replace(document.getElementById('audit-pager'),
    h('button', { type: 'button', id: 'audit-newer', disabled: auditPages.length <= 1, text: TEXT.auditNewer, onclick: () => { auditPages.pop(); loadAudit(); } }),
    h('span', { id: 'audit-page-info', text: format('auditPageInfo', { page: auditPages.length }) }),
    h('button', { type: 'button', id: 'audit-older', disabled: page.older === null, text: TEXT.auditOlder, onclick: () => { auditPages.push(page.older); loadAudit(); } }),
  );
}

async function verifyChain() {
  const box = document.getElementById('audit-verify-result');
  const button = document.getElementById('audit-verify');
  button.disabled = true;
  try {
    const result = await call('verify_audit');
    box.className = result.ok ? 'verify-ok notice' : 'verify-broken notice';
    const lines = [h('p', { id: 'audit-verify-message', text: result.message })];
    if (result.broken_seq !== null) {
      lines.push(h('p', { class: 'warning', text: format('auditBrokenAt', { seq: result.broken_seq }) }));
    }
    replace(box, lines);
  } catch (error) {
    box.className = 'verify-broken notice';
    replace(box, h('p', { id: 'audit-verify-message', text: error.message }));
  } finally {
    button.disabled = false;
    box.hidden = false;
  }
  // The verification is itself an audit entry; show it.
  auditPages = [null];
  loadAudit();
}
