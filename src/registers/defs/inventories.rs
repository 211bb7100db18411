//! The register of annual inventories (年度清查). Each record is the closing report of one
//! inventory of a register: who ran it and when, the counts, the conclusion, and one row per
//! item with its result. The inventory itself (its scans) is kept by `crate::inventory`.

use super::prelude::*;

/// Names of the registers an inventory can count, as the choices of the 清查台账 field. They
/// are the registers of physical items, in menu order; `crate::inventory` maps them to ids.
pub const INVENTORIED_REGISTER_NAMES: &[&str] = &["收文登记", "发文登记", "设备台账", "资产台账"];

/// Results an item can have in an inventory.
pub const ITEM_RESULTS: &[&str] = &["已清点", "缺失", "在外", "状态不符", "未登记编号", "编号不唯一"];

/// The largest count an inventory report holds.
const MAX_COUNT: i64 = 999_999;

const fn count(id: &'static str, label: &'static str) -> FieldDef {
    FieldDef::new(
        id,
        label,
        K::Integer {
            min: 0,
            max: MAX_COUNT,
        },
    )
    .required()
}

pub const INVENTORIES: RegisterDef = RegisterDef {
    id: "inventories",
    name: "年度清查",
    prefix: "QC",
    area: Area::Office,
    scope: RoleScope::Classified,
    fields: &[
        FieldDef::new(
            "register",
            "清查台账",
            K::Choice(INVENTORIED_REGISTER_NAMES),
        )
        .required()
        .searchable(),
        FieldDef::new("started_at", "开始时间", K::DateTime).required(),
        FieldDef::new("started_by", "发起人", K::Account).required(),
        FieldDef::new("closed_at", "结束时间", K::DateTime).required(),
        FieldDef::new("closed_by", "结束人", K::Account).required(),
        count("expected_count", "应在数"),
        count("found_count", "清点数"),
        count("missing_count", "缺失数"),
        // Reports closed before items out on loan or at repair were counted apart lack it.
        FieldDef::new("away_count", "在外数", K::Integer { min: 0, max: MAX_COUNT }),
        count("duplicate_count", "重复扫描数"),
        count("unknown_count", "未登记编号数"),
        count("mismatch_count", "状态不符数"),
        count("ambiguous_count", "编号不唯一数"),
        FieldDef::new("conclusion", "清查结论", K::LongText)
            .required()
            .searchable(),
        FieldDef::new("findings", "清查情况", K::LongText).required(),
        FieldDef::new("confirmed_by", "审定人", K::Person),
        FieldDef::new("confirmed_on", "审定日期", K::Date),
    ],
    rows: Some(RowsDef {
        id: "items",
        label: "清查明细",
        fields: &[
            FieldDef::new("item_number", "编号", K::Text).required(),
            FieldDef::new("result", "清查结果", K::Choice(ITEM_RESULTS)).required(),
            FieldDef::new(
                "scan_count",
                "扫描次数",
                K::Integer {
                    min: 0,
                    max: MAX_COUNT,
                },
            )
            .required(),
            FieldDef::new("registered_status", "登记状态", K::Text),
        ],
        min_rows: 0,
        checks: &[],
    }),
    primary_date: "closed_at",
    checks: &[
        Check::Order {
            start: "started_at",
            end: "closed_at",
        },
        Check::Order {
            start: "closed_at",
            end: "confirmed_on",
        },
    ],
    statuses: &[
        StatusDef::open("closed", "已结束"),
        StatusDef::closed("confirmed", "已审定"),
        CANCELLED_STATUS,
    ],
    initial_status: "closed",
    // NOTE: nothing stops a record of this register from being added by hand, without an
    // inventory behind it; `Session::close_inventory` is the intended way in.
    transitions: &[Transition::new(&["closed"], "confirmed", "审定")
        .requires(&["confirmed_by", "confirmed_on"])],
    ..BASE
};
