//! Site search: each edition's index (`search/index.json`, its chunks and
//! page fragments, `index.rs`), made from every page's rendered Markdown
//! (`text.rs`) and its words (`words.rs`), and each edition's search page
//! (`search/`, rendered with `search.html`), which lists every page A to Z
//! without JavaScript and becomes live search with the theme's
//! `js/search.js`.
//!
//! Editions are indexed newest first; an older page whose text, title,
//! description and section are the newer page's shares its entry, as its
//! rendering is shared (`markdown::reuse`). `[search] enabled = false`
//! leaves all of it out.

pub mod index;
pub mod welsh;
pub mod words;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use super::{Extra, Render, Shape};
use crate::content::{ContentTree, Document};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::markdown::text;
use crate::output::Sink;
use crate::output::claims::{Claims, Origin};
use crate::render::context::ContextBuilder;
use crate::site::Site;
use index::{EditionIndex, Entry, PageFields};

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
        let synonyms = synonyms(&site.config.search.synonyms);
        let current = cx.current();
        let current_docs = &indexes[current].1;
        for (v, (index, docs)) in indexes.iter().enumerate() {
            let builder = &cx.builders[v];
            if index.entries.len() >= index::MAX_PAGES {
                return Err(Error::Content(vec![
                    Diagnostic::file(
                        site.paths.root.join(crate::paths::CONFIG_FILE),
                        format!(
                            "an edition has {} pages to search; the search index numbers {} at most",
                            index.entries.len(),
                            index::MAX_PAGES - 1
                        ),
                    )
                    .with_hint("set `enabled = false` under `[search]` in site.toml"),
                ]));
            }
            let same: Option<Vec<i64>> = (v != current)
                .then(|| same_pages(docs, builder.tree, cx.builders[current].tree, current_docs));
            let prefix = format!("{}{SEARCH}", builder.prefix());
            for (path, bytes) in index.files(&site.config.language, &synonyms, same.as_deref()) {
                sink.put(&format!("{prefix}{path}"), bytes)?;
            }
            index
                .entries
                .par_iter()
                .enumerate()
                .try_for_each(|(n, entry)| {
                    sink.put(
                        &format!("{prefix}p/{n}.json"),
                        entry.fragment.as_bytes().to_vec(),
                    )
                })?;
            if site.templates.has("search.html") {
                render_page(cx, builder, sink)?;
            }
        }
        crate::site::timing("search files", started);
        Ok(())
    }
}

/// Whether a document is in the index: not when it says `search = false`.
pub fn searchable(doc: &Document) -> bool {
    doc.meta.searchable()
}

/// Whether the index reads a page's text from its Markdown's events as
/// they are rendered (`Rendered::text`): a page it indexes whose own
/// template draws no text of its own.
pub fn reads_markdown(config: &crate::config::Config, doc: &Document) -> bool {
    config.search.enabled && searchable(doc) && !drawn(doc)
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
/// oldest edition first; made newest first, so an older page can share a
/// newer entry. With `draw`, a page whose own template draws text is
/// indexed from its finished HTML (and never shared: its edition's data
/// may differ).
pub fn indexes(site: &Site, draw: Option<Draw<'_>>) -> Vec<(EditionIndex, Vec<usize>)> {
    let views = site.views();
    let mut made: Vec<(EditionIndex, Vec<usize>)> = Vec::new();
    let mut shared: HashMap<Key, Arc<Entry>> = HashMap::new();
    // The last index's entries (`canteen serve` makes the index again on
    // every change): a page whose entry's inputs are the same keeps it.
    let language = &site.config.language;
    let last = LAST
        .lock()
        .ok()
        .and_then(|mut l| l.as_mut()?.remove(language))
        .unwrap_or_default();
    for v in (0..views.len()).rev() {
        let view = &views[v];
        // A language's index holds its own pages only: a page shown in
        // the default language until it is translated is not in it.
        let translation = site.config.translation.as_deref();
        let docs: Vec<usize> = (0..view.tree.docs.len())
            .filter(|&id| searchable(&view.tree.docs[id]))
            .filter(|&id| {
                translation.is_none_or(|code| {
                    crate::content::language::is_translated(&view.tree.docs[id], code)
                })
            })
            .collect();
        let entries: Vec<(Option<Key>, Arc<Entry>)> = docs
            .par_iter()
            .map(|&id| {
                let finished = draw
                    .filter(|_| drawn(&view.tree.docs[id]))
                    .and_then(|draw| draw(v, id));
                if let Some(html) = finished {
                    let body = text::parts(text::main_of(&html));
                    return (None, Arc::new(entry(view.tree, &body, id)));
                }
                let rendered = &view.rendered[id];
                let key = Key::of(view.tree, rendered.html.clone(), id);
                let entry = match shared.get(&key).or_else(|| last.get(&key)) {
                    Some(entry) => entry.clone(),
                    None => {
                        let body = rendered.text.as_ref().and_then(|t| t.take());
                        let body = body.unwrap_or_else(|| text::parts(&rendered.html));
                        Arc::new(entry(view.tree, &body, id))
                    }
                };
                (Some(key), entry)
            })
            .collect();
        let mut index = EditionIndex {
            entries: Vec::with_capacity(entries.len()),
        };
        for (key, entry) in entries {
            index.entries.push(entry.clone());
            if let Some(key) = key {
                shared.insert(key, entry);
            }
        }
        made.push((index, docs));
    }
    made.reverse();
    if let Ok(mut l) = LAST.lock() {
        l.get_or_insert_with(HashMap::new)
            .insert(language.clone(), shared);
    }
    // Last build's entries no page holds any more: freed off the path the
    // user waits on.
    let _ = std::thread::Builder::new()
        .name("canteen-free".into())
        .spawn(move || drop(last));
    made
}

/// The entries each language's last index was made of, by what made
/// them.
type Made = HashMap<String, HashMap<Key, Arc<Entry>>>;
static LAST: Mutex<Option<Made>> = Mutex::new(None);

/// A page's rendered body, compared by address: the same allocation is
/// the same text (`markdown::reuse` shares it between editions, and a
/// rebuild keeps an unchanged page's). Held, so that the address is
/// never another text's while the key lives.
#[derive(Clone)]
struct Html(Arc<str>);

impl PartialEq for Html {
    fn eq(&self, other: &Html) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Html {}

impl std::hash::Hash for Html {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(Arc::as_ptr(&self.0).cast::<u8>(), state);
    }
}

/// What makes two editions' pages index the same.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    html: Html,
    url: String,
    title: String,
    description: String,
    section: String,
    record: String,
}

impl Key {
    fn of(tree: &ContentTree, html: Arc<str>, id: usize) -> Key {
        let doc = &tree.docs[id];
        Key {
            // The rendered body is shared between editions when its text
            // is the same: the same allocation, compared by address.
            html: Html(html),
            url: doc.url.clone(),
            title: doc.title.clone(),
            description: doc.meta.description.clone().unwrap_or_default(),
            section: section_title(tree, doc).to_string(),
            record: doc
                .record
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        }
    }
}

fn section_title<'t>(tree: &'t ContentTree, doc: &Document) -> &'t str {
    match doc.parent {
        Some(parent) if parent != crate::content::HOME => &tree.docs[parent].title,
        _ => "",
    }
}

/// One page's entry, from its body's text.
fn entry(tree: &ContentTree, body: &text::Body, id: usize) -> Entry {
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
    Entry::new(&PageFields {
        url: &doc.url,
        title: &doc.title,
        section: section_title(tree, doc),
        description: doc.meta.description.as_deref().unwrap_or(""),
        body,
    })
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

#[cfg(test)]
mod tests;
