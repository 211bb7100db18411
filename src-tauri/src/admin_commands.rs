//! Accounts, roles, security settings and the audit chain: thin adapters over the core's
//! `Session` account, settings and audit API. Which role may do what (三员分立) is decided by
//! the core; these commands only shape the results for the screens.

use chrono::{Local, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};
use tauri::State;

use secledger::audit::{self, Filter};
use secledger::auth::{NewAccount, Permission, Role};
use secledger::clock;
use secledger::error::{Code, Error};
use secledger::records::access::{self, Access};
use secledger::registers::values::date::parse_date;

use crate::state::AppState;
use crate::view::UiError;

type CommandResult<T> = Result<T, UiError>;

/// Most audit entries one page lists.
const AUDIT_MAX_PER_PAGE: u32 = 200;

/// An account as the accounts screen lists it.
#[derive(Debug, Serialize)]
pub struct AccountView {
    pub name: String,
    pub display_name: String,
    pub role: &'static str,
    pub role_label: String,
    pub department: String,
    pub active: bool,
    /// Locked out after failed logins, now.
    pub locked: bool,
    pub must_change: bool,
    pub created_at: String,
    pub last_login_at: String,
}

#[derive(Debug, Serialize)]
pub struct RoleView {
    pub id: &'static str,
    pub label: String,
    pub administrator: bool,
}

/// Lists the roles, for the role pickers.
#[tauri::command]
pub async fn roles() -> CommandResult<Vec<RoleView>> {
    Ok(Role::ALL.into_iter().map(|role| RoleView { id: role.id(), label: role.label(), administrator: role.is_administrator() }).collect())
}

/// Lists every account (系统管理员 and 安全保密管理员).
#[tauri::command]
pub async fn list_accounts(state: State<'_, AppState>) -> CommandResult<Vec<AccountView>> {
    state.with_session(|session| {
        let accounts = session.list_accounts()?;
        let views = accounts
            .into_iter()
            .map(|(account, locked)| AccountView {
                role: account.role.id(),
                role_label: account.role.label(),
                name: account.name,
                display_name: account.display_name,
                department: account.department,
                active: account.active,
                locked,
                must_change: account.must_change,
                created_at: clock::display(&account.created_at),
                last_login_at: account.last_login_at.as_deref().map(clock::display).unwrap_or_default(),
            })
            .collect();
        Ok(views)
    })
}

/// A first password, shown once.
#[derive(Debug, Serialize)]
pub struct FirstPasswordView {
    pub account: String,
    pub password: String,
}

/// Adds an account (系统管理员 only) and returns its first password.
#[tauri::command]
pub async fn add_account(state: State<'_, AppState>, name: String, display_name: String, role: String, department: String) -> CommandResult<FirstPasswordView> {
    let role = parse_role(&role)?;
    state.with_session(|session| {
        let new = NewAccount { name: name.trim().to_string(), display_name, role, department };
        let password = session.add_account(&new)?;
        Ok(FirstPasswordView { account: new.name, password })
    })
}

/// Sets a new first password for an account (系统管理员 only).
#[tauri::command]
pub async fn reset_password(state: State<'_, AppState>, account: String, reason: String) -> CommandResult<FirstPasswordView> {
    state.with_session(|session| {
        let password = session.reset_password(&account, &reason)?;
        Ok(FirstPasswordView { account, password })
    })
}

/// Disables an account, or enables it again (系统管理员 only). Enabling also clears a lockout.
#[tauri::command]
pub async fn set_account_active(state: State<'_, AppState>, account: String, active: bool, reason: String) -> CommandResult<()> {
    state.with_session(|session| {
        if active {
            session.unlock_account(&account, &reason)?;
        } else {
            session.lock_account(&account, &reason)?;
        }
        Ok(())
    })
}

/// Changes the role of a business account (安全保密管理员 only).
#[tauri::command]
pub async fn set_account_role(state: State<'_, AppState>, account: String, role: String, reason: String) -> CommandResult<()> {
    let role = parse_role(&role)?;
    state.with_session(|session| Ok(session.set_role(&account, role, &reason)?))
}

fn parse_role(text: &str) -> CommandResult<Role> {
    Role::parse(text).ok_or_else(|| {
        let allowed: Vec<String> = Role::ALL.iter().map(|r| r.label()).collect();
        Error::new(Code::FieldInvalid).field("角色").arg("value", text).arg("allowed", allowed.join("、")).into()
    })
}

/// The register access and the other permissions of each role. Both are fixed in the core
/// (`Role::allows`, `records::access::allows`), so this is a view only.
#[derive(Debug, Serialize)]
pub struct PermissionsView {
    pub roles: Vec<RoleView>,
    pub registers: Vec<RegisterAccessView>,
    pub permissions: Vec<PermissionRowView>,
}

#[derive(Debug, Serialize)]
pub struct RegisterAccessView {
    pub name: &'static str,
    /// Per role, in the order of `roles`: `write`, `read` or `none`.
    pub access: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct PermissionRowView {
    pub label: String,
    /// Per role, in the order of `roles`.
    pub allowed: Vec<bool>,
}

const PERMISSIONS: [Permission; 10] = [
    Permission::ManageAccounts,
    Permission::ManageSettings,
    Permission::ManageBackup,
    Permission::ManagePermissions,
    Permission::ReadRegisters,
    Permission::WriteRegisters,
    Permission::ConfirmDestruction,
    Permission::RevealMasked,
    Permission::Print,
    Permission::ReadAudit,
];

#[tauri::command]
pub async fn permissions(state: State<'_, AppState>) -> CommandResult<PermissionsView> {
    state.with_session(|session| {
        session.require(Permission::ManagePermissions)?;
        let roles = Role::ALL.into_iter().map(|role| RoleView { id: role.id(), label: role.label(), administrator: role.is_administrator() }).collect();
        let registers = secledger::registers::all()
            .iter()
            .map(|def| RegisterAccessView {
                name: def.name,
                access: Role::ALL
                    .into_iter()
                    .map(|role| match (access::allows(role, def, Access::Write), access::allows(role, def, Access::Read)) {
                        (true, _) => "write",
                        (false, true) => "read",
                        _ => "none",
                    })
                    .collect(),
            })
            .collect();
        let permissions = PERMISSIONS
            .into_iter()
            .map(|permission| PermissionRowView { label: permission.label(), allowed: Role::ALL.into_iter().map(|role| role.allows(permission)).collect() })
            .collect();
        Ok(PermissionsView { roles, registers, permissions })
    })
}

/// One security setting with its allowed range.
#[derive(Debug, Serialize)]
pub struct SettingView {
    pub key: &'static str,
    pub label: String,
    pub value: u32,
    pub min: u32,
    pub max: u32,
}

/// The security settings in force, and whether this account may change them.
#[derive(Debug, Serialize)]
pub struct SettingsView {
    pub settings: Vec<SettingView>,
    pub editable: bool,
}

#[tauri::command]
pub async fn security_settings(state: State<'_, AppState>) -> CommandResult<SettingsView> {
    state.with_session(|session| {
        session.require_password_in_order()?;
        let role = session.account().role;
        if !role.allows(Permission::ManageSettings) {
            session.require(Permission::ManagePermissions)?;
        }
        let current = session.settings()?;
        let value_of = |key: &str| match key {
            "password.min_length" => current.password_min_length,
            "password.expiry_days" => current.password_expiry_days,
            "lockout.threshold" => current.lockout_threshold,
            "lockout.minutes" => current.lockout_minutes,
            _ => current.idle_minutes,
        };
        let settings = secledger::settings::DEFS
            .iter()
            .map(|def| SettingView { key: def.key, label: secledger::i18n::tr(def.label_key, &[]), value: value_of(def.key), min: def.min, max: def.max })
            .collect();
        Ok(SettingsView { settings, editable: role.allows(Permission::ManageSettings) })
    })
}

/// Changes security settings (系统管理员 only). Each changed value is validated and stored by
/// the core, one audited change at a time; the first invalid value stops the rest.
#[tauri::command]
pub async fn set_security_settings(state: State<'_, AppState>, values: std::collections::BTreeMap<String, String>) -> CommandResult<()> {
    state.with_session(|session| {
        let current = session.settings()?;
        for (key, value) in &values {
            secledger::settings::validate(key, value)?;
        }
        for (key, value) in &values {
            let unchanged = value.trim().parse::<u32>().ok() == Some(setting_value(&current, key));
            if !unchanged {
                session.set_setting(key, value)?;
            }
        }
        Ok(())
    })
}

fn setting_value(settings: &secledger::settings::Settings, key: &str) -> u32 {
    match key {
        "password.min_length" => settings.password_min_length,
        "password.expiry_days" => settings.password_expiry_days,
        "lockout.threshold" => settings.lockout_threshold,
        "lockout.minutes" => settings.lockout_minutes,
        "session.idle_minutes" => settings.idle_minutes,
        _ => u32::MAX,
    }
}

/// The filters of the audit log screen. Dates are local days, both included.
#[derive(Debug, Default, Deserialize)]
pub struct AuditQueryInput {
    pub account: Option<String>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Show entries older than this sequence number (the next page).
    pub before_seq: Option<u64>,
    pub per_page: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct AuditEntryView {
    pub seq: u64,
    pub at: String,
    pub account: String,
    pub action: String,
    pub target: String,
}

/// One page of the audit log, newest first. `older` is set when more entries follow.
#[derive(Debug, Serialize)]
pub struct AuditPageView {
    pub entries: Vec<AuditEntryView>,
    pub older: Option<u64>,
}

/// Lists audit entries newest first (安全审计员 only), one page at a time.
#[tauri::command]
pub async fn audit_entries(state: State<'_, AppState>, query: AuditQueryInput) -> CommandResult<AuditPageView> {
    let filled = |text: &Option<String>| text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    let since = filled(&query.from).map(|text| day_start("query.from", &text, false)).transpose()?;
    let until = filled(&query.to).map(|text| day_start("query.to", &text, true)).transpose()?;
    if let (Some(since), Some(until)) = (&since, &until) {
        if until <= since {
            return Err(Error::new(Code::FieldEndBeforeStart)
                .field(secledger::i18n::tr("query.to", &[]))
                .arg("end", query.to.as_deref().unwrap_or_default())
                .arg("start_field", secledger::i18n::tr("query.from", &[]))
                .arg("start", query.from.as_deref().unwrap_or_default())
                .into());
        }
    }
    let per_page = query.per_page.unwrap_or(50).clamp(1, AUDIT_MAX_PER_PAGE);
    let filter = Filter {
        account: filled(&query.account),
        action: filled(&query.action),
        since,
        until,
        before_seq: query.before_seq,
        // Reading one entry more than a page shows whether an older page exists.
        limit: Some(per_page + 1),
    };
    state.with_session(|session| {
        let mut entries = session.list_audit(&filter)?;
        let more = entries.len() > per_page as usize;
        entries.truncate(per_page as usize);
        let older = if more { entries.last().map(|e| e.seq) } else { None };
        let entries = entries
            .into_iter()
            .map(|e| AuditEntryView { seq: e.seq, at: clock::display(&e.at), account: e.account, action: e.action, target: e.target })
            .collect();
        Ok(AuditPageView { entries, older })
    })
}

/// Returns the start of a local day as stored audit time text (UTC RFC 3339). With `next_day`
/// it returns the start of the following day, so that the last day is included.
fn day_start(label_key: &str, text: &str, next_day: bool) -> CommandResult<String> {
    let label = secledger::i18n::tr(label_key, &[]);
    let date = parse_date(text).map_err(|err| err.field(label.clone()))?;
    let day = if next_day { date.succ_opt().unwrap_or(date) } else { date };
    let local = Local
        .from_local_datetime(&day.and_time(NaiveTime::MIN))
        .earliest()
        .ok_or_else(|| Error::new(Code::FieldInvalid).field(label).arg("value", text).arg("allowed", secledger::i18n::tr("field.allowed.date", &[])))?;
    Ok(clock::to_text(local.with_timezone(&chrono::Utc)))
}

/// The result of verifying the chain. A broken or rolled-back chain is a result, not a failed
/// command: the screen shows it in place.
#[derive(Debug, Serialize)]
pub struct VerifyView {
    pub ok: bool,
    pub entries: u64,
    pub head: String,
    pub message: String,
    /// The first broken entry, when the chain is broken.
    pub broken_seq: Option<u64>,
}

#[tauri::command]
pub async fn verify_audit(state: State<'_, AppState>) -> CommandResult<VerifyView> {
    state.with_session(|session| match session.verify_audit() {
        Ok(verified) => {
            let head = format!("{} {}", verified.head.seq, audit::short_code(&verified.head));
            let message = secledger::i18n::tr("desktop.audit.verified", &[("entries", &verified.entries), ("head", &head)]);
            Ok(VerifyView { ok: true, entries: verified.entries, head, message, broken_seq: None })
        }
        Err(err) if matches!(err.code(), Code::AuditBroken | Code::AuditRolledBack) => {
            let broken_seq = err.arg_value("seq").and_then(|seq| seq.parse().ok());
            Ok(VerifyView { ok: false, entries: 0, head: String::new(), message: err.message(), broken_seq })
        }
        Err(err) => Err(err.into()),
    })
}
