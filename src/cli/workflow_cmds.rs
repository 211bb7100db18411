//! `secledger workflow …`: runs the office's procedures from the command line and prints one
//! zh-CN line per result. The rules are the core's (`crate::workflows`); this file only reads
//! arguments and prints.

use super::secrets::Secrets;
use super::workflow_args::{CirculationCommand, CopyCommand, LoanCommand, WorkflowCommand};
use crate::auth::Session;
use crate::error::Result;
use crate::records::Record;
use crate::t;
use crate::workflows::copying::CopyRequest;
use crate::workflows::{suggest_incident_grade, LoanRequest, ReturnCheck, ScrapDestruction};

/// Runs a workflow command, reading a second account's password from `secrets` (the terminal,
/// or standard input with `--password-stdin`).
pub fn run_with(session: &mut Session, cmd: &WorkflowCommand, secrets: &mut Secrets) -> Result<()> {
    match cmd {
        WorkflowCommand::Circulation(cmd) => circulation(session, cmd),
        WorkflowCommand::Copy(cmd) => copy(session, cmd),
        WorkflowCommand::Loan(cmd) => loan(session, cmd),
        WorkflowCommand::Dispose(args) => {
            let password = match &args.second {
                Some(account) => {
                    Some(secrets.read(&t!("cli.workflow.second_password", account = account))?)
                }
                None => None,
            };
            let second = args
                .second
                .as_deref()
                .zip(password.as_ref().map(|p| p.as_str()));
            let outcome = session.confirm_disposal(&args.batch, &args.date, second)?;
            let batch = &outcome.batch;
            println!(
                "{}",
                t!(
                    "cli.workflow.disposed",
                    batch = batch.number,
                    first = batch.data.field("confirmed_by_1").unwrap_or_default(),
                    second = batch.data.field("confirmed_by_2").unwrap_or("—"),
                    count = outcome.documents.len()
                )
            );
            for document in &outcome.documents {
                println!("  {}", record_line(document));
            }
            Ok(())
        }
        WorkflowCommand::Scrap(args) => {
            let password =
                secrets.read(&t!("cli.workflow.second_password", account = args.second))?;
            let destruction = ScrapDestruction {
                escort_1: &args.escort_1,
                escort_2: &args.escort_2,
                destruction_site: &args.site,
                destroyed_on: &args.date,
            };
            let record = session.confirm_scrapping(
                &args.scrapping,
                &destruction,
                (&args.second, password.as_str()),
            )?;
            let device = record.data.field("device").unwrap_or_default();
            println!(
                "{}",
                t!(
                    "cli.workflow.scrapped",
                    scrapping = record.number,
                    device = device
                )
            );
            Ok(())
        }
        WorkflowCommand::Carriers(args) => {
            let carriers = session.departure_carriers(&args.person)?;
            if carriers.is_empty() {
                println!("{}", t!("cli.workflow.carriers_none", person = args.person));
                return Ok(());
            }
            println!(
                "{}",
                t!(
                    "cli.workflow.carriers_header",
                    person = args.person,
                    count = carriers.len()
                )
            );
            for carrier in &carriers {
                println!("  {}", carrier.description);
            }
            Ok(())
        }
        WorkflowCommand::Depart(args) => {
            let departure = session.record_departure(&args.person, &args.date, args.years)?;
            let end = departure.ends_on.format("%Y-%m-%d");
            println!(
                "{}",
                t!(
                    "cli.workflow.departed",
                    person = departure.record.number,
                    years = departure.period_years,
                    end = end
                )
            );
            Ok(())
        }
        WorkflowCommand::DataDeleted(args) => {
            let record = session.confirm_data_deletion(&args.request, &args.date, &args.by)?;
            println!("{}", record_line(&record));
            Ok(())
        }
        WorkflowCommand::DissolveGroup(args) => {
            let record = session.dissolve_work_group(&args.group, &args.date)?;
            println!("{}", record_line(&record));
            Ok(())
        }
        WorkflowCommand::IncidentGrade(args) => {
            match suggest_incident_grade(&args.cause) {
                Some(grade) => println!("{}", t!("cli.workflow.grade", grade = grade.label())),
                None => println!("{}", t!("cli.workflow.grade_none")),
            }
            Ok(())
        }
    }
}

fn circulation(session: &mut Session, cmd: &CirculationCommand) -> Result<()> {
    let record = match cmd {
        CirculationCommand::Propose(args) => {
            session.propose_circulation(&args.document, &args.date, &args.opinion, &args.by)?
        }
        CirculationCommand::Review(args) => {
            session.review_circulation(&args.slip, &args.by, &args.opinion)?
        }
        CirculationCommand::Send(args) => {
            session.send_to_reader(&args.slip, &args.reader, &args.sent_at, &args.due)?
        }
        CirculationCommand::Return(args) => session.return_from_reader(&args.slip, &args.at)?,
        CirculationCommand::File(args) => session.file_document(&args.document, &args.location)?,
        CirculationCommand::Holder(args) => {
            match session.document_holder(&args.document)? {
                Some(holder) => println!(
                    "{}",
                    t!(
                        "cli.workflow.holder",
                        document = args.document,
                        name = holder.name,
                        person = holder.reader,
                        since = holder.sent_at,
                        due = holder.return_due,
                        slip = holder.slip
                    )
                ),
                None => println!(
                    "{}",
                    t!("cli.workflow.holder_none", document = args.document)
                ),
            }
            return Ok(());
        }
    };
    println!("{}", record_line(&record));
    Ok(())
}

fn copy(session: &mut Session, cmd: &CopyCommand) -> Result<()> {
    let record = match cmd {
        CopyCommand::Apply(args) => {
            let request = CopyRequest {
                document: &args.document,
                applied_on: &args.date,
                applicant: &args.applicant,
                reason: &args.reason,
                copy_count: &args.count,
            };
            session.apply_for_copy(&request)?
        }
        CopyCommand::ApproveLeader(args) => {
            session.approve_copy_as_leader(&args.approval, &args.by, &args.date)?
        }
        CopyCommand::ApproveOfficer(args) => {
            session.approve_copy_as_officer(&args.approval, &args.by, &args.date)?
        }
        CopyCommand::Register(args) => {
            let outcome = session.register_copies(&args.approval, &args.date, &args.by)?;
            let original = &outcome.original;
            println!(
                "{}",
                t!(
                    "cli.workflow.copies_registered",
                    approval = outcome.approval.number,
                    numbers = outcome.new_numbers,
                    document = original.number,
                    all = original.data.field("copy_numbers").unwrap_or_default()
                )
            );
            return Ok(());
        }
    };
    println!("{}", record_line(&record));
    Ok(())
}

fn loan(session: &mut Session, cmd: &LoanCommand) -> Result<()> {
    match cmd {
        LoanCommand::Check(args) | LoanCommand::Lend(args) => {
            let request = LoanRequest {
                medium: &args.medium,
                borrower: &args.borrower,
                purpose: &args.purpose,
                reminded_by: &args.reminded_by,
                lent_at: &args.lent_at,
                return_due: &args.due,
            };
            if matches!(cmd, LoanCommand::Lend(_)) {
                let record = session.lend_medium(&request)?;
                println!("{}", record_line(&record));
                return Ok(());
            }
            let clearance = session.loan_clearance(&request)?;
            if clearance.is_clear() {
                println!("{}", t!("cli.workflow.loan_clear"));
                return Ok(());
            }
            println!(
                "{}",
                t!(
                    "cli.workflow.loan_refused",
                    count = clearance.refusals.len()
                )
            );
            for (index, refusal) in clearance.refusals.iter().enumerate() {
                println!("  {}. {}", index + 1, refusal.message());
            }
            // A refused check fails the command, so a script can tell it from a pass; the exit
            // status is the first reason's.
            let mut refusals = clearance.refusals;
            Err(refusals.remove(0))
        }
        LoanCommand::Return(args) => {
            let check = match &args.abnormal {
                Some(note) => ReturnCheck::Abnormal(note),
                None => ReturnCheck::Intact,
            };
            let record = session.return_medium(&args.loan, &args.at, check)?;
            println!("{}", record_line(&record));
            Ok(())
        }
    }
}

/// One line naming a changed record and its status: `收文登记 SW-2026-0001：已归档`.
fn record_line(record: &Record) -> String {
    t!(
        "cli.workflow.record",
        register = record.register.name,
        number = record.number,
        status = record.status_label()
    )
}
