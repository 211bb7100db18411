//! End-to-end tests of the desktop app: the real binary in a real WebKitGTK window under Xvfb,
//! driven through WebKitWebDriver (Debian package webkit2gtk-driver).
//!
//! WebKitWebDriver starts the app itself, from the `webkitgtk:browserOptions` capability,
//! with `WEBKIT_INSPECTOR_SERVER` set to a loopback address it then connects to. The app's
//! webview accepts that connection only when automation is allowed: Tauri allows it when
//! `TAURI_WEBVIEW_AUTOMATION=true`, and the app keeps that variable only in debug builds, which
//! is the profile `cargo test` builds. The tests fail, and do not skip, when Xvfb or
//! WebKitWebDriver is missing; `scripts/install-deps` installs both.

mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;
use support::app::*;
use support::processes::{self, Display, Group};
use support::webdriver::{ENTER, ESCAPE};

#[test]
fn first_run_to_registered_document() {
    let app = AppUnderTest::start();
    let s = app.s();

    // First run: the vault does not exist yet.
    s.wait("[data-screen=first-run]", FIRST_LOAD);
    let watermark = app.script("return document.querySelector('#watermark .watermark-tile')?.textContent || '';");
    assert!(watermark.as_str().unwrap_or_default().starts_with("内部信息-未登录 "), "watermark before login: {watermark}");
    app.screenshot("01-first-run");
    app.click("#create-vault");

    // The three first passwords and the recovery key, shown once.
    s.wait(".first-password", STEP);
    let passwords = app.script(
        "return Object.fromEntries([...document.querySelectorAll('table.secrets tbody tr')].map(r => [r.cells[0].textContent, r.cells[2].textContent]));",
    );
    assert_eq!(passwords.as_object().map(|m| m.len()), Some(3), "three first passwords: {passwords}");
    let secadmin_password = passwords["secadmin"].as_str().expect("secadmin has a first password").to_string();
    assert!(secadmin_password.len() >= 8, "first password too short: {secadmin_password}");
    let recovery = app.text(".recovery-key");
    assert!(recovery.split('-').count() >= 8, "recovery key in groups: {recovery}");
    app.screenshot("02-first-passwords");
    app.click("#init-confirm");
    app.click("#init-continue");

    // Login with the first password, by keyboard.
    app.login("secadmin", &secadmin_password);

    // The first login forces a password change; a weak password is refused next to its field.
    s.wait("[data-screen=change-password]", STEP);
    app.screenshot("03-change-password");
    app.fill("#password-form [name=password]", "abc");
    app.fill("#password-form [name=repeated]", &format!("abc{ENTER}"));
    let weak = app.field_error("新密码");
    assert!(weak.contains("密码太短"), "weak password message: {weak}");
    app.fill("#password-form [name=password]", NEW_PASSWORD);
    app.fill("#password-form [name=repeated]", &format!("{NEW_PASSWORD}{ENTER}"));

    // The main screen, with the watermark naming the account.
    s.wait("[data-screen=today] #today-empty", STEP);
    let watermark = app.script("return document.querySelector('#watermark .watermark-tile')?.textContent || '';");
    assert!(watermark.as_str().unwrap_or_default().starts_with("内部信息-安全保密管理员 "), "watermark after login: {watermark}");
    app.screenshot("04-today");

    // A personnel record first, since 签收人 refers to one.
    app.click("[data-view=registers]");
    app.choose_register("personnel");
    app.click("#add-record");
    s.wait("#add-form", STEP);
    app.click("#add-save");
    let required = app.field_error("姓名");
    assert!(required.contains("必填"), "required-field message: {required}");
    app.screenshot("05-add-form-errors");
    app.fill("#add-form [name=name]", "张三");
    app.fill("#add-form [name=id_number]", PERSON_ID_NUMBER);
    app.fill("#add-form [name=phone]", PERSON_PHONE);
    app.fill("#add-form [name=department]", "办公室");
    app.fill("#add-form [name=post]", "机要员");
    app.fill("#add-form [name=proposed_on]", &format!("2026-01-05{ENTER}"));
    s.wait("tr[data-number^='RY-']", STEP);
    let person_number = app.script("return document.querySelector(\"tr[data-number^='RY-']\").dataset.number;").as_str().unwrap().to_string();

    // Phone and ID numbers are masked, and the clear values are nowhere in the page.
    let phone = app.text("tr[data-number^='RY-'] td[data-field=phone]");
    assert_eq!(phone, "138****5678");
    let id_number = app.text("tr[data-number^='RY-'] td[data-field=id_number]");
    assert!(id_number.starts_with("110"), "masked ID number keeps the first 3 characters: {id_number}");
    assert!(id_number.ends_with("002X"), "masked ID number keeps the last 4 characters: {id_number}");
    assert!(id_number.contains("****"), "masked ID number hides the middle: {id_number}");
    let page = app.script("return document.documentElement.innerHTML;");
    let page = page.as_str().unwrap_or_default();
    assert!(!page.contains(PERSON_ID_NUMBER), "the clear ID number is in the page");
    assert!(!page.contains(PERSON_PHONE), "the clear phone number is in the page");
    let unselectable = app.script("return getComputedStyle(document.querySelector('td[data-field=phone]')).webkitUserSelect;");
    assert_eq!(unselectable, json!("none"), "register data must not be selectable");
    app.screenshot("06-personnel-list");

    // The record view with its history; Esc closes it.
    app.click(&format!("tr[data-number='{person_number}'] td.number"));
    s.wait("#record-history li", STEP);
    // The masked value sits beside its reveal button.
    assert_eq!(app.text("#record-dialog dd[data-field=phone] .masked-value"), "138****5678");
    app.screenshot("07-record-view");
    s.press(ESCAPE).unwrap();
    s.wait_until("the record dialog to close", "return document.getElementById('record-dialog') === null;", STEP);

    // An incoming document: an impossible date is refused next to its field first.
    app.choose_register("incoming_documents");
    app.click("#add-record");
    s.wait("#add-form", STEP);
    app.fill("#add-form [name=received_on]", "2026-02-30");
    app.fill("#add-form [name=issuing_unit]", "市国家保密局");
    app.fill("#add-form [name=document_number]", "保密〔2026〕3号");
    app.fill("#add-form [name=title]", "关于开展年度保密自查的通知");
    app.fill("#add-form [name=classification]", "机密");
    app.fill("#add-form [name=issued_on]", "2026-02-27");
    app.fill("#add-form [name=copy_count]", "2份");
    app.fill("#add-form [name=copy_numbers]", "001-002");
    app.fill("#add-form [name=received_by]", &person_number);
    // Enter in a field without a suggestion list submits (in 签收人, Enter picks a suggestion).
    app.fill("#add-form [name=storage_location]", &format!("机要室保密柜{ENTER}"));
    let date_error = app.field_error("收到日期");
    assert!(date_error.contains("不存在"), "impossible date message: {date_error}");
    app.fill("#add-form [name=received_on]", &format!("2026-03-02{ENTER}"));
    s.wait("tr[data-number^='SW-']", STEP);
    let title = app.text("tr[data-number^='SW-'] td[data-field=title]");
    assert_eq!(title, "关于开展年度保密自查的通知");
    app.screenshot("08-incoming-list");

    // Manual lock, then a wrong password and a lockout on another account.
    app.click("#lock-button");
    s.wait("#lock-notice", STEP);
    app.login("auditor", "Wrong#password1");
    let first = app.field_error("密码");
    assert!(first.contains("还可尝试 4 次"), "first wrong password: {first}");
    for _ in 0..4 {
        app.fill("#login-form [name=password]", &format!("Wrong#password1{ENTER}"));
        s.wait_until("the login form to be ready", "return !document.querySelector('#login-form.busy');", STEP);
    }
    let locked = app.script("return document.querySelector('#login-form').innerText;");
    assert!(locked.as_str().unwrap_or_default().contains("已被锁定"), "lockout message: {locked}");
    app.screenshot("09-lockout");

    // Back in; an attempt to leave the app's own pages stays on them.
    // The main screen comes back with the view last used (the register list).
    app.login("secadmin", NEW_PASSWORD);
    s.wait("[data-screen=registers] #records-table", STEP);
    let _ = s.execute("window.location = 'http://127.0.0.1:9/'; return true;", json!([]));
    std::thread::sleep(Duration::from_secs(2));
    let _ = s.execute(
        "const a = document.createElement('a'); a.href = 'http://127.0.0.1:9/other'; document.body.append(a); a.click(); return true;",
        json!([]),
    );
    let _ = s.execute("window.open('http://127.0.0.1:9/popup'); return true;", json!([]));
    std::thread::sleep(Duration::from_secs(2));
    let href = app.script("return window.location.href;");
    let fetch = app.script(
        "return new Promise(done => {
             document.addEventListener('securitypolicyviolation', e => done('csp:' + e.violatedDirective), { once: true });
             fetch('http://127.0.0.1:9/fetch').catch(() => {});
             setTimeout(() => done('no violation'), 3000);
         });",
    );
    assert!(fetch.as_str().unwrap_or_default().starts_with("csp:connect-src"), "fetch outside the app not stopped by the CSP: {fetch}");
    let href = href.as_str().unwrap_or_default();
    assert!(href == "tauri://localhost" || href.starts_with("tauri://localhost/"), "left the app: {href}");
    s.wait("[data-screen=registers] #records-table", STEP);
    app.screenshot("10-after-navigation-attempt");
}

/// The system administrator's today screen reminds to back up a vault that was never backed up.
#[test]
fn sysadmin_today_shows_backup_reminder() {
    let app = AppUnderTest::start();
    let s = app.s();
    s.wait("[data-screen=first-run]", FIRST_LOAD);
    app.click("#create-vault");
    s.wait(".first-password", STEP);
    let passwords = app.script(
        "return Object.fromEntries([...document.querySelectorAll('table.secrets tbody tr')].map(r => [r.cells[0].textContent, r.cells[2].textContent]));",
    );
    let first = passwords["sysadmin"].as_str().expect("sysadmin has a first password").to_string();
    app.click("#init-confirm");
    app.click("#init-continue");

    app.login("sysadmin", &first);
    s.wait("[data-screen=change-password]", STEP);
    app.fill("#password-form [name=password]", NEW_PASSWORD);
    app.fill("#password-form [name=repeated]", &format!("{NEW_PASSWORD}{ENTER}"));

    s.wait("[data-screen=today] #backup-reminder", STEP);
    assert_eq!(
        app.text("#backup-reminder"),
        "本保险库从未备份。请用“备份”功能（secledger backup --out 文件）备份保险库和密钥环。"
    );
    app.screenshot("11-backup-reminder");
}

/// Starts the app without automation and checks that it and every process it started (the
/// WebKit web and network processes) hold no TCP, UDP or raw socket.
#[test]
fn app_holds_no_internet_socket() {
    let _turn = app_turn();
    let display = Display::start();
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(APP);
    command.stdout(Stdio::null()).stderr(Stdio::null());
    app_environment(&mut command, &display, dir.path());
    let mut app = Group::spawn("secledger-desktop", command);

    // The page has loaded once the webview's web process runs; give it time to settle.
    let started = processes::wait_for(Duration::from_secs(60), || {
        processes::process_tree(app.pid()).iter().any(|&pid| processes::command_name(pid).starts_with("WebKitWebProces"))
    });
    assert!(started, "the app started no WebKit web process within 60 s");
    std::thread::sleep(Duration::from_secs(3));
    app.assert_running();

    let internet = processes::internet_socket_inodes(app.pid());
    let tree = processes::process_tree(app.pid());
    let mut held = Vec::new();
    for &pid in &tree {
        for inode in processes::socket_inodes(pid) {
            if let Some((_, table)) = internet.iter().find(|(known, _)| *known == inode) {
                held.push(format!("{} (pid {pid}) holds a {table} socket, inode {inode}", processes::command_name(pid)));
            }
        }
    }
    assert!(tree.len() >= 2, "expected the app and its WebKit processes, found {tree:?}");
    assert!(held.is_empty(), "internet sockets held:\n{}", held.join("\n"));
}
