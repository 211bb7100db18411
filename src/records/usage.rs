//! Usage logbook review: the 使用登记 entries of some devices over a date range, one page at a
//! time, with totals over every matching entry. Both queries run on the
//! `(register, device, primary_date)` index, so a device-and-month review reads only that
//! device's rows of the month, however long the logbook is.

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;

use super::access::Access;
use super::query::{Page, MAX_PER_PAGE};
use super::store::{load_by_number, parts_to_record, register, row_to_parts};
use crate::auth::Session;
use crate::error::{Code, Error, Result};
use crate::registers::CANCELLED;
use crate::t;

/// Most devices one review may name.
pub const MAX_DEVICES: usize = 100;

/// The selection of a usage review. No devices means every device.
#[derive(Debug, Clone)]
pub struct UsageFilter {
    /// Devices register numbers (SB-…).
    pub devices: Vec<String>,
    /// First day of the range (inclusive), by the entry's start time.
    pub from: Option<NaiveDate>,
    /// Last day of the range (inclusive).
    pub to: Option<NaiveDate>,
    /// Page number, from 1.
    pub page: u32,
    pub per_page: u32,
}

impl Default for UsageFilter {
    fn default() -> UsageFilter {
        UsageFilter { devices: Vec::new(), from: None, to: None, page: 1, per_page: 50 }
    }
}

/// Totals over every entry that matches a filter, cancelled entries left out of the sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UsageTotals {
    /// Entries that are not cancelled: one per session of use.
    pub sessions: u64,
    /// Minutes of use, summed over the sessions that have an end time.
    pub minutes: u64,
    /// Sessions without an end time, which the minutes do not count.
    pub open_sessions: u64,
    /// 印制份数 summed.
    pub printed_copies: u64,
    /// Cancelled entries, listed but not summed.
    pub cancelled: u64,
}

/// One page of entries, oldest first, and the totals of the whole selection.
#[derive(Debug, Clone)]
pub struct UsageReview {
    pub page: Page,
    pub totals: UsageTotals,
}

impl Session {
    /// Reviews the usage logbook: one page of the entries of `filter.devices` (every device
    /// when empty) started within the range, oldest first, and the totals of all of them.
    pub fn review_usage(&mut self, filter: &UsageFilter) -> Result<UsageReview> {
        let def = register("usage_log")?;
        self.require_register(def, Access::Read)?;
        let devices = self.check_devices(&filter.devices)?;
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if to < from {
                return Err(Error::new(Code::FieldEndBeforeStart)
                    .field(t!("query.to"))
                    .arg("end", to)
                    .arg("start_field", t!("query.from"))
                    .arg("start", from));
            }
        }

        let (where_sql, values) = usage_filter_sql(&devices, filter.from, filter.to);
        let conn = self.vault().conn();
        // NOTE: the totals decode every matching entry's JSON, about 10 µs an entry in
        // benches/registers.rs, so a year of all devices (100,000 entries) takes a second.
        let totals = conn.query_row(
            &format!(
                "SELECT count(*),
                        coalesce(sum(status <> ?{cancelled}), 0),
                        coalesce(sum(CASE WHEN status <> ?{cancelled} AND json_extract(data, '$.fields.ended_at') IS NOT NULL
                            THEN round((julianday(json_extract(data, '$.fields.ended_at'))
                                      - julianday(json_extract(data, '$.fields.started_at'))) * 1440) END), 0),
                        coalesce(sum(status <> ?{cancelled} AND json_extract(data, '$.fields.ended_at') IS NULL), 0),
                        coalesce(sum(CASE WHEN status <> ?{cancelled}
                            THEN CAST(json_extract(data, '$.fields.printed_copies') AS INTEGER) END), 0)
                 FROM records WHERE {where_sql}",
                cancelled = values.len() + 1
            ),
            rusqlite::params_from_iter(values.iter().chain(std::iter::once(&SqlValue::Text(CANCELLED.into())))),
            |r| {
                let count: i64 = r.get(0)?;
                let sessions: i64 = r.get(1)?;
                let minutes: f64 = r.get(2)?;
                Ok(UsageTotals {
                    sessions: sessions as u64,
                    minutes: minutes.max(0.0) as u64,
                    open_sessions: r.get::<_, i64>(3)? as u64,
                    printed_copies: r.get::<_, i64>(4)?.max(0) as u64,
                    cancelled: (count - sessions) as u64,
                })
            },
        )?;

        let per_page = filter.per_page.clamp(1, MAX_PER_PAGE);
        let page = filter.page.max(1);
        let offset = u64::from(page - 1) * u64::from(per_page);
        let sql = format!(
            "SELECT id, register, number, status, version, data, created_at, created_by, updated_at, updated_by
             FROM records WHERE {where_sql} ORDER BY primary_date ASC, id ASC LIMIT {per_page} OFFSET {offset}"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values.iter()), row_to_parts)?;
        let mut records = Vec::new();
        for row in rows {
            records.push(parts_to_record(row?)?);
        }
        let total = totals.sessions + totals.cancelled;
        Ok(UsageReview { page: Page { records, total, page, per_page }, totals })
    }

    /// Checks that each number names a record of the devices register, and returns the
    /// numbers in canonical form without repeats.
    fn check_devices(&mut self, devices: &[String]) -> Result<Vec<String>> {
        let field = t!("usage.field.devices");
        if devices.len() > MAX_DEVICES {
            return Err(Error::new(Code::FieldInvalid)
                .field(field)
                .arg("value", devices.len())
                .arg("allowed", t!("usage.too_many_devices", max = MAX_DEVICES)));
        }
        let mut checked: Vec<String> = Vec::new();
        for number in devices {
            let number = number.trim().to_ascii_uppercase();
            if number.is_empty() || checked.contains(&number) {
                continue;
            }
            let record = load_by_number(self.vault().conn(), &number)?
                .ok_or_else(|| Error::new(Code::RecordNotFound).field(field.clone()).arg("number", &number))?;
            if record.register.id != "devices" {
                return Err(Error::new(Code::FieldInvalid)
                    .field(field)
                    .arg("value", &number)
                    .arg("allowed", t!("usage.device_allowed")));
            }
            checked.push(number);
        }
        Ok(checked)
    }
}

/// Builds the WHERE clause over usage entries and its parameters (`?1`, `?2`, …).
fn usage_filter_sql(devices: &[String], from: Option<NaiveDate>, to: Option<NaiveDate>) -> (String, Vec<SqlValue>) {
    let mut clauses = vec!["register = ?1".to_string()];
    let mut values = vec![SqlValue::Text("usage_log".into())];
    if !devices.is_empty() {
        let start = values.len() + 1;
        let marks: Vec<String> = (start..start + devices.len()).map(|n| format!("?{n}")).collect();
        clauses.push(format!("device IN ({})", marks.join(", ")));
        values.extend(devices.iter().map(|d| SqlValue::Text(d.clone())));
    }
    if let Some(from) = from {
        values.push(SqlValue::Text(from.format("%Y-%m-%d").to_string()));
        clauses.push(format!("primary_date >= ?{}", values.len()));
    }
    if let Some(to) = to {
        let next_day = to.succ_opt().unwrap_or(to);
        values.push(SqlValue::Text(next_day.format("%Y-%m-%d").to_string()));
        clauses.push(format!("primary_date < ?{}", values.len()));
    }
    (clauses.join(" AND "), values)
}
