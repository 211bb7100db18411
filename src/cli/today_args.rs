//! Arguments of `secledger today` and `secledger inventory …`. Every help text comes from the
//! message catalog, so `--help` is zh-CN.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::t;

// `secledger today [--days N] [--date DATE]`. Type-level doc comments would become clap's
// English `about` text, so the types carry plain comments.
#[derive(Debug, Args)]
pub struct TodayArgs {
    #[arg(long, value_name = "天数", help = t!("cli.arg.today_days"))]
    pub days: Option<u32>,
    #[arg(long, value_name = "日期", help = t!("cli.arg.today_date"))]
    pub date: Option<String>,
}

// `secledger inventory …`: the annual inventory (年度清查) of one register.
#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    #[command(about = t!("cli.cmd.inventory.start"))]
    Start(InventoryRegisterArg),
    #[command(about = t!("cli.cmd.inventory.scan"))]
    Scan(InventoryScanArgs),
    #[command(about = t!("cli.cmd.inventory.report"))]
    Report(InventoryRegisterArg),
    #[command(about = t!("cli.cmd.inventory.close"))]
    Close(InventoryCloseArgs),
    #[command(about = t!("cli.cmd.inventory.list"))]
    List,
}

#[derive(Debug, Args)]
pub struct InventoryRegisterArg {
    #[arg(value_name = "台账", help = t!("cli.arg.inventory_register"))]
    pub register: String,
}

#[derive(Debug, Args)]
pub struct InventoryScanArgs {
    #[arg(value_name = "台账", help = t!("cli.arg.inventory_register"))]
    pub register: String,
    /// A UTF-8 text file with one number per line; standard input when absent or `-`.
    #[arg(long, value_name = "文件", help = t!("cli.arg.inventory_file"))]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InventoryCloseArgs {
    #[arg(value_name = "台账", help = t!("cli.arg.inventory_register"))]
    pub register: String,
    #[arg(long, value_name = "结论", help = t!("cli.arg.inventory_conclusion"))]
    pub conclusion: String,
}
