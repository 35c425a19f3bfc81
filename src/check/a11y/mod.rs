//! The `a11y` check: the accessibility of a page's Markdown source, read
//! from pulldown-cmark's events — images without alt text, headings that
//! skip a level or a second level 1 heading, links whose text says nothing
//! on its own, is empty, or is shared with a link elsewhere, tables without
//! a header row, and text that relies on colour or position (`sensory.rs`).
//! Raw HTML blocks are read too (`html.rs`): their tables and images are
//! checked there, and their headings and links here, in page order with
//! the Markdown's. Rule ids and severities are `check::lint::rules`'s;
//! this module only finds.

mod html;
mod sensory;

use std::collections::HashMap;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::lint::prose::Word;
use super::lint::{Hit, Page};

/// Every accessibility hit of `page`, whose blocks' words are `words`.
pub fn check(page: &Page<'_>, words: &[Vec<Word<'_>>], hits: &mut Vec<Hit>) {
    let mut state = State {
        level: 1,
        title_h1: page.doc.title_from_heading,
        ..State::default()
    };
    // Headings and links, checked once the raw HTML's are added, in the
    // order they come on the page.
    let mut headings: Vec<Heading> = Vec::new();
    let mut links: Vec<Link> = Vec::new();
    for (event, range) in &page.events {
        let at = page.base + range.start;
        let len = range.len();
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level as usize;
                headings.push(Heading {
                    at,
                    len: level,
                    level,
                    html: false,
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                state.image = Some((dest_url.to_string(), at, len, String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((dest, at, len, alt)) = state.image.take() {
                    image(&dest, &alt, at, len, hits);
                    if let Some(link) = &mut state.link {
                        link.text.push_str(&alt);
                    }
                }
            }
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) => {
                state.link = Some(Link {
                    dest: dest_url.to_string(),
                    at,
                    len,
                    text: String::new(),
                    auto: matches!(link_type, LinkType::Autolink),
                    email: matches!(link_type, LinkType::Email),
                    html: false,
                });
            }
            Event::End(TagEnd::Link) => links.extend(state.link.take()),
            // Inline HTML's links and images, inside a paragraph: a link's
            // text is the Markdown's text up to its `</a>`.
            Event::InlineHtml(tag) => match html::inline(tag) {
                html::Inline::Link(dest) if state.link.is_none() => {
                    state.link = Some(Link::in_html(dest, at, len));
                }
                html::Inline::LinkEnd if state.link.as_ref().is_some_and(|l| l.html) => {
                    links.extend(state.link.take());
                }
                html::Inline::Image { src, alt } => {
                    if let (Some(link), Some(alt)) = (&mut state.link, &alt) {
                        link.text.push_str(alt);
                    }
                    html::image(&src, alt.as_deref(), at, len, hits);
                }
                _ => {}
            },
            // An inline `<a>` never closed ends with its block.
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) if state.link.as_ref().is_some_and(|l| l.html) => {
                links.extend(state.link.take());
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(image) = &mut state.image {
                    image.3.push_str(text);
                } else if let Some(link) = &mut state.link {
                    link.text.push_str(text);
                }
                if state.table.is_some_and(|t| t.1) && !text.trim().is_empty() {
                    state.head_text = true;
                }
            }
            Event::Start(Tag::Table(_)) => state.table = Some((at, false)),
            Event::Start(Tag::TableHead) => {
                state.table = state.table.map(|(at, _)| (at, true));
                state.head_text = false;
            }
            Event::End(TagEnd::TableHead) => {
                if let Some((at, _)) = state.table {
                    if !state.head_text {
                        hits.push(Hit::new(
                            "a11y.table-header",
                            at,
                            len_of_line(page.source, at),
                            "this table's header row is empty",
                            "put a heading for each column in the first row, such as `| Platform | What to post |`",
                        ));
                    }
                    state.table = Some((at, false));
                }
            }
            Event::End(TagEnd::Table) => state.table = None,
            _ => {}
        }
    }
    let raw = html::check(page, hits);
    headings.extend(raw.headings);
    headings.sort_by_key(|h| h.at);
    for heading in headings {
        state.heading(heading, hits);
    }
    links.extend(raw.links);
    links.sort_by_key(|link| link.at);
    for link in links {
        state.link(link, page.source, hits);
    }
    sensory::check(page, words, hits);
}

#[derive(Default)]
struct State {
    /// The level of the last heading (the page title is level 1).
    level: usize,
    /// True until the first `# heading`, when it is the page's title.
    title_h1: bool,
    image: Option<(String, usize, usize, String)>,
    link: Option<Link>,
    /// The table being read (where it starts; true in its header row).
    table: Option<(usize, bool)>,
    head_text: bool,
    /// Each link text seen (lower case) and its address and offset
    /// (`usize::MAX` once reported).
    texts: HashMap<String, (String, usize)>,
}

/// A heading: where it starts, how long its mark is (`###`, `<h3>`), its
/// level, and whether it is raw HTML's.
#[derive(Debug)]
struct Heading {
    at: usize,
    len: usize,
    level: usize,
    html: bool,
}

/// A link, from Markdown or raw HTML: its address, where it starts and
/// how long its opening is, its text (an image's alt text counts), and
/// whether it is an autolink (`<https://…>`) or an email address, and
/// whether it is written in HTML.
#[derive(Debug)]
struct Link {
    dest: String,
    at: usize,
    len: usize,
    text: String,
    auto: bool,
    email: bool,
    html: bool,
}

impl Link {
    /// A link written in HTML (`<a href>`), its text still to come.
    fn in_html(dest: String, at: usize, len: usize) -> Link {
        let email = dest
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("mailto:");
        Link {
            dest,
            at,
            len,
            text: String::new(),
            auto: false,
            email,
            html: true,
        }
    }
}

/// Link texts that say nothing about where the link goes.
const VAGUE: &[&str] = &[
    "click here",
    "click",
    "here",
    "read more",
    "more",
    "more info",
    "more information",
    "learn more",
    "find out more",
    "this page",
    "this",
    "link",
    "this link",
    "page",
    "website",
    "this website",
    "see more",
    "source",
    "details",
];

impl State {
    /// A heading, from Markdown or raw HTML, in page order.
    fn heading(&mut self, h: Heading, hits: &mut Vec<Hit>) {
        // The `<h2>` or `## …` a fix would write.
        let mark = |level: usize| {
            if h.html {
                format!("<h{level}>")
            } else {
                format!("{} …", "#".repeat(level))
            }
        };
        if h.level == 1 {
            // The title is the first `# heading` only, never raw HTML's.
            if !h.html && std::mem::take(&mut self.title_h1) {
                return;
            }
            hits.push(Hit::new(
                "a11y.second-h1",
                h.at,
                h.len,
                "a second level 1 heading: the page title is already the page's level 1 heading",
                format!(
                    "make this a level 2 heading (`{}`), or make it the page's title",
                    mark(2)
                ),
            ));
            self.level = 1;
            return;
        }
        if h.level > self.level + 1 {
            hits.push(Hit::new(
                "a11y.heading-skip",
                h.at,
                h.len,
                format!(
                    "this level {} heading follows a level {} heading, skipping a level",
                    h.level, self.level
                ),
                format!(
                    "make it a level {} heading (`{}`)",
                    self.level + 1,
                    mark(self.level + 1)
                ),
            ));
        }
        self.level = h.level;
    }

    fn link(&mut self, link: Link, source: &str, hits: &mut Vec<Hit>) {
        let text = link.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let plain = text
            .trim_matches(|c: char| c.is_ascii_punctuation() && c != '/')
            .to_lowercase();
        if link.email {
            return;
        }
        if plain.is_empty() {
            hits.push(Hit::new(
                "a11y.empty-link",
                link.at,
                link.len,
                format!("the link to `{}` has no text", link.dest),
                "write what the reader will find there between the brackets: `[NHS Employers' guidance](…)`",
            ));
            return;
        }
        if link.auto
            || plain.starts_with("http://")
            || plain.starts_with("https://")
            || plain.starts_with("www.")
        {
            hits.push(Hit::new(
                "a11y.link-text",
                link.at,
                link.len,
                "the link text is a web address, which a screen reader reads out letter by letter",
                "write what the reader will find there as the link text: `[the NHS website](https://www.nhs.uk)`",
            ));
            return;
        }
        if VAGUE.contains(&plain.as_str()) {
            hits.push(Hit::new(
                "a11y.link-text",
                link.at,
                link.len,
                format!("the link text `{text}` does not say where the link goes"),
                "write what the reader will find there as the link text, such as `[how to report a post](…)`",
            ));
            return;
        }
        let dest = normal(&link.dest);
        match self.texts.get_mut(&plain) {
            // Once per text and page: the fix is the same for every use.
            Some((first, at)) if *first != dest && *at != usize::MAX => {
                let line = source[..(*at).min(source.len())].matches('\n').count() + 1;
                *at = usize::MAX;
                hits.push(Hit::new(
                    "a11y.same-link-text",
                    link.at,
                    link.len,
                    format!("the link text `{text}` is also used on line {line} for a link to another place"),
                    "give each link words that say where it goes, so the two can be told apart",
                ));
            }
            Some(_) => {}
            None => {
                self.texts.insert(plain, (dest, link.at));
            }
        }
    }
}

/// An address as written, without what does not change where it goes.
fn normal(dest: &str) -> String {
    let d = dest.trim().trim_start_matches("./");
    let d = d.strip_suffix("index.md").unwrap_or(d);
    let d = d.strip_suffix("_").unwrap_or(d);
    d.trim_end_matches('/').to_string()
}

/// Image file endings: alt text ending so is a file name.
const IMAGE_ENDINGS: &[&str] = &[
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".tif", ".tiff",
];

/// The hit of an image whose alt text is missing or a file name.
pub(super) fn image(dest: &str, alt: &str, at: usize, len: usize, hits: &mut Vec<Hit>) {
    let alt = alt.trim();
    let file = dest.rsplit('/').next().unwrap_or(dest);
    let file = file.split(['?', '#']).next().unwrap_or(file);
    if alt.is_empty() {
        hits.push(Hit::new(
            "a11y.alt-text",
            at,
            len,
            format!("the image `{file}` has no alt text"),
            "describe what the image shows between the brackets: `![A nurse filming a video on a phone](…)`; if it is only decoration, allow it with `<!-- canteen-allow a11y.alt-text -->`",
        ));
        return;
    }
    let lower = alt.to_lowercase();
    let stem = file
        .rsplit_once('.')
        .map_or(file, |(s, _)| s)
        .to_lowercase();
    if IMAGE_ENDINGS.iter().any(|e| lower.ends_with(e)) || (!stem.is_empty() && lower == stem) {
        hits.push(Hit::new(
            "a11y.alt-text",
            at,
            len,
            format!("the alt text of the image `{file}` is its file name"),
            "describe what the image shows instead: `![A nurse filming a video on a phone](…)`",
        ));
    }
}

fn len_of_line(source: &str, at: usize) -> usize {
    source[at.min(source.len())..]
        .find('\n')
        .unwrap_or(source.len() - at.min(source.len()))
}
