//! 文件流转: an incoming document goes through 拟办, 审核, 传阅 to its readers, comes back
//! (归还) after each reader, and is finally filed (归档).
//!
//! A circulation slip (流转单, register `circulation`) follows one document through its
//! readers, one row per reader with 送阅时间, 归还期限 and 归还时间. The document's own status
//! shows where it is: with the office (已登记, 已收回, 已归档) or out with a reader (传阅中).
//! One reader has the document at a time. It comes back to the office before the next reader
//! gets it and never passes from reader to reader (横传), so the register always shows who has
//! it and since when. A document that was destroyed, cleared out or cancelled is never
//! circulated again.

use rusqlite::Connection;

use super::{def, load_in, not_in_future, row_blank, row_label, save, set, Person};
use crate::auth::Session;
use crate::error::{Code, Error, Result};
use crate::records::access::Access;
use crate::records::store::{check_references, insert_record, load_by_number};
use crate::records::Record;
use crate::registers::validate::validate_first;
use crate::registers::FormInput;
use crate::t;

const SLIPS: &str = "circulation";
const INCOMING: &str = "incoming_documents";

/// Slip statuses in which the slip is still being worked on.
const OPEN_SLIP_STATUSES: [&str; 3] = ["proposed", "reviewed", "open"];

/// Document statuses after which a document is never circulated, copied or lent again.
pub(crate) const GONE_STATUSES: [&str; 3] =
    ["destroyed", "cleared_out", crate::registers::CANCELLED];

/// The reader who has a document now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The circulation slip (LZ-…).
    pub slip: String,
    /// The reader's personnel number.
    pub reader: String,
    pub name: String,
    /// 送阅时间 as stored, such as `2026-03-05 09:00:00`.
    pub sent_at: String,
    /// 归还期限 as stored.
    pub return_due: String,
}

impl Holder {
    /// Builds the error for a document that `holder` has not returned. `action` names the step
    /// that waits for the return.
    pub(crate) fn error(&self, document: &Record, action: &str) -> Error {
        Error::new(Code::DocumentHeld)
            .arg("number", &document.number)
            .arg("title", document.data.field("title").unwrap_or_default())
            .arg("name", &self.name)
            .arg("person", &self.reader)
            .arg("since", &self.sent_at)
            .arg("slip", &self.slip)
            .arg("due", &self.return_due)
            .arg("action", action)
    }
}

impl Session {
    /// Opens a circulation slip for an incoming document with the 拟办意见 and who wrote it
    /// (拟办). The slip then waits for 审核. A document has one slip in progress at a time.
    pub fn propose_circulation(
        &mut self,
        document: &str,
        circulated_on: &str,
        proposed_handling: &str,
        proposed_by: &str,
    ) -> Result<Record> {
        let slips = def(SLIPS);
        self.require_register(slips, Access::Write)?;
        self.require_register(def(INCOMING), Access::Read)?;
        require_text(proposed_handling, super::label(slips, "proposed_handling"))?;
        require_text(proposed_by, super::label(slips, "proposed_by"))?;

        self.write(|w| {
            let doc = load_in(w, def(INCOMING), document, super::label(slips, "document"))?;
            ensure_not_gone(&doc, &t!("workflow.action.circulate"))?;
            if let Some(open) = open_slip(w, &doc.number)? {
                return Err(Error::new(Code::CirculationSlipOpen)
                    .arg("document", &doc.number)
                    .arg("slip", &open.number)
                    .arg("status", open.status_label()));
            }

            let reminder = t!("workflow.default_reminder");
            let input = FormInput::from_pairs(&[
                ("document", &doc.number),
                ("circulated_on", circulated_on),
                ("proposed_handling", proposed_handling),
                ("proposed_by", proposed_by),
                ("secrecy_reminder", &reminder),
            ]);
            let values = validate_first(slips, &input)?;
            check_references(w, slips, &values)?;
            let slip = insert_record(
                w,
                slips,
                &values,
                slips.initial_status,
                &t!("workflow.reason.proposed"),
            )?;
            w.append(
                "workflow.circulation.propose",
                &slip.number,
                doc.number.as_bytes(),
            )?;
            Ok(slip)
        })
    }

    /// Records the 审核 of a slip: who reviewed it and the opinion. The slip is then ready to
    /// be sent to its first reader.
    pub fn review_circulation(
        &mut self,
        slip: &str,
        reviewed_by: &str,
        opinion: &str,
    ) -> Result<Record> {
        let slips = def(SLIPS);
        self.require_register(slips, Access::Write)?;
        require_text(reviewed_by, super::label(slips, "reviewed_by"))?;

        self.write(|w| {
            let record = load_in(w, slips, slip, &t!("workflow.field.slip"))?;
            let doc = slip_document(w, &record)?;
            ensure_not_gone(&doc, &t!("workflow.action.circulate"))?;

            let mut data = record.data.clone();
            set(&mut data, "reviewed_by", reviewed_by);
            set(&mut data, "review_opinion", opinion);
            let reviewed = save(
                w,
                &record,
                &data,
                "reviewed",
                &t!("workflow.reason.reviewed"),
            )?;
            w.append(
                "workflow.circulation.review",
                &reviewed.number,
                doc.number.as_bytes(),
            )?;
            Ok(reviewed)
        })
    }

    /// Sends the slip's document to `reader` (送阅) with the 送阅时间 and 归还期限. The reader
    /// must be on a classified post whose level covers the document's 密级. The document must
    /// be back from any earlier reader: it never goes from one reader to the next.
    pub fn send_to_reader(
        &mut self,
        slip: &str,
        reader: &str,
        sent_at: &str,
        return_due: &str,
    ) -> Result<Record> {
        let slips = def(SLIPS);
        self.require_register(slips, Access::Write)?;
        self.require_register(def(INCOMING), Access::Write)?;
        self.require_register(def("personnel"), Access::Read)?;

        self.write(|w| {
            let record = load_in(w, slips, slip, &t!("workflow.field.slip"))?;
            // Only a reviewed slip (待传阅) or one already out (传阅中) can be sent on. For any
            // other status the transition check returns the register's own message.
            if record.status != "open" && record.status != "reviewed" {
                super::check_can_move(&record, "open")?;
            }
            let doc = slip_document(w, &record)?;
            ensure_not_gone(&doc, &t!("workflow.action.circulate"))?;
            if let Some(holder) = holder(w, &doc)? {
                return Err(holder.error(&doc, &t!("workflow.action.next_reader")));
            }

            let index = record.data.rows.len();
            let reader_label = row_label(slips, "reader", index);
            let person = Person::load(w, reader, &reader_label)?;
            person.require_on_post(&t!("workflow.action.read"))?;
            if let Some(classification) = super::classification_of(&doc) {
                person.require_level(classification, &t!("workflow.action.read"), &doc.number)?;
            }

            let mut data = record.data.clone();
            let row = [
                ("reader", person.number.as_str()),
                ("sent_at", sent_at),
                ("return_due", return_due),
            ];
            data.rows.push(
                row.iter()
                    .map(|(id, text)| (id.to_string(), text.trim().to_string()))
                    .collect(),
            );
            let reason = t!("workflow.reason.sent", reader = &person.name);
            let sent = save(w, &record, &data, "open", &reason)?;
            save(w, &doc, &doc.data, "circulating", &reason)?;
            w.append(
                "workflow.circulation.send",
                &sent.number,
                person.number.as_bytes(),
            )?;
            Ok(sent)
        })
    }

    /// Records that the reader who has the slip's document gave it back (归还) at
    /// `returned_at`. The document is then with the office again.
    pub fn return_from_reader(&mut self, slip: &str, returned_at: &str) -> Result<Record> {
        let slips = def(SLIPS);
        self.require_register(slips, Access::Write)?;
        self.require_register(def(INCOMING), Access::Write)?;

        self.write(|w| {
            let record = load_in(w, slips, slip, &t!("workflow.field.slip"))?;
            let Some(index) = record
                .data
                .rows
                .iter()
                .position(|row| row_blank(row, "returned_at"))
            else {
                return Err(Error::new(Code::DocumentNotHeld).arg("number", &record.number));
            };
            let doc = slip_document(w, &record)?;

            let mut data = record.data.clone();
            data.rows[index].insert("returned_at".into(), returned_at.trim().to_string());
            let values = validate_first(slips, &data.to_input())?;
            not_in_future(
                values.rows[index].get("returned_at"),
                &row_label(slips, "returned_at", index),
            )?;

            let reader = data.rows[index].get("reader").cloned().unwrap_or_default();
            let name = Person::load(w, &reader, &row_label(slips, "reader", index))
                .map(|person| person.name)
                .unwrap_or(reader);
            let reason = t!("workflow.reason.returned", reader = &name);
            let returned = save(w, &record, &data, &record.status, &reason)?;
            save(w, &doc, &doc.data, "returned", &reason)?;
            w.append(
                "workflow.circulation.return",
                &returned.number,
                doc.number.as_bytes(),
            )?;
            Ok(returned)
        })
    }

    /// Files an incoming document (归档) at `storage_location`. The document must be back from
    /// every reader; its slip, if every reader has returned it, is closed (全部收回).
    pub fn file_document(&mut self, document: &str, storage_location: &str) -> Result<Record> {
        let incoming = def(INCOMING);
        self.require_register(incoming, Access::Write)?;
        self.require_register(def(SLIPS), Access::Write)?;

        self.write(|w| {
            let doc = load_in(w, incoming, document, &t!("workflow.field.document"))?;
            if let Some(holder) = holder(w, &doc)? {
                return Err(holder.error(&doc, &t!("workflow.action.file")));
            }

            let mut data = doc.data.clone();
            set(&mut data, "storage_location", storage_location);
            let reason = t!("workflow.reason.filed", location = storage_location.trim());
            let filed = save(w, &doc, &data, "filed", &reason)?;

            if let Some(slip) = open_slip(w, &doc.number)? {
                let all_back = !slip.data.rows.is_empty()
                    && slip
                        .data
                        .rows
                        .iter()
                        .all(|row| !row_blank(row, "returned_at"));
                if slip.status == "open" && all_back {
                    save(
                        w,
                        &slip,
                        &slip.data,
                        "completed",
                        &t!("workflow.reason.slip_completed"),
                    )?;
                }
            }
            w.append(
                "workflow.circulation.file",
                &filed.number,
                storage_location.trim().as_bytes(),
            )?;
            Ok(filed)
        })
    }

    /// Returns who has an incoming document now, or `None` when it is with the office.
    pub fn document_holder(&mut self, document: &str) -> Result<Option<Holder>> {
        self.require_register(def(INCOMING), Access::Read)?;
        self.require_register(def(SLIPS), Access::Read)?;
        let conn = self.vault().conn();
        let doc = load_in(
            conn,
            def(INCOMING),
            document,
            &t!("workflow.field.document"),
        )?;
        holder(conn, &doc)
    }
}

fn require_text(text: &str, label: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::new(Code::FieldRequired).field(label));
    }
    Ok(())
}

/// Fails when `doc` was destroyed, cleared out or cancelled; `action` names what was tried.
pub(crate) fn ensure_not_gone(doc: &Record, action: &str) -> Result<()> {
    if !GONE_STATUSES.contains(&doc.status.as_str()) {
        return Ok(());
    }
    Err(Error::new(Code::DocumentUnavailable)
        .arg("number", &doc.number)
        .arg("title", doc.data.field("title").unwrap_or_default())
        .arg("status", doc.status_label())
        .arg("action", action))
}

fn slip_document(conn: &Connection, slip: &Record) -> Result<Record> {
    let number = slip.data.field("document").unwrap_or_default();
    load_in(
        conn,
        def(INCOMING),
        number,
        super::label(def(SLIPS), "document"),
    )
}

/// The slip of `document` still in progress (待审核, 待传阅 or 传阅中), if any.
fn open_slip(conn: &Connection, document: &str) -> Result<Option<Record>> {
    let slips = super::linked_records(conn, SLIPS, "document", document)?;
    Ok(slips
        .into_iter()
        .find(|slip| OPEN_SLIP_STATUSES.contains(&slip.status.as_str())))
}

/// Finds the reader who has `doc`: a row without 归还时间 on one of its slips in 传阅中.
pub(crate) fn holder(conn: &Connection, doc: &Record) -> Result<Option<Holder>> {
    for slip in super::linked_records(conn, SLIPS, "document", &doc.number)? {
        if slip.status != "open" {
            continue;
        }
        let Some(row) = slip
            .data
            .rows
            .iter()
            .find(|row| row_blank(row, "returned_at"))
        else {
            continue;
        };
        let reader = row.get("reader").cloned().unwrap_or_default();
        let name = load_by_number(conn, &reader)?
            .and_then(|person| person.data.field("name").map(str::to_string))
            .unwrap_or_default();
        return Ok(Some(Holder {
            slip: slip.number.clone(),
            reader,
            name,
            sent_at: row.get("sent_at").cloned().unwrap_or_default(),
            return_due: row.get("return_due").cloned().unwrap_or_default(),
        }));
    }
    Ok(None)
}

/// Lists the documents `person` has not returned, as (slip, document, 归还期限 text).
pub(crate) fn held_by(conn: &Connection, person: &str) -> Result<Vec<(String, String, String)>> {
    let mut held = Vec::new();
    for slip in super::linked_records(conn, SLIPS, "reader", person)? {
        if slip.status != "open" {
            continue;
        }
        let document = slip.data.field("document").unwrap_or_default().to_string();
        for row in &slip.data.rows {
            if row.get("reader").map(String::as_str) == Some(person)
                && row_blank(row, "returned_at")
            {
                let due = row.get("return_due").cloned().unwrap_or_default();
                held.push((slip.number.clone(), document.clone(), due));
            }
        }
    }
    Ok(held)
}
