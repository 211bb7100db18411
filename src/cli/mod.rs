//! The `secledger` command line: thin over the core API, with every user-facing line from the
//! message catalog.

pub mod args;
mod backup_cmds;
mod commands;
mod demo_cmds;
pub mod import_cmds;
pub mod print_args;
mod print_cmds;
mod register_cmds;
mod secrets;
pub mod today_args;
mod today_cmds;
pub mod workflow_args;
mod workflow_cmds;

pub use commands::run;
