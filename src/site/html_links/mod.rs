//! Every internal link of the built HTML checked against the files the
//! build writes: links from templates (header, footer, navigation), from
//! raw HTML inside Markdown, from data records and from `[brand]`, in
//! every edition. Markdown links are checked when the Markdown is parsed
//! (`markdown::links`, `markdown::anchors`) and are not reported again.
//!
//! Linear in pages and links: `Recording` scans each HTML file once as it
//! is written (`scan.rs`: addresses and ids, no tree) and remembers every
//! path written, whatever wrote it (pages, extras, static files), so a
//! file an extra makes is an existing output without a list of kinds;
//! `check` then looks each address up in hash sets. Only a broken link
//! costs more: `origin.rs` finds where it was written.
//!
//! Never changes a file: it reads what the sink is given and passes it on.

mod origin;
pub use origin::{documents_by_file, locate, pages_in_words};
pub mod scan;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::content::address;
use crate::diagnostics::Diagnostic;
use crate::fs::FsResult;
use crate::output::Sink;
use scan::Scan;

use super::Site;

/// The environment variable that switches the check off, for measuring
/// what it costs (`scripts/bench-check`); not meant for sites.
pub const SKIP_VAR: &str = "CANTEEN_SKIP_HTML_LINK_CHECK";

/// True when `SKIP_VAR` is set.
pub fn skipped() -> bool {
    std::env::var_os(SKIP_VAR).is_some()
}

/// A sink that passes every file on to `inner`, remembering every path
/// written and scanning every HTML file.
pub struct Recording<'a> {
    inner: &'a dyn Sink,
    seen: Mutex<Seen>,
}

/// What a `Recording` saw.
#[derive(Debug, Default)]
pub struct Seen {
    /// Every path written.
    pub files: HashSet<String>,
    /// Every HTML file's links and ids, by path.
    pub pages: HashMap<String, Scan>,
}

impl<'a> Recording<'a> {
    /// A recording in front of `inner`.
    pub fn new(inner: &'a dyn Sink) -> Recording<'a> {
        Recording {
            inner,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// What was written.
    pub fn into_seen(self) -> Seen {
        self.seen
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Remembers a file written at `path`, and its links if it is a page.
    fn record(&self, path: &str, scanned: Option<scan::Scan>) {
        let mut seen = self.lock();
        seen.files.insert(path.to_string());
        if let Some(scanned) = scanned {
            seen.pages.insert(path.to_string(), scanned);
        }
    }
}

/// True for a file whose links are checked.
fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

impl Sink for Recording<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> FsResult<()> {
        let scanned = is_html(path).then(|| scan::scan_bytes(&bytes));
        self.inner.put(path, bytes)?;
        self.record(path, scanned);
        Ok(())
    }

    fn put_copy(&self, path: &str, bytes: &[u8]) -> FsResult<()> {
        let scanned = is_html(path).then(|| scan::scan_bytes(bytes));
        self.inner.put_copy(path, bytes)?;
        self.record(path, scanned);
        Ok(())
    }

    fn copy_from(&self, path: &str, from: &Path) -> FsResult<()> {
        self.inner.copy_from(path, from)?;
        self.lock().files.insert(path.to_string());
        Ok(())
    }

    fn link_from(&self, path: &str, from: &Path) -> FsResult<()> {
        self.inner.link_from(path, from)?;
        self.lock().files.insert(path.to_string());
        Ok(())
    }

    fn makes_on_request(&self) -> bool {
        self.inner.makes_on_request()
    }

    fn keeps_nothing(&self) -> bool {
        self.inner.keeps_nothing()
    }
}

/// What is wrong with a link.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Problem {
    /// No file of the site is at the address (the output file looked for).
    Missing(String),
    /// The address leaves the site (above its base path).
    Outside,
    /// The page exists, the `#fragment` is no id on it (page URL, or
    /// `None` for the page the link is on; id).
    NoAnchor(Option<String>, String),
}

impl Problem {
    /// The problem in words, about `href` written `place` (` in the
    /// template \`footer.html\``).
    pub fn describe(&self, href: &str, place: &str, base: &str) -> String {
        match self {
            Problem::Missing(_) => {
                format!("the link `{href}`{place} leads to no page or file of the site")
            }
            Problem::Outside => format!(
                "the link `{href}`{place} leads outside the site, whose addresses start with `{base}`"
            ),
            Problem::NoAnchor(Some(page), id) => format!(
                "the link `{href}`{place} leads to `#{id}`, which is no heading or id on `{page}`"
            ),
            Problem::NoAnchor(None, id) => format!(
                "the link `{href}`{place} leads to `#{id}`, which is no heading or id on the page it is on"
            ),
        }
    }
}

/// Everything a page's links are resolved against.
pub struct Outputs<'a> {
    /// Whether the build writes a file at this path.
    pub exists: &'a (dyn Fn(&str) -> bool + Sync),
    /// Whether an HTML file has an id (file, id); `None` when its ids
    /// are not known (an HTML file copied as it is).
    pub has_id: &'a (dyn Fn(&str, &str) -> Option<bool> + Sync),
    /// The site's base path (`/`, `/toolkit/`).
    pub base: &'a str,
}

/// Where `href`, written on the page at output path `page`, leads: `None`
/// when it is fine or not internal (another scheme, another host).
pub fn resolve(page: &str, href: &str, out: &Outputs<'_>) -> Option<Problem> {
    let href = href.trim();
    if href.is_empty() || href.starts_with("//") || has_scheme(href) {
        return None;
    }
    let (rest, fragment) = match href.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (href, None),
    };
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    let file = if path.is_empty() {
        page.to_string()
    } else {
        let dir = page.rfind('/').map_or("", |i| &page[..=i]);
        let joined = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("{}{dir}{path}", out.base)
        };
        let Some(absolute) = normalise(&joined) else {
            return Some(Problem::Outside);
        };
        let Some(key) = absolute
            .strip_prefix(out.base)
            .or_else(|| (format!("{absolute}/") == out.base).then_some(""))
        else {
            return Some(Problem::Outside);
        };
        let key = address::decode(key);
        if key.is_empty() || key.ends_with('/') {
            let index = format!("{key}index.html");
            if !(out.exists)(&index) {
                return Some(Problem::Missing(index));
            }
            index
        } else if (out.exists)(&key) {
            key
        } else if (out.exists)(&format!("{key}/index.html")) {
            format!("{key}/index.html")
        } else {
            return Some(Problem::Missing(key));
        }
    };
    let fragment = fragment.map(address::decode).filter(|f| !f.is_empty());
    match fragment {
        Some(id) if id != "top" && is_html(&file) => {
            let found = (out.has_id)(&file, &id)?;
            let page = (!path.is_empty()).then(|| url_of(&file, out.base));
            (!found).then_some(Problem::NoAnchor(page, id))
        }
        _ => None,
    }
}

/// `/a/./b/../c` → `/a/c`; `None` when it climbs above the root (it
/// leaves the site).
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.into_iter().enumerate() {
        match segment {
            "." => {
                if i == last {
                    parts.push("");
                }
            }
            ".." => {
                if parts.len() <= 1 {
                    return None;
                }
                parts.pop();
                if i == last {
                    parts.push("");
                }
            }
            _ => parts.push(segment),
        }
    }
    Some(parts.join("/"))
}

/// True when `href` starts with a URL scheme (`https:`, `mailto:`).
fn has_scheme(href: &str) -> bool {
    let Some(colon) = href.find(':') else {
        return false;
    };
    let scheme = &href[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The address of the output file `file` (`about/index.html` → `/about/`).
pub fn url_of(file: &str, base: &str) -> String {
    format!("{base}{}", file.strip_suffix("index.html").unwrap_or(file))
}

/// A broken link and every page it is on.
#[derive(Debug)]
pub struct Broken {
    /// As written in the HTML.
    pub href: String,
    /// What is wrong.
    pub problem: Problem,
    /// The output files of the pages it is on, sorted.
    pub pages: Vec<String>,
}

/// Every broken internal link of `pages` (output path → scan), each once
/// with the pages it is on.
pub fn find_broken(pages: &HashMap<String, Scan>, out: &Outputs<'_>) -> Vec<Broken> {
    // An address from the root without a fragment (most of a template's)
    // resolves the same on every page: once per worker, then looked up.
    let found: Vec<(String, String, Problem)> = pages
        .par_iter()
        .map_init(
            HashMap::<&str, Option<Problem>>::new,
            |same_everywhere, (page, scan)| {
                let mut local = Vec::new();
                let mut done: HashSet<&str> = HashSet::new();
                for link in &scan.links {
                    let href = link.value.as_str();
                    if !done.insert(href) {
                        continue;
                    }
                    let problem = if href.starts_with('/') && !href.contains('#') {
                        same_everywhere
                            .entry(href)
                            .or_insert_with(|| resolve(page, href, out))
                            .clone()
                    } else {
                        resolve(page, href, out)
                    };
                    if let Some(problem) = problem {
                        local.push((link.value.clone(), page.clone(), problem));
                    }
                }
                local
            },
        )
        .flatten_iter()
        .collect();
    let mut grouped: HashMap<(String, Problem), Vec<String>> = HashMap::new();
    for (href, page, problem) in found {
        grouped.entry((href, problem)).or_default().push(page);
    }
    let mut broken: Vec<Broken> = grouped
        .into_iter()
        .map(|((href, problem), mut pages)| {
            pages.sort();
            Broken {
                href,
                problem,
                pages,
            }
        })
        .collect();
    broken.sort_by(|a, b| (&a.pages[0], &a.href).cmp(&(&b.pages[0], &b.href)));
    broken
}

/// Whether the scanned page `file` has the id `id`; `None` when it was
/// not scanned.
pub fn scanned_id(pages: &HashMap<String, Scan>, file: &str, id: &str) -> Option<bool> {
    pages.get(file).map(|s| s.ids.iter().any(|i| i == id))
}

/// The diagnostics for the broken links of `pages`, resolved against
/// `out`, each attributed to where it was written.
pub fn diagnose(site: &Site, pages: &HashMap<String, Scan>, out: &Outputs<'_>) -> Vec<Diagnostic> {
    let broken = find_broken(pages, out);
    if broken.is_empty() {
        return Vec::new();
    }
    origin::diagnose(site, out.base, broken)
}

/// The diagnostics for what `seen` holds, attributed to the template,
/// Markdown file or data file that wrote each broken link; links written
/// in Markdown link syntax are left out (checked when parsed).
pub fn check(site: &Site, seen: &Seen) -> Vec<Diagnostic> {
    let base = site.config.base_path();
    let exists = |file: &str| seen.files.contains(file);
    let has_id = |file: &str, id: &str| scanned_id(&seen.pages, file, id);
    let out = Outputs {
        exists: &exists,
        has_id: &has_id,
        base: &base,
    };
    let warn = site.config.links.broken == crate::config::BrokenLinks::Warn;
    diagnose(site, &seen.pages, &out)
        .into_iter()
        .map(|d| if warn { d.warning() } else { d })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(page: &str, href: &str) -> Option<Problem> {
        let files: HashSet<String> = [
            "index.html",
            "about/index.html",
            "css/site.css",
            "feed.xml",
            "a b/index.html",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let has_id = |file: &str, id: &str| (file == "about/index.html").then(|| id == "team");
        let exists = |f: &str| files.contains(f);
        resolve(
            page,
            href,
            &Outputs {
                exists: &exists,
                has_id: &has_id,
                base: "/site/",
            },
        )
    }

    #[test]
    fn resolves_addresses_as_a_browser_would() {
        let missing = |f: &str| Some(Problem::Missing(f.to_string()));
        let cases: &[(&str, &str, Option<Problem>)] = &[
            ("index.html", "/site/about/", None),
            ("index.html", "/site/about", None),
            ("index.html", "/site/", None),
            ("index.html", "/site", None),
            ("index.html", "about/", None),
            ("about/index.html", "../css/site.css?v=1", None),
            ("about/index.html", "./", None),
            ("about/index.html", "#team", None),
            ("index.html", "/site/feed.xml", None),
            ("index.html", "/site/a%20b/", None),
            ("index.html", "https://example.org/x", None),
            ("index.html", "mailto:a@b.c", None),
            ("index.html", "//cdn.example.org/x.js", None),
            ("index.html", "/site/about/#team", None),
            ("index.html", "/site/about/#top", None),
            ("index.html", "/site/nope/", missing("nope/index.html")),
            ("about/index.html", "nope.png", missing("about/nope.png")),
            ("index.html", "/elsewhere/", Some(Problem::Outside)),
            ("index.html", "../../x/", Some(Problem::Outside)),
            (
                "about/index.html",
                "#nobody",
                Some(Problem::NoAnchor(None, "nobody".into())),
            ),
            (
                "index.html",
                "/site/about/#nobody",
                Some(Problem::NoAnchor(
                    Some("/site/about/".into()),
                    "nobody".into(),
                )),
            ),
        ];
        for (page, href, want) in cases {
            assert_eq!(&problem(page, href), want, "{href} on {page}");
        }
    }
}
