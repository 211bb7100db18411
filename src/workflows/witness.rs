//! The second account of a two-person confirmation (双人确认), such as a destruction.
//!
//! The first person is the logged-in account. The second steps up to the same machine and
//! types their account name and password. The password is checked by opening that account's
//! keyring slot, the same proof a login uses, without opening a second session. A wrong
//! password counts towards that account's lockout like a failed login, so the prompt cannot be
//! used to guess passwords. Every attempt, passed or failed, is in the audit chain.
//!
//! This proves that two accounts took part. It cannot prove that two people did, because one
//! person with both passwords can confirm alone.

use super::def;
use crate::auth::session::{load_account, Account};
use crate::auth::{Permission, Session};
use crate::error::{Code, Error, Result};

impl Session {
    /// Checks the password of a second account on this machine and returns that account.
    /// The account must differ from the logged-in one, be active, have changed its first
    /// password (the system administrator saw that one) and have the destruction confirmation
    /// permission. Success and failure are both audited.
    pub fn verify_second_account(&mut self, name: &str, password: &str) -> Result<Account> {
        self.require_password_in_order()?;
        let name = name.trim();
        let result = self.check_second_account(name, password);
        let action = match &result {
            Ok(_) => "witness.verified",
            Err(err) if err.code() == Code::AccountLockedOut => "witness.locked_out",
            Err(_) => "witness.failed",
        };
        let detail = match &result {
            Ok(_) => String::new(),
            Err(err) => err.code().key().to_string(),
        };
        self.write(|w| w.append(action, name, detail.as_bytes()).map(|_| ()))?;
        result
    }

    fn check_second_account(&mut self, name: &str, password: &str) -> Result<Account> {
        if name.is_empty() {
            return Err(Error::new(Code::SecondAccountRequired));
        }
        if name == self.account().name {
            return Err(Error::new(Code::SecondAccountSame).arg("account", name));
        }
        if !self.keyring.has_account(name) {
            return Err(Error::new(Code::AccountUnknown)
                .field(second_label())
                .arg("account", name));
        }
        let now = chrono::Local::now();
        if let Some(until) = self.keyring.locked_until(name, now) {
            return Err(locked_out(name, until));
        }

        if self.keyring.unlock(name, password)?.is_none() {
            let policy = self.keyring.protected.lockout;
            let failures = self.keyring.record_failure(name, now);
            if let Some(until) = self.keyring.locked_until(name, now) {
                return Err(locked_out(name, until));
            }
            return Err(Error::new(Code::WrongPassword)
                .field("密码")
                .arg("account", name)
                .arg("remaining", policy.threshold.saturating_sub(failures))
                .arg("minutes", policy.minutes));
        }
        self.keyring.clear_failures(name);

        let account = load_account(self.vault().conn(), name)?.ok_or_else(|| {
            Error::new(Code::AccountUnknown)
                .field(second_label())
                .arg("account", name)
        })?;
        if !account.active {
            return Err(Error::new(Code::AccountDisabled).arg("account", name));
        }
        if account.must_change {
            return Err(Error::new(Code::SecondAccountMustChange).arg("account", name));
        }
        if !account.role.allows(Permission::ConfirmDestruction) {
            return Err(Error::new(Code::SecondAccountNotPermitted)
                .arg("account", name)
                .arg("role", account.role.label()));
        }
        Ok(account)
    }
}

fn second_label() -> &'static str {
    super::label(def("disposal_batches"), "confirmed_by_2")
}

fn locked_out(name: &str, until: chrono::DateTime<chrono::Local>) -> Error {
    Error::new(Code::AccountLockedOut)
        .arg("account", name)
        .arg("until", until.format("%Y-%m-%d %H:%M").to_string())
}
