//! `secledger demo`: builds the demo vault and prints its accounts and passwords. Progress goes
//! to standard error, so the accounts on standard output can be read by a script.

use chrono::Local;

use super::args::DemoArgs;
use crate::auth::InitOptions;
use crate::demo::{self, DemoOptions, DemoSize};
use crate::error::Result;
use crate::t;
use crate::vault::VaultPaths;

pub fn run(paths: &VaultPaths, args: &DemoArgs, init: InitOptions) -> Result<()> {
    let options = DemoOptions {
        today: Local::now().date_naive(),
        size: if args.small { DemoSize::Small } else { DemoSize::Full },
        init,
    };
    let mut progress = |step: &str| eprintln!("{}", t!("cli.demo.progress", step = step));
    let report = demo::create(paths, &options, &mut progress)?;

    println!(
        "{}",
        t!(
            "cli.demo.created",
            path = paths.vault.display(),
            keyring = paths.keyring.display(),
            records = report.records,
            seconds = format!("{:.1}", report.elapsed.as_secs_f64())
        )
    );
    println!();
    println!("{}", t!("cli.demo.accounts"));
    for account in &report.accounts {
        println!(
            "  {}",
            t!(
                "cli.demo.account_line",
                role = account.role.label(),
                account = account.name,
                name = account.display_name,
                password = account.password
            )
        );
    }
    println!("{}", t!("cli.demo.recovery_key", key = report.recovery_key));
    println!();
    println!(
        "{}",
        t!(
            "cli.demo.logbook",
            unified = report.logbook_unified_number,
            number = report.logbook_device,
            count = report.logbook_entries
        )
    );
    println!("{}", t!("cli.head", seq = report.head.seq, code = demo::head_code(&report.head)));
    println!("{}", t!("cli.demo.try", path = paths.vault.display(), account = "zhangzhe"));
    Ok(())
}
