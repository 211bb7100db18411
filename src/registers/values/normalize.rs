//! Helpers shared by the parsers: full-width forms and masking.

/// Maps full-width ASCII forms (U+FF01 to U+FF5E) and the ideographic space to ASCII, so that
/// `２０２５－０３－０５` parses like `2025-03-05` and `＊` like `*`. Other characters are kept.
pub fn to_half_width(text: &str) -> String {
    text.chars().map(half_width_char).collect()
}

fn half_width_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Normalises structured input: half-width forms, surrounding blanks trimmed.
pub fn normalize(text: &str) -> String {
    to_half_width(text).trim().to_string()
}

/// Replaces all but the first `head` and last `tail` characters with `*`. A text too short to
/// keep anything hidden is masked completely.
pub fn mask_middle(text: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let hidden = chars.len() - head - tail;
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(hidden));
    out.extend(&chars[chars.len() - tail..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_forms() {
        let cases = [
            ("２０２５－０３－０５", "2025-03-05"),
            ("机密＊１０年", "机密*10年"),
            ("003～005", "003~005"),
            ("８：３０", "8:30"),
            ("王喆", "王喆"),
            ("\u{3000}3份\u{3000}", " 3份 "),
        ];
        for (input, expected) in cases {
            assert_eq!(to_half_width(input), expected, "input {input}");
        }
    }

    #[test]
    fn masking() {
        let cases = [
            ("13812345678", 3, 4, "138****5678"),
            ("11010519491231002X", 3, 4, "110***********002X"),
            ("1234567", 3, 4, "*******"),
            ("", 3, 4, ""),
        ];
        for (input, head, tail, expected) in cases {
            assert_eq!(mask_middle(input, head, tail), expected, "input {input}");
        }
    }
}
