//! Dates, times and date-times as offices type them, and the start/end order check.
//!
//! Accepted dates: `2025-03-05`, `2025/03/05`, `2025.3.5`, `2025年3月5日`, `20250305`, also
//! with full-width digits. Times: `8:30`, `08:30:00`, `8时30分`. A date-time is a date and a
//! time separated by a blank or `T`, or directly after `日`. Dates are checked against the
//! real calendar, so 30 February is an error that names how many days that month has.

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::invalid;
use super::normalize::normalize;
use crate::{t, Code, Error, Result};

/// Years outside this range are taken for typing mistakes.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2100;

/// Parses a date.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    let text = normalize(text);
    match split_date(&text) {
        Some((year, month, day)) => make_date(&text, year, month, day),
        None => Err(invalid(&text, t!("field.allowed.date"))),
    }
}

/// Splits a date into year, month and day without checking the calendar.
fn split_date(text: &str) -> Option<(i32, u32, u32)> {
    if let Some(rest) = text.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        return Some((
            digits(year, 4, 4)? as i32,
            digits(month, 1, 2)?,
            digits(day, 1, 2)?,
        ));
    }

    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        let year = digits(&text[..4], 4, 4)?;
        return Some((
            year as i32,
            digits(&text[4..6], 2, 2)?,
            digits(&text[6..], 2, 2)?,
        ));
    }

    let separator = ['-', '/', '.']
        .into_iter()
        .find(|sep| text.contains(*sep))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    Some((
        digits(year, 4, 4)? as i32,
        digits(month, 1, 2)?,
        digits(day, 1, 2)?,
    ))
}

/// Parses `text` as a number of `min_len` to `max_len` ASCII digits.
pub(crate) fn digits(text: &str, min_len: usize, max_len: usize) -> Option<u32> {
    let ok = (min_len..=max_len).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    if ok {
        text.parse().ok()
    } else {
        None
    }
}

/// Builds a calendar date, naming the month's real length when the day does not exist.
pub(crate) fn make_date(text: &str, year: i32, month: u32, day: u32) -> Result<NaiveDate> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(invalid(
            text,
            t!("field.allowed.year", min = MIN_YEAR, max = MAX_YEAR),
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(invalid(text, t!("field.allowed.month")));
    }
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => Ok(date),
        None => Err(Error::new(Code::FieldNoSuchDate)
            .arg("value", text)
            .arg("year", year)
            .arg("month", month)
            .arg("days", days_in_month(year, month))),
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|day| NaiveDate::from_ymd_opt(year, month, *day).is_some())
        .unwrap_or(28)
}

/// Parses a time of day.
pub fn parse_time(text: &str) -> Result<NaiveTime> {
    let text = normalize(text);
    split_time(&text).ok_or_else(|| invalid(&text, t!("field.allowed.time")))
}

fn split_time(text: &str) -> Option<NaiveTime> {
    // `8时30分15秒` and `8点30分` become `8:30:15` and `8:30`.
    let colon_form = text.replace(['时', '点', '分'], ":").replace('秒', "");
    let colon_form = colon_form.strip_suffix(':').unwrap_or(&colon_form);

    let parts: Vec<&str> = colon_form.split(':').collect();
    let (hour, minute, second) = match parts.as_slice() {
        [hour, minute] => (*hour, *minute, "0"),
        [hour, minute, second] => (*hour, *minute, *second),
        _ => return None,
    };
    NaiveTime::from_hms_opt(
        digits(hour, 1, 2)?,
        digits(minute, 1, 2)?,
        digits(second, 1, 2)?,
    )
}

/// Parses a date and a time of day.
pub fn parse_date_time(text: &str) -> Result<NaiveDateTime> {
    let text = normalize(text);
    let Some((date_part, time_part)) = split_date_time(&text) else {
        return Err(invalid(&text, t!("field.allowed.date_time")));
    };
    let date = parse_date(date_part).map_err(|err| match err.code() {
        Code::FieldNoSuchDate => err,
        _ => invalid(&text, t!("field.allowed.date_time")),
    })?;
    let time = split_time(time_part.trim())
        .ok_or_else(|| invalid(&text, t!("field.allowed.date_time")))?;
    Ok(date.and_time(time))
}

fn split_date_time(text: &str) -> Option<(&str, &str)> {
    if let Some(split) = text.split_once(['T', ' ']) {
        return Some(split);
    }
    let end_of_date = text.find('日')? + '日'.len_utf8();
    Some((&text[..end_of_date], &text[end_of_date..]))
}

/// Prints a date as `2025-03-05`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Prints a date as `2025年3月5日`, the form used in 密级 markings.
pub fn format_date_zh(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Prints a time as `08:30`, or `08:30:15` when it has seconds.
pub fn format_time(time: NaiveTime) -> String {
    if time.second() == 0 {
        time.format("%H:%M").to_string()
    } else {
        time.format("%H:%M:%S").to_string()
    }
}

/// Prints a date-time as `2025-03-05 08:30`.
pub fn format_date_time(at: NaiveDateTime) -> String {
    format!("{} {}", format_date(at.date()), format_time(at.time()))
}

/// A date or a date-time, for comparing fields of either kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl Moment {
    pub fn date(self) -> NaiveDate {
        match self {
            Moment::Date(date) => date,
            Moment::DateTime(at) => at.date(),
        }
    }

    /// Compares two moments. When either is a bare date, only the dates are compared, so a
    /// loan lent at `2025-03-05 10:00` and due on `2025-03-05` is in order.
    pub fn compare(self, other: Moment) -> Ordering {
        match (self, other) {
            (Moment::DateTime(a), Moment::DateTime(b)) => a.cmp(&b),
            _ => self.date().cmp(&other.date()),
        }
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Moment::Date(date) => f.write_str(&format_date(*date)),
            Moment::DateTime(at) => f.write_str(&format_date_time(*at)),
        }
    }
}

/// Checks that `end` is not earlier than `start`. The error belongs to the end field and
/// names both fields.
pub fn check_order(start_field: &str, start: Moment, end_field: &str, end: Moment) -> Result<()> {
    if end.compare(start) == Ordering::Less {
        return Err(Error::new(Code::FieldEndBeforeStart)
            .field(end_field)
            .arg("end", end)
            .arg("start_field", start_field)
            .arg("start", start));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn check<T: PartialEq + fmt::Debug>(
        parse: fn(&str) -> Result<T>,
        input: &str,
        expected: Result<T, &str>,
    ) {
        let actual = parse(input).map_err(|err| err.field("收到日期").message_in(Lang::ZhCn));
        match expected {
            Ok(value) => assert_eq!(actual.ok(), Some(value), "input {input}"),
            Err(message) => assert_eq!(actual.err().as_deref(), Some(message), "input {input}"),
        }
    }

    #[test]
    fn dates() {
        let march_5 = Ok(ymd(2025, 3, 5));
        let cases = [
            ("2025-03-05", march_5),
            ("2025.3.5", march_5),
            ("2025年3月5日", march_5),
            ("2025/03/05", march_5),
            ("20250305", march_5),
            ("２０２５－０３－０５", march_5),
            ("２０２５年３月５日", march_5),
            (" 2025-3-5 ", march_5),
            ("2024-02-29", Ok(ymd(2024, 2, 29))),
            (
                "2025-02-30",
                Err("“收到日期”的日期“2025-02-30”不存在：2025年2月只有 28 天。请核对后重新输入。"),
            ),
            (
                "2024年2月30日",
                Err("“收到日期”的日期“2024年2月30日”不存在：2024年2月只有 29 天。请核对后重新输入。"),
            ),
            (
                "2025-04-31",
                Err("“收到日期”的日期“2025-04-31”不存在：2025年4月只有 30 天。请核对后重新输入。"),
            ),
            ("2025-13-01", Err("“收到日期”的值“2025-13-01”无效：月份应为 1 至 12。")),
            ("1025-01-01", Err("“收到日期”的值“1025-01-01”无效：年份应为 1900 至 2100。")),
            (
                "3月5日",
                Err("“收到日期”的值“3月5日”无效：应为日期，如“2025-03-05”“2025.3.5”“2025年3月5日”。"),
            ),
            (
                "2025-03",
                Err("“收到日期”的值“2025-03”无效：应为日期，如“2025-03-05”“2025.3.5”“2025年3月5日”。"),
            ),
            (
                "2025-3/5",
                Err("“收到日期”的值“2025-3/5”无效：应为日期，如“2025-03-05”“2025.3.5”“2025年3月5日”。"),
            ),
        ];
        for (input, expected) in cases {
            check(parse_date, input, expected);
        }
    }

    #[test]
    fn times() {
        let half_past_8 = NaiveTime::from_hms_opt(8, 30, 0).unwrap();
        let cases = [
            ("8:30", Ok(half_past_8)),
            ("08:30:00", Ok(half_past_8)),
            ("８：３０", Ok(half_past_8)),
            ("8时30分", Ok(half_past_8)),
            ("8点30分", Ok(half_past_8)),
            ("23:59:59", Ok(NaiveTime::from_hms_opt(23, 59, 59).unwrap())),
            (
                "24:00",
                Err("“收到日期”的值“24:00”无效：应为时间，如“8:30”“08:30:00”。"),
            ),
            (
                "8:60",
                Err("“收到日期”的值“8:60”无效：应为时间，如“8:30”“08:30:00”。"),
            ),
            (
                "830",
                Err("“收到日期”的值“830”无效：应为时间，如“8:30”“08:30:00”。"),
            ),
        ];
        for (input, expected) in cases {
            check(parse_time, input, expected);
        }
    }

    #[test]
    fn date_times() {
        let at = Ok(ymd(2025, 3, 5).and_hms_opt(8, 30, 0).unwrap());
        let cases = [
            ("2025-03-05 08:30", at),
            ("2025-03-05T08:30:00", at),
            ("2025年3月5日 8:30", at),
            ("2025年3月5日8时30分", at),
            ("2025.3.5　8:30", at),
            (
                "2025-02-30 08:30",
                Err("“收到日期”的日期“2025-02-30”不存在：2025年2月只有 28 天。请核对后重新输入。"),
            ),
            (
                "2025-03-05",
                Err("“收到日期”的值“2025-03-05”无效：应为日期和时间，如“2025-03-05 08:30”。"),
            ),
            (
                "2025-03-05 25:00",
                Err("“收到日期”的值“2025-03-05 25:00”无效：应为日期和时间，如“2025-03-05 08:30”。"),
            ),
        ];
        for (input, expected) in cases {
            check(parse_date_time, input, expected);
        }
    }

    #[test]
    fn printing() {
        let at = ymd(2025, 3, 5).and_hms_opt(8, 30, 0).unwrap();
        assert_eq!(format_date(at.date()), "2025-03-05");
        assert_eq!(format_date_zh(at.date()), "2025年3月5日");
        assert_eq!(format_date_time(at), "2025-03-05 08:30");
        assert_eq!(
            format_time(NaiveTime::from_hms_opt(8, 30, 15).unwrap()),
            "08:30:15"
        );
    }

    #[test]
    fn end_before_start_names_both_fields() {
        let sent = Moment::DateTime(ymd(2025, 3, 5).and_hms_opt(8, 30, 0).unwrap());
        let returned = Moment::DateTime(ymd(2025, 3, 4).and_hms_opt(17, 0, 0).unwrap());
        let err = check_order("送阅时间", sent, "归还时间", returned).unwrap_err();
        assert_eq!(err.code(), Code::FieldEndBeforeStart);
        assert_eq!(err.field_name(), Some("归还时间"));
        assert_eq!(
            err.message_in(Lang::ZhCn),
            "“归还时间”（2025-03-04 17:00）早于“送阅时间”（2025-03-05 08:30）。结束不能早于开始，请核对这两项。"
        );
    }

    #[test]
    fn order_allows_equal_and_mixed_kinds() {
        let lent = Moment::DateTime(ymd(2025, 3, 5).and_hms_opt(10, 0, 0).unwrap());
        let due = Moment::Date(ymd(2025, 3, 5));
        assert!(check_order("借出时间", lent, "归还期限", due).is_ok());
        assert!(check_order("借出时间", lent, "归还时间", lent).is_ok());
        assert!(check_order("借出时间", lent, "归还期限", Moment::Date(ymd(2025, 3, 4))).is_err());
    }
}
