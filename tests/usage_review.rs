//! The usage logbook review (entries of several devices, paged, with totals), the logbook of
//! several devices, and paging back through the audit log, on real vault files.

mod common;

use std::process::Command;

use chrono::NaiveDate;
use common::TestVault;
use secledger::audit::Filter;
use secledger::auth::Session;
use secledger::error::Code;
use secledger::print::LogbookRange;
use secledger::records::UsageFilter;
use secledger::registers::FormInput;

fn person(session: &mut Session) -> String {
    let id_number = common::id_number();
    let input = FormInput::from_pairs(&[
        ("name", "张喆"),
        ("id_number", &id_number),
        ("phone", "13812345678"),
        ("department", "办公室"),
        ("post", "机要员"),
        ("post_level", "重要"),
        ("proposed_on", "2025-01-05"),
        ("reviewed_on", "2025-01-10"),
        ("review_result", "通过"),
        ("trained_on", "2025-01-15"),
        ("commitment_signed_on", "2025-01-15"),
        ("on_post_on", "2025-01-16"),
    ]);
    session.add_record("personnel", &input).unwrap().number
}

fn device(session: &mut Session, custodian: &str, unified: &str) -> String {
    let disk = format!("WD-{unified}");
    let input = FormInput::from_pairs(&[
        ("hard_disk_serial", &disk),
        ("unified_number", unified),
        ("category", "涉密计算机"),
        ("classification", "机密"),
        ("custodian", custodian),
        ("department", "办公室"),
        ("enabled_on", "2025-06-01"),
    ]);
    session.add_record("devices", &input).unwrap().number
}

fn usage(session: &mut Session, device: &str, user: &str, start: &str, end: &str, copies: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("device", device),
        ("user", user),
        ("started_at", start),
        ("ended_at", end),
        ("content", "起草报告"),
        ("printed_copies", copies),
    ]);
    session.add_record("usage_log", &input).unwrap().number
}

struct Logbook {
    tv: TestVault,
    session: Session,
    first: String,
    second: String,
    third: String,
}

/// Three computers: the first used twice in March (one entry later cancelled) and once without
/// an end time, the second once in March and once in April, the third never.
fn logbook() -> Logbook {
    let tv = TestVault::new();
    let mut session = tv.activate("secadmin");
    let user = person(&mut session);
    let first = device(&mut session, &user, "BM-JSJ-001");
    let second = device(&mut session, &user, "BM-JSJ-002");
    let third = device(&mut session, &user, "BM-JSJ-003");
    usage(&mut session, &first, &user, "2026-03-02 09:00", "2026-03-02 10:30", "2");
    let cancelled = usage(&mut session, &first, &user, "2026-03-03 09:00", "2026-03-03 12:00", "5");
    session.void_record(&cancelled, "登记重复").unwrap();
    usage(&mut session, &first, &user, "2026-03-04 09:00", "", "");
    usage(&mut session, &second, &user, "2026-03-31 23:00", "2026-04-01 00:15", "1");
    usage(&mut session, &second, &user, "2026-04-01 08:00", "2026-04-01 09:00", "3");
    Logbook { tv, session, first, second, third }
}

fn march(devices: &[&str]) -> UsageFilter {
    UsageFilter {
        devices: devices.iter().map(|d| d.to_string()).collect(),
        from: NaiveDate::from_ymd_opt(2026, 3, 1),
        to: NaiveDate::from_ymd_opt(2026, 3, 31),
        ..UsageFilter::default()
    }
}

#[test]
fn review_totals_one_device() {
    let mut o = logbook();
    let review = o.session.review_usage(&march(&[&o.first])).unwrap();
    assert_eq!(review.page.total, 3, "two recorded entries and one cancelled");
    assert_eq!(review.totals.sessions, 2);
    assert_eq!(review.totals.cancelled, 1);
    assert_eq!(review.totals.minutes, 90, "the cancelled entry and the open one add no time");
    assert_eq!(review.totals.open_sessions, 1);
    assert_eq!(review.totals.printed_copies, 2);
}

#[test]
fn review_several_devices_pages_oldest_first() {
    let mut o = logbook();
    let mut filter = march(&[&o.first, &o.second, &o.third]);
    filter.per_page = 2;
    let first_page = o.session.review_usage(&filter).unwrap();
    assert_eq!(first_page.page.total, 4);
    assert_eq!(first_page.totals.sessions, 3);
    assert_eq!(first_page.totals.minutes, 90 + 75, "the entry over midnight counts 75 minutes");
    assert_eq!(first_page.totals.printed_copies, 3);
    let starts: Vec<String> = first_page.page.records.iter().map(|r| r.data.field("started_at").unwrap().to_string()).collect();
    assert_eq!(starts, ["2026-03-02 09:00", "2026-03-03 09:00"]);

    filter.page = 2;
    let second_page = o.session.review_usage(&filter).unwrap();
    let devices: Vec<&str> = second_page.page.records.iter().map(|r| r.data.field("device").unwrap()).collect();
    assert_eq!(devices, [o.first.as_str(), o.second.as_str()]);
}

#[test]
fn review_without_devices_covers_all() {
    let mut o = logbook();
    let review = o.session.review_usage(&march(&[])).unwrap();
    assert_eq!(review.page.total, 4);
}

#[test]
fn review_bad_filters_named() {
    let mut o = logbook();

    let err = o.session.review_usage(&march(&["SB-2026-0999"])).unwrap_err();
    assert_eq!(err.code(), Code::RecordNotFound);
    assert_eq!(err.field_name(), Some("设备"));
    assert!(err.message().contains("SB-2026-0999"), "{}", err.message());

    let person_number = o.session.get_record(&o.first).unwrap().data.field("custodian").unwrap().to_string();
    let err = o.session.review_usage(&march(&[&person_number])).unwrap_err();
    assert_eq!(err.code(), Code::FieldInvalid);
    assert!(err.message().contains("设备台账"), "{}", err.message());

    let mut reversed = march(&[]);
    std::mem::swap(&mut reversed.from, &mut reversed.to);
    let err = o.session.review_usage(&reversed).unwrap_err();
    assert_eq!(err.code(), Code::FieldEndBeforeStart);
    assert_eq!(err.field_name(), Some("截止日期"));

    let many: Vec<String> = (0..=secledger::records::usage::MAX_DEVICES).map(|n| format!("SB-2026-{n:04}")).collect();
    let err = o.session.review_usage(&UsageFilter { devices: many, ..UsageFilter::default() }).unwrap_err();
    assert_eq!(err.code(), Code::FieldInvalid);
    assert!(err.message().contains("最多选择 100 台"), "{}", err.message());
}

#[test]
fn review_needs_register_access() {
    let Logbook { tv, session, .. } = logbook();
    drop(session);
    let mut auditor = tv.activate("auditor");
    let err = auditor.review_usage(&march(&[])).unwrap_err();
    assert_eq!(err.code(), Code::RegisterDenied);
}

#[test]
fn logbook_of_two_devices() {
    let mut o = logbook();
    let out = o.tv.dir.path().join("logbook.pdf");
    let range = LogbookRange { from: NaiveDate::from_ymd_opt(2026, 3, 1), to: NaiveDate::from_ymd_opt(2026, 3, 31) };
    let devices = vec![o.second.clone(), o.first.clone(), o.first.clone()];
    let printed = o.session.print_usage_logbook_of(&devices, range, &out).unwrap();
    assert_eq!(printed.pages, 2, "one page per device");

    let output = Command::new("pdftotext").arg(&out).arg("-").output().unwrap();
    let text: String = String::from_utf8(output.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    let first = text.find("BM-JSJ-001").expect("the first computer is in the logbook");
    let second = text.find("BM-JSJ-002").expect("the second computer is in the logbook");
    assert!(first < second, "devices are printed in number order");
    assert!(!text.contains("BM-JSJ-003"), "a device not chosen is not printed");
}

#[test]
fn audit_pages_back_by_sequence() {
    let Logbook { tv, session, .. } = logbook();
    drop(session);
    let mut auditor = tv.activate("auditor");
    let newest = auditor.list_audit(&Filter { limit: Some(3), ..Filter::default() }).unwrap();
    assert_eq!(newest.len(), 3);
    let before = newest.last().unwrap().seq;
    let older = auditor.list_audit(&Filter { before_seq: Some(before), limit: Some(3), ..Filter::default() }).unwrap();
    let seqs: Vec<u64> = older.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [before - 1, before - 2, before - 3]);
}
