//! What each template sees: the values documented in `docs/templates.md`,
//! built from the content tree and the rendered Markdown.
//!
//! Values shared by every page (site, nav, data) are converted once per build
//! and cloned cheaply (Tera values are reference-counted).

use serde::Serialize;

mod edition_values;
pub mod languages;

pub use edition_values::{
    ChangedPage, ChangesValue, EditionEntry, EditionRef, EditionValue, Editions, SinceValue,
    WhatChanged,
};

use crate::config::Config;
use crate::content::date::Date;
use crate::content::{ContentTree, DocId, Document, HOME, Kind};
use crate::markdown::headings::TocEntry;
use crate::markdown::{Rendered, with_base};

/// A date as templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct DateValue {
    iso: String,
    text: String,
}

impl DateValue {
    /// The date in the words of the language `config` renders.
    fn of(config: &Config, d: Date) -> DateValue {
        DateValue {
            iso: d.iso(),
            text: if config.translation.is_some() {
                d.text_in(&config.code())
            } else {
                d.text()
            },
        }
    }
}

fn date(config: &Config, d: Option<Date>) -> Option<DateValue> {
    d.map(|d| DateValue::of(config, d))
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
    /// When the review was due, on an overdue page of the current
    /// edition (none with `[review] notice = false`).
    review_overdue: Option<DateValue>,
    /// Who reviews the page: its own `owner`, else `[review] owner`.
    owner: Option<&'a str>,
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
    /// The absolute URL of the image shared for the page (its card, or
    /// its own `social_image`), and what it shows.
    social_image: Option<String>,
    social_image_alt: Option<String>,
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
    /// Every page's language versions, on a site with `[languages]`.
    pub languages: Option<&'a languages::Versions>,
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
            date: date(self.config, doc.meta.date),
            weight: doc.meta.weight.unwrap_or(0),
            extra: &doc.meta.extra,
            last_reviewed: date(self.config, doc.meta.last_reviewed),
            next_review: date(self.config, self.next_review(doc)),
            record: doc.record.as_ref(),
        }
    }

    /// When the document is next due for review: its `next_review`, else
    /// `last_reviewed` plus `[review] interval`.
    fn next_review(&self, doc: &Document) -> Option<Date> {
        self.config
            .review
            .next_review(doc.meta.last_reviewed, doc.meta.next_review)
    }

    /// The date an overdue document of the current edition was due, when
    /// readers are told (`[review] notice`); earlier editions are frozen.
    fn review_overdue(&self, doc: &Document) -> Option<Date> {
        if !self.config.review.notice || !self.prefix().is_empty() {
            return None;
        }
        self.next_review(doc).filter(|&due| due < Date::today())
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
            date: date(self.config, doc.meta.date),
            updated: date(self.config, doc.meta.updated),
            last_reviewed: date(self.config, doc.meta.last_reviewed),
            next_review: date(self.config, self.next_review(doc)),
            review_overdue: date(self.config, self.review_overdue(doc)),
            owner: doc
                .meta
                .owner
                .as_deref()
                .or(self.config.review.owner.as_deref()),
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
            social_image_alt: self.social_image(doc).map(|_| {
                crate::cards::alt(
                    &doc.title,
                    &self.config.title,
                    self.config
                        .brand
                        .name
                        .as_deref()
                        .unwrap_or(crate::brand::DEFAULT_NAME),
                )
            }),
            social_image: self.social_image(doc),
        }
    }

    /// The absolute URL of the image shared for a document: its own
    /// `social_image` (a web address, or a static file), else its card.
    fn social_image(&self, doc: &Document) -> Option<String> {
        match &doc.meta.social_image {
            Some(own) if own.starts_with("https://") || own.starts_with("http://") => {
                Some(own.clone())
            }
            Some(own) => Some(self.config.permalink(own.trim_start_matches('/'))),
            None if self.config.social_cards.enabled => Some(
                self.config
                    .permalink(&crate::cards::path(self.prefix(), &doc.url)),
            ),
            None => None,
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
            review_overdue: None,
            owner: None,
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
            social_image: None,
            social_image_alt: None,
        }
    }

    /// The navigation tree: the home section's children, in order.
    pub fn nav(&self) -> Vec<NavItem> {
        self.children(HOME)
    }

    /// Every document in navigation order, depth first from the home page,
    /// with its depth (0 for home): the order of the print page.
    pub fn nav_order(&self) -> Vec<(DocId, usize)> {
        fn walk(b: &ContextBuilder<'_>, id: DocId, depth: usize, out: &mut Vec<(DocId, usize)>) {
            out.push((id, depth));
            for child in b.ordered_children(id) {
                walk(b, child, depth + 1, out);
            }
        }
        let mut out = Vec::with_capacity(self.tree.docs.len());
        if !self.tree.docs.is_empty() {
            walk(self, HOME, 0, &mut out);
        }
        out
    }

    /// A section's subsections and pages in navigation order.
    fn ordered_children(&self, id: DocId) -> Vec<DocId> {
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
        ids
    }

    fn children(&self, id: DocId) -> Vec<NavItem> {
        let ids = self.ordered_children(id);
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
    preview: bool,
    accessibility: Option<AccessibilityContext<'a>>,
    /// True when the site has search (`[search] enabled`).
    search: bool,
}

/// `site.accessibility`: the `[accessibility]` table, and its contact as a
/// link target.
#[derive(Debug, Serialize)]
struct AccessibilityContext<'a> {
    #[serde(flatten)]
    facts: &'a crate::config::accessibility::Accessibility,
    contact_href: String,
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
            preview: config.preview,
            accessibility: config
                .accessibility
                .as_ref()
                .map(|facts| AccessibilityContext {
                    contact_href: facts.contact_href(),
                    facts,
                }),
            search: config.search.enabled,
        }
    }
}
