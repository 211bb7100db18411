//! The `secledger` binary: zh-CN help and messages, exit codes, and a first session from the
//! command line on a real vault.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_secledger");

/// Runs `secledger` with `args` in `dir`, feeding `stdin`.
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
    // The command may exit before reading its input (a missing vault, say): a broken pipe then
    // is expected.
    if let Err(err) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe, "{err}");
    }
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Runs a command as `account` with `password` on standard input.
fn as_account(dir: &Path, account: &str, password: &str, args: &[&str]) -> Output {
    let mut full = vec!["--vault", "office.vault", "--account", account, "--password-stdin"];
    full.extend_from_slice(args);
    run(dir, &full, &format!("{password}\n"))
}

/// Creates a vault and returns the first passwords by account name.
fn init(dir: &Path) -> Vec<(String, String)> {
    let output = run(dir, &["--vault", "office.vault", "init"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
        .lines()
        .filter(|line| line.contains("初始密码 "))
        .map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let account = words.iter().position(|w| *w == "账户").map(|i| words[i + 1]).unwrap();
            (account.to_string(), words.last().unwrap().to_string())
        })
        .collect()
}

fn first_password(passwords: &[(String, String)], account: &str) -> String {
    passwords.iter().find(|(a, _)| a == account).unwrap().1.clone()
}

fn change_password(dir: &Path, account: &str, old: &str, new: &str) -> Output {
    run(
        dir,
        &["--vault", "office.vault", "--account", account, "--password-stdin", "account", "passwd"],
        &format!("{old}\n{new}\n{new}\n"),
    )
}

#[test]
fn help_is_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    for args in [vec!["--help"], vec!["account", "--help"], vec!["audit", "show", "--help"]] {
        let output = run(dir.path(), &args, "");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let text = stdout(&output);
        assert!(text.contains("用法："), "{args:?}: {text}");
        assert!(text.contains("显示帮助"), "{args:?}: {text}");
        for english in ["Usage:", "Options:", "Commands:", "[OPTIONS]", "Print help"] {
            assert!(!text.contains(english), "{args:?} help contains {english:?}: {text}");
        }
    }
}

#[test]
fn usage_errors_are_in_chinese_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["frobnicate"], "");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).trim(), "错误：命令用法有误：无法识别的命令“frobnicate”。运行 secledger --help 查看用法。");

    let output = run(dir.path(), &["account", "add", "zhangsan"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("缺少必需的参数"), "{}", stderr(&output));
}

#[test]
fn init_then_first_session() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let passwords = init(dir);
    assert_eq!(passwords.len(), 3);
    let sysadmin = first_password(&passwords, "sysadmin");

    // The first password works only for changing itself.
    let output = as_account(dir, "sysadmin", &sysadmin, &["account", "list"]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        stderr(&output).trim(),
        "错误：账户“sysadmin”须先修改初始密码。请运行 secledger account passwd --account sysadmin。"
    );
    assert!(stdout(&output).is_empty(), "nothing printed before the error: {}", stdout(&output));

    let output = change_password(dir, "sysadmin", &sysadmin, "Admin#2026pw");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), "账户“sysadmin”的密码已修改。");

    let output = as_account(dir, "sysadmin", "Admin#2026pw", &["account", "add", "zhangsan", "--role", "经办人", "--display-name", "张喆", "--department", "办公室"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("已新建账户“zhangsan”（经办人）。初始密码："), "{}", stdout(&output));

    let output = as_account(dir, "sysadmin", "Admin#2026pw", &["account", "list"]);
    let text = stdout(&output);
    assert!(text.contains("zhangsan\t张喆\t经办人\t办公室\t待改初始密码"), "{text}");

    // The system administrator may not read the audit log (exit 4).
    let output = as_account(dir, "sysadmin", "Admin#2026pw", &["audit", "show"]);
    assert_eq!(output.status.code(), Some(4));
    assert!(stderr(&output).contains("无权执行“查看和校验审计日志”"), "{}", stderr(&output));

    let auditor = first_password(&passwords, "auditor");
    assert_eq!(change_password(dir, "auditor", &auditor, "Audit#2026pw").status.code(), Some(0));
    let output = as_account(dir, "auditor", "Audit#2026pw", &["audit", "verify"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("审计链完整"), "{}", stdout(&output));
    assert!(stdout(&output).contains("审计链头：第 "), "{}", stdout(&output));

    let output = as_account(dir, "auditor", "Audit#2026pw", &["audit", "show", "--by", "sysadmin", "--action", "account"]);
    let text = stdout(&output);
    assert!(text.contains("新建账户\tzhangsan"), "{text}");
    assert!(!text.contains("\t登录\t"), "filtered by action: {text}");

    let output = as_account(dir, "auditor", "Audit#2026pw", &["audit", "show", "--since", "2026-13-01"]);
    assert_eq!(output.status.code(), Some(7));
    assert!(stderr(&output).contains("审计查询条件“--since”的值“2026-13-01”无效"), "{}", stderr(&output));

    let output = as_account(dir, "auditor", "Audit#2026pw", &["audit", "show", "--since", "2026-12-31", "--until", "2026-01-01"]);
    assert_eq!(output.status.code(), Some(7));
    assert!(stderr(&output).contains("截止时间须晚于起始时间"), "{}", stderr(&output));

    let output = as_account(dir, "auditor", "Audit#2026pw", &["vault", "check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("逐页校验通过"), "{}", stdout(&output));
}

#[test]
fn bad_logins_exit_3_and_missing_vault_exits_5() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let output = as_account(dir, "sysadmin", "x", &["account", "list"]);
    assert_eq!(output.status.code(), Some(5));
    assert!(stderr(&output).starts_with("错误：保险库文件“office.vault”不存在"), "{}", stderr(&output));

    init(dir);
    let output = as_account(dir, "sysadmin", "Wrong#2026pw", &["account", "list"]);
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("密码错误。还可尝试 4 次"), "{}", stderr(&output));

    let output = as_account(dir, "nobody", "Wrong#2026pw", &["account", "list"]);
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("账户“nobody”不存在"), "{}", stderr(&output));

    let output = run(dir, &["--vault", "office.vault", "account", "list"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("缺少登录账户，请加 --account"), "{}", stderr(&output));

    let output = run(dir, &["--vault", "office.vault", "--account", "sysadmin", "--password-stdin", "account", "list"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("标准输入中的密码行不够"), "{}", stderr(&output));

    let output = run(dir, &["--vault", "office.vault", "init"], "");
    assert_eq!(output.status.code(), Some(5));
    assert!(stderr(&output).contains("已存在"), "{}", stderr(&output));
}

#[test]
fn weak_password_is_rejected_from_cli() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let passwords = init(dir);
    let secadmin = first_password(&passwords, "secadmin");
    let output = change_password(dir, "secadmin", &secadmin, "password1");
    assert_eq!(output.status.code(), Some(7));
    assert_eq!(stderr(&output).trim(), "错误：密码须包含符号（如 ! @ # % & * - _）。");
    // The first password still works: nothing changed.
    let output = change_password(dir, "secadmin", &secadmin, "Secure#2026pw");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn recovery_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let output = run(dir, &["--vault", "office.vault", "init"], "");
    let text = stdout(&output);
    let key_line = text.lines().skip_while(|l| !l.starts_with("恢复密钥")).nth(1).unwrap().trim().to_string();
    let output = run(dir, &["--vault", "office.vault", "--password-stdin", "recover", "auditor"], &format!("{key_line}\n"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("已用恢复密钥重置账户“auditor”的密码"), "{}", stdout(&output));

    let output = run(dir, &["--vault", "office.vault", "--password-stdin", "recover", "auditor"], "ABCD\n");
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("恢复密钥不正确"), "{}", stderr(&output));
}

#[test]
fn english_catalog_is_selectable() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .args(["--vault", "none.vault", "--account", "a", "--password-stdin", "account", "list"])
        .current_dir(dir.path())
        .env("SECLEDGER_LANG", "en")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(5));
    assert!(stderr(&output).starts_with("Error: Vault file \"none.vault\" does not exist."), "{}", stderr(&output));
}

#[test]
fn backup_verify_and_restore_from_cli() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let passwords = init(dir);
    let sysadmin = first_password(&passwords, "sysadmin");
    assert_eq!(change_password(dir, "sysadmin", &sysadmin, "Admin#2026pw").status.code(), Some(0));

    let output = as_account(dir, "sysadmin", "Admin#2026pw", &["backup", "--out", "office.slbk"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("已写入备份“office.slbk”"), "{}", stdout(&output));

    let output = as_account(dir, "sysadmin", "Admin#2026pw", &["backup", "verify", "office.slbk"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("备份完整"), "{}", stdout(&output));

    // Restoring lists what the backup lacks: the current vault has moved on since.
    let output = run(
        dir,
        &["--vault", "office.vault", "--account", "sysadmin", "--password-stdin", "restore", "office.slbk", "--to", "restored.vault", "--printed-head", "999:ABCD-EFGH"],
        "Admin#2026pw\nAdmin#2026pw\n",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("纸面链头是第 999 条"), "{text}");
    assert!(text.contains("恢复此备份将缺少"), "{text}");
    assert!(text.contains("已恢复为新保险库“restored.vault”"), "{text}");

    let output = run(
        dir,
        &["--vault", "none.vault", "--account", "sysadmin", "--password-stdin", "restore", "office.slbk", "--to", "restored.vault"],
        "Admin#2026pw\n",
    );
    assert_eq!(output.status.code(), Some(5));
    assert!(stderr(&output).contains("“restored.vault”已存在"), "{}", stderr(&output));
}

#[test]
fn registers_today_inventory_and_print_from_cli() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let passwords = init(dir);
    let secadmin = first_password(&passwords, "secadmin");
    assert_eq!(change_password(dir, "secadmin", &secadmin, "Sec#2026pass").status.code(), Some(0));
    let sec = |args: &[&str]| as_account(dir, "secadmin", "Sec#2026pass", args);

    let output = sec(&["register", "add", "涉密人员", "姓名=张喆", "身份证号=11010519491231002X", "部门=办公室", "涉密岗位=机要员", "岗位等级=重要", "提名日期=2026.1.5"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let person = stdout(&output).trim().rsplit(' ').next().unwrap().trim_end_matches('。').to_string();
    assert!(person.starts_with("RY-"), "{person}");

    let output = sec(&["register", "add", "设备台账", "统一编号=BM-JSJ-001", "类别=涉密计算机", "硬盘序列号=WD1234", "密级=机密", &format!("责任人={person}"), "部门=办公室", "启用日期=2025-06-01"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let device = stdout(&output).trim().rsplit(' ').next().unwrap().trim_end_matches('。').to_string();

    for (start, content) in [("2026-01-07 08:30", "起草年度保密自查报告"), ("2026-01-20 14:00", "打印会议纪要")] {
        let output = sec(&["register", "add", "使用登记", &format!("设备={device}"), &format!("使用人={person}"), &format!("开始时间={start}"), &format!("使用内容={content}")]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let output = sec(&["register", "list", "使用登记", "--device", &device, "--from", "2026-01-01", "--to", "2026-01-31", "--text", "保密自查"]);
    assert!(stdout(&output).contains("共 1 条"), "{}", stdout(&output));

    // A date that does not exist is refused with the field named.
    let output = sec(&["register", "add", "使用登记", &format!("设备={device}"), &format!("使用人={person}"), "开始时间=2026-02-30 08:00", "使用内容=x"]);
    assert_eq!(output.status.code(), Some(7));
    assert!(stderr(&output).contains("“开始时间”的日期“2026-02-30"), "{}", stderr(&output));

    let output = sec(&["today"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    assert_eq!(sec(&["inventory", "start", "设备台账"]).status.code(), Some(0));
    let output = run(
        dir,
        &["--vault", "office.vault", "--account", "secadmin", "--password-stdin", "inventory", "scan", "设备台账"],
        "Sec#2026pass\nBM-JSJ-001\nXX-1\n",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("未登记编号"), "{}", stdout(&output));

    let output = sec(&["print", "logbook", "--device", &device, "--from", "2026-01-01", "--to", "2026-01-31", "--out", "logbook.pdf"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = Command::new("pdftotext").args(["logbook.pdf", "-"]).current_dir(dir).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("起草年度保密自查报告"), "{text}");
    assert!(text.contains("张喆"), "{text}");
}

#[test]
fn backup_reminder_setting_and_today() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let passwords = init(dir);
    let first = first_password(&passwords, "sysadmin");
    let output = change_password(dir, "sysadmin", &first, "Admin#2026pw");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let output = as_account(dir, "sysadmin", "Admin#2026pw", &["today"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("[备份提醒] 本保险库从未备份。"),
        "{}",
        stdout(&output)
    );

    let output = as_account(dir, "sysadmin", "Admin#2026pw", &["settings", "set", "backup.reminder_days", "14"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = as_account(dir, "sysadmin", "Admin#2026pw", &["settings", "show"]);
    let line = stdout(&output).lines().find(|line| line.starts_with("backup.reminder_days")).map(str::to_string);
    assert_eq!(
        line.as_deref(),
        Some("backup.reminder_days\t距上次备份超过多少天时在今日待办中提醒（天）\t当前值 14（允许 1–365）")
    );

    let output = as_account(dir, "sysadmin", "Admin#2026pw", &["settings", "set", "backup.reminder_days", "0"]);
    assert_eq!(output.status.code(), Some(7));
    assert_eq!(
        stderr(&output).trim(),
        "错误：设置项“backup.reminder_days”的值“0”无效：须为 1 到 365 之间的整数。"
    );

    let output = as_account(dir, "sysadmin", "Admin#2026pw", &["backup", "--out", "office.slbk"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = as_account(dir, "sysadmin", "Admin#2026pw", &["today"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stdout(&output).contains("备份提醒"), "{}", stdout(&output));
}
