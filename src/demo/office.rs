//! The demo office: its people and devices, and the order in which the year is entered.

use chrono::{Datelike, NaiveDate};

use super::rng::Rng;
use super::{date_text, time_text, DemoOptions, DemoSize};
use crate::auth::Session;
use crate::error::Result;
use crate::keyring::ChainHead;
use crate::records::Record;
use crate::registers::values::ResidentId;
use crate::registers::FormInput;
use crate::t;

/// Builds a [`FormInput`] from `"field id" => value` pairs; every value is formatted with
/// `Display`.
macro_rules! form {
    ($($id:literal => $value:expr),* $(,)?) => {
        $crate::registers::FormInput {
            fields: [$(($id.to_string(), ($value).to_string())),*].into_iter().collect(),
            rows: Vec::new(),
        }
    };
}
pub(super) use form;

/// The seed of the demo data; any fixed value gives a repeatable vault.
const SEED: u64 = 0x5EC1_ED6E_2026;

/// One person of the personnel register (涉密人员).
#[derive(Debug, Clone)]
pub(super) struct Person {
    pub number: String,
    pub name: &'static str,
    pub level: &'static str,
}

/// One device or medium of the devices register (设备台账).
#[derive(Debug, Clone)]
pub(super) struct Device {
    pub number: String,
    pub unified: &'static str,
    pub classification: &'static str,
}

/// People of the office: (name, gender, department, post, 岗位等级, years on the post).
/// Several names use characters outside GB2312 (喆 堃 珺 赟 颋 琇 昇 玥 镕), as real rolls do.
const PEOPLE: &[(&str, &str, &str, &str, &str, i64)] = &[
    ("张喆", "男", "保密办公室", "保密专管员", "核心", 6),
    ("李堃", "男", "机要室", "机要员", "核心", 9),
    ("王珺", "女", "信息科", "涉密信息系统管理员", "重要", 5),
    ("刘昇", "男", "区委办公室", "分管副主任", "核心", 4),
    ("周颋", "男", "区委办公室", "办公室主任", "核心", 7),
    ("陈玥", "女", "机要室", "机要员", "重要", 3),
    ("赵赟", "男", "综合科", "文书", "重要", 4),
    ("孙琇", "女", "人事科", "人事科科长", "重要", 8),
    ("钱镕", "男", "财务科", "会计", "一般", 5),
    ("吴珺瑶", "女", "综合科", "科员", "一般", 2),
    ("郑堃", "男", "督查科", "督查科科长", "重要", 6),
    ("冯琇文", "女", "政策法规科", "科员", "一般", 3),
    ("黄颋", "男", "信息科", "科员", "一般", 2),
    ("杨玥", "女", "人事科", "科员", "一般", 4),
    ("何赟", "男", "政策法规科", "政策法规科科长", "重要", 5),
    ("林喆", "男", "督查科", "科员", "一般", 3),
    ("罗镕", "男", "综合科", "综合科科长", "重要", 10),
    ("高昇", "男", "区委办公室", "副主任", "核心", 5),
    ("许琇", "女", "财务科", "财务科科长", "重要", 7),
    ("谢珺", "女", "机要室", "机要室主任", "核心", 11),
    ("曹颋", "男", "综合科", "科员", "一般", 1),
    ("邓赟", "男", "信息科", "信息科科长", "重要", 6),
    ("彭玥", "女", "区委办公室", "秘书", "重要", 3),
    ("韩喆", "男", "督查科", "科员", "一般", 2),
];

/// People who leave their post during the demo (or left before it): (name, gender,
/// department, post, 岗位等级, days ago they left, years of 脱密期).
pub(super) const LEAVERS: &[(&str, &str, &str, &str, &str, i64, u32)] = &[
    // Left two years and twelve days ago with a 2-year 脱密期: the end is overdue.
    ("宋琇", "女", "机要室", "机要员", "一般", 2 * 365 + 13, 2),
    // Left 345 days ago with a 1-year 脱密期: the end falls due within the month.
    ("唐堃", "男", "综合科", "文书", "一般", 345, 1),
    // Left four months ago with a 2-year 脱密期.
    ("潘昇", "男", "信息科", "涉密信息系统管理员", "重要", 120, 2),
    // Left three years ago with a 1-year 脱密期, which has ended.
    ("邹玥", "女", "人事科", "科员", "一般", 3 * 365, 1),
];

/// Index of the people who act in the workflows.
pub(super) mod who {
    pub const OFFICER: usize = 0;
    pub const CLERK: usize = 1;
    pub const IT: usize = 2;
    pub const LEADER: usize = 3;
    pub const HEAD: usize = 4;
    pub const CLERK_2: usize = 5;
    pub const SCRIBE: usize = 6;
    pub const PERSONNEL_HEAD: usize = 7;
    pub const DEPUTY_HEAD: usize = 17;
    pub const REGISTRY_HEAD: usize = 19;
}

/// A device or medium: (统一编号, 类别, 品牌型号, 密级, 责任人 index, 部门, 存放位置, years in
/// use).
type DeviceRow = (&'static str, &'static str, &'static str, &'static str, usize, &'static str, &'static str, i64);

const DEVICES: &[DeviceRow] = &[
    ("BM-JSJ-001", "涉密计算机", "联想开天M740Z", "机密", who::CLERK, "机要室", "机要室", 3),
    ("BM-JSJ-002", "涉密计算机", "联想开天M740Z", "机密", who::OFFICER, "保密办公室", "保密办公室", 3),
    ("BM-JSJ-003", "涉密计算机", "同方超翔Z8000", "秘密", who::SCRIBE, "综合科", "综合科201室", 2),
    ("BM-JSJ-004", "涉密计算机", "长城世恒DF7", "秘密", who::IT, "信息科", "信息科机房", 4),
    ("BM-JSJ-005", "涉密计算机", "华为擎云W515", "秘密", who::PERSONNEL_HEAD, "人事科", "人事科305室", 2),
    ("BM-JSJ-006", "涉密计算机", "联想开天M630Z", "机密", who::HEAD, "区委办公室", "主任办公室", 5),
    ("BM-JSJ-007", "涉密计算机", "联想扬天M4000e", "秘密", who::IT, "信息科", "信息科库房", 9),
    ("BM-BJB-001", "涉密便携式计算机", "联想昭阳K4e", "机密", who::OFFICER, "保密办公室", "保密办公室保密柜", 3),
    ("BM-YT-001", "多功能一体机", "奔图M7160DW", "机密", who::CLERK, "机要室", "机要室", 3),
    ("BM-DY-001", "打印机", "奔图P3301DN", "秘密", who::SCRIBE, "综合科", "综合科201室", 2),
    ("BM-DY-002", "打印机", "联想LJ2405D", "秘密", who::IT, "信息科", "信息科机房", 6),
    ("BM-U-001", "U盘", "朗科U903 32GB", "秘密", who::OFFICER, "保密办公室", "保密办公室保密柜", 2),
    ("BM-U-002", "U盘", "朗科U903 32GB", "秘密", who::OFFICER, "保密办公室", "保密办公室保密柜", 2),
    ("BM-U-003", "U盘", "爱国者U336 64GB", "秘密", who::OFFICER, "保密办公室", "保密办公室保密柜", 1),
    ("BM-U-004", "U盘", "爱国者U336 64GB", "秘密", who::OFFICER, "保密办公室", "保密办公室保密柜", 1),
    ("BM-U-005", "U盘", "华为安全U盘 32GB", "机密", who::OFFICER, "保密办公室", "保密办公室保密柜", 2),
    ("BM-U-006", "U盘", "华为安全U盘 32GB", "机密", who::OFFICER, "保密办公室", "保密办公室保密柜", 2),
    ("BM-U-007", "U盘", "朗科U208 16GB", "秘密", who::OFFICER, "保密办公室", "保密办公室保密柜", 7),
    ("BM-YP-001", "移动硬盘", "希捷Backup Plus 1TB", "机密", who::OFFICER, "保密办公室", "保密办公室保密柜", 3),
    ("BM-YP-002", "移动硬盘", "东芝Canvio 1TB", "机密", who::OFFICER, "保密办公室", "保密办公室保密柜", 2),
    ("BM-GP-001", "光盘", "威宝CD-R 700MB（一次性刻录）", "秘密", who::CLERK, "机要室", "机要室保密柜", 1),
];

/// Index of devices the workflows use.
pub(super) mod kit {
    /// The 机要室 computer that handles incoming documents: the long logbook.
    pub const REGISTRY_PC: usize = 0;
    pub const OFFICE_PC: usize = 1;
    pub const IT_PC: usize = 3;
    pub const OLD_PC: usize = 6;
    pub const MFP: usize = 8;
    pub const IT_PRINTER: usize = 10;
    /// The first and last lendable medium; BM-U-007 (index 17) is scrapped instead.
    pub const MEDIA: std::ops::RangeInclusive<usize> = 11..=16;
    pub const OLD_STICK: usize = 17;
    pub const DISKS: std::ops::RangeInclusive<usize> = 18..=19;
}

/// The result of [`Office::finish`]: the logbook device and the counts.
pub(super) struct Built {
    pub logbook_device: String,
    pub logbook_unified_number: String,
    pub logbook_entries: usize,
    pub records: usize,
    pub head: ChainHead,
}

/// The office being filled in: the 保密专管员's session and what was registered so far.
pub(super) struct Office<'p> {
    pub s: Session,
    pub today: NaiveDate,
    pub size: DemoSize,
    pub rng: Rng,
    pub people: Vec<Person>,
    pub leavers: Vec<Person>,
    pub devices: Vec<Device>,
    /// Incoming documents in order of receipt, and the filed outgoing documents.
    pub documents: Vec<super::documents::Document>,
    pub outgoing: Vec<super::documents::Document>,
    /// The second account (name, password) for two-account confirmations.
    pub second: (&'static str, &'static str),
    pub records: usize,
    pub logbook_entries: usize,
    pub progress: &'p mut dyn FnMut(&str),
}

impl<'p> Office<'p> {
    pub fn new(
        s: Session,
        options: &DemoOptions,
        second: (&'static str, &'static str),
        progress: &'p mut dyn FnMut(&str),
    ) -> Office<'p> {
        Office {
            s,
            today: options.today,
            size: options.size,
            rng: Rng::new(SEED),
            people: Vec::new(),
            leavers: Vec::new(),
            devices: Vec::new(),
            documents: Vec::new(),
            outgoing: Vec::new(),
            second,
            records: 0,
            logbook_entries: 0,
            progress,
        }
    }

    /// Enters the year, register by register, in an order that keeps every workflow's rules:
    /// people before the devices they keep, devices before loans, documents before copies and
    /// disposal, and departures after the leavers have handed everything back.
    pub fn build(&mut self) -> Result<()> {
        self.step(t!("demo.step.personnel"));
        self.add_people()?;
        self.step(t!("demo.step.devices"));
        self.add_devices()?;
        self.add_logbooks()?;
        self.step(t!("demo.step.documents"));
        self.add_incoming()?;
        self.add_copies()?;
        self.add_outgoing()?;
        self.add_disposals()?;
        self.step(t!("demo.step.loans"));
        self.add_loans()?;
        self.add_repairs()?;
        self.add_scrapping()?;
        self.add_departures()?;
        self.step(t!("demo.step.general"));
        self.add_archive_loans()?;
        self.add_assets()?;
        self.add_publication_reviews()?;
        self.add_work_groups()?;
        self.add_data_requests()?;
        self.add_incidents()?;
        self.step(t!("demo.step.inventory"));
        self.add_inventory()?;
        Ok(())
    }

    pub fn finish(self) -> Built {
        let logbook = &self.devices[kit::REGISTRY_PC];
        Built {
            logbook_device: logbook.number.clone(),
            logbook_unified_number: logbook.unified.to_string(),
            logbook_entries: self.logbook_entries,
            records: self.records,
            head: self.s.chain_head().clone(),
        }
    }

    pub fn step(&mut self, line: String) {
        (self.progress)(&line);
    }

    /// Formats the date `days_ago` days before today.
    pub fn date(&self, days_ago: i64) -> String {
        date_text(self.today, days_ago)
    }

    /// Formats the time `hour:minute` on the day `days_ago` days before today.
    pub fn at(&self, days_ago: i64, hour: u32, minute: u32) -> String {
        time_text(self.today, days_ago, hour, minute)
    }

    pub fn add(&mut self, register: &str, input: &FormInput) -> Result<Record> {
        self.records += 1;
        self.s.add_record(register, input)
    }

    /// Corrects `fields` and then moves the record to `status`, as one fills in a paper form's
    /// next box and signs it: two versions.
    pub fn advance(&mut self, number: &str, fields: &FormInput, status: &str, reason: &str) -> Result<Record> {
        if !fields.fields.is_empty() {
            self.s.edit_record(number, fields, reason)?;
        }
        self.s.change_status(number, status, "")
    }

    /// Returns the personnel number of the person at `index` in [`PEOPLE`].
    pub fn person(&self, index: usize) -> &str {
        &self.people[index].number
    }

    fn add_people(&mut self) -> Result<()> {
        for (index, &(name, gender, department, post, level, years)) in PEOPLE.iter().enumerate() {
            let on_post = years * 365 + self.rng.between(0, 200);
            let number = self.add_person(index, (name, gender, department, post, level), on_post)?;
            self.people.push(Person { number, name, level });
        }
        for (index, &(name, gender, department, post, level, left_ago, _)) in LEAVERS.iter().enumerate() {
            let on_post = left_ago + 365 * 3 + self.rng.between(0, 300);
            let number = self.add_person(PEOPLE.len() + index, (name, gender, department, post, level), on_post)?;
            self.leavers.push(Person { number, name, level });
        }

        // A nomination still under review, and one that the political review turned down.
        let pending = form! {
            "name" => "欧阳颋", "gender" => "男", "id_number" => self.id_number(90, "男"),
            "phone" => self.phone(), "department" => "信息科", "post" => "涉密信息系统安全员",
            "post_level" => "重要", "proposed_on" => self.date(12),
        };
        self.add("personnel", &pending)?;
        let refused = form! {
            "name" => "马琇", "gender" => "女", "id_number" => self.id_number(91, "女"),
            "phone" => self.phone(), "department" => "综合科", "post" => "文书",
            "post_level" => "一般", "proposed_on" => self.date(150), "reviewed_on" => self.date(130),
            "review_result" => "不通过", "note" => "政审发现近亲属在境外定居，暂不安排涉密岗位",
        };
        let number = self.add("personnel", &refused)?.number;
        self.s.change_status(&number, "not_approved", "")?;
        Ok(())
    }

    /// Registers a person who went on post `on_post` days ago, through review, training and
    /// the signed commitment.
    fn add_person(&mut self, seq: usize, (name, gender, department, post, level): (&str, &str, &str, &str, &str), on_post: i64) -> Result<String> {
        let input = form! {
            "name" => name, "gender" => gender, "id_number" => self.id_number(seq, gender),
            "phone" => self.phone(), "department" => department, "post" => post,
            "post_level" => level, "proposed_on" => self.date(on_post + 45),
            "reviewed_on" => self.date(on_post + 30), "review_result" => "通过",
            "trained_on" => self.date(on_post + 10), "commitment_signed_on" => self.date(on_post + 7),
            "on_post_on" => self.date(on_post),
        };
        let number = self.add("personnel", &input)?.number;
        self.s.change_status(&number, "on_post", "")?;
        Ok(number)
    }

    /// Makes a valid resident ID number: born 1965–1998 in a district of 南京, with the sequence's
    /// last digit odd for men and even for women, as GB 11643 has it.
    fn id_number(&mut self, seq: usize, gender: &str) -> String {
        let year = 1965 + self.rng.between(0, 33);
        let month = self.rng.between(1, 12);
        let day = self.rng.between(1, 28);
        let parity = if gender == "男" { 1 } else { 0 };
        let order = (seq as i64 * 2 + parity) % 1000;
        let first_17 = format!("320106{year}{month:02}{day:02}{order:03}");
        ResidentId::complete(&first_17).unwrap_or_default()
    }

    fn phone(&mut self) -> String {
        let prefix = *self.rng.pick(&["139", "138", "137", "158", "159", "186", "181"]);
        format!("{prefix}{:08}", self.rng.between(0, 99_999_999))
    }

    fn add_devices(&mut self) -> Result<()> {
        let year = self.today.year();
        for (index, &(unified, category, brand, classification, custodian, department, location, years)) in DEVICES.iter().enumerate() {
            let enabled_ago = years * 365 + self.rng.between(10, 200);
            let enabled = self.date(enabled_ago);
            let mut input = form! {
                "unified_number" => unified, "category" => category, "brand_model" => brand,
                "serial_number" => format!("SN{}{:06}", year - years as i32, 100_000 + index * 7919 % 900_000),
                "classification" => classification, "custodian" => self.person(custodian),
                "department" => department, "storage_location" => location, "enabled_on" => enabled,
            };
            if category.contains("计算机") {
                input.fields.insert("hard_disk_serial".into(), format!("WD-WX{:02}A{:07}", index + 11, 3_456_789 + index * 104_729));
            }
            if matches!(category, "U盘" | "移动硬盘" | "光盘") {
                input.fields.insert("need_to_know".into(), self.media_scope(classification));
            }
            let number = self.add("devices", &input)?.number;
            self.devices.push(Device { number, unified, classification });
        }
        Ok(())
    }

    /// The 知悉范围 of a medium: everyone on post whose 岗位等级 covers its 密级.
    fn media_scope(&self, classification: &str) -> String {
        let names: Vec<&str> = self
            .people
            .iter()
            .filter(|person| classification != "机密" || person.level != "一般")
            .map(|person| person.name)
            .collect();
        names.join("、")
    }

    fn add_inventory(&mut self) -> Result<()> {
        let id = self.s.start_inventory("设备台账")?;
        let lines: Vec<&str> = self
            .devices
            .iter()
            .enumerate()
            .filter(|(index, _)| *index != kit::OLD_PC && *index != kit::OLD_STICK)
            .map(|(_, device)| device.number.as_str())
            .collect();
        self.s.scan(id, &lines.join("\n"))?;
        let number = self.s.close_inventory(id, "设备台账账物相符，在用、维修中设备均已现场核对；已报废设备已核销。")?;
        self.records += 1;
        let confirm = form! { "confirmed_by" => self.person(who::LEADER), "confirmed_on" => self.date(0) };
        self.advance(&number, &confirm, "confirmed", "审定年度清查结果")?;
        Ok(())
    }
}
