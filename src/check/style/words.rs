//! Word rules of the NHS content style guide: "click here" ("Links"),
//! abbreviations spelt out on first use ("Abbreviations and acronyms"),
//! and the text `canteen new` leaves for the editor to replace.

use std::collections::BTreeMap;

use crate::check::lint::prose::{Block, Word};
use crate::check::lint::{Hit, Page};
use crate::spans::key_path;

/// The description `canteen new` writes, for the editor to replace.
pub const PLACEHOLDER_DESCRIPTION: &str = "One sentence: what this page helps the reader do.";
/// The first sentence of the body `canteen new` writes.
pub const PLACEHOLDER_BODY: &str = "Write the page here, in plain English.";

/// Abbreviations many readers will not know, with what they stand for;
/// a site adds its own with `[style] abbreviations`. Those the guide says
/// need no spelling out (NHS, GP, A&E) are not here.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("AHP", "allied health professional"),
    ("CCG", "clinical commissioning group"),
    ("CQC", "Care Quality Commission"),
    ("DHSC", "Department of Health and Social Care"),
    ("GMC", "General Medical Council"),
    ("HCPC", "Health and Care Professions Council"),
    ("ICB", "integrated care board"),
    ("ICS", "integrated care system"),
    (
        "MHRA",
        "Medicines and Healthcare products Regulatory Agency",
    ),
    ("NICE", "National Institute for Health and Care Excellence"),
    ("NMC", "Nursing and Midwifery Council"),
    ("PALS", "Patient Advice and Liaison Service"),
    ("PCN", "primary care network"),
    ("UKHSA", "UK Health Security Agency"),
];

/// "click here" (or "click on") in running text at word `i`; link text
/// is the `a11y.link-text` rule's.
pub fn click_here(block: &Block, words: &[Word<'_>], i: usize, hits: &mut Vec<Hit>) {
    let (Some(&a), Some(&b)) = (words.get(i), words.get(i + 1)) else {
        return;
    };
    if a.text.eq_ignore_ascii_case("click")
        && (b.text.eq_ignore_ascii_case("here") || b.text.eq_ignore_ascii_case("on"))
        && !(block.in_link(a.at) && block.in_link(b.at))
    {
        hits.push(Hit::new(
            "style.click-here",
            block.source(a.at),
            b.at + b.text.len() - a.at,
            format!("`{}` assumes the reader uses a mouse", &block.text[a.at..b.at + b.text.len()]),
            "say what to select, and link the words that say where it goes: \"select 'Report post'\"",
        ));
    }
}

/// Each abbreviation a page uses before (or without) saying what it
/// stands for, in the same block or an earlier one (the title counts),
/// fed one word at a time.
pub struct Abbreviations<'a> {
    known: BTreeMap<&'a str, &'a str>,
    /// The first bytes of the known abbreviations: most words start with
    /// none of them and are passed over without a lookup.
    firsts: [bool; 256],
    seen: Vec<&'a str>,
    title: &'a str,
    /// The page's text in lower case up to block `upto` (the title first,
    /// a space before each block), built only when an abbreviation needs
    /// it.
    before: Option<String>,
    upto: usize,
}

impl<'a> Abbreviations<'a> {
    /// The built-in list with the site's additions.
    pub fn new(page: &'a Page<'_>, site: &'a BTreeMap<String, String>) -> Abbreviations<'a> {
        let mut known: BTreeMap<&str, &str> = ABBREVIATIONS.iter().copied().collect();
        for (short, long) in site {
            known.insert(short, long);
        }
        let mut firsts = [false; 256];
        for short in known.keys() {
            if let Some(&b) = short.as_bytes().first() {
                firsts[usize::from(b)] = true;
            }
        }
        Abbreviations {
            known,
            firsts,
            seen: Vec::new(),
            title: page.doc.title,
            before: None,
            upto: 0,
        }
    }

    /// The hit of word `w` of block number `k`, `blocks` being the page's.
    pub fn word(&mut self, blocks: &[Block], k: usize, w: &Word<'_>, hits: &mut Vec<Hit>) {
        let Some(&first) = w.text.as_bytes().first() else {
            return;
        };
        if !self.firsts[usize::from(first)] {
            return;
        }
        let bare = w
            .text
            .strip_suffix("s")
            .filter(|b| self.known.contains_key(b))
            .unwrap_or(w.text);
        let Some((&short, &long)) = self.known.get_key_value(bare) else {
            return;
        };
        if self.seen.contains(&short) {
            return;
        }
        self.seen.push(short);
        if long.is_empty() {
            return;
        }
        let block = &blocks[k];
        // Spelt out before it, or just after: `ICB (integrated care board)`.
        let mut end = (w.at + w.text.len() + long.len() + 4).min(block.text.len());
        while !block.text.is_char_boundary(end) {
            end -= 1;
        }
        let long_lower = long.to_lowercase();
        if self.before(blocks, k).contains(&long_lower)
            || block.text[..end].to_lowercase().contains(&long_lower)
        {
            return;
        }
        hits.push(Hit::new(
            "style.abbreviations",
            block.source(w.at),
            w.text.len(),
            format!("`{short}` is not spelt out where the page first uses it"),
            format!("write `{long} ({short})` the first time"),
        ));
    }

    /// The page's text in lower case before block `k`.
    fn before(&mut self, blocks: &[Block], k: usize) -> &str {
        let before = self.before.get_or_insert_with(|| self.title.to_lowercase());
        for block in &blocks[self.upto..k] {
            before.push(' ');
            before.push_str(&block.text.to_lowercase());
        }
        self.upto = self.upto.max(k);
        before
    }
}

/// The description and body text `canteen new` wrote, left in.
pub fn placeholder(page: &Page<'_>, hits: &mut Vec<Hit>) {
    let doc = &page.doc;
    if doc.meta.description.as_deref() == Some(PLACEHOLDER_DESCRIPTION) {
        let span = doc.value_span(&key_path!["description"]);
        hits.push(Hit::new(
            "style.placeholder",
            span.start,
            span.len(),
            "the description is still the one `canteen new` wrote",
            "write one sentence saying what this page helps the reader do",
        ));
    }
    for block in &page.blocks {
        if let Some(at) = block.text.find(PLACEHOLDER_BODY) {
            hits.push(Hit::new(
                "style.placeholder",
                block.source(at),
                PLACEHOLDER_BODY.len(),
                "this is the text `canteen new` wrote for you to replace",
                "write the page's own text here",
            ));
        }
    }
}
