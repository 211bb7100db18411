//! 销毁清单 and 清退清单 (destruction and clear-out lists): a disposal batch's particulars,
//! one row per document, the total, and the signatures of the handler, the two witnesses
//! and the receiving unit.

use std::path::Path;

use super::circulation::{label, value};
use super::grid::{Grid, GRID_SIZE};
use super::names::Names;
use super::{expect_register, publish, require_print, Draft, Form, Printed};
use crate::auth::Session;
use crate::error::Result;
use crate::pdf::{Align, Cell, Column, Flow, PageSpec, Signer, Table};
use crate::records::Record;
use crate::t;

impl Session {
    /// Prints the list of a disposal batch (XH-…): 销毁清单 for a destruction batch, 清退清单
    /// for a clear-out batch, with lines for the two witnesses.
    pub fn print_disposal_list(&mut self, number: &str, out: &Path) -> Result<Printed> {
        require_print(self)?;
        let batch = self.get_record(number)?;
        expect_register(&batch, Form::DisposalList, &["disposal_batches"])?;

        let mut names = Names::new(self.vault().conn());
        let witness_1 = names.person_opt(batch.data.field("witness_1"))?;
        let witness_2 = names.person_opt(batch.data.field("witness_2"))?;
        let is_destruction = batch.data.field("kind") == Some("销毁");
        let title = if is_destruction { t!("print.disposal.destruction_title") } else { t!("print.disposal.clear_out_title") };
        let year = batch.data.field("year").unwrap_or_default();

        let mut flow = Flow::new(PageSpec::a4());
        flow.title(&t!("print.disposal.heading", year = year, title = title), 20.0);
        flow.table(&batch_grid(&batch));
        flow.space(GRID_SIZE);
        flow.table(&item_table(&batch));
        flow.space(GRID_SIZE * 0.5);
        flow.paragraph(&t!("print.disposal.total", count = batch.data.rows.len()), GRID_SIZE, Align::Right);
        flow.space(GRID_SIZE * 0.5);
        let def = batch.register;
        let named = |name: String| if name.is_empty() { None } else { Some(name) };
        flow.signatures(
            &[
                Signer { role: t!("print.disposal.handler"), name: None },
                Signer { role: label(def, "witness_1"), name: named(witness_1) },
                Signer { role: label(def, "witness_2"), name: named(witness_2) },
                Signer { role: t!("print.disposal.receiver"), name: None },
            ],
            GRID_SIZE,
        );

        let pdf_title = format!("{title} {}", batch.number);
        let draft = Draft { form: Form::DisposalList, target: batch.number.clone(), title: pdf_title, spec: PageSpec::a4(), pages: flow.into_pages() };
        publish(self, draft, out)
    }
}

fn batch_grid(batch: &Record) -> Table {
    let def = batch.register;
    let l = |id: &str| label(def, id);
    let v = |id: &str| value(batch, id);
    let mut grid = Grid::new();
    grid.pair(&t!("print.disposal.number"), &batch.number, &l("kind"), &v("kind"))
        .pair(&l("registered_on"), &v("registered_on"), &l("handed_over_on"), &v("handed_over_on"))
        .pair(&l("receiver"), &v("receiver"), &l("seal_bag_numbers"), &v("seal_bag_numbers"));
    if let Some(note) = batch.data.field("note") {
        grid.wide(&l("note"), note);
    }
    grid.into_table()
}

fn item_table(batch: &Record) -> Table {
    let def = batch.register;
    let header = vec![
        Cell::new(t!("print.column.index")),
        Cell::new(label(def, "item")),
        Cell::new(label(def, "title")),
        Cell::new(label(def, "classification")),
        Cell::new(label(def, "copy_numbers")),
        Cell::new(label(def, "disposition")),
        Cell::new(label(def, "bag_number")),
    ];
    let rows = batch
        .data
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let text = |id: &str| Cell::new(row.get(id).cloned().unwrap_or_default());
            vec![
                Cell::new((index + 1).to_string()),
                text("item"),
                text("title"),
                text("classification"),
                text("copy_numbers"),
                text("disposition"),
                text("bag_number"),
            ]
        })
        .collect();
    Table {
        columns: vec![
            Column::new(0.55, Align::Right),
            Column::new(1.35, Align::Center),
            Column::new(2.8, Align::Left),
            Column::new(1.0, Align::Center),
            Column::new(0.9, Align::Center),
            Column::new(0.8, Align::Center),
            Column::new(1.0, Align::Center),
        ],
        header: vec![header],
        rows,
        size: GRID_SIZE - 0.5,
    }
}
