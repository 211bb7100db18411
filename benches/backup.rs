//! Benchmarks of backup, verify and restore on a vault with 1,000,000 usage-log entries (and as
//! many audit entries), built as `benches/registers.rs` builds its data set: through
//! `add_records_bulk`, so records, versions, index rows and the audit chain are all real.
//!
//! Run with `cargo bench --bench backup`. `BENCH_USAGE_ROWS` sets a smaller data set for a quick
//! look. `BENCH_DIR` sets the folder for the vault and backup files (default: the system's
//! temporary folder); it must be on a disk, not tmpfs. Sizes and the build time are printed
//! before the criterion groups run. docs/BENCHMARKS.md holds the results with the machine.
//!
//! The keyring uses the Argon2id floor parameters, so the password check inside verify and
//! restore takes milliseconds here; with parameters calibrated to 0.4 s each adds that much.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion, SamplingMode};

use secledger::auth::{self, InitOptions, Session};
use secledger::backup::BackupFile;
use secledger::crypto::KdfParams;
use secledger::registers::FormInput;
use secledger::vault::VaultPaths;

const DEVICES: usize = 50;
const PEOPLE: usize = 20;
const PASSWORD: &str = "Bench#Pass2026";
const CHUNK: usize = 50_000;

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

fn id_number(n: u32) -> String {
    let first_17 = format!("11010519800101{:03}", n % 1000);
    secledger::registers::values::ResidentId::complete(&first_17).expect("17 digits")
}

struct Fixture {
    dir: tempfile::TempDir,
    paths: VaultPaths,
}

/// Logs in with the first password and sets [`PASSWORD`].
fn activate(paths: &VaultPaths, report: &auth::InitReport, account: &str) -> Session {
    let first = &report.accounts.iter().find(|(n, _, _)| n == account).unwrap().2;
    let mut session = Session::login(paths, account, first).unwrap();
    session.change_password(PASSWORD, PASSWORD).unwrap();
    session
}

fn build() -> Fixture {
    let base = std::env::var("BENCH_DIR").map(PathBuf::from).unwrap_or_else(|_| std::env::temp_dir());
    let dir = tempfile::tempdir_in(base).unwrap();
    let paths = VaultPaths::beside(dir.path().join("bench.vault"));
    let options = InitOptions { kdf: Some(KdfParams::FLOOR), ..InitOptions::default() };
    let report = auth::init(&paths, &options).unwrap();

    let mut session = activate(&paths, &report, "secadmin");
    let people: Vec<String> = (0..PEOPLE)
        .map(|i| {
            let input = FormInput::from_pairs(&[
                ("name", &format!("人员{i:02}")),
                ("id_number", &id_number(i as u32)),
                ("department", "办公室"),
                ("post", "机要员"),
                ("post_level", "核心"),
                ("proposed_on", "2016-01-01"),
            ]);
            session.add_record("personnel", &input).unwrap().number
        })
        .collect();
    let devices: Vec<String> = (0..DEVICES)
        .map(|i| {
            let input = FormInput::from_pairs(&[
                ("unified_number", &format!("BM-JSJ-{i:03}")),
                ("category", "涉密计算机"),
                ("hard_disk_serial", &format!("WD-{i:08}")),
                ("classification", "机密"),
                ("custodian", &people[i % PEOPLE]),
                ("department", "办公室"),
                ("enabled_on", "2016-01-01"),
            ]);
            session.add_record("devices", &input).unwrap().number
        })
        .collect();

    // Entries spread evenly over ten years, as in the registers benchmark.
    let total = rows();
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
    let span_minutes = 3652 * 24 * 60;
    let begun = Instant::now();
    let mut done = 0;
    while done < total {
        let count = CHUNK.min(total - done);
        let inputs: Vec<FormInput> = (done..done + count)
            .map(|i| {
                let at = start + chrono::Duration::minutes((i as i64 * span_minutes) / total as i64);
                FormInput::from_pairs(&[
                    ("device", &devices[i % DEVICES]),
                    ("user", &people[i % PEOPLE]),
                    ("started_at", &at.format("%Y-%m-%d %H:%M").to_string()),
                    ("content", CONTENTS[i % CONTENTS.len()]),
                ])
            })
            .collect();
        session.add_records_bulk("usage_log", &inputs, "基准数据", &mut |_| {}).unwrap();
        done += count;
    }
    eprintln!("built {total} usage-log entries in {:.1} s", begun.elapsed().as_secs_f64());
    drop(session);

    // The system administrator makes backups; set the password once, outside the timings.
    drop(activate(&paths, &report, "sysadmin"));
    eprintln!("vault file: {:.1} MiB", mib(&paths.vault));
    Fixture { dir, paths }
}

fn mib(path: &Path) -> f64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) as f64 / (1024.0 * 1024.0)
}

fn remove(path: &Path) {
    if path.exists() {
        std::fs::remove_file(path).unwrap();
    }
}

fn benches(c: &mut Criterion) {
    let fx = build();
    let out = fx.dir.path().join("bench.slbk");
    let mut admin = Session::login(&fx.paths, "sysadmin", PASSWORD).unwrap();

    let mut group = c.benchmark_group("backup");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);

    // Each backup needs a new file name, so the old file is removed outside the clock.
    group.bench_function("write_1m", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                remove(&out);
                let begun = Instant::now();
                black_box(admin.backup(&out).unwrap());
                spent += begun.elapsed();
            }
            spent
        })
    });
    // A filter on the command line may skip `write_1m`; verify and restore still need a file.
    if !out.exists() {
        admin.backup(&out).unwrap();
    }
    eprintln!("backup file: {:.1} MiB", mib(&out));
    drop(admin);

    group.bench_function("read_verify_1m", |b| {
        b.iter(|| {
            let backup = BackupFile::read(&out).unwrap();
            black_box(backup.verify("sysadmin", PASSWORD).unwrap())
        })
    });

    let restored = VaultPaths::beside(fx.dir.path().join("restored.vault"));
    group.bench_function("read_restore_1m", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                remove(&restored.vault);
                remove(&restored.keyring);
                let begun = Instant::now();
                let backup = BackupFile::read(&out).unwrap();
                black_box(backup.restore("sysadmin", PASSWORD, &restored).unwrap());
                spent += begun.elapsed();
            }
            spent
        })
    });
    group.finish();
    eprintln!("peak resident memory of the benchmark process: {}", peak_memory());
}

/// Reads the process's peak resident set size (`VmHWM`) from /proc on Linux.
fn peak_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .map(|line| line.trim_start_matches("VmHWM:").trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

criterion_group! {
    name = backup;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(60));
    targets = benches
}
criterion_main!(backup);
