//! One rebuild: edits to existing Markdown files update the loaded site in
//! place and re-render only the pages they show on (`site/update.rs`); a
//! page that comes, goes or changes its place reassembles the content,
//! keeping every file that did not change (`Site::reassemble`); anything
//! else loads the whole site again. Either way the result is swapped in
//! whole, then one event goes to every open tab and one status line to
//! the terminal.
//!
//! Pages are rendered on request (`pages.rs`). A full build renders every
//! page before it is served, as `canteen build` does; a reassembled site
//! is served at once with the pages the change named rendered, and the
//! rest are rendered by a check in the background (`check.rs`), stopped
//! by the next change. Never serves a half-built site: a new snapshot
//! replaces the old one only once it has completely succeeded; a failed
//! build (or a failed check) keeps the last good pages and reports its
//! diagnostics instead.
//!
//! A site with `[languages]` is served in every language: the default
//! language's pages on request as above, every other language's files
//! (`cy/…`) rendered whole with each build, and every change loads the
//! whole site again (an update in place would leave the other languages,
//! and every page's versions in them, as they were).

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use super::check::{Check, Outcome};
use super::links::{self, Scans};
use super::memory::{File, MemorySink, SiteFiles, files_of};
use super::pages::{Pace, Pages};
use super::report::{Reporter, failed_line, reload_event, status_line};
use crate::content::DocId;
use crate::error::Error;
use crate::output::Sink;
use crate::paths::CONTENT;
use crate::serve::Shared;
use crate::site::plan::{Change, Plan, plan};
use crate::site::update::Update;
use crate::site::{BuildOptions, PageRef, Site, Stats};

/// What a rebuild needs to know besides the changes, and what it keeps
/// between rebuilds.
#[derive(Debug)]
pub(crate) struct Rebuilder {
    /// How to build (the base URL is the server's own address).
    build: BuildOptions,
    /// Print nothing to the terminal.
    quiet: bool,
    /// The last snapshot served after a successful rebuild, whose site
    /// the next update starts from; `None` after a failure, so the next
    /// rebuild starts from the files again.
    served: Option<Arc<SiteFiles>>,
    /// The last snapshot every page of which rendered, served again if
    /// the check of a newer one fails (handed to the check while it runs).
    checked: Option<Arc<SiteFiles>>,
    /// The check of `served`'s pages, while it runs.
    check: Option<Check>,
}

/// What a successful rebuild produced.
struct Built {
    files: SiteFiles,
    stats: Stats,
    /// True when every page was rendered (and so checked) before serving.
    checked: bool,
    /// True when some page may differ from the last snapshot's.
    pages_changed: bool,
    /// Broken links on the pages rendered (`links.rs`).
    warnings: Vec<crate::diagnostics::Diagnostic>,
}

impl Rebuilder {
    /// A rebuilder for `build`, with nothing built yet.
    pub(crate) fn new(build: BuildOptions, quiet: bool) -> Rebuilder {
        Rebuilder {
            build,
            quiet,
            served: None,
            checked: None,
            check: None,
        }
    }

    fn site(&self) -> Option<&Arc<Site>> {
        self.served.as_ref()?.pages().map(|p| p.site())
    }

    /// Acts on changed sources as the rebuild policy plans (`site::plan`):
    /// nothing when no source changed, else one rebuild.
    pub(crate) fn on_changes(&mut self, shared: &Arc<Shared>, changes: &[Change]) {
        if plan(changes, self.site().map(|s| s.facts())) == Plan::Nothing {
            return;
        }
        // A check that failed has served the last good site again: start
        // from the files.
        if self.stop_check() == Some(Outcome::Failed) {
            self.served = None;
        }
        let planned = plan(changes, self.site().map(|s| s.facts()));
        self.run(shared, changes, planned);
    }

    /// The first build, when the server starts.
    pub(crate) fn first(&mut self, shared: &Arc<Shared>) {
        self.run(shared, &[], Plan::Reload);
    }

    /// Stops the background check, if one runs; what it came to.
    fn stop_check(&mut self) -> Option<Outcome> {
        let (outcome, good) = self.check.take()?.stop();
        self.checked = good;
        Some(outcome)
    }

    /// Builds the site, swaps it in (or records the errors), tells the tabs,
    /// then counts the rebuild, in that order, so whoever sees the count
    /// also sees the new site and the event.
    fn run(&mut self, shared: &Arc<Shared>, changes: &[Change], planned: Plan) {
        let started = Instant::now();
        // A bug in the pipeline must not take the watcher thread (and so
        // live reload) down with it.
        let result = catch_unwind(AssertUnwindSafe(|| self.rebuild(planned)))
            .unwrap_or_else(|_| Err(crashed()));
        let elapsed = started.elapsed();
        match result {
            Ok(built) => {
                let files = Arc::new(built.files);
                let (old, recovering) = shared.swap_site(files.clone());
                let event = reload_event(
                    changes,
                    built.pages_changed,
                    &old.changed_files(&files),
                    recovering,
                );
                shared.hub.broadcast(&event);
                self.reporter().warn(shared, &built.warnings);
                if let Some(pages) = files.pages() {
                    let found = super::findings::of_site(pages.site(), &self.build.root);
                    self.reporter().findings(shared, found, changes);
                }
                if !self.quiet {
                    println!("{}", status_line(changes, &built.stats, elapsed));
                }
                self.served = Some(files.clone());
                if built.checked {
                    self.checked = Some(files);
                } else {
                    let fallback = self.checked.take();
                    self.check = Some(Check::start(shared, files, fallback, self.reporter()));
                }
            }
            Err(error) => {
                self.served = None;
                self.reporter()
                    .report(shared, &error, &failed_line(changes, elapsed));
            }
        }
        shared.rebuilds.fetch_add(1, Ordering::SeqCst);
    }

    fn reporter(&self) -> Reporter {
        Reporter {
            root: self.build.root.clone(),
            quiet: self.quiet,
        }
    }

    fn rebuild(&mut self, planned: Plan) -> Result<Built, Error> {
        let served = self.served.clone();
        let current = served
            .as_deref()
            .and_then(|s| Some((s, s.pages()?)))
            .filter(|(_, pages)| !pages.site().config.is_multilingual());
        // Every page of the served snapshot rendered: an update renders
        // again every page it can change, so its snapshot is checked too.
        let checked = match (&self.served, &self.checked) {
            (Some(served), Some(checked)) => Arc::ptr_eq(served, checked),
            _ => false,
        };
        match (current, planned) {
            (Some((snapshot, pages)), Plan::Update(edits)) => {
                let mut site = Site::clone(pages.site());
                match site.apply(&edits)? {
                    Update::Render { documents, statics } => {
                        update(snapshot, pages, site, &documents, &statics, checked)
                    }
                    Update::Reassemble(paths) => reassemble(snapshot, pages.site(), &paths),
                    Update::Reload => full(&self.build),
                }
            }
            (Some((snapshot, pages)), Plan::Reassemble(paths)) => {
                reassemble(snapshot, pages.site(), &paths)
            }
            _ => {
                self.served = None;
                self.checked = None;
                full(&self.build)
            }
        }
    }
}

impl Drop for Rebuilder {
    fn drop(&mut self) {
        self.stop_check();
    }
}

/// A whole build: the site loaded from its files, every page rendered;
/// on a site with `[languages]`, every language.
fn full(options: &BuildOptions) -> Result<Built, Error> {
    let mut sites = crate::site::languages::load_all(options)?.into_iter();
    let site = Arc::new(sites.next().ok_or_else(crashed)?);
    let (translated, translated_stats) = translations(&sites.collect::<Vec<Site>>())?;
    let pages = Pages::new(site.clone());
    let scans = Scans::default();
    let visit = |path: &str, html: &[u8]| scans.visit(path, html);
    if !pages.check_visiting(&AtomicBool::new(false), Pace::AllCores, &visit)? {
        return Err(crashed());
    }
    let mut files = other_files(&site, pages.globals(), None)?;
    files.extend(translated);
    let mut stats = site.stats(&site.all_pages(), site.theme.statics.len());
    stats.pages += translated_stats.pages;
    stats.sections += translated_stats.sections;
    stats.static_files += translated_stats.static_files;
    let files = SiteFiles::with_pages(files, Arc::new(pages));
    let warnings = links::warnings(&files, &scans.into_inner());
    Ok(Built {
        files,
        stats,
        checked: true,
        pages_changed: true,
        warnings,
    })
}

/// Every file of the languages of a site with `[languages]` but its
/// default one (`sites`, none on a one-language site), each under its
/// prefix (`cy/`), rendered now.
fn translations(sites: &[Site]) -> Result<(HashMap<String, File>, Stats), Error> {
    let sink = MemorySink::new();
    let stats = crate::site::languages::render_all(sites, &sink)?;
    Ok((files_of(sink.into_files()), stats))
}

/// An update in place: `documents` of the current edition (and what shows
/// them) rendered again, `statics` copied again, the extras made again.
/// Every other page renders as it did in `snapshot`, so the result is
/// `checked` when `snapshot` was: no background check is needed.
fn update(
    snapshot: &SiteFiles,
    pages: &Pages,
    site: Site,
    documents: &[DocId],
    statics: &[(String, std::path::PathBuf)],
    checked: bool,
) -> Result<Built, Error> {
    let site = Arc::new(site);
    let changed = site.pages_showing(documents);
    let pages = pages.updated(site.clone(), &changed);
    let sink = MemorySink::new();
    // The extras (the sitemap lists every page) take as long as the pages:
    // made side by side.
    let (rendered, extras) = rayon::join(
        || pages.render_now(&changed),
        || site.render_extras(pages.globals(), &sink),
    );
    rendered?;
    extras?;
    for (rel, path) in statics {
        sink.copy_from(rel, path)?;
    }
    let mut files = snapshot.files().clone();
    files.extend(files_of(sink.into_files()));
    let stats = site.stats(&changed, statics.len());
    let scans = links::scans_of(&pages, &changed);
    let files = SiteFiles::with_pages(files, Arc::new(pages));
    let warnings = links::warnings(&files, &scans);
    Ok(Built {
        files,
        stats,
        checked,
        pages_changed: !changed.is_empty(),
        warnings,
    })
}

/// The content reassembled after files of `content/` (`paths`, relative
/// to the site root) changed: the pages of the documents they are, and
/// their sections, rendered now; every other page when asked for, and by
/// the background check.
fn reassemble(snapshot: &SiteFiles, old: &Site, paths: &[String]) -> Result<Built, Error> {
    let site = Arc::new(old.reassemble(paths)?);
    let pages = Pages::new(site.clone());
    let named: Vec<DocId> = paths
        .iter()
        .filter_map(|p| {
            site.tree
                .by_rel(p.strip_prefix(CONTENT)?.strip_prefix('/')?)
        })
        .collect();
    let mut documents: Vec<DocId> = crate::site::update::affected(&site, &named);
    documents.sort_unstable();
    let now: Vec<PageRef> = site.pages_showing(&documents);
    pages.render_now(&now)?;
    let files = other_files(&site, pages.globals(), Some((snapshot, paths)))?;
    let stats = site.stats(&now, 0);
    let scans = links::scans_of(&pages, &now);
    let files = SiteFiles::with_pages(files, Arc::new(pages));
    let warnings = links::warnings(&files, &scans);
    Ok(Built {
        files,
        stats,
        checked: false,
        pages_changed: true,
        warnings,
    })
}

/// Every file of `site` but the documents' pages: static files, content
/// files and the extras. With `before` (the last snapshot, and the source
/// files changed since), a static or content file that did not change is
/// taken from it rather than read again.
fn other_files(
    site: &Site,
    globals: &[crate::render::Globals],
    before: Option<(&SiteFiles, &[String])>,
) -> Result<HashMap<String, File>, Error> {
    let sink = MemorySink::new();
    site.render_extras(globals, &sink)?;
    let mut files = files_of(sink.into_files());
    let Some((snapshot, changed)) = before else {
        let sink = MemorySink::new();
        site.render_files(&sink)?;
        files.extend(files_of(sink.into_files()));
        return Ok(files);
    };
    let changed: HashSet<&str> = changed.iter().map(String::as_str).collect();
    let kept = |out: &str| snapshot.files().get(out).cloned();
    let sink = MemorySink::new();
    for rel in site.theme.statics.keys() {
        match kept(rel) {
            Some(file) => {
                files.insert(rel.clone(), file);
            }
            None => return other_files(site, globals, None),
        }
    }
    for view in site.views() {
        let prefix = view.prefix();
        for asset in &view.tree.assets {
            let out = format!("{prefix}{}", asset.out);
            let source = format!("{CONTENT}/{}", asset.rel);
            match kept(&out).filter(|_| !view.current || !changed.contains(source.as_str())) {
                Some(file) => {
                    files.insert(out, file);
                }
                None => sink.copy_from(&out, &asset.abs)?,
            }
        }
    }
    files.extend(files_of(sink.into_files()));
    Ok(files)
}

fn crashed() -> Error {
    Error::Serve(
        "canteen crashed while building the site; this is a bug in canteen, please report it"
            .into(),
    )
}

/// A cold build of the site into memory: what `serve` serves, and the
/// loaded site, kept for updates in place.
pub fn build_in_memory(options: &BuildOptions) -> Result<(Site, SiteFiles, Stats), Error> {
    let site = Site::load(options)?;
    let sink = MemorySink::new();
    let stats = site.render(&sink)?;
    Ok((site, SiteFiles::new(sink.into_files()), stats))
}
