//! Rendering a loaded site into a `Sink`: the documents of every edition
//! in one parallel pass through the one compiled `Templates`, then the
//! extras (`extras::ALL`), static files and each edition's content files.
//! The values every template shares (navigation, data) are converted once
//! per edition.

use std::time::Instant;

use rayon::prelude::*;

use super::extras::{self, Render};
use super::{PageRef, Site, Stats, timing};
use crate::content::{Kind, address};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::output::Sink;
use crate::render::Globals;
use crate::render::context::{ContextBuilder, Editions};
use crate::render::theme::Source;

impl Site {
    /// Renders the pages of `pages` and the extras (404, redirects, "what
    /// changed" pages, sitemap…) into `sink`. The values every template
    /// shares (navigation, data) are converted once per edition here.
    pub fn render_pages_and_extras(&self, pages: &[PageRef], sink: &dyn Sink) -> Result<(), Error> {
        let started = Instant::now();
        let site_base = self.config.base_path();
        let views = self.views();
        let editions = Editions::new(views, &self.compared, &site_base);
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
            })
            .collect();
        let globals: Vec<Globals> = builders
            .par_iter()
            .map(|b| Globals::new(b, &editions.views[b.view].data.to_json()))
            .collect();
        self.render_documents(&builders, &globals, pages, sink)?;
        timing("render", started);
        let cx = Render {
            site: self,
            builders: &builders,
            globals: &globals,
        };
        extras::render(&cx, sink)
    }

    /// Renders the pages of `pages` into `sink`, in parallel across editions.
    fn render_documents(
        &self,
        builders: &[ContextBuilder<'_>],
        globals: &[Globals],
        pages: &[PageRef],
        sink: &dyn Sink,
    ) -> Result<(), Error> {
        let results: Vec<Result<(), Diagnostic>> = pages
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
            .collect();
        let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Content(errors))
        }
    }

    /// Renders every output file into `sink`.
    pub fn render(&self, sink: &dyn Sink) -> Result<Stats, Error> {
        let started = Instant::now();
        let all = self.all_pages();
        self.render_pages_and_extras(&all, sink)?;
        let mut static_files = 0;
        for (rel, source) in &self.theme.statics {
            match source {
                Source::Disk(path) => sink.copy_from(rel, path)?,
                Source::Embedded(bytes) => sink.put(rel, bytes.to_vec())?,
            }
            static_files += 1;
        }
        for view in self.views() {
            let prefix = view.prefix();
            for asset in &view.tree.assets {
                sink.copy_from(&format!("{prefix}{}", asset.out), &asset.abs)?;
                static_files += 1;
            }
        }
        timing("extras", started);
        let sections = self
            .views()
            .iter()
            .flat_map(|v| &v.tree.docs)
            .filter(|d| d.kind == Kind::Section)
            .count();
        Ok(Stats {
            pages: all.len() - sections,
            sections,
            static_files,
        })
    }
}
