//! Validation of user input against a register definition.
//!
//! A form or an importer hands over each field as text, keyed by field id. [`validate`]
//! parses every field by its kind, checks required fields, reconciles a 密级 marking with a
//! separate 保密期限 field, and runs the register's cross-field checks. It reports every
//! error it finds, each naming the field by its label, so a form can mark all fields at once.

use std::collections::BTreeMap;

use crate::registers::definition::{Check, FieldDef, FieldKind, MarkingFields, RegisterDef};
use crate::registers::definition::{LONG_TEXT_MAX_CHARS, TEXT_MAX_CHARS};
use crate::registers::defs::{by_id, DEVICES_ID, PERSONNEL_ID};
use crate::registers::number::RecordNumber;
use crate::registers::values::classification::Marking;
use crate::registers::values::copies::CopyNumbers;
use crate::registers::values::date::{check_order, parse_date, parse_date_time, parse_time};
use crate::registers::values::incident::IncidentCause;
use crate::registers::values::quantity::{parse_integer, parse_quantity};
use crate::registers::values::text::{
    parse_account, parse_choice, parse_confirmation, parse_long_text, parse_text, parse_yes_no,
};
use crate::registers::values::{
    invalid, IncidentGrade, Phone, PostLevel, ResidentId, SecrecyTerm, Value,
};
use crate::{t, Code, Error, Result};

/// User input for one record: field id to text, and one such map per row.
#[derive(Debug, Clone, Default)]
pub struct FormInput {
    pub fields: BTreeMap<String, String>,
    pub rows: Vec<BTreeMap<String, String>>,
}

impl FormInput {
    /// Builds input from `(field id, text)` pairs.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> FormInput {
        FormInput {
            fields: to_map(pairs),
            rows: Vec::new(),
        }
    }

    /// Adds a row from `(field id, text)` pairs.
    pub fn with_row(mut self, pairs: &[(&str, &str)]) -> FormInput {
        self.rows.push(to_map(pairs));
        self
    }
}

fn to_map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(id, text)| (id.to_string(), text.to_string()))
        .collect()
}

/// Parsed values by field id. Blank optional fields are absent.
pub type Values = BTreeMap<&'static str, Value>;

/// A record's input after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validated {
    pub fields: Values,
    pub rows: Vec<Values>,
}

/// Validates `input` against `def` and returns the typed values, or every error found in
/// field order (fields, then cross-field checks, then rows).
pub fn validate(def: &RegisterDef, input: &FormInput) -> Result<Validated, Vec<Error>> {
    let mut errors = Vec::new();
    let top_label = |field: &FieldDef| field.label.to_string();

    reject_unknown(def, def.fields, &input.fields, &mut errors);
    let mut fields = parse_fields(def.fields, &input.fields, &top_label, &mut errors);
    if let Some(marking) = def.marking {
        reconcile_marking(def, marking, &mut fields, &mut errors);
    }
    run_checks(def.checks, def.fields, &fields, &top_label, &mut errors);

    let rows = validate_rows(def, input, &mut errors);
    if errors.is_empty() {
        Ok(Validated { fields, rows })
    } else {
        Err(errors)
    }
}

/// Validates like [`validate`] but returns only the first error.
pub fn validate_first(def: &RegisterDef, input: &FormInput) -> Result<Validated> {
    validate(def, input).map_err(|mut errors| errors.remove(0))
}

fn validate_rows(def: &RegisterDef, input: &FormInput, errors: &mut Vec<Error>) -> Vec<Values> {
    let Some(rows_def) = def.rows else {
        for row in &input.rows {
            reject_unknown(def, &[], row, errors);
        }
        return Vec::new();
    };

    if input.rows.len() < rows_def.min_rows {
        errors.push(Error::new(Code::FieldRequired).field(rows_def.label));
    }

    let mut rows = Vec::new();
    for (index, row) in input.rows.iter().enumerate() {
        let label = |field: &FieldDef| {
            t!(
                "field.in_row",
                field = field.label,
                rows = rows_def.label,
                row = index + 1
            )
        };
        reject_unknown(def, rows_def.fields, row, errors);
        let values = parse_fields(rows_def.fields, row, &label, errors);
        run_checks(rows_def.checks, rows_def.fields, &values, &label, errors);
        rows.push(values);
    }
    rows
}

fn reject_unknown(
    def: &RegisterDef,
    fields: &[FieldDef],
    input: &BTreeMap<String, String>,
    errors: &mut Vec<Error>,
) {
    for id in input.keys() {
        if !fields.iter().any(|field| field.id == id) {
            errors.push(
                Error::new(Code::FieldUnknown)
                    .field(id.as_str())
                    .arg("register", def.name),
            );
        }
    }
}

fn parse_fields(
    fields: &'static [FieldDef],
    input: &BTreeMap<String, String>,
    label: &dyn Fn(&FieldDef) -> String,
    errors: &mut Vec<Error>,
) -> Values {
    let mut values = Values::new();
    for field in fields {
        let text = input.get(field.id).map(String::as_str).unwrap_or("");
        match parse_field(field, text) {
            Ok(Some(value)) => {
                values.insert(field.id, value);
            }
            Ok(None) => {}
            Err(err) => errors.push(err.field(label(field))),
        }
    }
    values
}

/// Parses one field's text. Returns `None` for a blank optional field; a blank required
/// field is a `field.required` error. The error does not name the field yet.
pub fn parse_field(field: &FieldDef, text: &str) -> Result<Option<Value>> {
    if text.trim().is_empty() {
        if field.required {
            return Err(Error::new(Code::FieldRequired));
        }
        return Ok(None);
    }
    parse_value(field.kind, text).map(Some)
}

/// Parses non-blank text as a value of `kind`.
pub fn parse_value(kind: FieldKind, text: &str) -> Result<Value> {
    let value = match kind {
        FieldKind::Text => Value::Text(parse_text(text, TEXT_MAX_CHARS)?),
        FieldKind::LongText => Value::Text(parse_long_text(text, LONG_TEXT_MAX_CHARS)?),
        FieldKind::Integer { min, max } => Value::Integer(parse_integer(text, min, max)?),
        FieldKind::Quantity { unit, min } => Value::Quantity(parse_quantity(text, unit, min)?),
        FieldKind::Choice(allowed) => Value::Choice(parse_choice(text, allowed)?),
        FieldKind::YesNo => Value::YesNo(parse_yes_no(text)?),
        FieldKind::Confirmation => Value::YesNo(parse_confirmation(text)?),
        FieldKind::Date => Value::Date(parse_date(text)?),
        FieldKind::Time => Value::Time(parse_time(text)?),
        FieldKind::DateTime => Value::DateTime(parse_date_time(text)?),
        FieldKind::Classification(levels) => Value::Marking(Marking::parse(text, levels)?),
        FieldKind::SecrecyTerm => Value::SecrecyTerm(SecrecyTerm::parse(text)?),
        FieldKind::CopyNumbers => Value::CopyNumbers(CopyNumbers::parse(text)?),
        FieldKind::ResidentId => Value::ResidentId(ResidentId::parse(text)?),
        FieldKind::Phone => Value::Phone(Phone::parse(text)?),
        FieldKind::PostLevel => Value::PostLevel(PostLevel::parse(text)?),
        FieldKind::IncidentGrade => Value::IncidentGrade(IncidentGrade::parse(text)?),
        FieldKind::Person => Value::Person(parse_reference(text, &[PERSONNEL_ID])?),
        FieldKind::Device => Value::Device(parse_reference(text, &[DEVICES_ID])?),
        FieldKind::Record(registers) => Value::Record(parse_reference(text, registers)?),
        FieldKind::Account => Value::Account(parse_account(text)?),
    };
    Ok(value)
}

/// Parses the number of a record in one of `registers`.
// NOTE: this checks the number's form only; whether the record exists is for the vault.
fn parse_reference(text: &str, registers: &[&str]) -> Result<RecordNumber> {
    let defs: Vec<&RegisterDef> = registers.iter().filter_map(|id| by_id(id)).collect();
    let prefixes: Vec<&str> = defs.iter().map(|def| def.prefix).collect();
    let names: Vec<&str> = defs.iter().map(|def| def.name).collect();
    RecordNumber::parse(text, &prefixes, &names.join("或"))
}

/// Brings the 密级 field and a separate 保密期限 field into agreement. A term typed in either
/// place is stored in both. Two different terms are an error, and so is a term next to a
/// non-classified level.
fn reconcile_marking(
    def: &RegisterDef,
    fields_def: MarkingFields,
    values: &mut Values,
    errors: &mut Vec<Error>,
) {
    let Some(term_id) = fields_def.term else {
        return;
    };
    let Some(Value::Marking(marking)) = values.get(fields_def.classification).cloned() else {
        return;
    };
    let separate_term = match values.get(term_id) {
        Some(Value::SecrecyTerm(term)) => Some(*term),
        _ => None,
    };
    let marking_label = label_of(def.fields, fields_def.classification);
    let term_label = label_of(def.fields, term_id);

    match (marking.term, separate_term) {
        (Some(marked), Some(term)) if marked != term => errors.push(
            Error::new(Code::FieldTermConflict)
                .field(marking_label)
                .arg("marked", marked)
                .arg("term_field", term_label)
                .arg("term", term),
        ),
        (None, Some(term)) if !marking.classification.is_classified() => {
            let allowed = t!(
                "field.allowed.term_unclassified",
                level = marking.classification.label()
            );
            errors.push(invalid(&term.to_string(), allowed).field(term_label));
        }
        (None, Some(term)) => {
            let marking = Marking {
                term: Some(term),
                ..marking
            };
            values.insert(fields_def.classification, Value::Marking(marking));
        }
        (Some(marked), None) => {
            values.insert(term_id, Value::SecrecyTerm(marked));
        }
        _ => {}
    }
}

fn label_of(fields: &[FieldDef], id: &str) -> &'static str {
    fields
        .iter()
        .find(|field| field.id == id)
        .map(|field| field.label)
        .unwrap_or("")
}

fn run_checks(
    checks: &[Check],
    fields: &[FieldDef],
    values: &Values,
    label: &dyn Fn(&FieldDef) -> String,
    errors: &mut Vec<Error>,
) {
    let name = |id: &str| match fields.iter().find(|field| field.id == id) {
        Some(field) => label(field),
        None => id.to_string(),
    };
    for check in checks {
        if let Err(err) = run_check(check, values, &name) {
            errors.push(err);
        }
    }
}

/// Runs one check. Checks whose fields are blank (or failed to parse) pass, because the
/// required-field and parse errors already cover them.
fn run_check(check: &Check, values: &Values, name: &dyn Fn(&str) -> String) -> Result<()> {
    match *check {
        Check::Order { start, end } => {
            let start_at = values.get(start).and_then(Value::moment);
            let end_at = values.get(end).and_then(Value::moment);
            if let (Some(start_at), Some(end_at)) = (start_at, end_at) {
                check_order(&name(start), start_at, &name(end), end_at)?;
            }
        }
        Check::CopyCount { count, numbers } => {
            if let (Some(Value::Quantity(expected)), Some(Value::CopyNumbers(copies))) =
                (values.get(count), values.get(numbers))
            {
                if *expected != copies.count() {
                    return Err(Error::new(Code::FieldCountMismatch)
                        .field(name(count))
                        .arg("count", expected)
                        .arg("numbers_field", name(numbers))
                        .arg("numbers", copies)
                        .arg("actual", copies.count()));
                }
            }
        }
        Check::Distinct { first, second } => {
            if let (Some(a), Some(b)) = (values.get(first), values.get(second)) {
                if a == b {
                    return Err(Error::new(Code::FieldSamePerson)
                        .field(name(second))
                        .arg("other_field", name(first))
                        .arg("value", b.to_masked_string()));
                }
            }
        }
        Check::RequiredWhen { field, when, is } => {
            if let Some(when_value) = matching(values, when, is) {
                if !values.contains_key(field) {
                    return Err(Error::new(Code::FieldRequiredWhen)
                        .field(name(field))
                        .arg("when_field", name(when))
                        .arg("when_value", when_value));
                }
            }
        }
        Check::ValueWhen {
            field,
            value,
            when,
            is,
        } => {
            if let (Some(when_value), Some(actual)) =
                (matching(values, when, is), values.get(field))
            {
                if actual.to_string() != value {
                    return Err(Error::new(Code::FieldValueWhen)
                        .field(name(field))
                        .arg("when_field", name(when))
                        .arg("when_value", when_value)
                        .arg("expected", value)
                        .arg("value", actual.to_masked_string()));
                }
            }
        }
        Check::DeclassificationPeriod { post_level, period } => {
            if let (Some(Value::PostLevel(level)), Some(Value::Quantity(years))) =
                (values.get(post_level), values.get(period))
            {
                level
                    .declassification_period(Some(*years))
                    .map_err(|err| err.field(name(period)))?;
            }
        }
        Check::GradeAtLeastCause { cause, grade } => {
            if let (Some(Value::Choice(cause_label)), Some(Value::IncidentGrade(chosen))) =
                (values.get(cause), values.get(grade))
            {
                check_grade(cause_label, *chosen).map_err(|err| err.field(name(grade)))?;
            }
        }
        Check::StatutoryTerm { marking, start } => {
            if let Some(Value::Marking(marked)) = values.get(marking) {
                let start = match values.get(start) {
                    Some(Value::Date(date)) => Some(*date),
                    _ => None,
                };
                check_statutory_term(marked, start).map_err(|err| err.field(name(marking)))?;
            }
        }
    }
    Ok(())
}

/// Checks a 保密期限 set by this office against the statutory maximum of its 密级.
fn check_statutory_term(marked: &Marking, start: Option<chrono::NaiveDate>) -> Result<()> {
    let (Some(term), Some(max_years)) = (marked.term, marked.classification.statutory_term_years()) else {
        return Ok(());
    };
    let level = marked.classification.label();
    let too_long = || {
        invalid(&marked.to_string(), t!("field.allowed.statutory_term", level = level, years = max_years))
    };
    match term {
        SecrecyTerm::Years(years) if years > max_years => Err(too_long()),
        SecrecyTerm::LongTerm if marked.classification != crate::registers::values::Classification::TopSecret => {
            Err(invalid(&marked.to_string(), t!("field.allowed.long_term_top_secret")))
        }
        SecrecyTerm::Until(end) => match start {
            Some(start) if end <= start => {
                Err(invalid(&marked.to_string(), t!("field.allowed.term_after_start", start = start.format("%Y-%m-%d"))))
            }
            Some(start) if SecrecyTerm::Years(max_years).end_from(start).is_some_and(|max| end > max) => Err(too_long()),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Returns the value of `when` as text if it is one of `is`.
fn matching(values: &Values, when: &str, is: &[&str]) -> Option<String> {
    let text = values.get(when)?.to_string();
    is.contains(&text.as_str()).then_some(text)
}

fn check_grade(cause_label: &str, chosen: IncidentGrade) -> Result<()> {
    let Some(cause) = IncidentCause::from_label(cause_label) else {
        return Ok(());
    };
    if chosen < cause.grade() {
        let allowed = t!(
            "field.allowed.grade_at_least",
            cause = cause_label,
            grade = cause.grade().label()
        );
        return Err(invalid(chosen.label(), allowed));
    }
    Ok(())
}
