//! Editions of the guidance published side by side: the current one in
//! `content/` and frozen earlier ones in `editions/<id>/`, each at its own
//! stable addresses (`/<id>/…`).
//!
//! This module loads the earlier editions (`Earlier`), gives every edition
//! one shape to the rest of the build (`View`), finds a page of one edition
//! in another (`counterpart`), and compares editions (`compare`): what
//! changed, and which older pages say the same as the current ones. `cut`
//! freezes the current edition; `diff` renders changes in words.

pub mod compare;
pub mod cut;
pub mod diff;

use std::collections::HashMap;
use std::path::Path;

use crate::config::{Config, EditionInfo, at_edition_id};
use crate::content::data::Data;
use crate::content::{ContentTree, DocId, Document, HOME, LoadOptions, walk};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::markdown::Rendered;
use crate::paths::{CONTENT, DATA, EDITIONS, SitePaths};

pub use crate::content::address::WHAT_CHANGED;

/// A frozen earlier edition, loaded.
#[derive(Debug, Clone)]
pub struct Earlier {
    /// Its id, label and date from `site.toml`.
    pub info: EditionInfo,
    /// Its own `data/` (empty when it has none).
    pub data: Data,
    /// Its pages.
    pub tree: ContentTree,
    /// Its Markdown, indexed like `tree.docs`.
    pub rendered: Vec<Rendered>,
}

/// Loads the trees and data of every earlier edition, oldest first (not
/// yet rendered). Every edition's errors are reported together.
///
/// Editions load newest first, each beside the next newer one (`current`,
/// the current edition's tree, when it loaded): an unchanged file shares its
/// source and front matter with the newer edition's instead of being parsed
/// again, so memory and time follow the files that changed.
pub fn load_earlier(
    config: &Config,
    paths: &SitePaths,
    options: LoadOptions,
    current: Option<&ContentTree>,
) -> Result<Vec<Earlier>, Error> {
    let Some(edition) = &config.edition else {
        return Ok(Vec::new());
    };
    let content = |info: &EditionInfo| paths.edition(&info.id).join(CONTENT);
    if let Some((nth, missing)) = edition
        .all()
        .enumerate()
        .skip(1)
        .find(|(_, info)| !content(info).is_dir())
    {
        return Err(missing_folder(paths, missing, nth));
    }
    let mut infos: Vec<&EditionInfo> = edition.earlier.iter().collect();
    infos.sort_by_key(|e| e.published);
    let mut errors = Vec::new();
    let mut earlier: Vec<Earlier> = Vec::new();
    // On a site with `[languages]`, the files of the language loaded.
    let files = config.language_files();
    let select = |found| match &files {
        Some(files) => crate::content::language::select(found, files),
        None => found,
    };
    for info in infos.into_iter().rev() {
        let dir = paths.edition(&info.id);
        let content = content(info);
        let newer = earlier.last().map(|e| &e.tree).or(current);
        // The tree loads with the data files that are fine, so a broken
        // file is reported once, not again by every page made from it.
        let data = Data::load_language(&[&dir.join(DATA)], &paths.root, files.as_ref())?;
        let tree = match newer {
            Some(newer) => {
                let found = select(walk::walk(&content, &paths.root)?);
                ContentTree::load_found_beside(found, &content, &paths.root, &data, options, newer)
            }
            None => {
                let found = select(walk::walk(&content, &paths.root)?);
                ContentTree::load_found(found, &content, &paths.root, &data, options)
            }
        };
        match (data.check(), tree) {
            (Ok(()), Ok(tree)) => earlier.push(Earlier {
                info: info.clone(),
                data,
                tree,
                rendered: Vec::new(),
            }),
            (d, t) => {
                for e in [d.err(), t.err()].into_iter().flatten() {
                    match e {
                        Error::Content(mut ds) => errors.append(&mut ds),
                        other => return Err(other),
                    }
                }
            }
        }
    }
    earlier.reverse();
    if errors.is_empty() {
        Ok(earlier)
    } else {
        Err(Error::Content(errors))
    }
}

fn missing_folder(paths: &SitePaths, info: &EditionInfo, nth: usize) -> Error {
    let file = Config::file(&paths.root);
    let text = crate::fs::read_to_string(&paths.root.join(&file)).unwrap_or_default();
    Error::Config(
        at_edition_id(
            (&file, &text),
            nth,
            format!(
                "the earlier edition `{}` has no content: there is no folder `{EDITIONS}/{}/{CONTENT}/`",
                info.id, info.id
            ),
        )
        .with_hint("restore the edition's folder from version control, or remove its `[[edition.earlier]]` entry"),
    )
}

/// Errors for current-edition pages whose addresses are an edition's
/// (`/2013/`, reported at the edition's id in `config_file`) or the "what
/// changed" page's.
pub fn check_addresses(
    config: &Config,
    (config_file, config_text): (&Path, &str),
    tree: &ContentTree,
) -> Vec<Diagnostic> {
    let Some(current) = &config.edition else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for (nth, edition) in current.all().enumerate() {
        let inside =
            |d: &&std::sync::Arc<Document>| d.url.split('/').next() == Some(edition.id.as_str());
        if let Some(doc) = tree.docs.iter().find(inside) {
            errors.push(
                at_edition_id(
                    (config_file, config_text),
                    nth,
                    format!(
                        "the {} lives at `/{}/`, but `{}` has an address there too (`/{}`)",
                        edition.label,
                        edition.id,
                        doc.display_path.display(),
                        doc.url
                    ),
                )
                .with_hint("rename that content folder, or give its pages a different `slug`"),
            );
        }
    }
    for doc in &tree.docs {
        if !current.earlier.is_empty() && doc.url == WHAT_CHANGED {
            errors.push(
                Diagnostic::file(
                    doc.display_path.clone(),
                    format!("this page's address `/{WHAT_CHANGED}` is where canteen puts the edition's \"what changed\" page"),
                )
                .with_hint("give the page a different `slug`, or rename it"),
            );
        }
    }
    errors
}

/// One edition as the rest of the build sees it, current or earlier.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// Its id, label and date; `None` on a site without editions.
    pub info: Option<&'a EditionInfo>,
    /// True for `content/`.
    pub current: bool,
    /// Its pages.
    pub tree: &'a ContentTree,
    /// Its Markdown.
    pub rendered: &'a [Rendered],
    /// Its data.
    pub data: &'a Data,
}

impl View<'_> {
    /// What its addresses start with after the site's base path: `""` for
    /// the current edition, `"2013/"` for an earlier one.
    pub fn prefix(&self) -> String {
        match self.info {
            Some(info) if !self.current => format!("{}/", info.id),
            _ => String::new(),
        }
    }
}

/// How a page was found in another edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// At the same address.
    Same,
    /// At another address, declared with `aliases`.
    Moved,
    /// Not there: its nearest section that is.
    Ancestor,
}

impl Match {
    /// The name templates see.
    pub fn as_str(self) -> &'static str {
        match self {
            Match::Same => "same",
            Match::Moved => "moved",
            Match::Ancestor => "ancestor",
        }
    }

    /// True when the page itself was found.
    pub fn is_page(self) -> bool {
        self != Match::Ancestor
    }
}

/// Every alias of a tree's documents (`old/page/`) and whose it is.
pub fn alias_index(tree: &ContentTree) -> HashMap<String, DocId> {
    let mut index = HashMap::new();
    for (id, doc) in tree.docs.iter().enumerate() {
        for alias in &doc.meta.aliases {
            if let Some(url) = url_of_alias(alias) {
                index.insert(url, id);
            }
        }
    }
    index
}

/// The URL path (`old/page/`) an alias (`/old/page`) stands for; `None`
/// for one that cannot be an address (an error when the site loads).
pub fn url_of_alias(alias: &str) -> Option<String> {
    crate::content::address::of_path(alias).ok()
}

/// Where `doc` (of another edition) is in `tree`: the page at the same
/// address, else a page that declares it moved (either side's `aliases`),
/// else the nearest ancestor address that exists (the home page at worst).
pub fn counterpart(
    doc: &Document,
    tree: &ContentTree,
    aliases: &HashMap<String, DocId>,
) -> (DocId, Match) {
    if let Some(id) = tree.by_url(&doc.url) {
        return (id, Match::Same);
    }
    if let Some(&id) = aliases.get(&doc.url) {
        return (id, Match::Moved);
    }
    if let Some(id) = doc
        .meta
        .aliases
        .iter()
        .find_map(|a| tree.by_url(&url_of_alias(a)?))
    {
        return (id, Match::Moved);
    }
    let mut url = doc.url.trim_end_matches('/');
    while let Some((parent, _)) = url.rsplit_once('/') {
        let candidate = format!("{parent}/");
        if let Some(id) = tree
            .by_url(&candidate)
            .or_else(|| aliases.get(&candidate).copied())
        {
            return (id, Match::Ancestor);
        }
        url = parent;
    }
    (HOME, Match::Ancestor)
}
