//! Account management: adding accounts, changing and resetting passwords, disabling, roles.
//! Accounts are never deleted; each change is a new version with who, when and why.

use super::password::{self, HISTORY_LEN};
use super::roles::{Permission, Role};
use super::session::{load_account, push_history, record_version, insert_account, snapshot, Account, Session};
use crate::clock;
use crate::error::{Code, Error, Result};
use crate::settings;
use crate::t;

/// A new account's details.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub department: String,
}

/// Checks an account name: 2 to 32 characters of letters, digits, hanzi, `_` or `-`.
pub fn check_name(name: &str) -> Result<()> {
    let count = name.chars().count();
    let allowed = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    if (2..=32).contains(&count) && name.chars().all(allowed) {
        Ok(())
    } else {
        Err(Error::new(Code::AccountNameInvalid).field("账户名").arg("account", name))
    }
}

fn require_reason(reason: &str) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::new(Code::FieldRequired).field("原因"));
    }
    Ok(())
}

impl Session {
    /// Adds an account (系统管理员 only) and returns its first password, which must be changed
    /// at first login.
    pub fn add_account(&mut self, new: &NewAccount) -> Result<String> {
        self.require(Permission::ManageAccounts)?;
        check_name(&new.name)?;
        if new.display_name.trim().is_empty() {
            return Err(Error::new(Code::FieldRequired).field("姓名"));
        }
        if load_account(self.vault.conn(), &new.name)?.is_some() {
            return Err(Error::new(Code::AccountExists).field("账户名").arg("account", &new.name));
        }

        let first_password = password::generate()?;
        let now = clock::now_text();
        let account = Account {
            name: new.name.clone(),
            display_name: new.display_name.trim().to_string(),
            role: new.role,
            department: new.department.trim().to_string(),
            active: true,
            must_change: true,
            password_changed_at: now.clone(),
            created_at: now.clone(),
            last_login_at: None,
            version: 1,
        };
        let key = self.key.clone();
        self.keyring.set_password_slot(&new.name, &first_password, &key)?;
        let result = self.write(|w| {
            insert_account(w, &account, w.actor(), &t!("reason.account_added"), &now)?;
            push_history(w, &account.name, &first_password, &now)?;
            w.append("account.add", &account.name, snapshot(&account).as_bytes())?;
            Ok(())
        });
        if result.is_err() {
            // The slot was only added in memory; drop it so the keyring stays as it was.
            self.keyring.protected.slots.retain(|s| s.account != new.name);
        }
        result.map(|_| first_password)
    }

    /// Changes the logged-in account's own password. The caller has already proven the old
    /// password by logging in. Rewraps this account's slot only.
    pub fn change_password(&mut self, new_password: &str, repeated: &str) -> Result<()> {
        if new_password != repeated {
            return Err(Error::new(Code::PasswordMismatch).field("新密码"));
        }
        let settings = self.settings()?;
        let name = self.account.name.clone();
        let checked = password::check_policy(new_password, &name, settings.password_min_length)
            .and_then(|()| self.check_not_reused(&name, new_password));
        if let Err(err) = checked {
            // A rejected change is audited with the rule it broke, never with the password.
            let rule = err.code().key();
            self.write(|w| w.append("account.passwd_rejected", &name, rule.as_bytes()).map(|_| ()))?;
            return Err(err);
        }

        let now = clock::now_text();
        let mut updated = self.account.clone();
        updated.must_change = false;
        updated.password_changed_at = now.clone();
        updated.version += 1;

        let previous_slot = self.keyring.slot(&name).cloned();
        let key = self.key.clone();
        self.keyring.set_password_slot(&name, new_password, &key)?;
        let result = self.write(|w| {
            w.execute(
                "UPDATE accounts SET must_change = 0, password_changed_at = ?2, version = ?3 WHERE name = ?1",
                (&name, &now, updated.version),
            )?;
            record_version(w, &updated, &name, &t!("reason.password_changed"), &now)?;
            push_history(w, &name, new_password, &now)?;
            w.append("account.passwd", &name, b"")?;
            Ok(())
        });
        match result {
            Ok(()) => {
                self.account = updated;
                self.clear_password_change_due();
                Ok(())
            }
            Err(err) => {
                self.restore_slot(&name, previous_slot);
                Err(err)
            }
        }
    }

    fn check_not_reused(&self, name: &str, candidate: &str) -> Result<()> {
        let mut stmt = self
            .vault
            .conn()
            .prepare("SELECT salt, hash FROM password_history WHERE name = ?1 ORDER BY at DESC, rowid DESC LIMIT ?2")?;
        let rows = stmt.query_map((name, HISTORY_LEN as i64), |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?)))?;
        for row in rows {
            let (salt, hash) = row?;
            if password::matches_history(candidate, &salt, &hash)? {
                return Err(Error::new(Code::PasswordReused).field("新密码").arg("count", HISTORY_LEN));
            }
        }
        Ok(())
    }

    fn restore_slot(&mut self, name: &str, previous: Option<crate::keyring::Slot>) {
        self.keyring.protected.slots.retain(|s| s.account != name);
        if let Some(slot) = previous {
            self.keyring.protected.slots.push(slot);
        }
    }

    /// Sets a new first password for another account (系统管理员 only); it must be changed at
    /// that account's next login. Returns the new first password.
    pub fn reset_password(&mut self, target: &str, reason: &str) -> Result<String> {
        self.require(Permission::ManageAccounts)?;
        require_reason(reason)?;
        let mut account = self.existing_account(target)?;
        let first_password = password::generate()?;
        let now = clock::now_text();
        account.must_change = true;
        account.password_changed_at = now.clone();
        account.version += 1;

        let previous_slot = self.keyring.slot(target).cloned();
        let key = self.key.clone();
        self.keyring.set_password_slot(target, &first_password, &key)?;
        self.keyring.clear_failures(target);
        let result = self.write(|w| {
            w.execute(
                "UPDATE accounts SET must_change = 1, password_changed_at = ?2, version = ?3 WHERE name = ?1",
                (target, &now, account.version),
            )?;
            record_version(w, &account, w.actor(), reason, &now)?;
            push_history(w, target, &first_password, &now)?;
            w.append("account.reset", target, snapshot(&account).as_bytes())?;
            Ok(())
        });
        match result {
            Ok(()) => Ok(first_password),
            Err(err) => {
                self.restore_slot(target, previous_slot);
                Err(err)
            }
        }
    }

    /// Disables an account (系统管理员 only). The last active 系统管理员 cannot be disabled.
    pub fn lock_account(&mut self, target: &str, reason: &str) -> Result<()> {
        self.require(Permission::ManageAccounts)?;
        require_reason(reason)?;
        let mut account = self.existing_account(target)?;
        if account.role == Role::SystemAdmin && self.active_count(Role::SystemAdmin)? <= 1 {
            return Err(Error::new(Code::LastAdminAccount).arg("account", target).arg("role", Role::SystemAdmin.label()));
        }
        account.active = false;
        self.save_account_state(account, reason, "account.lock")
    }

    /// Enables a disabled account and clears a lockout after failed logins (系统管理员 only).
    pub fn unlock_account(&mut self, target: &str, reason: &str) -> Result<()> {
        self.require(Permission::ManageAccounts)?;
        require_reason(reason)?;
        let mut account = self.existing_account(target)?;
        account.active = true;
        self.keyring.clear_failures(target);
        self.save_account_state(account, reason, "account.unlock")
    }

    /// Changes the role of a business account (安全保密管理员 only). The three administrator
    /// roles are fixed at vault creation and cannot be given or taken this way.
    pub fn set_role(&mut self, target: &str, role: Role, reason: &str) -> Result<()> {
        self.require(Permission::ManagePermissions)?;
        require_reason(reason)?;
        let mut account = self.existing_account(target)?;
        if account.role.is_administrator() || role.is_administrator() {
            let allowed = t!("account.role_business_only");
            return Err(Error::new(Code::FieldInvalid).field("角色").arg("value", role.label()).arg("allowed", allowed));
        }
        account.role = role;
        self.save_account_state(account, reason, "account.role")
    }

    fn save_account_state(&mut self, mut account: Account, reason: &str, action: &str) -> Result<()> {
        let now = clock::now_text();
        account.version += 1;
        self.write(|w| {
            w.execute(
                "UPDATE accounts SET status = ?2, role = ?3, version = ?4 WHERE name = ?1",
                (
                    &account.name,
                    if account.active { "active" } else { "disabled" },
                    account.role.id(),
                    account.version,
                ),
            )?;
            record_version(w, &account, w.actor(), reason, &now)?;
            w.append(action, &account.name, snapshot(&account).as_bytes())?;
            Ok(())
        })
    }

    fn existing_account(&self, name: &str) -> Result<Account> {
        load_account(self.vault.conn(), name)?.ok_or_else(|| Error::new(Code::AccountUnknown).arg("account", name))
    }

    fn active_count(&self, role: Role) -> Result<u32> {
        Ok(self.vault.conn().query_row(
            "SELECT count(*) FROM accounts WHERE role = ?1 AND status = 'active'",
            [role.id()],
            |r| r.get(0),
        )?)
    }

    /// Lists all accounts (系统管理员 or 安全保密管理员), with whether each is locked out now.
    pub fn list_accounts(&mut self) -> Result<Vec<(Account, bool)>> {
        if !self.account.role.allows(Permission::ManagePermissions) {
            self.require(Permission::ManageAccounts)?;
        }
        self.require_password_in_order()?;
        let names: Vec<String> = {
            let mut stmt = self.vault.conn().prepare("SELECT name FROM accounts ORDER BY created_at, name")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let now = chrono::Local::now();
        let mut out = Vec::new();
        for name in names {
            if let Some(account) = load_account(self.vault.conn(), &name)? {
                let locked = self.keyring.locked_until(&name, now).is_some();
                out.push((account, locked));
            }
        }
        Ok(out)
    }

    /// The version history of one account, oldest first: (version, at, by, reason, snapshot).
    pub fn account_history(&mut self, name: &str) -> Result<Vec<(u32, String, String, String, String)>> {
        self.require(Permission::ManageAccounts)?;
        self.existing_account(name)?;
        let mut stmt = self
            .vault
            .conn()
            .prepare("SELECT version, at, by, reason, snapshot FROM account_versions WHERE name = ?1 ORDER BY version")?;
        let rows = stmt.query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Changes one setting (系统管理员 only). Lockout settings are mirrored into the keyring,
    /// where they apply before login.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<u32> {
        self.require(Permission::ManageSettings)?;
        let value = settings::validate(key, value)?;
        let now = clock::now_text();
        match key {
            "lockout.threshold" => self.keyring.protected.lockout.threshold = value,
            "lockout.minutes" => self.keyring.protected.lockout.minutes = value,
            _ => {}
        }
        let change = format!("{key}={value}");
        self.write(|w| {
            settings::store(w, key, value, w.actor(), &now)?;
            w.append("settings.set", key, change.as_bytes())?;
            Ok(())
        })?;
        Ok(value)
    }
}
