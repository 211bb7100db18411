//! Benchmarks of the registers on a usage logbook of 1,000,000 entries over 50 devices and ten
//! years: one device's month (the hot path), free-text search, and the same SQL on SQLCipher
//! and on plain SQLite for the encryption ratio. The bulk insert rate is measured while the
//! data set is built and printed before the criterion groups run.
//!
//! Run with `cargo bench --bench registers`; `BENCH_USAGE_ROWS` sets a smaller data set for a
//! quick look. docs/BENCHMARKS.md holds the results with the machine they came from.

use std::time::Instant;

use chrono::{Duration, NaiveDate};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rusqlite::Connection;

use secledger::auth::{self, InitOptions, Session};
use secledger::crypto::KdfParams;
use secledger::records::{Query, SortOrder, UsageFilter};
use secledger::registers::FormInput;
use secledger::vault::VaultPaths;

const DEVICES: usize = 50;
const PEOPLE: usize = 20;
const PASSWORD: &str = "Bench#Pass2026";
const CHUNK: usize = 50_000;

/// One entry in this many has a rare content, so free-text search is measured both on a
/// selective phrase (100 matches in 1,000,000) and on a common one (one entry in six).
const RARE_EVERY: usize = 10_000;
const RARE_CONTENT: &str = "核对年终考核涉密材料";

const CONTENTS: &[&str] = &[
    "起草年度保密自查报告",
    "打印会议纪要",
    "整理涉密文件目录",
    "编辑工作简报",
    "复核统计报表",
    "拷贝涉密文件至专用介质",
];

fn rows() -> usize {
    std::env::var("BENCH_USAGE_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000)
}

/// Returns a valid resident ID number for sequence `n`, so each person in the data set is
/// distinct.
fn id_number(n: u32) -> String {
    let first_17 = format!("11010519800101{:03}", n % 1000);
    secledger::registers::values::ResidentId::complete(&first_17).expect("17 digits")
}

struct Fixture {
    _dir: tempfile::TempDir,
    session: Session,
    plain: Connection,
    device: String,
    other_devices: Vec<String>,
    month: (NaiveDate, NaiveDate),
}

fn person_input(i: usize) -> FormInput {
    FormInput::from_pairs(&[
        ("name", &format!("人员{i:02}")),
        ("id_number", &id_number(i as u32)),
        ("department", "办公室"),
        ("post", "机要员"),
        ("post_level", "核心"),
        ("proposed_on", "2016-01-01"),
    ])
}

fn device_input(i: usize, custodian: &str) -> FormInput {
    FormInput::from_pairs(&[
        ("unified_number", &format!("BM-JSJ-{i:03}")),
        ("category", "涉密计算机"),
        ("hard_disk_serial", &format!("WD-{i:08}")),
        ("classification", "机密"),
        ("custodian", custodian),
        ("department", "办公室"),
        ("enabled_on", "2016-01-01"),
    ])
}

fn build() -> Fixture {
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into())).unwrap();
    let paths = VaultPaths::beside(dir.path().join("bench.vault"));
    let options = InitOptions { kdf: Some(KdfParams::FLOOR), ..InitOptions::default() };
    let report = auth::init(&paths, &options).unwrap();
    let first = &report.accounts.iter().find(|(n, _, _)| n == "secadmin").unwrap().2;
    let mut session = Session::login(&paths, "secadmin", first).unwrap();
    session.change_password(PASSWORD, PASSWORD).unwrap();

    let people: Vec<String> = (0..PEOPLE).map(|i| session.add_record("personnel", &person_input(i)).unwrap().number).collect();
    let devices: Vec<String> =
        (0..DEVICES).map(|i| session.add_record("devices", &device_input(i, &people[i % PEOPLE])).unwrap().number).collect();

    // Entries spread evenly over ten years: 2016-01-01 to 2025-12-31.
    let total = rows();
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
    let span_minutes = 3652 * 24 * 60;
    let begun = Instant::now();
    let mut done = 0;
    while done < total {
        let count = CHUNK.min(total - done);
        let inputs: Vec<FormInput> = (done..done + count)
            .map(|i| {
                let at = start + Duration::minutes((i as i64 * span_minutes) / total as i64);
                FormInput::from_pairs(&[
                    ("device", &devices[i % DEVICES]),
                    ("user", &people[i % PEOPLE]),
                    ("started_at", &at.format("%Y-%m-%d %H:%M").to_string()),
                    ("ended_at", &(at + Duration::minutes(45)).format("%Y-%m-%d %H:%M").to_string()),
                    ("content", if i % RARE_EVERY == 0 { RARE_CONTENT } else { CONTENTS[i % CONTENTS.len()] }),
                ])
            })
            .collect();
        session.add_records_bulk("usage_log", &inputs, "基准数据", &mut |_| {}).unwrap();
        done += count;
    }
    let seconds = begun.elapsed().as_secs_f64();
    eprintln!("bulk insert: {total} usage-log entries in {seconds:.1} s = {:.0} entries/s (with audit entries)", total as f64 / seconds);

    // The same rows in a plain (unencrypted) SQLite file with the same indexes.
    let plain_path = dir.path().join("plain.db");
    // The vault's connection may not create files, so ATTACH needs an existing (empty) one.
    std::fs::File::create(&plain_path).unwrap();
    let begun = Instant::now();
    session
        .vault()
        .conn()
        .execute_batch(&format!(
            "ATTACH DATABASE '{}' AS plain KEY '';
             CREATE TABLE plain.records AS SELECT * FROM main.records;
             CREATE INDEX plain.records_by_date ON records(register, primary_date);
             CREATE INDEX plain.records_by_device ON records(register, device, primary_date) WHERE device IS NOT NULL;
             CREATE VIRTUAL TABLE plain.records_fts USING fts5(body, tokenize = 'trigram');
             INSERT INTO plain.records_fts(rowid, body) SELECT rowid, body FROM main.records_fts;
             DETACH DATABASE plain;",
            plain_path.display()
        ))
        .unwrap();
    eprintln!("plain copy made in {:.1} s", begun.elapsed().as_secs_f64());
    let plain = Connection::open(&plain_path).unwrap();

    Fixture {
        _dir: dir,
        session,
        plain,
        device: devices[7].clone(),
        other_devices: vec![devices[8].clone(), devices[9].clone()],
        month: (NaiveDate::from_ymd_opt(2021, 3, 1).unwrap(), NaiveDate::from_ymd_opt(2021, 3, 31).unwrap()),
    }
}

const DEVICE_MONTH_SQL: &str = "SELECT id, number, data, primary_date FROM records
     WHERE register = 'usage_log' AND device = ?1 AND primary_date >= ?2 AND primary_date < ?3
     ORDER BY primary_date";

const TEXT_SQL: &str = "SELECT count(*) FROM records WHERE +register = 'usage_log'
     AND id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?1)";

fn sql_device_month(conn: &Connection, device: &str, month: (NaiveDate, NaiveDate)) -> usize {
    let mut stmt = conn.prepare_cached(DEVICE_MONTH_SQL).unwrap();
    let to = month.1.succ_opt().unwrap();
    let rows = stmt
        .query_map(
            (device, month.0.format("%Y-%m-%d").to_string(), to.format("%Y-%m-%d").to_string()),
            |r| r.get::<_, String>(2),
        )
        .unwrap();
    rows.map(Result::unwrap).count()
}

fn sql_text(conn: &Connection, phrase: &str) -> i64 {
    conn.prepare_cached(TEXT_SQL).unwrap().query_row([phrase], |r| r.get(0)).unwrap()
}

fn benches(c: &mut Criterion) {
    let mut fx = build();
    let month_query = Query {
        device: Some(fx.device.clone()),
        from: Some(fx.month.0),
        to: Some(fx.month.1),
        sort: SortOrder::DateAsc,
        per_page: 1000,
        ..Query::default()
    };
    let found = fx.session.query_records("usage_log", &month_query).unwrap();
    eprintln!("one device's month: {} entries", found.total);

    let mut group = c.benchmark_group("device_month");
    group.bench_function("api_sqlcipher", |b| b.iter(|| black_box(fx.session.query_records("usage_log", &month_query).unwrap().total)));
    let device = fx.device.clone();
    let month = fx.month;
    group.bench_function("sql_sqlcipher", |b| b.iter(|| black_box(sql_device_month(fx.session.vault().conn(), &device, month))));
    group.bench_function("sql_plain", |b| b.iter(|| black_box(sql_device_month(&fx.plain, &device, month))));
    group.finish();

    // The desktop usage review: one page of 20 entries and the totals of the whole selection.
    let one_month = UsageFilter { devices: vec![fx.device.clone()], from: Some(fx.month.0), to: Some(fx.month.1), page: 1, per_page: 20 };
    let year = NaiveDate::from_ymd_opt(2021, 12, 31).unwrap();
    let three_year = UsageFilter {
        devices: vec![fx.device.clone(), fx.other_devices[0].clone(), fx.other_devices[1].clone()],
        from: NaiveDate::from_ymd_opt(2021, 1, 1),
        to: Some(year),
        page: 1,
        per_page: 20,
    };
    let all_year = UsageFilter { devices: Vec::new(), from: NaiveDate::from_ymd_opt(2021, 1, 1), to: Some(year), page: 1, per_page: 20 };
    for (name, filter) in [("one device, one month", &one_month), ("three devices, one year", &three_year), ("every device, one year", &all_year)] {
        let review = fx.session.review_usage(filter).unwrap();
        eprintln!("usage review, {name}: {} entries, {} minutes", review.page.total, review.totals.minutes);
    }
    let mut group = c.benchmark_group("usage_review");
    group.bench_function("one_device_month", |b| b.iter(|| black_box(fx.session.review_usage(&one_month).unwrap().totals.sessions)));
    group.bench_function("three_devices_year", |b| b.iter(|| black_box(fx.session.review_usage(&three_year).unwrap().totals.sessions)));
    group.sample_size(10);
    group.bench_function("all_devices_year", |b| b.iter(|| black_box(fx.session.review_usage(&all_year).unwrap().totals.sessions)));
    group.finish();

    let rare_query = Query { text: Some("年终考核".into()), per_page: 50, ..Query::default() };
    eprintln!("selective phrase matches {}", fx.session.query_records("usage_log", &rare_query).unwrap().total);
    let mut group = c.benchmark_group("free_text_selective");
    group.bench_function("api_sqlcipher", |b| b.iter(|| black_box(fx.session.query_records("usage_log", &rare_query).unwrap().total)));
    group.bench_function("fts_sql_sqlcipher", |b| b.iter(|| black_box(sql_text(fx.session.vault().conn(), "\"年终考核\""))));
    group.bench_function("fts_sql_plain", |b| b.iter(|| black_box(sql_text(&fx.plain, "\"年终考核\""))));
    group.bench_function("like_scan_plain", |b| {
        b.iter(|| {
            let n: i64 = fx
                .plain
                .query_row("SELECT count(*) FROM records WHERE register = 'usage_log' AND data LIKE '%年终考核%'", [], |r| r.get(0))
                .unwrap();
            black_box(n)
        })
    });
    group.finish();

    let text_query = Query { text: Some("保密自查".into()), per_page: 50, ..Query::default() };
    let mut group = c.benchmark_group("free_text_common");
    group.sample_size(10);
    group.bench_function("api_sqlcipher", |b| b.iter(|| black_box(fx.session.query_records("usage_log", &text_query).unwrap().total)));
    group.bench_function("fts_sql_sqlcipher", |b| b.iter(|| black_box(sql_text(fx.session.vault().conn(), "\"保密自查\""))));
    group.bench_function("fts_sql_plain", |b| b.iter(|| black_box(sql_text(&fx.plain, "\"保密自查\""))));
    group.bench_function("like_scan_plain", |b| {
        b.iter(|| {
            let n: i64 = fx
                .plain
                .query_row("SELECT count(*) FROM records WHERE register = 'usage_log' AND data LIKE '%保密自查%'", [], |r| r.get(0))
                .unwrap();
            black_box(n)
        })
    });
    group.finish();
}

criterion_group! {
    name = registers;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(5));
    targets = benches
}
criterion_main!(registers);
