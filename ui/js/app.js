// The app's screens and the moves between them: first run, login, forced password change,
// and the main screen with 今日待办 and the registers.

import { call, handleSessionLost } from './api.js';
import { h, replace, focusFirst } from './dom.js';
import { fieldRow, showErrors, busy } from './forms.js';
import { installCopyGuard, installIdleWatch, watchIdle, stopIdleWatch } from './guard.js';
import { renderRegisters, openAddForm } from './registers.js';
import { renderInventory } from './inventory.js';
import { renderUsage } from './usage.js';
import { renderPrinting, presetPrint, openRecoveryKeyPrint } from './printing.js';
import { renderAccounts, renderSettings, renderPermissions, renderAudit } from './admin.js';
import { TEXT, format, loadTexts, todayColumns } from './text.js';
import { startWatermark, setWatermarkPerson } from './watermark.js';

const root = document.getElementById('app');

let session = null;
let currentView = 'today';

// The screens each role may use, in nav order; the core checks the same powers again.
const BUSINESS_VIEWS = ['today', 'registers', 'inventory', 'usage', 'printing'];
const ROLE_VIEWS = {
  system_admin: ['today', 'accounts', 'settings'],
  security_admin: [...BUSINESS_VIEWS, 'permissions'],
  auditor: ['audit'],
};
const VIEWS = {
  today: { label: 'navToday', render: (content) => renderToday(content) },
  registers: { label: 'navRegisters', render: (content) => renderRegisters(content) },
  inventory: { label: 'navInventory', render: (content) => renderInventory(content) },
  usage: { label: 'navUsage', render: (content) => renderUsage(content) },
  printing: { label: 'navPrinting', render: (content) => renderPrinting(content) },
  accounts: { label: 'navAccounts', render: (content) => renderAccounts(content) },
  settings: { label: 'navSettings', render: (content) => renderSettings(content) },
  permissions: { label: 'navPermissions', render: (content) => renderPermissions(content) },
  audit: { label: 'navAudit', render: (content) => renderAudit(content) },
};

function viewsOf(role) {
  return ROLE_VIEWS[role] || BUSINESS_VIEWS;
}

function screen(title, ...content) {
  return h('section', { class: 'screen', 'data-screen': title.id },
    h('h1', { text: title.text }),
    content,
  );
}

async function start() {
  await loadTexts();
  installCopyGuard();
  installIdleWatch();
  startWatermark();
  handleSessionLost((error) => {
    if (session) {
      lockScreen(error.code === 'desktop.session_idle' ? 'idle' : 'manual');
    }
  });
  document.addEventListener('keydown', globalKeys);
  document.addEventListener('secledger:print', (event) => {
    presetPrint(event.detail);
    showMain('printing');
  });
  document.addEventListener('secledger:refresh', () => showMain(currentView));

  const status = await call('app_status');
  if (!status.vault_exists) {
    showFirstRun(status);
  } else if (status.session) {
    enter(status.session);
  } else {
    showLogin({});
  }
}

function showFirstRun(status) {
  const form = h('form', { class: 'card' },
    h('p', { text: TEXT.firstRunIntro }),
    h('p', { class: 'muted' }, `${TEXT.firstRunPath}：`, h('code', { text: status.vault_path })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary', id: 'create-vault', text: TEXT.firstRunCreate }),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const report = await busy(form, () => call('init_vault'));
      showInitResult(report);
    } catch (error) {
      showErrors(form, error);
    }
  });
  replace(root, screen({ id: 'first-run', text: TEXT.firstRunTitle }, form));
  focusFirst(form);
}

function showInitResult(report) {
  const rows = report.accounts.map((a) => h('tr', {},
    h('td', { text: a.account, class: 'account-name' }),
    h('td', { text: a.role_label }),
    h('td', { class: 'secret first-password', text: a.password }),
  ));
  const confirm = h('input', { type: 'checkbox', id: 'init-confirm' });
  const proceed = h('button', { type: 'submit', class: 'primary', id: 'init-continue', disabled: true, text: TEXT.initContinue });
  confirm.addEventListener('change', () => { proceed.disabled = !confirm.checked; });
  const form = h('form', { class: 'card' },
    h('p', { class: 'warning', text: TEXT.initWarning }),
    h('table', { class: 'secrets' },
      h('thead', {}, h('tr', {}, h('th', { text: TEXT.initAccount }), h('th', { text: TEXT.initRole }), h('th', { text: TEXT.initPassword }))),
      h('tbody', {}, rows),
    ),
    h('p', {}, `${TEXT.initRecoveryKey}：`, h('span', { class: 'secret recovery-key', text: report.recovery_key }),
      ' ', h('button', { type: 'button', id: 'print-recovery-key', onclick: () => openRecoveryKeyPrint(report.recovery_key), text: TEXT.printRecoveryTitle })),
    h('p', {}, confirm, h('label', { for: 'init-confirm', text: ` ${TEXT.initConfirm}` })),
    proceed,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (confirm.checked) {
      showLogin({});
    }
  });
  replace(root, screen({ id: 'init-result', text: TEXT.initTitle }, form));
  confirm.focus();
}

// Shows the login form. `options.account` fills the account in, and `options.locked` gives the
// reason the session was locked ('idle' or 'manual').
function showLogin(options) {
  stopIdleWatch();
  let notice = null;
  if (options.locked === 'idle') {
    notice = TEXT.loginLockedIdle;
  } else if (options.locked === 'manual') {
    notice = TEXT.loginLockedManual;
  }
  const form = h('form', { class: 'card narrow', id: 'login-form' },
    notice ? h('p', { class: 'notice', id: 'lock-notice', text: notice }) : null,
    fieldRow(TEXT.loginAccount, 'account', { autocomplete: 'username', value: options.account, required: true }),
    fieldRow(TEXT.loginPassword, 'password', { kind: 'password', autocomplete: 'current-password', required: true }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary', text: TEXT.loginSubmit }),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const account = form.elements.account.value;
    const password = form.elements.password.value;
    try {
      const info = await busy(form, () => call('login', { account, password }));
      enter(info);
    } catch (error) {
      form.elements.password.value = '';
      showErrors(form, error);
      if (!error.field) {
        form.elements.password.focus();
      }
    }
  });
  replace(root, screen({ id: 'login', text: TEXT.loginTitle }, form));
  if (options.account) {
    form.elements.password.focus();
  } else {
    focusFirst(form);
  }
}

function showChangePassword(info) {
  const form = h('form', { class: 'card narrow', id: 'password-form' },
    h('p', { class: 'notice', text: info.password_change_message }),
    h('p', { class: 'muted', text: format('passwordPolicy', { min: info.password_min_length }) }),
    fieldRow(TEXT.passwordNew, 'password', { kind: 'password', autocomplete: 'new-password', required: true }),
    fieldRow(TEXT.passwordRepeat, 'repeated', { kind: 'password', autocomplete: 'new-password', required: true }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary', text: TEXT.passwordSubmit }),
  );
  // The core names the password rules' errors "密码" and the others "新密码".
  form.elements.password.dataset.aliases = '密码';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const password = form.elements.password.value;
    const repeated = form.elements.repeated.value;
    try {
      const updated = await busy(form, () => call('change_password', { password, repeated }));
      enter(updated);
    } catch (error) {
      form.elements.password.value = '';
      form.elements.repeated.value = '';
      showErrors(form, error);
    }
  });
  replace(root, screen({ id: 'change-password', text: TEXT.passwordTitle }, form));
  focusFirst(form);
}

function enter(info) {
  session = info;
  setWatermarkPerson(info.display_name);
  watchIdle(info.idle_minutes, () => lockNow('idle'), () => call('touch').catch(() => {}));
  if (info.password_change_due) {
    showChangePassword(info);
  } else {
    showMain(currentView);
  }
}

async function lockNow(reason) {
  await call('lock').catch(() => {});
  lockScreen(reason);
}

function lockScreen(reason) {
  const account = session ? session.account : '';
  session = null;
  for (const dialog of document.querySelectorAll('dialog[open]')) {
    dialog.close();
  }
  setWatermarkPerson(null);
  showLogin({ account, locked: reason });
}

function showMain(view) {
  const allowed = viewsOf(session.role);
  currentView = allowed.includes(view) ? view : allowed[0];
  const nav = h('nav', { class: 'nav' }, allowed.map((id) => navButton(id, TEXT[VIEWS[id].label])));
  const user = h('div', { class: 'user' },
    h('span', { class: 'user-name', text: `${session.display_name}（${session.account}）` }),
    h('button', { type: 'button', id: 'lock-button', onclick: () => lockNow('manual'), text: TEXT.lock }),
  );
  const content = h('div', { class: 'content', id: 'content' });
  replace(root,
    h('header', { class: 'topbar' }, h('span', { class: 'brand', text: TEXT.appName }), nav, user),
    content,
    h('footer', { class: 'footer muted', text: TEXT.shortcuts }),
  );
  VIEWS[currentView].render(content);
}

function navButton(view, label) {
  return h('button', {
    type: 'button',
    class: view === currentView ? 'nav-item active' : 'nav-item',
    'data-view': view,
    'aria-current': view === currentView ? 'page' : null,
    onclick: () => showMain(view),
    text: label,
  });
}

async function renderToday(content) {
  replace(content, h('section', { class: 'screen', 'data-screen': 'today' }, h('h1', { text: TEXT.todayTitle }), h('p', { class: 'muted', text: TEXT.loading })));
  try {
    const [items, backupReminder] = await Promise.all([call('today'), call('backup_reminder')]);
    const reminder = backupReminder ? h('p', { class: 'notice', id: 'backup-reminder', text: backupReminder }) : null;
    const body = items.length === 0 ? h('p', { class: 'muted', id: 'today-empty', text: TEXT.todayEmpty }) : h('table', { class: 'records protected-data', id: 'today-table' },
      h('thead', {}, h('tr', {}, todayColumns().map((c) => h('th', { text: c })))),
      h('tbody', {}, items.map((item) => h('tr', { class: item.state },
        h('td', { text: item.state === 'overdue' ? format('todayOverdue', { days: -item.days_left }) : item.days_left === 0 ? TEXT.todayDueToday : format('todayDueIn', { days: item.days_left }) }),
        h('td', { text: item.register_name }),
        h('td', { text: item.number }),
        h('td', { text: item.deadline }),
        h('td', { text: item.due }),
        h('td', { text: item.person }),
      ))),
    );
    replace(content, h('section', { class: 'screen', 'data-screen': 'today' }, h('h1', { text: TEXT.todayTitle }), reminder, body));
  } catch (error) {
    replace(content, h('p', { class: 'form-error', text: error.message }));
  }
}

function globalKeys(event) {
  if (!session || session.password_change_due) {
    return;
  }
  if (event.ctrlKey && (event.key === 'l' || event.key === 'L')) {
    event.preventDefault();
    lockNow('manual');
  } else if (event.altKey && /^[1-9]$/.test(event.key) && viewsOf(session.role)[Number(event.key) - 1]) {
    event.preventDefault();
    showMain(viewsOf(session.role)[Number(event.key) - 1]);
  } else if (event.altKey && (event.key === 'n' || event.key === 'N') && currentView === 'registers' && !document.querySelector('dialog[open]')) {
    event.preventDefault();
    openAddForm();
  }
}

start().catch((error) => {
  replace(root, h('p', { class: 'form-error', text: error.message || String(error) }));
});
