//! Column mapping of a legacy register: the header row, the automatic match of columns to
//! fields by Chinese names and their common variants, and the mapping file a user can correct
//! and save (`列名=字段名` per line).

use std::collections::BTreeSet;

use crate::error::{Code, Error, Result};
use crate::registers::values::normalize::to_half_width;
use crate::registers::{FieldDef, FieldKind, RegisterDef};
use crate::t;

use super::source::SourceRow;

/// The name of a date column whose dates complete time-only cells of date-time fields, as in
/// a logbook with 日期, 开机时间 and 关机时间. It is not a field of any register.
pub const ROW_DATE: &str = "日期";

/// Header names offices write for a field besides its label, by field id. The label itself
/// always matches and wins over a variant.
const VARIANTS: &[(&str, &[&str])] = &[
    ("received_on", &["收文日期", "收到时间", "收文时间", "接收日期"]),
    ("issuing_unit", &["来文机关", "发文单位", "发文机关", "来文单位名称"]),
    ("document_number", &["发文字号", "来文字号", "文件编号", "来文文号", "发文文号"]),
    ("title", &["文件标题", "文件名称", "文件题目", "题名"]),
    (
        "classification",
        &["密级及保密期限", "密级和保密期限", "密级/保密期限", "密级(保密期限)", "密级保密期限", "设备密级"],
    ),
    ("copy_count", &["收文份数", "文件份数", "数量"]),
    ("copy_numbers", &["文件份号"]),
    ("received_by", &["收文人", "接收人", "签收"]),
    ("storage_location", &["存放地点", "保管位置", "存放处"]),
    ("note", &["说明", "备考"]),
    ("device", &["设备编号", "统一编号", "设备统一编号", "计算机编号", "保密编号", "介质编号"]),
    ("medium", &["介质编号", "统一编号"]),
    ("user", &["使用者", "操作人", "使用人员"]),
    ("started_at", &["开机时间", "使用开始时间", "起始时间", "开始使用时间", "开机"]),
    ("ended_at", &["关机时间", "使用结束时间", "结束使用时间", "关机"]),
    ("content", &["使用事由", "工作内容", "使用用途", "用途", "事由"]),
    ("printed_copies", &["打印份数", "打印数量", "复印份数", "份数"]),
    ("unified_number", &["设备编号", "保密编号", "编号", "资产编号"]),
    ("category", &["设备类别", "设备类型", "类型", "设备名称"]),
    ("brand_model", &["品牌", "型号", "品牌及型号"]),
    ("serial_number", &["设备序列号", "出厂编号"]),
    ("hard_disk_serial", &["硬盘号", "硬盘编号"]),
    ("custodian", &["保管人", "管理人", "责任人姓名"]),
    ("enabled_on", &["启用时间", "投入使用日期"]),
    ("id_number", &["身份证号码", "公民身份号码", "身份证"]),
    ("phone", &["电话", "手机", "手机号", "联系方式"]),
    ("department", &["所在部门", "科室", "处室"]),
];

/// Header names of a [`ROW_DATE`] column.
const ROW_DATE_NAMES: &[&str] = &["日期", "使用日期", "登记日期"];

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// The destination of one column's text.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    Field(&'static FieldDef),
    RowDate,
}

/// Targets are the same when they name the same field of a register.
impl PartialEq for Target {
    fn eq(&self, other: &Target) -> bool {
        match (self, other) {
            (Target::Field(a), Target::Field(b)) => a.id == b.id,
            (Target::RowDate, Target::RowDate) => true,
            _ => false,
        }
    }
}

impl Eq for Target {}

impl Target {
    pub fn label(&self) -> &'static str {
        match self {
            Target::Field(field) => field.label,
            Target::RowDate => ROW_DATE,
        }
    }
}

/// One mapped column.
#[derive(Debug, Clone)]
pub struct Column {
    /// Position in the row's cells.
    pub index: usize,
    pub header: String,
    pub targets: Vec<Target>,
}

/// The columns of a file matched to the fields of a register.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Row number of the header, as the spreadsheet program shows it.
    pub header_row: usize,
    /// Position of the header in the table's rows.
    pub header_index: usize,
    pub columns: Vec<Column>,
    /// Headers of the columns that fill no field.
    pub unmapped: Vec<String>,
    /// Values filled into every row of a field that no column fills.
    pub fixed: Vec<(&'static FieldDef, String)>,
}

impl Layout {
    /// Returns the columns that fill `target`, in file order.
    pub fn columns_of<'a>(&'a self, target: Target) -> impl Iterator<Item = &'a Column> + 'a {
        self.columns
            .iter()
            .filter(move |column| column.targets.contains(&target))
    }

    /// Writes the layout as a mapping file that [`Mapping::parse`] reads back.
    pub fn to_mapping_text(&self, def: &RegisterDef) -> String {
        let mut text = t!("import.mapping_file_header", register = def.name);
        text.push('\n');
        for column in &self.columns {
            let labels: Vec<&str> = column.targets.iter().map(Target::label).collect();
            text.push_str(&format!("{}={}\n", column.header, labels.join(",")));
        }
        for header in &self.unmapped {
            text.push_str(&format!("{header}=\n"));
        }
        for (field, value) in &self.fixed {
            text.push_str(&format!("{}:={}\n", field.label, value));
        }
        text
    }
}

/// A user's corrections: columns to fields, columns left out, and fixed values.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// Normalised header and the targets it fills; no targets leaves the column out.
    pub columns: Vec<(String, Vec<Target>)>,
    pub fixed: Vec<(&'static FieldDef, String)>,
}

impl Mapping {
    /// Parses a mapping file for `def`. `file` names the file in error messages.
    pub fn parse(text: &str, file: &str, def: &'static RegisterDef) -> Result<Mapping> {
        let mut mapping = Mapping::default();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim().trim_start_matches('\u{FEFF}');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let invalid = |reason: String| {
                Error::new(Code::ImportMappingInvalid)
                    .arg("file", file)
                    .arg("line", index + 1)
                    .arg("text", line)
                    .arg("reason", reason)
            };
            if let Some((field, value)) = line.split_once(":=") {
                let field = find_field(def, field.trim()).map_err(invalid)?;
                let Target::Field(field) = field else {
                    return Err(invalid(unknown_field_reason(def, ROW_DATE)));
                };
                mapping.fixed.push((field, value.trim().to_string()));
                continue;
            }
            let Some((column, fields)) = line.split_once('=') else {
                return Err(invalid(t!("import.mapping_reason.no_equals")));
            };
            let column = normalize_header(column);
            if column.is_empty() {
                return Err(invalid(t!("import.mapping_reason.empty_column")));
            }
            let mut targets = Vec::new();
            for name in fields.split([',', '，', '、']).map(str::trim).filter(|n| !n.is_empty()) {
                targets.push(find_field(def, name).map_err(invalid)?);
            }
            mapping.columns.push((column, targets));
        }
        Ok(mapping)
    }

    fn targets_of(&self, header: &str) -> Option<&[Target]> {
        self.columns
            .iter()
            .find(|(column, _)| column == header)
            .map(|(_, targets)| targets.as_slice())
    }
}

fn find_field(def: &'static RegisterDef, name: &str) -> std::result::Result<Target, String> {
    if name == ROW_DATE && !def.fields.iter().any(|f| f.label == ROW_DATE) {
        return Ok(Target::RowDate);
    }
    def.fields
        .iter()
        .find(|field| field.label == name || field.id == name)
        .map(Target::Field)
        .ok_or_else(|| unknown_field_reason(def, name))
}

fn unknown_field_reason(def: &RegisterDef, name: &str) -> String {
    let labels: Vec<&str> = def.fields.iter().map(|field| field.label).collect();
    t!(
        "import.mapping_reason.unknown_field",
        field = name,
        register = def.name,
        allowed = labels.join("、")
    )
}

/// Normalises a header cell: half-width forms, no blanks or line breaks, no required-field
/// marks (`*`, `(必填)`), no trailing colon and no trailing unit in brackets (`打印份数（份）`).
/// No field label ends in brackets, so a unit never hides a label.
pub fn normalize_header(text: &str) -> String {
    let text: String = to_half_width(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    let text = text
        .trim_end_matches("(必填)")
        .trim_end_matches("(选填)")
        .trim_end_matches([':', '：']);
    let text = match text.strip_suffix(')').and_then(|inner| inner.rfind('(').map(|open| (inner, open))) {
        Some((inner, open)) if open > 0 && inner[open + 1..].chars().count() <= UNIT_MAX_CHARS => &inner[..open],
        _ => text,
    };
    text.to_string()
}

/// The longest bracketed unit that `normalize_header` drops, as in `（小时）` or `（份/页）`.
const UNIT_MAX_CHARS: usize = 6;

/// Finds the target a header names without a user mapping, skipping targets already taken.
fn auto_target(def: &'static RegisterDef, header: &str, taken: &BTreeSet<&str>) -> Option<Target> {
    let free = |field: &&FieldDef| !taken.contains(field.label);
    if let Some(field) = def
        .fields
        .iter()
        .filter(free)
        .find(|field| normalize_header(field.label) == header)
    {
        return Some(Target::Field(field));
    }
    let has_date_time = def.fields.iter().any(|f| f.kind == FieldKind::DateTime);
    if ROW_DATE_NAMES.contains(&header) && !taken.contains(ROW_DATE) {
        if has_date_time {
            return Some(Target::RowDate);
        }
        // A register of plain dates reads a 日期 column as its primary date.
        if let Some(field) = def.field(def.primary_date).filter(free) {
            return Some(Target::Field(field));
        }
    }
    def.fields.iter().filter(free).find_map(|field| {
        let names = VARIANTS.iter().find(|(id, _)| *id == field.id)?.1;
        names.contains(&header).then_some(Target::Field(field))
    })
}

/// Counts how many cells of `row` name a field of `def` (or a column of `mapping`).
fn header_score(def: &'static RegisterDef, row: &SourceRow, mapping: &Mapping) -> usize {
    let mut taken = BTreeSet::new();
    let mut score = 0;
    for cell in &row.cells {
        let header = normalize_header(cell);
        if header.is_empty() {
            continue;
        }
        if mapping.targets_of(&header).is_some_and(|targets| !targets.is_empty()) {
            score += 1;
        } else if let Some(target) = auto_target(def, &header, &taken) {
            taken.insert(target.label());
            score += 1;
        }
    }
    score
}

/// Finds the header among the first rows (below title and unit lines) and maps its columns.
///
/// NOTE: a header over two rows (使用时间 merged above 开机 and 关机) is read from the one row
/// that names more fields; columns named only in the other row need a mapping file.
pub fn layout(
    def: &'static RegisterDef,
    rows: &[SourceRow],
    mapping: &Mapping,
    file: &str,
) -> Result<Layout> {
    let mut best: Option<(usize, usize)> = None;
    for (index, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let score = header_score(def, row, mapping);
        if score >= 2 && best.is_none_or(|(_, best_score)| score > best_score) {
            best = Some((index, score));
        }
    }
    let Some((header_index, _)) = best else {
        let examples: Vec<String> = def
            .fields
            .iter()
            .filter(|f| f.required)
            .take(3)
            .map(|f| format!("“{}”", f.label))
            .collect();
        return Err(Error::new(Code::ImportHeaderMissing)
            .arg("file", file)
            .arg("rows", HEADER_SEARCH_ROWS.min(rows.len()))
            .arg("register", def.name)
            .arg("examples", examples.join("、")));
    };

    let header = &rows[header_index];
    let mut columns = Vec::new();
    let mut unmapped = Vec::new();
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    // Columns the user mapped claim their fields before automatic matching runs. Text fields
    // stay open, because several columns joined into one (拷贝情况 into 备注) lose nothing.
    for (column, targets) in &mapping.columns {
        if header.cells.iter().any(|cell| normalize_header(cell) == *column) {
            taken.extend(targets.iter().filter(|t| !is_text(t)).map(Target::label));
        }
    }
    for (index, cell) in header.cells.iter().enumerate() {
        let name = normalize_header(cell);
        if name.is_empty() {
            continue;
        }
        let targets = match mapping.targets_of(&name) {
            Some(targets) => targets.to_vec(),
            None => match auto_target(def, &name, &taken) {
                Some(target) => {
                    taken.insert(target.label());
                    vec![target]
                }
                None => Vec::new(),
            },
        };
        if targets.is_empty() {
            unmapped.push(name);
        } else {
            columns.push(Column {
                index,
                header: name,
                targets,
            });
        }
    }

    let fixed: Vec<(&'static FieldDef, String)> = mapping
        .fixed
        .iter()
        .filter(|(field, _)| !columns.iter().any(|c| c.targets.contains(&Target::Field(field))))
        .cloned()
        .collect();
    let layout = Layout {
        header_row: header.number,
        header_index,
        columns,
        unmapped,
        fixed,
    };
    check_required(def, &layout, header)?;
    Ok(layout)
}

fn is_text(target: &Target) -> bool {
    matches!(
        target,
        Target::Field(FieldDef { kind: FieldKind::Text | FieldKind::LongText, .. })
    )
}

fn check_required(def: &RegisterDef, layout: &Layout, header: &SourceRow) -> Result<()> {
    for field in def.fields.iter().filter(|field| field.required) {
        let mapped = layout.columns_of(Target::Field(field)).next().is_some()
            || layout.fixed.iter().any(|(fixed, _)| fixed.id == field.id);
        if !mapped {
            let headers: Vec<String> = header
                .cells
                .iter()
                .map(|cell| normalize_header(cell))
                .filter(|cell| !cell.is_empty())
                .collect();
            return Err(Error::new(Code::ImportFieldUnmapped)
                .field(field.label)
                .arg("register", def.name)
                .arg("columns", headers.join("、")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registers::by_id;

    fn row(number: usize, cells: &[&str]) -> SourceRow {
        SourceRow {
            number,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn headers_normalise() {
        assert_eq!(normalize_header(" 收文\n日期 "), "收文日期");
        assert_eq!(normalize_header("*使用人（必填）"), "使用人");
        assert_eq!(normalize_header("备注："), "备注");
    }

    #[test]
    fn logbook_header_below_title() {
        let def = by_id("usage_log").unwrap();
        let rows = [
            row(1, &["涉密计算机使用登记表"]),
            row(2, &["设备编号", "日期", "开机时间", "关机时间", "使用人", "使用事由", "打印份数", "拷贝情况"]),
        ];
        let layout = layout(def, &rows, &Mapping::default(), "a.csv").unwrap();
        assert_eq!(layout.header_row, 2);
        let mapped: Vec<(&str, &str)> = layout
            .columns
            .iter()
            .map(|c| (c.header.as_str(), c.targets[0].label()))
            .collect();
        assert_eq!(
            mapped,
            [
                ("设备编号", "设备"),
                ("日期", ROW_DATE),
                ("开机时间", "开始时间"),
                ("关机时间", "结束时间"),
                ("使用人", "使用人"),
                ("使用事由", "使用内容"),
                ("打印份数", "印制份数"),
            ]
        );
        assert_eq!(layout.unmapped, ["拷贝情况"]);
    }

    #[test]
    fn user_mapping_joins_text_columns() {
        let def = by_id("usage_log").unwrap();
        let rows = [row(1, &["设备编号", "开机时间", "使用人", "使用事由", "拷贝情况", "备注"])];
        let mapping = Mapping::parse("拷贝情况=备注\n开机时间=结束时间\n", "m.txt", def).unwrap();
        let layout = layout(def, &rows, &mapping, "a.csv");
        // 开机时间 now fills 结束时间, so 开始时间 has no column.
        assert_eq!(layout.unwrap_err().code(), Code::ImportFieldUnmapped);
        let mapping = Mapping::parse("拷贝情况=备注\n", "m.txt", def).unwrap();
        let layout = layout_of(def, &rows, &mapping);
        let note: Vec<&str> = layout
            .columns_of(Target::Field(def.field("note").unwrap()))
            .map(|c| c.header.as_str())
            .collect();
        assert_eq!(note, ["拷贝情况", "备注"]);
    }

    fn layout_of(def: &'static RegisterDef, rows: &[SourceRow], mapping: &Mapping) -> Layout {
        layout(def, rows, mapping, "a.csv").unwrap()
    }

    #[test]
    fn mapping_file_round_trip() {
        let def = by_id("incoming_documents").unwrap();
        let text = "# 注释\n收文日期=收到日期,成文日期\n序号=\n来源:=纸质\n";
        let mapping = Mapping::parse(text, "m.txt", def).unwrap();
        assert_eq!(mapping.columns[0].1.len(), 2);
        assert!(mapping.columns[1].1.is_empty());
        assert_eq!(mapping.fixed[0].0.id, "source");
    }

    #[test]
    fn header_units_in_brackets_dropped() {
        assert_eq!(normalize_header("打印份数（份）"), "打印份数");
        assert_eq!(normalize_header("使用时长(小时) "), "使用时长");
        assert_eq!(normalize_header("份数（必填）"), "份数");
        assert_eq!(normalize_header("出国（境）审批"), "出国(境)审批");
        assert_eq!(normalize_header("（份）"), "(份)");
    }

    #[test]
    fn mapping_file_errors_name_line() {
        let def = by_id("incoming_documents").unwrap();
        let err = Mapping::parse("收文日期=收到日期\n文号\n", "m.txt", def).unwrap_err();
        assert_eq!(err.code(), Code::ImportMappingInvalid);
        assert_eq!(err.arg_value("line"), Some("2"));
        let err = Mapping::parse("收文日期=到达日期\n", "m.txt", def).unwrap_err();
        assert!(err.message().contains("“到达日期”不是“收文登记”的字段"), "{}", err.message());
    }
}
