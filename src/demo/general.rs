//! The non-classified registers: archive loans, assets, publication review, work groups, data
//! requests and security incidents.

use super::office::{form, Office};
use crate::error::Result;
use crate::t;

/// (档案类别, 档案名称, 档号 prefix, 涉及个人隐私).
const ARCHIVES: &[(&str, &str, &str, bool)] = &[
    ("文书", "区委常委会会议记录", "WS", false),
    ("文书", "区政府常务会议纪要", "WS", false),
    ("财务", "年度部门预算执行资料", "CW", false),
    ("财务", "专项资金拨付凭证", "CW", false),
    ("人事", "干部人事档案", "RS", true),
    ("人事", "年度考核登记表", "RS", true),
    ("案卷", "信访事项办理案卷", "AJ", true),
    ("案卷", "行政复议案卷", "AJ", false),
];

const BORROWERS: &[(&str, &str)] = &[
    ("孙琇", "人事科"),
    ("杨玥", "人事科"),
    ("许琇", "财务科"),
    ("钱镕", "财务科"),
    ("罗镕", "综合科"),
    ("何赟", "政策法规科"),
    ("郑堃", "督查科"),
    ("林喆", "督查科"),
];

const ASSETS: &[(&str, &str, &str)] = &[
    ("碎纸机", "办公设备", "科密C-6"),
    ("保密柜", "办公家具", "三铁BM-1800"),
    ("投影仪", "办公设备", "爱普生CB-X06"),
    ("非涉密台式计算机", "计算机", "联想启天M437"),
    ("非涉密笔记本电脑", "计算机", "华为MateBook D14"),
    ("激光打印机（非涉密）", "办公设备", "惠普M405d"),
    ("会议音响", "会议设备", "铁三角ATW-1102"),
    ("空调", "家电", "格力KFR-35GW"),
    ("办公桌", "办公家具", "1.6米钢木"),
    ("文件柜", "办公家具", "钢制五节柜"),
];

const DEPARTMENTS: &[&str] = &["区委办公室", "综合科", "督查科", "信息科", "人事科", "财务科", "政策法规科", "保密办公室"];

const PUBLICATIONS: &[(&str, &str, &str)] = &[
    ("区委理论学习中心组学习情况", "新闻稿件", "区政府门户网站"),
    ("优化营商环境工作进展", "政务信息", "区政府门户网站"),
    ("保密宣传教育月活动报道", "新媒体内容", "区委办微信公众号"),
    ("年度重点民生实事完成情况", "政务信息", "区政府门户网站"),
    ("防汛工作部署会议报道", "新闻稿件", "区融媒体中心"),
    ("政务公开目录更新", "网站内容", "区政府门户网站"),
];

impl Office<'_> {
    /// Archive loans over the year, returned on time, and two still out: one overdue.
    pub(super) fn add_archive_loans(&mut self) -> Result<()> {
        let count = self.size.count(36, 6);
        let spacing = 340 / count as i64;
        for i in 0..count + 2 {
            let open = i >= count;
            let lent_ago = if i == count { 18 } else if open { 3 } else { 350 - i as i64 * spacing };
            let term = if i == count { 14 } else { self.rng.between(5, 14) };
            let (kind, item, prefix, private) = *self.rng.pick(ARCHIVES);
            let (borrower, department) = *self.rng.pick(BORROWERS);
            let year = self.rng.between(2015, 2024);
            let mut input = form! {
                "archive_kind" => kind, "item" => format!("{year}年度{item}"),
                "archive_number" => format!("{prefix}-{year}-Y-{:03}", self.rng.between(1, 240)),
                "borrower" => borrower, "department" => department,
                "purpose" => if private { "核对干部任职经历" } else { "查阅历史资料编写工作总结" },
                "lent_on" => self.date(lent_ago), "return_due" => self.date(lent_ago - term),
                "approver" => "档案室所在部门负责人 周颋",
                "privacy_sensitive" => if private { "是" } else { "否" },
            };
            if private {
                input.fields.insert("commitment_signed".into(), "是".into());
                input.fields.insert("reminder_given".into(), "是".into());
            }
            let number = self.add("archive_loans", &input)?.number;
            if !open {
                let back = self.rng.between(1, term);
                let returned = form! { "returned_at" => self.date(lent_ago - back) };
                self.advance(&number, &returned, "returned", "登记归还")?;
            }
        }
        Ok(())
    }

    /// The asset register in one bulk write, with a few assets idle or disposed of.
    pub(super) fn add_assets(&mut self) -> Result<()> {
        let count = self.size.count(48, 10);
        let mut inputs = Vec::new();
        for i in 0..count {
            let (name, category, brand) = ASSETS[i % ASSETS.len()];
            let department = DEPARTMENTS[i % DEPARTMENTS.len()];
            let (keeper, _) = *self.rng.pick(super::general::BORROWERS);
            let acquired = self.rng.between(400, 2500);
            inputs.push(form! {
                "name" => name, "asset_number" => format!("ZC-{}-{:03}", 2019 + i % 7, 11 + i),
                "category" => category, "brand_model" => brand, "department" => department,
                "keeper" => keeper, "storage_location" => format!("{department}办公室"),
                "registered_on" => self.date(360 - i as i64 * 3), "acquired_on" => self.date(acquired),
            });
        }
        let numbers = self.s.add_records_bulk("assets", &inputs, &t!("demo.reason.assets"), &mut |_| {})?;
        self.records += numbers.len();
        self.s.change_status(&numbers[2], "idle", "")?;
        self.s.change_status(&numbers[7], "disposed", "超过使用年限，已按固定资产处置程序报废")?;
        Ok(())
    }

    /// Publications reviewed twice and approved before they go out; one withheld because it
    /// carried an internal-document marking, and one awaiting its first review.
    pub(super) fn add_publication_reviews(&mut self) -> Result<()> {
        let count = self.size.count(24, 4);
        let spacing = 340 / count as i64;
        for i in 0..count + 2 {
            let submitted_ago = if i == count + 1 { 2 } else { 350 - i as i64 * spacing };
            let (item, category, channel) = *self.rng.pick(PUBLICATIONS);
            let internal = i == count;
            let input = form! {
                "item" => item, "category" => category, "channel" => channel,
                "submitted_by" => "彭玥", "department" => "区委办公室",
                "submitted_on" => self.date(submitted_ago),
                "contains_state_secrets" => "否", "contains_security_sensitive" => "否",
                "contains_internal_marking" => if internal { "是" } else { "否" },
                "contains_trade_or_privacy" => "否", "contains_opinion_risk" => "否",
            };
            let number = self.add("publication_reviews", &input)?.number;
            if i == count + 1 {
                continue;
            }
            let first = form! {
                "first_reviewer" => "罗镕", "first_reviewed_on" => self.date(submitted_ago - 1),
                "first_review" => if internal { "稿件引用了标注“内部文件”的材料，不宜公开" } else { "未发现不宜公开内容" },
            };
            if internal {
                self.s.edit_record(&number, &first, "初审")?;
                self.s.change_status(&number, "rejected", "含标注“内部文件”的内容")?;
                continue;
            }
            self.advance(&number, &first, "first_reviewed", "初审")?;
            let second = form! {
                "second_reviewer" => "张喆", "second_review" => "同意公开",
                "second_reviewed_on" => self.date(submitted_ago - 1),
            };
            self.advance(&number, &second, "second_reviewed", "复审")?;
            let approval = form! { "approver" => "高昇", "approved_on" => self.date(submitted_ago - 2) };
            self.advance(&number, &approval, "approved", "批准公开")?;
            let published = form! { "published_on" => self.date(submitted_ago - 3) };
            self.advance(&number, &published, "published", "登记公开")?;
        }
        Ok(())
    }

    /// Standing groups on 企业微信, temporary groups with outside members that were dissolved
    /// when their work ended, and one temporary group left open past its planned end.
    pub(super) fn add_work_groups(&mut self) -> Result<()> {
        let standing = [
            ("区委办公室工作群", "周颋", "区委办公室", "日常工作通知（不得传递涉密信息）"),
            ("督查工作群", "郑堃", "督查科", "督查事项协调"),
            ("信息化运维群", "邓赟", "信息科", "非涉密网络运维"),
        ];
        for (name, owner, department, purpose) in standing {
            let input = form! {
                "name" => name, "platform" => "企业微信", "owner" => owner, "department" => department,
                "purpose" => purpose, "members" => "本单位人员", "duration" => "常设",
                "created_on" => self.date(355),
            };
            self.add("work_groups", &input)?;
        }

        let count = self.size.count(8, 2);
        let spacing = 300 / count as i64;
        for i in 0..count + 1 {
            let overdue = i == count;
            let created_ago = if overdue { 40 } else { 330 - i as i64 * spacing };
            let planned = if overdue { 5 } else { created_ago - 20 };
            let input = form! {
                "name" => format!("第{}期项目对接临时群", i + 1), "platform" => "微信",
                "owner" => "罗镕", "department" => "综合科",
                "purpose" => "与外单位对接会议时间安排，不传递工作秘密", "members" => "含外单位人员",
                "duration" => "临时", "created_on" => self.date(created_ago),
                "planned_end_on" => self.date(planned), "approver" => "综合科科长 罗镕",
                "approved_on" => self.date(created_ago),
            };
            let number = self.add("work_groups", &input)?.number;
            if !overdue {
                let dissolved_on = self.date(planned + 1);
                self.s.dissolve_work_group(&number, &dissolved_on)?;
            }
        }
        Ok(())
    }

    /// Data requests reviewed by the command centre, with the data deleted before the term
    /// ends; one past its term without a deletion, one refused and one awaiting review.
    pub(super) fn add_data_requests(&mut self) -> Result<()> {
        let count = self.size.count(10, 2);
        let spacing = 320 / count as i64;
        for i in 0..count + 3 {
            let (requested_ago, use_days) = match i.checked_sub(count) {
                None => (340 - i as i64 * spacing, 30),
                Some(0) => (40, 37),
                Some(_) => (4, 30),
            };
            let input = form! {
                "requester" => "邓赟", "department" => "信息科", "requested_on" => self.date(requested_ago),
                "data" => "辖区人口统计汇总数据（不含个人明细）", "reason" => "编制年度工作报告",
                "purpose" => "统计分析", "scope" => "信息科内部", "use_until" => self.date(requested_ago - use_days),
                "desensitised" => "是",
            };
            let number = self.add("data_requests", &input)?.number;
            if i == count + 2 {
                continue;
            }
            let mut review = form! { "reviewer" => "区大数据指挥中心 曹颋", "reviewed_on" => self.date(requested_ago - 1) };
            if i == count + 1 {
                review.fields.insert("review_opinion".into(), "申请范围超出工作需要，请缩小范围后重新申请".into());
                self.advance(&number, &review, "rejected", "审核")?;
                continue;
            }
            self.advance(&number, &review, "approved", "审核")?;
            if i < count {
                let deleted_on = self.date(requested_ago - use_days + 2);
                self.s.confirm_data_deletion(&number, &deleted_on, "邓赟")?;
            }
        }
        Ok(())
    }

    /// Incidents graded by cause, handled and closed, and one still being handled.
    pub(super) fn add_incidents(&mut self) -> Result<()> {
        let cases = [
            ("门户网站留言板存在反射型XSS", "反射型XSS", "低危", "区政府门户网站", 300),
            ("办公系统后台使用弱口令", "核心业务后台弱口令", "高危", "区委办公自动化系统", 240),
            ("网站暴露phpinfo页面", "phpinfo信息泄露", "低危", "区政府门户网站", 180),
            ("客户端明文保存登录密码", "客户端明文存储密码", "中危", "政务服务移动端", 120),
            ("工作人员误将内部通讯录发至工作群", "一般信息泄露", "中危", "企业微信", 60),
            ("门户网站检索接口存在SQL注入", "SQL注入", "高危", "区政府门户网站", 6),
        ];
        let count = self.size.count(cases.len(), 3).min(cases.len());
        for (index, &(title, cause, grade, system, found_ago)) in cases.iter().enumerate().skip(cases.len() - count) {
            let input = form! {
                "title" => title, "cause" => cause, "incident_grade" => grade,
                "found_at" => self.at(found_ago, 10, 15), "found_by" => "黄颋", "system" => system,
                "description" => format!("日常安全巡检中发现：{title}。"),
            };
            let number = self.add("incidents", &input)?.number;
            if index + 1 == cases.len() {
                continue;
            }
            let handled = form! {
                "handling" => "已下线相关功能并修复，复测通过", "handled_at" => self.at(found_ago - 2, 17, 30),
            };
            self.advance(&number, &handled, "handled", "处置完毕")?;
            let closed = form! { "accountability" => "对运维单位约谈并责令整改；相关人员批评教育" };
            self.advance(&number, &closed, "closed", "结案")?;
        }
        Ok(())
    }
}
