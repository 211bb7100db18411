//! Queries over one register: filters on fields, status, primary date range, person, device
//! and free text; sorting; paging. The usage logbook's device-and-month query is the hot path
//! and runs on the `(register, device, primary_date)` index.

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;

use super::access::Access;
use super::store::{parts_to_record, register, resolve_status, row_to_parts};
use super::Record;
use crate::auth::Session;
use crate::error::{Code, Error, Result};
use crate::registers::validate::parse_field;
use crate::registers::RegisterDef;
use crate::t;

/// The order of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Newest primary date first.
    #[default]
    DateDesc,
    DateAsc,
    NumberAsc,
    NumberDesc,
    /// Most recently changed first.
    UpdatedDesc,
}

impl SortOrder {
    pub fn parse(text: &str) -> Option<SortOrder> {
        match text.trim() {
            "date-desc" | "日期降序" => Some(SortOrder::DateDesc),
            "date" | "date-asc" | "日期升序" => Some(SortOrder::DateAsc),
            "number" | "number-asc" | "编号升序" => Some(SortOrder::NumberAsc),
            "number-desc" | "编号降序" => Some(SortOrder::NumberDesc),
            "updated" | "最近修改" => Some(SortOrder::UpdatedDesc),
            _ => None,
        }
    }

    fn sql(self) -> &'static str {
        match self {
            SortOrder::DateDesc => "primary_date DESC, id DESC",
            SortOrder::DateAsc => "primary_date ASC, id ASC",
            SortOrder::NumberAsc => "id ASC",
            SortOrder::NumberDesc => "id DESC",
            SortOrder::UpdatedDesc => "updated_at DESC, id DESC",
        }
    }
}

/// A query over one register. Empty filters match everything.
#[derive(Debug, Clone)]
pub struct Query {
    pub status: Option<String>,
    /// (field id, text): the field's value must equal the text, compared after both are put in
    /// canonical form (so `2026.1.7` finds `2026-01-07`).
    pub fields: Vec<(String, String)>,
    /// Primary date from this day (inclusive).
    pub from: Option<NaiveDate>,
    /// Primary date up to this day (inclusive).
    pub to: Option<NaiveDate>,
    /// A personnel record number.
    pub person: Option<String>,
    /// A devices record number.
    pub device: Option<String>,
    /// Free text over the searchable fields and the number.
    pub text: Option<String>,
    pub sort: SortOrder,
    /// Page number, from 1.
    pub page: u32,
    pub per_page: u32,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            status: None,
            fields: Vec::new(),
            from: None,
            to: None,
            person: None,
            device: None,
            text: None,
            sort: SortOrder::default(),
            page: 1,
            per_page: 50,
        }
    }
}

/// Largest page a query returns.
pub const MAX_PER_PAGE: u32 = 1000;

/// One page of results and the total number of matches.
#[derive(Debug, Clone)]
pub struct Page {
    pub records: Vec<Record>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl Session {
    /// Runs `query` over the register `register_id`.
    pub fn query_records(&mut self, register_id: &str, query: &Query) -> Result<Page> {
        let def = register(register_id)?;
        self.require_register(def, Access::Read)?;
        let (where_sql, values) = build_filter(def, query)?;
        let conn = self.vault().conn();

        // Records are never deleted and each took the next number of its register and year,
        // so without a filter the numbers issued are the count, read without a scan.
        let unfiltered = values.len() == 1;
        let total: u64 = if unfiltered {
            conn.query_row(
                "SELECT coalesce(sum(last), 0) FROM number_sequences WHERE register = ?1",
                [def.id],
                |r| r.get(0),
            )?
        } else {
            conn.query_row(
                &format!("SELECT count(*) FROM records WHERE {where_sql}"),
                rusqlite::params_from_iter(values.iter()),
                |r| r.get(0),
            )?
        };

        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let offset = u64::from(query.page.max(1) - 1) * u64::from(per_page);
        let sql = format!(
            "SELECT id, register, number, status, version, data, created_at, created_by, updated_at, updated_by
             FROM records WHERE {where_sql} ORDER BY {} LIMIT {per_page} OFFSET {offset}",
            query.sort.sql()
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values.iter()), row_to_parts)?;
        let mut records = Vec::new();
        for row in rows {
            records.push(parts_to_record(row?)?);
        }
        Ok(Page { records, total, page: query.page.max(1), per_page })
    }
}

fn build_filter(def: &RegisterDef, query: &Query) -> Result<(String, Vec<SqlValue>)> {
    // With free text and no dates the matching rowids should drive the query; the unary `+`
    // keeps SQLite from scanning the whole register by its index and probing each row instead.
    // With dates the (register, primary_date) index bounds the rows, and each index entry's
    // rowid is checked against the text's rowids, which SQLite collects once. Driving by the
    // text there would read every matching record of all years to test its date.
    let has_text = query.text.as_deref().is_some_and(|t| !t.trim().is_empty());
    let has_dates = query.from.is_some() || query.to.is_some();
    let register_clause = if has_text && !has_dates { "+register = ?1" } else { "register = ?1" };
    let mut clauses = vec![register_clause.to_string()];
    let mut values = vec![SqlValue::Text(def.id.to_string())];
    let mut push = |clause: String, value: SqlValue, values: &mut Vec<SqlValue>| {
        values.push(value);
        clauses.push(clause.replace("?N", &format!("?{}", values.len())));
    };

    if let Some(status) = &query.status {
        let status = resolve_status(def, status)?;
        push("status = ?N".into(), SqlValue::Text(status.into()), &mut values);
    }
    for (id, text) in &query.fields {
        let field = def.field(id).ok_or_else(|| Error::new(Code::FieldUnknown).field(id.as_str()).arg("register", def.name))?;
        let canonical = match parse_field(field, text) {
            Ok(Some(value)) => value.to_string(),
            Ok(None) => String::new(),
            Err(err) => return Err(err.field(field.label)),
        };
        push(format!("json_extract(data, '$.fields.{}') = ?N", field.id), SqlValue::Text(canonical), &mut values);
    }
    if let (Some(from), Some(to)) = (query.from, query.to) {
        if to < from {
            return Err(Error::new(Code::FieldEndBeforeStart)
                .field(t!("query.to"))
                .arg("end", to)
                .arg("start_field", t!("query.from"))
                .arg("start", from));
        }
    }
    if let Some(from) = query.from {
        push("primary_date >= ?N".into(), SqlValue::Text(from.format("%Y-%m-%d").to_string()), &mut values);
    }
    if let Some(to) = query.to {
        let next_day = to.succ_opt().unwrap_or(to);
        push("primary_date < ?N".into(), SqlValue::Text(next_day.format("%Y-%m-%d").to_string()), &mut values);
    }
    if let Some(person) = &query.person {
        let person = person.trim().to_ascii_uppercase();
        match def.person {
            Some(field) if def.field(field).is_some() => push("person = ?N".into(), SqlValue::Text(person), &mut values),
            _ => push(
                "id IN (SELECT record_id FROM record_links WHERE target = ?N)".into(),
                SqlValue::Text(person),
                &mut values,
            ),
        }
    }
    if let Some(device) = &query.device {
        let device = device.trim().to_ascii_uppercase();
        match def.device {
            Some(field) if def.field(field).is_some() => push("device = ?N".into(), SqlValue::Text(device), &mut values),
            _ => push(
                "id IN (SELECT record_id FROM record_links WHERE target = ?N)".into(),
                SqlValue::Text(device),
                &mut values,
            ),
        }
    }
    if let Some(text) = query.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let (condition, value) = super::search::text_condition(text);
        push(condition.into(), SqlValue::Text(value), &mut values);
    }
    Ok((clauses.join(" AND "), values))
}
