//! Counts with a unit (`3份`, `2年`) and plain integers.

use super::invalid;
use super::normalize::normalize;
use crate::{t, Result};

/// Parses a count such as `3份`, `3 份` or `3`, with `unit` optional. Chinese numerals
/// (`三份`) are rejected, because registers and imports write counts in digits.
pub fn parse_quantity(text: &str, unit: &str, min: u32) -> Result<u32> {
    let text = normalize(text);
    let number = text.strip_suffix(unit).unwrap_or(&text).trim();
    let allowed = || t!("field.allowed.quantity", min = min, unit = unit);

    let is_digits = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    let value: Option<u32> = if is_digits { number.parse().ok() } else { None };
    match value {
        Some(value) if value >= min => Ok(value),
        _ => Err(invalid(&text, allowed())),
    }
}

/// Parses an integer from `min` to `max`, with an optional sign.
pub fn parse_integer(text: &str, min: i64, max: i64) -> Result<i64> {
    let text = normalize(text);
    match text.parse::<i64>() {
        Ok(value) if (min..=max).contains(&value) => Ok(value),
        _ => Err(invalid(
            &text,
            t!("field.allowed.integer", min = min, max = max),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn quantities() {
        let cases = [
            ("3份", Ok(3)),
            ("3", Ok(3)),
            (" 3 份 ", Ok(3)),
            ("３份", Ok(3)),
            ("120份", Ok(120)),
            (
                "0份",
                Err("“份数”的值“0份”无效：应为不小于 1 的整数，可带单位，如“3份”。"),
            ),
            (
                "三份",
                Err("“份数”的值“三份”无效：应为不小于 1 的整数，可带单位，如“3份”。"),
            ),
            (
                "3件",
                Err("“份数”的值“3件”无效：应为不小于 1 的整数，可带单位，如“3份”。"),
            ),
            (
                "-3",
                Err("“份数”的值“-3”无效：应为不小于 1 的整数，可带单位，如“3份”。"),
            ),
            (
                "份",
                Err("“份数”的值“份”无效：应为不小于 1 的整数，可带单位，如“3份”。"),
            ),
        ];
        for (input, expected) in cases {
            let actual = parse_quantity(input, "份", 1)
                .map_err(|err| err.field("份数").message_in(Lang::ZhCn));
            assert_eq!(actual, expected.map_err(str::to_string), "input {input}");
        }
        assert_eq!(parse_quantity("0", "份", 0).unwrap(), 0);
    }

    #[test]
    fn integers() {
        assert_eq!(parse_integer("2025", 2000, 2100).unwrap(), 2025);
        assert_eq!(parse_integer("２０２５", 2000, 2100).unwrap(), 2025);
        let err = parse_integer("1999", 2000, 2100).unwrap_err().field("年度");
        assert_eq!(
            err.message_in(Lang::ZhCn),
            "“年度”的值“1999”无效：应为 2000 至 2100 的整数。"
        );
        assert!(parse_integer("20 25", 2000, 2100).is_err());
    }
}
