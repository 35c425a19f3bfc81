//! The content tree: sections and pages loaded from `content/`, with their
//! front matter, URLs, order and place in the hierarchy.
//!
//! Loading reads and splits every file once, in parallel, and collects every
//! error rather than stopping at the first. It never renders Markdown: that is
//! `markdown`'s job, once every page's URL is known.

pub mod address;
mod assemble;
pub mod data;
pub mod date;
pub mod document;
pub mod front_matter;
pub mod language;
pub mod layout;
pub mod link_cache;
pub mod records;
mod strict;
pub mod walk;
mod yaml;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, closest};
use crate::error::Error;
use assemble::Builder;
use data::Data;
use walk::{FileKind, Found};

pub use document::{Asset, Document, Kind, title_from_file_name};
use document::{Same, read_document};

/// Where a load may take a file's parse from instead of making it again.
#[derive(Clone, Copy)]
enum Share<'a> {
    /// Nowhere: every file is read and parsed.
    Nothing,
    /// The next newer edition: a file whose text is the same there.
    Edition(&'a ContentTree),
    /// The same content, loaded earlier: every file not in `changed`.
    Unchanged {
        tree: &'a ContentTree,
        changed: &'a HashSet<String>,
    },
}

impl Share<'_> {
    /// What `found` may share, and on what condition.
    fn of(&self, found: &Found) -> Option<Same<'_>> {
        let (tree, trusted) = match *self {
            Share::Nothing => return None,
            Share::Edition(tree) => (tree, false),
            Share::Unchanged { tree, changed } => (tree, !changed.contains(&found.rel)),
        };
        let doc = &tree.docs[tree.by_rel(&found.rel)?];
        Some(if trusted && doc.abs.as_ref() == Some(&found.abs) {
            Same::Unchanged(doc)
        } else {
            Same::IfText(doc)
        })
    }
}

/// Index of a document in [`ContentTree::docs`].
pub type DocId = usize;

/// What `load` needs to know.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft = true`.
    pub drafts: bool,
}

/// Every document of one content root, and how to find them.
#[derive(Debug, Clone, Default)]
pub struct ContentTree {
    /// All documents; the home section is `docs[0]`. Shared, so that a
    /// copy of the tree (the dev server updates a copy while the old one
    /// is served) costs a pointer per document, not the document.
    pub docs: Vec<Arc<Document>>,
    /// Files copied as they are.
    pub assets: Vec<Asset>,
    // Shared like `docs`: a copy of the tree does not copy its indexes.
    by_rel: Arc<HashMap<String, DocId>>,
    by_url: Arc<HashMap<String, DocId>>,
    assets_by_rel: Arc<HashMap<String, usize>>,
}

/// The id of the home section.
pub const HOME: DocId = 0;

impl ContentTree {
    /// Loads `content_dir`; `root` is the site root, for display paths.
    pub fn load(
        content_dir: &Path,
        root: &Path,
        data: &Data,
        options: LoadOptions,
    ) -> Result<ContentTree, Error> {
        let found = walk::walk(content_dir, root)?;
        ContentTree::load_found(found, content_dir, root, data, options)
    }

    /// Loads `content_dir` like `load`, sharing the source and parsed front
    /// matter of every file whose text is the same as in `newer` (the next
    /// newer edition): most of an edition's files are.
    pub fn load_beside(
        content_dir: &Path,
        root: &Path,
        data: &Data,
        options: LoadOptions,
        newer: &ContentTree,
    ) -> Result<ContentTree, Error> {
        let found = walk::walk(content_dir, root)?;
        ContentTree::load_found_beside(found, content_dir, root, data, options, newer)
    }

    /// Loads files already found like `load_found`, sharing with `newer`
    /// (the next newer edition) like `load_beside`.
    pub fn load_found_beside(
        found: Vec<Found>,
        content_dir: &Path,
        root: &Path,
        data: &Data,
        options: LoadOptions,
        newer: &ContentTree,
    ) -> Result<ContentTree, Error> {
        let share = Share::Edition(newer);
        ContentTree::load_files(found, content_dir, root, data, options, share)
    }

    /// Loads files already found (a trust's overlay merges its own over
    /// upstream's first); `content_dir` is where implicit sections live.
    pub fn load_found(
        found: Vec<Found>,
        content_dir: &Path,
        root: &Path,
        data: &Data,
        options: LoadOptions,
    ) -> Result<ContentTree, Error> {
        ContentTree::load_files(found, content_dir, root, data, options, Share::Nothing)
    }

    /// Loads files already found, as `load_found`, for a tree `self` was
    /// loaded from earlier: a file not in `changed` (paths relative to
    /// `content/`) is taken from `self` without being read again, and only
    /// the folders' shape — sections, order, addresses — is made anew.
    pub fn reload_found(
        &self,
        found: Vec<Found>,
        content_dir: &Path,
        root: &Path,
        data: &Data,
        options: LoadOptions,
        changed: &HashSet<String>,
    ) -> Result<ContentTree, Error> {
        let share = Share::Unchanged {
            tree: self,
            changed,
        };
        ContentTree::load_files(found, content_dir, root, data, options, share)
    }

    fn load_files(
        found: Vec<Found>,
        content_dir: &Path,
        root: &Path,
        data: &Data,
        options: LoadOptions,
        share: Share<'_>,
    ) -> Result<ContentTree, Error> {
        let (mut markdown, assets): (Vec<Found>, Vec<Found>) =
            found.into_iter().partition(|f| f.kind != FileKind::Asset);
        let mut errors = layout::assign_sections(&mut markdown, root);
        let parsed: Vec<Result<Option<Document>, Diagnostic>> = markdown
            .par_iter()
            .map(|found| read_document(found, root, options, share.of(found)))
            .collect::<Result<Vec<_>, crate::fs::FsError>>()?;
        let mut docs = Vec::with_capacity(parsed.len());
        for result in parsed {
            match result {
                Ok(Some(doc)) => docs.push(doc),
                Ok(None) => {}
                Err(d) => errors.push(d),
            }
        }
        let mut tree = Builder {
            docs: Vec::new(),
            errors,
            root: root.to_path_buf(),
            content_dir: content_dir.to_path_buf(),
        };
        tree.assemble(docs, data);
        let Builder {
            docs, mut errors, ..
        } = tree;
        let mut tree = ContentTree {
            docs: docs.into_iter().map(Arc::new).collect(),
            ..ContentTree::default()
        };
        tree.index(&mut errors);
        tree.place_assets(assets);
        if errors.is_empty() {
            Ok(tree)
        } else {
            Err(Error::Content(errors))
        }
    }

    /// Reads document `id`'s file again: its new text, front matter and title,
    /// with its place in the tree unchanged. `Ok(None)` when it cannot be
    /// updated in place (no file of its own, or now a draft left out).
    pub fn reread(
        &self,
        id: DocId,
        root: &Path,
        options: LoadOptions,
    ) -> Result<Option<Document>, Error> {
        let old = &self.docs[id];
        let Some(abs) = &old.abs else { return Ok(None) };
        let kind = if old.kind == Kind::Section {
            FileKind::Section
        } else {
            FileKind::Page
        };
        let found = Found {
            rel: old.rel.clone(),
            abs: abs.clone(),
            kind,
        };
        match read_document(&found, root, options, None)? {
            Ok(Some(new)) => Ok(Some(Document {
                url: old.url.clone(),
                parent: old.parent,
                pages: old.pages.clone(),
                subsections: old.subsections.clone(),
                record: old.record.clone(),
                ..new
            })),
            Ok(None) => Ok(None),
            Err(diagnostic) => Err(Error::Content(vec![diagnostic])),
        }
    }

    /// Finds a document by its path relative to `content/`.
    pub fn by_rel(&self, rel: &str) -> Option<DocId> {
        self.by_rel.get(rel).copied()
    }

    /// Finds a document by URL path (without base path, `platforms/facebook/`).
    pub fn by_url(&self, url: &str) -> Option<DocId> {
        self.by_url.get(url).copied()
    }

    /// Finds a content asset by its path relative to `content/`.
    pub fn asset_by_rel(&self, rel: &str) -> Option<&Asset> {
        self.assets_by_rel.get(rel).map(|&i| &self.assets[i])
    }

    /// The closest existing source path, for "did you mean" hints.
    pub fn suggest_rel(&self, rel: &str) -> Option<&str> {
        closest(rel, self.by_rel.keys().map(String::as_str))
    }

    /// Ancestors of a document from home down to its parent.
    pub fn ancestors(&self, id: DocId) -> Vec<DocId> {
        let mut chain = Vec::new();
        let mut current = self.docs[id].parent;
        while let Some(p) = current {
            chain.push(p);
            current = self.docs[p].parent;
        }
        chain.reverse();
        chain
    }

    fn index(&mut self, errors: &mut Vec<Diagnostic>) {
        let mut by_rel = HashMap::with_capacity(self.docs.len());
        let mut by_url = HashMap::with_capacity(self.docs.len());
        for (id, doc) in self.docs.iter().enumerate() {
            by_rel.insert(doc.rel.clone(), id);
            if let Some(&other) = by_url.get(&doc.url) {
                // Point at a file that exists: an implicit section has none.
                let (here, there) = if doc.is_implicit_section() {
                    (&self.docs[other], doc)
                } else {
                    (doc, &self.docs[other])
                };
                let span = match here.meta.slug {
                    Some(_) => here.value_span(&crate::spans::key_path!["slug"]),
                    None => 0..0,
                };
                errors.push(
                    Diagnostic::at(
                        here.display_path.clone(),
                        &here.source,
                        span.start,
                        span.len(),
                        format!(
                            "{} has the same address `/{}` as {}",
                            here.origin(),
                            doc.url,
                            there.origin()
                        ),
                    )
                    .with_hint(
                        "give one of them a different `slug` in its front matter, or rename one",
                    ),
                );
            } else {
                by_url.insert(doc.url.clone(), id);
            }
        }
        self.by_rel = Arc::new(by_rel);
        self.by_url = Arc::new(by_url);
    }

    fn place_assets(&mut self, found: Vec<Found>) {
        let mut assets_by_rel = HashMap::with_capacity(found.len());
        for f in found {
            // A bundle's files follow the bundle's URL, which a slug may change.
            let (dir, name) = f.rel.rsplit_once('/').unwrap_or(("", f.rel.as_str()));
            let bundle = self
                .by_rel(&format!("{dir}/index.md"))
                .filter(|_| !dir.is_empty());
            let out = match bundle {
                Some(id) => format!("{}{name}", self.docs[id].url),
                None => f.rel.clone(),
            };
            assets_by_rel.insert(f.rel.clone(), self.assets.len());
            self.assets.push(Asset {
                rel: f.rel,
                abs: f.abs,
                out,
            });
        }
        self.assets_by_rel = Arc::new(assets_by_rel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A content folder of `files` (path, text) in a fresh temporary folder.
    fn content(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary folder");
        for (path, text) in files {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("folder");
            std::fs::write(file, text).expect("file");
        }
        dir
    }

    #[test]
    fn an_unchanged_file_shares_its_source_with_the_newer_edition_and_a_changed_one_does_not() {
        let newer = content(&[
            ("same.md", "+++\ntitle = \"Same\"\n+++\nText."),
            ("edited.md", "+++\ntitle = \"Edited now\"\n+++\nNew text."),
        ]);
        let older = content(&[
            ("same.md", "+++\ntitle = \"Same\"\n+++\nText."),
            ("edited.md", "+++\ntitle = \"Edited then\"\n+++\nOld text."),
        ]);
        let (data, options) = (Data::default(), LoadOptions::default());
        let newer = ContentTree::load(newer.path(), newer.path(), &data, options).expect("newer");
        let older_dir = older.path();
        let older =
            ContentTree::load_beside(older_dir, older_dir, &data, options, &newer).expect("older");
        let doc = |tree: &ContentTree, rel: &str| tree.docs[tree.by_rel(rel).expect(rel)].clone();
        let (same_new, same_old) = (doc(&newer, "same.md"), doc(&older, "same.md"));
        assert!(Arc::ptr_eq(&same_new.source, &same_old.source));
        assert_eq!(same_old.title, "Same");
        assert_eq!(
            same_old.abs.as_deref(),
            Some(older_dir.join("same.md").as_path())
        );
        let (edited_new, edited_old) = (doc(&newer, "edited.md"), doc(&older, "edited.md"));
        assert!(!Arc::ptr_eq(&edited_new.source, &edited_old.source));
        assert_eq!(edited_old.title, "Edited then");
        assert_eq!(edited_old.body(), "Old text.");
        assert!(same_old.same_body(&same_new) && !edited_old.same_body(&edited_new));
    }
}
