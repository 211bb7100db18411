//! `secledger register …`: list, show, add, correct, change status and cancel records of any
//! register, with field names given as ids or as their zh-CN labels.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::args::*;
use crate::auth::Session;
use crate::clock;
use crate::error::{Code, Error, Result};
use crate::records::{self, Query, Record, SortOrder};
use crate::registers::validate::parse_value;
use crate::registers::{FieldKind, FormInput, RegisterDef};
use crate::t;

pub fn run(session: &mut Session, command: &RegisterCommand) -> Result<()> {
    match command {
        RegisterCommand::Types => types(),
        RegisterCommand::Fields(args) => fields(records::store::register(&resolve_register(&args.register))?),
        RegisterCommand::List(args) => list(session, args),
        RegisterCommand::Show(args) => show(session, &args.number),
        RegisterCommand::Add(args) => {
            let def = records::store::register(&resolve_register(&args.register))?;
            let input = form_input(def, &args.values, &args.rows)?;
            let record = session.add_record(def.id, &input)?;
            println!("{}", t!("cli.register.added", register = def.name, number = record.number));
            Ok(())
        }
        RegisterCommand::Edit(args) => {
            let record = session.get_record(&args.number)?;
            let input = form_input(record.register, &args.values, &args.rows)?;
            let record = session.edit_record(&args.number, &input, &args.reason)?;
            println!("{}", t!("cli.register.edited", number = record.number, version = record.version));
            Ok(())
        }
        RegisterCommand::Status(args) => {
            let record = session.change_status(&args.number, &args.status, &args.reason)?;
            println!("{}", t!("cli.register.status_changed", number = record.number, status = record.status_label()));
            Ok(())
        }
        RegisterCommand::Reveal(args) => {
            let record = session.get_record(&args.number)?;
            let field = record.register.all_fields().find(|f| f.id == args.field || f.label == args.field);
            let (id, label) = field.map(|f| (f.id, f.label)).unwrap_or((args.field.as_str(), args.field.as_str()));
            let text = session.reveal_field(&args.number, id)?;
            println!("{}", t!("cli.register.revealed", number = record.number, field = label, value = text));
            Ok(())
        }
        RegisterCommand::Void(args) => {
            let record = session.void_record(&args.number, &args.reason)?;
            println!("{}", t!("cli.register.voided", number = record.number));
            Ok(())
        }
    }
}

/// Accepts a register id (`incoming_documents`), its zh-CN name (`收文登记`) or its number
/// prefix (`SW`).
pub(super) fn resolve_register(text: &str) -> String {
    let text = text.trim();
    crate::registers::all()
        .iter()
        .find(|r| r.id == text || r.name == text || r.prefix.eq_ignore_ascii_case(text))
        .map(|r| r.id.to_string())
        .unwrap_or_else(|| text.to_string())
}

fn types() -> Result<()> {
    println!("{}", t!("cli.register.types_header"));
    for def in crate::registers::all() {
        println!("{}\t{}\t{}", def.id, def.name, def.prefix);
    }
    Ok(())
}

fn fields(def: &RegisterDef) -> Result<()> {
    println!("{}", t!("cli.register.fields_title", register = def.name, id = def.id));
    println!("{}", t!("cli.register.fields_header"));
    let print = |field: &crate::registers::FieldDef, prefix: &str| {
        let required = if field.required { t!("cli.register.required") } else { String::new() };
        println!("{prefix}{}\t{}\t{}\t{}", field.id, field.label, kind_label(field.kind), required);
    };
    for field in def.fields {
        print(field, "");
    }
    if let Some(rows) = def.rows {
        println!("{}", t!("cli.register.rows_title", rows = rows.label));
        for field in rows.fields {
            print(field, "  ");
        }
    }
    let statuses: Vec<&str> = def.statuses.iter().map(|s| s.label).collect();
    println!("{}", t!("cli.register.statuses", statuses = statuses.join("、")));
    Ok(())
}

fn kind_label(kind: FieldKind) -> String {
    match kind {
        FieldKind::Choice(values) => values.join("/"),
        FieldKind::Date => t!("cli.kind.date"),
        FieldKind::DateTime => t!("cli.kind.date_time"),
        FieldKind::Time => t!("cli.kind.time"),
        FieldKind::Person => t!("cli.kind.person"),
        FieldKind::Device => t!("cli.kind.device"),
        FieldKind::Record(_) => t!("cli.kind.record"),
        FieldKind::Classification(_) => t!("cli.kind.classification"),
        FieldKind::CopyNumbers => t!("cli.kind.copy_numbers"),
        FieldKind::ResidentId => t!("cli.kind.resident_id"),
        FieldKind::Phone => t!("cli.kind.phone"),
        _ => t!("cli.kind.text"),
    }
}

/// Splits `字段=值` arguments into a form, accepting field ids or labels.
fn form_input(def: &RegisterDef, values: &[String], rows: &[String]) -> Result<FormInput> {
    let fields = pairs(def, values.iter().map(String::as_str), false)?;
    let mut parsed_rows = Vec::new();
    for row in rows {
        let parts = row.split([';', '；']).map(str::trim).filter(|p| !p.is_empty());
        parsed_rows.push(pairs(def, parts, true)?);
    }
    Ok(FormInput { fields, rows: parsed_rows })
}

fn pairs<'a>(def: &RegisterDef, items: impl Iterator<Item = &'a str>, in_rows: bool) -> Result<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    for item in items {
        let Some((name, value)) = item.split_once(['=', '＝']) else {
            return Err(Error::new(Code::Usage).arg("reason", t!("cli.register.pair_expected", item = item)));
        };
        let name = name.trim();
        let candidates = if in_rows { def.rows.map(|r| r.fields).unwrap_or(&[]) } else { def.fields };
        let id = candidates.iter().find(|f| f.id == name || f.label == name).map(|f| f.id).unwrap_or(name);
        map.insert(id.to_string(), value.trim().to_string());
    }
    Ok(map)
}

fn parse_day(option: &str, text: &str) -> Result<NaiveDate> {
    match parse_value(FieldKind::Date, text) {
        Ok(crate::registers::Value::Date(date)) => Ok(date),
        Ok(_) => Err(Error::new(Code::FieldInvalid).field(option).arg("value", text).arg("allowed", t!("field.allowed.date"))),
        Err(err) => Err(err.field(option)),
    }
}

fn list(session: &mut Session, args: &RegisterListArgs) -> Result<()> {
    let def = records::store::register(&resolve_register(&args.register))?;
    let mut filters = Vec::new();
    for item in &args.filters {
        filters.extend(pairs(def, std::iter::once(item.as_str()), false)?);
    }
    let sort = SortOrder::parse(&args.sort).ok_or_else(|| {
        Error::new(Code::FieldInvalid).field("--sort").arg("value", &args.sort).arg("allowed", t!("cli.register.sort_allowed"))
    })?;
    let query = Query {
        status: args.status.clone(),
        fields: filters,
        from: args.from.as_deref().map(|d| parse_day("--from", d)).transpose()?,
        to: args.to.as_deref().map(|d| parse_day("--to", d)).transpose()?,
        person: args.person.clone(),
        device: args.device.clone(),
        text: args.text.clone(),
        sort,
        page: args.page,
        per_page: args.per_page,
    };
    let page = session.query_records(def.id, &query)?;
    let shown: Vec<&crate::registers::FieldDef> = def.fields.iter().filter(|f| f.required).take(5).collect();
    let mut header = vec![t!("cli.register.number"), t!("cli.register.status")];
    header.extend(shown.iter().map(|f| f.label.to_string()));
    println!("{}", header.join("\t"));
    for record in &page.records {
        let mut line = vec![record.number.clone(), record.status_label().to_string()];
        line.extend(shown.iter().map(|f| record.display_field(f.id).unwrap_or_else(|| "—".into())));
        println!("{}", line.join("\t"));
    }
    let pages = page.total.div_ceil(u64::from(page.per_page)).max(1);
    println!("{}", t!("cli.register.page", total = page.total, page = page.page, pages = pages));
    Ok(())
}

fn show(session: &mut Session, number: &str) -> Result<()> {
    let record = session.get_record(number)?;
    print_record(&record);
    println!();
    println!("{}", t!("cli.register.history_header"));
    for version in session.record_history(number)? {
        let status = record.register.status(&version.status).map(|s| s.label).unwrap_or("?");
        println!("{}\t{}\t{}\t{}\t{}", version.version, clock::display(&version.at), version.by, status, version.reason);
    }
    Ok(())
}

fn print_record(record: &Record) {
    let def = record.register;
    println!("{}", t!("cli.register.show_title", register = def.name, number = record.number, status = record.status_label()));
    for field in def.fields {
        if let Some(text) = record.display_field(field.id) {
            println!("  {}：{}", field.label, text);
        }
    }
    if let Some(rows) = def.rows {
        for (index, row) in record.data.rows.iter().enumerate() {
            println!("  {}", t!("cli.register.row_title", rows = rows.label, row = index + 1));
            for field in rows.fields {
                if let Some(text) = row.get(field.id).filter(|t| !t.is_empty()) {
                    let shown = if field.masked { records::mask_text(field, text) } else { text.clone() };
                    println!("    {}：{}", field.label, shown);
                }
            }
        }
    }
}
