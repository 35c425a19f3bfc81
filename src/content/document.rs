//! A page or a section: its source, front matter, title, address and place
//! in the tree, and how one Markdown file is read into one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::DocId;
use super::LoadOptions;
use super::front_matter::{self, FrontMatter};
use super::walk::{FileKind, Found};
use crate::diagnostics::Diagnostic;

/// Whether a document is a page or a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A page: a `.md` file, a bundle's `index.md`, or a generated record page.
    Page,
    /// A section: a folder, described by its `_index.md` when it has one.
    Section,
}

/// A page or a section.
#[derive(Debug, Clone)]
pub struct Document {
    /// Page or section.
    pub kind: Kind,
    /// Source path relative to `content/` (`platforms/facebook.md`); for a
    /// section without `_index.md`, where that file would be.
    pub rel: String,
    /// The file on disk, when there is one.
    pub abs: Option<PathBuf>,
    /// The path shown in messages (relative to the site root).
    pub display_path: PathBuf,
    /// The whole source text (for positions in messages).
    pub source: Arc<str>,
    /// Byte offset of the Markdown body in `source`.
    pub body_offset: usize,
    /// Parsed front matter.
    pub meta: FrontMatter,
    /// Resolved title.
    pub title: String,
    /// True when the title was taken from the body's first `# heading`.
    pub title_from_heading: bool,
    /// URL path without the base path: `""` for home, `platforms/facebook/`.
    pub url: String,
    /// The section this belongs to (`None` only for the home section).
    pub parent: Option<DocId>,
    /// Sections: their pages, in order.
    pub pages: Vec<DocId>,
    /// Sections: their subsections, in order.
    pub subsections: Vec<DocId>,
    /// Generated pages: the data record.
    pub record: Option<serde_json::Value>,
}

impl Document {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }

    /// Where a value of the front matter is (`&key_path!["aliases", 1]`),
    /// in the file's coordinates; `0..0` (the file's start) when it has none.
    pub fn value_span(&self, path: &[crate::spans::Step<'_>]) -> std::ops::Range<usize> {
        front_matter::spans(&self.source)
            .value(path)
            .unwrap_or(0..0)
    }

    /// A section made for a folder that has no page of its own.
    pub fn is_implicit_section(&self) -> bool {
        self.kind == Kind::Section && self.abs.is_none()
    }

    /// Where the document comes from, in words: `` `content/a.md` ``, the
    /// folder `` `content/a/` ``, or a record of a data file.
    pub fn origin(&self) -> String {
        if let Some(record) = &self.record {
            let id = record
                .get("id")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("");
            format!("the record `{id}` of `{}`", self.display_path.display())
        } else if self.is_implicit_section() {
            let folder = self.display_path.parent().unwrap_or(&self.display_path);
            format!("the folder `{}/`", folder.display())
        } else {
            format!("`{}`", self.display_path.display())
        }
    }

    /// True when both documents have the same Markdown body: at once when
    /// they share one source (an unchanged file in two editions).
    pub fn same_body(&self, other: &Document) -> bool {
        (Arc::ptr_eq(&self.source, &other.source) && self.body_offset == other.body_offset)
            || self.body() == other.body()
    }
}

/// A non-Markdown file to copy into the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`.
    pub rel: String,
    /// The file on disk.
    pub abs: PathBuf,
    /// Where it goes, relative to its edition's root (the output root, or
    /// `2013/` in it for an earlier edition).
    pub out: String,
}

/// A document in another tree that a file being loaded may share.
#[derive(Debug, Clone, Copy)]
pub(super) enum Same<'a> {
    /// The file has not changed since this was read from it: reused
    /// without reading the file.
    Unchanged(&'a Document),
    /// Shared when the file's text is the same (another edition's file).
    IfText(&'a Document),
}

/// Reads and parses one Markdown file. `same` is the document at the same
/// path in another tree: when the file's text is known or found to be the
/// same, its source and parsed front matter are shared instead of made
/// again. Never shared across kinds: a section's front matter allows keys
/// a page's does not.
pub(super) fn read_document(
    found: &Found,
    root: &Path,
    options: LoadOptions,
    same: Option<Same<'_>>,
) -> Result<Result<Option<Document>, Diagnostic>, crate::fs::FsError> {
    let is_section = found.kind == FileKind::Section;
    let kind = if is_section {
        Kind::Section
    } else {
        Kind::Page
    };
    let display_path = || {
        found
            .abs
            .strip_prefix(root)
            .unwrap_or(&found.abs)
            .to_path_buf()
    };
    let shared = |same: &Document| Document {
        kind,
        rel: found.rel.clone(),
        abs: Some(found.abs.clone()),
        display_path: display_path(),
        source: Arc::clone(&same.source),
        body_offset: same.body_offset,
        meta: same.meta.clone(),
        title: same.title.clone(),
        title_from_heading: same.title_from_heading,
        url: String::new(),
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        record: None,
    };
    let same = same.filter(|s| match s {
        Same::Unchanged(d) | Same::IfText(d) => d.kind == kind,
    });
    if let Some(Same::Unchanged(doc)) = same {
        return Ok(Ok(Some(shared(doc))));
    }
    let bytes = crate::fs::read(&found.abs)?;
    let display_path = display_path();
    if let Some(Same::IfText(doc)) = same
        && doc.source.as_bytes() == bytes.as_slice()
    {
        return Ok(Ok(Some(shared(doc))));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(Err(Diagnostic::file(
            display_path,
            "this file is not UTF-8 text",
        )
        .with_hint("save it as UTF-8 in your editor")));
    };
    // Checked once here, for the body and the front matter alike.
    if let Some(d) = crate::nul::in_source(&display_path, &text) {
        return Ok(Err(d));
    }
    let split = match front_matter::split(&display_path, &text) {
        Ok(split) => split,
        Err(d) => return Ok(Err(d)),
    };
    let meta = match front_matter::parse(&display_path, &text, &split, is_section) {
        Ok(meta) => meta,
        Err(d) => return Ok(Err(d)),
    };
    if meta.draft && !options.drafts && !is_section {
        return Ok(Ok(None));
    }
    let body_offset = split.body_offset;
    let (title, title_from_heading) = match &meta.title {
        Some(title) => (title.clone(), false),
        None => match first_heading(&text[body_offset..]) {
            Some(h) => (h, true),
            None => (title_from_file_name(&found.rel), false),
        },
    };
    Ok(Ok(Some(Document {
        kind,
        rel: found.rel.clone(),
        abs: Some(found.abs.clone()),
        display_path,
        source: Arc::from(text),
        body_offset,
        meta,
        title,
        title_from_heading,
        url: String::new(),
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        record: None,
    })))
}

/// The text of a leading `# Heading`, skipping blank lines.
fn first_heading(body: &str) -> Option<String> {
    let line = body.lines().find(|l| !l.trim().is_empty())?;
    let text = line.strip_prefix("# ")?.trim().trim_end_matches('#').trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// "new-to-the-nhs.md" → "New to the nhs"; a bundle or section uses its folder.
pub fn title_from_file_name(rel: &str) -> String {
    let mut parts = rel.rsplit('/');
    let file = parts.next().unwrap_or(rel);
    let stem = match file {
        "index.md" | "_index.md" => parts.next().unwrap_or("Home"),
        _ => file.trim_end_matches(".md"),
    };
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Home".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names() {
        assert_eq!(
            title_from_file_name("new-to-the-nhs/_index.md"),
            "New to the nhs"
        );
        assert_eq!(title_from_file_name("platforms/x_twitter.md"), "X twitter");
        assert_eq!(title_from_file_name("_index.md"), "Home");
    }

    #[test]
    fn first_heading_needs_a_level_one_heading() {
        assert_eq!(
            first_heading("\n# Facebook #\n\ntext").as_deref(),
            Some("Facebook")
        );
        assert_eq!(first_heading("## Not this"), None);
    }
}
