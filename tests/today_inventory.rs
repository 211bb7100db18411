//! The today list across registers and the annual inventory (年度清查), on real vaults.

mod common;

use chrono::NaiveDate;
use common::{TestVault, STRONG};
use secledger::auth::{NewAccount, Role, Session};
use secledger::inventory::{InventoryId, ScanResult};
use secledger::registers::deadline::DueState;
use secledger::registers::FormInput;
use secledger::{Code, Error};

fn error(result: Result<impl Sized, Error>) -> Error {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(err) => err,
    }
}

/// A valid resident ID number (GB 11643 checksum X).

/// Registers one record as the importer of paper registers does. Loans, circulation slips and
/// departures are otherwise made by their workflows; the today list only reads what is stored.
fn import(session: &mut Session, register: &str, input: FormInput) -> String {
    session
        .add_records_bulk(register, &[input], "按纸质台账导入", &mut |_| {})
        .unwrap()
        .remove(0)
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn person(session: &mut Session, name: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("name", name),
        ("id_number", &common::id_number()),
        ("department", "办公室"),
        ("post", "机要员"),
        ("post_level", "重要"),
        ("proposed_on", "2025-01-05"),
    ]);
    session.add_record("personnel", &input).unwrap().number
}

/// A person who left an 一般 post on `departed_on`, with a 脱密期 of one year, imported from
/// the paper register.
fn departed_person(session: &mut Session, name: &str, departed_on: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("name", name),
        ("id_number", &common::id_number()),
        ("department", "机要室"),
        ("post", "文印员"),
        ("post_level", "一般"),
        ("proposed_on", "2024-01-05"),
        ("reviewed_on", "2024-01-10"),
        ("review_result", "通过"),
        ("trained_on", "2024-01-12"),
        ("commitment_signed_on", "2024-01-12"),
        ("on_post_on", "2024-01-15"),
        ("departed_on", departed_on),
        ("declassification_period", "1年"),
    ]);
    import(session, "personnel", input)
}

fn device(session: &mut Session, custodian: &str, unified: &str, category: &str) -> String {
    let mut pairs = vec![
        ("unified_number", unified),
        ("category", category),
        ("classification", "秘密"),
        ("custodian", custodian),
        ("department", "办公室"),
        ("enabled_on", "2025-06-01"),
    ];
    if category == "涉密计算机" {
        pairs.push(("hard_disk_serial", "WD-WX12A3456789"));
    }
    session
        .add_record("devices", &FormInput::from_pairs(&pairs))
        .unwrap()
        .number
}

fn media_loan(session: &mut Session, medium: &str, borrower: &str, return_due: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("medium", medium),
        ("borrower", borrower),
        ("clearance_checked", "是"),
        ("purpose", "拷贝会议材料"),
        ("reminded_by", "secadmin"),
        ("lent_at", "2026-02-01 09:00"),
        ("return_due", return_due),
    ]);
    import(session, "media_loans", input)
}

fn incoming(session: &mut Session, received_by: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("received_on", "2026-02-26"),
        ("issuing_unit", "市保密局"),
        ("title", "关于开展年度保密检查的通知"),
        ("classification", "秘密"),
        ("issued_on", "2026-02-20"),
        ("copy_count", "1份"),
        ("source", "纸质"),
        ("received_by", received_by),
    ]);
    session
        .add_record("incoming_documents", &input)
        .unwrap()
        .number
}

fn data_request(
    session: &mut Session,
    requester: &str,
    use_until: &str,
    extra: &[(&str, &str)],
) -> String {
    let mut pairs = vec![
        ("requester", requester),
        ("department", "指挥中心"),
        ("requested_on", "2026-02-01"),
        ("data", "辖区企业名录"),
        ("reason", "开展专项检查"),
        ("purpose", "核对检查对象"),
        ("scope", "检查组内部"),
        ("use_until", use_until),
        ("desensitised", "是"),
    ];
    pairs.extend_from_slice(extra);
    session
        .add_record("data_requests", &FormInput::from_pairs(&pairs))
        .unwrap()
        .number
}

/// Returns the day the today-list tests look from.
fn today() -> NaiveDate {
    date("2026-03-10")
}

/// Numbers of the fixture records that the today list shows.
struct TodayFixture {
    loan_overdue: String,
    circulation: String,
    data_soon: String,
    data_later: String,
    departed: String,
}

/// Registers overdue, due-soon, later, finished and cancelled items in four registers.
fn today_fixture(s: &mut Session) -> TodayFixture {
    let zhang = person(s, "张喆");
    let li = person(s, "李堃");
    let wang = person(s, "王珺");
    let medium = device(s, &zhang, "BM-U-001", "U盘");

    // Media loans: one past due, one past due but returned, one past due but cancelled.
    let loan_overdue = media_loan(s, &medium, &zhang, "2026-02-20");
    let returned = media_loan(s, &medium, &li, "2026-02-10");
    let returned_fields = FormInput::from_pairs(&[
        ("returned_at", "2026-02-09 16:00"),
        ("return_check", "完好"),
    ]);
    s.edit_record(&returned, &returned_fields, "登记归还")
        .unwrap();
    s.change_status(&returned, "已归还", "").unwrap();
    let voided = media_loan(s, &medium, &wang, "2026-02-05");
    s.void_record(&voided, "登记错误").unwrap();

    // Circulation: the first reader returned the document, the second is late, the third is
    // due tomorrow.
    let document = incoming(s, &zhang);
    let slip = FormInput::from_pairs(&[("document", &document), ("circulated_on", "2026-03-01")])
        .with_row(&[
            ("reader", &zhang),
            ("sent_at", "2026-03-01 09:00"),
            ("return_due", "2026-03-03 17:00"),
            ("returned_at", "2026-03-02 10:00"),
        ])
        .with_row(&[
            ("reader", &li),
            ("sent_at", "2026-03-01 09:30"),
            ("return_due", "2026-03-05 17:00"),
        ])
        .with_row(&[
            ("reader", &wang),
            ("sent_at", "2026-03-09 09:00"),
            ("return_due", "2026-03-11 17:00"),
        ]);
    let circulation = import(s, "circulation", slip);

    // Data requests: one due in two days, one due in June, one past due but rejected.
    let data_soon = data_request(s, "赵赟", "2026-03-12", &[]);
    let data_later = data_request(s, "钱昇", "2026-06-30", &[]);
    let rejected = data_request(
        s,
        "孙玥",
        "2026-02-15",
        &[
            ("reviewer", "周镕"),
            ("reviewed_on", "2026-02-02"),
            ("review_opinion", "范围过宽"),
        ],
    );
    s.change_status(&rejected, "不同意", "").unwrap();

    // Personnel: a 脱密期 of one year from 2025-03-20 ends on 2026-03-20.
    let departed = departed_person(s, "吴玥", "2025-03-20");

    TodayFixture {
        loan_overdue,
        circulation,
        data_soon,
        data_later,
        departed,
    }
}

/// Number, deadline, row, person, days left, state.
type Listed<'a> = (&'a str, &'static str, Option<usize>, &'a str, i64, DueState);

#[test]
fn today_orders_overdue_then_due_soon() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let f = today_fixture(&mut s);

    let items = s.today(today(), None).unwrap();
    let listed: Vec<Listed> = items
        .iter()
        .map(|i| {
            (
                i.number.as_str(),
                i.deadline.label,
                i.row,
                i.person.as_ref().unwrap().display(),
                i.days_left,
                i.state,
            )
        })
        .collect();
    let expected = vec![
        (
            f.loan_overdue.as_str(),
            "归还期限",
            None,
            "张喆",
            -18,
            DueState::Overdue,
        ),
        (
            f.circulation.as_str(),
            "归还期限",
            Some(1),
            "李堃",
            -5,
            DueState::Overdue,
        ),
        (
            f.circulation.as_str(),
            "归还期限",
            Some(2),
            "王珺",
            1,
            DueState::DueSoon,
        ),
        (
            f.data_soon.as_str(),
            "数据使用期限",
            None,
            "赵赟",
            2,
            DueState::DueSoon,
        ),
        (
            f.departed.as_str(),
            "脱密期满",
            None,
            "吴玥",
            10,
            DueState::DueSoon,
        ),
    ];
    assert_eq!(listed, expected);

    let first = &items[0];
    assert_eq!(first.register.name, "介质借用");
    assert_eq!(first.due, date("2026-02-20"));
    assert_eq!(first.days_late(), Some(18));
    assert_eq!(items[2].days_late(), None);
    assert_eq!(items[1].register.name, "文件流转");
    assert_eq!(items[4].register.name, "涉密人员");

    let zhang = first.person.as_ref().unwrap();
    assert!(
        zhang
            .number
            .as_deref()
            .is_some_and(|n| n.starts_with("RY-")),
        "{zhang:?}"
    );
    let zhao = items[3].person.as_ref().unwrap();
    assert_eq!(
        zhao.number, None,
        "a data request names its requester as text"
    );
}

#[test]
fn today_window_override() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let f = today_fixture(&mut s);

    let overdue_only: Vec<String> = s
        .today(today(), Some(0))
        .unwrap()
        .into_iter()
        .map(|i| i.number)
        .collect();
    assert_eq!(
        overdue_only,
        vec![f.loan_overdue.clone(), f.circulation.clone()]
    );

    let wide = s.today(today(), Some(120)).unwrap();
    let last = wide.last().unwrap();
    assert_eq!(
        (last.number.as_str(), last.days_left),
        (f.data_later.as_str(), 112)
    );
    assert_eq!(wide.len(), 6);

    // The loan's due date has not come yet on 2026-02-19: it is due soon (1 day of warning).
    let earlier = s.today(date("2026-02-19"), None).unwrap();
    let loan = earlier.iter().find(|i| i.number == f.loan_overdue).unwrap();
    assert_eq!((loan.state, loan.days_left), (DueState::DueSoon, 1));
}

#[test]
fn today_skips_unreadable_registers() {
    let tv = TestVault::new();
    let mut secadmin = tv.activate("secadmin");
    let f = today_fixture(&mut secadmin);
    drop(secadmin);

    let mut admin = tv.activate("sysadmin");
    let new_clerk = NewAccount {
        name: "clerk1".into(),
        display_name: "赵赟".into(),
        role: Role::Clerk,
        department: "办公室".into(),
    };
    let clerk_password = admin.add_account(&new_clerk).unwrap();
    assert!(
        admin.today(today(), None).unwrap().is_empty(),
        "the system administrator reads no register"
    );
    drop(admin);

    let mut clerk = Session::login(&tv.paths, "clerk1", &clerk_password).unwrap();
    clerk.change_password(STRONG, STRONG).unwrap();
    let items = clerk.today(today(), None).unwrap();
    let numbers: Vec<&str> = items.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(
        numbers,
        vec![f.data_soon.as_str()],
        "a clerk sees non-classified registers only"
    );
    drop(clerk);

    // The list is a read: it appends nothing to the audit chain.
    let mut auditor = tv.activate("auditor");
    let before = auditor.list_audit(&Default::default()).unwrap().len();
    drop(auditor);
    let mut s = tv.login("secadmin");
    s.today(today(), None).unwrap();
    drop(s);
    let mut auditor = tv.login("auditor");
    let entries = auditor.list_audit(&Default::default()).unwrap();
    let logins = 2;
    assert_eq!(
        entries.len(),
        before + logins,
        "{:?}",
        entries
            .iter()
            .take(3)
            .map(|e| &e.action)
            .collect::<Vec<_>>()
    );
}

/// Five devices: three in use, one cancelled (registered but gone), one never scanned.
struct Devices {
    computer: String,
    printer: String,
    usb: String,
    cancelled: String,
    absent: String,
}

fn devices(s: &mut Session) -> Devices {
    let owner = person(s, "张喆");
    let computer = device(s, &owner, "BM-JSJ-001", "涉密计算机");
    let printer = device(s, &owner, "BM-DY-002", "打印机");
    let usb = device(s, &owner, "BM-U-003", "U盘");
    let cancelled = device(s, &owner, "BM-U-004", "U盘");
    s.void_record(&cancelled, "已移交上级单位").unwrap();
    let absent = device(s, &owner, "BM-JSJ-005", "涉密计算机");
    Devices {
        computer,
        printer,
        usb,
        cancelled,
        absent,
    }
}

fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            c => c,
        })
        .collect()
}

#[test]
fn inventory_reconciles_scans() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let d = devices(&mut s);
    let id = s.start_inventory("devices").unwrap();

    let lines = format!(
        "{}\n  bm-dy-002 \n\n{}\nXX-999\n{}\n",
        d.computer,
        full_width(&d.computer),
        d.cancelled
    );
    let summary = s.scan(id, &lines).unwrap();
    let results: Vec<(usize, &str, &ScanResult)> = summary
        .outcomes
        .iter()
        .map(|o| (o.line, o.code.as_str(), &o.result))
        .collect();
    assert_eq!(
        results,
        vec![
            (
                1,
                d.computer.as_str(),
                &ScanResult::Found {
                    number: d.computer.clone()
                }
            ),
            (
                2,
                "BM-DY-002",
                &ScanResult::Found {
                    number: d.printer.clone()
                }
            ),
            (
                4,
                d.computer.as_str(),
                &ScanResult::Repeated {
                    number: d.computer.clone(),
                    times: 2
                }
            ),
            (5, "XX-999", &ScanResult::Unknown),
            (
                6,
                d.cancelled.as_str(),
                &ScanResult::StatusMismatch {
                    number: d.cancelled.clone(),
                    status: "已作废".into()
                }
            ),
        ]
    );
    assert_eq!((summary.found, summary.expected), (2, 4));

    // The session ends; the scans are in the vault and the inventory goes on.
    drop(s);
    let mut s = tv.login("secadmin");
    let open = s.open_inventories().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].id, open[0].register.id, open[0].scans),
        (id, "devices", 5)
    );
    assert_eq!(open[0].started_by, "secadmin");

    let summary = s.scan(id, "ＢＭ－Ｕ－００３").unwrap();
    assert_eq!(
        summary.outcomes[0].result,
        ScanResult::Found {
            number: d.usb.clone()
        }
    );
    assert_eq!((summary.found, summary.expected), (3, 4));

    let report = s.inventory_report(id).unwrap();
    let numbers = |items: &[secledger::inventory::Item]| {
        items.iter().map(|i| i.number.clone()).collect::<Vec<_>>()
    };
    assert_eq!(report.expected, 4);
    assert_eq!(
        numbers(&report.found),
        vec![d.computer.clone(), d.printer.clone(), d.usb.clone()]
    );
    assert_eq!(numbers(&report.missing), vec![d.absent.clone()]);
    assert_eq!(report.missing[0].status_label, "在用");
    assert_eq!(numbers(&report.scanned_twice), vec![d.computer.clone()]);
    assert_eq!(report.scanned_twice[0].scans, 2);
    assert_eq!(numbers(&report.mismatched), vec![d.cancelled.clone()]);
    assert_eq!(report.mismatched[0].status_label, "已作废");
    let unknown: Vec<(&str, u32)> = report
        .unknown
        .iter()
        .map(|u| (u.code.as_str(), u.scans))
        .collect();
    assert_eq!(unknown, vec![("XX-999", 1)]);
    assert!(report.ambiguous.is_empty());
    assert_eq!(report.found[2].label.as_deref(), Some("BM-U-003"));
}

/// An item out on a loan is not on the shelf, but it is not missing either: the
/// reconciliation, the report's rows and its findings say where it is.
#[test]
fn inventory_counts_lent_item_as_away() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let d = devices(&mut s);
    let borrower = person(&mut s, "李堃");
    let loan = media_loan(&mut s, &d.usb, &borrower, "2026-02-10");
    let id = s.start_inventory("devices").unwrap();
    s.scan(id, &format!("{}\n{}", d.computer, d.printer)).unwrap();

    let report = s.inventory_report(id).unwrap();
    let numbers = |items: &[secledger::inventory::Item]| items.iter().map(|i| i.number.clone()).collect::<Vec<_>>();
    assert_eq!(numbers(&report.missing), vec![d.absent.clone()]);
    assert_eq!(numbers(&report.away), vec![d.usb.clone()]);
    assert_eq!(report.away[0].status_label, format!("借出中 {loan}"));

    let number = s.close_inventory(id, "U盘借出在外，已核对借用记录。").unwrap();
    let record = s.get_record(&number).unwrap();
    assert_eq!(record.data.field("away_count"), Some("1"));
    assert_eq!(record.data.field("missing_count"), Some("1"));
    let findings = record.data.field("findings").unwrap_or_default().to_string();
    assert!(findings.contains("缺失 1 件，在外 1 件，"), "{findings}");
    assert!(findings.contains(&format!("未到场清点，请核对借用或维修记录）：{}（借出中 {loan}）", d.usb)), "{findings}");
}

#[test]
fn inventory_shared_label_is_ambiguous() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let owner = person(&mut s, "张喆");
    let first = device(&mut s, &owner, "BM-U-010", "U盘");
    // A second device with the same label is refused now (see tests/records.rs); vaults
    // written before that rule can still hold one, so the test makes it in the database.
    let second = device(&mut s, &owner, "BM-U-011", "U盘");
    drop(s);
    let conn = common::raw_connection(&tv.paths, "secadmin", STRONG);
    conn.execute(
        "UPDATE records SET data = json_set(data, '$.fields.unified_number', 'BM-U-010') WHERE number = ?1",
        [&second],
    )
    .unwrap();
    drop(conn);
    let mut s = tv.login("secadmin");
    let id = s.start_inventory("设备台账").unwrap();
    let summary = s.scan(id, "bm-u-010").unwrap();
    assert_eq!(
        summary.outcomes[0].result,
        ScanResult::Ambiguous {
            numbers: vec![first.clone(), second.clone()]
        }
    );

    // Once the duplicate is cancelled, the label names the remaining device.
    s.void_record(&second, "重复登记").unwrap();
    let report = s.inventory_report(id).unwrap();
    assert!(report.ambiguous.is_empty());
    assert_eq!(
        report
            .found
            .iter()
            .map(|i| i.number.as_str())
            .collect::<Vec<_>>(),
        vec![first.as_str()]
    );
    assert_eq!(report.expected, 1);
}

#[test]
fn inventory_bad_input_changes_nothing() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let d = devices(&mut s);
    let id = s.start_inventory("SB").unwrap();

    let err = error(s.start_inventory("devices"));
    assert_eq!(err.code(), Code::InventoryAlreadyOpen);
    let message = err.message();
    assert!(
        message.starts_with("“设备台账”已有一次清查正在进行（secadmin 于 "),
        "{message}"
    );
    assert!(
        message.ends_with("同一台账同时只能有一次清查：请继续该次清查，或先结束它再开始新的清查。"),
        "{message}"
    );

    let allowed = "收文登记（incoming_documents）、发文登记（outgoing_documents）、设备台账（devices）、资产台账（assets）";
    for register in ["no_such_register", "usage_log"] {
        let err = error(s.start_inventory(register));
        assert_eq!(err.code(), Code::InventoryRegisterInvalid);
        assert_eq!(
            err.message(),
            format!("“{register}”不能清查：只有实物台账可以清查。可清查的台账：{allowed}。")
        );
    }

    let err = error(s.scan(id, " \n\u{3000}\n"));
    assert_eq!(err.code(), Code::FieldRequired);
    assert_eq!(err.message(), "“清点编号”为必填项，不能为空。");
    let err = error(s.scan(id, &format!("{}\n{}\n", d.computer, "9".repeat(201))));
    assert_eq!(err.code(), Code::FieldTooLong);
    assert_eq!(
        err.message(),
        "“第 2 行”太长：最多 200 个字，现有 201 个。请精简后再保存。"
    );
    assert_eq!(
        s.open_inventories().unwrap()[0].scans,
        0,
        "a rejected scan stores no line"
    );

    let err = error(s.scan(InventoryId(99), "SB-2026-0001"));
    assert_eq!(err.code(), Code::InventoryNotFound);
    assert_eq!(
        err.message(),
        "找不到编号为 99 的清查。请查看进行中的清查列表，核对清查编号。"
    );
}

#[test]
fn inventory_close_creates_report_record() {
    let tv = TestVault::new();
    let mut s = tv.activate("secadmin");
    let d = devices(&mut s);
    let id = s.start_inventory("devices").unwrap();
    s.scan(
        id,
        &format!(
            "{}\n{}\nBM-U-003\n{}\nXX-999\n{}",
            d.computer, d.printer, d.computer, d.cancelled
        ),
    )
    .unwrap();

    let err = error(s.close_inventory(id, "  "));
    assert_eq!(err.code(), Code::FieldRequired);
    assert_eq!(err.message(), "“清查结论”为必填项，不能为空。");
    assert_eq!(
        s.open_inventories().unwrap().len(),
        1,
        "a rejected close leaves the inventory open"
    );

    let number = s
        .close_inventory(id, "账物基本相符；BM-JSJ-005 待查。")
        .unwrap();
    assert!(number.starts_with("QC-"), "{number}");
    assert!(s.open_inventories().unwrap().is_empty());

    let record = s.get_record(&number).unwrap();
    assert_eq!(record.register.id, "inventories");
    assert_eq!(record.status_label(), "已结束");
    let field = |id: &str| record.data.field(id).unwrap_or_default().to_string();
    assert_eq!(field("register"), "设备台账");
    assert_eq!(field("started_by"), "secadmin");
    assert_eq!(field("closed_by"), "secadmin");
    let counts: Vec<String> = [
        "expected_count",
        "found_count",
        "missing_count",
        "duplicate_count",
        "unknown_count",
        "mismatch_count",
        "ambiguous_count",
    ]
    .iter()
    .map(|id| field(id))
    .collect();
    assert_eq!(counts, vec!["4", "3", "1", "1", "1", "1", "0"]);
    assert_eq!(field("conclusion"), "账物基本相符；BM-JSJ-005 待查。");
    let findings = field("findings");
    assert!(findings.starts_with("应在 4 件，已清点 3 件，缺失 1 件，在外 0 件，状态不符 1 件，重复扫描 1 件，未登记编号 1 个，编号不唯一 0 个。"), "{findings}");
    assert!(
        findings.contains(&format!("缺失：{}（在用）", d.absent)),
        "{findings}"
    );
    assert!(
        findings.contains(&format!(
            "（登记为已销毁、已报废、已清退或已作废等，却清点到实物）：{}（已作废）",
            d.cancelled
        )),
        "{findings}"
    );
    assert!(
        findings.contains(&format!("重复扫描：{}（2 次）", d.computer)),
        "{findings}"
    );
    assert!(
        findings.contains("未登记编号：XX-999（1 次）"),
        "{findings}"
    );

    let rows: Vec<(&str, &str, &str)> = record
        .data
        .rows
        .iter()
        .map(|r| {
            (
                r["item_number"].as_str(),
                r["result"].as_str(),
                r["scan_count"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (d.absent.as_str(), "缺失", "0"),
            (d.cancelled.as_str(), "状态不符", "1"),
            ("XX-999", "未登记编号", "1"),
            (d.computer.as_str(), "已清点", "2"),
            (d.printer.as_str(), "已清点", "1"),
            (d.usb.as_str(), "已清点", "1"),
        ]
    );

    // A closed inventory takes no more scans, reports or closes; a new one may start.
    for err in [
        error(s.close_inventory(id, "再次结束")),
        error(s.scan(id, &d.absent)),
        error(s.inventory_report(id)),
    ] {
        assert_eq!(err.code(), Code::InventoryClosed);
        let message = err.message();
        assert!(
            message.starts_with(&format!("“设备台账”的清查 {id} 已于 ")),
            "{message}"
        );
        assert!(
            message.contains(&format!(
                "清查报告为 {number}，不能再扫描、查看进度或结束。"
            )),
            "{message}"
        );
    }
    let next = s.start_inventory("devices").unwrap();
    assert_ne!(next, id);
    drop(s);

    let mut auditor = tv.activate("auditor");
    let filter = secledger::audit::Filter {
        action: Some("inventory".into()),
        ..Default::default()
    };
    let entries = auditor.list_audit(&filter).unwrap();
    let actions: Vec<(&str, &str)> = entries
        .iter()
        .rev()
        .map(|e| (e.action.as_str(), e.target.as_str()))
        .collect();
    let target = format!("devices#{id}");
    let next_target = format!("devices#{next}");
    assert_eq!(
        actions,
        vec![
            ("inventory.start", target.as_str()),
            ("inventory.scan", target.as_str()),
            ("inventory.close", target.as_str()),
            ("inventory.start", next_target.as_str()),
        ]
    );
    let added = auditor
        .list_audit(&secledger::audit::Filter {
            action: Some("record.add".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        added[0].target, number,
        "the report record is added in the same change"
    );
    auditor.verify_audit().unwrap();
}

#[test]
fn inventory_needs_classified_access() {
    let tv = TestVault::new();
    let mut admin = tv.activate("sysadmin");
    let new_clerk = NewAccount {
        name: "clerk1".into(),
        display_name: "赵赟".into(),
        role: Role::Clerk,
        department: "办公室".into(),
    };
    let clerk_password = admin.add_account(&new_clerk).unwrap();
    drop(admin);

    let mut clerk = Session::login(&tv.paths, "clerk1", &clerk_password).unwrap();
    clerk.change_password(STRONG, STRONG).unwrap();
    let err = error(clerk.start_inventory("assets"));
    assert_eq!(err.code(), Code::RegisterDenied);
    assert_eq!(
        err.message(),
        "账户“clerk1”（经办人）无权登记或修改“年度清查”。此次操作已记入审计日志。"
    );
    assert!(clerk.open_inventories().unwrap().is_empty());
}
