//! 密级 (classification) and 保密期限 (secrecy term), alone or together as a marking such as
//! `机密★10年`.
//!
//! When a document states no term, the statutory term applies: 绝密 30 years, 机密 20 years,
//! 秘密 10 years. A [`Marking`] keeps "not stated" apart from a stated term, because the
//! register must record the document's own marking. [`Marking::effective_term`] applies the
//! default.

use std::fmt;

use chrono::{Months, NaiveDate};

use super::date::{digits, format_date_zh, parse_date};
use super::invalid;
use super::normalize::normalize;
use crate::{t, Result};

/// A 密级. The order runs from 非密 up to 绝密, so `a >= b` means "at least as secret".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Classification {
    /// 非密: not classified, used for equipment (accepted as 非密, 非涉密 or 公开).
    Unclassified,
    /// 内部: not a state secret, but not for the public either.
    Internal,
    /// 秘密.
    Confidential,
    /// 机密.
    Secret,
    /// 绝密.
    TopSecret,
}

/// Set of 密级 values a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelSet {
    /// 绝密, 机密 and 秘密 only: the field belongs to a classified item.
    Classified,
    /// Also 内部 and 非密, for registers that list non-classified items too (equipment).
    All,
}

impl Classification {
    /// The three levels of state secrets, highest first.
    pub const CLASSIFIED: [Classification; 3] = [
        Classification::TopSecret,
        Classification::Secret,
        Classification::Confidential,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Classification::Unclassified => "非密",
            Classification::Internal => "内部",
            Classification::Confidential => "秘密",
            Classification::Secret => "机密",
            Classification::TopSecret => "绝密",
        }
    }

    /// Returns whether this level is a state secret (绝密, 机密 or 秘密).
    pub fn is_classified(self) -> bool {
        self >= Classification::Confidential
    }

    /// Returns the secrecy term in years that applies when a document states none: 绝密 30, 机密 20,
    /// 秘密 10. These are also the usual maximum terms. `None` for non-classified levels.
    pub fn statutory_term_years(self) -> Option<u8> {
        match self {
            Classification::TopSecret => Some(30),
            Classification::Secret => Some(20),
            Classification::Confidential => Some(10),
            Classification::Internal | Classification::Unclassified => None,
        }
    }

    /// Reads a level as typed, with or without the suffix `级` (`机密级`).
    fn from_text(text: &str) -> Option<Classification> {
        let text = text.strip_suffix('级').unwrap_or(text);
        let level = match text {
            "绝密" => Classification::TopSecret,
            "机密" => Classification::Secret,
            "秘密" => Classification::Confidential,
            "内部" => Classification::Internal,
            "非密" | "非涉密" | "公开" => Classification::Unclassified,
            _ => return None,
        };
        Some(level)
    }
}

impl LevelSet {
    fn allows(self, level: Classification) -> bool {
        match self {
            LevelSet::Classified => level.is_classified(),
            LevelSet::All => true,
        }
    }

    fn allowed_text(self) -> String {
        match self {
            LevelSet::Classified => t!("field.allowed.classification"),
            LevelSet::All => t!("field.allowed.classification_all"),
        }
    }
}

/// A 保密期限 as marked on a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecrecyTerm {
    /// A number of years (`10年`), counted from the date the document was classified.
    Years(u8),
    /// 长期: no fixed end.
    LongTerm,
    /// An end date (`2029年12月31日`).
    Until(NaiveDate),
}

impl SecrecyTerm {
    /// Parses `10年`, `长期` or an end date in any accepted date form.
    pub fn parse(text: &str) -> Result<SecrecyTerm> {
        let text = normalize(text);
        Self::read(&text).ok_or_else(|| invalid(&text, t!("field.allowed.secrecy_term")))
    }

    fn read(text: &str) -> Option<SecrecyTerm> {
        if text == "长期" {
            return Some(SecrecyTerm::LongTerm);
        }
        if let Some(years) = text.strip_suffix('年') {
            let years = digits(years.trim(), 1, 2)?;
            return (years >= 1).then_some(SecrecyTerm::Years(years as u8));
        }
        parse_date(text).ok().map(SecrecyTerm::Until)
    }

    /// Computes the last day of secrecy for a term that started on `start`, or `None` for 长期.
    /// A term of N years from 29 February ends on 28 February when that year has no 29th.
    pub fn end_from(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            SecrecyTerm::Years(years) => start.checked_add_months(Months::new(12 * years as u32)),
            SecrecyTerm::LongTerm => None,
            SecrecyTerm::Until(date) => Some(date),
        }
    }
}

impl fmt::Display for SecrecyTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecrecyTerm::Years(years) => write!(f, "{years}年"),
            SecrecyTerm::LongTerm => f.write_str("长期"),
            SecrecyTerm::Until(date) => f.write_str(&format_date_zh(*date)),
        }
    }
}

/// A 密级 with the 保密期限 stated next to it, if any: `机密★10年`, `绝密★长期`, `秘密`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marking {
    pub classification: Classification,
    /// The term as stated; `None` when the marking states no term.
    pub term: Option<SecrecyTerm>,
}

/// The separators offices type between level and term: `★`, `☆`, `*` and full-width `＊`
/// (which `normalize` maps to `*`).
const STARS: [char; 3] = ['★', '☆', '*'];

impl Marking {
    /// Parses a level with an optional term after a star.
    pub fn parse(text: &str, levels: LevelSet) -> Result<Marking> {
        let text = normalize(text);
        let (level_text, term_text) = match text.split_once(STARS) {
            Some((level, term)) => (level.trim(), Some(term.trim())),
            None => (text.as_str(), None),
        };

        let classification = Classification::from_text(level_text)
            .filter(|level| levels.allows(*level))
            .ok_or_else(|| invalid(&text, levels.allowed_text()))?;

        let Some(term_text) = term_text else {
            return Ok(Marking {
                classification,
                term: None,
            });
        };
        if !classification.is_classified() {
            let allowed = t!(
                "field.allowed.term_unclassified",
                level = classification.label()
            );
            return Err(invalid(&text, allowed));
        }
        let term = SecrecyTerm::read(term_text)
            .ok_or_else(|| invalid(&text, t!("field.allowed.secrecy_term")))?;
        Ok(Marking {
            classification,
            term: Some(term),
        })
    }

    /// Returns the stated term, or the statutory term when none is stated. `None` for non-classified
    /// levels.
    pub fn effective_term(&self) -> Option<SecrecyTerm> {
        if !self.classification.is_classified() {
            return None;
        }
        let statutory = self
            .classification
            .statutory_term_years()
            .map(SecrecyTerm::Years);
        self.term.or(statutory)
    }
}

impl fmt::Display for Marking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.classification.label())?;
        match self.term {
            Some(term) => write!(f, "★{term}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use Classification::*;

    fn marking(classification: Classification, term: Option<SecrecyTerm>) -> Marking {
        Marking {
            classification,
            term,
        }
    }

    fn check(input: &str, levels: LevelSet, expected: Result<(Marking, &str), &str>) {
        let actual = Marking::parse(input, levels);
        match expected {
            Ok((value, printed)) => {
                let value_parsed = actual.unwrap_or_else(|err| panic!("{input}: {err:?}"));
                assert_eq!(value_parsed, value, "input {input}");
                assert_eq!(value_parsed.to_string(), printed, "input {input}");
            }
            Err(message) => {
                let err = actual.expect_err(input).field("密级");
                assert_eq!(err.message_in(Lang::ZhCn), message, "input {input}");
            }
        }
    }

    #[test]
    fn markings() {
        let ten_years = Some(SecrecyTerm::Years(10));
        let end_2029 = Some(SecrecyTerm::Until(
            NaiveDate::from_ymd_opt(2029, 12, 31).unwrap(),
        ));
        let classified = LevelSet::Classified;
        let cases = [
            ("机密★10年", classified, Ok((marking(Secret, ten_years), "机密★10年"))),
            ("绝密★长期", classified, Ok((marking(TopSecret, Some(SecrecyTerm::LongTerm)), "绝密★长期"))),
            ("秘密★2029年12月31日", classified, Ok((marking(Confidential, end_2029), "秘密★2029年12月31日"))),
            ("秘密★2029-12-31", classified, Ok((marking(Confidential, end_2029), "秘密★2029年12月31日"))),
            ("秘密", classified, Ok((marking(Confidential, None), "秘密"))),
            ("机密级", classified, Ok((marking(Secret, None), "机密"))),
            ("机密☆10年", classified, Ok((marking(Secret, ten_years), "机密★10年"))),
            ("机密*10年", classified, Ok((marking(Secret, ten_years), "机密★10年"))),
            ("机密＊１０年", classified, Ok((marking(Secret, ten_years), "机密★10年"))),
            (" 机密 ★ 10 年 ", classified, Ok((marking(Secret, ten_years), "机密★10年"))),
            ("内部", LevelSet::All, Ok((marking(Internal, None), "内部"))),
            ("非密", LevelSet::All, Ok((marking(Unclassified, None), "非密"))),
            ("公开", LevelSet::All, Ok((marking(Unclassified, None), "非密"))),
            (
                "特密",
                classified,
                Err("“密级”的值“特密”无效：应为绝密、机密或秘密，可加保密期限，如“机密★10年”“绝密★长期”“秘密★2029年12月31日”。"),
            ),
            (
                "内部",
                classified,
                Err("“密级”的值“内部”无效：应为绝密、机密或秘密，可加保密期限，如“机密★10年”“绝密★长期”“秘密★2029年12月31日”。"),
            ),
            (
                "特密",
                LevelSet::All,
                Err("“密级”的值“特密”无效：应为绝密、机密、秘密、内部或非密；绝密、机密、秘密可加保密期限，如“机密★10年”。"),
            ),
            (
                "机密★十年",
                classified,
                Err("“密级”的值“机密★十年”无效：保密期限应为年数（如“10年”）、“长期”或截止日期（如“2029年12月31日”）。"),
            ),
            (
                "机密★",
                classified,
                Err("“密级”的值“机密★”无效：保密期限应为年数（如“10年”）、“长期”或截止日期（如“2029年12月31日”）。"),
            ),
            (
                "机密★0年",
                classified,
                Err("“密级”的值“机密★0年”无效：保密期限应为年数（如“10年”）、“长期”或截止日期（如“2029年12月31日”）。"),
            ),
            (
                "秘密★2025年2月30日",
                classified,
                Err("“密级”的值“秘密★2025年2月30日”无效：保密期限应为年数（如“10年”）、“长期”或截止日期（如“2029年12月31日”）。"),
            ),
            ("内部★10年", LevelSet::All, Err("“密级”的值“内部★10年”无效：“内部”不属于国家秘密，不加保密期限。")),
        ];
        for (input, levels, expected) in cases {
            check(input, levels, expected);
        }
    }

    #[test]
    fn secrecy_terms() {
        let cases = [
            ("10年", Some(SecrecyTerm::Years(10))),
            ("５年", Some(SecrecyTerm::Years(5))),
            ("长期", Some(SecrecyTerm::LongTerm)),
            (
                "2029年12月31日",
                Some(SecrecyTerm::Until(
                    NaiveDate::from_ymd_opt(2029, 12, 31).unwrap(),
                )),
            ),
            ("十年", None),
            ("10", None),
            ("100年", None),
        ];
        for (input, expected) in cases {
            assert_eq!(SecrecyTerm::parse(input).ok(), expected, "input {input}");
        }
        let err = SecrecyTerm::parse("半年").unwrap_err().field("保密期限");
        assert_eq!(
            err.message_in(Lang::ZhCn),
            "“保密期限”的值“半年”无效：保密期限应为年数（如“10年”）、“长期”或截止日期（如“2029年12月31日”）。"
        );
    }

    #[test]
    fn stated_and_statutory_terms_differ() {
        let stated = marking(Secret, Some(SecrecyTerm::Years(10)));
        let unstated = marking(Secret, None);
        assert_eq!(stated.effective_term(), Some(SecrecyTerm::Years(10)));
        assert_eq!(unstated.effective_term(), Some(SecrecyTerm::Years(20)));
        assert_eq!(unstated.term, None);
        assert_eq!(
            marking(TopSecret, None).effective_term(),
            Some(SecrecyTerm::Years(30))
        );
        assert_eq!(
            marking(Confidential, None).effective_term(),
            Some(SecrecyTerm::Years(10))
        );
        assert_eq!(marking(Internal, None).effective_term(), None);
    }

    #[test]
    fn term_end_dates() {
        let start = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(
            SecrecyTerm::Years(1).end_from(start),
            NaiveDate::from_ymd_opt(2025, 2, 28)
        );
        assert_eq!(
            SecrecyTerm::Years(4).end_from(start),
            NaiveDate::from_ymd_opt(2028, 2, 29)
        );
        assert_eq!(SecrecyTerm::LongTerm.end_from(start), None);
    }

    #[test]
    fn levels_are_ordered() {
        assert!(TopSecret > Secret);
        assert!(Secret > Confidential);
        assert!(Confidential > Internal);
        assert!(Internal > Unclassified);
        assert!(Confidential.is_classified());
        assert!(!Internal.is_classified());
    }
}
