//! Backups: a consistent snapshot restores to an identical vault, and damaged, edited,
//! truncated or foreign backups are refused with their messages.

mod common;

use common::{digest, TestVault, STRONG};
use secledger::auth::Session;
use secledger::backup::BackupFile;
use secledger::registers::FormInput;
use secledger::vault::VaultPaths;
use secledger::{Code, Error};

fn error(result: Result<impl Sized, Error>) -> Error {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(err) => err,
    }
}

fn add_asset(session: &mut Session, name: &str) -> String {
    let asset_number = format!("ZC-{name}");
    let input = FormInput::from_pairs(&[("name", name), ("asset_number", &asset_number), ("department", "办公室"), ("keeper", "张喆"), ("registered_on", "2026-03-01")]);
    match session.add_record("assets", &input) {
        Ok(record) => record.number,
        Err(err) => panic!("{}", err.message()),
    }
}

/// A vault with a few records and a backup of it.
fn backed_up() -> (TestVault, std::path::PathBuf) {
    let tv = TestVault::new();
    let mut secadmin = tv.activate("secadmin");
    add_asset(&mut secadmin, "涉密打印机");
    add_asset(&mut secadmin, "碎纸机");
    drop(secadmin);
    drop(tv.activate("auditor"));
    let mut admin = tv.activate("sysadmin");
    let out = tv.dir.path().join("office.slbk");
    admin.backup(&out).unwrap();
    (tv, out)
}

#[test]
fn backup_verifies_and_restores_identically() {
    let (tv, out) = backed_up();
    let backup = BackupFile::read(&out).unwrap();
    let verified = backup.verify("sysadmin", STRONG).unwrap();
    assert!(verified.entries > 5);

    let target = VaultPaths::beside(tv.dir.path().join("restored/office.vault"));
    std::fs::create_dir_all(tv.dir.path().join("restored")).unwrap();
    backup.restore("sysadmin", STRONG, &target).unwrap();

    let mut original = tv.login("secadmin");
    let mut restored = Session::login(&target, "secadmin", STRONG).unwrap();
    let a = original.query_records("assets", &Default::default()).unwrap();
    let b = restored.query_records("assets", &Default::default()).unwrap();
    let numbers = |page: &secledger::records::Page| page.records.iter().map(|r| (r.number.clone(), r.data.clone())).collect::<Vec<_>>();
    assert_eq!(numbers(&a), numbers(&b));
    drop(restored);
    let mut auditor = Session::login(&target, "auditor", STRONG).unwrap();
    let entries = auditor.list_audit(&Default::default()).unwrap();
    assert!(entries.iter().any(|e| e.action == "backup.restore" && e.account == "sysadmin"));
    auditor.verify_audit().unwrap();
}

#[test]
fn restore_refuses_existing_target() {
    let (tv, out) = backed_up();
    let backup = BackupFile::read(&out).unwrap();
    let before = digest(&tv.paths.vault);
    let err = error(backup.restore("sysadmin", STRONG, &tv.paths));
    assert_eq!(err.code(), Code::VaultExists);
    assert!(err.message().contains("已存在"), "{}", err.message());
    assert_eq!(digest(&tv.paths.vault), before);
}

#[test]
fn truncated_or_edited_backup_is_refused() {
    let (tv, out) = backed_up();
    let bytes = std::fs::read(&out).unwrap();

    let truncated = tv.dir.path().join("truncated.slbk");
    std::fs::write(&truncated, &bytes[..bytes.len() - 100]).unwrap();
    let err = error(BackupFile::read(&truncated));
    assert_eq!(err.code(), Code::BackupCorrupt);
    assert!(err.message().contains("可能被截断"), "{}", err.message());

    let edited = tv.dir.path().join("edited.slbk");
    let mut changed = bytes.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x40;
    std::fs::write(&edited, &changed).unwrap();
    let err = error(BackupFile::read(&edited));
    assert_eq!(err.code(), Code::BackupCorrupt);
    assert!(err.message().contains("校验和不符"), "{}", err.message());

    let not_backup = tv.dir.path().join("notes.slbk");
    std::fs::write(&not_backup, "台账备份？").unwrap();
    let err = error(BackupFile::read(&not_backup));
    assert!(err.message().contains("不是 SecLedger 备份文件"), "{}", err.message());

    let missing = tv.dir.path().join("missing.slbk");
    assert_eq!(error(BackupFile::read(&missing)).code(), Code::BackupNotFound);
}

#[test]
fn forged_backup_fails_its_mac() {
    let (tv, out) = backed_up();
    let mut bytes = std::fs::read(&out).unwrap();
    // Flip a byte of the trailing MAC: the checksum still matches, the HMAC does not.
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    let forged = tv.dir.path().join("forged.slbk");
    std::fs::write(&forged, &bytes).unwrap();
    let backup = BackupFile::read(&forged).unwrap();
    let err = error(backup.verify("sysadmin", STRONG));
    assert_eq!(err.code(), Code::BackupCorrupt);
    assert!(err.message().contains("消息认证码不符"), "{}", err.message());
}

#[test]
fn wrong_password_and_foreign_vault_are_refused() {
    let (tv, out) = backed_up();
    let backup = BackupFile::read(&out).unwrap();
    let err = error(backup.verify("sysadmin", "Wrong#Pass1"));
    assert_eq!(err.code(), Code::BackupWrongPassword);
    assert_eq!(err.message(), "备份中账户“sysadmin”的密码不正确。请输入做备份时该账户的密码。");

    let other = TestVault::new();
    let mut admin = other.activate("sysadmin");
    let err = error(admin.compare_backup(&backup));
    assert_eq!(err.code(), Code::BackupWrongVault);
    drop(tv);
}

#[test]
fn comparison_counts_entries_a_restore_would_lose() {
    let (tv, out) = backed_up();
    let mut secadmin = tv.login("secadmin");
    add_asset(&mut secadmin, "保密柜");
    drop(secadmin);
    let backup = BackupFile::read(&out).unwrap();
    let mut admin = tv.login("sysadmin");
    let comparison = admin.compare_backup(&backup).unwrap();
    assert!(comparison.same_history);
    // Lost: sysadmin's earlier login is inside the backup; after it came secadmin's login,
    // the new record, and this login.
    assert_eq!(comparison.missing, comparison.other_seq - comparison.backup_seq);
    assert!(comparison.missing >= 3, "{comparison:?}");
    assert_eq!(admin.days_since_backup().unwrap(), Some(0));
}

#[test]
fn restored_vault_keeps_history_audit_and_settings() {
    let tv = TestVault::new();
    let mut secadmin = tv.activate("secadmin");
    let number = add_asset(&mut secadmin, "涉密打印机");
    let changes = FormInput::from_pairs(&[("keeper", "李堃")]);
    secadmin.edit_record(&number, &changes, "保管人调整").unwrap();
    let history = secadmin.record_history(&number).unwrap();
    drop(secadmin);
    drop(tv.activate("auditor"));
    let mut admin = tv.activate("sysadmin");
    admin.set_setting("backup.reminder_days", "14").unwrap();
    let out = tv.dir.path().join("office.slbk");
    admin.backup(&out).unwrap();
    drop(admin);

    let mut auditor = tv.login("auditor");
    let original_entries = auditor.list_audit(&Default::default()).unwrap();
    drop(auditor);

    let backup = BackupFile::read(&out).unwrap();
    let target = VaultPaths::beside(tv.dir.path().join("restored/office.vault"));
    std::fs::create_dir_all(tv.dir.path().join("restored")).unwrap();
    backup.restore("sysadmin", STRONG, &target).unwrap();

    let mut restored = Session::login(&target, "secadmin", STRONG).unwrap();
    assert_eq!(restored.record_history(&number).unwrap(), history);
    drop(restored);
    let restored = Session::login(&target, "sysadmin", STRONG).unwrap();
    assert_eq!(restored.settings().unwrap().backup_reminder_days, 14);
    drop(restored);
    let mut auditor = Session::login(&target, "auditor", STRONG).unwrap();
    let restored_entries = auditor.list_audit(&Default::default()).unwrap();
    let snapshot_entries: Vec<_> = original_entries.iter().filter(|e| e.seq <= backup.header.head.seq).collect();
    assert!(snapshot_entries.len() > 10, "{} entries in the snapshot", snapshot_entries.len());
    for entry in snapshot_entries {
        let twin = restored_entries.iter().find(|e| e.seq == entry.seq);
        assert_eq!(twin, Some(entry), "audit entry {} differs after restore", entry.seq);
    }
}

// The backup reminder on the today list.

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[test]
fn reminder_when_never_backed_up() {
    let tv = TestVault::new();
    let admin = tv.activate("sysadmin");
    let reminder = admin.backup_reminder(today()).unwrap().expect("a reminder");
    assert_eq!(reminder.days_since, None);
    assert_eq!(reminder.limit_days, 7);
    assert_eq!(
        reminder.message(),
        "本保险库从未备份。请用“备份”功能（secledger backup --out 文件）备份保险库和密钥环。"
    );
}

#[test]
fn no_reminder_after_fresh_backup() {
    let (tv, _) = backed_up();
    let admin = tv.login("sysadmin");
    assert_eq!(admin.backup_reminder(today()).unwrap(), None);
    let week_later = today() + chrono::Duration::days(7);
    assert_eq!(admin.backup_reminder(week_later).unwrap(), None, "7 days is not older than 7");

    let reminder = admin.backup_reminder(today() + chrono::Duration::days(8)).unwrap().expect("a reminder");
    assert_eq!(reminder.days_since, Some(8));
    assert_eq!(reminder.last_backup_on, Some(today()));
    assert_eq!(reminder.message(), "距上次备份已 8 天（提醒周期 7 天）。请及时备份保险库和密钥环。");
}

#[test]
fn reminder_threshold_follows_setting() {
    let (tv, _) = backed_up();
    let mut admin = tv.login("sysadmin");
    let in_4_days = today() + chrono::Duration::days(4);
    assert_eq!(admin.backup_reminder(in_4_days).unwrap(), None);

    admin.set_setting("backup.reminder_days", "3").unwrap();
    let reminder = admin.backup_reminder(in_4_days).unwrap().expect("a reminder");
    assert_eq!((reminder.days_since, reminder.limit_days), (Some(4), 3));
    assert_eq!(admin.backup_reminder(today() + chrono::Duration::days(3)).unwrap(), None);

    admin.set_setting("backup.reminder_days", "30").unwrap();
    assert_eq!(admin.backup_reminder(today() + chrono::Duration::days(29)).unwrap(), None);
}

#[test]
fn reminder_setting_rejects_out_of_range() {
    let (tv, _) = backed_up();
    let mut admin = tv.login("sysadmin");
    for bad in ["0", "366", "七天"] {
        let err = error(admin.set_setting("backup.reminder_days", bad));
        assert_eq!(err.code(), Code::SettingInvalid);
        assert_eq!(
            err.message(),
            format!("设置项“backup.reminder_days”的值“{bad}”无效：须为 1 到 365 之间的整数。")
        );
    }
    assert_eq!(admin.settings().unwrap().backup_reminder_days, 7, "setting unchanged");
}

#[test]
fn reminder_only_for_backup_permission() {
    let tv = TestVault::new();
    let secadmin = tv.activate("secadmin");
    assert_eq!(secadmin.backup_reminder(today()).unwrap(), None);
    drop(secadmin);
    let auditor = tv.activate("auditor");
    assert_eq!(auditor.backup_reminder(today()).unwrap(), None);
}
