//! `sitemap.xml` (the current edition's pages, for search engines) and
//! `robots.txt` (which names it; on a preview build, keeps crawlers away).

use super::{Extra, Render};
use crate::config::Config;
use crate::content::ContentTree;
use crate::error::Error;
use crate::html::escape;
use crate::output::Sink;
use crate::render::context::languages::Version;

/// `sitemap.xml` and `robots.txt`.
pub struct Sitemap;

impl Extra for Sitemap {
    fn files(&self) -> &'static [(&'static str, &'static str)] {
        &[("sitemap.xml", "the sitemap"), ("robots.txt", "robots.txt")]
    }

    fn render(&self, cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error> {
        let config = &cx.site.config;
        // One sitemap lists every language's pages (the default language's
        // site writes it), each with its alternates.
        if crate::site::languages::is_translation(config) {
            return Ok(());
        }
        let xml = match &cx.site.languages {
            Some(versions) => {
                let current = versions.pages.len().saturating_sub(1);
                multilingual(
                    &cx.site.tree,
                    versions.pages.get(current).map_or(&[], Vec::as_slice),
                )
            }
            None => sitemap(config, &cx.site.tree),
        };
        sink.put("sitemap.xml", xml.into_bytes())?;
        sink.put("robots.txt", robots(config).into_bytes())?;
        Ok(())
    }
}

/// The sitemap of one content tree: every page and section, with its date.
pub fn sitemap(config: &Config, tree: &ContentTree) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for doc in &tree.docs {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape(&config.permalink(&doc.url)));
        xml.push_str("</loc>\n");
        if let Some(date) = doc
            .meta
            .updated
            .or(doc.meta.last_reviewed)
            .or(doc.meta.date)
        {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", date.iso()));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled, here is the sitemap; or, on a
/// preview build, nothing may.
/// The sitemap of a site in several languages: every translated version
/// of every page of the current edition, each `<url>` naming every
/// version as an `xhtml:link` alternate (itself included, as search
/// engines ask) and the default language's as `x-default`.
fn multilingual(tree: &ContentTree, versions: &[Vec<Version>]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (doc, versions) in tree.docs.iter().zip(versions) {
        let translated: Vec<&Version> = versions.iter().filter(|v| v.translated).collect();
        let lastmod = doc
            .meta
            .updated
            .or(doc.meta.last_reviewed)
            .or(doc.meta.date);
        for own in &translated {
            xml.push_str("  <url>\n    <loc>");
            xml.push_str(&escape(&own.permalink));
            xml.push_str("</loc>\n");
            if let Some(date) = lastmod.filter(|_| own.code == versions[0].code) {
                xml.push_str(&format!("    <lastmod>{}</lastmod>\n", date.iso()));
            }
            if translated.len() > 1 {
                for alt in &translated {
                    xml.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                        escape(&alt.lang),
                        escape(&alt.permalink)
                    ));
                }
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                    escape(&versions[0].permalink)
                ));
            }
            xml.push_str("  </url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots(config: &Config) -> String {
    if config.preview {
        return format!(
            "# A preview build: not for search engines.\nUser-agent: *\nDisallow: /\n\nSitemap: {}\n",
            config.permalink("sitemap.xml")
        );
    }
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.permalink("sitemap.xml")
    )
}
