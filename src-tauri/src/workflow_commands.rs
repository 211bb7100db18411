//! The IPC commands of the workflow screens and of the record view's actions: thin adapters
//! over the core's workflow methods (`secledger::workflows`, `secledger::inventory`) and its
//! generic record functions (`edit_record`, `change_status`, `void_record`, `reveal_field`).
//! Every rule, permission and audit entry is the core's; these functions only shape the input
//! and the output for the page.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tauri::State;

use secledger::auth::Session;
use secledger::inventory::{InventoryId, ScanResult};
use secledger::records::{Query, Record};
use secledger::registers::validate::validate_first;
use secledger::registers::values::date::parse_date;
use secledger::registers::{FormInput, RegisterDef};
use secledger::workflows::copying::CopyRequest;
use secledger::workflows::{status_workflow, LoanClearance, LoanRequest, ReturnCheck, ScrapDestruction};
use secledger::{Code, Error};

use crate::state::AppState;
use crate::view::{FieldView, RecordView, UiError};

type CommandResult<T> = Result<T, UiError>;

// ---------------------------------------------------------------------------------------------
// The record view's actions.

/// The actions an operator may take on one record: the workflows that apply to its register
/// and status, the status changes a plain edit may make, correction, cancellation and reveal.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct RecordActions {
    /// Workflow dialogs to offer, by id (`circulation`, `copy_apply`, `copy`, `loan`,
    /// `loan_return`, `repair`, `scrap_apply`, `scrap_confirm`, `disposal_confirm`,
    /// `departure`).
    pub workflows: Vec<&'static str>,
    pub transitions: Vec<TransitionView>,
    /// Whether the record may still be corrected and cancelled (its status is not final).
    pub editable: bool,
    /// The masked fields that hold a value, which a reveal can show in full.
    pub masked: Vec<MaskedField>,
}

/// A status change outside the workflows, with the fields it needs filled.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct TransitionView {
    pub to: &'static str,
    /// The action's name on its button, such as 审批.
    pub action: &'static str,
    pub to_label: &'static str,
    /// Ids of the fields the change requires; the page draws them from the register's form.
    pub requires: Vec<&'static str>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct MaskedField {
    pub id: &'static str,
    pub label: &'static str,
}

/// Lists the actions that apply to `record` as it is now.
pub fn record_actions_of(record: &Record) -> RecordActions {
    let def = record.register;
    let status = record.status.as_str();
    let is_final = def.status(status).is_some_and(|s| s.is_final);
    let transitions = def
        .transitions
        .iter()
        .filter(|transition| transition.from.contains(&status))
        .filter(|transition| status_workflow(def.id, transition.to).is_none())
        .filter(|transition| !WORKFLOW_STEPS.contains(&(def.id, transition.to)))
        .filter(|transition| transition.requires.iter().all(|id| def.field(id).is_some()))
        .map(|transition| TransitionView {
            to: transition.to,
            action: transition.action,
            to_label: def.status(transition.to).map(|s| s.label).unwrap_or(transition.to),
            requires: transition.requires.to_vec(),
        })
        .collect();
    let masked = def
        .fields
        .iter()
        .filter(|field| field.masked && record.data.field(field.id).is_some_and(|text| !text.is_empty()))
        .map(|field| MaskedField { id: field.id, label: field.label })
        .collect();
    RecordActions { workflows: workflows_for(def.id, status), transitions, editable: !is_final, masked }
}

/// Status changes that a workflow dialog makes with its own rules and audit entry, so the
/// record view offers them only there (复制审批's approvals, 流转单's 审核 and 全部收回, a
/// loan's 归还, a document's 归档, which also closes its slip).
const WORKFLOW_STEPS: &[(&str, &str)] = &[
    ("copy_approvals", "leader_approved"),
    ("copy_approvals", "approved"),
    ("circulation", "reviewed"),
    ("circulation", "completed"),
    ("media_loans", "returned"),
    ("incoming_documents", "filed"),
];

/// Lists the workflow dialogs that start from a record of `register` in `status`.
fn workflows_for(register: &str, status: &str) -> Vec<&'static str> {
    match (register, status) {
        ("incoming_documents", "registered" | "circulating" | "returned" | "filed") => vec!["circulation", "copy_apply"],
        ("outgoing_documents", "signed" | "dispatched" | "filed") => vec!["copy_apply"],
        ("circulation", "proposed" | "reviewed" | "open") => vec!["circulation"],
        ("copy_approvals", "applied" | "leader_approved" | "approved") => vec!["copy"],
        ("devices", "in_use" | "idle") => vec!["loan", "repair", "scrap_apply"],
        ("media_loans", "lent") => vec!["loan_return"],
        ("scrapping", "wiped") => vec!["scrap_confirm"],
        ("disposal_batches", "sealed") => vec!["disposal_confirm"],
        ("personnel", "on_post") => vec!["departure"],
        _ => Vec::new(),
    }
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_actions(state: State<'_, AppState>, number: String) -> CommandResult<RecordActions> {
    state.with_session(|session| {
        let record = session.get_record(&number)?;
        Ok(record_actions_of(&record))
    })
}

/// Corrects a record: `fields` are the changed fields only (a masked field the page never saw
/// in full is not sent, so it keeps its value). The core stores a new version with `reason`.
#[tauri::command(rename_all = "snake_case")]
pub async fn edit_record(state: State<'_, AppState>, number: String, fields: BTreeMap<String, String>, reason: String) -> CommandResult<RecordView> {
    state.with_session(|session| {
        let changes = FormInput { fields, rows: Vec::new() };
        let record = session.edit_record(&number, &changes, &reason)?;
        Ok(RecordView::of(&record))
    })
}

/// Changes a record's status along one of its register's transitions. The fields the change
/// requires come in `fields`; they are stored first as a correction, then the status changes.
#[tauri::command(rename_all = "snake_case")]
pub async fn change_status(state: State<'_, AppState>, number: String, to: String, fields: BTreeMap<String, String>, reason: String) -> CommandResult<RecordView> {
    state.with_session(|session| Ok(RecordView::of(&change_status_with(session, &number, &to, fields, &reason)?)))
}

/// Stores the transition's `fields` as a correction, then changes the status. Nothing is
/// stored when the change would be rejected with those fields.
fn change_status_with(session: &mut Session, number: &str, to: &str, fields: BTreeMap<String, String>, reason: &str) -> secledger::Result<Record> {
    let fields = filled(fields);
    if !fields.is_empty() {
        check_transition_with(session, number, to, &fields, reason)?;
        let action_reason = if reason.trim().is_empty() { transition_reason(session, number, to)? } else { reason.to_string() };
        session.edit_record(number, &FormInput { fields, rows: Vec::new() }, &action_reason)?;
    }
    session.change_status(number, to, reason)
}

/// Drops blank entries: a transition dialog never clears a field.
fn filled(fields: BTreeMap<String, String>) -> BTreeMap<String, String> {
    fields.into_iter().filter(|(_, text)| !text.trim().is_empty()).collect()
}

/// Checks, before anything is stored, that the record with `fields` merged in may take the
/// transition. The correction and the status change are two versions, so a change the core
/// would refuse must be refused before the correction is stored.
// NOTE: the two writes are not one transaction. When only `change_status` rejects the change
// (because the record changed in between), the correction stays stored. The page then shows
// the rejection and the record's new version.
fn check_transition_with(session: &mut Session, number: &str, to: &str, fields: &BTreeMap<String, String>, reason: &str) -> secledger::Result<()> {
    let record = session.get_record(number)?;
    let def = record.register;
    let to = secledger::records::store::resolve_status(def, to)?;
    let mut data = record.data.clone();
    for (id, text) in fields {
        data.fields.insert(id.clone(), text.clone());
    }
    let values = validate_first(def, &data.to_input())?;
    let reason = if reason.trim().is_empty() { "-" } else { reason };
    def.check_transition(&record.status, to, Some(reason), &values)
}

/// Returns the reason stored with the correction of a transition: the action's name, such as
/// 审批.
fn transition_reason(session: &mut Session, number: &str, to: &str) -> secledger::Result<String> {
    let record = session.get_record(number)?;
    let action = record.register.transitions.iter().find(|t| t.to == to).map(|t| t.action).unwrap_or(to);
    Ok(action.to_string())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn void_record(state: State<'_, AppState>, number: String, reason: String) -> CommandResult<RecordView> {
    state.with_session(|session| Ok(RecordView::of(&session.void_record(&number, &reason)?)))
}

/// Returns a masked field in full. The core checks the permission and audits the reveal.
#[tauri::command(rename_all = "snake_case")]
pub async fn reveal_field(state: State<'_, AppState>, number: String, field: String) -> CommandResult<String> {
    state.with_session(|session| Ok(session.reveal_field(&number, &field)?))
}

/// Lists the form fields of `register`, its rows' fields after its own, for dialogs that fill
/// some of them (transitions, workflow steps, the repair and scrapping requests).
#[tauri::command(rename_all = "snake_case")]
pub async fn register_fields(state: State<'_, AppState>, register: String) -> CommandResult<Vec<FieldView>> {
    state.with_session(|_| {
        let def = secledger::records::store::register(&register)?;
        let row_fields = def.rows.map(|rows| rows.fields).unwrap_or(&[]);
        Ok(def.fields.iter().chain(row_fields).map(FieldView::of).collect())
    })
}

// ---------------------------------------------------------------------------------------------
// 文件流转.

/// A document's circulation: its slips, the reader who has it and the readers' rows.
#[derive(Debug, Serialize)]
pub struct CirculationView {
    pub document: RecordView,
    pub slips: Vec<SlipView>,
    /// The reader who has the document now, if any.
    pub holder: Option<HolderView>,
}

#[derive(Debug, Serialize)]
pub struct HolderView {
    pub slip: String,
    pub reader: String,
    pub name: String,
    pub sent_at: String,
    pub return_due: String,
}

#[derive(Debug, Serialize)]
pub struct SlipView {
    pub number: String,
    pub status: String,
    pub status_label: &'static str,
    pub proposed_handling: String,
    pub proposed_by: String,
    pub reviewed_by: String,
    pub review_opinion: String,
    pub readers: Vec<ReaderView>,
}

/// One reader's row of a slip.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ReaderView {
    pub reader: String,
    pub name: String,
    pub sent_at: String,
    pub return_due: String,
    pub returned_at: String,
    /// Not returned and past its 归还期限.
    pub overdue: bool,
}

/// Returns whether a reader's row is overdue on `today`: not returned, and its 归还期限 (a
/// date, or a date and time) lies before today.
pub fn reader_overdue(return_due: &str, returned_at: &str, today: NaiveDate) -> bool {
    if !returned_at.trim().is_empty() {
        return false;
    }
    let day = return_due.trim().get(..10).unwrap_or(return_due.trim());
    parse_date(day).is_ok_and(|due| due < today)
}

/// Finds `number`'s document: itself for a document, the slip's document for a slip.
fn circulation_document(session: &mut Session, number: &str) -> secledger::Result<Record> {
    let record = session.get_record(number)?;
    if record.register.id == "circulation" {
        let document = record.data.field("document").unwrap_or_default().to_string();
        return session.get_record(&document);
    }
    Ok(record)
}

fn person_name(session: &mut Session, number: &str) -> String {
    session
        .get_record(number)
        .ok()
        .and_then(|person| person.data.field("name").map(str::to_string))
        .unwrap_or_default()
}

/// Loads the circulation of the document `number` (or of the slip `number`'s document).
#[tauri::command(rename_all = "snake_case")]
pub async fn circulation_state(state: State<'_, AppState>, number: String) -> CommandResult<CirculationView> {
    state.with_session(|session| {
        let document = circulation_document(session, &number)?;
        let query = Query { fields: vec![("document".into(), document.number.clone())], per_page: 100, ..Query::default() };
        let page = session.query_records("circulation", &query)?;
        let today = chrono::Local::now().date_naive();
        let mut slips = Vec::new();
        for slip in &page.records {
            let mut readers = Vec::new();
            for row in &slip.data.rows {
                let text = |id: &str| row.get(id).cloned().unwrap_or_default();
                let reader = text("reader");
                readers.push(ReaderView {
                    name: person_name(session, &reader),
                    overdue: reader_overdue(&text("return_due"), &text("returned_at"), today),
                    reader,
                    sent_at: text("sent_at"),
                    return_due: text("return_due"),
                    returned_at: text("returned_at"),
                });
            }
            let field = |id: &str| slip.data.field(id).unwrap_or_default().to_string();
            slips.push(SlipView {
                number: slip.number.clone(),
                status: slip.status.clone(),
                status_label: slip.status_label(),
                proposed_handling: field("proposed_handling"),
                proposed_by: field("proposed_by"),
                reviewed_by: field("reviewed_by"),
                review_opinion: field("review_opinion"),
                readers,
            });
        }
        slips.sort_by(|a, b| b.number.cmp(&a.number));
        let holder = session.document_holder(&document.number)?.map(|holder| HolderView {
            slip: holder.slip,
            reader: holder.reader,
            name: holder.name,
            sent_at: holder.sent_at,
            return_due: holder.return_due,
        });
        Ok(CirculationView { document: RecordView::of(&document), slips, holder })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn circulation_propose(state: State<'_, AppState>, document: String, date: String, opinion: String, by: String) -> CommandResult<RecordView> {
    state.with_session(|session| Ok(RecordView::of(&session.propose_circulation(&document, &date, &opinion, &by)?)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn circulation_review(state: State<'_, AppState>, slip: String, by: String, opinion: String) -> CommandResult<RecordView> {
    state.with_session(|session| Ok(RecordView::of(&session.review_circulation(&slip, &by, &opinion)?)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn circulation_send(state: State<'_, AppState>, slip: String, reader: String, sent_at: String, due: String) -> CommandResult<RecordView> {
    state.with_session(|session| Ok(RecordView::of(&session.send_to_reader(&slip, &reader, &sent_at, &due)?)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn circulation_return(state: State<'_, AppState>, slip: String, at: String) -> CommandResult<RecordView> {
    state.with_session(|session| Ok(RecordView::of(&session.return_from_reader(&slip, &at)?)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn circulation_file(state: State<'_, AppState>, document: String, location: String) -> CommandResult<RecordView> {
    state.with_session(|session| Ok(RecordView::of(&session.file_document(&document, &location)?)))
}

// ---------------------------------------------------------------------------------------------
// 介质借用.

/// A loan as the form sends it, each field as typed.
#[derive(Debug, Default, Deserialize)]
pub struct LoanInput {
    pub medium: String,
    pub borrower: String,
    pub purpose: String,
    pub reminded_by: String,
    pub lent_at: String,
    pub due: String,
}

impl LoanInput {
    fn request(&self) -> LoanRequest<'_> {
        LoanRequest {
            medium: &self.medium,
            borrower: &self.borrower,
            purpose: &self.purpose,
            reminded_by: &self.reminded_by,
            lent_at: &self.lent_at,
            return_due: &self.due,
        }
    }
}

/// The clearance check before a loan, as a check list with one line per rule.
#[derive(Debug, Serialize)]
pub struct LoanCheckView {
    pub items: Vec<CheckItem>,
    pub clear: bool,
    /// The values the rules compare: the medium's 密级 and 知悉范围, the borrower's 岗位等级.
    pub medium_classification: String,
    pub need_to_know: String,
    pub borrower_name: String,
    pub borrower_level: String,
}

/// One rule of the clearance check: passed, or refused with the core's message.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct CheckItem {
    /// The rule's id; the page shows its name from the catalog (`need_to_know` is
    /// `ui.loanRuleNeedToKnow`).
    pub rule: &'static str,
    pub passed: bool,
    /// The core's zh-CN reasons when refused.
    pub messages: Vec<String>,
}

/// The rules of the clearance check in the order the core checks them, with the codes of the
/// refusals each one gives.
const LOAN_RULES: &[(&str, &[Code])] = &[
    ("medium", &[Code::LoanMediumUnavailable, Code::LoanMediumScrapping]),
    ("not_out", &[Code::LoanMediumOut]),
    ("on_post", &[Code::WorkflowPersonNotOnPost]),
    ("level", &[Code::WorkflowLevelTooLow]),
    ("need_to_know", &[Code::LoanNeedToKnow, Code::LoanNeedToKnowMissing]),
    ("overdue", &[Code::LoanOverdue]),
    ("reminder", &[Code::LoanReminderMissing, Code::AccountDisabled, Code::AccountUnknown]),
];

/// Sorts the core's refusals onto the check list's rules. A refusal of a code no rule lists
/// (a rule the core added later) becomes a rule of its own, `other`, so it is never hidden.
pub fn check_items(clearance: &LoanClearance) -> Vec<CheckItem> {
    let mut items: Vec<CheckItem> = LOAN_RULES
        .iter()
        .map(|(rule, codes)| {
            let messages: Vec<String> = clearance.refusals.iter().filter(|err| codes.contains(&err.code())).map(Error::message).collect();
            CheckItem { rule, passed: messages.is_empty(), messages }
        })
        .collect();
    let others: Vec<String> = clearance
        .refusals
        .iter()
        .filter(|err| !LOAN_RULES.iter().any(|(_, codes)| codes.contains(&err.code())))
        .map(Error::message)
        .collect();
    if !others.is_empty() {
        items.push(CheckItem { rule: "other", passed: false, messages: others });
    }
    items
}

#[tauri::command(rename_all = "snake_case")]
pub async fn loan_check(state: State<'_, AppState>, loan: LoanInput) -> CommandResult<LoanCheckView> {
    state.with_session(|session| {
        let clearance = session.loan_clearance(&loan.request())?;
        let items = check_items(&clearance);
        // The clearance found both records, so these reads succeed for the numbers as typed.
        // A number typed in another form (lower case) only leaves the facts blank.
        let medium = session.get_record(loan.medium.trim()).ok();
        let borrower = session.get_record(loan.borrower.trim()).ok();
        let field = |record: &Option<Record>, id: &str| record.as_ref().and_then(|r| r.data.field(id)).unwrap_or_default().to_string();
        Ok(LoanCheckView {
            clear: clearance.is_clear(),
            items,
            medium_classification: field(&medium, "classification"),
            need_to_know: field(&medium, "need_to_know"),
            borrower_name: field(&borrower, "name"),
            borrower_level: field(&borrower, "post_level"),
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn loan_lend(state: State<'_, AppState>, loan: LoanInput) -> CommandResult<RecordView> {
    state.with_session(|session| Ok(RecordView::of(&session.lend_medium(&loan.request())?)))
}

/// Records a medium's return with the check: `check` is 完好 or 有异常, `note` what was found.
#[tauri::command(rename_all = "snake_case")]
pub async fn loan_return(state: State<'_, AppState>, loan: String, at: String, check: String, note: String) -> CommandResult<RecordView> {
    state.with_session(|session| {
        let check = match check.as_str() {
            "有异常" => ReturnCheck::Abnormal(&note),
            _ => ReturnCheck::Intact,
        };
        Ok(RecordView::of(&session.return_medium(&loan, &at, check)?))
    })
}

// ---------------------------------------------------------------------------------------------
// 复制审批.

#[derive(Debug, Default, Deserialize)]
pub struct CopyInput {
    pub document: String,
    pub date: String,
    pub applicant: String,
    pub reason: String,
    pub count: String,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn copy_apply(state: State<'_, AppState>, copy: CopyInput) -> CommandResult<RecordView> {
    state.with_session(|session| {
        let request = CopyRequest { document: &copy.document, applied_on: &copy.date, applicant: &copy.applicant, reason: &copy.reason, copy_count: &copy.count };
        Ok(RecordView::of(&session.apply_for_copy(&request)?))
    })
}

/// Records one approval of a copy: `step` is `leader` (分管领导) or `officer` (保密专管员).
#[tauri::command(rename_all = "snake_case")]
pub async fn copy_approve(state: State<'_, AppState>, approval: String, step: String, by: String, date: String) -> CommandResult<RecordView> {
    state.with_session(|session| {
        let record = match step.as_str() {
            "leader" => session.approve_copy_as_leader(&approval, &by, &date)?,
            "officer" => session.approve_copy_as_officer(&approval, &by, &date)?,
            other => return Err(UiError::from(Error::new(Code::Internal).arg("reason", format!("unknown copy approval step {other}")))),
        };
        Ok(RecordView::of(&record))
    })
}

#[derive(Debug, Serialize)]
pub struct CopiesView {
    pub approval: RecordView,
    pub new_numbers: String,
    pub document: String,
    pub all_numbers: String,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn copy_register(state: State<'_, AppState>, approval: String, date: String, by: String) -> CommandResult<CopiesView> {
    state.with_session(|session| {
        let outcome = session.register_copies(&approval, &date, &by)?;
        Ok(CopiesView {
            approval: RecordView::of(&outcome.approval),
            new_numbers: outcome.new_numbers.to_string(),
            document: outcome.original.number.clone(),
            all_numbers: outcome.original.data.field("copy_numbers").unwrap_or_default().to_string(),
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Two-account confirmations: 报废销毁 and 清退/销毁 batches.

/// The second account, as typed in the confirmation dialog.
#[derive(Debug, Default, Deserialize)]
pub struct SecondAccount {
    pub account: String,
    pub password: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ScrapInput {
    pub scrapping: String,
    pub escort_1: String,
    pub escort_2: String,
    pub site: String,
    pub date: String,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn scrap_confirm(state: State<'_, AppState>, scrap: ScrapInput, second: SecondAccount) -> CommandResult<RecordView> {
    state.with_session(|session| {
        let destruction = ScrapDestruction { escort_1: &scrap.escort_1, escort_2: &scrap.escort_2, destruction_site: &scrap.site, destroyed_on: &scrap.date };
        let record = session.confirm_scrapping(&scrap.scrapping, &destruction, (&second.account, &second.password))?;
        Ok(RecordView::of(&record))
    })
}

#[derive(Debug, Serialize)]
pub struct DisposalView {
    pub batch: RecordView,
    pub documents: Vec<RecordView>,
}

/// Hands over a sealed batch. The second account is passed on only when an account name was
/// typed: a pure 清退 batch needs none, and the core reports when one is missing.
#[tauri::command(rename_all = "snake_case")]
pub async fn disposal_confirm(state: State<'_, AppState>, batch: String, date: String, second: SecondAccount) -> CommandResult<DisposalView> {
    state.with_session(|session| {
        let second = Some((second.account.as_str(), second.password.as_str())).filter(|(account, _)| !account.trim().is_empty());
        let outcome = session.confirm_disposal(&batch, &date, second)?;
        Ok(DisposalView { batch: RecordView::of(&outcome.batch), documents: outcome.documents.iter().map(RecordView::of).collect() })
    })
}

// ---------------------------------------------------------------------------------------------
// 离岗离职.

#[derive(Debug, Serialize)]
pub struct CarrierView {
    pub number: String,
    pub description: String,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn departure_carriers(state: State<'_, AppState>, person: String) -> CommandResult<Vec<CarrierView>> {
    state.with_session(|session| {
        let carriers = session.departure_carriers(&person)?;
        Ok(carriers.into_iter().map(|c| CarrierView { number: c.number, description: c.description }).collect())
    })
}

#[derive(Debug, Serialize)]
pub struct DepartureView {
    pub person: RecordView,
    pub period_years: u32,
    pub ends_on: String,
}

/// Records a departure. `years` is the 脱密期 in years, or `None` for the shortest the
/// person's 岗位等级 allows; the page offers only whole years.
#[tauri::command(rename_all = "snake_case")]
pub async fn departure_record(state: State<'_, AppState>, person: String, date: String, years: Option<u32>) -> CommandResult<DepartureView> {
    state.with_session(|session| {
        let departure = session.record_departure(&person, &date, years)?;
        Ok(DepartureView {
            person: RecordView::of(&departure.record),
            period_years: departure.period_years,
            ends_on: departure.ends_on.format("%Y-%m-%d").to_string(),
        })
    })
}

// ---------------------------------------------------------------------------------------------
// 年度清查.

#[derive(Debug, Serialize)]
pub struct InventoryView {
    pub id: i64,
    pub register: &'static str,
    pub register_name: &'static str,
    pub started_at: String,
    pub started_by: String,
    pub scans: u64,
}

impl InventoryView {
    fn of(inventory: &secledger::inventory::Inventory) -> InventoryView {
        InventoryView {
            id: inventory.id.0,
            register: inventory.register.id,
            register_name: inventory.register.name,
            started_at: secledger::clock::display(&inventory.started_at),
            started_by: inventory.started_by.clone(),
            scans: inventory.scans,
        }
    }
}

/// The registers that can be counted, and the open inventories.
#[derive(Debug, Serialize)]
pub struct InventoriesView {
    pub registers: Vec<InventoryRegister>,
    pub open: Vec<InventoryView>,
}

#[derive(Debug, Serialize)]
pub struct InventoryRegister {
    pub id: &'static str,
    pub name: &'static str,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn inventories(state: State<'_, AppState>) -> CommandResult<InventoriesView> {
    state.with_session(|session| {
        let registers = secledger::registers::all()
            .iter()
            .filter(|def| secledger::inventory::inventoried_register(def.id).is_ok())
            .map(|def: &RegisterDef| InventoryRegister { id: def.id, name: def.name })
            .collect();
        let open = session.open_inventories()?.iter().map(InventoryView::of).collect();
        Ok(InventoriesView { registers, open })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn inventory_start(state: State<'_, AppState>, register: String) -> CommandResult<InventoryView> {
    state.with_session(|session| {
        session.start_inventory(&register)?;
        Ok(InventoryView::of(&session.open_inventory(&register)?))
    })
}

/// The result of one scanned code.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ScanView {
    pub code: String,
    /// `found`, `duplicate`, `mismatch`, `ambiguous` or `unknown`.
    pub result: &'static str,
    /// The record matched, or the records for `ambiguous`, joined with 、.
    pub number: String,
    /// Times scanned, for `duplicate`; the record's status, for `mismatch`.
    pub detail: String,
    pub found: usize,
    pub expected: usize,
}

/// Shapes one scan outcome for the page.
pub fn scan_view(code: String, result: &ScanResult, found: usize, expected: usize) -> ScanView {
    let (result, number, detail) = match result {
        ScanResult::Found { number } => ("found", number.clone(), String::new()),
        ScanResult::Repeated { number, times } => ("duplicate", number.clone(), times.to_string()),
        ScanResult::StatusMismatch { number, status } => ("mismatch", number.clone(), status.clone()),
        ScanResult::Ambiguous { numbers } => ("ambiguous", numbers.join("、"), String::new()),
        ScanResult::Unknown => ("unknown", String::new(), String::new()),
    };
    ScanView { code, result, number, detail, found, expected }
}

/// Stores one scanned code (a USB scanner types it and presses Enter) and returns what it
/// matched.
#[tauri::command(rename_all = "snake_case")]
pub async fn inventory_scan(state: State<'_, AppState>, inventory: i64, code: String) -> CommandResult<ScanView> {
    state.with_session(|session| {
        let summary = session.scan(InventoryId(inventory), &code)?;
        let Some(outcome) = summary.outcomes.into_iter().next() else {
            // A blank line is skipped by the core; the page treats it as "nothing scanned".
            return Err(UiError::from(Error::new(Code::FieldRequired).field(secledger::i18n::tr("inventory.field.lines", &[]))));
        };
        Ok(scan_view(outcome.code, &outcome.result, summary.found, summary.expected))
    })
}

#[derive(Debug, Serialize)]
pub struct ReportView {
    pub register_name: &'static str,
    pub expected: usize,
    pub found: Vec<ItemView>,
    pub missing: Vec<ItemView>,
    pub scanned_twice: Vec<ItemView>,
    pub unknown: Vec<String>,
    pub mismatched: Vec<ItemView>,
    pub ambiguous: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub number: String,
    pub label: String,
    pub status_label: String,
    pub scans: u32,
}

impl ItemView {
    fn of(item: &secledger::inventory::Item) -> ItemView {
        ItemView { number: item.number.clone(), label: item.label.clone().unwrap_or_default(), status_label: item.status_label.clone(), scans: item.scans }
    }
}

#[tauri::command(rename_all = "snake_case")]
pub async fn inventory_report(state: State<'_, AppState>, inventory: i64) -> CommandResult<ReportView> {
    state.with_session(|session| {
        let report = session.inventory_report(InventoryId(inventory))?;
        let items = |list: &[secledger::inventory::Item]| list.iter().map(ItemView::of).collect::<Vec<_>>();
        Ok(ReportView {
            register_name: report.inventory.register.name,
            expected: report.expected,
            found: items(&report.found),
            missing: items(&report.missing),
            scanned_twice: items(&report.scanned_twice),
            unknown: report.unknown.iter().map(|u| u.code.clone()).collect(),
            mismatched: items(&report.mismatched),
            ambiguous: report.ambiguous.iter().map(|a| format!("{}（{}）", a.code, a.numbers.join("、"))).collect(),
        })
    })
}

/// Closes an inventory with its conclusion and returns the report's number (QC-…).
#[tauri::command(rename_all = "snake_case")]
pub async fn inventory_close(state: State<'_, AppState>, inventory: i64, conclusion: String) -> CommandResult<String> {
    state.with_session(|session| Ok(session.close_inventory(InventoryId(inventory), &conclusion)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    #[test]
    fn reader_overdue_only_when_out_and_past_due() {
        let today = day("2026-12-04");
        assert!(reader_overdue("2026-12-03", "", today));
        assert!(reader_overdue("2026-12-03 17:00", "", today));
        assert!(!reader_overdue("2026-12-04", "", today), "due today is not overdue");
        assert!(!reader_overdue("2026-12-03", "2026-12-04 09:00", today), "returned");
        assert!(!reader_overdue("", "", today), "no due date");
    }

    fn refusal(code: Code) -> Error {
        Error::new(code).arg("medium", "SB-2026-0001").arg("name", "王珺").arg("person", "RY-2026-0002")
    }

    #[test]
    fn clear_loan_passes_every_rule() {
        let items = check_items(&LoanClearance::default());
        let rules: Vec<&str> = items.iter().map(|item| item.rule).collect();
        assert_eq!(rules, ["medium", "not_out", "on_post", "level", "need_to_know", "overdue", "reminder"]);
        assert!(items.iter().all(|item| item.passed && item.messages.is_empty()));
    }

    #[test]
    fn refusals_land_on_their_rules() {
        let clearance = LoanClearance { refusals: vec![refusal(Code::WorkflowLevelTooLow), refusal(Code::LoanNeedToKnowMissing)] };
        let items = check_items(&clearance);
        let failed: Vec<&str> = items.iter().filter(|item| !item.passed).map(|item| item.rule).collect();
        assert_eq!(failed, ["level", "need_to_know"]);
        let level = items.iter().find(|item| item.rule == "level").unwrap();
        assert_eq!(level.messages, vec![refusal(Code::WorkflowLevelTooLow).message()]);
    }

    #[test]
    fn unlisted_refusal_is_not_hidden() {
        let clearance = LoanClearance { refusals: vec![refusal(Code::Internal)] };
        let items = check_items(&clearance);
        let other = items.last().unwrap();
        assert_eq!(other.rule, "other");
        assert!(!other.passed);
        assert_eq!(other.messages.len(), 1);
    }

    #[test]
    fn scan_results_have_stable_names() {
        let found = scan_view("SB-1".into(), &ScanResult::Found { number: "SB-2026-0001".into() }, 1, 3);
        assert_eq!((found.result, found.number.as_str(), found.found, found.expected), ("found", "SB-2026-0001", 1, 3));
        let twice = scan_view("SB-1".into(), &ScanResult::Repeated { number: "SB-2026-0001".into(), times: 2 }, 1, 3);
        assert_eq!((twice.result, twice.detail.as_str()), ("duplicate", "2"));
        let unknown = scan_view("X-9".into(), &ScanResult::Unknown, 1, 3);
        assert_eq!((unknown.result, unknown.number.as_str()), ("unknown", ""));
        let ambiguous = scan_view("BM-1".into(), &ScanResult::Ambiguous { numbers: vec!["SB-2026-0001".into(), "SB-2026-0002".into()] }, 1, 3);
        assert_eq!(ambiguous.number, "SB-2026-0001、SB-2026-0002");
    }

    #[test]
    fn workflows_follow_register_and_status() {
        assert_eq!(workflows_for("incoming_documents", "registered"), ["circulation", "copy_apply"]);
        assert!(workflows_for("incoming_documents", "destroyed").is_empty());
        assert_eq!(workflows_for("devices", "in_use"), ["loan", "repair", "scrap_apply"]);
        assert!(workflows_for("devices", "scrapped").is_empty());
        assert_eq!(workflows_for("media_loans", "lent"), ["loan_return"]);
        assert!(workflows_for("media_loans", "returned").is_empty());
        assert_eq!(workflows_for("personnel", "on_post"), ["departure"]);
    }

    /// Builds a record of `register` in `status` with `fields`, as the store would load it.
    fn record(register: &str, status: &str, fields: &[(&str, &str)]) -> Record {
        let def = secledger::registers::by_id(register).unwrap();
        let data = secledger::records::Data { fields: fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), rows: Vec::new() };
        Record {
            id: 1,
            register: def,
            number: format!("{}-2026-0001", def.prefix),
            status: status.into(),
            version: 1,
            data,
            created_at: String::new(),
            created_by: String::new(),
            updated_at: String::new(),
            updated_by: String::new(),
        }
    }

    #[test]
    fn transitions_leave_out_workflow_statuses() {
        let document = record("incoming_documents", "registered", &[]);
        let actions = record_actions_of(&document);
        let targets: Vec<&str> = actions.transitions.iter().map(|t| t.to).collect();
        for reserved in ["circulating", "cleared_out", "destroyed", "filed"] {
            assert!(!targets.contains(&reserved), "{reserved} belongs to a workflow: {targets:?}");
        }
        assert!(actions.editable);

        let device = record("devices", "in_use", &[]);
        let targets: Vec<&str> = record_actions_of(&device).transitions.iter().map(|t| t.to).collect();
        assert_eq!(targets, ["idle", "repairing"], "停用 and 送修 are plain changes; 报废 is a workflow's");
    }

    #[test]
    fn copy_approvals_only_in_workflow() {
        let approval = record("copy_approvals", "applied", &[]);
        let actions = record_actions_of(&approval);
        let targets: Vec<&str> = actions.transitions.iter().map(|t| t.to).collect();
        assert_eq!(targets, ["rejected"], "only 不予批准 stays a plain change");
        assert_eq!(actions.workflows, ["copy"]);
    }

    #[test]
    fn repair_approval_lists_required_fields() {
        let repair = record("repairs", "requested", &[]);
        let actions = record_actions_of(&repair);
        let approve = actions.transitions.iter().find(|t| t.to == "approved").unwrap();
        assert_eq!(approve.requires, ["approver", "approved_on"]);
        assert_eq!(approve.action, "审批");
    }

    /// Creates a vault with secadmin logged in and a device with a repair request (待审批).
    fn repair_request() -> (tempfile::TempDir, Session, String) {
        use secledger::auth::{init, InitOptions};
        let dir = tempfile::tempdir().unwrap();
        let paths = secledger::vault::VaultPaths::beside(dir.path().join("test.vault"));
        let options = InitOptions { kdf: Some(secledger::crypto::KdfParams::FLOOR), ..InitOptions::default() };
        let report = init(&paths, &options).unwrap();
        let password = report.accounts.iter().find(|(name, ..)| name == "secadmin").unwrap().2.clone();
        let mut session = Session::login(&paths, "secadmin", &password).unwrap();
        session.change_password("Strong#Pass2026", "Strong#Pass2026").unwrap();

        let id = secledger::registers::values::ResidentId::complete("11010519800101001").unwrap();
        let person = FormInput::from_pairs(&[
            ("name", "张喆"),
            ("id_number", &id),
            ("department", "办公室"),
            ("post", "机要员"),
            ("post_level", "核心"),
            ("proposed_on", "2026-01-05"),
        ]);
        let person = session.add_record("personnel", &person).unwrap().number;
        let device = FormInput::from_pairs(&[
            ("unified_number", "BM-U-001"),
            ("category", "U盘"),
            ("classification", "机密"),
            ("custodian", &person),
            ("department", "办公室"),
            ("enabled_on", "2026-01-05"),
        ]);
        let device = session.add_record("devices", &device).unwrap().number;
        let repair = FormInput::from_pairs(&[("device", &device), ("reported_on", "2026-02-01"), ("fault", "无法识别"), ("repair_mode", "本单位维修")]);
        let repair = session.add_record("repairs", &repair).unwrap().number;
        (dir, session, repair)
    }

    fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn transition_with_fields_stores_both() {
        let (_dir, mut session, repair) = repair_request();
        let request = session.get_record(&repair).unwrap();
        let device = session.get_record(request.data.field("device").unwrap()).unwrap();
        let custodian = device.data.field("custodian").unwrap().to_string();

        let approved = change_status_with(&mut session, &repair, "approved", fields(&[("approver", &custodian), ("approved_on", "2026-02-02")]), "").unwrap();
        assert_eq!(approved.status, "approved");
        assert_eq!(approved.data.field("approved_on"), Some("2026-02-02"));
        let history = session.record_history(&repair).unwrap();
        assert_eq!(history.len(), 3, "request, correction, status change");
        assert_eq!(history[1].reason, "审批", "the correction is named after the action");
    }

    #[test]
    fn rejected_transition_stores_nothing() {
        let (_dir, mut session, repair) = repair_request();

        let err = change_status_with(&mut session, &repair, "approved", fields(&[("approved_on", "2026-02-02")]), "").unwrap_err();
        assert_eq!(err.message(), "改为“已审批”前须填写“审批人”。");
        let err = change_status_with(&mut session, &repair, "approved", fields(&[("approver", "RY-2026-0001"), ("approved_on", "2026-01-01")]), "").unwrap_err();
        assert!(err.message().contains("审批日期"), "approval before the request: {}", err.message());

        let record = session.get_record(&repair).unwrap();
        assert_eq!(record.version, 1, "the vault stays as it was");
        assert_eq!(record.status, "requested");
        assert_eq!(record.data.field("approved_on"), None);
    }

    #[test]
    fn final_record_is_not_editable() {
        let loan = record("media_loans", "returned", &[]);
        let actions = record_actions_of(&loan);
        assert!(!actions.editable);
        assert!(actions.transitions.is_empty());
        assert!(actions.workflows.is_empty());
    }

    #[test]
    fn masked_fields_listed_only_when_filled() {
        let filled = record("personnel", "on_post", &[("name", "张三"), ("id_number", "11010519491231002X")]);
        let ids: Vec<&str> = record_actions_of(&filled).masked.iter().map(|m| m.id).collect();
        assert_eq!(ids, ["id_number"]);
        let empty = record("personnel", "on_post", &[("name", "张三")]);
        assert!(record_actions_of(&empty).masked.is_empty());
    }
}
