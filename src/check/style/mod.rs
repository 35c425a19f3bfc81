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

use super::lint::prose::Word;
use super::lint::{Hit, Page};
use crate::config::lint::StyleOptions;

/// Every style hit of `page`, whose blocks' words are `words` (read in one
/// pass for every word rule); its reading grade when it has enough words.
pub fn check(
    page: &Page<'_>,
    words: &[Vec<Word<'_>>],
    options: &StyleOptions,
    hits: &mut Vec<Hit>,
) -> Option<f64> {
    let mut abbreviations = words::Abbreviations::new(page, &options.abbreviations);
    // Kept apart so that hits come in the order they always have.
    let mut later = Vec::new();
    for (k, (block, words)) in page.blocks.iter().zip(words).enumerate() {
        for (i, word) in words.iter().enumerate() {
            numbers::check(block, words, i, hits);
            words::click_here(block, words, i, hits);
            abbreviations.word(&page.blocks, k, word, &mut later);
        }
    }
    hits.append(&mut later);
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
