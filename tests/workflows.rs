//! Workflows on a real vault: circulation, copying, media loans, two-account destruction,
//! scrapping, departure and the records with terms. Each refused step is checked for its code,
//! its exact message, and a vault left as it was.

mod common;

use chrono::{Duration, Local};
use common::{TestVault, STRONG};
use secledger::auth::{NewAccount, Role, Session};
use secledger::records::Query;
use secledger::registers::values::IncidentGrade;
use secledger::registers::{validate, FormInput};
use secledger::workflows::copying::CopyRequest;
use secledger::workflows::{suggest_incident_grade, LoanRequest, ReturnCheck, ScrapDestruction};
use secledger::{Code, Error};

/// A valid resident ID number (GB 11643 checksum X).

/// The second account that confirms destructions, and the one without that permission.
const OFFICER: &str = "officer1";
const CLERK: &str = "clerk1";

fn error<T>(result: Result<T, Error>) -> Error {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(err) => err,
    }
}

/// The date `days` from today, as register text.
fn day(days: i64) -> String {
    (Local::now().date_naive() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The date-time `days` from today at `time`, as register text.
fn at(days: i64, time: &str) -> String {
    format!("{} {time}", day(days))
}

/// A vault with the security administrator logged in, and a 保密专管员 and a 经办人 account
/// with their passwords changed to [`STRONG`].
fn office() -> (TestVault, Session) {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    let mut first_passwords = Vec::new();
    for (name, display, role) in [
        (OFFICER, "李堃", Role::SecrecyOfficer),
        (CLERK, "赵赟", Role::Clerk),
    ] {
        let new = NewAccount {
            name: name.into(),
            display_name: display.into(),
            role,
            department: "保密办".into(),
        };
        first_passwords.push((name, admin.add_account(&new).unwrap()));
    }
    drop(admin);
    for (name, password) in first_passwords {
        let mut session = Session::login(&tv.paths, name, &password).unwrap();
        session.change_password(STRONG, STRONG).unwrap();
    }
    let session = tv.activate("secadmin");
    (tv, session)
}

/// Registers a person on a classified post of `level` (核心, 重要 or 一般).
fn person(s: &mut Session, name: &str, level: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("name", name),
        ("id_number", &common::id_number()),
        ("department", "办公室"),
        ("post", "机要员"),
        ("post_level", level),
        ("proposed_on", &day(-60)),
        ("reviewed_on", &day(-50)),
        ("review_result", "通过"),
        ("trained_on", &day(-45)),
        ("commitment_signed_on", &day(-45)),
        ("on_post_on", &day(-40)),
    ]);
    let number = s.add_record("personnel", &input).unwrap().number;
    s.change_status(&number, "on_post", "").unwrap();
    number
}

/// Registers a USB stick of `classification` kept by `custodian`, lendable to `need_to_know`.
fn medium(
    s: &mut Session,
    custodian: &str,
    unified: &str,
    classification: &str,
    need_to_know: &str,
) -> String {
    let input = FormInput::from_pairs(&[
        ("unified_number", unified),
        ("category", "U盘"),
        ("classification", classification),
        ("custodian", custodian),
        ("department", "办公室"),
        ("need_to_know", need_to_know),
        ("enabled_on", &day(-100)),
    ]);
    s.add_record("devices", &input).unwrap().number
}

/// Registers an incoming 机密★10年 document with copies 001-005.
fn incoming(s: &mut Session, received_by: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("received_on", &day(-20)),
        ("issuing_unit", "市保密局"),
        ("document_number", "市保〔2026〕12号"),
        ("title", "关于开展年度保密检查的通知"),
        ("classification", "机密★10年"),
        ("issued_on", &day(-25)),
        ("copy_count", "5"),
        ("copy_numbers", "001-005"),
        ("source", "纸质"),
        ("received_by", received_by),
    ]);
    s.add_record("incoming_documents", &input).unwrap().number
}

/// Opens a slip for `document` and has it reviewed, ready for its first reader.
fn reviewed_slip(s: &mut Session, document: &str, clerk: &str, head: &str) -> String {
    let slip = s
        .propose_circulation(document, &day(-19), "请各位领导阅示", clerk)
        .unwrap()
        .number;
    s.review_circulation(&slip, head, "同意").unwrap();
    slip
}

fn loan<'a>(
    medium: &'a str,
    borrower: &'a str,
    lent_at: &'a str,
    return_due: &'a str,
) -> LoanRequest<'a> {
    LoanRequest {
        medium,
        borrower,
        purpose: "拷贝会议材料",
        reminded_by: "secadmin",
        lent_at,
        return_due,
    }
}

fn count(s: &mut Session, register: &str) -> u64 {
    s.query_records(register, &Query::default()).unwrap().total
}

fn status(s: &mut Session, number: &str) -> String {
    s.get_record(number).unwrap().status
}

fn version(s: &mut Session, number: &str) -> u32 {
    s.get_record(number).unwrap().version
}

// Circulation.

#[test]
fn circulation_goes_through_readers_and_filing() {
    let (_tv, mut s) = office();
    let clerk = person(&mut s, "张喆", "重要");
    let head = person(&mut s, "李堃", "核心");
    let reader_a = person(&mut s, "王珺", "核心");
    let reader_b = person(&mut s, "陈玥", "重要");
    let doc = incoming(&mut s, &clerk);

    let slip = s
        .propose_circulation(&doc, &day(-19), "请各位领导阅示", &clerk)
        .unwrap();
    assert_eq!(slip.status, "proposed");
    assert!(
        slip.data.field("secrecy_reminder").is_some(),
        "slip carries the secrecy reminder"
    );
    s.review_circulation(&slip.number, &head, "同意").unwrap();

    s.send_to_reader(&slip.number, &reader_a, &at(-2, "09:00"), &at(3, "17:00"))
        .unwrap();
    assert_eq!(status(&mut s, &doc), "circulating");
    let holder = s.document_holder(&doc).unwrap().expect("reader A holds it");
    assert_eq!(
        (holder.reader.as_str(), holder.name.as_str()),
        (reader_a.as_str(), "王珺")
    );

    s.return_from_reader(&slip.number, &at(-1, "10:00"))
        .unwrap();
    assert_eq!(status(&mut s, &doc), "returned");
    assert_eq!(s.document_holder(&doc).unwrap(), None);

    s.send_to_reader(&slip.number, &reader_b, &at(-1, "11:00"), &at(3, "17:00"))
        .unwrap();
    s.return_from_reader(&slip.number, &at(-1, "16:00"))
        .unwrap();

    let filed = s.file_document(&doc, "机要室3号保密柜").unwrap();
    assert_eq!(filed.status, "filed");
    assert_eq!(
        filed.data.field("storage_location"),
        Some("机要室3号保密柜")
    );
    let slip = s.get_record(&slip.number).unwrap();
    assert_eq!(slip.status, "completed");
    assert_eq!(slip.data.rows.len(), 2);
    assert!(slip
        .data
        .rows
        .iter()
        .all(|row| row.contains_key("returned_at")));
}

#[test]
fn second_reader_before_return_is_refused() {
    let (_tv, mut s) = office();
    let clerk = person(&mut s, "张喆", "重要");
    let head = person(&mut s, "李堃", "核心");
    let reader_a = person(&mut s, "王珺", "核心");
    let reader_b = person(&mut s, "陈玥", "重要");
    let doc = incoming(&mut s, &clerk);
    let slip = reviewed_slip(&mut s, &doc, &clerk, &head);
    let sent_at = at(-2, "09:00");
    let due = at(3, "17:00");
    s.send_to_reader(&slip, &reader_a, &sent_at, &due).unwrap();
    let slip_version = version(&mut s, &slip);
    let doc_version = version(&mut s, &doc);

    let err = error(s.send_to_reader(&slip, &reader_b, &at(-1, "09:00"), &due));
    assert_eq!(err.code(), Code::DocumentHeld);
    assert_eq!(
        err.message(),
        format!(
            "文件“{doc}”《关于开展年度保密检查的通知》正由王珺（{reader_a}）自 {sent_at} 起阅办（流转单“{slip}”，应还 {due}），尚未归还。请先登记归还，再送下一位阅文人（文件不得在阅文人之间横传）。"
        )
    );
    assert_eq!(version(&mut s, &slip), slip_version, "slip unchanged");
    assert_eq!(version(&mut s, &doc), doc_version, "document unchanged");
    assert_eq!(status(&mut s, &doc), "circulating");
}

#[test]
fn send_before_review_is_not_a_transition() {
    let (_tv, mut s) = office();
    let clerk = person(&mut s, "张喆", "重要");
    let reader = person(&mut s, "王珺", "核心");
    let doc = incoming(&mut s, &clerk);
    let slip = s
        .propose_circulation(&doc, &day(-19), "请阅示", &clerk)
        .unwrap()
        .number;

    let err = error(s.send_to_reader(&slip, &reader, &at(-1, "09:00"), &at(2, "17:00")));
    assert_eq!(err.code(), Code::RecordTransitionInvalid);
    assert_eq!(
        err.message(),
        "“文件流转”的记录不能从“待审核”改为“传阅中”。当前可改为：待传阅、已作废。"
    );
    assert_eq!(version(&mut s, &slip), 1, "slip unchanged");
    assert_eq!(status(&mut s, &doc), "registered", "document unchanged");
}

#[test]
fn reader_needs_post_level_for_classification() {
    let (_tv, mut s) = office();
    let clerk = person(&mut s, "张喆", "重要");
    let head = person(&mut s, "李堃", "核心");
    let junior = person(&mut s, "王珺", "一般");
    let doc = incoming(&mut s, &clerk);
    let slip = reviewed_slip(&mut s, &doc, &clerk, &head);

    let err = error(s.send_to_reader(&slip, &junior, &at(-1, "09:00"), &at(2, "17:00")));
    assert_eq!(err.code(), Code::WorkflowLevelTooLow);
    assert_eq!(
        err.message(),
        format!("王珺（{junior}）为一般涉密人员，只可接触秘密级事项，不能阅办机密级的“{doc}”。")
    );
    assert_eq!(status(&mut s, &slip), "reviewed");
}

#[test]
fn second_slip_and_direct_status_are_refused() {
    let (_tv, mut s) = office();
    let clerk = person(&mut s, "张喆", "重要");
    let doc = incoming(&mut s, &clerk);
    let slip = s
        .propose_circulation(&doc, &day(-19), "请阅示", &clerk)
        .unwrap()
        .number;

    let err = error(s.propose_circulation(&doc, &day(-18), "再次拟办", &clerk));
    assert_eq!(err.code(), Code::CirculationSlipOpen);
    assert_eq!(
        err.message(),
        format!(
            "文件“{doc}”已有未办结的流转单“{slip}”（待审核）。请在该流转单上继续办理，或先作废它。"
        )
    );

    let err = error(s.change_status(&doc, "传阅中", ""));
    assert_eq!(err.code(), Code::WorkflowOnly);
    assert_eq!(
        err.message(),
        "“收文登记”的记录不能直接改为“传阅中”：须通过“文件流转（拟办、审核、送阅、归还）”办理，由系统核对规则并同时更新相关记录。"
    );
    let err = error(s.change_status(&doc, "已销毁", ""));
    assert_eq!(err.code(), Code::WorkflowOnly);

    let direct = FormInput::from_pairs(&[("document", doc.as_str()), ("circulated_on", &day(-1))]);
    let err = error(s.add_record("circulation", &direct));
    assert_eq!(err.code(), Code::WorkflowCreateOnly);
    assert_eq!(count(&mut s, "circulation"), 1);
}

#[test]
fn return_without_holder_is_refused() {
    let (_tv, mut s) = office();
    let clerk = person(&mut s, "张喆", "重要");
    let head = person(&mut s, "李堃", "核心");
    let doc = incoming(&mut s, &clerk);
    let slip = reviewed_slip(&mut s, &doc, &clerk, &head);

    let err = error(s.return_from_reader(&slip, &at(-1, "09:00")));
    assert_eq!(err.code(), Code::DocumentNotHeld);
    assert_eq!(
        err.message(),
        format!("流转单“{slip}”没有未归还的阅文记录，无需登记归还。")
    );
}

#[test]
fn return_in_future_is_refused() {
    let (_tv, mut s) = office();
    let clerk = person(&mut s, "张喆", "重要");
    let head = person(&mut s, "李堃", "核心");
    let reader = person(&mut s, "王珺", "核心");
    let doc = incoming(&mut s, &clerk);
    let slip = reviewed_slip(&mut s, &doc, &clerk, &head);
    s.send_to_reader(&slip, &reader, &at(-1, "09:00"), &at(2, "17:00"))
        .unwrap();

    let tomorrow = at(1, "09:00");
    let err = error(s.return_from_reader(&slip, &tomorrow));
    assert_eq!(err.code(), Code::WorkflowDateInFuture);
    assert_eq!(err.message(), format!("“归还时间（阅文记录第 1 行）”（{tomorrow}）晚于当前时间。只能登记已经发生的事，请核对。"));
    assert_eq!(status(&mut s, &doc), "circulating");
}

// Copying.

#[test]
fn copies_continue_numbers_after_both_approvals() {
    let (_tv, mut s) = office();
    let clerk = person(&mut s, "张喆", "重要");
    let leader = person(&mut s, "李堃", "核心");
    let officer = person(&mut s, "王珺", "核心");
    let doc = incoming(&mut s, &clerk);
    let request = CopyRequest {
        document: &doc,
        applied_on: &day(-5),
        applicant: &clerk,
        reason: "分送各科室",
        copy_count: "2",
    };
    let approval = s.apply_for_copy(&request).unwrap();
    assert_eq!(
        approval.data.field("classification"),
        Some("机密★10年"),
        "inherits 密级 and 保密期限"
    );

    let err = error(s.register_copies(&approval.number, &day(-1), &clerk));
    assert_eq!(err.code(), Code::CopyApprovalMissing);
    assert_eq!(
        err.message(),
        format!("复制审批“{}”尚缺分管领导、保密专管员的批准，不能登记复制。复制须经分管领导和保密专管员双方批准。", approval.number)
    );

    let err = error(s.approve_copy_as_officer(&approval.number, &officer, &day(-3)));
    assert_eq!(err.code(), Code::RecordTransitionInvalid);
    assert_eq!(
        err.message(),
        "“复制审批”的记录不能从“待审批”改为“已批准”。当前可改为：领导已批准、不予批准、已作废。"
    );

    s.approve_copy_as_leader(&approval.number, &leader, &day(-4))
        .unwrap();
    let err = error(s.register_copies(&approval.number, &day(-1), &clerk));
    assert_eq!(err.code(), Code::CopyApprovalMissing);
    assert!(
        err.message().contains("尚缺保密专管员的批准"),
        "{}",
        err.message()
    );

    let err = error(s.approve_copy_as_officer(&approval.number, &leader, &day(-3)));
    assert_eq!(err.code(), Code::FieldSamePerson);
    assert_eq!(
        err.message(),
        format!("“保密专管员”与“分管领导”不能是同一人（{leader}）。请另选一人。")
    );

    let approved = s
        .approve_copy_as_officer(&approval.number, &officer, &day(-3))
        .unwrap();
    assert_eq!(approved.status, "approved");
    assert_eq!(
        approved.data.field("officer_approver"),
        Some(officer.as_str())
    );
    assert_eq!(
        approved.data.field("officer_approved_on"),
        Some(day(-3).as_str())
    );

    let outcome = s
        .register_copies(&approval.number, &day(-1), &clerk)
        .unwrap();
    assert_eq!(outcome.new_numbers.to_string(), "006-007");
    assert_eq!(outcome.approval.status, "copied");
    assert_eq!(outcome.approval.data.field("copy_numbers"), Some("006-007"));
    assert_eq!(outcome.original.data.field("copy_count"), Some("7"));
    assert_eq!(
        outcome.original.data.field("copy_numbers"),
        Some("001-005,006-007")
    );
    assert_eq!(
        outcome.original.data.field("classification"),
        Some("机密★10年")
    );
}

// Media loans.

/// A borrower of level 重要 in the stick's 知悉范围, and a 机密 stick.
fn loan_setup(s: &mut Session) -> (String, String, String) {
    let custodian = person(s, "张喆", "核心");
    let borrower = person(s, "王珺", "重要");
    let stick = medium(
        s,
        &custodian,
        "BM-U-001",
        "机密",
        &format!("{custodian}、王珺"),
    );
    (custodian, borrower, stick)
}

#[test]
fn loan_and_return_with_check() {
    let (_tv, mut s) = office();
    let (_, borrower, stick) = loan_setup(&mut s);
    let (lent_at, due) = (at(-1, "09:00"), day(5));
    let request = loan(&stick, &borrower, &lent_at, &due);
    assert!(s.loan_clearance(&request).unwrap().is_clear());

    let lent = s.lend_medium(&request).unwrap();
    assert_eq!(lent.status, "lent");
    assert_eq!(lent.data.field("clearance_checked"), Some("是"));
    assert_eq!(lent.data.field("reminded_by"), Some("secadmin"));

    let err = error(s.return_medium(&lent.number, &at(0, "00:00"), ReturnCheck::Abnormal("")));
    assert_eq!(err.code(), Code::FieldRequiredWhen);
    let returned = s
        .return_medium(
            &lent.number,
            &at(0, "00:00"),
            ReturnCheck::Abnormal("外壳有划痕"),
        )
        .unwrap();
    assert_eq!(returned.status, "returned");
    assert_eq!(returned.data.field("return_check"), Some("有异常"));
    assert_eq!(returned.data.field("return_note"), Some("外壳有划痕"));
    assert!(
        s.loan_clearance(&request).unwrap().is_clear(),
        "lendable again"
    );
}

/// A loan is registered when the medium leaves, so it cannot start tomorrow.
#[test]
fn loan_starting_in_the_future_is_refused() {
    let (_tv, mut s) = office();
    let (_, borrower, stick) = loan_setup(&mut s);
    let (lent_at, due) = (at(1, "09:00"), day(5));
    let err = error(s.lend_medium(&loan(&stick, &borrower, &lent_at, &due)));
    assert_eq!(err.code(), Code::WorkflowDateInFuture);
    assert_eq!(err.message(), format!("“借出时间”（{lent_at}）晚于当前时间。只能登记已经发生的事，请核对。"));
    assert!(s.query_records("media_loans", &Default::default()).unwrap().records.is_empty(), "nothing registered");
}

#[test]
fn lending_a_medium_already_out_is_refused() {
    let (_tv, mut s) = office();
    let (custodian, borrower, stick) = loan_setup(&mut s);
    let lent_at = at(-1, "09:00");
    let first = s
        .lend_medium(&loan(&stick, &borrower, &lent_at, &day(5)))
        .unwrap();

    let err = error(s.lend_medium(&loan(&stick, &custodian, &at(0, "00:00"), &day(5))));
    assert_eq!(err.code(), Code::LoanMediumOut);
    assert_eq!(
        err.message(),
        format!(
            "介质“{stick}”（BM-U-001）已于 {lent_at} 借给王珺（{borrower}），借用单“{}”尚未归还。请先登记归还，再办理新的借用。",
            first.number
        )
    );
    assert_eq!(count(&mut s, "media_loans"), 1, "no second loan");
}

#[test]
fn loan_refused_for_post_level() {
    let (_tv, mut s) = office();
    let custodian = person(&mut s, "张喆", "核心");
    let junior = person(&mut s, "王珺", "一般");
    let stick = medium(&mut s, &custodian, "BM-U-002", "机密", &junior);

    let err = error(s.lend_medium(&loan(&stick, &junior, &at(-1, "09:00"), &day(5))));
    assert_eq!(err.code(), Code::WorkflowLevelTooLow);
    assert_eq!(
        err.message(),
        format!("王珺（{junior}）为一般涉密人员，只可接触秘密级事项，不能借用机密级的“{stick}”。")
    );
    assert_eq!(count(&mut s, "media_loans"), 0);
}

#[test]
fn loan_refused_outside_need_to_know() {
    let (_tv, mut s) = office();
    let custodian = person(&mut s, "张喆", "核心");
    let borrower = person(&mut s, "王珺", "重要");
    let stick = medium(&mut s, &custodian, "BM-U-003", "秘密", &custodian);

    let err = error(s.lend_medium(&loan(&stick, &borrower, &at(-1, "09:00"), &day(5))));
    assert_eq!(err.code(), Code::LoanNeedToKnow);
    assert_eq!(
        err.message(),
        format!("借用人王珺（{borrower}）不在介质“{stick}”的知悉范围（{custodian}）内。如确需借用，请先按规定审批，并在设备台账中将其列入知悉范围。")
    );
    assert_eq!(count(&mut s, "media_loans"), 0);

    let unlisted = medium(&mut s, &custodian, "BM-U-004", "秘密", "");
    let err = error(s.lend_medium(&loan(&unlisted, &borrower, &at(-1, "09:00"), &day(5))));
    assert_eq!(err.code(), Code::LoanNeedToKnowMissing);
    assert_eq!(
        err.message(),
        format!("秘密级介质“{unlisted}”未登记知悉范围，不能借出。请先在设备台账中填写“知悉范围”（人员编号或姓名）。")
    );
}

#[test]
fn loan_refused_while_borrower_holds_overdue_item() {
    let (_tv, mut s) = office();
    let (custodian, borrower, stick) = loan_setup(&mut s);
    let other = medium(&mut s, &custodian, "BM-U-005", "秘密", &borrower);
    let overdue = s
        .lend_medium(&loan(&stick, &borrower, &at(-10, "09:00"), &day(-2)))
        .unwrap();

    let err = error(s.lend_medium(&loan(&other, &borrower, &at(-1, "09:00"), &day(5))));
    assert_eq!(err.code(), Code::LoanOverdue);
    assert_eq!(
        err.message(),
        format!(
            "借用人王珺（{borrower}）有逾期未还的载体：借用单“{}”的介质“{stick}”（应还日期 {}）。请先归还，再借用新的介质。",
            overdue.number,
            day(-2)
        )
    );
    assert_eq!(count(&mut s, "media_loans"), 1);
}

#[test]
fn loan_refused_without_secrecy_reminder() {
    let (_tv, mut s) = office();
    let (_, borrower, stick) = loan_setup(&mut s);
    let lent_at = at(-1, "09:00");
    let due = day(5);
    let request = LoanRequest {
        reminded_by: " ",
        ..loan(&stick, &borrower, &lent_at, &due)
    };

    let err = error(s.lend_medium(&request));
    assert_eq!(err.code(), Code::LoanReminderMissing);
    assert_eq!(err.field_name(), Some("保密提醒人"));
    assert_eq!(
        err.message(),
        "未登记“保密提醒人”：借出前须向借用人作保密提醒，并填写作提醒的账户。"
    );
    assert_eq!(count(&mut s, "media_loans"), 0);
}

#[test]
fn clearance_lists_every_reason() {
    let (_tv, mut s) = office();
    let (custodian, _, stick) = loan_setup(&mut s);
    let junior = person(&mut s, "陈玥", "一般");
    s.lend_medium(&loan(&stick, &custodian, &at(-10, "09:00"), &day(-1)))
        .unwrap();
    let lent_at = at(0, "00:00");
    let due = day(5);
    let request = LoanRequest {
        reminded_by: "",
        ..loan(&stick, &junior, &lent_at, &due)
    };

    let clearance = s.loan_clearance(&request).unwrap();
    let codes: Vec<Code> = clearance.refusals.iter().map(Error::code).collect();
    assert_eq!(
        codes,
        vec![
            Code::LoanMediumOut,
            Code::WorkflowLevelTooLow,
            Code::LoanNeedToKnow,
            Code::LoanReminderMissing
        ]
    );

    let err = error(s.loan_clearance(&loan("SB-2026-9999", &junior, &lent_at, &due)));
    assert_eq!(err.code(), Code::WorkflowRecordNotFound);
    assert_eq!(
        err.message(),
        "找不到编号为“SB-2026-9999”的设备台账记录（“介质”）。请检查编号。"
    );
}

#[test]
fn loans_are_made_only_by_the_workflow() {
    let (_tv, mut s) = office();
    let (_, borrower, stick) = loan_setup(&mut s);
    let direct = FormInput::from_pairs(&[
        ("medium", stick.as_str()),
        ("borrower", borrower.as_str()),
        ("clearance_checked", "是"),
        ("purpose", "拷贝"),
        ("reminded_by", "secadmin"),
        ("lent_at", &at(-1, "09:00")),
        ("return_due", &day(3)),
    ]);
    let err = error(s.add_record("media_loans", &direct));
    assert_eq!(err.code(), Code::WorkflowCreateOnly);
    assert_eq!(
        err.message(),
        "“介质借用”的记录不能直接新增：须通过“介质借出（含涉密等级和知悉范围核验）”办理，由系统核对规则后登记。"
    );

    let lent = s
        .lend_medium(&loan(&stick, &borrower, &at(-1, "09:00"), &day(5)))
        .unwrap();
    let err = error(s.edit_record(
        &lent.number,
        &FormInput::from_pairs(&[("borrower", "RY-2026-0001")]),
        "改借用人",
    ));
    assert_eq!(err.code(), Code::WorkflowFieldLocked);
    assert_eq!(err.message(), "“借用人”由“介质借出（含涉密等级和知悉范围核验）”维护，不能直接修改。如登记有误，请作废该记录后重新办理。");
}

// Destruction and scrapping.

/// A sealed 销毁 batch listing `document` whole, or only `copies` of it.
fn sealed_batch(s: &mut Session, document: &str, copies: &str, witnesses: (&str, &str)) -> String {
    let input = FormInput::from_pairs(&[
        ("year", "2026"),
        ("kind", "销毁"),
        ("registered_on", &day(-3)),
        ("receiver", "区保密局销毁中心"),
        ("witness_1", witnesses.0),
        ("witness_2", witnesses.1),
    ])
    .with_row(&[
        ("item", document),
        ("title", "关于开展年度保密检查的通知"),
        ("classification", "机密"),
        ("copy_numbers", copies),
        ("disposition", "销毁"),
        ("bag_number", "MD-01"),
    ]);
    let batch = s.add_record("disposal_batches", &input).unwrap().number;
    s.edit_record(
        &batch,
        &FormInput::from_pairs(&[("seal_bag_numbers", "MD-01")]),
        "封袋",
    )
    .unwrap();
    s.change_status(&batch, "已封袋", "").unwrap();
    batch
}

#[test]
fn destruction_confirmed_twice_by_same_account_is_refused() {
    let (_tv, mut s) = office();
    let w1 = person(&mut s, "张喆", "核心");
    let w2 = person(&mut s, "李堃", "核心");
    let doc = incoming(&mut s, &w1);
    let batch = sealed_batch(&mut s, &doc, "", (&w1, &w2));

    let err = error(s.confirm_disposal(&batch, &day(0), Some(("secadmin", STRONG))));
    assert_eq!(err.code(), Code::SecondAccountSame);
    assert_eq!(
        err.message(),
        "账户“secadmin”已作为第一确认人，同一账户不能确认两次。请由另一名有销毁确认权限的人员在本机输入其账户名和密码。"
    );
    assert_eq!(status(&mut s, &batch), "sealed", "batch unchanged");
    assert_eq!(status(&mut s, &doc), "registered", "document unchanged");

    let err = error(s.confirm_disposal(&batch, &day(0), None));
    assert_eq!(err.code(), Code::SecondAccountRequired);
    let err = error(s.confirm_disposal(&batch, &day(0), Some((OFFICER, "Wrong#Pass2026"))));
    assert_eq!(err.code(), Code::WrongPassword);
    assert_eq!(
        err.message(),
        "账户“officer1”的密码错误。还可尝试 4 次，之后账户将被锁定 30 分钟。"
    );
    let err = error(s.confirm_disposal(&batch, &day(0), Some((CLERK, STRONG))));
    assert_eq!(err.code(), Code::SecondAccountNotPermitted);
    assert_eq!(err.message(), "账户“clerk1”（经办人）无权确认销毁，不能作为第二确认人。请由保密专管员或安全保密管理员确认。");
    assert_eq!(status(&mut s, &batch), "sealed");
}

#[test]
fn destruction_by_two_accounts_ends_circulation_and_copying() {
    let (tv, mut s) = office();
    let w1 = person(&mut s, "张喆", "核心");
    let w2 = person(&mut s, "李堃", "核心");
    let doc = incoming(&mut s, &w1);
    let batch = sealed_batch(&mut s, &doc, "", (&w1, &w2));

    let outcome = s
        .confirm_disposal(&batch, &day(0), Some((OFFICER, STRONG)))
        .unwrap();
    assert_eq!(outcome.batch.status, "handed_over");
    assert_eq!(outcome.batch.data.field("confirmed_by_1"), Some("secadmin"));
    assert_eq!(outcome.batch.data.field("confirmed_by_2"), Some(OFFICER));
    assert_eq!(outcome.documents.len(), 1);
    assert_eq!(status(&mut s, &doc), "destroyed");

    let err = error(s.propose_circulation(&doc, &day(0), "请阅", &w1));
    assert_eq!(err.code(), Code::DocumentUnavailable);
    assert_eq!(
        err.message(),
        format!("文件“{doc}”《关于开展年度保密检查的通知》当前为“已销毁”，不能再传阅。")
    );
    let request = CopyRequest {
        document: &doc,
        applied_on: &day(0),
        applicant: &w1,
        reason: "存档",
        copy_count: "1",
    };
    assert_eq!(
        error(s.apply_for_copy(&request)).code(),
        Code::DocumentUnavailable
    );
    drop(s);

    let mut auditor = tv.activate("auditor");
    let filter = secledger::audit::Filter {
        action: Some("witness".into()),
        ..Default::default()
    };
    let entries = auditor.list_audit(&filter).unwrap();
    let actions: Vec<(&str, &str)> = entries
        .iter()
        .rev()
        .map(|e| (e.action.as_str(), e.target.as_str()))
        .collect();
    assert_eq!(actions, vec![("witness.verified", OFFICER)]);
    auditor.verify_audit().unwrap();
}

#[test]
fn failed_second_account_is_audited() {
    let (tv, mut s) = office();
    error(s.verify_second_account("secadmin", STRONG));
    error(s.verify_second_account(OFFICER, "Wrong#Pass2026"));
    s.verify_second_account(OFFICER, STRONG).unwrap();
    drop(s);

    let mut auditor = tv.activate("auditor");
    let filter = secledger::audit::Filter {
        action: Some("witness".into()),
        ..Default::default()
    };
    let entries = auditor.list_audit(&filter).unwrap();
    let actions: Vec<(&str, &str)> = entries
        .iter()
        .rev()
        .map(|e| (e.action.as_str(), e.target.as_str()))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("witness.failed", "secadmin"),
            ("witness.failed", OFFICER),
            ("witness.verified", OFFICER)
        ]
    );
}

#[test]
fn destroying_some_copies_keeps_the_rest() {
    let (_tv, mut s) = office();
    let w1 = person(&mut s, "张喆", "核心");
    let w2 = person(&mut s, "李堃", "核心");
    let doc = incoming(&mut s, &w1);
    let batch = sealed_batch(&mut s, &doc, "004-005", (&w1, &w2));

    s.confirm_disposal(&batch, &day(0), Some((OFFICER, STRONG)))
        .unwrap();
    let record = s.get_record(&doc).unwrap();
    assert_eq!(record.status, "registered");
    assert_eq!(record.data.field("copy_count"), Some("3"));
    assert_eq!(record.data.field("copy_numbers"), Some("001-003"));
}

#[test]
fn scrapped_medium_cannot_be_lent() {
    let (_tv, mut s) = office();
    let (custodian, borrower, stick) = loan_setup(&mut s);
    let escort = person(&mut s, "陈玥", "重要");
    let input = FormInput::from_pairs(&[
        ("device", stick.as_str()),
        ("applied_on", &day(-10)),
        ("reason", "接口损坏"),
    ]);
    let scrapping = s.add_record("scrapping", &input).unwrap().number;
    let approval = FormInput::from_pairs(&[
        ("approval_number", "保领〔2026〕3号"),
        ("approved_on", &day(-8)),
    ]);
    s.edit_record(&scrapping, &approval, "领导小组审批")
        .unwrap();
    s.change_status(&scrapping, "approved", "").unwrap();

    let err = error(s.lend_medium(&loan(&stick, &borrower, &at(-1, "09:00"), &day(5))));
    assert_eq!(err.code(), Code::LoanMediumScrapping);
    assert_eq!(
        err.message(),
        format!("介质“{stick}”（BM-U-001）正在办理报废（{scrapping}，已审批），不能借出。")
    );

    let wiping = FormInput::from_pairs(&[("wiped_by", custodian.as_str()), ("wiped_on", &day(-5))]);
    s.edit_record(&scrapping, &wiping, "清除数据").unwrap();
    s.change_status(&scrapping, "wiped", "").unwrap();
    let destruction = ScrapDestruction {
        escort_1: &custodian,
        escort_2: &escort,
        destruction_site: "市保密局销毁中心",
        destroyed_on: &day(0),
    };
    let err = error(s.confirm_scrapping(&scrapping, &destruction, ("secadmin", STRONG)));
    assert_eq!(err.code(), Code::SecondAccountSame);
    assert_eq!(status(&mut s, &stick), "in_use");

    let destroyed = s
        .confirm_scrapping(&scrapping, &destruction, (OFFICER, STRONG))
        .unwrap();
    assert_eq!(destroyed.status, "destroyed");
    assert_eq!(destroyed.data.field("confirmed_by_2"), Some(OFFICER));
    assert_eq!(status(&mut s, &stick), "scrapped");

    let err = error(s.lend_medium(&loan(&stick, &borrower, &at(-1, "09:00"), &day(5))));
    assert_eq!(err.code(), Code::LoanMediumUnavailable);
    assert_eq!(
        err.message(),
        format!("介质“{stick}”（BM-U-001）当前为“已报废”，不能借出。")
    );
    assert_eq!(count(&mut s, "media_loans"), 0);
}

// Departure.

#[test]
fn departure_waits_for_every_carrier() {
    let (_tv, mut s) = office();
    let leaving = person(&mut s, "王珺", "重要");
    let successor = person(&mut s, "张喆", "核心");
    let head = person(&mut s, "李堃", "核心");
    let own_stick = medium(&mut s, &leaving, "BM-U-010", "秘密", &leaving);
    let stick = medium(&mut s, &successor, "BM-U-011", "秘密", &leaving);
    let lent = s
        .lend_medium(&loan(&stick, &leaving, &at(-1, "09:00"), &day(5)))
        .unwrap();
    let doc = incoming(&mut s, &successor);
    let slip = reviewed_slip(&mut s, &doc, &successor, &head);
    let due = at(3, "17:00");
    s.send_to_reader(&slip, &leaving, &at(-1, "09:00"), &due)
        .unwrap();

    let err = error(s.record_departure(&leaving, &day(0), None));
    assert_eq!(err.code(), Code::DepartureCarriersOutstanding);
    assert_eq!(
        err.message(),
        format!(
            "王珺（{leaving}）离岗前须先交还以下载体：设备“{own_stick}”（BM-U-010，本人为责任人）；借用介质“{stick}”（借用单“{}”，应还日期 {}）；传阅文件“{doc}”（流转单“{slip}”，应还时间 {due}）。请逐项办理归还或变更责任人后再登记离岗。",
            lent.number,
            day(5)
        )
    );
    assert_eq!(status(&mut s, &leaving), "on_post", "person unchanged");
    assert_eq!(s.departure_carriers(&leaving).unwrap().len(), 3);

    s.edit_record(
        &own_stick,
        &FormInput::from_pairs(&[("custodian", successor.as_str())]),
        "离岗交接",
    )
    .unwrap();
    s.return_medium(&lent.number, &at(0, "00:00"), ReturnCheck::Intact)
        .unwrap();
    s.return_from_reader(&slip, &at(0, "00:00")).unwrap();
    assert!(s.departure_carriers(&leaving).unwrap().is_empty());

    let err = error(s.record_departure(&leaving, &day(0), Some(4)));
    assert_eq!(err.code(), Code::FieldInvalid);
    assert_eq!(
        err.message(),
        "“脱密期”的值“4年”无效：重要涉密岗位的脱密期为 2 至 3 年。"
    );

    let departure = s.record_departure(&leaving, &day(0), None).unwrap();
    assert_eq!(departure.record.status, "declassifying");
    assert_eq!(departure.period_years, 2);
    let expected_end = Local::now()
        .date_naive()
        .checked_add_months(chrono::Months::new(24))
        .unwrap();
    assert_eq!(departure.ends_on, expected_end);
    assert_eq!(
        departure.record.data.field("declassification_period"),
        Some("2")
    );
}

#[test]
fn departure_is_only_through_the_workflow() {
    let (_tv, mut s) = office();
    let leaving = person(&mut s, "王珺", "核心");
    s.edit_record(
        &leaving,
        &FormInput::from_pairs(&[("departed_on", &day(0))]),
        "离岗",
    )
    .unwrap();
    let err = error(s.change_status(&leaving, "脱密期中", ""));
    assert_eq!(err.code(), Code::WorkflowOnly);

    let departure = s.record_departure(&leaving, &day(0), Some(5)).unwrap();
    assert_eq!(departure.period_years, 5);
}

// Records with terms.

fn open_deadlines(s: &mut Session, number: &str) -> usize {
    let record = s.get_record(number).unwrap();
    let values = validate(record.register, &record.data.to_input()).unwrap();
    record.register.due_items(&record.status, &values).len()
}

#[test]
fn data_deletion_and_dissolution_end_their_terms() {
    let (_tv, mut s) = office();
    let request = FormInput::from_pairs(&[
        ("requester", "赵赟"),
        ("department", "信息科"),
        ("requested_on", &day(-30)),
        ("data", "2025年度户籍统计表"),
        ("reason", "编制年度报告"),
        ("purpose", "统计分析"),
        ("scope", "信息科内部"),
        ("use_until", &day(-1)),
        ("desensitised", "是"),
        ("reviewer", "指挥中心 刘昇"),
        ("reviewed_on", &day(-29)),
    ]);
    let number = s.add_record("data_requests", &request).unwrap().number;
    s.change_status(&number, "已同意", "").unwrap();
    assert_eq!(open_deadlines(&mut s, &number), 1);

    let err = error(s.confirm_data_deletion(&number, &day(1), "赵赟"));
    assert_eq!(err.code(), Code::WorkflowDateInFuture);
    let ended = s.confirm_data_deletion(&number, &day(0), "赵赟").unwrap();
    assert_eq!(ended.status, "deleted");
    assert_eq!(open_deadlines(&mut s, &number), 0);
    let history = s.record_history(&number).unwrap();
    assert_eq!(
        history.last().unwrap().reason,
        format!("确认数据已删除（晚于使用期限 {}）", day(-1))
    );

    let group = FormInput::from_pairs(&[
        ("name", "年度检查协调群"),
        ("platform", "微信"),
        ("owner", "赵赟"),
        ("department", "保密办"),
        ("purpose", "与检查组协调时间"),
        ("members", "含外单位人员"),
        ("duration", "临时"),
        ("created_on", &day(-10)),
        ("planned_end_on", &day(2)),
        ("approver", "办公室主任 刘昇"),
        ("approved_on", &day(-10)),
    ]);
    let group = s.add_record("work_groups", &group).unwrap().number;
    assert_eq!(open_deadlines(&mut s, &group), 1);
    let dissolved = s.dissolve_work_group(&group, &day(0)).unwrap();
    assert_eq!(dissolved.status, "dissolved");
    assert_eq!(open_deadlines(&mut s, &group), 0);
}

#[test]
fn privacy_sensitive_archive_loan_needs_commitment() {
    let (_tv, mut s) = office();
    let pairs = [
        ("archive_kind", "人事"),
        ("item", "2019年干部任免档案"),
        ("borrower", "赵赟"),
        ("department", "组织科"),
        ("purpose", "核对任职时间"),
        ("lent_on", &day(-1) as &str),
        ("return_due", &day(6) as &str),
        ("approver", "人事科科长 刘昇"),
        ("privacy_sensitive", "是"),
        ("reminder_given", "是"),
    ];
    let err = error(s.add_record("archive_loans", &FormInput::from_pairs(&pairs)));
    assert_eq!(err.code(), Code::FieldRequiredWhen);
    assert_eq!(
        err.message(),
        "“涉及个人隐私”为“是”时，“已签保密承诺书”为必填项。"
    );
    assert_eq!(count(&mut s, "archive_loans"), 0);

    let mut signed = pairs.to_vec();
    signed.push(("commitment_signed", "是"));
    s.add_record("archive_loans", &FormInput::from_pairs(&signed))
        .unwrap();
    assert_eq!(count(&mut s, "archive_loans"), 1);
}

#[test]
fn incident_grade_is_suggested_from_cause() {
    assert_eq!(
        suggest_incident_grade("门户网站存在 SQL 注入"),
        Some(IncidentGrade::High)
    );
    assert_eq!(
        suggest_incident_grade("留言板存储型XSS"),
        Some(IncidentGrade::Medium)
    );
    assert_eq!(
        suggest_incident_grade("搜索页反射型XSS"),
        Some(IncidentGrade::Low)
    );
    assert_eq!(suggest_incident_grade("机房空调故障"), None);
}
