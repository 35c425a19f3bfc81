//! An edition's search index written out: its files (`index.json`, the
//! chunks) taken from those the last build kept when the edition's
//! fingerprint is the same (`search::built`), else made from its entries;
//! each page's fragment (`p/<n>.json`); and its search page.

use std::sync::PoisonError;

use rayon::prelude::*;

use super::{SEARCH, render_page, same_pages, synonyms};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::output::Sink;
use crate::search::built::{self, BuiltIndexes, Keeping};
use crate::search::index::{self, EditionIndex};
use crate::site::Site;
use crate::site::extras::Render;

/// Writes every edition's index (`indexes`, oldest first, with the
/// documents each holds) and search page into `sink`.
pub(super) fn write(
    cx: &Render<'_>,
    sink: &dyn Sink,
    indexes: &[(EditionIndex, Vec<usize>)],
) -> Result<(), Error> {
    let site = cx.site;
    let synonyms = synonyms(&site.config.search.synonyms);
    for (index, _) in indexes {
        check_entries(site, index)?;
    }
    let language = &site.config.language;
    let sames = same_pages_of(cx, indexes);
    let fingerprints: Vec<u128> = indexes
        .iter()
        .zip(&sames)
        .map(|((index, _), same)| {
            built::fingerprint(language, &synonyms, same.as_deref(), &index.entries)
        })
        .collect();
    let built = kept_index_file(site)
        .map(|f| BuiltIndexes::load(&f))
        .unwrap_or_default();
    let mut keeping = keeping(site, &built, &fingerprints);
    for (v, (index, _)) in indexes.iter().enumerate() {
        let builder = &cx.builders[v];
        let prefix = format!("{}{SEARCH}", builder.prefix());
        if let Some(keeping) = &mut keeping {
            keeping.edition(fingerprints[v]);
        }
        match built.files(fingerprints[v]) {
            Some(files) => {
                for (name, bytes) in files {
                    if let Some(keeping) = &mut keeping {
                        keeping.put(name, bytes);
                    }
                    sink.put_copy(&format!("{prefix}{name}"), bytes)?;
                }
            }
            None => {
                let same = sames[v].as_deref();
                index.write_files(language, &synonyms, same, |path, bytes| {
                    if let Some(keeping) = &mut keeping {
                        keeping.put(&path, &bytes);
                    }
                    sink.put(&format!("{prefix}{path}"), bytes)
                })?;
            }
        }
        index
            .entries
            .par_iter()
            .enumerate()
            .try_for_each(|(n, entry)| {
                sink.put_copy(&format!("{prefix}p/{n}.json"), entry.fragment_bytes())
            })?;
        if site.templates.has("search.html") {
            render_page(cx, builder, sink)?;
        }
    }
    if let (Some(keeping), Some(kept)) = (keeping, &site.entries_kept) {
        *kept
            .index_written
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = keeping.finish();
    }
    Ok(())
}

/// For each edition but the current one, each of its pages' number in
/// the current edition's index, or -1 (`same_pages`).
fn same_pages_of(cx: &Render<'_>, indexes: &[(EditionIndex, Vec<usize>)]) -> Vec<Option<Vec<i64>>> {
    let current = cx.current();
    let current_docs = &indexes[current].1;
    let current_tree = cx.builders[current].tree;
    indexes
        .iter()
        .enumerate()
        .map(|(v, (_, docs))| {
            (v != current)
                .then(|| same_pages(docs, cx.builders[v].tree, current_tree, current_docs))
        })
        .collect()
}

/// Stops the build when an edition's index cannot be written: more
/// pages than it can number, or an entry whose bytes were lost.
fn check_entries(site: &Site, index: &EditionIndex) -> Result<(), Error> {
    if index.entries.len() >= index::MAX_PAGES {
        return Err(Error::Content(vec![
            Diagnostic::file(
                site.paths.root.join(crate::paths::CONFIG_FILE),
                format!(
                    "an edition has {} pages to search; the search index numbers {} at most",
                    index.entries.len(),
                    index::MAX_PAGES - 1
                ),
            )
            .with_hint("set `enabled = false` under `[search]` in site.toml"),
        ]));
    }
    if let Some(problem) = index.entries.iter().find_map(|e| e.problem()) {
        return Err(Error::Content(vec![
            Diagnostic::file(site.paths.root.join(crate::paths::CACHE), problem)
                .with_hint("check there is space on the disk, then build again"),
        ]));
    }
    Ok(())
}

/// The file of index files kept for `site`, for a build that keeps what
/// it makes, when it stays inside the site (as `kept_entries_file`).
fn kept_index_file(site: &Site) -> Option<std::path::PathBuf> {
    site.entries_kept.as_ref().filter(|k| k.keeps)?;
    let file = BuiltIndexes::file(&site.paths.root, &site.config.language);
    crate::content::walk::stays_inside(&site.paths.root, &file).then_some(file)
}

/// The file this build writes its index files to, to be kept for the
/// next: none when every edition's files are the very ones `built` holds,
/// and no others.
fn keeping(site: &Site, built: &BuiltIndexes, fingerprints: &[u128]) -> Option<Keeping> {
    let file = kept_index_file(site)?;
    let distinct: std::collections::HashSet<u128> = fingerprints.iter().copied().collect();
    let same = distinct.len() == built.len() && distinct.iter().all(|&f| built.files(f).is_some());
    if same {
        return None;
    }
    Keeping::begin(&file)
}
