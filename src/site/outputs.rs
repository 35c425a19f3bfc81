//! Every file a build writes, and what writes it: claimed before anything
//! is rendered (`output::claims`), so that no page, alias, redirect,
//! generated page, static or content file can overwrite another or land
//! outside the output folder.

use std::path::Path;

use crate::config::EditionInfo;
use crate::content::{ContentTree, address};
use crate::diagnostics::Diagnostic;
use crate::output::claims::{Claims, Origin};
use crate::render::theme::Theme;

/// Files canteen makes at the root of every site, and what they are.
pub const GENERATED: &[(&str, &str)] = &[
    ("404.html", "the \"page not found\" page"),
    ("sitemap.xml", "the sitemap"),
    ("robots.txt", "robots.txt"),
    ("css/syntax.css", "the code highlighting stylesheet"),
    ("css/brand.css", "the brand stylesheet"),
];

/// One edition's content, as outputs see it.
pub struct EditionTree<'a> {
    /// Its id, label and date (`None` on a site without editions).
    pub info: Option<&'a EditionInfo>,
    /// What its addresses start with: `""` for the current edition, `2013/`.
    pub prefix: String,
    /// Its pages and files.
    pub tree: &'a ContentTree,
}

/// Claims every output file of the site; the clashes and impossible
/// addresses found. `editions` are oldest first, the current one last;
/// `root` is the site root and `config` its configuration file and text.
pub fn check(
    editions: &[EditionTree<'_>],
    theme: &Theme,
    root: &Path,
    config_file: (&Path, &str),
) -> Vec<Diagnostic> {
    let documents: usize = editions.iter().map(|e| e.tree.docs.len()).sum();
    let mut claims = Claims::with_capacity(documents * 2 + theme.statics.len());
    let mut errors = Vec::new();
    for (path, what) in GENERATED {
        claims.claim(path.to_string(), Origin::Generated(what), config_file);
    }
    for (rel, source) in &theme.statics {
        let shown = source.display(rel);
        let shown = shown
            .strip_prefix(root)
            .map_or(shown.clone(), Path::to_path_buf);
        claims.claim(rel.clone(), Origin::Static(shown), config_file);
    }
    // The current edition's pages first: a clash is reported at whichever
    // source came later, and the current edition's pages are what an alias
    // or an older edition most likely collides with.
    for edition in editions.iter().rev() {
        for doc in &edition.tree.docs {
            let path = format!("{}{}", edition.prefix, address::file_of(&doc.url));
            claims.claim(path, Origin::Page(doc), config_file);
        }
        for asset in &edition.tree.assets {
            let shown = asset.abs.strip_prefix(root).unwrap_or(&asset.abs);
            claims.claim(
                format!("{}{}", edition.prefix, asset.out),
                Origin::Asset(shown),
                config_file,
            );
        }
    }
    let current = editions.last();
    if let Some((current, info)) = current.and_then(|c| Some((c, c.info?)))
        && editions.len() > 1
    {
        for doc in &current.tree.docs {
            let path = format!("{}/{}", info.id, address::file_of(&doc.url));
            claims.claim(path, Origin::EditionAddress(&info.id), config_file);
        }
        let path = format!("{}/{}", info.id, address::file_of(address::WHAT_CHANGED));
        claims.claim(path, Origin::EditionAddress(&info.id), config_file);
    }
    for edition in editions.iter().skip(1) {
        if let Some(info) = edition.info {
            let path = format!(
                "{}{}",
                edition.prefix,
                address::file_of(address::WHAT_CHANGED)
            );
            claims.claim(path, Origin::WhatChanged(&info.label), config_file);
        }
    }
    for edition in editions {
        for doc in &edition.tree.docs {
            for (i, alias) in doc.meta.aliases.iter().enumerate() {
                match address_of_alias(alias) {
                    Ok(url) => claims.claim(
                        format!("{}{}", edition.prefix, address::file_of_alias(&url)),
                        Origin::Alias(doc, i),
                        config_file,
                    ),
                    Err(problem) => {
                        let span = doc.value_span(&crate::spans::key_path!["aliases", i]);
                        errors.push(
                            Diagnostic::at(
                                doc.display_path.clone(),
                                &doc.source,
                                span.start,
                                span.len(),
                                format!("the alias `{alias}` {problem}"),
                            )
                            .with_hint("an alias is an old address on this site that redirects here, such as `/old/page/`"),
                        );
                    }
                }
            }
        }
    }
    errors.extend(claims.into_errors());
    errors
}

/// The address an alias stands for (`/old/page` → `old/page/`), or why it
/// cannot be one.
pub fn address_of_alias(alias: &str) -> Result<String, &'static str> {
    if crate::markdown::links::is_external(alias) {
        return Err("is a web address; an alias must be a path on this site");
    }
    address::of_path(alias)
}
