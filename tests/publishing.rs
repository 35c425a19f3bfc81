//! Publishing: the generated accessibility statement, Atom feeds, the
//! print page and social cards — what makes a built site ready to go live.

mod support;

#[cfg(unix)]
use support::inode;
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
    // The headings come from the strings files, escaped: `'` as `&#39;`.
    let main = built.main("accessibility/").replace("&#39;", "'");
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
        "the trust's older patient leaflets are scanned PDFs",
        "<time datetime=\"2026-10-05\">5 October 2026</time>, by Example Hospitals' digital team",
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

/// Runs jing with RFC 4287's RELAX NG schema on built files (one Java
/// start for all); a problem is the validator's report.
fn atom_problems(paths: &[std::path::PathBuf]) -> Option<String> {
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/atom.rnc");
    let out = std::process::Command::new("jing")
        .arg("-c")
        .arg(&schema)
        .args(paths)
        .output()
        .unwrap_or_else(|e| {
            panic!("jing, the RELAX NG validator, could not run ({e}): install it with `apt-get install jing` (scripts/test does)")
        });
    (!out.status.success()).then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A site with dated pages and a summary, on the NHS theme, with an
/// earlier edition.
fn feed_site() -> TestSite {
    let site = TestSite::new("editions");
    site.write(
        "content/about.md",
        "+++\ntitle = \"About <the> toolkit & more\"\nupdated = 2014-05-02\n+++\nRead [the leaders' page](leaders.md) first.\n",
    )
    .write(
        "content/leaders.md",
        "+++\ntitle = \"Leaders\"\ndescription = \"For leaders.\"\nlast_reviewed = 2014-04-01\nnext_review = 2015-04-01\n+++\nText.\n",
    );
    site
}

#[test]
fn the_feeds_are_valid_atom_with_absolute_urls_newest_first() {
    let built = feed_site().build().expect("builds");
    let feeds = [
        built.out().join("feed.xml"),
        built.out().join("editions.xml"),
    ];
    if let Some(problems) = atom_problems(&feeds) {
        panic!(
            "the feeds are not valid Atom:\n{problems}\n{}\n{}",
            built.file("feed.xml"),
            built.file("editions.xml")
        );
    }
    let feed =
        atom_syndication::Feed::read_from(built.file("feed.xml").as_bytes()).expect("parses");
    assert_eq!(feed.title.as_str(), "Editions fixture");
    let entries: Vec<(&str, &str, String)> = feed
        .entries
        .iter()
        .map(|e| {
            (
                e.title.as_str(),
                e.links[0].href(),
                e.updated.date_naive().to_string(),
            )
        })
        .collect();
    assert_eq!(
        entries[..2],
        [
            (
                "About <the> toolkit & more",
                "https://example.org/about/",
                "2014-05-02".to_string()
            ),
            (
                "Leaders",
                "https://example.org/leaders/",
                "2014-04-01".to_string()
            ),
        ],
        "by `updated`, then `last_reviewed`"
    );
    // Undated pages take the edition's date; every URL is absolute.
    assert!(
        entries[2..]
            .iter()
            .all(|(_, url, date)| url.starts_with("https://example.org/") && date == "2014-03-01"),
        "{entries:?}"
    );
    let about = &feed.entries[0];
    let summary = about.summary.as_ref().expect("a summary");
    assert_eq!(summary.r#type, atom_syndication::TextType::Html);
    assert!(
        summary
            .value
            .contains("<a href=\"https://example.org/leaders/\">"),
        "links in a summary are absolute: {}",
        summary.value
    );
    assert_eq!(
        feed.entries[1].summary.as_ref().map(|s| s.value.as_str()),
        Some("For leaders.")
    );

    let editions =
        atom_syndication::Feed::read_from(built.file("editions.xml").as_bytes()).expect("parses");
    let listed: Vec<(&str, &str)> = editions
        .entries
        .iter()
        .map(|e| (e.title.as_str(), e.links[0].href()))
        .collect();
    assert_eq!(
        listed,
        [
            ("March 2014 edition", "https://example.org/what-changed/"),
            (
                "November 2013 edition",
                "https://example.org/2013/what-changed/"
            ),
            ("June 2012 edition", "https://example.org/2012/"),
        ]
    );
    assert!(built.has("what-changed/index.html") && built.has("2013/what-changed/index.html"));
}

#[test]
fn every_page_names_the_feeds_in_its_head() {
    let site = feed_site();
    site.write(
        "site.toml",
        &std::fs::read_to_string(site.root().join("site.toml"))
            .expect("read")
            .replace("theme = \"plain\"\n", "[social_cards]\nenabled = false\n"),
    );
    let built = site.build().expect("builds");
    let pages = built.html_files();
    assert!(pages.len() > 10, "{}", pages.len());
    for (path, html) in pages {
        let head = &html[..html.find("</head>").expect("a head")];
        for link in [
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feed.xml\" title=\"Editions fixture: new and updated pages\">",
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/editions.xml\" title=\"Editions fixture: editions\">",
        ] {
            assert!(head.contains(link), "{path}: no {link}");
        }
    }
}

/// The feed site on the NHS theme (cards and meta tags are the theme's).
fn nhs_feed_site() -> TestSite {
    let site = feed_site();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("read");
    site.write("site.toml", &toml.replace("theme = \"plain\"\n", ""));
    site
}

/// Turns `site`'s social cards off in its `site.toml`.
fn cards_off(site: &TestSite) {
    site.append("site.toml", "\n[social_cards]\nenabled = false\n");
}

/// The `content` of `<meta {attr}="{name}" …>` in a page.
fn meta<'h>(html: &'h str, attr: &str, name: &str) -> Option<&'h str> {
    let head = format!("<meta {attr}=\"{name}\" content=\"");
    let start = html.find(&head)? + head.len();
    Some(&html[start..start + html[start..].find('"')?])
}

#[test]
fn every_page_shares_its_own_1200_by_630_card_named_in_its_meta_tags() {
    let built = nhs_feed_site().build().expect("builds");
    let mut cards = 0;
    let mut names = std::collections::HashSet::new();
    for (path, html) in built.html_files() {
        if path == "404.html"
            || html.contains("http-equiv=\"refresh\"")
            || path.contains("what-changed")
            || path.contains("print/")
            || path.contains("search/")
        {
            continue;
        }
        let image =
            meta(&html, "property", "og:image").unwrap_or_else(|| panic!("{path}: no og:image"));
        assert_eq!(meta(&html, "name", "twitter:image"), Some(image), "{path}");
        let file = image
            .strip_prefix("https://example.org/")
            .unwrap_or_else(|| panic!("{path}: {image} is not on the site"));
        let name = file
            .strip_prefix("social-cards/")
            .unwrap_or_else(|| panic!("{path}: {file}"));
        assert!(
            name.ends_with(".png") && !name.contains('/'),
            "{path}: {file} is not one file straight in social-cards/"
        );
        assert!(names.insert(file.to_string()), "{path}: {file} shared");
        let title = html
            .split("<meta property=\"og:title\" content=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .expect("og:title");
        let alt = format!("{title} — Editions fixture, NHS Employers");
        assert_eq!(
            meta(&html, "property", "og:image:alt"),
            Some(alt.as_str()),
            "{path}"
        );
        assert_eq!(
            meta(&html, "name", "twitter:image:alt"),
            Some(alt.as_str()),
            "{path}"
        );
        let decoder = png::Decoder::new(std::io::Cursor::new(
            std::fs::read(built.out().join(file)).expect("the card exists"),
        ));
        let reader = decoder.read_info().expect("a PNG");
        assert_eq!(
            (reader.info().width, reader.info().height),
            (1200, 630),
            "{file}"
        );
        cards += 1;
    }
    assert!(cards >= 15, "{cards} cards");
    for (page, card) in [
        ("", "index"),
        ("platforms/x-twitter/", "platforms--x-twitter"),
        ("2013/", "2013"),
        ("2013/about/", "2013--about"),
    ] {
        let html = built.page(page);
        let image = format!("https://example.org/social-cards/{card}.png");
        assert_eq!(meta(&html, "property", "og:image"), Some(image.as_str()));
    }
    // One file per card and no folder: a build makes no folder per page.
    let folder: Vec<_> = std::fs::read_dir(built.out().join("social-cards"))
        .expect("the cards' folder")
        .map(|e| e.expect("entry"))
        .collect();
    assert_eq!(folder.len(), cards, "only the pages' cards");
    assert!(
        folder
            .iter()
            .all(|e| e.file_type().expect("type").is_file())
    );
}

#[test]
fn a_card_whose_name_another_pages_card_has_is_an_error_naming_both() {
    let site = nhs_feed_site();
    site.write(
        "content/platforms-page.md",
        "+++\ntitle = \"Elsewhere\"\nslug = \"platforms--x-twitter\"\n+++\nText.\n",
    );
    let err = site.build_err();
    assert!(
        err.contains("social-cards/platforms--x-twitter.png")
            && err.contains("the social card of the page")
            && err.contains("platforms-page.md")
            && err.contains("x-twitter.md"),
        "{err}"
    );
    // Without cards the two pages live side by side.
    cards_off(&site);
    site.build().expect("builds without cards");
}

#[test]
fn the_home_page_and_a_page_at_index_have_cards_of_their_own() {
    let site = nhs_feed_site();
    site.write(
        "content/index-page.md",
        "+++\ntitle = \"Index of terms\"\nslug = \"index\"\n+++\nText.\n",
    );
    let built = site.build().expect("builds");
    let card = |page: &str| meta(&built.page(page), "property", "og:image").map(str::to_string);
    assert_eq!(
        card(""),
        Some("https://example.org/social-cards/index.png".into())
    );
    assert_eq!(
        card("index/"),
        Some("https://example.org/social-cards/index--.png".into())
    );
    let read = |name: &str| std::fs::read(built.out().join("social-cards").join(name)).expect(name);
    assert_ne!(
        read("index.png"),
        read("index--.png"),
        "two pages, two cards"
    );
}

/// Every drawn card in the site's cache, with the file it is (its inode:
/// a card drawn again is a new file even when it looks the same).
#[cfg(unix)]
fn cache(site: &TestSite) -> Vec<(String, u64)> {
    use std::os::unix::fs::MetadataExt;
    let mut files: Vec<_> = std::fs::read_dir(site.root().join(".canteen-cache/cards"))
        .expect("a cache")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().expect("meta").ino(),
            )
        })
        .collect();
    files.sort();
    files
}

#[cfg(unix)]
#[test]
fn an_unchanged_card_is_never_drawn_twice_and_a_new_title_is_drawn_again() {
    let site = nhs_feed_site();
    let first = site.build().expect("builds");
    let drawn = cache(&site);
    assert!(drawn.len() >= 5, "{drawn:?}");
    let about = "social-cards/about.png";
    let card = std::fs::read(first.out().join(about)).expect("card");
    let second = site.build().expect("builds again");
    assert_eq!(cache(&site), drawn, "no card drawn (or written) again");
    assert_eq!(std::fs::read(second.out().join(about)).expect("card"), card);
    // The warm build's card is the cache's file, hard-linked, not a copy.
    let cached: Vec<u64> = drawn.iter().map(|(_, ino)| *ino).collect();
    assert!(cached.contains(&inode(&second.out().join(about))));
    // A new title is one new drawing, and a different card.
    site.write(
        "content/about.md",
        "+++\ntitle = \"About us\"\n+++\nText.\n",
    );
    let third = site.build().expect("builds a third time");
    let after = cache(&site);
    assert_eq!(after.len(), drawn.len() + 1);
    assert!(
        drawn.iter().all(|d| after.contains(d)),
        "the other cards were kept as they were"
    );
    assert_ne!(std::fs::read(third.out().join(about)).expect("card"), card);
}

/// Regression: cards are hard-linked from the cache into the output, so a
/// tool that rewrites `public/` in place (an image optimiser, run as root
/// so the read-only bit does not stop it) writes into the cache's file too;
/// the next build must notice and draw that card again, not publish the
/// altered one, and a card drawn again must not write through to the
/// output that had it.
#[cfg(unix)]
#[test]
fn a_card_written_to_through_the_output_is_drawn_again_not_reused() {
    let site = nhs_feed_site();
    let first = site.build().expect("builds");
    let about = first.out().join("social-cards/about.png");
    let card = std::fs::read(&about).expect("card");
    let mut permissions = std::fs::metadata(&about).expect("meta").permissions();
    assert!(permissions.readonly(), "published cards are read-only");
    #[allow(clippy::permissions_set_readonly_false, reason = "playing root")]
    permissions.set_readonly(false);
    std::fs::set_permissions(&about, permissions).expect("writable");
    std::fs::write(&about, b"not a card").expect("written through the link");
    let elsewhere = tempfile::tempdir_in(site.root()).expect("temp dir");
    let kept = elsewhere.path().join("kept");
    std::fs::rename(first.out(), &kept).expect("keep the first output");

    let second = site.build().expect("builds again");
    assert_eq!(
        std::fs::read(second.out().join("social-cards/about.png")).expect("card"),
        card,
        "the card was drawn again"
    );
    assert_eq!(
        std::fs::read(kept.join("social-cards/about.png")).expect("old card"),
        b"not a card",
        "drawing it again did not write through the old output's link"
    );
    let redrawn = inode(&second.out().join("social-cards/about.png"));
    let third = site.build().expect("builds a third time");
    assert_eq!(
        inode(&third.out().join("social-cards/about.png")),
        redrawn,
        "the card drawn again is cached again"
    );
}

#[test]
fn a_pages_own_image_and_cards_turned_off() {
    let site = nhs_feed_site();
    site.write(
        "content/leaders.md",
        "+++\ntitle = \"Leaders\"\nsocial_image = \"images/leaders.png\"\n+++\nText.\n",
    );
    let built = site.build().expect("builds");
    let html = built.page("leaders/");
    assert_eq!(
        meta(&html, "property", "og:image"),
        Some("https://example.org/images/leaders.png")
    );
    assert!(!built.has("social-cards/leaders.png"));
    assert!(built.has("social-cards/about.png"));

    cards_off(&site);
    let built = site.build().expect("builds");
    assert!(!built.has("social-cards"), "no cards at all");
    let html = built.page("about/");
    assert_eq!(
        meta(&html, "property", "og:image"),
        Some("https://example.org/images/og-default.png")
    );
    assert_eq!(
        meta(&html, "property", "og:image:alt"),
        Some("Editions fixture"),
        "the site's image is described as the site"
    );
}

/// A site on the built-in theme with `pages` pages besides its home page,
/// cards and search off (they are not what is tested, and cost time).
fn site_of(pages: usize) -> TestSite {
    let site = site_with(
        "site.toml",
        "title = \"T\"\n[social_cards]\nenabled = false\n[search]\nenabled = false\n",
    );
    for i in 0..pages {
        site.write(
            &format!("content/p{i}.md"),
            &format!("+++\ntitle = \"Page {i}\"\n+++\nText.\n"),
        );
    }
    site
}

#[test]
fn an_edition_of_more_than_a_thousand_pages_has_no_print_page_and_no_link_to_one() {
    let small = site_of(2).build().expect("a small site builds");
    assert!(small.has("print/index.html"));
    assert!(small.page("").contains("href=\"/print/\""));

    // 1,000 pages and the home page: one more than a print page takes.
    let large = site_of(1000).build().expect("a large site builds");
    assert!(!large.has("print/index.html"));
    let linking: Vec<String> = large
        .html_files()
        .into_iter()
        .filter(|(_, html)| html.contains("/print/"))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        linking,
        Vec::<String>::new(),
        "pages still link to the print page"
    );
}
