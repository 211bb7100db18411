//! Helpers shared by the integration tests: real vault files in temporary folders.
#![allow(dead_code)]

use std::path::Path;

use secledger::auth::{self, InitOptions, InitReport, Session};
use secledger::crypto::KdfParams;
use secledger::vault::VaultPaths;

/// A password that passes the default policy.
pub const STRONG: &str = "Strong#Pass2026";

pub struct TestVault {
    pub dir: tempfile::TempDir,
    pub paths: VaultPaths,
    pub report: InitReport,
}

impl TestVault {
    /// Creates a vault with the Argon2id floor parameters, so tests do not wait on the KDF.
    pub fn new() -> TestVault {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::beside(dir.path().join("office.vault"));
        let options = InitOptions {
            kdf: Some(KdfParams::FLOOR),
            ..InitOptions::default()
        };
        let report = auth::init(&paths, &options).unwrap();
        TestVault { dir, paths, report }
    }

    pub fn first_password(&self, account: &str) -> String {
        self.report
            .accounts
            .iter()
            .find(|(name, _, _)| name == account)
            .unwrap()
            .2
            .clone()
    }

    /// Logs in with the first password and changes it to [`STRONG`].
    pub fn activate(&self, account: &str) -> Session {
        let mut session =
            Session::login(&self.paths, account, &self.first_password(account)).unwrap();
        session.change_password(STRONG, STRONG).unwrap();
        session
    }

    /// Logs in with [`STRONG`] (after [`TestVault::activate`]).
    pub fn login(&self, account: &str) -> Session {
        Session::login(&self.paths, account, STRONG).unwrap()
    }
}

pub fn digest(path: &Path) -> Vec<u8> {
    secledger::crypto::sha256(&std::fs::read(path).unwrap()).to_vec()
}

/// Opens the vault's database with the data key, as an attacker holding the key (or a test
/// that tampers with rows) would, bypassing the session.
pub fn raw_connection(paths: &VaultPaths, account: &str, password: &str) -> rusqlite::Connection {
    let keyring = secledger::keyring::Keyring::load(&paths.keyring).unwrap();
    let key = keyring.unlock(account, password).unwrap().unwrap();
    let page_key = key.derive("sqlcipher page key");
    let conn = rusqlite::Connection::open(&paths.vault).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\";",
        secledger::crypto::to_hex(&page_key[..])
    ))
    .unwrap();
    conn
}

/// Returns a valid resident ID number (GB 11643 checksum) that no earlier call in this test
/// process returned, so each person registered in a test is distinct.
pub fn id_number() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    id_number_for(n)
}

/// The valid ID number with sequence `n` (born in 1980 in region 110105).
pub fn id_number_for(n: u32) -> String {
    // Days 01 to 28 of January to December 1980 give 336 birth dates, 1000 sequences each.
    let day = n / 1000;
    let first_17 = format!("1101051980{:02}{:02}{:03}", 1 + (day / 28) % 12, 1 + day % 28, n % 1000);
    secledger::registers::values::ResidentId::complete(&first_17).unwrap()
}
