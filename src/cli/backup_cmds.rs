//! `secledger backup`, `backup verify` and `restore`.

use std::path::Path;

use super::args::{BackupArgs, Cli, RestoreArgs};
use super::commands::{account_name, login};
use super::secrets::Secrets;
use crate::audit::short_code;
use crate::auth::Session;
use crate::backup::{BackupFile, Header};
use crate::clock;
use crate::error::{Code, Error, Result};
use crate::t;
use crate::vault::VaultPaths;

/// Writes a backup; without `--out`, beside the vault with the date in its name.
pub fn create(session: &mut Session, paths: &VaultPaths, args: &BackupArgs) -> Result<()> {
    let out = match &args.out {
        Some(out) => out.clone(),
        None => {
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let mut name = paths.vault.file_name().unwrap_or_default().to_os_string();
            name.push(format!(".{stamp}.slbk"));
            paths.vault.with_file_name(name)
        }
    };
    let header = session.backup(&out)?;
    println!("{}", t!("cli.backup.created", path = out.display()));
    print_header(&header);
    Ok(())
}

fn print_header(header: &Header) {
    println!(
        "{}",
        t!(
            "cli.backup.header",
            at = clock::display(&header.created_at),
            by = header.created_by,
            seq = header.head.seq,
            code = short_code(&header.head)
        )
    );
}

/// Verifies a backup with an account's password as it was when the backup was made.
pub fn verify(cli: &Cli, secrets: &mut Secrets, file: &Path) -> Result<()> {
    let backup = BackupFile::read(file)?;
    print_header(&backup.header);
    let account = account_name(cli)?;
    let password = secrets.read(&t!("cli.prompt.backup_password", account = account))?;
    let verified = backup.verify(account, &password)?;
    println!("{}", t!("cli.backup.verified", entries = verified.entries));
    Ok(())
}

/// Shows what the backup lacks (compared with the current vault, when it can be opened, and
/// with a chain head printed on paper), then restores into new files.
pub fn restore(paths: &VaultPaths, cli: &Cli, secrets: &mut Secrets, args: &RestoreArgs) -> Result<()> {
    let backup = BackupFile::read(&args.file)?;
    print_header(&backup.header);

    if let Some(printed) = &args.printed_head {
        let seq = parse_printed_head(printed)?;
        if seq > backup.header.head.seq {
            println!("{}", t!("cli.restore.printed_ahead", printed = seq, missing = seq - backup.header.head.seq));
        } else {
            println!("{}", t!("cli.restore.printed_covered", printed = seq));
        }
    }

    if paths.vault.is_file() {
        let mut session = login(paths, cli, secrets)?;
        let comparison = session.compare_backup(&backup)?;
        drop(session);
        if !comparison.same_history {
            println!("{}", t!("cli.restore.diverged"));
        }
        println!("{}", t!("cli.restore.missing", current = comparison.other_seq, missing = comparison.missing));
    }

    let account = account_name(cli)?;
    let password = secrets.read(&t!("cli.prompt.backup_password", account = account))?;
    let target = VaultPaths::beside(&args.to);
    let verified = backup.restore(account, &password, &target)?;
    println!("{}", t!("cli.restore.done", path = target.vault.display(), entries = verified.entries));
    Ok(())
}

/// Parses `1234` or `1234:ABCD-EFGH` (the code is for the person comparing; only the number is
/// compared here).
fn parse_printed_head(text: &str) -> Result<u64> {
    let number = text.split([':', '：']).next().unwrap_or_default().trim();
    number.parse().map_err(|_| {
        Error::new(Code::FieldInvalid)
            .field("--printed-head")
            .arg("value", text)
            .arg("allowed", t!("cli.restore.printed_allowed"))
    })
}
