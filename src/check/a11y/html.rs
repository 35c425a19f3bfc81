//! Raw HTML written inside Markdown, read with lol_html (a real HTML
//! parser, never patterns): a `<table>` with no `<th>` and an `<img>`
//! without an `alt` attribute (`alt=""` is HTML's word for decoration, so
//! it passes) are hits here; its headings (`<h1>`–`<h6>`) and links
//! (`<a href>`, with their text and the alt text of images in them) are
//! given back for `mod.rs` to check in page order with the Markdown's.
//! A tag of inline HTML inside a paragraph (`inline`) is read here too.
//! Text and attributes are read with their character references decoded
//! (`&amp;`, `&nbsp;`), as a browser and a screen reader read them.
//! Every HTML block of the page is read as one text, so a table opened in
//! one block and closed in another is still one table.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::{RewriteStrSettings, element, rewrite_str, text};
use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Heading, Link};
use crate::check::lint::{Hit, Page};
use crate::html::unescape;

/// The headings and links of a page's raw HTML blocks.
#[derive(Debug, Default)]
pub(super) struct Raw {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
}

/// The hits of the page's raw HTML blocks, and their headings and links.
pub(super) fn check(page: &Page<'_>, hits: &mut Vec<Hit>) -> Raw {
    // The HTML text, and where each part of it is in the file.
    let mut html = String::new();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut in_block = false;
    for (event, range) in &page.events {
        match event {
            Event::Start(Tag::HtmlBlock) => in_block = true,
            Event::End(TagEnd::HtmlBlock) => {
                in_block = false;
                html.push('\n');
            }
            Event::Html(text) if in_block => {
                pieces.push((html.len(), page.base + range.start));
                html.push_str(text);
            }
            _ => {}
        }
    }
    let lower = html.to_ascii_lowercase();
    if !["<table", "<img", "<h", "<a"]
        .iter()
        .any(|tag| lower.contains(tag))
    {
        return Raw::default();
    }
    let source = |at: usize| {
        let i = pieces.partition_point(|p| p.0 <= at).saturating_sub(1);
        pieces
            .get(i)
            .map_or(page.base, |&(start, source)| source + (at - start))
    };
    // Open tables (where each starts, whether it has a `<th>` yet).
    let open: Rc<RefCell<Vec<(usize, bool)>>> = Rc::default();
    let done: Rc<RefCell<Vec<(usize, bool)>>> = Rc::default();
    let images = RefCell::new(Vec::new());
    let headings = RefCell::new(Vec::new());
    // Links: every one, and the ones open (by number), whose text is
    // still being read.
    let links: Rc<RefCell<Vec<Link>>> = Rc::default();
    let in_links: Rc<RefCell<Vec<usize>>> = Rc::default();
    let result = rewrite_str(
        &html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("table", |el| {
                open.borrow_mut()
                    .push((el.source_location().bytes().start, false));
                let (open, done) = (Rc::clone(&open), Rc::clone(&done));
                if let Some(handlers) = el.end_tag_handlers() {
                    let handler: lol_html::EndTagHandler<'static> = Box::new(move |_| {
                        if let Some(table) = open.borrow_mut().pop() {
                            done.borrow_mut().push(table);
                        }
                        Ok(())
                    });
                    handlers.push(handler);
                }
                Ok(())
            }))
            .append_element_content_handler(element!("th", |_el| {
                if let Some(table) = open.borrow_mut().last_mut() {
                    table.1 = true;
                }
                Ok(())
            }))
            .append_element_content_handler(element!("h1, h2, h3, h4, h5, h6", |el| {
                let at = el.source_location().bytes();
                let level = el.tag_name().get(1..).and_then(|n| n.parse().ok());
                if let Some(level) = level {
                    headings.borrow_mut().push((at.start, at.len(), level));
                }
                Ok(())
            }))
            .append_element_content_handler(element!("a[href]", |el| {
                let at = el.source_location().bytes();
                let dest = unescape(&el.get_attribute("href").unwrap_or_default());
                let mut all = links.borrow_mut();
                in_links.borrow_mut().push(all.len());
                all.push(Link::in_html(dest, at.start, at.len()));
                let in_links = Rc::clone(&in_links);
                if let Some(handlers) = el.end_tag_handlers() {
                    let handler: lol_html::EndTagHandler<'static> = Box::new(move |_| {
                        in_links.borrow_mut().pop();
                        Ok(())
                    });
                    handlers.push(handler);
                }
                Ok(())
            }))
            .append_element_content_handler(text!("a[href]", |chunk| {
                if let Some(&n) = in_links.borrow().last() {
                    links.borrow_mut()[n].text.push_str(chunk.as_str());
                }
                Ok(())
            }))
            .append_element_content_handler(element!("img", |el| {
                let at = el.source_location().bytes();
                if let (Some(&n), Some(alt)) = (in_links.borrow().last(), el.get_attribute("alt")) {
                    links.borrow_mut()[n].text.push_str(&alt);
                }
                images.borrow_mut().push((
                    at.start,
                    at.len(),
                    unescape(&el.get_attribute("src").unwrap_or_default()),
                    el.get_attribute("alt").map(|alt| unescape(&alt)),
                ));
                Ok(())
            })),
    );
    if result.is_err() {
        return Raw::default();
    }
    let tables = done
        .borrow()
        .iter()
        .chain(open.borrow().iter())
        .copied()
        .collect::<Vec<_>>();
    for (at, has_header) in tables {
        if !has_header {
            hits.push(Hit::new(
                "a11y.table-header",
                source(at),
                6,
                "this table has no header cells",
                "make the cells of its first row header cells: `<th>` instead of `<td>`",
            ));
        }
    }
    for (at, len, src, alt) in images.into_inner() {
        image(&src, alt.as_deref(), source(at), len, hits);
    }
    let headings = headings
        .into_inner()
        .into_iter()
        .map(|(at, len, level)| Heading {
            at: source(at),
            len,
            level,
            html: true,
        });
    // Text comes in chunks that may split a reference: decoded once whole.
    let links = std::mem::take(&mut *links.borrow_mut())
        .into_iter()
        .map(|link| Link {
            at: source(link.at),
            text: unescape(&link.text),
            ..link
        });
    Raw {
        headings: headings.collect(),
        links: links.collect(),
    }
}

/// The hit of an HTML `<img>` at `at` whose `alt` attribute is `alt`:
/// none when `alt=""` (decoration).
pub(super) fn image(src: &str, alt: Option<&str>, at: usize, len: usize, hits: &mut Vec<Hit>) {
    match alt {
        None => hits.push(Hit::new(
            "a11y.alt-text",
            at,
            len,
            format!("the image `{}` has no `alt` attribute", src.rsplit('/').next().unwrap_or(src)),
            "describe what it shows: `alt=\"A nurse filming a video on a phone\"`, or `alt=\"\"` if it is only decoration",
        )),
        Some(alt) if !alt.trim().is_empty() => super::image(src, alt, at, len, hits),
        Some(_) => {}
    }
}

/// One tag of inline HTML (pulldown-cmark's `InlineHtml`, inside a
/// paragraph), as far as the lint cares.
#[derive(Debug, PartialEq)]
pub(super) enum Inline {
    /// `<a href>`: a link to this address starts.
    Link(String),
    /// `</a>`.
    LinkEnd,
    /// `<img>`, its `alt` attribute if it has one.
    Image {
        src: String,
        alt: Option<String>,
    },
    Other,
}

/// What the inline HTML tag `tag` is, read with lol_html.
pub(super) fn inline(tag: &str) -> Inline {
    let tag = tag.trim();
    if tag.eq_ignore_ascii_case("</a>") {
        return Inline::LinkEnd;
    }
    let start = tag.get(..4).unwrap_or(tag).to_ascii_lowercase();
    if !start.starts_with("<a") && !start.starts_with("<img") {
        return Inline::Other;
    }
    let found = RefCell::new(Inline::Other);
    let _ = rewrite_str(
        tag,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("a[href]", |el| {
                *found.borrow_mut() =
                    Inline::Link(unescape(&el.get_attribute("href").unwrap_or_default()));
                Ok(())
            }))
            .append_element_content_handler(element!("img", |el| {
                *found.borrow_mut() = Inline::Image {
                    src: unescape(&el.get_attribute("src").unwrap_or_default()),
                    alt: el.get_attribute("alt").map(|alt| unescape(&alt)),
                };
                Ok(())
            })),
    );
    found.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inline_tag_is_read_as_html_is() {
        assert_eq!(
            inline("<a href='/x/' class=\"y\">"),
            Inline::Link("/x/".into())
        );
        assert_eq!(
            inline("<A HREF=\"MAILTO:x@example.org\">"),
            Inline::Link("MAILTO:x@example.org".into())
        );
        assert!(Link::in_html("MAILTO:x@example.org".into(), 0, 0).email);
        assert!(!Link::in_html("/x/".into(), 0, 0).email);
        assert_eq!(inline("</A>"), Inline::LinkEnd);
        assert_eq!(inline("<a id=\"top\">"), Inline::Other);
        assert_eq!(
            inline("<img src=\"a.png\">"),
            Inline::Image {
                src: "a.png".into(),
                alt: None
            }
        );
        assert_eq!(
            inline("<IMG src=a.png alt=''>"),
            Inline::Image {
                src: "a.png".into(),
                alt: Some(String::new())
            }
        );
        assert_eq!(
            inline("<a href=\"/x/?a=1&amp;b=2\">"),
            Inline::Link("/x/?a=1&b=2".into())
        );
        assert_eq!(
            inline("<img src=a.png alt=\"Tom &amp; Jerry&#33;\">"),
            Inline::Image {
                src: "a.png".into(),
                alt: Some("Tom & Jerry!".into())
            }
        );
        assert_eq!(inline("<abbr title=\"x\">"), Inline::Other);
        assert_eq!(inline("<br>"), Inline::Other);
    }
}
