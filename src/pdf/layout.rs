//! Page layout: a flow that fills A4 pages from top to bottom with headings, paragraphs,
//! tables and signature lines, and records what to draw as a list of operations per page.
//!
//! Layout and drawing are two passes. The page frame (`第 N 页 共 M 页`, the audit chain
//! head, the print serial) needs the page count and the serial. Both are known only after the
//! whole form is laid out and the print is recorded, so [`super::render`] draws the frame and
//! the operations together at the end. Coordinates are PDF points from the page's top-left corner,
//! y growing downwards.

use super::font::metrics;
use super::text::wrap;

/// Millimetres to points.
pub const MM: f32 = 72.0 / 25.4;

/// A4 portrait, in points.
pub const A4_WIDTH: f32 = 210.0 * MM;
pub const A4_HEIGHT: f32 = 297.0 * MM;

/// Line height as a multiple of the font size.
pub const LEADING: f32 = 1.45;

/// How far below the top of its em box a CJK glyph's baseline sits, as a fraction of the size.
/// Noto Sans CJK's ideographic em box runs from 0.88 em above the baseline to 0.12 em below.
const BASELINE_IN_EM: f32 = 0.88;

/// Horizontal alignment of text in its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One drawing operation on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// One line of text whose left end is at `x`; `bold` strokes the outline for a heavier face.
    Text { x: f32, baseline: f32, size: f32, text: String, bold: bool },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32 },
    /// Straight segments (x1, y1, x2, y2) stroked as one path: a table's borders.
    Lines { segments: Vec<(f32, f32, f32, f32)>, width: f32 },
    /// A filled rectangle in a grey level (0 black, 255 white).
    Fill { x: f32, y: f32, w: f32, h: f32, gray: u8 },
    /// A QR code of `data` with its top-left corner at (`x`, `y`), `size` points square.
    Qr { x: f32, y: f32, size: f32, data: String },
}

/// Positions of the page frame: the header band with the serial and its QR code, and the
/// footer lines with the page number, the printer and the audit chain head.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameSpec {
    /// Top of the header band.
    pub header_top: f32,
    /// Side of the serial's QR code, at the header band's right end.
    pub qr_size: f32,
    /// Baseline of the first footer line; the second is one footer line lower.
    pub footer_baseline: f32,
    pub footer_size: f32,
    /// Puts the footer lines in the header band, left of the QR code, with the page number
    /// after the chain head: for label paper, whose labels cover the rest of the page.
    pub compact: bool,
}

/// Page size, body area and frame positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSpec {
    pub width: f32,
    pub height: f32,
    /// Left and right edges of the body.
    pub left: f32,
    pub right: f32,
    pub body_top: f32,
    pub body_bottom: f32,
    pub frame: FrameSpec,
}

impl PageSpec {
    /// A4 portrait with margins of 20 mm left (the binding side), 15 mm right, the frame's
    /// header in the top 30 mm and its footer in the bottom 20 mm.
    pub fn a4() -> PageSpec {
        PageSpec {
            width: A4_WIDTH,
            height: A4_HEIGHT,
            left: 20.0 * MM,
            right: A4_WIDTH - 15.0 * MM,
            body_top: 31.0 * MM,
            body_bottom: A4_HEIGHT - 20.0 * MM,
            frame: FrameSpec {
                header_top: 8.0 * MM,
                qr_size: 22.0 * MM,
                footer_baseline: A4_HEIGHT - 14.0 * MM,
                footer_size: 7.5,
                compact: false,
            },
        }
    }

    pub fn body_width(&self) -> f32 {
        self.right - self.left
    }

    pub fn body_height(&self) -> f32 {
        self.body_bottom - self.body_top
    }
}

/// Returns the y of the baseline of a line of text at `size` whose line box starts at `top`.
pub fn baseline(top: f32, size: f32) -> f32 {
    top + (size * LEADING - size) / 2.0 + size * BASELINE_IN_EM
}

/// Returns the x where a line of `width` starts when aligned in [`left`, `right`].
pub fn aligned_x(align: Align, left: f32, right: f32, width: f32) -> f32 {
    match align {
        Align::Left => left,
        Align::Center => left + (right - left - width) / 2.0,
        Align::Right => right - width,
    }
}

/// A signer on a signature line: the role printed before the line, and the name if known.
#[derive(Debug, Clone)]
pub struct Signer {
    pub role: String,
    pub name: Option<String>,
}

/// Pages being filled from top to bottom.
pub struct Flow {
    spec: PageSpec,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Flow {
    pub fn new(spec: PageSpec) -> Flow {
        Flow { spec, pages: vec![Vec::new()], y: spec.body_top }
    }

    pub fn spec(&self) -> &PageSpec {
        &self.spec
    }

    /// Returns the y where the next block starts.
    pub fn y(&self) -> f32 {
        self.y
    }

    pub fn set_y(&mut self, y: f32) {
        self.y = y;
    }

    /// Returns the height left on the current page.
    pub fn remaining(&self) -> f32 {
        self.spec.body_bottom - self.y
    }

    /// Returns whether nothing has been placed on the current page yet.
    pub fn at_page_top(&self) -> bool {
        self.y <= self.spec.body_top
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.spec.body_top;
    }

    /// Starts a new page unless `height` still fits on this one (or this page is empty).
    pub fn ensure(&mut self, height: f32) {
        if height > self.remaining() && !self.at_page_top() {
            self.new_page();
        }
    }

    /// Adds vertical space; at the end of a page it moves to the next page's top.
    pub fn space(&mut self, height: f32) {
        if height >= self.remaining() {
            self.new_page();
        } else {
            self.y += height;
        }
    }

    pub fn push(&mut self, op: Op) {
        self.pages.last_mut().expect("a flow always has a page").push(op);
    }

    pub fn text(&mut self, x: f32, baseline: f32, size: f32, text: &str) {
        if !text.is_empty() {
            self.push(Op::Text { x, baseline, size, text: text.to_string(), bold: false });
        }
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.push(Op::Line { x1, y1, x2, y2, width });
    }

    /// Wraps `text` to the body width and places it line by line, across pages if needed.
    pub fn paragraph(&mut self, text: &str, size: f32, align: Align) {
        self.paragraph_styled(text, size, align, false);
    }

    /// Places a centred title in a heavier face, with space below it.
    pub fn title(&mut self, text: &str, size: f32) {
        self.paragraph_styled(text, size, Align::Center, true);
        self.space(size * 0.6);
    }

    fn paragraph_styled(&mut self, text: &str, size: f32, align: Align, bold: bool) {
        let (left, right) = (self.spec.left, self.spec.right);
        let leading = size * LEADING;
        for line in wrap(text, size, right - left) {
            self.ensure(leading);
            let x = aligned_x(align, left, right, line.width);
            let baseline = baseline(self.y, size);
            if !line.text.is_empty() {
                self.push(Op::Text { x, baseline, size, text: line.text.to_string(), bold });
            }
            self.y += leading;
        }
    }

    /// Places one signature row per signer: `role：name  签名：______  日期：  年  月  日`.
    /// The name is printed when known and left as a blank line otherwise. A role and name too
    /// long for the first part of the row take a line of their own above the signature.
    pub fn signatures(&mut self, signers: &[Signer], size: f32) {
        let row_height = size * 3.0;
        let font = metrics();
        let (left, right) = (self.spec.left, self.spec.right);
        let width = right - left;
        let sign_x = left + width * 0.42;
        let date_x = left + width * 0.72;
        let gap = 4.0 * MM;
        let sign_label = crate::t!("print.sign");
        let date_label = crate::t!("print.sign_date");
        for signer in signers {
            let role = format!("{}：", signer.role);
            let role_end = left + font.width(&role, size);
            let name_width = signer.name.as_deref().map(|n| font.width(n, size)).unwrap_or(0.0);
            let own_line = role_end + name_width + gap > sign_x;
            self.ensure(if own_line { row_height * 1.6 } else { row_height });

            let mut base = self.y + row_height - size * 0.6;
            self.text(left, base, size, &role);
            match &signer.name {
                Some(name) => self.text(role_end, base, size, name),
                None => self.line(role_end, base + 2.0, sign_x - gap, base + 2.0, 0.5),
            }
            if own_line {
                self.y += row_height * 0.6;
                base += row_height * 0.6;
            }

            self.text(sign_x, base, size, &sign_label);
            let sign_line_x = sign_x + font.width(&sign_label, size);
            self.line(sign_line_x, base + 2.0, date_x - gap, base + 2.0, 0.5);
            self.text(date_x, base, size, &date_label);
            self.y += row_height;
        }
    }
}

impl Flow {
    /// Returns the pages laid out so far.
    pub fn into_pages(self) -> Vec<Vec<Op>> {
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_crosses_pages() {
        let mut flow = Flow::new(PageSpec::a4());
        let text = "保密提醒。".repeat(2000);
        flow.paragraph(&text, 10.0, Align::Left);
        assert!(flow.page_count() > 1);
        for page in flow.into_pages() {
            for op in page {
                if let Op::Text { baseline, .. } = op {
                    assert!(baseline <= PageSpec::a4().body_bottom, "text below the body: {baseline}");
                }
            }
        }
    }

    #[test]
    fn right_alignment_ends_at_right_edge() {
        assert_eq!(aligned_x(Align::Right, 10.0, 110.0, 30.0), 80.0);
        assert_eq!(aligned_x(Align::Center, 10.0, 110.0, 30.0), 45.0);
    }
}
