//! The message catalog: every text a user reads comes from here.
//!
//! Messages live in `src/i18n/zh-CN.txt` (the primary catalog) and `src/i18n/en.txt`, one
//! `key = text` per line, with `{name}` placeholders. Both files are compiled into the binary.
//! The language is zh-CN unless `SECLEDGER_LANG=en` is set. A key missing from the English
//! catalog falls back to zh-CN; a key missing from both is shown as the key itself, and the
//! catalog test fails for it.

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;

const ZH_CN_SOURCE: &str = include_str!("i18n/zh-CN.txt");
const EN_SOURCE: &str = include_str!("i18n/en.txt");

/// A catalog language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    ZhCn,
    En,
}

impl Lang {
    /// Reads the language from `SECLEDGER_LANG` (`en` selects English, anything else zh-CN).
    pub fn from_env() -> Lang {
        match std::env::var("SECLEDGER_LANG") {
            Ok(v) if v.eq_ignore_ascii_case("en") => Lang::En,
            _ => Lang::ZhCn,
        }
    }
}

type Catalog = HashMap<&'static str, &'static str>;

/// Parses `key = text` lines; blank lines and lines starting with `#` are skipped.
/// `\n` in a text stands for a line break and `\t` for a tab.
pub fn parse_catalog(source: &'static str) -> Catalog {
    let mut map = HashMap::new();
    for line in source.lines() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((key, text)) = line.split_once(" = ") {
            map.insert(key.trim(), text);
        }
    }
    map
}

fn catalog(lang: Lang) -> &'static Catalog {
    static ZH: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    match lang {
        Lang::ZhCn => ZH.get_or_init(|| parse_catalog(ZH_CN_SOURCE)),
        Lang::En => EN.get_or_init(|| parse_catalog(EN_SOURCE)),
    }
}

fn current_lang() -> Lang {
    static LANG: OnceLock<Lang> = OnceLock::new();
    *LANG.get_or_init(Lang::from_env)
}

/// Returns the raw catalog text for `key` in `lang`, if the key exists.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    catalog(lang)
        .get(key)
        .or_else(|| catalog(Lang::ZhCn).get(key))
        .copied()
}

/// Returns every key starting with `prefix`, without the prefix, with its raw text in the
/// current language (zh-CN where the language lacks the key). The desktop page loads its
/// screen texts (`ui.`) this way.
pub fn entries_with_prefix(prefix: &str) -> Vec<(&'static str, &'static str)> {
    let lang = current_lang();
    catalog(Lang::ZhCn)
        .keys()
        .filter_map(|key| key.strip_prefix(prefix))
        .filter_map(|short| lookup(lang, &format!("{prefix}{short}")).map(|text| (short, text)))
        .collect()
}

/// Formats the message `key` in the current language, filling `{name}` placeholders.
pub fn tr(key: &str, args: &[(&str, &dyn Display)]) -> String {
    tr_in(current_lang(), key, args)
}

/// Formats the message `key` in `lang`, filling `{name}` placeholders.
pub fn tr_in(lang: Lang, key: &str, args: &[(&str, &dyn Display)]) -> String {
    let Some(template) = lookup(lang, key) else {
        return key.to_string();
    };
    // Escapes belong to the catalog text only; argument values are inserted as they are.
    let template = template.replace("\\n", "\n").replace("\\t", "\t");
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(&value.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Formats a catalog message: `t!("key")` or `t!("key", name = value, ...)`.
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::tr($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr($key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<String> {
        let mut names: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn catalogs_have_same_keys_and_placeholders() {
        let zh = parse_catalog(ZH_CN_SOURCE);
        let en = parse_catalog(EN_SOURCE);
        for (key, text) in &zh {
            let en_text = en.get(key).unwrap_or_else(|| panic!("en catalog lacks {key}"));
            assert_eq!(placeholders(text), placeholders(en_text), "placeholders differ for {key}");
        }
        for key in en.keys() {
            assert!(zh.contains_key(key), "zh-CN catalog lacks {key}");
        }
    }

    #[test]
    fn every_key_used_in_source_exists() {
        let zh = parse_catalog(ZH_CN_SOURCE);
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut missing = Vec::new();
        visit(std::path::Path::new(root), &mut |text| {
            for key in used_keys(text) {
                if !zh.contains_key(key.as_str()) {
                    missing.push(key);
                }
            }
        });
        assert!(missing.is_empty(), "keys missing from zh-CN catalog: {missing:?}");
    }

    fn visit(dir: &std::path::Path, f: &mut dyn FnMut(&str)) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, f);
            } else if path.extension().is_some_and(|e| e == "rs") {
                f(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }

    /// Keys appear as `t!("key"` or `tr("key"`; error codes are checked in `error.rs`.
    fn used_keys(text: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for marker in ["t!(\"", "tr(\""] {
            for part in text.split(marker).skip(1) {
                if let Some((key, _)) = part.split_once('"') {
                    if !key.contains(' ') && !key.contains('{') && key.contains('.') {
                        keys.push(key.to_string());
                    }
                }
            }
        }
        keys
    }

    #[test]
    fn placeholders_are_filled() {
        let text = tr_in(Lang::ZhCn, "test.greeting", &[("name", &"张三")]);
        assert_eq!(text, "你好，张三");
    }

    #[test]
    fn escapes_apply_to_catalog_text_not_values() {
        let text = tr_in(Lang::ZhCn, "test.greeting", &[("name", &"a\\nb")]);
        assert_eq!(text, "你好，a\\nb");
    }

    #[test]
    fn unknown_key_is_shown_as_itself() {
        assert_eq!(tr_in(Lang::ZhCn, "no.such.key", &[]), "no.such.key");
    }
}
