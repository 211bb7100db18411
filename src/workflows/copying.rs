//! 复制审批: a classified document is copied only after the supervising leader (分管领导) and
//! the 保密专管员 have both approved, each recorded with who and when.
//!
//! How the copies become register items: they are added to the original's own record. Its 份数
//! grows by the number of copies and its 份号 gains the new numbers, which continue after the
//! original's highest copy number. A copy is the same document under another copy number, so
//! it keeps the original's 密级, 保密期限, 知悉范围 and storage rules, and every later step (清查,
//! 清退, 销毁) finds it under the original's record number with its own 份号. The approval
//! record keeps the new 份号 too, so each copy can be traced back to its approval. Separate
//! records per copy would repeat every field of the original and could drift from it.

use super::circulation::{ensure_not_gone, holder};
use super::{def, load_document, load_in, save, set, validated};
use crate::auth::Session;
use crate::error::{Code, Error, Result};
use crate::records::access::Access;
use crate::records::store::{check_references, insert_record};
use crate::records::Record;
use crate::registers::validate::validate_first;
use crate::registers::values::CopyNumbers;
use crate::registers::{FormInput, Value};
use crate::t;

const APPROVALS: &str = "copy_approvals";

/// An application to copy a document.
#[derive(Debug, Clone, Copy)]
pub struct CopyRequest<'a> {
    /// The original: a 收文 or 发文 record number.
    pub document: &'a str,
    pub applied_on: &'a str,
    /// The applicant's personnel number.
    pub applicant: &'a str,
    pub reason: &'a str,
    /// How many copies, such as `2` or `2份`.
    pub copy_count: &'a str,
}

/// The result of registering the copies.
#[derive(Debug, Clone)]
pub struct CopyOutcome {
    /// The approval, now 已复制.
    pub approval: Record,
    /// The original with its grown 份数 and 份号.
    pub original: Record,
    /// The copy numbers given to the new copies.
    pub new_numbers: CopyNumbers,
}

impl Session {
    /// Registers an application to copy a document. The application takes the original's
    /// 密级 and 保密期限, which the copies will carry.
    pub fn apply_for_copy(&mut self, request: &CopyRequest<'_>) -> Result<Record> {
        let approvals = def(APPROVALS);
        self.require_register(approvals, Access::Write)?;

        self.write(|w| {
            let original = load_document(w, request.document, super::label(approvals, "document"))?;
            ensure_not_gone(&original, &t!("workflow.action.copy"))?;
            let marking = original_marking(&original)?;

            let input = FormInput::from_pairs(&[
                ("document", &original.number),
                ("applied_on", request.applied_on),
                ("applicant", request.applicant),
                ("classification", &marking),
                ("reason", request.reason),
                ("copy_count", request.copy_count),
            ]);
            let values = validate_first(approvals, &input)?;
            check_references(w, approvals, &values)?;
            let approval = insert_record(
                w,
                approvals,
                &values,
                approvals.initial_status,
                &t!("workflow.reason.copy_applied"),
            )?;
            w.append(
                "workflow.copy.apply",
                &approval.number,
                original.number.as_bytes(),
            )?;
            Ok(approval)
        })
    }

    /// Records the supervising leader's approval: who (a personnel number) and on which day.
    pub fn approve_copy_as_leader(
        &mut self,
        approval: &str,
        leader: &str,
        approved_on: &str,
    ) -> Result<Record> {
        self.approve_copy(
            approval,
            ("leader_approver", leader),
            ("leader_approved_on", approved_on),
            "leader_approved",
        )
    }

    /// Records the 保密专管员's approval, which follows the leader's. The two approvers must be
    /// different people.
    pub fn approve_copy_as_officer(
        &mut self,
        approval: &str,
        officer: &str,
        approved_on: &str,
    ) -> Result<Record> {
        self.approve_copy(
            approval,
            ("officer_approver", officer),
            ("officer_approved_on", approved_on),
            "approved",
        )
    }

    fn approve_copy(
        &mut self,
        approval: &str,
        who: (&str, &str),
        when: (&str, &str),
        to: &str,
    ) -> Result<Record> {
        let approvals = def(APPROVALS);
        self.require_register(approvals, Access::Write)?;
        self.write(|w| {
            let record = load_in(w, approvals, approval, &t!("workflow.field.copy_approval"))?;
            let mut data = record.data.clone();
            set(&mut data, who.0, who.1);
            set(&mut data, when.0, when.1);
            let reason = if to == "approved" {
                t!("workflow.reason.officer_approved")
            } else {
                t!("workflow.reason.leader_approved")
            };
            let approved = save(w, &record, &data, to, &reason)?;
            w.append(
                "workflow.copy.approve",
                &approved.number,
                who.1.trim().as_bytes(),
            )?;
            Ok(approved)
        })
    }

    /// Registers the copies of an approved application: gives them the copy numbers after the
    /// original's highest one, adds them to the original's 份数 and 份号, and closes the
    /// application (已复制) with the new numbers, the day and who copied.
    pub fn register_copies(
        &mut self,
        approval: &str,
        copied_on: &str,
        copied_by: &str,
    ) -> Result<CopyOutcome> {
        let approvals = def(APPROVALS);
        self.require_register(approvals, Access::Write)?;
        for id in super::DOCUMENT_REGISTERS {
            self.require_register(def(id), Access::Write)?;
        }

        self.write(|w| {
            let record = load_in(w, approvals, approval, &t!("workflow.field.copy_approval"))?;
            require_both_approvals(&record)?;
            let original = load_document(
                w,
                record.data.field("document").unwrap_or_default(),
                super::label(approvals, "document"),
            )?;
            ensure_not_gone(&original, &t!("workflow.action.copy"))?;
            if original.register.id == "incoming_documents" {
                if let Some(holder) = holder(w, &original)? {
                    return Err(holder.error(&original, &t!("workflow.action.copy")));
                }
            }

            let count = match validated(&record)?.fields.get("copy_count") {
                Some(Value::Quantity(count)) => *count,
                _ => 0,
            };
            let (new_numbers, all_numbers, total) = grow_copies(&original, count)?;

            let mut approval_data = record.data.clone();
            set(&mut approval_data, "copy_numbers", &new_numbers.to_string());
            set(&mut approval_data, "copied_on", copied_on);
            set(&mut approval_data, "copied_by", copied_by);
            let reason = t!("workflow.reason.copies_registered", numbers = &new_numbers);
            let approval = save(w, &record, &approval_data, "copied", &reason)?;

            let mut original_data = original.data.clone();
            set(
                &mut original_data,
                count_field(&original),
                &total.to_string(),
            );
            set(&mut original_data, "copy_numbers", &all_numbers.to_string());
            let reason = t!(
                "workflow.reason.copied",
                approval = &approval.number,
                count = count,
                numbers = &new_numbers
            );
            let original = save(w, &original, &original_data, &original.status, &reason)?;

            w.append(
                "workflow.copy.register",
                &approval.number,
                new_numbers.to_string().as_bytes(),
            )?;
            Ok(CopyOutcome {
                approval,
                original,
                new_numbers,
            })
        })
    }
}

/// Returns the original's 密级 with its 保密期限, as the approval records it (`机密★10年`).
fn original_marking(original: &Record) -> Result<String> {
    let values = validated(original)?;
    Ok(values
        .fields
        .get("classification")
        .map(Value::to_string)
        .unwrap_or_default())
}

/// Fails unless both the leader and the 保密专管员 have approved, naming the missing ones.
fn require_both_approvals(record: &Record) -> Result<()> {
    if record.status == "approved" {
        return Ok(());
    }
    if record.status != "applied" && record.status != "leader_approved" {
        // 不予批准, 已复制 or 已作废: the register's own transition message applies.
        return super::check_can_move(record, "copied");
    }
    let mut missing = Vec::new();
    if record.status == "applied" {
        missing.push(super::label(record.register, "leader_approver"));
    }
    missing.push(super::label(record.register, "officer_approver"));
    Err(Error::new(Code::CopyApprovalMissing)
        .arg("number", &record.number)
        .arg("missing", missing.join("、")))
}

/// Returns the field of a document's 份数: `copy_count` for 收文, `printed_copies` for 发文.
fn count_field(original: &Record) -> &'static str {
    if original.register.id == "outgoing_documents" {
        "printed_copies"
    } else {
        "copy_count"
    }
}

/// Computes `count` new copy numbers after the original's highest one, and the original's
/// copy numbers and 份数 with them added. An original without 份号 is taken to be numbered
/// from 001 to its 份数.
fn grow_copies(original: &Record, count: u32) -> Result<(CopyNumbers, CopyNumbers, u32)> {
    let values = validated(original)?;
    let existing = match values.fields.get("copy_numbers") {
        Some(Value::CopyNumbers(numbers)) => Some(numbers.clone()),
        _ => None,
    };
    let existing_count = match values.fields.get(count_field(original)) {
        Some(Value::Quantity(n)) => *n,
        _ => 0,
    };
    let highest = existing
        .as_ref()
        .and_then(|numbers| numbers.ranges().last().map(|(_, last)| *last))
        .unwrap_or(existing_count);

    let first = highest + 1;
    let last = highest + count;
    let new_numbers = parse_copies(&format!("{first:03}-{last:03}"))?;
    let all_text = match &existing {
        Some(numbers) => format!("{numbers},{first:03}-{last:03}"),
        None if highest > 0 => format!("001-{last:03}"),
        None => format!("{first:03}-{last:03}"),
    };
    let all_numbers = parse_copies(&all_text)?;
    Ok((new_numbers, all_numbers.clone(), all_numbers.count()))
}

fn parse_copies(text: &str) -> Result<CopyNumbers> {
    CopyNumbers::parse(text).map_err(|err| err.field(t!("workflow.field.new_copy_numbers")))
}
