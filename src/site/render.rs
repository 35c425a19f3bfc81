//! Rendering a loaded site into a `Sink`: the documents of every edition
//! in one parallel pass through the one compiled `Templates`, then the
//! extras (`extras::ALL`), static files and each edition's content files.
//! The values every template shares (navigation, data) are converted once
//! per edition (`Site::globals`) and may be kept: the dev server renders
//! one page at a time, on request, with the same values (`render_page`).

use std::time::Instant;

use rayon::prelude::*;

use super::extras::{self, Render};
use super::{PageRef, Site, Stats, html_links, timing};
use crate::content::{Kind, address};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::output::Sink;
use crate::render::Globals;
use crate::render::context::{ContextBuilder, Editions};
use crate::render::theme::Source;

impl Site {
    /// Calls `f` with a context builder per edition (oldest first, like
    /// `views`): what every template value of a page is made from.
    fn with_builders<R>(&self, f: impl FnOnce(&[ContextBuilder<'_>]) -> R) -> R {
        let site_base = self.config.base_path();
        let editions = Editions::new(self.views(), &self.compared, &site_base, &self.config);
        let builders: Vec<ContextBuilder<'_>> = editions
            .views
            .iter()
            .enumerate()
            .map(|(v, view)| ContextBuilder {
                tree: view.tree,
                rendered: view.rendered,
                config: &self.config,
                base_path: editions.base_path(v),
                editions: &editions,
                view: v,
                languages: self.languages.as_deref(),
            })
            .collect();
        f(&builders)
    }

    /// The values every page of each edition shares (navigation, data),
    /// converted for the templates; one per edition, like `views`.
    pub fn globals(&self) -> Vec<Globals> {
        self.with_builders(|builders| {
            builders
                .par_iter()
                .map(|b| Globals::new(b, &b.editions.views[b.view].data.to_json(), &self.links))
                .collect()
        })
    }

    /// The output file of a page (`2013/about/index.html`).
    pub fn page_file(&self, (v, id): PageRef) -> String {
        let views = self.views();
        let view = &views[v];
        format!(
            "{}{}",
            view.prefix(),
            address::file_of(&view.tree.docs[id].url)
        )
    }

    /// Renders one page with `globals` (this site's `Site::globals`).
    pub fn render_page(&self, globals: &[Globals], (v, id): PageRef) -> Result<Vec<u8>, Error> {
        self.with_builders(|builders| {
            self.templates
                .render_document(&builders[v], &globals[v], id)
                .map_err(|d| Error::Content(vec![d]))
        })
    }

    /// Renders the pages of `pages` and the extras (404, redirects, "what
    /// changed" pages, sitemap…) into `sink`. The values every template
    /// shares (navigation, data) are converted once per edition here.
    pub fn render_pages_and_extras(&self, pages: &[PageRef], sink: &dyn Sink) -> Result<(), Error> {
        let started = Instant::now();
        let globals = self.globals();
        // Side by side: an extra's serial stretches (the search index's
        // dictionary, the sitemap) keep the other core busy with pages.
        let (pages, extras) = rayon::join(
            || {
                let done = self.render_pages(&globals, pages, sink);
                timing("render", started);
                done
            },
            || self.render_extras(&globals, sink),
        );
        pages.and(extras)
    }

    /// Renders the extras (404, redirects, "what changed" pages, sitemap…)
    /// into `sink`.
    pub fn render_extras(&self, globals: &[Globals], sink: &dyn Sink) -> Result<(), Error> {
        self.with_builders(|builders| {
            let cx = Render {
                site: self,
                builders,
                globals,
            };
            extras::render(&cx, sink)
        })
    }

    /// Renders the pages of `pages` into `sink`, in parallel across
    /// editions; every page's error is reported together.
    pub fn render_pages(
        &self,
        globals: &[Globals],
        pages: &[PageRef],
        sink: &dyn Sink,
    ) -> Result<(), Error> {
        let results: Vec<Result<(), Diagnostic>> = self.with_builders(|builders| {
            pages
                .par_iter()
                .map(|&(v, id)| {
                    let builder = &builders[v];
                    let html = self.templates.render_document(builder, &globals[v], id)?;
                    let path = format!(
                        "{}{}",
                        builder.prefix(),
                        address::file_of(&builder.tree.docs[id].url)
                    );
                    sink.put(&path, html)
                        .map_err(|e| Diagnostic::file(e.path.clone(), e.to_string()))
                })
                .collect()
        });
        let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Content(errors))
        }
    }

    /// Copies the static files of the theme and the site, and every
    /// edition's content files, into `sink`; returns how many.
    pub fn render_files(&self, sink: &dyn Sink) -> Result<usize, Error> {
        let mut count = 0;
        let shared = self.config.translation.is_none();
        for (rel, source) in self.theme.statics.iter().filter(|_| shared) {
            match source {
                Source::Disk(path) => sink.copy_from(rel, path)?,
                Source::Embedded(bytes) => sink.put(rel, bytes.to_vec())?,
            }
            count += 1;
        }
        for view in self.views() {
            let prefix = view.prefix();
            for asset in &view.tree.assets {
                sink.copy_from(&format!("{prefix}{}", asset.out), &asset.abs)?;
                count += 1;
            }
        }
        Ok(count)
    }

    /// Renders every output file into `sink`.
    pub fn render(&self, sink: &dyn Sink) -> Result<Stats, Error> {
        let started = Instant::now();
        let all = self.all_pages();
        self.render_pages_and_extras(&all, sink)?;
        let static_files = self.render_files(sink)?;
        timing("extras", started);
        Ok(self.stats(&all, static_files))
    }

    /// Renders every language's output files into `sink`
    /// (`languages::render_all`) and checks every internal link of the
    /// HTML written (`html_links`), in every language, against every file
    /// written: an error fails the render, warnings (under `[links] broken
    /// = "warn"`) are returned. Where a broken link was written is looked
    /// for in the default language's site.
    pub fn render_checked(
        sites: &[Site],
        sink: &dyn Sink,
    ) -> Result<(Stats, Vec<Diagnostic>), Error> {
        if html_links::skipped() {
            return Ok((super::languages::render_all(sites, sink)?, Vec::new()));
        }
        let recording = html_links::Recording::new(sink);
        let stats = super::languages::render_all(sites, &recording)?;
        let started = Instant::now();
        let seen = recording.into_seen();
        let found = html_links::check(&sites[0], &seen);
        // About a million small strings at 10,000 pages: freed off the
        // path the user waits on.
        let _ = std::thread::Builder::new()
            .name("canteen-free".into())
            .spawn(move || drop(seen));
        timing("html links", started);
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = found
            .into_iter()
            .partition(|d| d.severity == crate::diagnostics::Severity::Error);
        if errors.is_empty() {
            Ok((stats, warnings))
        } else {
            Err(Error::Content(errors))
        }
    }

    /// What rendering `pages` and copying `static_files` files amounts to.
    pub fn stats(&self, pages: &[PageRef], static_files: usize) -> Stats {
        let views = self.views();
        let sections = pages
            .iter()
            .filter(|&&(v, id)| views[v].tree.docs[id].kind == Kind::Section)
            .count();
        Stats {
            pages: pages.len() - sections,
            sections,
            static_files,
        }
    }
}
