//! Atom feeds (RFC 4287): `feed.xml`, the current edition's pages, newest
//! first by `updated` (or `last_reviewed`, or `date`), each with its
//! description or summary; and `editions.xml`, one entry per edition
//! linking to its "what changed" page. Every URL is absolute, from
//! `base_url`. The XML is written with `html::escape` (the five characters
//! XML needs escaped), never by pasting unescaped text.

use super::{Extra, Render};
use crate::config::Config;
use crate::content::address::WHAT_CHANGED;
use crate::content::date::Date;
use crate::error::Error;
use crate::html::escape;
use crate::markdown::with_base;
use crate::output::Sink;
use crate::render::context::ContextBuilder;

/// The current edition's feed.
pub const PAGES: &str = "feed.xml";
/// The feed of editions.
pub const EDITIONS: &str = "editions.xml";

/// `feed.xml` and `editions.xml`.
pub struct Feeds;

impl Extra for Feeds {
    fn files(&self) -> &'static [(&'static str, &'static str)] {
        &[
            (PAGES, "the Atom feed"),
            (EDITIONS, "the Atom feed of editions"),
        ]
    }

    fn render(&self, cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error> {
        let current = &cx.builders[cx.current()];
        sink.put(PAGES, pages_feed(current).into_bytes())?;
        sink.put(EDITIONS, editions_feed(cx.builders).into_bytes())?;
        Ok(())
    }
}

/// An Atom date: midnight UTC of the day.
fn atom_date(date: Date) -> String {
    format!("{}T00:00:00Z", date.iso())
}

/// One entry, to be sorted newest first.
struct Entry {
    updated: Date,
    title: String,
    url: String,
    /// (`text` or `html`, the content before escaping).
    summary: Option<(&'static str, String)>,
}

/// The start of a feed: its title, id, links, date and author.
fn head(config: &Config, title: &str, self_path: &str, updated: Date) -> String {
    let home = config.permalink("");
    let author = config
        .brand
        .name
        .as_deref()
        .unwrap_or(crate::brand::DEFAULT_NAME);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"",
    );
    xml.push_str(&escape(&config.language));
    xml.push_str("\">\n  <title>");
    xml.push_str(&escape(title));
    xml.push_str("</title>\n");
    if !config.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(&config.description)
        ));
    }
    xml.push_str(&format!(
        "  <id>{}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n  <generator version=\"{}\">canteen</generator>\n",
        escape(&config.permalink(self_path)),
        escape(&config.permalink(self_path)),
        escape(&home),
        atom_date(updated),
        escape(author),
        env!("CARGO_PKG_VERSION"),
    ));
    xml
}

/// The feed's entries, newest first, and its end.
fn entries(xml: &mut String, mut entries: Vec<Entry>) {
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(&b.title)));
    for entry in entries {
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <updated>{}</updated>\n",
            escape(&entry.title),
            escape(&entry.url),
            escape(&entry.url),
            atom_date(entry.updated),
        ));
        if let Some((kind, text)) = entry.summary {
            xml.push_str(&format!(
                "    <summary type=\"{kind}\">{}</summary>\n",
                escape(text.trim())
            ));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
}

/// The newest of the entries' dates, else the edition's publication, else
/// today (a site with no dates at all).
fn newest(entries: &[Entry], config: &Config) -> Date {
    entries
        .iter()
        .map(|e| e.updated)
        .max()
        .or(config.edition.as_ref().map(|e| e.published))
        .unwrap_or_else(Date::today)
}

/// `feed.xml`: the pages of one edition (the current one). A page with no
/// date of its own is dated by its edition's publication; on a site
/// without editions such a page is left out.
pub fn pages_feed(builder: &ContextBuilder<'_>) -> String {
    let config = builder.config;
    let published = config.edition.as_ref().map(|e| e.published);
    // Links in summaries, absolute like every URL of a feed.
    let base = format!("{}/{}", config.origin_and_path(), builder.prefix());
    let list: Vec<Entry> = builder
        .tree
        .docs
        .iter()
        .enumerate()
        .filter_map(|(id, doc)| {
            let m = &doc.meta;
            let updated = m.updated.or(m.last_reviewed).or(m.date).or(published)?;
            let summary = match (&m.description, &builder.rendered[id].summary) {
                (Some(d), _) if !d.trim().is_empty() => Some(("text", d.clone())),
                (_, Some(html)) => Some(("html", with_base(html, &base))),
                _ => None,
            };
            Some(Entry {
                updated,
                title: doc.title.clone(),
                url: builder.permalink(doc),
                summary,
            })
        })
        .collect();
    let mut xml = head(config, &config.title, PAGES, newest(&list, config));
    entries(&mut xml, list);
    xml
}

/// `editions.xml`: every edition, newest first, each linking to its "what
/// changed" page (the oldest, which has none, to its home page).
pub fn editions_feed(builders: &[ContextBuilder<'_>]) -> String {
    let Some(current) = builders.last() else {
        return String::new();
    };
    let config = current.config;
    let list: Vec<Entry> = builders
        .iter()
        .filter_map(|b| {
            let info = b.editions.views[b.view].info?;
            let prefix = b.prefix();
            let published = info.published.text();
            let (url, summary) = if b.editions.has_what_changed(b.view) {
                (
                    config.permalink(&format!("{prefix}{WHAT_CHANGED}")),
                    format!("What changed in the {}, published {published}.", info.label),
                )
            } else {
                (
                    config.permalink(prefix),
                    format!(
                        "The {}, published {published}: the first edition.",
                        info.label
                    ),
                )
            };
            Some(Entry {
                updated: info.published,
                title: info.label.clone(),
                url,
                summary: Some(("text", summary)),
            })
        })
        .collect();
    let title = format!("{}: editions", config.title);
    let mut xml = head(config, &title, EDITIONS, newest(&list, config));
    entries(&mut xml, list);
    xml
}
