//! 设备标签 (device labels): a sheet of labels for A4 label paper with 3 × 8 labels of
//! 63.5 × 33.9 mm (the common layout sold as L7159 or 3 × 8 "通用标签纸"), each with a QR code
//! of the device's 统一编号, the number, the 密级, the custodian and the category. The QR code
//! holds the 统一编号 because that is what an inventory scan matches.
//!
//! The page frame is compact on this paper: the serial, its QR code, who printed it, the chain
//! head and the page number sit in the 12.9 mm top margin above the labels.

use std::path::Path;

use super::circulation::label;
use super::names::Names;
use super::{expect_register, publish, require_print, Draft, Form, Printed};
use crate::auth::Session;
use crate::error::{Code, Error, Result};
use crate::pdf::layout::{baseline, FrameSpec, A4_HEIGHT, A4_WIDTH};
use crate::pdf::text::wrap;
use crate::pdf::{Flow, Op, PageSpec, MM};
use crate::records::query::MAX_PER_PAGE;
use crate::records::{Query, Record, SortOrder};
use crate::t;

const COLUMNS: usize = 3;
const ROWS: usize = 8;
const LABEL_WIDTH: f32 = 63.5 * MM;
const LABEL_HEIGHT: f32 = 33.9 * MM;
const LEFT_MARGIN: f32 = 7.2 * MM;
const TOP_MARGIN: f32 = 12.9 * MM;
/// Distance from one label's left edge to the next one's.
const COLUMN_PITCH: f32 = 66.0 * MM;
/// Space kept clear inside each label's edge, for paper that feeds a little off.
const INSET: f32 = 3.0 * MM;
const QR_SIZE: f32 = 24.0 * MM;
const TEXT_SIZE: f32 = 7.5;
const NUMBER_SIZE: f32 = 9.5;

/// Which devices get a label.
#[derive(Debug, Clone, Default)]
pub struct LabelSelection {
    /// Device record numbers (SB-…); when empty, every device not scrapped or cancelled.
    pub numbers: Vec<String>,
}

/// The label paper's page: the body is the label grid, the frame sits in the top margin.
pub fn label_page() -> PageSpec {
    PageSpec {
        width: A4_WIDTH,
        height: A4_HEIGHT,
        left: LEFT_MARGIN,
        right: LEFT_MARGIN + COLUMN_PITCH * (COLUMNS - 1) as f32 + LABEL_WIDTH,
        body_top: TOP_MARGIN,
        body_bottom: TOP_MARGIN + LABEL_HEIGHT * ROWS as f32,
        frame: FrameSpec { header_top: 2.0 * MM, qr_size: 10.0 * MM, footer_baseline: 6.0 * MM, footer_size: 6.0, compact: true },
    }
}

impl Session {
    /// Prints device labels (设备标签) for `selection` on 3 × 8 A4 label paper.
    pub fn print_device_labels(&mut self, selection: &LabelSelection, out: &Path) -> Result<Printed> {
        require_print(self)?;
        let devices = selected_devices(self, selection)?;
        if devices.is_empty() {
            return Err(Error::new(Code::PrintNothingToPrint).arg("reason", t!("print.labels.none")));
        }

        let spec = label_page();
        let mut names = Names::new(self.vault().conn());
        let mut flow = Flow::new(spec);
        for (index, device) in devices.iter().enumerate() {
            let slot = index % (COLUMNS * ROWS);
            if index > 0 && slot == 0 {
                flow.new_page();
            }
            let x = LEFT_MARGIN + COLUMN_PITCH * (slot % COLUMNS) as f32;
            let y = TOP_MARGIN + LABEL_HEIGHT * (slot / COLUMNS) as f32;
            draw_label(&mut flow, device, x, y, &mut names)?;
        }

        let numbers: Vec<&str> = devices.iter().map(|d| d.number.as_str()).collect();
        let target = numbers.join(",");
        let title = format!("{} {}", Form::DeviceLabels.name(), t!("print.labels.count", count = devices.len()));
        let draft = Draft { form: Form::DeviceLabels, target, title, spec, pages: flow.into_pages() };
        publish(self, draft, out)
    }
}

fn selected_devices(session: &mut Session, selection: &LabelSelection) -> Result<Vec<Record>> {
    if !selection.numbers.is_empty() {
        let mut devices = Vec::new();
        for number in &selection.numbers {
            let record = session.get_record(number.trim())?;
            expect_register(&record, Form::DeviceLabels, &["devices"])?;
            devices.push(record);
        }
        return Ok(devices);
    }
    let mut query = Query { sort: SortOrder::NumberAsc, per_page: MAX_PER_PAGE, ..Query::default() };
    let mut devices = Vec::new();
    loop {
        let page = session.query_records("devices", &query)?;
        let done = page.records.len() < MAX_PER_PAGE as usize;
        devices.extend(page.records.into_iter().filter(|d| !d.register.status(&d.status).is_some_and(|s| s.is_final)));
        if done {
            return Ok(devices);
        }
        query.page += 1;
    }
}

fn draw_label(flow: &mut Flow, device: &Record, x: f32, y: f32, names: &mut Names<'_>) -> Result<()> {
    let unified = device.data.field("unified_number").unwrap_or(&device.number).to_string();
    let qr_y = y + (LABEL_HEIGHT - QR_SIZE) / 2.0;
    flow.push(Op::Qr { x: x + INSET, y: qr_y, size: QR_SIZE, data: unified.clone() });

    let def = device.register;
    let custodian = names.person_opt(device.data.field("custodian"))?;
    let field = |id: &str| device.display_field(id).unwrap_or_default();
    let lines = [
        (NUMBER_SIZE, unified, true),
        (TEXT_SIZE, format!("{}：{}", label(def, "classification"), field("classification")), false),
        (TEXT_SIZE, format!("{}：{}", label(def, "custodian"), custodian), false),
        (TEXT_SIZE, format!("{}：{}", label(def, "category"), field("category")), false),
        (TEXT_SIZE, format!("{}：{}", label(def, "department"), field("department")), false),
    ];

    let text_x = x + INSET + QR_SIZE + 1.5 * MM;
    let text_width = x + LABEL_WIDTH - INSET - text_x;
    let mut top = qr_y + 1.0 * MM;
    for (size, text, bold) in lines {
        // A value too long for the label keeps its first line: the QR code carries the number.
        let Some(line) = wrap(&text, size, text_width).into_iter().next() else { continue };
        flow.push(Op::Text { x: text_x, baseline: baseline(top, size), size, text: line.text.to_string(), bold });
        top += size * 1.55;
    }
    Ok(())
}
