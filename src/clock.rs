//! Time stamps: stored in UTC as RFC 3339 with milliseconds (so text order is time order),
//! shown to users in local time.

use chrono::{DateTime, Local, SecondsFormat, Utc};

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// The stored form of `at`, e.g. `2026-12-04T08:30:00.000Z`.
pub fn to_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn now_text() -> String {
    to_text(now())
}

pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

/// A stored time stamp in local time for people, e.g. `2026-12-04 16:30:00`; unparsable text
/// is shown as it is.
pub fn display(text: &str) -> String {
    match parse(text) {
        Some(at) => at.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S").to_string(),
        None => text.to_string(),
    }
}

/// A time for people, in local time.
pub fn display_at(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S").to_string()
}
