//! Vault creation, login, accounts and password policy, on real vault files.

mod common;

use chrono::{Duration, Utc};
use common::{digest, TestVault, STRONG};
use secledger::auth::{NewAccount, Permission, Role, Session};
use secledger::keyring::Keyring;
use secledger::{Code, Error};

fn code(result: Result<impl Sized, Error>) -> Code {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(err) => err.code(),
    }
}

fn error(result: Result<impl Sized, Error>) -> Error {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(err) => err,
    }
}

#[test]
fn init_creates_three_administrators() {
    let tv = TestVault::new();
    let roles: Vec<Role> = tv.report.accounts.iter().map(|(_, role, _)| *role).collect();
    assert_eq!(roles, vec![Role::SystemAdmin, Role::SecurityAdmin, Role::Auditor]);
    assert_eq!(tv.report.recovery_key.split('-').count(), 8);
    for (name, _, password) in &tv.report.accounts {
        let mut session = Session::login(&tv.paths, name, password).unwrap();
        assert_eq!(session.password_change_due(), Some(Code::PasswordChangeRequired));
        let err = error(session.require(Permission::ReadAudit));
        assert_eq!(err.code(), Code::PasswordChangeRequired);
        assert!(err.message().contains("须先修改初始密码"), "{}", err.message());
    }
}

#[test]
fn init_rejects_existing_path_and_directory() {
    let tv = TestVault::new();
    let err = error(secledger::auth::init(&tv.paths, &Default::default()));
    assert_eq!(err.code(), Code::VaultExists);
    assert!(err.message().contains("已存在"), "{}", err.message());

    let dir_paths = secledger::vault::VaultPaths::beside(tv.dir.path());
    let err = error(secledger::auth::init(&dir_paths, &Default::default()));
    assert_eq!(err.code(), Code::VaultIsDirectory);
}

#[test]
fn wrong_password_names_account_and_attempts_left() {
    let tv = TestVault::new();
    let before = digest(&tv.paths.vault);
    let err = error(Session::login(&tv.paths, "sysadmin", "Wrong#Pass1"));
    assert_eq!(err.code(), Code::WrongPassword);
    assert_eq!(err.message(), "账户“sysadmin”的密码错误。还可尝试 4 次，之后账户将被锁定 30 分钟。");
    assert_eq!(digest(&tv.paths.vault), before, "a failed login must not touch the vault");
}

#[test]
fn unknown_account_is_reported() {
    let tv = TestVault::new();
    let before = digest(&tv.paths.vault);
    let err = error(Session::login(&tv.paths, "nobody", "Wrong#Pass1"));
    assert_eq!(err.code(), Code::AccountUnknown);
    assert!(err.message().starts_with("账户“nobody”不存在"), "{}", err.message());
    assert_eq!(digest(&tv.paths.vault), before);
}

#[test]
fn five_failures_lock_until_the_lockout_ends() {
    let tv = TestVault::new();
    tv.activate("sysadmin");
    let start = Utc::now();
    for attempt in 1..=4 {
        let err = error(Session::login_at(&tv.paths, "sysadmin", "Wrong#Pass1", start));
        assert_eq!(err.code(), Code::WrongPassword, "attempt {attempt}");
    }
    let err = error(Session::login_at(&tv.paths, "sysadmin", "Wrong#Pass1", start));
    assert_eq!(err.code(), Code::AccountLockedOut);
    assert!(err.message().contains("已被锁定"), "{}", err.message());

    // The right password does not help while locked.
    let err = error(Session::login_at(&tv.paths, "sysadmin", STRONG, start + Duration::minutes(29)));
    assert_eq!(err.code(), Code::AccountLockedOut);

    // After the lockout, the right password works and the failures join the audit chain.
    let session = Session::login_at(&tv.paths, "sysadmin", STRONG, start + Duration::minutes(31)).unwrap();
    drop(session);
    let mut auditor = tv.activate("auditor");
    let entries = auditor.list_audit(&Default::default()).unwrap();
    let failed = entries.iter().filter(|e| e.action == "login.failed" && e.account == "sysadmin").count();
    assert_eq!(failed, 5);
    assert!(entries.iter().any(|e| e.action == "login.locked_out"));
    assert!(entries.iter().any(|e| e.action == "login.refused_locked"));
    auditor.verify_audit().unwrap();
}

#[test]
fn administrator_unlock_clears_lockout() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    let mut clerk_password = admin
        .add_account(&NewAccount { name: "zhangsan".into(), display_name: "张喆".into(), role: Role::Clerk, department: "办公室".into() })
        .unwrap();
    drop(admin);
    for _ in 0..5 {
        let _ = Session::login(&tv.paths, "zhangsan", "Wrong#Pass1");
    }
    assert_eq!(code(Session::login(&tv.paths, "zhangsan", &clerk_password)), Code::AccountLockedOut);

    let mut admin = tv.login("sysadmin");
    let err = error(admin.unlock_account("zhangsan", " "));
    assert_eq!(err.code(), Code::FieldRequired);
    assert_eq!(err.message(), "“原因”为必填项，不能为空。");
    admin.unlock_account("zhangsan", "本人确认后解锁").unwrap();
    drop(admin);
    Session::login(&tv.paths, "zhangsan", &clerk_password).unwrap();
    clerk_password.clear();
}

#[test]
fn disabled_account_cannot_log_in() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    let password = admin
        .add_account(&NewAccount { name: "lisi".into(), display_name: "李堃".into(), role: Role::Clerk, department: String::new() })
        .unwrap();
    admin.lock_account("lisi", "调离").unwrap();
    drop(admin);
    let err = error(Session::login(&tv.paths, "lisi", &password));
    assert_eq!(err.code(), Code::AccountDisabled);
    assert!(err.message().contains("已被系统管理员停用"), "{}", err.message());
}

#[test]
fn last_system_administrator_cannot_be_disabled() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    let err = error(admin.lock_account("sysadmin", "测试"));
    assert_eq!(err.code(), Code::LastAdminAccount);
}

#[test]
fn weak_passwords_fail_each_rule_and_keep_old_slot() {
    let tv = TestVault::new();
    let first = tv.first_password("secadmin");
    let mut session = Session::login(&tv.paths, "secadmin", &first).unwrap();
    let slot_before = Keyring::load(&tv.paths.keyring).unwrap().slot("secadmin").cloned();
    let cases = [
        ("Ab1!", Code::PasswordTooShort, "密码太短：至少需要 8 个字符，当前只有 4 个。"),
        ("12345678!", Code::PasswordNoLetter, "密码须包含字母（A–Z 或 a–z）。"),
        ("abcdefgh!", Code::PasswordNoDigit, "密码须包含数字（0–9）。"),
        ("abcdefgh1", Code::PasswordNoSymbol, "密码须包含符号（如 ! @ # % & * - _）。"),
        ("secadmin#2026", Code::PasswordSameAsName, "密码不能包含账户名。"),
    ];
    for (password, expected, message) in cases {
        let err = error(session.change_password(password, password));
        assert_eq!(err.code(), expected, "{password}");
        assert_eq!(err.message(), message, "{password}");
    }
    let err = error(session.change_password(STRONG, "Other#Pass2026"));
    assert_eq!(err.code(), Code::PasswordMismatch);
    let err = error(session.change_password(&first, &first));
    assert_eq!(err.code(), Code::PasswordReused);
    assert_eq!(err.message(), "新密码不能与最近 5 次使用过的密码相同。");
    drop(session);

    let slot_after = Keyring::load(&tv.paths.keyring).unwrap().slot("secadmin").cloned();
    assert_eq!(slot_before, slot_after, "a rejected password must not rewrap the slot");
    Session::login(&tv.paths, "secadmin", &first).unwrap();
}

#[test]
fn configured_minimum_length_applies() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    admin.set_setting("password.min_length", "12").unwrap();
    let err = error(admin.change_password("Short#2026", "Short#2026"));
    assert_eq!(err.message(), "密码太短：至少需要 12 个字符，当前只有 10 个。");
    let err = error(admin.set_setting("password.min_length", "4"));
    assert_eq!(err.code(), Code::SettingInvalid);
    assert_eq!(err.message(), "设置项“password.min_length”的值“4”无效：须为 8 到 64 之间的整数。");
}

#[test]
fn last_five_passwords_cannot_be_reused() {
    let tv = TestVault::new();
    let mut session = tv.activate("auditor");
    let passwords: Vec<String> = (1..=5).map(|i| format!("Audit#Pass{i}x")).collect();
    for password in &passwords {
        session.change_password(password, password).unwrap();
    }
    // STRONG is now six changes back, so it may be used again; the last five may not.
    for password in &passwords {
        assert_eq!(code(session.change_password(password, password)), Code::PasswordReused, "{password}");
    }
    session.change_password(STRONG, STRONG).unwrap();
}

#[test]
fn expired_password_must_be_changed() {
    let tv = TestVault::new();
    drop(tv.activate("sysadmin"));
    let later = Utc::now() + Duration::days(31);
    let mut session = Session::login_at(&tv.paths, "sysadmin", STRONG, later).unwrap();
    assert_eq!(session.password_change_due(), Some(Code::PasswordExpired));
    let err = error(session.require(Permission::ManageAccounts));
    assert_eq!(err.code(), Code::PasswordExpired);
    assert!(err.message().contains("已于"), "{}", err.message());
}

#[test]
fn password_change_rewraps_only_own_slot() {
    let tv = TestVault::new();
    let before = Keyring::load(&tv.paths.keyring).unwrap();
    drop(tv.activate("auditor"));
    let after = Keyring::load(&tv.paths.keyring).unwrap();
    for name in ["sysadmin", "secadmin"] {
        assert_eq!(before.slot(name), after.slot(name), "{name} slot changed");
    }
    assert_eq!(before.protected.recovery, after.protected.recovery);
    let old = before.slot("auditor").unwrap();
    let new = after.slot("auditor").unwrap();
    assert_eq!(new.version, old.version + 1);
    assert_ne!(new.sealed, old.sealed);
}

#[test]
fn permission_denial_is_typed_and_audited() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    let err = error(admin.list_audit(&Default::default()));
    assert_eq!(err.code(), Code::PermissionDenied);
    assert_eq!(err.message(), "账户“sysadmin”（系统管理员）无权执行“查看和校验审计日志”。此次操作已记入审计日志。");
    drop(admin);

    let mut secadmin = tv.activate("secadmin");
    assert_eq!(code(secadmin.add_account(&NewAccount { name: "x1".into(), display_name: "x".into(), role: Role::Clerk, department: String::new() })), Code::PermissionDenied);
    drop(secadmin);

    let mut auditor = tv.activate("auditor");
    let denials: Vec<_> = auditor
        .list_audit(&secledger::audit::Filter { action: Some("denied".into()), ..Default::default() })
        .unwrap();
    let targets: Vec<(&str, &str)> = denials.iter().map(|e| (e.account.as_str(), e.target.as_str())).collect();
    assert!(targets.contains(&("sysadmin", "read_audit")), "{targets:?}");
    assert!(targets.contains(&("secadmin", "manage_accounts")), "{targets:?}");
}

#[test]
fn security_administrator_sets_business_roles_only() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    admin
        .add_account(&NewAccount { name: "wangwu".into(), display_name: "王珺".into(), role: Role::Clerk, department: "机要室".into() })
        .unwrap();
    drop(admin);
    let mut secadmin = tv.activate("secadmin");
    secadmin.set_role("wangwu", Role::SecrecyOfficer, "任命为保密专管员").unwrap();
    let err = error(secadmin.set_role("wangwu", Role::SystemAdmin, "提权"));
    assert_eq!(err.code(), Code::FieldInvalid);
    assert!(err.message().contains("“角色”"), "{}", err.message());
    let err = error(secadmin.set_role("auditor", Role::Clerk, "降级"));
    assert_eq!(err.code(), Code::FieldInvalid);
}

#[test]
fn account_names_are_checked_and_unique() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    let new = |name: &str| NewAccount { name: name.into(), display_name: "赵赟".into(), role: Role::Clerk, department: String::new() };
    let err = error(admin.add_account(&new("a")));
    assert_eq!(err.code(), Code::AccountNameInvalid);
    assert_eq!(err.field_name(), Some("账户名"));
    assert_eq!(code(admin.add_account(&new("has space"))), Code::AccountNameInvalid);
    assert_eq!(code(admin.add_account(&new("#recovery"))), Code::AccountNameInvalid);
    admin.add_account(&new("zhaoyun")).unwrap();
    let err = error(admin.add_account(&new("zhaoyun")));
    assert_eq!(err.code(), Code::AccountExists);
    let history = admin.account_history("zhaoyun").unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].3, "新建账户");
}

#[test]
fn account_changes_keep_every_version() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    admin.add_account(&NewAccount { name: "chen".into(), display_name: "陈玥".into(), role: Role::Clerk, department: String::new() }).unwrap();
    admin.lock_account("chen", "休假").unwrap();
    admin.unlock_account("chen", "返岗").unwrap();
    admin.reset_password("chen", "忘记密码").unwrap();
    let history = admin.account_history("chen").unwrap();
    let reasons: Vec<&str> = history.iter().map(|h| h.3.as_str()).collect();
    assert_eq!(reasons, vec!["新建账户", "休假", "返岗", "忘记密码"]);
    let versions: Vec<u32> = history.iter().map(|h| h.0).collect();
    assert_eq!(versions, vec![1, 2, 3, 4]);
}

#[test]
fn recovery_key_resets_a_password() {
    let tv = TestVault::new();
    drop(tv.activate("sysadmin"));
    let err = error(Session::recover(&tv.paths, "AAAA-BBBB", "sysadmin"));
    assert_eq!(err.code(), Code::RecoveryKeyInvalid);
    assert!(err.message().contains("共 8 组"), "{}", err.message());
    let wrong = "0000-0000-0000-0000-0000-0000-0000-0000";
    assert_eq!(code(Session::recover(&tv.paths, wrong, "sysadmin")), Code::RecoveryKeyInvalid);

    let lower = tv.report.recovery_key.to_lowercase();
    let first = Session::recover(&tv.paths, &lower, "sysadmin").unwrap();
    assert_eq!(code(Session::login(&tv.paths, "sysadmin", STRONG)), Code::WrongPassword);
    let session = Session::login(&tv.paths, "sysadmin", &first).unwrap();
    assert_eq!(session.password_change_due(), Some(Code::PasswordChangeRequired));
}

#[test]
fn second_process_gets_busy_error() {
    let tv = TestVault::new();
    let session = tv.activate("sysadmin");
    let err = error(Session::login(&tv.paths, "sysadmin", STRONG));
    assert_eq!(err.code(), Code::VaultBusy);
    assert!(err.message().contains("正被另一个程序打开"), "{}", err.message());
    drop(session);
    tv.login("sysadmin");
}

#[test]
fn vault_file_reveals_no_written_text() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    admin
        .add_account(&NewAccount { name: "zhangsan".into(), display_name: "张喆堃".into(), role: Role::Clerk, department: "机要保密室".into() })
        .unwrap();
    drop(admin);
    let bytes = std::fs::read(&tv.paths.vault).unwrap();
    for needle in ["张喆堃", "机要保密室", "zhangsan", "sysadmin", "SQLite format 3", "audit_log", "CREATE TABLE"] {
        let found = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(!found, "vault file contains {needle:?} in clear");
    }
}

#[test]
fn settings_are_validated_and_audited() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    admin.set_setting("lockout.threshold", "3").unwrap();
    let err = error(admin.set_setting("no.such", "1"));
    assert_eq!(err.code(), Code::SettingInvalid);
    assert!(err.message().contains("没有这个设置项"), "{}", err.message());
    drop(admin);
    // The threshold is mirrored into the keyring, so it applies before login.
    for _ in 0..2 {
        assert_eq!(code(Session::login(&tv.paths, "secadmin", "Wrong#Pass1")), Code::WrongPassword);
    }
    assert_eq!(code(Session::login(&tv.paths, "secadmin", "Wrong#Pass1")), Code::AccountLockedOut);
}

#[test]
fn vault_from_older_build_is_migrated() {
    let tv = TestVault::new();
    drop(tv.activate("secadmin"));
    // Turn the vault back into what the first schema version made, by dropping every object
    // that the later migrations created.
    let first = rusqlite::Connection::open_in_memory().unwrap();
    first.execute_batch(include_str!("../src/schema/001_core.sql")).unwrap();
    let names = |conn: &rusqlite::Connection| -> Vec<(String, String, String)> {
        let mut stmt = conn
            .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY rowid DESC")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    };
    let keep: Vec<String> = names(&first).into_iter().map(|(_, name, _)| name).collect();
    let conn = common::raw_connection(&tv.paths, "secadmin", STRONG);
    // Triggers and full-text indexes first (an index takes its shadow tables with it), then
    // the plain tables that remain.
    for (kind, name, sql) in names(&conn) {
        if keep.contains(&name) {
            continue;
        }
        if kind == "trigger" {
            conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
        } else if sql.contains("VIRTUAL TABLE") {
            conn.execute_batch(&format!("DROP TABLE {name}")).unwrap();
        }
    }
    for (kind, name, _) in names(&conn) {
        if kind == "table" && !keep.contains(&name) {
            conn.execute_batch(&format!("DROP TABLE {name}")).unwrap();
        }
    }
    conn.execute_batch("PRAGMA user_version = 1;").unwrap();
    drop(conn);

    let mut session = tv.login("secadmin");
    let page = session.query_records("assets", &Default::default()).unwrap();
    assert_eq!(page.total, 0);
    let version: u32 = session.vault().conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, secledger::vault::SCHEMA_VERSION);
}

#[cfg(unix)]
#[test]
fn vault_keyring_and_backup_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    let backup = tv.dir.path().join("office.slbk");
    admin.backup(&backup).unwrap();
    drop(admin);
    for path in [&tv.paths.vault, &tv.paths.keyring, &backup] {
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{} has mode {mode:o}", path.display());
    }
}

#[test]
fn rejected_password_change_is_audited_without_password() {
    let tv = TestVault::new();
    let mut session = tv.activate("secadmin");
    let err = error(session.change_password("weakpass", "weakpass"));
    assert_eq!(err.code(), Code::PasswordNoDigit);
    drop(session);
    let mut auditor = tv.activate("auditor");
    let rejected = auditor
        .list_audit(&secledger::audit::Filter { action: Some("account.passwd_rejected".into()), ..Default::default() })
        .unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].target, "secadmin");
    assert_ne!(rejected[0].digest, secledger::crypto::sha256(b"weakpass").to_vec());
}
