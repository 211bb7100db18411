//! `secledger print …`: prints a form to a PDF file and reports where it was written, with
//! the print serial and the audit chain head printed on its pages.

use std::path::Path;

use chrono::NaiveDate;

use super::print_args::*;
use crate::audit;
use crate::auth::Session;
use crate::clock;
use crate::error::{Code, Error, Result};
use crate::print::{self, LabelSelection, LogbookRange, Printed, ReminderSelection};
use crate::registers::validate::parse_value;
use crate::registers::{FieldKind, Value};
use crate::t;
use crate::vault::VaultPaths;

pub fn run(session: &mut Session, command: &PrintCommand) -> Result<()> {
    let printed = match command {
        PrintCommand::Circulation(args) => session.print_circulation_slip(&args.number, &args.out.out)?,
        PrintCommand::SignOff(args) => session.print_sign_off_sheet(&args.number, &args.out.out)?,
        PrintCommand::MediaLoan(args) => session.print_media_loan_form(&args.number, &args.out.out)?,
        PrintCommand::Disposal(args) => session.print_disposal_list(&args.number, &args.out.out)?,
        PrintCommand::Inventory(args) => session.print_inventory_report(&args.number, &args.out.out)?,
        PrintCommand::Logbook(args) => {
            let range = LogbookRange {
                from: args.from.as_deref().map(|text| parse_day("--from", text)).transpose()?,
                to: args.to.as_deref().map(|text| parse_day("--to", text)).transpose()?,
            };
            session.print_usage_logbook(args.device.as_deref(), range, &args.out.out)?
        }
        PrintCommand::Reminders(args) => {
            let today = match args.date.as_deref() {
                Some(text) => parse_day("--date", text)?,
                None => chrono::Local::now().date_naive(),
            };
            let selection = ReminderSelection { include_due_soon: args.due_soon, numbers: args.numbers.clone() };
            session.print_reminder_notices(today, &selection, &args.out.out)?
        }
        PrintCommand::Labels(args) => {
            let selection = LabelSelection { numbers: args.numbers.clone() };
            session.print_device_labels(&selection, &args.out.out)?
        }
        PrintCommand::Lookup(args) => return lookup(session, &args.serial),
    };
    report(&printed);
    Ok(())
}

/// Prints the recovery key sheet of a new vault; `init` calls it when asked for the sheet.
pub fn recovery_key(paths: &VaultPaths, recovery_key: &str, out: &Path) -> Result<()> {
    let printed = print::print_recovery_key(paths, recovery_key, out)?;
    report(&printed);
    println!("{}", t!("cli.print.recovery_warning"));
    Ok(())
}

fn report(printed: &Printed) {
    println!(
        "{}",
        t!(
            "cli.print.written",
            path = printed.path.display(),
            pages = printed.pages,
            serial = printed.serial,
            seq = printed.head.seq,
            code = audit::short_code(&printed.head),
        )
    );
}

/// Shows what a print serial (typed, or read by a scanner from the QR code) refers to.
fn lookup(session: &mut Session, serial: &str) -> Result<()> {
    session.require_password_in_order()?;
    let entry = print::lookup_print(session.vault().conn(), serial)?
        .ok_or_else(|| Error::new(Code::RecordNotFound).arg("number", serial.trim()))?;
    println!(
        "{}",
        t!(
            "cli.print.lookup",
            serial = entry.serial,
            form = form_name(&entry.form),
            target = entry.target,
            by = entry.printed_by,
            at = clock::display(&entry.printed_at),
            seq = entry.audit_seq,
        )
    );
    Ok(())
}

fn form_name(id: &str) -> String {
    use crate::print::Form::*;
    [CirculationSlip, SignOffSheet, UsageLogbook, MediaLoanForm, DisposalList, InventoryReport, ReminderNotice, DeviceLabels, RecoveryKeySheet]
        .into_iter()
        .find(|form| form.id() == id)
        .map(|form| form.name())
        .unwrap_or_else(|| id.to_string())
}

fn parse_day(option: &str, text: &str) -> Result<NaiveDate> {
    match parse_value(FieldKind::Date, text) {
        Ok(Value::Date(date)) => Ok(date),
        Ok(_) => Err(Error::new(Code::FieldInvalid).field(option).arg("value", text).arg("allowed", t!("field.allowed.date"))),
        Err(err) => Err(err.field(option)),
    }
}
