//! Writing and reading records. The `Session` methods check permissions and run one audited
//! transaction each; the `pub(crate)` functions taking a [`Writer`] let workflows change
//! several records in one transaction.

use chrono::Datelike;
use rusqlite::{params, Connection, OptionalExtension};

use super::access::Access;
use super::{Data, Record};
use crate::auth::{Session, Writer};
use crate::clock;
use crate::error::{Code, Error, Result};
use crate::registers::validate::validate_first;
use crate::registers::{by_id, FieldKind, FormInput, RegisterDef, Validated, Value, CANCELLED};

/// One stored version of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub version: u32,
    pub at: String,
    pub by: String,
    pub reason: String,
    pub status: String,
    pub data: Data,
}

/// Finds a register by id, or fails naming the registers there are.
pub fn register(id: &str) -> Result<&'static RegisterDef> {
    by_id(id).ok_or_else(|| {
        let known: Vec<String> = crate::registers::all().iter().map(|r| format!("{}（{}）", r.id, r.name)).collect();
        Error::new(Code::RegisterUnknown).arg("register", id).arg("allowed", known.join("、"))
    })
}

/// Finds the register a record number belongs to from its prefix (`SW-2026-0001` → 收文登记).
fn register_of_number(number: &str) -> Result<&'static RegisterDef> {
    let prefix = number.split('-').next().unwrap_or_default().trim().to_ascii_uppercase();
    crate::registers::by_prefix(&prefix).ok_or_else(|| Error::new(Code::RecordNotFound).arg("number", number))
}

impl Session {
    /// Registers a new record with the next number of its register and year.
    pub fn add_record(&mut self, register_id: &str, input: &FormInput) -> Result<Record> {
        let def = register(register_id)?;
        self.require_register(def, Access::Write)?;
        crate::workflows::guard::check_add(def)?;
        let validated = validate_first(def, input)?;
        check_references(self.vault().conn(), def, &validated)?;
        check_unique(self.vault().conn(), def, &validated, None)?;
        let reason = crate::t!("reason.record_added");
        self.write(|w| insert_record(w, def, &validated, def.initial_status, &reason))
    }

    /// Registers many records of one register in one transaction, as an import does: either
    /// all are stored or, on the first invalid input, none. Returns the new numbers in order.
    /// `on_progress` is called with the count done after each record.
    pub fn add_records_bulk(
        &mut self,
        register_id: &str,
        inputs: &[FormInput],
        reason: &str,
        on_progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<String>> {
        let def = register(register_id)?;
        self.require_register(def, Access::Write)?;
        let mut validated = Vec::with_capacity(inputs.len());
        for (index, input) in inputs.iter().enumerate() {
            let values = validate_first(def, input).map_err(|err| err.arg("row", index + 1))?;
            validated.push(values);
        }
        self.write(|w| {
            let mut numbers = Vec::with_capacity(validated.len());
            for (index, values) in validated.iter().enumerate() {
                check_references(w, def, values).map_err(|err| err.arg("row", index + 1))?;
                check_unique(w, def, values, None).map_err(|err| err.arg("row", index + 1))?;
                numbers.push(insert_record(w, def, values, def.initial_status, reason)?.number);
                on_progress(index + 1);
            }
            Ok(numbers)
        })
    }

    /// Corrects a record: `changes` fields replace the current ones (an empty text clears a
    /// field), and its rows, when given, replace all rows. Needs a reason.
    pub fn edit_record(&mut self, number: &str, changes: &FormInput, reason: &str) -> Result<Record> {
        let record = self.get_record(number)?;
        self.require_register(record.register, Access::Write)?;
        require_reason(reason)?;
        ensure_not_final(&record)?;
        let mut data = record.data.clone();
        for (id, text) in &changes.fields {
            data.fields.insert(id.clone(), text.clone());
        }
        if !changes.rows.is_empty() {
            data.rows = changes.rows.clone();
        }
        crate::workflows::guard::check_edit(&record, &data)?;
        let validated = validate_first(record.register, &data.to_input())?;
        check_references(self.vault().conn(), record.register, &validated)?;
        check_unique(self.vault().conn(), record.register, &validated, Some(&record.number))?;
        self.write(|w| update_record(w, &record, &validated, &record.status, reason))
    }

    /// Moves a record to another status along an allowed transition. Cancellation (作废) is
    /// `to = "cancelled"` and needs a reason.
    pub fn change_status(&mut self, number: &str, to: &str, reason: &str) -> Result<Record> {
        let record = self.get_record(number)?;
        self.require_register(record.register, Access::Write)?;
        let def = record.register;
        let to = resolve_status(def, to)?;
        crate::workflows::guard::check_status_change(self.vault().conn(), &record, to)?;
        let validated = validate_first(def, &record.data.to_input())?;
        def.check_transition(&record.status, to, Some(reason), &validated)?;
        let reason = if reason.trim().is_empty() { crate::t!("reason.status_changed") } else { reason.to_string() };
        self.write(|w| update_record(w, &record, &validated, to, &reason))
    }

    /// Cancels a record (作废) with a reason. The record and its history stay.
    pub fn void_record(&mut self, number: &str, reason: &str) -> Result<Record> {
        self.change_status(number, CANCELLED, reason)
    }

    /// Reads one record by number.
    pub fn get_record(&mut self, number: &str) -> Result<Record> {
        let def = register_of_number(number)?;
        self.require_register(def, Access::Read)?;
        load_by_number(self.vault().conn(), number)?.ok_or_else(|| Error::new(Code::RecordNotFound).arg("number", number))
    }

    /// Every version of a record, oldest first.
    pub fn record_history(&mut self, number: &str) -> Result<Vec<Version>> {
        let record = self.get_record(number)?;
        let conn = self.vault().conn();
        let mut stmt = conn.prepare(
            "SELECT version, at, by, reason, status, data FROM record_versions WHERE record_id = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([record.id], |r| {
            Ok((r.get::<_, u32>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?))
        })?;
        let mut versions = Vec::new();
        for row in rows {
            let (version, at, by, reason, status, data) = row?;
            versions.push(Version { version, at, by, reason, status, data: Data::from_json(&data)? });
        }
        Ok(versions)
    }
}

/// Accepts a status by id or by its zh-CN label.
pub fn resolve_status(def: &RegisterDef, text: &str) -> Result<&'static str> {
    let text = text.trim();
    if let Some(status) = def.statuses.iter().find(|s| s.id == text || s.label == text) {
        return Ok(status.id);
    }
    let allowed: Vec<&str> = def.statuses.iter().map(|s| s.label).collect();
    Err(Error::new(Code::FieldInvalid).field("状态").arg("value", text).arg("allowed", crate::t!("record.status_allowed", statuses = allowed.join("、"))))
}

fn require_reason(reason: &str) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::new(Code::FieldRequired).field("修改原因"));
    }
    Ok(())
}

fn ensure_not_final(record: &Record) -> Result<()> {
    match record.register.status(&record.status) {
        Some(status) if status.is_final => Err(Error::new(Code::RecordStatusFinal)
            .arg("register", record.register.name)
            .arg("status", status.label)),
        _ => Ok(()),
    }
}

/// Fields whose value identifies one person or item, so no two current records of the register
/// may share it: a person's ID number, a device's 统一编号, an asset's number.
pub(crate) const UNIQUE_FIELDS: &[(&str, &str)] = &[("personnel", "id_number"), ("devices", "unified_number"), ("assets", "asset_number")];

/// Checks that no other current (not cancelled) record of the register has the same value in a
/// unique field. `own` is the record being corrected, if any.
pub fn check_unique(conn: &Connection, def: &RegisterDef, values: &Validated, own: Option<&str>) -> Result<()> {
    for (register, field_id) in UNIQUE_FIELDS {
        if *register != def.id {
            continue;
        }
        let (Some(field), Some(value)) = (def.field(field_id), values.fields.get(field_id)) else {
            continue;
        };
        let text = value.to_string();
        let sql = format!(
            "SELECT number FROM records WHERE register = ?1 AND status != '{CANCELLED}'
             AND json_extract(data, '$.fields.{field_id}') = ?2 AND number != ?3 LIMIT 1"
        );
        let existing: Option<String> =
            conn.prepare_cached(&sql)?.query_row(params![def.id, text, own.unwrap_or("")], |r| r.get(0)).optional()?;
        if let Some(number) = existing {
            return Err(Error::new(Code::FieldDuplicate)
                .field(field.label)
                .arg("value", value.to_masked_string())
                .arg("number", number));
        }
    }
    Ok(())
}

/// Checks that every person, device and record a record names exists in the right register
/// and is not cancelled.
pub fn check_references(conn: &Connection, def: &RegisterDef, values: &Validated) -> Result<()> {
    let rows_fields = def.rows.map(|rows| rows.fields).unwrap_or(&[]);
    let mut checks: Vec<(&crate::registers::FieldDef, &Value)> = Vec::new();
    for field in def.fields {
        if let Some(value) = values.fields.get(field.id) {
            checks.push((field, value));
        }
    }
    for row in &values.rows {
        for field in rows_fields {
            if let Some(value) = row.get(field.id) {
                checks.push((field, value));
            }
        }
    }
    for (field, value) in checks {
        let (number, registers): (String, Vec<&str>) = match (field.kind, value) {
            (FieldKind::Person, Value::Person(n)) => (n.to_string(), vec!["personnel"]),
            (FieldKind::Device, Value::Device(n)) => (n.to_string(), vec!["devices"]),
            (FieldKind::Record(allowed), Value::Record(n)) => (n.to_string(), allowed.to_vec()),
            _ => continue,
        };
        let found: Option<(String, String)> = conn
            .prepare_cached("SELECT register, status FROM records WHERE number = ?1")?
            .query_row([&number], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let names: Vec<&str> = registers.iter().filter_map(|id| by_id(id)).map(|r| r.name).collect();
        match found {
            Some((register, status)) if registers.contains(&register.as_str()) && status != CANCELLED => {}
            _ => {
                return Err(Error::new(Code::RecordReferenceMissing)
                    .field(field.label)
                    .arg("value", number)
                    .arg("register", names.join("或")))
            }
        }
    }
    Ok(())
}

/// Runs one statement through the connection's statement cache: bulk inserts repeat the same
/// few statements many times.
fn exec(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
    Ok(conn.prepare_cached(sql)?.execute(params)?)
}

/// Takes the next number of `def` for `year`. A number is never reused: a cancelled record
/// keeps its number, and the sequence only moves forward.
fn next_number(w: &Writer<'_>, def: &RegisterDef, year: i32) -> Result<String> {
    let last: Option<u32> = w
        .prepare_cached("SELECT last FROM number_sequences WHERE register = ?1 AND year = ?2")?
        .query_row(params![def.id, year], |r| r.get(0))
        .optional()?;
    let next = last.unwrap_or(0) + 1;
    exec(
        w,
        "INSERT INTO number_sequences(register, year, last) VALUES (?1, ?2, ?3)
         ON CONFLICT(register, year) DO UPDATE SET last = excluded.last",
        params![def.id, year, next],
    )?;
    let number = def.number(year as u16, next).ok_or_else(|| {
        Error::new(Code::Internal).arg("reason", format!("{} 的 {year} 年编号已用尽", def.name))
    })?;
    Ok(number.to_string())
}

/// Inserts a new record as version 1, with its links, text index and audit entry.
pub(crate) fn insert_record(w: &Writer<'_>, def: &'static RegisterDef, values: &Validated, status: &str, reason: &str) -> Result<Record> {
    let now = clock::now_text();
    let year = chrono::Local::now().year();
    let number = next_number(w, def, year)?;
    let data = Data::from_validated(values);
    let json = data.to_json();
    let index = IndexColumns::of(def, values);
    exec(
        w,
        "INSERT INTO records(register, number, status, version, data, primary_date, person, device,
             created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?9)",
        params![def.id, number, status, json, index.primary_date, index.person, index.device, now, w.actor()],
    )?;
    let id = w.last_insert_rowid();
    exec(
        w,
        "INSERT INTO record_versions(record_id, version, at, by, reason, status, data) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6)",
        params![id, now, w.actor(), reason, status, json],
    )?;
    write_links(w, id, values)?;
    super::search::index(w, id, &search_text(def, &number, &data))?;
    w.append("record.add", &number, version_digest_input(&number, 1, status, reason, &json).as_bytes())?;
    Ok(Record {
        id,
        register: def,
        number,
        status: status.to_string(),
        version: 1,
        data,
        created_at: now.clone(),
        created_by: w.actor().to_string(),
        updated_at: now,
        updated_by: w.actor().to_string(),
    })
}

/// Stores a new version of `record` with `values` and `status`.
pub(crate) fn update_record(w: &Writer<'_>, record: &Record, values: &Validated, status: &str, reason: &str) -> Result<Record> {
    let now = clock::now_text();
    let def = record.register;
    let version = record.version + 1;
    let data = Data::from_validated(values);
    let json = data.to_json();
    let index = IndexColumns::of(def, values);
    exec(
        w,
        "UPDATE records SET status = ?2, version = ?3, data = ?4, primary_date = ?5, person = ?6, device = ?7,
             updated_at = ?8, updated_by = ?9 WHERE id = ?1",
        params![record.id, status, version, json, index.primary_date, index.person, index.device, now, w.actor()],
    )?;
    exec(
        w,
        "INSERT INTO record_versions(record_id, version, at, by, reason, status, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![record.id, version, now, w.actor(), reason, status, json],
    )?;
    exec(w, "DELETE FROM record_links WHERE record_id = ?1", [record.id])?;
    write_links(w, record.id, values)?;
    super::search::unindex(w, record.id)?;
    super::search::index(w, record.id, &search_text(def, &record.number, &data))?;
    let action = if status == record.status {
        "record.edit"
    } else if status == CANCELLED {
        "record.void"
    } else {
        "record.status"
    };
    w.append(action, &record.number, version_digest_input(&record.number, version, status, reason, &json).as_bytes())?;
    Ok(Record {
        status: status.to_string(),
        version,
        data,
        updated_at: now,
        updated_by: w.actor().to_string(),
        ..record.clone()
    })
}

/// Builds the text an audit entry's digest covers: the number, version, status, reason and
/// content.
fn version_digest_input(number: &str, version: u32, status: &str, reason: &str, json: &str) -> String {
    serde_json::json!({ "number": number, "version": version, "status": status, "reason": reason, "data": json }).to_string()
}

/// Copies of a record's values kept in indexed columns.
struct IndexColumns {
    primary_date: Option<String>,
    person: Option<String>,
    device: Option<String>,
}

impl IndexColumns {
    fn of(def: &RegisterDef, values: &Validated) -> IndexColumns {
        let top = |id: Option<&str>| id.and_then(|id| values.fields.get(id)).map(sort_key);
        IndexColumns {
            primary_date: top(Some(def.primary_date)),
            person: top(def.person),
            device: top(def.device),
        }
    }
}

/// Returns a value's text in a form that sorts by time for dates: `2026-01-07` and
/// `2026-01-07 08:30:00`.
fn sort_key(value: &Value) -> String {
    match value {
        Value::Date(date) => date.format("%Y-%m-%d").to_string(),
        Value::DateTime(at) => at.format("%Y-%m-%d %H:%M:%S").to_string(),
        other => other.to_string(),
    }
}

fn write_links(w: &Writer<'_>, id: i64, values: &Validated) -> Result<()> {
    let mut stmt = w.prepare_cached("INSERT INTO record_links(record_id, field, target) VALUES (?1, ?2, ?3)")?;
    let rows = std::iter::once(&values.fields).chain(values.rows.iter());
    for map in rows {
        for (field, value) in map {
            if let Value::Person(n) | Value::Device(n) | Value::Record(n) = value {
                stmt.execute(params![id, field, n.to_string()])?;
            }
        }
    }
    Ok(())
}

/// Builds the text indexed for free-text search: the number and every searchable field.
fn search_text(def: &RegisterDef, number: &str, data: &Data) -> String {
    let mut text = String::from(number);
    let rows = std::iter::once(&data.fields).chain(data.rows.iter());
    for map in rows {
        for field in def.searchable_fields() {
            if let Some(value) = map.get(field.id) {
                text.push('\n');
                text.push_str(value);
            }
        }
    }
    text
}

pub(crate) fn load_by_number(conn: &Connection, number: &str) -> Result<Option<Record>> {
    let row = conn
        .query_row(
            "SELECT id, register, number, status, version, data, created_at, created_by, updated_at, updated_by
             FROM records WHERE number = ?1",
            [number.trim()],
            row_to_parts,
        )
        .optional()?;
    row.map(parts_to_record).transpose()
}

pub(crate) type RecordParts = (i64, String, String, String, u32, String, String, String, String, String);

pub(crate) fn row_to_parts(r: &rusqlite::Row<'_>) -> rusqlite::Result<RecordParts> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
}

pub(crate) fn parts_to_record(parts: RecordParts) -> Result<Record> {
    let (id, register_id, number, status, version, data, created_at, created_by, updated_at, updated_by) = parts;
    let register = by_id(&register_id)
        .ok_or_else(|| Error::new(Code::Internal).arg("reason", format!("未知台账 {register_id}")))?;
    Ok(Record { id, register, number, status, version, data: Data::from_json(&data)?, created_at, created_by, updated_at, updated_by })
}

impl Session {
    /// Returns the full text of a masked field (an ID or phone number) of a record. Needs the
    /// reveal permission besides read access, and every reveal is an audit entry.
    pub fn reveal_field(&mut self, number: &str, field_id: &str) -> Result<String> {
        let record = self.get_record(number)?;
        self.require(crate::auth::Permission::RevealMasked)?;
        let field = record
            .register
            .any_field(field_id)
            .ok_or_else(|| Error::new(Code::FieldUnknown).field(field_id).arg("register", record.register.name))?;
        let text = record.data.field(field.id).unwrap_or_default().to_string();
        let target = format!("{}:{}", record.number, field.id);
        self.write(|w| w.append("record.reveal", &target, b"").map(|_| ()))?;
        Ok(text)
    }
}
