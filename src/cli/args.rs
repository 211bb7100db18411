//! Command-line arguments. Every help text comes from the message catalog, so `--help` is zh-CN.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::t;

#[derive(Debug, Parser)]
#[command(
    name = "secledger",
    version,
    about = t!("cli.about"),
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    help_template = t!("cli.help_template"),
    subcommand_help_heading = t!("cli.heading.commands"),
    next_help_heading = t!("cli.heading.options"),
)]
pub struct Cli {
    /// Path of the vault file.
    #[arg(long, global = true, env = "SECLEDGER_VAULT", hide_env = true, default_value = "secledger.vault", value_name = "路径", help = t!("cli.opt.vault"))]
    pub vault: PathBuf,

    /// Path of the keyring; defaults to the vault path plus `.keyring`.
    #[arg(long, global = true, value_name = "路径", help = t!("cli.opt.keyring"))]
    pub keyring: Option<PathBuf>,

    /// The account that logs in.
    #[arg(long, global = true, env = "SECLEDGER_ACCOUNT", hide_env = true, value_name = "账户", help = t!("cli.opt.account"))]
    pub account: Option<String>,

    /// Read passwords (and the recovery key) from standard input, one per line.
    #[arg(long, global = true, help = t!("cli.opt.password_stdin"))]
    pub password_stdin: bool,

    #[arg(short = 'h', long, global = true, action = ArgAction::Help, help = t!("cli.opt.help"))]
    pub help: Option<bool>,

    #[arg(short = 'V', long, action = ArgAction::Version, help = t!("cli.opt.version"))]
    pub version: Option<bool>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(about = t!("cli.cmd.init"))]
    Init(InitArgs),
    #[command(subcommand, about = t!("cli.cmd.account"), subcommand_help_heading = t!("cli.heading.commands"))]
    Account(AccountCommand),
    #[command(subcommand, about = t!("cli.cmd.audit"), subcommand_help_heading = t!("cli.heading.commands"))]
    Audit(AuditCommand),
    #[command(subcommand, about = t!("cli.cmd.settings"), subcommand_help_heading = t!("cli.heading.commands"))]
    Settings(SettingsCommand),
    #[command(subcommand, name = "vault", about = t!("cli.cmd.vault"), subcommand_help_heading = t!("cli.heading.commands"))]
    VaultCmd(VaultCommand),
    #[command(about = t!("cli.cmd.recover"))]
    Recover(RecoverArgs),
    #[command(subcommand, about = t!("cli.cmd.register"), subcommand_help_heading = t!("cli.heading.commands"))]
    Register(RegisterCommand),
    #[command(about = t!("cli.cmd.backup"), args_conflicts_with_subcommands = true, subcommand_help_heading = t!("cli.heading.commands"))]
    Backup(BackupArgs),
    #[command(about = t!("cli.cmd.restore"))]
    Restore(RestoreArgs),
    #[command(subcommand, about = t!("cli.cmd.workflow"), subcommand_help_heading = t!("cli.heading.commands"))]
    Workflow(super::workflow_args::WorkflowCommand),
    #[command(about = t!("cli.cmd.today"))]
    Today(super::today_args::TodayArgs),
    #[command(subcommand, about = t!("cli.cmd.inventory"), subcommand_help_heading = t!("cli.heading.commands"))]
    Inventory(super::today_args::InventoryCommand),
    #[command(subcommand, about = t!("cli.cmd.print"), subcommand_help_heading = t!("cli.heading.commands"))]
    Print(super::print_args::PrintCommand),
    #[command(about = t!("cli.cmd.demo"))]
    Demo(DemoArgs),
    #[command(about = t!("cli.cmd.import"))]
    Import(super::import_cmds::ImportArgs),
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[arg(long, help = t!("cli.arg.demo_small"))]
    pub small: bool,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub verify: Option<BackupCommand>,
    #[arg(long, value_name = "文件", help = t!("cli.arg.backup_out"))]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    #[command(about = t!("cli.cmd.backup.verify"))]
    Verify(BackupFileArg),
}

#[derive(Debug, Args)]
pub struct BackupFileArg {
    #[arg(value_name = "备份文件", help = t!("cli.arg.backup_file"))]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    #[arg(value_name = "备份文件", help = t!("cli.arg.backup_file"))]
    pub file: PathBuf,
    #[arg(long, value_name = "路径", help = t!("cli.arg.restore_to"))]
    pub to: PathBuf,
    #[arg(long = "printed-head", value_name = "序号:校验码", help = t!("cli.arg.printed_head"))]
    pub printed_head: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[arg(long = "recovery-pdf", value_name = "文件", help = t!("cli.arg.recovery_pdf"))]
    pub recovery_pdf: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    #[command(about = t!("cli.cmd.register.types"))]
    Types,
    #[command(about = t!("cli.cmd.register.fields"))]
    Fields(RegisterNameArg),
    #[command(about = t!("cli.cmd.register.list"))]
    List(RegisterListArgs),
    #[command(about = t!("cli.cmd.register.show"))]
    Show(RecordNumberArg),
    #[command(about = t!("cli.cmd.register.add"))]
    Add(RegisterAddArgs),
    #[command(about = t!("cli.cmd.register.edit"))]
    Edit(RegisterEditArgs),
    #[command(about = t!("cli.cmd.register.status"))]
    Status(RegisterStatusArgs),
    #[command(about = t!("cli.cmd.register.void"))]
    Void(RegisterVoidArgs),
    #[command(about = t!("cli.cmd.register.reveal"))]
    Reveal(RegisterRevealArgs),
}

#[derive(Debug, Args)]
pub struct RegisterRevealArgs {
    #[arg(value_name = "编号", help = t!("cli.arg.record_number"))]
    pub number: String,
    #[arg(value_name = "字段", help = t!("cli.arg.reveal_field"))]
    pub field: String,
}

#[derive(Debug, Args)]
pub struct RegisterNameArg {
    #[arg(value_name = "台账", help = t!("cli.arg.register"))]
    pub register: String,
}

#[derive(Debug, Args)]
pub struct RecordNumberArg {
    #[arg(value_name = "编号", help = t!("cli.arg.record_number"))]
    pub number: String,
}

#[derive(Debug, Args)]
pub struct RegisterListArgs {
    #[arg(value_name = "台账", help = t!("cli.arg.register"))]
    pub register: String,
    #[arg(long, value_name = "状态", help = t!("cli.arg.status_filter"))]
    pub status: Option<String>,
    #[arg(long = "where", value_name = "字段=值", help = t!("cli.arg.where"))]
    pub filters: Vec<String>,
    #[arg(long, value_name = "日期", help = t!("cli.arg.from"))]
    pub from: Option<String>,
    #[arg(long, value_name = "日期", help = t!("cli.arg.to"))]
    pub to: Option<String>,
    #[arg(long, value_name = "编号", help = t!("cli.arg.person"))]
    pub person: Option<String>,
    #[arg(long, value_name = "编号", help = t!("cli.arg.device"))]
    pub device: Option<String>,
    #[arg(long, value_name = "文字", help = t!("cli.arg.text"))]
    pub text: Option<String>,
    #[arg(long, value_name = "顺序", default_value = "date-desc", help = t!("cli.arg.sort"))]
    pub sort: String,
    #[arg(long, default_value_t = 1, value_name = "页码", help = t!("cli.arg.page"))]
    pub page: u32,
    #[arg(long = "per-page", default_value_t = 50, value_name = "条数", help = t!("cli.arg.per_page"))]
    pub per_page: u32,
}

#[derive(Debug, Args)]
pub struct RegisterAddArgs {
    #[arg(value_name = "台账", help = t!("cli.arg.register"))]
    pub register: String,
    #[arg(value_name = "字段=值", help = t!("cli.arg.field_values"))]
    pub values: Vec<String>,
    #[arg(long = "row", value_name = "字段=值;字段=值", help = t!("cli.arg.row"))]
    pub rows: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RegisterEditArgs {
    #[arg(value_name = "编号", help = t!("cli.arg.record_number"))]
    pub number: String,
    #[arg(value_name = "字段=值", help = t!("cli.arg.field_values"))]
    pub values: Vec<String>,
    #[arg(long = "row", value_name = "字段=值;字段=值", help = t!("cli.arg.row_replace"))]
    pub rows: Vec<String>,
    #[arg(long, default_value = "", value_name = "原因", help = t!("cli.arg.edit_reason"))]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct RegisterStatusArgs {
    #[arg(value_name = "编号", help = t!("cli.arg.record_number"))]
    pub number: String,
    #[arg(value_name = "状态", help = t!("cli.arg.new_status"))]
    pub status: String,
    #[arg(long, default_value = "", value_name = "原因", help = t!("cli.arg.reason"))]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct RegisterVoidArgs {
    #[arg(value_name = "编号", help = t!("cli.arg.record_number"))]
    pub number: String,
    #[arg(long, default_value = "", value_name = "原因", help = t!("cli.arg.void_reason"))]
    pub reason: String,
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    #[command(about = t!("cli.cmd.account.add"))]
    Add(AccountAddArgs),
    #[command(about = t!("cli.cmd.account.passwd"))]
    Passwd(AccountPasswdArgs),
    #[command(about = t!("cli.cmd.account.lock"))]
    Lock(AccountTargetArgs),
    #[command(about = t!("cli.cmd.account.unlock"))]
    Unlock(AccountTargetArgs),
    #[command(about = t!("cli.cmd.account.role"))]
    Role(AccountRoleArgs),
    #[command(about = t!("cli.cmd.account.list"))]
    List,
    #[command(about = t!("cli.cmd.account.history"))]
    History(AccountNameArg),
}

#[derive(Debug, Args)]
pub struct AccountAddArgs {
    #[arg(value_name = "账户名", help = t!("cli.arg.new_account"))]
    pub name: String,
    #[arg(long, value_name = "角色", help = t!("cli.arg.role"))]
    pub role: String,
    #[arg(long = "display-name", value_name = "姓名", help = t!("cli.arg.display_name"))]
    pub display_name: String,
    #[arg(long, default_value = "", value_name = "部门", help = t!("cli.arg.department"))]
    pub department: String,
}

#[derive(Debug, Args)]
pub struct AccountPasswdArgs {
    #[arg(value_name = "账户名", help = t!("cli.arg.passwd_target"))]
    pub target: Option<String>,
    #[arg(long, value_name = "原因", help = t!("cli.arg.reason"))]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct AccountTargetArgs {
    #[arg(value_name = "账户名", help = t!("cli.arg.target"))]
    pub name: String,
    #[arg(long, value_name = "原因", help = t!("cli.arg.reason"))]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct AccountRoleArgs {
    #[arg(value_name = "账户名", help = t!("cli.arg.target"))]
    pub name: String,
    #[arg(value_name = "角色", help = t!("cli.arg.role"))]
    pub role: String,
    #[arg(long, value_name = "原因", help = t!("cli.arg.reason"))]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct AccountNameArg {
    #[arg(value_name = "账户名", help = t!("cli.arg.target"))]
    pub name: String,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    #[command(about = t!("cli.cmd.audit.verify"))]
    Verify,
    #[command(about = t!("cli.cmd.audit.show"))]
    Show(AuditShowArgs),
}

#[derive(Debug, Args)]
pub struct AuditShowArgs {
    #[arg(long = "by", value_name = "账户", help = t!("cli.arg.audit_by"))]
    pub by: Option<String>,
    #[arg(long, value_name = "动作", help = t!("cli.arg.audit_action"))]
    pub action: Option<String>,
    #[arg(long, value_name = "日期", help = t!("cli.arg.since"))]
    pub since: Option<String>,
    #[arg(long, value_name = "日期", help = t!("cli.arg.until"))]
    pub until: Option<String>,
    #[arg(long, default_value_t = 100, value_name = "条数", help = t!("cli.arg.limit"))]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    #[command(about = t!("cli.cmd.settings.show"))]
    Show,
    #[command(about = t!("cli.cmd.settings.set"))]
    Set(SettingsSetArgs),
}

#[derive(Debug, Args)]
pub struct SettingsSetArgs {
    #[arg(value_name = "设置项", help = t!("cli.arg.setting_key"))]
    pub key: String,
    #[arg(value_name = "值", help = t!("cli.arg.setting_value"))]
    pub value: String,
}

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    #[command(about = t!("cli.cmd.vault.check"))]
    Check,
}

#[derive(Debug, Args)]
pub struct RecoverArgs {
    #[arg(value_name = "账户名", help = t!("cli.arg.recover_target"))]
    pub target: String,
}
