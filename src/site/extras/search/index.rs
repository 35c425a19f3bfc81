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
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
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

/// A thread's stems: for which language, and each word's.
type StemCache = (String, FxHashMap<Box<str>, Rc<str>>);

thread_local! {
    /// Each word's stem, per thread and language: a site's pages share
    /// most of their words, and stemming is most of indexing's work.
    static STEMS: RefCell<StemCache> = RefCell::default();
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

    /// The stem of a lower-case word.
    pub fn stem(&self, word: &str) -> Rc<str> {
        STEMS.with_borrow_mut(|(language, stems)| {
            if *language != self.language {
                language.clone_from(&self.language);
                stems.clear();
            }
            if let Some(stem) = stems.get(word) {
                return stem.clone();
            }
            let stem: Rc<str> = match &self.stemmer {
                Some(stemmer) => stemmer.stem(word).into(),
                None if self.welsh => super::welsh::radical(word).into(),
                None => word.into(),
            };
            stems.insert(word.into(), stem.clone());
            stem
        })
    }
}

/// The lower-case words of `text`, as the reader's script splits a query:
/// letters and digits, with apostrophes inside a word kept (`patient's`).
pub fn tokens(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|w| w.trim_matches(['\'', '\u{2019}']))
        .filter(|w| w.chars().count() >= 2 && w.len() <= MAX_WORD)
        .map(|w| {
            if w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'\'')
            {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase().replace('\u{2019}', "'"))
            }
        })
}

/// What a page gives the index; shared by an older edition whose page is
/// the same.
#[derive(Debug)]
pub struct Entry {
    /// The page's fragment, as JSON.
    pub fragment: String,
    /// Each stem and the page's weight for it, sorted by stem.
    /// (Kept as one string and one byte per stem: a 10,000-page site has
    /// millions of them.)
    stems: Box<str>,
    weights: Box<[u8]>,
    /// Each word of the page whose stem differs from it, and the stem.
    /// (`word stem word stem …`, sorted by word.)
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
        let mut counted: FxHashMap<Cow<'p, str>, u32> = FxHashMap::default();
        let mut add = |text: &'p str, weight: u32| {
            for word in tokens(text) {
                let w = counted.entry(word).or_default();
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
        let mut weights: FxHashMap<Rc<str>, u32> = FxHashMap::default();
        let mut variants: Vec<(Box<str>, Box<str>)> = Vec::new();
        for (word, weight) in counted {
            let stem = words.stem(&word);
            if *stem != *word {
                variants.push((word.into(), (*stem).into()));
            }
            let w = weights.entry(stem).or_default();
            *w = (*w + weight).min(MAX_WEIGHT);
        }
        let mut terms: Vec<(Rc<str>, u32)> = weights.into_iter().collect();
        terms.sort_unstable();
        let mut words = variants;
        words.sort_unstable();
        let stems = terms
            .iter()
            .map(|(s, _)| &**s)
            .collect::<Vec<_>>()
            .join(" ");
        let weights = terms
            .iter()
            .map(|(_, w)| u8::try_from(*w).unwrap_or(u8::MAX))
            .collect();
        let words = words
            .iter()
            .flat_map(|(w, s)| [&**w, &**s])
            .collect::<Vec<_>>()
            .join(" ");
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
            weights,
            words: words.into(),
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
        let mut terms: FxHashMap<&str, Vec<(usize, u32)>> = FxHashMap::default();
        let mut words: FxHashMap<&str, &str> = FxHashMap::default();
        for (page, entry) in self.entries.iter().enumerate() {
            for (stem, weight) in entry.terms() {
                terms.entry(stem).or_default().push((page, weight));
            }
            for (word, stem) in entry.words() {
                words.insert(word, stem);
            }
        }
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
