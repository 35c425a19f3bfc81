//! The words of a page as the index counts them: split as the reader's
//! script splits a query (`tokens`), counted with their weights by a
//! 64-bit hash made while each word is read (`count`); and a word's stem
//! (`Words`), taken once per word of an edition when its index is
//! written.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rust_stemmers::{Algorithm, Stemmer};

/// A page's weight for one term is capped, so that a long page repeating
/// a word does not outrank the page about it.
pub const MAX_WEIGHT: u32 = 60;
/// Words longer than this are not words.
const MAX_WORD: usize = 40;

/// The words of a language, stemmed.
pub struct Words {
    stemmer: Option<Stemmer>,
    /// Welsh: words keyed through their initial mutations (`welsh.rs`).
    welsh: bool,
}

/// A map keyed by a word's 64-bit hash (`word_hash`), which it uses as it
/// is. Two of a site's words sharing a hash is a chance of less than one
/// in a billion at 100,000 different words.
pub type ByHash<V> = HashMap<u64, V, BuildHasherDefault<Unhashed>>;

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
            stemmer: algorithm.map(Stemmer::create),
            welsh: primary.eq_ignore_ascii_case("cy"),
        }
    }

    /// The stem of a lower-case word.
    pub fn stem<'w>(&self, word: &'w str) -> Cow<'w, str> {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(word),
            None if self.welsh => Cow::Owned(super::welsh::radical(word)),
            None => Cow::Borrowed(word),
        }
    }
}

/// The hash of a lower-case word, as `count` makes it (for `ByHash`).
pub fn word_hash(word: &str) -> u64 {
    hash_folded(word.as_bytes(), 0, word.len(), 0)
}

/// Set in every byte of a word of ASCII letters, digits and apostrophes,
/// it lower-cases the word (digits and the apostrophe have it already).
const LOWER: u64 = 0x2020_2020_2020_2020;

/// The hash of `bytes[start..end]`, a word, 8 bytes at a time, each byte
/// or'd with `fold`'s (`LOWER` for an ASCII word in any case, 0 for a
/// word in lower case already). Each step is a folded multiply (the high
/// half of a 128-bit product folded into the low), as foldhash does: a
/// difference in any byte reaches every bit of the hash, so words that
/// differ in one letter do not collide, as they can with FxHash's
/// multiply ("iniciando" and "iniciante" did, eight bytes at a time).
#[inline]
fn hash_folded(bytes: &[u8], start: usize, end: usize, fold: u64) -> u64 {
    const MULTIPLE: u64 = 0x5851_f42d_4c95_7f2d;
    let mix = |hash: u64, eight: u64| {
        let product = u128::from(hash ^ eight) * u128::from(MULTIPLE);
        (product as u64) ^ ((product >> 64) as u64)
    };
    let mut hash = 0x243f_6a88_85a3_08d3 ^ (end - start) as u64;
    let mut at = start;
    while at < end {
        let len = (end - at).min(8);
        // Bytes past the word are masked off (and padding is not folded):
        // a word's hash is its own bytes'.
        let mask = u64::MAX >> (64 - 8 * len);
        hash = mix(hash, (load(bytes, at) | fold) & mask);
        at += len;
    }
    hash
}

/// The eight bytes of `bytes` from `at`, little-endian; zeros past its
/// end. One unaligned load where the text goes on (a word's last bytes
/// copied to the stack and read back cost several times the hashing).
#[inline]
fn load(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
        None => bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .rev()
            .fold(0, |word, &b| (word << 8) | u64::from(b)),
    }
}

/// A page's words as they are counted: each lower-case word, one after
/// another in one string (`words`, each one's length in `lengths`), and
/// its weight so far, in the order first seen, found by `word_hash` in
/// `numbers`. The entry keeps copies of the three (`boxed`).
pub struct Counted {
    numbers: Numbers,
    words: String,
    lengths: Vec<u8>,
    weights: Vec<u8>,
}

/// Each word's number in a page, by the word's hash: a table of slots
/// found by the hash's low bits, a full slot passed over to the next
/// (linear probing), kept at most half full. A page's few hundred words
/// then fit in the processor's first cache, and a word seen before (most
/// of a page's words) is found in one or two compares; hashbrown's table,
/// which this replaced, was about a third of counting's time. It is the
/// thread's own, emptied and kept from page to page (`SPARE`).
#[derive(Default)]
struct Numbers {
    /// A word's hash and its number plus one (0: the slot is empty).
    slots: Vec<(u64, u32)>,
    /// The slots filled, in the order filled: what is emptied after a
    /// page, rather than the whole table.
    filled: Vec<u32>,
}

/// The slots a table starts with: most pages have fewer than half as
/// many words.
const SLOTS: usize = 1024;

impl Numbers {
    /// The number of the word whose hash is `key`, or `next` (made its
    /// number) if it has none yet.
    #[inline]
    fn number(&mut self, key: u64, next: u32) -> u32 {
        if self.filled.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = key as usize & mask;
        while let Some(slot) = self.slots.get_mut(at) {
            if slot.1 == 0 {
                *slot = (key, next + 1);
                self.filled.push(at as u32);
                return next;
            }
            if slot.0 == key {
                return slot.1 - 1;
            }
            at = (at + 1) & mask;
        }
        next
    }

    /// Twice the slots, each filled slot moved to its place in them.
    #[cold]
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(SLOTS);
        let full: Vec<(u64, u32)> = self
            .filled
            .iter()
            .map(|&at| self.slots[at as usize])
            .collect();
        self.slots = vec![(0, 0); size];
        self.filled.clear();
        for (key, number) in full {
            self.number(key, number - 1);
        }
    }

    /// Empties the slots filled.
    fn clear(&mut self) {
        for &at in &self.filled {
            if let Some(slot) = self.slots.get_mut(at as usize) {
                slot.1 = 0;
            }
        }
        self.filled.clear();
    }
}

/// A `Counted`'s parts, kept by each thread between pages.
type Spare = (Numbers, String, Vec<u8>, Vec<u8>);

thread_local! {
    /// Each thread's table of word numbers and lists of words, lent to
    /// one page's `Counted` at a time: made for every page and grown past
    /// its first words, the table was about 4% of a 10,000-page build's
    /// samples. An entry copies the lists (`Counted::boxed`).
    static SPARE: Cell<Spare> = Cell::default();
}

impl Default for Counted {
    fn default() -> Self {
        let (numbers, words, lengths, weights) = SPARE.take();
        Counted {
            numbers,
            words,
            lengths,
            weights,
        }
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut numbers = std::mem::take(&mut self.numbers);
        numbers.clear();
        let mut words = std::mem::take(&mut self.words);
        words.clear();
        let mut lengths = std::mem::take(&mut self.lengths);
        lengths.clear();
        let mut weights = std::mem::take(&mut self.weights);
        weights.clear();
        SPARE.set((numbers, words, lengths, weights));
    }
}

impl Counted {
    /// How many different words.
    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    /// The words one after another, each one's length in bytes and each
    /// one's weight, in the order first seen (for the caller to copy: a
    /// list grown for a page keeps up to twice what it holds, and the
    /// thread keeps the lists for the next page).
    pub fn parts(&self) -> (&str, &[u8], &[u8]) {
        (&self.words, &self.lengths, &self.weights)
    }

    /// Each word and its weight, in the order first seen.
    #[cfg(test)]
    fn words(&self) -> impl Iterator<Item = (&str, u32)> {
        split_words(&self.words, &self.lengths, &self.weights)
    }

    /// Each word's hash as it was counted, the word and its weight.
    #[cfg(test)]
    fn keyed(&self) -> impl Iterator<Item = (u64, &str, u32)> {
        let words: Vec<(&str, u32)> = self.words().collect();
        self.numbers
            .filled
            .iter()
            .map(|&at| {
                let (key, number) = self.numbers.slots[at as usize];
                let (word, weight) = words[number as usize - 1];
                (key, word, weight)
            })
            .collect::<Vec<_>>()
            .into_iter()
    }
}

/// Words kept one after another (`words`, each one's length in `lengths`)
/// with their weights.
pub fn split_words<'w>(
    words: &'w str,
    lengths: &'w [u8],
    weights: &'w [u8],
) -> impl Iterator<Item = (&'w str, u32)> {
    let mut start = 0;
    lengths
        .iter()
        .zip(weights.iter())
        .map(move |(&length, &weight)| {
            let end = start + usize::from(length);
            let word = words.get(start..end).unwrap_or_default();
            start = end;
            (word, u32::from(weight))
        })
}

/// The high bit of every byte of a `u64`: eight bytes of text are looked
/// at together, and a byte found is flagged by its high bit.
pub(super) const HIGH: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// The bytes of `x` (bytes below 0x80, their high bits clear) from
/// `from` to `to`, flagged.
#[inline]
pub(super) fn in_range(x: u64, from: u8, to: u8) -> u64 {
    let at_least = x + ONES * u64::from(0x80 - from);
    let above = x + ONES * u64::from(0x7f - to);
    at_least & !above & HIGH
}

/// The ASCII letters and digits of eight bytes of text, flagged.
#[inline]
fn alnum(x: u64) -> u64 {
    let ascii = x & !HIGH;
    (in_range(ascii | LOWER, b'a', b'z') | in_range(ascii, b'0', b'9')) & !x
}

/// The ASCII apostrophes of eight bytes of text, flagged.
#[inline]
fn apostrophes(x: u64) -> u64 {
    in_range(x & !HIGH, b'\'', b'\'') & !x
}

/// Eight flags (0x80 in a byte) as eight bits, the first byte's lowest.
#[inline]
fn gather(flags: u64) -> u64 {
    ((flags >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// One bit per byte of 64 bytes of text (zeros past its end) for each of
/// three classes: ASCII letters and digits, what an ASCII word is made of
/// (those and apostrophes), and bytes that are not ASCII. Made eight
/// bytes at a time with no branch, so that finding a word is a few bit
/// operations rather than a test of each byte.
struct Window {
    alnum: u64,
    word: u64,
    other: u64,
}

impl Window {
    #[inline]
    fn at(bytes: &[u8], from: usize) -> Window {
        let mut window = Window {
            alnum: 0,
            word: 0,
            other: 0,
        };
        for k in 0..8 {
            let x = load(bytes, from + 8 * k);
            let letters = alnum(x);
            window.alnum |= gather(letters) << (8 * k);
            window.word |= gather(letters | apostrophes(x)) << (8 * k);
            window.other |= gather(x & HIGH) << (8 * k);
        }
        window
    }
}

/// Adds each word of `text` (the words `tokens` gives) to `counted` with
/// `weight`, capped at `MAX_WEIGHT`. ASCII words, most of them, are found
/// 64 bytes at a time (`Window`), hashed eight bytes at a time and copied
/// only when new to the page and not lower case already; a word with any
/// other character is read as `tokens` reads it.
pub fn count(text: &str, weight: u32, counted: &mut Counted) {
    let bytes = text.as_bytes();
    let mut at = 0;
    'windows: while at < bytes.len() {
        let window = Window::at(bytes, at);
        // Where a word may start: other ASCII, apostrophes too, is
        // between words.
        let starts = window.alnum | window.other;
        let mut from = 0;
        loop {
            // `from` is where the last word ended: always inside the window.
            let ahead = starts >> from << from;
            if ahead == 0 {
                at += 64;
                continue 'windows;
            }
            let start = ahead.trailing_zeros();
            let ends = !window.word >> start << start;
            let ascii = (window.other >> start) & 1 == 0;
            if ascii && ends == 0 && start > 0 {
                // The word goes on past the window: read it in the next.
                at += start as usize;
                continue 'windows;
            }
            let end = ends.trailing_zeros();
            if ascii && end < 64 && (window.other >> end) & 1 == 0 {
                // An ASCII word (apostrophes at its end are not part of
                // it), ended by ASCII or the end of the text.
                let letters = window.alnum & ((u64::MAX >> (64 - end)) >> start << start);
                let last = 63 - letters.leading_zeros();
                let (first, stop) = (at + start as usize, at + last as usize + 1);
                if (2..=MAX_WORD).contains(&(stop - first)) {
                    let key = hash_folded(bytes, first, stop, LOWER);
                    tally(counted, key, weight, |words| {
                        let start = words.len();
                        words.push_str(&text[first..stop]);
                        if let Some(word) = words.get_mut(start..) {
                            word.make_ascii_lowercase();
                        }
                    });
                }
                from = end;
                continue;
            }
            // A word with other characters, or none, or one longer than a
            // window: as `tokens` reads it.
            let (after, word) = word_at(text, at + start as usize);
            if let Some(word) = word {
                tally(counted, word_hash(&word), weight, |words| {
                    words.push_str(&word)
                });
            }
            at = after;
            continue 'windows;
        }
    }
}

/// Adds `weight` to the word whose hash is `key`, kept (`keep`) if it is
/// new to the page.
#[inline]
fn tally(counted: &mut Counted, key: u64, weight: u32, keep: impl FnOnce(&mut String)) {
    let next = u32::try_from(counted.lengths.len()).unwrap_or(u32::MAX);
    let n = counted.numbers.number(key, next) as usize;
    if n == counted.lengths.len() {
        let start = counted.words.len();
        keep(&mut counted.words);
        // Never longer than 120 bytes (40 characters made lower case); a
        // longer one is cut, so that the words after it stay in place.
        let mut end = counted.words.len().min(start + usize::from(u8::MAX));
        while !counted.words.is_char_boundary(end) {
            end -= 1;
        }
        counted.words.truncate(end);
        counted
            .lengths
            .push(u8::try_from(end - start).unwrap_or(u8::MAX));
        counted.weights.push(0);
    }
    if let Some(w) = counted.weights.get_mut(n) {
        *w = (u32::from(*w) + weight).min(MAX_WEIGHT) as u8;
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

    #[test]
    fn words_that_differ_in_a_letter_are_counted_apart() {
        // Each pair collided under FxHash's multiply, eight bytes at a time.
        let text = "iniciando iniciante associado associate";
        let mut counted = Counted::default();
        count(text, 1, &mut counted);
        let mut words: Vec<&str> = counted.keyed().map(|(_, w, _)| w).collect();
        words.sort_unstable();
        assert_eq!(words, ["associado", "associate", "iniciando", "iniciante"]);
    }

    #[test]
    fn eight_bytes_at_a_time_every_byte_is_classed_as_one_at_a_time() {
        for byte in 0..=255u8 {
            for place in 0..8 {
                for filler in [0u8, b'a', b' ', 0xff] {
                    let mut eight = [filler; 8];
                    eight[place] = byte;
                    let x = u64::from_le_bytes(eight);
                    let flagged = |flags: u64| flags >> (place * 8) & 0x80 != 0;
                    assert_eq!(
                        flagged(alnum(x)),
                        byte.is_ascii_alphanumeric(),
                        "{byte:#x} at {place}"
                    );
                    assert_eq!(
                        flagged(apostrophes(x)),
                        byte == b'\'',
                        "{byte:#x} at {place}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_page_of_more_words_than_the_table_starts_with_has_each_counted_once() {
        // Four times the slots a table starts with, each word twice, then
        // a small page on the same thread after the table has grown.
        let text: String = (0..SLOTS * 4).map(|n| format!("w{n} W{n} ")).collect();
        let mut counted = Counted::default();
        count(&text, 1, &mut counted);
        assert_eq!(counted.len(), SLOTS * 4);
        let words: std::collections::BTreeMap<String, u32> = counted
            .keyed()
            .map(|(key, w, n)| {
                assert_eq!(key, word_hash(w));
                (w.to_string(), n)
            })
            .collect();
        assert_eq!(words.len(), SLOTS * 4);
        assert!(words.values().all(|&n| n == 2), "{words:?}");
        drop(counted);
        let mut small = Counted::default();
        count("w1 friend", 3, &mut small);
        assert_eq!(sorted(&small), [("friend", 3), ("w1", 3)]);
    }

    /// Each word counted and its weight, in order.
    fn sorted(counted: &Counted) -> Vec<(&str, u32)> {
        let mut words: Vec<(&str, u32)> = counted.keyed().map(|(_, w, n)| (w, n)).collect();
        words.sort_unstable();
        words
    }

    #[test]
    fn a_page_counted_after_another_on_the_same_thread_has_only_its_own_words() {
        let mut first = Counted::default();
        count("discharge planning on the ward", 1, &mut first);
        assert_eq!(first.len(), 5);
        drop(first);
        let mut second = Counted::default();
        count("friend request", 2, &mut second);
        assert_eq!(sorted(&second), [("friend", 2), ("request", 2)]);
    }

    /// What `count` finds in `text`, against what `tokens` gives.
    fn counted_as_tokens(
        text: &str,
        weight: u32,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut counted = Counted::default();
        count(text, weight, &mut counted);
        let mut expected: std::collections::BTreeMap<String, u32> = Default::default();
        for word in tokens(text) {
            let w = expected.entry(word.into_owned()).or_insert(0);
            *w = (*w + weight).min(MAX_WEIGHT);
        }
        let mut found: std::collections::BTreeMap<String, u32> = Default::default();
        for (key, word, w) in counted.keyed() {
            proptest::prop_assert_eq!(key, word_hash(word), "{}", word);
            found.insert(word.to_string(), w);
        }
        proptest::prop_assert_eq!(found, expected);
        Ok(())
    }

    proptest::proptest! {
        /// The index's words are the ones the reader's script would split:
        /// letters, digits and inner apostrophes, lower case, two or more
        /// and no longer than 40 bytes.
        #[test]
        fn tokens_are_the_lower_case_words_of_two_letters_or_more(
            text in "[ aB'’.é1\u{2003}-]{0,40}",
        ) {
            let expected: Vec<String> = text
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
                .map(|w| w.trim_matches(['\'', '\u{2019}']))
                .filter(|w| w.chars().count() >= 2 && w.len() <= 40)
                .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
                .collect();
            let found: Vec<String> = tokens(&text)
                .map(|w| w.into_owned())
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }

        /// Counting reads the words `tokens` gives, each keyed by its
        /// `word_hash`, whatever mix of ASCII, capitals, apostrophes and
        /// other letters the text has.
        #[test]
        fn counting_reads_the_words_tokens_gives(
            text in "[ aZb'’.é1\u{2003}\u{2014}\u{10}\u{7f}@\\[`{_-]{0,150}",
            weight in 1u32..20,
        ) {
            counted_as_tokens(&text, weight)?;
        }

        /// Long words too, across the 64-byte blocks words are found in,
        /// with apostrophes and letters that are not ASCII at either end.
        #[test]
        fn counting_reads_long_words_across_blocks(
            text in "([a-zA-Z0-9'é’]{1,80}[ .\u{2003}]{1,2}){0,6}",
            weight in 1u32..20,
        ) {
            counted_as_tokens(&text, weight)?;
        }
    }
}
