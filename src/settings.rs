//! Office-wide settings: the password policy, lockout, idle re-authentication and the backup
//! reminder.

use rusqlite::Connection;

use crate::error::{Code, Error, Result};

/// One setting: its key, default and allowed range.
#[derive(Debug, Clone, Copy)]
pub struct SettingDef {
    pub key: &'static str,
    pub default: u32,
    pub min: u32,
    pub max: u32,
    /// Catalog key of the zh-CN description.
    pub label_key: &'static str,
}

/// Every setting. Common practice for 秘密级 systems is 8 characters and 30 days; for 机密级,
/// 10 characters and 7 days.
pub const DEFS: &[SettingDef] = &[
    SettingDef { key: "password.min_length", default: 8, min: 8, max: 64, label_key: "setting.password.min_length" },
    SettingDef { key: "password.expiry_days", default: 30, min: 0, max: 365, label_key: "setting.password.expiry_days" },
    SettingDef { key: "lockout.threshold", default: 5, min: 3, max: 10, label_key: "setting.lockout.threshold" },
    SettingDef { key: "lockout.minutes", default: 30, min: 1, max: 1440, label_key: "setting.lockout.minutes" },
    SettingDef { key: "session.idle_minutes", default: 10, min: 1, max: 60, label_key: "setting.session.idle_minutes" },
    // A week's work is what an office can re-enter from paper after losing the machine.
    SettingDef { key: "backup.reminder_days", default: 7, min: 1, max: 365, label_key: "setting.backup.reminder_days" },
];

/// The settings in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub password_min_length: u32,
    /// 0 means passwords do not expire.
    pub password_expiry_days: u32,
    pub lockout_threshold: u32,
    pub lockout_minutes: u32,
    pub idle_minutes: u32,
    /// The today list reminds the 系统管理员 to back up when the last backup is older.
    pub backup_reminder_days: u32,
}

impl Settings {
    pub fn load(conn: &Connection) -> Result<Settings> {
        Ok(Settings {
            password_min_length: get(conn, "password.min_length")?,
            password_expiry_days: get(conn, "password.expiry_days")?,
            lockout_threshold: get(conn, "lockout.threshold")?,
            lockout_minutes: get(conn, "lockout.minutes")?,
            idle_minutes: get(conn, "session.idle_minutes")?,
            backup_reminder_days: get(conn, "backup.reminder_days")?,
        })
    }

    pub fn defaults() -> Settings {
        let d = |key| def(key).map_or(0, |d| d.default);
        Settings {
            password_min_length: d("password.min_length"),
            password_expiry_days: d("password.expiry_days"),
            lockout_threshold: d("lockout.threshold"),
            lockout_minutes: d("lockout.minutes"),
            idle_minutes: d("session.idle_minutes"),
            backup_reminder_days: d("backup.reminder_days"),
        }
    }
}

pub fn def(key: &str) -> Option<&'static SettingDef> {
    DEFS.iter().find(|d| d.key == key)
}

fn get(conn: &Connection, key: &str) -> Result<u32> {
    use rusqlite::OptionalExtension;
    let stored: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
    let default = def(key).map_or(0, |d| d.default);
    Ok(stored.and_then(|v| v.parse().ok()).unwrap_or(default))
}

/// Parses and range-checks a new value for `key`.
pub fn validate(key: &str, value: &str) -> Result<u32> {
    let Some(def) = def(key) else {
        let known: Vec<&str> = DEFS.iter().map(|d| d.key).collect();
        return Err(Error::new(Code::SettingInvalid)
            .field(key)
            .arg("value", value)
            .arg("allowed", format!("没有这个设置项，可用的设置项：{}", known.join("、"))));
    };
    let allowed = format!("须为 {} 到 {} 之间的整数", def.min, def.max);
    match value.trim().parse::<u32>() {
        Ok(n) if (def.min..=def.max).contains(&n) => Ok(n),
        _ => Err(Error::new(Code::SettingInvalid).field(key).arg("value", value).arg("allowed", allowed)),
    }
}

/// Stores a validated value.
pub fn store(conn: &Connection, key: &str, value: u32, by: &str, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings(key, value, changed_at, changed_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at,
         changed_by = excluded.changed_by",
        (key, value.to_string(), at, by),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_checks_key_and_range() {
        assert_eq!(validate("password.min_length", "10").unwrap(), 10);
        let err = validate("password.min_length", "6").unwrap_err();
        assert_eq!(err.code(), Code::SettingInvalid);
        assert!(err.message().contains("8 到 64"), "{}", err.message());
        let err = validate("password.colour", "1").unwrap_err();
        assert!(err.message().contains("password.min_length"), "{}", err.message());
        assert!(validate("lockout.minutes", "abc").is_err());
    }

    #[test]
    fn backup_reminder_days_range() {
        assert_eq!(Settings::defaults().backup_reminder_days, 7);
        assert_eq!(validate("backup.reminder_days", "30").unwrap(), 30);
        let err = validate("backup.reminder_days", "0").unwrap_err();
        assert_eq!(err.code(), Code::SettingInvalid);
        assert!(err.message().contains("1 到 365"), "{}", err.message());
    }
}
