//! Benchmarks of printing: the usage logbook of one device with 1,000 and 10,000 entries,
//! from the query to the PDF file on disk (layout, font subsetting, PDF/A writing, the audit
//! entry and the atomic rename).
//!
//! Run with `cargo bench --bench print`. The file size of each logbook is printed once before
//! its timing. Peak memory is measured per process with the `print_logbook` example under
//! `/usr/bin/time -v`. docs/BENCHMARKS.md lists the results with the machine and commands.

use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use tempfile::TempDir;

use secledger::auth::{self, InitOptions, Session};
use secledger::crypto::KdfParams;
use secledger::print::LogbookRange;
use secledger::vault::VaultPaths;

#[path = "support/print_data.rs"]
mod print_data;

const PASSWORD: &str = "Bench#Print2026";

/// A vault holding a logbook of `rows` entries, logged in as the security administrator.
struct Fixture {
    dir: TempDir,
    session: Session,
    device: String,
}

impl Fixture {
    fn create(rows: usize) -> Fixture {
        let dir = tempfile::tempdir().expect("create temporary folder");
        let paths = VaultPaths::beside(dir.path().join("office.vault"));
        let options = InitOptions { kdf: Some(KdfParams::FLOOR), ..InitOptions::default() };
        let report = auth::init(&paths, &options).expect("init vault");
        let first = report.accounts.iter().find(|(name, _, _)| name == "secadmin").expect("secadmin").2.clone();
        let mut session = Session::login(&paths, "secadmin", &first).expect("log in");
        session.change_password(PASSWORD, PASSWORD).expect("change the first password");
        let logbook = print_data::Logbook::create(&mut session, rows);
        Fixture { dir, session, device: logbook.device }
    }

    fn print(&mut self, out: &Path) -> usize {
        let range = LogbookRange { from: NaiveDate::from_ymd_opt(2026, 1, 1), to: NaiveDate::from_ymd_opt(2026, 12, 31) };
        self.session.print_usage_logbook(Some(&self.device), range, out).expect("print the logbook").pages
    }
}

fn logbook(c: &mut Criterion) {
    let mut group = c.benchmark_group("print_logbook");
    group.sampling_mode(SamplingMode::Flat);
    for rows in [1_000usize, 10_000] {
        let mut fixture = Fixture::create(rows);
        let out = fixture.dir.path().join("logbook.pdf");
        let pages = fixture.print(&out);
        let size = std::fs::metadata(&out).expect("read the PDF size").len();
        println!("print_logbook/{rows}: {pages} pages, {size} bytes ({:.1} KiB)", size as f64 / 1024.0);

        group.sample_size(if rows > 1_000 { 10 } else { 20 });
        group.measurement_time(Duration::from_secs(if rows > 1_000 { 40 } else { 10 }));
        group.bench_function(format!("{rows}"), |b| b.iter(|| fixture.print(&out)));
    }
    group.finish();
}

criterion_group!(benches, logbook);
criterion_main!(benches);
