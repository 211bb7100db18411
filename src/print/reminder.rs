//! 催还单 (reminder notices): one notice per loan or circulated document on the today list
//! that is overdue (or, on request, due soon), two notices to a page with a cut line between
//! them, for the office to hand to the borrower or reader.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::names::Names;
use super::{publish, require_print, Draft, Form, Printed};
use crate::auth::Session;
use crate::error::{Code, Error, Result};
use crate::pdf::{Align, Flow, Op, PageSpec, MM};
use crate::records::store::load_by_number;
use crate::registers::deadline::DueState;
use crate::t;
use crate::today::TodayItem;

/// Deadlines that ask for something to be returned, which a reminder notice chases.
const RETURN_DEADLINES: &[&str] = &["loan_return", "reader_return", "archive_return"];

const NOTICE_SIZE: f32 = 12.0;

/// Which items of the today list get a notice.
#[derive(Debug, Clone, Default)]
pub struct ReminderSelection {
    /// Also items due soon, not only overdue ones.
    pub include_due_soon: bool,
    /// Only these record numbers; all when empty.
    pub numbers: Vec<String>,
}

impl Session {
    /// Prints reminder notices (催还单) for the return deadlines on the today list as of
    /// `today`: overdue loans (介质借用, 档案借阅) and documents out with readers.
    pub fn print_reminder_notices(&mut self, today: NaiveDate, selection: &ReminderSelection, out: &Path) -> Result<Printed> {
        require_print(self)?;
        let wanted: Vec<String> = selection.numbers.iter().map(|n| n.trim().to_ascii_uppercase()).collect();
        let items: Vec<TodayItem> = self
            .today(today, None)?
            .into_iter()
            .filter(|item| RETURN_DEADLINES.contains(&item.deadline.id))
            .filter(|item| item.state == DueState::Overdue || (selection.include_due_soon && item.state == DueState::DueSoon))
            .filter(|item| wanted.is_empty() || wanted.contains(&item.number))
            .collect();
        if items.is_empty() {
            return Err(Error::new(Code::PrintNothingToPrint).arg("reason", t!("print.reminder.none", date = today)));
        }

        let mut names = Names::new(self.vault().conn());
        let spec = PageSpec::a4();
        let half = spec.body_height() / 2.0;
        let mut flow = Flow::new(spec);
        for (index, item) in items.iter().enumerate() {
            if index > 0 && index % 2 == 0 {
                flow.new_page();
            }
            let top = spec.body_top + half * (index % 2) as f32;
            flow.set_y(top);
            if index % 2 == 1 {
                cut_line(&mut flow, top - 2.0 * MM);
            }
            notice(&mut flow, item, today, &mut names)?;
        }

        let numbers: Vec<&str> = items.iter().map(|item| item.number.as_str()).collect();
        let target = format!("{today} {}", numbers.join(","));
        let title = format!("{} {today}", Form::ReminderNotice.name());
        let draft = Draft { form: Form::ReminderNotice, target, title, spec, pages: flow.into_pages() };
        publish(self, draft, out)
    }
}

fn cut_line(flow: &mut Flow, y: f32) {
    let (left, right) = (flow.spec().left, flow.spec().right);
    // A dashed line drawn as short segments.
    let mut x = left;
    while x < right {
        flow.line(x, y, (x + 2.0 * MM).min(right), y, 0.4);
        x += 4.0 * MM;
    }
}

fn notice(flow: &mut Flow, item: &TodayItem, today: NaiveDate, names: &mut Names<'_>) -> Result<()> {
    flow.title(&Form::ReminderNotice.name(), 18.0);
    flow.paragraph(&t!("print.reminder.number", number = &item.number), NOTICE_SIZE - 2.0, Align::Right);
    flow.space(NOTICE_SIZE * 0.5);

    let person = match item.person.as_ref() {
        Some(person) => person.display().to_string(),
        None => String::new(),
    };
    let what = item_description(names.conn(), item)?;
    flow.paragraph(&t!("print.reminder.salutation", person = if person.is_empty() { t!("print.reminder.blank_name") } else { person }), NOTICE_SIZE, Align::Left);
    let body = match item.days_late() {
        Some(days) => t!("print.reminder.overdue", what = what, due = item.due, days = days),
        None => t!("print.reminder.due_soon", what = what, due = item.due),
    };
    flow.paragraph(&format!("\u{3000}\u{3000}{body}"), NOTICE_SIZE, Align::Left);
    flow.space(NOTICE_SIZE * 1.5);
    flow.paragraph(&t!("print.reminder.office"), NOTICE_SIZE, Align::Right);
    flow.paragraph(&t!("print.reminder.date", date = today.format("%Y年%-m月%-d日")), NOTICE_SIZE, Align::Right);
    flow.space(NOTICE_SIZE);
    let (left, y) = (flow.spec().left, flow.y());
    flow.push(Op::Text { x: left, baseline: y, size: NOTICE_SIZE - 2.0, text: t!("print.reminder.receipt"), bold: false });
    Ok(())
}

/// What is to be returned, in words: the record and the medium, document or archive item.
fn item_description(conn: &Connection, item: &TodayItem) -> Result<String> {
    let record = load_by_number(conn, &item.number)?;
    let field = |id: &str| record.as_ref().and_then(|r| r.data.field(id)).map(str::to_string);
    let referenced = |number: Option<String>, id: &str| -> Result<Option<String>> {
        let Some(number) = number else { return Ok(None) };
        Ok(load_by_number(conn, &number)?.and_then(|r| r.data.field(id).map(str::to_string)).or(Some(number)))
    };
    let detail = match item.register.id {
        "media_loans" => referenced(field("medium"), "unified_number")?.map(|name| t!("print.reminder.detail.medium", name = name)),
        "circulation" => referenced(field("document"), "title")?.map(|name| t!("print.reminder.detail.document", name = name)),
        "archive_loans" => field("item").map(|name| t!("print.reminder.detail.archive", name = name)),
        _ => None,
    };
    Ok(match detail {
        Some(detail) => t!("print.reminder.item_with_detail", register = item.register.name, number = &item.number, detail = detail),
        None => t!("print.reminder.item", register = item.register.name, number = &item.number),
    })
}
