//! The content tree: sections, pages, bundles, front matter in every form,
//! drafts, ignored editor files, order and pretty URLs.

mod support;

use support::TestSite;

#[test]
fn pages_sections_and_bundles_get_pretty_urls() {
    let built = TestSite::new("content-tree").build().expect("builds");
    for url in [
        "",
        "platforms/",
        "platforms/facebook/",
        "platforms/linkedin/",
        "platforms/plain-page/",
        "platforms/youtube/",
        "about/",
        "leaders/",
        "leaders/jo/",
    ] {
        assert!(built.has(&format!("{url}index.html")), "missing /{url}");
    }
    // A bundle's files are copied beside it, following its slug.
    assert!(built.has("leaders/jo/photo.png"));
    assert!(
        built
            .part("leaders/jo/", "content")
            .contains("src=\"/leaders/jo/photo.png\"")
    );
}

#[test]
fn titles_come_from_front_matter_then_first_heading_then_file_name() {
    let built = TestSite::new("content-tree").build().expect("builds");
    assert!(
        built
            .main("platforms/linkedin/")
            .contains("<h1>LinkedIn</h1>"),
        "YAML front matter"
    );
    let plain = built.main("platforms/plain-page/");
    assert!(plain.contains("<h1>Plain heading</h1>"), "{plain}");
    assert_eq!(
        plain.matches("<h1").count(),
        1,
        "the heading used as title is not repeated: {plain}"
    );
    assert!(
        built
            .main("platforms/youtube/")
            .contains("<h1>Youtube</h1>")
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::new("content-tree");
    assert!(
        !site
            .build()
            .expect("builds")
            .has("platforms/draft/index.html")
    );
    let with_drafts = site.build_with(|o| o.drafts = true).expect("builds");
    assert!(with_drafts.has("platforms/draft/index.html"));
}

#[test]
fn editor_leftovers_are_ignored() {
    let built = TestSite::new("content-tree").build().expect("builds");
    let listing = built.part("platforms/", "pages");
    assert!(
        !listing.contains("swp") && !listing.contains('~') && !listing.contains('#'),
        "{listing}"
    );
    assert_eq!(
        built.report.stats.pages, 6,
        "facebook, linkedin, plain, youtube, about, jo"
    );
}

#[test]
fn pages_sort_by_weight_then_title() {
    let built = TestSite::new("content-tree").build().expect("builds");
    let listing = built.part("platforms/", "pages");
    let order: Vec<&str> = listing
        .split("<li>")
        .skip(1)
        .map(|li| li.split("</li>").next().unwrap_or(""))
        .collect();
    assert_eq!(
        order,
        [
            "/platforms/facebook/",
            "/platforms/linkedin/",
            "/platforms/plain-page/",
            "/platforms/youtube/"
        ]
    );
}

#[test]
fn guide_pages_link_previous_and_next_with_breadcrumbs_and_review_dates() {
    let built = TestSite::new("guide").build().expect("builds");
    assert_eq!(
        built.part("new-to-the-nhs/why/", "sequence"),
        "previous=/new-to-the-nhs/;next=/new-to-the-nhs/first-steps/"
    );
    assert_eq!(
        built.part("new-to-the-nhs/career/", "sequence"),
        "previous=/new-to-the-nhs/first-steps/;"
    );
    assert_eq!(
        built.part("new-to-the-nhs/why/", "crumbs"),
        "/|/new-to-the-nhs/|"
    );
    assert_eq!(
        built.part("new-to-the-nhs/why/", "review"),
        "21 November 2026 / 21 November 2027"
    );
}

#[test]
fn data_records_generate_one_page_each() {
    let built = TestSite::new("records").build().expect("builds");
    assert!(
        built
            .main("leaders/jo-bloggs/")
            .contains("<h1>Jo Bloggs</h1>")
    );
    assert!(
        built
            .part("leaders/", "pages")
            .contains("/leaders/jo-bloggs/")
    );
}

#[test]
fn a_leader_without_an_account_url_shows_the_handle_unlinked() {
    // An account nobody can check (a handle may since belong to someone
    // else) is shown as text, not linked.
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write(
            "content/leaders/_index.md",
            "+++\ntitle = \"Leaders\"\ntemplate = \"leaders.html\"\npages_from = \"leaders\"\npage_template = \"leader.html\"\n+++\n",
        )
        .write(
            "data/leaders.toml",
            "[[leader]]\nid = \"jo\"\nname = \"Jo Bloggs\"\nrole = \"Chief executive\"\norganisation = \"Example NHS Trust\"\n\
             as_of = 2013-11-01\nplatform = \"Twitter\"\nhandle = \"@jobloggs\"\nsummary = \"Jo shares news.\"\n\
             last_reviewed = 2014-11-01\nnext_review = 2015-11-01\n",
        );
    let built = site.build().expect("builds");
    for url in ["leaders/", "leaders/jo/"] {
        let main = built.main(url);
        assert!(main.contains("@jobloggs"), "{url}: {main}");
        assert!(!main.contains("twitter.com"), "{url}: {main}");
        assert!(
            !main.contains("<a class=\"profile-card__account-link\""),
            "{url}: {main}"
        );
    }
}

#[test]
fn guidance_that_cannot_be_found_online_is_shown_unlinked() {
    // A professional body's guidance with no address found is named, and
    // said to be offline, rather than linked to a page that is not it.
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write(
            "content/bodies.md",
            "+++\ntitle = \"Bodies\"\ntemplate = \"professional-bodies.html\"\n+++\n",
        )
        .write(
            "data/professional-bodies.toml",
            "[[body]]\nid = \"rcgp\"\nname = \"Royal College of General Practitioners\"\nabbreviation = \"RCGP\"\n\
             title = \"Social Media Highway Code\"\ncovers = \"Ten principles.\"\npdf = false\nverified = false\n\
             last_reviewed = 2026-11-29\n",
        );
    let main = site.build().expect("builds").main("bodies/");
    assert!(
        main.contains("<p class=\"body-list__guidance\">Social Media Highway Code</p>"),
        "{main}"
    );
    assert!(
        main.contains("We could not find this guidance online."),
        "{main}"
    );
    assert!(!main.contains("body-list__link"), "{main}");
}

#[test]
fn a_folder_of_plain_markdown_builds_with_the_built_in_theme() {
    let built = TestSite::new("builtin-theme").build().expect("builds");
    let html = built.page("notes/");
    assert!(
        html.contains("<html lang=\"en-GB\""),
        "built-in theme sets the language"
    );
    assert!(html.contains("Notes"));
    assert!(
        built.has("css/canteen.css"),
        "the built-in theme's static files are copied"
    );
}
