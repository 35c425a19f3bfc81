//! Markdown to HTML: pulldown-cmark's events, transformed once per page —
//! heading ids and anchors, callouts, tables that scroll, highlighted code,
//! and links rewritten to page URLs and checked.
//!
//! Rendering a page never looks at another page's HTML, so pages render in
//! parallel; anchors into other pages are returned for checking afterwards.

pub mod headings;
pub mod highlight;
pub mod links;

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::config::MarkdownOptions;
use crate::content::{ContentTree, DocId};
use crate::diagnostics::Diagnostic;
use headings::{IdAllocator, TocEntry};
use highlight::CodeCache;
use links::{LinkScope, Resolved};

/// What the links of rendered HTML start with where the edition's base
/// path belongs (`/`, or `/2013/` for an earlier edition). Templates get
/// the HTML with it replaced (`with_base`), so the same rendered Markdown
/// serves every edition it is in. It is random per process, so no text a
/// user writes can contain it.
pub fn base_marker() -> &'static str {
    static MARKER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MARKER.get_or_init(|| {
        use std::hash::BuildHasher;
        let random = std::collections::hash_map::RandomState::new().hash_one(std::process::id());
        format!("canteen{random:016x}base")
    })
}

/// `html` as a page of the edition at `base_path` shows it.
pub fn with_base(html: &str, base_path: &str) -> String {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    let finder = FINDER.get_or_init(|| memchr::memmem::Finder::new(base_marker()));
    let mut out = String::with_capacity(html.len() + base_path.len() * 8);
    let mut from = 0;
    for at in finder.find_iter(html.as_bytes()) {
        out.push_str(&html[from..at]);
        out.push_str(base_path);
        from = at + base_marker().len();
    }
    out.push_str(&html[from..]);
    out
}

/// A page's Markdown, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML of the body; links within the edition start with
    /// [`base_marker`]. Shared by the editions whose page has the same text.
    pub html: Arc<str>,
    /// HTML of the text before `<!-- more -->`, or of the first paragraph.
    pub summary: Option<Arc<str>>,
    /// Nested headings from level 2 down.
    pub toc: Arc<[TocEntry]>,
    /// Every id a `#fragment` may point at.
    pub anchors: Arc<HashSet<String>>,
    /// The id the first `# heading` would have had, when it became the
    /// page's title: a link to it goes to the top of the page.
    pub title_anchor: Option<String>,
    /// Words of prose (code excluded).
    pub word_count: usize,
    /// `#fragment` links into pages, checked once every page is rendered.
    pub anchor_links: Vec<AnchorLink>,
    /// Every internal link as written and as rendered, to check that the
    /// same Markdown means the same in another edition (`reuse`).
    pub links: Arc<Vec<LinkUse>>,
}

/// An internal link of a page.
#[derive(Debug, Clone)]
pub struct LinkUse {
    /// As written.
    pub dest: String,
    /// As rendered.
    pub href: String,
    /// Where it is, from the start of the Markdown body.
    pub offset: usize,
    /// Length of the destination.
    pub len: usize,
}

/// Reuses `reference`, the rendering of the same Markdown body (in another
/// edition), for document `id`: `None` unless every link resolves from
/// here to the same address it had there, so the HTML is the same.
pub fn reuse(id: DocId, scope: &LinkScope<'_>, reference: &Rendered) -> Option<Rendered> {
    let doc = &scope.tree.docs[id];
    let mut anchor_links = Vec::new();
    for link in reference.links.iter() {
        match scope.resolve(id, &link.dest) {
            Resolved::Internal {
                href,
                anchor,
                edition,
            } if href == link.href => {
                if let Some((target, anchor)) = anchor {
                    anchor_links.push(AnchorLink {
                        target,
                        edition,
                        anchor,
                        written: written_fragment(&link.dest).to_string(),
                        offset: doc.body_offset + link.offset,
                        len: link.len,
                    });
                }
            }
            _ => return None,
        }
    }
    Some(Rendered {
        html: Arc::clone(&reference.html),
        summary: reference.summary.clone(),
        toc: Arc::clone(&reference.toc),
        anchors: Arc::clone(&reference.anchors),
        title_anchor: reference.title_anchor.clone(),
        word_count: reference.word_count,
        anchor_links,
        links: Arc::clone(&reference.links),
    })
}

/// A link with a `#fragment`, to check against its target's anchors.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// The page linked to.
    pub target: DocId,
    /// Its edition (an index of `LinkScope::editions`) when the link
    /// crosses editions; `None` for a page of the same content tree.
    pub edition: Option<usize>,
    /// The fragment, decoded.
    pub anchor: String,
    /// The fragment as written in the link, to correct it in the HTML.
    pub written: String,
    /// Where the link is in the source file.
    pub offset: usize,
    /// Length of the link destination.
    pub len: usize,
}

/// The `#fragment` of a link destination as written, without the `#`.
fn written_fragment(dest: &str) -> &str {
    dest.split_once('#').map_or("", |(_, f)| f)
}

fn parser_options(options: &MarkdownOptions) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if options.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// The words of a Markdown body without its markup: blocks end in a blank
/// line, so editions can be compared and their changes shown as text.
pub fn plain_text(body: &str, options: &MarkdownOptions) -> String {
    let mut text = String::with_capacity(body.len());
    for event in Parser::new_ext(body, parser_options(options)) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => {
                let kept = text.trim_end_matches([' ', '\n']).len();
                text.truncate(kept);
                text.push_str("\n\n");
            }
            Event::End(TagEnd::TableCell) => text.push_str(" | "),
            _ => {}
        }
    }
    let kept = text.trim_end().len();
    text.truncate(kept);
    text
}

/// Renders the body of document `id`; broken links come back as
/// diagnostics. Code blocks another page rendered come from `code` when
/// given (a build of several editions).
pub fn render(
    id: DocId,
    scope: &LinkScope<'_>,
    options: &MarkdownOptions,
    code: Option<&CodeCache>,
) -> (Rendered, Vec<Diagnostic>) {
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
                let (checked, label) = if done {
                    (" checked", "Done")
                } else {
                    ("", "To do")
                };
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

    fn finish(mut self) -> (Rendered, Vec<Diagnostic>) {
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
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        self.rendered.html = html.into();
        self.rendered.toc = headings::nest(self.flat_toc).into();
        (self.rendered, self.errors)
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

/// A content tree and its rendered Markdown, for checking anchors.
pub type TreeView<'a> = (&'a ContentTree, &'a [Rendered]);

/// A `#fragment` written in another case than its target's id
/// (`#Heading-With-Caps`, as GitHub READMEs write them): GitHub finds such
/// headings, so the link is not broken, and the page's HTML gets the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorFix {
    /// The page with the link.
    pub page: DocId,
    /// The fragment as written.
    pub written: String,
    /// The id it means.
    pub id: String,
}

impl AnchorFix {
    /// `html` with the fragment corrected in every `href` that has it.
    pub fn apply(&self, html: &str) -> String {
        let href_end = |fragment: &str| {
            let mut escaped = String::from("#");
            // Writing to a String cannot fail.
            let _ = pulldown_cmark_escape::escape_href(&mut escaped, fragment);
            escaped.push('"');
            escaped
        };
        html.replace(&href_end(&self.written), &href_end(&self.id))
    }
}

/// Checks every `#fragment` link against the anchors of its target;
/// `editions` gives the trees that links into other editions point at.
/// Fragments that differ from an id only in case come back as fixes.
pub fn check_anchors<'t>(
    tree: &'t ContentTree,
    rendered: &'t [Rendered],
    editions: &dyn Fn(usize) -> TreeView<'t>,
) -> (Vec<Diagnostic>, Vec<AnchorFix>) {
    let mut errors = Vec::new();
    let mut fixes = Vec::new();
    for (id, page) in rendered.iter().enumerate() {
        for link in &page.anchor_links {
            let (target_tree, target_rendered) = match link.edition {
                Some(e) => editions(e),
                None => (tree, rendered),
            };
            let target = &target_rendered[link.target];
            if target.anchors.contains(&link.anchor) || link.anchor == "top" {
                continue;
            }
            if target.title_anchor.as_ref() == Some(&link.anchor) {
                fixes.push(AnchorFix {
                    page: id,
                    written: link.written.clone(),
                    id: "top".to_string(),
                });
                continue;
            }
            let folded = link.anchor.to_lowercase();
            if let Some(same) = target.anchors.iter().find(|a| a.to_lowercase() == folded) {
                fixes.push(AnchorFix {
                    page: id,
                    written: link.written.clone(),
                    id: same.clone(),
                });
                continue;
            }
            let doc = &tree.docs[id];
            let target_doc = &target_tree.docs[link.target];
            let mut anchors: Vec<&str> = target.anchors.iter().map(String::as_str).collect();
            anchors.sort_unstable();
            let suggestion = crate::diagnostics::closest(&link.anchor, anchors.iter().copied());
            let hint = match suggestion {
                Some(s) => format!("did you mean `#{s}`?"),
                None if anchors.is_empty() => {
                    format!("`{}` has no headings to link to", target_doc.rel)
                }
                None => format!(
                    "headings there: {}",
                    anchors
                        .iter()
                        .take(6)
                        .map(|a| format!("`#{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            errors.push(
                Diagnostic::at(
                    doc.display_path.clone(),
                    &doc.source,
                    link.offset,
                    link.len,
                    format!(
                        "`{}` has no heading with the id `#{}`",
                        target_doc.rel, link.anchor
                    ),
                )
                .with_hint(hint),
            );
        }
    }
    (errors, fixes)
}
