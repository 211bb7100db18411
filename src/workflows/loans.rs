//! 介质借用: lending a classified medium after a clearance check, and its return with a check
//! of the medium.
//!
//! A loan is refused when any of these holds, in this order:
//! - the medium is scrapped, cancelled or under repair, or its scrapping is under way;
//! - the medium is already out on another loan;
//! - the borrower is not on a classified post (在岗);
//! - the borrower's 岗位等级 does not cover the medium's 密级 (核心: 绝密, 机密, 秘密; 重要:
//!   机密, 秘密; 一般: 秘密);
//! - the borrower is not in the medium's 知悉范围, or a classified medium has none recorded;
//! - the borrower has not returned an item past its due date (a medium or a circulated
//!   document);
//! - nobody recorded giving the borrower the secrecy reminder (保密提醒).
//!
//! [`Session::loan_clearance`] returns every reason at once, for the form to show before the
//! loan. [`Session::lend_medium`] checks again in the transaction that stores the loan and
//! fails with the first reason.

use rusqlite::Connection;

use super::{def, load_in, not_in_future, save, set, Person};
use crate::auth::session::load_account;
use crate::auth::Session;
use crate::error::{Code, Error, Result};
use crate::records::access::Access;
use crate::records::store::{check_references, insert_record};
use crate::records::Record;
use crate::registers::validate::{parse_field, validate_first};
use crate::registers::{FormInput, Value};
use crate::t;

const LOANS: &str = "media_loans";

/// Device statuses in which a medium can be lent: 在用 and 停用 (kept in the safe).
const LENDABLE_STATUSES: [&str; 2] = ["in_use", "idle"];

/// Scrapping statuses in which a device's scrapping is under way.
const SCRAPPING_UNDER_WAY: [&str; 3] = ["applied", "approved", "wiped"];

/// A loan as the form gives it, each field as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoanRequest<'a> {
    /// The medium's devices record number (SB-…).
    pub medium: &'a str,
    /// The borrower's personnel number (RY-…).
    pub borrower: &'a str,
    pub purpose: &'a str,
    /// The account that gave the secrecy reminder (保密提醒人); blank when none was given.
    pub reminded_by: &'a str,
    pub lent_at: &'a str,
    pub return_due: &'a str,
}

/// The reasons a loan would be refused; none means it may go ahead.
#[derive(Debug, Default)]
pub struct LoanClearance {
    /// One error per broken rule, in the order the module lists the rules. Each has its own
    /// code and a message naming the medium or the borrower.
    pub refusals: Vec<Error>,
}

impl LoanClearance {
    pub fn is_clear(&self) -> bool {
        self.refusals.is_empty()
    }
}

/// The result of checking a medium on its return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnCheck<'a> {
    /// 完好.
    Intact,
    /// 有异常, with what was found.
    Abnormal(&'a str),
}

impl Session {
    /// Lists every reason the loan in `request` would be refused. Malformed or unknown medium
    /// and borrower numbers are an error, not a reason.
    pub fn loan_clearance(&mut self, request: &LoanRequest<'_>) -> Result<LoanClearance> {
        self.require_loan_access(Access::Read)?;
        let conn = self.vault().conn();
        let (medium, borrower) = load_parties(conn, request)?;
        clearance(conn, request, &medium, &borrower)
    }

    /// Lends a medium after the clearance check. The loan records that the identity and
    /// clearance check passed (身份及涉密等级核验 = 是) and who gave the secrecy reminder.
    pub fn lend_medium(&mut self, request: &LoanRequest<'_>) -> Result<Record> {
        self.require_loan_access(Access::Write)?;
        let loans = def(LOANS);

        self.write(|w| {
            let (medium, borrower) = load_parties(w, request)?;
            let clearance = clearance(w, request, &medium, &borrower)?;
            if let Some(refusal) = clearance.refusals.into_iter().next() {
                return Err(refusal);
            }

            // The clearance checks above are the system's part of 身份及涉密等级核验. The
            // identity card is checked by the clerk who records the loan, whom the audit entry
            // names.
            let input = FormInput::from_pairs(&[
                ("medium", &medium.number),
                ("borrower", &borrower.number),
                ("clearance_checked", "是"),
                ("purpose", request.purpose),
                ("reminded_by", request.reminded_by),
                ("lent_at", request.lent_at),
                ("return_due", request.return_due),
            ]);
            let values = validate_first(loans, &input)?;
            not_in_future(values.fields.get("lent_at"), super::label(loans, "lent_at"))?;
            check_references(w, loans, &values)?;
            let loan = insert_record(
                w,
                loans,
                &values,
                loans.initial_status,
                &t!("workflow.reason.lent"),
            )?;
            w.append("workflow.loan.lend", &loan.number, medium.number.as_bytes())?;
            Ok(loan)
        })
    }

    /// Records the return of a medium at `returned_at` with the check of the medium.
    pub fn return_medium(
        &mut self,
        loan: &str,
        returned_at: &str,
        check: ReturnCheck<'_>,
    ) -> Result<Record> {
        let loans = def(LOANS);
        self.require_register(loans, Access::Write)?;

        self.write(|w| {
            let record = load_in(w, loans, loan, &t!("workflow.field.loan"))?;
            let mut data = record.data.clone();
            set(&mut data, "returned_at", returned_at);
            let (result, note) = match check {
                ReturnCheck::Intact => ("完好", ""),
                ReturnCheck::Abnormal(note) => ("有异常", note),
            };
            set(&mut data, "return_check", result);
            set(&mut data, "return_note", note);

            let values = validate_first(loans, &data.to_input())?;
            not_in_future(
                values.fields.get("returned_at"),
                super::label(loans, "returned_at"),
            )?;
            let returned = save(
                w,
                &record,
                &data,
                "returned",
                &t!("workflow.reason.medium_returned", check = result),
            )?;
            w.append("workflow.loan.return", &returned.number, result.as_bytes())?;
            Ok(returned)
        })
    }

    fn require_loan_access(&mut self, access: Access) -> Result<()> {
        self.require_register(def(LOANS), access)?;
        self.require_register(def("devices"), Access::Read)?;
        self.require_register(def("personnel"), Access::Read)?;
        self.require_register(def("circulation"), Access::Read)
    }
}

/// Loads the medium and the borrower named in `request`.
fn load_parties(conn: &Connection, request: &LoanRequest<'_>) -> Result<(Record, Record)> {
    let loans = def(LOANS);
    let medium = load_in(
        conn,
        def("devices"),
        &reference(loans, "medium", request.medium)?,
        super::label(loans, "medium"),
    )?;
    let borrower = load_in(
        conn,
        def("personnel"),
        &reference(loans, "borrower", request.borrower)?,
        super::label(loans, "borrower"),
    )?;
    Ok((medium, borrower))
}

/// Parses a reference field of the loan form, so that `sb-2026-1` finds `SB-2026-0001`.
fn reference(loans: &crate::registers::RegisterDef, field: &str, text: &str) -> Result<String> {
    let field_def = loans.field(field).expect("media_loans declares the field");
    match parse_field(field_def, text) {
        Ok(Some(value)) => Ok(value.to_string()),
        Ok(None) => Ok(String::new()),
        Err(err) => Err(err.field(field_def.label)),
    }
}

fn clearance(
    conn: &Connection,
    request: &LoanRequest<'_>,
    medium: &Record,
    borrower: &Record,
) -> Result<LoanClearance> {
    let mut refusals = Vec::new();
    let unified = medium.data.field("unified_number").unwrap_or_default();
    let person = Person::from_record(borrower);

    if let Some(refusal) = medium_unavailable(conn, medium, unified)? {
        refusals.push(refusal);
    }
    if let Some(loan) = open_loan(conn, &medium.number)? {
        let holder = loan.data.field("borrower").unwrap_or_default();
        let name = Person::load(conn, holder, "")
            .map(|p| p.name)
            .unwrap_or_default();
        refusals.push(
            Error::new(Code::LoanMediumOut)
                .arg("medium", &medium.number)
                .arg("unified", unified)
                .arg("since", loan.data.field("lent_at").unwrap_or_default())
                .arg("name", name)
                .arg("person", holder)
                .arg("loan", &loan.number),
        );
    }

    let borrow = t!("workflow.action.borrow");
    if let Err(refusal) = person.require_on_post(&borrow) {
        refusals.push(refusal);
    }
    let classification = super::classification_of(medium);
    if let Some(classification) = classification {
        if let Err(refusal) = person.require_level(classification, &borrow, &medium.number) {
            refusals.push(refusal);
        }
    }
    if let Some(refusal) = need_to_know(medium, &person, classification) {
        refusals.push(refusal);
    }
    if let Some(refusal) = overdue(conn, &person)? {
        refusals.push(refusal);
    }
    if let Some(refusal) = reminder(conn, request.reminded_by)? {
        refusals.push(refusal);
    }
    Ok(LoanClearance { refusals })
}

fn medium_unavailable(conn: &Connection, medium: &Record, unified: &str) -> Result<Option<Error>> {
    if !LENDABLE_STATUSES.contains(&medium.status.as_str()) {
        return Ok(Some(
            Error::new(Code::LoanMediumUnavailable)
                .arg("medium", &medium.number)
                .arg("unified", unified)
                .arg("status", medium.status_label()),
        ));
    }
    let scrapping = super::linked_records(conn, "scrapping", "device", &medium.number)?
        .into_iter()
        .find(|record| SCRAPPING_UNDER_WAY.contains(&record.status.as_str()));
    Ok(scrapping.map(|record| {
        Error::new(Code::LoanMediumScrapping)
            .arg("medium", &medium.number)
            .arg("unified", unified)
            .arg("scrapping", &record.number)
            .arg("status", record.status_label())
    }))
}

/// Finds the loan of `medium` not yet returned, if any.
pub(crate) fn open_loan(conn: &Connection, medium: &str) -> Result<Option<Record>> {
    let loans = super::linked_records(conn, LOANS, "medium", medium)?;
    Ok(loans.into_iter().find(|loan| loan.status == "lent"))
}

/// Loans of media that `person` has not returned.
pub(crate) fn unreturned_loans(conn: &Connection, person: &str) -> Result<Vec<Record>> {
    let loans = super::linked_records(conn, LOANS, "borrower", person)?;
    Ok(loans
        .into_iter()
        .filter(|loan| loan.status == "lent")
        .collect())
}

/// Checks the borrower against the medium's 知悉范围: a list of personnel numbers or names.
/// A classified medium without one is not lent; a non-classified one without one is open.
fn need_to_know(
    medium: &Record,
    person: &Person,
    classification: Option<crate::registers::values::Classification>,
) -> Option<Error> {
    let is_classified = classification.is_some_and(|c| c.is_classified());
    let Some(scope) = medium.data.field("need_to_know") else {
        if !is_classified {
            return None;
        }
        let label = classification.map(|c| c.label()).unwrap_or_default();
        return Some(
            Error::new(Code::LoanNeedToKnowMissing)
                .arg("classification", label)
                .arg("medium", &medium.number),
        );
    };
    if scope_names(scope, person) {
        return None;
    }
    Some(
        Error::new(Code::LoanNeedToKnow)
            .arg("name", &person.name)
            .arg("person", &person.number)
            .arg("medium", &medium.number)
            .arg("scope", scope),
    )
}

/// Returns whether the 知悉范围 text lists the person by number or by name.
// NOTE: a name matches every person of that name; list numbers where two people share one.
fn scope_names(scope: &str, person: &Person) -> bool {
    let separators = |c: char| matches!(c, '、' | ',' | '，' | ';' | '；') || c.is_whitespace();
    scope
        .split(separators)
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .any(|entry| {
            entry.eq_ignore_ascii_case(&person.number)
                || (!person.name.is_empty() && entry == person.name)
        })
}

/// Lists the items `person` has kept past their due date: media on loan and circulated
/// documents.
fn overdue(conn: &Connection, person: &Person) -> Result<Option<Error>> {
    let today = super::today();
    let now = super::now_local();
    let mut items = Vec::new();

    for loan in unreturned_loans(conn, &person.number)? {
        let values = super::validated(&loan)?;
        if let Some(Value::Date(due)) = values.fields.get("return_due") {
            if *due < today {
                items.push(t!(
                    "workflow.overdue.loan",
                    loan = &loan.number,
                    medium = loan.data.field("medium").unwrap_or_default(),
                    due = due.format("%Y-%m-%d")
                ));
            }
        }
    }
    for (slip, document, due) in super::circulation::held_by(conn, &person.number)? {
        let due_at = crate::registers::values::date::parse_date_time(&due).ok();
        if due_at.is_some_and(|due_at| due_at < now) {
            items.push(t!(
                "workflow.overdue.document",
                slip = &slip,
                document = &document,
                due = &due
            ));
        }
    }

    if items.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        Error::new(Code::LoanOverdue)
            .arg("name", &person.name)
            .arg("person", &person.number)
            .arg("items", items.join("；")),
    ))
}

/// Checks that the secrecy reminder was recorded with an existing, active account.
fn reminder(conn: &Connection, reminded_by: &str) -> Result<Option<Error>> {
    let loans = def(LOANS);
    let label = super::label(loans, "reminded_by");
    let name = reminded_by.trim();
    if name.is_empty() {
        return Ok(Some(Error::new(Code::LoanReminderMissing).field(label)));
    }
    match load_account(conn, name)? {
        Some(account) if account.active => Ok(None),
        Some(_) => Ok(Some(
            Error::new(Code::AccountDisabled)
                .field(label)
                .arg("account", name),
        )),
        None => Ok(Some(
            Error::new(Code::AccountUnknown)
                .field(label)
                .arg("account", name),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(number: &str, name: &str) -> Person {
        Person {
            number: number.into(),
            name: name.into(),
            status: "on_post".into(),
            status_label: "在岗",
            level: None,
        }
    }

    #[test]
    fn scope_matches_number_or_name() {
        let p = person("RY-2026-0003", "王珺");
        assert!(scope_names("RY-2026-0001、RY-2026-0003", &p));
        assert!(scope_names("张喆，王珺", &p));
        assert!(scope_names("ry-2026-0003", &p));
        assert!(!scope_names("RY-2026-0030 王珺珺", &p));
        assert!(!scope_names("", &p));
    }
}
