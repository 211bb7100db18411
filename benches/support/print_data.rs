//! The usage logbook the print benchmark and the `print_logbook` example print: two people,
//! one computer, and N entries spread over 2026 with varied, realistic content.

use secledger::auth::Session;
use secledger::registers::FormInput;

/// Returns a valid resident ID number for sequence `n`, so each person in the data set is
/// distinct.
fn id_number(n: u32) -> String {
    let first_17 = format!("11010519800101{:03}", n % 1000);
    secledger::registers::values::ResidentId::complete(&first_17).expect("17 digits")
}

/// Work done on a classified computer, as users write it in the logbook.
const CONTENT: &[&str] = &[
    "起草《关于做好年度保密自查自评工作的通知》",
    "修改会议纪要并打印",
    "处理涉密文件SW-2026-0012的签报",
    "编写保密工作总结（第三稿）",
    "打印涉密人员培训签到表",
    "核对涉密设备台账，更新12台设备状态",
    "制作保密检查整改情况报告",
    "录入年度清查结果",
];

const NOTES: &[&str] = &["", "", "", "打印后已登记", "", "U盘BM-U-003拷入"];

pub struct Logbook {
    pub device: String,
    /// The same entries as UTF-8 CSV with a header row, as a spreadsheet would import them.
    /// Only the `print_logbook` example writes it out.
    #[allow(dead_code)]
    pub csv: String,
}

impl Logbook {
    pub fn create(session: &mut Session, rows: usize) -> Logbook {
        let zhang = person(session, "张喆");
        let li = person(session, "李堃");
        let device = session
            .add_record(
                "devices",
                &FormInput::from_pairs(&[
                    ("unified_number", "BM-JSJ-001"),
                    ("category", "涉密计算机"),
                    ("brand_model", "联想 开天M90z"),
                    ("hard_disk_serial", "WD-WX12A3456789"),
                    ("classification", "机密"),
                    ("custodian", &zhang),
                    ("department", "办公室"),
                    ("storage_location", "机要室 302"),
                    ("enabled_on", "2025-06-01"),
                ]),
            )
            .expect("add the device")
            .number;

        let mut inputs = Vec::with_capacity(rows);
        let mut csv = String::from("序号,开始时间,结束时间,使用人,使用内容,份数,备注\n");
        for i in 0..rows {
            // Spread the entries over the 365 days of 2026, several a day.
            let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days((i * 365 / rows.max(1)) as i64);
            let hour = 8 + (i % 9);
            let start = format!("{} {hour:02}:{:02}", day.format("%Y-%m-%d"), (i * 7) % 60);
            let end = format!("{} {:02}:{:02}", day.format("%Y-%m-%d"), hour + 1, (i * 7) % 60);
            let (user, name) = if i % 3 == 0 { (&li, "李堃") } else { (&zhang, "张喆") };
            let content = CONTENT[i % CONTENT.len()];
            let copies = (i % 4).to_string();
            let note = NOTES[i % NOTES.len()];
            inputs.push(FormInput::from_pairs(&[
                ("device", &device),
                ("user", user),
                ("started_at", &start),
                ("ended_at", &end),
                ("content", content),
                ("printed_copies", &copies),
                ("note", note),
            ]));
            csv.push_str(&format!("{},{start},{end},{name},{content},{copies},{note}\n", i + 1));
        }
        session.add_records_bulk("usage_log", &inputs, "基准测试数据", &mut |_| {}).expect("add the entries");
        Logbook { device, csv }
    }
}

fn person(session: &mut Session, name: &str) -> String {
    // The name's first character keeps the two people's ID numbers apart.
    let seed = name.chars().next().map_or(0, |c| c as u32);
    let input = FormInput::from_pairs(&[
        ("name", name),
        ("id_number", &id_number(seed)),
        ("department", "办公室"),
        ("post", "机要员"),
        ("post_level", "重要"),
        ("proposed_on", "2025-01-05"),
    ]);
    session.add_record("personnel", &input).expect("add a person").number
}
