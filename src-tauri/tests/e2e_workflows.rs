//! End-to-end tests of the workflow screens: the real app under Xvfb through WebKitWebDriver,
//! on a vault prepared through the core API (accounts, people, media, a scrapping ready for
//! destruction), so that each test starts at the screens it checks.

mod support;

use chrono::{Duration, Local};
use secledger::auth::{init, InitOptions, NewAccount, Role, Session};
use secledger::crypto::KdfParams;
use secledger::registers::values::ResidentId;
use secledger::registers::FormInput;
use secledger::vault::VaultPaths;
use support::app::*;
use support::webdriver::ENTER;

/// The password every prepared account has.
const PASSWORD: &str = "Baomi#2026ledger";
/// The second account that may confirm a destruction.
const OFFICER: &str = "officer1";

/// The numbers of the records the prepared vault holds.
struct Office {
    senior: String,
    reader: String,
    junior: String,
    medium: String,
    medium_label: &'static str,
    scrapping: String,
    senior_id_number: String,
    /// An incoming 机密 document with copies 001-002.
    document: String,
    /// A sealed 销毁 batch listing a second incoming document.
    batch: String,
}

fn day(days: i64) -> String {
    (Local::now().date_naive() + Duration::days(days)).format("%Y-%m-%d").to_string()
}

fn id_number(n: u32) -> String {
    ResidentId::complete(&format!("110105198001{:02}{:03}", n, n)).unwrap()
}

fn person(s: &mut Session, name: &str, level: &str, n: u32) -> String {
    let id = id_number(n);
    let input = FormInput::from_pairs(&[
        ("name", name),
        ("id_number", &id),
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

fn incoming(s: &mut Session, received_by: &str, title: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("received_on", &day(-20)),
        ("issuing_unit", "市保密局"),
        ("document_number", "市保〔2026〕12号"),
        ("title", title),
        ("classification", "机密★10年"),
        ("issued_on", &day(-25)),
        ("copy_count", "2"),
        ("copy_numbers", "001-002"),
        ("source", "纸质"),
        ("received_by", received_by),
    ]);
    s.add_record("incoming_documents", &input).unwrap().number
}

/// Registers a sealed 销毁 batch that destroys `document` whole, witnessed by `witnesses`.
fn sealed_batch(s: &mut Session, document: &str, witnesses: (&str, &str)) -> String {
    let input = FormInput::from_pairs(&[
        ("year", "2026"),
        ("kind", "销毁"),
        ("registered_on", &day(-3)),
        ("receiver", "区保密局销毁中心"),
        ("witness_1", witnesses.0),
        ("witness_2", witnesses.1),
    ])
    .with_row(&[("item", document), ("title", "关于印发保密工作要点的通知"), ("classification", "机密"), ("disposition", "销毁"), ("bag_number", "MD-01")]);
    let batch = s.add_record("disposal_batches", &input).unwrap().number;
    s.edit_record(&batch, &FormInput::from_pairs(&[("seal_bag_numbers", "MD-01")]), "封袋").unwrap();
    s.change_status(&batch, "sealed", "").unwrap();
    batch
}

fn medium(s: &mut Session, custodian: &str, unified: &str, need_to_know: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("unified_number", unified),
        ("category", "U盘"),
        ("classification", "机密"),
        ("custodian", custodian),
        ("department", "办公室"),
        ("need_to_know", need_to_know),
        ("enabled_on", &day(-100)),
    ]);
    s.add_record("devices", &input).unwrap().number
}

/// Creates the vault at `vault` with every account's password set to [`PASSWORD`] and a second
/// confirming account. It holds three people, one of each post level, and a 机密 USB stick
/// whose 知悉范围 lists all three. A second stick's scrapping waits for the escorted
/// destruction, and a sealed batch waits for its hand-over.
fn prepare_office(paths: &VaultPaths) -> Office {
    let report = init(paths, &InitOptions { kdf: Some(KdfParams::FLOOR), ..InitOptions::default() }).unwrap();
    let first = |account: &str| report.accounts.iter().find(|(name, ..)| name == account).unwrap().2.clone();

    let mut admin = Session::login(paths, "sysadmin", &first("sysadmin")).unwrap();
    admin.change_password(PASSWORD, PASSWORD).unwrap();
    let new = NewAccount { name: OFFICER.into(), display_name: "李堃".into(), role: Role::SecrecyOfficer, department: "保密办".into() };
    let officer_first = admin.add_account(&new).unwrap();
    drop(admin);
    let mut officer = Session::login(paths, OFFICER, &officer_first).unwrap();
    officer.change_password(PASSWORD, PASSWORD).unwrap();
    drop(officer);

    let mut s = Session::login(paths, "secadmin", &first("secadmin")).unwrap();
    s.change_password(PASSWORD, PASSWORD).unwrap();
    let senior = person(&mut s, "张喆", "核心", 1);
    let reader = person(&mut s, "王珺", "重要", 2);
    let junior = person(&mut s, "赵赟", "一般", 3);
    let medium_label = "BM-U-001";
    let stick = medium(&mut s, &senior, medium_label, &format!("{senior}、{reader}、{junior}"));
    let old_stick = medium(&mut s, &senior, "BM-U-009", &senior);

    let scrapping = s
        .add_record("scrapping", &FormInput::from_pairs(&[("device", old_stick.as_str()), ("applied_on", &day(-10)), ("reason", "接口损坏")]))
        .unwrap()
        .number;
    s.edit_record(&scrapping, &FormInput::from_pairs(&[("approval_number", "保领〔2026〕3号"), ("approved_on", &day(-8))]), "领导小组审批").unwrap();
    s.change_status(&scrapping, "approved", "").unwrap();
    s.edit_record(&scrapping, &FormInput::from_pairs(&[("wiped_by", senior.as_str()), ("wiped_on", &day(-5))]), "清除数据").unwrap();
    s.change_status(&scrapping, "wiped", "").unwrap();

    let document = incoming(&mut s, &senior, "关于开展年度保密检查的通知");
    let destroyed = incoming(&mut s, &senior, "关于印发保密工作要点的通知");
    let batch = sealed_batch(&mut s, &destroyed, (&senior, &reader));

    Office { senior_id_number: id_number(1), senior, reader, junior, medium: stick, medium_label, scrapping, document, batch }
}

/// Starts the app on a prepared office and logs secadmin in on the register screen.
fn start_office() -> (AppUnderTest, Office) {
    let mut office = None;
    let app = AppUnderTest::start_prepared(|vault| office = Some(prepare_office(vault)));
    app.s().wait("#login-form", FIRST_LOAD);
    app.login("secadmin", PASSWORD);
    app.wait("[data-screen=today]");
    app.click("[data-view=registers]");
    (app, office.unwrap())
}

/// Opens the record view of `number` in the register `register`.
fn open_record(app: &AppUnderTest, register: &str, number: &str) {
    app.choose_register(register);
    app.click(&format!("tr[data-number='{number}'] td.number"));
    app.wait("#record-dialog #record-actions");
}

fn wait_text(app: &AppUnderTest, selector: &str, expected: &str) -> String {
    let script = format!("const e = document.querySelector({selector:?}); return e && e.textContent.includes({expected:?}) ? e.textContent : '';");
    app.s().wait_until(&format!("{selector} to show {expected}"), &script, STEP).as_str().unwrap_or_default().to_string()
}

#[test]
fn circulation_and_loan_screens() {
    let (app, office) = start_office();

    // An incoming document, registered through the add form.
    app.choose_register("incoming_documents");
    app.click("#add-record");
    app.wait("#add-form");
    app.fill("#add-form [name=received_on]", &day(-2));
    app.fill("#add-form [name=issuing_unit]", "市国家保密局");
    app.fill("#add-form [name=document_number]", "保密〔2026〕3号");
    app.fill("#add-form [name=title]", "关于开展年度保密自查的通知");
    app.fill("#add-form [name=classification]", "机密");
    app.fill("#add-form [name=need_to_know]", "办公室主任、机要员");
    app.fill("#add-form [name=issued_on]", &day(-5));
    app.fill("#add-form [name=copy_count]", "2份");
    app.fill("#add-form [name=copy_numbers]", "001-002");
    app.fill("#add-form [name=received_by]", &office.senior);
    app.fill("#add-form [name=storage_location]", &format!("机要室保密柜{ENTER}"));
    // The prepared vault already lists two documents, so the number comes from the notice.
    let saved = wait_text(&app, "#list-notice", "已登记");
    let document = saved.split("编号 ").nth(1).unwrap_or_default().trim_end_matches('。').to_string();
    assert!(document.starts_with("SW-"), "document number in the notice: {saved}");

    // The record view offers the circulation in one click.
    open_record(&app, "incoming_documents", &document);
    assert_eq!(app.text("#record-actions [data-action=circulation]"), "发起流转");
    app.screenshot("w01-document-actions");
    click_action(&app, "#record-actions [data-action=circulation]");

    // 拟办 with a missing 拟办人: the core's message sits next to the field.
    app.wait("#circulation-propose");
    app.fill("#circulation-propose [name=proposed_handling]", "请张喆同志阅办");
    app.click("#circulation-propose button[type=submit]");
    let missing = app.field_error("拟办人");
    assert!(missing.contains("必填"), "missing 拟办人: {missing}");
    app.fill("#circulation-propose [name=proposed_by]", &format!("{}{ENTER}", office.senior));

    // 审核, then the first reader signs for it (送阅) with a due date already past.
    app.wait("#circulation-review");
    app.fill("#circulation-review [name=reviewed_by]", &format!("{}{ENTER}", office.senior));
    app.wait("#circulation-send");
    app.fill("#circulation-send [name=reader]", &office.reader);
    app.fill("#circulation-send [name=sent_at]", &format!("{} 09:00", day(-2)));
    app.fill("#circulation-send [name=return_due]", &format!("{} 17:00{ENTER}", day(-1)));
    let holder = wait_text(&app, "#circulation-holder", "王珺");
    assert!(holder.contains(&office.reader), "holder shown: {holder}");
    let overdue = wait_text(&app, ".slip [data-overdue]", "逾期未还");
    assert!(overdue.contains("王珺"), "overdue reader shown: {overdue}");
    assert_eq!(app.text("#circulation-need-to-know"), "办公室主任、机要员");

    // Passing it on to another reader before it comes back (横传) is refused by the core.
    app.fill("#circulation-send [name=reader]", &office.senior);
    app.fill("#circulation-send [name=sent_at]", &format!("{} 10:00", day(-1)));
    app.fill("#circulation-send [name=return_due]", &format!("{} 17:00{ENTER}", day(2)));
    let refused = app.s().wait_until(
        "the 横传 refusal",
        "return document.querySelector('#circulation-send .form-error')?.textContent || [...document.querySelectorAll('#circulation-send .field-error')].map(e => e.textContent).join('');",
        STEP,
    );
    let refused = refused.as_str().unwrap_or_default();
    assert!(refused.contains("王珺"), "横传 refusal names the holder: {refused}");
    assert!(refused.contains("尚未归还"), "横传 refusal: {refused}");
    app.screenshot("w02-circulation-held");

    // The reader returns it; the document is back with the office.
    app.fill("#circulation-return [name=returned_at]", &format!("{} 16:00{ENTER}", day(-1)));
    let notice = wait_text(&app, "#circulation-notice", "已登记");
    assert!(notice.contains("王珺"), "return notice: {notice}");
    assert_eq!(app.text("#circulation-holder"), "在保密办，无人借阅");
    app.screenshot("w03-circulation-returned");
    app.s().press(support::webdriver::ESCAPE).unwrap();
    wait_text(&app, "#record-dialog dd", "已收回");

    // A loan to a person whose post level is below the medium's 密级 is refused on the check
    // list, with the core's reason.
    app.s().press(support::webdriver::ESCAPE).unwrap();
    app.s().wait_until("the record dialog to close", "return document.getElementById('record-dialog') === null;", STEP);

    // The slip prints from the circulation dialog: the printing screen opens with it chosen.
    open_record(&app, "incoming_documents", &document);
    click_action(&app, "#record-actions [data-action=circulation]");
    app.click(".slip-prints .print-slip");
    let chosen = app.s().wait_until(
        "the printing screen with the slip chosen",
        "const form = document.getElementById('print-form-select'); const number = document.querySelector('#print-form [name=number]');
         return form && number && form.value === 'circulation_slip' ? number.value : '';",
        STEP,
    );
    assert!(chosen.as_str().unwrap_or_default().starts_with("LZ-"), "slip number preset: {chosen}");
    app.click("[data-view=registers]");
    open_record(&app, "devices", &office.medium);
    click_action(&app, "#record-actions [data-action=loan]");
    app.wait("#loan-form");
    app.fill("#loan-form [name=borrower]", &office.junior);
    app.fill("#loan-form [name=purpose]", "拷贝年度检查材料");
    app.fill("#loan-form [name=return_due]", &format!("{}{ENTER}", day(5)));
    let verdict = wait_text(&app, "#loan-verdict", "未通过");
    assert!(verdict.contains("1 项"), "one rule refused: {verdict}");
    let level = app.text("#loan-check [data-rule=level]");
    assert!(level.contains("✗"), "level rule failed: {level}");
    assert!(level.contains("赵赟"), "level refusal names the borrower: {level}");
    assert!(level.contains("只可接触秘密级事项"), "level refusal text: {level}");
    assert!(app.text("#loan-check [data-rule=need_to_know]").contains("✓"), "need-to-know rule passed");
    assert_eq!(app.script("return document.getElementById('loan-lend').disabled;"), serde_json::json!(true));
    app.screenshot("w04-loan-refused");

    // An unknown borrower number is an input error next to the field.
    app.fill("#loan-form [name=borrower]", &format!("RY-2026-0999{ENTER}"));
    let unknown = app.field_error("借用人");
    assert!(unknown.contains("RY-2026-0999"), "unknown borrower: {unknown}");

    // A good loan: the check passes, then the loan is confirmed.
    app.fill("#loan-form [name=borrower]", &format!("{}{ENTER}", office.reader));
    wait_text(&app, "#loan-verdict", "核验通过");
    app.screenshot("w05-loan-clear");
    app.click("#loan-lend");
    let lent = wait_text(&app, "#record-notice", "已借出");
    let loan = lent.split("借用单 ").nth(1).unwrap_or_default().trim_end_matches('。').to_string();
    assert!(loan.starts_with("JY-"), "loan number in the notice: {lent}");

    // The return, with its check.
    app.s().press(support::webdriver::ESCAPE).unwrap();
    app.s().wait_until("the record dialog to close", "return document.getElementById('record-dialog') === null;", STEP);
    open_record(&app, "media_loans", &loan);
    click_action(&app, "#record-actions [data-action=loan_return]");
    app.wait("#loan-return-form");
    app.script("const s = document.querySelector('#loan-return-form [name=return_check]'); s.value = '有异常'; return true;");
    app.click("#loan-return-form button[type=submit]");
    let note = app.field_error("检查情况");
    assert!(!note.is_empty(), "a 有异常 return needs 检查情况");
    app.fill("#loan-return-form [name=return_note]", "外壳有划痕");
    app.screenshot("w06-loan-return");
    app.click("#loan-return-form button[type=submit]");
    let returned = wait_text(&app, "#record-notice", "已归还");
    assert!(returned.contains(&loan), "return notice: {returned}");
    let _ = office.medium_label;
}

#[test]
fn second_account_reveal_and_inventory_screens() {
    let (app, office) = start_office();

    // The escorted destruction of a scrapped stick needs a second account.
    open_record(&app, "scrapping", &office.scrapping);
    click_action(&app, "#record-actions [data-action=scrap_confirm]");
    app.wait("#scrap-form");
    app.fill("#scrap-form [name=escort_1]", &office.senior);
    app.fill("#scrap-form [name=escort_2]", &office.reader);
    app.fill("#scrap-form [name=destruction_site]", "市保密局销毁中心");
    app.fill("#scrap-form [name=second_account]", "secadmin");
    app.fill("#scrap-form [name=second_password]", &format!("{PASSWORD}{ENTER}"));
    let same = app.field_error("监销确认账户（二）");
    assert!(same.contains("同一账户不能确认两次"), "same account refused: {same}");
    app.fill("#scrap-form [name=second_account]", OFFICER);
    app.fill("#scrap-form [name=second_password]", &format!("Wrong#Pass2026{ENTER}"));
    let wrong = app.field_error("第二确认人密码");
    assert!(wrong.contains("密码错误"), "wrong password next to the password: {wrong}");
    let typed = app.script("return document.querySelector('#scrap-form [name=second_password]').value;");
    assert_eq!(typed, serde_json::json!(""), "a rejected password is cleared");
    app.screenshot("w07-second-account-refused");
    app.fill("#scrap-form [name=second_password]", &format!("{PASSWORD}{ENTER}"));
    let destroyed = wait_text(&app, "#record-notice", "已销毁");
    assert!(destroyed.contains(&office.scrapping), "destruction notice: {destroyed}");
    let confirmed = app.text("#record-dialog dd[data-field=confirmed_by_2]");
    assert_eq!(confirmed, OFFICER);
    app.s().press(support::webdriver::ESCAPE).unwrap();
    app.s().wait_until("the record dialog to close", "return document.getElementById('record-dialog') === null;", STEP);

    // A masked ID number, revealed by a button beside it; a correction needs a reason.
    open_record(&app, "personnel", &office.senior);
    let masked = app.text("#record-dialog dd[data-field=id_number] .masked-value");
    assert!(masked.contains("****"), "masked before the reveal: {masked}");
    app.click("#record-dialog [data-reveal=id_number]");
    wait_text(&app, "#record-dialog dd[data-field=id_number]", &office.senior_id_number);
    app.screenshot("w08-revealed");
    click_action(&app, "#record-actions [data-action=edit]");
    app.wait("#edit-form");
    app.fill("#edit-form [name=department]", "机要室");
    app.click("#edit-form button[type=submit]");
    let reason = app.field_error("修改原因");
    assert!(reason.contains("必填"), "correction without a reason: {reason}");
    app.fill("#edit-form [name=reason]", "部门调整");
    app.click("#edit-form button[type=submit]");
    let edited = wait_text(&app, "#record-notice", "第 3 版");
    assert!(edited.contains(&office.senior), "correction notice: {edited}");
    assert_eq!(app.text("#record-dialog dd[data-field=department]"), "机要室");
    app.s().press(support::webdriver::ESCAPE).unwrap();
    app.s().wait_until("the record dialog to close", "return document.getElementById('record-dialog') === null;", STEP);

    // 年度清查 of the devices with the scan box: found, scanned again, unknown.
    app.click("[data-view=inventory]");
    app.wait("#inventory-start");
    app.script("const s = document.querySelector('#inventory-start [name=register]'); s.value = 'devices'; return true;");
    app.click("#inventory-start button[type=submit]");
    app.wait("#scan-input");
    let focused = app.script("return document.activeElement?.id;");
    assert_eq!(focused, serde_json::json!("scan-input"), "the scan box has the focus");
    app.s().press(&format!("{}{ENTER}", office.medium_label)).unwrap();
    let found = wait_text(&app, "#scan-results li:first-child", "已找到");
    assert!(found.contains(&office.medium), "found scan: {found}");
    app.s().press(&format!("{}{ENTER}", office.medium_label.to_lowercase())).unwrap();
    wait_text(&app, "#scan-results li:first-child", "重复扫描");
    app.s().press(&format!("XX-404{ENTER}")).unwrap();
    wait_text(&app, "#scan-results li:first-child", "台账中无此编号");
    let results = app.script("return [...document.querySelectorAll('#scan-results li')].map(li => li.dataset.result);");
    assert_eq!(results, serde_json::json!(["unknown", "duplicate", "found"]));
    assert_eq!(app.script("return document.activeElement?.id;"), serde_json::json!("scan-input"), "focus stays in the scan box");
    assert!(app.text("#scan-counter").contains("已找到 1"), "counter");
    app.screenshot("w09-inventory-scans");

    app.click("#inventory-report");
    let missing = wait_text(&app, "#inventory-report-body [data-section=missing]", "未找到");
    assert!(missing.contains("未找到（0）"), "the scrapped stick is not expected: {missing}");
    app.screenshot("w10-inventory-report");
    app.s().press(support::webdriver::ESCAPE).unwrap();
    app.click("#inventory-close");
    app.wait("#inventory-close-form");
    app.fill("#inventory-close-form [name=conclusion]", "账物相符");
    app.click("#inventory-close-form button[type=submit]");
    let closed = wait_text(&app, "#inventory-notice", "清查已结束");
    assert!(closed.contains("QC-"), "report number: {closed}");
    app.screenshot("w11-inventory-closed");
}

#[test]
fn copy_repair_disposal_and_departure_screens() {
    let (app, office) = start_office();

    // 复制审批: the request from the document, then both approvals and the copies.
    open_record(&app, "incoming_documents", &office.document);
    click_action(&app, "#record-actions [data-action=copy_apply]");
    app.wait("#copy-apply-form");
    app.fill("#copy-apply-form [name=applicant]", &office.reader);
    app.fill("#copy-apply-form [name=copy_count]", "0");
    app.fill("#copy-apply-form [name=reason]", "下发各科室学习");
    app.click("#copy-apply-form button[type=submit]");
    let count = app.field_error("复制份数");
    assert!(!count.is_empty(), "zero copies refused next to 复制份数");
    app.fill("#copy-apply-form [name=copy_count]", &format!("1{ENTER}"));
    let applied = wait_text(&app, "#record-notice", "已提交复制申请");
    let approval = applied.split("申请 ").nth(1).unwrap_or_default().split('，').next().unwrap_or_default().to_string();
    assert!(approval.starts_with("FZ-"), "approval number in the notice: {applied}");
    close_record(&app);

    open_record(&app, "copy_approvals", &approval);
    click_action(&app, "#record-actions [data-action=copy]");
    app.wait("#copy-step-form");
    app.screenshot("w12-copy-leader");
    app.fill("#copy-step-form [name=leader_approver]", &format!("{}{ENTER}", office.senior));
    wait_text(&app, "#record-notice", "现为“领导已批准”");
    click_action(&app, "#record-actions [data-action=copy]");
    app.wait("#copy-step-form [name=officer_approver]");
    app.fill("#copy-step-form [name=officer_approver]", &format!("{}{ENTER}", office.reader));
    wait_text(&app, "#record-notice", "现为“已批准”");
    click_action(&app, "#record-actions [data-action=copy]");
    app.wait("#copy-step-form [name=copied_by]");
    app.fill("#copy-step-form [name=copied_by]", &format!("{}{ENTER}", office.reader));
    let copied = wait_text(&app, "#record-notice", "已登记新份号");
    assert!(copied.contains("新份号 003"), "new copy number 003: {copied}");
    assert!(copied.contains("001-002,003"), "original's copy numbers: {copied}");
    close_record(&app);

    // 维修: the request from the device, then its approval as a plain status change with the
    // fields that change requires.
    open_record(&app, "devices", &office.medium);
    click_action(&app, "#record-actions [data-action=repair]");
    app.wait("#request-form");
    app.fill("#request-form [name=fault]", "无法识别");
    app.script("const s = document.querySelector('#request-form [name=repair_mode]'); s.value = '定点单位上门维修'; return true;");
    app.fill("#request-form [name=repair_point]", "市涉密载体定点维修中心");
    app.click("#request-form button[type=submit]");
    let escort = app.field_error("陪同人");
    assert!(!escort.is_empty(), "on-site repair needs an escort");
    app.fill("#request-form [name=escort]", &office.senior);
    app.screenshot("w13-repair-request");
    app.click("#request-form button[type=submit]");
    let requested = wait_text(&app, "#record-notice", "已登记");
    let repair = requested.split("已登记 ").nth(1).unwrap_or_default().split('，').next().unwrap_or_default().to_string();
    assert!(repair.starts_with("WX-"), "repair number: {requested}");
    close_record(&app);

    open_record(&app, "repairs", &repair);
    click_action(&app, "#record-actions [data-action=status-approved]");
    app.wait("#status-form");
    app.click("#status-form button[type=submit]");
    let approver = app.field_error("审批人");
    assert!(approver.contains("须填写“审批人”"), "approval needs 审批人: {approver}");
    app.fill("#status-form [name=approver]", &office.senior);
    app.fill("#status-form [name=approved_on]", &day(0));
    app.screenshot("w14-repair-approval");
    app.click("#status-form button[type=submit]");
    wait_text(&app, "#record-notice", "现为“已审批”");
    close_record(&app);

    // 清退销毁: the sealed batch handed over with the second account.
    open_record(&app, "disposal_batches", &office.batch);
    click_action(&app, "#record-actions [data-action=disposal_confirm]");
    app.wait("#disposal-form");
    app.fill("#disposal-form [name=second_account]", "nobody");
    app.fill("#disposal-form [name=second_password]", &format!("{PASSWORD}{ENTER}"));
    let unknown = app.field_error("监销确认账户（二）");
    assert!(unknown.contains("nobody"), "unknown second account: {unknown}");
    app.fill("#disposal-form [name=second_account]", OFFICER);
    app.fill("#disposal-form [name=second_password]", PASSWORD);
    app.screenshot("w15-disposal-confirm");
    app.s().press(ENTER).unwrap();
    let handed = wait_text(&app, "#record-notice", "已移交");
    assert!(handed.contains("1 件"), "one document destroyed: {handed}");
    close_record(&app);

    // 离岗离职: a custodian of devices is refused with the carriers listed; a person without
    // carriers leaves and the 脱密期 starts.
    open_record(&app, "personnel", &office.senior);
    click_action(&app, "#record-actions [data-action=departure]");
    app.wait("#departure-form");
    let carriers = app.text("#departure-carriers");
    assert!(carriers.contains(&office.medium), "devices to hand back listed: {carriers}");
    app.click("#departure-form button[type=submit]");
    let refused = app.s().wait_until("the departure refusal", "return document.querySelector('#departure-form .form-error')?.textContent || '';", STEP);
    assert!(refused.as_str().unwrap_or_default().contains(&office.medium), "refusal lists the carriers: {refused}");
    app.screenshot("w16-departure-refused");
    app.s().press(support::webdriver::ESCAPE).unwrap();
    close_record(&app);

    open_record(&app, "personnel", &office.junior);
    click_action(&app, "#record-actions [data-action=departure]");
    app.wait("#departure-form");
    assert_eq!(app.text("#departure-carriers"), "无须交回的载体。");
    app.click("#departure-form button[type=submit]");
    let departed = wait_text(&app, "#record-notice", "脱密期");
    assert!(departed.contains("1 年"), "一般 post: one year: {departed}");
    assert_eq!(app.text("#record-dialog dd"), "脱密期中");
}

/// Closes the record view with Esc and waits until it is gone.
fn close_record(app: &AppUnderTest) {
    app.s().press(support::webdriver::ESCAPE).unwrap();
    app.s().wait_until("the record dialog to close", "return document.getElementById('record-dialog') === null;", STEP);
}

/// Clicks a button of the record view. WebKitWebDriver can report a click on a dialog that has
/// just opened as intercepted, so the click is retried for a few seconds.
fn click_action(app: &AppUnderTest, selector: &str) {
    let mut attempt = 0;
    loop {
        let element = app.wait(selector);
        match app.s().click(&element) {
            Ok(()) => return,
            Err(err) if attempt >= 20 => panic!("click {selector}: {err}"),
            Err(_) => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(250));
            }
        }
    }
}
