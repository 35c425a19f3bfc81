//! Where a broken link of the built HTML was written: raw HTML in a
//! page's Markdown (found in pulldown-cmark's `Html` events, at their
//! offsets), a template (the address's literal text in a template's
//! source, site and overlay templates before the theme's), a data file or
//! the configuration (`[brand]`); else the page's template is named
//! without a line. A link written in Markdown link syntax is left out: it
//! was checked when the Markdown was parsed.
//!
//! Runs only for broken links, so its searches never cost a good build.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use std::path::PathBuf;

use pulldown_cmark::{Event, Parser};

use super::{Broken, Problem, scan, url_of};
use crate::diagnostics::Diagnostic;
use crate::markdown::{parser_options, with_base};
use crate::render::Templates;
use crate::site::{PageRef, Site};

/// How many pages a message names before "and N more".
const PAGES_NAMED: usize = 3;

/// Where a link was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    /// A file, at a byte offset of its text (shown as `name`).
    At {
        file: PathBuf,
        offset: usize,
        len: usize,
        what: String,
    },
    /// A template known only by name (the page's own).
    Template(String),
}

/// Every document of every edition by its output file.
pub fn documents_by_file(site: &Site) -> HashMap<String, PageRef> {
    site.all_pages()
        .into_iter()
        .map(|page| (site.page_file(page), page))
        .collect()
}

/// One diagnostic per broken link and place it was written.
pub fn diagnose(site: &Site, base: &str, broken: Vec<Broken>) -> Vec<Diagnostic> {
    let by_file = documents_by_file(site);
    let mut texts: HashMap<PathBuf, String> = HashMap::new();
    let mut from_markdown: Option<HashSet<String>> = None;
    let mut out = Vec::new();
    for link in broken {
        let mut places: BTreeMap<Origin, Vec<String>> = BTreeMap::new();
        let mut outside_markdown = None;
        for page in &link.pages {
            let raw = by_file
                .get(page)
                .and_then(|&doc| raw_html(site, doc, &link.href));
            if raw.is_none()
                && from_markdown
                    .get_or_insert_with(|| markdown_hrefs(site, base))
                    .contains(&link.href)
            {
                continue;
            }
            let origin = raw;
            let origin = origin.unwrap_or_else(|| {
                outside_markdown
                    .get_or_insert_with(|| outside(site, base, &link.href, &mut texts))
                    .clone()
                    .unwrap_or_else(|| Origin::Template(page_template(site, &by_file, page)))
            });
            places.entry(origin).or_default().push(page.clone());
        }
        for (origin, pages) in places {
            out.push(diagnostic(site, base, &link, origin, &pages, &mut texts));
        }
    }
    out
}

/// Whether `href` on document `doc`'s page was written as raw HTML in
/// its Markdown, and where.
fn raw_html(site: &Site, (v, id): PageRef, href: &str) -> Option<Origin> {
    let views = site.views();
    let doc = &views[v].tree.docs[id];
    let body = doc.body();
    let parser = Parser::new_ext(body, parser_options(&site.config.markdown));
    for (event, range) in parser.into_offset_iter() {
        if let Event::Html(_) | Event::InlineHtml(_) = event {
            let raw = &body[range.clone()];
            if let Some(found) = scan::scan(raw).links.iter().find(|l| l.value == href) {
                let raw_len = raw[found.offset..].find(['"', '\'', '>', ' ']);
                return Some(Origin::At {
                    file: doc.display_path.clone(),
                    offset: doc.body_offset + range.start + found.offset,
                    len: raw_len.unwrap_or(href.len()),
                    what: "raw HTML".into(),
                });
            }
        }
    }
    None
}

/// Where `href` was written in document `doc`'s Markdown, as a link or
/// image destination (its offset inside the parser's span for the link).
fn markdown_link(site: &Site, (v, id): PageRef, href: &str) -> Option<Origin> {
    use pulldown_cmark::Tag;
    let views = site.views();
    let doc = &views[v].tree.docs[id];
    let body = doc.body();
    let parser = Parser::new_ext(body, parser_options(&site.config.markdown));
    for (event, range) in parser.into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && dest_url.as_ref() == href
        {
            let within = body[range.clone()].rfind(href).unwrap_or(0);
            return Some(Origin::At {
                file: doc.display_path.clone(),
                offset: doc.body_offset + range.start + within,
                len: href.len(),
                what: "Markdown".into(),
            });
        }
    }
    None
}

/// A diagnostic about `href`, found on the output files `pages`, at the
/// place it was written: a page's Markdown (a link, an image or raw HTML),
/// else a template, a data file or the configuration, else the first
/// page's template by name. `message` gets the place (` in the template
/// \`footer.html\``) through `describe`.
pub fn locate(
    site: &Site,
    by_file: &HashMap<String, PageRef>,
    pages: &[String],
    href: &str,
    describe: impl Fn(&str) -> String,
    hint: String,
) -> Diagnostic {
    let base = site.config.base_path();
    let mut texts = HashMap::new();
    // The current edition's page first: an earlier one is frozen.
    let mut docs: Vec<PageRef> = pages
        .iter()
        .filter_map(|p| by_file.get(p))
        .copied()
        .collect();
    docs.sort_by_key(|&(v, id)| (std::cmp::Reverse(v), id));
    let origin = docs
        .into_iter()
        .find_map(|doc| markdown_link(site, doc, href).or_else(|| raw_html(site, doc, href)))
        .or_else(|| outside(site, &base, href, &mut texts))
        .unwrap_or_else(|| {
            Origin::Template(
                pages
                    .first()
                    .map(|p| page_template(site, by_file, p))
                    .unwrap_or_default(),
            )
        });
    at(site, origin, describe, hint, &mut texts)
}

/// Every address in every page's Markdown HTML, as each edition shows it:
/// a link among them that is not raw HTML of the page it is on came from
/// Markdown (the page's own, or another's summary shown in a listing),
/// which was checked when it was parsed.
fn markdown_hrefs(site: &Site, base: &str) -> HashSet<String> {
    site.views()
        .iter()
        .flat_map(|view| {
            let edition_base = format!("{base}{}", view.prefix());
            view.rendered
                .par_iter()
                .flat_map_iter(|r| {
                    scan::scan(&with_base(&r.html, &edition_base))
                        .links
                        .into_iter()
                        .map(|l| l.value)
                })
                .collect::<Vec<String>>()
        })
        .collect()
}

/// Where a link that is not in a page's Markdown was written: a template
/// holding its literal text, else a data file or the configuration.
fn outside(
    site: &Site,
    base: &str,
    href: &str,
    texts: &mut HashMap<PathBuf, String>,
) -> Option<Origin> {
    let mut candidates = vec![href.to_string()];
    if let Some(rest) = href.strip_prefix(base).filter(|r| !r.is_empty()) {
        candidates.push(rest.to_string());
        // An earlier edition's address: `/2013/about/` from `about/`.
        if let Some((_, after)) = rest.split_once('/').filter(|(_, a)| !a.is_empty()) {
            candidates.push(after.to_string());
        }
    }
    let mut templates: Vec<_> = site.theme.templates.iter().collect();
    templates.sort_by_key(|t| {
        if t.name.starts_with("theme/") {
            2
        } else if t.name.starts_with("upstream/") {
            1
        } else {
            0
        }
    });
    for candidate in &candidates {
        for template in &templates {
            if let Some(offset) = attribute_value(&template.text, candidate) {
                texts.insert(template.path.clone(), template.text.clone());
                return Some(Origin::At {
                    file: template.path.clone(),
                    offset,
                    len: candidate.len(),
                    what: format!("the template `{}`", bare(&template.name)),
                });
            }
        }
    }
    let root = &site.paths.root;
    let mut files: Vec<PathBuf> = site.data.files().map(|f| f.path.clone()).collect();
    files.push(crate::config::Config::file(root));
    for candidate in &candidates {
        for file in &files {
            let text = texts
                .entry(file.clone())
                .or_insert_with(|| std::fs::read_to_string(root.join(file)).unwrap_or_default());
            if let Some(at) = text.find(&format!("\"{candidate}\"")) {
                return Some(Origin::At {
                    file: file.clone(),
                    offset: at + 1,
                    len: candidate.len(),
                    what: format!("`{}`", file.display()),
                });
            }
        }
    }
    None
}

/// The offset of `value` where it ends an attribute value or a string in
/// `text` (a quote follows it).
fn attribute_value(text: &str, value: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = text[at..].find(value).map(|i| at + i) {
        if matches!(text.as_bytes().get(i + value.len()), Some(b'"' | b'\'')) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

fn bare(name: &str) -> &str {
    crate::render::theme::Theme::bare_name(name)
}

/// The template of the page at output file `page`, by name.
fn page_template(site: &Site, by_file: &HashMap<String, PageRef>, page: &str) -> String {
    match by_file.get(page) {
        Some(&(v, id)) => Templates::template_for(site.views()[v].tree, id),
        None => page.to_string(),
    }
}

fn diagnostic(
    site: &Site,
    base: &str,
    link: &Broken,
    origin: Origin,
    pages: &[String],
    texts: &mut HashMap<PathBuf, String>,
) -> Diagnostic {
    let on = pages_in_words(pages, base);
    let fix = match &link.problem {
        Problem::Missing(_) => {
            "change the link, or add the page or file it leads to (a page hidden in `local/hide.toml` is missing too)"
                .to_string()
        }
        Problem::Outside => format!(
            "start the address with the site's base path `{base}` (in a template, `url(path=…)` adds it)"
        ),
        Problem::NoAnchor(..) => "link to an id the page has, or give an element that id".into(),
    };
    let hint = format!("{on}; {fix}");
    let describe = |place: &str| link.problem.describe(&link.href, place, base);
    at(site, origin, describe, hint, texts)
}

/// The diagnostic at `origin`, its message made by `describe` from the
/// place in words.
fn at(
    site: &Site,
    origin: Origin,
    describe: impl Fn(&str) -> String,
    hint: String,
    texts: &mut HashMap<PathBuf, String>,
) -> Diagnostic {
    match origin {
        Origin::At {
            file,
            offset,
            len,
            what,
        } => {
            let text = texts.get(&file).cloned().unwrap_or_else(|| {
                std::fs::read_to_string(site.paths.root.join(&file)).unwrap_or_default()
            });
            let message = describe(&format!(" in {what}"));
            if text.is_empty() {
                Diagnostic::file(file, message).with_hint(hint)
            } else {
                Diagnostic::at(file, &text, offset, len, message).with_hint(hint)
            }
        }
        Origin::Template(name) => Diagnostic::file(
            name.clone(),
            describe(&format!(
                " made by the template `{name}` (or one it includes)"
            )),
        )
        .with_hint(hint),
    }
}

/// "on the page `/a/`" or "on 12 pages: `/a/`, `/b/`, `/c/` and 9 more",
/// for output files `pages`.
pub fn pages_in_words(pages: &[String], base: &str) -> String {
    let mut urls: Vec<String> = pages.iter().map(|p| url_of(p, base)).collect();
    urls.sort();
    let named: Vec<String> = urls
        .iter()
        .take(PAGES_NAMED)
        .map(|u| format!("`{u}`"))
        .collect();
    let more = pages.len().saturating_sub(PAGES_NAMED);
    match (pages.len(), more) {
        (0, _) => "on no page".to_string(),
        (1, _) => format!("on the page {}", named[0]),
        (n, 0) => format!("on {n} pages: {}", named.join(", ")),
        (n, more) => format!("on {n} pages: {} and {more} more", named.join(", ")),
    }
}
