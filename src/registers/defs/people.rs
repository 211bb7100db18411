//! The register of classified personnel (涉密人员).
//!
//! The department proposes a person, the political office reviews, and the secrecy office
//! records the post level, the pre-post training and the signed commitment letter. Leaving
//! the post starts the 脱密期.

use super::prelude::*;

pub const PERSONNEL: RegisterDef = RegisterDef {
    id: "personnel",
    name: "涉密人员",
    prefix: "RY",
    area: Area::People,
    scope: RoleScope::Classified,
    fields: &[
        FieldDef::term(T::Name, K::Text).required().searchable(),
        FieldDef::new("gender", "性别", K::Choice(&["男", "女"])),
        FieldDef::term(T::ResidentIdNumber, K::ResidentId).required(),
        FieldDef::term(T::Phone, K::Phone),
        FieldDef::term(T::Department, K::Text)
            .required()
            .searchable(),
        FieldDef::new("post", "涉密岗位", K::Text)
            .required()
            .searchable(),
        FieldDef::term(T::PostLevel, K::PostLevel).required(),
        FieldDef::new("proposed_on", "提名日期", K::Date).required(),
        FieldDef::new("reviewed_on", "审查日期", K::Date),
        FieldDef::new("review_result", "审查结论", K::Choice(&["通过", "不通过"])),
        FieldDef::new("trained_on", "上岗前保密培训日期", K::Date),
        FieldDef::new("commitment_signed_on", "保密承诺书签订日期", K::Date),
        FieldDef::new("on_post_on", "上岗日期", K::Date),
        FieldDef::new("travel_abroad", "出国（境）审批", K::LongText),
        FieldDef::term(T::DepartedOn, K::Date),
        FieldDef::term(
            T::DeclassificationPeriod,
            K::Quantity {
                unit: "年", min: 1
            },
        ),
        FieldDef::term(T::Note, K::LongText),
    ],
    primary_date: "proposed_on",
    checks: &[
        Check::DeclassificationPeriod {
            post_level: "post_level",
            period: "declassification_period",
        },
        Check::Order {
            start: "proposed_on",
            end: "reviewed_on",
        },
        Check::Order {
            start: "on_post_on",
            end: "departed_on",
        },
    ],
    statuses: &[
        StatusDef::open("proposed", "待审查"),
        StatusDef::closed("not_approved", "审查未通过"),
        StatusDef::open("on_post", "在岗"),
        StatusDef::open("declassifying", "脱密期中"),
        StatusDef::closed("released", "脱密期满"),
        CANCELLED_STATUS,
    ],
    initial_status: "proposed",
    transitions: &[
        Transition::new(&["proposed"], "on_post", "确认上岗")
            .requires(&[
                "reviewed_on",
                "review_result",
                "trained_on",
                "commitment_signed_on",
                "on_post_on",
            ])
            .requires_values(&[("review_result", "通过")]),
        Transition::new(&["proposed"], "not_approved", "审查未通过")
            .requires(&["reviewed_on", "review_result"])
            .requires_values(&[("review_result", "不通过")]),
        Transition::new(&["on_post"], "declassifying", "离岗").requires(&["departed_on"]),
        Transition::new(&["declassifying"], "released", "脱密期满"),
    ],
    deadlines: &[DeadlineDef::new(
        "declassification_end",
        "脱密期满",
        Due::DeclassificationEnd {
            departure: "departed_on",
            post_level: "post_level",
            period: "declassification_period",
        },
    )
    .ends_at(&["released"])
    .warn_days(30)],
    ..BASE
};
