//! Incremental updates of a loaded site, for the dev server: re-read only
//! what was edited, and say exactly which pages must be rendered again —
//! never a stale page.
//!
//! Which files an update in place can take is the rebuild policy's
//! (`plan.rs`). Applying one:
//! - Markdown: an edit that changes a document's place or name in the site
//!   (title, order, URL, template, aliases, drafts, section settings) can
//!   show on every page through the navigation: the content is reassembled
//!   (`Site::reassemble`), every other file kept. Any other edit
//!   (body, description, review dates, `extra`) shows only on the document
//!   itself and in its parent section's listing.
//! - Templates: the pages rendered with a changed template or one built on
//!   it (`render::deps`).
//! - Static files: copied again; no page changes.
//!
//! A failed update leaves the site exactly as it was.

use std::path::PathBuf;

use crate::content::{DocId, Document};
use crate::error::Error;
use crate::markdown::links::LinkScope;
use crate::markdown::{self, Rendered};
use crate::output::Sink;
use crate::paths::CONTENT;
use crate::render::theme::{Source, Theme};
use crate::render::{Templates, deps};
use crate::site::extras::search;
use crate::site::markdown::{check_anchors_everywhere, edition_targets, link_targets};
use crate::site::plan::{Change, Edits, Facts, Plan, plan};
use crate::site::{PageRef, Site, Stats};

/// What an edit needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// Load the whole site again.
    Reload,
    /// Load the content again, taking every file but these (relative to
    /// the site root) from the loaded site: `Site::reassemble`.
    Reassemble(Vec<String>),
    /// Render these documents again and copy these static files; the
    /// extras (404, redirects, sitemap) are always rendered again (cheap).
    Render {
        /// Documents to render, sorted.
        documents: Vec<DocId>,
        /// Static files to copy: (output path, file).
        statics: Vec<(String, PathBuf)>,
    },
}

/// What about a document other pages can show: if any of it changes, the
/// edit is not local.
fn shape(doc: &Document) -> impl PartialEq + '_ {
    let m = &doc.meta;
    (
        &doc.title,
        (m.weight, &m.slug, m.draft, &m.template, &m.aliases),
        (m.guide, &m.page_template, &m.pages_from, m.sort_by, m.date),
    )
}

/// Documents to render again when `changed` documents were edited without
/// changing their shape: each one and its parent section's listing.
pub fn affected(site: &Site, changed: &[DocId]) -> Vec<DocId> {
    let mut ids: Vec<DocId> = changed
        .iter()
        .flat_map(|&id| std::iter::once(id).chain(site.tree.docs[id].parent))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

impl Site {
    /// What the rebuild policy (`plan`) needs to know about this site.
    pub fn facts(&self) -> Facts<'_> {
        Facts {
            theme: crate::builtin::name_or(self.config.theme.as_deref()),
            earlier_editions: !self.earlier.is_empty(),
        }
    }

    /// Applies edits to files already in the site (paths relative to the
    /// root), as the rebuild policy plans them. On error the site is left
    /// unchanged.
    pub fn update(&mut self, paths: &[String]) -> Result<Update, Error> {
        let changes: Vec<Change> = paths.iter().map(Change::modified).collect();
        match plan(&changes, Some(self.facts())) {
            Plan::Nothing => Ok(Update::Render {
                documents: Vec::new(),
                statics: Vec::new(),
            }),
            Plan::Reload => Ok(Update::Reload),
            Plan::Reassemble(paths) => Ok(Update::Reassemble(paths)),
            Plan::Update(edits) => self.apply(&edits),
        }
    }

    /// Applies edits the rebuild policy planned (`Plan::Update`):
    /// `Reassemble` when a page changed its place in the site (and nothing
    /// but pages was edited), `Reload` when something else changed more
    /// than an update in place can follow.
    pub fn apply(&mut self, edits: &Edits) -> Result<Update, Error> {
        let templates_edited = edits.templates;
        let static_paths: Vec<PathBuf> = edits
            .statics
            .iter()
            .map(|p| self.paths.root.join(p))
            .collect();
        let markdown: Vec<&str> = edits.markdown.iter().map(String::as_str).collect();
        // Everything fallible about templates and statics first, into locals.
        let mut new_theme = None;
        let mut documents = Vec::new();
        if templates_edited || !static_paths.is_empty() {
            let theme = Theme::load(&self.config, &self.paths)?;
            if !theme.statics.keys().eq(self.theme.statics.keys()) {
                return Ok(Update::Reload);
            }
            let templates = if templates_edited {
                let compiled = Templates::for_site(&theme, &self.config, &self.paths)?;
                let changed = deps::changed(&self.theme.templates, &theme.templates);
                match deps::affected(&theme.templates, &changed) {
                    Some(names) => documents.extend((0..self.tree.docs.len()).filter(|&id| {
                        deps::uses(&names, &Templates::template_for(&self.tree, id))
                    })),
                    None => documents.extend(0..self.tree.docs.len()),
                }
                Some(compiled)
            } else {
                None
            };
            new_theme = Some((theme, templates));
        }
        let Some(edited) = self.update_markdown(&markdown)? else {
            if new_theme.is_some() {
                return Ok(Update::Reload);
            }
            return Ok(Update::Reassemble(edits.markdown.clone()));
        };
        documents.extend(edited);
        if let Some((theme, templates)) = new_theme {
            self.theme = theme;
            if let Some(templates) = templates {
                self.templates = std::sync::Arc::new(templates);
            }
        }
        documents.sort_unstable();
        documents.dedup();
        let statics = self
            .theme
            .statics
            .iter()
            .filter_map(|(rel, source)| match source {
                Source::Disk(path) if static_paths.contains(path) => {
                    Some((rel.clone(), path.clone()))
                }
                _ => None,
            })
            .collect();
        Ok(Update::Render { documents, statics })
    }

    /// Re-reads and re-parses edited Markdown files. `Ok(None)` when one of
    /// them changed shape (the caller must reload everything).
    fn update_markdown(&mut self, paths: &[&str]) -> Result<Option<Vec<DocId>>, Error> {
        let mut edited: Vec<(DocId, Document)> = Vec::with_capacity(paths.len());
        for path in paths {
            let Some(id) = path
                .strip_prefix(CONTENT)
                .and_then(|rel| rel.strip_prefix('/'))
                .and_then(|rel| self.tree.by_rel(rel))
            else {
                return Ok(None);
            };
            let Some(new) = self.tree.reread(id, &self.paths.root, self.load_options)? else {
                return Ok(None);
            };
            if shape(&new) != shape(&self.tree.docs[id]) {
                return Ok(None);
            }
            edited.push((id, new));
        }
        if edited.is_empty() {
            return Ok(Some(Vec::new()));
        }
        // Swap the new documents in, parse them, and check every link; undo on error.
        let old_docs: Vec<(DocId, std::sync::Arc<Document>)> = edited
            .into_iter()
            .map(|(id, new)| {
                let new = std::sync::Arc::new(new);
                (id, std::mem::replace(&mut self.tree.docs[id], new))
            })
            .collect();
        let ids: Vec<DocId> = old_docs.iter().map(|(id, _)| *id).collect();
        let files = link_targets(&self.theme);
        let base_path = self.config.shared_base_path();
        let mut errors = Vec::new();
        let mut old_rendered: Vec<(DocId, Rendered)> = Vec::with_capacity(ids.len());
        {
            let targets = edition_targets(&self.config, &self.earlier, &self.tree);
            let current = self.earlier.len();
            let scope = LinkScope::of_edition(&self.tree, &files, &base_path, &targets, current);
            for &id in &ids {
                let text = search::reads_markdown(&self.config, &self.tree.docs[id]);
                let (mut rendered, events, mut e) =
                    markdown::render(id, &scope, &self.config.markdown, None, text);
                rendered.entry = search::entry_of(
                    &self.config,
                    &self.tree,
                    id,
                    &rendered,
                    events.as_ref(),
                    None,
                );
                errors.append(&mut e);
                old_rendered.push((id, rendered));
            }
        }
        for (id, rendered) in &mut old_rendered {
            std::mem::swap(&mut self.rendered[*id], rendered);
        }
        // Anchors in the edited pages may be linked from anywhere.
        errors.extend(check_anchors_everywhere(
            &mut self.earlier,
            &self.tree,
            &mut self.rendered,
        ));
        // Under `[links] broken = "warn"` a broken link does not stop the
        // preview; `canteen build` lists them.
        let (mut errors, _warnings) = self.config.links.broken.sort(errors);
        errors.extend(crate::config::review::check_pages(
            &self.config.review,
            ids.iter().map(|&id| &*self.tree.docs[id]),
            crate::content::date::Date::today(),
        ));
        if !errors.is_empty() {
            for (id, doc) in old_docs {
                self.tree.docs[id] = doc;
            }
            for (id, rendered) in old_rendered {
                self.rendered[id] = rendered;
            }
            return Err(Error::Content(errors));
        }
        let mut edited = ids.clone();
        edited.sort_unstable();
        let mut compared = std::mem::take(&mut self.compared);
        compared.refresh(&self.views(), &self.config.markdown, &edited);
        self.compared = compared;
        Ok(Some(affected(self, &ids)))
    }

    /// The pages of every edition an update of the current edition's
    /// `documents` (sorted) changes: those documents' own, and each older
    /// edition's counterpart, whose canonical link depends on their text.
    pub fn pages_showing(&self, documents: &[DocId]) -> Vec<PageRef> {
        let current = self.earlier.len();
        let mut pages: Vec<PageRef> = documents.iter().map(|&id| (current, id)).collect();
        if !documents.is_empty() {
            pages.extend(self.compared.older_pages_of(&self.views(), documents));
        }
        pages
    }

    /// Renders what an update needs into `sink`.
    pub fn render_update(
        &self,
        documents: &[DocId],
        statics: &[(String, PathBuf)],
        sink: &dyn Sink,
    ) -> Result<Stats, Error> {
        let pages = self.pages_showing(documents);
        self.render_pages_and_extras(&pages, sink)?;
        for (rel, path) in statics {
            sink.copy_from(rel, path)?;
        }
        Ok(self.stats(&pages, statics.len()))
    }
}
