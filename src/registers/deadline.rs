//! Due dates of a record's deadlines, for the "today" list of what is overdue and what falls
//! due soon.

use chrono::NaiveDate;

use crate::registers::definition::{DeadlineDef, Due, RegisterDef};
use crate::registers::validate::{Validated, Values};
use crate::registers::values::Value;

/// One open deadline of a record.
#[derive(Debug, Clone, Copy)]
pub struct DueItem<'a> {
    pub deadline: &'a DeadlineDef,
    /// The row (from 0) for deadlines kept per row.
    pub row: Option<usize>,
    pub due: NaiveDate,
}

/// Position of a due date relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueState {
    Overdue,
    /// Due today or within the deadline's warning days.
    DueSoon,
    Later,
}

impl DueItem<'_> {
    pub fn state(&self, today: NaiveDate) -> DueState {
        if self.due < today {
            return DueState::Overdue;
        }
        let days_left = (self.due - today).num_days();
        if days_left <= i64::from(self.deadline.warn_days) {
            DueState::DueSoon
        } else {
            DueState::Later
        }
    }
}

impl RegisterDef {
    /// Lists the open deadlines of a record in `status`. A deadline is closed in a final
    /// status, in one of its `ends_at` statuses, once its `ends_when_filled` field is filled,
    /// or when its `only_if` condition does not hold. A deadline whose date fields are blank
    /// has no due date and is not listed.
    pub fn due_items(&self, status: &str, record: &Validated) -> Vec<DueItem<'_>> {
        if self.status(status).is_none_or(|status| status.is_final) {
            return Vec::new();
        }

        let mut items = Vec::new();
        for deadline in self.deadlines {
            if deadline.ends_at.contains(&status) {
                continue;
            }
            if deadline.in_rows {
                for (index, row) in record.rows.iter().enumerate() {
                    if let Some(due) = self.open_due_date(deadline, row) {
                        items.push(DueItem {
                            deadline,
                            row: Some(index),
                            due,
                        });
                    }
                }
            } else if let Some(due) = self.open_due_date(deadline, &record.fields) {
                items.push(DueItem {
                    deadline,
                    row: None,
                    due,
                });
            }
        }
        items
    }
}

impl RegisterDef {
    fn open_due_date(&self, deadline: &DeadlineDef, values: &Values) -> Option<NaiveDate> {
        if deadline
            .ends_when_filled
            .is_some_and(|field| values.contains_key(field))
        {
            return None;
        }
        if let Some((field, expected)) = deadline.only_if {
            if values.get(field)?.to_string() != expected {
                return None;
            }
        }
        self.due_date(deadline.due, values)
    }

    fn due_date(&self, due: Due, values: &Values) -> Option<NaiveDate> {
        match due {
            Due::Field(field) => values.get(field)?.moment().map(|moment| moment.date()),
            Due::SecrecyTermEnd { start } => {
                let Value::Marking(marking) = values.get(self.marking?.classification)? else {
                    return None;
                };
                let start = values.get(start)?.moment()?.date();
                marking.effective_term()?.end_from(start)
            }
            Due::DeclassificationEnd {
                departure,
                post_level,
                period,
            } => {
                let departed = values.get(departure)?.moment()?.date();
                let Value::PostLevel(level) = values.get(post_level)? else {
                    return None;
                };
                let years = match values.get(period) {
                    Some(Value::Quantity(years)) => Some(*years),
                    _ => None,
                };
                Some(
                    level
                        .declassification_period(years)
                        .ok()?
                        .end_from(departed),
                )
            }
        }
    }
}
