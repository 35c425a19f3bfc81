//! Resolving links written in Markdown to the URLs of the pages and files
//! they name, and saying precisely what is wrong when they name nothing.
//!
//! Pure: given the content tree and the set of known output files, a link
//! either resolves, is external, or is broken with a message and a hint.

use std::collections::HashSet;

use crate::content::address::{self, decode};
use crate::content::{ContentTree, DocId};

/// What a link in Markdown turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Another site, an e-mail address, a phone number: left alone.
    External,
    /// A path that climbs above the site (`../other-project/page.html`
    /// from a site published under a path): outside the site, so not
    /// checked here, but written so that it reaches the same place from
    /// the page's address as from the Markdown file.
    Outside {
        /// The `href` to write: an absolute path.
        href: String,
    },
    /// A page, section or file of this site.
    Internal {
        /// The `href` to write.
        href: String,
        /// A `#fragment` to check against the target's headings.
        anchor: Option<(DocId, String)>,
        /// The edition the target is in, as an index of
        /// [`LinkScope::editions`], when the link crosses editions.
        edition: Option<usize>,
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
    /// What links to the edition's own pages and files start with:
    /// [`super::base_marker`], replaced by the edition's base path (`/`,
    /// `/socialmedia/`, `/2013/`) when a template shows the HTML.
    pub base_path: &'a str,
    /// The base path of the site, where static files live (`/` or `/socialmedia/`).
    pub files_base: &'a str,
    /// Every edition, for links written `/<edition id>/…`; empty on a site
    /// without editions.
    pub editions: &'a [EditionTarget<'a>],
    /// True when the edition has a "what changed" page (`what-changed/`).
    pub what_changed: bool,
}

/// An edition a link may name by its id.
#[derive(Debug)]
pub struct EditionTarget<'a> {
    /// Its id, the first segment of its addresses.
    pub id: &'a str,
    /// What readers call it, for messages.
    pub label: &'a str,
    /// Its pages.
    pub tree: &'a ContentTree,
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

impl<'a> LinkScope<'a> {
    /// Where the Markdown of edition `view` (an index of `editions`, oldest
    /// first; 0 on a site without editions) is rendered: its own links
    /// start with [`super::base_marker`], and every edition but the oldest
    /// has a "what changed" page.
    pub fn of_edition(
        tree: &'a ContentTree,
        files: &'a HashSet<String>,
        site_base: &'a str,
        editions: &'a [EditionTarget<'a>],
        view: usize,
    ) -> Self {
        LinkScope {
            tree,
            files,
            base_path: super::base_marker(),
            files_base: site_base,
            editions,
            what_changed: view > 0,
        }
    }

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
            // `#` alone is the top of the page, as in a browser.
            let anchor = fragment
                .filter(|f| !f.is_empty())
                .map(|f| (from, decode(f)));
            return Resolved::Internal {
                href: suffix(String::new()),
                anchor,
                edition: None,
            };
        }
        let from_doc = &self.tree.docs[from];
        let source_dir = from_doc.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let decoded = decode(path);
        let (above, rel) = match decoded.strip_prefix('/') {
            Some(rooted) => join("", rooted),
            None => join(source_dir, &decoded),
        };
        // Above a site published under a path is outside it; above a site
        // at the host's root there is nothing, and a browser stays at the
        // root: the link is read from there.
        if above > 0 && self.files_base != "/" {
            let (_, written) = match path.strip_prefix('/') {
                Some(rooted) => join("", rooted),
                None => join(source_dir, path),
            };
            return Resolved::Outside {
                href: suffix(climb(self.files_base, above, &written)),
            };
        }
        if decoded.starts_with('/')
            && let Some((index, edition, rest)) = self.edition_of(&rel)
        {
            return self.resolve_in_edition(index, edition, rest, dest, fragment, &suffix);
        }
        self.resolve_rel(rel, dest, fragment, &suffix)
    }

    /// The edition a root-relative path starts with (`2013/hr-guide/`).
    fn edition_of<'r>(&self, rel: &'r str) -> Option<(usize, &EditionTarget<'a>, &'r str)> {
        let (first, rest) = rel.split_once('/').unwrap_or((rel, ""));
        self.editions
            .iter()
            .enumerate()
            .find(|(_, e)| e.id == first)
            .map(|(i, e)| (i, e, rest))
    }

    /// Resolves `rest` in another edition (or this one, by its stable
    /// address): the link keeps the `/<id>/` address, which never changes.
    fn resolve_in_edition(
        &self,
        index: usize,
        edition: &EditionTarget<'_>,
        rest: &str,
        dest: &str,
        fragment: Option<&str>,
        suffix: &dyn Fn(String) -> String,
    ) -> Resolved {
        let base = format!("{}{}/", self.files_base, edition.id);
        let scope = LinkScope {
            tree: edition.tree,
            files: &HashSet::new(),
            base_path: &base,
            files_base: self.files_base,
            editions: &[],
            what_changed: index > 0,
        };
        match scope.resolve_rel(rest.to_string(), dest, fragment, suffix) {
            Resolved::Internal { href, anchor, .. } => Resolved::Internal {
                href,
                anchor,
                edition: Some(index),
            },
            Resolved::Broken { hint, .. } => Resolved::Broken {
                message: format!(
                    "the link `{dest}` points to `{rest}` in the {} (`{}`), but that edition has no such page",
                    edition.label, edition.id
                ),
                hint: hint.filter(|h| h.contains("did you mean")).or_else(|| {
                    Some(format!(
                        "links into another edition are that edition's addresses: `/{}/` and then the page's address there",
                        edition.id
                    ))
                }),
            },
            other @ (Resolved::External | Resolved::Outside { .. }) => other,
        }
    }

    /// Resolves a path relative to the content folder (`platforms/facebook.md`,
    /// `platforms/facebook/`, `images/a.png`).
    fn resolve_rel(
        &self,
        rel: String,
        dest: &str,
        fragment: Option<&str>,
        suffix: &dyn Fn(String) -> String,
    ) -> Resolved {
        let page = |id: DocId| Resolved::Internal {
            href: suffix(format!("{}{}", self.base_path, self.tree.docs[id].url)),
            anchor: fragment.filter(|f| !f.is_empty()).map(|f| (id, decode(f))),
            edition: None,
        };
        let lower = rel.to_ascii_lowercase();
        if lower.ends_with(".md") {
            return match self.tree.by_rel(&rel) {
                Some(id) => page(id),
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
        // A page by the file a book tool makes of it (`chapter.html` for
        // `chapter.md`, `index.html` for a folder's page).
        if let Some(stem) = lower.strip_suffix(".html").map(|_| &rel[..rel.len() - 5]) {
            let markdown = format!("{stem}.md");
            if let Some(id) = self.tree.by_rel(&markdown) {
                return page(id);
            }
            let folder = stem
                .strip_suffix("index")
                .filter(|f| f.is_empty() || f.ends_with('/'));
            if let Some(id) = folder.and_then(|f| self.by_address(f)) {
                return page(id);
            }
        }
        // A page or section by its URL (`/platforms/facebook/`).
        if let Some(id) = self.by_address(&rel) {
            return page(id);
        }
        let as_url = if rel.is_empty() {
            String::new()
        } else {
            format!("{}/", rel.trim_end_matches('/'))
        };
        if self.what_changed && as_url == address::WHAT_CHANGED {
            return Resolved::Internal {
                href: suffix(format!("{}{as_url}", self.base_path)),
                anchor: None,
                edition: None,
            };
        }
        let file = rel.trim_end_matches('/');
        if let Some(asset) = self.tree.asset_by_rel(file) {
            return Resolved::Internal {
                href: suffix(format!("{}{}", self.base_path, encode_path(&asset.out))),
                anchor: None,
                edition: None,
            };
        }
        if self.files.contains(file) || self.files.contains(&format!("{file}/index.html")) {
            return Resolved::Internal {
                href: suffix(format!("{}{}", self.files_base, encode_path(file))),
                anchor: None,
                edition: None,
            };
        }
        let hint = if let Some(url) = web_address(dest) {
            format!("if this is a web address, write it in full: `{url}`")
        } else if let Some(stem) = lower.strip_suffix(".html").map(|_| &file[..file.len() - 5]) {
            match self.tree.suggest_rel(&format!("{stem}.md")) {
                Some(s) => format!("there is no page `{stem}.md` either; did you mean `{s}`?"),
                None => format!("there is no page `{stem}.md` either: check the name"),
            }
        } else {
            "link to the page's Markdown file (for example `../platforms/facebook.md`), or put the file in `static/`".into()
        };
        Resolved::Broken {
            message: format!(
                "the link `{dest}` points to `{file}`, but there is no page or file there"
            ),
            hint: Some(hint),
        }
    }

    /// The document at the address a decoded path names (`a b/` or `a b`).
    fn by_address(&self, rel: &str) -> Option<DocId> {
        let url = address::of_path(rel).ok()?;
        self.tree.by_url(&url)
    }
}

/// `path` (decoded, `/`-separated) as it goes in an `href`.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(address::encode)
        .collect::<Vec<_>>()
        .join("/")
}

/// `https://…` for a link written without its scheme (`www.nhs.uk/x`,
/// `youtube.com/playlist?list=…`): its first part looks like a host name.
fn web_address(dest: &str) -> Option<String> {
    let host = dest.split(['/', '?', '#']).next()?;
    let labels: Vec<&str> = host.split('.').collect();
    let tld = labels.last()?;
    let looks_like_host = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && ![
            "md", "html", "htm", "png", "jpg", "jpeg", "gif", "svg", "pdf", "txt", "css", "js",
            "toml", "yml", "yaml", "json", "xml",
        ]
        .contains(&tld.to_ascii_lowercase().as_str());
    looks_like_host.then(|| format!("https://{dest}"))
}

/// `path` after `above` levels above the top of `base` (`/a/b/`): where a
/// link that climbs out of the site lands, never above `/`.
fn climb(base: &str, above: usize, path: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for _ in 0..above {
        parts.pop();
    }
    let mut href = String::from("/");
    for part in parts {
        href.push_str(part);
        href.push('/');
    }
    href.push_str(path);
    href
}

/// Joins `dir` and a relative `path`, resolving `.` and `..`: how many
/// levels the path climbs above the top (0 when it stays inside), and the
/// path from there.
fn join(dir: &str, path: &str) -> (usize, String) {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let mut above = 0;
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    above += 1;
                }
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    (above, joined)
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
            join("platforms", "../hr-guide/a.md"),
            (0, "hr-guide/a.md".to_string())
        );
        assert_eq!(join("", "./a.md"), (0, "a.md".to_string()));
        assert_eq!(join("", "../a.md"), (1, "a.md".to_string()));
        assert_eq!(join("a", "../../../x/y.html"), (2, "x/y.html".to_string()));
    }

    #[test]
    fn links_above_the_site_land_where_the_file_meant() {
        assert_eq!(climb("/guide/", 1, "other/page.html"), "/other/page.html");
        assert_eq!(climb("/", 2, "x.html"), "/x.html");
        assert_eq!(climb("/a/b/", 1, "c/"), "/a/c/");
    }

    #[test]
    fn links_written_without_a_scheme_are_recognised() {
        assert_eq!(
            web_address("youtube.com/playlist?list=x").as_deref(),
            Some("https://youtube.com/playlist?list=x")
        );
        assert_eq!(
            web_address("www.nhs.uk").as_deref(),
            Some("https://www.nhs.uk")
        );
        for not in [
            "facebook.md",
            "images/a.png",
            "x.html",
            "LICENSE",
            "../a.md",
        ] {
            assert_eq!(web_address(not), None, "{not}");
        }
    }
}
