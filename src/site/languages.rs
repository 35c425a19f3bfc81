//! A site in more than one language (`[languages]` in `site.toml`): one
//! `Site` per language, the default one first, each loaded with its own
//! files (`content::language`), configuration (`Config::for_language`),
//! interface strings and templates, and rendered under its prefix
//! (`cy/`). Every page knows its versions in the other languages
//! (`Versions`): a page not yet translated is the default language's page
//! at the translation's address, with a notice (no dead ends).
//!
//! A one-language site is one `Site`, loaded and rendered as it always was.

use std::sync::Arc;

use rayon::prelude::*;

use super::{BuildOptions, Site, Stats};
use crate::config::Config;
use crate::content::language::is_translated;
use crate::content::{ContentTree, DocId, HOME};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::fs::FsResult;
use crate::output::Sink;
use crate::render::context::languages::{Version, Versions};
use crate::render::strings;

/// The strings key of a language's name in itself ("Cymraeg").
const LANGUAGE_NAME: &str = "language_name";

/// Loads the site in every language, the default one first; a
/// one-language site loads as `Site::load` does. `site.toml` is read once
/// for all of them; the languages load side by side (each load's walk and
/// reading has stretches on one thread), and every language's errors are
/// reported together.
pub fn load_all(options: &BuildOptions) -> Result<Vec<Site>, Error> {
    let config = Config::load(&options.root)?;
    if !config.is_multilingual() {
        return Ok(vec![Site::load_language(options, config, None)?]);
    }
    let codes: Vec<&String> = config.languages.keys().collect();
    let (first, others) = rayon::join(
        || Site::load_language(options, config.clone(), None),
        || {
            codes
                .par_iter()
                .map(|code| Site::load_language(options, config.clone(), Some(code)))
                .collect::<Vec<Result<Site, Error>>>()
        },
    );
    let first = first?;
    let mut errors = check_prefixes(&first);
    let mut sites = vec![first];
    for other in others {
        match other {
            Ok(site) => sites.push(site),
            Err(Error::Content(mut ds)) => errors.append(&mut ds),
            Err(other) => return Err(other),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Content(errors));
    }
    let names = sites
        .iter()
        .map(|s| {
            let strings = strings::resolve(&s.config, &s.paths)?;
            Ok(strings
                .get(LANGUAGE_NAME)
                .cloned()
                .unwrap_or_else(|| s.config.language.clone()))
        })
        .collect::<Result<Vec<String>, Error>>()?;
    let all: Vec<Versions> = (0..sites.len())
        .map(|i| versions(&sites, &names, i))
        .collect();
    for (site, versions) in sites.iter_mut().zip(all) {
        site.languages = Some(Arc::new(versions));
    }
    Ok(sites)
}

/// Errors for default-language pages whose addresses are a language's
/// (`/cy/…`): the translation's pages would be written over them.
fn check_prefixes(site: &Site) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for code in site.config.languages.keys() {
        for view in site.views() {
            if let Some(doc) = view.tree.docs.iter().find(|d| {
                view.prefix().is_empty() && d.abs.is_some() && d.url.split('/').next() == Some(code)
            }) {
                errors.push(
                    Diagnostic::file(
                        doc.display_path.clone(),
                        format!(
                            "this page's address `/{}` is inside `/{code}/`, where the site's `{code}` pages live",
                            doc.url
                        ),
                    )
                    .with_hint("rename its folder, or give it a different `slug`"),
                );
            }
        }
    }
    errors
}

/// The versions of every page of `sites[own]` in every language.
fn versions(sites: &[Site], names: &[String], own: usize) -> Versions {
    let views = sites[own].views();
    let pages = views
        .iter()
        .enumerate()
        .map(|(v, view)| {
            (0..view.tree.docs.len())
                .map(|id| {
                    sites
                        .iter()
                        .enumerate()
                        .map(|(j, other)| version(other, &names[j], v, (view.tree, id), j == own))
                        .collect()
                })
                .collect()
        })
        .collect();
    Versions {
        pages,
        default_lang: sites[0].config.language.clone(),
    }
}

/// Document `id` of `tree` in `other`'s edition `v`.
fn version(
    other: &Site,
    name: &str,
    v: usize,
    (tree, id): (&ContentTree, DocId),
    current: bool,
) -> Version {
    let views = other.views();
    let view = &views[v];
    let (found, exact) = counterpart(tree, id, view.tree);
    let doc = &view.tree.docs[found];
    let translated = exact
        && match &other.config.translation {
            Some(code) => is_translated(doc, code),
            None => doc.abs.is_some() || doc.is_implicit_section(),
        };
    let path = format!("{}{}", view.prefix(), doc.url);
    Version {
        code: other.config.code(),
        lang: other.config.language.clone(),
        name: name.to_string(),
        url: format!("{}{path}", other.config.base_path()),
        permalink: other.config.permalink(&path),
        translated,
        current,
    }
}

/// Where document `id` of `tree` is in `other`: the document from the
/// same file (`true`), else the nearest of its sections that is there.
fn counterpart(tree: &ContentTree, id: DocId, other: &ContentTree) -> (DocId, bool) {
    if let Some(found) = other.by_rel(&tree.docs[id].rel) {
        return (found, true);
    }
    let found = tree
        .ancestors(id)
        .into_iter()
        .rev()
        .find_map(|a| other.by_rel(&tree.docs[a].rel))
        .unwrap_or(HOME);
    (found, false)
}

/// A sink that puts every file under a prefix (a language's `cy/`).
pub struct Prefixed<'a> {
    /// Where the files go.
    pub sink: &'a dyn Sink,
    /// What their paths start with.
    pub prefix: String,
}

impl Sink for Prefixed<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> FsResult<()> {
        self.sink.put(&format!("{}{path}", self.prefix), bytes)
    }

    fn put_copy(&self, path: &str, bytes: &[u8]) -> FsResult<()> {
        self.sink.put_copy(&format!("{}{path}", self.prefix), bytes)
    }

    fn copy_from(&self, path: &str, from: &std::path::Path) -> FsResult<()> {
        self.sink.copy_from(&format!("{}{path}", self.prefix), from)
    }

    fn link_from(&self, path: &str, from: &std::path::Path) -> FsResult<()> {
        self.sink.link_from(&format!("{}{path}", self.prefix), from)
    }
}

/// Renders every language's site into `sink`, each under its prefix, one
/// language after the other: rendered side by side, two languages of
/// 10,000 pages held about 80 MB more at their peak and were no faster.
pub fn render_all(sites: &[Site], sink: &dyn Sink) -> Result<Stats, Error> {
    let mut total = Stats::default();
    for site in sites {
        let stats = match &site.config.translation {
            None => site.render(sink)?,
            Some(code) => site.render(&Prefixed {
                sink,
                prefix: format!("{code}/"),
            })?,
        };
        total.pages += stats.pages;
        total.sections += stats.sections;
        total.static_files += stats.static_files;
    }
    Ok(total)
}

/// True when `config` renders a translation: files every language shares
/// (static files, stylesheets, the sitemap) are the default language's.
pub fn is_translation(config: &Config) -> bool {
    config.translation.is_some()
}
