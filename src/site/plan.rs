//! The dev server's rebuild policy: one pure function, `plan`, from the
//! source files that changed to what must happen — nothing, a full reload,
//! a reassembly of the content (a page came or went), or an update of the
//! loaded site in place. A new rebuild rule is a new
//! line in `plan` (or `classify`) and a new row in its table test.
//!
//! Pure: it looks only at paths and how they changed. Whether an edit to a
//! Markdown file changed the document's shape (its title, order, address…)
//! needs the file's text, so `Site::apply` may still answer "reassemble".

use crate::content::walk::is_ignored;
use crate::paths::{CONFIG_FILE, CONTENT, SOURCES, STATIC, TEMPLATES, THEMES};

/// How a source file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A new file.
    Added,
    /// Different bytes.
    Modified,
    /// Gone.
    Removed,
}

/// One changed source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Relative to the site root, `/`-separated (`content/about.md`).
    pub path: String,
    /// What happened to it.
    pub kind: ChangeKind,
}

impl Change {
    /// An edit to a file the site already has.
    pub fn modified(path: impl Into<String>) -> Change {
        Change {
            path: path.into(),
            kind: ChangeKind::Modified,
        }
    }
}

/// What the policy needs to know about the loaded site.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The theme in use (`nhs`, or a folder of `themes/`).
    pub theme: &'a str,
    /// True when the site has frozen earlier editions.
    pub earlier_editions: bool,
}

/// What a set of changes needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing the site is made from changed.
    Nothing,
    /// Load and render the whole site again.
    Reload,
    /// Only files of the current edition's `content/` changed, and one
    /// came or went (or is not Markdown): load the content again, taking
    /// every file not named from the loaded site (`Site::reassemble`).
    /// Paths relative to the site root, sorted.
    Reassemble(Vec<String>),
    /// Update the loaded site in place.
    Update(Edits),
}

/// Edits the loaded site can take in place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edits {
    /// Markdown files of the current edition (`content/a.md`).
    pub markdown: Vec<String>,
    /// True when a template of the site or its theme changed.
    pub templates: bool,
    /// Static files of the site or its theme (`static/css/site.css`).
    pub statics: Vec<String>,
}

/// True for a path (relative to the site root, `/`-separated) that is a
/// source of the site: in a folder canteen reads or `site.toml`, and not an
/// editor's, version control's or operating system's leftover.
pub fn is_watched(rel: &str) -> bool {
    let first = rel.split('/').next().unwrap_or_default();
    let top = if first == CONFIG_FILE {
        rel == CONFIG_FILE
    } else {
        SOURCES.contains(&first)
    };
    top && rel
        .split('/')
        .all(|part| !part.is_empty() && !is_ignored(part))
}

/// What changes need: nothing when no source changed; a reload when no
/// site is loaded, or a file changed that the loaded site cannot follow
/// (data, `site.toml`, the overlay, a frozen edition, a template of a site
/// with editions, a file coming or going outside `content/`); the content
/// reassembled when only `content/` changed and a file came or went there
/// (earlier editions, which link into the current one, have their
/// Markdown rendered again with it); else an update in place.
pub fn plan(changes: &[Change], site: Option<Facts<'_>>) -> Plan {
    let sources: Vec<&Change> = changes.iter().filter(|c| is_watched(&c.path)).collect();
    if sources.is_empty() {
        return Plan::Nothing;
    }
    let Some(site) = site else {
        return Plan::Reload;
    };
    let in_place = |c: &&Change| {
        c.kind == ChangeKind::Modified
            && !matches!(classify(&c.path, site.theme), Some(Edited::Content) | None)
    };
    if !sources.iter().all(in_place) {
        let content_only = sources
            .iter()
            .all(|c| classify(&c.path, site.theme).is_some_and(|e| e.is_content()));
        if !content_only {
            return Plan::Reload;
        }
        let mut paths: Vec<String> = sources.iter().map(|c| c.path.clone()).collect();
        paths.sort();
        paths.dedup();
        return Plan::Reassemble(paths);
    }
    let mut edits = Edits::default();
    for change in sources {
        match classify(&change.path, site.theme) {
            Some(Edited::Markdown) => edits.markdown.push(change.path.clone()),
            // Every edition's pages use the templates: render them all.
            Some(Edited::Template) if site.earlier_editions => return Plan::Reload,
            Some(Edited::Template) => edits.templates = true,
            Some(Edited::Static) => edits.statics.push(change.path.clone()),
            Some(Edited::Content) | None => return Plan::Reload,
        }
    }
    Plan::Update(edits)
}

/// A source file, by what an edit to it can touch.
enum Edited {
    /// A page of the current edition.
    Markdown,
    /// A template of the site or its theme.
    Template,
    /// A static file of the site or its theme.
    Static,
    /// Any other file of the current edition's `content/` (an image).
    Content,
}

impl Edited {
    fn is_content(&self) -> bool {
        matches!(self, Edited::Markdown | Edited::Content)
    }
}

/// What `path` is to a site on `theme`; `None` for anything an edit to
/// which can reach every page in ways only a reload follows.
fn classify(path: &str, theme: &str) -> Option<Edited> {
    let in_theme = path
        .strip_prefix(THEMES)
        .and_then(|p| p.strip_prefix('/'))
        .and_then(|p| p.strip_prefix(theme))
        .and_then(|p| p.strip_prefix('/'));
    let under = |folder: &str, p: &str| p.strip_prefix(folder).is_some_and(|r| r.starts_with('/'));
    if under(CONTENT, path) && path.ends_with(".md") {
        Some(Edited::Markdown)
    } else if under(CONTENT, path) {
        Some(Edited::Content)
    } else if under(TEMPLATES, path) || in_theme.is_some_and(|p| under(TEMPLATES, p)) {
        Some(Edited::Template)
    } else if under(STATIC, path) || in_theme.is_some_and(|p| under(STATIC, p)) {
        Some(Edited::Static)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_the_watched_folders_and_site_toml_minus_leftovers() {
        let table = [
            ("site.toml", true),
            ("content/about.md", true),
            ("local/content/policy.md", true),
            ("local/site.toml", true),
            ("content/notes/_index.md", true),
            ("content/notes", true),
            ("data/leaders.toml", true),
            ("templates/page.html", true),
            ("static/css/site.css", true),
            ("themes/nhs/templates/base.html", true),
            ("content/.about.md.swp", false),
            ("content/about.md~", false),
            ("content/#about.md#", false),
            ("content/.#about.md", false),
            ("content/4913", false),
            ("content/about.md___jb_tmp___", false),
            ("content/.git/config", false),
            ("static/.DS_Store", false),
            ("public/index.html", false),
            ("site.toml~", false),
            ("site.toml.swp", false),
            ("site.toml/x", false),
            ("README.md", false),
            (".git/index", false),
            ("", false),
            ("content//x.md", false),
        ];
        for (path, expected) in table {
            assert_eq!(is_watched(path), expected, "{path}");
        }
    }

    fn change(path: &str, kind: ChangeKind) -> Change {
        Change {
            path: path.into(),
            kind,
        }
    }

    fn update(markdown: &[&str], templates: bool, statics: &[&str]) -> Plan {
        Plan::Update(Edits {
            markdown: markdown.iter().map(|s| s.to_string()).collect(),
            templates,
            statics: statics.iter().map(|s| s.to_string()).collect(),
        })
    }

    fn reassemble(paths: &[&str]) -> Plan {
        Plan::Reassemble(paths.iter().map(|s| s.to_string()).collect())
    }

    /// Every rule, one row each: the changes, and the plan for a loaded
    /// site on the `nhs` theme without editions.
    #[test]
    fn plan_rebuilds_fully_for_any_source_and_never_for_anything_else() {
        use ChangeKind::*;
        let facts = Facts {
            theme: "nhs",
            earlier_editions: false,
        };
        let table: &[(&[Change], Plan)] = &[
            (&[], Plan::Nothing),
            (&[change("content/.about.md.swp", Added)], Plan::Nothing),
            (&[change("public/index.html", Modified)], Plan::Nothing),
            (
                &[change("content/about.md", Modified)],
                update(&["content/about.md"], false, &[]),
            ),
            (
                &[
                    change("public/index.html", Modified),
                    change("content/a.md", Modified),
                ],
                update(&["content/a.md"], false, &[]),
            ),
            (
                &[change("content/new.md", Added)],
                reassemble(&["content/new.md"]),
            ),
            (
                &[change("content/old.md", Removed)],
                reassemble(&["content/old.md"]),
            ),
            (
                &[
                    change("content/b.md", Removed),
                    change("content/a.md", Modified),
                ],
                reassemble(&["content/a.md", "content/b.md"]),
            ),
            (
                &[
                    change("content/b.md", Added),
                    change("static/x.css", Modified),
                ],
                Plan::Reload,
            ),
            (&[change("static/x.css", Added)], Plan::Reload),
            (&[change("templates/new.html", Added)], Plan::Reload),
            (&[change("site.toml", Modified)], Plan::Reload),
            (&[change("data/leaders.toml", Modified)], Plan::Reload),
            (&[change("local/content/a.md", Modified)], Plan::Reload),
            (
                &[change("editions/2013/content/a.md", Modified)],
                Plan::Reload,
            ),
            (
                &[change("content/photo.png", Modified)],
                reassemble(&["content/photo.png"]),
            ),
            (&[change("local/content/new.md", Added)], Plan::Reload),
            (
                &[change("templates/page.html", Modified)],
                update(&[], true, &[]),
            ),
            (
                &[change("themes/nhs/templates/base.html", Modified)],
                update(&[], true, &[]),
            ),
            (
                &[change("themes/other/templates/base.html", Modified)],
                Plan::Reload,
            ),
            (
                &[change("static/css/site.css", Modified)],
                update(&[], false, &["static/css/site.css"]),
            ),
            (
                &[change("themes/nhs/static/css/canteen.css", Modified)],
                update(&[], false, &["themes/nhs/static/css/canteen.css"]),
            ),
            (
                &[
                    change("content/a.md", Modified),
                    change("templates/page.html", Modified),
                    change("static/x.css", Modified),
                ],
                update(&["content/a.md"], true, &["static/x.css"]),
            ),
        ];
        for (changes, expected) in table {
            assert_eq!(plan(changes, Some(facts)), *expected, "{changes:?}");
        }
    }

    /// Only edits to files the site already has are taken in place; a
    /// page added or removed reassembles the content, with or without
    /// earlier editions.
    #[test]
    fn only_modifications_are_updated_in_place() {
        use ChangeKind::{Added, Modified, Removed};
        let facts = Some(Facts {
            theme: "nhs",
            earlier_editions: false,
        });
        let of = |list: &[(&str, ChangeKind)]| -> Vec<Change> {
            list.iter().map(|(p, k)| change(p, *k)).collect()
        };
        assert_eq!(
            plan(
                &of(&[
                    ("content/a.md", Modified),
                    ("templates/page.html", Modified)
                ]),
                facts
            ),
            update(&["content/a.md"], true, &[])
        );
        let editions = Some(Facts {
            theme: "nhs",
            earlier_editions: true,
        });
        for list in [
            vec![("content/a.md", Added)],
            vec![("content/a.md", Modified), ("content/b.md", Removed)],
        ] {
            assert!(
                matches!(plan(&of(&list), facts), Plan::Reassemble(_)),
                "{list:?}"
            );
            assert_eq!(plan(&of(&list), editions), plan(&of(&list), facts));
        }
        assert_eq!(plan(&[], facts), Plan::Nothing);
    }

    #[test]
    fn a_template_of_a_site_with_editions_or_no_loaded_site_reloads() {
        let edit = [change("templates/page.html", ChangeKind::Modified)];
        let editions = Facts {
            theme: "nhs",
            earlier_editions: true,
        };
        assert_eq!(plan(&edit, Some(editions)), Plan::Reload);
        assert_eq!(plan(&edit, None), Plan::Reload);
        assert_eq!(plan(&[], None), Plan::Nothing);
    }
}
