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

/// GitHub's heading slug: lowercase, punctuation dropped, spaces to hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    slug
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
