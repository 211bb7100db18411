//! Printed forms: each form reads what it prints through the session (so the account's
//! register permissions apply), lays it out on A4 pages, records the print, and writes a
//! PDF/A-2b file.
//!
//! Every print gets a serial number (`PR-2026-000123`) kept in the vault and an audit entry
//! `print.<form>`. The entry is appended before the file is written, so a print that the
//! chain does not know of cannot exist, and every page carries the chain head after that
//! entry: a leader who signs the paper also witnesses the chain up to that point. The output
//! folder is checked (by creating the temporary file) before the entry is appended. If
//! drawing or writing fails after that, the entry stays and no file is left behind.

mod circulation;
mod disposal;
mod grid;
mod inventory_report;
mod labels;
mod logbook;
mod media_loan;
mod names;
mod output;
mod recovery_key;
mod reminder;
pub mod serial;
mod sign_off;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, Utc};

use crate::audit;
use crate::auth::{Permission, Session};
use crate::clock;
use crate::error::{Code, Error, Result};
use crate::keyring::ChainHead;
use crate::pdf::{self, Frame, Op, PageSpec};
use crate::records::Record;
use crate::t;

pub use labels::{label_page, LabelSelection};
pub use logbook::LogbookRange;
pub use recovery_key::print_recovery_key;
pub use reminder::ReminderSelection;
pub use serial::{lookup as lookup_print, PrintEntry};

/// The forms SecLedger prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// 文件流转单.
    CirculationSlip,
    /// 签收单.
    SignOffSheet,
    /// 使用登记手册.
    UsageLogbook,
    /// 介质借用单.
    MediaLoanForm,
    /// 销毁清单 or 清退清单.
    DisposalList,
    /// 年度清查报告.
    InventoryReport,
    /// 催还单.
    ReminderNotice,
    /// 设备标签.
    DeviceLabels,
    /// 恢复密钥.
    RecoveryKeySheet,
}

impl Form {
    /// The stable id used in audit actions (`print.<id>`) and the `prints` table.
    pub fn id(self) -> &'static str {
        match self {
            Form::CirculationSlip => "circulation_slip",
            Form::SignOffSheet => "sign_off_sheet",
            Form::UsageLogbook => "usage_logbook",
            Form::MediaLoanForm => "media_loan_form",
            Form::DisposalList => "disposal_list",
            Form::InventoryReport => "inventory_report",
            Form::ReminderNotice => "reminder_notice",
            Form::DeviceLabels => "device_labels",
            Form::RecoveryKeySheet => "recovery_key_sheet",
        }
    }

    /// The form's name as offices call it.
    pub fn name(self) -> String {
        match self {
            Form::CirculationSlip => t!("print.form.circulation_slip"),
            Form::SignOffSheet => t!("print.form.sign_off_sheet"),
            Form::UsageLogbook => t!("print.form.usage_logbook"),
            Form::MediaLoanForm => t!("print.form.media_loan_form"),
            Form::DisposalList => t!("print.form.disposal_list"),
            Form::InventoryReport => t!("print.form.inventory_report"),
            Form::ReminderNotice => t!("print.form.reminder_notice"),
            Form::DeviceLabels => t!("print.form.device_labels"),
            Form::RecoveryKeySheet => t!("print.form.recovery_key_sheet"),
        }
    }

    /// The audit action of a print of this form.
    pub fn action(self) -> String {
        format!("print.{}", self.id())
    }
}

/// A written PDF.
#[derive(Debug, Clone)]
pub struct Printed {
    pub path: PathBuf,
    pub serial: String,
    pub pages: usize,
    /// The audit chain head after the print's entry, as printed on every page.
    pub head: ChainHead,
}

/// A laid-out form waiting for its serial and chain head.
pub(crate) struct Draft {
    pub form: Form,
    /// What was printed, for the audit entry and the `prints` table: a record number, a
    /// device and date range, a list of numbers.
    pub target: String,
    /// The PDF title.
    pub title: String,
    pub spec: PageSpec,
    pub pages: Vec<Vec<Op>>,
}

/// Records the print of `draft` and writes it to `out`. See the module documentation for
/// the order of the steps.
pub(crate) fn publish(session: &mut Session, draft: Draft, out: &Path) -> Result<Printed> {
    let file = output::PendingFile::create(out)?;

    let printed_at = clock::now();
    let form = draft.form;
    let (serial, head) = session.write(|w| {
        let at = clock::to_text(printed_at);
        serial::record(w, form.id(), &draft.target, w.actor(), printed_at, |serial| {
            let audit_target = format!("{} {serial}", draft.target);
            w.append_as(&at, w.actor(), &form.action(), &audit_target, serial.as_bytes())
        })
    })?;

    let account = session.account();
    let frame = frame_for(&draft, &serial, &head, &account.display_name, &account.name, printed_at);
    write_pdf(file, &draft, &frame)?;
    Ok(Printed { path: out.to_path_buf(), serial, pages: draft.pages.len().max(1), head })
}

fn frame_for(draft: &Draft, serial: &str, head: &ChainHead, display_name: &str, account: &str, at: DateTime<Utc>) -> Frame {
    Frame {
        title: draft.title.clone(),
        serial: serial.to_string(),
        printed_by: t!("print.printed_by", name = display_name, account = account),
        watermark_name: display_name.to_string(),
        printed_at: at.with_timezone(&Local),
        head_seq: head.seq,
        head_code: audit::short_code(head),
    }
}

fn write_pdf(file: output::PendingFile, draft: &Draft, frame: &Frame) -> Result<()> {
    let bytes = pdf::render(&draft.spec, &draft.pages, frame)
        .map_err(|reason| Error::new(Code::PrintFailed).arg("reason", reason.clone()).detail(reason))?;
    file.persist(&bytes)
}

/// Checks that the account may print, before anything is read.
fn require_print(session: &mut Session) -> Result<()> {
    session.require(Permission::Print)
}

/// Checks that `record` belongs to one of `registers`, for a form that prints only those.
fn expect_register(record: &Record, form: Form, registers: &[&str]) -> Result<()> {
    if registers.contains(&record.register.id) {
        return Ok(());
    }
    let expected: Vec<&str> =
        registers.iter().filter_map(|id| crate::registers::by_id(id)).map(|def| def.name).collect();
    Err(Error::new(Code::PrintWrongRecord)
        .arg("number", &record.number)
        .arg("register", record.register.name)
        .arg("form", form.name())
        .arg("expected", expected.join("、")))
}
