//! Redirects: one page for every address in a document's `aliases`, and,
//! once a site has earlier editions, one for each of the current edition's
//! stable addresses (`/2014/about/` → `/about/`), which become its own
//! pages when a newer edition is cut.
//!
//! `redirect.html` is rendered once per edition and filled in per target
//! (`Shortcut`), since a site with editions has a redirect for every page.

use rayon::prelude::*;

use super::{Extra, Render, Shape};
use crate::content::address::{self, WHAT_CHANGED};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::markdown::links::is_external;
use crate::output::Sink;
use crate::output::claims::{Claims, Origin};
use crate::render::{Globals, Templates};
use crate::spans::key_path;

/// Every redirect of the site.
pub struct Redirects;

/// The address an alias stands for (`/old/page` → `old/page/`), or why it
/// cannot be one.
pub fn address_of_alias(alias: &str) -> Result<String, &'static str> {
    if is_external(alias) {
        return Err("is a web address; an alias must be a path on this site");
    }
    address::of_path(alias)
}

impl Extra for Redirects {
    fn claim<'a>(&self, shape: &Shape<'a, '_>, claims: &mut Claims<'a>) {
        let current = shape.editions.last();
        if let Some((current, info)) = current.and_then(|c| Some((c, c.info?)))
            && shape.editions.len() > 1
        {
            let urls = current.tree.docs.iter().map(|d| d.url.as_str());
            for url in urls.chain([WHAT_CHANGED]) {
                let path = format!("{}/{}", info.id, address::file_of(url));
                claims.claim(path, Origin::EditionAddress(&info.id), shape.config);
            }
        }
        for edition in shape.editions {
            for doc in &edition.tree.docs {
                for (i, alias) in doc.meta.aliases.iter().enumerate() {
                    match address_of_alias(alias) {
                        Ok(url) => claims.claim(
                            format!("{}{}", edition.prefix, address::file_of_alias(&url)),
                            Origin::Alias(doc, i),
                            shape.config,
                        ),
                        Err(problem) => {
                            let span = doc.value_span(&key_path!["aliases", i]);
                            claims.refuse(
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
    }

    fn render(&self, cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error> {
        let site_base = cx.site_base();
        // Every redirect: (edition, output file, target URL path).
        let mut redirects: Vec<(usize, String, String)> = Vec::new();
        for builder in cx.builders {
            let prefix = builder.prefix();
            for doc in &builder.tree.docs {
                let target = format!("{}{}", builder.base_path, doc.url);
                for alias in &doc.meta.aliases {
                    // Checked when the site was loaded (`claim`).
                    let Ok(url) = address_of_alias(alias) else {
                        continue;
                    };
                    redirects.push((
                        builder.view,
                        format!("{prefix}{}", address::file_of_alias(&url)),
                        target.clone(),
                    ));
                }
            }
        }
        let site = cx.site;
        if let (Some(info), true) = (&site.config.edition, !site.earlier.is_empty()) {
            let urls = site.tree.docs.iter().map(|d| d.url.as_str());
            for url in urls.chain([WHAT_CHANGED]) {
                redirects.push((
                    cx.current(),
                    format!("{}/{}", info.id, address::file_of(url)),
                    format!("{site_base}{url}"),
                ));
            }
        }
        let pages: Vec<Shortcut> = cx
            .globals
            .iter()
            .map(|g| Shortcut::new(&site.templates, g, site_base))
            .collect::<Result<_, _>>()?;
        redirects
            .par_iter()
            .try_for_each(|(v, from, target)| -> Result<(), Error> {
                sink.put(from, pages[*v].to(target)?.into_bytes())?;
                Ok(())
            })
    }
}

/// `redirect.html`, rendered once per edition and filled in per target.
/// The template is rendered for two targets, the second with characters
/// HTML escapes; only when both differ from each other in nothing but the
/// target, escaped as Tera escapes it, is the shortcut used, so any
/// template that does more with `redirect_to` is rendered per page.
struct Shortcut<'a> {
    templates: &'a Templates,
    globals: &'a Globals,
    /// `current_url` of every redirect page: the site's base path (a
    /// redirect is no page of the navigation).
    site_base: &'a str,
    /// The page split around the target, when the shortcut applies.
    parts: Option<Vec<String>>,
}

impl<'a> Shortcut<'a> {
    fn new(
        templates: &'a Templates,
        globals: &'a Globals,
        site_base: &'a str,
    ) -> Result<Self, Error> {
        let render = |target: &str| render_redirect(templates, globals, site_base, target);
        let (one, two) = (
            format!("{site_base}canteen-redirect-one/"),
            format!("{site_base}canteen-redirect-'&\"two/"),
        );
        let first = render(&one)?;
        let parts: Vec<String> = first.split(one.as_str()).map(str::to_string).collect();
        let fits = render(&two)? == parts.join(&crate::html::escape(&two));
        Ok(Shortcut {
            templates,
            globals,
            site_base,
            parts: fits.then_some(parts),
        })
    }

    fn to(&self, target: &str) -> Result<String, Error> {
        match &self.parts {
            Some(parts) => Ok(parts.join(&crate::html::escape(target))),
            None => render_redirect(self.templates, self.globals, self.site_base, target),
        }
    }
}

fn render_redirect(
    templates: &Templates,
    globals: &Globals,
    site_base: &str,
    target: &str,
) -> Result<String, Error> {
    templates
        .render_special(
            "redirect.html",
            globals,
            site_base,
            &[("redirect_to", tera::Value::from(target))],
        )
        .map_err(|d| Error::Content(vec![d]))
}
