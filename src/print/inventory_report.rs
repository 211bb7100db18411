//! 年度清查报告 (annual inventory report): the closing report of an inventory, a record of the
//! 年度清查 register, with its counts, conclusion, findings and the result of every item.

use std::path::Path;

use super::circulation::{label, value};
use super::grid::{Grid, GRID_SIZE};
use super::names::Names;
use super::{expect_register, publish, require_print, Draft, Form, Printed};
use crate::auth::Session;
use crate::error::Result;
use crate::pdf::{Align, Cell, Column, Flow, PageSpec, Signer, Table};
use crate::records::Record;
use crate::registers::defs::INVENTORIES_ID;
use crate::t;

/// The count fields of a report, in the order printed.
const COUNTS: &[&str] = &[
    "expected_count",
    "found_count",
    "missing_count",
    "away_count",
    "duplicate_count",
    "unknown_count",
    "mismatch_count",
    "ambiguous_count",
];

impl Session {
    /// Prints the annual inventory report (年度清查报告) of a closed inventory (QC-…).
    pub fn print_inventory_report(&mut self, number: &str, out: &Path) -> Result<Printed> {
        require_print(self)?;
        let report = self.get_record(number)?;
        expect_register(&report, Form::InventoryReport, &[INVENTORIES_ID])?;

        let mut names = Names::new(self.vault().conn());
        let started_by = names.account(report.data.field("started_by").unwrap_or_default())?;
        let closed_by = names.account(report.data.field("closed_by").unwrap_or_default())?;
        let confirmed_by = names.person_opt(report.data.field("confirmed_by"))?;
        let year = report.data.field("closed_at").and_then(|at| at.get(..4)).unwrap_or_default();
        let register = report.data.field("register").unwrap_or_default();

        let mut flow = Flow::new(PageSpec::a4());
        flow.title(&t!("print.inventory.heading", year = year, register = register), 20.0);
        flow.table(&report_grid(&report, &started_by, &closed_by));
        flow.space(GRID_SIZE);
        flow.table(&count_table(&report));
        flow.space(GRID_SIZE);
        flow.table(&text_grid(&report));
        flow.space(GRID_SIZE);
        flow.table(&item_table(&report));
        flow.space(GRID_SIZE * 0.5);
        flow.signatures(
            &[
                Signer { role: t!("print.inventory.counted_by"), name: Some(closed_by) },
                Signer { role: label(report.register, "confirmed_by"), name: (!confirmed_by.is_empty()).then_some(confirmed_by) },
            ],
            GRID_SIZE,
        );

        let title = format!("{} {}", Form::InventoryReport.name(), report.number);
        let draft = Draft { form: Form::InventoryReport, target: report.number.clone(), title, spec: PageSpec::a4(), pages: flow.into_pages() };
        publish(self, draft, out)
    }
}

fn report_grid(report: &Record, started_by: &str, closed_by: &str) -> Table {
    let def = report.register;
    let l = |id: &str| label(def, id);
    let v = |id: &str| value(report, id);
    let mut grid = Grid::new();
    grid.pair(&t!("print.inventory.number"), &report.number, &l("register"), &v("register"))
        .pair(&l("started_at"), &v("started_at"), &l("started_by"), started_by)
        .pair(&l("closed_at"), &v("closed_at"), &l("closed_by"), closed_by)
        .pair(&t!("print.media_loan.status"), report.status_label(), &l("confirmed_on"), &v("confirmed_on"));
    grid.into_table()
}

/// The counts as one header row of labels over one row of right-aligned numbers.
fn count_table(report: &Record) -> Table {
    let def = report.register;
    Table {
        columns: COUNTS.iter().map(|_| Column::new(1.0, Align::Right)).collect(),
        header: vec![COUNTS.iter().map(|id| Cell::new(label(def, id))).collect()],
        rows: vec![COUNTS.iter().map(|id| Cell::new(value(report, id))).collect()],
        size: GRID_SIZE - 1.0,
    }
}

fn text_grid(report: &Record) -> Table {
    let def = report.register;
    let mut grid = Grid::new();
    grid.tall(&label(def, "conclusion"), &value(report, "conclusion"), 40.0)
        .tall(&label(def, "findings"), &value(report, "findings"), 40.0);
    grid.into_table()
}

fn item_table(report: &Record) -> Table {
    let def = report.register;
    let header = vec![
        Cell::new(t!("print.column.index")),
        Cell::new(label(def, "item_number")),
        Cell::new(label(def, "result")),
        Cell::new(label(def, "scan_count")),
        Cell::new(label(def, "registered_status")),
    ];
    let rows = report
        .data
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let text = |id: &str| Cell::new(row.get(id).cloned().unwrap_or_default());
            vec![Cell::new((index + 1).to_string()), text("item_number"), text("result"), text("scan_count"), text("registered_status")]
        })
        .collect();
    Table {
        columns: vec![
            Column::new(0.6, Align::Right),
            Column::new(2.0, Align::Center),
            Column::new(1.4, Align::Center),
            Column::new(1.0, Align::Right),
            Column::new(1.4, Align::Center),
        ],
        header: vec![header],
        rows,
        size: GRID_SIZE - 1.0,
    }
}
