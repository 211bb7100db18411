//! Bordered tables whose cells wrap text.
//!
//! Header rows repeat at the top of every page the table reaches. A row that does not fit moves
//! whole to the next page. Only a row taller than a whole page is split, line by line.
//! Cells may span several columns, which the label-and-value grids of office forms need.

use super::layout::{aligned_x, baseline, Align, Flow, Op, LEADING};
use super::text::{wrap, Line};

/// Inner padding of a cell, in points.
const PADDING: f32 = 3.0;

/// Border width, in points.
const BORDER: f32 = 0.6;

/// Grey level of header cells.
const HEADER_GRAY: u8 = 235;

/// A column: its share of the table width and how its cells align text.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(weight: f32, align: Align) -> Column {
        Column { weight, align }
    }
}

/// A table cell.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    /// Number of columns the cell covers, at least 1.
    pub span: usize,
    /// Overrides the column's alignment.
    pub align: Option<Align>,
    /// Minimum row height this cell needs, in points (room for a handwritten opinion).
    pub min_height: f32,
    /// Shaded like a header cell (form labels).
    pub shaded: bool,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), span: 1, ..Cell::default() }
    }

    /// Creates a shaded, centred label cell.
    pub fn label(text: impl Into<String>) -> Cell {
        Cell { shaded: true, align: Some(Align::Center), ..Cell::new(text) }
    }

    pub fn span(mut self, columns: usize) -> Cell {
        self.span = columns.max(1);
        self
    }

    pub fn align(mut self, align: Align) -> Cell {
        self.align = Some(align);
        self
    }

    pub fn min_height(mut self, height: f32) -> Cell {
        self.min_height = height;
        self
    }
}

/// A table: columns, header rows repeated on every page, and body rows.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<Column>,
    pub header: Vec<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
    /// Font size of the cells.
    pub size: f32,
}

/// A cell placed in its row: its box and its wrapped lines.
struct PlacedCell<'a> {
    left: f32,
    right: f32,
    align: Align,
    shaded: bool,
    lines: Vec<Line<'a>>,
}

/// A row measured for the table's column widths.
struct MeasuredRow<'a> {
    cells: Vec<PlacedCell<'a>>,
    height: f32,
}

impl Flow {
    /// Places `table` at the current position, across as many pages as it needs.
    pub fn table(&mut self, table: &Table) {
        let edges = column_edges(&table.columns, self.spec().left, self.spec().right);
        let header: Vec<MeasuredRow<'_>> = table.header.iter().map(|row| measure(row, table, &edges, true)).collect();
        let header_height: f32 = header.iter().map(|row| row.height).sum();
        let mut borders = Borders::default();

        // The header and the first row start together.
        let first_height = table.rows.first().map(|row| measure(row, table, &edges, false).height).unwrap_or(0.0);
        self.ensure(header_height + first_height.min(self.spec().body_height() - header_height));
        self.draw_header(&header, table.size, &mut borders);

        for row in &table.rows {
            let measured = measure(row, table, &edges, false);
            if measured.height > self.remaining() {
                let fits_on_empty_page = measured.height <= self.spec().body_height() - header_height;
                if fits_on_empty_page || self.remaining() < table.size * LEADING + 2.0 * PADDING {
                    self.break_table(&header, table.size, &mut borders);
                }
            }
            if measured.height <= self.remaining() {
                self.draw_row(&measured, table.size, &mut borders);
            } else {
                self.draw_split_row(&measured, table.size, &header, &mut borders);
            }
        }
        borders.flush(self);
    }

    fn draw_header(&mut self, header: &[MeasuredRow<'_>], size: f32, borders: &mut Borders) {
        for row in header {
            self.draw_row(row, size, borders);
        }
    }

    fn break_table(&mut self, header: &[MeasuredRow<'_>], size: f32, borders: &mut Borders) {
        borders.flush(self);
        self.new_page();
        self.draw_header(header, size, borders);
    }

    /// Draws a row that fits in the space left on the page.
    fn draw_row(&mut self, row: &MeasuredRow<'_>, size: f32, borders: &mut Borders) {
        let top = self.y();
        let visible: Vec<&[Line<'_>]> = row.cells.iter().map(|c| c.lines.as_slice()).collect();
        self.draw_row_part(row, &visible, top, row.height, size, borders);
        self.set_y(top + row.height);
    }

    /// Draws a row taller than a page over several pages, as many lines of each cell on each
    /// page as fit.
    fn draw_split_row(&mut self, row: &MeasuredRow<'_>, size: f32, header: &[MeasuredRow<'_>], borders: &mut Borders) {
        let leading = size * LEADING;
        let mut shown = vec![0usize; row.cells.len()];
        loop {
            let capacity = ((self.remaining() - 2.0 * PADDING) / leading).floor().max(1.0) as usize;
            let visible: Vec<&[Line<'_>]> = row
                .cells
                .iter()
                .zip(&shown)
                .map(|(cell, &from)| {
                    let to = (from + capacity).min(cell.lines.len());
                    &cell.lines[from.min(to)..to]
                })
                .collect();
            let done = row.cells.iter().zip(&shown).all(|(cell, &from)| from + capacity >= cell.lines.len());
            let lines = visible.iter().map(|v| v.len()).max().unwrap_or(0);
            let height = if done { (lines as f32 * leading + 2.0 * PADDING).min(self.remaining()) } else { self.remaining() };
            let top = self.y();
            self.draw_row_part(row, &visible, top, height, size, borders);
            self.set_y(top + height);
            if done {
                return;
            }
            for (from, cell) in shown.iter_mut().zip(&row.cells) {
                *from = (*from + capacity).min(cell.lines.len());
            }
            self.break_table(header, size, borders);
        }
    }

    fn draw_row_part(&mut self, row: &MeasuredRow<'_>, visible: &[&[Line<'_>]], top: f32, height: f32, size: f32, borders: &mut Borders) {
        let leading = size * LEADING;
        let table_left = row.cells.first().map(|c| c.left).unwrap_or(0.0);
        let table_right = row.cells.last().map(|c| c.right).unwrap_or(0.0);

        for (cell, lines) in row.cells.iter().zip(visible) {
            if cell.shaded {
                // Inset by half a border, so the shading stays inside the cell's border lines.
                let inset = BORDER / 2.0;
                let (w, h) = (cell.right - cell.left - BORDER, height - BORDER);
                self.push(Op::Fill { x: cell.left + inset, y: top + inset, w, h, gray: HEADER_GRAY });
            }
            // Lines are centred vertically in the cell.
            let text_height = lines.len() as f32 * leading;
            let mut line_top = top + ((height - text_height) / 2.0).max(PADDING);
            for line in lines.iter() {
                if !line.text.is_empty() {
                    let x = aligned_x(cell.align, cell.left + PADDING, cell.right - PADDING, line.width);
                    self.push(Op::Text { x, baseline: baseline(line_top, size), size, text: line.text.to_string(), bold: false });
                }
                line_top += leading;
            }
        }

        if !borders.is_open_at(top) {
            borders.horizontals.push((table_left, top, table_right, top));
        }
        borders.horizontals.push((table_left, top + height, table_right, top + height));
        let xs: Vec<f32> = row.cells.iter().map(|c| c.left).chain([table_right]).collect();
        borders.extend(xs, top, top + height);
    }
}

/// The borders of the rows placed on the current page, drawn as one path when the page or the
/// table ends. Vertical borders are merged over consecutive rows with the same column edges,
/// so a long table draws one line per column edge per page instead of one per row.
#[derive(Default)]
struct Borders {
    /// Column edges of the open run of rows.
    xs: Vec<f32>,
    top: f32,
    bottom: f32,
    /// Finished segments (x1, y1, x2, y2) waiting to be drawn.
    segments: Vec<(f32, f32, f32, f32)>,
    horizontals: Vec<(f32, f32, f32, f32)>,
}

impl Borders {
    fn is_open_at(&self, y: f32) -> bool {
        !self.xs.is_empty() && (self.bottom - y).abs() < 0.01
    }

    fn extend(&mut self, xs: Vec<f32>, top: f32, bottom: f32) {
        if self.is_open_at(top) && self.xs == xs {
            self.bottom = bottom;
            return;
        }
        self.close_run();
        self.xs = xs;
        self.top = top;
        self.bottom = bottom;
    }

    fn close_run(&mut self) {
        for &x in &self.xs {
            self.segments.push((x, self.top, x, self.bottom));
        }
        self.xs.clear();
    }

    /// Draws every border collected so far.
    fn flush(&mut self, flow: &mut Flow) {
        self.close_run();
        let mut segments = std::mem::take(&mut self.horizontals);
        segments.append(&mut self.segments);
        if !segments.is_empty() {
            flow.push(Op::Lines { segments, width: BORDER });
        }
    }
}

/// Returns the x of each column's left edge and of the table's right edge.
fn column_edges(columns: &[Column], left: f32, right: f32) -> Vec<f32> {
    let total: f32 = columns.iter().map(|c| c.weight).sum();
    let mut edges = Vec::with_capacity(columns.len() + 1);
    let mut x = left;
    for column in columns {
        edges.push(x);
        x += (right - left) * column.weight / total;
    }
    edges.push(right);
    edges
}

fn measure<'a>(row: &'a [Cell], table: &Table, edges: &[f32], header: bool) -> MeasuredRow<'a> {
    let size = table.size;
    let leading = size * LEADING;
    let mut cells = Vec::with_capacity(row.len());
    let mut height = leading + 2.0 * PADDING;
    let mut column = 0;
    for cell in row {
        let first = column.min(table.columns.len().saturating_sub(1));
        let last = (column + cell.span.max(1)).min(table.columns.len());
        let (left, right) = (edges[first], edges[last]);
        let lines = wrap(&cell.text, size, (right - left - 2.0 * PADDING).max(size));
        height = height.max(lines.len() as f32 * leading + 2.0 * PADDING).max(cell.min_height);
        let align = cell.align.unwrap_or(if header { Align::Center } else { table.columns[first].align });
        cells.push(PlacedCell { left, right, align, shaded: cell.shaded || header, lines });
        column = last;
    }
    MeasuredRow { cells, height }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::font::metrics;
    use crate::pdf::layout::PageSpec;

    fn texts(page: &[Op]) -> Vec<&str> {
        page.iter()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn table(rows: Vec<Vec<Cell>>) -> Table {
        Table {
            columns: vec![Column::new(1.0, Align::Right), Column::new(4.0, Align::Left)],
            header: vec![vec![Cell::new("序号"), Cell::new("内容")]],
            rows,
            size: 10.0,
        }
    }

    #[test]
    fn header_repeats_on_every_page() {
        let rows = (1..=200).map(|i| vec![Cell::new(i.to_string()), Cell::new("使用登记")]).collect();
        let mut flow = Flow::new(PageSpec::a4());
        flow.table(&table(rows));
        let pages = flow.into_pages();
        assert!(pages.len() > 3);
        for (index, page) in pages.iter().enumerate() {
            let texts = texts(page);
            assert_eq!(&texts[..2], ["序号", "内容"], "page {} starts with the header", index + 1);
        }
    }

    #[test]
    fn rows_move_whole_to_next_page() {
        // Three-line rows: each row's lines must land on one page.
        let rows = (1..=120).map(|i| vec![Cell::new(format!("R{i}")), Cell::new(format!("第一行{i}\n第二行{i}\n第三行{i}"))]).collect();
        let mut flow = Flow::new(PageSpec::a4());
        flow.table(&table(rows));
        let pages = flow.into_pages();
        for i in 1..=120 {
            let holding: Vec<usize> = pages
                .iter()
                .enumerate()
                .filter(|(_, page)| texts(page).iter().any(|t| t.ends_with(&format!("行{i}"))))
                .map(|(n, _)| n)
                .collect();
            assert_eq!(holding.len(), 1, "row {i} is on pages {holding:?}");
        }
    }

    #[test]
    fn row_taller_than_page_is_split_in_order() {
        let long: String = (1..=150).map(|i| format!("第{i}行\n")).collect();
        let rows = vec![vec![Cell::new("1"), Cell::new(long)], vec![Cell::new("2"), Cell::new("之后")]];
        let mut flow = Flow::new(PageSpec::a4());
        flow.table(&table(rows));
        let pages = flow.into_pages();
        assert!(pages.len() >= 3, "150 lines take several pages");
        let lines: Vec<String> = pages.iter().flat_map(|p| texts(p)).filter(|t| t.starts_with('第')).map(str::to_string).collect();
        let expected: Vec<String> = (1..=150).map(|i| format!("第{i}行")).collect();
        assert_eq!(lines, expected, "every line once, in order");
        for page in &pages {
            assert_eq!(&texts(page)[..2], ["序号", "内容"], "the header repeats over a split row");
            for op in page {
                if let Op::Text { baseline, .. } = op {
                    assert!(*baseline <= PageSpec::a4().body_bottom);
                }
            }
        }
    }

    #[test]
    fn numbers_align_right() {
        let mut flow = Flow::new(PageSpec::a4());
        flow.table(&table(vec![vec![Cell::new("7"), Cell::new("x")], vec![Cell::new("1234"), Cell::new("y")]]));
        let page = &flow.into_pages()[0];
        let right_end = |wanted: &str| {
            page.iter()
                .find_map(|op| match op {
                    Op::Text { x, text, size, .. } if text == wanted => Some(x + metrics().width(text, *size)),
                    _ => None,
                })
                .unwrap()
        };
        assert!((right_end("7") - right_end("1234")).abs() < 0.01);
    }
}
