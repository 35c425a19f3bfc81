//! Raw HTML written inside Markdown, read with lol_html (a real HTML
//! parser, never patterns): a `<table>` with no `<th>` and an `<img>`
//! without an `alt` attribute (`alt=""` is HTML's word for decoration, so
//! it passes). Every HTML block of the page is read as one text, so a
//! table opened in one block and closed in another is still one table.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::{RewriteStrSettings, element, rewrite_str};
use pulldown_cmark::{Event, Tag, TagEnd};

use crate::check::lint::{Hit, Page};

/// The hits of the page's raw HTML blocks.
pub fn check(page: &Page<'_>, hits: &mut Vec<Hit>) {
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
    if !html.contains("<table")
        && !html.contains("<TABLE")
        && !html.contains("<img")
        && !html.contains("<IMG")
    {
        return;
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
            .append_element_content_handler(element!("img", |el| {
                let at = el.source_location().bytes();
                images.borrow_mut().push((
                    at.start,
                    at.len(),
                    el.get_attribute("src").unwrap_or_default(),
                    el.get_attribute("alt"),
                ));
                Ok(())
            })),
    );
    if result.is_err() {
        return;
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
        match alt {
            None => hits.push(Hit::new(
                "a11y.alt-text",
                source(at),
                len,
                format!("the image `{}` has no `alt` attribute", src.rsplit('/').next().unwrap_or(&src)),
                "describe what it shows: `alt=\"A nurse filming a video on a phone\"`, or `alt=\"\"` if it is only decoration",
            )),
            Some(alt) if !alt.trim().is_empty() => super::image(&src, &alt, source(at), len, hits),
            Some(_) => {}
        }
    }
}
