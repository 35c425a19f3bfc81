//! `sitemap.xml` (the current edition's pages, for search engines) and
//! `robots.txt` (which names it; on a preview build, keeps crawlers away).

use super::{Extra, Render};
use crate::config::Config;
use crate::content::ContentTree;
use crate::error::Error;
use crate::html::escape;
use crate::output::Sink;

/// `sitemap.xml` and `robots.txt`.
pub struct Sitemap;

impl Extra for Sitemap {
    fn files(&self) -> &'static [(&'static str, &'static str)] {
        &[("sitemap.xml", "the sitemap"), ("robots.txt", "robots.txt")]
    }

    fn render(&self, cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error> {
        let config = &cx.site.config;
        sink.put("sitemap.xml", sitemap(config, &cx.site.tree).into_bytes())?;
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
