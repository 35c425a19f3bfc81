//! One edition's search index: each page's entry (its terms, stemmed, with
//! field weights, and the fragment a result shows), then the dictionary
//! cut into chunks by sorted key so that a query downloads only the chunk
//! its words fall in.
//!
//! Files, under an edition's `search/`: `index.json` (the first key of
//! every chunk, the synonyms, the language), `c/<n>.json` (a chunk:
//! `t`, stem → postings `[page, weight, …]` with page numbers as gaps, and
//! `w`, a word → its stem where the two differ, so a reader's
//! "posting" meets "post" without a stemmer in the browser) and
//! `p/<page>.json` (a page's fragment: address, title, section, parts).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHasher};
use serde::Serialize;

use super::text::Part;

/// How much a word counts in each field.
const TITLE: u32 = 12;
const HEADING: u32 = 5;
const DESCRIPTION: u32 = 3;
const SECTION: u32 = 1;
const BODY: u32 = 1;
/// A page's weight for one term is capped, so that a long page repeating
/// a word does not outrank the page about it.
const MAX_WEIGHT: u32 = 60;
/// A chunk is cut once its JSON reaches this many bytes (a single term's
/// postings can make one larger).
pub const CHUNK_BYTES: usize = 16 * 1024;
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

    /// The stem of a lower-case word whose hash is `key`.
    pub fn stem(&self, key: u64, word: &str) -> Stem {
        STEMS.with_borrow_mut(|(language, stems)| {
            if *language != self.language {
                language.clone_from(&self.language);
                stems.clear();
            }
            if let Some(stem) = stems.get(&key) {
                return stem.clone();
            }
            let text: Rc<str> = match &self.stemmer {
                Some(stemmer) => stemmer.stem(word).into(),
                None if self.welsh => super::welsh::radical(word).into(),
                None => word.into(),
            };
            let stem = Stem {
                key: hash_of(&text),
                same: *text == *word,
                text,
            };
            stems.insert(key, stem.clone());
            stem
        })
    }
}

/// The lower-case words of `text`, as the reader's script splits a query:
/// letters and digits, with apostrophes inside a word kept (`patient's`).
pub fn tokens(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            // Skip what is not part of a word, then take what is: ASCII
            // by its byte, anything else by its character.
            let start = next_word_char(text, at, false)?;
            let end = next_word_char(text, start, true).unwrap_or(bytes.len());
            at = end;
            let word = text[start..end].trim_matches(['\'', '\u{2019}']);
            let ascii = word.is_ascii();
            let long_enough = if ascii {
                word.len() >= 2
            } else {
                word.chars().nth(1).is_some()
            };
            if !long_enough || word.len() > MAX_WORD {
                continue;
            }
            if ascii && !word.bytes().any(|b| b.is_ascii_uppercase()) {
                return Some(Cow::Borrowed(word));
            }
            if ascii {
                return Some(Cow::Owned(word.to_ascii_lowercase()));
            }
            return Some(Cow::Owned(word.to_lowercase().replace('\u{2019}', "'")));
        }
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

/// What a page gives the index; shared by an older edition whose page is
/// the same.
#[derive(Debug)]
pub struct Entry {
    /// The page's fragment, as JSON.
    pub fragment: String,
    /// Each stem and the page's weight for it, in no order.
    /// (Kept as one string and one byte per stem: a 10,000-page site has
    /// millions of them.)
    stems: Box<str>,
    weights: Box<[u8]>,
    /// Each stem's hash (`hash_of`), in the same order.
    keys: Box<[u64]>,
    /// Each word of the page whose stem differs from it, and the stem.
    /// (`word stem word stem …`, in no order.)
    words: Box<str>,
}

/// The page fragment a result is shown from.
#[derive(Serialize)]
struct Fragment<'a> {
    /// The address inside the edition (`platforms/facebook/`).
    u: &'a str,
    /// Title.
    t: &'a str,
    /// The section's title.
    s: &'a str,
    /// Description.
    d: &'a str,
    /// Parts: `[anchor, heading, text]`.
    p: Vec<[&'a str; 3]>,
}

/// The text of a page, by field.
pub struct PageFields<'a> {
    /// Its address inside the edition.
    pub url: &'a str,
    /// Title.
    pub title: &'a str,
    /// Its section's title (empty at the top).
    pub section: &'a str,
    /// Description.
    pub description: &'a str,
    /// The body's parts.
    pub parts: &'a [Part],
}

/// Text kept in a page's fragment, shared by its parts in order (every
/// heading is kept): enough for an excerpt around most matches in a page
/// of ordinary length, small enough that a query's ten fragments are
/// about 30 kB. A part beyond it keeps its heading, so a match in a
/// heading still links to it; a match only further down shows the part's
/// start, unmarked.
const PAGE_TEXT: usize = 3000;
/// What a part keeps however much the earlier parts used.
const PART_MIN: usize = 200;

impl Entry {
    /// Indexes one page.
    pub fn new<'p>(words: &Words, page: &PageFields<'p>) -> Entry {
        // Each word's weight first (most words repeat), then each stem's.
        // Keyed by the word's 64-bit hash: no string is compared or copied
        // for a word seen before.
        let mut counted: ByHash<(Cow<'p, str>, u32)> = ByHash::default();
        counted.reserve(512);
        let mut add = |text: &'p str, weight: u32| {
            for word in tokens(text) {
                let (_, w) = counted.entry(hash_of(&word)).or_insert_with(|| (word, 0));
                *w = (*w + weight).min(MAX_WEIGHT);
            }
        };
        add(page.title, TITLE);
        add(page.description, DESCRIPTION);
        add(page.section, SECTION);
        for part in page.parts {
            add(&part.heading, HEADING);
            add(&part.text, BODY);
        }
        let mut weights: ByHash<(Rc<str>, u32)> = ByHash::default();
        weights.reserve(counted.len());
        let mut stems = String::new();
        let mut variants = String::new();
        for (key, (word, weight)) in counted {
            let stem = words.stem(key, &word);
            if !stem.same {
                variants.push_str(&word);
                variants.push(' ');
                variants.push_str(&stem.text);
                variants.push(' ');
            }
            let (_, w) = weights
                .entry(stem.key)
                .or_insert_with(|| (stem.text.clone(), 0));
            *w = (*w + weight).min(MAX_WEIGHT);
        }
        let mut weight_bytes = Vec::with_capacity(weights.len());
        let mut keys = Vec::with_capacity(weights.len());
        for (key, (stem, weight)) in weights {
            stems.push_str(&stem);
            stems.push(' ');
            weight_bytes.push(u8::try_from(weight).unwrap_or(u8::MAX));
            keys.push(key);
        }
        let fragment = Fragment {
            u: page.url,
            t: page.title,
            s: page.section,
            d: page.description,
            p: {
                let mut left = PAGE_TEXT;
                page.parts
                    .iter()
                    .map(|p| {
                        let text = cut(&p.text, left.max(PART_MIN));
                        left = left.saturating_sub(text.len());
                        [p.anchor.as_str(), p.heading.as_str(), text]
                    })
                    .collect()
            },
        };
        Entry {
            fragment: serde_json::to_string(&fragment).unwrap_or_default(),
            stems: stems.into(),
            weights: weight_bytes.into(),
            keys: keys.into(),
            words: variants.into(),
        }
    }
}

impl Entry {
    /// Each stem of the page and the page's weight for it, by stem.
    pub fn terms(&self) -> impl Iterator<Item = (&str, u32)> {
        self.stems
            .split(' ')
            .filter(|s| !s.is_empty())
            .zip(self.weights.iter().map(|&w| u32::from(w)))
    }

    /// `terms`, each with its stem's hash.
    fn keyed_terms(&self) -> impl Iterator<Item = (u64, &str, u32)> {
        self.keys
            .iter()
            .zip(self.terms())
            .map(|(&key, (stem, weight))| (key, stem, weight))
    }

    /// Each word of the page whose stem differs from it, and the stem.
    pub fn words(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut parts = self.words.split(' ').filter(|s| !s.is_empty());
        std::iter::from_fn(move || Some((parts.next()?, parts.next()?)))
    }
}

/// `text` up to `max` bytes, at a word's end.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(' ') {
        Some(space) => &text[..space],
        None => &text[..end],
    }
}

/// `index.json`.
#[derive(Serialize)]
struct Manifest<'a> {
    /// Format version.
    v: u32,
    /// The language tag the index was stemmed for.
    lang: &'a str,
    /// How many pages.
    pages: usize,
    /// The first key of every chunk, in order.
    chunks: Vec<&'a str>,
    /// Synonym groups, lower case.
    syn: &'a [Vec<String>],
    /// For an earlier edition: each page's number in the current
    /// edition's index, or -1 (a search of every edition ranks the current
    /// copy of a page first).
    #[serde(skip_serializing_if = "Option::is_none")]
    same: Option<&'a [i64]>,
}

/// An edition's index, ready to write.
pub struct EditionIndex {
    /// The entries, in page order.
    pub entries: Vec<Arc<Entry>>,
}

impl EditionIndex {
    /// Its files but the fragments (`p/<n>.json`, each entry's `fragment`),
    /// as (path under `search/`, bytes).
    pub fn files(
        &self,
        language: &str,
        synonyms: &[Vec<String>],
        same: Option<&[i64]>,
    ) -> Vec<(String, Vec<u8>)> {
        let mut by_key: ByHash<(&str, Vec<(usize, u32)>)> = ByHash::default();
        let mut words: FxHashMap<&str, &str> = FxHashMap::default();
        for (page, entry) in self.entries.iter().enumerate() {
            for (key, stem, weight) in entry.keyed_terms() {
                by_key
                    .entry(key)
                    .or_insert_with(|| (stem, Vec::new()))
                    .1
                    .push((page, weight));
            }
            for (word, stem) in entry.words() {
                words.insert(word, stem);
            }
        }
        let terms: FxHashMap<&str, Vec<(usize, u32)>> = by_key.into_values().collect();
        let mut keys: Vec<&str> = terms.keys().chain(words.keys()).copied().collect();
        keys.sort_unstable();
        keys.dedup();

        let mut files = Vec::new();
        let mut firsts: Vec<&str> = Vec::new();
        let mut chunk = Chunk::default();
        for key in keys {
            if chunk.bytes >= CHUNK_BYTES {
                files.push((format!("c/{}.json", firsts.len() - 1), chunk.finish()));
                chunk = Chunk::default();
            }
            if chunk.bytes == 0 {
                firsts.push(key);
            }
            if let Some(postings) = terms.get(key) {
                chunk.term(key, postings);
            }
            if let Some(stem) = words.get(key) {
                chunk.word(key, stem);
            }
        }
        if chunk.bytes > 0 {
            files.push((format!("c/{}.json", firsts.len() - 1), chunk.finish()));
        }
        let manifest = Manifest {
            v: 1,
            lang: language,
            pages: self.entries.len(),
            chunks: firsts,
            syn: synonyms,
            same,
        };
        files.push((
            "index.json".to_string(),
            serde_json::to_vec(&manifest).unwrap_or_default(),
        ));
        files
    }
}

/// A chunk being written: its two objects as JSON text.
#[derive(Default)]
struct Chunk {
    terms: String,
    words: String,
    bytes: usize,
}

impl Chunk {
    fn term(&mut self, stem: &str, postings: &[(usize, u32)]) {
        let start = self.terms.len();
        if !self.terms.is_empty() {
            self.terms.push(',');
        }
        self.terms.push_str(&json_string(stem));
        self.terms.push_str(":[");
        let mut last = 0;
        for (i, (page, weight)) in postings.iter().enumerate() {
            if i > 0 {
                self.terms.push(',');
            }
            // Writing to a String cannot fail.
            let _ = write!(self.terms, "{},{weight}", page - last);
            last = *page;
        }
        self.terms.push(']');
        self.bytes += self.terms.len() - start;
    }

    fn word(&mut self, word: &str, stem: &str) {
        let start = self.words.len();
        if !self.words.is_empty() {
            self.words.push(',');
        }
        self.words.push_str(&json_string(word));
        self.words.push(':');
        self.words.push_str(&json_string(stem));
        self.bytes += self.words.len() - start;
    }

    fn finish(self) -> Vec<u8> {
        format!("{{\"t\":{{{}}},\"w\":{{{}}}}}", self.terms, self.words).into_bytes()
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}
