//! Test support: copy a fixture site to a temporary folder, build it, and
//! read what came out. Shared by the integration test files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use canteen::error::Error;
use canteen::site::{BuildOptions, BuildReport, build};

/// A fixture site copied into a temporary folder.
pub struct TestSite {
    dir: Arc<tempfile::TempDir>,
}

/// The fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl TestSite {
    /// Copies `tests/fixtures/<name>/` and the plain test theme.
    pub fn new(name: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&fixtures().join(name), dir.path());
        copy_dir(
            &fixtures().join("_themes/plain"),
            &dir.path().join("themes/plain"),
        );
        TestSite { dir: Arc::new(dir) }
    }

    /// An empty site folder (for tests that write their own files).
    pub fn empty() -> TestSite {
        TestSite {
            dir: Arc::new(tempfile::tempdir().expect("temp dir")),
        }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file under the root, creating folders.
    pub fn write(&self, rel: &str, text: &str) -> &TestSite {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    /// Adds `text` to the end of a file under the root (a table to
    /// `site.toml`, say).
    pub fn append(&self, rel: &str, text: &str) -> &TestSite {
        let old = std::fs::read_to_string(self.root().join(rel)).expect("read");
        self.write(rel, &format!("{old}{text}"))
    }

    /// Builds into `<root>/public`.
    pub fn build(&self) -> Result<Built, Error> {
        self.build_with(|_| {})
    }

    /// Builds with adjusted options.
    pub fn build_with(&self, adjust: impl FnOnce(&mut BuildOptions)) -> Result<Built, Error> {
        let mut options = BuildOptions {
            root: self.root().to_path_buf(),
            ..BuildOptions::default()
        };
        adjust(&mut options);
        let report = build(&options)?;
        Ok(Built {
            report,
            _site: Arc::clone(&self.dir),
        })
    }

    /// Builds and expects failure; returns every diagnostic as plain text.
    pub fn build_err(&self) -> String {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(e) => e.to_string(),
        }
    }
}

/// A site with a home page and one more file, `rel` holding `text`.
pub fn site_with(rel: &str, text: &str) -> TestSite {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
        .write(rel, text);
    site
}

/// A site on an empty theme, so only the templates a test writes exist:
/// a home page, and the 404 and redirect templates every site needs.
pub fn site_on_empty_theme(templates: &[(&str, &str)]) -> TestSite {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\ntheme = \"min\"\n")
        .write("themes/min/templates/.keep", "")
        .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
        .write("templates/404.html", "not found")
        .write("templates/redirect.html", "{{ redirect_to }}");
    for (name, text) in templates {
        site.write(&format!("templates/{name}"), text);
    }
    site
}

/// A finished build.
pub struct Built {
    /// What the build reported.
    pub report: BuildReport,
    /// Keeps the temporary site alive as long as its output is read.
    _site: Arc<tempfile::TempDir>,
}

impl Built {
    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.report.output
    }

    /// Every HTML file of the build, by its path in the output.
    pub fn html_files(&self) -> Vec<(String, String)> {
        walkdir::WalkDir::new(self.out())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                let rel = e.path().strip_prefix(self.out()).expect("inside");
                (
                    rel.display().to_string(),
                    std::fs::read_to_string(e.path()).expect("read"),
                )
            })
            .collect()
    }

    /// The text of an output file.
    pub fn file(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The HTML of a page by URL path (`platforms/facebook/`).
    pub fn page(&self, url: &str) -> String {
        self.file(&format!("{url}index.html"))
    }

    /// The `<main>` region of a page: what the content decides, not the theme.
    pub fn main(&self, url: &str) -> String {
        let html = self.page(url);
        let start = html.find("<main").unwrap_or(0);
        let end = html.find("</main>").map_or(html.len(), |e| e + 7);
        html[start..end].to_string()
    }

    /// The text of the element with a class in the plain theme (`toc`, `content`…).
    pub fn part(&self, url: &str, class: &str) -> String {
        part_of(&self.page(url), class)
            .unwrap_or_else(|| panic!("no .{class}, or no end of it, in {url}"))
    }

    /// True when the output has this file.
    pub fn has(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under a folder with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .expect("prefix")
                    .display()
                    .to_string(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

/// Runs the `canteen` binary built for these tests.
pub fn canteen(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args(args)
        .output()
        .expect("run canteen")
}

/// The inside of the plain test theme's element `class="{class}"`, which
/// ends at its `<!--/{class}-->` marker.
pub fn part_of(html: &str, class: &str) -> Option<String> {
    let marker = format!("class=\"{class}\">");
    let rest = &html[html.find(&marker)? + marker.len()..];
    let inner = &rest[..rest.find(&format!("<!--/{class}-->"))?];
    // Drop the element's own closing tag.
    Some(inner.rfind("</").map_or(inner, |i| &inner[..i]).to_string())
}

/// The inode of the file at `path` itself (a symbolic link is not
/// followed): the same number is the same file.
#[cfg(unix)]
pub fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path).expect("metadata").ino()
}
