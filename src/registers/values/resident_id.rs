//! 公民身份号码 (resident identity numbers, GB 11643-1999).
//!
//! The number has 18 characters: a 6-digit region code, the date of birth as `YYYYMMDD`, a
//! 3-digit sequence number and a check character. The check character is computed from the
//! first 17 digits with weights 2^(18-i) mod 11 and is `0`-`9` or `X`. The 15-digit numbers
//! of first-generation cards are rejected because those cards are no longer valid.

use std::fmt;

use chrono::NaiveDate;

use super::date::{digits, MIN_YEAR};
use super::invalid;
use super::normalize::{mask_middle, normalize};
use crate::{t, Code, Error, Result};

/// Weights of the first 17 digits, 2^(17-i) mod 11 for position i counted from 0.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check characters indexed by the weighted sum mod 11.
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// A resident identity number with a valid date of birth and check character. Display and
/// `as_str` give the full number, and screens use [`ResidentId::masked`].
#[derive(Clone, PartialEq, Eq)]
pub struct ResidentId(String);

impl ResidentId {
    /// Parses an 18-character number; a lowercase `x` is read as `X`. Error messages carry
    /// the number masked.
    pub fn parse(text: &str) -> Result<ResidentId> {
        let text = normalize(text).to_ascii_uppercase();
        let masked_input = mask(&text);

        let shape_ok = text.len() == 18
            && text.bytes().take(17).all(|b| b.is_ascii_digit())
            && text
                .bytes()
                .last()
                .is_some_and(|b| b.is_ascii_digit() || b == b'X');
        if !shape_ok {
            return Err(invalid(&masked_input, t!("field.allowed.id_number")));
        }

        if birth_date(&text).is_none() {
            return Err(invalid(&masked_input, t!("field.allowed.id_birth_date")));
        }

        if text.as_bytes()[17] != check_char(&text) {
            return Err(Error::new(Code::FieldIdChecksum).arg("value", masked_input));
        }
        Ok(ResidentId(text))
    }

    /// Completes the first 17 digits of a number with its GB 11643 check character, or
    /// returns `None` when `first_17` is not 17 ASCII digits. Tests and demo data use it to make
    /// valid numbers.
    pub fn complete(first_17: &str) -> Option<String> {
        let valid = first_17.len() == 17 && first_17.bytes().all(|b| b.is_ascii_digit());
        valid.then(|| format!("{first_17}{}", check_char(first_17) as char))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Returns the number with only the first 3 and last 4 characters masked_input: `110***********1234`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }

    pub fn birth_date(&self) -> NaiveDate {
        birth_date(&self.0).expect("checked when parsed")
    }
}

/// Masks any text the way ID numbers are masked_input, also when it is not a valid number.
fn mask(text: &str) -> String {
    mask_middle(text, 3, 4)
}

/// Computes the check character from the first 17 digits of an 18-character ASCII number.
fn check_char(number: &str) -> u8 {
    let sum: u32 = number
        .bytes()
        .take(17)
        .zip(WEIGHTS)
        .map(|(digit, weight)| (digit - b'0') as u32 * weight)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

fn birth_date(number: &str) -> Option<NaiveDate> {
    let year = digits(&number[6..10], 4, 4)? as i32;
    let month = digits(&number[10..12], 2, 2)?;
    let day = digits(&number[12..14], 2, 2)?;
    NaiveDate::from_ymd_opt(year, month, day).filter(|_| year >= MIN_YEAR)
}

/// Debug output is masked too, so that a stray `{:?}` in a log does not leak the number.
impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    // The sample number printed in GB 11643-1999, and a made-up one with a valid check character.
    const SAMPLE: &str = "11010519491231002X";
    const MADE_UP: &str = "440524198001010013";

    fn check(input: &str, expected: Result<&str, &str>) {
        let actual = ResidentId::parse(input);
        match expected {
            Ok(masked) => {
                let id =
                    actual.unwrap_or_else(|err| panic!("{input}: {}", err.message_in(Lang::ZhCn)));
                assert_eq!(id.masked(), masked, "input {input}");
            }
            Err(message) => {
                let err = actual.expect_err(input).field("身份证号");
                assert_eq!(err.message_in(Lang::ZhCn), message, "input {input}");
            }
        }
    }

    #[test]
    fn complete_appends_check_character() {
        assert_eq!(ResidentId::complete("11010519491231002").as_deref(), Some("11010519491231002X"));
        assert_eq!(ResidentId::complete("1101051949123100"), None);
        assert_eq!(ResidentId::complete("1101051949123100a"), None);
    }

    #[test]
    fn resident_ids() {
        let cases = [
            (SAMPLE, Ok("110***********002X")),
            ("11010519491231002x", Ok("110***********002X")),
            (MADE_UP, Ok("440***********0013")),
            ("１１０１０５１９４９１２３１００２Ｘ", Ok("110***********002X")),
            (
                "110105194912310021",
                Err("“身份证号”的号码“110***********0021”校验位不符：第 18 位与按前 17 位算出的校验码不一致。请对照身份证核对。"),
            ),
            (
                "11010519491231002",
                Err("“身份证号”的值“110**********1002”无效：应为 18 位公民身份号码：前 17 位为数字，最后一位为数字或 X。"),
            ),
            (
                "110105491231002",
                Err("“身份证号”的值“110********1002”无效：应为 18 位公民身份号码：前 17 位为数字，最后一位为数字或 X。"),
            ),
            (
                "1101051949123100X2",
                Err("“身份证号”的值“110***********00X2”无效：应为 18 位公民身份号码：前 17 位为数字，最后一位为数字或 X。"),
            ),
            (
                "110105194902300020",
                Err("“身份证号”的值“110***********0020”无效：第 7 至 14 位应为有效的出生日期。"),
            ),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn birth_date_and_debug_are_safe() {
        let id = ResidentId::parse(SAMPLE).unwrap();
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.as_str(), SAMPLE);
        assert_eq!(format!("{id:?}"), "ResidentId(110***********002X)");
    }
}
