//! Templates cannot take the process down: loops and deep chains of
//! templates, runaway loops and huge pages each end quickly in an error at
//! the template, exit code 1, and no staging folder left behind. And a
//! site that replaces a theme layout wholesale keeps building.
//!
//! The crashing cases run the binary: a stack overflow aborts the process,
//! which a test in this process could not survive.

mod support;

use support::TestSite;

/// A site on an empty theme (only these templates exist), with a home page
/// and one page.
fn site(templates: &[(&str, &str)]) -> TestSite {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\ntheme = \"min\"\n")
        .write("themes/min/templates/.keep", "")
        .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
        .write("content/a.md", "+++\ntitle = \"A\"\n+++\nText.\n")
        .write("templates/404.html", "not found")
        .write("templates/redirect.html", "{{ redirect_to }}");
    for (name, text) in templates {
        site.write(&format!("templates/{name}"), text);
    }
    site
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
