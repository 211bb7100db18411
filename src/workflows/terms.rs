//! Ending the records that have a term: a data request ends when the requester confirms that
//! the data was deleted (谁使用谁负责、谁使用谁销毁), a work group when it is dissolved. Either
//! step closes the record's deadline on the today list.
//!
//! Incident grades are suggested from the cause by the office's rule in
//! `registers::values::incident`, re-exported here as [`suggest_incident_grade`].

use chrono::NaiveDate;

use super::{def, load_in, not_in_future, save, set, validated};
use crate::auth::Session;
use crate::error::Result;
use crate::records::access::Access;
use crate::records::Record;
use crate::registers::validate::validate_first;
use crate::registers::Value;
use crate::t;

pub use crate::registers::values::incident::suggest_grade as suggest_incident_grade;

impl Session {
    /// Confirms that the data of an approved request was deleted on `deleted_on`, and by whom.
    /// A deletion after the end of the 使用期限 is still recorded, because the record must say
    /// what happened, and the version's reason names the missed term.
    pub fn confirm_data_deletion(
        &mut self,
        request: &str,
        deleted_on: &str,
        confirmed_by: &str,
    ) -> Result<Record> {
        let requests = def("data_requests");
        self.require_register(requests, Access::Write)?;

        self.write(|w| {
            let record = load_in(w, requests, request, &t!("workflow.field.data_request"))?;
            let mut data = record.data.clone();
            set(&mut data, "deleted_on", deleted_on);
            set(&mut data, "deletion_confirmed_by", confirmed_by);
            let values = validate_first(requests, &data.to_input())?;
            not_in_future(
                values.fields.get("deleted_on"),
                super::label(requests, "deleted_on"),
            )?;

            let deleted = date(values.fields.get("deleted_on"));
            let until = date(validated(&record)?.fields.get("use_until"));
            let reason = match (deleted, until) {
                (Some(deleted), Some(until)) if deleted > until => {
                    t!(
                        "workflow.reason.data_deleted_late",
                        until = until.format("%Y-%m-%d")
                    )
                }
                _ => t!("workflow.reason.data_deleted"),
            };
            let ended = save(w, &record, &data, "deleted", &reason)?;
            w.append("workflow.data.deleted", &ended.number, b"")?;
            Ok(ended)
        })
    }

    /// Records that a work group was dissolved on `dissolved_on`.
    pub fn dissolve_work_group(&mut self, group: &str, dissolved_on: &str) -> Result<Record> {
        let groups = def("work_groups");
        self.require_register(groups, Access::Write)?;

        self.write(|w| {
            let record = load_in(w, groups, group, &t!("workflow.field.work_group"))?;
            let mut data = record.data.clone();
            set(&mut data, "dissolved_on", dissolved_on);
            let values = validate_first(groups, &data.to_input())?;
            not_in_future(
                values.fields.get("dissolved_on"),
                super::label(groups, "dissolved_on"),
            )?;
            let ended = save(
                w,
                &record,
                &data,
                "dissolved",
                &t!("workflow.reason.group_dissolved"),
            )?;
            w.append("workflow.group.dissolved", &ended.number, b"")?;
            Ok(ended)
        })
    }
}

fn date(value: Option<&Value>) -> Option<NaiveDate> {
    match value {
        Some(Value::Date(date)) => Some(*date),
        _ => None,
    }
}
