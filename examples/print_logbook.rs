//! Creates a vault with a usage logbook of N entries, or prints that logbook once: a separate
//! process per step, so that `/usr/bin/time -v` measures the peak memory of printing alone.
//!
//! ```text
//! cargo run --release --example print_logbook -- setup DIR ROWS
//! /usr/bin/time -v target/release/examples/print_logbook print DIR OUT.pdf
//! ```
//!
//! The vault uses the Argon2id floor parameters (19 MiB), so the login before the print costs
//! less memory than on a calibrated office vault (64 MiB). The setup also writes `DIR/logbook.csv`,
//! the same table as UTF-8 CSV, for comparing with a spreadsheet's PDF export.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use secledger::auth::{self, InitOptions, Session};
use secledger::crypto::KdfParams;
use secledger::print::LogbookRange;
use secledger::vault::VaultPaths;

const PASSWORD: &str = "Bench#Print2026";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("setup") if args.len() == 4 => setup(Path::new(&args[2]), args[3].parse().expect("ROWS is a number")),
        Some("print") if args.len() == 4 => print(Path::new(&args[2]), Path::new(&args[3])),
        _ => {
            eprintln!("usage: print_logbook setup DIR ROWS | print_logbook print DIR OUT.pdf");
            std::process::exit(2);
        }
    }
}

fn setup(dir: &Path, rows: usize) {
    std::fs::create_dir_all(dir).expect("create the folder");
    let paths = VaultPaths::beside(dir.join("office.vault"));
    let options = InitOptions { kdf: Some(KdfParams::FLOOR), ..InitOptions::default() };
    let report = auth::init(&paths, &options).expect("create the vault");
    let first = report.accounts.iter().find(|(name, _, _)| name == "secadmin").expect("secadmin").2.clone();
    let mut session = Session::login(&paths, "secadmin", &first).expect("log in");
    session.change_password(PASSWORD, PASSWORD).expect("change the first password");

    let logbook = secledger_bench_data::Logbook::create(&mut session, rows);
    std::fs::write(dir.join("logbook.csv"), logbook.csv).expect("write the CSV");
    std::fs::write(dir.join("device.txt"), logbook.device).expect("write the device number");
}

fn print(dir: &Path, out: &Path) {
    let paths = VaultPaths::beside(dir.join("office.vault"));
    let device = std::fs::read_to_string(dir.join("device.txt")).expect("read the device number");
    let mut session = Session::login(&paths, "secadmin", PASSWORD).expect("log in");
    let range = LogbookRange { from: NaiveDate::from_ymd_opt(2026, 1, 1), to: NaiveDate::from_ymd_opt(2026, 12, 31) };
    let start = Instant::now();
    let printed = session.print_usage_logbook(Some(&device), range, out).expect("print the logbook");
    let elapsed = start.elapsed();
    let size = std::fs::metadata(out).expect("read the PDF size").len();
    println!("pages {} size {} bytes time {:.3} s", printed.pages, size, elapsed.as_secs_f64());
}

#[path = "../benches/support/print_data.rs"]
mod secledger_bench_data;

