//! Resolving links written in Markdown to the URLs of the pages and files
//! they name, and saying precisely what is wrong when they name nothing.
//!
//! Pure: given the content tree and the set of known output files, a link
//! either resolves, is external, or is broken with a message and a hint.

use std::collections::HashSet;

use crate::content::{ContentTree, DocId};

/// What a link in Markdown turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Another site, an e-mail address, a phone number: left alone.
    External,
    /// A page, section or file of this site.
    Internal {
        /// The `href` to write.
        href: String,
        /// A `#fragment` to check against the target's headings.
        anchor: Option<(DocId, String)>,
    },
    /// Names nothing that exists.
    Broken {
        /// What is wrong.
        message: String,
        /// What to do.
        hint: Option<String>,
    },
}

/// Everything link resolution needs to know about the site.
#[derive(Debug)]
pub struct LinkScope<'a> {
    /// The content tree of the page's edition.
    pub tree: &'a ContentTree,
    /// Output paths of static files and generated files (`images/a.png`, `sitemap.xml`).
    pub files: &'a HashSet<String>,
    /// The base path every internal URL starts with (`/` or `/socialmedia/`).
    pub base_path: &'a str,
}

/// True when `dest` has a URL scheme (`https:`, `mailto:`…) or is protocol-relative.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..colon].contains('/')
        }
        None => false,
    }
}

impl LinkScope<'_> {
    /// Resolves `dest` as written in the document `from`.
    pub fn resolve(&self, from: DocId, dest: &str) -> Resolved {
        if dest.is_empty() || is_external(dest) {
            return Resolved::External;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        let suffix = |href: String| {
            let mut href = href;
            if let Some(q) = query {
                href.push('?');
                href.push_str(q);
            }
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(f);
            }
            href
        };
        if path.is_empty() {
            let anchor = fragment.map(|f| (from, decode(f)));
            return Resolved::Internal {
                href: suffix(String::new()),
                anchor,
            };
        }
        let from_doc = &self.tree.docs[from];
        let source_dir = from_doc.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let decoded = decode(path);
        let joined = if let Some(rooted) = decoded.strip_prefix('/') {
            normalise("", rooted)
        } else {
            normalise(source_dir, &decoded)
        };
        let Some(rel) = joined else {
            return Resolved::Broken {
                message: format!("the link `{dest}` goes above the top of the content folder"),
                hint: Some("remove a `../` from the start of the link".into()),
            };
        };
        if rel.to_ascii_lowercase().ends_with(".md") {
            return match self.tree.by_rel(&rel) {
                Some(id) => Resolved::Internal {
                    href: suffix(format!("{}{}", self.base_path, self.tree.docs[id].url)),
                    anchor: fragment.filter(|f| !f.is_empty()).map(|f| (id, decode(f))),
                },
                None => Resolved::Broken {
                    message: format!(
                        "the link `{dest}` points to `{rel}`, but there is no such page"
                    ),
                    hint: Some(match self.tree.suggest_rel(&rel) {
                        Some(s) => format!("No page `{rel}`; did you mean `{s}`?"),
                        None => "check the file name, or create the page".to_string(),
                    }),
                },
            };
        }
        // A page or section by its URL (`/platforms/facebook/`).
        let as_url = if rel.is_empty() {
            String::new()
        } else {
            format!("{}/", rel.trim_end_matches('/'))
        };
        if let Some(id) = self.tree.by_url(&as_url) {
            return Resolved::Internal {
                href: suffix(format!("{}{}", self.base_path, self.tree.docs[id].url)),
                anchor: fragment.filter(|f| !f.is_empty()).map(|f| (id, decode(f))),
            };
        }
        let file = rel.trim_end_matches('/');
        if let Some(asset) = self.tree.asset_by_rel(file) {
            return Resolved::Internal {
                href: suffix(format!("{}{}", self.base_path, asset.out)),
                anchor: None,
            };
        }
        if self.files.contains(file) || self.files.contains(&format!("{file}/index.html")) {
            return Resolved::Internal {
                href: suffix(format!("{}{file}", self.base_path)),
                anchor: None,
            };
        }
        Resolved::Broken {
            message: format!("the link `{dest}` points to `{file}`, but there is no page or file there"),
            hint: Some("link to the page's Markdown file (for example `../platforms/facebook.md`), or put the file in `static/`".into()),
        }
    }
}

/// Joins `dir` and a relative `path`, resolving `.` and `..`; `None` if it
/// climbs above the root.
fn normalise(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Percent-decodes a link (`my%20page.md` → `my page.md`); invalid escapes stay.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = if bytes[i] == b'%' && i + 2 < bytes.len() {
            text.get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        } else {
            None
        };
        if let Some(byte) = escaped {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_recognised() {
        for ext in [
            "https://www.nhs.uk",
            "mailto:a@b.org",
            "tel:+441234",
            "//cdn.example/x",
        ] {
            assert!(is_external(ext), "{ext}");
        }
        for int in ["../a.md", "/platforms/", "a.md#x", "#top", "dir/a:b.md"] {
            assert!(!is_external(int), "{int}");
        }
    }

    #[test]
    fn relative_paths_normalise() {
        assert_eq!(
            normalise("platforms", "../hr-guide/a.md").as_deref(),
            Some("hr-guide/a.md")
        );
        assert_eq!(normalise("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(normalise("", "../a.md"), None);
        assert_eq!(decode("my%20page.md"), "my page.md");
        assert_eq!(decode("100%"), "100%");
    }
}
