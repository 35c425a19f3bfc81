//! Site search: which pages each edition's index holds and its files
//! (`search/index.json`, its chunks and page fragments, made by
//! `crate::search`), and each edition's search page (`search/`, rendered
//! with `search.html`), which lists every page A to Z without JavaScript
//! and becomes live search with the theme's `js/search.js`.
//!
//! A page's entry is made as its Markdown is rendered (`entry_of`), from
//! the text read from its events, and shared with an earlier edition's
//! page that reuses the rendering (`markdown::reuse`) and whose title,
//! description and section are the same. `[search] enabled = false`
//! leaves all of it out.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use serde::Serialize;

use super::{Extra, Render, Shape};
use crate::config::Config;
use crate::content::{ContentTree, Document};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::markdown::Rendered;
use crate::output::Sink;
use crate::output::claims::{Claims, Origin};
use crate::render::context::ContextBuilder;
use crate::search::built::Written;
use crate::search::cache::{self, EntryCache};
use crate::search::index::{EditionIndex, Entry, PageFields};
use crate::search::spill::Spill;
use crate::search::text;
use crate::site::Site;

/// Where an edition's search page and index live, under its prefix.
pub const SEARCH: &str = "search/";

/// Every edition's index and search page.
pub struct Search;

impl Extra for Search {
    fn claim<'a>(&self, shape: &Shape<'a, '_>, claims: &mut Claims<'a>) {
        if !shape.search {
            return;
        }
        for edition in shape.editions {
            for (file, what) in [
                ("index.html", "the search page"),
                ("index.json", "the search index"),
            ] {
                let path = format!("{}{SEARCH}{file}", edition.prefix);
                claims.claim(path, Origin::Generated(what), shape.config);
            }
        }
    }

    fn render(&self, cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error> {
        let site = cx.site;
        if !site.config.search.enabled {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let draw = |v: usize, id: usize| {
            site.templates
                .render_document(&cx.builders[v], &cx.globals[v], id)
                .ok()
                .and_then(|html| String::from_utf8(html).ok())
        };
        let indexes = indexes(site, Some(&draw));
        let started = crate::site::timing("search index", started);
        files::write(cx, sink, &indexes)?;
        crate::site::timing("search files", started);
        Ok(())
    }
}

/// Whether a document is in the index: not when it says `search = false`.
pub fn searchable(doc: &Document) -> bool {
    doc.meta.searchable()
}

/// Whether a page's search entry is made as its Markdown is rendered,
/// from the text read from its events (`entry_of`): a page an index holds
/// whose own template draws no text of its own.
pub fn reads_markdown(config: &Config, doc: &Document) -> bool {
    config.search.enabled && indexed(config, doc) && !drawn(doc)
}

/// Whether a language's index holds a page: one that says `search =
/// false` is left out, and so is a page shown in the default language
/// until it is translated.
fn indexed(config: &Config, doc: &Document) -> bool {
    searchable(doc)
        && config
            .translation
            .as_deref()
            .is_none_or(|code| crate::content::language::is_translated(doc, code))
}

/// The search entry of page `id`, rendered as `rendered`: the entry the
/// rendering holds while it was made of the same fields (a rendering
/// reused from a newer edition, or kept by `canteen serve`), else the one
/// `cache` kept for the same fields and HTML, else one made of `events`,
/// the page's events as it was rendered, or of its HTML. `None` for a page
/// whose entry is not made this way (`reads_markdown`).
pub fn entry_of(
    config: &Config,
    tree: &ContentTree,
    id: usize,
    rendered: &Rendered,
    events: Option<&text::Events<'_>>,
    cache: Option<&EntryCache>,
) -> Option<Arc<Entry>> {
    if !reads_markdown(config, &tree.docs[id]) {
        return None;
    }
    let made = Made {
        html: &rendered.html,
        language: &config.language,
        cache,
    };
    Some(kept_or_made(
        tree,
        id,
        rendered.entry.as_ref(),
        made,
        || events.map_or_else(|| text::parts(&rendered.html), text::Events::body),
    ))
}

/// What a page's entry is made from besides its fields: the HTML its text
/// is read from, the language its index is in, and the entries the last
/// build kept.
struct Made<'a> {
    html: &'a str,
    language: &'a str,
    cache: Option<&'a EntryCache>,
}

/// Page `id`'s entry: `held` while it was made of the page's fields as
/// they are now, else the one the cache kept for the same fields and HTML,
/// else one made of the text `body` gives.
fn kept_or_made(
    tree: &ContentTree,
    id: usize,
    held: Option<&Arc<Entry>>,
    made: Made<'_>,
    body: impl FnOnce() -> text::Body,
) -> Arc<Entry> {
    let doc = &tree.docs[id];
    let made_of = made_of(tree, doc);
    if let Some(entry) = held.filter(|e| e.made_of == made_of) {
        return Arc::clone(entry);
    }
    let record = doc.record.as_ref().map(ToString::to_string);
    let key = cache::key(
        made.language,
        &[
            &doc.url,
            &doc.title,
            section_title(tree, doc),
            doc.meta.description.as_deref().unwrap_or(""),
            record.as_deref().unwrap_or(""),
        ],
        crate::markdown::around_base(made.html),
    );
    let cached = made.cache.and_then(|c| c.get(key, made_of));
    Arc::new(cached.unwrap_or_else(|| {
        let made_now = entry(tree, &body(), id, made_of, key);
        match made.cache {
            Some(cache) => cache.spilled(made_now),
            None => made_now,
        }
    }))
}

/// A fingerprint of what a page's entry is made of besides its body's
/// text: its address, title, description, section and data record.
fn made_of(tree: &ContentTree, doc: &Document) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    (
        &doc.url,
        &doc.title,
        &doc.meta.description,
        section_title(tree, doc),
    )
        .hash(&mut hasher);
    if let Some(record) = &doc.record {
        record.to_string().hash(&mut hasher);
    }
    hasher.finish()
}

/// What a full load took from the search entries the last build kept.
#[derive(Debug, Clone)]
pub struct EntriesKept {
    /// How many entries the cache held.
    pub loaded: usize,
    /// Whether a page's entry was not among them.
    pub missed: bool,
    /// The file the entries the load made were written to, for a build
    /// that keeps them (`BuildOptions::keeps_search_entries`).
    pub spill: Option<Arc<Spill>>,
    /// Whether the build keeps what it makes for the next: its entries,
    /// and its index files, which it writes to `index_written`.
    pub keeps: bool,
    /// The index files this build wrote to be kept (`search::built`), if
    /// they are not those kept already.
    pub index_written: Arc<Mutex<Option<Written>>>,
}

/// The file of search entries kept for the site at `root` in `language`,
/// when it and every folder on its way stay inside the site once links
/// are followed (or do not exist yet): never read or written through a
/// link that leads out of the site.
pub fn kept_entries_file(root: &std::path::Path, language: &str) -> Option<std::path::PathBuf> {
    let file = EntryCache::file(root, language);
    crate::content::walk::stays_inside(root, &file).then_some(file)
}

/// Keeps the search entries of every edition of `site` for the next
/// build, unless they are the very ones its load took from the cache
/// (none missed, none left over), and the index files it wrote, if it
/// wrote any (`search::built`). A cache that cannot be written costs
/// the next build time, nothing else, so the error is the caller's to
/// ignore.
pub fn keep_entries(site: &Site) -> std::io::Result<()> {
    let Some(kept) = &site.entries_kept else {
        return Ok(());
    };
    let mut seen = rustc_hash::FxHashSet::default();
    let entries: Vec<&Entry> = site
        .views()
        .iter()
        .flat_map(|view| view.rendered.iter())
        .filter_map(|r| r.entry.as_deref())
        .filter(|e| seen.insert(e.key))
        .collect();
    let changed = kept.missed || entries.len() != kept.loaded;
    let written = kept
        .index_written
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    let index = written.map_or(Ok(()), Written::keep);
    let entries = match kept_entries_file(&site.paths.root, &site.config.language) {
        Some(file) => EntryCache::keep(&file, &entries, changed, kept.spill.as_deref()),
        None => Ok(()),
    };
    entries.and(index)
}

/// Renders page `id` of edition `v` (oldest first) to its finished HTML.
pub type Draw<'a> = &'a (dyn Fn(usize, usize) -> Option<String> + Sync);

/// Whether a page's own template draws text its Markdown does not hold
/// (a list from a data file, say): such a page is indexed from its
/// finished HTML's `<main>`, rendered with `draw`. A page made from a data
/// record is not one: its record's text is indexed with its Markdown.
fn drawn(doc: &Document) -> bool {
    doc.meta.template.is_some() && doc.record.is_none()
}

/// Every edition's index and the documents it holds, in page order,
/// oldest edition first. A page's entry is the one made as it was
/// rendered (`entry_of`). With `draw`, a page whose own template draws
/// text is indexed from its finished HTML (and never shared: its
/// edition's data may differ).
pub fn indexes(site: &Site, draw: Option<Draw<'_>>) -> Vec<(EditionIndex, Vec<usize>)> {
    let config = &site.config;
    let views = site.views();
    views
        .iter()
        .enumerate()
        .map(|(v, view)| {
            let docs: Vec<usize> = (0..view.tree.docs.len())
                .filter(|&id| indexed(config, &view.tree.docs[id]))
                .collect();
            let entries: Vec<Arc<Entry>> = docs
                .par_iter()
                .map(|&id| {
                    let finished = draw
                        .filter(|_| drawn(&view.tree.docs[id]))
                        .and_then(|draw| draw(v, id));
                    // A drawn page's entry is never one held: its edition's
                    // data may differ.
                    let rendered = &view.rendered[id];
                    let (html, held) = match &finished {
                        Some(page) => (text::main_of(page), None),
                        None => (&*rendered.html, rendered.entry.as_ref()),
                    };
                    let made = Made {
                        html,
                        language: &config.language,
                        cache: None,
                    };
                    kept_or_made(view.tree, id, held, made, || text::parts(html))
                })
                .collect();
            (EditionIndex { entries }, docs)
        })
        .collect()
}

fn section_title<'t>(tree: &'t ContentTree, doc: &Document) -> &'t str {
    match doc.parent {
        Some(parent) if parent != crate::content::HOME => &tree.docs[parent].title,
        _ => "",
    }
}

/// One page's entry, from its body's text.
fn entry(tree: &ContentTree, body: &text::Body, id: usize, made_of: u64, key: u128) -> Entry {
    let doc = &tree.docs[id];
    let with_record;
    let body = match &doc.record {
        Some(record) => {
            let mut strings = Vec::new();
            record_text(record, &mut strings);
            with_record = body.with_part(&strings.join(" "));
            &with_record
        }
        None => body,
    };
    Entry::new(
        &PageFields {
            url: &doc.url,
            title: &doc.title,
            section: section_title(tree, doc),
            description: doc.meta.description.as_deref().unwrap_or(""),
            body,
        },
        made_of,
        key,
    )
}

/// The text of a data record: its strings that are not addresses.
fn record_text<'v>(value: &'v serde_json::Value, out: &mut Vec<&'v str>) {
    match value {
        serde_json::Value::String(s) if !s.contains("://") && !s.starts_with('/') => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| record_text(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| record_text(v, out)),
        _ => {}
    }
}

/// The synonym groups in lower case, for the reader's script.
fn synonyms(groups: &[Vec<String>]) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| g.iter().map(|s| text::squeeze(&s.to_lowercase())).collect())
        .collect()
}

/// For each page of an earlier edition, its page number in the current
/// edition's index (the page at the same address), or -1.
fn same_pages(
    docs: &[usize],
    tree: &ContentTree,
    current: &ContentTree,
    current_docs: &[usize],
) -> Vec<i64> {
    let number: HashMap<usize, i64> = current_docs
        .iter()
        .enumerate()
        .map(|(n, &id)| (id, i64::try_from(n).unwrap_or(-1)))
        .collect();
    docs.iter()
        .map(|&id| {
            current
                .by_url(&tree.docs[id].url)
                .and_then(|c| number.get(&c).copied())
                .unwrap_or(-1)
        })
        .collect()
}

/// An entry of the A to Z list.
#[derive(Serialize)]
struct AzPage<'a> {
    title: &'a str,
    url: String,
    section: &'a str,
}

/// A letter of the A to Z list.
#[derive(Serialize)]
struct Letter<'a> {
    letter: String,
    id: String,
    pages: Vec<AzPage<'a>>,
}

/// An edition the search page can search.
#[derive(Serialize)]
struct SearchEdition<'a> {
    id: &'a str,
    label: &'a str,
    /// Where its index is (`/2013/search/`).
    index: String,
    current: bool,
    this: bool,
}

/// One edition's search page.
fn render_page(
    cx: &Render<'_>,
    builder: &ContextBuilder<'_>,
    sink: &dyn Sink,
) -> Result<(), Error> {
    let site = cx.site;
    let tree = builder.tree;
    let mut pages: Vec<AzPage<'_>> = (0..tree.docs.len())
        .filter(|&id| searchable(&tree.docs[id]))
        .map(|id| {
            let doc = &tree.docs[id];
            AzPage {
                title: &doc.title,
                url: format!("{}{}", builder.base_path, doc.url),
                section: section_title(tree, doc),
            }
        })
        .collect();
    pages.sort_by_cached_key(|p| (p.title.to_lowercase(), p.url.clone()));
    let mut letters: Vec<Letter<'_>> = Vec::new();
    for page in pages {
        let first = page
            .title
            .chars()
            .find(|c| c.is_alphanumeric())
            .map_or('#', |c| c.to_uppercase().next().unwrap_or(c));
        let letter = if first.is_ascii_digit() {
            "0-9".to_string()
        } else {
            first.to_string()
        };
        match letters.last_mut() {
            Some(last) if last.letter == letter => last.pages.push(page),
            _ => letters.push(Letter {
                id: format!("letter-{}", letter.to_lowercase()),
                letter,
                pages: vec![page],
            }),
        }
    }
    let views = &builder.editions.views;
    let editions: Vec<SearchEdition<'_>> = (0..views.len())
        .rev()
        .filter_map(|v| {
            let info = views[v].info?;
            Some(SearchEdition {
                id: &info.id,
                label: &info.label,
                index: format!("{}{SEARCH}", builder.editions.base_path(v)),
                current: views[v].current,
                this: v == builder.view,
            })
        })
        .collect();
    let title = "Search";
    let description = format!(
        "Search {}, or find any page in the A to Z list.",
        site.config.title
    );
    let page = builder.generated(title, &description, SEARCH);
    let url = format!("{}{SEARCH}", builder.base_path);
    let html = site
        .templates
        .render_special(
            "search.html",
            &cx.globals[builder.view],
            &url,
            &[
                ("page", tera::Value::from_serializable(&page)),
                ("letters", tera::Value::from_serializable(&letters)),
                ("search_editions", tera::Value::from_serializable(&editions)),
                ("search_index", tera::Value::from(url.as_str())),
                (
                    "editions",
                    tera::Value::from_serializable(&builder.switcher_generated(false)),
                ),
            ],
        )
        .map_err(|d: Diagnostic| Error::Content(vec![d]))?;
    sink.put(
        &format!("{}{SEARCH}index.html", builder.prefix()),
        html.into_bytes(),
    )?;
    Ok(())
}

mod files;
#[cfg(test)]
mod tests;
