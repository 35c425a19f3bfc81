//! Markdown to HTML: pulldown-cmark's events, transformed once per page —
//! heading ids and anchors, callouts, tables that scroll, highlighted code,
//! and links rewritten to page URLs and checked.
//!
//! Rendering a page never looks at another page's HTML, so pages render in
//! parallel; anchors into other pages are returned for checking afterwards.

mod anchors;
mod events;
pub mod headings;
pub mod highlight;
pub mod links;

pub use anchors::{AnchorFix, AnchorLink, TreeView, check_anchors};
pub use events::render;

use std::collections::HashSet;
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, TagEnd};

use crate::config::MarkdownOptions;
use crate::content::DocId;
use anchors::written_fragment;
use headings::TocEntry;
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
    let mut out = String::with_capacity(html.len() + base_path.len() * 8);
    for (n, piece) in around_base(html).enumerate() {
        if n > 0 {
            out.push_str(base_path);
        }
        out.push_str(piece);
    }
    out
}

/// The pieces of `html` between its base markers: the same from one
/// process to the next.
pub fn around_base(html: &str) -> impl Iterator<Item = &str> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    let finder = FINDER.get_or_init(|| memchr::memmem::Finder::new(base_marker()));
    let mut markers = finder.find_iter(html.as_bytes());
    let mut from = Some(0);
    std::iter::from_fn(move || {
        let start = from?;
        match markers.next() {
            Some(at) => {
                from = Some(at + base_marker().len());
                Some(&html[start..at])
            }
            None => {
                from = None;
                Some(&html[start..])
            }
        }
    })
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
    /// The page's search entry, made of its text as it was rendered
    /// (`site::extras::search::entry_of`); shared with an earlier
    /// edition's page that reuses this rendering.
    pub entry: Option<Arc<crate::search::Entry>>,
    /// `#fragment` links into pages, checked once every page is rendered.
    pub anchor_links: Vec<AnchorLink>,
    /// Every internal link as written and as rendered, to check that the
    /// same Markdown means the same in another edition (`reuse`).
    pub links: Arc<Vec<LinkUse>>,
    /// True once a `#fragment` in `html` was corrected to its target's id
    /// (`AnchorFix`): the HTML then depends on other pages, and is never
    /// reused.
    pub anchors_fixed: bool,
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
/// edition, or before other files changed), for document `id`: `None`
/// unless every link resolves from here to the same address it had there,
/// so the HTML is the same.
pub fn reuse(id: DocId, scope: &LinkScope<'_>, reference: &Rendered) -> Option<Rendered> {
    if reference.anchors_fixed {
        return None;
    }
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
        entry: reference.entry.clone(),
        anchor_links,
        links: Arc::clone(&reference.links),
        anchors_fixed: false,
    })
}

/// The parser options canteen renders Markdown with.
pub fn parser_options(options: &MarkdownOptions) -> Options {
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{around_base, base_marker, with_base};

    proptest! {
        /// The pieces around the base markers are the HTML with them taken
        /// out: joined with the marker they give it back, none holds one,
        /// and an edition's HTML puts its base path where each was.
        #[test]
        fn the_pieces_around_the_markers_are_the_html_without_them(
            parts in prop::collection::vec("[a-z<>/\"= ]{0,12}", 1..6),
        ) {
            let html = parts.join(base_marker());
            let pieces: Vec<&str> = around_base(&html).collect();
            prop_assert_eq!(pieces.len(), parts.len());
            prop_assert_eq!(pieces.join(base_marker()), html.clone());
            prop_assert!(pieces.iter().all(|p| !p.contains(base_marker())));
            prop_assert_eq!(with_base(&html, "/2013/"), parts.join("/2013/"));
        }
    }
}
