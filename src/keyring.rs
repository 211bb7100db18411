//! The keyring: a sidecar file beside the vault holding one key slot per account.
//!
//! Each slot wraps the vault's data key with AES-256-GCM under a key derived from that account's
//! password with Argon2id; the associated data binds the vault id, the account name and the slot
//! version, so a slot cannot be moved to another vault or account or replayed at another
//! version. Changing a password rewraps one slot and re-encrypts nothing. The recovery key has
//! a slot of its own.
//!
//! The file is JSON in two parts. The authenticated part (slots, lockout policy, KDF defaults and
//! the audit chain head) carries a SHA-256 digest, checked on every load so that an edited or
//! truncated file is reported before any password is tried, and an HMAC under a key derived
//! from the data key, checked after unlock so that a forger who recomputes the digest is caught
//! too. The other part (failed-login counters and events waiting for the audit chain) changes
//! when no key is at hand, so it is not authenticated.
//! NOTE: someone with write access to the file can therefore reset failure counters or drop
//! waiting failed-login events; the lockout guards the login screen, not the file.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::crypto::{self, hex_bytes, DataKey, KdfParams, Sealed, KEY_LEN};
use crate::error::{Code, Error, Result};

/// Keyring file format version.
pub const FORMAT: u32 = 1;

/// The slot name used for the recovery key; account names cannot contain `#`.
pub const RECOVERY_SLOT: &str = "#recovery";

/// One account's wrapped copy of the data key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Slot {
    pub account: String,
    pub version: u32,
    pub kdf: KdfParams,
    #[serde(with = "hex_bytes")]
    pub salt: Vec<u8>,
    pub sealed: Sealed,
}

/// Failed-login lockout rule, mirrored from the vault's settings so it applies before unlock.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub threshold: u32,
    pub minutes: u32,
}

/// The audit chain's last entry: its sequence number and MAC.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct ChainHead {
    pub seq: u64,
    #[serde(with = "hex_bytes")]
    pub mac: Vec<u8>,
}

/// The authenticated part of the keyring.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Protected {
    pub format: u32,
    #[serde(with = "hex_bytes")]
    pub vault_id: Vec<u8>,
    pub slots: Vec<Slot>,
    pub recovery: Slot,
    pub lockout: LockoutPolicy,
    pub default_kdf: KdfParams,
    pub head: ChainHead,
    /// The first 16 bytes of the vault file (SQLCipher's plaintext salt), so a keyring given
    /// with another vault is recognised before any password is tried. Empty in keyrings that
    /// predate it.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "hex_bytes")]
    pub vault_salt: Vec<u8>,
}

/// Failed logins of one account since its last successful login.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct Attempts {
    pub failures: u32,
    /// RFC 3339 time until which the account is locked.
    pub locked_until: Option<String>,
}

/// An event that happened without the data key at hand, such as a failed login or a lockout.
/// It is appended to the audit chain at the next successful login, with its original time.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingEvent {
    pub at: String,
    pub account: String,
    pub action: String,
    pub target: String,
}

/// At most this many pending events are kept; older ones are dropped and the drop is counted.
const MAX_PENDING: usize = 1000;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct FileForm {
    protected: Protected,
    #[serde(with = "hex_bytes")]
    digest: Vec<u8>,
    #[serde(with = "hex_bytes")]
    mac: Vec<u8>,
    #[serde(default)]
    attempts: BTreeMap<String, Attempts>,
    #[serde(default)]
    pending: Vec<PendingEvent>,
    #[serde(default)]
    pending_dropped: u64,
}

/// A loaded keyring and the path it came from.
#[derive(Debug, Clone)]
pub struct Keyring {
    pub path: PathBuf,
    pub protected: Protected,
    mac: Vec<u8>,
    pub attempts: BTreeMap<String, Attempts>,
    pub pending: Vec<PendingEvent>,
    pub pending_dropped: u64,
}

fn slot_aad(vault_id: &[u8], account: &str, version: u32) -> Vec<u8> {
    let mut aad = b"secledger slot v1\0".to_vec();
    aad.extend_from_slice(vault_id);
    aad.push(0);
    aad.extend_from_slice(account.as_bytes());
    aad.push(0);
    aad.extend_from_slice(&version.to_be_bytes());
    aad
}

fn protected_bytes(protected: &Protected) -> Vec<u8> {
    serde_json::to_vec(protected).expect("keyring serialises")
}

impl Keyring {
    /// Creates a keyring for a new vault; slots are added with [`Keyring::set_password_slot`].
    pub fn new(
        path: PathBuf,
        vault_id: Vec<u8>,
        default_kdf: KdfParams,
        lockout: LockoutPolicy,
        key: &DataKey,
        recovery_secret: &[u8],
    ) -> Result<Keyring> {
        let recovery = Self::make_recovery_slot(&vault_id, key, recovery_secret, 1)?;
        Ok(Keyring {
            path,
            protected: Protected {
                format: FORMAT,
                vault_id,
                slots: Vec::new(),
                recovery,
                lockout,
                default_kdf,
                head: ChainHead::default(),
                vault_salt: Vec::new(),
            },
            mac: Vec::new(),
            attempts: BTreeMap::new(),
            pending: Vec::new(),
            pending_dropped: 0,
        })
    }

    /// Loads and checks the digest of the authenticated part. The MAC is checked later, by
    /// [`Keyring::verify_mac`], once the data key is known.
    pub fn load(path: &Path) -> Result<Keyring> {
        let shown = path.display().to_string();
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::new(Code::KeyringMissing).arg("keyring", &shown));
            }
            Err(err) if path.is_dir() => {
                return Err(Error::new(Code::KeyringCorrupt)
                    .arg("keyring", &shown)
                    .arg("reason", "这是一个目录")
                    .detail(err));
            }
            Err(err) => return Err(err.into()),
        };
        Keyring::from_bytes(path, &bytes)
    }

    /// Parses keyring file contents (from disk or from a backup) and checks the digest of the
    /// authenticated part; `path` names the keyring in messages.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Keyring> {
        let shown = path.display().to_string();
        let form: FileForm = serde_json::from_slice(bytes).map_err(|err| {
            Error::new(Code::KeyringCorrupt)
                .arg("keyring", &shown)
                .arg("reason", "无法解析")
                .detail(err)
        })?;
        if form.protected.format != FORMAT {
            return Err(Error::new(Code::KeyringCorrupt)
                .arg("keyring", &shown)
                .arg("reason", format!("未知格式版本 {}", form.protected.format)));
        }
        let digest = crypto::sha256(&protected_bytes(&form.protected));
        if !crypto::mac_eq(&digest, &form.digest) {
            return Err(Error::new(Code::KeyringTampered)
                .arg("keyring", &shown)
                .arg("reason", "内容摘要不符"));
        }
        Ok(Keyring {
            path: path.to_path_buf(),
            protected: form.protected,
            mac: form.mac,
            attempts: form.attempts,
            pending: form.pending,
            pending_dropped: form.pending_dropped,
        })
    }

    /// Checks the keyed MAC of the authenticated part; fails if anyone but a holder of the data
    /// key wrote it.
    pub fn verify_mac(&self, key: &DataKey) -> Result<()> {
        let expected = crypto::mac(&key.derive("keyring mac"), &[&protected_bytes(&self.protected)]);
        if crypto::mac_eq(&expected, &self.mac) {
            Ok(())
        } else {
            Err(Error::new(Code::KeyringTampered)
                .arg("keyring", self.path.display())
                .arg("reason", "消息认证码不符"))
        }
    }

    /// Writes the keyring atomically (temporary file, fsync, rename), re-signing the
    /// authenticated part with `key`.
    pub fn save(&mut self, key: &DataKey) -> Result<()> {
        self.mac = crypto::mac(&key.derive("keyring mac"), &[&protected_bytes(&self.protected)]).to_vec();
        self.write()
    }

    /// Writes the keyring without re-signing: for the unauthenticated counters, which change
    /// when no key is at hand.
    pub fn save_unsigned(&self) -> Result<()> {
        self.write()
    }

    fn write(&self) -> Result<()> {
        write_atomically(&self.path, &self.to_bytes())
    }

    /// The file contents as they would be written.
    pub fn to_bytes(&self) -> Vec<u8> {
        let form = FileForm {
            protected: self.protected.clone(),
            digest: crypto::sha256(&protected_bytes(&self.protected)).to_vec(),
            mac: self.mac.clone(),
            attempts: self.attempts.clone(),
            pending: self.pending.clone(),
            pending_dropped: self.pending_dropped,
        };
        serde_json::to_vec_pretty(&form).expect("keyring serialises")
    }

    /// Checks that `vault` is the file this keyring was made with, by the salt at its start.
    pub fn check_vault_file(&self, vault: &Path) -> Result<()> {
        if self.protected.vault_salt.is_empty() {
            return Ok(());
        }
        let salt = read_vault_salt(vault)?;
        if crypto::mac_eq(&salt, &self.protected.vault_salt) {
            return Ok(());
        }
        // A SQLCipher file is whole 4 KiB pages and never starts with SQLite's plain header.
        // Anything else is not a vault at all, rather than another office's vault.
        let len = fs::metadata(vault)?.len();
        let code = if len == 0 || len % 4096 != 0 || salt.starts_with(b"SQLite format 3") {
            Code::VaultNotAVault
        } else {
            Code::VaultMismatch
        };
        Err(Error::new(code).arg("path", vault.display()).arg("keyring", self.path.display()))
    }

    pub fn vault_id(&self) -> &[u8] {
        &self.protected.vault_id
    }

    pub fn slot(&self, account: &str) -> Option<&Slot> {
        self.protected.slots.iter().find(|s| s.account == account)
    }

    pub fn has_account(&self, account: &str) -> bool {
        self.slot(account).is_some()
    }

    /// Unwraps the data key with `password`; `None` if the password is wrong or the slot was
    /// changed.
    pub fn unlock(&self, account: &str, password: &str) -> Result<Option<DataKey>> {
        let Some(slot) = self.slot(account) else {
            return Err(Error::new(Code::AccountUnknown).arg("account", account));
        };
        let kek = crypto::derive_key(password.as_bytes(), &slot.salt, slot.kdf)?;
        let aad = slot_aad(&self.protected.vault_id, account, slot.version);
        Ok(crypto::open(&kek, &aad, &slot.sealed).and_then(|bytes| DataKey::from_bytes(&bytes)))
    }

    /// Unwraps the data key with the recovery secret.
    pub fn unlock_with_recovery(&self, secret: &[u8]) -> Option<DataKey> {
        let slot = &self.protected.recovery;
        let kek = recovery_kek(secret, &slot.salt);
        let aad = slot_aad(&self.protected.vault_id, RECOVERY_SLOT, slot.version);
        crypto::open(&kek, &aad, &slot.sealed).and_then(|bytes| DataKey::from_bytes(&bytes))
    }

    /// Creates or replaces the slot of `account`, wrapping `key` under `password` with a fresh
    /// salt and the next slot version.
    pub fn set_password_slot(&mut self, account: &str, password: &str, key: &DataKey) -> Result<()> {
        let version = self.slot(account).map_or(1, |s| s.version + 1);
        let kdf = self.protected.default_kdf;
        let salt: [u8; 16] = crypto::random_bytes()?;
        let kek = crypto::derive_key(password.as_bytes(), &salt, kdf)?;
        let aad = slot_aad(&self.protected.vault_id, account, version);
        let sealed = crypto::seal(&kek, &aad, key.as_bytes())?;
        let slot = Slot { account: account.to_string(), version, kdf, salt: salt.to_vec(), sealed };
        match self.protected.slots.iter_mut().find(|s| s.account == account) {
            Some(existing) => *existing = slot,
            None => self.protected.slots.push(slot),
        }
        Ok(())
    }

    fn make_recovery_slot(vault_id: &[u8], key: &DataKey, secret: &[u8], version: u32) -> Result<Slot> {
        let salt: [u8; 16] = crypto::random_bytes()?;
        let kek = recovery_kek(secret, &salt);
        let aad = slot_aad(vault_id, RECOVERY_SLOT, version);
        let sealed = crypto::seal(&kek, &aad, key.as_bytes())?;
        Ok(Slot {
            account: RECOVERY_SLOT.to_string(),
            version,
            // The recovery secret has 160 random bits, so no password stretching is needed.
            kdf: KdfParams { m_cost: 0, t_cost: 0, p_cost: 0 },
            salt: salt.to_vec(),
            sealed,
        })
    }

    /// Records a failed login and returns the failure count; locks the account when the count
    /// reaches the policy threshold.
    pub fn record_failure(&mut self, account: &str, now: chrono::DateTime<chrono::Local>) -> u32 {
        let policy = self.protected.lockout;
        let entry = self.attempts.entry(account.to_string()).or_default();
        entry.failures += 1;
        let failures = entry.failures;
        if failures >= policy.threshold {
            let until = now + chrono::Duration::minutes(policy.minutes as i64);
            entry.locked_until = Some(until.to_rfc3339());
        }
        failures
    }

    /// The time until which `account` is locked, if it is locked at `now`.
    pub fn locked_until(&self, account: &str, now: chrono::DateTime<chrono::Local>) -> Option<chrono::DateTime<chrono::Local>> {
        let until = self.attempts.get(account)?.locked_until.as_deref()?;
        let until = chrono::DateTime::parse_from_rfc3339(until).ok()?.with_timezone(&chrono::Local);
        (until > now).then_some(until)
    }

    /// Clears failures and any lockout of `account`.
    pub fn clear_failures(&mut self, account: &str) {
        self.attempts.remove(account);
    }

    pub fn push_pending(&mut self, event: PendingEvent) {
        if self.pending.len() >= MAX_PENDING {
            self.pending.remove(0);
            self.pending_dropped += 1;
        }
        self.pending.push(event);
    }
}

fn recovery_kek(secret: &[u8], salt: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
    crypto::hkdf(salt, secret, "secledger recovery slot v1")
}

/// Reads the first 16 bytes of a vault file: SQLCipher's salt, stored in the clear.
pub fn read_vault_salt(vault: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut salt = vec![0u8; 16];
    let mut file = fs::File::open(vault)?;
    match file.read_exact(&mut salt) {
        Ok(()) => Ok(salt),
        // A file shorter than a salt cannot be this keyring's vault.
        Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => Ok(Vec::new()),
        Err(err) => Err(err.into()),
    }
}

/// Creates (or truncates) a file that only its owner may read or write (mode 0600 on Unix):
/// keyrings, backups and vault files must not be readable by other local users.
pub fn create_private(path: &Path) -> std::io::Result<fs::File> {
    let file = private_options().create(true).truncate(true).open(path)?;
    restrict_to_owner(path)?;
    Ok(file)
}

/// Returns options that open a file for writing and create it owner-only (mode 0600 on Unix).
pub fn private_options() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Sets an existing file to owner-only access (mode 0600 on Unix; a no-op elsewhere).
pub fn restrict_to_owner(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same folder, so that a crash
/// leaves either the old or the new file, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = dir.join(tmp_name);
    {
        let mut file = create_private(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    // Persist the rename itself; not supported for directories on every platform.
    if let Ok(dir_handle) = fs::File::open(dir) {
        let _ = dir_handle.sync_all();
    }
    Ok(())
}
