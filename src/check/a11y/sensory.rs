//! Text that relies on colour or position alone (WCAG 1.3.3), where the
//! words give it away: "see below", "on the right", "the red button".
//! Warnings only: "below" can be fine when it means "later on this page".

use crate::check::lint::prose::{Word, is};
use crate::check::lint::{Hit, Page};

/// Word pairs that point at a place on the screen. Not "right-hand
/// side": in technical writing it is usually an equation's (the corpora
/// showed it).
const PLACES: &[(&str, &str)] = &[
    ("see", "below"),
    ("see", "above"),
    ("on", "the right"),
    ("on", "the left"),
    ("to", "the right"),
    ("to", "the left"),
    ("top", "right"),
    ("top", "left"),
    ("bottom", "right"),
    ("bottom", "left"),
];

const COLOURS: &[&str] = &[
    "red", "green", "blue", "yellow", "orange", "purple", "pink", "grey", "gray", "black", "white",
];

/// Things on a screen that a colour could name.
const THINGS: &[&str] = &[
    "button", "buttons", "link", "links", "box", "boxes", "text", "icon", "icons", "circle",
    "square", "tick", "cross", "arrow", "banner", "bar", "panel", "tab", "words", "item", "items",
];

/// The hits of one page, whose blocks' words are `words`. Compared
/// without allocating: a word is looked at further only when it could
/// start a phrase.
pub fn check(page: &Page<'_>, words: &[Vec<Word<'_>>], hits: &mut Vec<Hit>) {
    for (block, words) in page.blocks.iter().zip(words) {
        let word = |k: usize| words.get(k).map_or("", |w| w.text);
        for (i, w) in words.iter().enumerate() {
            let w = w.text;
            // Each phrase starts with a word of 2 to 6 letters, the first
            // word of a place or a colour.
            let mut buf = [0u8; 6];
            let owned;
            let lower = if w.is_ascii() {
                if !(2..=6).contains(&w.len()) {
                    continue;
                }
                buf[..w.len()].copy_from_slice(w.as_bytes());
                buf.make_ascii_lowercase();
                std::str::from_utf8(&buf[..w.len()]).unwrap_or_default()
            } else {
                owned = w.to_lowercase();
                owned.as_str()
            };
            if !PLACES.iter().any(|p| p.0 == lower) && !COLOURS.contains(&lower) {
                continue;
            }
            let mut found = None;
            for (first, rest) in PLACES {
                let mut parts = rest.split(' ');
                if is(w, first)
                    && parts.next().is_some_and(|p| is(word(i + 1), p))
                    && parts.next().is_none_or(|p| is(word(i + 2), p))
                {
                    found = Some(1 + rest.split(' ').count());
                }
            }
            if let Some(n) = found {
                let end = words[i + n - 1].at + words[i + n - 1].text.len();
                hits.push(Hit::new(
                    "a11y.sensory",
                    block.source(words[i].at),
                    end - words[i].at,
                    format!("`{}` tells the reader where something is on the screen", &block.text[words[i].at..end]),
                    "name the thing instead (\"see 'How to report a post'\"): on a phone or with a screen reader there is no left, right or below",
                ));
            } else if COLOURS.iter().any(|c| is(w, c))
                && THINGS.iter().any(|t| is(word(i + 1), t))
                && i > 0
                && ["the", "a", "in"].iter().any(|a| is(word(i - 1), a))
            {
                let end = words[i + 1].at + words[i + 1].text.len();
                hits.push(Hit::new(
                    "a11y.sensory",
                    block.source(words[i].at),
                    end - words[i].at,
                    format!("`{}` tells the reader what something looks like, not what it is", &block.text[words[i].at..end]),
                    "name it by its words or its purpose (\"the 'Report' button\"): not everyone can see colours",
                ));
            }
        }
    }
}
