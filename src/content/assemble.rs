//! Assembling loaded documents into a tree: a section for every folder
//! that holds content, parents, URLs, pages generated from data records,
//! and the order of pages within each section.
//!
//! Never reads files (the caller hands it parsed documents) and never
//! stops at the first problem: errors are collected for the caller.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::data::Data;
use super::date;
use super::front_matter::{self, FrontMatter, SortBy};
use super::layout::folder_of_section;
use super::{DocId, Document, Kind, address, title_from_file_name};
use crate::diagnostics::{Diagnostic, closest};
use crate::spans::key_path;

/// Assembles sections and pages into a tree.
pub(super) struct Builder {
    pub(super) docs: Vec<Document>,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) root: PathBuf,
    pub(super) content_dir: PathBuf,
}

impl Builder {
    pub(super) fn assemble(&mut self, loaded: Vec<Document>, data: &Data) {
        // Sections first, keyed by folder; every folder that holds content gets one.
        let mut section_of_dir: BTreeMap<String, DocId> = BTreeMap::new();
        // Sized up front: a large site has tens of thousands of documents,
        // and growing these vectors step by step copies them all each time.
        self.docs.reserve(loaded.len() + 1);
        let mut pages = Vec::with_capacity(loaded.len());
        let mut sections = Vec::new();
        for doc in loaded {
            match doc.kind {
                Kind::Section => sections.push(doc),
                Kind::Page => pages.push(doc),
            }
        }
        let mut dirs: BTreeMap<String, Option<Document>> = BTreeMap::new();
        dirs.insert(String::new(), None);
        for section in sections {
            let dir = folder_of_section(&section.rel).to_string();
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
        // Parents of sections, top-down (BTreeMap order puts parents first).
        for (dir, &id) in &section_of_dir {
            if dir.is_empty() {
                continue;
            }
            let parent = section_of_dir[parent_dir_of_dir(dir)];
            self.docs[id].parent = Some(parent);
            self.docs[parent].subsections.push(id);
        }
        for page in pages {
            let parent = section_of_dir[page_section_dir(&page.rel)];
            self.add_page(page, parent);
        }
        self.generate_record_pages(data);
        self.assign_urls(&section_of_dir);
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
        page.parent = Some(parent);
        let id = self.docs.len();
        self.docs.push(page);
        self.docs[parent].pages.push(id);
    }

    /// Gives every document its address, top-down: its parent's address and
    /// one segment of its own, distinct from its siblings' (`address::segments`).
    /// A `slug` that cannot be an address is an error, and the document
    /// keeps the segment its name gives.
    fn assign_urls(&mut self, section_of_dir: &BTreeMap<String, DocId>) {
        for &section in section_of_dir.values() {
            let children: Vec<DocId> = self.docs[section]
                .subsections
                .iter()
                .chain(&self.docs[section].pages)
                .copied()
                .collect();
            let mut names = Vec::with_capacity(children.len());
            for &id in &children {
                let slug = self.docs[id].meta.slug.clone();
                let slug = slug.filter(|s| self.slug_is_an_address(id, s));
                names.push((self.name_in_parent(id), slug));
            }
            let segments = address::segments(
                names
                    .iter()
                    .map(|(name, slug)| (name.as_str(), slug.as_deref())),
            );
            let base = self.docs[section].url.clone();
            for (&id, segment) in children.iter().zip(segments) {
                self.docs[id].url = format!("{base}{segment}/");
            }
        }
    }

    /// True when document `id`'s `slug` can be an address segment; else
    /// records why not.
    fn slug_is_an_address(&mut self, id: DocId, slug: &str) -> bool {
        let Some(problem) = address::segment_problem(slug) else {
            return true;
        };
        let doc = &self.docs[id];
        let span = doc.value_span(&key_path!["slug"]);
        self.errors.push(
            Diagnostic::at(
                doc.display_path.clone(),
                &doc.source,
                span.start,
                span.len(),
                format!("the slug `{slug}` {problem}"),
            )
            .with_hint("a slug is one part of an address, such as `social-media-policy`"),
        );
        false
    }

    /// The name a document's address segment comes from: its folder's for a
    /// section or bundle, its file's without `.md` for a page, its record's
    /// `id` for a generated page.
    fn name_in_parent(&self, id: DocId) -> String {
        let doc = &self.docs[id];
        let rel = match doc.kind {
            Kind::Section => folder_of_section(&doc.rel),
            Kind::Page if doc.rel == "index.md" || doc.rel.ends_with("/index.md") => {
                parent_dir(&doc.rel)
            }
            Kind::Page => doc.rel.strip_suffix(".md").unwrap_or(&doc.rel),
        };
        rel.rsplit('/').next().unwrap_or(rel).to_string()
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
                if data.failed(&name) {
                    continue; // its file's own errors say what is wrong
                }
                let doc = &self.docs[section];
                let span = front_matter::spans(&doc.source)
                    .key(&key_path!["pages_from"])
                    .unwrap_or(0..0);
                let mut d = Diagnostic::at(
                    doc.display_path.clone(),
                    &doc.source,
                    span.start,
                    span.len(),
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
            let dir = folder_of_section(&self.docs[section].rel).to_string();
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
                if let Some(problem) = address::segment_problem(&id) {
                    self.errors.push(
                        Diagnostic::file(
                            file.path.clone(),
                            format!("record {} has the `id` `{id}`, which {problem}, so it cannot be a page's address", index + 1),
                        )
                        .with_hint("give each record an `id` of letters, digits and hyphens, such as `jane-smith`"),
                    );
                    continue;
                }
                let date = |key: &str| field(key).as_deref().and_then(date::Date::parse);
                let meta = FrontMatter {
                    title: field("title").or_else(|| field("name")),
                    description: field("description").or_else(|| field("summary")),
                    last_reviewed: date("last_reviewed"),
                    next_review: date("next_review"),
                    owner: field("owner"),
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
    fn bundles_belong_to_their_folders_parent() {
        assert_eq!(page_section_dir("leaders/jo/index.md"), "leaders");
        assert_eq!(page_section_dir("platforms/facebook.md"), "platforms");
    }
}
