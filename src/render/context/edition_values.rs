//! The values that link editions together: `edition`, `editions` (the
//! switcher: this page in every edition), `current_edition`,
//! `page.canonical`, `page.changes` and the "what changed" page's
//! `changes`.

use serde::Serialize;

use super::{ContextBuilder, DateValue, Link};
use crate::config::EditionInfo;
use crate::content::{DocId, HOME};
use crate::editions::compare::{Change, Compared};
use crate::editions::{self, Match, View};

/// An edition named in another value: `{id, label}`.
#[derive(Debug, Serialize)]
pub struct EditionRef<'a> {
    id: &'a str,
    label: &'a str,
}

/// `page.changes`: what changed since the previous edition.
#[derive(Debug, Serialize)]
pub struct ChangesValue<'a> {
    since: EditionRef<'a>,
    new: bool,
    old_url: Option<String>,
    html: Option<&'a str>,
    added: usize,
    removed: usize,
}

/// `edition`: the edition of the page being rendered.
#[derive(Debug, Serialize)]
pub struct EditionValue<'a> {
    id: &'a str,
    label: &'a str,
    published: DateValue,
    current: bool,
    home: String,
    what_changed: Option<String>,
    previous: Option<EditionRef<'a>>,
}

/// An entry of `editions`: this page in one edition.
#[derive(Debug, Serialize)]
pub struct EditionEntry<'a> {
    id: &'a str,
    label: &'a str,
    published: &'a DateValue,
    /// True for the current edition.
    pub current: bool,
    this: bool,
    url: String,
    title: &'a str,
    #[serde(rename = "match")]
    found: &'static str,
}

/// Every edition of the site, for the values that link editions together.
#[derive(Debug)]
pub struct Editions<'a> {
    /// Oldest first, the current one last.
    pub views: Vec<View<'a>>,
    /// How they relate.
    pub compared: &'a Compared,
    /// The site's base path (`/`), before any edition's id.
    pub site_base: &'a str,
    /// Each view's base path, made once: every page's switcher uses them all.
    bases: Vec<String>,
    /// Each view's publication date, formatted once (`None` without editions).
    published: Vec<Option<DateValue>>,
}

impl<'a> Editions<'a> {
    /// The editions of `views`, oldest first.
    /// Dates are in the words of the language `config` renders.
    pub fn new(
        views: Vec<View<'a>>,
        compared: &'a Compared,
        site_base: &'a str,
        config: &crate::config::Config,
    ) -> Self {
        let bases = views
            .iter()
            .map(|v| format!("{site_base}{}", v.prefix()))
            .collect();
        let published = views
            .iter()
            .map(|v| v.info.map(|i| DateValue::of(config, i.published)))
            .collect();
        Editions {
            views,
            compared,
            site_base,
            bases,
            published,
        }
    }

    /// `/` for the current edition, `/2013/` for an earlier one.
    pub fn base_path(&self, view: usize) -> &str {
        &self.bases[view]
    }

    /// True when edition `view` has a "what changed" page.
    pub fn has_what_changed(&self, view: usize) -> bool {
        view > 0 && self.views[view].info.is_some()
    }
}

/// `changes` on a "what changed" page.
#[derive(Debug, Serialize)]
pub struct WhatChanged<'a> {
    edition: EditionRef<'a>,
    since: SinceValue<'a>,
    added: Vec<Link>,
    removed: Vec<Link>,
    changed: Vec<ChangedPage<'a>>,
    unchanged: usize,
}

/// The previous edition on a "what changed" page.
#[derive(Debug, Serialize)]
pub struct SinceValue<'a> {
    id: &'a str,
    label: &'a str,
    home: String,
}

/// A changed page on a "what changed" page.
#[derive(Debug, Serialize)]
pub struct ChangedPage<'a> {
    title: &'a str,
    url: String,
    old_url: String,
    added: usize,
    removed: usize,
}

impl<'a> ContextBuilder<'a> {
    fn info(&self, view: usize) -> Option<&'a EditionInfo> {
        self.editions.views[view].info
    }

    /// True when the page at `url` is about the site, not one edition's
    /// guidance (`[edition] unversioned`): no comparison shows it.
    fn unversioned(&self, url: &str) -> bool {
        self.config
            .edition
            .as_ref()
            .is_some_and(|current| current.is_unversioned(url))
    }

    /// `edition`: `None` on a site without editions.
    pub fn edition(&self) -> Option<EditionValue<'a>> {
        let info = self.info(self.view)?;
        let previous = self
            .view
            .checked_sub(1)
            .and_then(|p| self.info(p))
            .map(|p| EditionRef {
                id: &p.id,
                label: &p.label,
            });
        Some(EditionValue {
            id: &info.id,
            label: &info.label,
            published: DateValue::of(self.config, info.published),
            current: self.editions.views[self.view].current,
            home: self.base_path.to_string(),
            what_changed: self
                .editions
                .has_what_changed(self.view)
                .then(|| format!("{}{}", self.base_path, editions::WHAT_CHANGED)),
            previous,
        })
    }

    fn entry(
        &self,
        view: usize,
        url: String,
        title: &'a str,
        found: &'static str,
    ) -> Option<EditionEntry<'a>> {
        let info = self.info(view)?;
        let editions: &'a Editions<'a> = self.editions;
        Some(EditionEntry {
            id: &info.id,
            label: &info.label,
            published: editions.published[view].as_ref()?,
            current: self.editions.views[view].current,
            this: view == self.view,
            url,
            title,
            found,
        })
    }

    /// `editions` for document `id`: where this page is in every edition,
    /// newest first.
    pub fn switcher(&self, id: DocId) -> Vec<EditionEntry<'a>> {
        let doc = &self.tree.docs[id];
        let views = &self.editions.views;
        (0..views.len())
            .rev()
            .filter_map(|v| {
                let (target, found) = if v == self.view {
                    (id, Match::Same)
                } else {
                    editions::counterpart(doc, views[v].tree, &self.editions.compared.aliases[v])
                };
                let target_doc = &views[v].tree.docs[target];
                let url = format!("{}{}", self.editions.base_path(v), target_doc.url);
                self.entry(v, url, &target_doc.title, found.as_str())
            })
            .collect()
    }

    /// `editions` for a generated page: each edition's page of the same
    /// kind when it has one (`what_changed`), else its home page.
    pub fn switcher_generated(&self, what_changed: bool) -> Vec<EditionEntry<'a>> {
        let views = &self.editions.views;
        (0..views.len())
            .rev()
            .filter_map(|v| {
                let home = self.editions.base_path(v);
                let title = &views[v].tree.docs[HOME].title;
                if what_changed && self.editions.has_what_changed(v) {
                    self.entry(
                        v,
                        format!("{home}{}", editions::WHAT_CHANGED),
                        "What changed",
                        "page",
                    )
                } else {
                    self.entry(v, home.to_string(), title, "ancestor")
                }
            })
            .collect()
    }

    /// The canonical URL of document `id`: the current edition's page when
    /// this older one says effectively the same, else its own.
    pub(super) fn canonical(&self, id: DocId) -> String {
        let compared = &self.editions.compared;
        let same = compared
            .same_as_current
            .get(self.view)
            .and_then(|v| v.get(id).copied().flatten());
        match same {
            Some(current) => {
                let last = self.editions.views.len() - 1;
                self.config
                    .permalink(&self.editions.views[last].tree.docs[current].url)
            }
            None => self.permalink(&self.tree.docs[id]),
        }
    }

    pub(super) fn changes(&self, id: DocId) -> Option<ChangesValue<'a>> {
        if self.unversioned(&self.tree.docs[id].url) {
            return None;
        }
        let change = self
            .editions
            .compared
            .changes
            .get(self.view)?
            .get(id)?
            .as_ref()?;
        let previous = self.view.checked_sub(1)?;
        let since = self.info(previous)?;
        let since = EditionRef {
            id: &since.id,
            label: &since.label,
        };
        Some(match change {
            Change::New => ChangesValue {
                since,
                new: true,
                old_url: None,
                html: None,
                added: 0,
                removed: 0,
            },
            Change::Changed {
                old,
                html,
                added,
                removed,
            } => ChangesValue {
                since,
                new: false,
                old_url: Some(format!(
                    "{}{}",
                    self.editions.base_path(previous),
                    self.editions.views[previous].tree.docs[*old].url
                )),
                html: Some(html),
                added: *added,
                removed: *removed,
            },
        })
    }

    /// `changes` on edition `view`'s "what changed" page.
    pub fn what_changed(&self) -> Option<WhatChanged<'a>> {
        let previous = self.view.checked_sub(1)?;
        let (info, since) = (self.info(self.view)?, self.info(previous)?);
        let old = &self.editions.views[previous];
        let old_base = self.editions.base_path(previous);
        let compared = &self.editions.compared;
        let mut added = Vec::new();
        let mut changed = Vec::new();
        let mut unchanged = 0;
        for (id, change) in compared.changes[self.view].iter().enumerate() {
            if self.unversioned(&self.tree.docs[id].url) {
                continue;
            }
            match change {
                None => unchanged += 1,
                Some(Change::New) => added.push(self.link(id)),
                Some(Change::Changed {
                    old: old_id,
                    added: words_added,
                    removed: words_removed,
                    ..
                }) => changed.push(ChangedPage {
                    title: &self.tree.docs[id].title,
                    url: self.url(&self.tree.docs[id]),
                    old_url: format!("{old_base}{}", old.tree.docs[*old_id].url),
                    added: *words_added,
                    removed: *words_removed,
                }),
            }
        }
        let removed = compared.removed[self.view]
            .iter()
            .filter(|&&id| !self.unversioned(&old.tree.docs[id].url))
            .map(|&id| Link {
                title: old.tree.docs[id].title.clone(),
                url: format!("{old_base}{}", old.tree.docs[id].url),
            })
            .collect();
        Some(WhatChanged {
            edition: EditionRef {
                id: &info.id,
                label: &info.label,
            },
            since: SinceValue {
                id: &since.id,
                label: &since.label,
                home: old_base.to_string(),
            },
            added,
            removed,
            changed,
            unchanged,
        })
    }
}
