//! Publishing: the generated accessibility statement, Atom feeds, the
//! print page and social cards — what makes a built site ready to go live.

mod support;

use support::{TestSite, site_with};

/// The sections of the GOV.UK model accessibility statement, in order.
const MODEL_SECTIONS: &[&str] = &[
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Compliance status",
    "Non-accessible content",
    "What we are doing to improve accessibility",
    "How we tested this website",
    "Preparation of this accessibility statement",
];

#[test]
fn a_forks_accessibility_statement_has_every_model_section_and_its_own_facts() {
    let built = TestSite::new("fork").build().expect("builds");
    let main = built.main("accessibility/");
    let mut from = 0;
    for section in MODEL_SECTIONS {
        let at = main[from..]
            .find(&format!(">{section}</h"))
            .unwrap_or_else(|| panic!("no heading `{section}` (in order) in:\n{main}"));
        from += at;
    }
    for fact in [
        "Example Teaching Hospitals NHS Trust runs this website",
        "<a href=\"mailto:accessibility@example-hospitals.nhs.uk\">",
        "within 10 working days",
        "Communications team, Example General Hospital",
        "partially compliant with",
        "the trust&#39;s older patient leaflets are scanned PDFs",
        "<time datetime=\"2026-10-05\">5 October 2026</time>, by Example Hospitals&#39; digital team",
        "checked every page with axe-core and a screen reader (NVDA)",
        "prepared on <time datetime=\"2026-09-01\">1 September 2026</time>",
    ] {
        assert!(main.contains(fact), "no `{fact}` in:\n{main}");
    }
    assert!(
        !main.contains("NHS Employers"),
        "the upstream publisher is not named"
    );
}

#[test]
fn the_statement_without_an_accessibility_table_is_an_error_at_the_page() {
    let site = site_with(
        "content/accessibility.md",
        "+++\ntitle = \"Accessibility statement\"\ntemplate = \"accessibility.html\"\n+++\n",
    );
    let error = site.build_err();
    assert!(error.contains("content/accessibility.md:3:12"), "{error}");
    assert!(
        error.contains("this page is the generated accessibility statement, but `site.toml` has no `[accessibility]` table"),
        "{error}"
    );
}

#[test]
fn a_missing_accessibility_key_is_a_build_error_naming_it() {
    let site = site_with("content/a.md", "A page.\n");
    site.write(
        "site.toml",
        "title = \"T\"\n\n[accessibility]\ncompliance = \"full\"\ncontact = \"a@b.org\"\n",
    );
    let error = site.build_err();
    assert!(error.contains("site.toml:3:1"), "{error}");
    assert!(error.contains("missing field `tested`"), "{error}");
}
