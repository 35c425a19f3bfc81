//! Comparing editions: which pages are new, changed or gone since the
//! previous edition, and which older pages still say what the current
//! edition says (their canonical link then points at the current page).
//!
//! Pages are compared by what a reader sees: the title, the text of the
//! Markdown without its markup, and a generated page's record. Unchanged
//! sources are recognised without parsing them again.

use std::collections::HashMap;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::{View, alias_index, counterpart, diff};
use crate::config::MarkdownOptions;
use crate::content::date::Date;
use crate::content::{DocId, Document};
use crate::markdown::plain_text;

/// What changed in a page since the previous edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The page is not in the previous edition.
    New,
    /// Its text differs from the previous edition's page.
    Changed {
        /// That page, in the previous edition.
        old: DocId,
        /// The changes, word by word, as HTML (`diff::to_html`).
        html: String,
        /// Words added.
        added: usize,
        /// Words removed.
        removed: usize,
    },
}

/// How the editions of a site relate; every vector is indexed like the
/// views it was made from (oldest first, current last), then by document.
#[derive(Debug, Clone, Default)]
pub struct Compared {
    /// Each edition's `aliases`, by address.
    pub aliases: Vec<HashMap<String, DocId>>,
    /// What changed since the previous edition (`None`: effectively the
    /// same, or no previous edition).
    pub changes: Vec<Vec<Option<Change>>>,
    /// Pages of the previous edition that are not in this one.
    pub removed: Vec<Vec<DocId>>,
    /// For earlier editions: the current page that says effectively the same.
    pub same_as_current: Vec<Vec<Option<DocId>>>,
    /// What a screen reader hears around the changes, in the site's language.
    labels: diff::Labels,
}

impl Compared {
    /// Compares every edition with the one before it and with the current one.
    pub fn new(views: &[View<'_>], options: &MarkdownOptions, labels: diff::Labels) -> Compared {
        let aliases: Vec<_> = views.iter().map(|v| alias_index(v.tree)).collect();
        let with = Comparer {
            views,
            aliases: &aliases,
            texts: Texts::new(views, options, &labels),
        };
        let last = views.len().saturating_sub(1);
        let mut compared = Compared::default();
        for (i, view) in views.iter().enumerate() {
            let ids = 0..view.tree.docs.len();
            compared.changes.push(match i {
                0 => Vec::new(),
                _ => ids
                    .clone()
                    .into_par_iter()
                    .map(|id| with.change(i, id))
                    .collect(),
            });
            compared.removed.push(match i.checked_sub(1) {
                Some(p) => views[p]
                    .tree
                    .docs
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| !counterpart(d, view.tree, &aliases[i]).1.is_page())
                    .map(|(id, _)| id)
                    .collect(),
                None => Vec::new(),
            });
            compared.same_as_current.push(if i < last {
                ids.into_par_iter()
                    .map(|id| with.same_as_current(i, id))
                    .collect()
            } else {
                Vec::new()
            });
        }
        compared.aliases = aliases;
        compared.labels = labels.clone();
        compared
    }

    /// Pages of earlier editions that are, in the current edition, one of
    /// `current` (sorted): their canonical link depends on its text.
    pub fn older_pages_of(&self, views: &[View<'_>], current: &[DocId]) -> Vec<(usize, DocId)> {
        let last = views.len().saturating_sub(1);
        views[..last]
            .iter()
            .enumerate()
            .flat_map(|(v, view)| {
                view.tree
                    .docs
                    .iter()
                    .enumerate()
                    .filter_map(move |(id, doc)| {
                        let (target, found) =
                            counterpart(doc, views[last].tree, &self.aliases[last]);
                        (found.is_page() && current.binary_search(&target).is_ok())
                            .then_some((v, id))
                    })
            })
            .collect()
    }

    /// Compares again only what depends on the text of the current
    /// edition's documents `edited` (sorted), whose place in the site did
    /// not change: their own changes, and the older pages that are them.
    pub fn refresh(&mut self, views: &[View<'_>], options: &MarkdownOptions, edited: &[DocId]) {
        let last = views.len().saturating_sub(1);
        if last == 0 {
            return;
        }
        let older = self.older_pages_of(views, edited);
        let aliases = std::mem::take(&mut self.aliases);
        let labels = self.labels.clone();
        let with = Comparer {
            views,
            aliases: &aliases,
            texts: Texts::new(views, options, &labels),
        };
        for &id in edited {
            self.changes[last][id] = with.change(last, id);
        }
        for (v, id) in older {
            self.same_as_current[v][id] = with.same_as_current(v, id);
        }
        self.aliases = aliases;
    }
}

/// What one comparison of editions needs: the editions, their aliases,
/// and the texts made so far.
struct Comparer<'a> {
    views: &'a [View<'a>],
    aliases: &'a [HashMap<String, DocId>],
    texts: Texts<'a>,
}

impl Comparer<'_> {
    /// What changed in document `id` of edition `i` (not the first) since
    /// the edition before it.
    fn change(&self, i: usize, id: DocId) -> Option<Change> {
        let p = i - 1;
        let (old, found) = counterpart(
            &self.views[i].tree.docs[id],
            self.views[p].tree,
            &self.aliases[p],
        );
        if found.is_page() {
            self.texts.change((p, old), (i, id))
        } else {
            Some(Change::New)
        }
    }

    /// The current edition's document that document `id` of earlier
    /// edition `i` says effectively the same as.
    fn same_as_current(&self, i: usize, id: DocId) -> Option<DocId> {
        let last = self.views.len() - 1;
        let (current, found) = counterpart(
            &self.views[i].tree.docs[id],
            self.views[last].tree,
            &self.aliases[last],
        );
        (found.is_page() && self.texts.same((i, id), (last, current))).then_some(current)
    }
}

/// The text of every document, made when a comparison first needs it:
/// each is needed by up to two comparisons (with the previous edition and
/// with the current one) and most never, as their sources are the same.
struct Texts<'v> {
    views: &'v [View<'v>],
    options: &'v MarkdownOptions,
    labels: &'v diff::Labels,
    made: Vec<Vec<OnceLock<String>>>,
}

impl<'v> Texts<'v> {
    fn new(views: &'v [View<'v>], options: &'v MarkdownOptions, labels: &'v diff::Labels) -> Self {
        let made = views
            .iter()
            .map(|v| (0..v.tree.docs.len()).map(|_| OnceLock::new()).collect())
            .collect();
        Texts {
            views,
            options,
            labels,
            made,
        }
    }

    fn doc(&self, (v, id): (usize, DocId)) -> &Document {
        &self.views[v].tree.docs[id]
    }

    fn text(&self, at: (usize, DocId)) -> &str {
        // An unchanged file says what it says in the next newer edition.
        if let Some(newer) = self.same_in_newer(at) {
            return self.text(newer);
        }
        self.made[at.0][at.1].get_or_init(|| text(self.doc(at), self.options))
    }

    /// The same file, with the same source, in the next newer edition.
    fn same_in_newer(&self, (v, id): (usize, DocId)) -> Option<(usize, DocId)> {
        let doc = self.doc((v, id));
        let newer = self.views.get(v + 1)?.tree;
        let same = newer.by_rel(&doc.rel)?;
        same_source(doc, &newer.docs[same]).then_some((v + 1, same))
    }

    /// True when two pages say effectively the same.
    fn same(&self, a: (usize, DocId), b: (usize, DocId)) -> bool {
        same_source(self.doc(a), self.doc(b)) || diff::effectively_same(self.text(a), self.text(b))
    }

    /// What changed from page `old` to page `new`, if anything.
    fn change(&self, old: (usize, DocId), new: (usize, DocId)) -> Option<Change> {
        if self.same(old, new) {
            return None;
        }
        let pieces = diff::words(self.text(old), self.text(new));
        let count = |added: bool| {
            pieces
                .iter()
                .map(|p| match (p, added) {
                    (diff::Piece::Added(t), true) | (diff::Piece::Removed(t), false) => {
                        t.split_whitespace().count()
                    }
                    _ => 0,
                })
                .sum()
        };
        Some(Change::Changed {
            old: old.1,
            html: diff::to_html(&pieces, self.labels),
            added: count(true),
            removed: count(false),
        })
    }
}

/// The same title, Markdown and record: no need to look closer.
fn same_source(a: &Document, b: &Document) -> bool {
    a.title == b.title && a.same_body(b) && a.record == b.record
}

/// What a reader sees of a page, as text: its title, its words, and the
/// values of the record it was generated from.
pub fn text(doc: &Document, options: &MarkdownOptions) -> String {
    let mut text = format!("{}\n\n{}", doc.title, plain_text(doc.body(), options));
    // What a reader reads of a record: not its id, addresses, or dates
    // (review dates are about the page, not what it says).
    if let Some(serde_json::Value::Object(record)) = &doc.record {
        for (_, value) in record.iter().filter(|(key, value)| {
            let is_machine_text = value.as_str().is_some_and(|v| {
                crate::content::records::is_web_address(v) || Date::parse(v).is_some()
            });
            key.as_str() != "id" && !key.ends_with("url") && !is_machine_text
        }) {
            push_values(value, &mut text);
        }
    }
    text
}

fn push_values(value: &serde_json::Value, text: &mut String) {
    match value {
        serde_json::Value::String(s) => {
            text.push_str("\n\n");
            text.push_str(s);
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| push_values(v, text)),
        serde_json::Value::Object(map) => map.values().for_each(|v| push_values(v, text)),
        serde_json::Value::Number(n) => {
            text.push_str("\n\n");
            text.push_str(&n.to_string());
        }
        serde_json::Value::Bool(_) | serde_json::Value::Null => {}
    }
}
