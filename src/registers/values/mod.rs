//! Typed field values: strict parsing from what a user types, and printing back.
//!
//! Each parser accepts the forms offices actually type (full-width digits, `★` variants,
//! Chinese dates) and returns an [`Error`](crate::Error) with code and value but without the
//! field. The caller adds the field's label with `.field(label)`, so every message names it.
//! Resident ID numbers and phone numbers appear masked in error messages too, because those
//! messages reach the screen and the logs.

pub mod classification;
pub mod copies;
pub mod date;
pub mod incident;
pub mod normalize;
pub mod phone;
pub mod post_level;
pub mod quantity;
pub mod resident_id;
pub mod text;

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub use classification::{Classification, LevelSet, Marking, SecrecyTerm};
pub use copies::CopyNumbers;
pub use date::Moment;
pub use incident::{IncidentCause, IncidentGrade};
pub use phone::Phone;
pub use post_level::PostLevel;
pub use resident_id::ResidentId;

use crate::registers::number::RecordNumber;

/// A parsed field value. The variant follows the field's `FieldKind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Integer(i64),
    Quantity(u32),
    /// One of the field's allowed values, as declared.
    Choice(&'static str),
    YesNo(bool),
    Date(NaiveDate),
    Time(NaiveTime),
    DateTime(NaiveDateTime),
    /// 密级, with the 保密期限 when one is stated.
    Marking(Marking),
    SecrecyTerm(SecrecyTerm),
    CopyNumbers(CopyNumbers),
    ResidentId(ResidentId),
    Phone(Phone),
    PostLevel(PostLevel),
    IncidentGrade(IncidentGrade),
    /// A record of the personnel register (涉密人员).
    Person(RecordNumber),
    /// A record of the devices register (设备台账).
    Device(RecordNumber),
    Record(RecordNumber),
    Account(String),
}

impl Value {
    /// Prints the value for screens and PDFs: ID and phone numbers masked, the rest in full.
    pub fn to_masked_string(&self) -> String {
        match self {
            Value::ResidentId(id) => id.masked(),
            Value::Phone(phone) => phone.masked(),
            other => other.to_string(),
        }
    }

    /// Returns the point in time of a date or date-time value.
    pub fn moment(&self) -> Option<Moment> {
        match self {
            Value::Date(date) => Some(Moment::Date(*date)),
            Value::DateTime(at) => Some(Moment::DateTime(*at)),
            _ => None,
        }
    }
}

/// Prints the value in full, in the form the parsers accept back.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(text) | Value::Account(text) => f.write_str(text),
            Value::Integer(n) => write!(f, "{n}"),
            Value::Quantity(n) => write!(f, "{n}"),
            Value::Choice(choice) => f.write_str(choice),
            Value::YesNo(yes) => f.write_str(text::yes_no_label(*yes)),
            Value::Date(date) => f.write_str(&date::format_date(*date)),
            Value::Time(time) => f.write_str(&date::format_time(*time)),
            Value::DateTime(at) => f.write_str(&date::format_date_time(*at)),
            Value::Marking(marking) => write!(f, "{marking}"),
            Value::SecrecyTerm(term) => write!(f, "{term}"),
            Value::CopyNumbers(copies) => write!(f, "{copies}"),
            Value::ResidentId(id) => f.write_str(id.as_str()),
            Value::Phone(phone) => write!(f, "{phone}"),
            Value::PostLevel(level) => f.write_str(level.label()),
            Value::IncidentGrade(grade) => f.write_str(grade.label()),
            Value::Person(number) | Value::Device(number) | Value::Record(number) => {
                write!(f, "{number}")
            }
        }
    }
}

/// Builds the `field.invalid` error for `value`; the caller adds the field.
pub(crate) fn invalid(value: &str, allowed: String) -> crate::Error {
    crate::Error::new(crate::Code::FieldInvalid)
        .arg("value", value)
        .arg("allowed", allowed)
}
