//! 文件流转单 (circulation slip): the document's particulars, the proposed handling and the
//! review with their authors, the readers with room to sign, and the secrecy reminder.

use std::path::Path;

use super::grid::{Grid, GRID_SIZE};
use super::names::Names;
use super::{expect_register, publish, require_print, Draft, Form, Printed};
use crate::auth::Session;
use crate::error::Result;
use crate::pdf::{Align, Cell, Column, Flow, PageSpec, Table};
use crate::records::{Query, Record, SortOrder};
use crate::registers::RegisterDef;
use crate::t;

/// Rows of the reader table, at least: blank ones are for readers added by hand.
const MIN_READER_ROWS: usize = 6;

/// Height left for a handwritten opinion, in points.
const OPINION_HEIGHT: f32 = 64.0;

impl Session {
    /// Prints the circulation slip (文件流转单) of a circulation record (LZ-…) or of an incoming
    /// document (SW-…). For a document, its latest circulation record fills the slip; a
    /// document not yet circulated gets a slip with blank opinions and reader rows.
    pub fn print_circulation_slip(&mut self, number: &str, out: &Path) -> Result<Printed> {
        require_print(self)?;
        let record = self.get_record(number)?;
        expect_register(&record, Form::CirculationSlip, &["circulation", "incoming_documents"])?;
        let (document, circulation) = if record.register.id == "circulation" {
            let document_number = record.data.field("document").unwrap_or_default().to_string();
            (self.get_record(&document_number)?, Some(record))
        } else {
            let circulation = latest_circulation(self, &record.number)?;
            (record, circulation)
        };

        let mut names = Names::new(self.vault().conn());
        let mut flow = Flow::new(PageSpec::a4());
        flow.title(&Form::CirculationSlip.name(), 20.0);
        flow.table(&document_grid(&document, circulation.as_ref(), &mut names)?);
        flow.space(GRID_SIZE);
        flow.table(&reader_table(circulation.as_ref(), &mut names)?);
        flow.space(GRID_SIZE);
        let reminder = circulation
            .as_ref()
            .and_then(|c| c.data.field("secrecy_reminder"))
            .map(str::to_string)
            .unwrap_or_else(|| t!("print.circulation.reminder_default"));
        flow.table(&reminder_box(&t!("print.circulation.reminder_title"), &reminder));

        let target = circulation.as_ref().map(|c| c.number.clone()).unwrap_or_else(|| document.number.clone());
        let title = format!("{} {}", Form::CirculationSlip.name(), document.number);
        let draft = Draft { form: Form::CirculationSlip, target, title, spec: PageSpec::a4(), pages: flow.into_pages() };
        publish(self, draft, out)
    }
}

fn latest_circulation(session: &mut Session, document: &str) -> Result<Option<Record>> {
    let query = Query {
        fields: vec![("document".to_string(), document.to_string())],
        sort: SortOrder::NumberDesc,
        per_page: 1,
        ..Query::default()
    };
    let page = session.query_records("circulation", &query)?;
    Ok(page.records.into_iter().find(|r| r.status != crate::registers::CANCELLED))
}

/// The register's label for field `id`.
pub(super) fn label(def: &RegisterDef, id: &str) -> String {
    def.any_field(id).map(|f| f.label.to_string()).unwrap_or_else(|| id.to_string())
}

/// A record's field for display (masked where the field is masked), or empty.
pub(super) fn value(record: &Record, id: &str) -> String {
    record.display_field(id).unwrap_or_default()
}

fn document_grid(document: &Record, circulation: Option<&Record>, names: &mut Names<'_>) -> Result<Table> {
    let def = document.register;
    let l = |id: &str| label(def, id);
    let v = |id: &str| value(document, id);
    let copies = match (document.data.field("copy_count"), document.data.field("copy_numbers")) {
        (Some(count), Some(numbers)) => format!("{}（{numbers}）", with_unit(count)),
        (Some(count), None) => with_unit(count),
        _ => String::new(),
    };
    let classification = match document.data.field("secrecy_term") {
        Some(term) if !v("classification").contains('★') => format!("{}★{term}", v("classification")),
        _ => v("classification"),
    };
    let circulated_on = circulation.and_then(|c| c.data.field("circulated_on")).unwrap_or_default().to_string();

    let mut grid = Grid::new();
    grid.pair(&l("issuing_unit"), &v("issuing_unit"), &t!("print.circulation.number"), &document.number)
        .pair(&l("document_number"), &v("document_number"), &l("received_on"), &v("received_on"))
        .wide(&l("title"), &v("title"))
        .pair(&l("classification"), &classification, &l("copy_count"), &copies)
        .pair(&l("need_to_know"), &v("need_to_know"), &t!("print.circulation.circulated_on"), &circulated_on);

    let (proposal, proposer, review, reviewer) = match circulation {
        Some(c) => (
            c.data.field("proposed_handling").unwrap_or_default().to_string(),
            names.person_opt(c.data.field("proposed_by"))?,
            c.data.field("review_opinion").unwrap_or_default().to_string(),
            names.person_opt(c.data.field("reviewed_by"))?,
        ),
        None => Default::default(),
    };
    let proposal = with_signer(&proposal, &t!("print.circulation.proposed_by"), &proposer);
    let review = with_signer(&review, &t!("print.circulation.reviewed_by"), &reviewer);
    grid.tall(&t!("print.circulation.proposal"), &proposal, OPINION_HEIGHT)
        .tall(&t!("print.circulation.review"), &review, OPINION_HEIGHT);
    Ok(grid.into_table())
}

/// A bare count of copies with its unit: `3` becomes `3份`.
pub(super) fn with_unit(count: &str) -> String {
    if count.chars().all(|c| c.is_ascii_digit()) {
        format!("{count}份")
    } else {
        count.to_string()
    }
}

/// An opinion followed by a line naming who gave it, with room for a signature and date.
fn with_signer(opinion: &str, role: &str, name: &str) -> String {
    let signer = t!("print.circulation.signer_line", role = role, name = name);
    if opinion.is_empty() {
        format!("\n\n{signer}")
    } else {
        format!("{opinion}\n{signer}")
    }
}

fn reader_table(circulation: Option<&Record>, names: &mut Names<'_>) -> Result<Table> {
    let def = crate::registers::by_id("circulation").expect("the circulation register exists");
    let header = vec![
        Cell::new(t!("print.column.index")),
        Cell::new(label(def, "reader")),
        Cell::new(label(def, "sent_at")),
        Cell::new(label(def, "return_due")),
        Cell::new(t!("print.column.signature")),
        Cell::new(t!("print.column.date")),
    ];
    let mut rows = Vec::new();
    for (index, row) in circulation.map(|c| c.data.rows.as_slice()).unwrap_or_default().iter().enumerate() {
        let reader = match row.get("reader") {
            Some(number) if !number.is_empty() => names.person(number)?,
            _ => String::new(),
        };
        let text = |id: &str| row.get(id).cloned().unwrap_or_default();
        rows.push(vec![
            Cell::new((index + 1).to_string()),
            Cell::new(reader),
            Cell::new(text("sent_at")),
            Cell::new(text("return_due")),
            Cell::new(""),
            Cell::new(""),
        ]);
    }
    while rows.len() < MIN_READER_ROWS {
        rows.push(vec![Cell::new((rows.len() + 1).to_string()), Cell::new(""), Cell::new(""), Cell::new(""), Cell::new(""), Cell::new("")]);
    }
    for row in &mut rows {
        row[0].min_height = 24.0;
    }
    Ok(Table {
        columns: vec![
            Column::new(0.6, Align::Right),
            Column::new(1.3, Align::Center),
            Column::new(1.7, Align::Center),
            Column::new(1.7, Align::Center),
            Column::new(1.3, Align::Center),
            Column::new(1.2, Align::Center),
        ],
        header: vec![header],
        rows,
        size: GRID_SIZE,
    })
}

/// A one-cell box with a title line and a text, for the secrecy reminder.
pub(super) fn reminder_box(title: &str, text: &str) -> Table {
    Table {
        columns: vec![Column::new(1.0, Align::Left)],
        header: Vec::new(),
        rows: vec![vec![Cell::new(format!("{title}\n{text}"))]],
        size: GRID_SIZE - 0.5,
    }
}
