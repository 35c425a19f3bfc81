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

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
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
    stemmer: Option<Stemmer>,
    /// Welsh: words keyed through their initial mutations (`welsh.rs`).
    welsh: bool,
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
    pub fn stem(&self, word: &str) -> String {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None if self.welsh => super::welsh::radical(word),
            None => word.to_string(),
        }
    }
}

/// The lower-case words of `text`, as the reader's script splits a query:
/// letters and digits, with apostrophes inside a word kept (`patient's`).
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|w| w.trim_matches(['\'', '\u{2019}']))
        .filter(|w| w.chars().count() >= 2 && w.len() <= MAX_WORD)
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
}

/// What a page gives the index; shared by an older edition whose page is
/// the same.
#[derive(Debug)]
pub struct Entry {
    /// The page's fragment, as JSON.
    pub fragment: String,
    /// Each stem and the page's weight for it, sorted by stem.
    pub terms: Vec<(Box<str>, u32)>,
    /// Each word of the page whose stem differs from it, and the stem.
    pub words: Vec<(Box<str>, Box<str>)>,
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

/// Text kept per part in a fragment: enough for an excerpt around any
/// match in a page of ordinary length.
const PART_TEXT: usize = 6000;

impl Entry {
    /// Indexes one page.
    pub fn new(words: &Words, page: &PageFields<'_>) -> Entry {
        let mut weights: HashMap<String, u32> = HashMap::new();
        let mut variants: HashMap<String, String> = HashMap::new();
        let mut stems: HashMap<String, String> = HashMap::new();
        let mut add = |text: &str, weight: u32| {
            for word in tokens(text) {
                let stem = stems
                    .entry(word.clone())
                    .or_insert_with(|| words.stem(&word))
                    .clone();
                if stem != word {
                    variants.insert(word, stem.clone());
                }
                let w = weights.entry(stem).or_default();
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
        let mut terms: Vec<(Box<str>, u32)> =
            weights.into_iter().map(|(s, w)| (s.into(), w)).collect();
        terms.sort_unstable();
        let mut words: Vec<(Box<str>, Box<str>)> = variants
            .into_iter()
            .map(|(w, s)| (w.into(), s.into()))
            .collect();
        words.sort_unstable();
        let fragment = Fragment {
            u: page.url,
            t: page.title,
            s: page.section,
            d: page.description,
            p: page
                .parts
                .iter()
                .map(|p| {
                    [
                        p.anchor.as_str(),
                        p.heading.as_str(),
                        cut(&p.text, PART_TEXT),
                    ]
                })
                .collect(),
        };
        Entry {
            fragment: serde_json::to_string(&fragment).unwrap_or_default(),
            terms,
            words,
        }
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
    /// Its files, as (path under `search/`, bytes).
    pub fn files(
        &self,
        language: &str,
        synonyms: &[Vec<String>],
        same: Option<&[i64]>,
    ) -> Vec<(String, Vec<u8>)> {
        let mut terms: BTreeMap<&str, Vec<(usize, u32)>> = BTreeMap::new();
        let mut words: BTreeMap<&str, &str> = BTreeMap::new();
        for (page, entry) in self.entries.iter().enumerate() {
            for (stem, weight) in &entry.terms {
                terms.entry(stem).or_default().push((page, *weight));
            }
            for (word, stem) in &entry.words {
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
        for (page, entry) in self.entries.iter().enumerate() {
            files.push((
                format!("p/{page}.json"),
                entry.fragment.clone().into_bytes(),
            ));
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
            self.terms.push_str(&format!("{},{weight}", page - last));
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
