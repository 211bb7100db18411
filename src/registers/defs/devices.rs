//! Registers of classified equipment and media: the device register (设备台账), the usage
//! logbook (使用登记), media loans (介质借用), repairs (维修) and scrapping (报废销毁).

use super::prelude::*;

/// Device categories as offices list them on the 设备台账.
const DEVICE_CATEGORIES: &[&str] = &[
    "涉密计算机",
    "涉密便携式计算机",
    "多功能一体机",
    "打印机",
    "复印机",
    "扫描仪",
    "传真机",
    "U盘",
    "移动硬盘",
    "光盘",
    "存储卡",
    "其他",
];

pub const DEVICES: RegisterDef = RegisterDef {
    id: "devices",
    name: "设备台账",
    prefix: "SB",
    area: Area::Devices,
    scope: RoleScope::Classified,
    fields: &[
        FieldDef::term(T::UnifiedNumber, K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::Category, K::Choice(DEVICE_CATEGORIES)).required(),
        FieldDef::term(T::BrandModel, K::Text).searchable(),
        FieldDef::term(T::SerialNumber, K::Text).searchable(),
        FieldDef::term(T::HardDiskSerial, K::Text).searchable(),
        FieldDef::term(T::Classification, K::Classification(LevelSet::All)).required(),
        FieldDef::term(T::Custodian, K::Person).required(),
        FieldDef::term(T::Department, K::Text)
            .required()
            .searchable(),
        // Who may receive the item on loan: personnel numbers (RY-2026-0001) or names,
        // separated by 、 , ; or blanks. A classified medium with none listed is not lent.
        FieldDef::term(T::NeedToKnow, K::LongText).searchable(),
        FieldDef::term(T::StorageLocation, K::Text),
        FieldDef::term(T::EnabledOn, K::Date).required(),
        FieldDef::term(T::Note, K::LongText),
    ],
    marking: Some(MarkingFields {
        classification: "classification",
        term: None,
    }),
    primary_date: "enabled_on",
    person: Some("custodian"),
    checks: &[Check::RequiredWhen {
        field: "hard_disk_serial",
        when: "category",
        is: &["涉密计算机", "涉密便携式计算机"],
    }],
    statuses: &[
        StatusDef::open("in_use", "在用"),
        StatusDef::open("idle", "停用"),
        StatusDef::open("repairing", "维修中"),
        StatusDef::closed("scrapped", "已报废"),
        CANCELLED_STATUS,
    ],
    initial_status: "in_use",
    transitions: &[
        Transition::new(&["in_use"], "idle", "停用"),
        Transition::new(&["idle", "repairing"], "in_use", "启用"),
        Transition::new(&["in_use", "idle"], "repairing", "送修"),
        Transition::new(&["repairing"], "idle", "修复后停用"),
        Transition::new(&["in_use", "idle", "repairing"], "scrapped", "报废"),
    ],
    ..BASE
};

pub const USAGE_LOG: RegisterDef = RegisterDef {
    id: "usage_log",
    name: "使用登记",
    prefix: "SY",
    area: Area::Devices,
    scope: RoleScope::Classified,
    fields: &[
        FieldDef::new("device", "设备", K::Device).required(),
        FieldDef::new("user", "使用人", K::Person).required(),
        FieldDef::new("started_at", "开始时间", K::DateTime).required(),
        FieldDef::new("ended_at", "结束时间", K::DateTime),
        FieldDef::new("content", "使用内容", K::LongText)
            .required()
            .searchable(),
        FieldDef::term(
            T::PrintedCopies,
            K::Quantity {
                unit: "份", min: 0
            },
        ),
        FieldDef::term(T::Note, K::LongText),
    ],
    primary_date: "started_at",
    person: Some("user"),
    device: Some("device"),
    checks: &[Check::Order {
        start: "started_at",
        end: "ended_at",
    }],
    statuses: &[StatusDef::open("recorded", "已登记"), CANCELLED_STATUS],
    initial_status: "recorded",
    ..BASE
};

pub const MEDIA_LOANS: RegisterDef = RegisterDef {
    id: "media_loans",
    name: "介质借用",
    prefix: "JY",
    area: Area::Devices,
    scope: RoleScope::Classified,
    fields: &[
        FieldDef::new("medium", "介质", K::Device).required(),
        FieldDef::new("borrower", "借用人", K::Person).required(),
        FieldDef::new("clearance_checked", "身份及涉密等级核验", K::Confirmation).required(),
        FieldDef::new("purpose", "借用事由", K::LongText)
            .required()
            .searchable(),
        FieldDef::new("reminded_by", "保密提醒人", K::Account).required(),
        FieldDef::new("lent_at", "借出时间", K::DateTime).required(),
        FieldDef::term(T::ReturnDue, K::Date).required(),
        FieldDef::term(T::ReturnedAt, K::DateTime),
        FieldDef::new("return_check", "归还检查", K::Choice(&["完好", "有异常"])),
        FieldDef::new("return_note", "检查情况", K::LongText),
    ],
    primary_date: "lent_at",
    person: Some("borrower"),
    device: Some("medium"),
    checks: &[
        Check::Order {
            start: "lent_at",
            end: "return_due",
        },
        Check::Order {
            start: "lent_at",
            end: "returned_at",
        },
        Check::RequiredWhen {
            field: "return_note",
            when: "return_check",
            is: &["有异常"],
        },
    ],
    statuses: &[
        StatusDef::open("lent", "借出中"),
        StatusDef::closed("returned", "已归还"),
        CANCELLED_STATUS,
    ],
    initial_status: "lent",
    transitions: &[
        Transition::new(&["lent"], "returned", "归还").requires(&["returned_at", "return_check"])
    ],
    deadlines: &[
        DeadlineDef::new("loan_return", "归还期限", Due::Field("return_due"))
            .ends_when_filled("returned_at")
            .warn_days(1),
    ],
    ..BASE
};

/// Repair modes. Outside repairs need a designated repair point.
const REPAIR_MODES: &[&str] = &["本单位维修", "定点单位上门维修", "送定点单位维修"];

pub const REPAIRS: RegisterDef = RegisterDef {
    id: "repairs",
    name: "维修",
    prefix: "WX",
    area: Area::Devices,
    scope: RoleScope::Classified,
    fields: &[
        FieldDef::new("device", "设备", K::Device).required(),
        FieldDef::new("reported_on", "报修日期", K::Date).required(),
        FieldDef::new("fault", "故障情况", K::LongText)
            .required()
            .searchable(),
        FieldDef::new("repair_mode", "维修方式", K::Choice(REPAIR_MODES)).required(),
        FieldDef::new("repair_point", "定点维修单位", K::Text).searchable(),
        FieldDef::term(T::Approver, K::Person),
        FieldDef::term(T::ApprovedOn, K::Date),
        FieldDef::new("storage_removed", "已拆除存储部件", K::YesNo),
        FieldDef::new("escort", "陪同人", K::Person),
        FieldDef::new("completed_on", "修复日期", K::Date),
        FieldDef::new("result", "维修结果", K::LongText),
    ],
    primary_date: "reported_on",
    device: Some("device"),
    checks: &[
        Check::RequiredWhen {
            field: "repair_point",
            when: "repair_mode",
            is: &["定点单位上门维修", "送定点单位维修"],
        },
        Check::RequiredWhen {
            field: "escort",
            when: "repair_mode",
            is: &["定点单位上门维修"],
        },
        Check::RequiredWhen {
            field: "storage_removed",
            when: "repair_mode",
            is: &["送定点单位维修"],
        },
        Check::ValueWhen {
            field: "storage_removed",
            value: "是",
            when: "repair_mode",
            is: &["送定点单位维修"],
        },
        Check::Order {
            start: "reported_on",
            end: "approved_on",
        },
        Check::Order {
            start: "reported_on",
            end: "completed_on",
        },
    ],
    statuses: &[
        StatusDef::open("requested", "待审批"),
        StatusDef::open("approved", "已审批"),
        StatusDef::open("repairing", "维修中"),
        StatusDef::closed("completed", "已修复"),
        CANCELLED_STATUS,
    ],
    initial_status: "requested",
    transitions: &[
        Transition::new(&["requested"], "approved", "审批").requires(&["approver", "approved_on"]),
        Transition::new(&["approved"], "repairing", "开始维修"),
        Transition::new(&["repairing"], "completed", "修复").requires(&["completed_on", "result"]),
    ],
    ..BASE
};

pub const SCRAPPING: RegisterDef = RegisterDef {
    id: "scrapping",
    name: "报废销毁",
    prefix: "BF",
    area: Area::Devices,
    scope: RoleScope::Classified,
    fields: &[
        FieldDef::new("device", "设备", K::Device).required(),
        FieldDef::new("applied_on", "申请日期", K::Date).required(),
        FieldDef::new("reason", "报废原因", K::LongText)
            .required()
            .searchable(),
        FieldDef::new("approval_number", "领导小组审批文号", K::Text),
        FieldDef::term(T::ApprovedOn, K::Date),
        FieldDef::new("wiped_by", "清除人", K::Person),
        FieldDef::new("wiped_on", "清除日期", K::Date),
        FieldDef::new("escort_1", "护送人（一）", K::Person),
        FieldDef::new("escort_2", "护送人（二）", K::Person),
        FieldDef::term(T::DestructionSite, K::Text),
        FieldDef::new("destroyed_on", "销毁日期", K::Date),
        // The two accounts that confirmed the destruction on this machine.
        FieldDef::new("confirmed_by_1", "监销确认账户（一）", K::Account),
        FieldDef::new("confirmed_by_2", "监销确认账户（二）", K::Account),
        FieldDef::new("confirmed_at", "监销确认时间", K::DateTime),
    ],
    primary_date: "applied_on",
    device: Some("device"),
    checks: &[
        Check::Distinct {
            first: "escort_1",
            second: "escort_2",
        },
        Check::Distinct {
            first: "confirmed_by_1",
            second: "confirmed_by_2",
        },
        Check::Order {
            start: "applied_on",
            end: "approved_on",
        },
        Check::Order {
            start: "approved_on",
            end: "wiped_on",
        },
        Check::Order {
            start: "wiped_on",
            end: "destroyed_on",
        },
    ],
    statuses: &[
        StatusDef::open("applied", "待审批"),
        StatusDef::open("approved", "已审批"),
        StatusDef::open("wiped", "已清除"),
        StatusDef::closed("destroyed", "已销毁"),
        CANCELLED_STATUS,
    ],
    initial_status: "applied",
    // NOTE: the wiping must be done by the 保密专管员; checking that `wiped_by` has that
    // role needs the personnel data and belongs to the workflow layer.
    transitions: &[
        Transition::new(&["applied"], "approved", "领导小组审批")
            .requires(&["approval_number", "approved_on"]),
        Transition::new(&["approved"], "wiped", "清除数据").requires(&["wiped_by", "wiped_on"]),
        Transition::new(&["wiped"], "destroyed", "护送销毁").requires(&[
            "escort_1",
            "escort_2",
            "destruction_site",
            "destroyed_on",
            "confirmed_by_1",
            "confirmed_by_2",
        ]),
    ],
    ..BASE
};
