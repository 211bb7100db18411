//! The one font every PDF uses: Noto Sans CJK SC, reduced by `scripts/extract-font` to Latin,
//! common symbols, CJK punctuation, the CJK Unified Ideographs block, Extension A and
//! full-width forms (see `assets/fonts/LICENSE-OFL.txt`).
//!
//! Chinese text needs no shaping, so glyph ids and advances come straight from the font's
//! `cmap` and `hmtx` tables. The lookups for the whole Basic Multilingual Plane are built once
//! per process into a table, so laying out a character costs one array read. krilla embeds only
//! the glyphs a document uses.

use std::sync::OnceLock;

/// The font file, embedded in the binary.
pub static FONT_DATA: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");

/// The character drawn where the font has no glyph: 〓 (GETA MARK), the placeholder Chinese
/// typesetting uses for a missing character. The text layer still carries the real character.
pub const MISSING_GLYPH_CHAR: char = '〓';

/// Glyph id and advance of one character, as the font gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlyphInfo {
    pub id: u16,
    /// Horizontal advance in font units.
    pub advance: u16,
    /// False when the font has no glyph for the character and `id` is the placeholder's.
    pub present: bool,
}

/// Character-to-glyph lookups and metrics of the embedded font.
pub struct FontMetrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Lookups for U+0000..=U+FFFF, indexed by code point.
    bmp: Vec<GlyphInfo>,
    missing: GlyphInfo,
}

impl FontMetrics {
    fn load() -> FontMetrics {
        let face = ttf_parser::Face::parse(FONT_DATA, 0).expect("the embedded font parses");
        let units_per_em = f32::from(face.units_per_em());
        let lookup = |c: char| -> Option<GlyphInfo> {
            let id = face.glyph_index(c)?;
            let advance = face.glyph_hor_advance(id).unwrap_or(0);
            Some(GlyphInfo { id: id.0, advance, present: true })
        };
        let missing = lookup(MISSING_GLYPH_CHAR).expect("the embedded font has the placeholder glyph");
        let missing = GlyphInfo { present: false, ..missing };
        let bmp = (0u32..=0xFFFF)
            .map(|code| char::from_u32(code).and_then(lookup).unwrap_or(missing))
            .collect();
        FontMetrics { face, units_per_em, bmp, missing }
    }

    /// The glyph for `c`, or the placeholder's glyph with `present` false.
    pub fn glyph(&self, c: char) -> GlyphInfo {
        let code = c as usize;
        if code < self.bmp.len() {
            return self.bmp[code];
        }
        match self.face.glyph_index(c) {
            Some(id) => GlyphInfo { id: id.0, advance: self.face.glyph_hor_advance(id).unwrap_or(0), present: true },
            None => self.missing,
        }
    }

    /// Returns whether the font has a glyph for `c`.
    pub fn has_glyph(&self, c: char) -> bool {
        self.glyph(c).present
    }

    pub fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    /// The advance of `c` at `size` points.
    pub fn advance(&self, c: char, size: f32) -> f32 {
        f32::from(self.glyph(c).advance) * size / self.units_per_em
    }

    /// The width of `text` on one line at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| u32::from(self.glyph(c).advance)).sum();
        units as f32 * size / self.units_per_em
    }

    /// The ascender above the baseline at `size` points.
    pub fn ascender(&self, size: f32) -> f32 {
        f32::from(self.face.ascender()) * size / self.units_per_em
    }
}

/// The metrics of the embedded font, loaded on first use.
pub fn metrics() -> &'static FontMetrics {
    static METRICS: OnceLock<FontMetrics> = OnceLock::new();
    METRICS.get_or_init(FontMetrics::load)
}

/// The embedded font as krilla uses it. The data is borrowed from the binary, not copied.
pub fn pdf_font() -> krilla::text::Font {
    static FONT: OnceLock<krilla::text::Font> = OnceLock::new();
    FONT.get_or_init(|| krilla::text::Font::new(FONT_DATA.into(), 0).expect("krilla reads the embedded font"))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_name_characters_have_glyphs() {
        for c in "喆堃昇珺玥镕赟".chars() {
            assert!(metrics().has_glyph(c), "no glyph for {c}");
        }
    }

    #[test]
    fn form_symbols_have_glyphs() {
        for c in "★〔〕《》、：；，。（）“”—…0123456789ABCXYZabcxyz-/:".chars() {
            assert!(metrics().has_glyph(c), "no glyph for {c} (U+{:04X})", c as u32);
        }
    }

    #[test]
    fn unified_ideographs_are_all_covered() {
        // U+4E00..=U+9FA5 is the block as of Unicode 1.1, which GB 18030 maps in full.
        let missing: Vec<String> = (0x4E00u32..=0x9FA5)
            .filter_map(char::from_u32)
            .filter(|c| !metrics().has_glyph(*c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(missing.is_empty(), "missing: {missing:?}");
    }

    #[test]
    fn extension_a_is_covered() {
        // Extension A as of Unicode 3.0 (U+3400..=U+4DB5). The ten characters Unicode 13 added
        // at U+4DB6..=U+4DBF are not in Noto Sans CJK 2.004.
        let missing: Vec<String> = (0x3400u32..=0x4DB5)
            .filter_map(char::from_u32)
            .filter(|c| !metrics().has_glyph(*c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(missing.is_empty(), "missing: {missing:?}");
    }

    #[test]
    fn unknown_character_uses_placeholder() {
        let emoji = metrics().glyph('😀');
        assert!(!emoji.present);
        assert_eq!(emoji.id, metrics().glyph(MISSING_GLYPH_CHAR).id);
    }

    #[test]
    fn ideographs_are_one_em_wide() {
        assert_eq!(metrics().width("保密", 10.0), 20.0);
    }
}
