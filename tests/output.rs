//! Output: sitemap, robots.txt, 404, aliases, static files, and the atomic,
//! non-destructive output directory.

mod support;

#[cfg(unix)]
use support::inode;
use support::{TestSite, snapshot};

#[test]
fn sitemap_robots_404_and_static_files() {
    let built = TestSite::new("output").build().expect("builds");
    let sitemap = built.file("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/toolkit/platforms/x-twitter/</loc>\n    <lastmod>2014-03-01</lastmod>"), "{sitemap}");
    assert!(
        built
            .file("robots.txt")
            .contains("Sitemap: https://example.org/toolkit/sitemap.xml")
    );
    assert!(built.file("404.html").contains("Page not found"));
    assert_eq!(built.file("css/extra.css"), "body{}\n");
    assert!(
        built.has(".canteen-output"),
        "the output is marked as canteen's own"
    );
}

#[test]
fn aliases_redirect_old_urls() {
    let built = TestSite::new("output").build().expect("builds");
    let redirect = built.page("platforms/twitter/");
    assert!(
        redirect.contains("url=/toolkit/platforms/x-twitter/"),
        "{redirect}"
    );
    assert!(redirect.contains("<link rel=\"canonical\" href=\"/toolkit/platforms/x-twitter/\">"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::new("output");
    let built = site.build().expect("first build");
    let before = snapshot(built.out());
    site.write("content/broken.md", "+++\ntitle = \"Broken\"\n");
    site.build_err();
    assert_eq!(snapshot(&site.root().join("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("read root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // `.public.canteen-tmp-<pid>`, `.public.canteen-old-<pid>`; the
        // site's `.canteen-cache` is not the build's to remove.
        .filter(|n| n.contains(".canteen-tmp-") || n.contains(".canteen-old-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging directory is left behind: {leftovers:?}"
    );
}

#[test]
fn a_rebuild_replaces_the_previous_output_completely() {
    let site = TestSite::new("output");
    site.build().expect("first build");
    std::fs::remove_file(site.root().join("static/css/extra.css")).expect("remove");
    let built = site.build().expect("second build");
    assert!(
        !built.has("css/extra.css"),
        "files no longer in the site are gone"
    );
}

#[cfg(unix)]
#[test]
fn a_rebuild_links_the_unchanged_files_and_writes_the_changed_ones() {
    let site = TestSite::new("output");
    let out = site.root().join("public");
    site.build().expect("first build");
    let page = out.join("platforms/x-twitter/index.html");
    let home = out.join("index.html");
    let (page_before, home_before) = (inode(&page), inode(&home));
    let page_text = std::fs::read_to_string(&page).expect("page");
    let x = site.root().join("content/platforms/x-twitter.md");
    let source = std::fs::read_to_string(&x).expect("source");
    site.write(
        "content/platforms/x-twitter.md",
        &format!("{source}\nA sentence added since.\n"),
    );
    site.build().expect("second build");
    // The edited page is a new file with the new text; an unchanged file
    // is the same file as before, linked into the new output.
    let page_after = std::fs::read_to_string(&page).expect("page");
    assert_ne!(inode(&page), page_before);
    assert_ne!(page_after, page_text);
    assert!(page_after.contains("A sentence added since."));
    assert_eq!(
        inode(&home),
        home_before,
        "an unchanged page is linked, not written"
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_the_previous_output_is_never_followed_or_reused() {
    let site = TestSite::new("output");
    let out = site.root().join("public");
    site.build().expect("first build");
    // Someone replaces a page of the output, and a folder of it, with
    // links to files outside holding exactly what canteen would write.
    let outside = site.root().join("outside");
    std::fs::create_dir_all(outside.join("platforms/x-twitter")).expect("mkdir");
    for file in ["index.html", "platforms/x-twitter/index.html"] {
        std::fs::copy(out.join(file), outside.join(file)).expect("copy");
    }
    std::fs::remove_file(out.join("index.html")).expect("rm");
    std::os::unix::fs::symlink(outside.join("index.html"), out.join("index.html")).expect("link");
    std::fs::remove_dir_all(out.join("platforms")).expect("rm");
    std::os::unix::fs::symlink(outside.join("platforms"), out.join("platforms")).expect("link");
    site.build().expect("second build");
    for file in ["index.html", "platforms/x-twitter/index.html"] {
        let built = out.join(file);
        let meta = std::fs::symlink_metadata(&built).expect("built");
        assert!(meta.file_type().is_file(), "{file} is a file of its own");
        assert_ne!(
            inode(&built),
            inode(&outside.join(file)),
            "{file} is not the outside file"
        );
    }
    assert!(
        std::fs::symlink_metadata(out.join("platforms"))
            .expect("folder")
            .is_dir(),
        "the folder is a real folder again"
    );
}

#[test]
fn refuses_to_replace_a_directory_it_did_not_create() {
    let site = TestSite::new("output");
    site.write("public/precious.txt", "mine");
    let error = site
        .build()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        error.contains(
            "already exists and was not created by canteen, so canteen will not replace it"
        ),
        "{error}"
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("public/precious.txt"))
            .ok()
            .as_deref(),
        Some("mine")
    );
}

#[test]
fn refuses_the_site_root_and_content_as_output() {
    let site = TestSite::new("output");
    let root = site.root().to_path_buf();
    let at_root = site
        .build_with(|o| o.output = Some(root.clone()))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        at_root.contains("is the site root or contains it"),
        "{at_root}"
    );
    let parent = site
        .build_with(|o| o.output = root.parent().map(|p| p.to_path_buf()))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        parent.contains("is the site root or contains it"),
        "{parent}"
    );
    let inside = site
        .build_with(|o| o.output = Some(root.join("content/out")))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(inside.contains("is inside `content/`"), "{inside}");
    assert!(root.join("content/_index.md").exists() && root.join("site.toml").exists());
}

#[test]
fn site_templates_override_and_extend_the_theme() {
    let built = TestSite::new("template-override").build().expect("builds");
    let page = built.page("page/");
    assert!(
        page.contains("<h1>A page</h1>"),
        "the theme's page template still renders: {page}"
    );
    assert!(
        page.contains("<p class=\"local\">Local note for A page</p>"),
        "the site's block replaces one block: {page}"
    );
    assert!(
        built
            .page("special/")
            .contains("<p class=\"special\">Special uses /css/x.css</p>")
    );
    assert_eq!(built.file("robots-note.txt"), "site static file\n");
}

/// A small site on the NHS theme published at `https://example.org/toolkit`.
fn nhs_site() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/toolkit\"\n",
    )
    .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
    .write(
        "content/guide.md",
        "+++\ntitle = \"Guide\"\naliases = [\"old-guide\"]\n+++\nText.\n",
    );
    site
}

#[test]
fn a_preview_build_is_kept_from_search_engines_on_every_page() {
    let site = nhs_site();
    for (how, built) in [
        ("--preview", site.build_with(|o| o.preview = true)),
        (
            "another --base-url",
            site.build_with(|o| o.base_url = Some("https://review.example.net/".into())),
        ),
    ] {
        let built = built.expect("builds");
        assert!(built.report.preview, "{how}");
        let robots = built.file("robots.txt");
        assert!(
            robots.starts_with(
                "# A preview build: not for search engines.\nUser-agent: *\nDisallow: /\n"
            ),
            "{how}: {robots}"
        );
        let pages = built.html_files();
        assert!(pages.len() >= 4, "home, guide, alias, 404: {pages:?}");
        for (path, html) in pages {
            assert_eq!(
                html.matches("<meta name=\"robots\" content=\"noindex\">")
                    .count(),
                1,
                "{how}: {path} says noindex once"
            );
        }
    }
}

#[test]
fn a_production_build_is_open_to_search_engines() {
    let site = nhs_site();
    // The same address as site.toml's (give or take a final slash) is production.
    for built in [
        site.build(),
        site.build_with(|o| o.base_url = Some("https://example.org/toolkit/".into())),
    ] {
        let built = built.expect("builds");
        assert!(!built.report.preview);
        let robots = built.file("robots.txt");
        assert!(
            robots.contains("Allow: /\n") && !robots.contains("Disallow"),
            "{robots}"
        );
        for (path, html) in built.html_files() {
            let noindex = html.contains("content=\"noindex\"");
            // Only the 404 page and redirects are never indexed.
            let never = path == "404.html" || path.starts_with("old-guide");
            assert_eq!(noindex, never, "{path}");
        }
    }
}

/// Builds `site` with the binary, as a user does; every file of the
/// current edition's `search/` it wrote.
fn built_search(site: &TestSite) -> Vec<(String, Vec<u8>)> {
    let root = site.root().to_str().expect("a UTF-8 path");
    let run = support::canteen(&["build", "-q", "--root", root]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    snapshot(&site.root().join("public/search"))
}

/// A build keeps its search entries for the next one, which takes them
/// even in another process (whose rendered links carry another base
/// marker): the cache of an unchanged site is not written again, and the
/// index is the same.
#[cfg(unix)]
#[test]
fn an_unchanged_sites_search_entries_are_taken_from_the_last_build() {
    let site = TestSite::new("search");
    site.append(
        "content/changed.md",
        "\nRead the [posting guide](guide/posting.md).\n",
    );
    let build = || built_search(&site);
    let first = build();
    assert!(
        std::fs::read_to_string(site.root().join("public/changed/index.html"))
            .expect("the page")
            .contains("href=\"/socialmedia/guide/posting/\""),
        "the page links to another"
    );
    let cache = site.root().join(".canteen-cache/search/en-GB.entries");
    let made = inode(&cache);
    assert_eq!(build(), first);
    assert_eq!(inode(&cache), made, "every entry came from the cache");
    site.append(
        "content/guide/posting.md",
        "\nSay it aloud in the canteen.\n",
    );
    assert_ne!(build(), first);
    assert_ne!(inode(&cache), made, "the changed page's entry is kept");
}

/// Each edition's index files are kept too: a build of an unchanged site
/// takes them from the last build's (a kept manifest marked here shows
/// they are not made again), and an edit makes again only the files of
/// the edition whose pages changed.
#[test]
fn an_unchanged_editions_index_files_are_taken_from_the_last_build() {
    let site = TestSite::new("search");
    let build = || built_search(&site);
    let manifest = |edition: &str| {
        std::fs::read_to_string(
            site.root()
                .join(format!("public/{edition}search/index.json")),
        )
        .expect("the manifest")
    };
    let first = build();
    let kept = site.root().join(".canteen-cache/search/en-GB.index");
    let made = inode(&kept);
    assert_eq!(build(), first, "the files kept are the files made");
    assert_eq!(inode(&kept), made, "nothing changed, nothing written");

    // Marked in the kept file, a manifest shows where a build took it from.
    let mut bytes = std::fs::read(&kept).expect("read");
    let version = b"{\"v\":1,";
    let at: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i..].starts_with(version))
        .collect();
    assert_eq!(at.len(), 2, "one manifest per edition");
    for i in at {
        bytes[i + 5] = b'7';
    }
    std::fs::write(&kept, bytes).expect("written");
    build();
    assert!(manifest("").starts_with("{\"v\":7,"), "{}", manifest(""));
    assert!(manifest("2023/").starts_with("{\"v\":7,"));

    // A page of the current edition changed: its index is made again; the
    // 2023 edition's, made of the same entries, is still the kept one.
    site.append(
        "content/guide/posting.md",
        "\nSay it aloud in the canteen.\n",
    );
    build();
    assert!(manifest("").starts_with("{\"v\":1,"), "{}", manifest(""));
    assert!(manifest("2023/").starts_with("{\"v\":7,"));
    assert_ne!(inode(&kept), made, "the new files are kept");
}

/// A build that fails once its index is written (here, on a link in raw
/// HTML that leads nowhere, found in the built pages) keeps neither its
/// entries nor its index files: the next build finds the last good ones.
#[test]
fn a_failed_build_keeps_no_search_files() {
    let site = TestSite::new("search");
    built_search(&site);
    let folder = site.root().join(".canteen-cache/search");
    let before = snapshot(&folder);
    site.write(
        "content/new.md",
        "+++\ntitle = \"New\"\n+++\nNew words, and <a href=\"/socialmedia/nowhere/\">a link</a>.\n",
    );
    let root = site.root().to_str().expect("a UTF-8 path");
    let run = support::canteen(&["build", "-q", "--root", root]);
    assert!(!run.status.success(), "the link to nowhere fails the build");
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("nowhere"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        snapshot(&folder) == before,
        "the kept files are as they were"
    );
}
