//! Stored records: numbering, versions, cancellation, references, permissions and queries,
//! on a real vault.

mod common;

use common::{raw_connection, TestVault, STRONG};
use secledger::auth::{NewAccount, Role, Session};
use secledger::records::Query;
use secledger::registers::FormInput;
use secledger::{Code, Error};

fn error(result: Result<impl Sized, Error>) -> Error {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(err) => err,
    }
}


fn person(session: &mut Session, name: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("name", name),
        ("id_number", &common::id_number()),
        ("phone", "13812345678"),
        ("department", "办公室"),
        ("post", "机要员"),
        ("post_level", "重要"),
        ("proposed_on", "2026-01-05"),
    ]);
    session.add_record("personnel", &input).unwrap().number
}

fn device(session: &mut Session, custodian: &str, unified: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("unified_number", unified),
        ("category", "涉密计算机"),
        ("hard_disk_serial", "WD-WX12A3456789"),
        ("classification", "机密"),
        ("custodian", custodian),
        ("department", "办公室"),
        ("enabled_on", "2025-06-01"),
    ]);
    session.add_record("devices", &input).unwrap().number
}

fn usage(session: &mut Session, device: &str, user: &str, start: &str, content: &str) -> String {
    let input = FormInput::from_pairs(&[("device", device), ("user", user), ("started_at", start), ("content", content)]);
    session.add_record("usage_log", &input).unwrap().number
}

#[test]
fn numbers_are_per_register_and_year() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let year = chrono::Local::now().format("%Y").to_string();
    let p1 = person(&mut s, "张喆");
    let p2 = person(&mut s, "李堃");
    let d1 = device(&mut s, &p1, "BM-JSJ-001");
    assert_eq!(p1, format!("RY-{year}-0001"));
    assert_eq!(p2, format!("RY-{year}-0002"));
    assert_eq!(d1, format!("SB-{year}-0001"));

    // A cancelled number is not given out again.
    s.void_record(&p2, "重复登记").unwrap();
    let p3 = person(&mut s, "王珺");
    assert_eq!(p3, format!("RY-{year}-0003"));
}

#[test]
fn edit_keeps_history_and_needs_reason() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let p = person(&mut s, "张喆");
    let before = s.get_record(&p).unwrap();

    let err = error(s.edit_record(&p, &FormInput::from_pairs(&[("department", "机要室")]), "  "));
    assert_eq!(err.code(), Code::FieldRequired);
    assert_eq!(err.message(), "“修改原因”为必填项，不能为空。");
    assert_eq!(s.get_record(&p).unwrap().version, before.version, "nothing changed");

    let edited = s.edit_record(&p, &FormInput::from_pairs(&[("department", "机要室")]), "部门调整").unwrap();
    assert_eq!(edited.version, 2);
    assert_eq!(edited.data.field("department"), Some("机要室"));
    let history = s.record_history(&p).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].data.field("department"), Some("办公室"));
    assert_eq!(history[1].reason, "部门调整");
    assert_eq!(history[1].by, "secadmin");
}

#[test]
fn void_needs_reason_and_is_final() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let p = person(&mut s, "张喆");
    let err = error(s.void_record(&p, ""));
    assert_eq!(err.code(), Code::RecordReasonRequired);
    assert_eq!(err.message(), "作废“涉密人员”的记录须填写原因。");
    let voided = s.void_record(&p, "误登").unwrap();
    assert_eq!(voided.status, "cancelled");
    let err = error(s.edit_record(&p, &FormInput::from_pairs(&[("department", "x")]), "改"));
    assert_eq!(err.code(), Code::RecordStatusFinal);
    assert_eq!(s.record_history(&p).unwrap().len(), 2);
}

#[test]
fn transition_not_allowed_is_reported() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let p = person(&mut s, "张喆");
    let err = error(s.change_status(&p, "脱密期满", ""));
    assert_eq!(err.code(), Code::RecordTransitionInvalid);
    assert!(err.message().starts_with("“涉密人员”的记录不能从“待审查”改为“脱密期满”"), "{}", err.message());
}

#[test]
fn references_must_exist() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let input = FormInput::from_pairs(&[
        ("unified_number", "BM-JSJ-009"),
        ("category", "涉密计算机"),
        ("hard_disk_serial", "WD-WX12A3456789"),
        ("classification", "机密"),
        ("custodian", "RY-2026-0099"),
        ("department", "办公室"),
        ("enabled_on", "2025-06-01"),
    ]);
    let err = error(s.add_record("devices", &input));
    assert_eq!(err.code(), Code::RecordReferenceMissing);
    assert!(err.message().starts_with("“责任人”的值“RY-2026-0099”不是已登记的涉密人员记录"), "{}", err.message());
}

#[test]
fn bad_field_input_changes_nothing() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let input = FormInput::from_pairs(&[
        ("name", "张三"),
        ("id_number", "110105194912310021"),
        ("department", "办公室"),
        ("post", "机要员"),
        ("post_level", "重要"),
        ("proposed_on", "2026-01-05"),
    ]);
    let err = error(s.add_record("personnel", &input));
    assert_eq!(err.code(), Code::FieldIdChecksum);
    let page = s.query_records("personnel", &Query::default()).unwrap();
    assert_eq!(page.total, 0);
}

#[test]
fn roles_are_kept_out_of_registers() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    let clerk_password = admin
        .add_account(&NewAccount { name: "clerk1".into(), display_name: "赵赟".into(), role: Role::Clerk, department: "办公室".into() })
        .unwrap();
    let err = error(admin.query_records("incoming_documents", &Query::default()));
    assert_eq!(err.code(), Code::RegisterDenied);
    drop(admin);

    let mut clerk = Session::login(&tv.paths, "clerk1", &clerk_password).unwrap();
    clerk.change_password(STRONG, STRONG).unwrap();
    let err = error(clerk.query_records("incoming_documents", &Query::default()));
    assert_eq!(err.code(), Code::RegisterDenied);
    assert_eq!(err.message(), "账户“clerk1”（经办人）无权查看“收文登记”。此次操作已记入审计日志。");
    clerk.query_records("assets", &Query::default()).unwrap();
    clerk.query_records("usage_log", &Query::default()).unwrap();
}

#[test]
fn usage_log_query_by_device_month_and_text() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let p = person(&mut s, "张喆");
    let d1 = device(&mut s, &p, "BM-JSJ-001");
    let d2 = device(&mut s, &p, "BM-JSJ-002");
    usage(&mut s, &d1, &p, "2026-01-07 08:30", "起草年度保密自查报告");
    usage(&mut s, &d1, &p, "2026-01-20 14:00", "打印会议纪要");
    usage(&mut s, &d1, &p, "2026-02-03 09:00", "整理涉密文件目录");
    usage(&mut s, &d2, &p, "2026-01-09 10:00", "起草通知");

    let january = Query {
        device: Some(d1.clone()),
        from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
        to: chrono::NaiveDate::from_ymd_opt(2026, 1, 31),
        sort: secledger::records::SortOrder::DateAsc,
        ..Query::default()
    };
    let page = s.query_records("usage_log", &january).unwrap();
    assert_eq!(page.total, 2);
    let contents: Vec<&str> = page.records.iter().map(|r| r.data.field("content").unwrap()).collect();
    assert_eq!(contents, vec!["起草年度保密自查报告", "打印会议纪要"]);

    let text = Query { text: Some("保密自查".into()), ..Query::default() };
    assert_eq!(s.query_records("usage_log", &text).unwrap().total, 1);
    let short = Query { text: Some("起草".into()), ..Query::default() };
    assert_eq!(s.query_records("usage_log", &short).unwrap().total, 2);

    let by_person = Query { person: Some(p.clone()), ..Query::default() };
    assert_eq!(s.query_records("usage_log", &by_person).unwrap().total, 4);

    let paged = Query { per_page: 3, page: 2, ..Query::default() };
    let page = s.query_records("usage_log", &paged).unwrap();
    assert_eq!((page.total, page.records.len()), (4, 1));

    // A cancelled entry stays in the logbook: the unfiltered count, read from the numbers
    // issued, still includes it, and a status filter counts the rows themselves.
    let first = s.query_records("usage_log", &january).unwrap().records[0].number.clone();
    s.void_record(&first, "重复登记").unwrap();
    assert_eq!(s.query_records("usage_log", &Query::default()).unwrap().total, 4);
    let cancelled = Query { status: Some("cancelled".into()), ..Query::default() };
    assert_eq!(s.query_records("usage_log", &cancelled).unwrap().total, 1);

    let reversed = Query {
        from: chrono::NaiveDate::from_ymd_opt(2026, 2, 1),
        to: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
        ..Query::default()
    };
    let err = error(s.query_records("usage_log", &reversed));
    assert_eq!(err.code(), Code::FieldEndBeforeStart);
    assert!(err.message().starts_with("“截止日期”（2026-01-01）早于“起始日期”（2026-02-01）"), "{}", err.message());

    let field = Query { fields: vec![("started_at".into(), "2026.1.20 14:00".into())], ..Query::default() };
    assert_eq!(s.query_records("usage_log", &field).unwrap().total, 1);
}

#[test]
fn writes_are_in_the_audit_chain() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let p = person(&mut s, "张喆");
    s.edit_record(&p, &FormInput::from_pairs(&[("phone", "13900001111")]), "换号").unwrap();
    s.void_record(&p, "离职").unwrap();
    drop(s);
    let mut auditor = tv.activate("auditor");
    let entries = auditor.list_audit(&secledger::audit::Filter { action: Some("record".into()), ..Default::default() }).unwrap();
    let actions: Vec<(&str, &str)> = entries.iter().rev().map(|e| (e.action.as_str(), e.target.as_str())).collect();
    assert_eq!(actions, vec![("record.add", p.as_str()), ("record.edit", p.as_str()), ("record.void", p.as_str())]);
    auditor.verify_audit().unwrap();
}

#[test]
fn vault_file_hides_record_text() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let p = person(&mut s, "欧阳喆堃");
    let id_number = s.get_record(&p).unwrap().data.field("id_number").unwrap().to_string();
    drop(s);
    let bytes = std::fs::read(&tv.paths.vault).unwrap();
    for needle in ["欧阳喆堃", id_number.as_str(), "13812345678", "机要员"] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} in clear");
    }
}

#[test]
fn reveal_needs_permission_and_is_audited() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let p = person(&mut s, "张喆");
    let shown = s.get_record(&p).unwrap().display_field("id_number").unwrap();
    assert!(shown.starts_with("110***********"), "{shown}");
    let stored = s.get_record(&p).unwrap().data.field("id_number").unwrap().to_string();
    assert_eq!(s.reveal_field(&p, "id_number").unwrap(), stored);
    drop(s);

    let mut admin = tv.activate("sysadmin");
    let password = admin
        .add_account(&NewAccount { name: "clerk2".into(), display_name: "钱镕".into(), role: Role::SecrecyManager, department: String::new() })
        .unwrap();
    drop(admin);
    let mut manager = Session::login(&tv.paths, "clerk2", &password).unwrap();
    manager.change_password(STRONG, STRONG).unwrap();
    let err = error(manager.reveal_field(&p, "id_number"));
    assert_eq!(err.code(), Code::PermissionDenied);
    assert!(err.message().contains("查看脱敏信息原文"), "{}", err.message());
    drop(manager);

    let mut auditor = tv.activate("auditor");
    let reveals = auditor.list_audit(&secledger::audit::Filter { action: Some("record.reveal".into()), ..Default::default() }).unwrap();
    assert_eq!(reveals.len(), 1);
    assert_eq!(reveals[0].target, format!("{p}:id_number"));
}

#[test]
fn id_numbers_and_unified_numbers_are_unique() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let first = person(&mut s, "张喆");
    let taken = s.get_record(&first).unwrap().data.field("id_number").unwrap().to_string();
    let input = FormInput::from_pairs(&[
        ("name", "李四"),
        ("id_number", &taken),
        ("department", "办公室"),
        ("post", "机要员"),
        ("post_level", "一般"),
        ("proposed_on", "2026-01-05"),
    ]);
    let err = error(s.add_record("personnel", &input));
    assert_eq!(err.code(), Code::FieldDuplicate);
    let masked = format!("110***********{}", &taken[14..]);
    assert_eq!(
        err.message(),
        format!("“身份证号”的值“{masked}”已登记在 {first} 中，不能重复登记。如属同一人或同一物品，请更正 {first}。")
    );

    device(&mut s, &first, "BM-JSJ-001");
    let second = device(&mut s, &first, "BM-JSJ-002");
    let err = error(s.edit_record(&second, &FormInput::from_pairs(&[("unified_number", "BM-JSJ-001")]), "改号"));
    assert_eq!(err.code(), Code::FieldDuplicate);
    // Correcting a record with its own value is fine, and a cancelled record frees the value.
    s.edit_record(&second, &FormInput::from_pairs(&[("unified_number", "BM-JSJ-002"), ("department", "机要室")]), "调部门").unwrap();
    s.void_record(&first, "重复").unwrap();
    s.add_record("personnel", &input).unwrap();
}

/// Two-character words, most Chinese words and many names, are served by the pair index. A
/// vault made before that index existed gets it filled when it is next opened.
#[test]
fn two_character_search_after_migration() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let p = person(&mut s, "张喆");
    let d = device(&mut s, &p, "BM-JSJ-001");
    usage(&mut s, &d, &p, "2026-01-07 08:30", "起草年度保密自查报告");
    usage(&mut s, &d, &p, "2026-01-20 14:00", "打印会议纪要");
    drop(s);

    // Take the vault back to schema 5: no pair index.
    let conn = raw_connection(&tv.paths, "secadmin", STRONG);
    conn.execute_batch(
        "DROP TABLE records_bigrams; DROP INDEX imported_rows_source;
         ALTER TABLE imported_rows DROP COLUMN source_sha256; PRAGMA user_version = 5;",
    )
    .unwrap();
    drop(conn);

    let mut s = tv.login("secadmin");
    let count = |s: &mut Session, text: &str| s.query_records("usage_log", &Query { text: Some(text.into()), ..Query::default() }).unwrap().total;
    assert_eq!(count(&mut s, "纪要"), 1);
    assert_eq!(count(&mut s, "自查"), 1);
    assert_eq!(count(&mut s, "张喆"), 0, "the user's name is a reference, not the entry's text");
    assert_eq!(count(&mut s, "要打"), 0, "no pair across two fields");
    // A new entry goes into the pair index as it is registered, and a correction replaces it.
    let third = usage(&mut s, &d, &p, "2026-01-21 09:00", "核对密级标志");
    assert_eq!(count(&mut s, "密级"), 1);
    let mut input = s.get_record(&third).unwrap().data.to_input();
    input.fields.insert("content".into(), "核对文件份号".into());
    s.edit_record(&third, &input, "内容写错").unwrap();
    assert_eq!(count(&mut s, "密级"), 0);
    assert_eq!(count(&mut s, "份号"), 1);
}
