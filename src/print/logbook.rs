//! 使用登记手册 (usage logbook): the usage log of one device, or of every device, over a date
//! range, as the book an inspection requests. Each device starts on a new page with its
//! particulars, and its entries follow in time order.

use std::path::Path;

use chrono::NaiveDate;

use super::circulation::label;
use super::grid::Grid;
use super::names::Names;
use super::{expect_register, publish, require_print, Draft, Form, Printed};
use crate::auth::Session;
use crate::error::{Code, Error, Result};
use crate::pdf::{Align, Cell, Column, Flow, PageSpec, Table};
use crate::records::query::MAX_PER_PAGE;
use crate::records::store::load_by_number;
use crate::records::{Query, Record, SortOrder};
use crate::registers::CANCELLED;
use crate::t;

/// Font size of the logbook table.
const LOGBOOK_SIZE: f32 = 9.0;

/// The dates a logbook covers, both included. Both are required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogbookRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl LogbookRange {
    /// Checks that both ends are given and in order.
    fn check(&self) -> Result<(NaiveDate, NaiveDate)> {
        let missing = |field: String| {
            Error::new(Code::PrintRangeMissing).field(field).arg("form", Form::UsageLogbook.name())
        };
        let from = self.from.ok_or_else(|| missing(t!("query.from")))?;
        let to = self.to.ok_or_else(|| missing(t!("query.to")))?;
        if to < from {
            return Err(Error::new(Code::FieldEndBeforeStart)
                .field(t!("query.to"))
                .arg("end", to)
                .arg("start_field", t!("query.from"))
                .arg("start", from));
        }
        Ok((from, to))
    }
}

impl Session {
    /// Prints the usage logbook (使用登记手册) of `device` (SB-…), or of every device with
    /// entries when `device` is `None`, for the entries started within `range`. Cancelled
    /// entries are printed too, marked as cancelled, so the paper matches the register.
    pub fn print_usage_logbook(&mut self, device: Option<&str>, range: LogbookRange, out: &Path) -> Result<Printed> {
        let devices: Vec<String> = device.map(str::to_string).into_iter().collect();
        self.print_usage_logbook_of(&devices, range, out)
    }

    /// Prints the usage logbook of several devices, each starting on a new page in number
    /// order, or of every device with entries when `devices` is empty.
    pub fn print_usage_logbook_of(&mut self, devices: &[String], range: LogbookRange, out: &Path) -> Result<Printed> {
        require_print(self)?;
        let (from, to) = range.check()?;
        let mut chosen: Vec<Record> = Vec::new();
        for number in devices {
            let record = self.device_record(number)?;
            if !chosen.iter().any(|d| d.number == record.number) {
                chosen.push(record);
            }
        }

        let mut entries = Vec::new();
        if chosen.is_empty() {
            entries = usage_entries(self, None, from, to)?;
        } else {
            for device in &chosen {
                entries.extend(usage_entries(self, Some(&device.number), from, to)?);
            }
        }
        if entries.is_empty() {
            return Err(Error::new(Code::PrintNothingToPrint).arg("reason", t!("print.logbook.no_entries", from = from, to = to)));
        }
        let mut sections: Vec<(String, Vec<&Record>)> = Vec::new();
        for entry in &entries {
            let number = entry.data.field("device").unwrap_or_default();
            match sections.iter_mut().find(|(n, _)| n == number) {
                Some((_, list)) => list.push(entry),
                None => sections.push((number.to_string(), vec![entry])),
            }
        }
        sections.sort_by(|a, b| a.0.cmp(&b.0));

        let conn = self.vault().conn();
        let mut names = Names::new(conn);
        let mut flow = Flow::new(PageSpec::a4());
        for (index, (device_number, list)) in sections.iter().enumerate() {
            if index > 0 {
                flow.new_page();
            }
            let device = load_by_number(conn, device_number)?;
            flow.title(&Form::UsageLogbook.name(), 18.0);
            flow.table(&device_grid(device.as_ref(), device_number, from, to, &mut names)?);
            flow.space(8.0);
            flow.table(&entry_table(list, &mut names)?);
        }

        let numbers: Vec<&str> = chosen.iter().map(|d| d.number.as_str()).collect();
        let target = if numbers.is_empty() {
            format!("{} {from}..{to}", t!("print.logbook.all_devices"))
        } else {
            format!("{} {from}..{to}", numbers.join(","))
        };
        let title = format!("{} {target}", Form::UsageLogbook.name());
        let draft = Draft { form: Form::UsageLogbook, target, title, spec: PageSpec::a4(), pages: flow.into_pages() };
        publish(self, draft, out)
    }

    /// Loads a device record for a form, checking that the number is one of the devices
    /// register. Reading it needs no devices-register permission: the form prints the
    /// device's particulars, which its label shows anyway.
    fn device_record(&mut self, number: &str) -> Result<Record> {
        let number = number.trim().to_ascii_uppercase();
        let record = load_by_number(self.vault().conn(), &number)?
            .ok_or_else(|| Error::new(Code::RecordNotFound).arg("number", &number))?;
        expect_register(&record, Form::UsageLogbook, &["devices"])?;
        Ok(record)
    }
}

/// Reads every usage entry in the range, oldest first, a page at a time.
fn usage_entries(session: &mut Session, device: Option<&str>, from: NaiveDate, to: NaiveDate) -> Result<Vec<Record>> {
    let mut query = Query {
        device: device.map(str::to_string),
        from: Some(from),
        to: Some(to),
        sort: SortOrder::DateAsc,
        per_page: MAX_PER_PAGE,
        page: 1,
        ..Query::default()
    };
    let mut entries = Vec::new();
    loop {
        let page = session.query_records("usage_log", &query)?;
        let done = page.records.len() < MAX_PER_PAGE as usize;
        entries.extend(page.records);
        if done || entries.len() as u64 >= page.total {
            return Ok(entries);
        }
        query.page += 1;
    }
}

fn device_grid(device: Option<&Record>, number: &str, from: NaiveDate, to: NaiveDate, names: &mut Names<'_>) -> Result<Table> {
    let def = crate::registers::by_id("devices").expect("the devices register exists");
    let l = |id: &str| label(def, id);
    let v = |id: &str| device.and_then(|d| d.display_field(id)).unwrap_or_default();
    let custodian = names.person_opt(device.and_then(|d| d.data.field("custodian")))?;
    let unified = match v("unified_number") {
        text if text.is_empty() => number.to_string(),
        text => format!("{text}（{number}）"),
    };
    let mut grid = Grid::new();
    grid.pair(&l("unified_number"), &unified, &l("category"), &v("category"))
        .pair(&l("brand_model"), &v("brand_model"), &l("classification"), &v("classification"))
        .pair(&l("custodian"), &custodian, &l("department"), &v("department"))
        .pair(&l("storage_location"), &v("storage_location"), &t!("print.logbook.period"), &t!("print.logbook.period_value", from = from, to = to));
    Ok(grid.into_table())
}

fn entry_table(entries: &[&Record], names: &mut Names<'_>) -> Result<Table> {
    let def = crate::registers::by_id("usage_log").expect("the usage log register exists");
    let header = [
        t!("print.column.index"),
        label(def, "started_at"),
        label(def, "ended_at"),
        label(def, "user"),
        label(def, "content"),
        t!("print.logbook.copies"),
        label(def, "note"),
    ]
    .into_iter()
    .map(Cell::new)
    .collect();

    let mut rows = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let field = |id: &str| entry.data.field(id).unwrap_or_default().to_string();
        let user = names.person_opt(entry.data.field("user"))?;
        let mut note = field("note");
        if entry.status == CANCELLED {
            note = if note.is_empty() { t!("print.logbook.cancelled") } else { format!("{note}（{}）", t!("print.logbook.cancelled")) };
        }
        let copies = field("printed_copies").trim_end_matches('份').to_string();
        rows.push(vec![
            Cell::new((index + 1).to_string()),
            Cell::new(field("started_at")),
            Cell::new(field("ended_at")),
            Cell::new(user),
            Cell::new(field("content")),
            Cell::new(copies),
            Cell::new(note),
        ]);
    }
    Ok(Table {
        columns: vec![
            Column::new(0.5, Align::Right),
            Column::new(1.45, Align::Center),
            Column::new(1.45, Align::Center),
            Column::new(0.85, Align::Center),
            Column::new(2.55, Align::Left),
            Column::new(0.5, Align::Right),
            Column::new(0.9, Align::Left),
        ],
        header: vec![header],
        rows,
        size: LOGBOOK_SIZE,
    })
}
