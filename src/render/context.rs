//! What each template sees: the values documented in `docs/templates.md`,
//! built from the content tree and the rendered Markdown.
//!
//! Values shared by every page (site, nav, data) are converted once per build
//! and cloned cheaply (Tera values are reference-counted).

use serde::Serialize;

use crate::config::{Config, EditionInfo};
use crate::content::date::Date;
use crate::content::{ContentTree, DocId, Document, HOME, Kind};
use crate::editions::compare::{Change, Compared};
use crate::editions::{self, Match, View};
use crate::markdown::headings::TocEntry;
use crate::markdown::{Rendered, with_base};

/// A date as templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct DateValue {
    iso: String,
    text: String,
}

impl DateValue {
    fn of(d: Date) -> DateValue {
        DateValue {
            iso: d.iso(),
            text: d.text(),
        }
    }
}

fn date(d: Option<Date>) -> Option<DateValue> {
    d.map(DateValue::of)
}

/// A link to another document.
#[derive(Debug, Serialize)]
pub struct Link {
    title: String,
    url: String,
}

/// A page or section in a listing.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    title: &'a str,
    url: String,
    description: &'a str,
    summary: Option<String>,
    date: Option<DateValue>,
    weight: i64,
    extra: &'a serde_json::Value,
    last_reviewed: Option<DateValue>,
    next_review: Option<DateValue>,
    record: Option<&'a serde_json::Value>,
}

/// `page` or `section` in a template.
#[derive(Debug, Serialize)]
pub struct DocContext<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    path: &'a str,
    content: String,
    summary: Option<String>,
    toc: &'a [TocEntry],
    word_count: usize,
    reading_minutes: usize,
    date: Option<DateValue>,
    updated: Option<DateValue>,
    last_reviewed: Option<DateValue>,
    next_review: Option<DateValue>,
    weight: i64,
    extra: &'a serde_json::Value,
    breadcrumbs: Vec<Link>,
    parent: Option<Link>,
    previous: Option<Link>,
    next: Option<Link>,
    record: Option<&'a serde_json::Value>,
    pages: Vec<Summary<'a>>,
    subsections: Vec<Summary<'a>>,
    guide: bool,
    pages_from: Option<&'a str>,
    canonical: String,
    changes: Option<ChangesValue<'a>>,
}

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
    pub fn new(views: Vec<View<'a>>, compared: &'a Compared, site_base: &'a str) -> Self {
        let bases = views
            .iter()
            .map(|v| format!("{site_base}{}", v.prefix()))
            .collect();
        let published = views
            .iter()
            .map(|v| v.info.map(|i| DateValue::of(i.published)))
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

/// An entry of the navigation tree.
#[derive(Debug, Serialize)]
pub struct NavItem {
    title: String,
    url: String,
    kind: &'static str,
    children: Vec<NavItem>,
}

/// Builds template values for one content tree.
#[derive(Debug)]
pub struct ContextBuilder<'a> {
    /// The content tree.
    pub tree: &'a ContentTree,
    /// Rendered Markdown, indexed like `tree.docs`.
    pub rendered: &'a [Rendered],
    /// Site configuration.
    pub config: &'a Config,
    /// The base path of this edition's pages: `/` or `/socialmedia/`, or
    /// `/2013/` for an earlier edition.
    pub base_path: &'a str,
    /// Every edition of the site.
    pub editions: &'a Editions<'a>,
    /// Which of `editions.views` this tree is.
    pub view: usize,
}

impl<'a> ContextBuilder<'a> {
    fn url(&self, doc: &Document) -> String {
        format!("{}{}", self.base_path, doc.url)
    }

    /// What this edition's addresses start with after the site's base
    /// path: `""` for the current edition, `"2013/"` for an earlier one
    /// (`View::prefix`, without making it again).
    pub fn prefix(&self) -> &str {
        &self.base_path[self.editions.site_base.len()..]
    }

    /// The absolute URL of a document.
    pub fn permalink(&self, doc: &Document) -> String {
        self.config
            .permalink(&format!("{}{}", self.prefix(), doc.url))
    }

    fn info(&self, view: usize) -> Option<&'a EditionInfo> {
        self.editions.views[view].info
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
            published: DateValue::of(info.published),
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
    fn canonical(&self, id: DocId) -> String {
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

    fn changes(&self, id: DocId) -> Option<ChangesValue<'a>> {
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

    fn link(&self, id: DocId) -> Link {
        let doc = &self.tree.docs[id];
        Link {
            title: doc.title.clone(),
            url: self.url(doc),
        }
    }

    fn summary(&self, id: DocId) -> Summary<'a> {
        let doc = &self.tree.docs[id];
        Summary {
            title: &doc.title,
            url: self.url(doc),
            description: doc.meta.description.as_deref().unwrap_or(""),
            summary: self.rendered[id]
                .summary
                .as_deref()
                .map(|h| with_base(h, self.base_path)),
            date: date(doc.meta.date),
            weight: doc.meta.weight.unwrap_or(0),
            extra: &doc.meta.extra,
            last_reviewed: date(doc.meta.last_reviewed),
            next_review: date(doc.meta.next_review),
            record: doc.record.as_ref(),
        }
    }

    /// The reading order a document belongs to: its section's pages, led by
    /// the section itself when the section is a guide.
    fn neighbours(&self, id: DocId) -> (Option<Link>, Option<Link>) {
        let doc = &self.tree.docs[id];
        let (section, in_sequence) = match doc.kind {
            Kind::Section if doc.meta.guide => (id, true),
            Kind::Section => return (None, None),
            Kind::Page => match doc.parent {
                Some(parent) => (parent, true),
                None => return (None, None),
            },
        };
        if !in_sequence {
            return (None, None);
        }
        let section_doc = &self.tree.docs[section];
        let mut sequence = Vec::with_capacity(section_doc.pages.len() + 1);
        if section_doc.meta.guide {
            sequence.push(section);
        }
        sequence.extend_from_slice(&section_doc.pages);
        let Some(position) = sequence.iter().position(|&d| d == id) else {
            return (None, None);
        };
        let previous = position.checked_sub(1).map(|p| self.link(sequence[p]));
        let next = sequence.get(position + 1).map(|&n| self.link(n));
        (previous, next)
    }

    /// `page`/`section` for the template of document `id`.
    pub fn document(&self, id: DocId) -> DocContext<'a> {
        let doc = &self.tree.docs[id];
        let rendered = &self.rendered[id];
        let (previous, next) = self.neighbours(id);
        DocContext {
            title: &doc.title,
            description: doc.meta.description.as_deref().unwrap_or(""),
            url: self.url(doc),
            permalink: self.permalink(doc),
            path: &doc.rel,
            content: with_base(&rendered.html, self.base_path),
            summary: rendered
                .summary
                .as_deref()
                .map(|h| with_base(h, self.base_path)),
            toc: &rendered.toc,
            word_count: rendered.word_count,
            reading_minutes: rendered.word_count.div_ceil(200).max(1),
            date: date(doc.meta.date),
            updated: date(doc.meta.updated),
            last_reviewed: date(doc.meta.last_reviewed),
            next_review: date(doc.meta.next_review),
            weight: doc.meta.weight.unwrap_or(0),
            extra: &doc.meta.extra,
            breadcrumbs: self
                .tree
                .ancestors(id)
                .into_iter()
                .map(|a| self.link(a))
                .collect(),
            parent: doc.parent.map(|p| self.link(p)),
            previous,
            next,
            record: doc.record.as_ref(),
            pages: doc.pages.iter().map(|&p| self.summary(p)).collect(),
            subsections: doc.subsections.iter().map(|&s| self.summary(s)).collect(),
            guide: doc.meta.guide,
            pages_from: doc.meta.pages_from.as_deref(),
            canonical: self.canonical(id),
            changes: self.changes(id),
        }
    }

    /// `page` for a page canteen makes itself (the "what changed" page):
    /// every key a template may read, most of them empty.
    pub fn generated<'b>(
        &'b self,
        title: &'b str,
        description: &'b str,
        url_path: &str,
    ) -> DocContext<'b>
    where
        'a: 'b,
    {
        let permalink = self
            .config
            .permalink(&format!("{}{url_path}", self.prefix()));
        DocContext {
            title,
            description,
            url: format!("{}{url_path}", self.base_path),
            canonical: permalink.clone(),
            permalink,
            path: "",
            content: String::new(),
            summary: None,
            toc: &[],
            word_count: 0,
            reading_minutes: 0,
            date: None,
            updated: None,
            last_reviewed: None,
            next_review: None,
            weight: 0,
            extra: &serde_json::Value::Null,
            breadcrumbs: vec![self.link(HOME)],
            parent: Some(self.link(HOME)),
            previous: None,
            next: None,
            record: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            guide: false,
            pages_from: None,
            changes: None,
        }
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

    /// The navigation tree: the home section's children, in order.
    pub fn nav(&self) -> Vec<NavItem> {
        self.children(HOME)
    }

    fn children(&self, id: DocId) -> Vec<NavItem> {
        let doc = &self.tree.docs[id];
        let mut ids: Vec<DocId> = doc
            .subsections
            .iter()
            .chain(doc.pages.iter())
            .copied()
            .collect();
        ids.sort_by_key(|&c| {
            let d = &self.tree.docs[c];
            (d.meta.weight.unwrap_or(i64::MAX), d.title.to_lowercase())
        });
        ids.into_iter()
            .map(|c| {
                let child = &self.tree.docs[c];
                NavItem {
                    title: child.title.clone(),
                    url: self.url(child),
                    kind: if child.kind == Kind::Section {
                        "section"
                    } else {
                        "page"
                    },
                    children: if child.kind == Kind::Section {
                        self.children(c)
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect()
    }
}

/// `site` in templates.
#[derive(Debug, Serialize)]
pub struct SiteContext<'a> {
    title: &'a str,
    base_url: &'a str,
    language: &'a str,
    description: &'a str,
    extra: &'a toml::Table,
    edition: Option<&'a crate::config::EditionInfo>,
    brand: crate::brand::BrandContext,
}

impl<'a> SiteContext<'a> {
    /// From the configuration.
    pub fn new(config: &'a Config) -> Self {
        SiteContext {
            title: &config.title,
            base_url: &config.base_url,
            language: &config.language,
            description: &config.description,
            extra: &config.extra,
            edition: config.edition.as_ref(),
            brand: config.brand.context(&config.extra, &config.base_path()),
        }
    }
}
