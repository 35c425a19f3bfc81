//! Which templates depend on which: read from `{% extends %}` and
//! `{% include %}` tags, so the dev server re-renders only the pages whose
//! template (or a template it builds on) changed.
//!
//! Pure and conservative: when in doubt (a changed template defines
//! components, which any template may use), everything depends on it.

use std::collections::{BTreeSet, HashMap};

use crate::render::theme::TemplateFile;

/// What a tag does, among the tags canteen reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// `{% extends "name" %}`.
    Extends,
    /// `{% include "name" %}`.
    Include,
    /// `{% block name %}`.
    Block,
}

/// An `extends`, `include` or `block` tag and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// Which tag.
    pub kind: TagKind,
    /// The template (extends, include) or block it names.
    pub name: &'a str,
    /// Byte offset of the tag's `{%`.
    pub offset: usize,
    /// Bytes from `{%` to the end of `%}`.
    pub len: usize,
    /// How many blocks enclose the tag (0 at the top level).
    pub depth: usize,
}

/// The `extends`, `include` and `block` tags of a template, in order.
///
/// A lenient reader, not Tera's parser: comments and `raw` sections are
/// skipped, anything it cannot read is ignored (Tera reports syntax errors).
pub fn tags(text: &str) -> Vec<Tag<'_>> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(open) = text[at..].find('{').map(|i| at + i) {
        let rest = &text[open..];
        // Closing delimiters are searched from after the opening one, so
        // `{%}` and `{#}` close nothing.
        if let Some(comment) = rest.strip_prefix("{#") {
            at = comment.find("#}").map_or(text.len(), |i| open + i + 4);
            continue;
        }
        let Some(inside) = rest.strip_prefix("{%") else {
            at = open + 1;
            continue;
        };
        let Some(close) = inside.find("%}").map(|i| i + 2) else {
            break;
        };
        at = open + close + 2;
        let body = rest[2..close].trim_matches(['-', '+', ' ', '\n', '\r', '\t']);
        let (keyword, args) = body
            .split_once(char::is_whitespace)
            .map_or((body, ""), |(k, a)| (k, a.trim_start()));
        let kind = match keyword {
            "extends" => TagKind::Extends,
            "include" => TagKind::Include,
            "block" => TagKind::Block,
            "endblock" => {
                depth = depth.saturating_sub(1);
                continue;
            }
            "raw" => {
                // Nothing inside a raw section is a tag.
                at = text[at..]
                    .find("endraw")
                    .and_then(|i| text[at + i..].find("%}").map(|j| at + i + j + 2))
                    .unwrap_or(text.len());
                continue;
            }
            _ => continue,
        };
        let name = if kind == TagKind::Block {
            args.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default()
        } else {
            let Some(quote) = args.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            args[1..].split(quote).next().unwrap_or_default()
        };
        if name.is_empty() {
            continue;
        }
        found.push(Tag {
            kind,
            name,
            offset: open,
            len: close + 2,
            depth,
        });
        if kind == TagKind::Block {
            depth += 1;
        }
    }
    found
}

/// Names a template refers to by `extends` or `include`.
pub fn references(text: &str) -> Vec<String> {
    tags(text)
        .into_iter()
        .filter(|t| t.kind != TagKind::Block)
        .map(|t| t.name.to_string())
        .collect()
}

/// The templates affected by a change to `changed`: those names and every
/// template that extends or includes one of them, transitively. `None`
/// means "all of them" (a changed template defines components).
pub fn affected(
    templates: &[TemplateFile],
    changed: &BTreeSet<String>,
) -> Option<BTreeSet<String>> {
    let by_name: HashMap<&str, &TemplateFile> =
        templates.iter().map(|t| (t.name.as_str(), t)).collect();
    if changed.iter().any(|name| {
        by_name
            .get(name.as_str())
            .is_some_and(|t| t.text.contains("{% component"))
    }) {
        return None;
    }
    // A bare name resolves to the site's template or, failing that, the theme's.
    let resolves_to = |reference: &str| -> Vec<String> {
        vec![reference.to_string(), format!("theme/{reference}")]
    };
    let mut dependents: HashMap<String, Vec<&str>> = HashMap::new();
    for template in templates {
        for reference in references(&template.text) {
            for target in resolves_to(&reference) {
                dependents.entry(target).or_default().push(&template.name);
            }
        }
    }
    let mut affected: BTreeSet<String> = changed.clone();
    let mut queue: Vec<String> = changed.iter().cloned().collect();
    while let Some(name) = queue.pop() {
        for &dependent in dependents.get(&name).map(Vec::as_slice).unwrap_or_default() {
            if affected.insert(dependent.to_string()) {
                queue.push(dependent.to_string());
            }
        }
    }
    Some(affected)
}

/// Names whose text differs between two sets of templates (added, removed
/// or edited).
pub fn changed(old: &[TemplateFile], new: &[TemplateFile]) -> BTreeSet<String> {
    let old_texts: HashMap<&str, &str> = old
        .iter()
        .map(|t| (t.name.as_str(), t.text.as_str()))
        .collect();
    let new_texts: HashMap<&str, &str> = new
        .iter()
        .map(|t| (t.name.as_str(), t.text.as_str()))
        .collect();
    old_texts
        .keys()
        .chain(new_texts.keys())
        .filter(|name| old_texts.get(*name) != new_texts.get(*name))
        .map(|name| name.to_string())
        .collect()
}

/// True when a document rendered with `template` (a bare name) uses an
/// affected template.
pub fn uses(affected: &BTreeSet<String>, template: &str) -> bool {
    affected.contains(template) || affected.contains(&format!("theme/{template}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, text: &str) -> TemplateFile {
        TemplateFile {
            name: name.into(),
            text: text.into(),
            path: name.into(),
        }
    }

    #[test]
    fn references_are_read_from_extends_and_include() {
        let text = "{% extends \"base.html\" %}{%- include 'partials/footer.html' %}{% block x %}{% if a %}{% endif %}";
        assert_eq!(references(text), ["base.html", "partials/footer.html"]);
    }

    #[test]
    fn odd_tags_are_ignored_without_panicking() {
        for text in [
            "{%}",
            "{#}{% include \"a\" %}",
            "{%",
            "{% include",
            "{% include \"",
            "{% block %}",
            "é{%é%}é",
        ] {
            let _ = tags(text);
        }
        assert_eq!(
            references("{#}{% include \"a\" %}#}{% include \"b\" %}"),
            ["b"]
        );
    }

    #[test]
    fn tags_skip_comments_and_raw_sections_and_track_block_depth() {
        let text = "{# {% include \"no.html\" %} #}{% raw %}{% extends \"no.html\" %}{% endraw %}\
                    {% block a %}{%- include 'x.html' -%}{% block b %}{% endblock b %}{% endblock a %}";
        let found: Vec<(TagKind, &str, usize)> = tags(text)
            .iter()
            .map(|t| (t.kind, t.name, t.depth))
            .collect();
        assert_eq!(
            found,
            [
                (TagKind::Block, "a", 0),
                (TagKind::Include, "x.html", 1),
                (TagKind::Block, "b", 1)
            ]
        );
        let include = &tags(text)[1];
        assert_eq!(
            &text[include.offset..include.offset + include.len],
            "{%- include 'x.html' -%}"
        );
    }

    #[test]
    fn a_change_reaches_every_template_built_on_it() {
        let templates = [
            t("theme/base.html", "{% include \"partials/footer.html\" %}"),
            t("theme/partials/footer.html", "footer"),
            t("theme/page.html", "{% extends \"base.html\" %}"),
            t("theme/section.html", "{% extends \"base.html\" %}"),
            t("theme/leader.html", "standalone"),
            t("page.html", "{% extends \"theme/page.html\" %}"),
        ];
        let footer = affected(
            &templates,
            &BTreeSet::from(["theme/partials/footer.html".to_string()]),
        )
        .unwrap_or_default();
        assert!(
            footer.contains("theme/page.html")
                && footer.contains("page.html")
                && footer.contains("theme/section.html")
        );
        assert!(!footer.contains("theme/leader.html"));
        let page = affected(&templates, &BTreeSet::from(["theme/page.html".to_string()]))
            .unwrap_or_default();
        assert_eq!(
            page,
            BTreeSet::from(["theme/page.html".to_string(), "page.html".to_string()])
        );
        assert!(uses(&page, "page.html") && !uses(&page, "section.html"));
    }

    #[test]
    fn components_affect_everything() {
        let templates = [t(
            "theme/partials/components.html",
            "{% component x() %}{% endcomponent x %}",
        )];
        assert_eq!(
            affected(
                &templates,
                &BTreeSet::from(["theme/partials/components.html".to_string()])
            ),
            None
        );
    }

    #[test]
    fn changed_names_cover_edits_additions_and_removals() {
        let old = [t("a.html", "1"), t("b.html", "1"), t("c.html", "1")];
        let new = [t("a.html", "1"), t("b.html", "2"), t("d.html", "1")];
        assert_eq!(
            changed(&old, &new),
            BTreeSet::from(["b.html".into(), "c.html".into(), "d.html".into()])
        );
    }
}
