//! Classified documents: incoming documents with their circulation, copies, outgoing documents
//! and the year's clear-out and destruction batches.

use super::office::{form, who, Office};
use crate::error::Result;
use crate::workflows::copying::CopyRequest;

/// A registered document the later steps refer to.
#[derive(Debug, Clone)]
pub(super) struct Document {
    pub number: String,
    pub title: String,
    /// 密级 without the term, as the disposal list writes it.
    pub level: &'static str,
    pub received_ago: i64,
    /// Filed (归档) and so free to be copied or disposed of.
    pub filed: bool,
}

/// Issuing units and the prefix of their document numbers.
const UNITS: &[(&str, &str)] = &[
    ("市委办公室", "市委办发"),
    ("市政府办公室", "市政办发"),
    ("市国家保密局", "市保发"),
    ("市委机要局", "市机要发"),
    ("市委组织部", "市组发"),
    ("市公安局", "市公发"),
    ("省国家保密局", "省保发"),
    ("市发展和改革委员会", "市发改发"),
];

const INCOMING_TITLES: &[&str] = &[
    "关于开展年度保密自查自评工作的通知",
    "关于加强涉密载体管理的通知",
    "关于做好重要会议期间保密工作的通知",
    "关于印发《涉密人员管理办法》的通知",
    "关于开展保密宣传教育月活动的通知",
    "关于进一步规范涉密文件清退工作的通知",
    "关于重点项目推进情况的通报",
    "关于防范境外间谍情报机关窃密活动的通报",
    "关于做好干部考察工作的通知",
    "关于年度重大事项督查情况的通报",
    "关于加强涉密计算机和移动存储介质管理的通知",
    "关于调整应急指挥体系的通知",
    "关于做好信访维稳工作的通知",
    "关于开展专项保密检查的通知",
    "关于某地泄密案件的情况通报",
    "会议纪要",
];

/// 密级★保密期限 with a weight in 20.
const INCOMING_MARKINGS: &[(&str, u64)] = &[
    ("秘密★5年", 6),
    ("秘密★10年", 6),
    ("机密★10年", 4),
    ("机密★20年", 3),
    ("绝密★30年", 1),
];

const OUTGOING_TITLES: &[&str] = &[
    "关于做好本区年度保密自查自评工作的通知",
    "区委常委会会议纪要",
    "关于印发《区涉密载体管理实施细则》的通知",
    "关于重点工作督查情况的通报",
    "关于干部任免事项的请示",
    "关于重大项目前期工作情况的报告",
    "关于调整区保密委员会组成人员的通知",
    "关于应急处置工作情况的报告",
];

const STORAGE: &str = "机要室1号保密柜";

impl Office<'_> {
    /// Registers the year's incoming documents in order of receipt and circulates most of
    /// them: proposed handling, the office head's review, one or two readers, filing. The last
    /// days leave one slip overdue, one due tomorrow, one awaiting review and one document not
    /// yet circulated.
    pub(super) fn add_incoming(&mut self) -> Result<()> {
        let count = self.size.count(100, 24);
        let spacing = 345.0 / count as f64;
        let mut received: Vec<(i64, &'static str, Option<i64>)> = (0..count)
            .map(|i| (360 - (i as f64 * spacing) as i64, "", None))
            .collect();
        // Two documents with a one-year term, issued 375 and 340 days ago: the review of one
        // is 10 days overdue, the other falls due within the 60-day warning period.
        received.push((362, "秘密★1年", Some(375)));
        received.push((335, "秘密★1年", Some(340)));
        received.sort_by_key(|&(ago, _, _)| std::cmp::Reverse(ago));

        for (received_ago, marking, issued_ago) in received {
            let marking = if marking.is_empty() { self.weighted_marking() } else { marking };
            let document = self.register_incoming(received_ago, marking, issued_ago)?;
            let filed = if received_ago > 12 && self.rng.chance(85) {
                self.circulate(&document, received_ago)?;
                true
            } else if received_ago > 12 {
                self.s.file_document(&document.number, STORAGE)?;
                true
            } else {
                false
            };
            self.documents.push(Document { filed, ..document });
        }

        // Open circulation at the end of the year.
        let late = self.register_incoming(8, "机密★10年", None)?;
        let slip = self.open_slip(&late.number, 8)?;
        let (sent, due) = (self.at(6, 9, 0), self.at(2, 17, 0));
        self.s.send_to_reader(&slip, self.people[10].number.as_str(), &sent, &due)?;

        let current = self.register_incoming(2, "秘密★5年", None)?;
        let slip = self.open_slip(&current.number, 2)?;
        let (sent, due) = (self.at(1, 10, 0), self.at(-1, 17, 0));
        let leader = self.person(who::LEADER).to_string();
        self.s.send_to_reader(&slip, &leader, &sent, &due)?;

        let waiting = self.register_incoming(1, "秘密★10年", None)?;
        let handling = format!("拟请{}同志阅示。", self.people[who::LEADER].name);
        let clerk = self.person(who::CLERK).to_string();
        let circulated_on = self.date(1);
        self.s.propose_circulation(&waiting.number, &circulated_on, &handling, &clerk)?;
        self.records += 1;

        self.register_incoming(0, "秘密★5年", None)?;
        Ok(())
    }

    fn weighted_marking(&mut self) -> &'static str {
        let mut roll = self.rng.below(20) as u64;
        for &(marking, weight) in INCOMING_MARKINGS {
            if roll < weight {
                return marking;
            }
            roll -= weight;
        }
        INCOMING_MARKINGS[0].0
    }

    /// Registers a document received `received_ago` days ago, issued `issued_ago` days ago or
    /// a few days before it was received.
    fn register_incoming(&mut self, received_ago: i64, marking: &'static str, issued_ago: Option<i64>) -> Result<Document> {
        let (unit, prefix) = *self.rng.pick(UNITS);
        let issued_ago = match issued_ago {
            Some(ago) => ago,
            None => received_ago + self.rng.between(2, 10),
        };
        let issued_year = &self.date(issued_ago)[..4];
        let title = self.rng.pick(INCOMING_TITLES).to_string();
        let copies = self.rng.between(1, 3);
        let first = self.rng.between(1, 60);
        let copy_numbers = if copies == 1 { format!("{first:03}") } else { format!("{first:03}-{:03}", first + copies - 1) };
        let receiver = if self.rng.chance(60) { who::CLERK } else { who::CLERK_2 };
        let input = form! {
            "received_on" => self.date(received_ago), "issuing_unit" => unit,
            "document_number" => format!("{prefix}〔{issued_year}〕{}号", self.rng.between(3, 160)),
            "title" => title, "classification" => marking,
            "need_to_know" => "区委常委、区委办公室主任", "issued_on" => self.date(issued_ago),
            "copy_count" => copies, "copy_numbers" => copy_numbers,
            "source" => if self.rng.chance(75) { "纸质" } else { "涉密网" },
            "received_by" => self.person(receiver), "storage_location" => STORAGE,
        };
        let number = self.add("incoming_documents", &input)?.number;
        let level = marking.split('★').next().unwrap_or(marking);
        let level = ["绝密", "机密", "秘密"].into_iter().find(|l| *l == level).unwrap_or("秘密");
        Ok(Document { number, title, level, received_ago, filed: false })
    }

    /// Opens a slip for `document` received `received_ago` days ago and has the office head
    /// review it. Returns the slip number.
    fn open_slip(&mut self, document: &str, received_ago: i64) -> Result<String> {
        let handling = format!("拟请{}同志阅示，并由相关科室落实。", self.people[who::LEADER].name);
        let clerk = self.person(who::CLERK).to_string();
        let head = self.person(who::HEAD).to_string();
        let circulated_on = self.date(received_ago);
        let slip = self.s.propose_circulation(document, &circulated_on, &handling, &clerk)?.number;
        self.records += 1;
        self.s.review_circulation(&slip, &head, "同意，请按拟办意见办理。")?;
        Ok(slip)
    }

    /// Circulates a document to one or two readers whose 岗位等级 covers its 密级, each
    /// returning it the next day, and files it.
    fn circulate(&mut self, document: &Document, received_ago: i64) -> Result<()> {
        let slip = self.open_slip(&document.number, received_ago)?;
        let readers = self.readers_for(document.level);
        let first = self.rng.below(readers.len());
        let mut chosen = vec![readers[first]];
        if self.rng.chance(40) {
            chosen.push(readers[(first + 1) % readers.len()]);
        }
        for (turn, reader) in chosen.into_iter().enumerate() {
            let sent_ago = received_ago - 1 - 2 * turn as i64;
            let sent = self.at(sent_ago, 9, 30);
            let due = self.at(sent_ago - 2, 17, 0);
            let minute = self.rng.between(0, 59) as u32;
            let back = self.at(sent_ago - 1, 15, minute);
            let reader = self.person(reader).to_string();
            self.s.send_to_reader(&slip, &reader, &sent, &due)?;
            self.s.return_from_reader(&slip, &back)?;
        }
        self.s.file_document(&document.number, STORAGE)?;
        Ok(())
    }

    /// Leaders and section heads who read documents of `level`.
    fn readers_for(&self, level: &str) -> Vec<usize> {
        let candidates = [who::LEADER, who::DEPUTY_HEAD, who::HEAD, who::PERSONNEL_HEAD, 10, 14, 16, 18, 21];
        candidates
            .into_iter()
            .filter(|&index| level != "绝密" || self.people[index].level == "核心")
            .collect()
    }

    /// Copies of filed documents, each approved by the supervising leader and the 保密专管员;
    /// one application awaits the 保密专管员 and one was refused.
    pub(super) fn add_copies(&mut self) -> Result<()> {
        let candidates: Vec<Document> = self
            .documents
            .iter()
            .filter(|doc| doc.filed && doc.received_ago > 40 && doc.level != "绝密")
            .cloned()
            .collect();
        let count = self.size.count(6, 2).min(candidates.len().saturating_sub(2));
        let step = (candidates.len() / (count + 2)).max(1);
        let leader = self.person(who::LEADER).to_string();
        let officer = self.person(who::OFFICER).to_string();
        let clerk = self.person(who::CLERK).to_string();
        let applicants = [who::PERSONNEL_HEAD, 10, 14, 16, 18];

        for (index, doc) in candidates.iter().step_by(step).take(count + 2).enumerate() {
            let applied_ago = doc.received_ago - 3;
            let applicant = self.person(applicants[index % applicants.len()]).to_string();
            let applied_on = self.date(applied_ago);
            let request = CopyRequest {
                document: &doc.number,
                applied_on: &applied_on,
                applicant: &applicant,
                reason: "分送科室传达学习，学习后随原件一并管理",
                copy_count: if index % 2 == 0 { "1" } else { "2" },
            };
            let approval = self.s.apply_for_copy(&request)?.number;
            self.records += 1;
            if index == count {
                self.s.change_status(&approval, "rejected", "原件标注“不得复制”")?;
                continue;
            }
            let leader_on = self.date(applied_ago - 1);
            self.s.approve_copy_as_leader(&approval, &leader, &leader_on)?;
            if index == count + 1 {
                continue;
            }
            let officer_on = self.date(applied_ago - 1);
            self.s.approve_copy_as_officer(&approval, &officer, &officer_on)?;
            let copied_on = self.date(applied_ago - 2);
            self.s.register_copies(&approval, &copied_on, &clerk)?;
        }
        Ok(())
    }

    /// Registers the office's own documents, drafted on a classified computer, classified by the
    /// responsible leader, signed, sent by 机要交通 and filed. The last two are still being
    /// drafted or awaiting dispatch.
    pub(super) fn add_outgoing(&mut self) -> Result<()> {
        let count = self.size.count(30, 6);
        let spacing = 340 / count as i64;
        let leader = self.person(who::LEADER).to_string();
        let drafters = [(who::SCRIBE, 2), (who::HEAD, 5), (who::OFFICER, 1), (who::CLERK, 0)];
        for i in 0..count {
            let issued_ago = 350 - i as i64 * spacing;
            let (drafter, computer) = drafters[i % drafters.len()];
            let marking = if self.rng.chance(70) { "秘密★5年" } else { "机密★10年" };
            let copies = self.rng.between(8, 30);
            let year = &self.date(issued_ago)[..4];
            let mut input = form! {
                "issued_on" => self.date(issued_ago),
                "document_number" => format!("区委办发〔{year}〕{}号", i + 1),
                "title" => self.rng.pick(OUTGOING_TITLES), "classification" => marking,
                "need_to_know" => "区委常委、各乡镇（街道）党（工）委书记",
                "classified_by" => leader, "drafter" => self.person(drafter),
                "drafting_computer" => self.devices[computer].number,
                "printed_copies" => copies,
                "distribution" => "区委常委，各乡镇（街道）党（工）委，区委各部委办局",
            };
            let stage = if i + 2 == count { 0 } else if i + 1 == count { 1 } else { 3 };
            if stage >= 1 {
                input.fields.insert("signed_by".into(), leader.clone());
                input.fields.insert("signed_on".into(), self.date(issued_ago));
            }
            if stage >= 3 {
                input.fields.insert("copy_numbers".into(), format!("001-{copies:03}"));
                input.fields.insert("dispatched_on".into(), self.date(issued_ago - 1));
                input.fields.insert("courier_receipt".into(), format!("JY{year}-{:04}", 100 + i * 7));
                input.fields.insert("archive_location".into(), "档案室2号密集架".into());
            }
            let number = self.add("outgoing_documents", &input)?.number;
            if stage >= 1 {
                self.s.change_status(&number, "signed", "")?;
            }
            if stage >= 3 {
                self.s.change_status(&number, "dispatched", "")?;
                self.s.change_status(&number, "filed", "")?;
                let title = input.fields["title"].clone();
                let level = marking.split('★').next().unwrap_or("秘密");
                let level = if level == "机密" { "机密" } else { "秘密" };
                self.outgoing.push(Document { number, title, level, received_ago: issued_ago, filed: true });
            }
        }
        Ok(())
    }

    /// Registers a clear-out to the issuing authority and a destruction batch, both handed over and
    /// confirmed by a second account, and the year-end destruction batch being counted.
    pub(super) fn add_disposals(&mut self) -> Result<()> {
        let old: Vec<Document> = self
            .documents
            .iter()
            .filter(|doc| doc.filed && doc.received_ago > 220)
            .cloned()
            .collect();
        let mid: Vec<Document> = self
            .documents
            .iter()
            .filter(|doc| doc.filed && (70..=220).contains(&doc.received_ago))
            .cloned()
            .collect();
        let recent: Vec<Document> = self
            .documents
            .iter()
            .filter(|doc| doc.filed && (13..70).contains(&doc.received_ago))
            .cloned()
            .collect();
        let outgoing = self.outgoing.first().cloned();

        let clear_out: Vec<&Document> = old.iter().rev().take(3).collect();
        self.disposal_batch("清退", 200, Some(195), "市委机要局", "QT-2026-01", &clear_out)?;

        let mut destroy: Vec<&Document> = mid.iter().take(2).collect();
        destroy.extend(outgoing.as_ref());
        self.disposal_batch("销毁", 60, Some(55), "区国家保密局涉密载体销毁中心", "XH-2026-01", &destroy)?;

        let counting: Vec<&Document> = recent.iter().take(2).collect();
        self.disposal_batch("销毁", 5, None, "区国家保密局涉密载体销毁中心", "", &counting)?;
        Ok(())
    }

    /// Registers a batch of `kind` (清退 or 销毁), seals it and, when `handed_over_ago` is
    /// given, hands it over with the second account's confirmation.
    fn disposal_batch(
        &mut self,
        kind: &str,
        registered_ago: i64,
        handed_over_ago: Option<i64>,
        receiver: &str,
        bag: &str,
        items: &[&Document],
    ) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let year = &self.date(registered_ago)[..4];
        let mut input = form! {
            "year" => year, "kind" => kind, "registered_on" => self.date(registered_ago),
            "receiver" => receiver,
        };
        if kind == "销毁" {
            input.fields.insert("witness_1".into(), self.person(who::OFFICER).to_string());
            input.fields.insert("witness_2".into(), self.person(who::HEAD).to_string());
        }

        for item in items {
            input = input.with_row(&[
                ("item", &item.number),
                ("title", &item.title),
                ("classification", item.level),
                ("disposition", kind),
                ("bag_number", if bag.is_empty() { "" } else { bag }),
            ]);
        }
        let number = self.add("disposal_batches", &input)?.number;

        let Some(handed_over_ago) = handed_over_ago else {
            return Ok(());
        };
        let sealed = form! { "seal_bag_numbers" => bag };
        self.advance(&number, &sealed, "sealed", "封袋")?;
        let handed_over_on = self.date(handed_over_ago);
        let second = self.second;
        self.s.confirm_disposal(&number, &handed_over_on, Some(second))?;
        Ok(())
    }
}
