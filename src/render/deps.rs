//! Which templates depend on which: read from `{% extends %}` and
//! `{% include %}` tags, so the dev server re-renders only the pages whose
//! template (or a template it builds on) changed.
//!
//! Pure and conservative: when in doubt (a changed template defines
//! components, which any template may use), everything depends on it.

use std::collections::{BTreeSet, HashMap};

use crate::render::theme::TemplateFile;

/// Names a template refers to by `extends` or `include`.
pub fn references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.trim_start_matches(['-', ' ', '\n', '\t']);
        let rest = match tag.split_once(char::is_whitespace) {
            Some(("extends" | "include", rest)) => rest.trim_start(),
            _ => continue,
        };
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(name) = rest[1..].split(quote).next() {
            found.push(name.to_string());
        }
    }
    found
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
