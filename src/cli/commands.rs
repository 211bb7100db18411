//! The subcommands: each logs in, calls the core and prints the result in zh-CN.

use chrono::{Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use super::args::*;
use super::secrets::Secrets;
use crate::audit::{self, Filter};
use crate::auth::{self, InitOptions, NewAccount, Role, Session};
use crate::clock;
use crate::error::{Code, Error, Result};
use crate::settings;
use crate::t;
use crate::vault::VaultPaths;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let paths = match &cli.keyring {
        Some(keyring) => VaultPaths::new(&cli.vault, keyring),
        None => VaultPaths::beside(&cli.vault),
    };
    let mut secrets = Secrets::new(cli.password_stdin);
    match &cli.command {
        Command::Init(args) => init(&paths, args),
        Command::Demo(args) => super::demo_cmds::run(&paths, args, init_options()),
        Command::Recover(args) => recover(&paths, &mut secrets, args),
        Command::Backup(BackupArgs { verify: Some(BackupCommand::Verify(args)), .. }) => {
            super::backup_cmds::verify(&cli, &mut secrets, &args.file)
        }
        Command::Restore(args) => super::backup_cmds::restore(&paths, &cli, &mut secrets, args),
        Command::Account(AccountCommand::Passwd(args)) if args.target.is_none() => {
            change_own_password(&paths, &cli, &mut secrets)
        }
        command => {
            let mut session = login(&paths, &cli, &mut secrets)?;
            match command {
                Command::Account(sub) => account(&mut session, sub),
                Command::Audit(sub) => audit_command(&mut session, sub),
                Command::Settings(sub) => settings_command(&mut session, sub),
                Command::VaultCmd(VaultCommand::Check) => vault_check(&mut session),
                Command::Register(sub) => super::register_cmds::run(&mut session, sub),
                Command::Backup(args) => super::backup_cmds::create(&mut session, &paths, args),
                Command::Workflow(sub) => super::workflow_cmds::run_with(&mut session, sub, &mut secrets),
                Command::Today(args) => super::today_cmds::run_today(&mut session, args),
                Command::Inventory(sub) => super::today_cmds::run_inventory(&mut session, sub),
                Command::Print(sub) => super::print_cmds::run(&mut session, sub),
                Command::Import(args) => super::import_cmds::run(&mut session, args),
                Command::Init(_) | Command::Demo(_) | Command::Recover(_) | Command::Restore(_) => {
                    unreachable!("handled above")
                }
            }
        }
    }
}

pub(super) fn account_name(cli: &Cli) -> Result<&str> {
    cli.account
        .as_deref()
        .ok_or_else(|| Error::new(Code::Usage).arg("reason", t!("cli.account_missing")))
}

pub(super) fn login(paths: &VaultPaths, cli: &Cli, secrets: &mut Secrets) -> Result<Session> {
    let name = account_name(cli)?;
    paths.check_vault_file()?;
    let password = secrets.read(&t!("cli.prompt.password", account = name))?;
    Session::login(paths, name, &password)
}

/// Reads the KDF target from `SECLEDGER_KDF_TARGET_MS` (50 to 2000 ms), for tests and for slow
/// machines; the default is 400 ms.
fn init_options() -> InitOptions {
    let mut options = InitOptions::default();
    if let Some(ms) = std::env::var("SECLEDGER_KDF_TARGET_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        options.kdf_target = std::time::Duration::from_millis(ms.clamp(50, 2000));
    }
    options
}

fn init(paths: &VaultPaths, args: &InitArgs) -> Result<()> {
    let report = auth::init(paths, &init_options())?;
    println!("{}", t!("cli.init.created", path = paths.vault.display(), keyring = paths.keyring.display()));
    println!();
    println!("{}", t!("cli.init.first_passwords"));
    for (name, role, password) in &report.accounts {
        println!("  {}", t!("cli.init.account_line", role = role.label(), account = name, password = password));
    }
    println!();
    println!("{}", t!("cli.init.recovery_key"));
    println!("  {}", report.recovery_key);
    println!();
    println!("{}", t!("cli.init.shown_once"));
    println!("{}", t!("cli.head", seq = report.head.seq, code = audit::short_code(&report.head)));
    if let Some(out) = &args.recovery_pdf {
        super::print_cmds::recovery_key(paths, &report.recovery_key, out)?;
    }
    Ok(())
}

fn recover(paths: &VaultPaths, secrets: &mut Secrets, args: &RecoverArgs) -> Result<()> {
    paths.check_vault_file()?;
    let key = secrets.read(&t!("cli.prompt.recovery_key"))?;
    let password = Session::recover(paths, &key, &args.target)?;
    println!("{}", t!("cli.recover.done", account = args.target, password = password));
    Ok(())
}

fn change_own_password(paths: &VaultPaths, cli: &Cli, secrets: &mut Secrets) -> Result<()> {
    let mut session = login(paths, cli, secrets)?;
    let new_password = secrets.read(&t!("cli.prompt.new_password"))?;
    let repeated = secrets.read(&t!("cli.prompt.repeat_password"))?;
    session.change_password(&new_password, &repeated)?;
    println!("{}", t!("cli.passwd.changed", account = session.account().name));
    Ok(())
}

fn parse_role(text: &str) -> Result<Role> {
    Role::parse(text).ok_or_else(|| {
        let allowed: Vec<String> = Role::ALL.iter().map(|r| format!("{}（{}）", r.id(), r.label())).collect();
        Error::new(Code::FieldInvalid)
            .field("角色")
            .arg("value", text)
            .arg("allowed", t!("cli.role_allowed", roles = allowed.join("、")))
    })
}

fn account(session: &mut Session, command: &AccountCommand) -> Result<()> {
    match command {
        AccountCommand::Add(args) => {
            let role = parse_role(&args.role)?;
            let new = NewAccount {
                name: args.name.clone(),
                display_name: args.display_name.clone(),
                role,
                department: args.department.clone(),
            };
            let password = session.add_account(&new)?;
            println!("{}", t!("cli.account.added", account = args.name, role = role.label(), password = password));
        }
        AccountCommand::Passwd(args) => {
            let target = args.target.as_deref().unwrap_or_default();
            let reason = args.reason.as_deref().unwrap_or_default();
            let password = session.reset_password(target, reason)?;
            println!("{}", t!("cli.account.reset", account = target, password = password));
        }
        AccountCommand::Lock(args) => {
            session.lock_account(&args.name, &args.reason)?;
            println!("{}", t!("cli.account.locked", account = args.name));
        }
        AccountCommand::Unlock(args) => {
            session.unlock_account(&args.name, &args.reason)?;
            println!("{}", t!("cli.account.unlocked", account = args.name));
        }
        AccountCommand::Role(args) => {
            let role = parse_role(&args.role)?;
            session.set_role(&args.name, role, &args.reason)?;
            println!("{}", t!("cli.account.role_set", account = args.name, role = role.label()));
        }
        AccountCommand::List => {
            let accounts = session.list_accounts()?;
            println!("{}", t!("cli.account.list_header"));
            for (account, locked_out) in accounts {
                let status = if !account.active {
                    t!("cli.status.disabled")
                } else if locked_out {
                    t!("cli.status.locked_out")
                } else if account.must_change {
                    t!("cli.status.must_change")
                } else {
                    t!("cli.status.active")
                };
                let last = account.last_login_at.as_deref().map(clock::display).unwrap_or_else(|| "—".into());
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    account.name,
                    account.display_name,
                    account.role.label(),
                    if account.department.is_empty() { "—" } else { &account.department },
                    status,
                    last
                );
            }
        }
        AccountCommand::History(args) => {
            let history = session.account_history(&args.name)?;
            println!("{}", t!("cli.account.history_header"));
            for (version, at, by, reason, snapshot) in history {
                println!("{}\t{}\t{}\t{}\t{}", version, clock::display(&at), by, reason, snapshot);
            }
        }
    }
    Ok(())
}

fn audit_command(session: &mut Session, command: &AuditCommand) -> Result<()> {
    match command {
        AuditCommand::Verify => {
            let verified = session.verify_audit()?;
            println!("{}", t!("cli.audit.verified", entries = verified.entries));
            println!("{}", t!("cli.head", seq = verified.head.seq, code = audit::short_code(&verified.head)));
        }
        AuditCommand::Show(args) => {
            let filter = Filter {
                account: args.by.clone(),
                action: args.action.clone(),
                since: args.since.as_deref().map(|d| parse_filter_time("--since", d, false)).transpose()?,
                until: args.until.as_deref().map(|d| parse_filter_time("--until", d, true)).transpose()?,
                before_seq: None,
                limit: Some(args.limit),
            };
            if let (Some(since), Some(until)) = (&filter.since, &filter.until) {
                if until <= since {
                    return Err(Error::new(Code::AuditFilterInvalid)
                        .field("--until")
                        .arg("value", args.until.as_deref().unwrap_or_default())
                        .arg("allowed", t!("cli.audit.until_after_since")));
                }
            }
            let entries = session.list_audit(&filter)?;
            println!("{}", t!("cli.audit.show_header"));
            for entry in &entries {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    entry.seq,
                    clock::display(&entry.at),
                    entry.account,
                    action_label(&entry.action),
                    entry.target
                );
            }
            println!("{}", t!("cli.audit.shown", count = entries.len()));
        }
    }
    Ok(())
}

/// Returns the zh-CN name of an audit action, or its id when the catalog has none.
pub fn action_label(action: &str) -> String {
    let key = format!("action.{action}");
    match crate::i18n::lookup(crate::i18n::Lang::from_env(), &key) {
        Some(_) => crate::i18n::tr(&key, &[]),
        None => action.to_string(),
    }
}

/// Parses `2026-12-04` or `2026-12-04 08:30` in local time into the stored UTC form. An
/// `--until` date without a time means the end of that day.
fn parse_filter_time(option: &str, text: &str, end_of_day: bool) -> Result<String> {
    let invalid = || {
        Error::new(Code::AuditFilterInvalid)
            .field(option)
            .arg("value", text)
            .arg("allowed", t!("cli.audit.time_allowed"))
    };
    let text = text.trim();
    let naive = if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let day = if end_of_day { date.succ_opt().ok_or_else(invalid)? } else { date };
        day.and_time(NaiveTime::MIN)
    } else {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").map_err(|_| invalid())?
    };
    let local = Local.from_local_datetime(&naive).earliest().ok_or_else(invalid)?;
    Ok(clock::to_text(local.with_timezone(&chrono::Utc)))
}

fn settings_command(session: &mut Session, command: &SettingsCommand) -> Result<()> {
    match command {
        SettingsCommand::Show => {
            session.require_password_in_order()?;
            let current = session.settings()?;
            let values = [
                current.password_min_length,
                current.password_expiry_days,
                current.lockout_threshold,
                current.lockout_minutes,
                current.idle_minutes,
                current.backup_reminder_days,
            ];
            for (def, value) in settings::DEFS.iter().zip(values) {
                let label = crate::i18n::tr(def.label_key, &[]);
                println!("{}", t!("cli.settings.line", key = def.key, label = label, value = value, min = def.min, max = def.max));
            }
        }
        SettingsCommand::Set(args) => {
            let value = session.set_setting(&args.key, &args.value)?;
            println!("{}", t!("cli.settings.set", key = args.key, value = value));
        }
    }
    Ok(())
}

fn vault_check(session: &mut Session) -> Result<()> {
    session.check_vault()?;
    println!("{}", t!("cli.vault.intact", path = session.vault().paths().vault.display()));
    Ok(())
}
