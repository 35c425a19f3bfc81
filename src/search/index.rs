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
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::spill::Spill;
use super::text::{self, Body};
use super::words::{
    ByHash, Counted, HIGH, MAX_WEIGHT, Words, count, in_range, split_words, word_hash,
};

/// How much a word counts in each field.
const TITLE: u32 = 12;
const HEADING: u32 = 5;
const DESCRIPTION: u32 = 3;
const SECTION: u32 = 1;
const BODY: u32 = 1;
/// A chunk is cut once its JSON reaches this many bytes (a single term's
/// postings can make one larger).
pub const CHUNK_BYTES: usize = 16 * 1024;
/// How many keys' JSON is written at once, in parallel, before it is cut
/// into chunks (a 10,000-page site's index is about 16 MB of JSON).
const KEYS_AT_ONCE: usize = 2048;

/// What a page gives the index; shared by an older edition whose page is
/// the same. Its words are stemmed when the edition's index is written,
/// once per word of the edition, not once per page.
#[derive(Debug)]
pub struct Entry {
    /// The page's fragment (JSON), then each word of the page, lower case,
    /// in no order, then each word's length in bytes (at most `MAX_WORD`'s
    /// 40 made lower case), then the page's weight for each word: one
    /// block, as the cache keeps it, since a 10,000-page site has millions
    /// of words.
    block: Block,
    /// Where the words start in the block, and how many there are.
    words_at: usize,
    count: usize,
    /// What the entry was made of besides the page's text, as its maker
    /// fingerprinted it (`Entry::new`'s `made_of`): an entry kept for a
    /// page whose rendering is kept (an earlier edition's unchanged page,
    /// a page `canteen serve` did not render again) is used only while
    /// that is the same.
    pub made_of: u64,
    /// Its key in the cache of entries (`cache::key`).
    pub key: u128,
}

/// An entry's bytes: its own, or part of the cache file it was read from
/// (shared by every entry read from it, never copied).
#[derive(Debug)]
enum Block {
    Own(Box<[u8]>),
    Kept(Arc<super::cache::FileBytes>, std::ops::Range<usize>),
    /// In the file of the entries this build made (`Spill`).
    Spilled(Arc<Spill>, std::ops::Range<usize>),
}

impl Block {
    fn bytes(&self) -> &[u8] {
        match self {
            Block::Own(bytes) => bytes,
            Block::Kept(file, range) => &file[range.clone()],
            // Empty only if the file was lost, which `Entry::problem`
            // reports before an index is written.
            Block::Spilled(spill, range) => spill.bytes().get(range.clone()).unwrap_or_default(),
        }
    }
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
    /// The body.
    pub body: &'a Body,
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
    /// Indexes one page; `made_of` fingerprints what else the entry was
    /// made of, and `key` is its key in the cache.
    pub fn new(page: &PageFields<'_>, made_of: u64, key: u128) -> Entry {
        // Keyed by the word's 64-bit hash: no string is compared or copied
        // for a word seen before.
        let mut counted = Counted::default();
        count(page.title, TITLE, &mut counted);
        count(page.description, DESCRIPTION, &mut counted);
        count(page.section, SECTION, &mut counted);
        let body = page.body;
        for part in &body.parts {
            count(body.heading_raw(part), HEADING, &mut counted);
            count(body.raw(part), BODY, &mut counted);
        }
        let (words, lengths, weights) = counted.parts();
        let (block, words_at) = block(page, [words.as_bytes(), lengths, weights]);
        Entry {
            block: Block::Own(block),
            words_at,
            count: lengths.len(),
            made_of,
            key,
        }
    }

    /// How many bytes an entry's block takes with a fragment of
    /// `fragment` bytes, words of `words` bytes and `count` words (a
    /// length and a weight each); `None` past what memory can address.
    pub(super) fn block_len([fragment, words, count]: [usize; 3]) -> Option<usize> {
        fragment
            .checked_add(words)?
            .checked_add(count.checked_mul(2)?)
    }

    /// An entry the cache kept, its block at `start` in `file` (`lengths`
    /// as `Entry::block` gives them). `None` unless the fragment and words
    /// are UTF-8 and each word has a length that ends it on a character,
    /// the lengths adding up to all the words.
    pub(super) fn kept(
        (key, made_of): (u128, u64),
        file: Arc<super::cache::FileBytes>,
        start: usize,
        lengths: [usize; 3],
    ) -> Option<Entry> {
        let [fragment, words, count] = lengths;
        let range = start..start.checked_add(Entry::block_len(lengths)?)?;
        let block = file.get(range.clone())?;
        std::str::from_utf8(&block[..fragment]).ok()?;
        let text = std::str::from_utf8(&block[fragment..fragment + words]).ok()?;
        let mut end = 0;
        for &length in &block[fragment + words..fragment + words + count] {
            end += usize::from(length);
            if length == 0 || !text.is_char_boundary(end) {
                return None;
            }
        }
        (end == words).then_some(Entry {
            block: Block::Kept(file, range),
            words_at: fragment,
            count,
            made_of,
            key,
        })
    }

    /// The entry with its block moved to `spill`, where it was written
    /// starting at `start`.
    pub(super) fn moved_to(self, spill: Arc<Spill>, start: usize) -> Entry {
        let len = self.block.bytes().len();
        Entry {
            block: Block::Spilled(spill, start..start + len),
            ..self
        }
    }

    /// Whether its block is in `spill`.
    pub(super) fn spilled_in(&self, spill: &Spill) -> bool {
        matches!(&self.block, Block::Spilled(s, _) if std::ptr::eq(Arc::as_ptr(s), spill))
    }

    /// Why its bytes may be lost, if they may: its block is in the file
    /// of the entries made, which could not be written or read back.
    pub fn problem(&self) -> Option<String> {
        match &self.block {
            Block::Spilled(spill, range) => {
                // Reading the bytes closes the file, which can fail too.
                let short = spill.bytes().len() < range.end;
                spill.problem().or_else(|| {
                    short.then(|| "the search entries written this build were cut short".into())
                })
            }
            _ => None,
        }
    }

    /// The page's fragment, as JSON.
    pub fn fragment(&self) -> &str {
        std::str::from_utf8(self.fragment_bytes()).unwrap_or_default()
    }

    /// The page's fragment as the file it is written to holds it (UTF-8,
    /// as `Entry::new` wrote it or `Entry::kept` found it).
    pub fn fragment_bytes(&self) -> &[u8] {
        &self.block.bytes()[..self.words_at]
    }

    /// Its block of bytes as the cache keeps it, and the lengths of its
    /// fragment and of its words, and how many words it has.
    pub(super) fn block(&self) -> (&[u8], [usize; 3]) {
        let bytes = self.block.bytes();
        let words = bytes.len() - self.words_at - 2 * self.count;
        (bytes, [self.words_at, words, self.count])
    }

    /// Each word of the page and the page's weight for it, in no order.
    pub fn words(&self) -> impl Iterator<Item = (&str, u32)> {
        let bytes = &self.block.bytes()[self.words_at..];
        let (words, numbers) = bytes.split_at(bytes.len() - 2 * self.count);
        let (lengths, weights) = numbers.split_at(self.count);
        split_words(
            std::str::from_utf8(words).unwrap_or_default(),
            lengths,
            weights,
        )
    }
}

/// The page's fragment, the JSON object a result is shown from: `u` its
/// address inside the edition (`platforms/facebook/`), `t` its title, `s`
/// its section's title, `d` its description and `p` its parts, each
/// `[anchor, heading, text]` with white space squeezed and the text cut
/// to what is left of `PAGE_TEXT`. Written as it goes (a fragment is 3 to
/// 4 kB, and a 10,000-page site has one per page), and given back in a
/// block of its own size with `then` after it, and its length.
fn block(page: &PageFields<'_>, then: [&[u8]; 3]) -> (Box<[u8]>, usize) {
    thread_local! {
        /// Each thread's fragment being written, kept from page to page:
        /// a fragment made in a string of its own size, not one sized for
        /// the most it could be (69 MB for 38 MB of fragments).
        static WRITING: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    WRITING.with_borrow_mut(|out| {
        out.clear();
        write_fragment(page, out);
        let size = out.len() + then.iter().map(|t| t.len()).sum::<usize>();
        let mut block = Vec::with_capacity(size);
        block.extend_from_slice(out.as_bytes());
        for bytes in then {
            block.extend_from_slice(bytes);
        }
        (block.into_boxed_slice(), out.len())
    })
}

fn write_fragment(page: &PageFields<'_>, out: &mut String) {
    let body = page.body;
    for (key, value) in [
        ("{\"u\":", page.url),
        (",\"t\":", page.title),
        (",\"s\":", page.section),
        (",\"d\":", page.description),
    ] {
        out.push_str(key);
        push_json_string(out, value);
    }
    out.push_str(",\"p\":[");
    let mut left = PAGE_TEXT;
    for (n, part) in body.parts.iter().enumerate() {
        let text = text::squeeze_cut(body.raw(part), left.max(PART_MIN));
        left = left.saturating_sub(text.len());
        out.push_str(if n == 0 { "[" } else { ",[" });
        push_json_string(out, &part.anchor);
        out.push(',');
        push_json_string(out, &body.heading(part));
        out.push(',');
        push_json_string(out, &text);
        out.push(']');
    }
    out.push_str("]}");
}

/// Appends `text` as a JSON string, as `serde_json` writes it: most text
/// has nothing to escape and is copied as it is.
fn push_json_string(out: &mut String, text: &str) {
    if needs_escape(text.as_bytes()) {
        out.push_str(&json_string(text));
    } else {
        out.push('"');
        out.push_str(text);
        out.push('"');
    }
}

/// Whether any byte of `bytes` is one JSON escapes (a control, `"` or
/// `\\`), looked at eight at a time with the classes `count` uses: a
/// fragment's 3 kB of text, one byte at a time, was a quarter of writing
/// it.
fn needs_escape(bytes: &[u8]) -> bool {
    let mut eights = bytes.chunks_exact(8);
    for eight in &mut eights {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        let ascii = x & !HIGH;
        let escaped =
            in_range(ascii, 0, 0x1f) | in_range(ascii, b'"', b'"') | in_range(ascii, b'\\', b'\\');
        // Bytes that are not ASCII are none of them.
        if escaped & !x != 0 {
            return true;
        }
    }
    eights
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
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
    /// Writes its files but the fragments (`p/<n>.json`, each entry's
    /// `fragment`) with `put` (path under `search/`, bytes), each chunk as
    /// soon as it is cut, then `index.json`.
    pub fn write_files<E>(
        &self,
        language: &str,
        synonyms: &[Vec<String>],
        same: Option<&[i64]>,
        mut put: impl FnMut(String, Vec<u8>) -> Result<(), E>,
    ) -> Result<(), E> {
        // Each word's postings, gathered over runs of pages in parallel
        // and listed run by run (in page order, never copied into one);
        // each word stemmed once; each stem's postings and each word whose
        // stem differs from it written as JSON in parallel; then cut into
        // chunks in key order.
        let runs = rayon::current_num_threads().max(1);
        let per_run = self.entries.len().div_ceil(runs).max(1);
        let gathered: Vec<ByHash<Posted<'_>>> = self
            .entries
            .par_chunks(per_run)
            .enumerate()
            .map(|(run, entries)| gather(run * per_run, entries))
            .collect();
        let mut lists: ByHash<(&str, Vec<&[u32]>)> = ByHash::default();
        for run in &gathered {
            for (&key, (word, postings)) in run {
                lists
                    .entry(key)
                    .or_insert_with(|| (word, Vec::new()))
                    .1
                    .push(postings);
            }
        }
        let posted: Vec<(&str, Vec<&[u32]>)> = lists.into_values().collect();
        let words = Words::new(language);
        let stems: Vec<Cow<'_, str>> = posted.par_iter().map(|(w, _)| words.stem(w)).collect();
        let mut by_stem: FxHashMap<&str, Stemmed<'_>> = FxHashMap::default();
        let mut variants: FxHashMap<&str, &str> = FxHashMap::default();
        for ((word, postings), stem) in posted.iter().zip(&stems) {
            let stemmed = by_stem.entry(stem).or_default();
            stemmed.words += 1;
            stemmed.lists.extend(postings);
            if stem != word {
                variants.insert(word, stem);
            }
        }
        let mut keys: Vec<&str> = by_stem.keys().chain(variants.keys()).copied().collect();
        keys.par_sort_unstable();
        keys.dedup();
        let mut firsts: Vec<&str> = Vec::new();
        let mut chunk = Chunk::new();
        // A block of keys' JSON at a time, written in parallel, then cut
        // into chunks: never the whole index's JSON at once.
        for block in keys.chunks(KEYS_AT_ONCE) {
            let pieces: Vec<(Option<String>, Option<String>)> = block
                .par_iter()
                .map(|key| {
                    (
                        by_stem.get(key).map(|stemmed| stemmed.json(key)),
                        variants
                            .get(key)
                            .map(|stem| format!("{}:{}", json_string(key), json_string(stem))),
                    )
                })
                .collect();
            for (key, (term, word)) in block.iter().zip(pieces) {
                if chunk.bytes >= CHUNK_BYTES {
                    put(format!("c/{}.json", firsts.len() - 1), chunk.finish())?;
                    chunk = Chunk::new();
                }
                if chunk.bytes == 0 {
                    firsts.push(key);
                }
                if let Some(term) = term {
                    chunk.push_term(&term);
                }
                if let Some(word) = word {
                    chunk.push_word(&word);
                }
            }
        }
        if chunk.bytes > 0 {
            put(format!("c/{}.json", firsts.len() - 1), chunk.finish())?;
        }
        let manifest = Manifest {
            v: 1,
            lang: language,
            pages: self.entries.len(),
            chunks: firsts,
            syn: synonyms,
            same,
        };
        put(
            "index.json".to_string(),
            serde_json::to_vec(&manifest).unwrap_or_default(),
        )
    }
}

/// A chunk being written: `{"t":{` and its terms so far, then its words'
/// object, joined when it is cut. `bytes` counts the members and the
/// commas between them (what `CHUNK_BYTES` bounds).
struct Chunk {
    text: String,
    words: String,
    bytes: usize,
}

const TERMS_START: &str = "{\"t\":{";

impl Chunk {
    fn new() -> Chunk {
        let mut text = String::with_capacity(CHUNK_BYTES + CHUNK_BYTES / 4);
        text.push_str(TERMS_START);
        Chunk {
            text,
            words: String::new(),
            bytes: 0,
        }
    }

    /// Adds a stem and its postings.
    fn push_term(&mut self, term: &str) {
        if self.text.len() > TERMS_START.len() {
            self.text.push(',');
            self.bytes += 1;
        }
        self.text.push_str(term);
        self.bytes += term.len();
    }

    /// Adds a word and its stem.
    fn push_word(&mut self, word: &str) {
        if !self.words.is_empty() {
            self.words.push(',');
            self.bytes += 1;
        }
        self.words.push_str(word);
        self.bytes += word.len();
    }

    fn finish(self) -> Vec<u8> {
        let mut text = self.text;
        for piece in ["},\"w\":{", &self.words, "}}"] {
            text.push_str(piece);
        }
        text.into_bytes()
    }
}

/// A word and its postings (`page << 8 | weight`, page numbers counted
/// from the first page of the index: `MAX_PAGES` at most).
type Posted<'e> = (&'e str, Vec<u32>);

/// The most pages an edition's index can number (in 24 bits).
pub const MAX_PAGES: usize = 1 << 24;

/// The postings of `entries`, the first of which is page `first`, by
/// word.
fn gather(first: usize, entries: &[Arc<Entry>]) -> ByHash<Posted<'_>> {
    let mut out: ByHash<Posted<'_>> = ByHash::default();
    for (page, entry) in (first..).zip(entries) {
        let page = u32::try_from(page).unwrap_or(u32::MAX) << 8;
        for (word, weight) in entry.words() {
            out.entry(word_hash(word))
                .or_insert_with(|| (word, Vec::new()))
                .1
                .push(page | weight);
        }
    }
    out
}

/// A stem's words' postings: how many words, and their lists, each in
/// page order (a word's lists one after another).
#[derive(Default)]
struct Stemmed<'p> {
    words: usize,
    lists: Vec<&'p [u32]>,
}

impl Stemmed<'_> {
    /// The stem and its postings as JSON (`"stem":[gap,weight,…]`), each
    /// page as the gap from the one before. A page with several of the
    /// stem's words weighs their sum, capped at `MAX_WEIGHT`.
    fn json(&self, stem: &str) -> String {
        if self.words == 1 {
            // One word's lists, one after another, are in page order.
            let count = self.lists.iter().map(|l| l.len()).sum();
            let postings = self.lists.iter().flat_map(|l| l.iter().copied());
            return term_json(stem, count, postings);
        }
        let merged = merge(&self.lists);
        term_json(stem, merged.len(), merged.into_iter())
    }
}

/// Lists of postings, each in page order, as one in page order: merged
/// two at a time (each list is sorted already, so no sort is needed), a
/// page in several weighing their sum, capped at `MAX_WEIGHT`.
fn merge(lists: &[&[u32]]) -> Vec<u32> {
    let total = lists.iter().map(|l| l.len()).sum();
    let mut merged: Vec<u32> = Vec::with_capacity(total);
    let mut next: Vec<u32> = Vec::with_capacity(total);
    for list in lists {
        next.clear();
        let (mut i, mut j) = (0, 0);
        while let (Some(&x), Some(&y)) = (merged.get(i), list.get(j)) {
            if x >> 8 == y >> 8 {
                next.push((x & !0xff) | ((x & 0xff) + (y & 0xff)).min(MAX_WEIGHT));
                (i, j) = (i + 1, j + 1);
            } else if x < y {
                next.push(x);
                i += 1;
            } else {
                next.push(y);
                j += 1;
            }
        }
        next.extend_from_slice(merged.get(i..).unwrap_or_default());
        next.extend_from_slice(list.get(j..).unwrap_or_default());
        std::mem::swap(&mut merged, &mut next);
    }
    merged
}

/// A stem and its `count` postings (in page order) as JSON.
fn term_json(stem: &str, count: usize, postings: impl Iterator<Item = u32>) -> String {
    // Most postings are a gap of one or two digits and a weight of one: a
    // string of about the size it ends, not one doubled as it grows.
    let mut out = String::with_capacity(stem.len() + 8 + count * 5);
    push_json_string(&mut out, stem);
    out.push_str(":[");
    let mut last = 0;
    for (i, posting) in postings.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let page = posting >> 8;
        push_number(&mut out, u64::from(page - last));
        out.push(',');
        push_number(&mut out, u64::from(posting & 0xff));
        last = page;
    }
    out.push(']');
    out
}

/// Appends `n` in decimal (a chunk holds millions of numbers; `write!`
/// costs several times this).
fn push_number(out: &mut String, mut n: u64) {
    if n < 10 {
        // Most weights, and the gaps between pages a common word is on.
        out.push(char::from(b'0' + n as u8));
        return;
    }
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
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any text, quotes, backslashes and control characters too, is
        /// written as `serde_json` writes it.
        #[test]
        fn a_json_string_is_written_as_serde_json_writes_it(
            text in "[a\"\\\\\u{0}\u{1f}\u{8}\u{c}\u{7f}\r\n\t é’\u{2028}/<]{0,24}",
        ) {
            let mut out = String::new();
            push_json_string(&mut out, &text);
            proptest::prop_assert_eq!(out, json_string(&text));
        }
    }

    proptest::proptest! {
        /// Eight bytes at a time, a byte to escape is found wherever it is
        /// and whatever is around it (bytes above 0x7f too).
        #[test]
        fn a_byte_to_escape_is_found_wherever_it_is(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![8 => 0x20u8..=0x7e, 2 => 0x80u8..=0xff, 1 => 0u8..0x20, 1 => proptest::strategy::Just(b'"'), 1 => proptest::strategy::Just(b'\\')],
                0..40,
            ),
        ) {
            let expected = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            proptest::prop_assert_eq!(needs_escape(&bytes), expected);
        }
    }

    proptest::proptest! {
        /// Merging lists in page order gives what sorting them all and
        /// adding up each page's weights gives.
        #[test]
        fn merged_postings_are_the_sorted_postings_with_each_page_once(
            lists in proptest::collection::vec(
                proptest::collection::btree_map(0u32..40, 1u32..40, 0..12),
                0..6,
            ),
        ) {
            let lists: Vec<Vec<u32>> = lists
                .iter()
                .map(|l| l.iter().map(|(&page, &weight)| page << 8 | weight).collect())
                .collect();
            let slices: Vec<&[u32]> = lists.iter().map(Vec::as_slice).collect();
            let mut all: Vec<u32> = lists.concat();
            all.sort_unstable();
            let mut expected: Vec<u32> = Vec::new();
            for posting in all {
                match expected.last_mut() {
                    Some(last) if *last >> 8 == posting >> 8 => {
                        let weight = ((*last & 0xff) + (posting & 0xff)).min(MAX_WEIGHT);
                        *last = (*last & !0xff) | weight;
                    }
                    _ => expected.push(posting),
                }
            }
            proptest::prop_assert_eq!(merge(&slices), expected);
        }
    }

    #[test]
    fn a_fragment_is_its_fields_and_parts_as_json() {
        #[derive(Serialize)]
        struct Expected<'a> {
            u: &'a str,
            t: &'a str,
            s: &'a str,
            d: &'a str,
            p: Vec<(&'a str, &'a str, &'a str)>,
        }
        let body = text::parts(
            "<p>Before \"quoted\"   \\ text</p><h2 id=\"a-b\">A  <em>heading</em></h2><p>Under\tit</p>",
        );
        let page = PageFields {
            url: "guide/posting/",
            title: "Posting \"well\"",
            section: "Guide",
            description: "Line\u{1}end",
            body: &body,
        };
        let expected = Expected {
            u: page.url,
            t: page.title,
            s: page.section,
            d: page.description,
            p: vec![
                ("", "", "Before \"quoted\" \\ text"),
                ("a-b", "A heading", "Under it"),
            ],
        };
        let (block, at) = block(&page, [b"words", b"", b""]);
        assert_eq!(&block[at..], b"words");
        assert_eq!(
            std::str::from_utf8(&block[..at]).expect("UTF-8"),
            serde_json::to_string(&expected).expect("serialises")
        );
    }
}
