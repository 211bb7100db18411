//! Drawing laid-out pages into a PDF/A-2b file with krilla, with the frame every printed page
//! carries: the tiled watermark `内部信息-<姓名> <时间>`, the print serial and its QR code, who
//! printed it and when, the audit chain head, and `第 N 页 共 M 页`.

use krilla::color::luma;
use krilla::configure::{Archival, ConfigurationBuilder, PdfVersion};
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::graphic::Graphic;
use krilla::metadata::{DateTime as PdfDateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use chrono::{DateTime, Datelike, Local, Timelike};

use super::font::{metrics, pdf_font};
use super::layout::{aligned_x, Align, Op, PageSpec, MM};
use super::qr;
use crate::t;

/// Grey level of the watermark: light enough to read the form through it.
const WATERMARK_GRAY: u8 = 222;
const WATERMARK_SIZE: f32 = 15.0;
/// Watermark tiles: rotated 30° up to the right, repeated across and down the page.
const WATERMARK_ANGLE: f32 = -30.0;
const WATERMARK_STEP_X: f32 = 75.0 * MM;
const WATERMARK_STEP_Y: f32 = 55.0 * MM;

/// The facts the frame prints on every page.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The document title for the PDF metadata.
    pub title: String,
    pub serial: String,
    /// The printing account as shown: display name and account name.
    pub printed_by: String,
    /// The name in the watermark.
    pub watermark_name: String,
    pub printed_at: DateTime<Local>,
    pub head_seq: u64,
    pub head_code: String,
}

/// Draws `pages` with `frame` and returns the PDF bytes. A krilla failure (a font it cannot
/// embed, a PDF/A rule broken) is returned as its description.
pub fn render(spec: &PageSpec, pages: &[Vec<Op>], frame: &Frame) -> Result<Vec<u8>, String> {
    let configuration = ConfigurationBuilder::new()
        .with_version(PdfVersion::Pdf17)
        .with_archival_validator(Archival::A2_B)
        .finish()
        .map_err(|err| format!("{err:?}"))?;
    let settings = SerializeSettings { configuration, enable_tagging: false, ..SerializeSettings::default() };
    let mut document = Document::new_with(settings);
    document.set_metadata(metadata(frame));

    let total = pages.len().max(1);
    let empty = Vec::new();
    // Built on the first page and drawn on every page: the PDF holds each of them once, and
    // the glyph outlines and compression are computed once per document.
    let mut shared: Option<SharedGraphics> = None;
    for index in 0..total {
        let ops = pages.get(index).unwrap_or(&empty);
        let page_settings = PageSettings::from_wh(spec.width, spec.height).ok_or("invalid page size")?;
        let mut page = document.start_page_with(page_settings);
        let mut surface = page.surface();
        let graphics = shared.get_or_insert_with(|| SharedGraphics::build(&mut surface, spec, frame)).clone();
        draw_watermark(&mut surface, spec, &graphics.watermark_tile);
        for op in ops {
            draw_op(&mut surface, op);
        }
        draw_frame(&mut surface, spec, frame, &graphics.serial_qr, index + 1, total);
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|err| format!("{err:?}"))
}

fn metadata(frame: &Frame) -> Metadata {
    let at = frame.printed_at;
    let offset_minutes = at.offset().local_minus_utc() / 60;
    let date = PdfDateTime::new(at.year() as u16)
        .month(at.month() as u8)
        .day(at.day() as u8)
        .hour(at.hour() as u8)
        .minute(at.minute() as u8)
        .second(at.second() as u8)
        .utc_offset_hour((offset_minutes / 60) as i8)
        .utc_offset_minute((offset_minutes.abs() % 60) as u8);
    Metadata::new()
        .title(frame.title.clone())
        .creator("SecLedger".to_string())
        .producer("SecLedger".to_string())
        .authors(vec![frame.printed_by.clone()])
        .language("zh-CN".to_string())
        .creation_date(date)
        .document_id(frame.serial.clone())
}

fn gray_fill(gray: u8) -> Fill {
    Fill { paint: luma::Color::new(gray).into(), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
}

fn black_stroke(width: f32) -> Stroke {
    Stroke { paint: luma::Color::black().into(), width, ..Stroke::default() }
}

/// Lays out `text` as glyphs straight from the font's cmap and hmtx, without shaping.
fn glyphs(text: &str) -> Vec<KrillaGlyph> {
    let font = metrics();
    let units = font.units_per_em();
    text.char_indices()
        .map(|(index, c)| {
            let glyph = font.glyph(c);
            KrillaGlyph::new(GlyphId::new(u32::from(glyph.id)), f32::from(glyph.advance) / units, 0.0, 0.0, 0.0, index..index + c.len_utf8(), None)
        })
        .collect()
}

fn draw_text(surface: &mut Surface<'_>, x: f32, baseline: f32, size: f32, text: &str, outlined: bool) {
    let glyphs = glyphs(text);
    surface.draw_glyphs(Point::from_xy(x, baseline), &glyphs, pdf_font(), text, size, outlined);
}

fn draw_op(surface: &mut Surface<'_>, op: &Op) {
    match op {
        Op::Text { x, baseline, size, text, bold } => {
            surface.set_fill(Some(gray_fill(0)));
            // A thin stroke around the fill gives a heavier face from the one regular font.
            surface.set_stroke(bold.then(|| black_stroke(size * 0.035)));
            draw_text(surface, *x, *baseline, *size, text, false);
            surface.set_stroke(None);
        }
        Op::Line { x1, y1, x2, y2, width } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y1);
            path.line_to(*x2, *y2);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(black_stroke(*width)));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Op::Lines { segments, width } => {
            let mut path = PathBuilder::new();
            for &(x1, y1, x2, y2) in segments {
                path.move_to(x1, y1);
                path.line_to(x2, y2);
            }
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(black_stroke(*width)));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Op::Fill { x, y, w, h, gray } => fill_rect(surface, *x, *y, *w, *h, *gray),
        Op::Qr { x, y, size, data } => draw_qr(surface, *x, *y, *size, data),
    }
}

fn fill_rect(surface: &mut Surface<'_>, x: f32, y: f32, w: f32, h: f32, gray: u8) {
    let Some(rect) = Rect::from_xywh(x, y, w, h) else { return };
    let mut path = PathBuilder::new();
    path.push_rect(rect);
    if let Some(path) = path.finish() {
        surface.set_stroke(None);
        surface.set_fill(Some(gray_fill(gray)));
        surface.draw_path(&path);
    }
}

/// Draws a QR code of `data`, `size` points square including its quiet zone.
pub(crate) fn draw_qr(surface: &mut Surface<'_>, x: f32, y: f32, size: f32, data: &str) {
    let Some((rects, width)) = qr::modules(data) else { return };
    let module = size / width as f32;
    let mut path = PathBuilder::new();
    for (mx, my, mw, mh) in rects {
        if let Some(rect) = Rect::from_xywh(x + mx as f32 * module, y + my as f32 * module, mw as f32 * module, mh as f32 * module) {
            path.push_rect(rect);
        }
    }
    if let Some(path) = path.finish() {
        surface.set_stroke(None);
        surface.set_fill(Some(gray_fill(0)));
        surface.draw_path(&path);
    }
}

/// The graphics every page of a document repeats.
#[derive(Clone)]
struct SharedGraphics {
    /// One watermark text in glyph outlines, with its baseline start at the origin.
    watermark_tile: Graphic,
    /// The serial's QR code, with its top-left corner at the origin.
    serial_qr: Graphic,
}

impl SharedGraphics {
    fn build(surface: &mut Surface<'_>, spec: &PageSpec, frame: &Frame) -> SharedGraphics {
        // The watermark is drawn as outlines, not text, so it adds nothing to the text layer
        // that search and copying read.
        let text = t!("print.watermark", name = frame.watermark_name, time = frame.printed_at.format("%Y-%m-%d %H:%M"));
        let mut builder = surface.stream_builder();
        let mut tile = builder.surface();
        tile.set_fill(Some(gray_fill(WATERMARK_GRAY)));
        draw_text(&mut tile, 0.0, 0.0, WATERMARK_SIZE, &text, true);
        tile.finish();
        let watermark_tile = Graphic::new(builder.finish(), false);

        let mut builder = surface.stream_builder();
        let mut code = builder.surface();
        draw_qr(&mut code, 0.0, 0.0, spec.frame.qr_size, &frame.serial);
        code.finish();
        let serial_qr = Graphic::new(builder.finish(), false);
        SharedGraphics { watermark_tile, serial_qr }
    }
}

/// Tiles the watermark over the page, rotated 30° up to the right, in rows shifted by half a
/// step so that the tiles form a diamond pattern.
fn draw_watermark(surface: &mut Surface<'_>, spec: &PageSpec, tile: &Graphic) {
    let mut row = 0;
    let mut y = 20.0 * MM;
    while y < spec.height + WATERMARK_STEP_Y {
        let mut x = if row % 2 == 0 { 5.0 * MM } else { 5.0 * MM - WATERMARK_STEP_X / 2.0 };
        while x < spec.width {
            let place = Transform::from_row(1.0, 0.0, 0.0, 1.0, x, y);
            surface.push_transform(&place);
            surface.push_transform(&Transform::from_rotate(WATERMARK_ANGLE));
            surface.draw_graphic(tile.clone());
            surface.pop();
            surface.pop();
            x += WATERMARK_STEP_X;
        }
        y += WATERMARK_STEP_Y;
        row += 1;
    }
}

fn draw_frame(surface: &mut Surface<'_>, spec: &PageSpec, frame: &Frame, serial_qr: &Graphic, page: usize, total: usize) {
    let f = spec.frame;
    let font = metrics();

    // Header: the QR code at the right end, the serial to its left.
    let qr_x = spec.right - f.qr_size;
    surface.push_transform(&Transform::from_translate(qr_x, f.header_top));
    surface.draw_graphic(serial_qr.clone());
    surface.pop();
    let serial = t!("print.serial", serial = frame.serial);
    let serial_size = f.footer_size + 1.0;
    let serial_x = qr_x - font.width(&serial, serial_size) - 1.0 * MM;
    surface.set_fill(Some(gray_fill(0)));
    draw_text(surface, serial_x, f.header_top + f.qr_size - 1.0 * MM, serial_size, &serial, false);

    // Footer: who printed and when, the chain head, and the page number.
    let size = f.footer_size;
    let second = f.footer_baseline + size * 1.5;
    let printed = t!("print.footer.printed", name = frame.printed_by, time = frame.printed_at.format("%Y-%m-%d %H:%M:%S"));
    let head = t!("print.footer.chain_head", seq = frame.head_seq, code = frame.head_code);
    let page_text = t!("print.footer.page", page = page, total = total);
    draw_text(surface, spec.left, f.footer_baseline, size, &printed, false);
    if f.compact {
        draw_text(surface, spec.left, second, size, &format!("{head}\u{3000}{page_text}"), false);
        return;
    }
    draw_text(surface, spec.left, second, size, &head, false);
    let page_x = aligned_x(Align::Right, spec.left, spec.right, font.width(&page_text, size));
    draw_text(surface, page_x, f.footer_baseline, size, &page_text, false);

    let mut rule = PathBuilder::new();
    let rule_y = f.footer_baseline - size * 1.3;
    rule.move_to(spec.left, rule_y);
    rule.line_to(spec.right, rule_y);
    if let Some(path) = rule.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(black_stroke(0.4)));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}
