//! Backups: one file with a consistent snapshot of the vault, its keyring and its chain head.
//!
//! Layout: the magic `SECLEDGER-BACKUP`, a 4-byte big-endian header length, the header as JSON,
//! the keyring file, the database snapshot, and an HMAC-SHA256 over everything before it under
//! a key derived from the data key. The snapshot is a SQLCipher database under the vault's own
//! page key, so register content stays encrypted; the keyring's slots are wrapped as on disk.
//! The header's SHA-256 checksum finds a truncated or damaged file without any password; the
//! HMAC, checked after unlocking the embedded keyring, finds a deliberate edit.

pub mod reminder;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::audit::{self, AuditKey};
use crate::auth::{Permission, Session};
use crate::clock;
use crate::crypto::{self, hex_bytes, DataKey};
use crate::error::{Code, Error, Result};
use crate::keyring::{write_atomically, ChainHead, Keyring};
use crate::vault::{Vault, VaultLock, VaultPaths, SCHEMA_VERSION};

const MAGIC: &[u8; 16] = b"SECLEDGER-BACKUP";
const FORMAT: u32 = 1;
const MAC_LEN: usize = 32;

/// The header of a backup, readable without a password.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Header {
    pub format: u32,
    #[serde(with = "hex_bytes")]
    pub vault_id: Vec<u8>,
    pub created_at: String,
    pub created_by: String,
    pub schema_version: u32,
    pub head: ChainHead,
    pub keyring_len: u64,
    pub database_len: u64,
    /// SHA-256 of the keyring and database bytes.
    #[serde(with = "hex_bytes")]
    pub checksum: Vec<u8>,
}

/// A backup file read from disk, checked for completeness but not yet authenticated.
pub struct BackupFile {
    pub path: PathBuf,
    pub header: Header,
    keyring: Vec<u8>,
    database: Vec<u8>,
    signed: Vec<u8>,
    mac: Vec<u8>,
}

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub header: Header,
    /// Audit entries in the snapshot, all verified.
    pub entries: u64,
}

/// A comparison of a backup with a newer chain head: the entries the backup lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub backup_seq: u64,
    pub other_seq: u64,
    /// Entries after the backup's head that a restore would lose.
    pub missing: u64,
    /// False when the other chain does not contain the backup's head: they diverged.
    pub same_history: bool,
}

impl Session {
    /// Writes a backup of the open vault to `out` (系统管理员 only). The backup itself is an
    /// audit entry, made before the snapshot so that the backup contains it.
    pub fn backup(&mut self, out: &Path) -> Result<Header> {
        self.require(Permission::ManageBackup)?;
        if out.exists() {
            return Err(Error::new(Code::BackupExists).arg("path", out.display()));
        }
        let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !folder.is_dir() {
            return Err(Error::new(Code::BackupFolderMissing).arg("path", out.display()).arg("folder", folder.display()));
        }
        let target = out.display().to_string();
        let now = clock::now_text();
        self.write(|w| {
            w.append("backup.create", &target, b"")?;
            w.execute(
                "INSERT INTO meta(key, value) VALUES ('last_backup_at', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [&now],
            )?;
            Ok(())
        })?;

        // NOTE: the snapshot and the encoded file are both held in memory, so a 1.2 GB vault
        // needs about 2.4 GB at the peak; writing the file in pieces would bound it.
        let database = self.snapshot(out)?;
        let keyring = self.keyring.to_bytes();
        let header = Header {
            format: FORMAT,
            vault_id: self.keyring.vault_id().to_vec(),
            created_at: now,
            created_by: self.account().name.clone(),
            schema_version: SCHEMA_VERSION,
            head: self.keyring.protected.head.clone(),
            keyring_len: keyring.len() as u64,
            database_len: database.len() as u64,
            checksum: checksum(&keyring, &database).to_vec(),
        };
        let mut bytes = encode(&header, &keyring, &database);
        let mac = crypto::mac(&self.key.derive("backup file mac"), &[&bytes]);
        bytes.extend_from_slice(&mac);
        write_atomically(out, &bytes)?;
        Ok(header)
    }

    /// Copies the database into a new SQLCipher file under the same page key and returns its
    /// bytes. The copy runs in one read transaction, so it is consistent.
    fn snapshot(&mut self, out: &Path) -> Result<Vec<u8>> {
        let temp = temp_beside(out, "snapshot");
        // The vault's connection may not create files, so ATTACH needs an existing (empty) one.
        crate::keyring::create_private(&temp)?;
        let page_key = self.key.derive("sqlcipher page key");
        let conn = self.vault.conn();
        let attach = zeroize::Zeroizing::new(format!(
            "ATTACH DATABASE '{}' AS snapshot KEY \"x'{}'\";",
            temp.display().to_string().replace('\'', "''"),
            crypto::to_hex(&page_key[..])
        ));
        conn.execute_batch(&attach)?;
        let exported = conn
            .query_row("SELECT sqlcipher_export('snapshot')", [], |_| Ok(()))
            .and_then(|_| conn.execute_batch(&format!("PRAGMA snapshot.user_version = {SCHEMA_VERSION};")));
        let detached = conn.execute_batch("DETACH DATABASE snapshot;");
        let result = exported.and(detached).map_err(Error::from).and_then(|_| Ok(fs::read(&temp)?));
        let _ = fs::remove_file(&temp);
        result
    }
}

fn temp_beside(path: &Path, what: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{what}.tmp"));
    path.with_file_name(name)
}

fn checksum(keyring: &[u8], database: &[u8]) -> [u8; 32] {
    let mut both = Vec::with_capacity(keyring.len() + database.len());
    both.extend_from_slice(keyring);
    both.extend_from_slice(database);
    crypto::sha256(&both)
}

fn encode(header: &Header, keyring: &[u8], database: &[u8]) -> Vec<u8> {
    let header_json = serde_json::to_vec(header).expect("backup header serialises");
    let mut bytes = Vec::with_capacity(MAGIC.len() + 4 + header_json.len() + keyring.len() + database.len() + MAC_LEN);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(header_json.len() as u32).to_be_bytes());
    bytes.extend_from_slice(&header_json);
    bytes.extend_from_slice(keyring);
    bytes.extend_from_slice(database);
    bytes
}

fn corrupt(path: &Path, reason: &str) -> Error {
    Error::new(Code::BackupCorrupt).arg("path", path.display()).arg("reason", reason.to_string())
}

impl BackupFile {
    /// Reads a backup and checks its structure and checksum; no password is needed.
    pub fn read(path: &Path) -> Result<BackupFile> {
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::new(Code::BackupNotFound).arg("path", path.display()));
            }
            Err(err) => return Err(err.into()),
        };
        if bytes.len() < MAGIC.len() + 4 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(corrupt(path, "不是 SecLedger 备份文件"));
        }
        let header_len = u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes")) as usize;
        let header_end = 20usize.checked_add(header_len).filter(|&end| end <= bytes.len()).ok_or_else(|| corrupt(path, "文件不完整"))?;
        let header: Header = serde_json::from_slice(&bytes[20..header_end]).map_err(|_| corrupt(path, "文件头无法解析"))?;
        if header.format != FORMAT {
            return Err(corrupt(path, &format!("未知格式版本 {}", header.format)));
        }
        let keyring_end = header_end as u64 + header.keyring_len;
        let database_end = keyring_end + header.database_len;
        if database_end + MAC_LEN as u64 != bytes.len() as u64 {
            return Err(corrupt(path, "文件长度与文件头不符，可能被截断"));
        }
        let (keyring_end, database_end) = (keyring_end as usize, database_end as usize);
        let keyring = bytes[header_end..keyring_end].to_vec();
        let database = bytes[keyring_end..database_end].to_vec();
        if !crypto::mac_eq(&checksum(&keyring, &database), &header.checksum) {
            return Err(corrupt(path, "校验和不符，内容被改动或损坏"));
        }
        Ok(BackupFile {
            path: path.to_path_buf(),
            header,
            keyring,
            database,
            mac: bytes[database_end..].to_vec(),
            signed: bytes[..database_end].to_vec(),
        })
    }

    /// Unlocks the embedded keyring with an account's password and checks the file's HMAC.
    fn unlock(&self, account: &str, password: &str) -> Result<(Keyring, DataKey)> {
        let keyring = Keyring::from_bytes(&self.path, &self.keyring)?;
        let key = keyring
            .unlock(account, password)?
            .ok_or_else(|| Error::new(Code::BackupWrongPassword).field("密码").arg("account", account))?;
        keyring.verify_mac(&key)?;
        let expected = crypto::mac(&key.derive("backup file mac"), &[&self.signed]);
        if !crypto::mac_eq(&expected, &self.mac) {
            return Err(corrupt(&self.path, "消息认证码不符，文件被改动"));
        }
        Ok((keyring, key))
    }

    /// Checks everything without restoring: the HMAC, every database page, the whole audit
    /// chain, and that the chain ends at the head the header names.
    pub fn verify(&self, account: &str, password: &str) -> Result<Verified> {
        let (keyring, key) = self.unlock(account, password)?;
        let dir = temp_dir()?;
        let paths = VaultPaths::new(dir.join("verify.vault"), dir.join("verify.vault.keyring"));
        let result = (|| {
            fs::write(&paths.vault, &self.database)?;
            let vault = Vault::open(&paths, &key, keyring.vault_id(), VaultLock::acquire(&paths)?)
                .map_err(|err| corrupt(&self.path, &err.message()))?;
            let problems = vault.integrity_check()?;
            if !problems.is_empty() {
                return Err(corrupt(&self.path, &problems.join("；")));
            }
            let verified = audit::verify(vault.conn(), &AuditKey::from_data_key(&key))?;
            if verified.head != self.header.head {
                return Err(corrupt(&self.path, "审计链头与文件头记录的不一致"));
            }
            Ok(Verified { header: self.header.clone(), entries: verified.entries })
        })();
        let _ = fs::remove_dir_all(&dir);
        result
    }

    /// Restores into new files at `target` after verifying; refuses to overwrite anything.
    /// The restore is appended to the restored vault's audit chain.
    pub fn restore(&self, account: &str, password: &str, target: &VaultPaths) -> Result<Verified> {
        for path in [&target.vault, &target.keyring] {
            if path.exists() {
                return Err(Error::new(Code::VaultExists).arg("path", path.display()));
            }
        }
        let verified = self.verify(account, password)?;
        let (mut keyring, key) = self.unlock(account, password)?;
        keyring.path = target.keyring.clone();
        write_atomically(&target.vault, &self.database)?;
        // The snapshot is a new SQLCipher file with its own salt.
        keyring.protected.vault_salt = crate::keyring::read_vault_salt(&target.vault)?;
        keyring.save(&key)?;

        let mut session = Session::login(target, account, password)?;
        let source = self.path.display().to_string();
        session.write(|w| w.append("backup.restore", &source, b"").map(|_| ()))?;
        Ok(verified)
    }

    /// Compares the backup's head with a newer head: how many entries the backup lacks.
    pub fn compare(&self, conn: &rusqlite::Connection) -> Result<Comparison> {
        let current = audit::head(conn)?;
        let backup = &self.header.head;
        let same_history = if backup.seq == 0 {
            true
        } else {
            use rusqlite::OptionalExtension;
            let mac: Option<Vec<u8>> = conn
                .query_row("SELECT mac FROM audit_log WHERE seq = ?1", [backup.seq], |r| r.get(0))
                .optional()?;
            mac.is_some_and(|m| crypto::mac_eq(&m, &backup.mac))
        };
        Ok(Comparison {
            backup_seq: backup.seq,
            other_seq: current.seq,
            missing: current.seq.saturating_sub(backup.seq),
            same_history,
        })
    }
}

/// Creates a fresh folder for a verification's files. The database pages in it stay encrypted.
fn temp_dir() -> Result<PathBuf> {
    let base = std::env::temp_dir();
    let name = format!(
        "secledger-verify-{}-{}",
        std::process::id(),
        crypto::to_hex(&crypto::random_bytes::<6>()?)
    );
    let dir = base.join(name);
    fs::create_dir_all(&dir)?;
    Ok(dir)
}

impl Session {
    /// Compares a backup with this vault: the entries a restore would lose. Needs the backup
    /// permission and the backup to belong to this vault.
    pub fn compare_backup(&mut self, backup: &BackupFile) -> Result<Comparison> {
        self.require(Permission::ManageBackup)?;
        if backup.header.vault_id != self.keyring.vault_id() {
            return Err(Error::new(Code::BackupWrongVault).arg("path", backup.path.display()));
        }
        backup.compare(self.vault.conn())
    }

    /// Days since the last backup, or `None` if the vault was never backed up.
    pub fn days_since_backup(&self) -> Result<Option<i64>> {
        let Some(at) = self.vault.meta("last_backup_at")? else {
            return Ok(None);
        };
        Ok(clock::parse(&at).map(|at| (clock::now() - at).num_days()))
    }
}
