//! Telephone numbers: mobile numbers and landlines with an area code.

use std::fmt;

use super::date::digits;
use super::invalid;
use super::normalize::{mask_middle, normalize};
use crate::{t, Result};

/// A telephone number. Display gives the full number, and screens use [`Phone::masked`].
#[derive(Clone, PartialEq, Eq)]
pub enum Phone {
    /// An 11-digit mobile number starting with 13 to 19.
    Mobile(String),
    /// A landline such as `010-12345678`, optionally with an extension.
    Landline {
        area: String,
        local: String,
        extension: Option<String>,
    },
}

impl Phone {
    /// Parses a mobile number (`13812345678`, `138 1234 5678`, `+86 138-1234-5678`) or a
    /// landline (`010-12345678`, `(0755)1234567`, `01012345678`, `010-12345678-801`).
    /// Error messages carry the number masked.
    pub fn parse(text: &str) -> Result<Phone> {
        let text = normalize(text).replace(['(', ')'], "-");
        let text = text.trim_matches('-');
        if text.starts_with('0') {
            return parse_landline(text);
        }
        parse_mobile(text)
    }

    /// Returns the number with its middle hidden: `138****5678`, `010-****5678`.
    pub fn masked(&self) -> String {
        match self {
            Phone::Mobile(number) => mask_middle(number, 3, 4),
            Phone::Landline { area, local, .. } => format!("{area}-{}", mask_middle(local, 0, 4)),
        }
    }
}

fn parse_mobile(text: &str) -> Result<Phone> {
    let compact: String = text.chars().filter(|c| *c != ' ' && *c != '-').collect();
    let number = compact.strip_prefix("+86").unwrap_or(&compact);
    let number = match number.len() {
        13 => number.strip_prefix("86").unwrap_or(number),
        _ => number,
    };
    let masked_input = mask_middle(number, 3, 4);

    if !number.bytes().all(|b| b.is_ascii_digit()) || !number.starts_with('1') {
        return Err(invalid(&masked_input, t!("field.allowed.phone")));
    }
    if number.len() != 11 {
        return Err(invalid(
            &masked_input,
            t!("field.allowed.mobile_length", digits = number.len()),
        ));
    }
    if !matches!(number.as_bytes()[1], b'3'..=b'9') {
        return Err(invalid(&masked_input, t!("field.allowed.phone")));
    }
    Ok(Phone::Mobile(number.to_string()))
}

fn parse_landline(text: &str) -> Result<Phone> {
    let bad = || invalid(&mask_middle(text, 3, 4), t!("field.allowed.phone"));
    let parts: Vec<&str> = text
        .split(['-', ' '])
        .filter(|part| !part.is_empty())
        .collect();
    let (area, local, extension) = match parts.as_slice() {
        [area, local] => (*area, *local, None),
        [area, local, extension] => (*area, *local, Some(*extension)),
        [compact] => split_area_code(compact).ok_or_else(bad)?,
        _ => return Err(bad()),
    };

    let area_ok = digits(area, 3, 4).is_some();
    let local_ok = digits(local, 7, 8).is_some();
    let extension_ok = extension.is_none_or(|ext| digits(ext, 1, 6).is_some());
    if !(area_ok && local_ok && extension_ok) {
        return Err(bad());
    }
    Ok(Phone::Landline {
        area: area.to_string(),
        local: local.to_string(),
        extension: extension.map(str::to_string),
    })
}

/// Splits an area code off a landline typed without a separator. Area codes `010` and
/// `020`-`029` have three digits and all others four.
fn split_area_code(compact: &str) -> Option<(&str, &str, Option<&str>)> {
    if !compact.is_ascii() || compact.len() < 4 {
        return None;
    }
    let area_len = if matches!(compact.as_bytes()[1], b'1' | b'2') {
        3
    } else {
        4
    };
    Some((&compact[..area_len], &compact[area_len..], None))
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Phone::Mobile(number) => f.write_str(number),
            Phone::Landline {
                area,
                local,
                extension,
            } => {
                write!(f, "{area}-{local}")?;
                match extension {
                    Some(extension) => write!(f, "-{extension}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// Debug output is masked, so that a stray `{:?}` in a log does not leak the number.
impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn check(input: &str, expected: Result<(&str, &str), &str>) {
        let actual = Phone::parse(input);
        match expected {
            Ok((printed, masked)) => {
                let phone =
                    actual.unwrap_or_else(|err| panic!("{input}: {}", err.message_in(Lang::ZhCn)));
                assert_eq!(phone.to_string(), printed, "input {input}");
                assert_eq!(phone.masked(), masked, "input {input}");
            }
            Err(message) => {
                let err = actual.expect_err(input).field("联系电话");
                assert_eq!(err.message_in(Lang::ZhCn), message, "input {input}");
            }
        }
    }

    #[test]
    fn phones() {
        let cases = [
            ("13812345678", Ok(("13812345678", "138****5678"))),
            ("138 1234 5678", Ok(("13812345678", "138****5678"))),
            ("138-1234-5678", Ok(("13812345678", "138****5678"))),
            ("+86 13812345678", Ok(("13812345678", "138****5678"))),
            ("8613812345678", Ok(("13812345678", "138****5678"))),
            ("１３８１２３４５６７８", Ok(("13812345678", "138****5678"))),
            ("010-12345678", Ok(("010-12345678", "010-****5678"))),
            ("01012345678", Ok(("010-12345678", "010-****5678"))),
            ("(0755)1234567", Ok(("0755-1234567", "0755-***4567"))),
            ("0755 12345678", Ok(("0755-12345678", "0755-****5678"))),
            ("010-12345678-801", Ok(("010-12345678-801", "010-****5678"))),
            ("1381234567", Err("“联系电话”的值“138***4567”无效：手机号码应为以 1 开头的 11 位数字，现有 10 位。")),
            ("138123456789", Err("“联系电话”的值“138*****6789”无效：手机号码应为以 1 开头的 11 位数字，现有 12 位。")),
            (
                "12812345678",
                Err("“联系电话”的值“128****5678”无效：应为以 1 开头的 11 位手机号码，或带区号的固定电话，如“010-12345678”。"),
            ),
            (
                "010-123",
                Err("“联系电话”的值“*******”无效：应为以 1 开头的 11 位手机号码，或带区号的固定电话，如“010-12345678”。"),
            ),
            (
                "12345",
                Err("“联系电话”的值“*****”无效：手机号码应为以 1 开头的 11 位数字，现有 5 位。"),
            ),
            (
                "电话",
                Err("“联系电话”的值“**”无效：应为以 1 开头的 11 位手机号码，或带区号的固定电话，如“010-12345678”。"),
            ),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn debug_is_masked() {
        let phone = Phone::parse("13812345678").unwrap();
        assert_eq!(format!("{phone:?}"), "Phone(138****5678)");
    }
}
