//! `secledger today` and `secledger inventory …`: print the today list, and run an annual
//! inventory from the command line, where a USB scanner or a text file feeds the numbers.

use std::io::Read;
use std::path::Path;

use chrono::Local;

use super::today_args::{InventoryCommand, TodayArgs};
use crate::auth::Session;
use crate::clock;
use crate::error::{Code, Error, Result};
use crate::inventory::{Item, Reconciliation, ScanResult};
use crate::registers::deadline::DueState;
use crate::registers::values::date::{format_date, parse_date};
use crate::t;
use crate::today::TodayItem;

/// Prints what is overdue and what falls due soon, overdue first.
pub fn run_today(session: &mut Session, args: &TodayArgs) -> Result<()> {
    let today = match &args.date {
        Some(text) => parse_date(text).map_err(|err| err.field("--date"))?,
        None => Local::now().date_naive(),
    };
    let items = session.today(today, args.days)?;
    let reminder = session.backup_reminder(today)?;
    if items.is_empty() && reminder.is_none() {
        println!("{}", t!("cli.today.none", date = format_date(today)));
        return Ok(());
    }

    println!("{}", t!("cli.today.title", date = format_date(today)));
    if let Some(reminder) = &reminder {
        println!("{}", t!("cli.today.backup_line", message = reminder.message()));
    }
    for item in &items {
        println!("{}", today_line(item));
    }
    if items.is_empty() {
        return Ok(());
    }
    let overdue = items
        .iter()
        .filter(|item| item.state == DueState::Overdue)
        .count();
    println!(
        "{}",
        t!(
            "cli.today.total",
            total = items.len(),
            overdue = overdue,
            soon = items.len() - overdue
        )
    );
    Ok(())
}

fn today_line(item: &TodayItem) -> String {
    let when = match item.days_late() {
        Some(days) => t!("cli.today.overdue", days = days),
        None if item.days_left == 0 => t!("cli.today.due_today"),
        None => t!("cli.today.due_in", days = item.days_left),
    };
    let row = match item.row {
        Some(index) => t!("cli.today.row", row = index + 1),
        None => String::new(),
    };
    let person = item
        .person
        .as_ref()
        .map(|person| person.display().to_string())
        .unwrap_or_else(|| "—".into());
    t!(
        "cli.today.line",
        when = when,
        register = item.register.name,
        number = item.number,
        row = row,
        deadline = item.deadline.label,
        due = format_date(item.due),
        person = person
    )
}

/// Runs one `inventory` subcommand.
pub fn run_inventory(session: &mut Session, command: &InventoryCommand) -> Result<()> {
    match command {
        InventoryCommand::Start(args) => {
            let id = session.start_inventory(&args.register)?;
            let inventory = session.open_inventory(&args.register)?;
            println!(
                "{}",
                t!(
                    "cli.inventory.started",
                    register = inventory.register.name,
                    id = id,
                    register_id = inventory.register.id
                )
            );
        }
        InventoryCommand::Scan(args) => {
            let inventory = session.open_inventory(&args.register)?;
            let lines = read_lines(args.file.as_deref())?;
            let summary = session.scan(inventory.id, &lines)?;
            for outcome in &summary.outcomes {
                println!(
                    "{}",
                    t!(
                        "cli.inventory.scan_line",
                        line = outcome.line,
                        code = outcome.code,
                        result = scan_result_text(&outcome.result)
                    )
                );
            }
            println!(
                "{}",
                t!(
                    "cli.inventory.progress",
                    found = summary.found,
                    expected = summary.expected
                )
            );
        }
        InventoryCommand::Report(args) => {
            let inventory = session.open_inventory(&args.register)?;
            print_reconciliation(&session.inventory_report(inventory.id)?);
        }
        InventoryCommand::Close(args) => {
            let inventory = session.open_inventory(&args.register)?;
            let number = session.close_inventory(inventory.id, &args.conclusion)?;
            println!(
                "{}",
                t!(
                    "cli.inventory.closed",
                    register = inventory.register.name,
                    number = number
                )
            );
        }
        InventoryCommand::List => {
            let open = session.open_inventories()?;
            if open.is_empty() {
                println!("{}", t!("cli.inventory.none_open"));
                return Ok(());
            }
            println!("{}", t!("cli.inventory.list_header"));
            for inventory in open {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    inventory.id,
                    inventory.register.name,
                    clock::display(&inventory.started_at),
                    inventory.started_by,
                    inventory.scans
                );
            }
        }
    }
    Ok(())
}

fn scan_result_text(result: &ScanResult) -> String {
    match result {
        ScanResult::Found { number } => t!("cli.inventory.result_found", number = number),
        ScanResult::Repeated { number, times } => t!(
            "cli.inventory.result_repeated",
            number = number,
            times = times
        ),
        ScanResult::StatusMismatch { number, status } => {
            t!(
                "cli.inventory.result_mismatch",
                number = number,
                status = status
            )
        }
        ScanResult::Ambiguous { numbers } => t!(
            "cli.inventory.result_ambiguous",
            numbers = numbers.join("、")
        ),
        ScanResult::Unknown => t!("cli.inventory.result_unknown"),
    }
}

/// Reads the scanned numbers from a UTF-8 file, or from standard input when `path` is absent
/// or `-`.
fn read_lines(path: Option<&Path>) -> Result<String> {
    let mut bytes = Vec::new();
    let source_name = match path.filter(|path| path.as_os_str() != "-") {
        Some(path) => {
            let source_name = path.display().to_string();
            std::fs::File::open(path)
                .and_then(|mut file| file.read_to_end(&mut bytes))
                .map_err(|err| {
                    Error::new(Code::Io)
                        .arg("reason", format!("{source_name}：{err}"))
                        .detail(err)
                })?;
            source_name
        }
        None => {
            std::io::stdin().read_to_end(&mut bytes)?;
            t!("cli.inventory.stdin")
        }
    };
    String::from_utf8(bytes)
        .map_err(|_| Error::new(Code::InventoryFileNotUtf8).arg("source", source_name))
}

fn print_reconciliation(result: &Reconciliation) {
    let inventory = &result.inventory;
    println!(
        "{}",
        t!(
            "cli.inventory.report_title",
            register = inventory.register.name,
            id = inventory.id,
            started_at = clock::display(&inventory.started_at),
            started_by = inventory.started_by
        )
    );
    println!(
        "{}",
        t!(
            "inventory.findings.summary",
            expected = result.expected,
            found = result.found.len(),
            missing = result.missing.len(),
            away = result.away.len(),
            mismatched = result.mismatched.len(),
            twice = result.scanned_twice.len(),
            unknown = result.unknown.len(),
            ambiguous = result.ambiguous.len()
        )
    );

    print_items(&t!("inventory.findings.missing"), &result.missing, |item| {
        t!(
            "inventory.findings.item_status",
            number = item.number,
            status = item.status_label
        )
    });
    print_items(&t!("inventory.findings.away"), &result.away, |item| {
        t!(
            "inventory.findings.item_status",
            number = item.number,
            status = item.status_label
        )
    });
    print_items(
        &t!("inventory.findings.mismatched"),
        &result.mismatched,
        |item| {
            t!(
                "inventory.findings.item_status",
                number = item.number,
                status = item.status_label
            )
        },
    );
    print_items(
        &t!("inventory.findings.twice"),
        &result.scanned_twice,
        |item| {
            t!(
                "inventory.findings.item_times",
                number = item.number,
                times = item.scans
            )
        },
    );
    if !result.unknown.is_empty() {
        println!("{}", t!("inventory.findings.unknown"));
        for unknown in &result.unknown {
            println!(
                "  {}",
                t!(
                    "inventory.findings.item_times",
                    number = unknown.code,
                    times = unknown.scans
                )
            );
        }
    }
    if !result.ambiguous.is_empty() {
        println!("{}", t!("inventory.findings.ambiguous"));
        for ambiguous in &result.ambiguous {
            let numbers = ambiguous.numbers.join("、");
            println!(
                "  {}",
                t!(
                    "inventory.findings.item_ambiguous",
                    code = ambiguous.code,
                    numbers = numbers
                )
            );
        }
    }
}

fn print_items(heading: &str, items: &[Item], line: impl Fn(&Item) -> String) {
    if items.is_empty() {
        return;
    }
    println!("{heading}");
    for item in items {
        println!("  {}", line(item));
    }
}
