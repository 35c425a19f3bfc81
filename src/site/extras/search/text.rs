//! A page's searchable text, from its rendered Markdown: the body split at
//! each heading that has an id (so a result can link to `#anchor`), code
//! blocks left out, tags dropped and character references decoded.

/// A stretch of a page's body: what comes before the first heading, or one
/// heading and the text under it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Part {
    /// The heading's id; empty for the text before the first heading.
    pub anchor: String,
    /// The heading's text; empty for the text before the first heading.
    pub heading: String,
    /// The text, with single spaces between words.
    pub text: String,
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

/// The body of `html` (one page's rendered Markdown) as parts.
pub fn parts(html: &str) -> Vec<Part> {
    let mut parts = vec![Part {
        anchor: String::new(),
        heading: String::new(),
        text: String::new(),
    }];
    let mut in_heading: Option<u8> = None;
    let mut rest = html;
    while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
        push_text(&mut parts, in_heading.is_some(), &rest[..lt]);
        rest = &rest[lt..];
        let Some(gt) = memchr::memchr(b'>', rest.as_bytes()) else {
            // A lone `<` is text.
            push_text(&mut parts, in_heading.is_some(), rest);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name = tag_name(tag);
        if let Some(skipped) = SKIPPED.iter().find(|s| name.eq_ignore_ascii_case(s)) {
            let close = format!("</{skipped}");
            rest = match find_ignoring_case(rest, &close) {
                Some(at) => rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]),
                None => "",
            };
            space(&mut parts, false);
            continue;
        }
        match heading_level(name) {
            Some(level) if level >= 2 && !tag.starts_with('/') => {
                if let Some(id) = attribute(tag, "id") {
                    parts.push(Part {
                        anchor: id.to_string(),
                        heading: String::new(),
                        text: String::new(),
                    });
                    in_heading = Some(level);
                    continue;
                }
            }
            Some(level) if tag.starts_with('/') && in_heading == Some(level) => {
                in_heading = None;
                continue;
            }
            _ => {}
        }
        if !INLINE.iter().any(|i| name.eq_ignore_ascii_case(i)) {
            space(&mut parts, in_heading.is_some());
        }
    }
    push_text(&mut parts, in_heading.is_some(), rest);
    for part in &mut parts {
        trim_end(&mut part.text);
        trim_end(&mut part.heading);
    }
    parts.retain(|p| !p.text.is_empty() || !p.heading.is_empty());
    parts
}

/// Elements that do not separate words.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "u", "var",
];

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

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn push_text(parts: &mut [Part], heading: bool, text: &str) {
    if text.is_empty() {
        return;
    }
    let Some(part) = parts.last_mut() else {
        return;
    };
    let target = if heading {
        &mut part.heading
    } else {
        &mut part.text
    };
    decode_into(target, text);
}

fn space(parts: &mut [Part], heading: bool) {
    push_text(parts, heading, " ");
}

/// Appends `text` with its character references decoded and its runs of
/// white space made one space (`push_squeezed`).
fn decode_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        push_squeezed(out, &rest[..amp]);
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
                push_squeezed(out, c.encode_utf8(&mut [0; 4]));
                rest = &rest[r.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    push_squeezed(out, rest);
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
        let b = bytes[at];
        let (space, len) = match b {
            b' ' if !after_space => {
                // One space between words is kept as it is.
                after_space = true;
                at += 1;
                continue;
            }
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => (true, 1),
            // Only these lead bytes start a character that is white space
            // (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000).
            0xc2 | 0xe1 | 0xe2 | 0xe3 => text[at..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
            _ => {
                after_space = false;
                at += 1;
                continue;
            }
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

fn trim_end(text: &mut String) {
    if text.ends_with(' ') {
        text.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_split_the_body_and_code_blocks_are_left_out() {
        let html = "<p>Intro &amp; <em>more</em></p>\n<h2 id=\"use-a-page\"><a class=\"heading-anchor\" href=\"#use-a-page\">Use a page</a></h2>\n<p>Text<br>here</p><pre><code>let secret = 1;</code></pre><p>after &#8217;s &#x2014;</p>";
        let parts = parts(html);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].text, "Intro & more");
        assert_eq!(parts[1].anchor, "use-a-page");
        assert_eq!(parts[1].heading, "Use a page");
        assert_eq!(parts[1].text, "Text here after \u{2019}s \u{2014}");
    }

    #[test]
    fn a_finished_page_gives_its_main_content_without_navigation() {
        let html = "<html><nav>Menu</nav><MAIN class=\"main\"><h1>Title</h1><nav>Pages</nav><p>Drawn text</p></main><footer>Foot</footer>";
        let parts = parts(main_of(html));
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].text, "Title Drawn text");
        assert_eq!(main_of("<p>no main</p>"), "<p>no main</p>");
    }

    proptest::proptest! {
        /// White space, ASCII or not, in runs or alone, anywhere: the
        /// words joined by one space, as the standard library splits them.
        #[test]
        fn squeezing_keeps_the_words_with_one_space_between(
            text in "[ a\t\n\r\u{0b}\u{0c}\u{a0}\u{2003}é’b]{0,40}",
        ) {
            let words: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(squeeze(&text), words.join(" "));
        }

        /// The index's words are the ones the reader's script would split:
        /// letters, digits and inner apostrophes, lower case, two or more.
        #[test]
        fn tokens_are_the_lower_case_words_of_two_letters_or_more(
            text in "[ aB'’.é1\u{2003}-]{0,40}",
        ) {
            let expected: Vec<String> = text
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
                .map(|w| w.trim_matches(['\'', '\u{2019}']))
                .filter(|w| w.chars().count() >= 2)
                .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
                .collect();
            let found: Vec<String> = crate::site::extras::search::words::tokens(&text)
                .map(|w| w.into_owned())
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn stray_characters_stay_text() {
        let parts = parts("<p>a &lt; b & c &bogus; d</p>");
        assert_eq!(parts[0].text, "a < b & c &bogus; d");
    }
}
