//! Templates in `templates/`: valid Tera that replaces the theme's
//! layouts or extends them, syntax errors, includes of missing templates,
//! include and extends chains and cycles, recursive components, nested
//! `range` loops (small enough that a correct canteen finishes fast),
//! undefined values, files that are not UTF-8.

use proptest::prelude::*;

use super::{mostly, one_of};

/// Names a generated template may have.
const NAMES: &[&str] = &[
    "page.html",
    "section.html",
    "index.html",
    "404.html",
    "redirect.html",
    "base.html",
    "partials/a.html",
    "partials/b.html",
    "custom.html",
    "components.html",
    "what-changed.html",
    "partials/header.html",
];

/// Templates that work wherever they are.
const VALID: &[&str] = &[
    "{% extends \"theme/page.html\" %}{% block content %}<p>{{ page.title }}</p>{% endblock content %}",
    "<!doctype html><html><head><title>{{ page.title }}</title></head><body><main>{{ page.content | safe }}</main></body></html>",
    "<p>{{ current_url }}</p>",
];

/// Template texts.
const TEXTS: &[&str] = &[
    "<p>{{ redirect_to }}</p>",
    "{% include \"partials/a.html\" %}",
    "{% include \"partials/b.html\" %}",
    "{% include \"missing.html\" %}",
    "{% include \"page.html\" %}",
    "{% extends \"page.html\" %}",
    "{% extends \"custom.html\" %}",
    "{% extends \"missing.html\" %}",
    "{% if %}",
    "{{ }}",
    "{% block content %}never closed",
    "{% endblock content %}",
    "{{ page.title | no_such_filter }}",
    "{{ no_such_function() }}",
    "{{ page.extra.a.b.c }}",
    "{{ data.people.person[0].id }}",
    "{{ page.title ~ 1 / 0 }}",
    "{% for i in range(end=30) %}{% for j in range(end=30) %}{{ i }}{% endfor %}{% endfor %}",
    "{% for i in range(end=20) %}{% for j in range(end=20) %}{% for k in range(end=20) %}.{% endfor %}{% endfor %}{% endfor %}",
    "{% for i in range(end=99999999999999999999) %}{% endfor %}",
    "{% component twice(n) %}{{ <twice n={n}/> }}{{ <twice n={n}/> }}{% endcomponent twice %}",
    "{% component loop_forever(n) %}{{ <loop_forever n={n}/> }}{% endcomponent loop_forever %}",
    "{{ <twice n={1}/> }}",
    "{{ <loop_forever n={1}/> }}",
    "{{ url(path=\"../../outside/\") }}",
    "{{ url() }}",
    "{{ page.content }}",
    "{% raw %}{{ not a tag }}{% endraw %}",
    "\u{0}",
    "",
];

/// A template file: a name and its bytes (now and then not UTF-8).
fn template() -> BoxedStrategy<(String, Vec<u8>)> {
    let text = prop_oneof![
        8 => proptest::collection::vec(mostly(VALID, TEXTS), 1..3).prop_map(|t| t.concat().into_bytes()),
        1 => Just(b"<p>caf\xe9</p>".to_vec()),
    ];
    (one_of(NAMES), text)
        .prop_map(|(name, bytes)| (format!("templates/{name}"), bytes))
        .boxed()
}

/// The templates of a site, and sometimes a page that asks for `custom.html`.
pub fn template_files() -> BoxedStrategy<Vec<(String, Vec<u8>)>> {
    (
        proptest::collection::vec(template(), 1..4),
        proptest::bool::weighted(0.3),
    )
        .prop_map(|(mut files, custom_page)| {
            if custom_page {
                files.push((
                    "content/custom.md".to_string(),
                    b"+++\ntitle = \"Custom\"\ntemplate = \"custom.html\"\n+++\nText.\n".to_vec(),
                ));
            }
            files
        })
        .boxed()
}
