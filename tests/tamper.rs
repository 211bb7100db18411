//! Tamper probes, in the manner of transparency logs' corrupt tests: flip bytes, truncate,
//! reorder, swap and roll back; every probe must be caught with its own message, and the vault
//! must stay as it was.

mod common;

use common::{digest, raw_connection, TestVault, STRONG};
use secledger::auth::{NewAccount, Role, Session};
use secledger::vault::VaultPaths;
use secledger::{Code, Error};

fn error(result: Result<impl Sized, Error>) -> Error {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(err) => err,
    }
}

/// A vault with an active auditor and a dozen audit entries.
fn busy_vault() -> TestVault {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    for i in 0..3 {
        admin
            .add_account(&NewAccount { name: format!("user{i}"), display_name: format!("用户{i}"), role: Role::Clerk, department: String::new() })
            .unwrap();
    }
    drop(admin);
    drop(tv.activate("auditor"));
    tv
}

/// Runs SQL on the raw database with the append-only triggers dropped, as someone holding the
/// data key but not going through the session would.
fn tamper_sql(tv: &TestVault, sql: &str) {
    let conn = raw_connection(&tv.paths, "auditor", STRONG);
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").unwrap();
    conn.execute_batch(sql).unwrap();
}

fn verify(tv: &TestVault) -> Result<secledger::audit::Verified, Error> {
    let mut session = tv.login("auditor");
    session.verify_audit()
}

#[test]
fn intact_chain_verifies() {
    let tv = busy_vault();
    let verified = verify(&tv).unwrap();
    assert!(verified.entries >= 10, "{}", verified.entries);
}

#[test]
fn audit_rows_cannot_be_changed_through_sql() {
    let tv = busy_vault();
    let conn = raw_connection(&tv.paths, "auditor", STRONG);
    let err = conn.execute("UPDATE audit_log SET account = 'x' WHERE seq = 3", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn.execute("DELETE FROM audit_log WHERE seq = 3", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

#[test]
fn edited_entry_is_found() {
    let tv = busy_vault();
    tamper_sql(&tv, "UPDATE audit_log SET target = 'user9' WHERE seq = 5");
    let err = error(verify(&tv));
    assert_eq!(err.code(), Code::AuditBroken);
    assert_eq!(err.arg_value("seq"), Some("5"));
    assert!(err.message().starts_with("审计链在第 5 条处断裂（消息认证码不符）"), "{}", err.message());
}

#[test]
fn reordered_entries_are_found() {
    let tv = busy_vault();
    // Swap the contents of entries 4 and 5 while keeping their sequence numbers.
    tamper_sql(
        &tv,
        "CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE seq IN (4, 5);
         UPDATE audit_log SET at = (SELECT at FROM saved WHERE seq = 5), account = (SELECT account FROM saved WHERE seq = 5),
             action = (SELECT action FROM saved WHERE seq = 5), target = (SELECT target FROM saved WHERE seq = 5),
             digest = (SELECT digest FROM saved WHERE seq = 5), prev_mac = (SELECT prev_mac FROM saved WHERE seq = 5),
             mac = (SELECT mac FROM saved WHERE seq = 5) WHERE seq = 4;
         UPDATE audit_log SET at = (SELECT at FROM saved WHERE seq = 4), account = (SELECT account FROM saved WHERE seq = 4),
             action = (SELECT action FROM saved WHERE seq = 4), target = (SELECT target FROM saved WHERE seq = 4),
             digest = (SELECT digest FROM saved WHERE seq = 4), prev_mac = (SELECT prev_mac FROM saved WHERE seq = 4),
             mac = (SELECT mac FROM saved WHERE seq = 4) WHERE seq = 5;",
    );
    let err = error(verify(&tv));
    assert_eq!(err.code(), Code::AuditBroken);
    assert_eq!(err.arg_value("seq"), Some("4"));
}

#[test]
fn renumbered_entry_is_found() {
    let tv = busy_vault();
    // Move entry 6 to the end under a new number: a gap at 6 and a forged tail.
    tamper_sql(&tv, "UPDATE audit_log SET seq = 1000 WHERE seq = 6");
    let err = error(verify(&tv));
    assert_eq!(err.code(), Code::AuditBroken);
    assert_eq!(err.arg_value("seq"), Some("6"));
}

#[test]
fn deleted_entry_is_found() {
    let tv = busy_vault();
    tamper_sql(&tv, "DELETE FROM audit_log WHERE seq = 7");
    let err = error(verify(&tv));
    assert_eq!(err.code(), Code::AuditBroken);
    assert!(err.message().contains("缺少第 7 条，下一条是第 8 条"), "{}", err.message());
}

#[test]
fn truncated_tail_is_found_at_login() {
    let tv = busy_vault();
    let head = secledger::keyring::Keyring::load(&tv.paths.keyring).unwrap().protected.head.seq;
    tamper_sql(&tv, &format!("DELETE FROM audit_log WHERE seq > {}", head - 3));
    let err = error(Session::login(&tv.paths, "auditor", STRONG));
    assert_eq!(err.code(), Code::AuditRolledBack);
    let message = err.message();
    assert!(message.starts_with(&format!("保险库被回退：审计链只到第 {} 条，而密钥环记录的链头是第 {head} 条", head - 3)), "{message}");
}

#[test]
fn replaced_head_entry_is_found_at_login() {
    let tv = busy_vault();
    let head = secledger::keyring::Keyring::load(&tv.paths.keyring).unwrap().protected.head.seq;
    tamper_sql(&tv, &format!("UPDATE audit_log SET mac = zeroblob(32) WHERE seq = {head}"));
    let err = error(Session::login(&tv.paths, "auditor", STRONG));
    assert_eq!(err.code(), Code::AuditRolledBack);
}

#[test]
fn rolled_back_vault_is_reported() {
    let tv = busy_vault();
    let old_copy = tv.dir.path().join("old.vault");
    std::fs::copy(&tv.paths.vault, &old_copy).unwrap();
    let mut admin = tv.login("sysadmin");
    admin.lock_account("user1", "调离").unwrap();
    drop(admin);
    std::fs::copy(&old_copy, &tv.paths.vault).unwrap();
    let before = digest(&tv.paths.vault);
    let err = error(Session::login(&tv.paths, "sysadmin", STRONG));
    assert_eq!(err.code(), Code::AuditRolledBack);
    assert!(err.message().contains("有记录丢失"), "{}", err.message());
    assert_eq!(digest(&tv.paths.vault), before);
}

#[test]
fn flipped_vault_bytes_are_caught() {
    let tv = busy_vault();
    let len = std::fs::metadata(&tv.paths.vault).unwrap().len() as usize;
    // One probe per page, at a spot inside the encrypted content.
    let page = 4096;
    for offset in (0..len).step_by(page).map(|p| p + 100) {
        let copy = tv.dir.path().join(format!("probe-{offset}"));
        let paths = VaultPaths::new(copy.with_extension("vault"), copy.with_extension("keyring"));
        let mut bytes = std::fs::read(&tv.paths.vault).unwrap();
        bytes[offset] ^= 0x01;
        std::fs::write(&paths.vault, &bytes).unwrap();
        std::fs::copy(&tv.paths.keyring, &paths.keyring).unwrap();

        let outcome = Session::login(&paths, "auditor", STRONG).and_then(|mut s| s.check_vault());
        match outcome {
            Ok(()) => panic!("flip at {offset} not caught"),
            Err(err) => {
                assert!(
                    matches!(err.code(), Code::VaultCorrupt | Code::VaultNotAVault),
                    "flip at {offset}: {:?} {}",
                    err.code(),
                    err.message()
                );
                assert!(err.message().contains(&paths.vault.display().to_string()), "{}", err.message());
            }
        }
    }
}

#[test]
fn missing_vault_directory_and_non_vault_are_reported() {
    let tv = busy_vault();
    let dir = tv.dir.path();

    let missing = VaultPaths::new(dir.join("nope.vault"), tv.paths.keyring.clone());
    let err = error(Session::login(&missing, "auditor", STRONG));
    assert_eq!(err.code(), Code::VaultNotFound);
    assert!(err.message().starts_with(&format!("保险库文件“{}”不存在", missing.vault.display())), "{}", err.message());

    let directory = VaultPaths::new(dir.to_path_buf(), tv.paths.keyring.clone());
    let err = error(Session::login(&directory, "auditor", STRONG));
    assert_eq!(err.code(), Code::VaultIsDirectory);
    assert!(err.message().contains("是一个目录"), "{}", err.message());

    let text_file = dir.join("notes.txt");
    std::fs::write(&text_file, "这不是保险库".repeat(1000)).unwrap();
    let not_vault = VaultPaths::new(text_file.clone(), tv.paths.keyring.clone());
    let err = error(Session::login(&not_vault, "auditor", STRONG));
    assert_eq!(err.code(), Code::VaultNotAVault);
    assert!(err.message().contains("不是 SecLedger 保险库"), "{}", err.message());
    assert_eq!(std::fs::read_to_string(&text_file).unwrap(), "这不是保险库".repeat(1000));

    let plain_sqlite = dir.join("plain.db");
    rusqlite::Connection::open(&plain_sqlite).unwrap().execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    let plain = VaultPaths::new(plain_sqlite, tv.paths.keyring.clone());
    assert_eq!(error(Session::login(&plain, "auditor", STRONG)).code(), Code::VaultNotAVault);
}

#[test]
fn another_vaults_keyring_is_rejected() {
    let ours = busy_vault();
    let theirs = TestVault::new();
    drop(theirs.activate("auditor"));
    let mixed = VaultPaths::new(ours.paths.vault.clone(), theirs.paths.keyring.clone());
    let before = digest(&ours.paths.vault);
    let err = error(Session::login(&mixed, "auditor", STRONG));
    assert_eq!(err.code(), Code::VaultMismatch);
    assert!(err.message().contains("不属于保险库"), "{}", err.message());
    // Found before any password is tried, so a wrong password is not counted against anyone.
    let err = error(Session::login(&mixed, "auditor", "Another#Pass1"));
    assert_eq!(err.code(), Code::VaultMismatch);
    let keyring = secledger::keyring::Keyring::load(&theirs.paths.keyring).unwrap();
    assert!(keyring.attempts.is_empty(), "{:?}", keyring.attempts);
    assert_eq!(digest(&ours.paths.vault), before);
}

#[test]
fn keyring_missing_truncated_or_edited_is_reported() {
    let tv = busy_vault();
    let keyring_bytes = std::fs::read(&tv.paths.keyring).unwrap();
    let before = digest(&tv.paths.vault);

    std::fs::remove_file(&tv.paths.keyring).unwrap();
    let err = error(Session::login(&tv.paths, "auditor", STRONG));
    assert_eq!(err.code(), Code::KeyringMissing);
    assert!(err.message().starts_with("找不到密钥环文件"), "{}", err.message());

    std::fs::write(&tv.paths.keyring, &keyring_bytes[..keyring_bytes.len() / 2]).unwrap();
    let err = error(Session::login(&tv.paths, "auditor", STRONG));
    assert_eq!(err.code(), Code::KeyringCorrupt);
    assert!(err.message().contains("不完整或格式错误"), "{}", err.message());

    // Edit one hex digit of the auditor's wrapped key.
    let text = String::from_utf8(keyring_bytes.clone()).unwrap();
    let marker = "\"ciphertext\": \"";
    let at = text.rfind(marker).unwrap() + marker.len();
    let mut edited = text.clone().into_bytes();
    edited[at] = if edited[at] == b'a' { b'b' } else { b'a' };
    std::fs::write(&tv.paths.keyring, &edited).unwrap();
    let err = error(Session::login(&tv.paths, "auditor", STRONG));
    assert_eq!(err.code(), Code::KeyringTampered);
    assert!(err.message().contains("内容摘要不符"), "{}", err.message());

    std::fs::write(&tv.paths.keyring, &keyring_bytes).unwrap();
    assert_eq!(digest(&tv.paths.vault), before);
    tv.login("auditor");
}

#[test]
fn forged_keyring_with_recomputed_digest_fails_its_mac() {
    let tv = busy_vault();
    let text = std::fs::read_to_string(&tv.paths.keyring).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Raise the lockout threshold and recompute the plain digest, as a forger could.
    json["protected"]["lockout"]["threshold"] = serde_json::json!(1000);
    let protected: secledger::keyring::Protected = serde_json::from_value(json["protected"].clone()).unwrap();
    let protected = serde_json::to_vec(&protected).unwrap();
    json["digest"] = serde_json::json!(secledger::crypto::to_hex(&secledger::crypto::sha256(&protected)));
    std::fs::write(&tv.paths.keyring, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
    let err = error(Session::login(&tv.paths, "auditor", STRONG));
    assert_eq!(err.code(), Code::KeyringTampered);
    assert!(err.message().contains("消息认证码不符"), "{}", err.message());
}

#[test]
fn vault_from_newer_build_is_refused() {
    let tv = busy_vault();
    raw_connection(&tv.paths, "auditor", STRONG).execute_batch("PRAGMA user_version = 99;").unwrap();
    let err = error(Session::login(&tv.paths, "auditor", STRONG));
    assert_eq!(err.code(), Code::VaultTooNew);
    assert!(err.message().contains("结构版本 99"), "{}", err.message());
}
