//! Benchmarks of the core vault: opening it, logging in, appending to and verifying the audit
//! chain, and the cost of SQLCipher page encryption against plain SQLite.
//!
//! Run with `cargo bench --bench vault`. Every benchmark works on real vault files in temporary
//! folders under `TMPDIR`, which must be on a disk (not tmpfs), or fsync costs nothing.
//! docs/BENCHMARKS.md contains the results with the machine they came from.
//!
//! NOTE: `PRAGMA cipher_memory_security = ON`, which `Vault` sets, switches SQLCipher's allocator
//! (zero and munlock on every free, mlock on every malloc) for every connection in the process,
//! and SQLCipher 4.6.1 cannot switch it off again. So the `overhead` group runs its plain-SQLite
//! and no-memory-security variants before anything opens a `Vault`, and each of those variants
//! asserts that memory security is still off.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use rusqlite::{params, Connection, OpenFlags};
use tempfile::TempDir;

use secledger::audit::{self, AuditKey, Event};
use secledger::auth::session::SYSTEM_ADMIN;
use secledger::auth::{self, InitOptions, Session};
use secledger::crypto::{self, DataKey, KdfParams};
use secledger::keyring::Keyring;
use secledger::vault::{Vault, VaultLock, VaultPaths};

/// Rows in the usage-log table of the `overhead` group, and appends in one transaction.
const BULK_ROWS: u64 = 100_000;

/// Audit entries in the large vault that `open` and `verify` use.
const LARGE_CHAIN: u64 = 1_000_000;

/// Devices in the usage log, so each device has `BULK_ROWS / DEVICES` rows.
const DEVICES: u64 = 500;

/// Builds a change of realistic size for an audit entry: a usage-log record as JSON (about 250 bytes).
fn record_json(i: u64) -> String {
    let row = UsageRow::new(i);
    format!(
        r#"{{"register":"usage_log","id":{i},"device":"{}","started_at":"{}","ended_at":"{}","user":"{}","content":"{}","printed_copies":{},"note":""}}"#,
        row.device, row.started_at, row.ended_at, row.user, row.content, row.printed_copies
    )
}

// ---------------------------------------------------------------------------------------------
// Vault fixtures

/// A vault made by `auth::init`, with its data key unwrapped once so that a benchmark can open
/// it without the password check.
struct InitVault {
    _dir: TempDir,
    paths: VaultPaths,
    key: DataKey,
    vault_id: Vec<u8>,
    sysadmin_password: String,
}

impl InitVault {
    fn create(options: &InitOptions) -> InitVault {
        let dir = tempfile::tempdir().expect("create temporary folder");
        let paths = VaultPaths::beside(dir.path().join("office.vault"));
        let report = auth::init(&paths, options).expect("init vault");
        let sysadmin_password = first_password(&report, SYSTEM_ADMIN);

        let keyring = Keyring::load(&paths.keyring).expect("load keyring");
        let key = keyring
            .unlock(SYSTEM_ADMIN, &sysadmin_password)
            .expect("unlock keyring")
            .expect("first password opens the sysadmin slot");
        InitVault { _dir: dir, paths, key, vault_id: keyring.vault_id().to_vec(), sysadmin_password }
    }

    fn login(&self) -> Session {
        Session::login(&self.paths, SYSTEM_ADMIN, &self.sysadmin_password).expect("log in")
    }
}

fn first_password(report: &auth::InitReport, account: &str) -> String {
    report
        .accounts
        .iter()
        .find(|(name, _, _)| name == account)
        .map(|(_, _, password)| password.clone())
        .expect("init creates the account")
}

/// Fixed Argon2id parameters for fixtures whose benchmark does not measure login.
fn fast_kdf() -> InitOptions {
    InitOptions { kdf: Some(KdfParams::FLOOR), ..InitOptions::default() }
}

/// A vault with `LARGE_CHAIN` audit entries, built with `Vault::create` and a known data key.
struct LargeVault {
    _dir: TempDir,
    paths: VaultPaths,
    key: DataKey,
    vault_id: Vec<u8>,
}

impl LargeVault {
    fn create() -> LargeVault {
        let dir = tempfile::tempdir().expect("create temporary folder");
        let paths = VaultPaths::beside(dir.path().join("large.vault"));
        let key = DataKey::generate().expect("generate data key");
        let vault_id = crypto::random_bytes::<16>().expect("generate vault id").to_vec();
        let lock = VaultLock::acquire(&paths).expect("lock vault");
        let mut vault = Vault::create(&paths, &key, &vault_id, lock).expect("create vault");
        let audit_key = AuditKey::from_data_key(&key);

        let start = Instant::now();
        let tx = vault.conn_mut().transaction().expect("begin");
        append_records(&tx, &audit_key, LARGE_CHAIN);
        tx.commit().expect("commit");
        let appended = start.elapsed();
        drop(vault);

        eprintln!(
            "note: large vault built: {LARGE_CHAIN} audit::append calls in one transaction took {:.1} s ({:.0} appends/s); file {} MiB",
            appended.as_secs_f64(),
            LARGE_CHAIN as f64 / appended.as_secs_f64(),
            file_size(&paths.vault) / (1024 * 1024),
        );
        LargeVault { _dir: dir, paths, key, vault_id }
    }
}

/// Appends `count` entries with `audit::append`, each for one usage-log record.
fn append_records(conn: &Connection, audit_key: &AuditKey, count: u64) {
    let at = secledger::clock::now_text();
    for i in 0..count {
        let target = format!("usage_log/{i}");
        let change = record_json(i);
        let event = Event { at: at.clone(), account: SYSTEM_ADMIN, action: "record.add", target: &target, change: change.as_bytes() };
        audit::append(conn, audit_key, &event).expect("append audit entry");
    }
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// Opens the vault and returns the time `VaultLock::acquire` plus `Vault::open` took. The close
/// happens after the clock stops.
fn time_open(paths: &VaultPaths, key: &DataKey, vault_id: &[u8]) -> Duration {
    let start = Instant::now();
    let lock = VaultLock::acquire(paths).expect("lock vault");
    let vault = Vault::open(paths, key, vault_id, lock).expect("open vault");
    let elapsed = start.elapsed();
    drop(black_box(vault));
    elapsed
}

// ---------------------------------------------------------------------------------------------
// Benchmarks on vaults

/// Opens a fresh `auth::init` vault and one with `LARGE_CHAIN` entries, then verifies the large
/// chain. Both use one large vault, so they share this function.
fn open_and_verify(c: &mut Criterion) {
    let small = OnceCell::new();
    let large = OnceCell::new();

    let mut group = c.benchmark_group("open");
    group.sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    group.bench_function("small", |b| {
        let fixture = small.get_or_init(|| InitVault::create(&fast_kdf()));
        b.iter_custom(|iters| (0..iters).map(|_| time_open(&fixture.paths, &fixture.key, &fixture.vault_id)).sum());
    });
    group.bench_function("audit_1m", |b| {
        let fixture = large.get_or_init(LargeVault::create);
        b.iter_custom(|iters| (0..iters).map(|_| time_open(&fixture.paths, &fixture.key, &fixture.vault_id)).sum());
    });
    group.finish();

    let mut group = c.benchmark_group("verify");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(35))
        .throughput(Throughput::Elements(LARGE_CHAIN));
    group.bench_function("audit_1m", |b| {
        let fixture = large.get_or_init(LargeVault::create);
        let lock = VaultLock::acquire(&fixture.paths).expect("lock vault");
        let vault = Vault::open(&fixture.paths, &fixture.key, &fixture.vault_id, lock).expect("open vault");
        let audit_key = AuditKey::from_data_key(&fixture.key);
        b.iter(|| {
            let verified = audit::verify(vault.conn(), &audit_key).expect("chain verifies");
            assert_eq!(verified.entries, LARGE_CHAIN);
        });
    });
    group.finish();
}

/// Calibrates Argon2id as `auth::init` does by default, then times a whole login and the
/// password check alone.
fn login(c: &mut Criterion) {
    let fixture = OnceCell::new();
    let make_fixture = || {
        let options = InitOptions::default();
        for run in 1..=5 {
            let start = Instant::now();
            let params = KdfParams::calibrate(options.kdf_target);
            eprintln!("note: KdfParams::calibrate({:?}) run {run}: {params:?} in {:?}", options.kdf_target, start.elapsed());
        }
        let vault = InitVault::create(&options);
        let keyring = Keyring::load(&vault.paths.keyring).expect("load keyring");
        let slot = keyring.slot(SYSTEM_ADMIN).expect("sysadmin slot");
        eprintln!("note: the benchmarked vault's sysadmin slot uses {:?}", slot.kdf);
        (vault, keyring)
    };

    let mut group = c.benchmark_group("login");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("keyring_unlock", |b| {
        let (vault, keyring) = fixture.get_or_init(make_fixture);
        b.iter(|| {
            let key = keyring.unlock(SYSTEM_ADMIN, &vault.sysadmin_password).expect("unlock");
            assert!(key.is_some(), "the first password opens the slot");
        });
    });
    group.bench_function("session_login", |b| {
        let (vault, _) = fixture.get_or_init(make_fixture);
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let session = vault.login();
                total += start.elapsed();
                drop(black_box(session));
            }
            total
        });
    });
    group.finish();
}

/// Audit appends through `Session::write`: `BULK_ROWS` in one write (as an import does), and one
/// append per write, which also saves the keyring with fsync.
fn append(c: &mut Criterion) {
    let mut group = c.benchmark_group("append");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(40))
        .throughput(Throughput::Elements(BULK_ROWS));
    group.bench_function("one_write_100k", |b| {
        b.iter_batched(
            || {
                let vault = InitVault::create(&fast_kdf());
                let session = vault.login();
                (vault, session)
            },
            |(vault, mut session)| {
                session
                    .write(|w| {
                        for i in 0..BULK_ROWS {
                            w.append("record.add", &format!("usage_log/{i}"), record_json(i).as_bytes())?;
                        }
                        Ok(())
                    })
                    .expect("write 100k appends");
                // Returned so that the close and the folder removal happen after the clock stops.
                (vault, session)
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();

    let mut group = c.benchmark_group("append");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(15))
        .throughput(Throughput::Elements(1));
    group.bench_function("write_each", |b| {
        let vault = InitVault::create(&fast_kdf());
        let mut session = vault.login();
        let mut i = 0u64;
        b.iter(|| {
            i += 1;
            let change = record_json(i);
            session
                .write(|w| w.append("record.add", &format!("usage_log/{i}"), change.as_bytes()))
                .expect("write one append");
        });
    });
    group.finish();
}

// ---------------------------------------------------------------------------------------------
// SQLCipher against plain SQLite

/// A configuration of the `overhead` group's connections.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    /// The same bundled library, no key, no memory security; the other pragmas as `Vault`.
    Plain,
    /// As `Plain`, with a 64 MiB page cache instead of SQLite's default 2 MiB.
    PlainLargeCache,
    /// Keyed as `Vault` keys it, with every `Vault` pragma except `cipher_memory_security`.
    SqlcipherNoMemorySecurity,
    /// Keyed and configured exactly as `Vault::open` does.
    Sqlcipher,
    /// As `Sqlcipher`, with a 64 MiB page cache (`Vault` keeps SQLite's default).
    SqlcipherLargeCache,
}

impl Variant {
    /// The order matters: memory security, once on, stays on for the whole process.
    const ALL: [Variant; 5] = [
        Variant::Plain,
        Variant::PlainLargeCache,
        Variant::SqlcipherNoMemorySecurity,
        Variant::Sqlcipher,
        Variant::SqlcipherLargeCache,
    ];

    fn id(self) -> &'static str {
        match self {
            Variant::Plain => "plain",
            Variant::PlainLargeCache => "plain_cache_64m",
            Variant::SqlcipherNoMemorySecurity => "sqlcipher_no_memsec",
            Variant::Sqlcipher => "sqlcipher",
            Variant::SqlcipherLargeCache => "sqlcipher_cache_64m",
        }
    }

    fn is_keyed(self) -> bool {
        !matches!(self, Variant::Plain | Variant::PlainLargeCache)
    }

    fn has_memory_security(self) -> bool {
        matches!(self, Variant::Sqlcipher | Variant::SqlcipherLargeCache)
    }

    fn has_large_cache(self) -> bool {
        matches!(self, Variant::PlainLargeCache | Variant::SqlcipherLargeCache)
    }
}

/// The page key every `overhead` connection uses (any 32 bytes do).
const PAGE_KEY: [u8; 32] = [0x5a; 32];

/// Opens or creates `path` the way `Vault::open` does, adjusted for `variant`.
fn open_variant(path: &Path, variant: Variant) -> Connection {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).expect("open database");
    if variant.is_keyed() {
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", crypto::to_hex(&PAGE_KEY))).expect("set key");
    }
    if variant.has_memory_security() {
        conn.execute_batch("PRAGMA cipher_memory_security = ON;").expect("memory security on");
    }
    if variant.has_large_cache() {
        conn.execute_batch("PRAGMA cache_size = -65536;").expect("cache size");
    }
    conn.execute_batch("PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON;").expect("pragmas");
    let _: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).expect("read schema");
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
        .expect("journal pragmas");

    let memory_security: String = conn.query_row("PRAGMA cipher_memory_security", [], |r| r.get(0)).expect("read memory security");
    if !variant.has_memory_security() {
        assert_eq!(
            memory_security, "0",
            "cipher_memory_security is already on in this process, so the {} figures would include it; run the overhead group first",
            variant.id()
        );
    }
    conn
}

/// A usage-log table like the usage logbook (使用登记) register: device, start, end, user,
/// content, printed copies and note.
const USAGE_LOG_SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS usage_log (
        id             INTEGER PRIMARY KEY,
        device         TEXT NOT NULL,
        started_at     TEXT NOT NULL,
        ended_at       TEXT NOT NULL,
        user           TEXT NOT NULL,
        content        TEXT NOT NULL,
        printed_copies INTEGER NOT NULL,
        note           TEXT NOT NULL,
        version        INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS usage_log_by_device ON usage_log(device, started_at);";

struct UsageRow {
    device: String,
    started_at: String,
    ended_at: String,
    user: &'static str,
    content: String,
    printed_copies: u64,
}

impl UsageRow {
    /// Row `i`: devices in turn, one use every ten minutes from 2024-01-01, Chinese content.
    fn new(i: u64) -> UsageRow {
        const USERS: [&str; 8] = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"];
        let minutes = i * 10;
        let (day, minute_of_day) = (minutes / 1440, minutes % 1440);
        let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date") + chrono::Duration::days(day as i64);
        let started_at = format!("{date}T{:02}:{:02}:00+08:00", minute_of_day / 60, minute_of_day % 60);
        let ended_at = format!("{date}T{:02}:{:02}:30+08:00", minute_of_day / 60, minute_of_day % 60);
        UsageRow {
            device: format!("BM-JSJ-{:04}", i % DEVICES),
            started_at,
            ended_at,
            user: USERS[(i % USERS.len() as u64) as usize],
            content: format!("处理《关于做好第{}批涉密载体清查工作的通知》（机密★10年），打印并核对", i % 977),
            printed_copies: i % 5,
        }
    }
}

fn insert_usage_rows(conn: &mut Connection, count: u64) {
    let tx = conn.transaction().expect("begin");
    {
        let mut stmt = tx
            .prepare(
                "INSERT INTO usage_log(device, started_at, ended_at, user, content, printed_copies, note, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', 1)",
            )
            .expect("prepare insert");
        for i in 0..count {
            let row = UsageRow::new(i);
            stmt.execute(params![row.device, row.started_at, row.ended_at, row.user, row.content, row.printed_copies])
                .expect("insert row");
        }
    }
    tx.commit().expect("commit");
}

/// Creates a database of one variant with the empty usage-log table.
fn empty_usage_db(variant: Variant) -> (TempDir, Connection) {
    let dir = tempfile::tempdir().expect("create temporary folder");
    let conn = open_variant(&dir.path().join("usage.db"), variant);
    conn.execute_batch(USAGE_LOG_SCHEMA).expect("create table");
    (dir, conn)
}

/// Creates a database of one variant with `BULK_ROWS` rows, closed once (checkpointing the WAL) and
/// reopened, so that queries start with SQLite's page cache empty and the OS cache warm.
fn filled_usage_db(variant: Variant) -> (TempDir, Connection) {
    let (dir, mut conn) = empty_usage_db(variant);
    insert_usage_rows(&mut conn, BULK_ROWS);
    drop(conn);
    let path: PathBuf = dir.path().join("usage.db");
    eprintln!("note: {} usage database with {BULK_ROWS} rows: {} MiB", variant.id(), file_size(&path) / (1024 * 1024));
    let conn = open_variant(&path, variant);
    (dir, conn)
}

/// The same insert, indexed select and full scan on plain SQLite, SQLCipher without memory
/// security, and SQLCipher as `Vault` configures it; then plain SQLite and SQLCipher again with
/// a page cache that contains the whole table, to show how much of the cost is page decryption.
fn overhead(c: &mut Criterion) {
    for variant in Variant::ALL {
        let filled = OnceCell::new();

        let mut group = c.benchmark_group("overhead/insert_100k");
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(15))
            .throughput(Throughput::Elements(BULK_ROWS));
        group.bench_function(variant.id(), |b| {
            b.iter_batched(
                || empty_usage_db(variant),
                |(dir, mut conn)| {
                    insert_usage_rows(&mut conn, BULK_ROWS);
                    (dir, conn)
                },
                BatchSize::PerIteration,
            );
        });
        group.finish();

        let mut group = c.benchmark_group("overhead/select_by_device");
        group.sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
        group.bench_function(variant.id(), |b| {
            let (_, conn) = filled.get_or_init(|| filled_usage_db(variant));
            let mut stmt = conn
                .prepare(
                    "SELECT id, started_at, ended_at, user, content, printed_copies FROM usage_log
                     WHERE device = ?1 ORDER BY started_at",
                )
                .expect("prepare select");
            let mut device = 0u64;
            b.iter(|| {
                device = (device + 7) % DEVICES;
                let rows = stmt
                    .query_map([format!("BM-JSJ-{device:04}")], |r| r.get::<_, String>(4))
                    .expect("select")
                    .map(|r| r.expect("row").len())
                    .sum::<usize>();
                black_box(rows)
            });
        });
        group.finish();

        let mut group = c.benchmark_group("overhead/full_scan");
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .throughput(Throughput::Elements(BULK_ROWS));
        group.bench_function(variant.id(), |b| {
            let (_, conn) = filled.get_or_init(|| filled_usage_db(variant));
            b.iter(|| {
                let (count, bytes): (i64, i64) = conn
                    .query_row("SELECT count(*), sum(length(content)) FROM usage_log WHERE note = ''", [], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .expect("scan");
                assert_eq!(count as u64, BULK_ROWS);
                black_box(bytes)
            });
        });
        group.finish();
    }
}

// `overhead` must run first: see the note on memory security at the top of this file.
criterion_group!(benches, overhead, open_and_verify, append, login);
criterion_main!(benches);
