//! Heading ids (GitHub-style, unique within a page) and the table of contents.

use std::collections::HashMap;

use serde::Serialize;

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 2 for `##`, 3 for `###`…
    pub level: u8,
    /// The heading's id, for `#fragment` links.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Deeper headings under this one.
    pub children: Vec<TocEntry>,
}

/// GitHub's heading slug (its `github-slugger`): lowercase; each space a
/// hyphen; letters, marks, digits, `_` and `-` kept; symbols, other
/// punctuation, controls and other separators dropped. Links written for
/// GitHub (`#théorie-des-langages`, Kannada with its virama) find their
/// headings only if the ids are made exactly the same way.
pub fn slugify(text: &str) -> String {
    use unicode_properties::{
        GeneralCategory as C, GeneralCategoryGroup as G, UnicodeGeneralCategory,
    };
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        // Most headings are ASCII: decided without the Unicode tables.
        if c.is_ascii() {
            match c {
                ' ' => slug.push('-'),
                '-' | '_' => slug.push(c),
                _ if c.is_ascii_alphanumeric() => slug.push(c.to_ascii_lowercase()),
                _ => {}
            }
            continue;
        }
        let keep = match c {
            ' ' | '-' => true,
            _ if c.is_alphabetic() => true,
            _ => match c.general_category_group() {
                G::Letter | G::Mark => true,
                G::Number => c.general_category() != C::OtherNumber,
                G::Punctuation => c.general_category() == C::ConnectorPunctuation,
                G::Symbol | G::Separator | G::Other => false,
            },
        };
        if keep {
            if c == ' ' {
                slug.push('-');
            } else {
                slug.extend(c.to_lowercase());
            }
        }
    }
    slug
}

/// The values of the `id` and `name` attributes in a piece of raw HTML
/// (`<a id="csharp"></a>`): places a `#fragment` may point at, as in a
/// browser.
pub fn ids_in_html(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        // Skip the tag name, then read `name=value` pairs.
        let mut attrs = tag.trim_start_matches(|c: char| !c.is_whitespace() && c != '/');
        loop {
            attrs = attrs.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            let name_end = attrs
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(attrs.len());
            if name_end == 0 {
                break;
            }
            let name = &attrs[..name_end];
            attrs = attrs[name_end..].trim_start();
            let Some(after) = attrs.strip_prefix('=') else {
                continue;
            };
            let after = after.trim_start();
            let (value, remaining) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let close = inner.find(q).unwrap_or(inner.len());
                    (&inner[..close], &inner[(close + 1).min(inner.len())..])
                }
                _ => {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            if (name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("name"))
                && !value.is_empty()
            {
                ids.push(value.to_string());
            }
            attrs = remaining;
        }
    }
    ids
}

/// Where a tag that starts at `text` ends (at its `>`, outside quotes).
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    text.len()
}

/// Hands out ids that are unique within one page (`a`, `a-1`, `a-2`…).
#[derive(Debug, Default)]
pub struct IdAllocator {
    seen: HashMap<String, usize>,
}

impl IdAllocator {
    /// A unique id based on `wanted`.
    pub fn allocate(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() {
            "section".to_string()
        } else {
            wanted.to_string()
        };
        match self.seen.get(&base).copied() {
            None => {
                self.seen.insert(base.clone(), 0);
                base
            }
            Some(mut n) => loop {
                n += 1;
                let candidate = format!("{base}-{n}");
                if !self.seen.contains_key(&candidate) {
                    self.seen.insert(base.clone(), n);
                    self.seen.insert(candidate.clone(), 0);
                    break candidate;
                }
            },
        }
    }
}

/// Nests a flat list of headings (level 2 and deeper) into a tree.
pub fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for entry in flat {
        insert(&mut roots, entry);
    }
    roots
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_style_slugs() {
        assert_eq!(slugify("Pages versus profiles"), "pages-versus-profiles");
        assert_eq!(slugify("What's X (Twitter)?"), "whats-x-twitter");
        assert_eq!(
            slugify("Step 1: check your settings"),
            "step-1-check-your-settings"
        );
        // Marks stay (a Kannada virama, a combining accent), symbols go.
        assert_eq!(slugify("ವರ್ಣಮಾಲೆ ಕ್ರಮ"), "ವರ್ಣಮಾಲೆ-ಕ್ರಮ");
        assert_eq!(slugify("The\u{301}orie"), "the\u{301}orie");
        assert_eq!(slugify("C++ & C#"), "c--c");
        assert_eq!(slugify("snake_case x²"), "snake_case-x");
    }

    #[test]
    fn ids_in_raw_html_are_anchors() {
        assert_eq!(ids_in_html("<a id=\"csharp\"></a>"), ["csharp"]);
        assert_eq!(
            ids_in_html("<div class='x' ID='Top' data-id=\"no\"><a name=legacy>"),
            ["Top", "legacy"]
        );
        assert_eq!(ids_in_html("<a title=\"id=nope >\" id=\"yes\">"), ["yes"]);
        assert!(ids_in_html("<!-- id=\"no\" --> 1 < 2").is_empty());
    }

    #[test]
    fn ids_are_unique_within_a_page() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.allocate("scenario"), "scenario");
        assert_eq!(ids.allocate("scenario"), "scenario-1");
        assert_eq!(ids.allocate("scenario-1"), "scenario-1-1");
        assert_eq!(ids.allocate("scenario"), "scenario-2");
    }

    #[test]
    fn nesting_follows_levels() {
        let e = |level, id: &str| TocEntry {
            level,
            id: id.into(),
            title: id.into(),
            children: vec![],
        };
        let tree = nest(vec![e(2, "a"), e(3, "b"), e(3, "c"), e(2, "d"), e(4, "e")]);
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].children.len(), 2);
        assert_eq!(tree[1].children[0].id, "e");
    }
}
