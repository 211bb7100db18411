//! Benchmarks of the legacy-register import: a usage logbook of 100,000 rows as CSV and an
//! incoming register of 10,000 rows as XLSX, each checked and written into a fresh copy of a
//! vault that contains the 50 devices and 20 people the rows name. The timed part is what
//! `secledger import` does after login: read, map, check every row, then write every record
//! with its version, links, text index, imported-row digest and audit entry.
//!
//! Run with `cargo bench --bench import`; `BENCH_IMPORT_ROWS` sets a smaller logbook for a
//! quick look, `BENCH_DIR` where the files go. docs/BENCHMARKS.md holds the results.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use secledger::auth::{self, InitOptions, Session};
use secledger::crypto::KdfParams;
use secledger::import::{ImportOptions, RowOutcome};
use secledger::records::Data;
use secledger::registers::FormInput;
use secledger::vault::VaultPaths;

const DEVICES: usize = 50;
const PEOPLE: usize = 20;
const XLSX_ROWS: usize = 10_000;
const PASSWORD: &str = "Bench#Pass2026";

const CONTENTS: &[&str] = &["起草年度保密自查报告", "打印会议纪要", "整理涉密文件目录", "编辑工作简报", "复核统计报表"];

fn csv_rows() -> usize {
    std::env::var("BENCH_IMPORT_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

fn id_number(n: u32) -> String {
    let first_17 = format!("11010519800101{:03}", n % 1000);
    secledger::registers::values::ResidentId::complete(&first_17).expect("17 digits")
}

fn person_name(i: usize) -> String {
    format!("人员{i:02}")
}

fn device_number(i: usize) -> String {
    format!("BM-JSJ-{i:03}")
}

/// A vault with the devices and people, closed, so each iteration copies it.
struct Template {
    dir: tempfile::TempDir,
    paths: VaultPaths,
}

fn template() -> Template {
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into())).unwrap();
    let paths = VaultPaths::beside(dir.path().join("template.vault"));
    let options = InitOptions { kdf: Some(KdfParams::FLOOR), ..InitOptions::default() };
    let report = auth::init(&paths, &options).unwrap();
    let first = &report.accounts.iter().find(|(n, _, _)| n == "secadmin").unwrap().2;
    let mut session = Session::login(&paths, "secadmin", first).unwrap();
    session.change_password(PASSWORD, PASSWORD).unwrap();

    let people: Vec<String> = (0..PEOPLE)
        .map(|i| {
            let input = FormInput::from_pairs(&[
                ("name", &person_name(i)),
                ("id_number", &id_number(i as u32)),
                ("department", "办公室"),
                ("post", "机要员"),
                ("post_level", "核心"),
                ("proposed_on", "2016-01-01"),
            ]);
            session.add_record("personnel", &input).unwrap().number
        })
        .collect();
    for i in 0..DEVICES {
        let input = FormInput::from_pairs(&[
            ("unified_number", &device_number(i)),
            ("category", "涉密计算机"),
            ("hard_disk_serial", &format!("WD-{i:08}")),
            ("classification", "机密"),
            ("custodian", &people[i % PEOPLE]),
            ("department", "办公室"),
            ("enabled_on", "2016-01-01"),
        ]);
        session.add_record("devices", &input).unwrap();
    }
    drop(session);
    Template { dir, paths }
}

impl Template {
    /// Copies the vault and keyring to a new name and logs in there.
    fn fresh(&self, name: &str) -> (Session, PathBuf) {
        let vault = self.dir.path().join(format!("{name}.vault"));
        let paths = VaultPaths::beside(&vault);
        std::fs::copy(&self.paths.vault, &paths.vault).unwrap();
        std::fs::copy(&self.paths.keyring, &paths.keyring).unwrap();
        let session = Session::login(&paths, "secadmin", PASSWORD).unwrap();
        (session, vault)
    }
}

fn remove_vault(vault: &Path) {
    for suffix in ["", ".keyring", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", vault.display()));
    }
}

/// Writes a logbook as offices export it from Excel: GB18030, 日期 apart from the times.
fn write_logbook_csv(path: &Path, rows: usize) {
    let mut text = String::from("设备编号,设备名称,日期,开机时间,关机时间,使用人,使用事由,打印份数,备注\n");
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    for i in 0..rows {
        let day = start + chrono::Duration::days((i / 8) as i64);
        let hour = 8 + i % 8;
        text.push_str(&format!(
            "{},涉密计算机,{},{}:00,{}:45,{},{},{},\n",
            device_number(i % DEVICES),
            day.format("%Y/%m/%d"),
            hour,
            hour,
            person_name(i % PEOPLE),
            CONTENTS[i % CONTENTS.len()],
            i % 4
        ));
    }
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(path, bytes).unwrap();
}

/// Writes an incoming register with a title line, date cells and 密级 with 保密期限.
fn write_incoming_xlsx(path: &Path, rows: usize) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.merge_range(0, 0, 0, 9, "涉密文件收文登记簿", &Format::new()).unwrap();
    let header = ["收文日期", "成文日期", "来文单位", "文号", "文件标题", "密级", "份数", "份号", "签收人", "来源"];
    for (col, text) in header.iter().enumerate() {
        sheet.write_string(1, col as u16, *text).unwrap();
    }
    let levels = ["机密★10年", "秘密★5年", "绝密★长期", "秘密"];
    for i in 0..rows {
        let row = 2 + i as u32;
        let received = ExcelDateTime::from_ymd(2016 + (i / 2000) as u16, 1 + (i % 12) as u8, 1 + (i % 28) as u8).unwrap();
        sheet.write_datetime_with_format(row, 0, &received, &date).unwrap();
        sheet.write_datetime_with_format(row, 1, &received, &date).unwrap();
        sheet.write_string(row, 2, "市保密局").unwrap();
        sheet.write_string(row, 3, format!("市保发〔2025〕{i}号")).unwrap();
        sheet.write_string(row, 4, format!("关于做好第{i}项保密工作的通知")).unwrap();
        sheet.write_string(row, 5, levels[i % levels.len()]).unwrap();
        sheet.write_number(row, 6, 1).unwrap();
        sheet.write_string(row, 7, format!("{:03}", 1 + i % 900)).unwrap();
        sheet.write_string(row, 8, person_name(i % PEOPLE)).unwrap();
        sheet.write_string(row, 9, "纸质").unwrap();
    }
    workbook.save(path).unwrap();
}

/// Runs preview and commit, checking that every row went in.
fn import(session: &mut Session, register: &str, file: &Path, expected: usize) {
    let plan = session.import_preview(register, file, &ImportOptions::default()).unwrap();
    let counts = plan.counts();
    assert_eq!(counts.to_import, expected, "{}", secledger::import::report::render(&plan));
    let result = session.import_commit(&plan, true, &mut |_, _| {}).unwrap();
    assert_eq!(result.numbers.len(), expected);
}

fn benches(c: &mut Criterion) {
    let template = template();
    let rows = csv_rows();
    let csv = template.dir.path().join("logbook.csv");
    write_logbook_csv(&csv, rows);
    let xlsx = template.dir.path().join("incoming.xlsx");
    write_incoming_xlsx(&xlsx, XLSX_ROWS);

    // One untimed pass of each, split into preview and commit, for the docs.
    for (register, file, expected) in [("usage_log", &csv, rows), ("incoming_documents", &xlsx, XLSX_ROWS)] {
        let (mut session, vault) = template.fresh("split");
        let begun = Instant::now();
        let plan = session.import_preview(register, file, &ImportOptions::default()).unwrap();
        let preview = begun.elapsed().as_secs_f64();
        let begun = Instant::now();
        session.import_commit(&plan, true, &mut |_, _| {}).unwrap();
        let commit = begun.elapsed().as_secs_f64();
        eprintln!("{register}: {expected} rows, preview {preview:.2} s, commit {commit:.2} s");
        drop(session);
        remove_vault(&vault);

        // The same records through `add_records_bulk`, which validates and writes them without
        // the import's digests: the baseline the import's own cost is read against.
        let inputs: Vec<FormInput> = plan
            .rows
            .iter()
            .filter_map(|row| match &row.outcome {
                RowOutcome::Import { values, .. } => Some(Data::from_validated(values).to_input()),
                _ => None,
            })
            .collect();
        let (mut session, vault) = template.fresh("baseline");
        let begun = Instant::now();
        session.add_records_bulk(register, &inputs, "基准数据", &mut |_| {}).unwrap();
        eprintln!("{register}: add_records_bulk of the same {} records {:.2} s", inputs.len(), begun.elapsed().as_secs_f64());
        drop(session);
        remove_vault(&vault);
    }

    let mut group = c.benchmark_group("import");
    group.sample_size(10).measurement_time(Duration::from_secs(60)).warm_up_time(Duration::from_secs(1));
    // Each iteration's vault is removed when the next one is made, so at most two exist.
    let mut n = 0;
    let mut previous: Option<PathBuf> = None;
    let mut next_vault = |prefix: &str| {
        if let Some(vault) = previous.take() {
            remove_vault(&vault);
        }
        n += 1;
        let (session, vault) = template.fresh(&format!("{prefix}{n}"));
        previous = Some(vault.clone());
        (session, vault)
    };
    group.bench_function(format!("csv_{rows}"), |b| {
        b.iter_batched(
            || next_vault("csv"),
            |(mut session, _vault)| {
                import(&mut session, "usage_log", &csv, rows);
                session
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function(format!("xlsx_{XLSX_ROWS}"), |b| {
        b.iter_batched(
            || next_vault("xlsx"),
            |(mut session, _vault)| {
                import(&mut session, "incoming_documents", &xlsx, XLSX_ROWS);
                session
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    if let Some(vault) = previous {
        remove_vault(&vault);
    }
}

criterion_group!(import_benches, benches);
criterion_main!(import_benches);
