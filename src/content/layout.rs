//! Which Markdown file is a folder's own page, decided from paths alone
//! before anything is read.
//!
//! canteen's own convention is `_index.md`. Folders written for other tools
//! say it other ways, and each builds as it is: `index.md` beside the
//! folder's other pages (mdBook, Docusaurus), a chapter `x.md` beside its
//! folder of sub-chapters `x/` (mdBook, GitBook), and `README.md` (GitHub,
//! mdBook). Two files that would both be one folder's page are an error
//! naming both; nothing is dropped silently.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::walk::{FileKind, Found};
use crate::diagnostics::Diagnostic;

/// The folder (relative to `content/`, `""` for the top) whose own page the
/// section file `rel` is: `a/_index.md`, `a/index.md` and `a/README.md` are
/// the page of `a`; a chapter `a.md` is the page of `a`.
pub fn folder_of_section(rel: &str) -> &str {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    if is_folder_page_name(file) {
        dir
    } else {
        rel.strip_suffix(".md").unwrap_or(rel)
    }
}

/// Names that make a file the page of the folder it is in.
fn is_folder_page_name(file: &str) -> bool {
    file == "_index.md" || file == "index.md" || file.eq_ignore_ascii_case("readme.md")
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Marks each folder's own page as a section file (`FileKind::Section`),
/// and returns an error for every folder that two files claim. `root` is the
/// site root, for the paths in messages.
pub fn assign_sections(found: &mut [Found], root: &Path) -> Vec<Diagnostic> {
    let markdown: HashSet<&str> = found
        .iter()
        .filter(|f| f.kind != FileKind::Asset)
        .map(|f| f.rel.as_str())
        .collect();
    // Folders holding a page besides their own index files, at any depth.
    let mut holds_pages: HashSet<String> = HashSet::new();
    for rel in &markdown {
        let file = rel.rsplit('/').next().unwrap_or(rel);
        let mut dir = parent(rel);
        if file != "_index.md" && file != "index.md" {
            holds_pages.insert(dir.to_string());
        }
        while !dir.is_empty() {
            dir = parent(dir);
            holds_pages.insert(dir.to_string());
        }
    }
    let folders: HashSet<&str> = found
        .iter()
        .flat_map(|f| {
            let mut dirs = Vec::new();
            let mut dir = parent(&f.rel);
            while !dir.is_empty() {
                dirs.push(dir);
                dir = parent(dir);
            }
            dirs
        })
        .collect();
    // Candidates for each folder's page, strongest claim first.
    let mut claims: BTreeMap<String, Vec<(u8, usize)>> = BTreeMap::new();
    for (i, f) in found.iter().enumerate() {
        if f.kind == FileKind::Asset {
            continue;
        }
        let dir = parent(&f.rel);
        let file = f.rel.rsplit('/').next().unwrap_or(&f.rel);
        let claim = if file == "_index.md" {
            Some((0, dir.to_string()))
        } else if file == "index.md" && (dir.is_empty() || holds_pages.contains(dir)) {
            Some((1, dir.to_string()))
        } else if file == "index.md" {
            // A page bundle: the page of its folder's parent, like any page.
            None
        } else if !is_folder_page_name(file) {
            let folder = f.rel.strip_suffix(".md").unwrap_or(&f.rel);
            let has_section = folders.contains(folder)
                && (holds_pages.contains(folder)
                    || markdown.contains(format!("{folder}/_index.md").as_str()));
            has_section.then(|| (2, folder.to_string()))
        } else {
            // README.md: the folder's page when nothing stronger claims it.
            Some((3, dir.to_string()))
        };
        if let Some((strength, folder)) = claim {
            claims.entry(folder).or_default().push((strength, i));
        }
    }
    let mut errors = Vec::new();
    for (folder, mut files) in claims {
        files.sort_unstable();
        let Some(&(strength, first)) = files.first() else {
            continue;
        };
        found[first].kind = FileKind::Section;
        for &(other_strength, other) in &files[1..] {
            // A README.md stays an ordinary page when another file is the
            // folder's page; any other second claim is a real clash.
            if other_strength == 3 && strength < 3 {
                continue;
            }
            let shown = |i: usize| display(root, &found[i].abs);
            let place = if folder.is_empty() {
                "the home page".to_string()
            } else {
                format!("the page of the folder `{folder}/`")
            };
            errors.push(
                Diagnostic::file(
                    shown(other),
                    format!(
                        "this file and `{}` are both {place}",
                        shown(first).display()
                    ),
                )
                .with_hint("keep one of them: move this file's text into the other, or rename it"),
            );
        }
    }
    errors
}

fn display(root: &Path, abs: &Path) -> std::path::PathBuf {
    abs.strip_prefix(root).unwrap_or(abs).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::walk::classify;

    fn layout(paths: &[&str]) -> (Vec<(String, FileKind)>, usize) {
        let mut found: Vec<Found> = paths
            .iter()
            .map(|p| Found {
                rel: p.to_string(),
                abs: Path::new("/site/content").join(p),
                kind: classify(p.rsplit('/').next().unwrap_or(p)),
            })
            .collect();
        let errors = assign_sections(&mut found, Path::new("/site"));
        let sections = found
            .into_iter()
            .filter(|f| f.kind == FileKind::Section)
            .map(|f| (f.rel, f.kind))
            .collect();
        (sections, errors.len())
    }

    fn sections(paths: &[&str]) -> Vec<String> {
        let (sections, errors) = layout(paths);
        assert_eq!(errors, 0, "{paths:?}");
        sections.into_iter().map(|(rel, _)| rel).collect()
    }

    #[test]
    fn each_convention_names_a_folders_page() {
        assert_eq!(
            sections(&["_index.md", "a/_index.md", "a/b.md"]),
            ["_index.md", "a/_index.md"]
        );
        assert_eq!(
            sections(&["mir/index.md", "mir/passes.md"]),
            ["mir/index.md"]
        );
        assert_eq!(sections(&["mir.md", "mir/passes.md"]), ["mir.md"]);
        assert_eq!(
            sections(&["README.md", "docs/README.md", "docs/x.md"]),
            ["README.md", "docs/README.md"]
        );
        assert_eq!(sections(&["index.md"]), ["index.md"]);
    }

    #[test]
    fn a_bundle_and_a_lone_chapter_stay_pages() {
        assert!(sections(&["jo/index.md", "jo/photo.jpg"]).is_empty());
        assert!(sections(&["x.md", "x/photo.png"]).is_empty());
    }

    #[test]
    fn a_readme_gives_way_and_two_real_claims_clash() {
        assert_eq!(
            sections(&["docs/_index.md", "docs/README.md"]),
            ["docs/_index.md"]
        );
        assert_eq!(layout(&["_index.md", "index.md", "a.md"]).1, 1);
        assert_eq!(layout(&["x.md", "x/_index.md"]).1, 1);
        assert_eq!(layout(&["x.md", "x/index.md", "x/y.md"]).1, 1);
    }

    #[test]
    fn folders_of_section_files() {
        assert_eq!(folder_of_section("_index.md"), "");
        assert_eq!(folder_of_section("a/b/_index.md"), "a/b");
        assert_eq!(folder_of_section("a/README.md"), "a");
        assert_eq!(folder_of_section("a/mir.md"), "a/mir");
    }
}
