//! Changes that only a workflow may make.
//!
//! `Session::add_record`, `edit_record` and `change_status` call these checks, so that the
//! generic functions cannot skip a workflow's rules. Without them a user could lend a medium
//! without the clearance check, send a document to a second reader, destroy a document on one
//! account, or let a person leave with carriers not handed back.
//!
//! NOTE: `add_records_bulk` is not checked, so a caller can bring in open loans and slips as
//! they stand on paper. The file importer (`crate::import`) does call `check_add`: its records
//! start in the register's initial status, as a normal add would, and registers that only a
//! workflow creates are rejected.

use rusqlite::Connection;

use super::circulation::holder;
use crate::error::{Code, Error, Result};
use crate::records::{Data, Record};
use crate::registers::{RegisterDef, CANCELLED};
use crate::t;

/// A workflow, named in the messages that send the user to it.
#[derive(Debug, Clone, Copy)]
enum Workflow {
    Circulation,
    Copy,
    Disposal,
    Scrapping,
    Loan,
    Departure,
}

impl Workflow {
    fn label(self) -> String {
        match self {
            Workflow::Circulation => t!("workflow.name.circulation"),
            Workflow::Copy => t!("workflow.name.copy"),
            Workflow::Disposal => t!("workflow.name.disposal"),
            Workflow::Scrapping => t!("workflow.name.scrapping"),
            Workflow::Loan => t!("workflow.name.loan"),
            Workflow::Departure => t!("workflow.name.departure"),
        }
    }
}

/// (register, status) pairs that only a workflow sets, because the step changes other
/// records too or has rules the register definition cannot state.
const RESERVED_STATUSES: &[(&str, &str, Workflow)] = &[
    ("incoming_documents", "circulating", Workflow::Circulation),
    ("incoming_documents", "returned", Workflow::Circulation),
    ("incoming_documents", "cleared_out", Workflow::Disposal),
    ("incoming_documents", "destroyed", Workflow::Disposal),
    ("outgoing_documents", "destroyed", Workflow::Disposal),
    ("circulation", "open", Workflow::Circulation),
    ("copy_approvals", "copied", Workflow::Copy),
    ("disposal_batches", "handed_over", Workflow::Disposal),
    ("devices", "scrapped", Workflow::Scrapping),
    ("scrapping", "destroyed", Workflow::Scrapping),
    ("personnel", "declassifying", Workflow::Departure),
];

/// Registers whose records only a workflow creates.
const CREATED_BY_WORKFLOW: &[(&str, Workflow)] = &[
    ("media_loans", Workflow::Loan),
    ("circulation", Workflow::Circulation),
];

/// (register, field) pairs that a correction may not change, because a workflow checked them.
const LOCKED_FIELDS: &[(&str, &str, Workflow)] = &[
    ("media_loans", "medium", Workflow::Loan),
    ("media_loans", "borrower", Workflow::Loan),
    ("circulation", "document", Workflow::Circulation),
    ("copy_approvals", "document", Workflow::Copy),
    ("copy_approvals", "copy_numbers", Workflow::Copy),
];

/// Returns the name of the workflow that alone sets `status` on records of `register`, or
/// `None` when a plain status change may set it.
pub(crate) fn status_workflow(register: &str, status: &str) -> Option<String> {
    RESERVED_STATUSES
        .iter()
        .find(|(id, reserved, _)| *id == register && *reserved == status)
        .map(|(_, _, workflow)| workflow.label())
}

/// Fails when records of `def` may only be created by a workflow.
pub(crate) fn check_add(def: &RegisterDef) -> Result<()> {
    match CREATED_BY_WORKFLOW.iter().find(|(id, _)| *id == def.id) {
        Some((_, workflow)) => Err(Error::new(Code::WorkflowCreateOnly)
            .arg("register", def.name)
            .arg("workflow", workflow.label())),
        None => Ok(()),
    }
}

/// Fails when a correction of `record` to `data` changes a field a workflow looks after. The
/// readers of a circulation slip count as one such field.
pub(crate) fn check_edit(record: &Record, data: &Data) -> Result<()> {
    let def = record.register;
    for (register, field, workflow) in LOCKED_FIELDS {
        if *register == def.id && record.data.field(field) != data.field(field) {
            return Err(locked(super::label(def, field), *workflow));
        }
    }
    if def.id == "circulation" && record.data.rows != data.rows {
        let rows = def.rows.map(|rows| rows.label).unwrap_or_default();
        return Err(locked(rows, Workflow::Circulation));
    }
    Ok(())
}

/// Fails when `record` may not change to `to` by a plain status change: the status is set by
/// a workflow, or the cancellation would leave a document recorded as out with a reader.
pub(crate) fn check_status_change(conn: &Connection, record: &Record, to: &str) -> Result<()> {
    let def = record.register;
    if let Some((_, _, workflow)) = RESERVED_STATUSES
        .iter()
        .find(|(id, status, _)| *id == def.id && *status == to)
    {
        let status = def.status(to).map(|status| status.label).unwrap_or(to);
        return Err(Error::new(Code::WorkflowOnly)
            .arg("register", def.name)
            .arg("status", status)
            .arg("workflow", workflow.label()));
    }
    if to != CANCELLED {
        return Ok(());
    }

    // Cancelling a document out with a reader, or the slip that records who has it, would
    // lose track of the document.
    let document = match def.id {
        "incoming_documents" => Some(record.clone()),
        "circulation" => {
            let number = record.data.field("document").unwrap_or_default();
            crate::records::store::load_by_number(conn, number)?
        }
        _ => None,
    };
    if let Some(document) = document {
        if let Some(holder) = holder(conn, &document)? {
            return Err(holder.error(&document, &t!("workflow.action.void")));
        }
    }
    Ok(())
}

fn locked(field: &str, workflow: Workflow) -> Error {
    Error::new(Code::WorkflowFieldLocked)
        .field(field)
        .arg("workflow", workflow.label())
}
