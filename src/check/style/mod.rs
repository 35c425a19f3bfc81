//! The `style` check: a small rule set from the NHS digital service
//! manual's content style guide (<https://service-manual.nhs.uk/content>),
//! read from a page's prose: dates, times and ranges (`numbers.rs`),
//! "click here", abbreviations and `canteen new`'s placeholder text
//! (`words.rs`), and the page's reading grade (`readability.rs`). Each
//! rule's id, reason and section of the guide are in
//! `check::lint::rules`.

pub mod numbers;
pub mod readability;
pub mod words;

use super::lint::prose;
use super::lint::{Hit, Page};
use crate::config::lint::StyleOptions;

/// Every style hit of `page`; its reading grade when it has enough words.
pub fn check(page: &Page<'_>, options: &StyleOptions, hits: &mut Vec<Hit>) -> Option<f64> {
    for block in &page.blocks {
        let words = prose::words(&block.text);
        numbers::check(block, &words, hits);
        words::click_here(block, &words, hits);
    }
    words::abbreviations(page, &options.abbreviations, hits);
    words::placeholder(page, hits);
    let counts = readability::counts(&page.blocks);
    if counts.words < readability::MIN_WORDS {
        return None;
    }
    let grade = counts.grade();
    if grade > options.max_grade {
        let at = page.blocks.first().map_or(page.base, |b| b.source(0));
        hits.push(Hit::new(
            "style.reading-grade",
            at,
            1,
            format!(
                "the page reads at grade {grade:.1} (Flesch-Kincaid: {} words, {} sentences), above the site's limit of {}",
                counts.words, counts.sentences, options.max_grade
            ),
            "use shorter sentences and everyday words; split long paragraphs into lists",
        ));
    }
    Some(grade)
}
