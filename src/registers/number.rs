//! Record numbers: `PREFIX-YEAR-NNNN`, such as `SW-2026-0001`.
//!
//! Each register has its own prefix and one sequence per year. Numbers are never reused, also
//! after a record is cancelled; the sequence itself lives in the vault.

use std::fmt;

use crate::registers::values::date::{digits, MAX_YEAR, MIN_YEAR};
use crate::registers::values::invalid;
use crate::registers::values::normalize::normalize;
use crate::{t, Result};

/// A record number. The sequence is printed with at least four digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordNumber {
    prefix: String,
    year: u16,
    sequence: u32,
}

/// The largest sequence number in one register and year. Ten years of a busy usage logbook
/// imported at once are numbered in the year of the import, so this allows seven digits.
pub const MAX_SEQUENCE: u32 = 9_999_999;

impl RecordNumber {
    /// Builds a number. Returns `None` when the prefix is not 2 to 4 uppercase ASCII letters,
    /// the year is outside the supported range, or the sequence is 0 or above [`MAX_SEQUENCE`].
    pub fn new(prefix: &str, year: u16, sequence: u32) -> Option<RecordNumber> {
        let prefix_ok =
            (2..=4).contains(&prefix.len()) && prefix.bytes().all(|b| b.is_ascii_uppercase());
        let year_ok = (MIN_YEAR..=MAX_YEAR).contains(&(year as i32));
        let sequence_ok = (1..=MAX_SEQUENCE).contains(&sequence);
        (prefix_ok && year_ok && sequence_ok).then(|| RecordNumber {
            prefix: prefix.to_string(),
            year,
            sequence,
        })
    }

    /// Parses a number whose prefix is one of `prefixes`. Lowercase letters and full-width
    /// forms are accepted. The sequence needs at least four digits, as printed. The error
    /// message names `register_names` and shows `prefixes[0]` in its example
    /// (`应为收文登记编号，如“SW-2026-0001”`).
    pub fn parse(text: &str, prefixes: &[&str], register_names: &str) -> Result<RecordNumber> {
        let text = normalize(text).to_ascii_uppercase();
        let example = format!("{}-2026-0001", prefixes.first().copied().unwrap_or("SW"));
        let bad = || {
            invalid(
                &text,
                t!(
                    "field.allowed.record_number",
                    register = register_names,
                    example = example
                ),
            )
        };

        let parts: Vec<&str> = text.split('-').map(str::trim).collect();
        let [prefix, year, sequence] = parts.as_slice() else {
            return Err(bad());
        };
        if !prefixes.contains(prefix) {
            return Err(bad());
        }
        let year = digits(year, 4, 4).ok_or_else(bad)?;
        let sequence = digits(sequence, 4, 7).ok_or_else(bad)?;
        RecordNumber::new(prefix, year as u16, sequence).ok_or_else(bad)
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn year(&self) -> u16 {
        self.year
    }

    pub fn sequence(&self) -> u32 {
        self.sequence
    }
}

impl fmt::Display for RecordNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:04}", self.prefix, self.year, self.sequence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn record_numbers() {
        let cases = [
            ("SW-2026-0001", Ok("SW-2026-0001")),
            ("sw-2026-0001", Ok("SW-2026-0001")),
            ("ＳＷ－２０２６－００１２", Ok("SW-2026-0012")),
            ("SW-2026-12345", Ok("SW-2026-12345")),
            ("FW-2026-0001", Ok("FW-2026-0001")),
            ("SW-2026-1", Err("“收文编号”的值“SW-2026-1”无效：应为收文登记或发文登记编号，如“SW-2026-0001”。")),
            ("SW-2026-0000", Err("“收文编号”的值“SW-2026-0000”无效：应为收文登记或发文登记编号，如“SW-2026-0001”。")),
            ("SB-2026-0001", Err("“收文编号”的值“SB-2026-0001”无效：应为收文登记或发文登记编号，如“SW-2026-0001”。")),
            ("SW2026-0001", Err("“收文编号”的值“SW2026-0001”无效：应为收文登记或发文登记编号，如“SW-2026-0001”。")),
        ];
        for (input, expected) in cases {
            let actual = RecordNumber::parse(input, &["SW", "FW"], "收文登记或发文登记")
                .map(|number| number.to_string())
                .map_err(|err| err.field("收文编号").message_in(Lang::ZhCn));
            assert_eq!(
                actual,
                expected.map(str::to_string).map_err(str::to_string),
                "input {input}"
            );
        }
    }

    #[test]
    fn new_checks_parts() {
        assert_eq!(
            RecordNumber::new("SW", 2026, 7).unwrap().to_string(),
            "SW-2026-0007"
        );
        assert!(RecordNumber::new("sw", 2026, 7).is_none());
        assert!(RecordNumber::new("SW", 2026, 0).is_none());
        assert!(RecordNumber::new("SW", 1800, 1).is_none());
        let number = RecordNumber::new("RY", 2025, 12).unwrap();
        assert_eq!(
            (number.prefix(), number.year(), number.sequence()),
            ("RY", 2025, 12)
        );
    }
}
