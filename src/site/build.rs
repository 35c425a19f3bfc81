//! `build`: the site into its output folder, atomically: checked, loaded
//! and rendered into a staging folder beside the output, which replaces it
//! only when everything succeeded.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::{BuildOptions, Stats};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::output::Staging;
use crate::overlay::drift;

/// What `build` reports.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Counts.
    pub stats: Stats,
    /// Where the site was written.
    pub output: PathBuf,
    /// How long it took.
    pub elapsed: Duration,
    /// Overlay drift, one line per overridden file to re-check (the build
    /// still succeeds).
    pub warnings: Vec<String>,
    /// Problems in the content that did not stop the build (broken links
    /// under `[links] broken = "warn"`).
    pub diagnostics: Vec<Diagnostic>,
    /// A preview build: kept from search engines (`Config::preview`).
    pub preview: bool,
}

/// Keeps each language's search entries for the next build
/// (`.canteen-cache/search/`); a cache left unwritten only costs the next
/// build the time to read every page's text again. Holds a permit to
/// write, so a build interrupted meanwhile finishes the file (renamed
/// into place) before it exits, rather than leave a partial one.
fn keep_entries(sites: &[super::Site]) {
    let started = Instant::now();
    let _writing = crate::output::cleanup::writing();
    for site in sites {
        let _ = super::extras::search::keep_entries(site);
    }
    super::timing("search cache", started);
}

/// Builds the site into its output directory, atomically.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(crate::paths::OUTPUT));
    crate::output::check_target(&output, &options.root)?;
    let options = &BuildOptions {
        keeps_search_entries: true,
        ..options.clone()
    };
    let sites = super::languages::load_all(options)?;
    let site = &sites[0];
    let mut warnings = drift::status(&site.paths, &site.config)?
        .map(|report| report.warnings())
        .unwrap_or_default();
    warnings.extend(super::parity::warnings(&super::parity::report(&sites)?));
    let staging = Staging::begin(&output, &options.root)?;
    let (stats, link_warnings) = super::Site::render_checked(&sites, &staging)?;
    let committing = std::time::Instant::now();
    staging.commit()?;
    super::timing("commit", committing);
    // Only a build that succeeded keeps its entries: a failed build
    // leaves the site as it was (its file of entries made is removed as
    // the site is dropped, `search::spill`).
    keep_entries(&sites);
    let preview = site.config.preview;
    let mut diagnostics: Vec<Diagnostic> = sites.into_iter().flat_map(|s| s.warnings).collect();
    diagnostics.extend(link_warnings);
    Ok(BuildReport {
        stats,
        output,
        elapsed: start.elapsed(),
        warnings,
        preview,
        diagnostics,
    })
}
