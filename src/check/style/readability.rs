//! A page's Flesch-Kincaid reading grade (`style.reading-grade`), the
//! one formula canteen uses (`scripts/readability` runs this check):
//!
//! grade = 0.39 × (words per sentence) + 11.8 × (syllables per word) − 15.59
//!
//! Read from the page's prose blocks (code, raw HTML, addresses left out);
//! headings, list items and table cells are sentences of their own, so a
//! list of short items is not scored as one long sentence. Words and
//! sentences are counted as the Python package textstat counts them (a
//! sentence of two words or fewer is not counted); syllables are counted
//! by vowel groups with English's common silent endings, an estimate that
//! needs no dictionary. Linear in the page's length.

use crate::check::lint::prose::{Block, CODE};

/// Pages with fewer words are not graded: a grade of a few lines says
/// little.
pub const MIN_WORDS: usize = 50;

/// Counts of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Words.
    pub words: usize,
    /// Sentences (at least one when there are words).
    pub sentences: usize,
    /// Syllables.
    pub syllables: usize,
}

impl Counts {
    /// The Flesch-Kincaid grade of these counts.
    pub fn grade(&self) -> f64 {
        if self.words == 0 || self.sentences == 0 {
            return 0.0;
        }
        let words = self.words as f64;
        0.39 * (words / self.sentences as f64) + 11.8 * (self.syllables as f64 / words) - 15.59
    }
}

/// The counts of a page's blocks.
pub fn counts(blocks: &[Block]) -> Counts {
    let mut total = Counts::default();
    let mut ignored = 0;
    let mut found = 0usize;
    for block in blocks {
        let mut sentence_words = 0;
        let mut any = false;
        for raw in block.text.split_whitespace() {
            if raw.contains(CODE)
                || raw.contains("://")
                || raw.starts_with("www.")
                || (raw.contains('@') && raw.contains('.'))
            {
                continue;
            }
            // The word is its letters, digits, apostrophes and hyphens;
            // its parts, split at those marks, are its runs of letters
            // and digits.
            if raw.chars().any(char::is_alphanumeric) {
                total.words += 1;
                sentence_words += 1;
                any = true;
                total.syllables += raw
                    .split(['-', '\'', '’'])
                    .map(part_syllables)
                    .sum::<usize>();
            }
            if raw.ends_with(['.', '!', '?'])
                || raw.ends_with(".)")
                || raw.ends_with(".\"")
                || raw.ends_with(".”")
            {
                found += 1;
                ignored += usize::from(sentence_words <= 2);
                sentence_words = 0;
            }
        }
        // A block without ending punctuation is a sentence of its own.
        if sentence_words > 0 || (any && block.short) {
            found += 1;
            ignored += usize::from(sentence_words <= 2);
        }
    }
    total.sentences = found
        .saturating_sub(ignored)
        .max(usize::from(total.words > 0));
    total
}

/// The syllables of a part of a word as written (its letters and digits
/// counted, anything else left out): none when it has no letter or digit.
fn part_syllables(part: &str) -> usize {
    if !part.chars().any(char::is_alphanumeric) {
        0
    } else if part.is_ascii() {
        let mut buf = [0u8; 32];
        let mut n = 0;
        for b in part.bytes().filter(u8::is_ascii_alphabetic) {
            if n == buf.len() {
                return syllables(part);
            }
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        vowel_groups(&buf[..n])
    } else {
        syllables(
            &part
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>(),
        )
    }
}

/// The syllables of one word, estimated from its vowel groups.
pub fn syllables(word: &str) -> usize {
    let lower: Vec<u8> = word
        .to_lowercase()
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .collect();
    vowel_groups(&lower)
}

/// The syllables of a word's ASCII letters in lower case.
fn vowel_groups(lower: &[u8]) -> usize {
    if lower.len() <= 3 {
        return 1;
    }
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let b = lower;
    let n = b.len();
    let mut end = n;
    let silent_es = lower.ends_with(b"es")
        && !matches!(
            b[n - 3],
            b'l' | b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b's' | b'x' | b'z' | b'c' | b'g'
        );
    let silent_ed = lower.ends_with(b"ed") && !matches!(b[n - 3], b't' | b'd');
    if silent_es || silent_ed {
        end = n - 2;
    } else if lower.ends_with(b"e") && !lower.ends_with(b"le") && !vowel(b[n - 2]) {
        end = n - 1;
    }
    let b = &b[..end];
    let start = usize::from(b.first() == Some(&b'y'));
    let mut count = 0usize;
    let mut run = 0usize;
    for &c in &b[start..] {
        if vowel(c) {
            run += 1;
        } else if run > 0 {
            count += run.div_ceil(2);
            run = 0;
        }
    }
    count += run.div_ceil(2);
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An estimate: right for most words, wrong for some (`media` counts 2,
    /// its `ia` read as one vowel sound, as in `social`).
    #[test]
    fn syllables_of_common_words() {
        for (word, n) in [
            ("the", 1),
            ("staff", 1),
            ("social", 2),
            ("guidance", 2),
            ("make", 1),
            ("people", 2),
            ("professional", 4),
            ("posted", 2),
            ("used", 1),
            ("organisation", 5),
            ("account", 2),
            ("facebook", 3),
            ("little", 2),
        ] {
            let got = syllables(word);
            assert_eq!(got, n, "{word}");
        }
    }
}
