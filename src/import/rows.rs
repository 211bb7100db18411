//! Turning one row of a legacy register into a record's input: blank and total rows, dates
//! split over a date column and time columns, names and device numbers resolved to record
//! numbers, and the row's digest for finding it again.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::{Code, Error, Result};
use crate::records::Data;
use crate::registers::defs::{DEVICES_ID, PERSONNEL_ID};
use crate::registers::values::date::{parse_date_time, parse_time};
use crate::registers::values::normalize::normalize;
use crate::registers::{by_id, FieldDef, FieldKind, FormInput, RegisterDef, Validated, CANCELLED};

use super::mapping::{normalize_header, Layout, Target};
use super::source::SourceRow;

/// Texts of a first cell that mark a total row rather than a record.
const TOTAL_WORDS: &[&str] = &["合计", "总计", "小计", "共计", "累计"];

/// Why a row is left out without being an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    Blank,
    /// A 合计 row; the text of its marking cell.
    Total(String),
    /// The header again, as a pasted range often repeats it.
    HeaderAgain,
    /// Same content as an earlier row of the file (its row number).
    DuplicateOf(usize),
}

/// Finds why `row` holds no record, if it does not.
pub fn skip_reason(row: &SourceRow, header: &SourceRow) -> Option<SkipReason> {
    let filled: Vec<&str> = row
        .cells
        .iter()
        .map(|cell| cell.trim())
        .filter(|cell| !cell.is_empty())
        .collect();
    if filled.is_empty() {
        return Some(SkipReason::Blank);
    }
    for cell in filled.iter().take(2) {
        if is_total_marker(cell) {
            return Some(SkipReason::Total(cell.to_string()));
        }
    }
    let same_as_header = row
        .cells
        .iter()
        .zip(&header.cells)
        .all(|(cell, head)| normalize_header(cell) == normalize_header(head));
    if same_as_header {
        return Some(SkipReason::HeaderAgain);
    }
    None
}

/// Returns whether a cell marks a total row: `合计`, `合 计`, `合计：`, `合计(份)` or `合计12`, but
/// not a title that merely starts with the word, such as `合计划…`.
fn is_total_marker(cell: &str) -> bool {
    let text: String = normalize(cell).chars().filter(|c| !c.is_whitespace()).collect();
    TOTAL_WORDS.iter().any(|word| match text.strip_prefix(word) {
        Some(rest) => {
            rest.is_empty()
                || rest.starts_with([':', '：', '(', '（'])
                || rest.chars().all(|c| c.is_ascii_digit() || c == '.')
        }
        None => false,
    })
}

/// One problem of a row: the column it is in, and the message naming the field.
#[derive(Debug, Clone)]
pub struct Issue {
    pub column: Option<String>,
    pub code: Code,
    pub message: String,
}

impl Issue {
    fn from_error(err: &Error, layout: &Layout, def: &RegisterDef) -> Issue {
        let column = err.field_name().and_then(|label| {
            let field = def.fields.iter().find(|field| field.label == label)?;
            let headers: Vec<&str> = layout
                .columns_of(Target::Field(field))
                .map(|column| column.header.as_str())
                .collect();
            (!headers.is_empty()).then(|| headers.join("、"))
        });
        Issue {
            column,
            code: err.code(),
            message: err.message(),
        }
    }
}

/// Persons and devices by the keys legacy files use for them.
#[derive(Debug, Default)]
pub struct References {
    /// 统一编号 to device record number.
    devices: HashMap<String, String>,
    /// 姓名 to personnel record numbers.
    people_by_name: HashMap<String, Vec<String>>,
    /// 身份证号 to personnel record number.
    people_by_id: HashMap<String, String>,
}

impl References {
    /// Loads the devices and people that are not cancelled.
    pub fn load(conn: &Connection) -> Result<References> {
        let mut references = References::default();
        let mut stmt = conn.prepare(
            "SELECT register, number, json_extract(data, '$.fields.unified_number'),
                    json_extract(data, '$.fields.name'), json_extract(data, '$.fields.id_number')
             FROM records WHERE register IN (?1, ?2) AND status != ?3",
        )?;
        let rows = stmt.query_map([DEVICES_ID, PERSONNEL_ID, CANCELLED], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        for row in rows {
            let (register, number, unified, name, id_number) = row?;
            if register == DEVICES_ID {
                if let Some(unified) = unified {
                    references.devices.insert(device_key(&unified), number);
                }
                continue;
            }
            if let Some(name) = name {
                references.people_by_name.entry(name).or_default().push(number.clone());
            }
            if let Some(id_number) = id_number {
                references.people_by_id.insert(id_number.to_ascii_uppercase(), number);
            }
        }
        Ok(references)
    }

    /// Resolves a device by record number or 统一编号.
    fn device(&self, text: &str) -> Result<String> {
        let devices = by_id(DEVICES_ID).expect("the devices register exists");
        if let Ok(number) = devices.parse_number(text) {
            return Ok(number.to_string());
        }
        self.devices
            .get(&device_key(text))
            .cloned()
            .ok_or_else(|| Error::new(Code::ImportDeviceUnknown).arg("value", text))
    }

    /// Resolves a person by record number, ID number or, when it is unique, name.
    fn person(&self, text: &str) -> Result<String> {
        let personnel = by_id(PERSONNEL_ID).expect("the personnel register exists");
        if let Ok(number) = personnel.parse_number(text) {
            return Ok(number.to_string());
        }
        let key = normalize(text).to_ascii_uppercase();
        if let Some(number) = self.people_by_id.get(&key) {
            return Ok(number.clone());
        }
        let name: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        match self.people_by_name.get(&name).map(Vec::as_slice) {
            Some([number]) => Ok(number.clone()),
            Some(numbers) if !numbers.is_empty() => Err(Error::new(Code::ImportPersonAmbiguous)
                .arg("value", &name)
                .arg("count", numbers.len())
                .arg("numbers", numbers.join("、"))),
            _ => Err(Error::new(Code::ImportPersonUnknown).arg("value", &name)),
        }
    }
}

/// Device numbers compare without case, blanks or full-width forms: `bm-jsj-001` is
/// `BM-JSJ-001`.
fn device_key(text: &str) -> String {
    normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Builds the input of one data row. Problems with single cells (an unknown person or device)
/// are returned as issues; the row's other fields are still filled so that validation can
/// report their problems too.
pub fn row_input(
    def: &'static RegisterDef,
    layout: &Layout,
    row: &SourceRow,
    references: &References,
) -> (FormInput, Vec<Issue>) {
    let cell = |index: usize| row.cells.get(index).map(|c| c.trim()).unwrap_or("");
    let row_date = layout
        .columns_of(Target::RowDate)
        .map(|column| cell(column.index))
        .find(|text| !text.is_empty())
        .unwrap_or("");

    let mut input = FormInput::default();
    let mut issues = Vec::new();
    for field in def.fields {
        let parts: Vec<(&str, &str)> = layout
            .columns_of(Target::Field(field))
            .map(|column| (column.header.as_str(), cell(column.index)))
            .filter(|(_, text)| !text.is_empty())
            .collect();
        let mut text = join_parts(field, &parts);
        if text.is_empty() {
            if let Some((_, value)) = layout.fixed.iter().find(|(fixed, _)| fixed.id == field.id) {
                text = value.clone();
            }
        }
        if text.is_empty() {
            continue;
        }
        if field.kind == FieldKind::DateTime {
            text = with_row_date(&text, row_date);
        }
        let resolved = match field.kind {
            FieldKind::Device => references.device(&text),
            FieldKind::Person => references.person(&text),
            _ => Ok(text),
        };
        match resolved {
            Ok(text) => {
                input.fields.insert(field.id.to_string(), text);
            }
            Err(err) => {
                let err = err.field(field.label);
                issues.push(Issue::from_error(&err, layout, def));
            }
        }
    }
    (input, issues)
}

/// Joins the texts of several columns mapped to one field. The first column's text stands
/// alone; later ones carry their header (`拷贝情况：导出至 BM-YP-011`), so nothing read from the
/// file is lost.
fn join_parts(field: &FieldDef, parts: &[(&str, &str)]) -> String {
    match parts {
        [] => String::new(),
        [(_, text)] => text.to_string(),
        [(_, first), rest @ ..] => {
            let is_text = matches!(field.kind, FieldKind::Text | FieldKind::LongText);
            if !is_text {
                return first.to_string();
            }
            let mut joined = first.to_string();
            for (header, text) in rest {
                joined.push('；');
                joined.push_str(&format!("{header}：{text}"));
            }
            joined
        }
    }
}

/// Puts the row's date before a time-only cell (`8:30` on `2026/01/07` becomes
/// `2026/01/07 8:30`). A cell with its own date is kept.
fn with_row_date(text: &str, row_date: &str) -> String {
    if row_date.is_empty() || parse_date_time(text).is_ok() || parse_time(text).is_err() {
        return text.to_string();
    }
    // A date cell of a workbook may come as a date-time at midnight.
    let date = match parse_date_time(row_date) {
        Ok(at) => crate::registers::values::date::format_date(at.date()),
        Err(_) => row_date.to_string(),
    };
    format!("{date} {text}")
}

/// Converts validation errors of a row into issues with their columns.
pub fn issues_of(errors: &[Error], layout: &Layout, def: &RegisterDef) -> Vec<Issue> {
    errors
        .iter()
        .map(|err| Issue::from_error(err, layout, def))
        .collect()
}

/// The digest that finds a row again: SHA-256 over the register id and the record's canonical
/// content, so the same row from the same file, or retyped in another, is found.
pub fn digest(def: &RegisterDef, values: &Validated) -> String {
    let content = format!("{}\n{}", def.id, Data::from_validated(values).to_json());
    crate::crypto::to_hex(&crate::crypto::sha256(content.as_bytes()))
}

/// A short description of a row for the report: its primary date and first searchable field.
pub fn summary(def: &RegisterDef, values: &Validated) -> String {
    let mut parts = Vec::new();
    if let Some(value) = values.fields.get(def.primary_date) {
        parts.push(value.to_string());
    }
    if let Some(value) = def
        .fields
        .iter()
        .filter(|field| field.searchable)
        .find_map(|field| values.fields.get(field.id))
    {
        let text = value.to_masked_string();
        let short: String = text.chars().take(30).collect();
        parts.push(if short.len() < text.len() { format!("{short}…") } else { short });
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> SourceRow {
        SourceRow {
            number: 5,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn skipped_rows() {
        let header = row(&["序号", "日期", "标题"]);
        assert_eq!(skip_reason(&row(&["", " ", "\u{3000}"]), &header), Some(SkipReason::Blank));
        assert_eq!(
            skip_reason(&row(&["合 计", "", "12"]), &header),
            Some(SkipReason::Total("合 计".into()))
        );
        assert_eq!(skip_reason(&row(&["序号", "日期", "标题"]), &header), Some(SkipReason::HeaderAgain));
        assert_eq!(skip_reason(&row(&["1", "2025.3.5", "合计表的报送"]), &header), None);
        assert_eq!(skip_reason(&row(&["合计划编制的通知", "2025.3.5"]), &header), None);
        assert_eq!(
            skip_reason(&row(&["", "总计：", "15"]), &header),
            Some(SkipReason::Total("总计：".into()))
        );
    }

    #[test]
    fn row_date_completes_times() {
        assert_eq!(with_row_date("8:30", "2026/01/07"), "2026/01/07 8:30");
        assert_eq!(with_row_date("８：３０", "2026-01-07 00:00"), "2026-01-07 ８：３０");
        assert_eq!(with_row_date("2026-01-08 09:00", "2026/01/07"), "2026-01-08 09:00");
        assert_eq!(with_row_date("8:30", ""), "8:30");
    }

    #[test]
    fn device_keys() {
        assert_eq!(device_key(" ｂｍ-jsj-001 "), "BM-JSJ-001");
    }
}
