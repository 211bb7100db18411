//! The vault: one SQLCipher database file per office.
//!
//! Every page, the schema, the indexes and the WAL are encrypted with a raw 256-bit key derived
//! from the data key, so the file alone reveals only its size. `cipher_memory_security` wipes
//! freed memory and `secure_delete` overwrites deleted content. WAL with `synchronous = FULL`
//! makes every committed transaction survive a crash. A lock file beside the vault keeps a
//! second process out while one has it open; SQLite's exclusive locking mode is a second guard.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::crypto::{self, DataKey};
use crate::error::{Code, Error, Result};

/// The schema migrations, in order. Migration `i` moves the vault from schema version `i` to
/// `i + 1`; the version is kept in `PRAGMA user_version`. Never edit a released migration:
/// add a new one.
const MIGRATIONS: &[&str] = &[
    include_str!("schema/001_core.sql"),
    include_str!("schema/002_records.sql"),
    include_str!("schema/003_inventory.sql"),
    include_str!("schema/004_prints.sql"),
    include_str!("schema/005_imports.sql"),
    include_str!("schema/006_search_bigrams.sql"),
    include_str!("schema/007_import_sources.sql"),
];

/// Runs what the migration to schema `version` needs beyond its SQL, in its transaction.
fn after_migration(conn: &Connection, version: u32) -> Result<()> {
    match version {
        6 => crate::records::search::fill_bigrams(conn),
        _ => Ok(()),
    }
}

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The files that make up one vault.
#[derive(Debug, Clone)]
pub struct VaultPaths {
    pub vault: PathBuf,
    pub keyring: PathBuf,
    pub lock: PathBuf,
}

impl VaultPaths {
    /// The keyring and lock file sit beside the vault: `office.vault.keyring`, `office.vault.lock`.
    pub fn beside(vault: impl Into<PathBuf>) -> VaultPaths {
        let vault = vault.into();
        let keyring = with_suffix(&vault, ".keyring");
        VaultPaths::new(vault, keyring)
    }

    pub fn new(vault: impl Into<PathBuf>, keyring: impl Into<PathBuf>) -> VaultPaths {
        let vault = vault.into();
        let lock = with_suffix(&vault, ".lock");
        VaultPaths { vault, keyring: keyring.into(), lock }
    }

    /// Maps a corruption error, which SQLite reports without a file name, to a message that
    /// names this vault.
    pub fn name_corruption(&self, err: Error) -> Error {
        if err.code() == Code::VaultCorrupt && err.arg_value("path").is_none() {
            let reason = err.arg_value("reason").unwrap_or_default().to_string();
            let detail = err.detail_text().unwrap_or_default().to_string();
            Error::new(Code::VaultCorrupt).arg("path", self.vault.display()).arg("reason", reason).detail(detail)
        } else {
            err
        }
    }

    /// Checks that the vault file exists and is a file.
    pub fn check_vault_file(&self) -> Result<()> {
        let shown = self.vault.display().to_string();
        match fs::metadata(&self.vault) {
            Ok(meta) if meta.is_dir() => Err(Error::new(Code::VaultIsDirectory).arg("path", shown)),
            Ok(_) => Ok(()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                Err(Error::new(Code::VaultNotFound).arg("path", shown))
            }
            Err(err) => Err(err.into()),
        }
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// The exclusive lock on a vault, held from before login until the vault closes, so that a
/// second process can neither open the vault nor rewrite the keyring meanwhile.
pub struct VaultLock {
    // The OS releases the lock when the file closes.
    _file: File,
}

impl VaultLock {
    /// Takes the lock, or fails with "vault busy" if another process holds it.
    pub fn acquire(paths: &VaultPaths) -> Result<VaultLock> {
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&paths.lock)?;
        match file.try_lock() {
            Ok(()) => Ok(VaultLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => {
                Err(Error::new(Code::VaultBusy).arg("path", paths.vault.display()))
            }
            Err(fs::TryLockError::Error(err)) => Err(err.into()),
        }
    }
}

/// An open vault. Dropping it closes the database and releases the lock.
pub struct Vault {
    conn: Connection,
    paths: VaultPaths,
    _lock: VaultLock,
}

impl Vault {
    /// Creates a new vault file and applies every migration. Fails if the path exists.
    pub fn create(paths: &VaultPaths, key: &DataKey, vault_id: &[u8], lock: VaultLock) -> Result<Vault> {
        if paths.vault.exists() {
            return Err(Error::new(Code::VaultExists).arg("path", paths.vault.display()));
        }
        // SQLite creates the file with the process umask; make it owner-only first. Its WAL
        // file takes the same mode from it.
        crate::keyring::create_private(&paths.vault)?;
        let conn = Connection::open_with_flags(
            &paths.vault,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let mut vault = Vault { conn, paths: paths.clone(), _lock: lock };
        vault.apply_key_and_pragmas(key)?;
        vault.migrate()?;
        vault.conn.execute(
            "INSERT INTO meta(key, value) VALUES ('vault_id', ?1), ('created_at', ?2)",
            (crypto::to_hex(vault_id), crate::clock::now_text()),
        )?;
        Ok(vault)
    }

    /// Opens an existing vault with the data key and brings its schema up to date.
    pub fn open(paths: &VaultPaths, key: &DataKey, expected_vault_id: &[u8], lock: VaultLock) -> Result<Vault> {
        paths.check_vault_file()?;
        let conn = Connection::open_with_flags(
            &paths.vault,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let mut vault = Vault { conn, paths: paths.clone(), _lock: lock };
        vault.apply_key_and_pragmas(key).map_err(|err| vault.explain_open_error(err))?;

        let found = vault.user_version()?;
        if found > SCHEMA_VERSION {
            return Err(Error::new(Code::VaultTooNew)
                .arg("path", paths.vault.display())
                .arg("found", found)
                .arg("supported", SCHEMA_VERSION));
        }
        vault.migrate()?;

        let stored_id = vault.meta("vault_id")?.unwrap_or_default();
        if stored_id != crypto::to_hex(expected_vault_id) {
            return Err(Error::new(Code::VaultMismatch)
                .arg("path", paths.vault.display())
                .arg("keyring", paths.keyring.display()));
        }
        Ok(vault)
    }

    /// Reading the schema is the first access that decrypts a page, so a wrong key or a file
    /// that is not a vault shows up here as "not a database".
    fn explain_open_error(&self, err: Error) -> Error {
        match err.code() {
            Code::VaultCorrupt => Error::new(Code::VaultNotAVault)
                .arg("path", self.paths.vault.display())
                .arg("keyring", self.paths.keyring.display())
                .detail(err.detail_text().unwrap_or_default()),
            _ => err,
        }
    }

    fn apply_key_and_pragmas(&mut self, key: &DataKey) -> Result<()> {
        let page_key = key.derive("sqlcipher page key");
        // The raw-key form `x'…'` skips SQLCipher's own PBKDF2: the key is already random.
        let pragma = zeroize::Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", crypto::to_hex(&page_key[..])));
        self.conn.execute_batch(&pragma)?;
        // SQLCipher would print page HMAC failures to stderr; they reach the user as errors.
        // Set after the key: SQLCipher 4.6 resets its log settings when it initialises.
        self.conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        self.conn.execute_batch(
            "PRAGMA cipher_memory_security = ON;
             PRAGMA secure_delete = ON;
             PRAGMA foreign_keys = ON;",
        )?;
        // The first statement that reads a page: fails here when the key is wrong.
        let _: i64 = self.conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        // Every page read from disk is decrypted and its HMAC checked, so a larger page cache
        // (64 MiB; negative values are KiB) saves most of the cost of re-reading hot pages.
        self.conn.execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA cache_size = -65536;",
        )?;
        Ok(())
    }

    fn user_version(&self) -> Result<u32> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<()> {
        let current = self.user_version()?;
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            after_migration(&tx, index as u32 + 1)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", index + 1))?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    /// Reads a value from the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Checks every page's HMAC and the database structure. Returns the problems found; an empty
    /// list means the file is intact.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            problems.push(row?);
        }
        let quick: String = self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if quick != "ok" {
            problems.push(quick);
        }
        Ok(problems)
    }

    /// Maps a corruption error to a message that names this vault.
    pub fn name_corruption(&self, err: Error) -> Error {
        self.paths.name_corruption(err)
    }
}
