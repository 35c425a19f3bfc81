//! Each edition's print page (`print/`, `2013/print/`): every document of
//! the edition in navigation order, once, in one HTML page rendered with
//! `print.html` — each page's headings one level down under its title, its
//! ids made unique across the document (`<page id>--<id>`), and links
//! between pages turned into links inside the document. The rewriting is
//! done on the rendered Markdown with lol_html (an HTML rewriter), never by
//! searching the text. An edition of more than `PRINT_MAX_PAGES` pages has
//! none (the template value `print_page` says whether there is one).

use std::collections::{HashMap, HashSet};

use lol_html::{RewriteStrSettings, element, rewrite_str};
use serde::Serialize;

use super::{Extra, Render, Shape};
use crate::content::date::Date;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::markdown::{base_marker, with_base};
use crate::output::Sink;
use crate::output::claims::{Claims, Origin};
use crate::render::context::ContextBuilder;
use crate::render::has_print_page;

/// The print page's address in an edition.
pub const PRINT: &str = "print/";
/// The template that lays it out.
const TEMPLATE: &str = "print.html";

/// Every edition's print page.
pub struct Print;

impl Extra for Print {
    fn claim<'a>(&self, shape: &Shape<'a, '_>, claims: &mut Claims<'a>) {
        for edition in shape.editions {
            if !has_print_page(edition.tree) {
                continue;
            }
            let path = format!("{}{PRINT}index.html", edition.prefix);
            claims.claim(path, Origin::Generated("the print page"), shape.config);
        }
    }

    fn render(&self, cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error> {
        if !cx.site.templates.has(TEMPLATE) {
            // A theme without a print layout (the plain test theme, a
            // site's own theme) has no print page.
            return Ok(());
        }
        for builder in cx.builders {
            if !has_print_page(builder.tree) {
                continue;
            }
            let html = render_one(cx, builder)?;
            sink.put(
                &format!("{}{PRINT}index.html", builder.prefix()),
                html.into_bytes(),
            )?;
        }
        Ok(())
    }
}

/// One page of the print document.
#[derive(Debug, Serialize)]
pub struct PrintedPage {
    /// Its anchor in the document.
    pub id: String,
    /// Its title.
    pub title: String,
    /// 0 for the home page, 1 for its children, and so on.
    pub depth: usize,
    /// Its own address, for readers who want the page on its own.
    pub url: String,
    /// Its Markdown, rewritten for the document.
    pub html: String,
}

/// `print` in `print.html`.
#[derive(Debug, Serialize)]
struct PrintValues {
    pages: Vec<PrintedPage>,
    /// The latest `last_reviewed` of any page (`YYYY-MM-DD`).
    last_reviewed: Option<Date>,
    /// The earliest `next_review` of any page.
    next_review: Option<Date>,
}

fn render_one(cx: &Render<'_>, builder: &ContextBuilder<'_>) -> Result<String, Error> {
    let site = cx.site;
    let pages = printed_pages(builder)?;
    let docs = pages
        .iter()
        .filter_map(|p| builder.tree.by_url(&p.url[builder.base_path.len()..]));
    let (mut last_reviewed, mut next_review) = (None, None);
    for id in docs {
        let meta = &builder.tree.docs[id].meta;
        last_reviewed = last_reviewed.max(meta.last_reviewed);
        if let Some(next) = meta.next_review {
            next_review = Some(next_review.map_or(next, |n: Date| n.min(next)));
        }
    }
    let label = builder.editions.views[builder.view]
        .info
        .map(|i| format!(" ({})", i.label))
        .unwrap_or_default();
    let title = format!("{}{label}: every page", site.config.title);
    let description = format!(
        "Every page of the {}{label} on one page, to print.",
        site.config.title
    );
    let page = builder.generated(&title, &description, PRINT);
    let values = PrintValues {
        pages,
        last_reviewed,
        next_review,
    };
    let url = format!("{}{PRINT}", builder.base_path);
    site.templates
        .render_special(
            TEMPLATE,
            &cx.globals[builder.view],
            &url,
            &[
                ("page", tera::Value::from_serializable(&page)),
                ("print", tera::Value::from_serializable(&values)),
            ],
        )
        .map_err(|d: Diagnostic| Error::Content(vec![d]))
}

/// Every document of an edition in navigation order, rewritten for one
/// document.
pub fn printed_pages(builder: &ContextBuilder<'_>) -> Result<Vec<PrintedPage>, Error> {
    let order = builder.nav_order();
    // Each page's anchor: from its address, made distinct.
    let mut taken = std::collections::HashSet::new();
    let anchors: HashMap<&str, String> = order
        .iter()
        .map(|&(id, _)| {
            let url = builder.tree.docs[id].url.as_str();
            // Letters, digits, `-` and `_` only: an id that reads the same
            // in a `#fragment`, whatever the address holds (`a%3Fb`, `..`).
            let slug: String = url
                .trim_matches('/')
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            let base = if slug.is_empty() {
                "page-home".to_string()
            } else {
                format!("page-{slug}")
            };
            let mut anchor = base.clone();
            let mut n = 2;
            while !taken.insert(anchor.clone()) {
                anchor = format!("{base}-{n}");
                n += 1;
            }
            (url, anchor)
        })
        .collect();
    // Each page's ids, so that a link to an id no page has (a broken
    // `#fragment` a site lets through as a warning) leads to its page.
    let ids: HashMap<&str, HashSet<String>> = order
        .iter()
        .map(|&(id, _)| {
            let found = crate::site::html_links::scan::scan(&builder.rendered[id].html).ids;
            (
                builder.tree.docs[id].url.as_str(),
                found.into_iter().collect(),
            )
        })
        .collect();
    order
        .iter()
        .map(|&(id, depth)| {
            let doc = &builder.tree.docs[id];
            let anchor = &anchors[doc.url.as_str()];
            let html = rewrite(
                &builder.rendered[id].html,
                anchor,
                &anchors,
                &ids[doc.url.as_str()],
                &ids,
            )
            .map_err(|e| {
                Error::Content(vec![Diagnostic::file(
                    doc.display_path.clone(),
                    format!("the print page could not rewrite this page's HTML: {e}"),
                )])
            })?;
            Ok(PrintedPage {
                id: anchor.clone(),
                title: doc.title.clone(),
                depth,
                url: format!("{}{}", builder.base_path, doc.url),
                html: with_base(&html, builder.base_path),
            })
        })
        .collect()
}

/// One page's rendered Markdown for the print document: headings one
/// level down, ids prefixed with the page's anchor, links to a printed
/// page (or a heading in one) and to its own headings made in-document.
/// A `#fragment` that is no id of its page (`own` for this page, `ids` by
/// address) leads to the page itself.
fn rewrite(
    html: &str,
    anchor: &str,
    anchors: &HashMap<&str, String>,
    own: &HashSet<String>,
    ids: &HashMap<&str, HashSet<String>>,
) -> Result<String, lol_html::errors::RewritingError> {
    let marker = base_marker();
    let local = |id: &str| format!("{anchor}--{id}");
    let id_list = |value: &str| {
        value
            .split_whitespace()
            .map(local)
            .collect::<Vec<_>>()
            .join(" ")
    };
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("h1, h2, h3, h4, h5, h6", |el| {
                let level: u8 = el.tag_name()[1..].parse().unwrap_or(6);
                el.set_tag_name(&format!("h{}", (level + 1).min(6)))?;
                Ok(())
            }))
            .append_element_content_handler(element!("[id]", |el| {
                if let Some(id) = el.get_attribute("id") {
                    el.set_attribute("id", &local(&id))?;
                }
                Ok(())
            }))
            .append_element_content_handler(element!("a[name]", |el| {
                if let Some(name) = el.get_attribute("name") {
                    el.set_attribute("name", &local(&name))?;
                }
                Ok(())
            }))
            .append_element_content_handler(element!(
                "[aria-labelledby], [aria-describedby], label[for]",
                |el| {
                    for name in ["aria-labelledby", "aria-describedby", "for"] {
                        if let Some(value) = el.get_attribute(name) {
                            el.set_attribute(name, &id_list(&value))?;
                        }
                    }
                    Ok(())
                }
            ))
            .append_element_content_handler(element!("a[href]", |el| {
                let Some(href) = el.get_attribute("href") else {
                    return Ok(());
                };
                let target = if let Some(fragment) = href.strip_prefix('#') {
                    Some(if own.contains(fragment) {
                        local(fragment)
                    } else {
                        anchor.to_string()
                    })
                } else if let Some(inside) = href.strip_prefix(marker) {
                    let (path, fragment) = inside.split_once('#').unwrap_or((inside, ""));
                    anchors.get(path).map(|page| {
                        if ids.get(path).is_some_and(|ids| ids.contains(fragment)) {
                            format!("{page}--{fragment}")
                        } else {
                            page.clone()
                        }
                    })
                } else {
                    None
                };
                if let Some(target) = target {
                    el.set_attribute("href", &format!("#{target}"))?;
                }
                Ok(())
            })),
    )
}
