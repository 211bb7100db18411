//! Line breaking for Chinese forms.
//!
//! A line may break between any two hanzi, and at spaces. Latin words, numbers and record
//! numbers (`SB-2026-0001`, `10:30`, `3.5`) stay whole unless one alone is wider than the line.
//! Following the usual Chinese rules (避头尾), closing punctuation such as ，。、；：）》」 never
//! starts a line and opening punctuation such as （《「 never ends one. A newline in the text
//! always breaks.

use super::font::metrics;

/// One laid-out line: a slice of the source text without the spaces around the break.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line<'a> {
    pub text: &'a str,
    /// Width in points at the size it was laid out for.
    pub width: f32,
}

/// Punctuation that must not start a line.
const CLOSING: &str = "，。、；：！？）》」』】〕〗〙〛｝〉’”…‥·・％‰°℃．,.;:!?)]}%";

/// Punctuation that must not end a line.
const OPENING: &str = "（《「『【〔〖〘〚｛〈‘“([{";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Newline,
    Space,
    Closing,
    Opening,
    /// Latin letters, digits and the ASCII signs that join them (`-`, `/`, `#`, ...).
    Word,
    /// Hanzi and everything else a line may break around.
    Ideograph,
}

fn classify(c: char) -> Class {
    if c == '\n' {
        Class::Newline
    } else if c == '\u{3000}' {
        // The ideographic space indents paragraphs and pads form blanks: it is kept, not
        // trimmed at line starts like a breaking space.
        Class::Ideograph
    } else if c.is_whitespace() {
        Class::Space
    } else if CLOSING.contains(c) {
        Class::Closing
    } else if OPENING.contains(c) {
        Class::Opening
    } else if c.is_ascii() || (c.is_alphanumeric() && !is_ideographic(c)) {
        Class::Word
    } else {
        Class::Ideograph
    }
}

fn is_ideographic(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3100..=0x31FF | 0x3200..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Space,
    Break,
}

/// A run of text that is never split (unless it alone is wider than a line).
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    width: f32,
    kind: Kind,
}

/// Splits `text` into units between which a line may break.
fn units(text: &str, size: f32) -> Vec<Unit> {
    let font = metrics();
    let mut out: Vec<Unit> = Vec::new();
    let mut current: Option<Unit> = None;
    // The next character joins the current unit whatever it is (after opening punctuation).
    let mut glue_next = false;
    // A Latin letter or digit joins the current unit (inside a word or number).
    let mut join_word = false;
    let mut last_class = Class::Space;

    for (index, c) in text.char_indices() {
        let class = classify(c);
        let end = index + c.len_utf8();
        let width = font.advance(c, size);
        let extend = |unit: &mut Unit| {
            unit.end = end;
            unit.width += width;
        };
        let fresh = Unit { start: index, end, width, kind: Kind::Text };

        match class {
            Class::Newline | Class::Space => {
                out.extend(current.take());
                let kind = if class == Class::Newline { Kind::Break } else { Kind::Space };
                let width = if kind == Kind::Space { font.advance(' ', size) } else { 0.0 };
                out.push(Unit { kind, width, ..fresh });
                glue_next = false;
                join_word = false;
            }
            Class::Closing => {
                match current.as_mut() {
                    Some(unit) => extend(unit),
                    None => match out.last_mut() {
                        Some(unit) if unit.kind == Kind::Text && unit.end == index => extend(unit),
                        _ => current = Some(fresh),
                    },
                }
                join_word = c.is_ascii() && last_class == Class::Word;
                glue_next = false;
            }
            Class::Opening => {
                match current.as_mut() {
                    Some(unit) if glue_next => extend(unit),
                    _ => {
                        out.extend(current.take());
                        current = Some(fresh);
                    }
                }
                glue_next = true;
            }
            Class::Word => {
                match current.as_mut() {
                    Some(unit) if glue_next || join_word => extend(unit),
                    _ => {
                        out.extend(current.take());
                        current = Some(fresh);
                    }
                }
                join_word = true;
                glue_next = false;
            }
            Class::Ideograph => {
                match current.as_mut() {
                    Some(unit) if glue_next => extend(unit),
                    _ => {
                        out.extend(current.take());
                        current = Some(fresh);
                    }
                }
                join_word = false;
                glue_next = false;
            }
        }
        last_class = class;
    }
    out.extend(current);
    out
}

/// Breaks `text` into lines no wider than `max_width` points at `size` points. Empty text
/// gives no lines; an empty line between two newlines is kept.
pub fn wrap(text: &str, size: f32, max_width: f32) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut builder = LineBuilder { text, lines: &mut lines, start: None, end: 0, width: 0.0, trailing_space: 0.0 };
    for unit in units(text, size) {
        match unit.kind {
            Kind::Break => {
                builder.finish_line();
                builder.push_empty_if_blank(unit.start);
            }
            Kind::Space => builder.push_space(unit),
            Kind::Text if builder.width + builder.trailing_space + unit.width <= max_width + f32::EPSILON * 16.0 => {
                builder.push_text(unit);
            }
            Kind::Text if unit.width <= max_width => {
                builder.finish_line();
                builder.push_text(unit);
            }
            Kind::Text => {
                // Wider than a line on its own: fill the current line, then split by characters.
                builder.finish_line();
                let font = metrics();
                for (offset, c) in text[unit.start..unit.end].char_indices() {
                    let start = unit.start + offset;
                    let piece = Unit { start, end: start + c.len_utf8(), width: font.advance(c, size), kind: Kind::Text };
                    if builder.start.is_some() && builder.width + piece.width > max_width {
                        builder.finish_line();
                    }
                    builder.push_text(piece);
                }
            }
        }
    }
    builder.finish_line();
    lines
}

struct LineBuilder<'a, 'l> {
    text: &'a str,
    lines: &'l mut Vec<Line<'a>>,
    /// Byte offset where the open line starts, if one is open.
    start: Option<usize>,
    end: usize,
    width: f32,
    /// Width of spaces after the last text, counted only if more text follows.
    trailing_space: f32,
}

impl<'a> LineBuilder<'a, '_> {
    fn push_text(&mut self, unit: Unit) {
        if self.start.is_none() {
            self.start = Some(unit.start);
        } else {
            self.width += self.trailing_space;
        }
        self.trailing_space = 0.0;
        self.end = unit.end;
        self.width += unit.width;
    }

    fn push_space(&mut self, unit: Unit) {
        // Spaces at the start of a line are dropped, spaces inside it count.
        if self.start.is_some() {
            self.trailing_space += unit.width;
        }
    }

    fn finish_line(&mut self) {
        if let Some(start) = self.start.take() {
            self.lines.push(Line { text: &self.text[start..self.end], width: self.width });
        }
        self.width = 0.0;
        self.trailing_space = 0.0;
    }

    /// Keeps a blank line for a newline that follows another newline (or starts the text).
    fn push_empty_if_blank(&mut self, newline_at: usize) {
        let before = &self.text[..newline_at];
        if before.is_empty() || before.ends_with('\n') {
            self.lines.push(Line { text: "", width: 0.0 });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, chars_per_line: f32) -> Vec<String> {
        // Ideographs are one em wide, so at size 10 a line of N hanzi is 10·N points.
        wrap(text, 10.0, chars_per_line * 10.0).iter().map(|l| l.text.to_string()).collect()
    }

    #[test]
    fn hanzi_break_anywhere() {
        assert_eq!(texts("保密工作责任重大", 3.0), ["保密工", "作责任", "重大"]);
    }

    #[test]
    fn closing_punctuation_never_starts_line() {
        // "作，" is one unit, so the comma moves to the next line with the hanzi before it.
        assert_eq!(texts("保密工作，人人有责。", 3.0), ["保密工", "作，人", "人有", "责。"]);
        for close in ["，", "。", "、", "；", "：", "）", "》", "」", "』", "】", "〕"] {
            let text = format!("一二三{close}四五");
            for line in texts(&text, 3.0) {
                assert!(!line.starts_with(close), "{text}: line {line:?} starts with {close}");
            }
        }
    }

    #[test]
    fn opening_punctuation_never_ends_line() {
        assert_eq!(texts("关于《保密法》的学习", 3.0), ["关于", "《保密", "法》的", "学习"]);
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        let lines = texts("设备SB-2026-0001已于10:30归还", 8.0);
        assert!(lines.iter().any(|l| l.contains("SB-2026-0001")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("10:30")), "{lines:?}");
    }

    #[test]
    fn spaces_break_and_are_trimmed() {
        let widest = metrics().width("hello", 10.0).max(metrics().width("world", 10.0));
        let lines = wrap("hello world", 10.0, widest + 1.0);
        let text: Vec<&str> = lines.iter().map(|l| l.text).collect();
        assert_eq!(text, ["hello", "world"]);
        assert_eq!(lines[0].width, metrics().width("hello", 10.0));
    }

    #[test]
    fn newlines_break_and_keep_blank_lines() {
        assert_eq!(texts("一\n\n二", 5.0), ["一", "", "二"]);
    }

    #[test]
    fn overlong_word_splits_by_character() {
        let lines = wrap("ABCDEFGHIJKLMNOP", 10.0, 30.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width <= 30.0), "{lines:?}");
        let joined: String = lines.iter().map(|l| l.text).collect();
        assert_eq!(joined, "ABCDEFGHIJKLMNOP");
    }

    #[test]
    fn empty_text_has_no_lines() {
        assert!(wrap("", 10.0, 100.0).is_empty());
    }
}
