//! Incremental updates of a loaded site, for the dev server: re-read only
//! the edited Markdown files, re-parse only them, and say which pages must be
//! rendered again — never a stale page.
//!
//! The rule (`affected`): an edit that changes a document's place or name in
//! the site (title, order, URL, template, aliases, drafts, section settings)
//! can show on every page through the navigation, so it needs a full
//! reload. Any other edit (body, description, review dates, `extra`) shows
//! only on the document itself and in its parent section's listing. A failed
//! update leaves the site exactly as it was.

use crate::content::{DocId, Document};
use crate::error::Error;
use crate::markdown::links::LinkScope;
use crate::markdown::{self, Rendered};
use crate::output::{Sink, sitemap};
use crate::site::{Site, Stats, link_targets};

/// What an edit needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// Load the whole site again (files added or removed, structure changed).
    Reload,
    /// Render these documents again (and the sitemap); nothing else changed.
    Documents(Vec<DocId>),
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
    /// Applies edits to Markdown files already in the site (`content/…`
    /// paths relative to the root). On error the site is left unchanged.
    pub fn update(&mut self, paths: &[String]) -> Result<Update, Error> {
        let mut edited: Vec<(DocId, Document)> = Vec::with_capacity(paths.len());
        for path in paths {
            let Some(id) = path
                .strip_prefix("content/")
                .and_then(|rel| self.tree.by_rel(rel))
            else {
                return Ok(Update::Reload);
            };
            let Some(new) = self.tree.reread(id, &self.paths.root, self.load_options)? else {
                return Ok(Update::Reload);
            };
            if shape(&new) != shape(&self.tree.docs[id]) {
                return Ok(Update::Reload);
            }
            edited.push((id, new));
        }
        // Swap the new documents in, parse them, and check every link; undo on error.
        let old_docs: Vec<(DocId, Document)> = edited
            .into_iter()
            .map(|(id, new)| (id, std::mem::replace(&mut self.tree.docs[id], new)))
            .collect();
        let ids: Vec<DocId> = old_docs.iter().map(|(id, _)| *id).collect();
        let files = link_targets(&self.theme);
        let base_path = self.config.base_path();
        let scope = LinkScope {
            tree: &self.tree,
            files: &files,
            base_path: &base_path,
        };
        let mut errors = Vec::new();
        let mut old_rendered: Vec<(DocId, Rendered)> = Vec::with_capacity(ids.len());
        for &id in &ids {
            let (rendered, mut e) = markdown::render(id, &scope, &self.config.markdown);
            errors.append(&mut e);
            old_rendered.push((id, std::mem::replace(&mut self.rendered[id], rendered)));
        }
        // Anchors in the edited pages may be linked from anywhere.
        errors.extend(markdown::check_anchors(&self.tree, &self.rendered));
        if !errors.is_empty() {
            for (id, doc) in old_docs {
                self.tree.docs[id] = doc;
            }
            for (id, rendered) in old_rendered {
                self.rendered[id] = rendered;
            }
            return Err(Error::Content(errors));
        }
        Ok(Update::Documents(affected(self, &ids)))
    }

    /// Renders what an update needs into `sink`: the documents and the sitemap.
    pub fn render_update(&self, ids: &[DocId], sink: &dyn Sink) -> Result<Stats, Error> {
        self.render_documents(ids, sink)?;
        sink.put(
            "sitemap.xml",
            sitemap::sitemap(&self.config, &self.tree).into_bytes(),
        )?;
        let sections = ids
            .iter()
            .filter(|&&id| self.tree.docs[id].kind == crate::content::Kind::Section)
            .count();
        Ok(Stats {
            pages: ids.len() - sections,
            sections,
            static_files: 0,
        })
    }
}
