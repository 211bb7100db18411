//! 离岗: a classified person leaves the post, after handing back every carrier of state
//! secrets, and the 脱密期 starts.
//!
//! The carriers are the devices the person is 责任人 of (unless scrapped or cancelled), the
//! media they borrowed and have not returned, and the documents circulating with them. The
//! 脱密期 lasts 3 to 5 years for 核心 posts, 2 to 3 for 重要 and 1 to 2 for 一般; the shortest is
//! taken unless the office gives a length.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{def, load_in, not_in_future, save, set, Person};
use crate::auth::Session;
use crate::error::{Code, Error, Result};
use crate::records::access::Access;
use crate::records::Record;
use crate::registers::validate::validate_first;
use crate::registers::values::post_level::declassification_end;
use crate::registers::values::PostLevel;
use crate::registers::Value;
use crate::t;

const PERSONNEL: &str = "personnel";

/// Device statuses in which a device no longer needs a 责任人.
const DEVICE_GONE: [&str; 2] = ["scrapped", crate::registers::CANCELLED];

/// Kind of carrier a person still has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarrierKind {
    /// A device the person is 责任人 of.
    Device,
    /// A medium on loan, not returned.
    MediaLoan,
    /// A document circulating with the person.
    Document,
}

/// A carrier a person must hand back before leaving the post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carrier {
    pub kind: CarrierKind,
    /// The record to act on: the device, the loan or the circulation slip.
    pub number: String,
    /// The carrier as the departure message lists it.
    pub description: String,
}

/// A recorded departure.
#[derive(Debug, Clone)]
pub struct Departure {
    /// The personnel record, now 脱密期中.
    pub record: Record,
    pub period_years: u32,
    /// The day the 脱密期 ends.
    pub ends_on: NaiveDate,
}

impl Session {
    /// Lists the carriers `person` must hand back before leaving the post.
    pub fn departure_carriers(&mut self, person: &str) -> Result<Vec<Carrier>> {
        self.require_departure_access(Access::Read)?;
        let conn = self.vault().conn();
        let record = load_in(conn, def(PERSONNEL), person, &t!("workflow.field.person"))?;
        carriers(conn, &record.number)
    }

    /// Records that `person` left the post on `departed_on` and starts the 脱密期: `years`
    /// long, or the shortest for the person's 岗位等级 when `None`. Fails while the person has
    /// any carrier, with the list in the message.
    pub fn record_departure(
        &mut self,
        person: &str,
        departed_on: &str,
        years: Option<u32>,
    ) -> Result<Departure> {
        self.require_departure_access(Access::Write)?;
        let personnel = def(PERSONNEL);

        self.write(|w| {
            let record = load_in(w, personnel, person, &t!("workflow.field.person"))?;
            super::check_can_move(&record, "declassifying").or_else(|err| match err.code() {
                Code::RecordTransitionRequires => Ok(()),
                _ => Err(err),
            })?;

            let level = record
                .data
                .field("post_level")
                .and_then(|text| PostLevel::parse(text).ok());
            let period_label = super::label(personnel, "declassification_period");
            let period = match level {
                Some(level) => level
                    .declassification_period(years)
                    .map_err(|err| err.field(period_label))?,
                None => {
                    return Err(Error::new(Code::FieldRequired)
                        .field(super::label(personnel, "post_level")))
                }
            };

            let mut data = record.data.clone();
            set(&mut data, "departed_on", departed_on);
            set(
                &mut data,
                "declassification_period",
                &period.years.to_string(),
            );
            let values = validate_first(personnel, &data.to_input())?;
            let departed_label = super::label(personnel, "departed_on");
            not_in_future(values.fields.get("departed_on"), departed_label)?;
            let Some(Value::Date(departed)) = values.fields.get("departed_on") else {
                return Err(Error::new(Code::FieldRequired).field(departed_label));
            };

            let held = carriers(w, &record.number)?;
            if !held.is_empty() {
                let person = Person::from_record(&record);
                let items: Vec<&str> = held
                    .iter()
                    .map(|carrier| carrier.description.as_str())
                    .collect();
                return Err(Error::new(Code::DepartureCarriersOutstanding)
                    .arg("name", &person.name)
                    .arg("person", &person.number)
                    .arg("items", items.join("；")));
            }

            let level = level.unwrap_or(PostLevel::General);
            let ends_on = declassification_end(level, *departed, Some(period.years))?;
            let reason = t!(
                "workflow.reason.departed",
                years = period.years,
                end = ends_on.format("%Y-%m-%d")
            );
            let departed_record = save(w, &record, &data, "declassifying", &reason)?;
            w.append(
                "workflow.departure",
                &departed_record.number,
                ends_on.to_string().as_bytes(),
            )?;
            Ok(Departure {
                record: departed_record,
                period_years: period.years,
                ends_on,
            })
        })
    }

    fn require_departure_access(&mut self, access: Access) -> Result<()> {
        self.require_register(def(PERSONNEL), access)?;
        for id in ["devices", "media_loans", "circulation"] {
            self.require_register(def(id), Access::Read)?;
        }
        Ok(())
    }
}

/// Lists the carriers `person` (a personnel number) has, devices first, then loans, then
/// documents.
fn carriers(conn: &Connection, person: &str) -> Result<Vec<Carrier>> {
    let mut list = Vec::new();

    for device in super::linked_records(conn, "devices", "custodian", person)? {
        if DEVICE_GONE.contains(&device.status.as_str()) {
            continue;
        }
        let unified = device.data.field("unified_number").unwrap_or_default();
        let description = t!(
            "workflow.carrier.device",
            number = &device.number,
            unified = unified
        );
        list.push(Carrier {
            kind: CarrierKind::Device,
            number: device.number.clone(),
            description,
        });
    }

    for loan in super::loans::unreturned_loans(conn, person)? {
        let description = t!(
            "workflow.carrier.loan",
            medium = loan.data.field("medium").unwrap_or_default(),
            loan = &loan.number,
            due = loan.data.field("return_due").unwrap_or_default()
        );
        list.push(Carrier {
            kind: CarrierKind::MediaLoan,
            number: loan.number.clone(),
            description,
        });
    }

    for (slip, document, due) in super::circulation::held_by(conn, person)? {
        let description = t!(
            "workflow.carrier.document",
            document = &document,
            slip = &slip,
            due = &due
        );
        list.push(Carrier {
            kind: CarrierKind::Document,
            number: slip,
            description,
        });
    }
    Ok(list)
}
