//! Creating a vault, logging in, and the logged-in session through which every change goes.
//!
//! A session holds the open vault, the keyring and the data key. Every write goes through
//! [`Session::write`]: one SQLite transaction that carries the change and its audit entries,
//! then the new chain head is saved in the keyring. Every permission check goes through
//! [`Session::require`], which audits a denial before returning it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};

use super::password;
use super::roles::{Permission, Role};
use crate::audit::{self, AuditKey, Event};
use crate::clock;
use crate::crypto::{self, DataKey, KdfParams};
use crate::error::{Code, Error, Result};
use crate::keyring::{ChainHead, Keyring, LockoutPolicy, PendingEvent};
use crate::settings::Settings;
use crate::vault::{Vault, VaultLock, VaultPaths};

/// Names of the three administrator accounts created with a vault.
pub const SYSTEM_ADMIN: &str = "sysadmin";
pub const SECURITY_ADMIN: &str = "secadmin";
pub const AUDITOR: &str = "auditor";

/// The account name recorded for actions taken with the recovery key.
pub const RECOVERY_ACTOR: &str = "#recovery";

/// Options for creating a vault.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// How long one password check should take on this machine; Argon2id is calibrated to it.
    pub kdf_target: Duration,
    /// Fixed Argon2id parameters instead of calibration (tests use [`KdfParams::FLOOR`]).
    pub kdf: Option<KdfParams>,
}

impl Default for InitOptions {
    fn default() -> InitOptions {
        InitOptions { kdf_target: Duration::from_millis(400), kdf: None }
    }
}

/// The secrets `init` shows once and never again.
#[derive(Debug, Clone)]
pub struct InitReport {
    /// (account, role, first password) for the three administrators.
    pub accounts: Vec<(String, Role, String)>,
    /// The recovery key, in groups of four characters.
    pub recovery_key: String,
    pub kdf: KdfParams,
    pub head: ChainHead,
}

/// An account as stored in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub department: String,
    pub active: bool,
    pub must_change: bool,
    pub password_changed_at: String,
    pub created_at: String,
    pub last_login_at: Option<String>,
    pub version: u32,
}

/// A logged-in account with the vault open.
pub struct Session {
    pub(crate) vault: Vault,
    pub(crate) keyring: Keyring,
    pub(crate) key: DataKey,
    pub(crate) audit_key: AuditKey,
    pub(crate) account: Account,
    /// Set when the first password or an expired one must be changed before anything else.
    password_change_due: Option<Code>,
}

/// The number of random bytes in a recovery key: 160 bits, 32 base32 characters.
const RECOVERY_KEY_BYTES: usize = 20;

/// Creates a new vault and its keyring with the three administrator accounts.
pub fn init(paths: &VaultPaths, options: &InitOptions) -> Result<InitReport> {
    if paths.vault.is_dir() {
        return Err(Error::new(Code::VaultIsDirectory).arg("path", paths.vault.display()));
    }
    if paths.vault.exists() {
        return Err(Error::new(Code::VaultExists).arg("path", paths.vault.display()));
    }
    if paths.keyring.exists() {
        return Err(Error::new(Code::VaultExists).arg("path", paths.keyring.display()));
    }
    let lock = VaultLock::acquire(paths)?;

    let key = DataKey::generate()?;
    let vault_id: [u8; 16] = crypto::random_bytes()?;
    let recovery_secret = zeroize::Zeroizing::new(crypto::random_bytes::<RECOVERY_KEY_BYTES>()?);
    let kdf = options.kdf.unwrap_or_else(|| KdfParams::calibrate(options.kdf_target));
    let defaults = Settings::defaults();
    let lockout = LockoutPolicy { threshold: defaults.lockout_threshold, minutes: defaults.lockout_minutes };
    let mut keyring = Keyring::new(paths.keyring.clone(), vault_id.to_vec(), kdf, lockout, &key, &recovery_secret[..])?;

    let mut vault = Vault::create(paths, &key, &vault_id, lock)?;
    let audit_key = AuditKey::from_data_key(&key);
    let now = clock::now_text();
    let admins = [
        (SYSTEM_ADMIN, Role::SystemAdmin),
        (SECURITY_ADMIN, Role::SecurityAdmin),
        (AUDITOR, Role::Auditor),
    ];
    let mut accounts = Vec::new();
    let tx = vault.conn_mut().transaction()?;
    audit::append(&tx, &audit_key, &Event { at: now.clone(), account: SYSTEM_ADMIN, action: "vault.create", target: "", change: &vault_id })?;
    for (name, role) in admins {
        let first_password = password::generate()?;
        keyring.set_password_slot(name, &first_password, &key)?;
        let account = Account {
            name: name.to_string(),
            display_name: role.label(),
            role,
            department: String::new(),
            active: true,
            must_change: true,
            password_changed_at: now.clone(),
            created_at: now.clone(),
            last_login_at: None,
            version: 1,
        };
        insert_account(&tx, &account, SYSTEM_ADMIN, &crate::t!("reason.vault_created"), &now)?;
        push_history(&tx, name, &first_password, &now)?;
        audit::append(&tx, &audit_key, &Event { at: now.clone(), account: SYSTEM_ADMIN, action: "account.add", target: name, change: snapshot(&account).as_bytes() })?;
        accounts.push((name.to_string(), role, first_password));
    }
    let head = audit::head(&tx)?;
    tx.commit()?;

    keyring.protected.head = head.clone();
    drop(vault);
    keyring.protected.vault_salt = crate::keyring::read_vault_salt(&paths.vault)?;
    if let Err(err) = keyring.save(&key) {
        // Without its keyring the new vault can never be opened: remove both.
        let _ = std::fs::remove_file(&paths.vault);
        return Err(err);
    }
    Ok(InitReport { accounts, recovery_key: format_recovery_key(&recovery_secret[..]), kdf, head })
}

/// Formats the recovery key as groups of four base32 characters.
pub fn format_recovery_key(secret: &[u8]) -> String {
    let text = crypto::to_base32(secret);
    text.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join("-")
}

fn parse_recovery_key(text: &str) -> Option<Vec<u8>> {
    let bytes = crypto::from_base32(text)?;
    (bytes.len() == RECOVERY_KEY_BYTES).then_some(bytes)
}

pub(crate) fn snapshot(account: &Account) -> String {
    serde_json::json!({
        "name": account.name,
        "display_name": account.display_name,
        "role": account.role.id(),
        "department": account.department,
        "active": account.active,
        "must_change": account.must_change,
    })
    .to_string()
}

pub(crate) fn insert_account(tx: &Transaction, account: &Account, by: &str, reason: &str, at: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO accounts(name, display_name, role, department, status, must_change,
             password_changed_at, created_at, last_login_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, ?9)",
        rusqlite::params![
            account.name,
            account.display_name,
            account.role.id(),
            account.department,
            if account.active { "active" } else { "disabled" },
            account.must_change,
            account.password_changed_at,
            account.created_at,
            account.version,
        ],
    )?;
    record_version(tx, account, by, reason, at)
}

pub(crate) fn record_version(tx: &Transaction, account: &Account, by: &str, reason: &str, at: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO account_versions(name, version, at, by, reason, snapshot) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (&account.name, account.version, at, by, reason, snapshot(account)),
    )?;
    Ok(())
}

pub(crate) fn push_history(tx: &Transaction, name: &str, password: &str, at: &str) -> Result<()> {
    let (salt, hash) = password::history_hash(password)?;
    tx.execute(
        "INSERT INTO password_history(name, at, salt, hash) VALUES (?1, ?2, ?3, ?4)",
        (name, at, salt, hash),
    )?;
    Ok(())
}

pub(crate) fn load_account(conn: &rusqlite::Connection, name: &str) -> Result<Option<Account>> {
    let row = conn
        .query_row(
            "SELECT name, display_name, role, department, status, must_change, password_changed_at,
                    created_at, last_login_at, version
             FROM accounts WHERE name = ?1",
            [name],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, bool>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, u32>(9)?,
                ))
            },
        )
        .optional()?;
    let Some((name, display_name, role, department, status, must_change, changed_at, created_at, last_login_at, version)) = row else {
        return Ok(None);
    };
    let role = Role::parse(&role)
        .ok_or_else(|| Error::new(Code::Internal).arg("reason", format!("账户“{name}”的角色“{role}”无法识别")))?;
    Ok(Some(Account {
        name,
        display_name,
        role,
        department,
        active: status == "active",
        must_change,
        password_changed_at: changed_at,
        created_at,
        last_login_at,
        version,
    }))
}

impl Session {
    /// Logs in with a password at the current time.
    pub fn login(paths: &VaultPaths, account: &str, password: &str) -> Result<Session> {
        Session::login_at(paths, account, password, clock::now())
    }

    /// Logs in as of `now` (tests pass a time to check lockout expiry).
    pub fn login_at(paths: &VaultPaths, account: &str, password: &str, now: DateTime<Utc>) -> Result<Session> {
        paths.check_vault_file()?;
        let lock = VaultLock::acquire(paths)?;
        let mut keyring = Keyring::load(&paths.keyring)?;
        let local_now = now.with_timezone(&chrono::Local);
        let at = clock::to_text(now);

        keyring.check_vault_file(&paths.vault)?;
        if !keyring.has_account(account) {
            keyring.push_pending(PendingEvent { at, account: account.to_string(), action: "login.unknown_account".into(), target: account.to_string() });
            keyring.save_unsigned()?;
            return Err(Error::new(Code::AccountUnknown).arg("account", account));
        }
        if let Some(until) = keyring.locked_until(account, local_now) {
            keyring.push_pending(PendingEvent { at, account: account.to_string(), action: "login.refused_locked".into(), target: account.to_string() });
            keyring.save_unsigned()?;
            return Err(locked_out(account, until));
        }

        let Some(key) = keyring.unlock(account, password)? else {
            let policy = keyring.protected.lockout;
            let failures = keyring.record_failure(account, local_now);
            keyring.push_pending(PendingEvent { at: at.clone(), account: account.to_string(), action: "login.failed".into(), target: account.to_string() });
            if let Some(until) = keyring.locked_until(account, local_now) {
                keyring.push_pending(PendingEvent { at, account: account.to_string(), action: "login.locked_out".into(), target: account.to_string() });
                keyring.save_unsigned()?;
                return Err(locked_out(account, until));
            }
            keyring.save_unsigned()?;
            return Err(Error::new(Code::WrongPassword)
                .field("密码")
                .arg("account", account)
                .arg("remaining", policy.threshold.saturating_sub(failures))
                .arg("minutes", policy.minutes));
        };

        Session::open_unlocked(paths, lock, keyring, key, account, now).map_err(|e| paths.name_corruption(e))
    }

    /// Uses the recovery key to set a new first password for `account`, which must then be
    /// changed at its next login. Returns the new first password.
    pub fn recover(paths: &VaultPaths, recovery_key: &str, account: &str) -> Result<String> {
        Session::recover_inner(paths, recovery_key, account).map_err(|e| paths.name_corruption(e))
    }

    fn recover_inner(paths: &VaultPaths, recovery_key: &str, account: &str) -> Result<String> {
        paths.check_vault_file()?;
        let lock = VaultLock::acquire(paths)?;
        let keyring = Keyring::load(&paths.keyring)?;
        let invalid = || Error::new(Code::RecoveryKeyInvalid).field("恢复密钥").arg("groups", RECOVERY_KEY_BYTES * 8 / 5 / 4);
        let secret = parse_recovery_key(recovery_key).ok_or_else(invalid)?;
        let key = keyring.unlock_with_recovery(&secret).ok_or_else(invalid)?;
        keyring.verify_mac(&key)?;
        let mut vault = Vault::open(paths, &key, keyring.vault_id(), lock)?;
        audit::check_head(vault.conn(), &keyring.protected.head)?;
        let Some(mut target) = load_account(vault.conn(), account)? else {
            return Err(Error::new(Code::AccountUnknown).arg("account", account));
        };

        let audit_key = AuditKey::from_data_key(&key);
        let mut keyring = keyring;
        let first_password = password::generate()?;
        let now = clock::now_text();
        keyring.set_password_slot(account, &first_password, &key)?;
        let tx = vault.conn_mut().transaction()?;
        target.must_change = true;
        target.active = true;
        target.version += 1;
        target.password_changed_at = now.clone();
        tx.execute(
            "UPDATE accounts SET must_change = 1, status = 'active', version = ?2, password_changed_at = ?3 WHERE name = ?1",
            (account, target.version, &now),
        )?;
        record_version(&tx, &target, RECOVERY_ACTOR, &crate::t!("reason.recovery"), &now)?;
        audit::append(&tx, &audit_key, &Event { at: now.clone(), account: RECOVERY_ACTOR, action: "account.recover", target: account, change: snapshot(&target).as_bytes() })?;
        let head = audit::head(&tx)?;
        tx.commit()?;
        keyring.clear_failures(account);
        keyring.protected.head = head;
        keyring.save(&key)?;
        Ok(first_password)
    }

    fn open_unlocked(paths: &VaultPaths, lock: VaultLock, keyring: Keyring, key: DataKey, name: &str, now: DateTime<Utc>) -> Result<Session> {
        keyring.verify_mac(&key)?;
        let vault = Vault::open(paths, &key, keyring.vault_id(), lock)?;
        audit::check_head(vault.conn(), &keyring.protected.head).map_err(|e| vault.name_corruption(e))?;
        let account = load_account(vault.conn(), name)?
            .ok_or_else(|| Error::new(Code::AccountUnknown).arg("account", name))?;
        let settings = Settings::load(vault.conn())?;

        let audit_key = AuditKey::from_data_key(&key);
        let mut session = Session { vault, keyring, key, audit_key, account, password_change_due: None };
        let at = clock::to_text(now);
        // Events recorded while no key was at hand join the chain first, with their own times.
        let pending = std::mem::take(&mut session.keyring.pending);
        let dropped = std::mem::take(&mut session.keyring.pending_dropped);
        let active = session.account.active;
        session.keyring.clear_failures(name);

        session.write(|w| {
            for event in &pending {
                w.append_as(&event.at, &event.account, &event.action, &event.target, b"")?;
            }
            if dropped > 0 {
                w.append_as(&at, name, "login.pending_dropped", &dropped.to_string(), b"")?;
            }
            if active {
                w.append_as(&at, name, "login", name, b"")?;
                w.execute("UPDATE accounts SET last_login_at = ?2 WHERE name = ?1", (name, &at))?;
            } else {
                w.append_as(&at, name, "login.refused_disabled", name, b"")?;
            }
            Ok(())
        })?;
        if !active {
            return Err(Error::new(Code::AccountDisabled).arg("account", name));
        }

        session.password_change_due = password_due(&session.account, &settings, now);
        Ok(session)
    }

    /// The logged-in account.
    pub fn account(&self) -> &Account {
        &self.account
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn settings(&self) -> Result<Settings> {
        Settings::load(self.vault.conn())
    }

    /// The chain head as recorded in the keyring after the last write.
    pub fn chain_head(&self) -> &ChainHead {
        &self.keyring.protected.head
    }

    /// The code that must be changed first, if the password is a first password or expired.
    pub fn password_change_due(&self) -> Option<Code> {
        self.password_change_due
    }

    pub(crate) fn clear_password_change_due(&mut self) {
        self.password_change_due = None;
    }

    /// Checks that the account may do `permission`. A denial is written to the audit chain
    /// before it is returned. A session whose password must change first may do nothing else.
    pub fn require(&mut self, permission: Permission) -> Result<()> {
        if let Some(code) = self.password_change_due {
            return Err(self.password_change_error(code));
        }
        if self.account.role.allows(permission) {
            return Ok(());
        }
        let name = self.account.name.clone();
        self.write(|w| w.append("denied", permission.id(), name.as_bytes()).map(|_| ()))?;
        Err(Error::new(Code::PermissionDenied)
            .arg("account", &self.account.name)
            .arg("role", self.account.role.label())
            .arg("action", permission.label()))
    }

    /// Like [`Session::require`], for an action any account may take once its password is in order.
    pub fn require_password_in_order(&self) -> Result<()> {
        match self.password_change_due {
            Some(code) => Err(self.password_change_error(code)),
            None => Ok(()),
        }
    }

    fn password_change_error(&self, code: Code) -> Error {
        let mut err = Error::new(code).arg("account", &self.account.name);
        if code == Code::PasswordExpired {
            let changed = clock::parse(&self.account.password_changed_at).unwrap_or_else(clock::now);
            let days = self.settings().map(|s| s.password_expiry_days).unwrap_or(0);
            err = err.arg("expired_on", clock::display_at(changed + chrono::Duration::days(days as i64)));
        }
        err
    }

    /// Runs `change` in one transaction with its audit entries, then records the new chain head
    /// in the keyring. If anything fails the transaction rolls back and the vault is unchanged.
    pub fn write<T>(&mut self, change: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        let Session { vault, keyring, key, audit_key, account, .. } = self;
        let result = (|| {
            let writer = Writer { tx: vault.conn_mut().transaction()?, audit_key, actor: &account.name };
            let value = change(&writer)?;
            let head = audit::head(&writer.tx)?;
            writer.tx.commit()?;
            Ok((value, head))
        })();
        let (value, head) = result.map_err(|e| vault.name_corruption(e))?;
        // Every write appends at least one audit entry, so the head moves and the keyring is
        // saved with it (and with any cleared failure counters).
        keyring.protected.head = head;
        keyring.save(key)?;
        Ok(value)
    }

    /// Verifies the whole audit chain and its head against the keyring. Needs the audit
    /// permission; the verification itself is audited.
    pub fn verify_audit(&mut self) -> Result<audit::Verified> {
        self.require(Permission::ReadAudit)?;
        let verified = audit::verify(self.vault.conn(), &self.audit_key).map_err(|e| self.vault.name_corruption(e))?;
        audit::check_head(self.vault.conn(), &self.keyring.protected.head)?;
        self.write(|w| w.append("audit.verify", &verified.entries.to_string(), b"").map(|_| ()))?;
        Ok(verified)
    }

    /// Lists audit entries. Needs the audit permission.
    pub fn list_audit(&mut self, filter: &audit::Filter) -> Result<Vec<audit::Entry>> {
        self.require(Permission::ReadAudit)?;
        audit::list(self.vault.conn(), filter).map_err(|e| self.vault.name_corruption(e))
    }

    /// Checks every page of the vault file. Any logged-in account may run it. A damaged file
    /// is an error naming the problems found.
    pub fn check_vault(&mut self) -> Result<()> {
        self.require_password_in_order()?;
        let problems = self.vault.integrity_check().map_err(|e| self.vault.name_corruption(e))?;
        if problems.is_empty() {
            self.write(|w| w.append("vault.check", "ok", b"").map(|_| ()))?;
            return Ok(());
        }
        let summary = describe_problems(&problems);
        // The vault is damaged, so recording the finding may itself fail. The error is returned
        // either way.
        let _ = self.write(|w| w.append("vault.check", &summary, b"").map(|_| ()));
        Err(Error::new(Code::VaultCorrupt).arg("path", self.vault.paths().vault.display()).arg("reason", summary))
    }
}

/// Puts SQLCipher's page HMAC failures into words; the rest of an integrity report is for
/// engineers, so it is only counted.
fn describe_problems(problems: &[String]) -> String {
    let mut pages = Vec::new();
    let mut other = 0;
    for problem in problems {
        match problem.strip_prefix("HMAC verification failed for page ").and_then(|n| n.trim().parse::<u64>().ok()) {
            Some(page) => pages.push(page.to_string()),
            None => other += 1,
        }
    }
    let mut parts = Vec::new();
    if !pages.is_empty() {
        parts.push(crate::t!("vault.pages_failed", pages = pages.join("、")));
    }
    if other > 0 {
        parts.push(crate::t!("vault.structure_problems", count = other));
    }
    parts.join("；")
}

fn locked_out(account: &str, until: DateTime<chrono::Local>) -> Error {
    Error::new(Code::AccountLockedOut)
        .arg("account", account)
        .arg("until", until.format("%Y-%m-%d %H:%M").to_string())
}

fn password_due(account: &Account, settings: &Settings, now: DateTime<Utc>) -> Option<Code> {
    if account.must_change {
        return Some(Code::PasswordChangeRequired);
    }
    if settings.password_expiry_days == 0 {
        return None;
    }
    let changed = clock::parse(&account.password_changed_at)?;
    (now >= changed + chrono::Duration::days(settings.password_expiry_days as i64)).then_some(Code::PasswordExpired)
}

/// An open write transaction with the means to append audit entries in it. It dereferences to
/// the transaction for the change's own SQL.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    audit_key: &'a AuditKey,
    actor: &'a str,
}

impl Writer<'_> {
    /// Appends an audit entry by the logged-in account, now.
    pub fn append(&self, action: &str, target: &str, change: &[u8]) -> Result<ChainHead> {
        self.append_as(&clock::now_text(), self.actor, action, target, change)
    }

    /// Appends an audit entry for another actor or time (events recorded before login).
    pub(crate) fn append_as(&self, at: &str, account: &str, action: &str, target: &str, change: &[u8]) -> Result<ChainHead> {
        audit::append(&self.tx, self.audit_key, &Event { at: at.to_string(), account, action, target, change })
    }

    /// The logged-in account's name.
    pub fn actor(&self) -> &str {
        self.actor
    }
}

impl<'a> std::ops::Deref for Writer<'a> {
    type Target = Transaction<'a>;

    fn deref(&self) -> &Transaction<'a> {
        &self.tx
    }
}
