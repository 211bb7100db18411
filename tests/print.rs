//! Printed forms on real vaults, checked with poppler (pdftotext, pdffonts, pdftoppm), qpdf
//! and a QR decoder. Needs `poppler-utils` and `qpdf` (scripts/install-deps installs them).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use common::{TestVault, STRONG};
use secledger::audit::{self, Filter};
use secledger::auth::{NewAccount, Role, Session};
use secledger::pdf::font::metrics;
use secledger::print::{self, LabelSelection, LogbookRange, Printed, ReminderSelection};
use secledger::registers::FormInput;
use secledger::workflows::loans::LoanRequest;
use secledger::{Code, Error};

fn error(result: Result<impl Sized, Error>) -> Error {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(err) => err,
    }
}

/// A valid resident ID number (GB 11643 checksum X).

/// Adds a person on a 重要 classified post, cleared for 机密 and 秘密.
fn person(session: &mut Session, name: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("name", name),
        ("id_number", &common::id_number()),
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
    let number = session.add_record("personnel", &input).unwrap().number;
    session.change_status(&number, "on_post", "").unwrap();
    number
}

fn device(session: &mut Session, custodian: &str, unified: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("unified_number", unified),
        ("category", "涉密计算机"),
        ("brand_model", "联想 开天M90z"),
        ("hard_disk_serial", "WD-WX12A3456789"),
        ("classification", "机密"),
        ("custodian", custodian),
        ("department", "办公室"),
        ("storage_location", "机要室 302"),
        ("enabled_on", "2025-06-01"),
    ]);
    session.add_record("devices", &input).unwrap().number
}

fn usage(session: &mut Session, device: &str, user: &str, start: &str, content: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("device", device),
        ("user", user),
        ("started_at", start),
        ("content", content),
        ("printed_copies", "2"),
    ]);
    session.add_record("usage_log", &input).unwrap().number
}

fn incoming(session: &mut Session, received_by: &str, title: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("received_on", "2026-03-02"),
        ("issuing_unit", "市委保密委员会办公室"),
        ("document_number", "市保委办〔2026〕5号"),
        ("title", title),
        ("classification", "机密"),
        ("secrecy_term", "10年"),
        ("need_to_know", "局领导班子成员"),
        ("issued_on", "2026-02-27"),
        ("copy_count", "3份"),
        ("copy_numbers", "004-006"),
        ("source", "纸质"),
        ("received_by", received_by),
    ]);
    session.add_record("incoming_documents", &input).unwrap().number
}

fn run(program: &str, args: &[&str]) -> std::process::Output {
    let output = Command::new(program).args(args).output().unwrap_or_else(|err| panic!("{program} could not run: {err}"));
    output
}

fn pdftotext(pdf: &Path) -> String {
    let output = run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Returns the text of each page, split at form feeds.
fn pages(pdf: &Path) -> Vec<String> {
    let text = pdftotext(pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// `text` without whitespace: poppler drops or adds spaces between CJK and digits depending
/// on the glyph spacing, so texts are compared without them.
fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Returns whether `text` contains `expected`, ignoring whitespace.
fn has(text: &str, expected: &str) -> bool {
    flat(text).contains(&flat(expected))
}

fn png_of_first_page(pdf: &Path) -> PathBuf {
    png_of_first_page_at(pdf, 150)
}

fn png_of_first_page_at(pdf: &Path, dpi: u32) -> PathBuf {
    let prefix = pdf.with_extension("");
    let dpi = dpi.to_string();
    let output = run("pdftoppm", &["-r", &dpi, "-png", "-f", "1", "-l", "1", "-singlefile", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    assert!(output.status.success(), "pdftoppm failed: {}", String::from_utf8_lossy(&output.stderr));
    prefix.with_extension("png")
}

/// Keeps a copy of page 1 as PNG under target/print-pages when SECLEDGER_KEEP_PAGES is set, for
/// looking at the forms.
fn keep_page(pdf: &Path, name: &str) {
    let Ok(folder) = std::env::var("SECLEDGER_KEEP_PAGES") else { return };
    std::fs::create_dir_all(&folder).unwrap();
    let png = png_of_first_page(pdf);
    std::fs::copy(&png, Path::new(&folder).join(format!("{name}.png"))).unwrap();
    std::fs::copy(pdf, Path::new(&folder).join(format!("{name}.pdf"))).unwrap();
}

struct Office {
    tv: TestVault,
    session: Session,
    zhang: String,
    li: String,
    computer: String,
}

fn office() -> Office {
    let tv = TestVault::new();
    let mut session = tv.activate("secadmin");
    let zhang = person(&mut session, "张喆");
    let li = person(&mut session, "李堃");
    let computer = device(&mut session, &zhang, "BM-JSJ-001");
    Office { tv, session, zhang, li, computer }
}


/// A circulation slip of `document`, proposed and reviewed by the first reader, sent to each
/// reader in turn (each returns it before the next gets it).
fn circulation(session: &mut Session, document: &str, readers: &[&str]) -> String {
    let slip = session
        .propose_circulation(document, "2026-03-03", "拟请局主要领导阅示，并由办公室牵头组织自查。", readers[0])
        .unwrap()
        .number;
    session.review_circulation(&slip, readers[0], "同意。").unwrap();
    for (index, reader) in readers.iter().enumerate() {
        let sent = format!("2026-03-{:02} 09:00", 3 + index);
        let due = format!("2026-03-{:02} 17:00", 4 + index);
        session.send_to_reader(&slip, reader, &sent, &due).unwrap();
        if index + 1 < readers.len() {
            session.return_from_reader(&slip, &format!("2026-03-{:02} 16:00", 3 + index)).unwrap();
        }
    }
    slip
}

fn media_loan(session: &mut Session, medium: &str, borrower: &str) -> String {
    let request = LoanRequest {
        medium,
        borrower,
        purpose: "拷贝年度保密自查材料至涉密计算机",
        reminded_by: "secadmin",
        lent_at: "2026-01-05 09:30",
        return_due: "2026-01-10",
    };
    session.lend_medium(&request).unwrap().number
}

fn usb_stick(session: &mut Session, custodian: &str, unified: &str) -> String {
    let input = FormInput::from_pairs(&[
        ("unified_number", unified),
        ("category", "U盘"),
        ("classification", "秘密"),
        ("need_to_know", "张喆、李堃"),
        ("custodian", custodian),
        ("department", "办公室"),
        ("enabled_on", "2025-06-01"),
    ]);
    session.add_record("devices", &input).unwrap().number
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Checks what every printed page must carry: the page number of the total, who printed it
/// and the chain head of the print.
fn assert_frame(printed: &Printed, session: &Session) {
    let texts = pages(&printed.path);
    assert_eq!(texts.len(), printed.pages, "page count");
    assert_eq!(&printed.head, session.chain_head(), "the printed head is the head after the print entry");
    let code = audit::short_code(&printed.head);
    let account = &session.account().name;
    for (index, text) in texts.iter().enumerate() {
        let page = index + 1;
        let number = format!("第 {page} 页 共 {} 页", texts.len());
        assert!(has(text, &number), "page {page} lacks “{number}”:\n{text}");
        assert!(has(text, &format!("第 {} 条", printed.head.seq)), "page {page} lacks the chain sequence");
        assert!(text.contains(&code), "page {page} lacks the chain code {code}");
        assert!(text.contains(&format!("（{account}）")), "page {page} lacks the printer {account}");
        assert!(text.contains(&printed.serial), "page {page} lacks the serial {}", printed.serial);
    }
}

/// Files in `dir` other than the vault's own, for checking that nothing was left behind.
fn stray_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with("office.vault"))
        .collect()
}

fn decode_qr_codes(png_path: &Path) -> Vec<String> {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png_path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).unwrap();
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let (width, height) = (info.width as usize, info.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let at = (y * width + x) * channels;
        // The first channel is grey or red; the page is black on white.
        buffer[at]
    });
    image.detect_grids().iter().filter_map(|grid| grid.decode().ok()).map(|(_, text)| text).collect()
}

#[test]
fn circulation_slip_has_document_opinions_and_readers() {
    let mut o = office();
    let doc = incoming(&mut o.session, &o.zhang, "关于做好2026年度保密自查自评工作的通知");
    let slip = circulation(&mut o.session, &doc, &[&o.zhang, &o.li]);
    let out = o.tv.dir.path().join("流转单.pdf");

    let printed = o.session.print_circulation_slip(&slip, &out).unwrap();

    assert_eq!(printed.path, out);
    let text = pdftotext(&out);
    for expected in [
        "文件流转单",
        "市委保密委员会办公室",
        "市保委办〔2026〕5号",
        "关于做好2026年度保密自查自评工作的通知",
        "机密★10年",
        "3份（004-006）",
        "拟办意见",
        "拟请局主要领导阅示",
        "审核意见",
        "同意。",
        "阅文人",
        "送阅时间",
        "归还期限",
        "签名",
        "张喆",
        "李堃",
        "2026-03-04 17:00",
        "保密提醒",
        &doc,
    ] {
        assert!(has(&text, expected), "slip lacks “{expected}”:\n{text}");
    }
    assert_frame(&printed, &o.session);
    keep_page(&out, "circulation_slip");
}

#[test]
fn circulation_slip_of_new_document_is_blank() {
    let mut o = office();
    let doc = incoming(&mut o.session, &o.zhang, "关于开展保密宣传月活动的通知");
    let out = o.tv.dir.path().join("slip.pdf");
    let printed = o.session.print_circulation_slip(&doc, &out).unwrap();
    let text = pdftotext(&out);
    assert!(text.contains("关于开展保密宣传月活动的通知"), "{text}");
    assert!(text.contains("本文件属国家秘密"), "the default reminder is printed:\n{text}");
    assert_frame(&printed, &o.session);
}

#[test]
fn print_is_audited_and_listed_under_serial() {
    let mut o = office();
    let doc = incoming(&mut o.session, &o.zhang, "关于印发保密工作要点的通知");
    let before = o.session.chain_head().seq;
    let out = o.tv.dir.path().join("signoff.pdf");

    let printed = o.session.print_sign_off_sheet(&doc, &out).unwrap();
    keep_page(&out, "sign_off_sheet");

    let year = chrono::Local::now().format("%Y").to_string();
    assert_eq!(printed.serial, format!("PR-{year}-000001"));
    assert_eq!(printed.head.seq, before + 1, "one audit entry per print");
    let entry = print::lookup_print(o.session.vault().conn(), &printed.serial.to_lowercase()).unwrap().unwrap();
    assert_eq!(entry.form, "sign_off_sheet");
    assert_eq!(entry.target, doc);
    assert_eq!(entry.printed_by, "secadmin");
    assert_eq!(entry.audit_seq, printed.head.seq);
    drop(o.session);

    let mut auditor = o.tv.activate("auditor");
    let entries = auditor.list_audit(&Filter { action: Some("print".into()), ..Filter::default() }).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "print.sign_off_sheet");
    assert_eq!(entries[0].target, format!("{doc} {}", printed.serial));
    assert_eq!(entries[0].seq, printed.head.seq);

    // A second print gets the next serial.
    drop(auditor);
    let mut session = o.tv.login("secadmin");
    let again = session.print_sign_off_sheet(&doc, &o.tv.dir.path().join("again.pdf")).unwrap();
    assert_eq!(again.serial, format!("PR-{year}-000002"));
}

#[test]
fn sign_off_sheet_has_row_per_copy() {
    let mut o = office();
    let doc = incoming(&mut o.session, &o.zhang, "关于印发保密工作要点的通知");
    let out = o.tv.dir.path().join("signoff.pdf");
    let printed = o.session.print_sign_off_sheet(&doc, &out).unwrap();
    let text = pdftotext(&out);
    for copy in ["004", "005", "006", "签收人", "签收时间"] {
        assert!(text.contains(copy), "sign-off sheet lacks {copy}:\n{text}");
    }
    assert!(!text.contains("007"), "only the three copies are listed");
    assert_frame(&printed, &o.session);
}

#[test]
fn pdf_is_valid_with_one_subset_font() {
    let mut o = office();
    let doc = incoming(&mut o.session, &o.zhang, "关于做好保密检查的通知");
    let out = o.tv.dir.path().join("slip.pdf");
    o.session.print_circulation_slip(&doc, &out).unwrap();

    let fonts = run("pdffonts", &[out.to_str().unwrap()]);
    assert!(fonts.status.success());
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(rows.len(), 1, "one font:\n{fonts}");
    let columns: Vec<&str> = rows[0].split_whitespace().collect();
    // name type encoding emb sub uni object-id: the name carries the subset tag `ABCDEF+`.
    assert!(columns[0].contains('+'), "subset tag in the name:\n{fonts}");
    let flags = &columns[columns.len() - 5..columns.len() - 2];
    assert_eq!(flags, ["yes", "yes", "yes"], "embedded, subset, with a ToUnicode map:\n{fonts}");

    let check = run("qpdf", &["--check", out.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "qpdf --check failed:\n{report}{}", String::from_utf8_lossy(&check.stderr));
    assert!(report.contains("No syntax or stream encoding errors found"), "{report}");

    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7"), "PDF 1.7 header");
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(xmp.contains("pdfaid:part"), "PDF/A part in the XMP metadata");
    assert!(xmp.contains("pdfaid:conformance"), "PDF/A conformance level in the XMP metadata");
}

#[test]
fn logbook_crosses_pages_with_header_and_numbers() {
    let mut o = office();
    let mut count = 0;
    for day_of_month in 1..=28 {
        for (hour, user) in [(8, &o.zhang), (14, &o.li), (16, &o.zhang)] {
            let start = format!("2026-02-{day_of_month:02} {hour:02}:30");
            usage(&mut o.session, &o.computer.clone(), &user.clone(), &start, "起草《关于加强涉密载体管理的通知》并打印");
            count += 1;
        }
    }
    // Outside the range: not printed.
    usage(&mut o.session, &o.computer.clone(), &o.zhang.clone(), "2026-03-01 08:00", "三月份的登记");
    let out = o.tv.dir.path().join("logbook.pdf");
    let range = LogbookRange { from: day(2026, 2, 1), to: day(2026, 2, 28) };

    let printed = o.session.print_usage_logbook(Some(&o.computer.to_lowercase()), range, &out).unwrap();

    assert!(printed.pages >= 3, "{count} entries take several pages, got {}", printed.pages);
    let info = String::from_utf8(run("pdfinfo", &[out.to_str().unwrap()]).stdout).unwrap();
    assert!(info.contains(&format!("Pages:           {}", printed.pages)), "{info}");
    let texts = pages(&out);
    for (index, text) in texts.iter().enumerate() {
        assert!(text.contains("使用内容"), "header row repeated on page {}:\n{text}", index + 1);
        assert!(text.contains("开始时间"), "header row repeated on page {}:\n{text}", index + 1);
    }
    let all = texts.join("\n");
    assert!(all.contains("BM-JSJ-001"), "device particulars");
    assert!(all.contains("2026-02-01 至 2026-02-28"), "period");
    assert!(all.contains("2026-02-28 16:30"), "last entry in range");
    assert!(!all.contains("三月份的登记"), "entries outside the range are left out");
    // The last row carries the count as its number.
    let numbered = all.lines().filter(|line| line.split_whitespace().next() == Some(&count.to_string())).count();
    assert_eq!(numbered, 1, "row {count} is numbered once");
    assert_frame(&printed, &o.session);
    keep_page(&out, "usage_logbook");
}

#[test]
fn logbook_of_all_devices_pages_per_device() {
    let mut o = office();
    let stick = usb_stick(&mut o.session, &o.li, "BM-U-007");
    usage(&mut o.session, &o.computer.clone(), &o.zhang.clone(), "2026-02-03 09:00", "计算机上的工作");
    usage(&mut o.session, &stick, &o.li.clone(), "2026-02-04 10:00", "U盘上的工作");
    let out = o.tv.dir.path().join("all.pdf");
    let range = LogbookRange { from: day(2026, 2, 1), to: day(2026, 2, 28) };
    let printed = o.session.print_usage_logbook(None, range, &out).unwrap();
    let texts = pages(&out);
    assert_eq!(texts.len(), 2, "one page per device");
    assert!(texts[0].contains("BM-JSJ-001"), "{}", texts[0]);
    assert!(texts[0].contains("计算机上的工作"), "{}", texts[0]);
    assert!(texts[1].contains("BM-U-007"), "{}", texts[1]);
    assert!(texts[1].contains("U盘上的工作"), "{}", texts[1]);
    assert_frame(&printed, &o.session);
}

#[test]
fn logbook_rejects_missing_and_reversed_ranges() {
    let mut o = office();
    let out = o.tv.dir.path().join("logbook.pdf");
    let head = o.session.chain_head().clone();

    let err = error(o.session.print_usage_logbook(Some(&o.computer.clone()), LogbookRange { from: None, to: day(2026, 2, 1) }, &out));
    assert_eq!(err.code(), Code::PrintRangeMissing);
    assert_eq!(err.message(), "打印使用登记手册须给出“起始日期”。请同时给出起始日期和截止日期，如 --from 2026-01-01 --to 2026-01-31。");

    let err = error(o.session.print_usage_logbook(Some(&o.computer.clone()), LogbookRange { from: day(2026, 2, 1), to: None }, &out));
    assert_eq!(err.code(), Code::PrintRangeMissing);
    assert_eq!(err.field_name(), Some("截止日期"));

    let err = error(o.session.print_usage_logbook(Some(&o.computer.clone()), LogbookRange { from: day(2026, 2, 10), to: day(2026, 2, 1) }, &out));
    assert_eq!(err.code(), Code::FieldEndBeforeStart);
    assert_eq!(err.message(), "“截止日期”（2026-02-01）早于“起始日期”（2026-02-10）。结束不能早于开始，请核对这两项。");

    let err = error(o.session.print_usage_logbook(Some(&o.computer.clone()), LogbookRange { from: day(2026, 2, 1), to: day(2026, 2, 10) }, &out));
    assert_eq!(err.code(), Code::PrintNothingToPrint);
    assert_eq!(err.message(), "没有可打印的内容：2026-02-01 至 2026-02-10 期间没有使用登记。");

    assert_eq!(o.session.chain_head(), &head, "nothing was printed, so nothing was audited");
    assert!(stray_files(o.tv.dir.path()).is_empty(), "no file left: {:?}", stray_files(o.tv.dir.path()));
}

#[test]
fn long_title_wraps_inside_its_cell() {
    let mut o = office();
    let title = "关于转发《国家保密局关于进一步加强党政机关涉密计算机和涉密移动存储介质保密管理工作的通知》\
                 并结合本单位实际切实做好2026年度涉密载体清查、保密技术检查、涉密人员教育培训、保密自查自评、\
                 涉密设备维修报废、涉密文件清退销毁、保密宣传教育月活动、网络保密管理和新闻宣传保密审查等各项工作的通知";
    let doc = incoming(&mut o.session, &o.zhang, title);
    let out = o.tv.dir.path().join("slip.pdf");
    o.session.print_circulation_slip(&doc, &out).unwrap();

    // Word boxes from poppler: each CJK line of the title is one "word" with its position.
    let output = run("pdftotext", &["-bbox", out.to_str().unwrap(), "-"]);
    let html = String::from_utf8(output.stdout).unwrap();
    let mut lines: Vec<(f32, f32, String)> = Vec::new();
    for line in html.lines().filter(|l| l.contains("<word")) {
        let attr = |name: &str| -> f32 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[start..].split('"').next().unwrap().parse().unwrap()
        };
        let word = line.rsplit_once("\">").unwrap().1.trim_end_matches("</word>").to_string();
        if word.chars().count() >= 4 && title.contains(&word) {
            lines.push((attr("yMin"), attr("xMax"), word));
        }
    }
    assert_eq!(lines.len(), 4, "the title takes four lines: {lines:?}");
    let joined: String = lines.iter().map(|(_, _, w)| w.as_str()).collect();
    assert_eq!(joined, title.replace(' ', ""), "every character is printed once, in order");
    let body_right = 595.28 - 15.0 * 72.0 / 25.4;
    for (_, x_max, word) in &lines {
        assert!(*x_max <= body_right, "“{word}” runs past the cell's right border ({x_max} > {body_right})");
    }
    for pair in lines.windows(2) {
        assert!(pair[1].0 > pair[0].0, "lines go down the cell");
        let next_first = pair[1].2.chars().next().unwrap();
        assert!(!"，。、；：）》」』】〕".contains(next_first), "a line starts with closing punctuation: {}", pair[1].2);
    }
}

#[test]
fn rare_name_characters_print() {
    let mut o = office();
    let names = ["王珺玥", "赵镕赟", "刘昇", "刘䶮"];
    for name in names {
        for c in name.chars() {
            assert!(metrics().has_glyph(c), "the font has no glyph for {c} (U+{:04X})", c as u32);
        }
    }
    let readers: Vec<String> = names.iter().map(|name| person(&mut o.session, name)).collect();
    let doc = incoming(&mut o.session, &o.zhang, "关于表彰保密工作先进个人的通知");
    let reader_refs: Vec<&str> = readers.iter().map(String::as_str).collect();
    let slip = circulation(&mut o.session, &doc, &reader_refs);
    let out = o.tv.dir.path().join("slip.pdf");
    o.session.print_circulation_slip(&slip, &out).unwrap();
    let text = pdftotext(&out);
    for name in names {
        assert!(text.contains(name), "“{name}” is not in the text layer:\n{text}");
    }
}

#[test]
fn qr_code_decodes_to_serial() {
    let mut o = office();
    let doc = incoming(&mut o.session, &o.zhang, "关于做好保密检查的通知");
    let out = o.tv.dir.path().join("slip.pdf");
    let printed = o.session.print_circulation_slip(&doc, &out).unwrap();
    let png = png_of_first_page(&out);
    let codes = decode_qr_codes(&png);
    assert_eq!(codes, [printed.serial.clone()]);
}

#[test]
fn device_labels_carry_decodable_numbers() {
    let mut o = office();
    let stick = usb_stick(&mut o.session, &o.li, "BM-U-007");
    let out = o.tv.dir.path().join("labels.pdf");
    let printed = o.session.print_device_labels(&LabelSelection::default(), &out).unwrap();
    keep_page(&out, "device_labels");
    let text = pdftotext(&out);
    for expected in ["BM-JSJ-001", "BM-U-007", "密级：机密", "密级：秘密", "责任人：张喆", "责任人：李堃"] {
        assert!(has(&text, expected), "labels lack “{expected}”:\n{text}");
    }
    // The serial's code on label paper is 10 mm wide, so it is read at 300 dpi.
    let mut codes = decode_qr_codes(&png_of_first_page_at(&out, 300));
    codes.sort();
    let mut expected = vec!["BM-JSJ-001".to_string(), "BM-U-007".to_string(), printed.serial.clone()];
    expected.sort();
    assert_eq!(codes, expected, "the two labels and the serial");
    assert_frame(&printed, &o.session);

    let only = o.session.print_device_labels(&LabelSelection { numbers: vec![stick] }, &o.tv.dir.path().join("one.pdf")).unwrap();
    let text = pdftotext(&only.path);
    assert!(text.contains("BM-U-007"), "{text}");
    assert!(!text.contains("BM-JSJ-001"), "{text}");
}

#[test]
fn media_loan_form_signatures_and_masking() {
    let mut o = office();
    let stick = usb_stick(&mut o.session, &o.li, "BM-U-007");
    let loan = media_loan(&mut o.session, &stick, &o.zhang.clone());
    let out = o.tv.dir.path().join("loan.pdf");
    let printed = o.session.print_media_loan_form(&loan, &out).unwrap();
    keep_page(&out, "media_loan_form");
    let text = pdftotext(&out);
    for expected in ["介质借用单", "BM-U-007（U盘）", "张喆", "138****5678", "拷贝年度保密自查材料", "借用人", "出借人（保密管理员）", "归还登记", "接收人", "保密提醒"] {
        assert!(has(&text, expected), "loan form lacks “{expected}”:\n{text}");
    }
    assert!(!text.contains("13812345678"), "the phone number is masked");
    let id_number = o.session.get_record(&o.zhang).unwrap().data.field("id_number").unwrap().to_string();
    assert!(!text.contains(&id_number), "the ID number is not printed");
    assert_frame(&printed, &o.session);
}

#[test]
fn destruction_list_names_both_witnesses() {
    let mut o = office();
    let doc1 = incoming(&mut o.session, &o.zhang, "关于做好保密检查的通知");
    let doc2 = incoming(&mut o.session, &o.zhang, "关于保密工作考核的通知");
    let input = FormInput::from_pairs(&[
        ("year", "2026"),
        ("kind", "销毁"),
        ("registered_on", "2026-11-20"),
        ("receiver", "区保密局销毁中心"),
        ("seal_bag_numbers", "MB-001"),
        ("witness_1", &o.zhang),
        ("witness_2", &o.li),
    ])
    .with_row(&[("item", &doc1), ("title", "关于做好保密检查的通知"), ("classification", "机密"), ("copy_numbers", "004"), ("disposition", "销毁"), ("bag_number", "MB-001")])
    .with_row(&[("item", &doc2), ("title", "关于保密工作考核的通知"), ("classification", "秘密"), ("copy_numbers", "005"), ("disposition", "销毁"), ("bag_number", "MB-001")]);
    let batch = o.session.add_record("disposal_batches", &input).unwrap().number;
    let out = o.tv.dir.path().join("destruction.pdf");
    let printed = o.session.print_disposal_list(&batch, &out).unwrap();
    keep_page(&out, "disposal_list");
    let text = pdftotext(&out);
    for expected in ["2026年度涉密载体销毁清单", "区保密局销毁中心", "监销人（一）：张喆", "监销人（二）：李堃", "共 2 件", &doc1, &doc2, "关于保密工作考核的通知"] {
        assert!(has(&text, expected), "list lacks “{expected}”:\n{text}");
    }
    assert_frame(&printed, &o.session);
}

#[test]
fn inventory_report_prints_counts_and_items() {
    let mut o = office();
    let stick = usb_stick(&mut o.session, &o.li, "BM-U-007");
    let id = o.session.start_inventory("devices").unwrap();
    o.session.scan(id, "BM-JSJ-001\nXX-999").unwrap();
    let report = o.session.close_inventory(id, "账物基本相符；BM-U-007 待查。").unwrap();
    let out = o.tv.dir.path().join("inventory.pdf");
    let printed = o.session.print_inventory_report(&report, &out).unwrap();
    keep_page(&out, "inventory_report");
    let text = pdftotext(&out);
    for expected in ["年度清查报告（设备台账）", "应在数", "缺失数", "账物基本相符", &o.computer, &stick, "XX-999", "已清点", "缺失", "清查人", "审定人"] {
        assert!(has(&text, expected), "report lacks “{expected}”:\n{text}");
    }
    assert_frame(&printed, &o.session);
}

#[test]
fn reminder_notices_for_overdue_loans() {
    let mut o = office();
    let stick = usb_stick(&mut o.session, &o.li, "BM-U-007");
    let loan = media_loan(&mut o.session, &stick, &o.zhang.clone());
    let out = o.tv.dir.path().join("reminders.pdf");
    let today = day(2026, 2, 1).unwrap();
    let printed = o.session.print_reminder_notices(today, &ReminderSelection::default(), &out).unwrap();
    keep_page(&out, "reminder_notice");
    let text = pdftotext(&out);
    for expected in ["催还通知单", "张喆：", "介质“BM-U-007”", &loan, "2026-01-10", "逾期 22 天", "保密办公室"] {
        assert!(has(&text, expected), "notice lacks “{expected}”:\n{text}");
    }
    assert_frame(&printed, &o.session);

    let err = error(o.session.print_reminder_notices(day(2026, 1, 2).unwrap(), &ReminderSelection::default(), &out));
    assert_eq!(err.code(), Code::PrintNothingToPrint);
    assert_eq!(err.message(), "没有可打印的内容：截至 2026-01-02 没有逾期未还的借用或传阅。");
}

#[test]
fn recovery_key_sheet_prints_key_and_is_audited() {
    let tv = TestVault::new();
    let out = tv.dir.path().join("recovery.pdf");
    let key = tv.report.recovery_key.clone();

    let err = error(print::print_recovery_key(&tv.paths, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", &out));
    assert_eq!(err.code(), Code::RecoveryKeyInvalid);
    assert!(!out.exists(), "no sheet for a wrong key");

    let printed = print::print_recovery_key(&tv.paths, &key, &out).unwrap();
    assert_eq!(printed.head.seq, tv.report.head.seq + 1, "the print is the entry after the vault's creation");
    let text = pdftotext(&out);
    let groups: Vec<&str> = key.split('-').collect();
    assert!(has(&text, &groups[..4].join("-")), "first half of the key:\n{text}");
    assert!(has(&text, &groups[4..].join("-")), "second half of the key:\n{text}");
    assert!(text.contains("保管人"), "{text}");
    assert!(text.contains("监督人"), "{text}");
    assert!(text.contains(&audit::short_code(&printed.head)), "chain head on the sheet");

    // The vault still opens, with the print entry in its verified chain.
    let mut auditor = tv.activate("auditor");
    let verified = auditor.verify_audit().unwrap();
    assert!(verified.entries > printed.head.seq);
    let entries = auditor.list_audit(&Filter { action: Some("print".into()), ..Filter::default() }).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "print.recovery_key_sheet");
    assert_eq!(entries[0].account, "sysadmin");
    keep_page(&out, "recovery_key_sheet");
}

#[test]
fn missing_record_is_reported_without_file() {
    let mut o = office();
    let out = o.tv.dir.path().join("slip.pdf");
    let err = error(o.session.print_circulation_slip("SW-2026-0999", &out));
    assert_eq!(err.code(), Code::RecordNotFound);
    assert_eq!(err.message(), "找不到编号为“SW-2026-0999”的记录。请检查编号（如 SW-2026-0001）。");
    assert!(stray_files(o.tv.dir.path()).is_empty());
}

#[test]
fn wrong_register_is_reported() {
    let mut o = office();
    let out = o.tv.dir.path().join("loan.pdf");
    let err = error(o.session.print_media_loan_form(&o.computer.clone(), &out));
    assert_eq!(err.code(), Code::PrintWrongRecord);
    assert_eq!(err.message(), format!("“{}”是“设备台账”的记录，不能打印介质借用单。请输入介质借用的编号。", o.computer));
    assert!(stray_files(o.tv.dir.path()).is_empty());
}

#[test]
fn accounts_without_access_cannot_print() {
    let mut o = office();
    let doc = incoming(&mut o.session, &o.zhang, "关于做好保密检查的通知");
    drop(o.session);
    let mut admin = o.tv.activate("sysadmin");
    let password = admin
        .add_account(&NewAccount { name: "clerk1".into(), display_name: "赵赟".into(), role: Role::Clerk, department: "办公室".into() })
        .unwrap();
    drop(admin);
    let out = o.tv.dir.path().join("slip.pdf");

    // The auditor may not print at all; the denial is audited.
    let mut auditor = o.tv.activate("auditor");
    let err = error(auditor.print_circulation_slip(&doc, &out));
    assert_eq!(err.code(), Code::PermissionDenied);
    assert_eq!(err.message(), "账户“auditor”（安全审计员）无权执行“打印”。此次操作已记入审计日志。");
    drop(auditor);

    // A clerk may print, but not from a classified register it may not read.
    let mut clerk = Session::login(&o.tv.paths, "clerk1", &password).unwrap();
    clerk.change_password(STRONG, STRONG).unwrap();
    let err = error(clerk.print_circulation_slip(&doc, &out));
    assert_eq!(err.code(), Code::RegisterDenied);
    assert_eq!(err.message(), "账户“clerk1”（经办人）无权查看“收文登记”。此次操作已记入审计日志。");
    assert!(stray_files(o.tv.dir.path()).is_empty());
}

#[test]
fn unwritable_output_is_reported_before_printing() {
    let mut o = office();
    let doc = incoming(&mut o.session, &o.zhang, "关于做好保密检查的通知");
    let head = o.session.chain_head().clone();
    let dir = o.tv.dir.path();

    let missing = dir.join("没有的文件夹").join("slip.pdf");
    let err = error(o.session.print_circulation_slip(&doc, &missing));
    assert_eq!(err.code(), Code::PrintOutputInvalid);
    assert_eq!(err.field_name(), Some("输出文件"));
    assert_eq!(
        err.message(),
        format!("无法写入输出文件“{}”：文件夹“{}”不存在。请换一个可写的文件夹或文件名。", missing.display(), dir.join("没有的文件夹").display())
    );

    let err = error(o.session.print_circulation_slip(&doc, dir));
    assert_eq!(err.code(), Code::PrintOutputInvalid);
    assert!(err.message().contains("这是一个文件夹"), "{}", err.message());

    // A file where a folder should be.
    std::fs::write(dir.join("plain.txt"), "x").unwrap();
    let err = error(o.session.print_circulation_slip(&doc, &dir.join("plain.txt").join("slip.pdf")));
    assert_eq!(err.code(), Code::PrintOutputInvalid);

    assert_eq!(o.session.chain_head(), &head, "a print that cannot be written is not recorded");
    assert_eq!(stray_files(dir), ["plain.txt"], "no temporary or partial file is left");
}

#[test]
fn existing_output_is_replaced_whole() {
    let mut o = office();
    let doc = incoming(&mut o.session, &o.zhang, "关于做好保密检查的通知");
    let out = o.tv.dir.path().join("slip.pdf");
    std::fs::write(&out, "an older file").unwrap();
    o.session.print_circulation_slip(&doc, &out).unwrap();
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    assert_eq!(stray_files(o.tv.dir.path()), ["slip.pdf"]);
}
