//! The dev server's check of internal links in the HTML it renders: the
//! same rules as `build` (`site::html_links`), run on the pages a rebuild
//! rendered (every page on a full build and in the background check), and
//! reported as warnings: a save's page is never held back by a link.
//!
//! A `#fragment` into a page this rebuild did not render is checked only
//! when that page is in the cache (its ids are known); otherwise it waits
//! for the background check or the next full build.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use super::memory::SiteFiles;
use super::pages::Pages;
use crate::diagnostics::Diagnostic;
use crate::site::PageRef;
use crate::site::html_links::{self, Outputs, scan::Scan, scan::scan_bytes};

/// The scans of the pages rendered, collected from rendering threads.
#[derive(Debug, Default)]
pub(crate) struct Scans(Mutex<HashMap<String, Scan>>);

impl Scans {
    /// Scans one rendered page.
    pub(crate) fn visit(&self, path: &str, html: &[u8]) {
        let scanned = scan_bytes(html);
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string(), scanned);
    }

    /// The scans, by output path.
    pub(crate) fn into_inner(self) -> HashMap<String, Scan> {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The scans of `pages` from the cache (pages a rebuild rendered now are
/// kept there).
pub(crate) fn scans_of(pages: &Pages, rendered: &[PageRef]) -> HashMap<String, Scan> {
    let scans = Scans::default();
    for &page in rendered {
        let path = pages.site().page_file(page);
        if let Some(file) = pages.cached_file(&path) {
            scans.visit(&path, &file.bytes);
        }
    }
    scans.into_inner()
}

/// The broken links of the scanned pages of snapshot `files`, as warnings.
pub(crate) fn warnings(files: &SiteFiles, scans: &HashMap<String, Scan>) -> Vec<Diagnostic> {
    let Some(pages) = files.pages() else {
        return Vec::new();
    };
    if html_links::skipped() || scans.is_empty() {
        return Vec::new();
    }
    let site = pages.site();
    let base = site.config.base_path();
    let exists = |file: &str| files.contains(file);
    let has_id = |file: &str, id: &str| {
        html_links::scanned_id(scans, file, id).or_else(|| {
            let cached = pages.cached_file(file)?;
            Some(scan_bytes(&cached.bytes).ids.iter().any(|i| i == id))
        })
    };
    let out = Outputs {
        exists: &exists,
        has_id: &has_id,
        base: &base,
    };
    html_links::diagnose(site, scans, &out)
        .into_iter()
        .map(Diagnostic::warning)
        .collect()
}
