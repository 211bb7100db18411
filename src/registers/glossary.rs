//! The glossary: one fixed English identifier for each Chinese term of the registers.
//!
//! A field labelled with a glossary term uses the term's identifier as its field id, and the
//! value types are named after the same term (`密级` is the field id `classification` and the
//! type `Classification`). A test in `defs` checks every register against this table, so a
//! term reads the same in code, SQL, the UI and printed forms.

/// Declares the terms with their snake-case identifiers and Chinese terms.
macro_rules! terms {
    ($($variant:ident => $ident:literal, $zh:literal;)*) => {
        /// A domain term of the registers.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Term {
            $($variant,)*
        }

        impl Term {
            /// Every term, in declaration order.
            pub const ALL: &'static [Term] = &[$(Term::$variant,)*];

            /// Returns the snake-case identifier used for field ids and columns, e.g. `secrecy_term`.
            pub const fn ident(self) -> &'static str {
                match self {
                    $(Term::$variant => $ident,)*
                }
            }

            /// Returns the Chinese term used in the UI and on printed forms, e.g. `保密期限`.
            pub const fn zh(self) -> &'static str {
                match self {
                    $(Term::$variant => $zh,)*
                }
            }
        }
    };
}

terms! {
    // Marking and clearance.
    Classification => "classification", "密级";
    SecrecyTerm => "secrecy_term", "保密期限";
    NeedToKnow => "need_to_know", "知悉范围";
    ClassifiedBy => "classified_by", "定密责任人";
    PostLevel => "post_level", "岗位等级";
    DeclassificationPeriod => "declassification_period", "脱密期";
    ClassifiedPersonnel => "classified_personnel", "涉密人员";
    CommitmentLetter => "commitment_letter", "保密承诺书";
    SecrecyReminder => "secrecy_reminder", "保密提醒";

    // Documents.
    DocumentNumber => "document_number", "文号";
    Title => "title", "标题";
    IssuingUnit => "issuing_unit", "来文单位";
    IssuedOn => "issued_on", "成文日期";
    ReceivedOn => "received_on", "收到日期";
    ReceivedBy => "received_by", "签收人";
    SignedBy => "signed_by", "签发人";
    SignedOn => "signed_on", "签发日期";
    CopyCount => "copy_count", "份数";
    CopyNumbers => "copy_numbers", "份号";
    PrintedCopies => "printed_copies", "印制份数";
    Source => "source", "来源";
    StorageLocation => "storage_location", "存放位置";
    CirculationSlip => "circulation_slip", "流转单";
    ProposedHandling => "proposed_handling", "拟办意见";
    Reader => "reader", "阅文人";
    SentAt => "sent_at", "送阅时间";
    ReturnDue => "return_due", "归还期限";
    ReturnedAt => "returned_at", "归还时间";
    ConfidentialCourier => "confidential_courier", "机要交通";
    ClearOut => "clear_out", "清退";
    Destruction => "destruction", "销毁";
    SealBagNumbers => "seal_bag_numbers", "密封袋编号";
    Disposition => "disposition", "处置方式";

    // Devices and media.
    UnifiedNumber => "unified_number", "统一编号";
    Category => "category", "类别";
    BrandModel => "brand_model", "品牌型号";
    SerialNumber => "serial_number", "序列号";
    HardDiskSerial => "hard_disk_serial", "硬盘序列号";
    Custodian => "custodian", "责任人";
    EnabledOn => "enabled_on", "启用日期";
    DestructionSite => "destruction_site", "销毁地点";

    // People and general.
    Name => "name", "姓名";
    ResidentIdNumber => "id_number", "身份证号";
    Phone => "phone", "联系电话";
    Department => "department", "部门";
    DepartedOn => "departed_on", "离岗日期";
    Approver => "approver", "审批人";
    ApprovedOn => "approved_on", "审批日期";
    Purpose => "purpose", "用途";
    Note => "note", "备注";
    ArchiveKind => "archive_kind", "档案类别";
    Platform => "platform", "平台";
    IncidentGrade => "incident_grade", "事件等级";
}

/// Finds the term whose Chinese form is `zh`.
pub fn by_zh(zh: &str) -> Option<Term> {
    Term::ALL.iter().copied().find(|term| term.zh() == zh)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn terms_are_unique_both_ways() {
        let mut idents = HashSet::new();
        let mut zhs = HashSet::new();
        for term in Term::ALL {
            assert!(
                idents.insert(term.ident()),
                "identifier {} repeats",
                term.ident()
            );
            assert!(zhs.insert(term.zh()), "term {} repeats", term.zh());
        }
    }

    #[test]
    fn identifiers_are_snake_case() {
        for term in Term::ALL {
            let ok = term
                .ident()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_');
            assert!(ok, "{} is not snake case", term.ident());
        }
    }

    #[test]
    fn lookup_by_chinese_term() {
        assert_eq!(by_zh("密级"), Some(Term::Classification));
        assert_eq!(by_zh("脱密期"), Some(Term::DeclassificationPeriod));
        assert_eq!(by_zh("流转单"), Some(Term::CirculationSlip));
        assert_eq!(by_zh("不存在"), None);
    }
}
