//! The `secledger` command line: thin over the core API, with every user-facing line from the
//! message catalog.

pub mod args;
mod backup_cmds;
mod commands;
mod register_cmds;
mod secrets;

pub use commands::run;
