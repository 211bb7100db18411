//! 岗位等级 (post level) of classified personnel, the 脱密期 (declassification period) after
//! departure, and which 密级 each post level may access.
//!
//! 核心 posts handle 绝密 and below, 重要 posts 机密 and below, 一般 posts 秘密 only. After a
//! person leaves a post, the 脱密期 lasts 3 to 5 years for 核心, 2 to 3 for 重要 and 1 to 2
//! for 一般; the office chooses the length within that range.

use std::ops::RangeInclusive;

use chrono::{Months, NaiveDate};

use super::classification::Classification;
use super::invalid;
use super::normalize::normalize;
use crate::{t, Result};

/// A 岗位等级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PostLevel {
    /// 一般涉密岗位.
    General,
    /// 重要涉密岗位.
    Important,
    /// 核心涉密岗位.
    Core,
}

impl PostLevel {
    pub const ALL: [PostLevel; 3] = [PostLevel::Core, PostLevel::Important, PostLevel::General];

    /// Parses `核心`, `重要` or `一般`, also followed by `岗位`, `涉密岗位` or `涉密人员`.
    pub fn parse(text: &str) -> Result<PostLevel> {
        let text = normalize(text);
        let level = ["涉密人员", "涉密岗位", "岗位"]
            .iter()
            .find_map(|suffix| text.strip_suffix(suffix))
            .unwrap_or(&text);
        match level {
            "核心" => Ok(PostLevel::Core),
            "重要" => Ok(PostLevel::Important),
            "一般" => Ok(PostLevel::General),
            _ => Err(invalid(&text, t!("field.allowed.post_level"))),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PostLevel::Core => "核心",
            PostLevel::Important => "重要",
            PostLevel::General => "一般",
        }
    }

    /// Returns the highest 密级 this post level may access.
    pub fn highest_classification(self) -> Classification {
        match self {
            PostLevel::Core => Classification::TopSecret,
            PostLevel::Important => Classification::Secret,
            PostLevel::General => Classification::Confidential,
        }
    }

    /// Returns whether a person on this post level may access an item of `classification`.
    /// Non-classified items (内部, 非密) are open to every level.
    pub fn may_access(self, classification: Classification) -> bool {
        classification <= self.highest_classification()
    }

    /// Returns the allowed 脱密期 lengths in years.
    pub fn declassification_years(self) -> RangeInclusive<u32> {
        match self {
            PostLevel::Core => 3..=5,
            PostLevel::Important => 2..=3,
            PostLevel::General => 1..=2,
        }
    }

    /// Returns the 脱密期 for this level: `years` if given and allowed, else the minimum.
    pub fn declassification_period(self, years: Option<u32>) -> Result<DeclassificationPeriod> {
        let range = self.declassification_years();
        let years = years.unwrap_or(*range.start());
        if !range.contains(&years) {
            let allowed = t!(
                "field.allowed.declassification_period",
                level = self.label(),
                min = range.start(),
                max = range.end(),
            );
            return Err(invalid(&format!("{years}年"), allowed));
        }
        Ok(DeclassificationPeriod { years })
    }
}

/// A 脱密期 length that fits the person's post level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeclassificationPeriod {
    pub years: u32,
}

impl DeclassificationPeriod {
    /// Computes the day the period ends: the same calendar day `years` after departure (28 February
    /// when the departure was on 29 February and the end year has none).
    pub fn end_from(self, departure: NaiveDate) -> NaiveDate {
        departure
            .checked_add_months(Months::new(12 * self.years))
            .expect("register dates end in 2100, far inside chrono's range")
    }
}

/// Computes the end of the 脱密期 for a person of `level` who left the post on `departure`.
/// `years` is the length the office chose; `None` takes the minimum for the level.
pub fn declassification_end(
    level: PostLevel,
    departure: NaiveDate,
    years: Option<u32>,
) -> Result<NaiveDate> {
    Ok(level.declassification_period(years)?.end_from(departure))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use Classification::*;

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    #[test]
    fn post_levels() {
        let cases = [
            ("核心", Ok(PostLevel::Core)),
            ("重要岗位", Ok(PostLevel::Important)),
            ("一般涉密人员", Ok(PostLevel::General)),
            ("核心涉密岗位", Ok(PostLevel::Core)),
            (
                "特级",
                Err("“岗位等级”的值“特级”无效：应为核心、重要或一般。"),
            ),
        ];
        for (input, expected) in cases {
            let actual =
                PostLevel::parse(input).map_err(|err| err.field("岗位等级").message_in(Lang::ZhCn));
            assert_eq!(actual, expected.map_err(str::to_string), "input {input}");
        }
    }

    #[test]
    fn access_by_level() {
        let cases = [
            (PostLevel::Core, [true, true, true]),
            (PostLevel::Important, [false, true, true]),
            (PostLevel::General, [false, false, true]),
        ];
        for (level, expected) in cases {
            for (classification, allowed) in
                [TopSecret, Secret, Confidential].into_iter().zip(expected)
            {
                assert_eq!(
                    level.may_access(classification),
                    allowed,
                    "{level:?} {classification:?}"
                );
            }
            assert!(level.may_access(Internal), "{level:?}");
            assert!(level.may_access(Unclassified), "{level:?}");
        }
    }

    #[test]
    fn declassification_ends() {
        let left = ymd(2025, 3, 5);
        let cases = [
            (PostLevel::Core, None, Ok(ymd(2028, 3, 5))),
            (PostLevel::Core, Some(5), Ok(ymd(2030, 3, 5))),
            (PostLevel::Important, None, Ok(ymd(2027, 3, 5))),
            (PostLevel::Important, Some(3), Ok(ymd(2028, 3, 5))),
            (PostLevel::General, None, Ok(ymd(2026, 3, 5))),
            (PostLevel::General, Some(2), Ok(ymd(2027, 3, 5))),
            (
                PostLevel::Core,
                Some(2),
                Err("“脱密期”的值“2年”无效：核心涉密岗位的脱密期为 3 至 5 年。"),
            ),
            (
                PostLevel::Important,
                Some(4),
                Err("“脱密期”的值“4年”无效：重要涉密岗位的脱密期为 2 至 3 年。"),
            ),
            (
                PostLevel::General,
                Some(3),
                Err("“脱密期”的值“3年”无效：一般涉密岗位的脱密期为 1 至 2 年。"),
            ),
        ];
        for (level, years, expected) in cases {
            let actual = declassification_end(level, left, years)
                .map_err(|err| err.field("脱密期").message_in(Lang::ZhCn));
            assert_eq!(
                actual,
                expected.map_err(str::to_string),
                "{level:?} {years:?}"
            );
        }
    }

    #[test]
    fn declassification_from_leap_day() {
        let end = declassification_end(PostLevel::General, ymd(2024, 2, 29), None).unwrap();
        assert_eq!(end, ymd(2025, 2, 28));
    }
}
