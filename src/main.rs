//! The `secledger` command: zh-CN output, exit codes as documented in README.md.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;

use secledger::cli::{self, args::Cli};
use secledger::error::exit;
use secledger::t;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{}", t!("cli.error_prefix", message = err.message()));
            if let Some(detail) = err.detail_text() {
                if std::env::var_os("SECLEDGER_DEBUG").is_some() {
                    eprintln!("debug: {detail}");
                }
            }
            ExitCode::from(err.code().exit_code())
        }
    }
}

/// Replaces the few English words clap puts into generated help.
fn localise_help(help: &str) -> String {
    help.replace("Usage: ", &t!("cli.help.usage_prefix"))
        .replace("Options:", &t!("cli.help.options_heading"))
        .replace("Commands:", &t!("cli.help.commands_heading"))
        .replace("Arguments:", &t!("cli.help.arguments_heading"))
        .replace("[OPTIONS]", &t!("cli.help.options_placeholder"))
        .replace("<COMMAND>", &t!("cli.help.command_placeholder"))
        .replace("[env: ", &t!("cli.help.env_prefix"))
        .replace("[default: ", &t!("cli.help.default_prefix"))
        .replace("[possible values: ", &t!("cli.help.values_prefix"))
}

/// Prints clap's help and version as they are, and its parse errors in zh-CN.
fn usage_error(err: clap::Error) -> ExitCode {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            print!("{}", localise_help(&err.render().to_string()));
            return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(exit::USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
        _ => {}
    }
    let context = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let reason = match err.kind() {
        ErrorKind::UnknownArgument => t!("cli.usage.unknown_argument", arg = context(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => t!("cli.usage.unknown_command", arg = context(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingRequiredArgument => t!("cli.usage.missing_argument", arg = context(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand => t!("cli.usage.missing_command"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => t!(
            "cli.usage.invalid_value",
            arg = context(ContextKind::InvalidArg),
            value = context(ContextKind::InvalidValue)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::ArgumentConflict => {
            t!("cli.usage.unexpected_value", arg = context(ContextKind::InvalidArg))
        }
        _ => t!("cli.usage.other"),
    };
    eprintln!("{}", t!("cli.error_prefix", message = t!("error.usage", reason = reason)));
    ExitCode::from(exit::USAGE)
}
