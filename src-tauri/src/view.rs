//! The shapes the UI receives: errors with their field, sessions, register definitions and
//! records. Masked fields (ID and phone numbers) are masked here, before they leave the
//! process, so the page never contains the clear value.

use serde::Serialize;

use secledger::auth::{InitReport, Session};
use secledger::clock;
use secledger::records::{mask_text, Page, Record, Version};
use secledger::registers::{FieldDef, FieldKind, LevelSet, RegisterDef};

/// A failed command: a stable code for tests, the form field it concerns (its zh-CN label, as
/// the core names it) and the zh-CN message. `fields` lists every invalid field of a form.
#[derive(Debug, Serialize)]
pub struct UiError {
    pub code: String,
    pub field: Option<String>,
    pub message: String,
    pub fields: Vec<FieldError>,
}

/// One invalid form field and what is wrong with it.
#[derive(Debug, Serialize)]
pub struct FieldError {
    pub field: Option<String>,
    pub message: String,
}

impl UiError {
    /// Creates an error of the desktop shell itself, with its message from the catalog.
    pub fn shell(code: &str) -> UiError {
        UiError { code: code.to_string(), field: None, message: secledger::i18n::tr(code, &[]), fields: Vec::new() }
    }

    /// Creates an error that lists every invalid field of a form; the first one leads.
    pub fn from_form(errors: Vec<secledger::Error>) -> UiError {
        let fields: Vec<FieldError> = errors
            .iter()
            .map(|err| FieldError { field: err.field_name().map(str::to_string), message: err.message() })
            .collect();
        let mut first = match errors.into_iter().next() {
            Some(err) => UiError::from(err),
            None => UiError::shell("desktop.internal"),
        };
        first.fields = fields;
        first
    }
}

impl From<secledger::Error> for UiError {
    fn from(err: secledger::Error) -> UiError {
        if let Some(detail) = err.detail_text() {
            eprintln!("secledger-desktop: {}: {detail}", err.code().key());
        }
        UiError {
            code: err.code().key().to_string(),
            field: err.field_name().map(str::to_string),
            message: err.message(),
            fields: Vec::new(),
        }
    }
}

/// The logged-in account and the settings the UI enforces on screen.
#[derive(Debug, Serialize)]
pub struct SessionInfo {
    pub account: String,
    pub display_name: String,
    pub role: String,
    pub role_label: String,
    /// The catalog key of the reason the password must change first, if it must.
    pub password_change_due: Option<String>,
    pub password_change_message: Option<String>,
    pub idle_minutes: u32,
    pub password_min_length: u32,
}

impl SessionInfo {
    pub fn of(session: &Session) -> secledger::Result<SessionInfo> {
        let account = session.account();
        let settings = session.settings()?;
        let due = session.password_change_due();
        Ok(SessionInfo {
            account: account.name.clone(),
            display_name: account.display_name.clone(),
            role: account.role.id().to_string(),
            role_label: account.role.label(),
            password_change_due: due.map(|code| code.key().to_string()),
            password_change_message: due.map(|code| secledger::i18n::tr(&format!("desktop.{}", code.key()), &[])),
            idle_minutes: settings.idle_minutes,
            password_min_length: settings.password_min_length,
        })
    }
}

/// The state the first screen starts from: the vault file and any active session.
#[derive(Debug, Serialize)]
pub struct AppStatus {
    pub vault_path: String,
    pub vault_exists: bool,
    pub session: Option<SessionInfo>,
}

/// The secrets shown once after a vault is created.
#[derive(Debug, Serialize)]
pub struct InitView {
    pub accounts: Vec<FirstPassword>,
    pub recovery_key: String,
}

#[derive(Debug, Serialize)]
pub struct FirstPassword {
    pub account: String,
    pub role_label: String,
    pub password: String,
}

impl From<InitReport> for InitView {
    fn from(report: InitReport) -> InitView {
        let accounts = report
            .accounts
            .into_iter()
            .map(|(account, role, password)| FirstPassword { account, role_label: role.label(), password })
            .collect();
        InitView { accounts, recovery_key: report.recovery_key }
    }
}

/// A register as the list and the add form need it.
#[derive(Debug, Serialize)]
pub struct RegisterView {
    pub id: &'static str,
    pub name: &'static str,
    pub prefix: &'static str,
    pub fields: Vec<FieldView>,
    pub statuses: Vec<StatusView>,
    /// Label of the repeated rows (such as 阅文记录) when the register has them; the add form
    /// of this version cannot fill rows yet.
    pub rows_label: Option<&'static str>,
    pub rows_required: bool,
    pub primary_date: &'static str,
}

#[derive(Debug, Serialize)]
pub struct StatusView {
    pub id: &'static str,
    pub label: &'static str,
}

/// One form field: how to draw it and what the input may look like.
#[derive(Debug, Serialize)]
pub struct FieldView {
    pub id: &'static str,
    pub label: &'static str,
    /// `text`, `long_text`, `choice`, `date`, `person` and so on (see [`kind_name`]).
    pub kind: &'static str,
    pub required: bool,
    pub masked: bool,
    /// Values to pick from (a closed list for `choice`, suggestions for other kinds).
    pub choices: Vec<String>,
    /// Whether `choices` is the complete list of allowed values.
    pub closed: bool,
    /// A zh-CN example of a valid input.
    pub hint: String,
}

impl RegisterView {
    pub fn of(def: &'static RegisterDef) -> RegisterView {
        RegisterView {
            id: def.id,
            name: def.name,
            prefix: def.prefix,
            fields: def.fields.iter().map(FieldView::of).collect(),
            statuses: def.statuses.iter().map(|s| StatusView { id: s.id, label: s.label }).collect(),
            rows_label: def.rows.map(|rows| rows.label),
            rows_required: def.rows.is_some_and(|rows| rows.min_rows > 0),
            primary_date: def.primary_date,
        }
    }
}

impl FieldView {
    pub fn of(field: &FieldDef) -> FieldView {
        let (choices, closed) = choices_of(field.kind);
        FieldView {
            id: field.id,
            label: field.label,
            kind: kind_name(field.kind),
            required: field.required,
            masked: field.masked,
            choices,
            closed,
            hint: hint_of(field.kind),
        }
    }
}

/// Returns the stable name of a field kind, which the UI uses to pick an input.
pub fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::LongText => "long_text",
        FieldKind::Integer { .. } => "integer",
        FieldKind::Quantity { .. } => "quantity",
        FieldKind::Choice(_) => "choice",
        FieldKind::YesNo => "yes_no",
        FieldKind::Confirmation => "confirmation",
        FieldKind::Date => "date",
        FieldKind::Time => "time",
        FieldKind::DateTime => "date_time",
        FieldKind::Classification(_) => "classification",
        FieldKind::SecrecyTerm => "secrecy_term",
        FieldKind::CopyNumbers => "copy_numbers",
        FieldKind::ResidentId => "resident_id",
        FieldKind::Phone => "phone",
        FieldKind::PostLevel => "post_level",
        FieldKind::IncidentGrade => "incident_grade",
        FieldKind::Person => "person",
        FieldKind::Device => "device",
        FieldKind::Record(_) => "record",
        FieldKind::Account => "account",
    }
}

fn choices_of(kind: FieldKind) -> (Vec<String>, bool) {
    let owned = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    match kind {
        FieldKind::Choice(options) => (owned(options), true),
        FieldKind::YesNo => (owned(&["是", "否"]), true),
        FieldKind::Confirmation => (owned(&["是"]), true),
        FieldKind::PostLevel => (owned(&["核心", "重要", "一般"]), true),
        FieldKind::IncidentGrade => (owned(&["高危", "中危", "低危"]), true),
        FieldKind::Classification(LevelSet::Classified) => (owned(&["绝密", "机密", "秘密"]), false),
        FieldKind::Classification(LevelSet::All) => (owned(&["绝密", "机密", "秘密", "内部", "非密"]), false),
        _ => (Vec::new(), false),
    }
}

fn hint_of(kind: FieldKind) -> String {
    let text = match kind {
        FieldKind::Integer { min, max } => return format!("{min} 至 {max} 的整数"),
        FieldKind::Quantity { unit, .. } => return format!("如 3{unit}"),
        FieldKind::Date => "如 2026-01-07",
        FieldKind::Time => "如 09:30",
        FieldKind::DateTime => "如 2026-01-07 09:30",
        FieldKind::Classification(_) => "如 机密 或 机密★10年",
        FieldKind::SecrecyTerm => "如 10年、长期 或 2029-12-31",
        FieldKind::CopyNumbers => "如 001-003,005",
        FieldKind::ResidentId => "18 位公民身份号码",
        FieldKind::Phone => "手机或座机号码",
        FieldKind::Person => "涉密人员编号，如 RY-2026-0001",
        FieldKind::Device => "设备编号，如 SB-2026-0001",
        FieldKind::Record(_) => "记录编号",
        FieldKind::Account => "账户名",
        _ => "",
    };
    text.to_string()
}

/// A record as the list and the record view show it, masked fields masked.
#[derive(Debug, Serialize)]
pub struct RecordView {
    pub number: String,
    pub register: &'static str,
    pub register_name: &'static str,
    pub status: String,
    pub status_label: &'static str,
    pub version: u32,
    pub fields: Vec<FieldText>,
    pub rows: Vec<Vec<FieldText>>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// A field's label and its display text.
#[derive(Debug, Serialize)]
pub struct FieldText {
    pub id: &'static str,
    pub label: &'static str,
    pub text: String,
}

impl RecordView {
    pub fn of(record: &Record) -> RecordView {
        let def = record.register;
        let fields = def
            .fields
            .iter()
            .map(|field| FieldText { id: field.id, label: field.label, text: record.display_field(field.id).unwrap_or_default() })
            .collect();
        let row_fields = def.rows.map(|rows| rows.fields).unwrap_or(&[]);
        let rows = record
            .data
            .rows
            .iter()
            .map(|row| row_fields.iter().map(|field| field_text(field, row.get(field.id))).collect())
            .collect();
        RecordView {
            number: record.number.clone(),
            register: def.id,
            register_name: def.name,
            status: record.status.clone(),
            status_label: record.status_label(),
            version: record.version,
            fields,
            rows,
            created_at: clock::display(&record.created_at),
            created_by: record.created_by.clone(),
            updated_at: clock::display(&record.updated_at),
            updated_by: record.updated_by.clone(),
        }
    }
}

fn field_text(field: &FieldDef, stored: Option<&String>) -> FieldText {
    let text = match stored.filter(|text| !text.is_empty()) {
        Some(text) if field.masked => mask_text(field, text),
        Some(text) => text.clone(),
        None => String::new(),
    };
    FieldText { id: field.id, label: field.label, text }
}

/// One page of a register's records.
#[derive(Debug, Serialize)]
pub struct PageView {
    pub records: Vec<RecordView>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl PageView {
    pub fn of(page: &Page) -> PageView {
        PageView { records: page.records.iter().map(RecordView::of).collect(), total: page.total, page: page.page, per_page: page.per_page }
    }
}

/// One stored version of a record, masked fields masked.
#[derive(Debug, Serialize)]
pub struct VersionView {
    pub version: u32,
    pub at: String,
    pub by: String,
    pub reason: String,
    pub status_label: &'static str,
    pub fields: Vec<FieldText>,
}

impl VersionView {
    pub fn of(def: &'static RegisterDef, version: &Version) -> VersionView {
        let fields = def
            .fields
            .iter()
            .map(|field| field_text(field, version.data.fields.get(field.id)))
            .filter(|field| !field.text.is_empty())
            .collect();
        VersionView {
            version: version.version,
            at: clock::display(&version.at),
            by: version.by.clone(),
            reason: version.reason.clone(),
            status_label: def.status(&version.status).map(|s| s.label).unwrap_or("?"),
            fields,
        }
    }
}

/// A record with its version history, oldest version first.
#[derive(Debug, Serialize)]
pub struct RecordDetail {
    pub record: RecordView,
    pub history: Vec<VersionView>,
}
