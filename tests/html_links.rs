//! Every internal link of the built HTML is checked by `build`: links
//! from templates, raw HTML in Markdown, data records and `[brand]`, each
//! broken one an error naming where it was written and the pages it is
//! on; Markdown links (checked when parsed) are never reported twice.

mod support;

use support::TestSite;

/// The fixture with the hidden page published again.
fn unhidden() -> TestSite {
    let site = TestSite::new("hidden-footer-page");
    site.write("local/hide.toml", "pages = []\n");
    site
}

#[test]
fn a_footer_link_to_a_page_the_trust_hid_fails_the_build() {
    let error = TestSite::new("hidden-footer-page").build_err();
    assert_eq!(
        error,
        "error: the link `/accessibility/` in the template `footer.html` leads to no page or file of the site
 --> templates/footer.html:3:25
  |
3 |   <a href=\"{{ url(path='accessibility/') }}\">Accessibility statement</a>
  |                         ^^^^^^^^^^^^^^
  |
help: on 3 pages: `/`, `/404.html`, `/contact/`; change the link, or add the page or file it leads to (a page hidden in `local/hide.toml` is missing too)

build failed: 1 error; nothing was written"
    );
}

#[test]
fn the_same_site_with_the_page_published_builds() {
    let built = unhidden().build().expect("builds");
    assert!(built.report.diagnostics.is_empty());
}

#[test]
fn many_pages_are_counted_and_the_first_three_named() {
    let site = TestSite::new("hidden-footer-page");
    for n in 1..=5 {
        site.write(
            &format!("content/p{n}.md"),
            &format!("+++\ntitle = \"P{n}\"\n+++\nText.\n"),
        );
    }
    let error = site.build_err();
    assert!(
        error.contains("help: on 8 pages: `/`, `/404.html`, `/contact/` and 5 more;"),
        "{error}"
    );
}

#[test]
fn raw_html_in_markdown_is_reported_at_its_file_line_and_column() {
    let site = unhidden();
    site.write(
        "content/contact.md",
        "+++\ntitle = \"Contact us\"\n+++\nWrite to us.\n\n<p>See <a href=\"/nowhere/\">the form</a>.</p>\n",
    );
    let error = site.build_err();
    assert!(
        error.starts_with(
            "error: the link `/nowhere/` in raw HTML leads to no page or file of the site\n --> content/contact.md:6:17\n"
        ),
        "{error}"
    );
    assert!(error.contains("help: on the page `/contact/`;"), "{error}");
}

#[test]
fn an_image_in_raw_html_is_checked_too() {
    let site = unhidden();
    site.write(
        "content/contact.md",
        "+++\ntitle = \"Contact us\"\n+++\n<img src=\"missing.png\" alt=\"A map\">\n",
    );
    let error = site.build_err();
    assert!(
        error.contains("the link `missing.png` in raw HTML leads to no page or file"),
        "{error}"
    );
}

#[test]
fn a_markdown_link_is_reported_once_not_again_from_the_html() {
    let site = unhidden();
    site.write(
        "site.toml",
        "title = \"Footer\"\ntheme = \"plain\"\n[links]\nbroken = \"warn\"\n",
    )
    .write(
        "content/contact.md",
        "+++\ntitle = \"Contact us\"\n+++\nSee [the form](/nowhere/).\n",
    );
    let built = site.build().expect("builds with warnings");
    let messages: Vec<&str> = built
        .report
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(!messages[0].contains("in raw HTML"), "{messages:?}");
}

#[test]
fn a_link_in_a_data_record_is_reported_at_the_data_file() {
    let site = unhidden();
    site.write("data/links.toml", "[[link]]\nurl = \"/gone/\"\n")
        .write(
            "templates/footer.html",
            "<footer>{% for l in data.links.link %}<a href=\"{{ l.url }}\">x</a>{% endfor %}</footer>\n",
        );
    let error = site.build_err();
    assert!(
        error.starts_with(
            "error: the link `/gone/` in `data/links.toml` leads to no page or file of the site\n --> data/links.toml:2:8\n"
        ),
        "{error}"
    );
}

#[test]
fn a_missing_anchor_and_a_link_outside_the_site_are_errors() {
    let site = unhidden();
    site.write(
        "templates/footer.html",
        "<footer id=\"foot\"><a href=\"#foot\">Top</a> <a href=\"#nobody\">x</a> <a href=\"../../up/\">y</a></footer>\n",
    );
    let error = site.build_err();
    assert!(
        error.contains(
            "the link `#nobody` in the template `footer.html` leads to `#nobody`, which is no heading or id on the page it is on"
        ),
        "{error}"
    );
    assert!(
        error.contains("the link `../../up/` in the template `footer.html` leads outside the site"),
        "{error}"
    );
    assert!(!error.contains("`#foot`"), "{error}");
}

#[test]
fn files_canteen_makes_and_static_files_are_outputs() {
    let site = unhidden();
    site.write("static/css/extra.css", "p {}\n").write(
        "templates/footer.html",
        "<footer><a href=\"{{ url(path='sitemap.xml') }}\">Map</a><link href=\"{{ url(path='css/extra.css') }}\"><a href=\"{{ url(path='contact') }}\">c</a><a href=\"https://example.org/x\">e</a></footer>\n",
    );
    let built = site.build().expect("builds");
    assert!(built.report.diagnostics.is_empty());
}

#[test]
fn a_fork_that_hides_the_nhs_themes_accessibility_statement_fails_the_build() {
    // The fork fixture keeps `[accessibility]` in local/site.toml; hiding
    // the statement page must not silently drop the NHS footer's link.
    let site = TestSite::new("fork");
    std::fs::remove_file(site.root().join("local/content/accessibility.md")).expect("removed");
    site.write(
        "local/hide.toml",
        "pages = [\"platforms/myspace.md\", \"accessibility.md\"]\n",
    );
    let error = site.build_err();
    assert!(
        error.starts_with(
            "error: the link `/accessibility/` in the template `partials/footer.html` leads to no page or file of the site"
        ),
        "{error}"
    );
    assert!(
        error.contains(" --> <built-in theme>/templates/partials/footer.html:6:39"),
        "{error}"
    );
    assert!(
        error.contains("a page hidden in `local/hide.toml` is missing too"),
        "{error}"
    );
}
