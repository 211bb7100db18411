//! 介质借用单 (media loan form): the medium, the borrower with the identity and clearance
//! check, the purpose, the secrecy reminder, the dates, both signatures at lending, and the
//! return section with the return check and both signatures at return.

use std::path::Path;

use super::circulation::{label, reminder_box, value};
use super::grid::{Grid, GRID_SIZE};
use super::names::Names;
use super::{expect_register, publish, require_print, Draft, Form, Printed};
use crate::auth::Session;
use crate::error::Result;
use crate::pdf::{Align, Flow, PageSpec, Signer};
use crate::records::store::load_by_number;
use crate::records::Record;
use crate::t;

impl Session {
    /// Prints the media loan form (介质借用单) of a loan record (JY-…).
    pub fn print_media_loan_form(&mut self, number: &str, out: &Path) -> Result<Printed> {
        require_print(self)?;
        let loan = self.get_record(number)?;
        expect_register(&loan, Form::MediaLoanForm, &["media_loans"])?;

        let conn = self.vault().conn();
        let mut names = Names::new(conn);
        let medium = match loan.data.field("medium") {
            Some(number) => load_by_number(conn, number)?,
            None => None,
        };
        let borrower_record = match loan.data.field("borrower") {
            Some(number) => load_by_number(conn, number)?,
            None => None,
        };
        let borrower = names.person_opt(loan.data.field("borrower"))?;
        let lender = match loan.data.field("reminded_by") {
            Some(account) => names.account(account)?,
            None => String::new(),
        };

        let mut flow = Flow::new(PageSpec::a4());
        flow.title(&Form::MediaLoanForm.name(), 20.0);
        flow.table(&loan_grid(&loan, medium.as_ref(), borrower_record.as_ref(), &borrower, &lender));
        flow.space(GRID_SIZE);
        flow.table(&reminder_box(&t!("print.circulation.reminder_title"), &t!("print.media_loan.reminder")));
        flow.space(GRID_SIZE * 0.5);
        flow.signatures(
            &[
                Signer { role: t!("print.media_loan.borrower_sign"), name: Some(borrower.clone()) },
                Signer { role: t!("print.media_loan.lender_sign"), name: Some(lender.clone()) },
            ],
            GRID_SIZE,
        );

        flow.space(GRID_SIZE);
        flow.paragraph(&t!("print.media_loan.return_title"), GRID_SIZE + 1.5, Align::Left);
        flow.space(GRID_SIZE * 0.4);
        flow.table(&return_grid(&loan));
        flow.space(GRID_SIZE * 0.5);
        flow.signatures(
            &[
                Signer { role: t!("print.media_loan.returner_sign"), name: Some(borrower) },
                Signer { role: t!("print.media_loan.receiver_sign"), name: None },
            ],
            GRID_SIZE,
        );

        let title = format!("{} {}", Form::MediaLoanForm.name(), loan.number);
        let draft = Draft { form: Form::MediaLoanForm, target: loan.number.clone(), title, spec: PageSpec::a4(), pages: flow.into_pages() };
        publish(self, draft, out)
    }
}

fn loan_grid(loan: &Record, medium: Option<&Record>, borrower: Option<&Record>, borrower_name: &str, lender: &str) -> crate::pdf::Table {
    let def = loan.register;
    let l = |id: &str| label(def, id);
    let v = |id: &str| value(loan, id);
    let medium_field = |id: &str| medium.and_then(|m| m.display_field(id)).unwrap_or_default();
    let medium_text = match (medium_field("unified_number"), medium_field("category")) {
        (unified, category) if !unified.is_empty() => format!("{unified}（{category}）"),
        _ => v("medium"),
    };
    // Phone numbers are masked on paper as on screen.
    let person_field = |id: &str| borrower.and_then(|p| p.display_field(id)).unwrap_or_default();

    let mut grid = Grid::new();
    grid.pair(&t!("print.media_loan.number"), &loan.number, &t!("print.media_loan.status"), loan.status_label())
        .pair(&l("medium"), &medium_text, &t!("print.media_loan.classification"), &medium_field("classification"))
        .pair(&l("borrower"), borrower_name, &t!("print.media_loan.department"), &person_field("department"))
        .pair(&t!("print.media_loan.phone"), &person_field("phone"), &l("clearance_checked"), &v("clearance_checked"))
        .wide(&l("purpose"), &v("purpose"))
        .pair(&l("lent_at"), &v("lent_at"), &l("return_due"), &v("return_due"))
        .pair(&l("reminded_by"), lender, &t!("print.media_loan.reminded"), &t!("print.media_loan.reminded_yes"));
    grid.into_table()
}

fn return_grid(loan: &Record) -> crate::pdf::Table {
    let def = loan.register;
    let l = |id: &str| label(def, id);
    let v = |id: &str| value(loan, id);
    let mut grid = Grid::new();
    grid.pair(&l("returned_at"), &v("returned_at"), &l("return_check"), &v("return_check")).tall(&l("return_note"), &v("return_note"), 40.0);
    grid.into_table()
}
