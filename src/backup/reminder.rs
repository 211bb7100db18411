//! The backup reminder on the today list: the vault was never backed up, or its last backup is
//! older than the `backup.reminder_days` setting.

use chrono::{Local, NaiveDate};

use crate::auth::{Permission, Session};
use crate::clock;
use crate::error::Result;
use crate::t;

/// A reminder to back up the vault and its keyring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReminder {
    /// Local date of the last backup; `None` when the vault was never backed up.
    pub last_backup_on: Option<NaiveDate>,
    /// Days from the last backup to the day the list is made for.
    pub days_since: Option<i64>,
    /// The `backup.reminder_days` setting in force.
    pub limit_days: u32,
}

impl BackupReminder {
    /// Formats the reminder as zh-CN text.
    pub fn message(&self) -> String {
        match self.days_since {
            None => t!("today.backup.never"),
            Some(days) => t!("today.backup.overdue", days = days, limit = self.limit_days),
        }
    }
}

impl Session {
    /// Returns the reminder to back up as of `today`: when the vault was never backed up, or
    /// the last backup is more than `backup.reminder_days` days before `today`. Only accounts
    /// that may make backups (系统管理员) get it; for others this returns `None`, because they
    /// cannot act on it.
    pub fn backup_reminder(&self, today: NaiveDate) -> Result<Option<BackupReminder>> {
        self.require_password_in_order()?;
        if !self.account().role.allows(Permission::ManageBackup) {
            return Ok(None);
        }
        let limit_days = self.settings()?.backup_reminder_days;

        // NOTE: a stored time that does not parse counts as no backup, so the reminder shows.
        let last_backup_on = self
            .vault()
            .meta("last_backup_at")?
            .and_then(|at| clock::parse(&at))
            .map(|at| at.with_timezone(&Local).date_naive());
        let days_since = last_backup_on.map(|day| (today - day).num_days());
        let due = match days_since {
            None => true,
            Some(days) => days > i64::from(limit_days),
        };
        Ok(due.then_some(BackupReminder { last_backup_on, days_since, limit_days }))
    }
}
