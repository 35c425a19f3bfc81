//! Markdown written for other tools builds as it is: file names made of
//! symbols, books written for mdBook (`.html` chapter links, a chapter
//! beside its folder, links above the book), GitHub READMEs (`#Anchor-Caps`,
//! raw HTML anchors), and the real folders in `tests/corpora/`, which must
//! build reporting only the links that are really broken.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use canteen::content::address;
use support::{Built, TestSite};

/// Every `href` in the page at `url` that stays on this site (under
/// `base`), as the output file it names.
fn local_targets(built: &Built, url: &str, base: &str) -> Vec<String> {
    let html = built.page(url);
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter_map(|href| href.strip_prefix(base))
        .map(|path| {
            let path = path.split('#').next().unwrap_or(path);
            let path = address::decode(path);
            if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path
            }
        })
        .collect()
}

#[test]
fn file_names_made_of_symbols_get_distinct_working_addresses() {
    let built = TestSite::new("symbols").build().expect("builds");
    let pages: BTreeSet<String> = local_targets(&built, "", "/").into_iter().collect();
    assert_eq!(
        pages,
        [
            "commands/!/index.html",
            "commands/$/index.html",
            "commands/%/index.html",
            "commands/((/index.html",
            "commands/,/index.html",
            "commands/Clang/index.html",
            "commands/[/index.html",
            "commands/clang++/index.html",
            "commands/clang/index.html",
        ]
        .map(String::from)
        .into()
    );
    for page in &pages {
        assert!(built.has(page), "{page} is written");
    }
    assert!(built.page("commands/%/").contains("The % command"));
    assert!(
        built
            .page("commands/clang++/")
            .contains("The clang++ command")
    );
}

#[test]
fn an_mdbook_book_builds_as_it_is_and_reports_only_its_broken_link() {
    let site = TestSite::new("mdbook");
    let text = site.build_err();
    assert!(
        text.contains(
            "error: the link `no-such-chapter.html` points to `no-such-chapter.html`, but there is no page or file there\n --> content/getting-started.md:7:37"
        ),
        "{text}"
    );
    assert!(
        text.contains("help: there is no page `no-such-chapter.md` either: check the name"),
        "{text}"
    );
    assert!(text.contains("build failed: 1 error"), "{text}");
}

#[test]
fn an_mdbook_book_builds_with_broken_links_as_warnings() {
    let site = TestSite::new("mdbook");
    site.append(
        "site.toml",
        // Links are the subject here, not social cards (tests/publishing.rs).
        "\n[links]\nbroken = \"warn\"\n\n[social_cards]\nenabled = false\n",
    );
    let built = site.build().expect("builds with warnings");
    let warnings: Vec<String> = built
        .report
        .diagnostics
        .iter()
        .map(|d| d.location())
        .collect();
    assert_eq!(warnings, ["content/getting-started.md:7:37"]);
    for page in [
        "",
        "getting-started/",
        "building/",
        "building/running/",
        "building/how-to/",
    ] {
        assert!(built.has(&format!("{page}index.html")), "{page}");
    }
}

#[test]
fn an_mdbook_book_with_its_broken_link_fixed_builds_with_broken_links_as_errors() {
    let site = TestSite::new("mdbook");
    let chapter = site.root().join("content/getting-started.md");
    let text = std::fs::read_to_string(&chapter).expect("chapter");
    site.write(
        "content/getting-started.md",
        &text.replace("no-such-chapter.html", "building/how-to.html"),
    );
    let built = site.build().expect("builds");
    assert!(built.report.diagnostics.is_empty());
    let base = "/guide/";
    // `.html` chapter links are the chapters' pages; a book's README is its
    // home page; an anchor written in GitHub's capitals finds its heading.
    assert_eq!(
        local_targets(&built, "getting-started/", base)
            .into_iter()
            .filter(|t| t != "getting-started/index.html")
            .collect::<BTreeSet<_>>(),
        [
            "building/index.html",
            "building/running/index.html",
            "building/how-to/index.html",
            "index.html",
        ]
        .map(String::from)
        .into()
    );
    let content = built.part("getting-started/", "content");
    assert!(
        content.contains("href=\"/guide/building/running/#running-a-build\""),
        "{content}"
    );
    // Links that climb above the book reach its neighbours on the host.
    assert!(
        content.contains("href=\"/other-project/page.html\""),
        "{content}"
    );
    let running = built.part("building/running/", "content");
    assert!(
        running.contains("href=\"/sibling/book/intro.html\""),
        "{running}"
    );
    // A raw HTML anchor is an anchor; a link to the heading that became
    // the title goes to the top.
    assert!(running.contains("href=\"#flags\""), "{running}");
    let how_to = built.part("building/how-to/", "content");
    assert!(
        how_to.contains("href=\"/guide/building/running/#top\""),
        "{how_to}"
    );
    // The chapter beside its folder is the folder's page.
    assert!(built.page("building/").contains("The sub-chapters"));
}

#[test]
fn github_style_anchors_find_their_headings() {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write(
            "content/_index.md",
            "# Lists\n\n* [C#](#csharp) and [C++](#cpp)\n* [Back to top](#)\n* [Other](other.md#Heading-With-Caps)\n* [Théorie](other.md#théorie-des-langages)\n\n### <a id=\"csharp\"></a>C#\n\n### <a name=\"cpp\"></a>C++\n",
        )
        .write(
            "content/other.md",
            "# Other\n\n## Heading With Caps\n\n## Théorie des langages\n",
        );
    let built = site.build().expect("builds");
    let home = built.page("");
    assert!(
        home.contains("href=\"/other/#heading-with-caps\""),
        "{home}"
    );
    assert!(home.contains("href=\"#csharp\""), "{home}");
}

#[test]
fn an_anchor_that_is_not_there_in_any_case_is_still_broken() {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write(
            "content/_index.md",
            "# Home\n\n[x](other.md#Not-A-Heading)\n",
        )
        .write("content/other.md", "# Other\n\n## A heading\n");
    let text = site.build_err();
    assert!(
        text.contains("`other.md` has no heading with the id `#Not-A-Heading`"),
        "{text}"
    );
}

/// The broken links a real folder reports, as `file:line:col`, sorted.
fn broken_links(corpus: &str) -> Vec<String> {
    let site = TestSite::empty();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpora")
        .join(corpus);
    support::copy_dir(&from, site.root());
    site.append(
        "site.toml",
        // Links are the subject here, not social cards (tests/publishing.rs).
        "\n[links]\nbroken = \"warn\"\n\n[social_cards]\nenabled = false\n",
    );
    let built = site.build().expect("the folder builds as it is");
    let markdown = walkdir::WalkDir::new(site.root().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();
    let pages = walkdir::WalkDir::new(built.out())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .count();
    assert!(
        pages >= markdown,
        "{pages} pages for {markdown} Markdown files"
    );
    let mut found: Vec<String> = built
        .report
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    found.sort();
    found
}

#[test]
fn the_rustc_dev_guide_builds_with_only_its_broken_links_reported() {
    let found = broken_links("rustc-dev-guide");
    let expected = include_str!("corpora/rustc-dev-guide.broken.txt");
    assert_eq!(
        found.join("\n"),
        expected.trim_end(),
        "{}",
        found.join("\n")
    );
}

#[test]
fn free_programming_books_builds_with_only_its_broken_links_reported() {
    let found = broken_links("free-programming-books");
    let expected = include_str!("corpora/free-programming-books.broken.txt");
    assert_eq!(
        found.join("\n"),
        expected.trim_end(),
        "{}",
        found.join("\n")
    );
}

/// Found by scripts/fuzz: above a site at the host's root there is nothing
/// (a browser stays at `/`), so such a link is read from the root, not
/// left as a link outside the site that leads to no page.
#[test]
fn a_link_climbing_above_a_site_at_the_host_root_is_read_from_the_root() {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write("content/_index.md", "# Home\n")
        .write("content/a.md", "# A\n")
        .write(
            "content/sub/c.md",
            "# C\n\n[a](../../../a.md) and [gone](../../gone.md)\n",
        );
    let text = site.build_err();
    assert!(
        text.contains("the link `../../gone.md` points to `gone.md`, but there is no such page"),
        "{text}"
    );
    site.write("content/sub/c.md", "# C\n\n[a](../../../a.md)\n");
    let built = site.build().expect("builds");
    assert!(built.page("sub/c/").contains("href=\"/a/\""));
}
