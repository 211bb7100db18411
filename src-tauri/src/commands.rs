//! The IPC commands: thin adapters from the page to the core API. Each one checks nothing the
//! core does not check itself; permissions, validation and auditing all happen in the core.
//!
//! The commands are `async` so that Tauri runs them on its worker threads, not on the GTK main
//! thread: a login derives an Argon2id key for about half a second, and the window must keep
//! drawing meanwhile.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tauri::State;

use secledger::auth::{init, InitOptions, Session};
use secledger::records::access::{self, Access};
use secledger::records::{Query, SortOrder};
use secledger::registers::deadline::DueState;
use secledger::registers::values::date::parse_date;
use secledger::registers::FormInput;

use crate::state::{AppState, LockReason};
use crate::view::{AppStatus, InitView, PageView, RecordDetail, RecordView, RegisterView, SessionInfo, UiError, VersionView};

type CommandResult<T> = Result<T, UiError>;

/// Returns the words of the screens from the catalog's `ui.` keys, keyed by the name after `ui.`.
#[tauri::command]
pub async fn ui_texts() -> CommandResult<BTreeMap<&'static str, String>> {
    Ok(secledger::i18n::entries_with_prefix("ui.")
        .into_iter()
        .map(|(name, text)| (name, text.replace("\\n", "\n")))
        .collect())
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    let session = state.with_session(|session| Ok(SessionInfo::of(session)?)).ok();
    Ok(AppStatus {
        vault_path: state.paths.vault.display().to_string(),
        vault_exists: state.paths.vault.exists(),
        session,
    })
}

/// Creates the vault on first run and returns the three first passwords and the recovery key,
/// which are shown once and never stored in clear.
#[tauri::command]
pub async fn init_vault(state: State<'_, AppState>) -> CommandResult<InitView> {
    if let Some(parent) = state.paths.vault.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(secledger::Error::from)?;
    }
    let report = init(&state.paths, &InitOptions::default())?;
    Ok(InitView::from(report))
}

#[tauri::command]
pub async fn login(state: State<'_, AppState>, account: String, password: String) -> CommandResult<SessionInfo> {
    // An earlier session holds the vault lock, so it is locked (and audited) first.
    state.lock(LockReason::Manual);
    let session = Session::login(&state.paths, account.trim(), &password)?;
    state.start(session)
}

#[tauri::command]
pub async fn change_password(state: State<'_, AppState>, password: String, repeated: String) -> CommandResult<SessionInfo> {
    state.with_session(|session| {
        session.change_password(&password, &repeated)?;
        Ok(SessionInfo::of(session)?)
    })
}

#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> CommandResult<()> {
    state.lock(LockReason::Manual);
    Ok(())
}

/// Counts user activity on the page (typing, mouse) towards the idle time.
#[tauri::command]
pub async fn touch(state: State<'_, AppState>) -> CommandResult<()> {
    state.with_session(|_| Ok(()))
}

/// One overdue or due-soon item of the "today" list.
#[derive(Debug, Serialize)]
pub struct TodayItemView {
    pub register_name: &'static str,
    pub number: String,
    pub deadline: &'static str,
    pub due: String,
    pub days_left: i64,
    /// `overdue`, `due_soon` or `later`.
    pub state: &'static str,
    pub person: String,
}

/// Lists what is overdue or falls due soon today, in the core's order (overdue first).
#[tauri::command]
pub async fn today(state: State<'_, AppState>) -> CommandResult<Vec<TodayItemView>> {
    state.with_session(|session| {
        let date = chrono::Local::now().date_naive();
        let items = session.today(date, None)?;
        let views = items
            .iter()
            .map(|item| TodayItemView {
                register_name: item.register.name,
                number: item.number.clone(),
                deadline: item.deadline.label,
                due: item.due.format("%Y-%m-%d").to_string(),
                days_left: item.days_left,
                state: match item.state {
                    DueState::Overdue => "overdue",
                    DueState::DueSoon => "due_soon",
                    DueState::Later => "later",
                },
                person: item.person.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
            })
            .collect();
        Ok(views)
    })
}

/// Returns the backup reminder text for the today screen, or `None` when no reminder is due or
/// the account may not make backups.
#[tauri::command]
pub async fn backup_reminder(state: State<'_, AppState>) -> CommandResult<Option<String>> {
    state.with_session(|session| {
        let date = chrono::Local::now().date_naive();
        Ok(session.backup_reminder(date)?.map(|reminder| reminder.message()))
    })
}

/// Lists the registers the logged-in account may read, with their form definitions.
#[tauri::command]
pub async fn registers(state: State<'_, AppState>) -> CommandResult<Vec<RegisterView>> {
    state.with_session(|session| {
        session.require_password_in_order()?;
        let role = session.account().role;
        let readable = secledger::registers::all()
            .iter()
            .filter(|def| access::allows(role, def, Access::Read))
            .map(RegisterView::of)
            .collect();
        Ok(readable)
    })
}

/// Filters, order and page of a register list, as the page sends them. Empty texts mean
/// "no filter".
#[derive(Debug, Default, Deserialize)]
pub struct QueryInput {
    pub text: Option<String>,
    pub status: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl QueryInput {
    fn to_query(&self) -> secledger::Result<Query> {
        let filled = |text: &Option<String>| text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        let date = |text: &Option<String>, label_key: &str| -> secledger::Result<_> {
            match filled(text) {
                Some(text) => parse_date(&text).map(Some).map_err(|err| err.field(secledger::i18n::tr(label_key, &[]))),
                None => Ok(None),
            }
        };
        let defaults = Query::default();
        Ok(Query {
            status: filled(&self.status),
            text: filled(&self.text),
            from: date(&self.from, "query.from")?,
            to: date(&self.to, "query.to")?,
            sort: filled(&self.sort).and_then(|s| SortOrder::parse(&s)).unwrap_or_default(),
            page: self.page.unwrap_or(1).max(1),
            per_page: self.per_page.unwrap_or(defaults.per_page),
            ..defaults
        })
    }
}

#[tauri::command]
pub async fn query_records(state: State<'_, AppState>, register: String, query: QueryInput) -> CommandResult<PageView> {
    state.with_session(|session| {
        let query = query.to_query()?;
        let page = session.query_records(&register, &query)?;
        Ok(PageView::of(&page))
    })
}

#[tauri::command]
pub async fn get_record(state: State<'_, AppState>, number: String) -> CommandResult<RecordDetail> {
    state.with_session(|session| {
        let record = session.get_record(&number)?;
        let history = session.record_history(&number)?;
        Ok(RecordDetail {
            history: history.iter().map(|version| VersionView::of(record.register, version)).collect(),
            record: RecordView::of(&record),
        })
    })
}

/// Registers a new record. Every invalid field is reported at once, so the form can mark them
/// all; the core validates again when it stores the record.
#[tauri::command]
pub async fn add_record(state: State<'_, AppState>, register: String, fields: BTreeMap<String, String>) -> CommandResult<RecordView> {
    state.with_session(|session| {
        let def = secledger::records::store::register(&register)?;
        session.require_register(def, Access::Write)?;
        let input = FormInput { fields, rows: Vec::new() };
        secledger::registers::validate(def, &input).map_err(UiError::from_form)?;
        let record = session.add_record(def.id, &input)?;
        Ok(RecordView::of(&record))
    })
}
