//! A light scanner of built HTML: the addresses a page links to (`href`,
//! `src`, `action`, `poster`, `srcset`) and the ids it offers to
//! `#fragment` links (`id`, and `name` on `<a>`), each with its byte
//! offset. One pass over the bytes with `memchr`, no tree: comments,
//! `<script>` and `<style>` contents are skipped, attribute values are
//! entity-decoded for the few entities canteen and Tera write.
//!
//! Pure: it never resolves or judges an address (`super::resolve` does).

use memchr::memchr;

/// An address found in an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Href {
    /// The attribute's value, entity-decoded.
    pub value: String,
    /// Byte offset of the value (after the quote) in the scanned text.
    pub offset: usize,
}

/// What one HTML file links to and offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Every address in a linking attribute, in order.
    pub links: Vec<Href>,
    /// Every id (and `<a name>`), in order.
    pub ids: Vec<String>,
}

/// Scans a file's bytes for links and ids, as UTF-8 (a byte that is not
/// UTF-8 is read as U+FFFD). `from_utf8` checks ASCII eight bytes at a
/// time; the lossy reading, byte by byte, was 1.2-1.6% of a 10,000-page
/// build, so it is only the fallback.
pub fn scan_bytes(html: &[u8]) -> Scan {
    match std::str::from_utf8(html) {
        Ok(html) => scan(html),
        Err(_) => scan(&String::from_utf8_lossy(html)),
    }
}

/// Scans `html` for links and ids.
pub fn scan(html: &str) -> Scan {
    let bytes = html.as_bytes();
    let mut out = Scan::default();
    let mut at = 0;
    while let Some(open) = memchr(b'<', &bytes[at..]).map(|i| at + i) {
        let rest = &html[open + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            at = comment
                .find("-->")
                .map_or(bytes.len(), |i| open + 4 + i + 3);
            continue;
        }
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
            at = open + 1;
            continue;
        }
        let name = &rest[..name_len];
        let end = tag(html, open + 1 + name_len, name, &mut out);
        at = end;
        for raw_text in ["script", "style"] {
            if name.eq_ignore_ascii_case(raw_text) {
                // Raw text: nothing inside is a tag.
                let close = format!("</{raw_text}");
                at = find_ascii_ci(&html[end..], &close).map_or(bytes.len(), |i| end + i);
            }
        }
    }
    out
}

/// Reads the attributes of a tag named `name` from `at` (just after its
/// name) to its `>`; returns the offset after it.
fn tag(html: &str, mut at: usize, name: &str, out: &mut Scan) -> usize {
    let bytes = html.as_bytes();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() {
            return at;
        }
        if bytes[at] == b'>' {
            return at + 1;
        }
        let start = at;
        while at < bytes.len() && !matches!(bytes[at], b'=' | b'>' | b'/') {
            if bytes[at].is_ascii_whitespace() {
                break;
            }
            at += 1;
        }
        let attr = &html[start..at];
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') {
            if at == start {
                at += 1;
            }
            continue;
        }
        at += 1;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let (value_start, value_end, next) = match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = memchr(quote, &bytes[at + 1..]).map_or(bytes.len(), |i| at + 1 + i);
                (at + 1, end, (end + 1).min(bytes.len()))
            }
            _ => {
                let end = bytes[at..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>')
                    .map_or(bytes.len(), |i| at + i);
                (at, end, end)
            }
        };
        at = next;
        let raw = &html[value_start..value_end];
        let is = |known: &str| attr.eq_ignore_ascii_case(known);
        if is("href") || is("src") || is("action") || is("poster") {
            out.links.push(Href {
                value: crate::html::unescape(raw),
                offset: value_start,
            });
        } else if is("srcset") {
            srcset(raw, value_start, out);
        } else if is("id") || (is("name") && name.eq_ignore_ascii_case("a")) {
            out.ids.push(crate::html::unescape(raw));
        }
    }
}

/// The addresses of a `srcset` (`a.png 1x, b.png 2x`).
fn srcset(raw: &str, offset: usize, out: &mut Scan) {
    let mut at = 0;
    for candidate in raw.split(',') {
        let trimmed = candidate.trim_start();
        let lead = candidate.len() - trimmed.len();
        if let Some(url) = trimmed.split_whitespace().next() {
            out.links.push(Href {
                value: crate::html::unescape(url),
                offset: offset + at + lead,
            });
        }
        at += candidate.len() + 1;
    }
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let mut at = 0;
    while let Some(i) = memchr(b'<', &h[at..]).map(|i| at + i) {
        if h.len() - i >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(html: &str) -> Vec<String> {
        scan(html).links.into_iter().map(|h| h.value).collect()
    }

    #[test]
    fn bytes_are_scanned_as_their_text_and_a_byte_that_is_not_utf8_as_a_replacement() {
        let html = "<p id=\"café\"><a href=\"/b/\">b</a>";
        assert_eq!(scan_bytes(html.as_bytes()), scan(html));
        let broken = b"<p>\xff\xfe</p><a href=\"/c/\" id=\"d\">c</a>";
        let lossy = String::from_utf8_lossy(broken);
        assert_eq!(scan_bytes(broken), scan(&lossy));
        assert_eq!(links(&lossy), ["/c/"]);
    }

    #[test]
    fn finds_links_and_ids() {
        let s = scan(
            r#"<a href="/a/" id=top>x</a><IMG SRC='b.png' alt="x > y"><a name="n"></a><p id="p&amp;q">"#,
        );
        let values: Vec<&str> = s.links.iter().map(|h| h.value.as_str()).collect();
        assert_eq!(values, ["/a/", "b.png"]);
        assert_eq!(s.ids, ["top", "n", "p&q"]);
        assert_eq!(s.links[0].offset, 9);
    }

    #[test]
    fn skips_comments_scripts_styles_and_text() {
        assert_eq!(
            links(
                r#"<!-- <a href="/c/"> --><script>let a = '<a href="/s/">';</script><style>a[href="/t/"]{}</style><p>href="/u/"</p><a href="/v/">"#
            ),
            ["/v/"]
        );
    }

    #[test]
    fn reads_srcset_unquoted_and_entities() {
        assert_eq!(
            links(r#"<img srcset="a.png 1x, b.png 2x"><a href=/x/?a=1&amp;b=2>"#),
            ["a.png", "b.png", "/x/?a=1&b=2"]
        );
        assert_eq!(links(r#"<a href="&#47;a&#x2F;b&copy=1">"#), ["/a/b&copy=1"]);
    }

    #[test]
    fn a_broken_tag_ends_the_scan_without_panicking() {
        for html in [
            "<a href=\"",
            "<a href=",
            "<a",
            "<",
            "<!--",
            "<script>",
            "<a b c",
        ] {
            let _ = scan(html);
        }
    }
}
