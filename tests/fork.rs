//! A trust's fork: the fixture `tests/fixtures/fork/` is a small upstream
//! site with the `local/` overlay of "Example Teaching Hospitals NHS Trust"
//! (brand, logo, colours, two local pages, one replaced page, one
//! block-overridden template, one hidden page, one replaced data file).

mod support;

use canteen::config::{Config, SitePaths};
use canteen::overlay::drift::{self, State};
use support::{TestSite, canteen};

fn fork() -> TestSite {
    TestSite::new("fork")
}

/// Overridden upstream files that need checking, with why.
fn attention(site: &TestSite) -> Vec<(String, State)> {
    let paths = SitePaths::new(site.root());
    let config = Config::load(site.root()).expect("config");
    let report = drift::status(&paths, &config)
        .expect("status")
        .expect("overlay");
    report
        .needing_attention()
        .map(|i| (i.upstream.clone(), i.state))
        .collect()
}

#[test]
fn the_fork_builds_with_the_trusts_brand_pages_and_template() {
    let built = fork().build().expect("the fork builds");
    assert!(
        built.report.warnings.is_empty(),
        "{:?}",
        built.report.warnings
    );
    let page = built.page("platforms/facebook/");
    // Brand: logo with alt text in the header, name in meta tags and footer.
    assert!(page.contains(r#"<img class="site-header__logo" src="/images/logo.svg" alt="Example Teaching Hospitals NHS Trust">"#), "{page}");
    assert!(
        page.contains(r#"<meta name="author" content="Example Teaching Hospitals NHS Trust">"#)
    );
    assert!(page.contains(r#"<meta name="twitter:site" content="@ExampleNHS">"#));
    assert!(page.contains("Published by Example Teaching Hospitals NHS Trust"));
    assert!(page.contains(r#"href="mailto:communications@example-hospitals.nhs.uk""#));
    assert!(page.contains(
        r#"<a class="site-footer__link" href="/policies/social-media/">Our social media policy</a>"#
    ));
    assert!(!page.contains("NHS Employers"), "{page}");
    assert!(built.has("images/logo.svg"));
    // Colours: the generated stylesheet, linked before the theme's.
    let css = built.file("css/brand.css");
    assert!(
        css.contains("  --link: #00703c;\n") && css.contains("  --header-nav-bg: #004a27;\n"),
        "{css}"
    );
    assert!(page.find("css/brand.css") < page.find("css/canteen.css"));
    // Replaced upstream page, same address; its links are checked like any.
    assert!(
        built
            .main("platforms/facebook/")
            .contains("only the communications team posts")
    );
    assert!(!page.contains("keeping in touch with friends"));
    // Two local pages added.
    assert!(
        built
            .main("policies/social-media/")
            .contains("Staff at Example Hospitals follow this policy")
    );
    assert!(
        built
            .main("communications-team/")
            .contains("extension 4321")
    );
    // The block-overridden template (extends upstream's, which extends the
    // theme's), with the trust's data file over upstream's.
    assert!(built.main("platforms/facebook/").contains("<p class=\"callout__label\">Local help</p>\n<p>Ask the Example Hospitals communications team on extension 4321.</p>"));
    assert!(!page.contains("upstream-note"));
    // The hidden page is gone, from the output and the sitemap.
    assert!(!built.has("platforms/myspace/index.html"));
    assert!(!built.file("sitemap.xml").contains("myspace"));
}

#[test]
fn without_an_overlay_the_upstream_site_is_untouched() {
    let site = fork();
    std::fs::remove_dir_all(site.root().join("local")).expect("remove overlay");
    let built = site.build().expect("upstream builds");
    let page = built.page("platforms/facebook/");
    assert!(page.contains("Published by NHS Employers"));
    assert!(page.contains(r#"<span class="site-header__organisation">NHS Employers</span>"#));
    assert!(page.contains("keeping in touch with friends"));
    assert!(page.contains("upstream-note"));
    assert!(built.has("platforms/myspace/index.html"));
}

#[test]
fn a_link_to_a_hidden_page_is_a_build_error() {
    let site = fork();
    site.write(
        "local/content/links.md",
        "# Links\n\nSee [Myspace](platforms/myspace.md).\n",
    );
    let err = site.build_err();
    assert!(err.contains("local/content/links.md:3:"), "{err}");
    assert!(err.contains("platforms/myspace.md"), "{err}");
}

#[test]
fn overlay_errors_name_the_overlay_file() {
    let site = fork();
    site.write(
        "local/content/policies/social-media.md",
        "+++\ntitle = 3\n+++\n",
    );
    let err = site.build_err();
    assert!(
        err.contains("local/content/policies/social-media.md:2:"),
        "{err}"
    );
    let site = fork();
    site.write("local/hide.toml", "pages = [\"platforms/myspce.md\"]\n");
    let err = site.build_err();
    assert!(err.contains("local/hide.toml:1:10"), "{err}");
    assert!(
        err.contains("there is no upstream page `platforms/myspce.md` to hide"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `platforms/myspace.md`?"),
        "{err}"
    );
}

#[test]
fn drift_reports_exactly_the_upstream_file_that_changed() {
    let site = fork();
    let root = site.root().display().to_string();
    let clean = canteen(&["overlay", "status", "--root", &root]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    assert!(String::from_utf8_lossy(&clean.stdout).contains("All 6 overridden files match"));

    site.write(
        "content/platforms/facebook.md",
        &std::fs::read_to_string(site.root().join("content/platforms/facebook.md"))
            .expect("read")
            .replace(
                "friends and family.",
                "friends, family and patients' groups.",
            ),
    );
    let attention = attention(&site);
    let attention: Vec<(&str, State)> = attention.iter().map(|(p, s)| (p.as_str(), *s)).collect();
    assert_eq!(
        attention,
        [("content/platforms/facebook.md", State::Changed)]
    );

    let out = canteen(&["overlay", "status", "--root", &root]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("content/platforms/facebook.md changed upstream since local/content/platforms/facebook.md was based on it:\n"), "{stdout}");
    assert!(stdout.contains("--- content/platforms/facebook.md (accepted)\n+++ content/platforms/facebook.md (upstream now)\n"), "{stdout}");
    assert!(stdout.contains("\n-Facebook is for keeping in touch with friends and family.\n+Facebook is for keeping in touch with friends, family and patients' groups.\n"), "{stdout}");
    assert!(
        stdout.contains("1 of 6 overridden files need checking."),
        "{stdout}"
    );

    // The build warns, once, and still succeeds.
    let built = canteen(&["build", "--root", &root, "--quiet"]);
    assert_eq!(built.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&built.stderr),
        "warning: content/platforms/facebook.md changed upstream since local/content/platforms/facebook.md was based on it; run `canteen overlay status` to see the change\n"
    );

    let accepted = canteen(&[
        "overlay",
        "accept",
        "--root",
        &root,
        "local/content/platforms/facebook.md",
    ]);
    assert_eq!(
        accepted.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&accepted.stderr)
    );
    assert_eq!(
        canteen(&["overlay", "status", "--root", &root])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_new_override_and_an_upstream_removal_need_checking() {
    let site = fork();
    site.write(
        "local/content/further-reading.md",
        "# Further reading\n\nOur own list.\n",
    );
    std::fs::remove_file(site.root().join("data/local-help.toml")).expect("remove");
    let attention = attention(&site);
    let attention: Vec<(&str, State)> = attention.iter().map(|(p, s)| (p.as_str(), *s)).collect();
    assert_eq!(
        attention,
        [
            ("content/further-reading.md", State::Unrecorded),
            ("data/local-help.toml", State::UpstreamRemoved)
        ]
    );
}

#[test]
fn new_scaffolds_a_page_and_an_overlay() {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n");
    let root = site.root().display().to_string();
    let out = canteen(&["new", "policies/social-media-policy", "--root", &root]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(site.root().join("content/policies/social-media-policy.md"))
        .expect("created");
    assert!(
        text.starts_with("+++\ntitle = \"Social media policy\"\ndescription = "),
        "{text}"
    );
    assert!(
        text.contains("\nlast_reviewed = 20") && text.contains("\nnext_review = 20"),
        "{text}"
    );
    let again = canteen(&["new", "policies/social-media-policy", "--root", &root]);
    assert_eq!(again.status.code(), Some(1), "never overwrites");

    let init = canteen(&["overlay", "init", "--root", &root]);
    assert_eq!(init.status.code(), Some(0));
    for file in [
        "local/README.md",
        "local/hide.toml",
        "local/canteen.lock",
        "local/content/.gitkeep",
    ] {
        assert!(site.root().join(file).is_file(), "{file}");
    }
    let local = canteen(&["new", "--local", "contact-the-team", "--root", &root]);
    assert_eq!(local.status.code(), Some(0));
    assert!(
        site.root()
            .join("local/content/contact-the-team.md")
            .is_file()
    );
    let status = canteen(&["overlay", "status", "--root", &root]);
    assert_eq!(status.status.code(), Some(0), "nothing overridden yet");
    site.build().expect("the new pages build");
}
