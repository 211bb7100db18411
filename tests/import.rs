//! Import of legacy registers on real vaults: what offices write in their files, each bad
//! input with its zh-CN message (the vault unchanged), idempotency, and the command line.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{TestVault, STRONG};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use secledger::auth::Session;
use secledger::import::{ImportOptions, ImportPlan, Mapping, RowOutcome};
use secledger::registers::{by_id, FormInput};
use secledger::{Code, Error};

fn error(result: Result<impl Sized, Error>) -> Error {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(err) => err,
    }
}

struct Office {
    tv: TestVault,
    session: Session,
    zhang: String,
    computer: String,
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

fn office() -> Office {
    let tv = TestVault::new();
    let mut session = tv.activate("secadmin");
    let zhang = add_person(&mut session, "张喆");
    add_person(&mut session, "李堃");
    let input = FormInput::from_pairs(&[
        ("unified_number", "BM-JSJ-001"),
        ("category", "涉密计算机"),
        ("hard_disk_serial", "WD-WX12A3456789"),
        ("classification", "机密"),
        ("custodian", &zhang),
        ("department", "办公室"),
        ("enabled_on", "2025-06-01"),
    ]);
    let computer = session.add_record("devices", &input).unwrap().number;
    Office { tv, session, zhang, computer }
}

/// Counts of records, record versions, imported rows and audit entries of record and import
/// writes: what "the vault is unchanged" is checked by. Logins add audit entries of their own.
fn vault_state(session: &Session) -> [i64; 4] {
    let conn = session.vault().conn();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get(0)).unwrap();
    [
        count("SELECT count(*) FROM records"),
        count("SELECT count(*) FROM record_versions"),
        count("SELECT count(*) FROM imported_rows"),
        count("SELECT count(*) FROM audit_log WHERE action LIKE 'record.%' OR action LIKE 'import.%'"),
    ]
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn preview(session: &mut Session, register: &str, path: &Path, mapping: &str) -> Result<ImportPlan, Error> {
    let def = by_id(register).unwrap();
    let options = ImportOptions { mapping: Mapping::parse(mapping, "mapping.txt", def).unwrap(), sheet: None };
    session.import_preview(register, path, &options)
}

fn report(plan: &ImportPlan) -> String {
    secledger::import::report::render(plan)
}

/// Returns the rejection messages of row `row`.
fn rejections(plan: &ImportPlan, row: usize) -> Vec<String> {
    let planned = plan.rows.iter().find(|p| p.row == row).unwrap_or_else(|| panic!("no row {row}"));
    match &planned.outcome {
        RowOutcome::Rejected(issues) => issues.iter().map(|issue| issue.message.clone()).collect(),
        other => panic!("row {row} should be rejected, got {other:?}"),
    }
}

const INCOMING_HEADER: &[&str] =
    &["序号", "收文\n日期", "成文日期", "来文单位", "文号", "文件标题", "密级", "份数", "份号", "签收人", "来源"];

/// Writes a workbook as offices keep it: a merged title, a unit line, the header on row 3, date cells
/// and text dates, full-width digits, a merged value cell, a blank row and a 合计 row.
fn incoming_workbook(path: &Path) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.merge_range(0, 0, 0, 10, "涉密文件收文登记簿（2025年度）", &Format::new()).unwrap();
    sheet.write_string(1, 0, "登记单位：区保密办").unwrap();
    for (col, header) in INCOMING_HEADER.iter().enumerate() {
        sheet.write_string(2, col as u16, *header).unwrap();
    }
    // Row 4: date cells, numbers as numbers.
    sheet.write_number(3, 0, 1).unwrap();
    sheet.write_datetime_with_format(3, 1, ExcelDateTime::from_ymd(2025, 3, 5).unwrap(), &date).unwrap();
    sheet.write_datetime_with_format(3, 2, ExcelDateTime::from_ymd(2025, 3, 1).unwrap(), &date).unwrap();
    // 来文单位 merged over rows 4 and 5: the second row takes the same unit.
    sheet.merge_range(3, 3, 4, 3, "市保密局", &Format::new()).unwrap();
    let row4 = ["市保发〔2025〕1号", "关于开展保密自查的通知", "机密★10年"];
    for (offset, text) in row4.iter().enumerate() {
        sheet.write_string(3, 4 + offset as u16, *text).unwrap();
    }
    sheet.write_number(3, 7, 2).unwrap();
    sheet.write_string(3, 8, "001-002").unwrap();
    sheet.write_string(3, 9, "张喆").unwrap();
    sheet.write_string(3, 10, "纸质").unwrap();
    // Row 5: text dates in full-width digits and Chinese form, `3份`, 秘密 with an end date.
    let row5 = ["2", "２０２５．３．６", "2025年3月2日", "", "市保发〔2025〕2号", "关于印发工作要点的通知", "秘密★2029年12月31日", "3份", "004-006", "李堃", "纸质"];
    for (col, text) in row5.iter().enumerate() {
        if !text.is_empty() {
            sheet.write_string(4, col as u16, *text).unwrap();
        }
    }
    // Row 6 is blank; row 7 totals the copies.
    sheet.write_string(6, 0, "合计").unwrap();
    sheet.write_number(6, 7, 5).unwrap();
    workbook.save(path).unwrap();
}

#[test]
fn workbook_with_office_forms_imports() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("收文登记簿.xlsx");
    incoming_workbook(&path);

    let plan = preview(&mut o.session, "incoming_documents", &path, "").unwrap();
    let text = report(&plan);
    assert_eq!(plan.layout.header_row, 3, "{text}");
    assert_eq!(plan.layout.unmapped, ["序号"], "{text}");
    let counts = plan.counts();
    assert_eq!((counts.to_import, counts.skipped, counts.rejected), (2, 2, 0), "{text}");
    assert!(text.contains("第 6 行：空行"), "{text}");
    assert!(text.contains("第 7 行：合计行（“合计”）"), "{text}");
    assert!(text.contains("收文日期 → 收到日期"), "{text}");
    assert!(text.contains("未导入的列：序号"), "{text}");

    let numbers = o.session.import_commit(&plan, true, &mut |_, _| {}).unwrap().numbers;
    let first = o.session.get_record(&numbers[0]).unwrap();
    assert_eq!(first.data.field("received_on"), Some("2025-03-05"));
    assert_eq!(first.data.field("classification"), Some("机密★10年"));
    assert_eq!(first.data.field("received_by"), Some(o.zhang.as_str()));
    let second = o.session.get_record(&numbers[1]).unwrap();
    assert_eq!(second.data.field("received_on"), Some("2025-03-06"));
    assert_eq!(second.data.field("issued_on"), Some("2025-03-02"));
    assert_eq!(second.data.field("issuing_unit"), Some("市保密局"), "merged cell copied down");
    assert_eq!(second.data.field("copy_count"), Some("3"));
    assert_eq!(second.data.field("classification"), Some("秘密★2029年12月31日"));
    assert_eq!(second.status, "registered");
}

#[test]
fn workbook_time_cells_join_date_cell() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("使用登记.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("hh:mm");
    for (col, header) in ["设备编号", "日期", "开机时间", "关机时间", "使用人", "使用事由", "打印份数"].iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "bm-jsj-001").unwrap();
    sheet.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2026, 1, 7).unwrap(), &date).unwrap();
    sheet.write_datetime_with_format(1, 2, ExcelDateTime::from_hms(8, 30, 0).unwrap(), &time).unwrap();
    sheet.write_datetime_with_format(1, 3, ExcelDateTime::from_hms(17, 5, 0).unwrap(), &time).unwrap();
    sheet.write_string(1, 4, "张喆").unwrap();
    sheet.write_string(1, 5, "起草报告").unwrap();
    sheet.write_number(1, 6, 2).unwrap();
    workbook.save(&path).unwrap();

    let plan = preview(&mut o.session, "usage_log", &path, "").unwrap();
    let RowOutcome::Import { values, .. } = &plan.rows[0].outcome else { panic!("{}", report(&plan)) };
    assert_eq!(values.fields["started_at"].to_string(), "2026-01-07 08:30");
    assert_eq!(values.fields["ended_at"].to_string(), "2026-01-07 17:05");
    assert_eq!(values.fields["device"].to_string(), o.computer, "device numbers match without case");
}

const LOGBOOK_HEADER: &str = "设备编号,日期,开机时间,关机时间,使用人,使用事由,打印份数\n";

#[test]
fn csv_encodings_and_full_width_times() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let body = format!("{LOGBOOK_HEADER}BM-JSJ-001,２０２６／０１／０７,８：３０,9:00,张喆,起草报告,３份\n");
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(body.as_bytes());
    let (gb18030, _, _) = encoding_rs::GB18030.encode(&body);
    let files = [
        write_file(dir.path(), "utf8.csv", body.as_bytes()),
        write_file(dir.path(), "bom.csv", &with_bom),
        write_file(dir.path(), "gbk.csv", &gb18030),
    ];
    for path in &files {
        let plan = preview(&mut o.session, "usage_log", path, "").unwrap();
        let text = report(&plan);
        assert_eq!(plan.counts().to_import, 1, "{}: {text}", path.display());
        let RowOutcome::Import { values, .. } = &plan.rows[0].outcome else { panic!("{text}") };
        assert_eq!(values.fields["started_at"].to_string(), "2026-01-07 08:30");
        assert_eq!(values.fields["ended_at"].to_string(), "2026-01-07 09:00");
        assert_eq!(values.fields["printed_copies"].to_string(), "3");
        assert_eq!(values.fields["device"].to_string(), o.computer);
    }
    // The three files hold the same row: once imported, the others find it.
    let plan = preview(&mut o.session, "usage_log", &files[0], "").unwrap();
    o.session.import_commit(&plan, false, &mut |_, _| {}).unwrap();
    let plan = preview(&mut o.session, "usage_log", &files[2], "").unwrap();
    assert_eq!(plan.counts().already, 1, "{}", report(&plan));
    assert!(report(&plan).contains("第 2 行：已导入为 SY-"), "{}", report(&plan));
    assert!(report(&plan).contains("（来自“utf8.csv”第 2 行）"), "{}", report(&plan));
}

/// Importing a file again with a corrected mapping finds its rows by file and row, so the
/// correction does not make a second record of each row.
#[test]
fn reimport_with_changed_mapping_adds_nothing() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let body = format!("{LOGBOOK_HEADER}BM-JSJ-001,2026/01/07,8:30,9:00,张喆,起草报告,3\nBM-JSJ-001,2026/01/08,8:30,9:00,张喆,核对台账,1\n");
    let path = write_file(dir.path(), "logbook.csv", body.as_bytes());
    let plan = preview(&mut o.session, "usage_log", &path, "").unwrap();
    assert_eq!(o.session.import_commit(&plan, false, &mut |_, _| {}).unwrap().numbers.len(), 2);

    // Every row now gets a note it did not have, so its content differs from the first import.
    let plan = preview(&mut o.session, "usage_log", &path, "备注:=按纸质台账补登").unwrap();
    let text = report(&plan);
    assert_eq!((plan.counts().to_import, plan.counts().already), (0, 2), "{text}");
    assert!(text.contains("第 3 行：已导入为 SY-"), "{text}");
    assert!(o.session.import_commit(&plan, false, &mut |_, _| {}).unwrap().numbers.is_empty());
}

#[test]
fn bad_rows_are_reported_by_row_and_column() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        "BM-JSJ-001,2026-02-30,8:30,9:00,张喆,起草报告,0",
        "BM-JSJ-999,2026-01-08,8:30,9:00,张喆,起草报告,0",
        "BM-JSJ-001,2026-01-09,10:00,9:00,张喆,起草报告,0",
        "BM-JSJ-001,2026-01-10,8:30,9:00,王五,起草报告,0",
        "BM-JSJ-001,2026-01-11,8:30,9:00,李堃,打印通知,2",
    ];
    let body = format!("{LOGBOOK_HEADER}{}\n", rows.join("\n"));
    let path = write_file(dir.path(), "logbook.csv", body.as_bytes());
    let before = vault_state(&o.session);

    let plan = preview(&mut o.session, "usage_log", &path, "").unwrap();
    let text = report(&plan);
    let counts = plan.counts();
    assert_eq!((counts.to_import, counts.rejected), (1, 4), "{text}");
    assert!(text.contains("第 2 行“开机时间”列："), "{text}");
    assert_eq!(rejections(&plan, 2)[0], "“开始时间”的日期“2026-02-30”不存在：2026年2月只有 28 天。请核对后重新输入。");
    assert!(text.contains("第 3 行“设备编号”列："), "{text}");
    assert_eq!(rejections(&plan, 3)[0], "“设备”：设备编号“BM-JSJ-999”未在设备台账登记。请先在设备台账中登记该设备，再导入。");
    assert!(text.contains("第 4 行“关机时间”列："), "{text}");
    assert!(rejections(&plan, 4)[0].starts_with("“结束时间”（2026-01-09 09:00）早于“开始时间”（2026-01-09 10:00）"), "{text}");
    assert_eq!(rejections(&plan, 5)[0], "“使用人”：“王五”未在涉密人员中登记。请先登记此人，或改填其人员编号或身份证号。");

    // All or nothing: one bad row keeps every row out.
    let err = error(o.session.import_commit(&plan, true, &mut |_, _| {}));
    assert_eq!(err.code(), Code::ImportRowsRejected);
    assert!(err.message().starts_with("有 4 行不能导入（见报告），按 --all-or-nothing 的要求未导入任何记录。"), "{}", err.message());
    assert_eq!(vault_state(&o.session), before);

    // Otherwise the valid row goes in, with its source on the record.
    let numbers = o.session.import_commit(&plan, false, &mut |_, _| {}).unwrap().numbers;
    assert_eq!(numbers.len(), 1);
    let history = o.session.record_history(&numbers[0]).unwrap();
    assert_eq!(history[0].reason, "导入自“logbook.csv”第 6 行");
}

#[test]
fn unknown_classification_names_allowed_levels() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let body = "收文日期,成文日期,来文单位,标题,密级,份数,签收人,来源\n\
                2025-03-05,2025-03-01,市保密局,关于自查的通知,机要★5年,1,张喆,纸质\n";
    let path = write_file(dir.path(), "incoming.csv", body.as_bytes());
    let plan = preview(&mut o.session, "incoming_documents", &path, "").unwrap();
    assert_eq!(
        rejections(&plan, 2),
        ["“密级”的值“机要★5年”无效：应为绝密、机密或秘密，可加保密期限，如“机密★10年”“绝密★长期”“秘密★2029年12月31日”。"]
    );
    assert!(report(&plan).contains("第 2 行“密级”列："), "{}", report(&plan));
}

#[test]
fn ambiguous_name_asks_for_number() {
    let mut o = office();
    let second = add_person(&mut o.session, "张喆");
    let dir = tempfile::tempdir().unwrap();
    let body = format!("{LOGBOOK_HEADER}BM-JSJ-001,2026-01-07,8:30,9:00,张喆,起草报告,0\nBM-JSJ-001,2026-01-07,9:30,10:00,{second},起草报告,0\n");
    let path = write_file(dir.path(), "logbook.csv", body.as_bytes());
    let plan = preview(&mut o.session, "usage_log", &path, "").unwrap();
    let expected = format!("“使用人”：涉密人员中有 2 人名为“张喆”（{}、{second}）。请改填人员编号或身份证号。", o.zhang);
    assert_eq!(rejections(&plan, 2), [expected]);
    assert_eq!(plan.counts().to_import, 1, "a record number resolves directly");
}

#[test]
fn bad_files_change_nothing() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let before = vault_state(&o.session);

    let missing = dir.path().join("登记表.csv");
    let err = error(preview(&mut o.session, "usage_log", &missing, ""));
    assert_eq!(err.code(), Code::ImportFileUnreadable);
    assert_eq!(err.message(), format!("无法读取文件“{}”：文件不存在。请检查文件名和路径。", missing.display()));
    let err = error(preview(&mut o.session, "usage_log", dir.path(), ""));
    assert_eq!(err.code(), Code::ImportFileUnreadable);
    assert!(err.message().ends_with("：这是一个文件夹，不是文件。请检查文件名和路径。"), "{}", err.message());

    let png = write_file(dir.path(), "scan.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let err = error(preview(&mut o.session, "usage_log", &png, ""));
    assert_eq!(err.code(), Code::ImportNotSpreadsheet);
    assert_eq!(
        err.message(),
        "文件“scan.csv”不是可导入的表格（内容不是文字，也不是 .xlsx 工作簿）。请在 Excel 中另存为 .xlsx 或 .csv（逗号分隔）后再导入。"
    );

    let zip = write_file(dir.path(), "archive.xlsx", b"PK\x03\x04 not really a zip");
    let err = error(preview(&mut o.session, "usage_log", &zip, ""));
    assert_eq!(err.code(), Code::ImportNotSpreadsheet);
    assert!(err.message().starts_with("文件“archive.xlsx”不是可导入的表格（无法按 .xlsx 工作簿读取："), "{}", err.message());

    // An encrypted workbook is an OLE compound file holding an `EncryptedPackage` stream,
    // not a zip. This one has the signature and the directory name, which is what is read.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(512, 0);
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    ole.resize(2048, 0);
    let encrypted = write_file(dir.path(), "加密.xlsx", &ole);
    let err = error(preview(&mut o.session, "usage_log", &encrypted, ""));
    assert_eq!(err.code(), Code::ImportEncrypted);
    assert_eq!(
        err.message(),
        "文件“加密.xlsx”是设有打开密码的加密 Excel 文件，无法读取。请在 Excel 中取消打开密码后另存为 .xlsx，再导入。"
    );

    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.resize(2048, 0);
    let legacy = write_file(dir.path(), "旧表.xls", &xls);
    let err = error(preview(&mut o.session, "usage_log", &legacy, ""));
    assert_eq!(err.code(), Code::ImportLegacyXls);
    assert!(err.message().contains("旧版 Excel 97-2003（.xls）格式"), "{}", err.message());

    let empty_path = dir.path().join("空表.xlsx");
    let mut workbook = Workbook::new();
    workbook.add_worksheet().set_name("登记表").unwrap();
    workbook.save(&empty_path).unwrap();
    let err = error(preview(&mut o.session, "usage_log", &empty_path, ""));
    assert_eq!(err.code(), Code::ImportEmpty);
    assert_eq!(err.message(), "文件“空表.xlsx”的工作表“登记表”没有数据。请确认选对了文件和工作表。");

    let other = write_file(dir.path(), "名单.csv", "姓名,电话\n张三,13812345678\n".as_bytes());
    let err = error(preview(&mut o.session, "usage_log", &other, ""));
    assert_eq!(err.code(), Code::ImportHeaderMissing);
    assert_eq!(
        err.message(),
        "在文件“名单.csv”的前 2 行中未找到表头：没有一行含有两个或以上“使用登记”的列名（如“设备”、“使用人”、“开始时间”）。请确认选对了台账，或用 --mapping 指定列名与字段的对应。"
    );

    let no_content = write_file(dir.path(), "缺列.csv", "设备编号,日期,开机时间,使用人\n".as_bytes());
    let err = error(preview(&mut o.session, "usage_log", &no_content, ""));
    assert_eq!(err.code(), Code::ImportFieldUnmapped);
    assert_eq!(
        err.message(),
        "“使用登记”的必填字段“使用内容”在文件中没有对应的列（文件的列：设备编号、日期、开机时间、使用人）。请在映射文件中写一行“列名=使用内容”，或写“使用内容:=值”为每一行填同一个值。"
    );

    let err = error(Mapping::parse("使用事由\n", "映射.txt", by_id("usage_log").unwrap()));
    assert_eq!(
        err.message(),
        "映射文件“映射.txt”第 1 行“使用事由”无效：缺少“=”。每行应为“列名=字段名”、“列名=”（不导入该列）或“字段名:=值”（每行填同一个值）。"
    );

    // Loans are made by their workflow, with the clearance check; an import may not make them.
    let err = error(preview(&mut o.session, "media_loans", &other, ""));
    assert_eq!(err.code(), Code::WorkflowCreateOnly);

    assert_eq!(vault_state(&o.session), before);
}

#[test]
fn missing_sheet_lists_sheets() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("收文登记簿.xlsx");
    incoming_workbook(&path);
    let def = by_id("incoming_documents").unwrap();
    let options = ImportOptions { mapping: Mapping::default(), sheet: Some("2024年".into()) };
    let err = error(o.session.import_preview(def.id, &path, &options));
    assert_eq!(err.code(), Code::ImportSheetMissing);
    assert_eq!(err.message(), "文件“收文登记簿.xlsx”中没有名为“2024年”的工作表。现有工作表：Sheet1。");
}

#[test]
fn file_of_only_bad_rows_imports_nothing() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let body = format!("{LOGBOOK_HEADER}BM-JSJ-999,2026-01-08,8:30,9:00,张喆,起草报告,0\n");
    let path = write_file(dir.path(), "bad.csv", body.as_bytes());
    let before = vault_state(&o.session);
    let plan = preview(&mut o.session, "usage_log", &path, "").unwrap();
    let err = error(o.session.import_commit(&plan, false, &mut |_, _| {}));
    assert_eq!(err.code(), Code::ImportNothingToImport);
    assert_eq!(err.message(), "文件“bad.csv”中没有可导入的行：跳过 0 行，不能导入 1 行，此前已导入 0 行。");
    assert_eq!(vault_state(&o.session), before);
}

#[test]
fn duplicate_unique_value_in_file_is_rejected() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "统一编号,类别,硬盘序列号,密级,责任人,部门,启用日期\n\
         BM-YP-001,U盘,,秘密,张喆,办公室,2025-01-01\n\
         BM-YP-001,移动硬盘,,秘密,{},办公室,2025-01-02\n",
        o.zhang
    );
    let path = write_file(dir.path(), "devices.csv", body.as_bytes());
    let plan = preview(&mut o.session, "devices", &path, "").unwrap();
    assert_eq!(rejections(&plan, 3), ["“统一编号”的值“BM-YP-001”与本文件第 2 行相同，不能重复登记。"]);
}

#[test]
fn repeated_rows_and_header_are_skipped() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let row = "BM-JSJ-001,2026-01-07,8:30,9:00,张喆,起草报告,0";
    let body = format!("涉密计算机使用登记表\n{LOGBOOK_HEADER}{row}\n{LOGBOOK_HEADER}{row}\n,,,,,,\n");
    let path = write_file(dir.path(), "copy.csv", body.as_bytes());
    let plan = preview(&mut o.session, "usage_log", &path, "").unwrap();
    let text = report(&plan);
    assert_eq!(plan.layout.header_row, 2, "{text}");
    assert!(text.contains("第 4 行：重复的表头行"), "{text}");
    assert!(text.contains("第 5 行：与本文件第 3 行内容相同"), "{text}");
    assert!(text.contains("第 6 行：空行"), "{text}");
    assert_eq!(plan.counts().to_import, 1, "{text}");
}

const BIN: &str = env!("CARGO_BIN_EXE_secledger");

fn cli(tv: &TestVault, args: &[&str]) -> std::process::Output {
    let mut full = vec!["--vault", tv.paths.vault.to_str().unwrap(), "--account", "secadmin", "--password-stdin"];
    full.extend_from_slice(args);
    let mut child = Command::new(BIN)
        .args(&full)
        .env_remove("SECLEDGER_LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(format!("{STRONG}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn cli_dry_run_then_import() {
    let mut o = office();
    let dir = tempfile::tempdir().unwrap();
    let body = format!("{LOGBOOK_HEADER}BM-JSJ-001,2026/01/07,8:30,9:00,张喆,起草报告,0\n");
    let path = write_file(dir.path(), "logbook.csv", body.as_bytes());
    let saved = dir.path().join("mapping.txt");
    let before = vault_state(&o.session);
    drop(o.session);

    let output = cli(&o.tv, &["import", "使用登记", path.to_str().unwrap(), "--dry-run", "--save-mapping", saved.to_str().unwrap()]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("将导入 1 行；跳过 0 行；不能导入 0 行；此前已导入 0 行。"), "{stdout}");
    assert!(stdout.contains("以上为预检结果，保密台账未作任何改动。"), "{stdout}");
    let mapping = std::fs::read_to_string(&saved).unwrap();
    assert!(mapping.contains("开机时间=开始时间\n"), "{mapping}");
    assert!(mapping.contains("日期=日期\n"), "{mapping}");

    o.session = o.tv.login("secadmin");
    assert_eq!(vault_state(&o.session), before, "a dry run writes nothing");
    drop(o.session);

    let output = cli(&o.tv, &["import", "SY", path.to_str().unwrap(), "--mapping", saved.to_str().unwrap()]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("已导入 1 条记录到“使用登记”：SY-"), "{stdout}");
    assert!(stderr.contains("检查中：1/1 行"), "{stderr}");
    assert!(stderr.contains("导入中：1/1 行"), "{stderr}");

    let number = stdout.trim().rsplit('：').next().unwrap().split(' ').next().unwrap();
    let output = cli(&o.tv, &["register", "show", number]);
    let shown = String::from_utf8(output.stdout).unwrap();
    assert!(shown.contains("导入自“logbook.csv”第 2 行"), "{shown}");

    let output = cli(&o.tv, &["import", "使用登记", path.to_str().unwrap()]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("此前已导入 1 行"), "{stdout}");
}
