//! Arguments of `secledger workflow …`: the office's procedures (文件流转, 复制审批, 介质借用,
//! 清退销毁, 报废销毁, 离岗, 数据删除, 工作群解散). Every help text comes from the message catalog,
//! so `--help` is zh-CN.

use clap::{Args, Subcommand};

use crate::t;

// Type-level doc comments would become clap's English `about` text, so the types carry plain
// comments.

// `secledger workflow …`.
#[derive(Debug, Subcommand)]
pub enum WorkflowCommand {
    #[command(subcommand, about = t!("cli.cmd.workflow.circulation"), subcommand_help_heading = t!("cli.heading.commands"))]
    Circulation(CirculationCommand),
    #[command(subcommand, about = t!("cli.cmd.workflow.copy"), subcommand_help_heading = t!("cli.heading.commands"))]
    Copy(CopyCommand),
    #[command(subcommand, about = t!("cli.cmd.workflow.loan"), subcommand_help_heading = t!("cli.heading.commands"))]
    Loan(LoanCommand),
    #[command(about = t!("cli.cmd.workflow.dispose"))]
    Dispose(DisposeArgs),
    #[command(about = t!("cli.cmd.workflow.scrap"))]
    Scrap(ScrapArgs),
    #[command(about = t!("cli.cmd.workflow.carriers"))]
    Carriers(PersonArg),
    #[command(about = t!("cli.cmd.workflow.depart"))]
    Depart(DepartArgs),
    #[command(about = t!("cli.cmd.workflow.data_deleted"))]
    DataDeleted(DataDeletedArgs),
    #[command(about = t!("cli.cmd.workflow.dissolve_group"))]
    DissolveGroup(DissolveGroupArgs),
    #[command(about = t!("cli.cmd.workflow.incident_grade"))]
    IncidentGrade(IncidentGradeArgs),
}

// `secledger workflow circulation …`: 拟办, 审核, 送阅, 归还, 归档.
#[derive(Debug, Subcommand)]
pub enum CirculationCommand {
    #[command(about = t!("cli.cmd.workflow.circulation.propose"))]
    Propose(ProposeArgs),
    #[command(about = t!("cli.cmd.workflow.circulation.review"))]
    Review(ReviewArgs),
    #[command(about = t!("cli.cmd.workflow.circulation.send"))]
    Send(SendArgs),
    #[command(name = "return", about = t!("cli.cmd.workflow.circulation.return"))]
    Return(SlipReturnArgs),
    #[command(about = t!("cli.cmd.workflow.circulation.file"))]
    File(FileArgs),
    #[command(about = t!("cli.cmd.workflow.circulation.holder"))]
    Holder(DocumentArg),
}

#[derive(Debug, Args)]
pub struct ProposeArgs {
    #[arg(value_name = "收文编号", help = t!("cli.arg.workflow.document"))]
    pub document: String,
    #[arg(long, value_name = "日期", help = t!("cli.arg.workflow.circulated_on"))]
    pub date: String,
    #[arg(long, value_name = "意见", help = t!("cli.arg.workflow.proposed_handling"))]
    pub opinion: String,
    #[arg(long, value_name = "人员编号", help = t!("cli.arg.workflow.proposed_by"))]
    pub by: String,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[arg(value_name = "流转单编号", help = t!("cli.arg.workflow.slip"))]
    pub slip: String,
    #[arg(long, value_name = "人员编号", help = t!("cli.arg.workflow.reviewed_by"))]
    pub by: String,
    #[arg(long, value_name = "意见", default_value = "", hide_default_value = true, help = t!("cli.arg.workflow.review_opinion"))]
    pub opinion: String,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    #[arg(value_name = "流转单编号", help = t!("cli.arg.workflow.slip"))]
    pub slip: String,
    #[arg(long, value_name = "人员编号", help = t!("cli.arg.workflow.reader"))]
    pub reader: String,
    #[arg(long = "sent-at", value_name = "时间", help = t!("cli.arg.workflow.sent_at"))]
    pub sent_at: String,
    #[arg(long, value_name = "时间", help = t!("cli.arg.workflow.return_due_at"))]
    pub due: String,
}

#[derive(Debug, Args)]
pub struct SlipReturnArgs {
    #[arg(value_name = "流转单编号", help = t!("cli.arg.workflow.slip"))]
    pub slip: String,
    #[arg(long, value_name = "时间", help = t!("cli.arg.workflow.returned_at"))]
    pub at: String,
}

#[derive(Debug, Args)]
pub struct FileArgs {
    #[arg(value_name = "收文编号", help = t!("cli.arg.workflow.document"))]
    pub document: String,
    #[arg(long, value_name = "存放位置", help = t!("cli.arg.workflow.storage_location"))]
    pub location: String,
}

#[derive(Debug, Args)]
pub struct DocumentArg {
    #[arg(value_name = "收文编号", help = t!("cli.arg.workflow.document"))]
    pub document: String,
}

// `secledger workflow copy …`: 复制审批.
#[derive(Debug, Subcommand)]
pub enum CopyCommand {
    #[command(about = t!("cli.cmd.workflow.copy.apply"))]
    Apply(CopyApplyArgs),
    #[command(name = "approve-leader", about = t!("cli.cmd.workflow.copy.approve_leader"))]
    ApproveLeader(CopyApproveArgs),
    #[command(name = "approve-officer", about = t!("cli.cmd.workflow.copy.approve_officer"))]
    ApproveOfficer(CopyApproveArgs),
    #[command(about = t!("cli.cmd.workflow.copy.register"))]
    Register(CopyRegisterArgs),
}

#[derive(Debug, Args)]
pub struct CopyApplyArgs {
    #[arg(value_name = "原件编号", help = t!("cli.arg.workflow.original"))]
    pub document: String,
    #[arg(long, value_name = "日期", help = t!("cli.arg.workflow.applied_on"))]
    pub date: String,
    #[arg(long, value_name = "人员编号", help = t!("cli.arg.workflow.applicant"))]
    pub applicant: String,
    #[arg(long, value_name = "事由", help = t!("cli.arg.workflow.copy_reason"))]
    pub reason: String,
    #[arg(long, value_name = "份数", help = t!("cli.arg.workflow.copy_count"))]
    pub count: String,
}

#[derive(Debug, Args)]
pub struct CopyApproveArgs {
    #[arg(value_name = "复制审批编号", help = t!("cli.arg.workflow.copy_approval"))]
    pub approval: String,
    #[arg(long, value_name = "人员编号", help = t!("cli.arg.workflow.approver"))]
    pub by: String,
    #[arg(long, value_name = "日期", help = t!("cli.arg.workflow.approved_on"))]
    pub date: String,
}

#[derive(Debug, Args)]
pub struct CopyRegisterArgs {
    #[arg(value_name = "复制审批编号", help = t!("cli.arg.workflow.copy_approval"))]
    pub approval: String,
    #[arg(long, value_name = "日期", help = t!("cli.arg.workflow.copied_on"))]
    pub date: String,
    #[arg(long, value_name = "人员编号", help = t!("cli.arg.workflow.copied_by"))]
    pub by: String,
}

// `secledger workflow loan …`: 介质借用.
#[derive(Debug, Subcommand)]
pub enum LoanCommand {
    #[command(about = t!("cli.cmd.workflow.loan.check"))]
    Check(LoanArgs),
    #[command(about = t!("cli.cmd.workflow.loan.lend"))]
    Lend(LoanArgs),
    #[command(name = "return", about = t!("cli.cmd.workflow.loan.return"))]
    Return(LoanReturnArgs),
}

#[derive(Debug, Args)]
pub struct LoanArgs {
    #[arg(long, value_name = "设备编号", help = t!("cli.arg.workflow.medium"))]
    pub medium: String,
    #[arg(long, value_name = "人员编号", help = t!("cli.arg.workflow.borrower"))]
    pub borrower: String,
    #[arg(long, value_name = "事由", default_value = "", hide_default_value = true, help = t!("cli.arg.workflow.purpose"))]
    pub purpose: String,
    #[arg(long = "reminded-by", value_name = "账户", default_value = "", hide_default_value = true, help = t!("cli.arg.workflow.reminded_by"))]
    pub reminded_by: String,
    #[arg(long = "lent-at", value_name = "时间", default_value = "", hide_default_value = true, help = t!("cli.arg.workflow.lent_at"))]
    pub lent_at: String,
    #[arg(long, value_name = "日期", default_value = "", hide_default_value = true, help = t!("cli.arg.workflow.return_due"))]
    pub due: String,
}

#[derive(Debug, Args)]
pub struct LoanReturnArgs {
    #[arg(value_name = "借用单编号", help = t!("cli.arg.workflow.loan"))]
    pub loan: String,
    #[arg(long, value_name = "时间", help = t!("cli.arg.workflow.returned_at"))]
    pub at: String,
    #[arg(long, value_name = "情况", help = t!("cli.arg.workflow.abnormal"))]
    pub abnormal: Option<String>,
}

#[derive(Debug, Args)]
pub struct DisposeArgs {
    #[arg(value_name = "批次编号", help = t!("cli.arg.workflow.batch"))]
    pub batch: String,
    #[arg(long, value_name = "日期", help = t!("cli.arg.workflow.handed_over_on"))]
    pub date: String,
    #[arg(long, value_name = "账户", help = t!("cli.arg.workflow.second"))]
    pub second: Option<String>,
}

#[derive(Debug, Args)]
pub struct ScrapArgs {
    #[arg(value_name = "报废销毁编号", help = t!("cli.arg.workflow.scrapping"))]
    pub scrapping: String,
    #[arg(long = "escort-1", value_name = "人员编号", help = t!("cli.arg.workflow.escort"))]
    pub escort_1: String,
    #[arg(long = "escort-2", value_name = "人员编号", help = t!("cli.arg.workflow.escort"))]
    pub escort_2: String,
    #[arg(long, value_name = "地点", help = t!("cli.arg.workflow.destruction_site"))]
    pub site: String,
    #[arg(long, value_name = "日期", help = t!("cli.arg.workflow.destroyed_on"))]
    pub date: String,
    #[arg(long, value_name = "账户", help = t!("cli.arg.workflow.second"))]
    pub second: String,
}

#[derive(Debug, Args)]
pub struct PersonArg {
    #[arg(value_name = "人员编号", help = t!("cli.arg.workflow.person"))]
    pub person: String,
}

#[derive(Debug, Args)]
pub struct DepartArgs {
    #[arg(value_name = "人员编号", help = t!("cli.arg.workflow.person"))]
    pub person: String,
    #[arg(long, value_name = "日期", help = t!("cli.arg.workflow.departed_on"))]
    pub date: String,
    #[arg(long, value_name = "年数", help = t!("cli.arg.workflow.years"))]
    pub years: Option<u32>,
}

#[derive(Debug, Args)]
pub struct DataDeletedArgs {
    #[arg(value_name = "申请编号", help = t!("cli.arg.workflow.data_request"))]
    pub request: String,
    #[arg(long, value_name = "日期", help = t!("cli.arg.workflow.deleted_on"))]
    pub date: String,
    #[arg(long, value_name = "姓名", help = t!("cli.arg.workflow.deletion_confirmed_by"))]
    pub by: String,
}

#[derive(Debug, Args)]
pub struct DissolveGroupArgs {
    #[arg(value_name = "工作群编号", help = t!("cli.arg.workflow.work_group"))]
    pub group: String,
    #[arg(long, value_name = "日期", help = t!("cli.arg.workflow.dissolved_on"))]
    pub date: String,
}

#[derive(Debug, Args)]
pub struct IncidentGradeArgs {
    #[arg(value_name = "事件原因", help = t!("cli.arg.workflow.cause"))]
    pub cause: String,
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;

    #[derive(Debug, Parser)]
    struct Wrapper {
        #[command(subcommand)]
        command: WorkflowCommand,
    }

    #[test]
    fn definitions_are_consistent() {
        Wrapper::command().debug_assert();
    }

    #[test]
    fn loan_check_parses() {
        let args = [
            "w",
            "loan",
            "check",
            "--medium",
            "SB-2026-0001",
            "--borrower",
            "RY-2026-0002",
        ];
        let parsed = Wrapper::try_parse_from(args).unwrap();
        let WorkflowCommand::Loan(LoanCommand::Check(loan)) = parsed.command else {
            panic!("parsed as {:?}", parsed.command);
        };
        assert_eq!(loan.medium, "SB-2026-0001");
        assert_eq!(loan.reminded_by, "");
    }

    #[test]
    fn circulation_return_is_named_return() {
        let parsed = Wrapper::try_parse_from([
            "w",
            "circulation",
            "return",
            "LZ-2026-0001",
            "--at",
            "2026-03-06 10:00",
        ]);
        assert!(matches!(
            parsed.unwrap().command,
            WorkflowCommand::Circulation(CirculationCommand::Return(_))
        ));
    }
}
