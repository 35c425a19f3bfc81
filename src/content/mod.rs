//! The content tree: sections and pages loaded from `content/`, with their
//! front matter, URLs, order and place in the hierarchy.
//!
//! Loading reads and splits every file once, in parallel, and collects every
//! error rather than stopping at the first. It never renders Markdown: that is
//! `markdown`'s job, once every page's URL is known.

pub mod data;
pub mod date;
pub mod front_matter;
pub mod walk;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, closest};
use crate::error::Error;
use data::Data;
use front_matter::{FrontMatter, SortBy};
use walk::{FileKind, Found};

/// Index of a document in [`ContentTree::docs`].
pub type DocId = usize;

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
}

/// A non-Markdown file to copy into the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`.
    pub rel: String,
    /// The file on disk.
    pub abs: PathBuf,
    /// Where it goes, relative to the output root.
    pub out: String,
}

/// What `load` needs to know.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft = true`.
    pub drafts: bool,
}

/// Every document of one content root, and how to find them.
#[derive(Debug, Clone, Default)]
pub struct ContentTree {
    /// All documents; the home section is `docs[0]`.
    pub docs: Vec<Document>,
    /// Files copied as they are.
    pub assets: Vec<Asset>,
    by_rel: HashMap<String, DocId>,
    by_url: HashMap<String, DocId>,
    assets_by_rel: HashMap<String, usize>,
}

/// The id of the home section.
pub const HOME: DocId = 0;

impl ContentTree {
    /// Loads `content_dir`; `root` is the site root, for display paths.
    pub fn load(
        content_dir: &Path,
        root: &Path,
        data: &Data,
        options: LoadOptions,
    ) -> Result<ContentTree, Error> {
        let found = walk::walk(content_dir)?;
        ContentTree::load_found(found, content_dir, root, data, options)
    }

    /// Loads files already found (a trust's overlay merges its own over
    /// upstream's first); `content_dir` is where implicit sections live.
    pub fn load_found(
        found: Vec<Found>,
        content_dir: &Path,
        root: &Path,
        data: &Data,
        options: LoadOptions,
    ) -> Result<ContentTree, Error> {
        let (markdown, assets): (Vec<Found>, Vec<Found>) =
            found.into_iter().partition(|f| f.kind != FileKind::Asset);
        let parsed: Vec<Result<Option<Document>, Diagnostic>> = markdown
            .par_iter()
            .map(|found| read_document(found, root, options))
            .collect::<Result<Vec<_>, crate::fs::FsError>>()?;
        let mut errors = Vec::new();
        let mut docs = Vec::new();
        for result in parsed {
            match result {
                Ok(Some(doc)) => docs.push(doc),
                Ok(None) => {}
                Err(d) => errors.push(d),
            }
        }
        let mut tree = Builder {
            docs: Vec::new(),
            errors,
            root: root.to_path_buf(),
            content_dir: content_dir.to_path_buf(),
        };
        tree.assemble(docs, data);
        let Builder {
            docs, mut errors, ..
        } = tree;
        let mut tree = ContentTree {
            docs,
            ..ContentTree::default()
        };
        tree.index(&mut errors);
        tree.place_assets(assets);
        if errors.is_empty() {
            Ok(tree)
        } else {
            Err(Error::Content(errors))
        }
    }

    /// Reads document `id`'s file again: its new text, front matter and title,
    /// with its place in the tree unchanged. `Ok(None)` when it cannot be
    /// updated in place (no file of its own, or now a draft left out).
    pub fn reread(
        &self,
        id: DocId,
        root: &Path,
        options: LoadOptions,
    ) -> Result<Option<Document>, Error> {
        let old = &self.docs[id];
        let Some(abs) = &old.abs else { return Ok(None) };
        let kind = if old.kind == Kind::Section {
            FileKind::Section
        } else {
            FileKind::Page
        };
        let found = Found {
            rel: old.rel.clone(),
            abs: abs.clone(),
            kind,
        };
        match read_document(&found, root, options)? {
            Ok(Some(new)) => Ok(Some(Document {
                url: old.url.clone(),
                parent: old.parent,
                pages: old.pages.clone(),
                subsections: old.subsections.clone(),
                record: old.record.clone(),
                ..new
            })),
            Ok(None) => Ok(None),
            Err(diagnostic) => Err(Error::Content(vec![diagnostic])),
        }
    }

    /// Finds a document by its path relative to `content/`.
    pub fn by_rel(&self, rel: &str) -> Option<DocId> {
        self.by_rel.get(rel).copied()
    }

    /// Finds a document by URL path (without base path, `platforms/facebook/`).
    pub fn by_url(&self, url: &str) -> Option<DocId> {
        self.by_url.get(url).copied()
    }

    /// Finds a content asset by its path relative to `content/`.
    pub fn asset_by_rel(&self, rel: &str) -> Option<&Asset> {
        self.assets_by_rel.get(rel).map(|&i| &self.assets[i])
    }

    /// The closest existing source path, for "did you mean" hints.
    pub fn suggest_rel(&self, rel: &str) -> Option<&str> {
        closest(rel, self.by_rel.keys().map(String::as_str))
    }

    /// Ancestors of a document from home down to its parent.
    pub fn ancestors(&self, id: DocId) -> Vec<DocId> {
        let mut chain = Vec::new();
        let mut current = self.docs[id].parent;
        while let Some(p) = current {
            chain.push(p);
            current = self.docs[p].parent;
        }
        chain.reverse();
        chain
    }

    fn index(&mut self, errors: &mut Vec<Diagnostic>) {
        for (id, doc) in self.docs.iter().enumerate() {
            self.by_rel.insert(doc.rel.clone(), id);
            if let Some(&other) = self.by_url.get(&doc.url) {
                let first = &self.docs[other];
                errors.push(
                    Diagnostic::file(doc.display_path.clone(), format!("this page has the same address `/{}` as `{}`", doc.url, first.display_path.display()))
                        .with_hint("give one of them a different `slug` in its front matter, or rename the file"),
                );
            } else {
                self.by_url.insert(doc.url.clone(), id);
            }
        }
    }

    fn place_assets(&mut self, found: Vec<Found>) {
        for f in found {
            // A bundle's files follow the bundle's URL, which a slug may change.
            let (dir, name) = f.rel.rsplit_once('/').unwrap_or(("", f.rel.as_str()));
            let bundle = self
                .by_rel(&format!("{dir}/index.md"))
                .filter(|_| !dir.is_empty());
            let out = match bundle {
                Some(id) => format!("{}{name}", self.docs[id].url),
                None => f.rel.clone(),
            };
            self.assets_by_rel.insert(f.rel.clone(), self.assets.len());
            self.assets.push(Asset {
                rel: f.rel,
                abs: f.abs,
                out,
            });
        }
    }
}

fn read_document(
    found: &Found,
    root: &Path,
    options: LoadOptions,
) -> Result<Result<Option<Document>, Diagnostic>, crate::fs::FsError> {
    let bytes = crate::fs::read(&found.abs)?;
    let display_path = found
        .abs
        .strip_prefix(root)
        .unwrap_or(&found.abs)
        .to_path_buf();
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(Err(Diagnostic::file(
            display_path,
            "this file is not UTF-8 text",
        )
        .with_hint("save it as UTF-8 in your editor")));
    };
    let is_section = found.kind == FileKind::Section;
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
        kind: if is_section {
            Kind::Section
        } else {
            Kind::Page
        },
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

/// URL segment for a file or folder name: lowercase, hyphens for anything else.
pub fn slugify_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Assembles sections and pages into a tree.
struct Builder {
    docs: Vec<Document>,
    errors: Vec<Diagnostic>,
    root: PathBuf,
    content_dir: PathBuf,
}

impl Builder {
    fn assemble(&mut self, loaded: Vec<Document>, data: &Data) {
        // Sections first, keyed by folder; every folder that holds content gets one.
        let mut section_of_dir: BTreeMap<String, DocId> = BTreeMap::new();
        let (sections, pages): (Vec<Document>, Vec<Document>) =
            loaded.into_iter().partition(|d| d.kind == Kind::Section);
        let mut dirs: BTreeMap<String, Option<Document>> = BTreeMap::new();
        dirs.insert(String::new(), None);
        for section in sections {
            let dir = parent_dir(&section.rel).to_string();
            add_ancestors(&mut dirs, &dir);
            dirs.insert(dir, Some(section));
        }
        for page in &pages {
            let dir = page_section_dir(&page.rel);
            add_ancestors(&mut dirs, dir);
        }
        for (dir, section) in dirs {
            let doc = section.unwrap_or_else(|| self.implicit_section(&dir));
            section_of_dir.insert(dir, self.docs.len());
            self.docs.push(doc);
        }
        // Parents and URLs of sections, top-down (BTreeMap order puts parents first).
        for (dir, &id) in &section_of_dir {
            if dir.is_empty() {
                continue;
            }
            let parent_dir = parent_dir_of_dir(dir);
            let parent = section_of_dir[parent_dir];
            let segment = self.docs[id]
                .meta
                .slug
                .clone()
                .unwrap_or_else(|| slugify_segment(dir.rsplit('/').next().unwrap_or(dir)));
            self.docs[id].url = format!("{}{segment}/", self.docs[parent].url);
            self.docs[id].parent = Some(parent);
            self.docs[parent].subsections.push(id);
        }
        for page in pages {
            let parent = section_of_dir[page_section_dir(&page.rel)];
            self.add_page(page, parent);
        }
        self.generate_record_pages(data);
        let ids: Vec<DocId> = (0..self.docs.len())
            .filter(|&i| self.docs[i].kind == Kind::Section)
            .collect();
        for id in ids {
            let mut pages = std::mem::take(&mut self.docs[id].pages);
            let sort_by = self.docs[id].meta.sort_by.unwrap_or_default();
            pages.sort_by(|&a, &b| order(&self.docs[a], &self.docs[b], sort_by));
            self.docs[id].pages = pages;
            let mut subsections = std::mem::take(&mut self.docs[id].subsections);
            subsections.sort_by(|&a, &b| order(&self.docs[a], &self.docs[b], SortBy::Weight));
            self.docs[id].subsections = subsections;
        }
    }

    fn add_page(&mut self, mut page: Document, parent: DocId) {
        let file = page.rel.rsplit('/').next().unwrap_or(&page.rel);
        let default_segment = if file == "index.md" {
            parent_dir(&page.rel)
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string()
        } else {
            file.trim_end_matches(".md").to_string()
        };
        let segment = page
            .meta
            .slug
            .clone()
            .unwrap_or_else(|| slugify_segment(&default_segment));
        page.url = format!("{}{segment}/", self.docs[parent].url);
        page.parent = Some(parent);
        let id = self.docs.len();
        self.docs.push(page);
        self.docs[parent].pages.push(id);
    }

    fn implicit_section(&self, dir: &str) -> Document {
        let rel = if dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{dir}/_index.md")
        };
        let abs = self.content_dir.join(&rel);
        Document {
            kind: Kind::Section,
            title: title_from_file_name(&rel),
            display_path: abs.strip_prefix(&self.root).unwrap_or(&abs).to_path_buf(),
            rel,
            abs: None,
            source: Arc::from(""),
            body_offset: 0,
            meta: FrontMatter {
                extra: serde_json::json!({}),
                ..FrontMatter::default()
            },
            title_from_heading: false,
            url: String::new(),
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            record: None,
        }
    }

    /// Sections with `pages_from` get one page per data record.
    fn generate_record_pages(&mut self, data: &Data) {
        let sections: Vec<DocId> = (0..self.docs.len())
            .filter(|&i| self.docs[i].meta.pages_from.is_some())
            .collect();
        for section in sections {
            let name = self.docs[section]
                .meta
                .pages_from
                .clone()
                .unwrap_or_default();
            let Some((file, records)) = data.records(&name) else {
                let doc = &self.docs[section];
                let offset = doc.source.find("pages_from").unwrap_or(0);
                let mut d = Diagnostic::at(
                    doc.display_path.clone(),
                    &doc.source,
                    offset,
                    "pages_from".len(),
                    format!("there is no data collection `{name}`"),
                );
                d = match closest(&name, data.names()) {
                    Some(s) => d.with_hint(format!(
                        "did you mean `{s}`? Collections are the files in `data/`"
                    )),
                    None => d.with_hint(format!(
                        "create `data/{name}.toml` with one `[[…]]` table per record"
                    )),
                };
                self.errors.push(d);
                continue;
            };
            let dir = parent_dir(&self.docs[section].rel).to_string();
            for (index, record) in records.iter().enumerate() {
                let field = |key: &str| {
                    record
                        .get(key)
                        .and_then(serde_json::Value::as_str)
                        .map(str::to_string)
                };
                let Some(id) = field("id") else {
                    self.errors.push(Diagnostic::file(
                        file.path.clone(),
                        format!("record {} has no `id`, so it cannot have a page", index + 1),
                    ));
                    continue;
                };
                let date = |key: &str| field(key).as_deref().and_then(date::Date::parse);
                let meta = FrontMatter {
                    title: field("title").or_else(|| field("name")),
                    description: field("description").or_else(|| field("summary")),
                    last_reviewed: date("last_reviewed"),
                    next_review: date("next_review"),
                    weight: Some(i64::try_from(index).unwrap_or(i64::MAX)),
                    template: self.docs[section].meta.page_template.clone(),
                    extra: serde_json::json!({}),
                    ..FrontMatter::default()
                };
                let rel = if dir.is_empty() {
                    format!("{id}.md")
                } else {
                    format!("{dir}/{id}.md")
                };
                let page = Document {
                    kind: Kind::Page,
                    title: meta.title.clone().unwrap_or_else(|| id.clone()),
                    rel,
                    abs: None,
                    display_path: file.path.clone(),
                    source: Arc::from(""),
                    body_offset: 0,
                    meta,
                    title_from_heading: false,
                    url: String::new(),
                    parent: None,
                    pages: Vec::new(),
                    subsections: Vec::new(),
                    record: Some(record.clone()),
                };
                self.add_page(page, section);
            }
        }
    }
}

/// Pages sort by weight (unweighted last), then title, then path; or by
/// title; or by date, newest first.
fn order(a: &Document, b: &Document, sort_by: SortBy) -> std::cmp::Ordering {
    let weight = |d: &Document| d.meta.weight.unwrap_or(i64::MAX);
    let title = || a.title.to_lowercase().cmp(&b.title.to_lowercase());
    let first = match sort_by {
        SortBy::Weight => weight(a).cmp(&weight(b)).then_with(title),
        SortBy::Title => title(),
        SortBy::Date => b.meta.date.cmp(&a.meta.date).then_with(title),
    };
    first.then_with(|| a.rel.cmp(&b.rel))
}

/// Folder of a file path (`a/b/c.md` → `a/b`).
fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Parent of a folder (`a/b` → `a`).
fn parent_dir_of_dir(dir: &str) -> &str {
    dir.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// The folder whose section a page belongs to: a bundle belongs to its
/// folder's parent.
fn page_section_dir(rel: &str) -> &str {
    let dir = parent_dir(rel);
    if rel.ends_with("/index.md") || rel == "index.md" {
        parent_dir_of_dir(dir)
    } else {
        dir
    }
}

fn add_ancestors(dirs: &mut BTreeMap<String, Option<Document>>, dir: &str) {
    let mut current = dir;
    while !current.is_empty() {
        dirs.entry(current.to_string()).or_insert(None);
        current = parent_dir_of_dir(current);
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

    #[test]
    fn bundles_belong_to_their_folders_parent() {
        assert_eq!(page_section_dir("leaders/jo/index.md"), "leaders");
        assert_eq!(page_section_dir("platforms/facebook.md"), "platforms");
        assert_eq!(slugify_segment("X (Twitter) Guide"), "x-twitter-guide");
    }
}
