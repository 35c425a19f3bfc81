//! The words of a page as the index counts them: split as the reader's
//! script splits a query (`tokens`), counted with their weights by a
//! 64-bit hash made while each word is read (`count`), and stemmed
//! through a per-thread cache of each word's stem (`Words`).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHasher;

/// A page's weight for one term is capped, so that a long page repeating
/// a word does not outrank the page about it.
pub const MAX_WEIGHT: u32 = 60;
/// Words longer than this are not words.
const MAX_WORD: usize = 40;

/// The words of a language, stemmed.
pub struct Words {
    language: String,
    stemmer: Option<Stemmer>,
    /// Welsh: words keyed through their initial mutations (`welsh.rs`).
    welsh: bool,
}

/// A word's stem, as `Words::stem` gives it.
#[derive(Clone)]
pub struct Stem {
    /// The stem.
    pub text: Rc<str>,
    /// Its hash (`hash_of`).
    pub key: u64,
    /// Whether the stem is the word itself.
    pub same: bool,
}

/// A thread's stems: for which language, and each word's, by the word's
/// hash.
type StemCache = (String, ByHash<Stem>);

thread_local! {
    /// Each word's stem, per thread and language: a site's pages share
    /// most of their words, and stemming is most of indexing's work.
    static STEMS: RefCell<StemCache> = RefCell::default();
}

/// A map keyed by a string's 64-bit hash (`hash_of`), which it uses as
/// it is. Two of a site's words sharing a hash is a chance of less than
/// one in a billion at 100,000 different words.
pub type ByHash<V> = HashMap<u64, V, BuildHasherDefault<Unhashed>>;

/// The hash of a string, for `ByHash`.
pub fn hash_of(text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// A `Hasher` for keys that are hashes already.
#[derive(Default)]
pub struct Unhashed(u64);

impl Hasher for Unhashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; anything else is folded in.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Words {
    /// For a language tag (`en-GB`): English is stemmed with Snowball's
    /// English stemmer, Welsh keyed through its mutations; any other
    /// language is matched word for word.
    pub fn new(language: &str) -> Words {
        let primary = language.split(['-', '_']).next().unwrap_or("");
        let algorithm = match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Algorithm::English),
            _ => None,
        };
        Words {
            language: primary.to_ascii_lowercase(),
            stemmer: algorithm.map(Stemmer::create),
            welsh: primary.eq_ignore_ascii_case("cy"),
        }
    }

    /// Runs `f` with this thread's stems of this language: a page's words
    /// are stemmed under one borrow of the cache.
    pub fn with_stems<R>(&self, f: impl FnOnce(&mut Stems<'_>) -> R) -> R {
        STEMS.with_borrow_mut(|(language, cache)| {
            if *language != self.language {
                language.clone_from(&self.language);
                cache.clear();
            }
            f(&mut Stems { words: self, cache })
        })
    }
}

/// A thread's stems, borrowed (`Words::with_stems`).
pub struct Stems<'a> {
    words: &'a Words,
    cache: &'a mut ByHash<Stem>,
}

impl Stems<'_> {
    /// The stem of a lower-case word whose `word_hash` is `key`.
    pub fn stem(&mut self, key: u64, word: &str) -> &Stem {
        let words = self.words;
        self.cache.entry(key).or_insert_with(|| {
            let text: Rc<str> = match &words.stemmer {
                Some(stemmer) => stemmer.stem(word).into(),
                None if words.welsh => super::welsh::radical(word).into(),
                None => word.into(),
            };
            Stem {
                key: hash_of(&text),
                same: *text == *word,
                text,
            }
        })
    }
}

/// The hash of a lower-case word as `count` makes it while reading the
/// word, one byte at a time (for `ByHash`).
pub fn word_hash(word: &str) -> u64 {
    finish(word.bytes().fold(0, step))
}

/// One byte into a word's hash (FxHash's step).
#[inline]
fn step(hash: u64, byte: u8) -> u64 {
    (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// A word's hash from its steps: the well-mixed high bits brought down,
/// where the map looks.
#[inline]
fn finish(hash: u64) -> u64 {
    hash ^ (hash >> 32)
}

/// A page's words as they are counted: each lower-case word, by
/// `word_hash`, and its weight so far.
pub type Counted<'p> = ByHash<(Cow<'p, str>, u32)>;

/// Adds each word of `text` (the words `tokens` gives) to `counted` with
/// `weight`, capped at `MAX_WEIGHT`. ASCII words, most of them, are
/// hashed as they are read and copied only when new to the page and not
/// lower case already; any other word is read as `tokens` reads it.
pub fn count<'p>(text: &'p str, weight: u32, counted: &mut Counted<'p>) {
    let mut add = |key: u64, word: &dyn Fn() -> Cow<'p, str>| {
        let (_, w) = counted.entry(key).or_insert_with(|| (word(), 0));
        *w = (*w + weight).min(MAX_WEIGHT);
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            // Between words; an apostrophe here would be trimmed.
            at += 1;
            continue;
        }
        let start = at;
        let (mut hash, mut hash_at_end, mut end, mut upper) = (0, 0, at, false);
        let mut ascii = true;
        while at < bytes.len() {
            let b = bytes[at];
            if b.is_ascii_alphanumeric() {
                let lower = b.to_ascii_lowercase();
                upper |= lower != b;
                hash = step(hash, lower);
                at += 1;
                (end, hash_at_end) = (at, hash);
            } else if b == b'\'' {
                hash = step(hash, b);
                at += 1;
            } else {
                ascii = b.is_ascii();
                break;
            }
        }
        if !ascii {
            // A word with other characters, or none: as `tokens` reads it.
            let (next, word) = word_at(text, start);
            at = next;
            if let Some(word) = word {
                add(word_hash(&word), &|| word.clone());
            }
            continue;
        }
        let len = end - start;
        if (2..=MAX_WORD).contains(&len) {
            let word = &text[start..end];
            add(finish(hash_at_end), &|| {
                if upper {
                    Cow::Owned(word.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(word)
                }
            });
        }
    }
}

/// The word that starts at `start` (its first character, or none if that
/// is not part of a word), as `tokens` gives it, and where it ends.
fn word_at(text: &str, start: usize) -> (usize, Option<Cow<'_, str>>) {
    let Some(start) = next_word_char(text, start, false) else {
        return (text.len(), None);
    };
    let end = next_word_char(text, start, true).unwrap_or(text.len());
    let word = text[start..end].trim_matches(['\'', '\u{2019}']);
    let ascii = word.is_ascii();
    let long_enough = if ascii {
        word.len() >= 2
    } else {
        word.chars().nth(1).is_some()
    };
    if !long_enough || word.len() > MAX_WORD {
        return (end, None);
    }
    let word = if ascii && !word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(word)
    } else if ascii {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Owned(word.to_lowercase().replace('\u{2019}', "'"))
    };
    (end, Some(word))
}

/// The lower-case words of `text`, as the reader's script splits a query:
/// letters and digits, with apostrophes inside a word kept (`patient's`).
/// What `count` must read, word for word (the property tests hold it to
/// the standard library's splitting, and `count` to it).
#[cfg(test)]
pub fn tokens(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() {
            let (end, word) = word_at(text, at);
            at = end;
            if word.is_some() {
                return word;
            }
        }
        None
    })
}

/// The byte offset, from `from`, of the first character that is part of a
/// word (`inside` false) or is not (`inside` true).
fn next_word_char(text: &str, from: usize, inside: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while at < bytes.len() {
        let b = bytes[at];
        let (is_word, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'\'', 1)
        } else {
            let c = text[at..].chars().next()?;
            (c.is_alphanumeric() || c == '\u{2019}', c.len_utf8())
        };
        if is_word != inside {
            return Some(at);
        }
        at += len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Counting reads the words `tokens` gives, each keyed by its
        /// `word_hash`, whatever mix of ASCII, capitals, apostrophes and
        /// other letters the text has.
        #[test]
        fn counting_reads_the_words_tokens_gives(
            text in "[ aZb'’.é1\u{2003}\u{2014}-]{0,60}",
            weight in 1u32..20,
        ) {
            let mut counted = Counted::default();
            count(&text, weight, &mut counted);
            let mut expected: std::collections::BTreeMap<String, u32> = Default::default();
            for word in tokens(&text) {
                let w = expected.entry(word.into_owned()).or_insert(0);
                *w = (*w + weight).min(MAX_WEIGHT);
            }
            let mut found: std::collections::BTreeMap<String, u32> = Default::default();
            for (key, (word, w)) in counted {
                proptest::prop_assert_eq!(key, word_hash(&word), "{}", word);
                found.insert(word.into_owned(), w);
            }
            proptest::prop_assert_eq!(found, expected);
        }
    }
}
