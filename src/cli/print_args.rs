//! Arguments of `secledger print …`: one subcommand per form, each writing a PDF to `--out`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::t;

#[derive(Debug, Subcommand)]
pub enum PrintCommand {
    #[command(about = t!("cli.cmd.print.circulation"))]
    Circulation(PrintRecordArgs),
    #[command(name = "sign-off", about = t!("cli.cmd.print.sign_off"))]
    SignOff(PrintRecordArgs),
    #[command(about = t!("cli.cmd.print.logbook"))]
    Logbook(PrintLogbookArgs),
    #[command(name = "media-loan", about = t!("cli.cmd.print.media_loan"))]
    MediaLoan(PrintRecordArgs),
    #[command(about = t!("cli.cmd.print.disposal"))]
    Disposal(PrintRecordArgs),
    #[command(about = t!("cli.cmd.print.inventory"))]
    Inventory(PrintRecordArgs),
    #[command(about = t!("cli.cmd.print.reminders"))]
    Reminders(PrintRemindersArgs),
    #[command(about = t!("cli.cmd.print.labels"))]
    Labels(PrintLabelsArgs),
    #[command(about = t!("cli.cmd.print.lookup"))]
    Lookup(PrintSerialArg),
}

/// The output file every form takes.
#[derive(Debug, Args)]
pub struct PrintOutArg {
    #[arg(long, value_name = "文件", help = t!("cli.arg.print.out"))]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct PrintRecordArgs {
    #[arg(value_name = "编号", help = t!("cli.arg.print.record"))]
    pub number: String,
    #[command(flatten)]
    pub out: PrintOutArg,
}

#[derive(Debug, Args)]
pub struct PrintLogbookArgs {
    #[arg(long, value_name = "编号", help = t!("cli.arg.print.device"))]
    pub device: Option<String>,
    #[arg(long, value_name = "日期", help = t!("cli.arg.print.from"))]
    pub from: Option<String>,
    #[arg(long, value_name = "日期", help = t!("cli.arg.print.to"))]
    pub to: Option<String>,
    #[command(flatten)]
    pub out: PrintOutArg,
}

#[derive(Debug, Args)]
pub struct PrintRemindersArgs {
    #[arg(value_name = "编号", help = t!("cli.arg.print.reminder_numbers"))]
    pub numbers: Vec<String>,
    #[arg(long, value_name = "日期", help = t!("cli.arg.print.date"))]
    pub date: Option<String>,
    #[arg(long = "due-soon", help = t!("cli.arg.print.due_soon"))]
    pub due_soon: bool,
    #[command(flatten)]
    pub out: PrintOutArg,
}

#[derive(Debug, Args)]
pub struct PrintLabelsArgs {
    #[arg(value_name = "编号", help = t!("cli.arg.print.label_numbers"))]
    pub numbers: Vec<String>,
    #[command(flatten)]
    pub out: PrintOutArg,
}

#[derive(Debug, Args)]
pub struct PrintSerialArg {
    #[arg(value_name = "打印编号", help = t!("cli.arg.print.serial"))]
    pub serial: String,
}
