//! The documents of the served site, rendered on request from the loaded
//! `Site` and kept in a bounded cache: the dev server holds the site's
//! sources and Markdown, not every page's HTML, so its memory stays near
//! a build's, and a change that reaches every page (a new page in the
//! navigation) is served without rendering them all first.
//!
//! A page is the same bytes whenever it is rendered: the site it comes
//! from never changes (a rebuild makes a new `Pages`), so rendering on
//! request serves exactly what a cold build writes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use super::memory::File;
use crate::error::Error;
use crate::render::Globals;
use crate::site::{PageRef, Site};

/// How many bytes of pages asked for one snapshot keeps; beyond it, a page
/// is rendered again when asked for (about a millisecond at 10,000 pages).
/// Small: the pages an editor has open, not the site.
const CACHE_BYTES: usize = 16 << 20;

/// How a check of every page uses the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// Every core: the editor is waiting for it (the first build).
    AllCores,
    /// The calling thread only: in the background while the editor writes.
    OneThread,
}

/// Every document page of one loaded site, by output path.
pub struct Pages {
    site: Arc<Site>,
    globals: Arc<[Globals]>,
    index: Arc<HashMap<String, PageRef>>,
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    files: HashMap<String, File>,
    bytes: usize,
}

impl Cache {
    fn keep(&mut self, path: &str, file: &File) {
        if self.bytes + file.bytes.len() <= CACHE_BYTES && !self.files.contains_key(path) {
            self.bytes += file.bytes.len();
            self.files.insert(path.to_string(), file.clone());
        }
    }
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("pages", &self.index.len())
            .finish_non_exhaustive()
    }
}

impl Pages {
    /// The pages of `site`, none rendered yet.
    pub fn new(site: Arc<Site>) -> Pages {
        let index = site
            .all_pages()
            .into_iter()
            .map(|page| (site.page_file(page), page))
            .collect();
        Pages::with_index(site, Arc::new(index), None)
    }

    /// The pages of `site`, whose pages are at the same paths as `index`
    /// says (an update in place moves no page).
    fn with_index(
        site: Arc<Site>,
        index: Arc<HashMap<String, PageRef>>,
        globals: Option<Arc<[Globals]>>,
    ) -> Pages {
        Pages {
            globals: globals.unwrap_or_else(|| site.globals().into()),
            site,
            index,
            cache: Mutex::new(Cache::default()),
        }
    }

    /// The pages of `site`, an update in place of `self`'s site in which
    /// only `changed` pages differ: every other cached page is kept, and so
    /// are the shared values (navigation, data, editions), which only a
    /// change of a page's shape (a reassembly) or a reload changes.
    pub fn updated(&self, site: Arc<Site>, changed: &[PageRef]) -> Pages {
        let pages = Pages::with_index(site, self.index.clone(), Some(self.globals.clone()));
        let gone: Vec<String> = changed.iter().map(|&p| pages.site.page_file(p)).collect();
        {
            let old = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            let mut cache = pages.cache.lock().unwrap_or_else(PoisonError::into_inner);
            for (path, file) in &old.files {
                if !gone.contains(path) {
                    cache.keep(path, file);
                }
            }
        }
        pages
    }

    /// The site the pages come from.
    pub fn site(&self) -> &Arc<Site> {
        &self.site
    }

    /// The values every page shares, as converted for these pages.
    pub fn globals(&self) -> &[Globals] {
        &self.globals
    }

    /// True when a document's page is at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.index.contains_key(path)
    }

    /// How many pages there are.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when the site has no pages.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The page at `path`, rendered now unless the cache has it; `None`
    /// when no document's page is there.
    pub fn get(&self, path: &str) -> Option<Result<File, Error>> {
        let &page = self.index.get(path)?;
        if let Some(file) = self.cached(path) {
            return Some(Ok(file));
        }
        Some(self.render(path, page))
    }

    /// The page at `path` if the cache has it.
    pub fn cached_file(&self, path: &str) -> Option<File> {
        self.cached(path)
    }

    /// True when a page's social card is at `path` (drawn on request).
    pub fn has_card(&self, path: &str) -> bool {
        crate::site::extras::cards::card_page(&self.site, path, |page| {
            self.index.get(page).copied()
        })
        .is_some()
    }

    /// The social card at `path`, drawn now unless the cache has it
    /// (`site::extras::cards::on_request`); `None` when there is none.
    pub fn card(&self, path: &str) -> Option<Result<File, Error>> {
        if let Some(file) = self.cached(path) {
            return Some(Ok(file));
        }
        let png = crate::site::extras::cards::on_request(&self.site, path, |page| {
            self.index.get(page).copied()
        })?;
        Some(png.map(|bytes| {
            let file = File::new(bytes);
            self.cache
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .keep(path, &file);
            file
        }))
    }

    fn cached(&self, path: &str) -> Option<File> {
        let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        cache.files.get(path).cloned()
    }

    fn render(&self, path: &str, page: PageRef) -> Result<File, Error> {
        let file = File::new(self.site.render_page(&self.globals, page)?);
        self.cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .keep(path, &file);
        Ok(file)
    }

    /// Renders `pages` now (in parallel), keeping them in the cache before
    /// any other; every page's error is reported together.
    pub fn render_now(&self, pages: &[PageRef]) -> Result<(), Error> {
        let results: Vec<Result<(String, File), Error>> = pages
            .par_iter()
            .map(|&page| {
                let html = self.site.render_page(&self.globals, page)?;
                Ok((self.site.page_file(page), File::new(html)))
            })
            .collect();
        let mut errors = Vec::new();
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        for result in results {
            match result {
                Ok((path, file)) => {
                    // Asked-for pages are kept even past the budget: few.
                    cache.bytes += file.bytes.len();
                    cache.files.insert(path, file);
                }
                Err(error) => errors.push(error),
            }
        }
        together(errors)
    }

    /// Renders every page not in the cache, as a build would, keeping
    /// none (memory stays near a build's): `Ok(true)` when every page
    /// rendered, `Ok(false)` when `cancel` was set first, else every
    /// page's error together. On every core for a build the editor waits
    /// for (`Pace::AllCores`); on this thread alone in the background
    /// (`Pace::OneThread`), so the next save, the watcher and the browser's
    /// requests always find a core free.
    pub fn check(&self, cancel: &AtomicBool, pace: Pace) -> Result<bool, Error> {
        self.check_visiting(cancel, pace, &|_, _| {})
    }

    /// `check`, handing every page's HTML to `visit` (path, bytes), the
    /// cached pages' included.
    pub fn check_visiting(
        &self,
        cancel: &AtomicBool,
        pace: Pace,
        visit: &(dyn Fn(&str, &[u8]) + Sync),
    ) -> Result<bool, Error> {
        let paths: Vec<(&String, &PageRef)> = self.index.iter().collect();
        let render = |&(path, &page): &(&String, &PageRef)| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            if let Some(file) = self.cached(path) {
                visit(path, &file.bytes);
                return None;
            }
            match self.site.render_page(&self.globals, page) {
                Ok(html) => {
                    visit(path, &html);
                    None
                }
                Err(error) => Some(error),
            }
        };
        let errors: Vec<Error> = match pace {
            Pace::AllCores => paths.par_iter().filter_map(render).collect(),
            Pace::OneThread => paths.iter().filter_map(render).collect(),
        };
        if cancel.load(Ordering::Relaxed) {
            return Ok(false);
        }
        together(errors).map(|()| true)
    }

    /// Every page that renders (from the cache or now), path → file; a
    /// page whose template fails is left out (`check` reports it).
    pub fn all(&self) -> Vec<(String, File)> {
        self.index
            .par_iter()
            .filter_map(|(path, &page)| {
                let file = match self.cached(path) {
                    Some(file) => file,
                    None => File::new(self.site.render_page(&self.globals, page).ok()?),
                };
                Some((path.clone(), file))
            })
            .collect()
    }
}

/// Pages' errors as one: every page's diagnostics together, as a build
/// reports them, or the first error that is not about the content.
fn together(errors: Vec<Error>) -> Result<(), Error> {
    let mut diagnostics = Vec::new();
    for error in errors {
        match error {
            Error::Content(mut ds) => diagnostics.append(&mut ds),
            other => return Err(other),
        }
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(diagnostics))
    }
}
