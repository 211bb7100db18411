//! Reading a spreadsheet file into rows of cell texts.
//!
//! The kind is detected from the content, not the extension: a zip is an XLSX workbook, an OLE
//! compound file (signature `D0 CF 11 E0`) is either an encrypted OOXML workbook or a legacy
//! `.xls`, and other text is CSV. CSV bytes are decoded as UTF-8 when they start with a
//! byte-order mark or are valid UTF-8, otherwise as GB18030 (a superset of GBK and GB2312,
//! which Excel on a Chinese Windows writes).

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, XlsxError};
use chrono::Timelike;

use crate::error::{Code, Error, Result};
use crate::registers::values::date::{format_date, format_date_time, format_time};
use crate::t;

/// One row of the file, with its row number as the spreadsheet program shows it (1-based).
#[derive(Debug, Clone)]
pub struct SourceRow {
    pub number: usize,
    pub cells: Vec<String>,
}

/// The rows of one sheet (or of a CSV file).
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet's name; `None` for CSV.
    pub sheet: Option<String>,
    pub rows: Vec<SourceRow>,
}

const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";
const OLE_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// The stream an encrypted OOXML file keeps the workbook in, as UTF-16LE in the OLE directory.
const ENCRYPTED_PACKAGE: &str = "EncryptedPackage";

/// Reads the content of file `file` into a table. `sheet` picks a sheet of a workbook; the
/// first one by default.
pub fn read_bytes(bytes: Vec<u8>, file: &str, sheet: Option<&str>) -> Result<Table> {
    let file = file.to_string();
    if bytes.starts_with(ZIP_SIGNATURE) {
        return read_xlsx(bytes, &file, sheet);
    }
    if bytes.starts_with(OLE_SIGNATURE) {
        let code = if contains_utf16(&bytes, ENCRYPTED_PACKAGE) {
            Code::ImportEncrypted
        } else {
            Code::ImportLegacyXls
        };
        return Err(Error::new(code).arg("file", &file));
    }
    if looks_binary(&bytes) {
        return Err(not_spreadsheet(&file, t!("import.not_spreadsheet.binary")));
    }
    Ok(Table {
        sheet: None,
        rows: read_csv(&decode_text(&bytes)),
    })
}

/// Returns the file name shown in reports and stored with imported rows (no folders).
/// Reads a file to import or a mapping file, naming the path and the reason in zh-CN when it
/// cannot be read.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|err| {
        let reason = match err.kind() {
            std::io::ErrorKind::NotFound => t!("import.file_not_found"),
            std::io::ErrorKind::PermissionDenied => t!("import.file_no_permission"),
            _ if path.is_dir() => t!("import.file_is_folder"),
            _ => err.to_string(),
        };
        Error::new(Code::ImportFileUnreadable).arg("path", path.display()).arg("reason", reason)
    })
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn not_spreadsheet(file: &str, reason: String) -> Error {
    Error::new(Code::ImportNotSpreadsheet)
        .arg("file", file)
        .arg("reason", reason)
}

fn contains_utf16(bytes: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|window| window == needle.as_slice())
}

/// Text files have no NUL bytes; images, PDFs and executables have many.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0)
}

/// Decodes CSV bytes: UTF-8 with a byte-order mark, valid UTF-8, otherwise GB18030.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            text.into_owned()
        }
    }
}

/// Splits CSV text into rows. The delimiter is a comma unless the first lines have more tabs
/// or semicolons; rows may differ in length.
fn read_csv(text: &str) -> Vec<SourceRow> {
    let delimiter = guess_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Line numbers are counted here from each record's byte offset: the csv crate's own line
    // count is off by one after CRLF line ends (as Excel writes them) and after blank lines.
    let bytes = text.as_bytes();
    let mut counted_to = 0;
    let mut line = 1;
    let mut next_line = 1;
    for record in reader.records() {
        // The row number is the line the record starts on, so a quoted line break inside a
        // cell does not shift later rows away from what an editor shows. A record the csv
        // crate cannot split keeps its error text as one cell, so the report still shows it.
        let (number, cells) = match record {
            Ok(record) => {
                // After a CRLF the offset can point at the line feed, so line ends are skipped.
                let mut start = record.position().map_or(counted_to, |p| p.byte() as usize).min(bytes.len());
                while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                    start += 1;
                }
                if start > counted_to {
                    line += bytes[counted_to..start].iter().filter(|&&b| b == b'\n').count();
                    counted_to = start;
                }
                (line, record.iter().map(str::to_string).collect())
            }
            Err(err) => (next_line, vec![err.to_string()]),
        };
        next_line = number + 1;
        rows.push(SourceRow { number, cells });
    }
    rows
}

fn guess_delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    let count = |c: char| head.matches(c).count();
    let (commas, tabs, semicolons) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

fn read_xlsx(bytes: Vec<u8>, file: &str, sheet: Option<&str>) -> Result<Table> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|err| xlsx_error(file, err))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|name| name.as_str() == wanted)
            .cloned()
            .ok_or_else(|| {
                Error::new(Code::ImportSheetMissing)
                    .arg("file", file)
                    .arg("sheet", wanted)
                    .arg("sheets", names.join("、"))
            })?,
        None => names.first().cloned().ok_or_else(|| {
            Error::new(Code::ImportEmpty).arg("file", file).arg("sheet", "—")
        })?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|err| xlsx_error(file, err))?;
    let merged = workbook
        .merge_cells_by_sheet_name(&name)
        .map_err(|err| xlsx_error(file, err))?;

    let Some((first_row, first_col)) = range.start() else {
        return Ok(Table {
            sheet: Some(name),
            rows: Vec::new(),
        });
    };
    // Cells are placed at their absolute column, so the header and the data line up even when
    // the used range starts right of column A.
    let mut grid: Vec<Vec<String>> = range
        .rows()
        .map(|row| {
            let mut cells = vec![String::new(); first_col as usize];
            cells.extend(row.iter().map(cell_text));
            cells
        })
        .collect();

    // A merged range shows its top-left value in every cell it covers.
    for dims in &merged {
        let top = dims.start.0.saturating_sub(first_row) as usize;
        let Some(value) = grid
            .get(top)
            .and_then(|row| row.get(dims.start.1 as usize))
            .cloned()
        else {
            continue;
        };
        for row in dims.start.0..=dims.end.0 {
            let Some(cells) = grid.get_mut(row.saturating_sub(first_row) as usize) else {
                continue;
            };
            for col in dims.start.1..=dims.end.1 {
                let col = col as usize;
                if cells.len() <= col {
                    cells.resize(col + 1, String::new());
                }
                cells[col] = value.clone();
            }
        }
    }

    let rows = grid
        .into_iter()
        .enumerate()
        .map(|(index, cells)| SourceRow {
            number: first_row as usize + index + 1,
            cells,
        })
        .collect();
    Ok(Table {
        sheet: Some(name),
        rows,
    })
}

fn xlsx_error(file: &str, err: XlsxError) -> Error {
    if matches!(err, XlsxError::Password) {
        return Error::new(Code::ImportEncrypted).arg("file", file);
    }
    not_spreadsheet(file, t!("import.not_spreadsheet.bad_xlsx", detail = err.to_string()))
        .detail(err)
}

/// Converts one cell to the text the parsers accept. Date cells become `2025-03-05`, time cells
/// `08:30`, and whole numbers lose Excel's `.0`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(yes) => crate::registers::values::text::yes_no_label(*yes).to_string(),
        Data::DateTime(at) => {
            if !at.is_datetime() {
                return number_text(at.as_f64());
            }
            match at.as_datetime() {
                // A serial below 1 is a time of day alone.
                Some(moment) if at.as_f64() < 1.0 => format_time(round_to_second(moment).time()),
                Some(moment) if at.as_f64().fract() == 0.0 => format_date(moment.date()),
                Some(moment) => format_date_time(round_to_second(moment)),
                None => number_text(at.as_f64()),
            }
        }
        Data::Error(err) => format!("#{err:?}"),
    }
}

/// Excel stores times as fractions of a day, so 08:30 may come back as 08:29:59.999.
fn round_to_second(moment: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    let rounded = moment + chrono::Duration::milliseconds(500);
    rounded.with_nanosecond(0).unwrap_or(rounded)
}

fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_encodings() {
        let utf8_bom = b"\xEF\xBB\xBF\xE6\x97\xA5\xE6\x9C\x9F";
        assert_eq!(decode_text(utf8_bom), "日期");
        assert_eq!(decode_text("日期".as_bytes()), "日期");
        let (gbk, _, _) = encoding_rs::GB18030.encode("使用人,魏颋");
        assert_eq!(decode_text(&gbk), "使用人,魏颋");
    }

    #[test]
    fn csv_rows_keep_line_numbers() {
        let rows = read_csv("a,b\n\"x\ny\",2\nc,3\n");
        let numbers: Vec<usize> = rows.iter().map(|row| row.number).collect();
        assert_eq!(numbers, [1, 2, 4]);
        assert_eq!(rows[1].cells, ["x\ny", "2"]);
    }

    #[test]
    fn csv_line_numbers_with_crlf_and_blank_lines() {
        let numbers = |text: &str| read_csv(text).iter().map(|row| row.number).collect::<Vec<usize>>();
        assert_eq!(numbers("a,b\r\n1,2\r\n3,4\r\n"), [1, 2, 3]);
        assert_eq!(numbers("a,b\n\n1,2\n\n\n3,4\n"), [1, 3, 6]);
        assert_eq!(numbers("a,b\r\n\r\n\"x\r\ny\",2\r\n3,4\r\n"), [1, 3, 5]);
    }

    #[test]
    fn delimiters() {
        assert_eq!(guess_delimiter("a\tb\tc\n1\t2\t3"), b'\t');
        assert_eq!(guess_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(guess_delimiter("a,b,c\n1,2,3"), b',');
    }

    #[test]
    fn number_cells() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(2.5), "2.5");
    }
}
