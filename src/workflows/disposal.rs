//! 清退销毁 batches of documents and 报废销毁 of devices, confirmed by two accounts.
//!
//! A classified item is never destroyed on one account's word. The logged-in account confirms
//! first, and a second account with the destruction confirmation permission proves itself on
//! the same machine (see `witness`). Both are stored on the record (监销确认账户) with the time, beside the two
//! 监销人 the register already lists. Confirming a batch hands it over (已移交) and marks each
//! listed document 已清退 or 已销毁, or removes only the listed 份号 when the row names some
//! copies of a document. Confirming a scrapping marks the device 已报废. A destroyed document
//! or device is in a final status, so no workflow circulates, copies or lends it afterwards.

use super::circulation::{ensure_not_gone, holder};
use super::{def, load_document, load_in, save, set, validated};
use crate::auth::session::Account;
use crate::auth::{Permission, Session};
use crate::error::{Code, Error, Result};
use crate::records::access::Access;
use crate::records::Record;
use crate::registers::values::CopyNumbers;
use crate::registers::Value;
use crate::t;

const BATCHES: &str = "disposal_batches";
const SCRAPPING: &str = "scrapping";

/// The result of confirming a disposal batch.
#[derive(Debug, Clone)]
pub struct DisposalOutcome {
    /// The batch, now 已移交.
    pub batch: Record,
    /// Every document changed, in the order of the list.
    pub documents: Vec<Record>,
}

/// The last step of a scrapping as the form gives it, each field as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScrapDestruction<'a> {
    /// Personnel numbers of the two people who escorted the device to the destruction site.
    pub escort_1: &'a str,
    pub escort_2: &'a str,
    pub destruction_site: &'a str,
    pub destroyed_on: &'a str,
}

impl Session {
    /// Hands over a sealed batch (移交) on `handed_over_on` and applies each listed item's
    /// disposition. A batch that destroys anything needs `second`, the name and password of a
    /// second account (see [`Session::verify_second_account`]); a pure 清退 batch takes it when
    /// given.
    pub fn confirm_disposal(
        &mut self,
        batch: &str,
        handed_over_on: &str,
        second: Option<(&str, &str)>,
    ) -> Result<DisposalOutcome> {
        let batches = def(BATCHES);
        self.require_register(batches, Access::Write)?;
        for id in super::DOCUMENT_REGISTERS {
            self.require_register(def(id), Access::Write)?;
        }

        // Check the batch before anyone types a password.
        let record = load_in(
            self.vault().conn(),
            batches,
            batch,
            &t!("workflow.field.batch"),
        )?;
        super::check_can_move(&record, "handed_over").or_else(allow_missing_fields)?;
        let destroys = destroys_anything(&record);
        if destroys {
            self.require(Permission::ConfirmDestruction)?;
        }
        let second = match second {
            Some((name, password)) => Some(self.verify_second_account(name, password)?),
            None if destroys => return Err(Error::new(Code::SecondAccountRequired)),
            None => None,
        };

        self.write(|w| {
            let record = load_in(w, batches, batch, &t!("workflow.field.batch"))?;
            let mut data = record.data.clone();
            set(&mut data, "handed_over_on", handed_over_on);
            confirmations(&mut data, w.actor(), second.as_ref());

            let mut documents = Vec::new();
            for (index, row) in record.data.rows.iter().enumerate() {
                let item = row.get("item").map(String::as_str).unwrap_or_default();
                let disposition = row
                    .get("disposition")
                    .map(String::as_str)
                    .unwrap_or_default();
                let copies = row
                    .get("copy_numbers")
                    .map(String::as_str)
                    .unwrap_or_default();
                let label = super::row_label(batches, "item", index);
                let doc = load_document(w, item, &label)?;
                documents.push(dispose(
                    w,
                    &record.number,
                    &doc,
                    index,
                    disposition,
                    copies,
                )?);
            }

            let first = w.actor().to_string();
            let second_name = second
                .as_ref()
                .map(|account| account.name.clone())
                .unwrap_or_default();
            let reason = t!(
                "workflow.reason.handed_over",
                first = &first,
                second = &second_name
            );
            let batch = save(w, &record, &data, "handed_over", &reason)?;
            w.append(
                "workflow.disposal.confirm",
                &batch.number,
                second_name.as_bytes(),
            )?;
            Ok(DisposalOutcome { batch, documents })
        })
    }

    /// Confirms the destruction of a device at the end of its scrapping (护送销毁) with the
    /// two escorts, the site and the day, and marks the device 已报废. Needs the name and
    /// password of a second account.
    pub fn confirm_scrapping(
        &mut self,
        scrapping: &str,
        destruction: &ScrapDestruction<'_>,
        second: (&str, &str),
    ) -> Result<Record> {
        let scrappings = def(SCRAPPING);
        self.require_register(scrappings, Access::Write)?;
        self.require_register(def("devices"), Access::Write)?;
        self.require_register(def("media_loans"), Access::Read)?;

        let record = load_in(
            self.vault().conn(),
            scrappings,
            scrapping,
            &t!("workflow.field.scrapping"),
        )?;
        super::check_can_move(&record, "destroyed").or_else(allow_missing_fields)?;
        self.require(Permission::ConfirmDestruction)?;
        let second = self.verify_second_account(second.0, second.1)?;

        self.write(|w| {
            let record = load_in(w, scrappings, scrapping, &t!("workflow.field.scrapping"))?;
            let device_number = record.data.field("device").unwrap_or_default();
            let device = load_in(
                w,
                def("devices"),
                device_number,
                super::label(scrappings, "device"),
            )?;
            if let Some(loan) = super::loans::open_loan(w, &device.number)? {
                return Err(Error::new(Code::ScrappingDeviceLent)
                    .arg("device", &device.number)
                    .arg("loan", &loan.number));
            }

            let mut data = record.data.clone();
            set(&mut data, "escort_1", destruction.escort_1);
            set(&mut data, "escort_2", destruction.escort_2);
            set(&mut data, "destruction_site", destruction.destruction_site);
            set(&mut data, "destroyed_on", destruction.destroyed_on);
            confirmations(&mut data, w.actor(), Some(&second));
            let values = crate::registers::validate::validate_first(scrappings, &data.to_input())?;
            super::not_in_future(
                values.fields.get("destroyed_on"),
                super::label(scrappings, "destroyed_on"),
            )?;

            let reason = t!(
                "workflow.reason.scrapped",
                scrapping = &record.number,
                first = w.actor(),
                second = &second.name
            );
            let destroyed = save(w, &record, &data, "destroyed", &reason)?;
            save(w, &device, &device.data, "scrapped", &reason)?;
            w.append(
                "workflow.scrapping.confirm",
                &destroyed.number,
                second.name.as_bytes(),
            )?;
            Ok(destroyed)
        })
    }
}

/// Lets a pre-check pass when only fields that this step fills are missing.
fn allow_missing_fields(err: Error) -> Result<()> {
    if err.code() == Code::RecordTransitionRequires {
        Ok(())
    } else {
        Err(err)
    }
}

fn destroys_anything(batch: &Record) -> bool {
    batch.data.field("kind") == Some("销毁")
        || batch
            .data
            .rows
            .iter()
            .any(|row| row.get("disposition").map(String::as_str) == Some("销毁"))
}

/// Stores the two confirming accounts and the time on a batch or scrapping record.
fn confirmations(data: &mut crate::records::Data, first: &str, second: Option<&Account>) {
    set(data, "confirmed_by_1", first);
    set(
        data,
        "confirmed_by_2",
        second
            .map(|account| account.name.as_str())
            .unwrap_or_default(),
    );
    set(data, "confirmed_at", &super::now_text());
}

/// Applies one list row to its document: the whole document changes status, or, when the row
/// names only some of its copies, those copy numbers leave its 份数 and 份号.
fn dispose(
    w: &crate::auth::Writer<'_>,
    batch: &str,
    doc: &Record,
    index: usize,
    disposition: &str,
    copies: &str,
) -> Result<Record> {
    let to = if disposition == "销毁" {
        "destroyed"
    } else {
        "cleared_out"
    };
    let unavailable = || {
        Error::new(Code::DisposalItemUnavailable)
            .arg("row", index + 1)
            .arg("item", &doc.number)
            .arg("status", doc.status_label())
            .arg("disposition", disposition)
    };
    ensure_not_gone(doc, disposition).map_err(|_| unavailable())?;
    if doc.register.status(to).is_none() {
        // 发文 are the bureau's own documents: they are destroyed, never cleared out.
        return Err(unavailable());
    }
    if doc.register.id == "incoming_documents" {
        if let Some(holder) = holder(w, doc)? {
            return Err(holder.error(doc, disposition));
        }
    }

    let reason = t!(
        "workflow.reason.disposed",
        batch = batch,
        disposition = disposition
    );
    if copies.trim().is_empty() {
        return save(w, doc, &doc.data, to, &reason);
    }
    let listed = CopyNumbers::parse(copies)
        .map_err(|err| err.field(super::row_label(def(BATCHES), "copy_numbers", index)))?;

    let existing = match validated(doc)?.fields.get("copy_numbers") {
        Some(Value::CopyNumbers(numbers)) => Some(numbers.clone()),
        _ => None,
    };
    let existing_text = existing
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let unknown = || {
        Error::new(Code::DisposalCopiesUnknown)
            .arg("row", index + 1)
            .arg("copies", &listed)
            .arg("item", &doc.number)
            .arg("existing", &existing_text)
    };
    let Some(existing) = existing else {
        return Err(unknown());
    };
    let remaining = remove_copies(&existing, &listed).ok_or_else(unknown)?;
    let Some(remaining) = remaining else {
        // The row lists every copy: the whole document goes.
        return save(w, doc, &doc.data, to, &reason);
    };

    let count_field = if doc.register.id == "outgoing_documents" {
        "printed_copies"
    } else {
        "copy_count"
    };
    let mut data = doc.data.clone();
    set(&mut data, count_field, &remaining.count().to_string());
    set(&mut data, "copy_numbers", &remaining.to_string());
    let reason = t!(
        "workflow.reason.copies_disposed",
        batch = batch,
        disposition = disposition,
        copies = &listed
    );
    save(w, doc, &data, &doc.status, &reason)
}

/// Removes `listed` from `existing`. Returns `None` when a listed number is not among the
/// existing ones, `Some(None)` when nothing remains, and the remaining numbers otherwise.
fn remove_copies(existing: &CopyNumbers, listed: &CopyNumbers) -> Option<Option<CopyNumbers>> {
    for (first, last) in listed.ranges() {
        if !(*first..=*last).all(|n| existing.contains(n)) {
            return None;
        }
    }
    let mut parts = Vec::new();
    for (first, last) in existing.ranges() {
        let mut start = None;
        for n in *first..=*last + 1 {
            let keep = n <= *last && !listed.contains(n);
            match (keep, start) {
                (true, None) => start = Some(n),
                (false, Some(s)) => {
                    parts.push(format!("{s:03}-{:03}", n - 1));
                    start = None;
                }
                _ => {}
            }
        }
    }
    if parts.is_empty() {
        return Some(None);
    }
    // The parts come from valid, ascending, non-overlapping numbers, so they parse back.
    CopyNumbers::parse(&parts.join(",")).ok().map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> CopyNumbers {
        CopyNumbers::parse(text).unwrap()
    }

    #[test]
    fn copies_are_removed_from_ranges() {
        let cases = [
            ("001-007", "006-007", Some(Some("001-005"))),
            ("001-007", "003", Some(Some("001-002,004-007"))),
            ("001-003", "001-003", Some(None)),
            ("001-003", "004", None),
            ("001-003,005", "003,005", Some(Some("001-002"))),
        ];
        for (existing, listed, expected) in cases {
            let actual = remove_copies(&numbers(existing), &numbers(listed))
                .map(|rest| rest.map(|n| n.to_string()));
            let expected = expected.map(|rest| rest.map(str::to_string));
            assert_eq!(actual, expected, "{existing} minus {listed}");
        }
    }
}
