//! Theme layouts a site's own template has broken: the theme's
//! `professional-bodies.html` extends `page.html` and fills
//! `{% block after_content %}`; a site whose `templates/page.html` replaces
//! the theme's page without that block leaves the theme template's content
//! nowhere to go.
//!
//! Jinja would drop that content silently; Tera refuses to compile any
//! template then, failing every build with an error about a file the user
//! never touched. canteen does neither: such a theme template is left out,
//! and only a page that uses it fails, with an error at the user's template
//! that says which block to add. Never reports a problem in the user's own
//! templates (Tera does, at their file).

use std::collections::{BTreeMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::render::deps::TagKind;
use crate::render::graph::Graph;
use crate::render::theme::{THEME_PREFIX, Theme, UPSTREAM_PREFIX};

/// The theme templates that cannot be compiled because of a site template,
/// by name, each with the error a page using it gets; and errors for the
/// site's own templates that build on one of them.
#[derive(Debug, Default)]
pub struct Broken {
    /// Left out of the compiled templates.
    pub unusable: BTreeMap<String, Diagnostic>,
    /// The site's templates that extend or include an unusable one.
    pub errors: Vec<Diagnostic>,
}

/// Finds theme templates whose blocks the site's replacement of a layout
/// lacks, and everything that builds on them.
pub fn broken(graph: &Graph<'_>) -> Broken {
    let mut found = Broken::default();
    for index in graph.indices() {
        let template = graph.template(index);
        if !template.is_theme() {
            continue;
        }
        let ancestors = graph.ancestors(index);
        let Some(&replacement) = ancestors.iter().find(|&&a| !graph.template(a).is_theme()) else {
            continue;
        };
        let missing = graph.tags_of(index).iter().find(|tag| {
            tag.kind == TagKind::Block
                && tag.depth == 0
                && !ancestors.iter().any(|&a| {
                    graph
                        .tags_of(a)
                        .iter()
                        .any(|t| t.kind == TagKind::Block && t.name == tag.name)
                })
        });
        if let Some(block) = missing {
            found.unusable.insert(
                template.name.clone(),
                lacking_block(graph, replacement, index, block.name),
            );
        }
    }
    // Whatever extends or includes an unusable template cannot compile either.
    let mut grew = true;
    while grew {
        grew = false;
        for index in graph.indices() {
            let template = graph.template(index);
            if found.unusable.contains_key(&template.name) {
                continue;
            }
            let needs = graph.tags_of(index).iter().find_map(|tag| {
                let target = graph.resolve(tag.name)?;
                (tag.kind != TagKind::Block)
                    .then(|| found.unusable.get(&graph.template(target).name))
                    .flatten()
            });
            if let Some(reason) = needs.cloned() {
                if template.is_theme() {
                    found.unusable.insert(template.name.clone(), reason);
                    grew = true;
                } else {
                    found.errors.push(reason);
                }
            }
        }
    }
    let mut seen = HashSet::new();
    found
        .errors
        .retain(|d| seen.insert(d.location() + &d.message));
    found
}

/// The error for theme template `index`, whose block `block` the site's
/// template `replacement` (which it extends) lacks.
fn lacking_block(graph: &Graph<'_>, replacement: usize, index: usize, block: &str) -> Diagnostic {
    let site = graph.template(replacement);
    let bare = Theme::bare_name(&site.name);
    let replaced = [UPSTREAM_PREFIX, THEME_PREFIX]
        .iter()
        .filter(|p| !site.name.starts_with(**p))
        .find_map(|p| {
            graph
                .resolve(&format!("{p}{bare}"))
                .filter(|&i| i != replacement)
        })
        .map(|i| format!(" replaces {} `{bare}`, but", owner(&graph.template(i).name)));
    let user = graph.template(index);
    let message = format!(
        "`{}`{} has no `{{% block {block} %}}`, which {} `{}` fills",
        site.path.display(),
        replaced.unwrap_or_default(),
        owner(&user.name),
        Theme::bare_name(&user.name),
    );
    let offset = graph
        .tags_of(replacement)
        .iter()
        .find(|t| t.kind == TagKind::Extends)
        .map_or((0, 0), |t| (t.offset, t.len));
    Diagnostic::at(site.path.clone(), &site.text, offset.0, offset.1, message).with_hint(format!(
        "{} `{}` renders inside your layout; add `{{% block {block} %}}{{% endblock {block} %}}` to {} where that part of the page belongs",
        owner(&user.name),
        Theme::bare_name(&user.name),
        site.path.display(),
    ))
}

/// "the theme's" or "upstream's", by a template's layer.
fn owner(name: &str) -> &'static str {
    if name.starts_with(UPSTREAM_PREFIX) {
        "upstream's"
    } else {
        "the theme's"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn theme(files: &[(&str, &str)]) -> Theme {
        Theme::of_templates(files)
    }

    const THEME: &[(&str, &str)] = &[
        (
            "theme/base.html",
            "{% block content %}{% endblock content %}{% block after_content %}{% endblock after_content %}",
        ),
        (
            "theme/page.html",
            "{% extends \"base.html\" %}{% block content %}x{% endblock content %}",
        ),
        (
            "theme/bodies.html",
            "{% extends \"page.html\" %}{% block after_content %}list{% endblock after_content %}",
        ),
        ("theme/leaders.html", "{% include \"bodies.html\" %}"),
    ];

    #[test]
    fn a_replaced_layout_without_the_block_makes_the_theme_template_unusable() {
        let mut files = THEME.to_vec();
        files.push(("page.html", "<main>{{ page.content }}</main>"));
        let theme = theme(&files);
        let graph = Graph::new(&theme);
        let found = broken(&graph);
        assert_eq!(
            found.unusable.keys().collect::<Vec<_>>(),
            ["theme/bodies.html", "theme/leaders.html"]
        );
        let d = &found.unusable["theme/bodies.html"];
        assert_eq!(
            (d.location(), d.message.as_str()),
            (
                "templates/page.html:1:1".to_string(),
                "`templates/page.html` replaces the theme's `page.html`, but has no `{% block after_content %}`, which the theme's `bodies.html` fills"
            )
        );
        assert!(found.errors.is_empty());
    }

    #[test]
    fn a_replacement_that_extends_the_base_keeps_every_block() {
        let mut files = THEME.to_vec();
        files.push((
            "page.html",
            "{% extends \"base.html\" %}{% block content %}{{ page.content }}{% endblock content %}",
        ));
        let theme = theme(&files);
        let graph = Graph::new(&theme);
        let found = broken(&graph);
        assert!(found.unusable.is_empty() && found.errors.is_empty());
    }

    #[test]
    fn a_site_template_built_on_an_unusable_one_is_an_error_now() {
        let mut files = THEME.to_vec();
        files.push(("page.html", "<main></main>"));
        files.push(("mine.html", "{% extends \"bodies.html\" %}"));
        let theme = theme(&files);
        let graph = Graph::new(&theme);
        let found = broken(&graph);
        assert_eq!(found.errors.len(), 1);
        assert_eq!(found.errors[0].file, PathBuf::from("templates/page.html"));
    }
}
