//! 份号 (copy numbers): single numbers, ranges and lists such as `001,003-005`.

use std::fmt;

use super::date::digits;
use super::invalid;
use super::normalize::normalize;
use crate::{t, Code, Error, Result};

/// Copy numbers as sorted, non-overlapping inclusive ranges. Printed zero-padded to three
/// digits, the way copies are numbered on classified documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyNumbers {
    ranges: Vec<(u32, u32)>,
}

/// Separators between the items of a list: `,` (also full-width `，`), `、` and `;`.
const LIST_SEPARATORS: [char; 4] = [',', '、', ';', '；'];

/// Dashes offices type inside a range: `-`, `~` (also full-width `～`), `〜`, `—`, `–`, `至`.
const RANGE_DASHES: [char; 6] = ['-', '~', '〜', '—', '–', '至'];

/// The largest copy number accepted; anything above is taken for a typing mistake.
const MAX_COPY_NUMBER: u32 = 99_999;

impl CopyNumbers {
    /// Parses copy numbers. A reversed range (`005-003`) and a number listed twice are errors.
    pub fn parse(text: &str) -> Result<CopyNumbers> {
        let text = normalize(text);
        let mut ranges = Vec::new();
        for item in text.split(LIST_SEPARATORS) {
            ranges.push(parse_range(&text, item.trim())?);
        }

        ranges.sort_unstable();
        for pair in ranges.windows(2) {
            if pair[1].0 <= pair[0].1 {
                let allowed = t!("field.allowed.copy_duplicate", number = pad(pair[1].0));
                return Err(invalid(&text, allowed));
            }
        }
        Ok(CopyNumbers { ranges })
    }

    /// Counts the copies the numbers cover.
    pub fn count(&self) -> u32 {
        self.ranges
            .iter()
            .map(|(first, last)| last - first + 1)
            .sum()
    }

    /// Returns whether copy `number` is among these numbers.
    pub fn contains(&self, number: u32) -> bool {
        self.ranges
            .iter()
            .any(|(first, last)| (*first..=*last).contains(&number))
    }

    /// Returns the inclusive ranges in ascending order.
    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }
}

/// Parses one list item: `003` or `003-005`. `whole` is the full input, for the message.
fn parse_range(whole: &str, item: &str) -> Result<(u32, u32)> {
    let bad = || invalid(whole, t!("field.allowed.copy_numbers"));
    let (first, last) = match item.split_once(RANGE_DASHES) {
        Some((first, last)) => (first.trim(), last.trim()),
        None => (item, item),
    };
    let first = copy_number(first).ok_or_else(bad)?;
    let last = copy_number(last).ok_or_else(bad)?;

    if first > last {
        return Err(Error::new(Code::FieldRangeReversed)
            .arg("value", whole)
            .arg("start", pad(first))
            .arg("end", pad(last)));
    }
    Ok((first, last))
}

fn copy_number(text: &str) -> Option<u32> {
    digits(text, 1, 5).filter(|n| (1..=MAX_COPY_NUMBER).contains(n))
}

fn pad(number: u32) -> String {
    format!("{number:03}")
}

/// Prints `001,003-005`, which parses back to the same numbers.
impl fmt::Display for CopyNumbers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, (first, last)) in self.ranges.iter().enumerate() {
            if index > 0 {
                f.write_str(",")?;
            }
            if first == last {
                f.write_str(&pad(*first))?;
            } else {
                write!(f, "{}-{}", pad(*first), pad(*last))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn check(input: &str, expected: Result<(&str, u32), &str>) {
        let actual = CopyNumbers::parse(input);
        match expected {
            Ok((printed, count)) => {
                let copies = actual.unwrap_or_else(|err| panic!("{input}: {err:?}"));
                assert_eq!(copies.to_string(), printed, "input {input}");
                assert_eq!(copies.count(), count, "input {input}");
            }
            Err(message) => {
                let err = actual.expect_err(input).field("份号");
                assert_eq!(err.message_in(Lang::ZhCn), message, "input {input}");
            }
        }
    }

    #[test]
    fn copy_numbers() {
        let cases = [
            ("003-005", Ok(("003-005", 3))),
            ("3-5", Ok(("003-005", 3))),
            ("003～005", Ok(("003-005", 3))),
            ("003~005", Ok(("003-005", 3))),
            ("003—005", Ok(("003-005", 3))),
            ("3至5", Ok(("003-005", 3))),
            ("003", Ok(("003", 1))),
            ("００３", Ok(("003", 1))),
            ("001,003-005", Ok(("001,003-005", 4))),
            ("001，003-005", Ok(("001,003-005", 4))),
            ("003-005、001", Ok(("001,003-005", 4))),
            ("1 - 1200", Ok(("001-1200", 1200))),
            (
                "005-003",
                Err("“份号”的份号范围“005-003”前后颠倒：起始份号 005 大于终止份号 003。请从小号写到大号，如“003-005”。"),
            ),
            ("001,003-005,004", Err("“份号”的值“001,003-005,004”无效：份号 004 重复出现。")),
            ("001,001", Err("“份号”的值“001,001”无效：份号 001 重复出现。")),
            ("000", Err("“份号”的值“000”无效：应为份号或份号范围，如“003”“003-005”“001,003-005”。")),
            ("", Err("“份号”的值“”无效：应为份号或份号范围，如“003”“003-005”“001,003-005”。")),
            ("第3份", Err("“份号”的值“第3份”无效：应为份号或份号范围，如“003”“003-005”“001,003-005”。")),
            ("001,", Err("“份号”的值“001,”无效：应为份号或份号范围，如“003”“003-005”“001,003-005”。")),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn contains_numbers() {
        let copies = CopyNumbers::parse("001,003-005").unwrap();
        assert!(copies.contains(4));
        assert!(!copies.contains(2));
        assert_eq!(copies.ranges(), &[(1, 1), (3, 5)]);
    }
}
