//! Registers of classified documents: incoming (收文), circulation (流转), copy approval
//! (复制审批), outgoing (发文) and the yearly clear-out and destruction batches (清退销毁).

use super::prelude::*;

/// Registers whose documents can be copied, cleared out or destroyed.
const DOCUMENT_REGISTERS: &[&str] = &["incoming_documents", "outgoing_documents"];

pub const INCOMING: RegisterDef = RegisterDef {
    id: "incoming_documents",
    name: "收文登记",
    prefix: "SW",
    area: Area::Documents,
    scope: RoleScope::Classified,
    // The 收文编号 is the record number itself (SW-2026-0001), so it is not a field.
    fields: &[
        FieldDef::term(T::ReceivedOn, K::Date).required(),
        FieldDef::term(T::IssuingUnit, K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::DocumentNumber, K::Text).searchable(),
        FieldDef::term(T::Title, K::Text).required().searchable(),
        FieldDef::term(T::Classification, K::Classification(LevelSet::Classified)).required(),
        FieldDef::term(T::SecrecyTerm, K::SecrecyTerm),
        FieldDef::term(T::NeedToKnow, K::Text).searchable(),
        FieldDef::term(T::IssuedOn, K::Date).required(),
        FieldDef::term(
            T::CopyCount,
            K::Quantity {
                unit: "份", min: 1
            },
        )
        .required(),
        FieldDef::term(T::CopyNumbers, K::CopyNumbers),
        FieldDef::term(T::Source, K::Choice(&["纸质", "涉密网"])).required(),
        FieldDef::term(T::ReceivedBy, K::Person).required(),
        FieldDef::term(T::StorageLocation, K::Text),
        FieldDef::term(T::Note, K::LongText),
    ],
    marking: Some(MarkingFields {
        classification: "classification",
        term: Some("secrecy_term"),
    }),
    primary_date: "received_on",
    person: Some("received_by"),
    checks: &[
        Check::Order {
            start: "issued_on",
            end: "received_on",
        },
        Check::CopyCount {
            count: "copy_count",
            numbers: "copy_numbers",
        },
    ],
    statuses: &[
        StatusDef::open("registered", "已登记"),
        StatusDef::open("circulating", "传阅中"),
        StatusDef::open("returned", "已收回"),
        StatusDef::open("filed", "已归档"),
        StatusDef::closed("cleared_out", "已清退"),
        StatusDef::closed("destroyed", "已销毁"),
        CANCELLED_STATUS,
    ],
    initial_status: "registered",
    // 清退 and 销毁 are applied only through a disposal batch confirmed by two accounts, never
    // to one document alone: `crate::workflows::guard` rejects a direct status change to them.
    transitions: &[
        Transition::new(&["registered", "returned", "filed"], "circulating", "送阅"),
        Transition::new(&["circulating"], "returned", "收回"),
        Transition::new(&["registered", "returned"], "filed", "归档")
            .requires(&["storage_location"]),
        Transition::new(&["registered", "returned", "filed"], "cleared_out", "清退"),
        Transition::new(&["registered", "returned", "filed"], "destroyed", "销毁"),
    ],
    deadlines: &[SECRECY_TERM_REVIEW],
    ..BASE
};

/// The review due when a document's 保密期限 runs out (解密或延期审核).
const SECRECY_TERM_REVIEW: DeadlineDef = DeadlineDef::new(
    "secrecy_term_review",
    "保密期限届满",
    Due::SecrecyTermEnd { start: "issued_on" },
)
.warn_days(60);

pub const CIRCULATION: RegisterDef = RegisterDef {
    id: "circulation",
    name: "文件流转",
    prefix: "LZ",
    area: Area::Documents,
    scope: RoleScope::Classified,
    fields: &[
        FieldDef::new("document", "收文编号", K::Record(&["incoming_documents"])).required(),
        FieldDef::new("circulated_on", "流转日期", K::Date).required(),
        FieldDef::term(T::ProposedHandling, K::LongText).searchable(),
        FieldDef::new("proposed_by", "拟办人", K::Person),
        FieldDef::new("reviewed_by", "审核人", K::Person),
        FieldDef::new("review_opinion", "审核意见", K::LongText),
        FieldDef::term(T::SecrecyReminder, K::LongText),
    ],
    rows: Some(RowsDef {
        id: "readers",
        label: "阅文记录",
        fields: &[
            FieldDef::term(T::Reader, K::Person).required(),
            FieldDef::term(T::SentAt, K::DateTime).required(),
            FieldDef::term(T::ReturnDue, K::DateTime).required(),
            FieldDef::term(T::ReturnedAt, K::DateTime),
        ],
        // A slip exists from the 拟办 step on, before anyone reads the document. The 送阅
        // transition requires the first reader.
        min_rows: 0,
        checks: &[
            Check::Order {
                start: "sent_at",
                end: "return_due",
            },
            Check::Order {
                start: "sent_at",
                end: "returned_at",
            },
        ],
    }),
    primary_date: "circulated_on",
    person: Some("reader"),
    // 拟办 → 审核 → 传阅 → 全部收回. The circulation workflow (`crate::workflows::circulation`)
    // moves a slip and its document together and sends to one reader at a time.
    statuses: &[
        StatusDef::open("proposed", "待审核"),
        StatusDef::open("reviewed", "待传阅"),
        StatusDef::open("open", "传阅中"),
        StatusDef::closed("completed", "已收回"),
        CANCELLED_STATUS,
    ],
    initial_status: "proposed",
    transitions: &[
        Transition::new(&["proposed"], "reviewed", "审核").requires(&[
            "proposed_handling",
            "proposed_by",
            "reviewed_by",
        ]),
        Transition::new(&["reviewed"], "open", "送阅").requires(&["reader"]),
        Transition::new(&["open"], "completed", "全部收回").requires(&["returned_at"]),
    ],
    deadlines: &[
        DeadlineDef::new("reader_return", "归还期限", Due::Field("return_due"))
            .in_rows()
            .ends_when_filled("returned_at")
            .warn_days(1),
    ],
    ..BASE
};

pub const COPY_APPROVALS: RegisterDef = RegisterDef {
    id: "copy_approvals",
    name: "复制审批",
    prefix: "FZ",
    area: Area::Documents,
    scope: RoleScope::Classified,
    fields: &[
        FieldDef::new("document", "原件编号", K::Record(DOCUMENT_REGISTERS)).required(),
        FieldDef::new("applied_on", "申请日期", K::Date).required(),
        FieldDef::new("applicant", "申请人", K::Person).required(),
        FieldDef::term(T::Classification, K::Classification(LevelSet::Classified)).required(),
        FieldDef::new("reason", "复制事由", K::LongText)
            .required()
            .searchable(),
        FieldDef::new(
            "copy_count",
            "复制份数",
            K::Quantity {
                unit: "份", min: 1
            },
        )
        .required(),
        FieldDef::new("leader_approver", "分管领导", K::Person),
        FieldDef::new("leader_approved_on", "领导审批日期", K::Date),
        FieldDef::new("officer_approver", "保密专管员", K::Person),
        FieldDef::new("officer_approved_on", "专管员审批日期", K::Date),
        FieldDef::new("copy_numbers", "新份号", K::CopyNumbers),
        FieldDef::new("copied_on", "复制日期", K::Date),
        FieldDef::new("copied_by", "复制人", K::Person),
    ],
    marking: Some(MarkingFields {
        classification: "classification",
        term: None,
    }),
    primary_date: "applied_on",
    person: Some("applicant"),
    checks: &[
        Check::CopyCount {
            count: "copy_count",
            numbers: "copy_numbers",
        },
        Check::Distinct {
            first: "leader_approver",
            second: "officer_approver",
        },
        Check::Order {
            start: "applied_on",
            end: "leader_approved_on",
        },
        Check::Order {
            start: "applied_on",
            end: "officer_approved_on",
        },
        Check::Order {
            start: "leader_approved_on",
            end: "copied_on",
        },
        Check::Order {
            start: "officer_approved_on",
            end: "copied_on",
        },
    ],
    statuses: &[
        StatusDef::open("applied", "待审批"),
        StatusDef::open("leader_approved", "领导已批准"),
        StatusDef::open("approved", "已批准"),
        StatusDef::closed("rejected", "不予批准"),
        StatusDef::closed("copied", "已复制"),
        CANCELLED_STATUS,
    ],
    initial_status: "applied",
    // On 已复制 the copy workflow (`crate::workflows::copying`) adds the new copy numbers to
    // the original's 份数 and 份号, so the copies carry the original's 密级 and 保密期限.
    transitions: &[
        Transition::new(&["applied"], "leader_approved", "领导审批")
            .requires(&["leader_approver", "leader_approved_on"]),
        Transition::new(&["leader_approved"], "approved", "专管员审批")
            .requires(&["officer_approver", "officer_approved_on"]),
        Transition::new(&["applied", "leader_approved"], "rejected", "不予批准"),
        Transition::new(&["approved"], "copied", "登记复制").requires(&[
            "copy_numbers",
            "copied_on",
            "copied_by",
        ]),
    ],
    ..BASE
};

pub const OUTGOING: RegisterDef = RegisterDef {
    id: "outgoing_documents",
    name: "发文登记",
    prefix: "FW",
    area: Area::Documents,
    scope: RoleScope::Classified,
    fields: &[
        FieldDef::term(T::IssuedOn, K::Date).required(),
        FieldDef::term(T::DocumentNumber, K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::Title, K::Text).required().searchable(),
        FieldDef::term(T::Classification, K::Classification(LevelSet::Classified)).required(),
        FieldDef::term(T::SecrecyTerm, K::SecrecyTerm),
        FieldDef::term(T::NeedToKnow, K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::ClassifiedBy, K::Person).required(),
        FieldDef::new("drafter", "拟稿人", K::Person).required(),
        FieldDef::new("drafting_computer", "拟稿计算机", K::Device).required(),
        FieldDef::term(T::SignedBy, K::Person),
        FieldDef::term(T::SignedOn, K::Date),
        FieldDef::term(
            T::PrintedCopies,
            K::Quantity {
                unit: "份", min: 1
            },
        )
        .required(),
        FieldDef::term(T::CopyNumbers, K::CopyNumbers),
        FieldDef::new("distribution", "分送范围", K::LongText).searchable(),
        FieldDef::new("dispatched_on", "机要交通发出日期", K::Date),
        FieldDef::new("courier_receipt", "机要交通回执号", K::Text),
        FieldDef::new("archive_location", "归档位置", K::Text),
        FieldDef::term(T::Note, K::LongText),
    ],
    marking: Some(MarkingFields {
        classification: "classification",
        term: Some("secrecy_term"),
    }),
    primary_date: "issued_on",
    person: Some("drafter"),
    device: Some("drafting_computer"),
    checks: &[
        Check::StatutoryTerm {
            marking: "classification",
            start: "issued_on",
        },
        Check::CopyCount {
            count: "printed_copies",
            numbers: "copy_numbers",
        },
        Check::Order {
            start: "signed_on",
            end: "dispatched_on",
        },
        Check::Order {
            start: "issued_on",
            end: "dispatched_on",
        },
    ],
    statuses: &[
        StatusDef::open("drafted", "拟制中"),
        StatusDef::open("signed", "已签发"),
        StatusDef::open("dispatched", "已发出"),
        StatusDef::open("filed", "已归档"),
        StatusDef::closed("destroyed", "已销毁"),
        CANCELLED_STATUS,
    ],
    initial_status: "drafted",
    transitions: &[
        Transition::new(&["drafted"], "signed", "签发").requires(&["signed_by", "signed_on"]),
        Transition::new(&["signed"], "dispatched", "机要交通发出").requires(&[
            "copy_numbers",
            "dispatched_on",
            "courier_receipt",
        ]),
        Transition::new(&["signed", "dispatched"], "filed", "归档").requires(&["archive_location"]),
        Transition::new(&["dispatched", "filed"], "destroyed", "销毁"),
    ],
    deadlines: &[SECRECY_TERM_REVIEW],
    ..BASE
};

pub const DISPOSAL_BATCHES: RegisterDef = RegisterDef {
    id: "disposal_batches",
    name: "清退销毁",
    prefix: "XH",
    area: Area::Documents,
    scope: RoleScope::Classified,
    fields: &[
        FieldDef::new(
            "year",
            "年度",
            K::Integer {
                min: 2000,
                max: 2100,
            },
        )
        .required(),
        FieldDef::new("kind", "批次类型", K::Choice(&["清退", "销毁"])).required(),
        FieldDef::new("registered_on", "登记日期", K::Date).required(),
        FieldDef::new("receiver", "接收单位", K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::SealBagNumbers, K::Text).searchable(),
        FieldDef::new("handed_over_on", "移交日期", K::Date),
        FieldDef::new("witness_1", "监销人（一）", K::Person),
        FieldDef::new("witness_2", "监销人（二）", K::Person),
        // The two accounts that confirmed the hand-over on this machine.
        FieldDef::new("confirmed_by_1", "监销确认账户（一）", K::Account),
        FieldDef::new("confirmed_by_2", "监销确认账户（二）", K::Account),
        FieldDef::new("confirmed_at", "监销确认时间", K::DateTime),
        FieldDef::term(T::Note, K::LongText),
    ],
    rows: Some(RowsDef {
        id: "items",
        label: "清退销毁清单",
        fields: &[
            FieldDef::new("item", "文件编号", K::Record(DOCUMENT_REGISTERS)).required(),
            FieldDef::term(T::Title, K::Text).required().searchable(),
            FieldDef::term(T::Classification, K::Classification(LevelSet::Classified)).required(),
            FieldDef::term(T::CopyNumbers, K::CopyNumbers),
            FieldDef::term(T::Disposition, K::Choice(&["清退", "销毁"])).required(),
            FieldDef::new("bag_number", "所装密封袋", K::Text),
        ],
        min_rows: 1,
        checks: &[],
    }),
    primary_date: "registered_on",
    person: Some("witness_1"),
    checks: &[
        Check::RequiredWhen {
            field: "witness_1",
            when: "kind",
            is: &["销毁"],
        },
        Check::RequiredWhen {
            field: "witness_2",
            when: "kind",
            is: &["销毁"],
        },
        Check::Distinct {
            first: "witness_1",
            second: "witness_2",
        },
        Check::Distinct {
            first: "confirmed_by_1",
            second: "confirmed_by_2",
        },
        Check::Order {
            start: "registered_on",
            end: "handed_over_on",
        },
    ],
    statuses: &[
        StatusDef::open("counting", "清点中"),
        StatusDef::open("sealed", "已封袋"),
        StatusDef::closed("handed_over", "已移交"),
        CANCELLED_STATUS,
    ],
    initial_status: "counting",
    // On 已移交 the disposal workflow (`crate::workflows::disposal`) marks each listed
    // document 已清退 or 已销毁, or removes only the listed copy numbers from it.
    transitions: &[
        Transition::new(&["counting"], "sealed", "封袋").requires(&["seal_bag_numbers"]),
        Transition::new(&["sealed"], "counting", "重新清点"),
        Transition::new(&["sealed"], "handed_over", "移交").requires(&["handed_over_on"]),
    ],
    ..BASE
};
