//! One page's pass over pulldown-cmark's events: heading ids and the table
//! of contents, callouts, tables that scroll, highlighted code, task-list
//! boxes with names, ids in raw HTML, the summary, and every link resolved
//! (`links.rs`) and recorded for checking.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd,
};

use super::anchors::{AnchorLink, written_fragment};
use super::headings::{self, IdAllocator, TocEntry};
use super::highlight::{self, CodeCache};
use super::links::{LinkScope, Resolved};
use super::{LinkUse, Rendered, parser_options};
use crate::config::MarkdownOptions;
use crate::content::DocId;
use crate::diagnostics::Diagnostic;
use crate::search::text;

/// Renders the body of document `id`; broken links come back as
/// diagnostics. Code blocks another page rendered come from `code` when
/// given (a build of several editions). With `text`, the events are given
/// back beside the rendering: the caller reads the text search indexes
/// from them when the page's search entry needs it, and lets it go (a
/// 10,000-page site's text is 80 MB).
pub fn render<'a>(
    id: DocId,
    scope: &'a LinkScope<'_>,
    options: &'a MarkdownOptions,
    code: Option<&'a CodeCache>,
    text: bool,
) -> (Rendered, Option<text::Events<'a>>, Vec<Diagnostic>) {
    let doc = &scope.tree.docs[id];
    let body = doc.body();
    let mut state = State {
        id,
        scope,
        options,
        code,
        source: &doc.source,
        base: doc.body_offset,
        path: &doc.display_path,
        skip_first_h1: doc.title_from_heading,
        ids: IdAllocator::default(),
        out: Vec::new(),
        rendered: Rendered::default(),
        flat_toc: Vec::new(),
        errors: Vec::new(),
        last_heading: None,
        summary_end: None,
        more_at: None,
        depth: 0,
        text,
    };
    let mut events = Parser::new_ext(body, parser_options(options)).into_offset_iter();
    while let Some((event, range)) = events.next() {
        state.event(event, range, &mut events);
    }
    state.finish()
}

type Events<'a> = pulldown_cmark::OffsetIter<'a>;

struct State<'a, 's> {
    id: DocId,
    scope: &'a LinkScope<'s>,
    options: &'a MarkdownOptions,
    code: Option<&'a CodeCache>,
    source: &'a str,
    base: usize,
    path: &'a std::path::Path,
    skip_first_h1: bool,
    ids: IdAllocator,
    out: Vec<Event<'a>>,
    rendered: Rendered,
    flat_toc: Vec<TocEntry>,
    errors: Vec<Diagnostic>,
    last_heading: Option<String>,
    summary_end: Option<usize>,
    more_at: Option<usize>,
    depth: usize,
    /// Whether to read the text search indexes.
    text: bool,
}

impl<'a> State<'a, '_> {
    fn event(&mut self, event: Event<'a>, range: Range<usize>, events: &mut Events<'a>) {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.heading(level, id, classes, attrs, events),
            Event::Start(Tag::CodeBlock(kind)) => self.code_block(kind, events),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let tag = self.resolve(tag, &range);
                self.out.push(Event::Start(tag));
                self.depth += 1;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(kind);
                self.out.push(Event::Html(
                    format!("<div class=\"callout callout--{class}\" role=\"note\"><p class=\"callout__label\">{label}</p>\n").into(),
                ));
                self.depth += 1;
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.out.push(Event::Html("</div>\n".into()));
                self.depth -= 1;
            }
            Event::Start(Tag::Table(alignments)) => {
                let label = match &self.last_heading {
                    Some(h) => format!("Table: {}", crate::html::escape(h)),
                    None => "Table".to_string(),
                };
                self.out.push(Event::Html(
                    format!("<div class=\"table-wrapper\" tabindex=\"0\" role=\"region\" aria-label=\"{label}\">\n").into(),
                ));
                self.out.push(Event::Start(Tag::Table(alignments)));
                self.depth += 1;
            }
            Event::End(TagEnd::Table) => {
                self.out.push(Event::End(TagEnd::Table));
                self.out.push(Event::Html("</div>\n".into()));
                self.depth -= 1;
            }
            Event::Start(tag) => {
                self.out.push(Event::Start(tag));
                self.depth += 1;
            }
            Event::End(tag) => {
                self.depth -= 1;
                let ends_first_paragraph =
                    tag == TagEnd::Paragraph && self.depth == 0 && self.summary_end.is_none();
                self.out.push(Event::End(tag));
                if ends_first_paragraph {
                    self.summary_end = Some(self.out.len());
                }
            }
            Event::Html(html) | Event::InlineHtml(html)
                if html.trim() == "<!-- more -->" && self.more_at.is_none() =>
            {
                self.more_at = Some(self.out.len());
            }
            // pulldown-cmark's checkbox has no accessible name (axe rule `label`).
            Event::TaskListMarker(done) => {
                let [done_label, to_do_label] = &self.options.task_labels;
                let (checked, label) = if done {
                    (" checked", done_label)
                } else {
                    ("", to_do_label)
                };
                let label = crate::html::escape(label);
                self.out.push(Event::InlineHtml(
                    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ")
                        .into(),
                ));
            }
            Event::Text(text) => {
                self.rendered.word_count += text.split_whitespace().count();
                self.out.push(Event::Text(text));
            }
            event @ (Event::Html(_) | Event::InlineHtml(_)) => {
                if let Event::Html(html) | Event::InlineHtml(html) = &event {
                    self.html_anchors(html);
                }
                self.out.push(event);
            }
            other => self.out.push(other),
        }
    }

    /// Ids in raw HTML (`<a id="csharp"></a>`) are anchors links may use.
    fn html_anchors(&mut self, html: &str) {
        if html.contains("id=") || html.contains("name=") || html.contains("ID=") {
            let ids = headings::ids_in_html(html);
            if !ids.is_empty() {
                Arc::make_mut(&mut self.rendered.anchors).extend(ids);
            }
        }
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        events: &mut Events<'a>,
    ) {
        let mut inner = Vec::new();
        let mut text = String::new();
        let mut has_link = false;
        for (event, range) in events.by_ref() {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(ref t) | Event::Code(ref t) => text.push_str(t),
                Event::Start(Tag::Link { .. }) => has_link = true,
                Event::Html(ref html) | Event::InlineHtml(ref html) => self.html_anchors(html),
                _ => {}
            }
            // Links and images inside headings are resolved like any other.
            let event = match event {
                Event::Start(tag) => Event::Start(self.resolve(tag, &range)),
                other => other,
            };
            inner.push(event);
        }
        let wanted = id.map_or_else(|| headings::slugify(&text), |i| i.to_string());
        let id = self.ids.allocate(&wanted);
        if level == HeadingLevel::H1 && self.skip_first_h1 {
            // The template shows this heading as the page's title; links to
            // it (as mdBook and GitHub give it an id) go to the top.
            self.skip_first_h1 = false;
            self.rendered.title_anchor = Some(id);
            return;
        }
        Arc::make_mut(&mut self.rendered.anchors).insert(id.clone());
        let n = level as usize;
        if n >= 2 {
            self.flat_toc.push(TocEntry {
                level: u8::try_from(n).unwrap_or(6),
                id: id.clone(),
                title: text.trim().to_string(),
                children: Vec::new(),
            });
        }
        self.last_heading = Some(text.trim().to_string());
        let mut inner_html = String::new();
        pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
        let mut open = format!("<h{n} id=\"{}\"", crate::html::escape(&id));
        if !classes.is_empty() {
            let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            open.push_str(&format!(
                " class=\"{}\"",
                crate::html::escape(&classes.join(" "))
            ));
        }
        for (key, value) in &attrs {
            open.push_str(&format!(
                " {}=\"{}\"",
                crate::html::escape(key),
                crate::html::escape(value.as_deref().unwrap_or(""))
            ));
        }
        let html = if has_link {
            format!("{open}>{inner_html}</h{n}>\n")
        } else {
            format!(
                "{open}><a class=\"heading-anchor\" href=\"#{}\">{inner_html}</a></h{n}>\n",
                crate::html::escape(&id)
            )
        };
        self.out.push(Event::Html(html.into()));
    }

    fn code_block(&mut self, kind: CodeBlockKind<'a>, events: &mut Events<'a>) {
        let mut code = String::new();
        for (event, _) in events.by_ref() {
            match event {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => code.push_str(&t),
                _ => {}
            }
        }
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .map(str::to_string),
            CodeBlockKind::Indented => None,
        };
        let highlight = self.options.highlight_code;
        let html = match self.code {
            Some(cache) => cache.code_block(&code, lang.as_deref(), highlight),
            None => highlight::code_block(&code, lang.as_deref(), highlight),
        };
        self.out.push(Event::Html(html.into()));
    }

    /// A link or image with its destination resolved; other tags unchanged.
    fn resolve(&mut self, tag: Tag<'a>, range: &Range<usize>) -> Tag<'a> {
        match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                link_type,
                dest_url: self.link(dest_url, range),
                title,
                id,
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Image {
                link_type,
                dest_url: self.link(dest_url, range),
                title,
                id,
            },
            other => other,
        }
    }

    /// Rewrites an internal link to its URL; records errors and anchors to check.
    fn link(&mut self, dest: CowStr<'a>, range: &Range<usize>) -> CowStr<'a> {
        let resolved = self.scope.resolve(self.id, &dest);
        let within =
            self.source[self.base + range.start..self.base + range.end].find(dest.as_ref());
        let offset = self.base + range.start + within.unwrap_or(0);
        let len = if within.is_some() {
            dest.len()
        } else {
            range.len()
        };
        match resolved {
            Resolved::External => dest,
            Resolved::Outside { href } => href.into(),
            Resolved::Internal {
                href,
                anchor,
                edition,
            } => {
                Arc::make_mut(&mut self.rendered.links).push(LinkUse {
                    dest: dest.to_string(),
                    href: href.clone(),
                    offset: offset - self.base,
                    len,
                });
                if let Some((target, anchor)) = anchor {
                    self.rendered.anchor_links.push(AnchorLink {
                        target,
                        edition,
                        anchor,
                        written: written_fragment(&dest).to_string(),
                        offset,
                        len,
                    });
                }
                href.into()
            }
            Resolved::Broken { message, hint } => {
                let mut d =
                    Diagnostic::at(self.path.to_path_buf(), self.source, offset, len, message);
                if let Some(h) = hint {
                    d = d.with_hint(h);
                }
                self.errors.push(d);
                dest
            }
        }
    }

    fn finish(mut self) -> (Rendered, Option<text::Events<'a>>, Vec<Diagnostic>) {
        let summary_events = match (self.more_at, self.summary_end) {
            (Some(end), _) | (None, Some(end)) => Some(&self.out[..end]),
            (None, None) => None,
        };
        if let Some(events) = summary_events {
            let mut summary = String::new();
            pulldown_cmark::html::push_html(&mut summary, events.iter().cloned());
            self.rendered.summary = Some(summary.into());
        }
        let mut html = String::with_capacity(self.source.len() * 3 / 2);
        let events = if self.text {
            pulldown_cmark::html::push_html(&mut html, self.out.iter().map(borrowed));
            Some(text::Events::new(self.out, self.source.len() - self.base))
        } else {
            pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
            None
        };
        self.rendered.html = html.into();
        self.rendered.toc = headings::nest(self.flat_toc).into();
        (self.rendered, events, self.errors)
    }
}

/// `event`, its text borrowed from it: the HTML is written from events
/// the page's search entry may still read, without a copy of their text.
fn borrowed<'b>(event: &'b Event<'_>) -> Event<'b> {
    fn text<'b>(text: &'b CowStr<'_>) -> CowStr<'b> {
        CowStr::Borrowed(text)
    }
    match event {
        Event::Start(tag) => Event::Start(match tag {
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => Tag::Heading {
                level: *level,
                id: id.as_ref().map(text),
                classes: classes.iter().map(text).collect(),
                attrs: attrs
                    .iter()
                    .map(|(k, v)| (text(k), v.as_ref().map(text)))
                    .collect(),
            },
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
                Tag::CodeBlock(CodeBlockKind::Fenced(text(info)))
            }
            Tag::FootnoteDefinition(label) => Tag::FootnoteDefinition(text(label)),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                link_type: *link_type,
                dest_url: text(dest_url),
                title: text(title),
                id: text(id),
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Image {
                link_type: *link_type,
                dest_url: text(dest_url),
                title: text(title),
                id: text(id),
            },
            // No text of their own.
            other => other.clone(),
        }),
        Event::Text(t) => Event::Text(text(t)),
        Event::Code(t) => Event::Code(text(t)),
        Event::InlineMath(t) => Event::InlineMath(text(t)),
        Event::DisplayMath(t) => Event::DisplayMath(text(t)),
        Event::Html(t) => Event::Html(text(t)),
        Event::InlineHtml(t) => Event::InlineHtml(text(t)),
        Event::FootnoteReference(t) => Event::FootnoteReference(text(t)),
        other => other.clone(),
    }
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use pulldown_cmark::{Options, Parser};

    use super::borrowed;

    /// Markdown of every kind of event that carries text.
    fn markdown() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("# Heading {#id .class key=value}\n".to_string()),
            Just("[link](a/b.md \"title\") and ![alt](i.png)\n".to_string()),
            Just("[ref][r]\n\n[r]: /x/ \"t\"\n".to_string()),
            Just("```rust\nlet x = 1;\n```\n".to_string()),
            Just("    indented code\n".to_string()),
            Just("Note[^1].\n\n[^1]: The note.\n".to_string()),
            Just("<div class=\"x\">raw</div>\n\n<b>inline</b> &amp; &copy;\n".to_string()),
            Just("| a | b |\n|:--|--:|\n| `c` | *d* |\n".to_string()),
            Just("- [x] done\n- [ ] to do\n".to_string()),
            "[a-zA-Z &<>*_`\\[\\]()!#\n-]{0,40}",
        ];
        prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.join("\n"))
    }

    proptest! {
        /// The HTML written from borrowed events is the HTML written from
        /// the events themselves.
        #[test]
        fn html_from_borrowed_events_is_the_same(source in markdown()) {
            let options = Options::all();
            let events: Vec<_> = Parser::new_ext(&source, options).collect();
            let mut from_borrowed = String::new();
            pulldown_cmark::html::push_html(&mut from_borrowed, events.iter().map(borrowed));
            let mut from_owned = String::new();
            pulldown_cmark::html::push_html(&mut from_owned, events.into_iter());
            prop_assert_eq!(from_borrowed, from_owned);
        }
    }
}
