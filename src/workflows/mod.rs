//! Workflows: the office's procedures whose rules span several records.
//!
//! Each workflow is a set of `Session` methods. A method checks the account's access to every
//! register it touches, then runs one [`Session::write`] transaction that loads the records,
//! checks the workflow's rules, stores the new version of every record involved and appends an
//! audit entry naming the step. A broken rule returns an [`Error`] with its own code and a zh-CN
//! message that names the record or person and the next step to take. The transaction then
//! rolls back, so the vault stays as it was.
//!
//! | file | procedure |
//! |---|---|
//! | `circulation` | 文件流转: 拟办, 审核, 送阅, 归还, 归档 |
//! | `copying` | 复制审批: two approvals, then new copy numbers on the original |
//! | `loans` | 介质借用: clearance check, loan, return check |
//! | `witness` | the second account that confirms a destruction on the same machine |
//! | `disposal` | 清退销毁 batches and 报废销毁 of devices, confirmed by two accounts |
//! | `departure` | 离岗: carriers to hand back, 脱密期 end |
//! | `terms` | data requests, work groups, incident grades |
//!
//! `guard` keeps the generic record functions (`add_record`, `edit_record`, `change_status`)
//! from making the changes that only a workflow may make.

pub mod circulation;
pub mod copying;
pub mod departure;
pub mod disposal;
pub(crate) mod guard;
pub mod loans;
pub mod terms;
pub mod witness;

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection};

use crate::auth::Writer;
use crate::error::{Code, Error, Result};
use crate::records::store::{
    check_references, load_by_number, parts_to_record, row_to_parts, update_record,
};
use crate::records::{Data, Record};
use crate::registers::validate::validate_first;
use crate::registers::values::classification::{Classification, LevelSet, Marking};
use crate::registers::values::PostLevel;
use crate::registers::{RegisterDef, Validated, Value};

pub use circulation::Holder;
pub use departure::{Carrier, CarrierKind, Departure};
pub use disposal::{DisposalOutcome, ScrapDestruction};
pub use loans::{LoanClearance, LoanRequest, ReturnCheck};
pub use terms::suggest_incident_grade;

/// The registers whose records are classified documents.
pub(crate) const DOCUMENT_REGISTERS: [&str; 2] = ["incoming_documents", "outgoing_documents"];

/// Returns the zh-CN name of the workflow that alone sets `status` on records of `register`
/// (such as 文件流转 for 传阅中), or `None` when a plain status change may set it. Screens use
/// it to offer only the status changes that the generic functions accept.
pub fn status_workflow(register: &str, status: &str) -> Option<String> {
    guard::status_workflow(register, status)
}

/// Finds a register definition that the workflows name by a constant id.
pub(crate) fn def(id: &str) -> &'static RegisterDef {
    crate::registers::by_id(id)
        .unwrap_or_else(|| panic!("register {id} is declared in registers::defs"))
}

/// Loads the record `number` of register `def`. A blank number is a missing `label`; a number
/// of another register, or none at all, is "not found".
pub(crate) fn load_in(
    conn: &Connection,
    def: &RegisterDef,
    number: &str,
    label: &str,
) -> Result<Record> {
    let number = number.trim();
    if number.is_empty() {
        return Err(Error::new(Code::FieldRequired).field(label));
    }
    match load_by_number(conn, number)? {
        Some(record) if record.register.id == def.id => Ok(record),
        _ => Err(Error::new(Code::WorkflowRecordNotFound)
            .field(label)
            .arg("number", number)
            .arg("register", def.name)),
    }
}

/// Loads a classified document (收文 or 发文) by number.
pub(crate) fn load_document(conn: &Connection, number: &str, label: &str) -> Result<Record> {
    let number = number.trim();
    if number.is_empty() {
        return Err(Error::new(Code::FieldRequired).field(label));
    }
    match load_by_number(conn, number)? {
        Some(record) if DOCUMENT_REGISTERS.contains(&record.register.id) => Ok(record),
        _ => {
            let names: Vec<&str> = DOCUMENT_REGISTERS.iter().map(|id| def(id).name).collect();
            Err(Error::new(Code::WorkflowRecordNotFound)
                .field(label)
                .arg("number", number)
                .arg("register", names.join("或")))
        }
    }
}

/// Records of `register` whose field `field` (top-level or in a row) refers to `target`,
/// oldest first. The `record_links` index makes this one indexed lookup.
pub(crate) fn linked_records(
    conn: &Connection,
    register: &str,
    field: &str,
    target: &str,
) -> Result<Vec<Record>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, register, number, status, version, data, created_at, created_by, updated_at, updated_by
         FROM records
         WHERE register = ?1
           AND id IN (SELECT record_id FROM record_links WHERE field = ?2 AND target = ?3)
         ORDER BY id",
    )?;
    let rows = stmt.query_map(params![register, field, target], row_to_parts)?;
    let mut records = Vec::new();
    for parts in rows {
        records.push(parts_to_record(parts?)?);
    }
    Ok(records)
}

/// Parses a record's stored data against its register's current definition.
pub(crate) fn validated(record: &Record) -> Result<Validated> {
    validate_first(record.register, &record.data.to_input())
}

/// Validates `data` as the new content of `record`, checks its references, and stores it as a
/// new version in status `to`. A status change must be one of the register's transitions,
/// with the fields it requires filled.
pub(crate) fn save(
    w: &Writer<'_>,
    record: &Record,
    data: &Data,
    to: &str,
    reason: &str,
) -> Result<Record> {
    let def = record.register;
    let values = validate_first(def, &data.to_input())?;
    check_references(w, def, &values)?;
    if to != record.status {
        def.check_transition(&record.status, to, Some(reason), &values)?;
    }
    update_record(w, record, &values, to, reason)
}

/// Checks that `record` may change to `to` with its current content, without storing it.
pub(crate) fn check_can_move(record: &Record, to: &str) -> Result<()> {
    let values = validated(record)?;
    record
        .register
        .check_transition(&record.status, to, Some("-"), &values)
}

/// Sets a top-level field's text in `data`; blank text clears it.
pub(crate) fn set(data: &mut Data, field: &str, text: &str) {
    if text.trim().is_empty() {
        data.fields.remove(field);
    } else {
        data.fields
            .insert(field.to_string(), text.trim().to_string());
    }
}

/// Returns whether a row field is blank or absent.
pub(crate) fn row_blank(row: &BTreeMap<String, String>, field: &str) -> bool {
    row.get(field).is_none_or(|text| text.trim().is_empty())
}

/// Returns the label of field `id` of `def`, top-level or in the rows.
pub(crate) fn label(def: &RegisterDef, id: &str) -> &'static str {
    def.any_field(id).map(|field| field.label).unwrap_or("")
}

/// Returns the label of a row field as messages name it: `归还时间（阅文记录第 2 行）`.
pub(crate) fn row_label(def: &RegisterDef, id: &str, index: usize) -> String {
    let rows = def.rows.map(|rows| rows.label).unwrap_or("");
    crate::t!(
        "field.in_row",
        field = label(def, id),
        rows = rows,
        row = index + 1
    )
}

/// Returns the 密级 of a record with a marking, if filled.
pub(crate) fn classification_of(record: &Record) -> Option<Classification> {
    let field = record.register.marking?.classification;
    let text = record.data.field(field)?;
    Marking::parse(text, LevelSet::All)
        .ok()
        .map(|marking| marking.classification)
}

/// Returns today's local date, which register dates are compared with.
pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Returns the local time now, which register date-times are compared with.
pub(crate) fn now_local() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// Returns the local time now as register text (`2026-12-04 08:30:00`).
pub(crate) fn now_text() -> String {
    now_local().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Fails when the date or date-time `value` lies after now: a return, a deletion or a
/// departure is recorded when it has happened.
pub(crate) fn not_in_future(value: Option<&Value>, label: &str) -> Result<()> {
    let late = match value {
        Some(Value::Date(date)) => *date > today(),
        Some(Value::DateTime(at)) => *at > now_local(),
        _ => false,
    };
    if late {
        let text = value.map(Value::to_string).unwrap_or_default();
        return Err(Error::new(Code::WorkflowDateInFuture)
            .field(label)
            .arg("value", text));
    }
    Ok(())
}

/// A person of the personnel register, as the workflows check them.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub number: String,
    pub name: String,
    pub status: String,
    pub status_label: &'static str,
    pub level: Option<PostLevel>,
}

impl Person {
    pub fn load(conn: &Connection, number: &str, label: &str) -> Result<Person> {
        let record = load_in(conn, def("personnel"), number, label)?;
        Ok(Person::from_record(&record))
    }

    pub fn from_record(record: &Record) -> Person {
        Person {
            number: record.number.clone(),
            name: record.data.field("name").unwrap_or_default().to_string(),
            status: record.status.clone(),
            status_label: record.status_label(),
            level: record
                .data
                .field("post_level")
                .and_then(|text| PostLevel::parse(text).ok()),
        }
    }

    /// Fails unless the person is on a classified post (在岗). `action` names what they were
    /// to do, such as 阅办 or 借用.
    pub fn require_on_post(&self, action: &str) -> Result<()> {
        if self.status == "on_post" {
            return Ok(());
        }
        Err(Error::new(Code::WorkflowPersonNotOnPost)
            .arg("name", &self.name)
            .arg("person", &self.number)
            .arg("status", self.status_label)
            .arg("action", action))
    }

    /// Fails unless the person's 岗位等级 covers `classification`: 核心 up to 绝密, 重要 up to
    /// 机密, 一般 秘密 only. Non-classified items are open to every level.
    pub fn require_level(
        &self,
        classification: Classification,
        action: &str,
        item: &str,
    ) -> Result<()> {
        if !classification.is_classified() {
            return Ok(());
        }
        if let Some(level) = self.level {
            if level.may_access(classification) {
                return Ok(());
            }
        }
        let level = self.level.map(PostLevel::label).unwrap_or("?");
        let allowed: Vec<&str> = Classification::CLASSIFIED
            .iter()
            .filter(|c| self.level.is_some_and(|level| level.may_access(**c)))
            .map(|c| c.label())
            .collect();
        Err(Error::new(Code::WorkflowLevelTooLow)
            .arg("name", &self.name)
            .arg("person", &self.number)
            .arg("level", level)
            .arg("allowed", allowed.join("、"))
            .arg("action", action)
            .arg("classification", classification.label())
            .arg("item", item))
    }
}
