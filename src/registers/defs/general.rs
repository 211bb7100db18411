//! Non-classified registers: archive loans (档案借阅), assets (资产台账), publication review
//! (公开信息审查), work groups (工作群报备), data requests (数据申请) and security incidents
//! (安全事件). People here are named as text, because they need not be classified personnel.

use super::prelude::*;
use crate::registers::values::incident::IncidentCause;

pub const ARCHIVE_LOANS: RegisterDef = RegisterDef {
    id: "archive_loans",
    name: "档案借阅",
    prefix: "DA",
    area: Area::General,
    scope: RoleScope::NonClassified,
    fields: &[
        FieldDef::term(T::ArchiveKind, K::Choice(&["文书", "财务", "人事", "案卷"])).required(),
        FieldDef::new("item", "档案名称", K::Text)
            .required()
            .searchable(),
        FieldDef::new("archive_number", "档号", K::Text).searchable(),
        FieldDef::new("borrower", "借阅人", K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::Department, K::Text).required(),
        FieldDef::new("purpose", "借阅目的", K::LongText).required(),
        FieldDef::new("lent_on", "借阅日期", K::Date).required(),
        FieldDef::term(T::ReturnDue, K::Date).required(),
        FieldDef::term(T::ReturnedAt, K::Date),
        FieldDef::term(T::Approver, K::Text).required(),
        FieldDef::new("privacy_sensitive", "涉及个人隐私", K::YesNo).required(),
        FieldDef::new("commitment_signed", "已签保密承诺书", K::Confirmation),
        FieldDef::new("reminder_given", "已作保密提醒", K::Confirmation),
    ],
    primary_date: "lent_on",
    person: Some("borrower"),
    checks: &[
        Check::Order {
            start: "lent_on",
            end: "return_due",
        },
        Check::Order {
            start: "lent_on",
            end: "returned_at",
        },
        Check::RequiredWhen {
            field: "commitment_signed",
            when: "privacy_sensitive",
            is: &["是"],
        },
        Check::RequiredWhen {
            field: "reminder_given",
            when: "privacy_sensitive",
            is: &["是"],
        },
    ],
    statuses: &[
        StatusDef::open("lent", "借出中"),
        StatusDef::closed("returned", "已归还"),
        CANCELLED_STATUS,
    ],
    initial_status: "lent",
    transitions: &[Transition::new(&["lent"], "returned", "归还").requires(&["returned_at"])],
    deadlines: &[
        DeadlineDef::new("archive_return", "归还期限", Due::Field("return_due"))
            .ends_when_filled("returned_at")
            .warn_days(3),
    ],
    ..BASE
};

pub const ASSETS: RegisterDef = RegisterDef {
    id: "assets",
    name: "资产台账",
    prefix: "ZC",
    area: Area::General,
    scope: RoleScope::NonClassified,
    fields: &[
        FieldDef::new("name", "资产名称", K::Text)
            .required()
            .searchable(),
        FieldDef::new("asset_number", "资产编号", K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::Category, K::Text).searchable(),
        FieldDef::term(T::BrandModel, K::Text),
        FieldDef::term(T::Department, K::Text).required(),
        FieldDef::new("keeper", "保管人", K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::StorageLocation, K::Text),
        FieldDef::new("registered_on", "登记日期", K::Date).required(),
        FieldDef::new("acquired_on", "购置日期", K::Date),
        FieldDef::term(T::Note, K::LongText),
    ],
    primary_date: "registered_on",
    person: Some("keeper"),
    statuses: &[
        StatusDef::open("in_use", "在用"),
        StatusDef::open("idle", "闲置"),
        StatusDef::closed("disposed", "已处置"),
        CANCELLED_STATUS,
    ],
    initial_status: "in_use",
    transitions: &[
        Transition::new(&["in_use"], "idle", "闲置"),
        Transition::new(&["idle"], "in_use", "启用"),
        Transition::new(&["in_use", "idle"], "disposed", "处置"),
    ],
    ..BASE
};

/// The five categories that must not be published, as a checklist of 是/否 questions.
const FORBIDDEN_CATEGORY_CHECKS: [(&str, &str); 5] = [
    (
        "contains_state_secrets",
        "含国家秘密（标有绝密、机密、秘密）",
    ),
    (
        "contains_security_sensitive",
        "含涉及国家安全和稳定的敏感信息",
    ),
    ("contains_internal_marking", "含标注“内部文件”的内容"),
    ("contains_trade_or_privacy", "含商业秘密或企业、个人隐私"),
    ("contains_opinion_risk", "含可能引发舆情的其他敏感信息"),
];

const fn forbidden_check(index: usize) -> FieldDef {
    let (id, label) = FORBIDDEN_CATEGORY_CHECKS[index];
    FieldDef::new(id, label, K::YesNo).required()
}

pub const PUBLICATION_REVIEWS: RegisterDef = RegisterDef {
    id: "publication_reviews",
    name: "公开信息审查",
    prefix: "SC",
    area: Area::General,
    scope: RoleScope::NonClassified,
    fields: &[
        FieldDef::new("item", "拟公开信息", K::Text)
            .required()
            .searchable(),
        FieldDef::new(
            "category",
            "信息类别",
            K::Choice(&["政务信息", "新闻稿件", "网站内容", "新媒体内容", "其他"]),
        )
        .required(),
        FieldDef::new("channel", "发布渠道", K::Text),
        FieldDef::new("submitted_by", "送审人", K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::Department, K::Text).required(),
        FieldDef::new("submitted_on", "送审日期", K::Date).required(),
        forbidden_check(0),
        forbidden_check(1),
        forbidden_check(2),
        forbidden_check(3),
        forbidden_check(4),
        FieldDef::new("first_reviewer", "初审人", K::Text),
        FieldDef::new("first_review", "初审意见", K::LongText),
        FieldDef::new("first_reviewed_on", "初审日期", K::Date),
        FieldDef::new("second_reviewer", "复审人", K::Text),
        FieldDef::new("second_review", "复审意见", K::LongText),
        FieldDef::new("second_reviewed_on", "复审日期", K::Date),
        FieldDef::term(T::Approver, K::Text),
        FieldDef::term(T::ApprovedOn, K::Date),
        FieldDef::new("published_on", "公开日期", K::Date),
        FieldDef::new("leak_reported_at", "泄密报告时间", K::DateTime),
        FieldDef::new("remedy", "补救措施", K::LongText),
    ],
    primary_date: "submitted_on",
    person: Some("submitted_by"),
    checks: &[
        Check::Distinct {
            first: "first_reviewer",
            second: "second_reviewer",
        },
        Check::Order {
            start: "submitted_on",
            end: "first_reviewed_on",
        },
        Check::Order {
            start: "first_reviewed_on",
            end: "second_reviewed_on",
        },
        Check::Order {
            start: "second_reviewed_on",
            end: "approved_on",
        },
        Check::Order {
            start: "approved_on",
            end: "published_on",
        },
        Check::Order {
            start: "published_on",
            end: "leak_reported_at",
        },
    ],
    statuses: &[
        StatusDef::open("submitted", "待初审"),
        StatusDef::open("first_reviewed", "待复审"),
        StatusDef::open("second_reviewed", "待审批"),
        StatusDef::open("approved", "准予公开"),
        StatusDef::closed("rejected", "不予公开"),
        StatusDef::open("published", "已公开"),
        StatusDef::closed("leak_reported", "已报告泄密"),
        CANCELLED_STATUS,
    ],
    initial_status: "submitted",
    transitions: &[
        Transition::new(&["submitted"], "first_reviewed", "初审").requires(&[
            "first_reviewer",
            "first_review",
            "first_reviewed_on",
        ]),
        Transition::new(&["first_reviewed"], "second_reviewed", "复审").requires(&[
            "second_reviewer",
            "second_review",
            "second_reviewed_on",
        ]),
        Transition::new(&["second_reviewed"], "approved", "批准公开")
            .requires(&["approver", "approved_on"])
            .requires_values(&[
                ("contains_state_secrets", "否"),
                ("contains_security_sensitive", "否"),
                ("contains_internal_marking", "否"),
                ("contains_trade_or_privacy", "否"),
                ("contains_opinion_risk", "否"),
            ]),
        Transition::new(
            &["submitted", "first_reviewed", "second_reviewed"],
            "rejected",
            "不予公开",
        ),
        Transition::new(&["approved"], "published", "登记公开").requires(&["published_on"]),
        // A leak found after publication is reported to the secrecy leading group at once,
        // with the remedy taken.
        Transition::new(&["published"], "leak_reported", "报告泄密")
            .requires(&["leak_reported_at", "remedy"]),
    ],
    ..BASE
};

pub const WORK_GROUPS: RegisterDef = RegisterDef {
    id: "work_groups",
    name: "工作群报备",
    prefix: "QZ",
    area: Area::General,
    scope: RoleScope::NonClassified,
    fields: &[
        FieldDef::new("name", "群名称", K::Text)
            .required()
            .searchable(),
        FieldDef::term(
            T::Platform,
            K::Choice(&["企业微信", "微信", "钉钉", "QQ", "其他"]),
        )
        .required(),
        FieldDef::new("owner", "群主", K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::Department, K::Text).required(),
        FieldDef::term(T::Purpose, K::LongText)
            .required()
            .searchable(),
        FieldDef::new(
            "members",
            "成员范围",
            K::Choice(&["本单位人员", "含外单位人员"]),
        )
        .required(),
        FieldDef::new("duration", "存续类型", K::Choice(&["常设", "临时"])).required(),
        FieldDef::new("created_on", "建群日期", K::Date).required(),
        FieldDef::new("planned_end_on", "预计解散日期", K::Date),
        FieldDef::new("dissolved_on", "解散日期", K::Date),
        FieldDef::term(T::Approver, K::Text),
        FieldDef::term(T::ApprovedOn, K::Date),
    ],
    primary_date: "created_on",
    person: Some("owner"),
    checks: &[
        // Groups go on 企业微信 by default; any other app needs the department head's approval.
        Check::RequiredWhen {
            field: "approver",
            when: "platform",
            is: &["微信", "钉钉", "QQ", "其他"],
        },
        Check::RequiredWhen {
            field: "approved_on",
            when: "platform",
            is: &["微信", "钉钉", "QQ", "其他"],
        },
        // Groups with outside members are temporary, for one piece of work.
        Check::ValueWhen {
            field: "duration",
            value: "临时",
            when: "members",
            is: &["含外单位人员"],
        },
        Check::RequiredWhen {
            field: "planned_end_on",
            when: "duration",
            is: &["临时"],
        },
        Check::Order {
            start: "created_on",
            end: "planned_end_on",
        },
        Check::Order {
            start: "created_on",
            end: "dissolved_on",
        },
    ],
    statuses: &[
        StatusDef::open("active", "使用中"),
        StatusDef::closed("dissolved", "已解散"),
        CANCELLED_STATUS,
    ],
    initial_status: "active",
    transitions: &[Transition::new(&["active"], "dissolved", "解散").requires(&["dissolved_on"])],
    deadlines: &[DeadlineDef::new(
        "group_dissolution",
        "临时群解散",
        Due::Field("planned_end_on"),
    )
    .only_if("duration", "临时")
    .ends_when_filled("dissolved_on")],
    ..BASE
};

pub const DATA_REQUESTS: RegisterDef = RegisterDef {
    id: "data_requests",
    name: "数据申请",
    prefix: "SJ",
    area: Area::General,
    scope: RoleScope::NonClassified,
    fields: &[
        FieldDef::new("requester", "申请人", K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::Department, K::Text).required(),
        FieldDef::new("requested_on", "申请日期", K::Date).required(),
        FieldDef::new("data", "申请数据", K::LongText)
            .required()
            .searchable(),
        FieldDef::new("reason", "申请事由", K::LongText).required(),
        FieldDef::term(T::Purpose, K::LongText).required(),
        FieldDef::new("scope", "使用范围", K::Text).required(),
        FieldDef::new("use_until", "使用期限", K::Date).required(),
        FieldDef::new("desensitised", "敏感字段已脱敏", K::YesNo).required(),
        FieldDef::new("reviewer", "审核人", K::Text),
        FieldDef::new("reviewed_on", "审核日期", K::Date),
        FieldDef::new("review_opinion", "审核意见", K::LongText),
        FieldDef::new("deleted_on", "数据删除日期", K::Date),
        FieldDef::new("deletion_confirmed_by", "删除确认人", K::Text),
    ],
    primary_date: "requested_on",
    person: Some("requester"),
    checks: &[
        Check::Order {
            start: "requested_on",
            end: "use_until",
        },
        Check::Order {
            start: "requested_on",
            end: "reviewed_on",
        },
        Check::Order {
            start: "requested_on",
            end: "deleted_on",
        },
    ],
    statuses: &[
        StatusDef::open("submitted", "待审核"),
        StatusDef::open("approved", "已同意"),
        StatusDef::closed("rejected", "不同意"),
        StatusDef::closed("deleted", "数据已删除"),
        CANCELLED_STATUS,
    ],
    initial_status: "submitted",
    transitions: &[
        Transition::new(&["submitted"], "approved", "同意").requires(&["reviewer", "reviewed_on"]),
        Transition::new(&["submitted"], "rejected", "不同意").requires(&[
            "reviewer",
            "reviewed_on",
            "review_opinion",
        ]),
        Transition::new(&["approved"], "deleted", "确认删除")
            .requires(&["deleted_on", "deletion_confirmed_by"]),
    ],
    // The data user deletes the data before the term ends (谁使用谁负责、谁使用谁销毁).
    deadlines: &[
        DeadlineDef::new("data_deletion", "数据使用期限", Due::Field("use_until"))
            .ends_when_filled("deleted_on"),
    ],
    ..BASE
};

pub const INCIDENTS: RegisterDef = RegisterDef {
    id: "incidents",
    name: "安全事件",
    prefix: "AQ",
    area: Area::General,
    scope: RoleScope::NonClassified,
    fields: &[
        FieldDef::new("title", "事件名称", K::Text)
            .required()
            .searchable(),
        FieldDef::new("cause", "事件原因", K::Choice(IncidentCause::CHOICES)).required(),
        FieldDef::new("description", "情况描述", K::LongText).searchable(),
        FieldDef::term(T::IncidentGrade, K::IncidentGrade).required(),
        FieldDef::new("found_at", "发现时间", K::DateTime).required(),
        FieldDef::new("found_by", "发现人", K::Text),
        FieldDef::new("system", "涉及系统", K::Text).searchable(),
        FieldDef::new("handling", "处置情况", K::LongText),
        FieldDef::new("handled_at", "处置完成时间", K::DateTime),
        FieldDef::new("accountability", "责任追究", K::LongText),
    ],
    primary_date: "found_at",
    person: Some("found_by"),
    checks: &[
        Check::GradeAtLeastCause {
            cause: "cause",
            grade: "incident_grade",
        },
        Check::Order {
            start: "found_at",
            end: "handled_at",
        },
    ],
    statuses: &[
        StatusDef::open("open", "处置中"),
        StatusDef::open("handled", "已处置"),
        StatusDef::closed("closed", "已结案"),
        CANCELLED_STATUS,
    ],
    initial_status: "open",
    transitions: &[
        Transition::new(&["open"], "handled", "处置完毕").requires(&["handling", "handled_at"]),
        Transition::new(&["handled"], "closed", "结案").requires(&["accountability"]),
    ],
    ..BASE
};
