//! Register input from end to end: a form's text through `validate`, with the exact zh-CN
//! message for each bad input, then status changes and deadlines on the typed values.

use chrono::NaiveDate;
use secledger::i18n::Lang;
use secledger::registers::deadline::DueState;
use secledger::registers::values::{Classification, Marking, SecrecyTerm, Value};
use secledger::registers::{by_id, validate, FormInput, RegisterDef, Validated};
use secledger::{Code, Error};

fn register(id: &str) -> &'static RegisterDef {
    by_id(id).unwrap_or_else(|| panic!("no register {id}"))
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// Replaces or adds `changes` in `base` (an empty text blanks the field).
fn with(
    base: &[(&'static str, &'static str)],
    changes: &[(&'static str, &'static str)],
) -> FormInput {
    let mut input = FormInput::from_pairs(base);
    for (id, text) in changes {
        input.fields.insert(id.to_string(), text.to_string());
    }
    input
}

const INCOMING: &[(&str, &str)] = &[
    ("received_on", "2025年3月5日"),
    ("issuing_unit", "市保密局"),
    ("document_number", "市保发〔2025〕3号"),
    ("title", "关于开展年度保密检查的通知"),
    ("classification", "机密★10年"),
    ("need_to_know", "局领导、办公室主任"),
    ("issued_on", "2025-03-01"),
    ("copy_count", "3份"),
    ("copy_numbers", "003-005"),
    ("source", "纸质"),
    ("received_by", "RY-2025-0001"),
];

const PERSONNEL: &[(&str, &str)] = &[
    ("name", "王喆"),
    ("id_number", "11010519491231002X"),
    ("phone", "13812345678"),
    ("department", "办公室"),
    ("post", "机要员"),
    ("post_level", "核心"),
    ("proposed_on", "2025-01-10"),
];

const MEDIA_LOAN: &[(&str, &str)] = &[
    ("medium", "SB-2025-0007"),
    ("borrower", "RY-2025-0002"),
    ("clearance_checked", "是"),
    ("purpose", "拷贝会议材料"),
    ("reminded_by", "zhangsan"),
    ("lent_at", "2025-03-05 10:00"),
    ("return_due", "2025-03-07"),
];

/// Returns the only error of validating `input`, and panics listing all errors otherwise.
fn only_error(def: &RegisterDef, input: &FormInput) -> Error {
    let mut errors = validate(def, input).expect_err("input should be rejected");
    assert_eq!(errors.len(), 1, "errors: {:?}", messages(&errors));
    errors.remove(0)
}

fn messages(errors: &[Error]) -> Vec<String> {
    errors
        .iter()
        .map(|err| err.message_in(Lang::ZhCn))
        .collect()
}

fn check(def_id: &str, input: FormInput, code: Code, field: &str, message: &str) {
    let err = only_error(register(def_id), &input);
    assert_eq!(err.code(), code, "{message}");
    assert_eq!(err.field_name(), Some(field), "{message}");
    assert_eq!(err.message_in(Lang::ZhCn), message);
}

fn valid(def_id: &str, input: &FormInput) -> Validated {
    validate(register(def_id), input).unwrap_or_else(|errors| panic!("{:?}", messages(&errors)))
}

#[test]
fn incoming_document_is_typed() {
    let record = valid("incoming_documents", &FormInput::from_pairs(INCOMING));
    let marking = Marking {
        classification: Classification::Secret,
        term: Some(SecrecyTerm::Years(10)),
    };
    assert_eq!(record.fields["received_on"], Value::Date(ymd(2025, 3, 5)));
    assert_eq!(record.fields["classification"], Value::Marking(marking));
    assert_eq!(
        record.fields["secrecy_term"],
        Value::SecrecyTerm(SecrecyTerm::Years(10))
    );
    assert_eq!(record.fields["copy_count"], Value::Quantity(3));
    assert_eq!(record.fields["copy_numbers"].to_string(), "003-005");
    assert!(!record.fields.contains_key("storage_location"));
}

#[test]
fn bad_inputs_name_the_field() {
    let cases = [
        (with(INCOMING, &[("title", "")]), Code::FieldRequired, "标题", "“标题”为必填项，不能为空。"),
        (
            with(INCOMING, &[("classification", "特密")]),
            Code::FieldInvalid,
            "密级",
            "“密级”的值“特密”无效：应为绝密、机密或秘密，可加保密期限，如“机密★10年”“绝密★长期”“秘密★2029年12月31日”。",
        ),
        (
            with(INCOMING, &[("classification", "机密"), ("secrecy_term", "十年")]),
            Code::FieldInvalid,
            "保密期限",
            "“保密期限”的值“十年”无效：保密期限应为年数（如“10年”）、“长期”或截止日期（如“2029年12月31日”）。",
        ),
        (
            with(INCOMING, &[("classification", "机密★十年")]),
            Code::FieldInvalid,
            "密级",
            "“密级”的值“机密★十年”无效：保密期限应为年数（如“10年”）、“长期”或截止日期（如“2029年12月31日”）。",
        ),
        (
            with(INCOMING, &[("received_on", "2025-02-30")]),
            Code::FieldNoSuchDate,
            "收到日期",
            "“收到日期”的日期“2025-02-30”不存在：2025年2月只有 28 天。请核对后重新输入。",
        ),
        (
            with(INCOMING, &[("copy_numbers", "005-003")]),
            Code::FieldRangeReversed,
            "份号",
            "“份号”的份号范围“005-003”前后颠倒：起始份号 005 大于终止份号 003。请从小号写到大号，如“003-005”。",
        ),
        (
            with(INCOMING, &[("received_on", "2025-02-28")]),
            Code::FieldEndBeforeStart,
            "收到日期",
            "“收到日期”（2025-02-28）早于“成文日期”（2025-03-01）。结束不能早于开始，请核对这两项。",
        ),
        (
            with(INCOMING, &[("copy_numbers", "003-004")]),
            Code::FieldCountMismatch,
            "份数",
            "“份数”为 3 份，但“份号”“003-004”共 2 份。请核对份数和份号。",
        ),
        (
            with(INCOMING, &[("secrecy_term", "20年")]),
            Code::FieldTermConflict,
            "密级",
            "“密级”中标注的保密期限“10年”与“保密期限”的“20年”不一致。请只填一处，或改为一致。",
        ),
        (
            with(INCOMING, &[("received_by", "张三")]),
            Code::FieldInvalid,
            "签收人",
            "“签收人”的值“张三”无效：应为涉密人员编号，如“RY-2026-0001”。",
        ),
        (
            with(INCOMING, &[("source", "传真")]),
            Code::FieldInvalid,
            "来源",
            "“来源”的值“传真”无效：应为纸质、涉密网之一。",
        ),
        (
            with(INCOMING, &[("reader", "RY-2025-0001")]),
            Code::FieldUnknown,
            "reader",
            "“reader”不是“收文登记”的字段。请检查表头或表单的字段名。",
        ),
    ];
    for (input, code, field, message) in cases {
        check("incoming_documents", input, code, field, message);
    }
}

#[test]
fn personnel_errors_mask_numbers() {
    let cases = [
        (
            with(PERSONNEL, &[("id_number", "110105194912310021")]),
            Code::FieldIdChecksum,
            "身份证号",
            "“身份证号”的号码“110***********0021”校验位不符：第 18 位与按前 17 位算出的校验码不一致。请对照身份证核对。",
        ),
        (
            with(PERSONNEL, &[("phone", "1381234567")]),
            Code::FieldInvalid,
            "联系电话",
            "“联系电话”的值“138***4567”无效：手机号码应为以 1 开头的 11 位数字，现有 10 位。",
        ),
        (
            with(PERSONNEL, &[("declassification_period", "2年")]),
            Code::FieldInvalid,
            "脱密期",
            "“脱密期”的值“2年”无效：核心涉密岗位的脱密期为 3 至 5 年。",
        ),
    ];
    for (input, code, field, message) in cases {
        check("personnel", input, code, field, message);
    }
}

#[test]
fn rare_character_name_passes() {
    let record = valid("personnel", &FormInput::from_pairs(PERSONNEL));
    assert_eq!(record.fields["name"], Value::Text("王喆".to_string()));
    assert_eq!(
        record.fields["id_number"].to_masked_string(),
        "110***********002X"
    );
    assert_eq!(record.fields["phone"].to_masked_string(), "138****5678");
    for name in ["张堃", "李昇", "赵珺", "钱玥", "孙镕", "周赟"] {
        valid("personnel", &with(PERSONNEL, &[("name", name)]));
    }
}

#[test]
fn all_errors_are_reported_in_field_order() {
    let input = with(
        INCOMING,
        &[
            ("received_on", "2025-02-30"),
            ("title", ""),
            ("copy_numbers", "005-003"),
        ],
    );
    let errors = validate(register("incoming_documents"), &input).unwrap_err();
    let fields: Vec<_> = errors
        .iter()
        .map(|err| err.field_name().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["收到日期", "标题", "份号"]);
}

#[test]
fn marking_and_term_fields_agree() {
    let def = register("incoming_documents");

    let split = valid(
        def.id,
        &with(
            INCOMING,
            &[("classification", "机密"), ("secrecy_term", "10年")],
        ),
    );
    let combined = valid(def.id, &FormInput::from_pairs(INCOMING));
    assert_eq!(split.fields, combined.fields);

    let unstated = valid(def.id, &with(INCOMING, &[("classification", "秘密")]));
    let Value::Marking(marking) = unstated.fields["classification"] else {
        panic!("not a marking");
    };
    assert_eq!(marking.term, None);
    assert_eq!(marking.effective_term(), Some(SecrecyTerm::Years(10)));
    assert!(!unstated.fields.contains_key("secrecy_term"));
}

#[test]
fn end_before_start_in_a_loan() {
    let input = with(MEDIA_LOAN, &[("returned_at", "2025-03-04 09:00")]);
    check(
        "media_loans",
        input,
        Code::FieldEndBeforeStart,
        "归还时间",
        "“归还时间”（2025-03-04 09:00）早于“借出时间”（2025-03-05 10:00）。结束不能早于开始，请核对这两项。",
    );
}

#[test]
fn loan_needs_clearance_check() {
    check(
        "media_loans",
        with(MEDIA_LOAN, &[("clearance_checked", "否")]),
        Code::FieldInvalid,
        "身份及涉密等级核验",
        "“身份及涉密等级核验”的值“否”无效：须在核实后填“是”。",
    );
}

#[test]
fn conditional_rules() {
    const GROUP: &[(&str, &str)] = &[
        ("name", "年度检查联络群"),
        ("platform", "企业微信"),
        ("owner", "王喆"),
        ("department", "办公室"),
        ("purpose", "年度检查联络"),
        ("members", "本单位人员"),
        ("duration", "常设"),
        ("created_on", "2025-03-01"),
    ];
    valid("work_groups", &FormInput::from_pairs(GROUP));
    check(
        "work_groups",
        with(
            GROUP,
            &[("platform", "微信"), ("approved_on", "2025-03-01")],
        ),
        Code::FieldRequiredWhen,
        "审批人",
        "“平台”为“微信”时，“审批人”为必填项。",
    );
    check(
        "work_groups",
        with(GROUP, &[("members", "含外单位人员")]),
        Code::FieldValueWhen,
        "存续类型",
        "“成员范围”为“含外单位人员”时，“存续类型”只能是“临时”，现为“常设”。",
    );
}

#[test]
fn two_witnesses_must_differ() {
    let input = FormInput::from_pairs(&[
        ("year", "2025"),
        ("kind", "销毁"),
        ("registered_on", "2025-12-01"),
        ("receiver", "区保密办"),
        ("witness_1", "RY-2025-0001"),
        ("witness_2", "RY-2025-0001"),
    ])
    .with_row(&[
        ("item", "SW-2025-0001"),
        ("title", "通知"),
        ("classification", "秘密"),
        ("disposition", "销毁"),
    ]);
    check(
        "disposal_batches",
        input,
        Code::FieldSamePerson,
        "监销人（二）",
        "“监销人（二）”与“监销人（一）”不能是同一人（RY-2025-0001）。请另选一人。",
    );
}

#[test]
fn incident_grade_not_below_cause() {
    let input = FormInput::from_pairs(&[
        ("title", "门户网站漏洞"),
        ("cause", "SQL注入"),
        ("incident_grade", "中危"),
        ("found_at", "2025-03-05 09:00"),
    ]);
    check(
        "incidents",
        input,
        Code::FieldInvalid,
        "事件等级",
        "“事件等级”的值“中危”无效：事件原因“SQL注入”对应高危，等级不应低于高危。",
    );
}

const SLIP: &[(&str, &str)] = &[
    ("document", "SW-2025-0001"),
    ("circulated_on", "2025-03-05"),
];

#[test]
fn circulation_rows() {
    let def = register("circulation");
    // A slip exists from the 拟办 step on; sending it out (送阅) needs the first reader.
    let slip = valid(def.id, &FormInput::from_pairs(SLIP));
    let err = def
        .check_transition("reviewed", "open", None, &slip)
        .unwrap_err();
    assert_eq!(err.code(), Code::RecordTransitionRequires);
    assert_eq!(err.message_in(Lang::ZhCn), "改为“传阅中”前须填写“阅文人”。");

    let input = FormInput::from_pairs(SLIP).with_row(&[
        ("reader", "RY-2025-0003"),
        ("sent_at", "2025-03-05 09:00"),
        ("return_due", "2025-03-04 17:00"),
    ]);
    let err = only_error(def, &input);
    assert_eq!(err.field_name(), Some("归还期限（阅文记录第 1 行）"));
    assert_eq!(
        err.message_in(Lang::ZhCn),
        "“归还期限（阅文记录第 1 行）”（2025-03-04 17:00）早于“送阅时间（阅文记录第 1 行）”（2025-03-05 09:00）。结束不能早于开始，请核对这两项。"
    );
}

#[test]
fn transitions_follow_the_definition() {
    let def = register("incoming_documents");
    let record = valid(def.id, &FormInput::from_pairs(INCOMING));

    assert!(def
        .check_transition("registered", "circulating", None, &record)
        .is_ok());

    let err = def
        .check_transition("registered", "returned", None, &record)
        .unwrap_err();
    assert_eq!(err.code(), Code::RecordTransitionInvalid);
    assert_eq!(
        err.message_in(Lang::ZhCn),
        "“收文登记”的记录不能从“已登记”改为“已收回”。当前可改为：传阅中、已归档、已清退、已销毁、已作废。"
    );

    let err = def
        .check_transition("registered", "filed", None, &record)
        .unwrap_err();
    assert_eq!(
        err.message_in(Lang::ZhCn),
        "改为“已归档”前须填写“存放位置”。"
    );

    let err = def
        .check_transition("registered", "cancelled", Some("  "), &record)
        .unwrap_err();
    assert_eq!(
        err.message_in(Lang::ZhCn),
        "作废“收文登记”的记录须填写原因。"
    );
    assert!(def
        .check_transition("registered", "cancelled", Some("重复登记"), &record)
        .is_ok());

    let err = def
        .check_transition("cancelled", "registered", None, &record)
        .unwrap_err();
    assert_eq!(
        err.message_in(Lang::ZhCn),
        "“收文登记”的记录已是“已作废”，不能再更改状态。"
    );
    assert!(def
        .check_transition("destroyed", "cancelled", Some("误操作"), &record)
        .is_err());
}

#[test]
fn transition_requires_values() {
    let def = register("personnel");
    let input = with(
        PERSONNEL,
        &[
            ("reviewed_on", "2025-01-20"),
            ("review_result", "不通过"),
            ("trained_on", "2025-01-25"),
            ("commitment_signed_on", "2025-01-25"),
            ("on_post_on", "2025-02-01"),
        ],
    );
    let record = valid(def.id, &input);
    let err = def
        .check_transition("proposed", "on_post", None, &record)
        .unwrap_err();
    assert_eq!(
        err.message_in(Lang::ZhCn),
        "改为“在岗”前“审查结论”须为“通过”，现为“不通过”。"
    );
    assert!(def
        .check_transition("proposed", "not_approved", None, &record)
        .is_ok());
}

#[test]
fn circulation_completes_when_every_reader_returned() {
    let def = register("circulation");
    let returned = [
        ("reader", "RY-2025-0003"),
        ("sent_at", "2025-03-05 09:00"),
        ("return_due", "2025-03-06 17:00"),
        ("returned_at", "2025-03-06 10:00"),
    ];
    let open = [
        ("reader", "RY-2025-0004"),
        ("sent_at", "2025-03-05 09:00"),
        ("return_due", "2025-03-06 17:00"),
    ];

    let partial = valid(
        def.id,
        &FormInput::from_pairs(SLIP)
            .with_row(&returned)
            .with_row(&open),
    );
    let err = def
        .check_transition("open", "completed", None, &partial)
        .unwrap_err();
    assert_eq!(
        err.message_in(Lang::ZhCn),
        "改为“已收回”前须填写“归还时间”。"
    );

    let done = valid(def.id, &FormInput::from_pairs(SLIP).with_row(&returned));
    assert!(def
        .check_transition("open", "completed", None, &done)
        .is_ok());

    let items = def.due_items("open", &partial);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].row, Some(1));
    assert_eq!(items[0].due, ymd(2025, 3, 6));
}

#[test]
fn deadlines_and_their_state() {
    let loans = register("media_loans");
    let loan = valid(loans.id, &FormInput::from_pairs(MEDIA_LOAN));
    let items = loans.due_items("lent", &loan);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].due, ymd(2025, 3, 7));
    assert_eq!(items[0].state(ymd(2025, 3, 5)), DueState::Later);
    assert_eq!(items[0].state(ymd(2025, 3, 6)), DueState::DueSoon);
    assert_eq!(items[0].state(ymd(2025, 3, 8)), DueState::Overdue);
    assert!(loans.due_items("returned", &loan).is_empty());

    let returned = valid(
        loans.id,
        &with(
            MEDIA_LOAN,
            &[
                ("returned_at", "2025-03-06 16:00"),
                ("return_check", "完好"),
            ],
        ),
    );
    assert!(loans.due_items("lent", &returned).is_empty());

    let incoming = register("incoming_documents");
    let document = valid(incoming.id, &with(INCOMING, &[("classification", "秘密")]));
    let items = incoming.due_items("registered", &document);
    assert_eq!(
        items[0].due,
        ymd(2035, 3, 1),
        "statutory 10 years from 成文日期"
    );
    let long_term = valid(
        incoming.id,
        &with(INCOMING, &[("classification", "绝密★长期")]),
    );
    assert!(incoming.due_items("registered", &long_term).is_empty());

    let personnel = register("personnel");
    let left = valid(
        personnel.id,
        &with(
            PERSONNEL,
            &[
                ("departed_on", "2025-06-30"),
                ("declassification_period", "4年"),
            ],
        ),
    );
    assert_eq!(
        personnel.due_items("declassifying", &left)[0].due,
        ymd(2029, 6, 30)
    );
    let default_length = valid(
        personnel.id,
        &with(PERSONNEL, &[("departed_on", "2025-06-30")]),
    );
    assert_eq!(
        personnel.due_items("declassifying", &default_length)[0].due,
        ymd(2028, 6, 30)
    );
}

/// An outgoing document with every required field and the given 密级 marking.
fn outgoing(marking: &str) -> secledger::registers::FormInput {
    secledger::registers::FormInput::from_pairs(&[
        ("issued_on", "2026-03-01"),
        ("document_number", "保办发〔2026〕3号"),
        ("title", "关于加强涉密载体管理的通知"),
        ("classification", marking),
        ("need_to_know", "各科室负责人"),
        ("classified_by", "RY-2026-0001"),
        ("drafter", "RY-2026-0002"),
        ("drafting_computer", "SB-2026-0001"),
        ("printed_copies", "5"),
    ])
}

#[test]
fn outgoing_secrecy_term_keeps_within_statutory_maximum() {
    let def = secledger::registers::by_id("outgoing_documents").unwrap();
    let cases = [
        ("秘密★10年", None),
        ("机密★20年", None),
        ("绝密★长期", None),
        ("秘密★2030年6月30日", None),
        ("秘密★11年", Some("“密级”的值“秘密★11年”无效：秘密级事项的保密期限不得超过 10 年（自定密之日起算），请缩短期限。")),
        ("机密★30年", Some("“密级”的值“机密★30年”无效：机密级事项的保密期限不得超过 20 年（自定密之日起算），请缩短期限。")),
        ("机密★长期", Some("“密级”的值“机密★长期”无效：只有绝密级事项可定为“长期”，请写明年数或截止日期。")),
        ("秘密★2026年1月1日", Some("“密级”的值“秘密★2026年1月1日”无效：保密期限的截止日期须晚于成文日期 2026-03-01。")),
        ("秘密★2040年1月1日", Some("“密级”的值“秘密★2040年1月1日”无效：秘密级事项的保密期限不得超过 10 年（自定密之日起算），请缩短期限。")),
    ];
    for (marking, expected) in cases {
        let result = secledger::registers::validate::validate_first(def, &outgoing(marking));
        match expected {
            None => assert!(result.is_ok(), "{marking}: {:?}", result.err().map(|e| e.message())),
            Some(message) => assert_eq!(result.err().map(|e| e.message()).as_deref(), Some(message), "{marking}"),
        }
    }
}
