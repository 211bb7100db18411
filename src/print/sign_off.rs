//! 签收单 (sign-off sheet): one row per copy of a document, for the recipient of each copy
//! to sign.

use std::path::Path;

use super::circulation::{label, value, with_unit};
use super::grid::{Grid, GRID_SIZE};
use super::{expect_register, publish, require_print, Draft, Form, Printed};
use crate::auth::Session;
use crate::error::Result;
use crate::pdf::{Align, Cell, Column, Flow, PageSpec, Table};
use crate::records::Record;
use crate::registers::values::copies::CopyNumbers;
use crate::t;

/// A copy count above this is taken as an error in the record rather than printed as
/// thousands of rows.
const MAX_COPIES: u32 = 2000;

impl Session {
    /// Prints the sign-off sheet (签收单) of an incoming (SW-…) or outgoing (FW-…) document:
    /// one row per copy number, or per copy when the record has a count but no numbers.
    pub fn print_sign_off_sheet(&mut self, number: &str, out: &Path) -> Result<Printed> {
        require_print(self)?;
        let record = self.get_record(number)?;
        expect_register(&record, Form::SignOffSheet, &["incoming_documents", "outgoing_documents"])?;

        let mut flow = Flow::new(PageSpec::a4());
        flow.title(&Form::SignOffSheet.name(), 20.0);
        flow.table(&document_grid(&record));
        flow.space(GRID_SIZE);
        flow.table(&copy_table(&record));

        let title = format!("{} {}", Form::SignOffSheet.name(), record.number);
        let draft = Draft { form: Form::SignOffSheet, target: record.number.clone(), title, spec: PageSpec::a4(), pages: flow.into_pages() };
        publish(self, draft, out)
    }
}

fn document_grid(record: &Record) -> Table {
    let def = record.register;
    let l = |id: &str| label(def, id);
    let v = |id: &str| value(record, id);
    let mut grid = Grid::new();
    if def.id == "incoming_documents" {
        grid.pair(&l("issuing_unit"), &v("issuing_unit"), &t!("print.circulation.number"), &record.number);
    } else {
        grid.pair(&l("issued_on"), &v("issued_on"), &t!("print.sign_off.number"), &record.number);
    }
    grid.pair(&l("document_number"), &v("document_number"), &l("classification"), &v("classification"))
        .wide(&l("title"), &v("title"));
    let count_id = if def.id == "incoming_documents" { "copy_count" } else { "printed_copies" };
    grid.pair(&l(count_id), &with_unit(&v(count_id)), &l("copy_numbers"), &v("copy_numbers"));
    grid.into_table()
}

/// The copy numbers to list: the record's 份号, or 1..=份数 when no numbers are recorded.
fn copies(record: &Record) -> Vec<String> {
    if let Some(numbers) = record.data.field("copy_numbers").and_then(|text| CopyNumbers::parse(text).ok()) {
        let mut list = Vec::new();
        for &(first, last) in numbers.ranges() {
            for n in first..=last {
                if list.len() as u32 >= MAX_COPIES {
                    return list;
                }
                list.push(format!("{n:03}"));
            }
        }
        return list;
    }
    let count_id = if record.register.id == "incoming_documents" { "copy_count" } else { "printed_copies" };
    let count: u32 = record
        .data
        .field(count_id)
        .map(|text| text.chars().take_while(char::is_ascii_digit).collect::<String>())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(1);
    (1..=count.clamp(1, MAX_COPIES)).map(|n| format!("{n:03}")).collect()
}

fn copy_table(record: &Record) -> Table {
    let header = vec![
        Cell::new(t!("print.column.index")),
        Cell::new(label(record.register, "copy_numbers")),
        Cell::new(t!("print.sign_off.recipient_unit")),
        Cell::new(t!("print.sign_off.recipient")),
        Cell::new(t!("print.sign_off.signed_at")),
        Cell::new(t!("print.column.note")),
    ];
    let rows = copies(record)
        .into_iter()
        .enumerate()
        .map(|(index, copy)| {
            vec![
                Cell::new((index + 1).to_string()).min_height(26.0),
                Cell::new(copy),
                Cell::new(""),
                Cell::new(""),
                Cell::new(""),
                Cell::new(""),
            ]
        })
        .collect();
    Table {
        columns: vec![
            Column::new(0.6, Align::Right),
            Column::new(0.8, Align::Center),
            Column::new(2.0, Align::Left),
            Column::new(1.3, Align::Center),
            Column::new(1.6, Align::Center),
            Column::new(1.2, Align::Left),
        ],
        header: vec![header],
        rows,
        size: GRID_SIZE,
    }
}
