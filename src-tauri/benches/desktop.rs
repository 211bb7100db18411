//! The desktop app's figures for docs/BENCHMARKS.md: cold start to the login window, idle
//! memory after login, the time to show a filtered page of a 1,000,000-entry logbook, and the
//! binary size. Run with `cargo bench -p secledger-desktop --bench desktop [-- ROWS]`.
//!
//! The bench profile is the release profile with debug assertions on for this package (see the
//! workspace Cargo.toml): optimised code, but the app keeps `TAURI_WEBVIEW_AUTOMATION`, so that
//! WebKitWebDriver can log in and filter. Cold start and memory are read from app runs without
//! automation where the figure allows it.
//!
//! The logbook vault takes minutes to build, so it is kept in
//! `$CARGO_TARGET_DIR/bench-desktop/` and reused while its row count matches.

#[path = "../tests/support/mod.rs"]
#[allow(dead_code)]
mod support;

#[path = "../../benches/support/print_data.rs"]
#[allow(dead_code)]
mod secledger_bench_data;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use secledger::auth::{self, InitOptions, Session};
use secledger::crypto::KdfParams;
use secledger::vault::VaultPaths;
use serde_json::json;
use support::processes::{self, Display, Group};
use support::webdriver::Driver;

const APP: &str = env!("CARGO_BIN_EXE_secledger-desktop");
const ACCOUNT: &str = "secadmin";
const PASSWORD: &str = "Bench#Desk2026";
const STARTS: usize = 5;
const FILTER_RUNS: usize = 5;

fn main() {
    // `cargo bench` passes `--bench`; the only argument of our own is the row count.
    let rows = std::env::args().skip(1).find_map(|a| a.parse::<usize>().ok()).unwrap_or(1_000_000);
    let dir = target_dir().join("bench-desktop");
    let vault = prepare_vault(&dir, rows);

    println!("binary: {} ({:.1} MB)", APP, file_size(Path::new(APP)) as f64 / 1e6);
    let display = Display::start();
    cold_starts(&display, &dir, &vault);
    with_logged_in_app(&display, &dir, &vault);
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("target"))
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// Builds (or reuses) a vault whose usage logbook has `rows` entries on one computer.
fn prepare_vault(dir: &Path, rows: usize) -> PathBuf {
    let vault = dir.join("office.vault");
    let marker = dir.join("rows.txt");
    if vault.exists() && std::fs::read_to_string(&marker).ok().as_deref() == Some(&rows.to_string()) {
        println!("vault: reusing {} ({rows} logbook entries)", vault.display());
        return vault;
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("create the bench folder");
    let paths = VaultPaths::beside(vault.clone());
    // The Argon2id floor keeps each login short; the login itself is not what this measures.
    let options = InitOptions { kdf: Some(KdfParams::FLOOR), ..InitOptions::default() };
    let report = auth::init(&paths, &options).expect("create the vault");
    let first = report.accounts.iter().find(|(name, _, _)| name == ACCOUNT).expect("secadmin").2.clone();
    let mut session = Session::login(&paths, ACCOUNT, &first).expect("log in");
    session.change_password(PASSWORD, PASSWORD).expect("change the first password");
    let started = Instant::now();
    secledger_bench_data::Logbook::create(&mut session, rows);
    drop(session);
    std::fs::write(&marker, rows.to_string()).expect("write the row count");
    println!("vault: built {} with {rows} logbook entries in {:.0} s", vault.display(), started.elapsed().as_secs_f64());
    vault
}

fn app_command(program: &Path, display: &Display, dir: &Path, vault: &Path) -> Command {
    let mut command = Command::new(program);
    support::app::app_environment(&mut command, display, &dir.join("xdg"));
    command.env("SECLEDGER_VAULT", vault);
    command
}

/// Starts the app without automation `STARTS` times and reads its own "page loaded" log line:
/// the time from `main` to the finished load of the login page.
fn cold_starts(display: &Display, dir: &Path, vault: &Path) {
    let mut figures = Vec::new();
    for run in 0..STARTS {
        let log = dir.join(format!("start-{run}.log"));
        let mut command = app_command(Path::new(APP), display, dir, vault);
        command.stdout(Stdio::null()).stderr(std::fs::File::create(&log).expect("create the log"));
        let wall = Instant::now();
        let _app = Group::spawn("secledger-desktop", command);
        let loaded = processes::wait_for(Duration::from_secs(60), || page_loaded_ms(&log).is_some());
        assert!(loaded, "the app logged no page load within 60 s; see {}", log.display());
        let ms = page_loaded_ms(&log).unwrap();
        println!("cold start {}: page loaded {ms} ms after main (process start to log line {} ms)", run + 1, wall.elapsed().as_millis());
        figures.push(ms as f64);
    }
    summary("cold start to the login page (ms)", &mut figures);
}

fn page_loaded_ms(log: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(log).ok()?;
    text.lines().find_map(|line| line.strip_prefix("secledger-desktop: page loaded ")?.strip_suffix(" ms after start")?.parse().ok())
}

/// Logs in through WebKitWebDriver and reads the memory of the app's processes once the app is
/// idle. Then filters the logbook and times each page in the page's own clock, from the form's
/// submit to the frame after the rows are drawn.
fn with_logged_in_app(display: &Display, dir: &Path, vault: &Path) {
    let driver_program = processes::require_program("WebKitWebDriver", "webkit2gtk-driver");
    let port = support::free_port();
    let mut command = app_command(&driver_program, display, dir, vault);
    command.arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null());
    command.env("TAURI_WEBVIEW_AUTOMATION", "true");
    let driver_process = Group::spawn("WebKitWebDriver", command);
    let driver = Driver::new(port);
    assert!(processes::wait_for(Duration::from_secs(20), || driver.is_up()), "WebKitWebDriver did not answer");
    let s = driver.start_session(APP, &[]).expect("start the app under WebKitWebDriver");
    let step = Duration::from_secs(60);

    s.wait("#login-form", step);
    let account = s.wait("#login-form [name=account]", step);
    s.type_into(&account, ACCOUNT).unwrap();
    let password = s.wait("#login-form [name=password]", step);
    s.type_into(&password, &format!("{PASSWORD}{}", support::webdriver::ENTER)).unwrap();
    s.wait("[data-screen=today]", step);

    // Idle: let the today list settle and WebKit's timers run down.
    std::thread::sleep(Duration::from_secs(15));
    memory(driver_process.pid());

    s.wait_until(
        "the registers screen",
        "const nav = document.querySelector('[data-view=registers]'); if (nav) nav.click(); return document.getElementById('register-select') !== null;",
        step,
    );
    let first = s
        .execute(&format!("{SELECT_LOGBOOK} return shown(() => {{ select.value = 'usage_log'; select.dispatchEvent(new Event('change')); }});"), json!([]))
        .expect("open the logbook");
    println!("logbook, first page unfiltered: {:.1} ms", first.as_f64().unwrap_or(f64::NAN));
    let total = s.execute("return document.getElementById('page-info')?.textContent;", json!([])).unwrap();
    println!("logbook pager: {total}");

    // Three kinds of filter, each over a different month per run so that no page comes from a
    // cache: a month alone, a month and a word of three or more characters (served by the
    // trigram index), and a month and a two-character word (which the trigram index cannot
    // serve, so it scans the text of every entry).
    let kinds: [(&str, &[&str]); 3] = [
        ("a month", &[""]),
        ("a month and a 3+ character word", &["会议纪要", "年度保密", "涉密人员", "签到表"]),
        ("a month and a 2-character word", &["签报", "清查", "培训", "总结"]),
    ];
    for (kind, words) in kinds {
        let mut figures = Vec::new();
        for run in 0..FILTER_RUNS {
            let month = run % 12 + 1;
            let word = words[run % words.len()];
            let script = format!(
                "{SELECT_LOGBOOK}
                 const form = document.getElementById('filter-form');
                 return shown(() => {{
                   form.elements.text.value = {word:?};
                   form.elements.from.value = '2026-{month:02}-01';
                   form.elements.to.value = '2026-{month:02}-28';
                   form.requestSubmit();
                 }});"
            );
            let ms = s.execute(&script, json!([])).expect("filter the logbook").as_f64().unwrap_or(f64::NAN);
            let info = s.execute("return document.getElementById('page-info')?.textContent;", json!([])).unwrap();
            println!("filtered page, {kind} ({word:?}, 2026-{month:02}): {ms:.1} ms, {info}");
            figures.push(ms);
        }
        summary(&format!("filtered page, {kind} (ms)"), &mut figures);
    }
    s.end();
}

/// Page-side helpers: `shown(action)` runs `action` and resolves, in milliseconds, once the
/// pager has been drawn (the list screen draws it after the rows) and two frames after it.
const SELECT_LOGBOOK: &str = "
    const select = document.getElementById('register-select');
    const shown = (action) => new Promise((done) => {
      const start = performance.now();
      const watch = new MutationObserver((changes) => {
        if (!changes.some((c) => c.target.id === 'pager' && c.addedNodes.length > 0)) return;
        watch.disconnect();
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
      });
      watch.observe(document.getElementById('content'), { childList: true, subtree: true });
      action();
    });";

/// Prints the RSS and PSS of every process under the driver but the driver itself: the app,
/// its WebKit web process and its network process.
fn memory(driver_pid: u32) {
    let mut rss_total = 0;
    let mut pss_total = 0;
    for pid in processes::process_tree(driver_pid) {
        if pid == driver_pid {
            continue;
        }
        let Ok(rollup) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else { continue };
        let field = |name: &str| -> u64 {
            rollup.lines().find_map(|l| l.strip_prefix(name)?.trim().strip_suffix("kB")?.trim().parse().ok()).unwrap_or(0)
        };
        let (rss, pss) = (field("Rss:"), field("Pss:"));
        println!("idle memory: {} (pid {pid}): RSS {:.0} MB, PSS {:.0} MB", processes::command_name(pid), rss as f64 / 1024.0, pss as f64 / 1024.0);
        rss_total += rss;
        pss_total += pss;
    }
    println!("idle memory in all: RSS {:.0} MB, PSS {:.0} MB", rss_total as f64 / 1024.0, pss_total as f64 / 1024.0);
}

fn summary(what: &str, figures: &mut [f64]) {
    figures.sort_by(f64::total_cmp);
    let median = figures[figures.len() / 2];
    println!("{what}: median {median:.1}, min {:.1}, max {:.1}, {} runs", figures[0], figures[figures.len() - 1], figures.len());
}
