//! The demo vault made by `secledger demo --small`: every register filled through the
//! workflows, overdue items on the today list, a long logbook, a verifying audit chain and
//! working demo passwords. The demo is built once and shared by the tests.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};

use chrono::Local;
use secledger::auth::{InitOptions, Session};
use secledger::crypto::KdfParams;
use secledger::demo::{self, DemoOptions, DemoSize};
use secledger::records::Query;
use secledger::registers::deadline::DueState;
use secledger::vault::VaultPaths;

const BIN: &str = env!("CARGO_BIN_EXE_secledger");

/// The demo built by the command line, with what it printed.
struct Demo {
    dir: tempfile::TempDir,
    stdout: String,
    stderr: String,
    /// (account, password) as printed.
    accounts: Vec<(String, String)>,
}

impl Demo {
    fn paths(&self) -> VaultPaths {
        VaultPaths::beside(self.dir.path().join("demo.vault"))
    }

    fn password(&self, account: &str) -> &str {
        &self.accounts.iter().find(|(name, _)| name == account).unwrap().1
    }
}

/// Runs `secledger` in `dir` with `stdin`.
fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("SECLEDGER_KDF_TARGET_MS", "50")
        .env_remove("SECLEDGER_LANG")
        .env_remove("SECLEDGER_VAULT")
        .env_remove("SECLEDGER_ACCOUNT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Err(err) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe, "{err}");
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Reads the `账户 NAME（…）　密码 PASSWORD` lines of the demo's output.
fn printed_accounts(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .filter_map(|line| {
            let account = line.split_once("账户 ")?.1.split_once('（')?.0;
            let password = line.split_once("密码 ")?.1.trim();
            Some((account.to_string(), password.to_string()))
        })
        .collect()
}

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let output = run(dir.path(), &["--vault", "demo.vault", "demo", "--small"], "");
        let stdout = text(&output.stdout);
        let stderr = text(&output.stderr);
        assert!(output.status.success(), "demo failed:\n{stdout}\n{stderr}");
        let accounts = printed_accounts(&stdout);
        Demo { dir, stdout, stderr, accounts }
    })
}

/// Takes the lock that lets one test at a time open the shared vault, because a vault allows
/// one session.
fn exclusive() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn login(demo: &Demo, account: &str) -> Session {
    match Session::login(&demo.paths(), account, demo.password(account)) {
        Ok(session) => session,
        Err(err) => panic!("login as {account}: {}", err.message()),
    }
}

#[test]
fn demo_prints_accounts_and_progress() {
    let demo = demo();
    let names: Vec<&str> = demo.accounts.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["sysadmin", "secadmin", "auditor", "zhangzhe", "likun", "wangjun"]);
    assert_eq!(demo.password("sysadmin"), "Demo#2026xt");
    assert_eq!(demo.password("secadmin"), "Demo#2026bm");
    assert_eq!(demo.password("auditor"), "Demo#2026sj");
    assert!(demo.stdout.contains("保密专管员　账户 zhangzhe（张喆）"), "{}", demo.stdout);
    assert!(demo.stderr.contains("演示数据：使用登记：已写入"), "{}", demo.stderr);
    assert!(!demo.stdout.contains("演示数据："), "progress goes to standard error only");
}

#[test]
fn demo_passwords_log_in() {
    let demo = demo();
    let _guard = exclusive();
    for (account, _) in &demo.accounts {
        let session = login(demo, account);
        assert_eq!(&session.account().name, account);
        assert_eq!(session.password_change_due(), None, "{account} must not be asked to change");
    }
}

#[test]
fn demo_fills_every_register() {
    let demo = demo();
    let _guard = exclusive();
    let mut officer = login(demo, "zhangzhe");
    for register in secledger::registers::all() {
        let page = officer.query_records(register.id, &Query::default()).unwrap();
        assert!(page.total > 0, "{} has no records", register.name);
    }
    assert_eq!(secledger::registers::all().len(), 18);
}

#[test]
fn demo_statuses_come_from_workflows() {
    let demo = demo();
    let _guard = exclusive();
    let mut officer = login(demo, "zhangzhe");
    let count = |s: &mut Session, register: &str, status: &str| {
        let query = Query { status: Some(status.into()), ..Query::default() };
        s.query_records(register, &query).unwrap().total
    };
    let cases = [
        ("incoming_documents", "filed"),
        ("incoming_documents", "cleared_out"),
        ("incoming_documents", "destroyed"),
        ("circulation", "completed"),
        ("circulation", "open"),
        ("copy_approvals", "copied"),
        ("outgoing_documents", "filed"),
        ("disposal_batches", "handed_over"),
        ("disposal_batches", "counting"),
        ("devices", "scrapped"),
        ("devices", "repairing"),
        ("media_loans", "returned"),
        ("media_loans", "lent"),
        ("repairs", "completed"),
        ("scrapping", "destroyed"),
        ("personnel", "declassifying"),
        ("personnel", "released"),
        ("data_requests", "deleted"),
        ("work_groups", "dissolved"),
        ("publication_reviews", "published"),
        ("incidents", "closed"),
        ("inventories", "confirmed"),
    ];
    for (register, status) in cases {
        assert!(count(&mut officer, register, status) > 0, "no {register} record is {status}");
    }
}

#[test]
fn demo_today_has_overdue_items() {
    let demo = demo();
    let _guard = exclusive();
    let mut officer = login(demo, "zhangzhe");
    let items = officer.today(Local::now().date_naive(), None).unwrap();
    let overdue: Vec<&str> = items
        .iter()
        .filter(|item| item.state == DueState::Overdue)
        .map(|item| item.register.id)
        .collect();
    for register in ["media_loans", "circulation", "personnel", "archive_loans", "data_requests", "work_groups", "incoming_documents"] {
        assert!(overdue.contains(&register), "no overdue {register} item in {overdue:?}");
    }
    assert!(items.iter().any(|item| item.state == DueState::DueSoon), "nothing due soon");
}

#[test]
fn demo_device_has_long_logbook() {
    let demo = demo();
    let _guard = exclusive();
    let line = demo.stdout.lines().find(|line| line.starts_with("使用登记最多的设备")).unwrap();
    let device = line.split_once('（').unwrap().1.split_once('）').unwrap().0.to_string();
    let mut officer = login(demo, "zhangzhe");
    let query = Query { device: Some(device.clone()), ..Query::default() };
    let total = officer.query_records("usage_log", &query).unwrap().total;
    assert!(total >= 2_000, "{device} has {total} logbook entries");
    assert!(line.contains(&format!("共 {total} 条")), "{line}");
}

#[test]
fn demo_audit_chain_verifies() {
    let demo = demo();
    let _guard = exclusive();
    let args = ["--vault", "demo.vault", "--account", "auditor", "--password-stdin", "audit", "verify"];
    let output = run(demo.dir.path(), &args, &format!("{}\n", demo.password("auditor")));
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("审计链完整"), "{}", text(&output.stdout));
}

#[test]
fn demo_sysadmin_is_reminded_to_back_up() {
    let demo = demo();
    let _guard = exclusive();
    let args = ["--vault", "demo.vault", "--account", "sysadmin", "--password-stdin", "today"];
    let output = run(demo.dir.path(), &args, &format!("{}\n", demo.password("sysadmin")));
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("[备份提醒] 本保险库从未备份。"),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn demo_refuses_existing_vault() {
    let demo = demo();
    let _guard = exclusive();
    let paths = demo.paths();
    let before = (common::digest(&paths.vault), common::digest(&paths.keyring));
    let output = run(demo.dir.path(), &["--vault", "demo.vault", "demo", "--small"], "");
    assert_eq!(output.status.code(), Some(5));
    assert_eq!(
        text(&output.stderr).trim(),
        "错误：演示保险库“demo.vault”已存在，未做任何改动。演示命令不会覆盖已有文件；请换一个路径（--vault），或确认不再需要后自行删除该保险库及其密钥环“demo.vault.keyring”。"
    );
    assert_eq!((common::digest(&paths.vault), common::digest(&paths.keyring)), before);
}

#[test]
fn demo_refuses_leftover_keyring() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.vault.keyring"), b"old keyring").unwrap();
    let output = run(dir.path(), &["--vault", "demo.vault", "demo", "--small"], "");
    assert_eq!(output.status.code(), Some(5));
    assert!(text(&output.stderr).contains("演示保险库“demo.vault”已存在"), "{}", text(&output.stderr));
    assert!(!dir.path().join("demo.vault").exists(), "no vault created");
    assert_eq!(std::fs::read(dir.path().join("demo.vault.keyring")).unwrap(), b"old keyring");
}

#[test]
fn demo_is_the_same_each_run() {
    let demo = demo();
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::beside(dir.path().join("again.vault"));
    let options = DemoOptions {
        today: Local::now().date_naive(),
        size: DemoSize::Small,
        init: InitOptions { kdf: Some(KdfParams::FLOOR), ..InitOptions::default() },
    };
    let report = demo::create(&paths, &options, &mut |_| {}).unwrap();
    assert!(report.logbook_entries >= 2_000);

    let _guard = exclusive();
    let records = |paths: &VaultPaths, register: &str| {
        let mut session = Session::login(paths, "zhangzhe", "Demo#2026zg").unwrap();
        let query = Query { per_page: 1000, ..Query::default() };
        let page = session.query_records(register, &query).unwrap();
        page.records.into_iter().map(|r| (r.number, r.status, r.data)).collect::<Vec<_>>()
    };
    for register in ["personnel", "incoming_documents", "media_loans"] {
        assert_eq!(records(&demo.paths(), register), records(&paths, register), "{register} differs");
    }
}

#[test]
fn demo_refuses_folder_as_vault() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("demo.vault")).unwrap();
    let output = run(dir.path(), &["--vault", "demo.vault", "demo", "--small"], "");
    assert_eq!(output.status.code(), Some(5));
    assert_eq!(
        text(&output.stderr).trim(),
        "错误：“demo.vault”是一个目录，不是保险库文件。请给出保险库文件的路径（如 台账.vault）。"
    );
    assert!(!dir.path().join("demo.vault.keyring").exists(), "no keyring created");
}
