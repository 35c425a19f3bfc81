//! Front matter: TOML between `+++` lines, YAML between `---` lines, or none.
//!
//! Parsed from strings only. Positions in errors are positions in the whole
//! file, so the user's editor can jump straight to them.

use std::path::Path;

use serde::Deserialize;

use super::date::{Date, flatten_toml_datetimes};
use super::{strict, yaml};
use crate::diagnostics::{Diagnostic, closest};
use crate::nul;
use crate::spans::{Spans, Step, key_path};

/// Every key front matter accepts, for "did you mean" hints.
const KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "weight",
    "draft",
    "slug",
    "template",
    "aliases",
    "last_reviewed",
    "next_review",
    "social_image",
    "extra",
    "search",
    "guide",
    "page_template",
    "pages_from",
    "sort_by",
    "translates",
    "owner",
    "allow",
];

/// Keys that only make sense on a section's `_index.md`.
const SECTION_KEYS: &[&str] = &["guide", "page_template", "pages_from", "sort_by"];

/// The typed front matter of a page or section.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Page title; when absent, the first heading or the file name.
    pub title: Option<String>,
    /// One-sentence description for listings and search engines.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Last substantive update.
    pub updated: Option<Date>,
    /// Sort order within the section: lower first.
    #[serde(default, deserialize_with = "strict::whole_number")]
    pub weight: Option<i64>,
    /// Drafts are left out unless `--drafts` is given.
    #[serde(default, deserialize_with = "strict::flag")]
    pub draft: bool,
    /// Replaces the last URL segment.
    pub slug: Option<String>,
    /// Template to render with instead of the default.
    pub template: Option<String>,
    /// Old URL paths that should redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When the page was last reviewed (NHS review pattern).
    pub last_reviewed: Option<Date>,
    /// When the next review is due.
    pub next_review: Option<Date>,
    /// The image shared for this page instead of its generated card: a
    /// static file's path or a full web address.
    pub social_image: Option<String>,
    /// Free table for templates.
    #[serde(default)]
    pub extra: serde_json::Value,
    /// `false` leaves the page out of the site's search index
    /// (`FrontMatter::searchable`).
    #[serde(default, deserialize_with = "some_flag")]
    pub search: Option<bool>,
    /// Section only: the pages are steps of one guide, read in order.
    #[serde(default, deserialize_with = "strict::flag")]
    pub guide: bool,
    /// Section only: the template for the section's pages.
    pub page_template: Option<String>,
    /// Section only: generate one page per record of this data collection.
    pub pages_from: Option<String>,
    /// Section only: how its pages are ordered.
    pub sort_by: Option<SortBy>,
    /// A translation only (`page.cy.md`): the hash of the default
    /// language's file it translates, as `canteen translation sync`
    /// wrote it; the parity report compares it with that file now.
    pub translates: Option<String>,
    /// Who reviews the page, when not `[review] owner`.
    pub owner: Option<String>,
    /// Lint rule ids (`style.ranges`) allowed anywhere on this page
    /// (`canteen check`).
    #[serde(default)]
    pub allow: Vec<String>,
}

/// A flag written as one (`strict::flag`), kept as `Some`.
fn some_flag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    strict::flag(deserializer).map(Some)
}

impl FrontMatter {
    /// False when the page says `search = false`.
    pub fn searchable(&self) -> bool {
        self.search != Some(false)
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// By `weight`, lowest first, then title (the default).
    #[default]
    Weight,
    /// Alphabetically by title.
    Title,
    /// By `date`, newest first.
    Date,
}

/// Which syntax the front matter used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `+++` … `+++`
    Toml,
    /// `---` … `---`
    Yaml,
    /// No front matter at all.
    None,
}

/// A file split into its front matter and Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// Which syntax was used.
    pub format: Format,
    /// The front matter text (without fences).
    pub front_matter: &'a str,
    /// Byte offset of `front_matter` in the file.
    pub front_matter_offset: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Splits a file into front matter and body, or says what is wrong.
pub fn split<'a>(path: &Path, source: &'a str) -> Result<Split<'a>, Diagnostic> {
    let trimmed = source.trim_start_matches('\u{feff}');
    let bom = source.len() - trimmed.len();
    let (format, fence) = match first_line(trimmed) {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => {
            return Ok(Split {
                format: Format::None,
                front_matter: "",
                front_matter_offset: 0,
                body: trimmed,
                body_offset: bom,
            });
        }
    };
    let start = bom + line_end(trimmed, 0);
    let mut offset = start;
    while offset < source.len() {
        let end = line_end(source, offset);
        if source[offset..end].trim_end() == fence {
            let body_offset = end;
            return Ok(Split {
                format,
                front_matter: &source[start..offset],
                front_matter_offset: start,
                body: &source[body_offset..],
                body_offset,
            });
        }
        offset = end;
    }
    Err(Diagnostic::at(path.to_path_buf(), source, bom, 3, "the front matter that starts here is never closed")
        .with_hint(format!("Did you forget the closing `{fence}`? Front matter ends with a line that is just `{fence}`.")))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_end()
}

/// Offset just past the end of the line starting at `from` (past its `\n`).
fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |i| from + i + 1)
}

impl Split<'_> {
    /// Positions in this front matter, in whole-file coordinates.
    pub fn spans(&self) -> Spans {
        match self.format {
            Format::Toml => Spans::toml(self.front_matter, self.front_matter_offset),
            Format::Yaml => Spans::yaml(self.front_matter, self.front_matter_offset),
            Format::None => Spans::nothing(),
        }
    }
}

/// Positions in the front matter of a content file's `source`, in
/// whole-file coordinates (nothing for a file without front matter).
pub fn spans(source: &str) -> Spans {
    split(Path::new(""), source).map_or_else(|_| Spans::nothing(), |s| s.spans())
}

/// Parses the front matter of `split`; positions are reported in the whole file.
pub fn parse(
    path: &Path,
    source: &str,
    split: &Split<'_>,
    is_section: bool,
) -> Result<FrontMatter, Diagnostic> {
    let mut fm: FrontMatter = match split.format {
        Format::None => FrontMatter::default(),
        Format::Toml => toml::from_str(split.front_matter).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            hint_unknown(Diagnostic::at(
                path.to_path_buf(),
                source,
                split.front_matter_offset + span.start,
                span.len(),
                e.message().trim().to_string(),
            ))
        })?,
        Format::Yaml => {
            if split.front_matter.trim().is_empty() {
                FrontMatter::default()
            } else {
                yaml::from_str(split.front_matter)
                    .map_err(|p| yaml_diagnostic(path, source, split, p))?
            }
        }
    };
    if fm.extra.is_null() {
        fm.extra = serde_json::Value::Object(Default::default());
    }
    flatten_toml_datetimes(&mut fm.extra);
    if !fm.extra.is_object() {
        return Err(at_key(
            path,
            source,
            split,
            "extra",
            "`extra` must be a table of your own keys".into(),
        ));
    }
    if !is_section {
        for key in SECTION_KEYS {
            let set = match *key {
                "guide" => fm.guide,
                "page_template" => fm.page_template.is_some(),
                "pages_from" => fm.pages_from.is_some(),
                _ => fm.sort_by.is_some(),
            };
            if set {
                return Err(at_key(
                    path,
                    source,
                    split,
                    key,
                    format!("`{key}` only applies to a section's `_index.md`"),
                )
                .with_hint("move it to the `_index.md` of this folder"));
            }
        }
    }
    if let Some(at) = find_nul(&fm) {
        return Err(nul::in_value(
            path,
            source,
            nul::locate(&split.spans(), &at),
        ));
    }
    Ok(fm)
}

fn at_key(path: &Path, source: &str, split: &Split<'_>, key: &str, message: String) -> Diagnostic {
    let span = split.spans().key(&key_path![key]).unwrap_or(0..0);
    Diagnostic::at(path.to_path_buf(), source, span.start, span.len(), message)
}

/// The key path of the first string of `fm` that holds a NUL character
/// (written as an escape: a raw one is found in the file first).
fn find_nul(fm: &FrontMatter) -> Option<Vec<Step<'_>>> {
    // Every field named, so a new string field cannot be forgotten here.
    let FrontMatter {
        title,
        description,
        date: _,
        updated: _,
        weight: _,
        draft: _,
        slug,
        template,
        aliases,
        last_reviewed: _,
        next_review: _,
        social_image,
        extra,
        search: _,
        guide: _,
        page_template,
        pages_from,
        sort_by: _,
        translates,
        owner,
        allow,
    } = fm;
    let texts = [
        ("title", title),
        ("description", description),
        ("slug", slug),
        ("template", template),
        ("social_image", social_image),
        ("page_template", page_template),
        ("pages_from", pages_from),
        ("translates", translates),
        ("owner", owner),
    ];
    if let Some((key, _)) = texts
        .iter()
        .find(|(_, text)| text.as_deref().is_some_and(|t| t.contains('\0')))
    {
        return Some(key_path![*key].to_vec());
    }
    if let Some(i) = aliases.iter().position(|a| a.contains('\0')) {
        return Some(key_path!["aliases", i].to_vec());
    }
    if let Some(i) = allow.iter().position(|a| a.contains('\0')) {
        return Some(key_path!["allow", i].to_vec());
    }
    let mut at = nul::find(extra)?;
    at.insert(0, Step::Key("extra"));
    Some(at)
}

fn hint_unknown(diagnostic: Diagnostic) -> Diagnostic {
    let unknown = diagnostic
        .message
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next())
        .map(str::to_string);
    match unknown {
        Some(key) => match closest(&key, KEYS.iter().copied()) {
            Some(suggestion) => diagnostic.with_hint(format!("did you mean `{suggestion}`?")),
            None => diagnostic.with_hint("put your own keys under `[extra]`"),
        },
        None => diagnostic,
    }
}

/// A YAML problem at its position in the whole file (serde-saphyr counts
/// from the start of the front matter).
fn yaml_diagnostic(
    path: &Path,
    source: &str,
    split: &Split<'_>,
    problem: yaml::Problem,
) -> Diagnostic {
    // Without a position, the start of the front matter.
    let span = problem.span.unwrap_or(0..0);
    let diagnostic = Diagnostic::at(
        path.to_path_buf(),
        source,
        split.front_matter_offset + span.start,
        span.len(),
        problem.message,
    );
    match problem.hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => hint_unknown(diagnostic),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_page(source: &str) -> Result<FrontMatter, Diagnostic> {
        let path = Path::new("content/a.md");
        let split = split(path, source)?;
        parse(path, source, &split, false)
    }

    #[test]
    fn toml_yaml_and_none() {
        let toml = parse_page("+++\ntitle = \"A\"\nweight = 2\n+++\nbody").expect("toml");
        assert_eq!((toml.title.as_deref(), toml.weight), (Some("A"), Some(2)));
        let yaml = parse_page("---\ntitle: A\nlast_reviewed: 2014-03-01\n---\nbody").expect("yaml");
        assert_eq!(
            yaml.last_reviewed.map(|d| d.text()),
            Some("1 March 2014".to_string())
        );
        assert_eq!(
            parse_page("# Just markdown").expect("none"),
            FrontMatter {
                extra: serde_json::json!({}),
                ..FrontMatter::default()
            }
        );
    }

    #[test]
    fn body_offset_points_past_the_closing_fence() {
        let source = "+++\ntitle = \"A\"\n+++\nbody";
        let s = split(Path::new("a.md"), source).expect("split");
        assert_eq!(&source[s.body_offset..], "body");
    }

    fn error(source: &str) -> Diagnostic {
        match parse_page(source) {
            Ok(fm) => panic!("{source:?} parsed: {fm:?}"),
            Err(d) => d,
        }
    }

    #[test]
    fn yaml_errors_give_whole_file_positions_in_the_message_and_the_location() {
        let d = error("---\ntitle: A\nweight: heavy\n---\n");
        assert_eq!(d.location(), "content/a.md:3:9");
        assert_eq!(
            d.message,
            "invalid type: string \"heavy\", expected a whole number without quotes, such as 10"
        );
        assert!(!d.render_plain().contains("line 2"), "{}", d.render_plain());
    }

    #[test]
    fn a_repeated_yaml_key_is_named_in_plain_words() {
        let d = error("---\ntitle: A\ndescription: B\ntitle: C\n---\n");
        assert_eq!(d.message, "the key `title` appears twice");
        assert_eq!(d.location(), "content/a.md:4:1");
        assert_eq!(
            d.hint.as_deref(),
            Some("keep one of them: each key can be given once")
        );
    }

    /// serde-saphyr reads a quoted "10" as a number and "yes" as true, so
    /// `draft: "yes"` quietly dropped a page.
    #[test]
    fn quoted_numbers_and_yes_no_flags_are_not_numbers_or_flags() {
        let d = error("---\nweight: \"10\"\n---\n");
        assert_eq!(
            d.message,
            "invalid type: string \"10\", expected a whole number without quotes, such as 10"
        );
        assert_eq!(
            (d.location(), d.span.clone()),
            ("content/a.md:2:9".into(), 8..12)
        );
        for (source, value) in [
            ("---\ndraft: \"yes\"\n---\n", "\"yes\""),
            ("---\ndraft: yes\n---\n", "\"yes\""),
            ("---\ndraft: \"true\"\n---\n", "\"true\""),
            ("+++\ndraft = \"true\"\n+++\n", "\"true\""),
        ] {
            let d = error(source);
            assert_eq!(
                d.message,
                format!("invalid type: string {value}, expected `true` or `false` without quotes"),
                "{source}"
            );
            assert_eq!(d.line, 2, "{source}");
        }
        let toml = error("+++\nweight = \"10\"\n+++\n");
        assert_eq!(toml.location(), "content/a.md:2:10");
        let fm =
            parse_page("---\nweight: 10\ndraft: true\ndate: 2014-03-01\n---\n").expect("typed");
        assert_eq!((fm.weight, fm.draft), (Some(10), true));
        assert_eq!(fm.date.map(|d| d.iso()), Some("2014-03-01".to_string()));
        let fm = parse_page("---\ntitle: 10\nextra:\n  answer: yes\n---\n").expect("text");
        assert_eq!(fm.title.as_deref(), Some("10"));
        assert_eq!(fm.extra, serde_json::json!({"answer": "yes"}));
    }

    #[test]
    fn a_key_is_found_where_it_is_set_not_where_its_word_first_appears() {
        let d = error("+++\ntitle = \"A guide to guides\"\nguide = true\n+++\n");
        assert_eq!(d.location(), "content/a.md:3:1");
        let d = error("---\ntitle: Extra help\nextra: 5\n---\n");
        assert_eq!(d.location(), "content/a.md:3:1");
        assert_eq!(d.message, "`extra` must be a table of your own keys");
    }

    #[test]
    fn a_nul_escape_in_any_string_is_an_error_at_the_value() {
        for (source, location) in [
            ("+++\ntitle = \"A\\u0000B\"\n+++\n", "content/a.md:2:9"),
            ("---\ntitle: \"A\\0B\"\n---\n", "content/a.md:2:8"),
            (
                "---\ntitle: A\naliases: [/a/, \"/b\\x00/\"]\n---\n",
                "content/a.md:3:16",
            ),
            (
                "+++\n[extra]\nlist = [\"ok\", { \"k\\u0000\" = 1 }]\n+++\n",
                "content/a.md:3:17",
            ),
        ] {
            let d = error(source);
            assert_eq!(
                d.message, "this value contains a NUL character (byte 0)",
                "{source}"
            );
            assert_eq!(d.location(), location, "{source}");
        }
    }
}
