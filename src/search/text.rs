//! A page's searchable text: the body split at each heading that has an id
//! (so a search result can link to `#anchor`), code blocks left out, tags
//! dropped and character references decoded. Read from a page's events as
//! its Markdown is rendered (`body_of`), or from finished HTML (`parts`)
//! for a page whose template draws text its Markdown does not hold; and
//! white space squeezed for the excerpts search shows.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// A page's body as the index reads it: all of its text in one string
/// (tags dropped, character references decoded, white space as written)
/// and the parts it is split into.
#[derive(Debug)]
pub struct Body {
    /// Every part's text, one after another: a heading's text, then the
    /// text under it.
    pub text: String,
    /// The parts, in order.
    pub parts: Vec<Part>,
}

/// A stretch of a page's body: what comes before the first heading, or one
/// heading and the text under it.
#[derive(Debug, Clone)]
pub struct Part {
    /// The heading's id; empty for the text before the first heading.
    pub anchor: String,
    /// Where the heading's text is in the body's text (empty for the text
    /// before the first heading).
    pub heading: Range<usize>,
    /// Where the text under the heading is.
    pub text: Range<usize>,
}

impl Body {
    /// A part's heading, with single spaces between words.
    pub fn heading(&self, part: &Part) -> String {
        squeeze(self.heading_raw(part))
    }

    /// A part's heading as written.
    pub fn heading_raw(&self, part: &Part) -> &str {
        &self.text[part.heading.clone()]
    }

    /// A part's text as written (`squeeze` gives it with single spaces).
    pub fn raw(&self, part: &Part) -> &str {
        &self.text[part.text.clone()]
    }

    /// A copy with a part added that has no heading and holds `text` (a
    /// data record's).
    pub fn with_part(&self, text: &str) -> Body {
        let mut body = Body {
            text: String::with_capacity(self.text.len() + text.len() + 1),
            parts: Vec::with_capacity(self.parts.len() + 1),
        };
        body.text.push_str(&self.text);
        body.parts.extend(self.parts.iter().cloned());
        body.start_part("");
        body.push(false, text);
        body
    }

    fn start_part(&mut self, anchor: &str) {
        // Words never run from one part into the next.
        self.text.push(' ');
        let at = self.text.len();
        self.parts.push(Part {
            anchor: anchor.to_string(),
            heading: at..at,
            text: at..at,
        });
    }

    /// Appends `text`, its character references decoded, to the last
    /// part's heading or to its text (a heading's text comes first).
    fn push(&mut self, heading: bool, text: &str) {
        decode_into(&mut self.text, text);
        self.extend(heading);
    }

    /// Appends `text` as it is (a Markdown text event's, decoded already).
    fn push_plain(&mut self, heading: bool, text: &str) {
        self.text.push_str(text);
        self.extend(heading);
    }

    /// The last part's heading or text now runs to the end of the text.
    fn extend(&mut self, heading: bool) {
        let end = self.text.len();
        if let Some(part) = self.parts.last_mut() {
            if heading {
                part.heading.end = end;
                part.text = end..end;
            } else {
                part.text.end = end;
            }
        }
    }
}

/// Elements whose content is never indexed: code blocks, scripts, styles,
/// navigation.
const SKIPPED: &[&str] = &["pre", "script", "style", "template", "nav"];

/// The `<main>` element's content of a finished page, or the whole of it
/// when it has none.
pub fn main_of(html: &str) -> &str {
    let Some(start) = find_ignoring_case(html, "<main") else {
        return html;
    };
    let rest = &html[start..];
    let Some(open) = rest.find('>') else {
        return html;
    };
    let rest = &rest[open + 1..];
    match find_ignoring_case(rest, "</main") {
        Some(end) => &rest[..end],
        None => rest,
    }
}

/// The body of `html` (a page's rendered Markdown, or a finished page's
/// `<main>`), split into parts.
pub fn parts(html: &str) -> Body {
    let mut scanner = Scanner::new(html.len() / 2);
    scanner.html(html);
    scanner.finish()
}

/// A page's Markdown events as they were rendered, kept until its search
/// entry is known to need its text (`body`): an entry kept from the last
/// build does not.
pub struct Events<'a> {
    events: Vec<Event<'a>>,
    /// The length of the page's Markdown, which its text is no longer than.
    capacity: usize,
}

impl<'a> Events<'a> {
    /// Keeps `events`, rendered from `capacity` bytes of Markdown.
    pub fn new(events: Vec<Event<'a>>, capacity: usize) -> Events<'a> {
        Events { events, capacity }
    }

    /// The page's body, read from its events (`body_of`).
    pub fn body(&self) -> Body {
        body_of(&self.events, self.capacity)
    }
}

/// The body of a page from its Markdown's events as they are rendered
/// (`events.rs`): the text `parts` reads from the HTML those events make,
/// without writing the HTML and reading it back. Raw HTML, headings and
/// code blocks (which the renderer makes HTML) are read as `parts` reads
/// them; an image's text, its `alt`, and footnote numbers are not text.
pub fn body_of(events: &[Event<'_>], capacity: usize) -> Body {
    let mut scanner = Scanner::new(capacity);
    // Raw HTML in a row, read as one (an HTML block comes a line at a
    // time, and an element may open in one line and close in another).
    let mut html = String::new();
    let mut in_image = 0usize;
    for event in events {
        if let Event::Html(raw) | Event::InlineHtml(raw) = event {
            html.push_str(raw);
            continue;
        }
        if !html.is_empty() {
            scanner.html(&html);
            html.clear();
        }
        match event {
            Event::Start(Tag::Image { .. }) => {
                in_image += 1;
                scanner.separate();
            }
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Text(text) | Event::Code(text) => scanner.text(text),
            Event::SoftBreak => scanner.text("\n"),
            Event::Start(tag) if !inline(tag.to_end()) => scanner.separate(),
            Event::End(tag) if !inline(*tag) => scanner.separate(),
            Event::HardBreak | Event::Rule => scanner.separate(),
            _ => {}
        }
    }
    scanner.html(&html);
    scanner.finish()
}

/// Whether a Markdown tag's HTML element, start or end, does not
/// separate words (as `INLINE` says of HTML); an HTML block's tag writes
/// no element.
fn inline(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::HtmlBlock
    )
}

/// Reads a page's text in pieces, HTML or plain, into its `Body`.
struct Scanner {
    body: Body,
    /// The level of the heading being read.
    heading: Option<u8>,
    /// The element whose content is being left out, until its end tag
    /// (`</pre`, say).
    skipping: Option<&'static str>,
}

impl Scanner {
    fn new(capacity: usize) -> Scanner {
        let mut body = Body {
            text: String::with_capacity(capacity),
            parts: Vec::new(),
        };
        body.start_part("");
        Scanner {
            body,
            heading: None,
            skipping: None,
        }
    }

    /// Plain text (no tags, no character references).
    fn text(&mut self, text: &str) {
        if self.skipping.is_none() {
            self.body.push_plain(self.heading.is_some(), text);
        }
    }

    /// What an element that is not inline puts between words.
    fn separate(&mut self) {
        if self.skipping.is_none() {
            self.body.push_plain(self.heading.is_some(), " ");
        }
    }

    /// Leaves out what is left of a skipped element's content in `rest`;
    /// what follows its end tag, or `None` if it does not end there.
    fn skip<'h>(&mut self, rest: &'h str) -> Option<&'h str> {
        let skipped = self.skipping?;
        let at = find_ignoring_case(rest, &format!("</{skipped}"))?;
        self.skipping = None;
        self.body.push(false, " ");
        Some(rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]))
    }

    /// HTML.
    fn html(&mut self, html: &str) {
        let mut rest = html;
        if self.skipping.is_some() {
            match self.skip(rest) {
                Some(after) => rest = after,
                None => return,
            }
        }
        while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
            self.body.push(self.heading.is_some(), &rest[..lt]);
            rest = &rest[lt..];
            let Some(gt) = memchr::memchr(b'>', rest.as_bytes()) else {
                // A lone `<` is text.
                break;
            };
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            let name = tag_name(tag);
            let lower = Lower::of(name);
            if let Some(skipped) = SKIPPED.iter().find(|s| lower.is(s)) {
                self.skipping = Some(*skipped);
                match self.skip(rest) {
                    Some(after) => rest = after,
                    None => return,
                }
                continue;
            }
            match heading_level(name) {
                Some(level) if level >= 2 && !tag.starts_with('/') => {
                    if let Some(id) = attribute(tag, "id") {
                        self.body.start_part(id);
                        self.heading = Some(level);
                        continue;
                    }
                }
                Some(level) if tag.starts_with('/') && self.heading == Some(level) => {
                    self.heading = None;
                    continue;
                }
                _ => {}
            }
            if !lower.inline() {
                self.body.push(self.heading.is_some(), " ");
            }
        }
        self.body.push(self.heading.is_some(), rest);
    }

    fn finish(self) -> Body {
        let mut body = self.body;
        let text = &body.text;
        body.parts.retain(|p| {
            !text[p.text.clone()].trim().is_empty() || !text[p.heading.clone()].trim().is_empty()
        });
        body
    }
}

/// Elements that do not separate words, in order (for a binary search).
const INLINE: &[&[u8]] = &[
    b"a", b"abbr", b"b", b"cite", b"code", b"del", b"dfn", b"em", b"i", b"ins", b"kbd", b"mark",
    b"q", b"s", b"samp", b"small", b"span", b"strong", b"sub", b"sup", b"u", b"var",
];

/// A tag's name in lower case, if it is short enough to be one the index
/// knows (every such name has at most eight letters).
struct Lower {
    name: [u8; 8],
    len: usize,
}

impl Lower {
    fn of(name: &str) -> Lower {
        let mut lower = Lower {
            name: [0; 8],
            // Longer than any name known: matches none.
            len: usize::MAX,
        };
        if let Some(bytes) = lower.name.get_mut(..name.len()) {
            bytes.copy_from_slice(name.as_bytes());
            bytes.make_ascii_lowercase();
            lower.len = name.len();
        }
        lower
    }

    fn bytes(&self) -> &[u8] {
        self.name.get(..self.len).unwrap_or_default()
    }

    fn is(&self, name: &str) -> bool {
        self.bytes() == name.as_bytes()
    }

    /// Whether it is an element that does not separate words (`INLINE`).
    fn inline(&self) -> bool {
        self.len != usize::MAX && INLINE.binary_search(&self.bytes()).is_ok()
    }
}

fn tag_name(tag: &str) -> &str {
    let tag = tag.trim_start_matches('/');
    let end = tag
        .find(|c: char| c.is_ascii_whitespace() || c == '/')
        .unwrap_or(tag.len());
    &tag[..end]
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h' | b'H', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// The value of `name="…"` in a start tag (as pulldown-cmark writes it).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// Where `needle` first is in `haystack`, ASCII letters in either case:
/// only where its first byte is (`memchr`), so that skipping a
/// highlighted code block's HTML, most of a technical page, is not a
/// compare at every byte.
fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let (&first, rest) = needle.as_bytes().split_first()?;
    let bytes = haystack.as_bytes();
    let matches = |at: usize| {
        bytes
            .get(at + 1..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    };
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        bytes,
    )
    .find(|&at| matches(at))
}

/// Appends `text` with its character references decoded.
fn decode_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let reference = rest[1..]
            .find(';')
            .filter(|&end| end <= 10)
            .map(|end| &rest[1..=end]);
        let decoded = reference.and_then(|r| match r {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => {
                let number = r.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (decoded, reference) {
            (Some(c), Some(r)) => {
                out.push(c);
                rest = &rest[r.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// `cut(&squeeze(text), max)`, squeezing only as much of `text` as that
/// needs: a page's fragment keeps 3,000 bytes of text, however long the
/// page. The text is squeezed a stretch at a time, each stretch appended
/// to what was squeezed before (never squeezed again), until the result
/// is longer than `max` or the text ends.
pub fn squeeze_cut(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(max.saturating_add(1).min(text.len()));
    let (mut done, mut take) = (0, max.saturating_add(1));
    loop {
        let mut end = take.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        push_squeezed(&mut out, &text[done..end]);
        done = end;
        // Longer than `max` (less a space at its end, which the whole
        // text's squeezing may drop), its first `max` bytes are the whole
        // text's.
        if end == text.len() || out.len() - usize::from(out.ends_with(' ')) > max {
            trim_end(&mut out);
            let kept = cut(&out, max).len();
            out.truncate(kept);
            return out;
        }
        take = take.saturating_mul(2);
    }
}

/// `text` up to `max` bytes, at a word's end.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(' ') {
        Some(space) => &text[..space],
        None => &text[..end],
    }
}

/// `text` with runs of white space made one space, trimmed.
pub fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_squeezed(&mut out, text);
    trim_end(&mut out);
    out
}

/// Appends `text` to `out`, each run of white space as one space and none
/// at the start of `out` (one may be left at its end: `trim_end`). Text
/// between two breaks in the squeezing (a line's end, two spaces, a
/// character that may be Unicode white space) is copied in one piece.
fn push_squeezed(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let (mut plain, mut at) = (0, 0);
    let mut after_space = out.is_empty() || out.ends_with(' ');
    while at < bytes.len() {
        (at, after_space) = plain_ahead(bytes, at, after_space);
        let run = at;
        while bytes.get(at).is_some_and(|&b| !MAYBE_SPACE[usize::from(b)]) {
            at += 1;
        }
        if at > run {
            after_space = false;
        }
        let Some(&b) = bytes.get(at) else {
            break;
        };
        let (space, len) = match b {
            b' ' if !after_space => {
                // One space between words is kept as it is.
                after_space = true;
                at += 1;
                continue;
            }
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => (true, 1),
            _ => text[at..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        };
        if space {
            out.push_str(&text[plain..at]);
            plain = at + len;
            if !after_space {
                out.push(' ');
                after_space = true;
            }
        } else {
            after_space = false;
        }
        at += len;
    }
    out.push_str(&text[plain..]);
}

/// From `at`, past the bytes squeezing copies as they are, eight at a
/// time with no branch per byte: ASCII other than white space and
/// controls, and a space after anything but a space (`after_space` says
/// whether the byte before `at` is one). Stops at or before the first byte
/// that needs a look one at a time (other white space, a space after a
/// space, a byte that is not ASCII) or the last eight bytes; gives where,
/// and whether the byte before it is a space.
#[inline]
fn plain_ahead(bytes: &[u8], mut at: usize, mut after_space: bool) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(eight) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        // Bytes below 0x21, and spaces, each flagged by its high bit. The
        // first is always flagged; a borrow may flag a byte after it too,
        // which only stops the fast path early.
        let low = x.wrapping_sub(ONES * 0x21) & !x & HIGH;
        let y = x ^ (ONES * u64::from(b' '));
        let spaces = y.wrapping_sub(ONES) & !y & HIGH;
        let before = (spaces << 8) | if after_space { 0x80 } else { 0 };
        let stop = (low & !spaces) | (spaces & before) | (x & HIGH);
        if stop != 0 {
            let k = stop.trailing_zeros() as usize / 8;
            if k > 0 {
                after_space = eight[k - 1] == b' ';
            }
            return (at + k, after_space);
        }
        after_space = eight[7] == b' ';
        at += 8;
    }
    (at, after_space)
}

/// The bytes that may start white space: ASCII's, and the lead bytes of
/// the characters that are Unicode's (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000).
static MAYBE_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = [
        b' ', b'\t', b'\n', 0x0b, 0x0c, b'\r', 0xc2, 0xe1, 0xe2, 0xe3,
    ];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

fn trim_end(text: &mut String) {
    if text.ends_with(' ') {
        text.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Looked for where its first byte is, a needle is found where
        /// comparing at every byte finds it.
        #[test]
        fn a_needle_is_found_ignoring_case_where_a_compare_at_every_byte_finds_it(
            haystack in "[<>/a-cA-Cé ]{0,40}",
            needle in "[<>/a-cA-C]{1,4}",
        ) {
            let expected = haystack
                .as_bytes()
                .windows(needle.len())
                .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
            proptest::prop_assert_eq!(find_ignoring_case(&haystack, &needle), expected);
        }
    }

    #[test]
    fn headings_split_the_body_and_code_blocks_are_left_out() {
        let html = "<p>Intro &amp; <em>more</em></p>\n<h2 id=\"use-a-page\"><a class=\"heading-anchor\" href=\"#use-a-page\">Use a page</a></h2>\n<p>Text<br>here</p><pre><code>let secret = 1;</code></pre><p>after &#8217;s &#x2014;</p>";
        let body = parts(html);
        let parts = &body.parts;
        assert_eq!(parts.len(), 2);
        assert_eq!(squeeze(body.raw(&parts[0])), "Intro & more");
        assert_eq!(parts[1].anchor, "use-a-page");
        assert_eq!(body.heading(&parts[1]), "Use a page");
        assert_eq!(
            squeeze(body.raw(&parts[1])),
            "Text here after \u{2019}s \u{2014}"
        );
    }

    #[test]
    fn a_finished_page_gives_its_main_content_without_navigation() {
        let html = "<html><nav>Menu</nav><MAIN class=\"main\"><h1>Title</h1><nav>Pages</nav><p>Drawn text</p></main><footer>Foot</footer>";
        let body = parts(main_of(html));
        assert_eq!(body.parts.len(), 1);
        assert_eq!(squeeze(body.raw(&body.parts[0])), "Title Drawn text");
        assert_eq!(main_of("<p>no main</p>"), "<p>no main</p>");
    }

    proptest::proptest! {
        /// White space, ASCII or not, in runs or alone, anywhere: the
        /// words joined by one space, as the standard library splits them.
        #[test]
        fn squeezing_keeps_the_words_with_one_space_between(
            text in "[ a\t\n\r\u{0b}\u{0c}\u{a0}\u{2003}é’b!\u{1}]{0,40}|([ ]{0,2}[a-z!]{1,9}[ \t\n!]?){0,12}",
        ) {
            let words: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(squeeze(&text), words.join(" "));
        }

        /// Squeezing a long text only as far as its cut needs gives what
        /// squeezing all of it and cutting gives.
        #[test]
        fn squeezing_as_far_as_the_cut_is_squeezing_all_and_cutting(
            text in "[ a\t\n\u{a0}\u{2003}é’b]{0,80}",
            max in 0usize..40,
        ) {
            let squeezed = squeeze(&text);
            proptest::prop_assert_eq!(squeeze_cut(&text, max), cut(&squeezed, max));
        }
    }

    #[test]
    fn inline_elements_are_known_in_any_case_and_in_order() {
        assert!(INLINE.is_sorted());
        for name in ["a", "EM", "Strong", "var"] {
            assert!(Lower::of(name).inline(), "{name}");
        }
        for name in ["p", "div", "li", "strongest", "", "h2"] {
            assert!(!Lower::of(name).inline(), "{name}");
        }
        assert!(Lower::of("PRE").is("pre") && !Lower::of("presentation").is("pre"));
    }

    #[test]
    fn stray_characters_stay_text() {
        let body = parts("<p>a &lt; b & c &bogus; d</p>");
        assert_eq!(squeeze(body.raw(&body.parts[0])), "a < b & c &bogus; d");
    }
}
