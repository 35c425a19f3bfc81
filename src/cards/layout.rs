//! Where a card's title goes: its words wrapped into lines that fit the
//! card, measured with the font's own advance widths (`skrifa`, resvg's font reader), at
//! the largest size that fits; at the smallest size, the last line ends at
//! a word with an ellipsis. A word is never split.

/// A font's advance widths, for measuring text before drawing it.
pub struct Metrics<'f> {
    charmap: skrifa::charmap::Charmap<'f>,
    advances: skrifa::metrics::GlyphMetrics<'f>,
    units_per_em: f32,
}

impl<'f> Metrics<'f> {
    /// Reads a TrueType font (with skrifa, the font reader resvg itself
    /// uses); `None` when the bytes are not one.
    pub fn new(font: &'f [u8]) -> Option<Metrics<'f>> {
        use skrifa::MetadataProvider;
        use skrifa::instance::{LocationRef, Size};
        let font = skrifa::FontRef::new(font).ok()?;
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Some(Metrics {
            charmap: font.charmap(),
            advances: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        })
    }

    /// The width of `text` at `size` pixels: the sum of its glyphs'
    /// advances (kerning only ever brings glyphs closer in these fonts'
    /// Latin text, so this is an upper bound of what the shaper draws).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let per_unit = size / self.units_per_em;
        let fallback = self.charmap.map('?');
        text.chars()
            .map(|c| {
                self.charmap
                    .map(c)
                    .or(fallback)
                    .and_then(|g| self.advances.advance_width(g))
                    .map_or(0.0, |a| a * per_unit)
            })
            .sum()
    }
}

/// The sizes a title is tried at, largest first, and how many lines fit
/// at each in the card's title area.
pub const SIZES: &[(f32, usize)] = &[(80.0, 3), (72.0, 3), (64.0, 4), (56.0, 4)];

/// The ellipsis that ends a title too long for the card.
pub const ELLIPSIS: &str = "…";

/// A title laid out: its size and lines.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleLayout {
    /// Font size in pixels.
    pub size: f32,
    /// The lines, the last ending with `ELLIPSIS` when words were left out.
    pub lines: Vec<String>,
    /// True when words were left out.
    pub shortened: bool,
}

/// Wraps `words` greedily into lines no wider than `width` at `size`.
fn wrap(words: &[&str], metrics: &Metrics<'_>, size: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        if line.is_empty() {
            line.push_str(word);
            continue;
        }
        let candidate = format!("{line} {word}");
        if metrics.width(&candidate, size) <= width {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lays out `title` in a box `width` pixels wide: the largest of `SIZES`
/// at which it fits; else the smallest, cut after the last whole word
/// that leaves room for the ellipsis.
pub fn title(title: &str, metrics: &Metrics<'_>, width: f32) -> TitleLayout {
    let words: Vec<&str> = title.split_whitespace().collect();
    for &(size, max_lines) in SIZES {
        let lines = wrap(&words, metrics, size, width);
        if lines.len() <= max_lines
            && lines
                .iter()
                .all(|l| metrics.width(l, size) <= width || !l.contains(' '))
        {
            return TitleLayout {
                size,
                lines,
                shortened: false,
            };
        }
    }
    let (size, max_lines) = SIZES[SIZES.len() - 1];
    let mut lines = wrap(&words, metrics, size, width);
    lines.truncate(max_lines);
    // Words leave the last line until it and the ellipsis fit.
    let last = lines.pop().unwrap_or_default();
    let mut kept: Vec<&str> = last.split(' ').collect();
    while kept.len() > 1 && metrics.width(&format!("{}{ELLIPSIS}", kept.join(" ")), size) > width {
        kept.pop();
    }
    let mut last = kept.join(" ");
    // A sentence's own punctuation before the ellipsis reads badly.
    while last.ends_with([',', ';', ':', '.', '-', '—', '–']) {
        last.pop();
    }
    last.push_str(ELLIPSIS);
    lines.push(last);
    TitleLayout {
        size,
        lines,
        shortened: true,
    }
}

/// `text` on one line at `size`: whole, or cut after the last whole word
/// that leaves room for the ellipsis.
pub fn one_line(text: &str, metrics: &Metrics<'_>, size: f32, width: f32) -> String {
    if metrics.width(text, size) <= width {
        return text.to_string();
    }
    let mut words: Vec<&str> = text.split_whitespace().collect();
    while words.len() > 1 && metrics.width(&format!("{}{ELLIPSIS}", words.join(" ")), size) > width
    {
        words.pop();
    }
    format!("{}{ELLIPSIS}", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bold() -> Metrics<'static> {
        Metrics::new(super::super::FONT_BOLD).expect("the theme's bold font")
    }

    #[test]
    fn a_short_title_is_one_line_at_the_largest_size() {
        let layout = title("Facebook", &bold(), 1040.0);
        assert_eq!(layout.lines, ["Facebook"]);
        assert_eq!(layout.size, SIZES[0].0);
        assert!(!layout.shortened);
    }

    #[test]
    fn widths_come_from_the_font() {
        let m = bold();
        // In Liberation Sans Bold, as in Arial, "W" is wider than "i".
        assert!(m.width("WWWW", 80.0) > 3.0 * m.width("iiii", 80.0));
        assert!((m.width("ab", 80.0) - (m.width("a", 80.0) + m.width("b", 80.0))).abs() < 0.01);
    }

    #[test]
    fn every_word_of_a_title_that_fits_is_kept_in_order() {
        let t = "Why social media matters in the NHS and what it means for staff who are new";
        let layout = title(t, &bold(), 1040.0);
        assert_eq!(layout.lines.join(" "), t);
        assert!(layout.lines.len() > 1 && !layout.shortened);
        for line in &layout.lines {
            assert!(bold().width(line, layout.size) <= 1040.0, "{line}");
        }
    }

    #[test]
    fn a_200_character_title_shrinks_wraps_and_ends_at_a_word_with_an_ellipsis() {
        let t = "How NHS staff, HR teams, communications teams and leaders can use social media safely and well, with examples from trusts across England, advice on privacy settings, and what to do when things go wrong online";
        assert!(t.chars().count() >= 200, "{}", t.chars().count());
        let layout = title(t, &bold(), 1040.0);
        let (smallest, max_lines) = SIZES[SIZES.len() - 1];
        assert_eq!(layout.size, smallest);
        assert_eq!(layout.lines.len(), max_lines);
        assert!(layout.shortened);
        let last = layout.lines.last().expect("lines");
        assert!(last.ends_with(ELLIPSIS), "{last}");
        // Every line is whole words of the title, in order.
        let shown = layout.lines.join(" ");
        let shown = shown.trim_end_matches(ELLIPSIS);
        assert!(t.starts_with(shown), "{shown}");
        let next = &t[shown.len()..];
        assert!(
            next.starts_with(' ') || next.starts_with(','),
            "cut mid-word: …{next}"
        );
        for line in &layout.lines {
            assert!(bold().width(line, layout.size) <= 1040.0, "{line}");
        }
    }
}
