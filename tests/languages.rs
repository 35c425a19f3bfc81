//! A site in English and Welsh (`tests/fixtures/bilingual`): addresses,
//! `hreflang` both ways, the language link, fallback pages, the sitemap,
//! Welsh strings and dates, editions and a trust's overlay in each
//! language; and a one-language site exactly as it was.

mod support;
#[path = "languages/theme_text.rs"]
mod theme_text;

use support::{Built, TestSite, fixtures};

fn bilingual() -> Built {
    TestSite::new("bilingual")
        .build()
        .expect("the bilingual fixture builds")
}

/// Every `<link rel="alternate" hreflang>` of a page: (hreflang, href).
fn alternates(html: &str) -> Vec<(String, String)> {
    html.lines()
        .filter(|l| l.starts_with("<link rel=\"alternate\" hreflang="))
        .map(|l| {
            let attr = |name: &str| {
                let start = l.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
                l[start..start + l[start..].find('"').expect("quote")].to_string()
            };
            (attr("hreflang"), attr("href"))
        })
        .collect()
}

/// The language link's links: (href, hreflang, lang, text).
fn language_links(html: &str) -> Vec<(String, String, String, String)> {
    html.lines()
        .filter(|l| l.contains("class=\"language-link__link\""))
        .map(|l| {
            let attr = |name: &str| {
                let start = l.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
                l[start..start + l[start..].find('"').expect("quote")].to_string()
            };
            let text_start = l.rfind("\">").expect("text") + 2;
            let text =
                l[text_start..text_start + l[text_start..].find("</a>").expect("end")].to_string();
            (attr("href"), attr("hreflang"), attr("lang"), text)
        })
        .collect()
}

const ORIGIN: &str = "https://example.org/toolkit/";

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), format!("{ORIGIN}{b}")))
        .collect()
}

#[test]
fn welsh_pages_are_under_cy_at_their_english_slugs_or_their_own() {
    let built = bilingual();
    for rel in [
        "cy/index.html",
        "cy/about/index.html",
        "cy/guide/index.html",
        "cy/guide/cam-un/index.html",
        "cy/cymraeg-yn-unig/index.html",
        "cy/news/index.html",
        "cy/404.html",
        "cy/search/index.html",
    ] {
        assert!(built.has(rel), "{rel}");
    }
    assert!(!built.has("cy/guide/one/index.html"));
    assert!(!built.has("cymraeg-yn-unig/index.html"));
    assert!(!built.has("about.cy/index.html"));
    assert!(built.page("cy/about/").contains("<html lang=\"cy\">"));
    assert!(built.page("about/").contains("<html lang=\"en-GB\">"));
    assert!(
        built
            .page("cy/")
            .contains("<h1>Pecyn cymorth cyfryngau cymdeithasol</h1>")
    );
    // Shared files stay at the site root, once.
    assert!(
        built
            .page("cy/about/")
            .contains("href=\"/toolkit/css/canteen.css\"")
    );
    assert!(!built.has("cy/css/canteen.css") && !built.has("cy/sitemap.xml"));
}

#[test]
fn hreflang_alternates_go_both_ways_with_x_default() {
    let built = bilingual();
    let about = pairs(&[
        ("en-GB", "about/"),
        ("cy", "cy/about/"),
        ("x-default", "about/"),
    ]);
    assert_eq!(alternates(&built.page("about/")), about);
    assert_eq!(alternates(&built.page("cy/about/")), about);
    let one = pairs(&[
        ("en-GB", "guide/one/"),
        ("cy", "cy/guide/cam-un/"),
        ("x-default", "guide/one/"),
    ]);
    assert_eq!(alternates(&built.page("guide/one/")), one);
    assert_eq!(alternates(&built.page("cy/guide/cam-un/")), one);
    // Only a language's own text is an alternate: not a fallback page.
    let news = pairs(&[("en-GB", "news/"), ("x-default", "news/")]);
    assert_eq!(alternates(&built.page("news/")), news);
    assert_eq!(alternates(&built.page("cy/news/")), news);
    assert_eq!(
        alternates(&built.page("cy/cymraeg-yn-unig/")),
        pairs(&[("cy", "cy/cymraeg-yn-unig/")])
    );
}

#[test]
fn the_language_link_lands_on_the_counterpart_or_the_fallback_page() {
    let built = bilingual();
    let link = |url: &str| language_links(&built.file(&format!("{url}index.html")));
    let cymraeg = |href: &str| {
        vec![(
            format!("/toolkit/{href}"),
            "cy".to_string(),
            "cy".to_string(),
            "Cymraeg".to_string(),
        )]
    };
    let english = |href: &str| {
        vec![(
            format!("/toolkit/{href}"),
            "en-GB".to_string(),
            "en-GB".to_string(),
            "English".to_string(),
        )]
    };
    assert_eq!(link("about/"), cymraeg("cy/about/"));
    assert_eq!(link("cy/about/"), english("about/"));
    assert_eq!(link("guide/one/"), cymraeg("cy/guide/cam-un/"));
    assert_eq!(link("cy/guide/cam-un/"), english("guide/one/"));
    // No dead ends: an untranslated page's Welsh address exists.
    assert_eq!(link("news/"), cymraeg("cy/news/"));
    assert!(built.has("cy/news/index.html"));
    // A Welsh page with no English one links to its nearest section.
    assert_eq!(link("cy/cymraeg-yn-unig/"), english(""));
    // Every link target is a page that was written.
    for url in [
        "",
        "about/",
        "news/",
        "guide/",
        "guide/one/",
        "cy/",
        "cy/news/",
    ] {
        for (href, ..) in link(url) {
            let rel = href.trim_start_matches("/toolkit/");
            assert!(built.has(&format!("{rel}index.html")), "{url} → {href}");
        }
    }
}

#[test]
fn a_page_not_yet_in_welsh_shows_the_english_text_with_a_welsh_notice() {
    let built = bilingual();
    let page = built.page("cy/news/");
    assert!(page.contains("<html lang=\"cy\">"));
    let notice = page.find("translation-notice__text").expect("a notice");
    assert!(page[notice..].starts_with(
        "translation-notice__text\">Nid yw&#39;r dudalen hon ar gael yn Gymraeg eto."
    ));
    let english = page
        .find("<div lang=\"en-GB\">")
        .expect("the English text is marked");
    assert!(english > notice && page[english..].contains("This page is only in English."));
    // Welsh interface around it; no notice where the Welsh text exists.
    assert!(page.contains("Neidio i&#39;r prif gynnwys"));
    assert!(!built.page("cy/about/").contains("translation-notice"));
    assert!(!built.page("news/").contains("translation-notice"));
}

#[test]
fn the_sitemap_lists_every_language_with_its_alternates() {
    let built = bilingual();
    let sitemap = built.file("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let entry = |loc: &str| {
        let start = sitemap
            .find(&format!("<loc>{ORIGIN}{loc}</loc>"))
            .unwrap_or_else(|| panic!("{loc} in the sitemap"));
        sitemap[start..start + sitemap[start..].find("</url>").expect("end")].to_string()
    };
    for loc in ["guide/one/", "cy/guide/cam-un/"] {
        let e = entry(loc);
        for (lang, href) in [
            ("en-GB", "guide/one/"),
            ("cy", "cy/guide/cam-un/"),
            ("x-default", "guide/one/"),
        ] {
            let link = format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{ORIGIN}{href}\"/>"
            );
            assert!(e.contains(&link), "{loc}: {link}");
        }
    }
    // A fallback page is not a Welsh page for search engines.
    assert!(!sitemap.contains(&format!("<loc>{ORIGIN}cy/news/</loc>")));
    assert!(!entry("news/").contains("xhtml:link"));
}

#[test]
fn welsh_pages_have_welsh_strings_and_dates_and_english_pages_english_ones() {
    let built = bilingual();
    let cy = built.page("cy/about/");
    for text in [
        "Neidio i&#39;r prif gynnwys",
        "Adolygwyd y dudalen ddiwethaf: <time datetime=\"2024-01-01\">1 Ionawr 2024</time>",
        "Dyddiad adolygu nesaf: <time datetime=\"2025-03-15\">15 Mawrth 2025</time>",
        "aria-label=\"Briwsion bara\"",
        "Argraffu&#39;r pecyn cymorth cyfan",
        "Chwilio&#39;r pecyn cymorth hwn",
    ] {
        assert!(cy.contains(text), "{text}");
    }
    assert!(!cy.contains("Skip to main content") && !cy.contains("January"));
    let en = built.page("about/");
    assert!(en.contains("Skip to main content"));
    assert!(en.contains("Page last reviewed: <time datetime=\"2024-01-01\">1 January 2024</time>"));
    assert!(
        built
            .file("cy/404.html")
            .contains("<h1>Heb ddod o hyd i&#39;r dudalen</h1>")
    );
    // The edition banner and switcher speak Welsh on Welsh pages too.
    let what_changed = built.page("cy/what-changed/");
    assert!(what_changed.contains("<h1>Beth sydd wedi newid yn Argraffiad Ionawr 2024</h1>"));
    assert!(what_changed.contains("Tudalennau a ychwanegwyd"));
    let old = built.page("cy/2023/");
    assert!(
        old.contains("Argraffiad hŷn") && old.contains("1 Ionawr 2023"),
        "{old}"
    );
}

#[test]
fn leader_and_professional_body_pages_have_welsh_labels_and_dates_on_welsh_pages() {
    let built = bilingual();
    let leader = built.page("cy/people/jo-jones/");
    for text in [
        "Rôl a sefydliad ar <time datetime=\"2024-03-01\">1 Mawrth 2024</time>.",
        "<dt>Rôl</dt><dd>Arweinydd cyfathrebu</dd>",
        "<dt>Sefydliad</dt><dd>Bwrdd Iechyd Enghreifftiol</dd>",
        "<dt>Platfform</dt>",
        "<dt>Cyfrif</dt>",
    ] {
        assert!(leader.contains(text), "{text}\n{leader}");
    }
    let cards = built.page("cy/people/");
    assert!(
        cards.contains("Rôl a sefydliad ar <time datetime=\"2024-03-01\">1 Mawrth 2024</time>")
    );
    assert!(cards.contains("@jo ar Mastodon"), "{cards}");
    let bodies = built.page("cy/bodies/");
    for text in [
        "Social media guidance (PDF)",
        "Dolen heb ei gwirio</strong> Nid ydym wedi gallu gwirio&#39;r ddolen hon yn ddiweddar.",
        "Dim dolen</strong> Nid oeddem yn gallu dod o hyd i&#39;r canllawiau hyn ar-lein.",
        "Adolygwyd ddiwethaf: <time datetime=\"2024-02-01\">1 Chwefror 2024</time>",
    ] {
        assert!(bodies.contains(text), "{text}\n{bodies}");
    }
    // No English label is left on the Welsh pages, and the English pages
    // keep their words.
    for page in [&leader, &cards, &bodies] {
        for english in [
            "Role",
            "Organisation",
            "as at",
            " on Mastodon",
            "Link not",
            "No link",
            "Last reviewed",
            "March",
            "February",
        ] {
            assert!(!page.contains(english), "{english}");
        }
    }
    assert!(
        built
            .page("people/jo-jones/")
            .contains("<dt>Role</dt><dd>Communications lead</dd>")
    );
    assert!(built.page("people/").contains("@jo on Mastodon"));
    assert!(
        built
            .page("bodies/")
            .contains("Last reviewed: <time datetime=\"2024-02-01\">1 February 2024</time>")
    );
}

#[test]
fn a_task_lists_boxes_are_named_in_the_pages_language() {
    let site = TestSite::new("bilingual");
    let list = "\n- [x] first\n- [ ] second\n";
    site.write(
        "content/tasks.md",
        &format!("+++\ntitle = \"Tasks\"\n+++\n{list}"),
    );
    site.write(
        "content/tasks.cy.md",
        &format!("+++\ntitle = \"Tasgau\"\n+++\n{list}"),
    );
    let built = site.build().expect("builds");
    let english = built.page("tasks/");
    assert!(english.contains("checked aria-label=\"Done\""), "{english}");
    assert!(english.contains("aria-label=\"To do\""), "{english}");
    let welsh = built.page("cy/tasks/");
    assert!(
        welsh.contains("checked aria-label=\"Wedi&#39;i wneud\""),
        "{welsh}"
    );
    assert!(welsh.contains("aria-label=\"I&#39;w wneud\""), "{welsh}");
}

/// The bilingual fixture with an accessibility statement in each
/// language, and `extra` added to its `site.toml`.
fn with_statement(extra: &str) -> TestSite {
    let site = TestSite::new("bilingual");
    site.append(
        "site.toml",
        &format!(
            "\n[accessibility]\ncompliance = \"partial\"\ncontact = \"help@example.org\"\n\
             tested = 2026-10-05\ntested_by = \"the web team\"\nhow_tested = [\"axe\"]\n\
             known_issues = [\"old PDFs\"]\nprepared = 2026-09-01\nlast_reviewed = 2026-10-05\n{extra}"
        ),
    )
    .write(
        "content/accessibility.md",
        "+++\ntitle = \"Accessibility statement\"\ntemplate = \"accessibility.html\"\n+++\n",
    )
    .write(
        "content/accessibility.cy.md",
        "+++\ntitle = \"Datganiad hygyrchedd\"\ntemplate = \"accessibility.html\"\n+++\n",
    );
    site
}

#[test]
fn the_accessibility_statement_is_in_welsh_on_its_welsh_page() {
    let built = with_statement("").build().expect("builds");
    let cy = built.page("cy/accessibility/");
    for text in [
        "<h2 id=\"how-accessible-this-website-is\">Pa mor hygyrch yw&#39;r wefan hon</h2>",
        "Mae&#39;r wefan hon yn cydymffurfio&#39;n rhannol â safon AA <a href=\"https://www.w3.org/TR/WCAG22/\">Canllawiau Hygyrchedd Cynnwys y We fersiwn 2.2</a>, oherwydd",
        // The site's own words, not given in Welsh, are marked as English.
        "Cafodd y wefan hon ei phrofi ddiwethaf ar <time datetime=\"2026-10-05\">5 Hydref 2026</time>, gan <span lang=\"en-GB\">the web team</span>. Fe wnaethom:</p>\n<ul lang=\"en-GB\">\n<li>axe</li>",
        "<ul lang=\"en-GB\">\n<li>old PDFs</li>",
        "Paratowyd y datganiad hwn ar <time datetime=\"2026-09-01\">1 Medi 2026</time>.",
        "Mae gan <a href=\"https://mcmw.abilitynet.org.uk/\">AbilityNet</a> gyngor",
    ] {
        assert!(cy.contains(text), "{text}\n{cy}");
    }
    for english in ["This website", "We know", "October", "Enforcement"] {
        assert!(!cy.contains(english), "{english}");
    }
    let en = built.page("accessibility/");
    assert!(en.contains(
        "This website is partially compliant with the <a href=\"https://www.w3.org/TR/WCAG22/\">Web Content Accessibility Guidelines version 2.2</a> AA standard, because of the non-accessible content listed below.</p>"
    ));
    assert!(en.contains("<p><a href=\"https://mcmw.abilitynet.org.uk/\">AbilityNet</a> explains"));
    assert!(
        en.contains(", by the web team. We:</p>\n<ul>\n<li>axe</li>"),
        "{en}"
    );
    assert!(
        !en.contains("<ul lang=") && !en.contains("<span lang="),
        "an English page marks nothing"
    );
}

#[test]
fn a_welsh_statement_states_the_sites_facts_in_welsh_and_parity_names_what_is_left() {
    let site = with_statement(
        "\n[languages.cy.accessibility]\ncontact = \"cymorth@example.org\"\n\
         tested_by = \"tîm y we\"\nknown_issues = [\"hen ddogfennau PDF\"]\n",
    );
    let built = site.build().expect("builds");
    let cy = built.page("cy/accessibility/");
    for text in [
        ", gan tîm y we. Fe wnaethom:</p>\n<ul lang=\"en-GB\">\n<li>axe</li>",
        "<ul>\n<li>hen ddogfennau PDF</li>",
        "<a href=\"mailto:cymorth@example.org\">cymorth@example.org</a>",
    ] {
        assert!(cy.contains(text), "{text}\n{cy}");
    }
    assert!(!cy.contains("old PDFs") && !cy.contains("help@example.org"));
    assert!(built.page("accessibility/").contains("<li>old PDFs</li>"));
    // What is still English is a report, never an error.
    let statement: Vec<_> = parity(&site)
        .into_iter()
        .filter(|(_, state, _)| *state == "statement")
        .collect();
    assert_eq!(
        statement,
        [(
            "site.toml".to_string(),
            "statement",
            Some("how_tested".to_string())
        )]
    );
    let out = support::canteen(&[
        "build",
        "--root",
        &site.root().display().to_string(),
        "--output",
        &site.root().join("out").display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: site.toml: the accessibility statement's `how_tested` has no `cy` wording yet (readers see the default language's); add it under `[languages.cy.accessibility]`"),
        "{stderr}"
    );
    // Wording with no statement to word, or an empty key, is an error at
    // its place.
    let e = TestSite::new("bilingual")
        .append(
            "site.toml",
            "\n[languages.cy.accessibility]\ntested_by = \"tîm y we\"\n",
        )
        .build_err();
    assert!(
        e.contains("`[languages.cy.accessibility]` translates a statement the site does not have"),
        "{e}"
    );
    let e = with_statement("\n[languages.cy.accessibility]\ntested_by = \" \"\n").build_err();
    assert!(
        e.contains("`[languages.cy.accessibility] tested_by` is empty"),
        "{e}"
    );
    assert!(e.contains("site.toml:"), "{e}");
}

#[test]
fn a_welsh_pages_word_by_word_changes_are_announced_in_welsh() {
    let built = bilingual();
    let cy = built.page("cy/about/");
    assert!(
        cy.contains("<ins><span class=\"visually-hidden\">Ychwanegwyd: </span>")
            && cy.contains("<del><span class=\"visually-hidden\">Dilëwyd: </span>"),
        "{cy}"
    );
    assert!(!cy.contains(">Added: ") && !cy.contains(">Removed: "));
    assert!(
        built
            .page("about/")
            .contains("<span class=\"visually-hidden\">Added: </span>")
    );
}

#[test]
fn the_search_page_gives_its_script_the_messages_in_its_language() {
    let built = bilingual();
    let cy = built.page("cy/search/");
    for text in [
        "data-more=\"Dangos rhagor o ganlyniadau\"",
        "data-results=\"{count} canlyniad ar gyfer &#39;{query}&#39;\"",
        "data-in-all-editions=\"{results} ym mhob argraffiad\"",
        "data-unavailable=\"Nid yw&#39;r chwilio ar gael ar hyn o bryd.",
    ] {
        assert!(cy.contains(text), "{text}");
    }
    assert!(
        built
            .page("search/")
            .contains("data-more=\"Show more results\"")
    );
    // The feeds' titles in the head are in the page's language too.
    assert!(
        built
            .page("cy/about/")
            .contains(": tudalennau newydd a rhai wedi&#39;u diweddaru\"")
    );
}

#[test]
fn a_site_words_a_string_its_own_way_in_site_toml() {
    let site = TestSite::new("bilingual");
    site.append(
        "site.toml",
        "\n[strings.cy]\nskip_link = \"Ewch i'r cynnwys\"\n",
    );
    let built = site.build().expect("builds");
    assert!(built.page("cy/").contains("Ewch i&#39;r cynnwys"));
    assert!(built.page("").contains("Skip to main content"));
}

#[test]
fn a_missing_string_is_an_error_naming_the_key_and_the_language() {
    let site = TestSite::new("bilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write("site.toml", &format!("theme = \"plain\"\n{config}"))
        .write(
            "themes/plain/strings/en.toml",
            "language_name = \"English\"\nskip_link = \"Skip\"\nsearch_button = \"Search\"\n",
        )
        .write(
            "themes/plain/strings/cy.toml",
            "language_name = \"Cymraeg\"\nskip_link = \"Neidio\"\n",
        );
    let error = site.build_err();
    assert!(
        error.contains("the interface string `search_button` has no text in the language `cy`"),
        "{error}"
    );
    assert!(error.contains("themes/plain/strings/cy.toml"), "{error}");
    assert!(!error.contains("`skip_link`"), "{error}");
}

#[test]
fn a_string_the_theme_does_not_have_is_an_error_at_its_key() {
    let site = TestSite::new("bilingual");
    site.append("site.toml", "\n[strings.cy]\nskip_lnk = \"Neidio\"\n");
    let error = site.build_err();
    assert!(
        error.contains("the theme has no interface string `skip_lnk`"),
        "{error}"
    );
    assert!(error.contains("did you mean `skip_link`?"), "{error}");
    assert!(error.contains("site.toml:"), "{error}");
}

#[test]
fn every_edition_is_in_every_language() {
    let built = bilingual();
    assert!(
        built
            .page("cy/2023/")
            .contains("<h1>Pecyn cymorth cyfryngau cymdeithasol</h1>")
    );
    assert_eq!(
        language_links(&built.page("2023/"))[0].0,
        "/toolkit/cy/2023/"
    );
    assert_eq!(
        alternates(&built.page("2023/")),
        pairs(&[
            ("en-GB", "2023/"),
            ("cy", "cy/2023/"),
            ("x-default", "2023/")
        ])
    );
    // The 2023 "about" page has no Welsh: a fallback, in that edition.
    let about = built.page("cy/2023/about/");
    assert!(about.contains("translation-notice"));
    assert_eq!(language_links(&about)[0].0, "/toolkit/2023/about/");
    // The Welsh edition switcher goes to Welsh addresses.
    let page = built.page("cy/about/");
    assert!(page.contains(
        "<a class=\"edition-switcher__link\" href=\"/toolkit/cy/2023/about/\">Argraffiad Ionawr 2023</a>"
    ));
}

#[test]
fn a_trusts_overlay_adds_and_replaces_welsh_pages() {
    let built = bilingual();
    let page = built.page("cy/untranslated/");
    assert!(page.contains("<h1>Wedi&#39;i gyfieithu gan yr ymddiriedolaeth</h1>"));
    assert!(!page.contains("translation-notice"));
    assert!(
        built
            .page("untranslated/")
            .contains("<h1>Not yet translated</h1>")
    );
    assert_eq!(
        alternates(&built.page("untranslated/")),
        pairs(&[
            ("en-GB", "untranslated/"),
            ("cy", "cy/untranslated/"),
            ("x-default", "untranslated/")
        ])
    );
}

#[test]
fn an_english_page_inside_the_welsh_prefix_is_an_error() {
    let site = TestSite::new("bilingual");
    site.write("content/cy/clash.md", "+++\ntitle = \"Clash\"\n+++\nText.");
    let error = site.build_err();
    assert!(error.contains("content/cy/clash.md"), "{error}");
    assert!(error.contains("inside `/cy/`"), "{error}");
}

#[test]
fn a_language_code_in_a_file_name_means_nothing_without_languages() {
    let site = TestSite::new("bilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    let start = config.find("[languages.cy]").expect("languages");
    let end = config.find("[edition]").expect("edition");
    site.write(
        "site.toml",
        &format!("{}{}", &config[..start], &config[end..]),
    );
    std::fs::remove_dir_all(site.root().join("local")).expect("no overlay");
    // A section page must be `_index.md`: a second one is not a page.
    std::fs::remove_file(site.root().join("content/people/_index.cy.md")).expect("removed");
    let built = site.build().expect("builds");
    assert!(built.has("about.cy/index.html"));
    assert!(!built.has("cy/index.html"));
    assert!(!built.page("about/").contains("hreflang"));
    assert!(!built.page("about/").contains("language-link"));
}

/// (path, FNV-1a hash) of every file a build wrote, the theme's static
/// files left out, as `tests/fixtures/single-language/*.txt` list them.
/// Each output file and the hash of its bytes. A feed of a site with no
/// dates is dated today (`feeds`): today's date is hashed as `TODAY`, so
/// that the list holds on any day.
fn hashes(built: &Built) -> Vec<String> {
    let today = format!("{}T00:00:00Z", canteen::content::date::Date::today().iso());
    let mut lines: Vec<String> = support::snapshot(built.out())
        .into_iter()
        .filter(|(rel, _)| {
            !["css/", "js/", "images/"]
                .iter()
                .any(|p| rel.starts_with(p))
                && rel != ".canteen-output"
        })
        .map(|(rel, bytes)| {
            let bytes = match std::str::from_utf8(&bytes) {
                Ok(text) if rel.ends_with(".xml") => text.replace(&today, "TODAY").into_bytes(),
                _ => bytes,
            };
            format!("{rel} {}", canteen::overlay::lock::hash(&bytes))
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn a_one_language_site_is_byte_for_byte_what_it_was() {
    for name in ["unversioned", "fork"] {
        let golden =
            std::fs::read_to_string(fixtures().join(format!("single-language/{name}.txt")))
                .expect("golden list");
        let expected: Vec<&str> = golden.lines().filter(|l| !l.starts_with('#')).collect();
        let built = TestSite::new(name).build().expect("builds");
        let actual = hashes(&built);
        // After a change that is meant to change these outputs (a template,
        // a new file), `CANTEEN_BLESS=1 cargo test --test languages` writes
        // the lists again, keeping their comments; review the diff.
        if std::env::var_os("CANTEEN_BLESS").is_some() {
            let header: String = golden
                .lines()
                .filter(|l| l.starts_with('#'))
                .map(|l| format!("{l}\n"))
                .collect();
            let body: String = actual.iter().map(|l| format!("{l}\n")).collect();
            std::fs::write(
                fixtures().join(format!("single-language/{name}.txt")),
                header + &body,
            )
            .expect("golden list written");
            continue;
        }
        assert_eq!(actual, expected, "{name}");
    }
}

/// Every parity item of the site: (file, state in a word, diff if any).
fn parity(site: &TestSite) -> Vec<(String, &'static str, Option<String>)> {
    use canteen::site::parity::State;
    let sites = canteen::site::languages::load_all(&canteen::site::BuildOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    })
    .expect("loads");
    canteen::site::parity::report(&sites)
        .expect("report")
        .into_iter()
        .map(|item| {
            let (state, diff) = match item.state {
                State::Behind(diff) => ("behind", diff),
                State::NeverSynced => ("never synced", None),
                State::NoOriginal => ("no original", None),
                State::Untranslated => ("untranslated", None),
                State::Statement(keys) => ("statement", Some(keys.join(" "))),
            };
            (item.file.display().to_string(), state, diff)
        })
        .collect()
}

const TRANSLATIONS: &[&str] = &[
    "content/_index.cy.md",
    "content/about.cy.md",
    "content/bodies.cy.md",
    "content/guide/_index.cy.md",
    "content/guide/one.cy.md",
    "content/people/_index.cy.md",
    "local/content/untranslated.cy.md",
];

#[test]
fn parity_lists_exactly_the_welsh_page_whose_english_page_changed_with_the_diff() {
    let site = TestSite::new("bilingual");
    let root = site.root();
    let before = parity(&site);
    assert!(before.contains(&("content/about.cy.md".into(), "never synced", None)));
    assert!(before.contains(&("content/news.md".into(), "untranslated", None)));
    assert!(before.contains(&("content/cymraeg-yn-unig.cy.md".into(), "no original", None)));
    let config = canteen::config::Config::load(root).expect("config");
    for file in TRANSLATIONS {
        canteen::cmd::translation::sync(root, &config, file).expect("sync");
    }
    let in_step = |items: &[(String, &str, Option<String>)]| {
        items
            .iter()
            .all(|(_, state, _)| *state == "untranslated" || *state == "no original")
    };
    assert!(in_step(&parity(&site)), "{:?}", parity(&site));
    let about = std::fs::read_to_string(root.join("content/about.md")).expect("about");
    site.write(
        "content/about.md",
        &about.replace("use social media.", "use social media well."),
    );
    let behind: Vec<_> = parity(&site)
        .into_iter()
        .filter(|(_, state, _)| *state == "behind")
        .collect();
    assert_eq!(behind.len(), 1, "{behind:?}");
    let (file, _, diff) = &behind[0];
    assert_eq!(file, "content/about.cy.md");
    let diff = diff.as_deref().expect("a diff");
    assert!(
        diff.contains("-This toolkit helps staff in Wales use social media.\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+This toolkit helps staff in Wales use social media well.\n"),
        "{diff}"
    );
    // The build says so, and still succeeds.
    let built = site.build().expect("a report never fails a build");
    assert!(
        built
            .report
            .warnings
            .iter()
            .any(|w| w.contains("content/about.cy.md: `content/about.md` changed"))
    );
    canteen::cmd::translation::sync(root, &config, "content/about.cy.md").expect("sync");
    assert!(in_step(&parity(&site)));
}

/// Every key (stem) of a built search index under `dir` (`cy/search/`).
fn index_keys(built: &Built, dir: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for entry in std::fs::read_dir(built.out().join(dir).join("c")).expect("chunks") {
        let text = std::fs::read_to_string(entry.expect("chunk").path()).expect("read");
        let chunk: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        keys.extend(chunk["t"].as_object().expect("t").keys().cloned());
    }
    keys
}

#[test]
fn welsh_search_matches_mutated_and_radical_forms_and_holds_no_english_page() {
    use canteen::search::welsh::radical;
    let built = bilingual();
    let welsh = index_keys(&built, "cy/search");
    let english = index_keys(&built, "search");
    let finds = |query: &str| welsh.contains(&radical(query));
    // about.cy.md says "yng Nghymru" and "eich pen": the radical forms
    // find them, and so does every other mutation of either.
    for query in [
        "cymru", "gymru", "chymru", "nghymru", "pen", "ben", "mhen", "phen",
    ] {
        assert!(finds(query), "{query}");
    }
    // cymraeg-yn-unig.cy.md's title says "Gymraeg": the radical finds it.
    assert!(finds("cymraeg") && finds("nghymraeg"));
    assert!(!finds("ysbyty"));
    // The Welsh index has Welsh pages only: not the English text of a
    // page shown until it is translated; the English index has no Welsh.
    let manifest = built.file("cy/search/index.json");
    assert!(
        manifest.contains("\"lang\":\"cy\"") && manifest.contains("\"pages\":10"),
        "{manifest}"
    );
    assert!(!welsh.contains(&"only".to_string()) && !welsh.contains(&"english".to_string()));
    assert!(english.contains(&"english".to_string()));
    assert!(
        !english
            .iter()
            .any(|k| k == "pecyn" || k == "cymru" || k == "nghymru")
    );
}

#[test]
fn the_readers_script_keys_welsh_words_by_the_same_rules_as_the_index() {
    let script = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/nhs/static/js/search.js"),
    )
    .expect("search.js");
    let line = script
        .lines()
        .find(|l| l.trim_start().starts_with("var MUTATIONS = "))
        .expect("the rules in search.js");
    let pairs: Vec<(String, String)> = line
        .split('[')
        .skip(2)
        .map(|p| {
            let quoted: Vec<&str> = p.split('\'').collect();
            (quoted[1].to_string(), quoted[3].to_string())
        })
        .collect();
    let rules: Vec<(String, String)> = canteen::search::welsh::RULES
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(pairs, rules);
}

#[test]
fn data_records_take_their_welsh_fields_or_their_welsh_file_on_welsh_pages() {
    let built = bilingual();
    let title = |url: &str| {
        let page = built.page(url);
        let start = page.find("<h1>").expect("h1") + 4;
        page[start..start + page[start..].find("</h1>").expect("end")].to_string()
    };
    assert_eq!(title("people/jo-jones/"), "Jo Jones, communications lead");
    assert_eq!(
        title("cy/people/jo-jones/"),
        "Jo Jones, arweinydd cyfathrebu"
    );
    assert!(
        built
            .page("cy/people/")
            .contains("Yn arwain cyfryngau cymdeithasol yr ymddiriedolaeth.")
    );
    assert_eq!(title("teams/digital/"), "Digital team");
    assert_eq!(title("cy/teams/digital/"), "Tîm digidol");
    // The English site never sees a Welsh file or field.
    assert!(!built.page("teams/digital/").contains("Tîm"));
    assert!(!built.page("people/").contains("arweinydd"));
}

#[test]
fn canteen_new_lang_starts_a_welsh_page_in_step_with_its_english_one() {
    let site = TestSite::new("bilingual");
    let root = site.root().to_str().expect("UTF-8 path");
    let out = support::canteen(&["new", "--lang", "cy", "news", "--root", root]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(site.root().join("content/news.cy.md")).expect("created");
    assert!(text.contains("translates = \"fnv1a64:"), "{text}");
    let items = parity(&site);
    assert!(
        !items.iter().any(|(file, _, _)| file.contains("news")),
        "{items:?}"
    );
    // Never over an existing translation, nor for a language the site lacks.
    let again = support::canteen(&["new", "--lang", "cy", "news", "--root", root]);
    assert!(!again.status.success());
    let other = support::canteen(&["new", "--lang", "fr", "about", "--root", root]);
    assert!(
        String::from_utf8_lossy(&other.stderr).contains("`fr` is not one of the site's languages")
    );
}

#[test]
fn a_welsh_pages_link_to_a_static_file_leads_to_the_one_file_every_language_shares() {
    let site = TestSite::new("bilingual");
    site.write("static/images/chart.png", "not really a PNG")
        .write(
            "content/chart.md",
            "+++\ntitle = \"Chart\"\n+++\n![A chart of posts per week](/images/chart.png)\n",
        )
        .write(
            "content/chart.cy.md",
            "+++\ntitle = \"Siart\"\n+++\n![Siart o negeseuon bob wythnos](/images/chart.png)\n",
        );
    let built = site
        .build()
        .expect("a link to a static file builds in every language");
    assert!(built.has("images/chart.png"));
    assert!(
        !built.has("cy/images/chart.png"),
        "static files are written once"
    );
    for url in ["chart/", "cy/chart/"] {
        assert!(
            built
                .main(url)
                .contains("src=\"/toolkit/images/chart.png\""),
            "{url}: {}",
            built.main(url)
        );
    }
}
