//! Templates cannot take the process down: loops and deep chains of
//! templates, runaway loops and huge pages each end quickly in an error at
//! the template, exit code 1, and no staging folder left behind. And a
//! site that replaces a theme layout wholesale keeps building.
//!
//! The crashing cases run the binary: a stack overflow aborts the process,
//! which a test in this process could not survive.

mod support;

use std::time::{Duration, Instant};

use support::{TestSite, canteen};

/// A site on an empty theme (only these templates exist), with a home page
/// and one page.
fn site(templates: &[(&str, &str)]) -> TestSite {
    let site = support::site_on_empty_theme(templates);
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\nText.\n");
    site
}

/// Runs `canteen build` on the site: exit code, stderr, time taken. Asserts
/// that no staging folder is left beside the output.
fn build(site: &TestSite) -> (Option<i32>, String, Duration) {
    let started = Instant::now();
    let out = canteen(&["build", "--root", &site.root().display().to_string()]);
    let elapsed = started.elapsed();
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .expect("read root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".canteen-") && n != ".canteen-cache")
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed,
    )
}

/// `a0.html` includes `a1.html` … includes `a{n}.html`.
fn chain(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            (
                format!("a{i}.html"),
                format!("<p>{i}</p>{{% include \"a{}.html\" %}}", i + 1),
            )
        })
        .chain([(format!("a{n}.html"), "end".to_string())])
        .collect()
}

#[test]
fn a_deep_include_chain_is_an_error_at_the_tag_not_a_stack_overflow() {
    let mut templates = chain(200);
    for layout in ["index.html", "section.html", "page.html"] {
        templates.push((layout.into(), "{% include \"a0.html\" %}".into()));
    }
    let templates: Vec<(&str, &str)> = templates
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let (code, stderr, elapsed) = build(&site(&templates));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    let chain: Vec<String> = (0..=16).map(|i| format!("a{i}.html")).collect();
    assert_eq!(
        stderr,
        format!(
            "error: templates nest more than 16 levels deep: index.html → {}
 --> templates/a15.html:1:10
  |
1 | <p>15</p>{{% include \"a16.html\" %}}
  |          ^^^^^^^^^^^^^^^^^^^^^^^^
  |
help: each `include` and `extends` is one level, and canteen allows 16 so that rendering cannot run out of stack (themes rarely need 10); shorten the chain

build failed: 1 error; nothing was written
",
            chain.join(" → ")
        )
    );
}

#[test]
fn an_include_loop_names_the_tag_and_the_loop() {
    let (code, stderr, _) = build(&site(&[
        ("index.html", "{% include \"a.html\" %}"),
        ("page.html", "page"),
        ("a.html", "<p>{% include \"b.html\" %}</p>"),
        ("b.html", "<b>\n  {% include \"a.html\" %}</b>"),
    ]));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.starts_with(
            "error: templates include each other in a loop: a.html → b.html → a.html
 --> templates/b.html:2:3
  |
2 |   {% include \"a.html\" %}</b>
  |   ^^^^^^^^^^^^^^^^^^^^^^
  |
help: a template cannot include itself, directly or through others; remove one `include` of the loop, or make the repeated part a component"
        ),
        "{stderr}"
    );
}

#[test]
fn an_extends_loop_names_the_tag_and_the_loop() {
    let site = site(&[
        ("index.html", "home"),
        ("page.html", "{% extends \"base.html\" %}"),
        ("base.html", "{% extends \"page.html\" %}"),
    ]);
    let text = site.build_err();
    assert!(
        text.starts_with(
            "error: templates extend each other in a loop: base.html → page.html → base.html
 --> templates/page.html:1:1"
        ),
        "{text}"
    );
}

/// A recursive component reached through includes: 20 components deep
/// (Tera's limit), each through 15 levels of include. Overflowed a 2 MiB
/// rendering thread (a recursive navigation tree did at ~14 levels).
#[test]
fn components_nested_to_teras_limit_through_includes_render() {
    let mut templates: Vec<(String, String)> = (0..15)
        .map(|i| {
            (
                format!("c{i}.html"),
                format!("{{% include \"c{}.html\" %}}", i + 1),
            )
        })
        .collect();
    templates.push(("c15.html".into(), "{{ <rec n={n - 1}/> }}".into()));
    templates.push((
        "components.html".into(),
        "{% component rec(n) %}[{{ n }}{% if n > 0 %}{% include \"c0.html\" %}{% endif %}]{% endcomponent rec %}".into(),
    ));
    for layout in ["index.html", "page.html"] {
        templates.push((layout.into(), "{{ <rec n={19}/> }}".into()));
    }
    let templates: Vec<(&str, &str)> = templates
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let site = site(&templates);
    let (code, stderr, _) = build(&site);
    assert_eq!(code, Some(0), "{stderr}");
    let page = std::fs::read_to_string(site.root().join("public/a/index.html")).unwrap_or_default();
    assert!(
        page.starts_with("[19[18[17") && page.contains("[0]"),
        "{page}"
    );
}

#[test]
fn nested_ranges_stop_at_the_page_budget() {
    let site = site(&[
        (
            "index.html",
            "{% for i in range(end=31623) %}{% for j in range(end=31623) %}.{% endfor %}{% endfor %}",
        ),
        ("page.html", "page"),
    ]);
    let (code, stderr, elapsed) = build(&site);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert!(
        stderr.starts_with(
            "error: `range` has produced 1011936 elements for this page, more than the 1000000 canteen allows for one page; is a loop nested in another by mistake? (while rendering `content/_index.md`)
 --> templates/index.html:1:44"
        ),
        "{stderr}"
    );
}

#[test]
fn a_huge_page_stops_at_the_size_cap() {
    let site = site(&[
        ("index.html", "home"),
        (
            "page.html",
            "{% for i in range(end=100) %}{{ page.content | safe }}{% endfor %}",
        ),
    ]);
    site.write(
        "content/a.md",
        &format!("+++\ntitle = \"A\"\n+++\n{}\n", "word ".repeat(200_000)),
    );
    let (code, stderr, elapsed) = build(&site);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
    assert!(
        stderr.starts_with(
            "error: the page grew past 64 MiB, more than canteen writes for one page; is a loop printing a large value many times? (while rendering `content/a.md`)
  --> templates/page.html"
        ),
        "{stderr}"
    );
}

/// A common first customisation: `templates/page.html` replacing the
/// built-in theme's page with one that has no blocks. The theme's
/// `professional-bodies.html` extends `page.html` and fills a block the
/// replacement lacks, which failed every build with an error about a theme
/// file the user never touched, printed as `error: error:`.
#[test]
fn a_site_replacing_the_theme_page_wholesale_builds() {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
        .write("content/a.md", "+++\ntitle = \"A\"\n+++\nText.\n")
        .write(
            "templates/page.html",
            "<main>{{ page.content | safe }}</main>",
        );
    let built = site.build().expect("builds");
    assert_eq!(built.page("a/"), "<main><p>Text.</p>\n</main>");
}

#[test]
fn a_page_using_a_theme_layout_the_replacement_broke_names_the_block_to_add() {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
        .write(
            "content/bodies.md",
            "+++\ntitle = \"Bodies\"\ntemplate = \"professional-bodies.html\"\n+++\n",
        )
        .write(
            "templates/page.html",
            "<main>{{ page.content | safe }}</main>",
        );
    assert_eq!(
        site.build_err(),
        "error: `templates/page.html` replaces the theme's `page.html`, but has no `{% block after_content %}`, which the theme's `professional-bodies.html` fills (while rendering `content/bodies.md`)
 --> templates/page.html:1:1
  |
1 | <main>{{ page.content | safe }}</main>
  | ^
  |
help: the theme's `professional-bodies.html` renders inside your layout; add `{% block after_content %}{% endblock after_content %}` to templates/page.html where that part of the page belongs

build failed: 1 error; nothing was written"
    );
}

#[test]
fn tera_errors_are_shown_once_at_a_file_relative_to_the_site() {
    let site = site(&[
        ("index.html", "home"),
        ("page.html", "<p>{{ page.title | nope }}</p>"),
    ]);
    let text = site.build_err();
    assert_eq!(
        text,
        "error: Unknown filter `nope`
 --> templates/page.html:1:20
  |
1 | <p>{{ page.title | nope }}</p>
  |                    ^^^^

build failed: 1 error; nothing was written"
    );
    assert!(site.root().join("templates/page.html").exists());
}
