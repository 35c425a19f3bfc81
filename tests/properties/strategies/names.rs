//! File and folder names in `content/` and `static/`: symbols, Unicode
//! (Arabic, CJK, combining marks), case variants, a page beside a folder of
//! the same name, `index.md` / `_index.md` / `README.md` together,
//! dot-files, names that slugify to nothing, names of generated files, and
//! symlinks to files outside the site root.

use proptest::prelude::*;

use canteen::content::walk::is_ignored;

use super::one_of;
use crate::spec::{OUTSIDE, SiteSpec};

const NAMES: &[&str] = &[
    "a",
    "A",
    "b",
    "x",
    "!",
    "$",
    "%",
    "((",
    "[",
    ",",
    "+",
    "#",
    "?",
    " ",
    "a b",
    "é",
    "e\u{301}",
    "مرحبا",
    "中文",
    "-",
    "_",
    "...",
    ".hidden",
    "index",
    "_index",
    "README",
    "sitemap.xml",
    "404.html",
    "what-changed",
    "css",
    "images",
    "~backup",
    "#emacs#",
    "x.md",
    "a.b",
    "%2e%2e",
    "..a",
    "a\\b",
    "UPPER",
    "contact",
    "accessibility",
    "2013",
];

/// What one generated path is.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// `<name>.md` with a heading.
    Page,
    /// `index.md`, `_index.md` or `README.md` in the folder.
    Special(&'static str),
    /// `<name>.png` in `content/`.
    Asset,
    /// `static/…/<name>`.
    Static,
    /// `content/…/<name>.md` → a Markdown file outside the site.
    LinkOut,
    /// `static/…/<name>` → a stylesheet outside the site.
    StaticLinkOut,
    /// `content/…/<name>` → a folder outside the site.
    FolderLinkOut,
}

fn kind() -> BoxedStrategy<Kind> {
    prop_oneof![
        6 => Just(Kind::Page),
        2 => proptest::sample::select(&["index.md", "_index.md", "README.md"][..]).prop_map(Kind::Special),
        1 => Just(Kind::Asset),
        1 => Just(Kind::Static),
        1 => Just(Kind::LinkOut),
        1 => Just(Kind::StaticLinkOut),
        1 => Just(Kind::FolderLinkOut),
    ]
    .boxed()
}

/// The file and folder names of a site, added to the baseline.
pub fn tree() -> BoxedStrategy<Vec<(Vec<String>, String, KindTag)>> {
    let entry = (
        proptest::collection::vec(one_of(NAMES), 0..3),
        one_of(NAMES),
        kind(),
    )
        .prop_map(|(folders, name, kind)| (folders, name, KindTag(kind)));
    proptest::collection::vec(entry, 1..7).boxed()
}

/// A `Kind`, printable in a failing case.
#[derive(Clone, Copy, Debug)]
pub struct KindTag(Kind);

/// Adds the generated entries to `spec`; counts the Markdown files that
/// must each become a page of their own.
pub fn add(mut spec: SiteSpec, entries: Vec<(Vec<String>, String, KindTag)>) -> SiteSpec {
    let mut known = spec
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("content/") && p.ends_with(".md"))
        .count();
    for (folders, name, KindTag(kind)) in entries {
        let dir = folders.iter().map(|f| format!("{f}/")).collect::<String>();
        let ignored = folders.iter().any(|f| is_ignored(f));
        match kind {
            Kind::Page | Kind::Special(_) => {
                let file = match kind {
                    Kind::Special(special) => special.to_string(),
                    _ => format!("{name}.md"),
                };
                let path = format!("content/{dir}{file}");
                let before = spec.files.len();
                spec.put(&path, format!("# Page {name}\n\nText.\n").into_bytes());
                if spec.files.len() > before && !ignored && !is_ignored(&file) {
                    known += 1;
                }
            }
            Kind::Asset => spec.put(&format!("content/{dir}{name}.png"), b"png".to_vec()),
            Kind::Static => spec.put(&format!("static/{dir}{name}"), b"static file\n".to_vec()),
            Kind::LinkOut => {
                spec = spec.symlink(
                    &format!("content/{dir}{name}.md"),
                    &format!("{OUTSIDE}/secret.md"),
                )
            }
            Kind::StaticLinkOut => {
                spec = spec.symlink(
                    &format!("static/{dir}{name}"),
                    &format!("{OUTSIDE}/secret.css"),
                )
            }
            Kind::FolderLinkOut => {
                spec = spec.symlink(
                    &format!("content/{dir}{name}"),
                    &format!("{OUTSIDE}/folder"),
                )
            }
        }
    }
    spec.known_documents = Some(known);
    spec
}
