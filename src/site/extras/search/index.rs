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

use std::rc::Rc;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::text::Part;
use super::words::{ByHash, Counted, MAX_WEIGHT, Words, count};

/// How much a word counts in each field.
const TITLE: u32 = 12;
const HEADING: u32 = 5;
const DESCRIPTION: u32 = 3;
const SECTION: u32 = 1;
const BODY: u32 = 1;
/// A chunk is cut once its JSON reaches this many bytes (a single term's
/// postings can make one larger).
pub const CHUNK_BYTES: usize = 16 * 1024;

/// What a page gives the index; shared by an older edition whose page is
/// the same.
#[derive(Debug)]
pub struct Entry {
    /// The page's fragment, as JSON.
    pub fragment: String,
    /// Each stem and the page's weight for it, in no order.
    /// (Kept as one string, where each stem ends, and one byte per stem:
    /// a 10,000-page site has millions of them.)
    stems: Box<str>,
    ends: Box<[u32]>,
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
        let mut counted = Counted::default();
        counted.reserve(512);
        count(page.title, TITLE, &mut counted);
        count(page.description, DESCRIPTION, &mut counted);
        count(page.section, SECTION, &mut counted);
        for part in page.parts {
            count(&part.heading, HEADING, &mut counted);
            count(&part.text, BODY, &mut counted);
        }
        let mut weights: ByHash<(Rc<str>, u32)> = ByHash::default();
        weights.reserve(counted.len());
        let mut stems = String::new();
        let mut variants = String::new();
        words.with_stems(|cache| {
            for (key, (word, weight)) in counted {
                let stem = cache.stem(key, &word);
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
        });
        let mut weight_bytes = Vec::with_capacity(weights.len());
        let mut keys = Vec::with_capacity(weights.len());
        let mut ends = Vec::with_capacity(weights.len());
        for (key, (stem, weight)) in weights {
            stems.push_str(&stem);
            ends.push(u32::try_from(stems.len()).unwrap_or(u32::MAX));
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
            ends: ends.into(),
            weights: weight_bytes.into(),
            keys: keys.into(),
            words: variants.into(),
        }
    }
}

impl Entry {
    /// Each stem of the page and the page's weight for it, by stem.
    pub fn terms(&self) -> impl Iterator<Item = (&str, u32)> {
        (0..self.ends.len()).map(|n| (self.stem(n), u32::from(self.weights[n])))
    }

    /// The page's `n`th stem.
    fn stem(&self, n: usize) -> &str {
        let start = n.checked_sub(1).map_or(0, |m| self.ends[m] as usize);
        self.stems
            .get(start..self.ends[n] as usize)
            .unwrap_or_default()
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
        // Each stem's postings, gathered over runs of pages in parallel
        // and joined in page order; each stem and word written as JSON in
        // parallel; then cut into chunks in key order.
        let runs = rayon::current_num_threads().max(1);
        let per_run = self.entries.len().div_ceil(runs).max(1);
        let gathered: Vec<Gathered<'_>> = self
            .entries
            .par_chunks(per_run)
            .enumerate()
            .map(|(run, entries)| gather(run * per_run, entries))
            .collect();
        let mut gathered = gathered.into_iter();
        let mut all = gathered.next().unwrap_or_default();
        for more in gathered {
            for (key, (stem, postings)) in more.terms {
                all.terms
                    .entry(key)
                    .or_insert_with(|| (stem, Vec::new()))
                    .1
                    .extend(postings);
            }
            all.words.extend(more.words);
        }
        let terms: FxHashMap<&str, Vec<u64>> = all.terms.into_values().collect();
        let words = all.words;
        let mut keys: Vec<&str> = terms.keys().chain(words.keys()).copied().collect();
        keys.par_sort_unstable();
        keys.dedup();
        let pieces: Vec<(Option<String>, Option<String>)> = keys
            .par_iter()
            .map(|key| {
                (
                    terms.get(key).map(|postings| term_json(key, postings)),
                    words
                        .get(key)
                        .map(|stem| format!("{}:{}", json_string(key), json_string(stem))),
                )
            })
            .collect();

        let mut files = Vec::new();
        let mut firsts: Vec<&str> = Vec::new();
        let mut chunk = Chunk::default();
        for (key, (term, word)) in keys.iter().zip(&pieces) {
            if chunk.bytes >= CHUNK_BYTES {
                files.push((format!("c/{}.json", firsts.len() - 1), chunk.finish()));
                chunk = Chunk::default();
            }
            if chunk.bytes == 0 {
                firsts.push(key);
            }
            if let Some(term) = term {
                push_piece(&mut chunk.terms, &mut chunk.bytes, term);
            }
            if let Some(word) = word {
                push_piece(&mut chunk.words, &mut chunk.bytes, word);
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
    fn finish(self) -> Vec<u8> {
        format!("{{\"t\":{{{}}},\"w\":{{{}}}}}", self.terms, self.words).into_bytes()
    }
}

/// One run of pages' postings (`page << 8 | weight`, page numbers
/// counted from the first page of the index) by stem hash, with the
/// stem's text; and each word whose stem differs from it.
#[derive(Default)]
struct Gathered<'e> {
    terms: ByHash<(&'e str, Vec<u64>)>,
    words: FxHashMap<&'e str, &'e str>,
}

/// The postings of `entries`, the first of which is page `first`.
fn gather(first: usize, entries: &[Arc<Entry>]) -> Gathered<'_> {
    let mut out = Gathered::default();
    for (page, entry) in (first..).zip(entries) {
        let page = (page as u64) << 8;
        for (n, (&key, &weight)) in entry.keys.iter().zip(entry.weights.iter()).enumerate() {
            out.terms
                .entry(key)
                .or_insert_with(|| (entry.stem(n), Vec::new()))
                .1
                .push(page | u64::from(weight));
        }
        for (word, stem) in entry.words() {
            out.words.insert(word, stem);
        }
    }
    out
}

/// A stem and its postings as JSON (`"stem":[gap,weight,…]`), each page
/// as the gap from the one before.
fn term_json(stem: &str, postings: &[u64]) -> String {
    let mut out = json_string(stem);
    out.reserve(postings.len() * 6 + 3);
    out.push_str(":[");
    let mut last = 0;
    for (i, posting) in postings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let page = posting >> 8;
        push_number(&mut out, page - last);
        out.push(',');
        push_number(&mut out, posting & 0xff);
        last = page;
    }
    out.push(']');
    out
}

/// Appends one member to a chunk's object, counting its bytes (and the
/// comma before it).
fn push_piece(object: &mut String, bytes: &mut usize, piece: &str) {
    if !object.is_empty() {
        object.push(',');
        *bytes += 1;
    }
    object.push_str(piece);
    *bytes += piece.len();
}

/// Appends `n` in decimal (a chunk holds millions of numbers; `write!`
/// costs several times this).
fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}
