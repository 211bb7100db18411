//! The first real run of an office: import the two sample legacy registers (an XLSX incoming
//! register and a GB18030 CSV usage logbook) into a new vault, list the today items, and print
//! a circulation slip and a device's January logbook, checked with pdftotext and qpdf.
//!
//! Needs `poppler-utils` and `qpdf` (scripts/install-deps installs them).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use common::TestVault;
use secledger::auth::Session;
use secledger::import::{ImportOptions, ImportPlan, Mapping, RowOutcome};
use secledger::print::LogbookRange;
use secledger::registers::{by_id, FormInput};

const INCOMING_FILE: &str = "涉密文件收文登记簿-2025.xlsx";
const USAGE_FILE: &str = "涉密计算机使用登记表-GBK.csv";

/// The office's corrections for the incoming register. The legacy book has no 成文日期 and
/// no 来源 column: the receiving date stands in for the first, and every book entry was
/// received on paper. 传阅情况 and 归还日期 go into 备注 so nothing on the book is lost.
const INCOMING_MAPPING: &str = "\
收文日期=收到日期,成文日期
传阅情况=备注
归还日期=备注
来源:=纸质
序号=
";

/// The logbook's 拷贝情况 records data exported to media; it goes into 备注.
const USAGE_MAPPING: &str = "\
拷贝情况=备注
设备名称=
";

const DEVICES: &[(&str, &str)] = &[
    ("BM-JSJ-2019-001", "涉密计算机"),
    ("BM-JSJ-2021-003", "涉密计算机"),
    ("BM-DYJ-2020-002", "打印机"),
    ("BM-YP-2022-011", "移动硬盘"),
];

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/samples").join(name)
}

/// Reads one column of a sample through the importer's reader: the names to register first.
fn column_values(file: &str, header: &str) -> BTreeSet<String> {
    let bytes = std::fs::read(sample(file)).unwrap();
    let table = secledger::import::source::read_bytes(bytes, file, None).unwrap();
    let header_row = table
        .rows
        .iter()
        .position(|row| row.cells.iter().any(|cell| cell == header))
        .expect("header row");
    let index = table.rows[header_row].cells.iter().position(|cell| cell == header).unwrap();
    table.rows[header_row + 1..]
        .iter()
        .filter_map(|row| row.cells.get(index))
        .map(|cell| cell.trim().to_string())
        .filter(|cell| !cell.is_empty())
        .collect()
}

fn add_person(session: &mut Session, name: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("name", name),
        ("id_number", &common::id_number()),
        ("department", "办公室"),
        ("post", "机要员"),
        ("post_level", "重要"),
        ("proposed_on", "2024-01-05"),
    ]);
    session.add_record("personnel", &input).unwrap().number
}

fn add_device(session: &mut Session, unified: &str, category: &str, custodian: &str) -> String {
    let mut pairs = vec![
        ("unified_number", unified),
        ("category", category),
        ("classification", "机密"),
        ("custodian", custodian),
        ("department", "办公室"),
        ("enabled_on", "2019-03-01"),
    ];
    if category == "涉密计算机" {
        pairs.push(("hard_disk_serial", "WD-WX12A3456789"));
    }
    session.add_record("devices", &FormInput::from_pairs(&pairs)).unwrap().number
}

fn preview(session: &mut Session, register: &str, file: &str, mapping: &str) -> ImportPlan {
    let def = by_id(register).unwrap();
    let options = ImportOptions {
        mapping: Mapping::parse(mapping, "mapping.txt", def).unwrap(),
        sheet: None,
    };
    session.import_preview(register, &sample(file), &options).unwrap()
}

fn pdftotext(pdf: &Path) -> String {
    let output = Command::new("pdftotext").args(["-layout", pdf.to_str().unwrap(), "-"]).output().unwrap();
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn qpdf_check(pdf: &Path) {
    let output = Command::new("qpdf").args(["--check", pdf.to_str().unwrap()]).output().unwrap();
    assert!(output.status.success(), "qpdf --check failed: {}", String::from_utf8_lossy(&output.stdout));
}

/// Text without blanks, since pdftotext spaces out table cells.
fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn first_real_run_imports_and_prints() {
    let tv = TestVault::new();
    let mut session = tv.activate("secadmin");

    // People and devices first: the legacy files name them, the records refer to numbers.
    let mut names = column_values(INCOMING_FILE, "签收人");
    names.extend(column_values(USAGE_FILE, "使用人"));
    let people: Vec<String> = names.iter().map(|name| add_person(&mut session, name)).collect();
    let custodian = people[0].clone();
    let devices: Vec<String> = DEVICES
        .iter()
        .map(|(unified, category)| add_device(&mut session, unified, category, &custodian))
        .collect();

    // 收文登记 from the workbook: title and unit lines above the header, mixed dates.
    let plan = preview(&mut session, "incoming_documents", INCOMING_FILE, INCOMING_MAPPING);
    let report = secledger::import::report::render(&plan);
    let counts = plan.counts();
    assert_eq!(plan.layout.header_row, 3, "{report}");
    assert_eq!(counts.rejected, 0, "{report}");
    assert_eq!(counts.skipped, 0, "{report}");
    assert_eq!(counts.to_import, 180, "{report}");
    assert!(report.contains("将导入 180 行；跳过 0 行；不能导入 0 行；此前已导入 0 行。"), "{report}");
    let incoming = session.import_commit(&plan, true, &mut |_, _| {}).unwrap().numbers;
    assert_eq!(incoming.len(), 180);

    // Row 4 of the book: a date cell, 绝密★10年, two copies, circulated to two readers.
    let first = session.get_record(&incoming[0]).unwrap();
    assert_eq!(first.data.field("received_on"), Some("2025-01-07"));
    assert_eq!(first.data.field("issued_on"), Some("2025-01-07"));
    assert_eq!(first.data.field("classification"), Some("绝密★10年"));
    assert_eq!(first.data.field("copy_count"), Some("2"));
    assert_eq!(first.data.field("source"), Some("纸质"));
    assert_eq!(first.data.field("note"), Some("已传阅：丁娟、叶芳；归还日期：2025-01-11"));
    assert_eq!(first.status, "registered");
    // Rows 5 to 8: `2025.1.7`, `2025/01/09`, a date cell, `2025年1月10日`.
    let dates: Vec<String> = incoming[1..5]
        .iter()
        .map(|number| session.get_record(number).unwrap().data.field("received_on").unwrap().to_string())
        .collect();
    assert_eq!(dates, ["2025-01-07", "2025-01-09", "2025-01-09", "2025-01-10"]);
    let history = session.record_history(&incoming[0]).unwrap();
    assert_eq!(history[0].reason, format!("导入自“{INCOMING_FILE}”第 4 行"));

    // 使用登记 from the GB18030 CSV: 日期 + 开机时间/关机时间 become start and end.
    let plan = preview(&mut session, "usage_log", USAGE_FILE, USAGE_MAPPING);
    let report = secledger::import::report::render(&plan);
    let counts = plan.counts();
    assert_eq!(counts.rejected, 0, "{report}");
    assert_eq!(counts.skipped, 0, "{report}");
    assert_eq!(counts.to_import, 400, "{report}");
    let usage = session.import_commit(&plan, true, &mut |_, _| {}).unwrap().numbers;
    assert_eq!(usage.len(), 400);
    let entry = session.get_record(&usage[0]).unwrap();
    assert_eq!(entry.data.field("device"), Some(devices[1].as_str()));
    assert_eq!(entry.data.field("started_at"), Some("2026-01-07 10:30"));
    assert_eq!(entry.data.field("ended_at"), Some("2026-01-07 11:00"));
    assert_eq!(entry.data.field("content"), Some("复印审批件"));
    assert_eq!(entry.data.field("note"), Some("无"));
    // The sample has CRLF line ends, as Excel writes them: the first entry is line 2, the last
    // line 401.
    let history = session.record_history(&usage[0]).unwrap();
    assert_eq!(history[0].reason, format!("导入自“{USAGE_FILE}”第 2 行"));
    let history = session.record_history(&usage[399]).unwrap();
    assert_eq!(history[0].reason, format!("导入自“{USAGE_FILE}”第 401 行"));
    let exported = usage
        .iter()
        .map(|number| session.get_record(number).unwrap())
        .find(|record| record.data.field("note").is_some_and(|note| note.contains("导出至")))
        .expect("an entry with data exported to a medium");
    assert_eq!(exported.data.field("note"), Some("导出至BM-YP-2022-011"));

    // The same files again: every row is found and nothing is added.
    for (register, file, mapping, total) in [
        ("incoming_documents", INCOMING_FILE, INCOMING_MAPPING, 180),
        ("usage_log", USAGE_FILE, USAGE_MAPPING, 400),
    ] {
        let again = preview(&mut session, register, file, mapping);
        let counts = again.counts();
        assert_eq!((counts.to_import, counts.already), (0, total), "{file}");
        assert!(session.import_commit(&again, false, &mut |_, _| {}).unwrap().numbers.is_empty());
        let report = secledger::import::report::render(&again);
        assert!(report.contains("此前已导入的行"), "{report}");
    }
    // One audit entry per import that wrote records, naming the file; the repeats wrote none.
    let imports: Vec<String> = {
        let conn = session.vault().conn();
        let mut stmt = conn.prepare("SELECT target FROM audit_log WHERE action = 'import.run' ORDER BY seq").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(imports, [INCOMING_FILE, USAGE_FILE]);

    let again = preview(&mut session, "incoming_documents", INCOMING_FILE, INCOMING_MAPPING);
    match &again.rows[0].outcome {
        RowOutcome::AlreadyImported { number, file, row } => {
            assert_eq!(number, &incoming[0]);
            assert_eq!(file, INCOMING_FILE);
            assert_eq!(*row, 4);
        }
        other => panic!("row 4 should be found as imported, got {other:?}"),
    }

    // Today: documents with short 保密期限 (such as 机密★1年 from January 2025) are due for
    // review, so the list names imported documents.
    let today = NaiveDate::from_ymd_opt(2026, 1, 20).unwrap();
    let items = session.today(today, None).unwrap();
    let imported: BTreeSet<&str> = incoming.iter().map(String::as_str).collect();
    let reviews: Vec<_> = items
        .iter()
        .filter(|item| imported.contains(item.number.as_str()) && item.deadline.id == "secrecy_term_review")
        .collect();
    assert!(!reviews.is_empty(), "today items: {:?}", items.iter().map(|i| &i.number).collect::<Vec<_>>());

    // A circulation slip of an imported document.
    let dir = tempfile::tempdir().unwrap();
    let slip = dir.path().join("slip.pdf");
    session.print_circulation_slip(&incoming[0], &slip).unwrap();
    let text = flat(&pdftotext(&slip));
    assert!(text.contains("关于做好涉密文件清退工作的通知"), "{text}");
    assert!(text.contains("区公保〔2025〕53号"), "{text}");
    assert!(text.contains(&incoming[0]), "{text}");
    qpdf_check(&slip);

    // January's logbook of BM-JSJ-2019-001, imported from the CSV.
    let logbook = dir.path().join("logbook.pdf");
    let range = LogbookRange {
        from: NaiveDate::from_ymd_opt(2026, 1, 1),
        to: NaiveDate::from_ymd_opt(2026, 1, 31),
    };
    session.print_usage_logbook(Some(&devices[0]), range, &logbook).unwrap();
    let text = flat(&pdftotext(&logbook));
    assert!(text.contains("BM-JSJ-2019-001"), "{text}");
    assert!(text.contains("统计报表"), "{text}");
    assert!(text.contains("魏颋"), "{text}");
    assert!(!text.contains("BM-DYJ-2020-002"), "another device's entries: {text}");
    qpdf_check(&logbook);
}
