//! End-to-end tests of the usage review, printing and administrators' screens: the real app
//! under Xvfb through WebKitWebDriver, started on a vault prepared through the core API.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use secledger::auth::{init, InitOptions, NewAccount, Role, Session};
use secledger::crypto::KdfParams;
use secledger::registers::FormInput;
use secledger::vault::VaultPaths;
use serde_json::Value;
use support::app::*;
use support::webdriver::{ENTER, ESCAPE};

const DOCUMENT_TITLE: &str = "关于开展年度保密自查的通知";
const UNIFIED_NUMBER: &str = "BM-JSJ-001";

/// What the prepared vault contains.
struct Office {
    person: String,
    device: String,
    document: String,
}

/// Creates the vault: the three administrators with [`NEW_PASSWORD`], a person, a computer, an
/// incoming document with a circulation proposed, and a clerk `lisi` who never logged in.
fn prepare(paths: &VaultPaths) -> Office {
    std::env::set_var("SECLEDGER_KDF_TARGET_MS", "50");
    let report = init(paths, &InitOptions { kdf: Some(KdfParams::FLOOR), ..InitOptions::default() }).unwrap();
    let first = |name: &str| report.accounts.iter().find(|(account, ..)| account == name).unwrap().2.clone();
    let activate = |name: &str| {
        let mut session = Session::login(paths, name, &first(name)).unwrap();
        session.change_password(NEW_PASSWORD, NEW_PASSWORD).unwrap();
        session
    };

    let mut sysadmin = activate("sysadmin");
    let clerk = NewAccount { name: "lisi".into(), display_name: "李四".into(), role: Role::Clerk, department: "办公室".into() };
    sysadmin.add_account(&clerk).unwrap();
    drop(sysadmin);
    drop(activate("auditor"));

    let mut secadmin = activate("secadmin");
    let person_input = FormInput::from_pairs(&[
        ("name", "张喆"),
        ("id_number", PERSON_ID_NUMBER),
        ("phone", PERSON_PHONE),
        ("department", "办公室"),
        ("post", "机要员"),
        ("post_level", "重要"),
        ("proposed_on", "2025-01-05"),
        ("reviewed_on", "2025-01-10"),
        ("review_result", "通过"),
        ("trained_on", "2025-01-15"),
        ("commitment_signed_on", "2025-01-15"),
        ("on_post_on", "2025-01-16"),
    ]);
    let person = secadmin.add_record("personnel", &person_input).unwrap().number;
    secadmin.change_status(&person, "on_post", "").unwrap();
    let device_input = FormInput::from_pairs(&[
        ("unified_number", UNIFIED_NUMBER),
        ("category", "涉密计算机"),
        ("brand_model", "联想 开天M90z"),
        ("hard_disk_serial", "WD-WX12A3456789"),
        ("classification", "机密"),
        ("custodian", &person),
        ("department", "办公室"),
        ("storage_location", "机要室 302"),
        ("enabled_on", "2025-06-01"),
    ]);
    let device = secadmin.add_record("devices", &device_input).unwrap().number;
    let document_input = FormInput::from_pairs(&[
        ("received_on", "2026-03-02"),
        ("issuing_unit", "市委保密委员会办公室"),
        ("document_number", "市保委办〔2026〕5号"),
        ("title", DOCUMENT_TITLE),
        ("classification", "机密"),
        ("secrecy_term", "10年"),
        ("need_to_know", "局领导班子成员"),
        ("issued_on", "2026-02-27"),
        ("copy_count", "3份"),
        ("copy_numbers", "004-006"),
        ("source", "纸质"),
        ("received_by", &person),
    ]);
    let document = secadmin.add_record("incoming_documents", &document_input).unwrap().number;
    secadmin.propose_circulation(&document, "2026-03-03", "拟请局主要领导阅示。", &person).unwrap();
    Office { person, device, document }
}

fn nav_views(app: &AppUnderTest) -> Vec<String> {
    let views = app.script("return [...document.querySelectorAll('.nav-item')].map(b => b.dataset.view);");
    views.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

fn run(program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program).args(args).output().unwrap_or_else(|err| panic!("{program} could not run: {err}"))
}

/// Returns the PDF's text with all white space removed, so that table cells split over lines match.
fn pdf_text(pdf: &Path) -> String {
    let output = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_valid_pdf(pdf: &Path) {
    let output = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(output.status.success(), "qpdf --check failed on {}: {}", pdf.display(), String::from_utf8_lossy(&output.stdout));
    let mode = std::fs::metadata(pdf).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{} must be owner-only", pdf.display());
}

/// Generates the form chosen on the printing screen and returns the written file.
fn generate(app: &AppUnderTest) -> std::path::PathBuf {
    app.script("document.getElementById('print-result').hidden = true; return true;");
    app.click("#print-generate");
    app.s().wait_until("the print to finish", "return !document.getElementById('print-result').hidden && document.querySelector('#print-preview img, #print-preview-error') !== null;", STEP);
    let error = app.script("return document.getElementById('print-preview-error')?.textContent || '';");
    assert_eq!(error, Value::from(""), "preview failed");
    std::path::PathBuf::from(app.text("#print-path"))
}

fn select_devices(app: &AppUnderTest, select: &str, numbers: &[&str]) {
    app.script(&format!(
        "const s = document.querySelector({select:?}); const chosen = {numbers:?};
         for (const o of s.options) o.selected = chosen.includes(o.value);
         s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;"
    ));
}

#[test]
fn usage_printing_accounts_and_audit() {
    let mut office = None;
    let app = AppUnderTest::start_prepared(|paths| office = Some(prepare(paths)));
    let office = office.unwrap();
    let s = app.s();
    s.wait("#login-form", FIRST_LOAD);

    // The security administrator's nav lists the business screens and permissions only.
    app.login("secadmin", NEW_PASSWORD);
    s.wait("[data-screen=today]", STEP);
    assert_eq!(nav_views(&app), ["today", "registers", "inventory", "usage", "printing", "permissions"]);

    // Usage review: two entries in March through the form, one in April.
    app.click("[data-view=usage]");
    s.wait("#usage-filter #usage-devices option", STEP);
    select_devices(&app, "#usage-devices", &[&office.device]);
    app.fill("#usage-from", "2026-03-01");
    app.fill("#usage-to", &format!("2026-03-31{ENTER}"));
    s.wait("#usage-empty", STEP);
    let entries = [
        ("2026-03-05 09:00", "2026-03-05 11:30", "起草年度自查报告", "2"),
        ("2026-03-06 14:00", "2026-03-06 15:00", "打印会议纪要", "1"),
        ("2026-04-02 08:00", "2026-04-02 09:00", "四月份的使用", "0"),
    ];
    for (index, (start, end, content, copies)) in entries.iter().enumerate() {
        app.click("#usage-add");
        s.wait("#usage-form", STEP);
        assert_eq!(app.script("return document.querySelector('#usage-form [name=device]').value;"), Value::from(office.device.clone()));
        app.fill("#usage-form [name=user]", &office.person);
        app.fill("#usage-form [name=content]", content);
        app.fill("#usage-form [name=printed_copies]", copies);
        if index == 0 {
            // An end before the start is refused next to 结束时间.
            app.fill("#usage-form [name=started_at]", start);
            app.fill("#usage-form [name=ended_at]", &format!("2026-03-05 08:00{ENTER}"));
            let order = app.field_error("结束时间");
            assert!(order.contains("早于"), "end before start: {order}");
            app.screenshot("p01-usage-form-error");
        }
        app.fill("#usage-form [name=started_at]", start);
        app.fill("#usage-form [name=ended_at]", &format!("{end}{ENTER}"));
        s.wait_until("the usage form to close", "return document.getElementById('usage-dialog') === null;", STEP);
    }
    s.wait("#usage-table", STEP);
    let rows = app.script("return document.querySelectorAll('#usage-table tbody tr').length;");
    assert_eq!(rows, Value::from(2), "March has two entries");
    let totals = app.text("#usage-totals");
    assert!(totals.contains("共 2 次使用，合计 3 小时 30 分钟，印制 3 份"), "totals: {totals}");
    app.screenshot("p02-usage-review");

    // An end date before the start date is refused.
    app.fill("#usage-from", "2026-04-01");
    app.fill("#usage-to", &format!("2026-03-01{ENTER}"));
    s.wait_until("the range error", "return document.getElementById('usage-error').textContent !== '';", STEP);
    let range = app.text("#usage-error");
    assert!(range.contains("截止日期"), "range error: {range}");
    app.fill("#usage-from", "2026-03-01");
    app.fill("#usage-to", "2026-03-31");

    // Print the logbook of that selection from the review.
    app.click("#usage-print");
    s.wait("[data-screen=printing] #print-devices", STEP);
    assert_eq!(app.script("return document.getElementById('print-form-select').value;"), Value::from("usage_logbook"));
    let out = app.script("return document.getElementById('print-out').value;");
    let out = out.as_str().unwrap();
    assert!(out.starts_with(&format!("{}/文档/SecLedger/", home_dir(app.dir()).display())), "default output path: {out}");

    // A relative output path is refused next to 输出文件.
    app.fill("#print-out", &format!("logbook.pdf{ENTER}"));
    let relative = app.field_error("输出文件");
    assert!(relative.contains("完整路径"), "relative path: {relative}");
    app.fill("#print-out", out);
    let logbook = generate(&app);
    assert_eq!(logbook.to_str().unwrap(), out);
    assert_valid_pdf(&logbook);
    let text = pdf_text(&logbook);
    for expected in [UNIFIED_NUMBER, "起草年度自查报告", "打印会议纪要", "使用登记手册"] {
        assert!(text.contains(expected), "the logbook lacks {expected}");
    }
    assert!(!text.contains("四月份的使用"), "the logbook has an entry outside the range");
    let images = app.script("return document.querySelectorAll('#print-preview img.preview-page').length;");
    assert_eq!(images, Value::from(1), "one preview page");
    app.screenshot("p03-print-logbook-preview");

    // Sending to the printer reports what `lp` did, or that it is missing.
    app.click("#print-send");
    s.wait_until("the printer status", "return !document.getElementById('print-status').hidden;", STEP);
    let sent = app.text("#print-status");
    assert!(sent.contains("lp") || sent.starts_with("已发送到打印机"), "printer status: {sent}");

    // A circulation slip of the document.
    select_option(&app, "#print-form-select", "circulation_slip");
    s.wait("#print-number", STEP);
    app.fill("#print-number", "SW-2026-9999");
    app.click("#print-generate");
    let missing = app.field_error("记录编号");
    assert!(missing.contains("SW-2026-9999"), "unknown record: {missing}");
    app.fill("#print-number", &office.document);
    let slip = generate(&app);
    assert_valid_pdf(&slip);
    let text = pdf_text(&slip);
    assert!(text.contains(DOCUMENT_TITLE), "the slip lacks the document title");
    app.screenshot("p04-print-circulation-slip");

    // Permissions: the fixed access matrix and the account roles.
    app.click("[data-view=permissions]");
    s.wait("#register-access tbody tr", STEP);
    s.wait("#account-list tr[data-account=lisi] .change-role", STEP);
    app.screenshot("p05-permissions");

    // A business account's role changes, with a reason.
    select_option(&app, "tr[data-account=lisi] .role-select", "secrecy_manager");
    app.click("tr[data-account=lisi] .change-role");
    s.wait("#reason-form", STEP);
    app.fill("#reason-form [name=reason]", &format!("岗位调整{ENTER}"));
    s.wait_until("the new role", "return document.querySelector('tr[data-account=lisi] td:nth-child(3)')?.textContent === '保密管理员';", STEP);
    let administrators = app.script("return document.querySelectorAll('tr[data-account=sysadmin] .change-role').length;");
    assert_eq!(administrators, Value::from(0), "administrator roles cannot be changed here");

    // A wrong password, then a lockout.
    app.click("#lock-button");
    s.wait("#lock-notice", STEP);
    app.login("lisi", "Wrong#password1");
    let first = app.field_error("密码");
    assert!(first.contains("还可尝试 4 次"), "first wrong password: {first}");
    for _ in 0..4 {
        app.fill("#login-form [name=password]", &format!("Wrong#password1{ENTER}"));
        s.wait_until("the login form to be ready", "return !document.querySelector('#login-form.busy');", STEP);
    }
    let locked = app.script("return document.querySelector('#login-form').innerText;");
    assert!(locked.as_str().unwrap_or_default().contains("已被锁定"), "lockout message: {locked}");
    app.screenshot("p06-lockout");

    // The system administrator: the today list (for the backup reminder), accounts and settings.
    app.login("sysadmin", NEW_PASSWORD);
    s.wait("[data-screen=today]", STEP);
    assert_eq!(nav_views(&app), ["today", "accounts", "settings"]);
    app.click("[data-view=accounts]");
    s.wait("[data-screen=accounts] #accounts-table", STEP);
    let state = app.text("tr[data-account=lisi] .account-state");
    assert!(state.contains("已锁定"), "lisi after the lockout: {state}");

    // Adding an account: a bad name is refused next to 账户名, then the first password shows once.
    app.fill("#account-form [name=name]", "a");
    app.fill("#account-form [name=display_name]", &format!("王五{ENTER}"));
    let name = app.field_error("账户名");
    assert!(name.contains("账户名"), "bad account name: {name}");
    app.fill("#account-form [name=name]", "wangwu");
    app.fill("#account-form [name=department]", &format!("保密办{ENTER}"));
    s.wait("#new-first-password", STEP);
    let password = app.text("#new-first-password");
    assert!(password.len() >= 8, "first password: {password}");
    app.screenshot("p07-account-added");
    app.click("#secret-close");
    s.wait("tr[data-account=wangwu]", STEP);

    // Unlocking lisi needs a reason.
    app.click("tr[data-account=lisi] .unlock-account");
    s.wait("#reason-form", STEP);
    app.click("#reason-save");
    let reason = app.field_error("原因");
    assert!(reason.contains("必填"), "missing reason: {reason}");
    app.fill("#reason-form [name=reason]", &format!("本人申请{ENTER}"));
    s.wait_until("lisi to be unlocked", "return !(document.querySelector('tr[data-account=lisi] .account-state')?.textContent || '已锁定').includes('已锁定');", STEP);
    app.screenshot("p08-accounts");

    // Security settings: a value out of range is refused next to its field.
    app.click("[data-view=settings]");
    s.wait("#settings-form", STEP);
    app.fill("#setting-password-min_length", &format!("6{ENTER}"));
    let short = app.field_error("密码最小长度（字符）");
    assert!(short.contains("8 到 64"), "min length out of range: {short}");
    app.fill("#setting-password-min_length", &format!("10{ENTER}"));
    s.wait_until("the settings to be saved", "return !document.getElementById('settings-notice').hidden;", STEP);
    app.screenshot("p09-settings");

    // The auditor: the audit log only, filtered, and the chain verified.
    app.click("#lock-button");
    s.wait("#lock-notice", STEP);
    app.login("auditor", NEW_PASSWORD);
    s.wait("[data-screen=audit] #audit-table", STEP);
    assert_eq!(nav_views(&app), ["audit"]);
    app.fill("#audit-account", &format!("sysadmin{ENTER}"));
    s.wait_until("the filter to apply", "return [...document.querySelectorAll('#audit-table .audit-account')].every(td => td.textContent === 'sysadmin');", STEP);
    let actions = app.script("return [...document.querySelectorAll('#audit-table .audit-action')].map(td => td.textContent);");
    let actions: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(actions.contains(&"account.add"), "sysadmin's entries: {actions:?}");
    assert!(actions.contains(&"settings.set"), "sysadmin's entries: {actions:?}");
    app.fill("#audit-from", &format!("2026-02-30{ENTER}"));
    s.wait_until("the date error", "return document.getElementById('audit-error').textContent !== '';", STEP);
    let date = app.text("#audit-error");
    assert!(date.contains("起始日期"), "impossible date: {date}");
    app.script("document.getElementById('audit-from').value = ''; document.getElementById('audit-account').value = ''; return true;");
    app.click("#audit-search");
    app.click("#audit-verify");
    s.wait("#audit-verify-message", STEP);
    let verified = app.text("#audit-verify-message");
    assert!(verified.contains("审计链完整"), "verification: {verified}");
    s.wait_until("the verification entry", "return document.querySelector('#audit-table .audit-action')?.textContent === 'audit.verify';", STEP);
    app.screenshot("p10-audit");
    s.press(ESCAPE).unwrap();
}

fn select_option(app: &AppUnderTest, select: &str, value: &str) {
    app.script(&format!(
        "const s = document.querySelector({select:?}); s.value = {value:?}; s.dispatchEvent(new Event('change')); return true;"
    ));
}

#[test]
fn recovery_key_sheet_on_first_run() {
    let app = AppUnderTest::start();
    let s = app.s();
    s.wait("[data-screen=first-run]", FIRST_LOAD);
    app.click("#create-vault");
    s.wait(".recovery-key", STEP);
    let key = app.text(".recovery-key");

    app.click("#print-recovery-key");
    s.wait("#recovery-form", STEP);
    let out = app.script("return document.querySelector('#recovery-form [name=out]').value;");
    let out = out.as_str().unwrap().to_string();
    assert!(out.starts_with(&format!("{}/文档/SecLedger/恢复密钥-", home_dir(app.dir()).display())), "default output path: {out}");

    // A name without .pdf is refused next to 输出文件.
    app.fill("#recovery-form [name=out]", &format!("{}/文档/key.txt{ENTER}", home_dir(app.dir()).display()));
    let suffix = app.field_error("输出文件");
    assert!(suffix.contains(".pdf"), "output without .pdf: {suffix}");

    app.fill("#recovery-form [name=out]", &out);
    app.click("#recovery-generate");
    s.wait_until("the sheet to be printed", "return !document.getElementById('recovery-status').hidden;", STEP);
    let status = app.text("#recovery-status");
    assert!(status.contains(&out), "status: {status}");
    let sheet = Path::new(&out);
    assert_valid_pdf(sheet);
    // The sheet prints the key's groups on two lines, so the hyphens are compared apart.
    let groups = pdf_text(sheet).replace('-', "");
    assert!(groups.contains(&key.replace('-', "")), "the sheet lacks the recovery key {key}");
    app.screenshot("p00-recovery-key-sheet");
}
