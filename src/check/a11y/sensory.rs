//! Text that relies on colour or position alone (WCAG 1.3.3), where the
//! words give it away: "see below", "on the right", "the red button".
//! Warnings only: "below" can be fine when it means "later on this page".

use crate::check::lint::prose::words;
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

/// The hits of one page.
pub fn check(page: &Page<'_>, hits: &mut Vec<Hit>) {
    for block in &page.blocks {
        let words = words(&block.text);
        let lower: Vec<String> = words.iter().map(|w| w.text.to_lowercase()).collect();
        for (i, w) in lower.iter().enumerate() {
            let next = |k: usize| lower.get(i + k).map_or("", String::as_str);
            let mut found = None;
            for (first, rest) in PLACES {
                let mut parts = rest.split(' ');
                if w == first
                    && parts.next() == Some(next(1))
                    && parts.next().is_none_or(|p| p == next(2))
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
            } else if COLOURS.contains(&w.as_str())
                && THINGS.contains(&next(1))
                && i > 0
                && matches!(lower[i - 1].as_str(), "the" | "a" | "in")
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
