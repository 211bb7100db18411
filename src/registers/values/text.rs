//! Free text, choices, yes/no values and account names.

use super::invalid;
use super::normalize::normalize;
use crate::{t, Code, Error, Result};

/// Checks one line of text: no line breaks or control characters, at most `max_chars`
/// characters. Any character outside the controls is accepted, so names with rare characters
/// (王喆, 𠮷) pass. Returns the text trimmed.
pub fn parse_text(text: &str, max_chars: usize) -> Result<String> {
    let text = text.trim();
    if text.chars().any(char::is_control) {
        return Err(invalid(&show_controls(text), t!("field.allowed.text_line")));
    }
    check_length(text, max_chars)?;
    Ok(text.to_string())
}

/// Checks multi-line text: line breaks and tabs are kept (`\r\n` becomes `\n`), other control
/// characters are rejected. Returns the text trimmed.
pub fn parse_long_text(text: &str, max_chars: usize) -> Result<String> {
    let text = text.trim().replace("\r\n", "\n");
    let is_allowed = |c: char| !c.is_control() || c == '\n' || c == '\t';
    if !text.chars().all(is_allowed) {
        return Err(invalid(
            &show_controls(&text),
            t!("field.allowed.long_text"),
        ));
    }
    check_length(&text, max_chars)?;
    Ok(text)
}

/// Makes control characters visible in a message: `↵` for line breaks, `�` for the others.
fn show_controls(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' => '↵',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn check_length(text: &str, max_chars: usize) -> Result<()> {
    let actual = text.chars().count();
    if actual > max_chars {
        return Err(Error::new(Code::FieldTooLong)
            .arg("max", max_chars)
            .arg("actual", actual));
    }
    Ok(())
}

/// Matches `text` against the allowed values exactly (after trimming and half-width mapping)
/// and returns the declared value.
pub fn parse_choice(text: &str, allowed: &'static [&'static str]) -> Result<&'static str> {
    let text = normalize(text);
    match allowed.iter().find(|choice| **choice == text) {
        Some(choice) => Ok(choice),
        None => Err(invalid(
            &text,
            t!("field.allowed.choice", choices = allowed.join("、")),
        )),
    }
}

/// Returns the label printed for a yes/no value.
pub fn yes_no_label(yes: bool) -> &'static str {
    if yes {
        "是"
    } else {
        "否"
    }
}

/// Parses `是` or `否`.
pub fn parse_yes_no(text: &str) -> Result<bool> {
    match normalize(text).as_str() {
        "是" => Ok(true),
        "否" => Ok(false),
        other => Err(invalid(other, t!("field.allowed.yes_no"))),
    }
}

/// Parses a confirmation that a check was done: only `是` is accepted.
pub fn parse_confirmation(text: &str) -> Result<bool> {
    match normalize(text).as_str() {
        "是" => Ok(true),
        other => Err(invalid(other, t!("field.allowed.confirmation"))),
    }
}

/// Checks an account name: 2 to 32 letters, digits, hanzi, underscores or hyphens.
// NOTE: this repeats the account-name rule that `auth` enforces when accounts are created;
// both follow the catalog text of `auth.account_name_invalid`.
pub fn parse_account(text: &str) -> Result<String> {
    let text = text.trim();
    let count = text.chars().count();
    let chars_ok = text
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !(2..=32).contains(&count) || !chars_ok {
        return Err(invalid(text, t!("field.allowed.account")));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn message(result: Result<impl std::fmt::Debug>, field: &str) -> String {
        result.unwrap_err().field(field).message_in(Lang::ZhCn)
    }

    #[test]
    fn text_accepts_rare_characters() {
        let cases = [
            ("王喆", "王喆"),
            (" 张堃 ", "张堃"),
            ("李𠮷", "李𠮷"),
            ("赵玥、钱珺", "赵玥、钱珺"),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_text(input, 20).unwrap(), expected, "input {input}");
        }
    }

    #[test]
    fn text_rejects_line_breaks_and_length() {
        assert_eq!(
            message(parse_text("第一行\n第二行", 20), "标题"),
            "“标题”的值“第一行↵第二行”无效：应为一行文字，不含换行和控制字符。"
        );
        assert_eq!(
            message(parse_text("一二三四五六", 5), "标题"),
            "“标题”太长：最多 5 个字，现有 6 个。请精简后再保存。"
        );
    }

    #[test]
    fn long_text_keeps_line_breaks() {
        assert_eq!(
            parse_long_text("第一行\r\n第二行 ", 50).unwrap(),
            "第一行\n第二行"
        );
        assert!(parse_long_text("a\u{7}b", 50).is_err());
    }

    #[test]
    fn choice_matches_declared_values() {
        const SOURCES: &[&str] = &["纸质", "涉密网"];
        assert_eq!(parse_choice(" 涉密网 ", SOURCES).unwrap(), "涉密网");
        assert_eq!(
            message(parse_choice("电子邮件", SOURCES), "来源"),
            "“来源”的值“电子邮件”无效：应为纸质、涉密网之一。"
        );
    }

    #[test]
    fn yes_no_and_confirmation() {
        assert!(parse_yes_no("是").unwrap());
        assert!(!parse_yes_no(" 否 ").unwrap());
        assert!(parse_yes_no("对").is_err());
        assert!(parse_confirmation("是").unwrap());
        assert_eq!(
            message(parse_confirmation("否"), "身份及涉密等级核验"),
            "“身份及涉密等级核验”的值“否”无效：须在核实后填“是”。"
        );
    }

    #[test]
    fn account_names() {
        assert_eq!(parse_account("zhangsan").unwrap(), "zhangsan");
        assert_eq!(parse_account("王喆_01").unwrap(), "王喆_01");
        assert!(parse_account("a").is_err());
        assert!(parse_account("zhang san").is_err());
    }
}
