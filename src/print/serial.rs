//! Print serial numbers (`PR-2026-000123`): one per printed form, from a per-year sequence,
//! kept in the `prints` table with the form, what was printed, who printed it and when.

use chrono::{DateTime, Datelike, Local, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::keyring::ChainHead;

/// The prefix of print serials.
pub const SERIAL_PREFIX: &str = "PR";

/// One stored print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintEntry {
    pub serial: String,
    pub form: String,
    pub target: String,
    pub printed_by: String,
    pub printed_at: String,
    pub audit_seq: u64,
}

/// Formats a serial: `PR-2026-000123`.
pub fn format_serial(year: i32, seq: u32) -> String {
    format!("{SERIAL_PREFIX}-{year:04}-{seq:06}")
}

/// Stores the next serial of the year of `at` (local time) for a print, and appends its audit
/// entry with `append`, which receives the serial and returns the new chain head. Both happen
/// in the caller's transaction.
pub(crate) fn record(
    conn: &Connection,
    form: &str,
    target: &str,
    printed_by: &str,
    at: DateTime<Utc>,
    append: impl FnOnce(&str) -> Result<ChainHead>,
) -> Result<(String, ChainHead)> {
    let year = at.with_timezone(&Local).year();
    let last: Option<u32> = conn
        .query_row("SELECT max(seq) FROM prints WHERE year = ?1", [year], |r| r.get(0))
        .optional()?
        .flatten();
    let seq = last.unwrap_or(0) + 1;
    let serial = format_serial(year, seq);
    let head = append(&serial)?;
    conn.execute(
        "INSERT INTO prints(serial, year, seq, form, target, printed_by, printed_at, audit_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![serial, year, seq, form, target, printed_by, crate::clock::to_text(at), head.seq],
    )?;
    Ok((serial, head))
}

/// Finds a print by its serial (as typed or scanned; case and blanks do not matter).
pub fn lookup(conn: &Connection, serial: &str) -> Result<Option<PrintEntry>> {
    let serial = serial.trim().to_ascii_uppercase();
    Ok(conn
        .query_row(
            "SELECT serial, form, target, printed_by, printed_at, audit_seq FROM prints WHERE serial = ?1",
            [serial],
            |r| {
                Ok(PrintEntry {
                    serial: r.get(0)?,
                    form: r.get(1)?,
                    target: r.get(2)?,
                    printed_by: r.get(3)?,
                    printed_at: r.get(4)?,
                    audit_seq: r.get(5)?,
                })
            },
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_is_zero_padded() {
        assert_eq!(format_serial(2026, 123), "PR-2026-000123");
    }
}
