//! Devices at work: usage logbooks, media loans, repairs, scrapping, and the departures that
//! hand devices back.

use chrono::{Datelike, Duration, Weekday};

use super::office::{form, kit, who, Office, LEAVERS};
use crate::error::Result;
use crate::registers::FormInput;
use crate::t;
use crate::workflows::{LoanRequest, ReturnCheck, ScrapDestruction};

/// Work done on the 机要室 computer: (content, whether it prints).
const REGISTRY_WORK: &[(&str, bool)] = &[
    ("录入收文登记信息", false),
    ("打印文件流转单", true),
    ("起草文件处理笺", false),
    ("打印会议通知", true),
    ("校对区委文件清样", false),
    ("整理机要文件目录", false),
    ("打印签收单", true),
    ("编制月度收发文统计", false),
    ("涉密网下载文件刻录光盘", false),
    ("打印领导批示件", true),
    ("制作密件清退清单", true),
    ("起草保密工作简报", false),
];

/// Work done on the other computers.
const DESK_WORK: &[(&str, bool)] = &[
    ("起草涉密请示", false),
    ("打印涉密会议材料", true),
    ("修改汇报材料", false),
    ("整理涉密统计报表", false),
    ("打印审批表", true),
    ("起草年度工作总结（涉密部分）", false),
];

const LOAN_PURPOSES: &[&str] = &[
    "拷贝会议材料至涉密计算机",
    "向市国家保密局报送自查材料",
    "拷贝涉密网下载文件",
    "备份涉密计算机数据",
    "携带汇报材料参加市委保密工作会议",
    "在涉密计算机间传递审计材料",
];

impl Office<'_> {
    /// Adds the usage logbooks in one bulk write: thousands of entries for the 机要室 computer,
    /// a few dozen for each other computer, on working days up to yesterday.
    pub(super) fn add_logbooks(&mut self) -> Result<()> {
        let workdays: Vec<i64> = (1..=365)
            .rev()
            .filter(|&ago| !matches!((self.today - Duration::days(ago)).weekday(), Weekday::Sat | Weekday::Sun))
            .collect();

        let mut inputs = Vec::new();
        let target = self.size.count(3_200, 2_000);
        let users = [who::CLERK, who::CLERK_2, who::REGISTRY_HEAD, who::OFFICER];
        for (index, &ago) in workdays.iter().enumerate() {
            let entries = target * (index + 1) / workdays.len() - target * index / workdays.len();
            let mut minute = 8 * 60 + 30;
            for _ in 0..entries {
                minute += self.rng.between(0, 15);
                // Nobody starts work on the computer during the lunch break.
                if (12 * 60..13 * 60 + 30).contains(&minute) {
                    minute = 13 * 60 + 30 + self.rng.between(0, 10);
                }
                let length = self.rng.between(10, 30);
                let user = users[self.rng.below(users.len())];
                let entry = self.log_entry(kit::REGISTRY_PC, user, REGISTRY_WORK, ago, minute, length);
                inputs.push(entry);
                minute += length;
            }
        }
        let registry_entries = inputs.len();

        let desks = [
            (kit::OFFICE_PC, who::OFFICER, 1),
            (2, who::SCRIBE, 1),
            (kit::IT_PC, who::IT, 1),
            (4, who::PERSONNEL_HEAD, 1),
            (5, who::HEAD, 1),
            // The old computer was scrapped about 140 days ago.
            (kit::OLD_PC, who::IT, 165),
        ];
        let per_desk = self.size.count(80, 12);
        for (device, user, last_ago) in desks {
            let days: Vec<i64> = workdays.iter().copied().filter(|&ago| ago >= last_ago).collect();
            let step = (days.len() / per_desk).max(1);
            for &ago in days.iter().step_by(step).take(per_desk) {
                let minute = 9 * 60 + self.rng.between(0, 420);
                let length = self.rng.between(20, 90);
                inputs.push(self.log_entry(device, user, DESK_WORK, ago, minute, length));
            }
        }

        let progress_every = 1_000;
        let total = inputs.len();
        let Office { s, progress, .. } = self;
        let numbers = s.add_records_bulk("usage_log", &inputs, &t!("demo.reason.logbook"), &mut |done| {
            if done % progress_every == 0 || done == total {
                progress(&t!("demo.step.logbook", done = done, total = total));
            }
        })?;
        self.records += numbers.len();
        self.logbook_entries = registry_entries;
        Ok(())
    }

    fn log_entry(&mut self, device: usize, user: usize, work: &[(&str, bool)], ago: i64, start: i64, length: i64) -> FormInput {
        let (content, prints) = *self.rng.pick(work);
        let end = start + length;
        let copies = if prints { self.rng.between(1, 6) } else { 0 };
        form! {
            "device" => self.devices[device].number,
            "user" => self.person(user),
            "started_at" => self.at(ago, (start / 60) as u32, (start % 60) as u32),
            "ended_at" => self.at(ago, (end / 60) as u32, (end % 60) as u32),
            "content" => content,
            "printed_copies" => copies,
        }
    }

    /// Lends media through the loan workflow, one loan after another over the year, each
    /// returned after a few days. Two loans stay open: one overdue today, one due tomorrow.
    pub(super) fn add_loans(&mut self) -> Result<()> {
        let media: Vec<usize> = kit::MEDIA.chain(kit::DISKS).collect();
        let count = self.size.count(40, 8);
        let spacing = 330 / count as i64;
        for i in 0..count {
            let lent_ago = 360 - i as i64 * spacing;
            let medium = media[i % media.len()];
            let borrower = self.borrower_for(medium);
            let days_out = self.rng.between(1, (spacing - 1).min(5));
            let purpose = *self.rng.pick(LOAN_PURPOSES);
            let minute = self.rng.between(0, 50) as u32;
            let lent_at = self.at(lent_ago, 9, minute);
            let due = self.date(lent_ago - 7);
            let loan = self.lend(medium, borrower, purpose, &lent_at, &due)?;

            let minute = self.rng.between(0, 50) as u32;
            let returned_at = self.at(lent_ago - days_out, 16, minute);
            let check = if self.rng.chance(8) {
                ReturnCheck::Abnormal("外壳有轻微裂纹，数据区检查无异常；已提醒借用人妥善保管")
            } else {
                ReturnCheck::Intact
            };
            self.s.return_medium(&loan, &returned_at, check)?;
        }

        // 陈玥 should have brought BM-U-005 back six days ago.
        let (lent_at, due) = (self.at(20, 9, 20), self.date(6));
        self.lend(15, who::CLERK_2, "携带机要文件目录至市委机要局核对", &lent_at, &due)?;
        // 何赟 brings BM-YP-001 back tomorrow.
        let (lent_at, due) = (self.at(2, 10, 5), self.date(-1));
        self.lend(18, 14, "拷贝督查通报材料", &lent_at, &due)?;
        Ok(())
    }

    fn lend(&mut self, medium: usize, borrower: usize, purpose: &str, lent_at: &str, due: &str) -> Result<String> {
        let medium = self.devices[medium].number.clone();
        let borrower = self.person(borrower).to_string();
        let request = LoanRequest {
            medium: &medium,
            borrower: &borrower,
            purpose,
            reminded_by: super::BUSINESS_ACCOUNTS[super::DATA_ACCOUNT].0,
            lent_at,
            return_due: due,
        };
        self.records += 1;
        Ok(self.s.lend_medium(&request)?.number)
    }

    /// Picks a borrower whose 岗位等级 covers the medium's 密级, other than its custodian and
    /// 郑堃, who has an overdue circulated document and so may not borrow.
    fn borrower_for(&mut self, medium: usize) -> usize {
        let secret = self.devices[medium].classification == "机密";
        let eligible: Vec<usize> = (0..self.people.len())
            .filter(|&index| index != who::OFFICER && index != 10)
            .filter(|&index| !secret || self.people[index].level != "一般")
            .collect();
        eligible[self.rng.below(eligible.len())]
    }

    /// Registers three finished repairs, one by each repair mode, and one printer at the
    /// designated repair point now.
    pub(super) fn add_repairs(&mut self) -> Result<()> {
        let repair_point = "市国家保密局定点维修单位（金陵信息技术服务有限公司）";
        let head = self.person(who::HEAD).to_string();
        let leader = self.person(who::LEADER).to_string();
        let it = self.person(who::IT).to_string();

        let printer = self.devices[kit::IT_PRINTER].number.clone();
        let jam = form! {
            "device" => printer, "reported_on" => self.date(300), "fault" => "频繁卡纸，定影组件异响",
            "repair_mode" => "本单位维修", "approver" => head, "approved_on" => self.date(300),
        };
        self.repair(&jam, 298, "更换定影组件，测试打印正常")?;

        let pc = self.devices[kit::IT_PC].number.clone();
        let board = form! {
            "device" => pc, "reported_on" => self.date(210), "fault" => "开机无显示，主板供电故障",
            "repair_mode" => "送定点单位维修", "repair_point" => repair_point,
            "approver" => leader, "approved_on" => self.date(208), "storage_removed" => "是",
        };
        self.repair(&board, 195, "更换主板；硬盘已拆除并留存信息科保密柜，未随机送修")?;

        let mfp = self.devices[kit::MFP].number.clone();
        let feeder = form! {
            "device" => mfp, "reported_on" => self.date(90), "fault" => "搓纸轮磨损，进纸歪斜",
            "repair_mode" => "定点单位上门维修", "repair_point" => repair_point,
            "approver" => head, "approved_on" => self.date(89), "escort" => it,
        };
        self.repair(&feeder, 88, "更换搓纸轮；维修全程由王珺陪同，维修人员未接触存储部件")?;

        let open = form! {
            "device" => printer, "reported_on" => self.date(9), "fault" => "激光器故障，打印空白",
            "repair_mode" => "送定点单位维修", "repair_point" => repair_point,
            "approver" => head, "approved_on" => self.date(8), "storage_removed" => "是",
        };
        let number = self.add("repairs", &open)?.number;
        self.s.change_status(&number, "approved", "")?;
        self.s.change_status(&number, "repairing", "")?;
        self.s.change_status(&printer, "repairing", "")?;
        Ok(())
    }

    /// Registers a repair and takes it through approval, repair and completion, with the
    /// device 维修中 meanwhile.
    fn repair(&mut self, input: &FormInput, done_ago: i64, result: &str) -> Result<()> {
        let device = input.fields["device"].clone();
        let number = self.add("repairs", input)?.number;
        self.s.change_status(&number, "approved", "")?;
        self.s.change_status(&number, "repairing", "")?;
        self.s.change_status(&device, "repairing", "")?;
        let done = form! { "completed_on" => self.date(done_ago), "result" => result };
        self.advance(&number, &done, "completed", "登记修复结果")?;
        self.s.change_status(&device, "in_use", "")?;
        Ok(())
    }

    /// Scraps the old computer and a broken USB stick: leading-group approval, wiping by the
    /// 保密专管员, and destruction escorted by two people and confirmed by a second account.
    pub(super) fn add_scrapping(&mut self) -> Result<()> {
        let cases = [
            (kit::OLD_PC, 160, "使用已满9年，主板老化频繁死机，无维修价值", "区委保密委〔2026〕3号"),
            (kit::OLD_STICK, 70, "接口损坏，无法识别", "区委保密委〔2026〕7号"),
        ];
        for (device, applied_ago, reason, approval) in cases {
            let input = form! {
                "device" => self.devices[device].number, "applied_on" => self.date(applied_ago),
                "reason" => reason,
            };
            let number = self.add("scrapping", &input)?.number;
            let approved = form! { "approval_number" => approval, "approved_on" => self.date(applied_ago - 10) };
            self.advance(&number, &approved, "approved", "领导小组审批")?;
            let wiped = form! { "wiped_by" => self.person(who::OFFICER), "wiped_on" => self.date(applied_ago - 15) };
            self.advance(&number, &wiped, "wiped", "清除数据")?;

            let escort_1 = self.person(who::OFFICER).to_string();
            let escort_2 = self.person(who::IT).to_string();
            let destroyed_on = self.date(applied_ago - 20);
            let destruction = ScrapDestruction {
                escort_1: &escort_1,
                escort_2: &escort_2,
                destruction_site: "市国家保密局涉密载体销毁中心",
                destroyed_on: &destroyed_on,
            };
            self.s.confirm_scrapping(&number, &destruction, self.second)?;
        }
        Ok(())
    }

    /// Records the leavers' departures; the one whose 脱密期 ended long ago is released.
    pub(super) fn add_departures(&mut self) -> Result<()> {
        for (index, &(_, _, _, _, _, left_ago, years)) in LEAVERS.iter().enumerate() {
            let number = self.leavers[index].number.clone();
            let departed_on = self.date(left_ago);
            let departure = self.s.record_departure(&number, &departed_on, Some(years))?;
            // An office marks 脱密期满 some time after the end; the end that passed this month
            // is still open, so it stays on the today list.
            if departure.ends_on < self.today - Duration::days(365) {
                self.s.change_status(&number, "released", "")?;
            }
        }
        Ok(())
    }
}
