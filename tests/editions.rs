//! Editions: earlier editions of the guidance published beside the current
//! one (`docs/templates.md`, "Editions", is the contract). The fixture
//! `tests/fixtures/editions/` has the current March 2014 edition and frozen
//! November 2013 and June 2012 editions; its README says what each page is
//! for. The plain test theme prints the edition values as markers
//! (`edition`, `banner`, `switcher`, `canonical`, `changes`…) read here with
//! `Built::part`.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use support::{Built, TestSite, canteen, fixtures, snapshot};

fn editions() -> TestSite {
    TestSite::new("editions")
}

fn built() -> Built {
    editions().build().expect("the editions fixture builds")
}

/// The switcher of a page: `id=url:match`, `*` on this page's edition, `!`
/// on the current one, newest first.
fn switcher(built: &Built, url: &str) -> Vec<String> {
    built
        .part(url, "switcher")
        .split('|')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The `<li>` items of a list marker.
fn items(built: &Built, url: &str, class: &str) -> Vec<String> {
    built
        .part(url, class)
        .split("<li>")
        .filter_map(|s| s.strip_suffix("</li>"))
        .map(str::to_string)
        .collect()
}

/// The same, sorted: the contract does not fix the order of these lists.
fn sorted_items(built: &Built, url: &str, class: &str) -> Vec<String> {
    let mut all = items(built, url, class);
    all.sort();
    all
}

/// Every `href` in a piece of HTML, in order.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The target of a redirect page written by the plain `redirect.html`, or
/// `None` for a full page.
fn redirect_of(built: &Built, url: &str) -> Option<String> {
    let html = built.page(url);
    let needle = "http-equiv=\"refresh\" content=\"0; url=";
    let start = html.find(needle)? + needle.len();
    html[start..].split('"').next().map(str::to_string)
}

/// The words inside every `<ins>` or `<del>` of the changes HTML, without
/// the visually hidden "Added: " / "Removed: ".
fn marked_words(html: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    html.split(&open)
        .skip(1)
        .filter_map(|s| s.split(&close).next())
        .map(|s| {
            let mut text = String::new();
            let mut in_tag = false;
            for c in s.replace("Added: ", "").replace("Removed: ", "").chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text
        })
        .flat_map(|t| t.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// Runs `canteen edition cut ARGS --root <site>`.
fn cut(site: &TestSite, args: &[&str]) -> Output {
    let root = site.root().display().to_string();
    let mut all = vec!["edition", "cut"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", &root]);
    canteen(&all)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every folder under `dir` (a refused command must not leave an empty one).
fn folders(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().display().to_string())
        .collect()
}

/// Runs a cut that must be refused: non-zero exit (not a panic), a message
/// containing `says`, and not one byte or folder changed on disk.
fn assert_cut_refused(site: &TestSite, args: &[&str], says: &str) -> Output {
    let files = snapshot(site.root());
    let dirs = folders(site.root());
    let out = cut(site, args);
    let text = stderr(&out);
    assert!(!out.status.success(), "cut {args:?} should be refused");
    assert_ne!(
        out.status.code(),
        Some(101),
        "cut {args:?} panicked: {text}"
    );
    assert!(
        text.contains(says),
        "cut {args:?}: expected `{says}` in: {text}"
    );
    assert!(
        snapshot(site.root()) == files,
        "cut {args:?} changed files on disk"
    );
    assert_eq!(folders(site.root()), dirs, "cut {args:?} changed folders");
    out
}

/// The 1-based number of the first line of `text` that contains `needle`
/// (after `after` lines).
fn line_of(text: &str, needle: &str, after: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(after)
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("no `{needle}` in {text}"))
}

/// The diagnostic (from its `error:` line up to the next one) that points at
/// `location`.
fn diagnostic_at<'a>(text: &'a str, location: &str) -> &'a str {
    let at = text
        .find(location)
        .unwrap_or_else(|| panic!("no diagnostic at `{location}` in:\n{text}"));
    let start = text[..at].rfind("error").unwrap_or(0);
    let end = text[at..].find("\nerror").map_or(text.len(), |e| at + e);
    &text[start..end]
}

/// Today's date (UTC) and the days either side, so the test holds in any
/// time zone and across midnight.
fn around_today() -> [String; 3] {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64;
    let day = secs.div_euclid(86_400);
    [day - 1, day, day + 1].map(civil_date)
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (Howard Hinnant's `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn site_toml(site: &TestSite) -> (String, toml::Table) {
    let text = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    let table = toml::from_str(&text).expect("site.toml is valid TOML");
    (text, table)
}

/// `(id, label, published)` of `[edition]`.
fn current_edition(config: &toml::Table) -> (String, String, String) {
    entry(config.get("edition").expect("[edition]"))
}

/// `(id, label, published)` of every `[[edition.earlier]]`, in file order.
fn earlier_editions(config: &toml::Table) -> Vec<(String, String, String)> {
    config["edition"]
        .get("earlier")
        .and_then(toml::Value::as_array)
        .expect("[[edition.earlier]]")
        .iter()
        .map(entry)
        .collect()
}

fn entry(value: &toml::Value) -> (String, String, String) {
    let text = |key: &str| match value.get(key) {
        Some(toml::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => panic!("no `{key}` in {value}"),
    };
    (text("id"), text("label"), text("published"))
}

fn triple(id: &str, label: &str, published: &str) -> (String, String, String) {
    (id.into(), label.into(), published.into())
}

// ----------------------------------------------------------------------------
// Addresses

#[test]
fn every_edition_is_published_at_its_own_addresses() {
    let built = built();
    for (url, id) in [
        ("", "2014"),
        ("about/", "2014"),
        ("hr/", "2014"),
        ("hr/policy/", "2014"),
        ("platforms/x-twitter/", "2014"),
        ("leaders/", "2014"),
        ("2013/", "2013"),
        ("2013/about/", "2013"),
        ("2013/hr/", "2013"),
        ("2013/hr/policy/", "2013"),
        ("2013/hr/recruitment/", "2013"),
        ("2013/platforms/", "2013"),
        ("2013/platforms/twitter/", "2013"),
        ("2012/", "2012"),
        ("2012/about/", "2012"),
        ("2012/hr/", "2012"),
        ("2012/hr/social-media-policy/", "2012"),
        ("2012/hr/recruitment/", "2012"),
    ] {
        let edition = built.part(url, "edition");
        assert!(
            edition.starts_with(&format!("id={id};")),
            "/{url} is a page of the {id} edition: {edition}"
        );
    }
    // Each address shows that edition's text.
    assert!(
        built
            .part("hr/policy/", "content")
            .contains("every two years.")
    );
    assert!(
        built
            .part("2013/hr/policy/", "content")
            .contains("every year.")
    );
    assert!(
        built
            .part("2012/hr/social-media-policy/", "content")
            .contains("Review it when you can.")
    );
    // Pages an edition does not have are not published under its id.
    for missing in [
        "2013/leaders/index.html",
        "2013/platforms/x-twitter/index.html",
        "2012/platforms/index.html",
        "2012/hr/policy/index.html",
        "hr/recruitment/index.html",
    ] {
        assert!(!built.has(missing), "{missing} should not exist");
    }
    // Listings and breadcrumbs stay inside the edition.
    let pages = items(&built, "2013/hr/", "pages");
    assert!(
        pages.contains(&"/2013/hr/policy/".to_string())
            && pages.contains(&"/2013/hr/recruitment/".to_string())
            && pages.len() == 2,
        "{pages:?}"
    );
    assert_eq!(
        sorted_items(&built, "2013/", "subsections"),
        ["/2013/hr/", "/2013/platforms/"]
    );
    assert_eq!(built.part("2013/hr/policy/", "crumbs"), "/2013/|/2013/hr/|");
    assert_eq!(
        built.part("2012/hr/social-media-policy/", "crumbs"),
        "/2012/|/2012/hr/|"
    );
}

#[test]
fn the_current_editions_id_addresses_redirect_to_its_pages() {
    let built = built();
    for (url, target) in [
        ("2014/", "/"),
        ("2014/about/", "/about/"),
        ("2014/hr/", "/hr/"),
        ("2014/hr/policy/", "/hr/policy/"),
        ("2014/platforms/x-twitter/", "/platforms/x-twitter/"),
        ("2014/leaders/", "/leaders/"),
    ] {
        assert_eq!(
            redirect_of(&built, url).as_deref(),
            Some(target),
            "/{url} redirects to {target}"
        );
        assert!(
            !built.page(url).contains("class=\"edition\""),
            "/{url} is a redirect page, not a copy"
        );
    }
    assert_eq!(redirect_of(&built, "hr/policy/"), None, "a full page");
    // The current edition's aliases still redirect as before.
    assert_eq!(
        redirect_of(&built, "hr/social-media-policy/").as_deref(),
        Some("/hr/policy/")
    );
    assert_eq!(
        redirect_of(&built, "platforms/twitter/").as_deref(),
        Some("/platforms/x-twitter/")
    );
}

#[test]
fn links_resolve_within_their_own_edition() {
    let built = built();
    // `about.md` and `/hr/`, the same Markdown in every edition.
    assert_eq!(hrefs(&built.part("", "content")), ["/about/", "/hr/"]);
    assert_eq!(
        hrefs(&built.part("2013/", "content")),
        ["/2013/about/", "/2013/hr/"]
    );
    assert_eq!(
        hrefs(&built.part("2012/", "content")),
        ["/2012/about/", "/2012/hr/"]
    );
    // `checklist.txt` (a content asset), `../about.md`, `/css/site.css` (static).
    assert_eq!(
        hrefs(&built.part("hr/", "content")),
        ["/hr/checklist.txt", "/about/", "/css/site.css"]
    );
    assert_eq!(
        hrefs(&built.part("2013/hr/", "content")),
        ["/2013/hr/checklist.txt", "/2013/about/", "/css/site.css"]
    );
    assert_eq!(
        hrefs(&built.part("2012/hr/", "content")),
        ["/2012/hr/checklist.txt", "/2012/about/", "/css/site.css"]
    );
}

#[test]
fn content_files_belong_to_their_edition_and_static_files_stay_at_the_root() {
    let built = built();
    assert_eq!(built.file("hr/checklist.txt"), "2014 checklist\n");
    assert_eq!(built.file("2013/hr/checklist.txt"), "2013 checklist\n");
    assert_eq!(built.file("2012/hr/checklist.txt"), "2012 checklist\n");
    assert_eq!(built.file("css/site.css"), "body { margin: 0 }\n");
    for copy in [
        "2013/css/site.css",
        "2012/css/site.css",
        "2014/css/site.css",
    ] {
        assert!(!built.has(copy), "{copy}: static files are not per edition");
    }
}

#[test]
fn a_link_to_a_page_of_another_edition_is_broken_without_the_edition_id() {
    // `/leaders/` is only in the 2014 edition: from 2013 it names nothing.
    let site = editions();
    let line = "See [leaders](/leaders/) and [the page](../leaders.md).";
    site.write(
        "editions/2013/content/hr/extra.md",
        &format!("+++\ntitle = \"Extra\"\n+++\n{line}\n"),
    );
    let text = site.build_err();
    for dest in ["/leaders/", "../leaders.md"] {
        let at = format!(
            "--> editions/2013/content/hr/extra.md:4:{}",
            line.find(dest).expect("dest") + 1
        );
        assert!(text.contains(&at), "{at} in:\n{text}");
    }
}

// ----------------------------------------------------------------------------
// Cross-edition links

#[test]
fn cross_edition_links_go_to_that_editions_page() {
    let built = built();
    // From the current edition to earlier ones, by URL and by file.
    assert_eq!(
        hrefs(&built.part("leaders/", "content")),
        [
            "/2013/hr/recruitment/",
            "/2013/hr/policy/",
            "/2012/hr/social-media-policy/"
        ]
    );
    // From earlier editions to the current edition's stable `/2014/…`
    // address, which stays right after the next edition is cut.
    for url in ["2013/hr/recruitment/", "2012/hr/recruitment/"] {
        assert_eq!(
            hrefs(&built.part(url, "content")),
            ["/2014/hr/", "/2014/hr/policy/"],
            "{url}"
        );
    }
}

#[test]
fn a_broken_cross_edition_link_fails_at_its_file_line_and_column_naming_the_edition() {
    let site = editions();
    let first = "See [gone](/2013/leaders/).";
    let second = "And [gone too](/2012/platforms/_index.md).";
    site.write(
        "content/leaders.md",
        &format!("+++\ntitle = \"Leaders\"\n+++\n{first}\n\n{second}\n"),
    );
    let text = site.build_err();
    for (line, number, dest, id) in [
        (first, 4, "/2013/leaders/", "2013"),
        (second, 6, "/2012/platforms/_index.md", "2012"),
    ] {
        let at = format!(
            "--> content/leaders.md:{number}:{}",
            line.find(dest).expect("dest") + 1
        );
        let diagnostic = diagnostic_at(&text, &at);
        assert!(diagnostic.contains(dest), "{diagnostic}");
        // The link itself holds the id; the message must name the edition.
        let without_link = diagnostic.replace(dest, "");
        assert!(
            without_link.contains(id) && without_link.contains("edition"),
            "names the {id} edition: {diagnostic}"
        );
    }
}

// ----------------------------------------------------------------------------
// Template values: edition, banner, switcher, canonical, data

#[test]
fn every_template_knows_its_edition() {
    let built = built();
    let current = "id=2014;current=true;home=/;what_changed=/what-changed/;previous=2013/November 2013 edition;label=March 2014 edition;published=2014-03-01/1 March 2014;site=2014";
    for url in ["", "hr/", "hr/policy/", "leaders/", "what-changed/"] {
        assert_eq!(built.part(url, "edition"), current, "/{url}");
    }
    let earlier = "id=2013;current=false;home=/2013/;what_changed=/2013/what-changed/;previous=2012/June 2012 edition;label=November 2013 edition;published=2013-11-01/1 November 2013;site=2014";
    for url in [
        "2013/",
        "2013/hr/",
        "2013/hr/recruitment/",
        "2013/what-changed/",
    ] {
        assert_eq!(built.part(url, "edition"), earlier, "/{url}");
    }
    let oldest = "id=2012;current=false;home=/2012/;what_changed=;previous=;label=June 2012 edition;published=2012-06-01/1 June 2012;site=2014";
    for url in ["2012/", "2012/hr/social-media-policy/"] {
        assert_eq!(built.part(url, "edition"), oldest, "/{url}");
    }
}

#[test]
fn only_earlier_editions_have_the_banner_and_it_links_to_the_current_counterpart() {
    let built = built();
    for url in ["", "hr/", "hr/policy/", "leaders/", "what-changed/"] {
        assert!(
            !built.page(url).contains("class=\"banner\""),
            "no banner on the current /{url}"
        );
    }
    for (url, banner) in [
        ("2013/", "/|same|2014"),
        ("2013/about/", "/about/|same|2014"),
        ("2013/hr/policy/", "/hr/policy/|same|2014"),
        ("2013/hr/recruitment/", "/hr/|ancestor|2014"),
        (
            "2013/platforms/twitter/",
            "/platforms/x-twitter/|moved|2014",
        ),
        ("2012/about/", "/about/|same|2014"),
        ("2012/hr/social-media-policy/", "/hr/policy/|moved|2014"),
        ("2012/hr/recruitment/", "/hr/|ancestor|2014"),
    ] {
        assert_eq!(built.part(url, "banner"), banner, "/{url}");
    }
}

#[test]
fn the_switcher_lists_every_edition_newest_first_with_the_same_page() {
    let built = built();
    assert_eq!(
        switcher(&built, ""),
        ["2014=/:same*!", "2013=/2013/:same", "2012=/2012/:same"]
    );
    assert_eq!(
        switcher(&built, "2013/about/"),
        [
            "2014=/about/:same!",
            "2013=/2013/about/:same*",
            "2012=/2012/about/:same"
        ]
    );
    assert_eq!(
        switcher(&built, "2012/hr/"),
        [
            "2014=/hr/:same!",
            "2013=/2013/hr/:same",
            "2012=/2012/hr/:same*"
        ]
    );
    assert_eq!(
        built.part("2013/about/", "switcher-titles"),
        "2014=About the toolkit/March 2014 edition|2013=About the toolkit/November 2013 edition|2012=About the toolkit/June 2012 edition|"
    );
}

#[test]
fn the_switcher_follows_moved_pages_through_aliases_both_ways() {
    let built = built();
    // 2014's page lists 2012's address in `aliases`; 2013's the same.
    assert_eq!(
        switcher(&built, "hr/policy/"),
        [
            "2014=/hr/policy/:same*!",
            "2013=/2013/hr/policy/:same",
            "2012=/2012/hr/social-media-policy/:moved"
        ]
    );
    // From the old address, found through the newer pages' aliases.
    assert_eq!(
        switcher(&built, "2012/hr/social-media-policy/"),
        [
            "2014=/hr/policy/:moved!",
            "2013=/2013/hr/policy/:moved",
            "2012=/2012/hr/social-media-policy/:same*"
        ]
    );
    assert_eq!(
        switcher(&built, "2013/platforms/twitter/"),
        [
            "2014=/platforms/x-twitter/:moved!",
            "2013=/2013/platforms/twitter/:same*",
            "2012=/2012/:ancestor"
        ]
    );
    assert_eq!(
        built.part("2013/platforms/twitter/", "switcher-titles"),
        "2014=Twitter/March 2014 edition|2013=Twitter/November 2013 edition|2012=Toolkit home/June 2012 edition|"
    );
}

#[test]
fn the_switcher_falls_back_to_the_nearest_section_the_other_edition_has() {
    let built = built();
    // Removed in 2014; its section stays.
    assert_eq!(
        switcher(&built, "2013/hr/recruitment/"),
        [
            "2014=/hr/:ancestor!",
            "2013=/2013/hr/recruitment/:same*",
            "2012=/2012/hr/recruitment/:same"
        ]
    );
    assert_eq!(
        built.part("2013/hr/recruitment/", "switcher-titles"),
        "2014=HR guide/March 2014 edition|2013=Recruitment/November 2013 edition|2012=Recruitment/June 2012 edition|"
    );
    // New in 2014: the home page of older editions.
    assert_eq!(
        switcher(&built, "leaders/"),
        [
            "2014=/leaders/:same*!",
            "2013=/2013/:ancestor",
            "2012=/2012/:ancestor"
        ]
    );
    // 2012 has no platforms section at all: two levels up.
    assert_eq!(
        switcher(&built, "platforms/x-twitter/"),
        [
            "2014=/platforms/x-twitter/:same*!",
            "2013=/2013/platforms/twitter/:moved",
            "2012=/2012/:ancestor"
        ]
    );
}

#[test]
fn what_changed_pages_switch_to_the_other_editions_what_changed_page() {
    let built = built();
    let current = switcher(&built, "what-changed/");
    assert!(
        current.contains(&"2014=/what-changed/:page*!".to_string())
            && current.contains(&"2013=/2013/what-changed/:page".to_string()),
        "{current:?}"
    );
    let earlier = switcher(&built, "2013/what-changed/");
    assert!(
        earlier.contains(&"2014=/what-changed/:page!".to_string())
            && earlier.contains(&"2013=/2013/what-changed/:page*".to_string()),
        "{earlier:?}"
    );
}

#[test]
fn canonical_is_the_current_page_when_an_earlier_ones_text_is_the_same() {
    let built = built();
    for (url, canonical) in [
        ("2013/", "https://example.org/"),
        ("2013/about/", "https://example.org/about/"),
        ("2012/about/", "https://example.org/about/"),
        ("2013/hr/", "https://example.org/hr/"),
        ("2012/hr/", "https://example.org/hr/"),
        // Moved, same title and text.
        (
            "2013/platforms/twitter/",
            "https://example.org/platforms/x-twitter/",
        ),
        // Current pages: themselves, never their `/2014/…` address.
        ("", "https://example.org/"),
        ("about/", "https://example.org/about/"),
        ("hr/policy/", "https://example.org/hr/policy/"),
        ("leaders/", "https://example.org/leaders/"),
    ] {
        assert_eq!(built.part(url, "canonical"), canonical, "/{url}");
    }
}

#[test]
fn canonical_is_the_page_itself_when_its_text_differs_or_it_is_gone() {
    let built = built();
    for (url, canonical) in [
        // The text changed in 2014.
        ("2013/hr/policy/", "https://example.org/2013/hr/policy/"),
        // Moved, and the text changed.
        (
            "2012/hr/social-media-policy/",
            "https://example.org/2012/hr/social-media-policy/",
        ),
        // Not in the current edition: its section is not the same page.
        (
            "2013/hr/recruitment/",
            "https://example.org/2013/hr/recruitment/",
        ),
        (
            "2012/hr/recruitment/",
            "https://example.org/2012/hr/recruitment/",
        ),
    ] {
        assert_eq!(built.part(url, "canonical"), canonical, "/{url}");
    }
}

#[test]
fn an_earlier_edition_uses_its_own_data() {
    let built = built();
    assert_eq!(
        built.part("hr/policy/", "data"),
        "Data of the current edition"
    );
    assert_eq!(
        built.part("2013/hr/policy/", "data"),
        "Data of the 2013 edition"
    );
}

#[test]
fn the_sitemap_lists_only_the_current_edition() {
    let sitemap = built().file("sitemap.xml");
    for url in [
        "",
        "about/",
        "hr/",
        "hr/policy/",
        "platforms/x-twitter/",
        "leaders/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/{url}</loc>")),
            "{url} in {sitemap}"
        );
    }
    for other in ["/2012/", "/2013/", "/2014/", "/hr/recruitment/"] {
        assert!(!sitemap.contains(other), "{other} in {sitemap}");
    }
}

// ----------------------------------------------------------------------------
// What changed

#[test]
fn the_current_editions_what_changed_page_lists_added_removed_and_changed_pages() {
    let built = built();
    assert_eq!(
        built.part("what-changed/", "overview"),
        "edition=2014/March 2014 edition;since=2013/November 2013 edition;since_home=/2013/;unchanged=5"
    );
    assert_eq!(
        items(&built, "what-changed/", "added"),
        ["/leaders/=Leaders"]
    );
    assert_eq!(
        items(&built, "what-changed/", "removed"),
        ["/2013/hr/recruitment/=Recruitment"]
    );
    assert_eq!(
        items(&built, "what-changed/", "changed"),
        ["/hr/policy/=Social media policy;old=/2013/hr/policy/;+2;-1"]
    );
}

#[test]
fn each_earlier_edition_but_the_oldest_has_a_what_changed_page() {
    let built = built();
    assert_eq!(
        built.part("2013/what-changed/", "overview"),
        "edition=2013/November 2013 edition;since=2012/June 2012 edition;since_home=/2012/;unchanged=4"
    );
    assert_eq!(
        sorted_items(&built, "2013/what-changed/", "added"),
        [
            "/2013/platforms/=Platforms",
            "/2013/platforms/twitter/=Twitter"
        ]
    );
    assert!(items(&built, "2013/what-changed/", "removed").is_empty());
    // The policy moved and changed: compared with its old address.
    assert_eq!(
        items(&built, "2013/what-changed/", "changed"),
        ["/2013/hr/policy/=Social media policy;old=/2012/hr/social-media-policy/;+8;-4"]
    );
    assert!(
        !built.has("2012/what-changed/index.html"),
        "the oldest edition has nothing to compare with"
    );
}

#[test]
fn a_changed_page_shows_its_changes_word_by_word() {
    let built = built();
    let changes = built.part("hr/policy/", "changes");
    let (fields, html) = changes.split_once(";html=").expect("html field");
    assert_eq!(
        fields,
        "since=2013/November 2013 edition;new=false;old_url=/2013/hr/policy/;added=2;removed=1"
    );
    assert!(
        html.contains("<del><span class=\"visually-hidden\">Removed: </span>")
            && html.contains("<ins><span class=\"visually-hidden\">Added: </span>"),
        "changes are marked and announced in words: {html}"
    );
    assert_eq!(marked_words(html, "del"), ["year."], "{html}");
    assert_eq!(marked_words(html, "ins"), ["two", "years."], "{html}");
    // The unchanged paragraph is left out (the page is right above), and
    // the gap is said in words.
    assert!(
        !html.contains("Every trust needs a social media policy."),
        "{html}"
    );
    assert!(html.contains("Unchanged text left out."), "{html}");
    // Moved and changed: compared with the page at its old address.
    let moved = built.part("2013/hr/policy/", "changes");
    assert!(
        moved.starts_with(
            "since=2012/June 2012 edition;new=false;old_url=/2012/hr/social-media-policy/;added=8;removed=4;html=<"
        ),
        "{moved}"
    );
    assert_eq!(
        marked_words(&moved, "del"),
        ["it", "when", "you", "can."],
        "{moved}"
    );
}

#[test]
fn a_new_page_says_so_and_unchanged_pages_have_no_changes() {
    let built = built();
    for url in ["leaders/", "2013/platforms/", "2013/platforms/twitter/"] {
        let changes = built.part(url, "changes");
        assert!(
            changes.contains(";new=true;old_url=;"),
            "/{url} is new: {changes}"
        );
    }
    for url in [
        "",
        "about/",
        "hr/",
        "platforms/",
        // Moved with the same text.
        "platforms/x-twitter/",
        "2013/about/",
        "2013/hr/recruitment/",
        // The oldest edition has no previous one.
        "2012/about/",
        "2012/hr/social-media-policy/",
    ] {
        assert_eq!(built.part(url, "changes"), "none", "/{url}");
    }
}

// ----------------------------------------------------------------------------
// Base path, and sites without editions

#[test]
fn edition_addresses_keep_the_base_path() {
    let built = editions()
        .build_with(|o| o.base_url = Some("https://example.org/toolkit".into()))
        .expect("builds");
    assert_eq!(
        hrefs(&built.part("2013/", "content")),
        ["/toolkit/2013/about/", "/toolkit/2013/hr/"]
    );
    assert_eq!(
        hrefs(&built.part("leaders/", "content"))[0],
        "/toolkit/2013/hr/recruitment/"
    );
    assert_eq!(
        built.part("2013/hr/recruitment/", "banner"),
        "/toolkit/hr/|ancestor|2014"
    );
    assert_eq!(
        switcher(&built, "hr/policy/"),
        [
            "2014=/toolkit/hr/policy/:same*!",
            "2013=/toolkit/2013/hr/policy/:same",
            "2012=/toolkit/2012/hr/social-media-policy/:moved"
        ]
    );
    assert_eq!(
        built.part("2013/about/", "canonical"),
        "https://example.org/toolkit/about/"
    );
    assert_eq!(
        built.part("2013/hr/policy/", "canonical"),
        "https://example.org/toolkit/2013/hr/policy/"
    );
    assert_eq!(
        redirect_of(&built, "2014/hr/policy/").as_deref(),
        Some("/toolkit/hr/policy/")
    );
    assert!(
        built
            .part("2013/", "edition")
            .contains(";home=/toolkit/2013/;what_changed=/toolkit/2013/what-changed/;"),
        "{}",
        built.part("2013/", "edition")
    );
    assert_eq!(
        items(&built, "what-changed/", "removed"),
        ["/toolkit/2013/hr/recruitment/=Recruitment"]
    );
}

#[test]
fn a_site_without_editions_has_no_edition_pages_or_markers() {
    let built = TestSite::new("output").build().expect("builds");
    let page = built.page("platforms/x-twitter/");
    for marker in [
        "class=\"edition\"",
        "class=\"switcher\"",
        "class=\"changes\"",
    ] {
        assert!(!page.contains(marker), "{marker} in {page}");
    }
    assert!(!built.has("what-changed/index.html"));
}

// ----------------------------------------------------------------------------
// Configuration errors

/// The fixture's site.toml with `extra` appended.
fn with_site_toml(extra: &str) -> (TestSite, String) {
    let site = editions();
    let base =
        std::fs::read_to_string(fixtures().join("editions/site.toml")).expect("fixture site.toml");
    let text = format!("{base}{extra}");
    site.write("site.toml", &text);
    (site, text)
}

/// True when `error` points into site.toml at one of these 1-based lines.
fn points_at(error: &str, lines: &[usize]) -> bool {
    lines
        .iter()
        .any(|l| error.contains(&format!("--> site.toml:{l}:")))
}

#[test]
fn an_earlier_edition_without_its_content_folder_is_an_error_in_site_toml() {
    let (site, text) = with_site_toml(
        "\n[[edition.earlier]]\nid = \"2011\"\nlabel = \"2011 edition\"\npublished = 2011-01-01\n",
    );
    let error = site.build_err();
    assert!(error.contains("editions/2011/content"), "{error}");
    let header = line_of(&text, "[[edition.earlier]]", 20);
    let id = line_of(&text, "id = \"2011\"", 0);
    assert!(points_at(&error, &[header, id]), "site.toml:{id}: {error}");
}

#[test]
fn two_editions_with_the_same_id_are_an_error_in_site_toml() {
    for id in ["2013", "2014"] {
        let (site, text) = with_site_toml(&format!(
            "\n[[edition.earlier]]\nid = \"{id}\"\nlabel = \"Again\"\npublished = 2011-01-01\n"
        ));
        site.write(
            &format!("editions/{id}/content/_index.md"),
            "+++\ntitle = \"Again\"\n+++\n",
        );
        let error = site.build_err();
        let header = line_of(&text, "[[edition.earlier]]", 20);
        let line = line_of(&text, &format!("id = \"{id}\""), 20);
        assert!(
            points_at(&error, &[header, line]) && error.contains(id),
            "the second `{id}`, site.toml:{line}: {error}"
        );
    }
}

#[test]
fn a_content_folder_named_like_an_edition_is_an_error_in_site_toml() {
    let base = std::fs::read_to_string(fixtures().join("editions/site.toml")).expect("fixture");
    for id in ["2013", "2014"] {
        let site = editions();
        site.write(
            &format!("content/{id}/notes.md"),
            "+++\ntitle = \"Notes\"\n+++\n",
        );
        let error = site.build_err();
        let line = line_of(&base, &format!("id = \"{id}\""), 0);
        assert!(
            points_at(&error, &[line]) && error.contains(id),
            "content/{id}/ clashes with the edition at site.toml:{line}: {error}"
        );
    }
}

// ----------------------------------------------------------------------------
// `canteen edition cut`

#[test]
fn cut_freezes_the_current_edition_and_starts_the_next() {
    let site = editions();
    let content = snapshot(&site.root().join("content"));
    let data = snapshot(&site.root().join("data"));
    let (before, _) = site_toml(&site);
    let out = cut(
        &site,
        &[
            "2015",
            "--label",
            "January 2015 edition",
            "--published",
            "2015-01-05",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Frozen copies; content/ itself untouched.
    assert!(snapshot(&site.root().join("editions/2014/content")) == content);
    assert!(snapshot(&site.root().join("editions/2014/data")) == data);
    assert!(snapshot(&site.root().join("content")) == content);
    // site.toml: the new current edition, the old one among the earlier ones.
    let (after, config) = site_toml(&site);
    assert_eq!(
        current_edition(&config),
        triple("2015", "January 2015 edition", "2015-01-05")
    );
    let earlier: BTreeSet<_> = earlier_editions(&config).into_iter().collect();
    let expected: BTreeSet<_> = [
        triple("2014", "March 2014 edition", "2014-03-01"),
        triple("2013", "November 2013 edition", "2013-11-01"),
        triple("2012", "June 2012 edition", "2012-06-01"),
    ]
    .into_iter()
    .collect();
    assert_eq!(earlier, expected, "{after}");
    // Comments and untouched settings are kept as written.
    for line in before
        .lines()
        .filter(|l| l.starts_with('#') || l.starts_with("title") || l.starts_with("theme"))
    {
        assert!(after.contains(line), "`{line}` kept in:\n{after}");
    }
}

#[test]
fn after_a_cut_the_site_builds_with_the_old_edition_at_its_id() {
    let site = editions();
    let out = cut(
        &site,
        &[
            "2015",
            "--label",
            "January 2015 edition",
            "--published",
            "2015-01-05",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let built = site.build().expect("the site builds after a cut");
    assert!(
        built
            .part("2014/hr/policy/", "edition")
            .starts_with("id=2014;current=false;"),
        "2014 is now a full, earlier edition"
    );
    assert!(
        built
            .part("2014/hr/policy/", "content")
            .contains("every two years.")
    );
    assert!(
        built
            .part("hr/policy/", "edition")
            .starts_with("id=2015;current=true;")
    );
    assert_eq!(
        redirect_of(&built, "2015/hr/policy/").as_deref(),
        Some("/hr/policy/")
    );
    assert_eq!(
        switcher(&built, "hr/policy/"),
        [
            "2015=/hr/policy/:same*!",
            "2014=/2014/hr/policy/:same",
            "2013=/2013/hr/policy/:same",
            "2012=/2012/hr/social-media-policy/:moved"
        ],
        "newest first, wherever the cut put 2014 in site.toml"
    );
    assert_eq!(
        built.part("2014/hr/policy/", "canonical"),
        "https://example.org/hr/policy/"
    );
    assert_eq!(
        built.part("2014/hr/policy/", "banner"),
        "/hr/policy/|same|2015"
    );
    // Nothing changed since the cut; 2014's own comparison moved with it.
    assert!(
        built
            .part("what-changed/", "overview")
            .starts_with("edition=2015/January 2015 edition;since=2014/March 2014 edition;")
    );
    for list in ["added", "removed", "changed"] {
        assert!(items(&built, "what-changed/", list).is_empty(), "{list}");
    }
    assert_eq!(
        items(&built, "2014/what-changed/", "changed"),
        ["/2014/hr/policy/=Social media policy;old=/2013/hr/policy/;+2;-1"]
    );
    // The 2013 link to `/2014/hr/_index.md` still resolves, now to a full page.
    assert_eq!(
        hrefs(&built.part("2013/hr/recruitment/", "content")),
        ["/2014/hr/", "/2014/hr/policy/"]
    );
}

#[test]
fn cut_on_a_site_with_one_edition_and_no_data() {
    let site = TestSite::empty();
    support::copy_dir(
        &fixtures().join("_themes/plain"),
        &site.root().join("themes/plain"),
    );
    site.write(
        "site.toml",
        "title = \"One edition\"\ntheme = \"plain\"\n\n[edition]\nid = \"v1\"\nlabel = \"First edition\"\npublished = 2020-02-02\n",
    )
    .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
    .write("content/about.md", "+++\ntitle = \"About\"\n+++\nAbout us.\n");
    let out = cut(
        &site,
        &[
            "v2",
            "--label",
            "Second edition",
            "--published",
            "2021-03-03",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(site.root().join("editions/v1/content/about.md").exists());
    assert!(
        !site.root().join("editions/v1/data").exists(),
        "no data/ to copy"
    );
    let (_, config) = site_toml(&site);
    assert_eq!(
        current_edition(&config),
        triple("v2", "Second edition", "2021-03-03")
    );
    assert_eq!(
        earlier_editions(&config),
        [triple("v1", "First edition", "2020-02-02")]
    );
    let built = site.build().expect("builds after the first cut");
    assert!(
        built
            .part("v1/about/", "edition")
            .starts_with("id=v1;current=false;")
    );
    assert_eq!(built.part("v1/about/", "banner"), "/about/|same|v2");
    assert_eq!(redirect_of(&built, "v2/about/").as_deref(), Some("/about/"));
}

#[test]
fn cut_publishes_today_unless_told_otherwise() {
    let site = editions();
    let out = cut(&site, &["2015", "--label", "January 2015 edition"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (after, config) = site_toml(&site);
    let (_, _, published) = current_edition(&config);
    assert!(
        around_today().contains(&published),
        "published {published}, today is {:?}:\n{after}",
        around_today()
    );
}

#[test]
fn cut_refuses_when_the_current_edition_is_already_frozen() {
    let site = editions();
    site.write("editions/2014/notes.txt", "someone started by hand\n");
    let out = assert_cut_refused(
        &site,
        &["2015", "--label", "January 2015 edition"],
        "editions/2014",
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn cut_refuses_an_id_already_used() {
    let site = editions();
    for id in ["2014", "2013", "2012"] {
        let out = assert_cut_refused(&site, &[id, "--label", "Again"], id);
        assert_eq!(out.status.code(), Some(1), "{id}");
    }
}

#[test]
fn cut_refuses_a_site_without_an_edition() {
    let site = TestSite::new("output");
    let out = assert_cut_refused(&site, &["2015", "--label", "January 2015"], "[edition]");
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.root().join("editions").exists());
}

#[test]
fn cut_refuses_an_id_that_is_not_safe_in_an_address() {
    let site = editions();
    for id in [
        "2015 edition",
        "Spring-2015",
        "2015/16",
        "../2015",
        "2015?",
        "",
        ".",
        "..",
    ] {
        let out = assert_cut_refused(&site, &[id, "--label", "Bad"], "");
        let code = out.status.code();
        assert!(code == Some(1) || code == Some(2), "`{id}`: exit {code:?}");
        if !id.is_empty() {
            assert!(stderr(&out).contains(id), "`{id}` named: {}", stderr(&out));
        }
    }
    // A date that is not a date is refused the same way.
    assert_cut_refused(
        &site,
        &["2015", "--label", "Bad", "--published", "2015-13-45"],
        "2015-13-45",
    );
}

#[test]
fn cut_accepts_ids_with_dots_and_underscores() {
    let site = editions();
    let out = cut(&site, &["v2.1_b-x", "--label", "Interim edition"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let built = site.build().expect("builds");
    assert!(
        built
            .part("hr/policy/", "edition")
            .starts_with("id=v2.1_b-x;current=true;")
    );
    assert_eq!(
        redirect_of(&built, "v2.1_b-x/hr/policy/").as_deref(),
        Some("/hr/policy/")
    );
}

#[test]
fn cut_usage_errors_exit_2() {
    let site = editions();
    let files = snapshot(site.root());
    assert_eq!(cut(&site, &[]).status.code(), Some(2), "no id");
    assert_eq!(cut(&site, &["2015"]).status.code(), Some(2), "no label");
    assert!(snapshot(site.root()) == files);
}

#[test]
fn the_same_markdown_is_rendered_again_where_its_links_mean_something_else() {
    // `a.md` has the same text in both editions, but `b.md` has a slug only
    // in the current one: the 2013 page must not borrow the current HTML.
    let site = TestSite::empty();
    site.write(
        "site.toml",
        "title = \"T\"\n[edition]\nid = \"2014\"\nlabel = \"2014 edition\"\npublished = 2014-03-01\n\
         [[edition.earlier]]\nid = \"2013\"\nlabel = \"2013 edition\"\npublished = 2013-11-01\n",
    )
    .write("content/_index.md", "# Home\n")
    .write("content/a.md", "# A\n\nSee [b](b.md) and [the top](/).\n")
    .write("content/b.md", "+++\ntitle = \"B\"\nslug = \"bee\"\n+++\nB.\n")
    .write("editions/2013/content/_index.md", "# Home\n")
    .write("editions/2013/content/a.md", "# A\n\nSee [b](b.md) and [the top](/).\n")
    .write("editions/2013/content/b.md", "+++\ntitle = \"B\"\n+++\nB.\n");
    let built = site.build().expect("builds");
    let paragraph = |url: &str| {
        let html = built.page(url);
        let start = html.find("<p>See").expect("the paragraph");
        let end = start + html[start..].find("</p>").expect("its end");
        hrefs(&html[start..end])
    };
    let current = paragraph("a/");
    let earlier = paragraph("2013/a/");
    assert!(current.contains(&"/bee/".to_string()), "{current:?}");
    assert!(earlier.contains(&"/2013/b/".to_string()), "{earlier:?}");
    assert!(!earlier.iter().any(|h| h.contains("bee")), "{earlier:?}");
    // Where the links mean the same, the shared rendering carries each
    // edition's own addresses.
    assert!(earlier.contains(&"/2013/".to_string()), "{earlier:?}");
}

// ----------------------------------------------------------------------------
// Unversioned pages: about the site, not its guidance

/// The text between `start` and the next `end` in `html`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn unversioned_pages_are_in_no_comparison_of_editions() {
    // A web team's pages are about the site, not the guidance: a "what
    // changed" page that listed them as added in the 2014 edition was false.
    let built = TestSite::new("unversioned").build().expect("builds");
    let what_changed = built.main("what-changed/");
    assert!(
        what_changed.contains("1 page added, 0 removed, 1 changed and 1 unchanged"),
        "{what_changed}"
    );
    assert!(what_changed.contains("href=\"/added/\""), "{what_changed}");
    assert!(what_changed.contains("href=\"/guide/\""), "{what_changed}");
    assert!(!what_changed.contains("for-web-teams"), "{what_changed}");
    assert!(!built.main("for-web-teams/setup/").contains("page-changes"));
    assert!(!built.main("for-web-teams/").contains("page-changes"));
    assert!(built.main("guide/").contains("page-changes"));
}

#[test]
fn unversioned_sections_are_linked_from_the_footer_not_the_header_or_home_page() {
    let built = TestSite::new("unversioned").build().expect("builds");
    for url in ["", "guide/", "for-web-teams/setup/"] {
        let page = built.page(url);
        let footer = between(&page, "<footer", "</footer>");
        assert!(
            footer.contains(
                r#"<a class="site-footer__link" href="/for-web-teams/">For web teams</a>"#
            ),
            "{url}: {footer}"
        );
        let header = between(&page, "<header", "</header>");
        assert!(header.contains("href=\"/guide/\""), "{url}: {header}");
        assert!(!header.contains("for-web-teams"), "{url}: {header}");
    }
    assert!(!built.main("").contains("for-web-teams"));
    let own = built.page("for-web-teams/");
    assert!(
        between(&own, "<footer", "</footer>")
            .contains(r#"href="/for-web-teams/" aria-current="page">For web teams</a>"#)
    );
}

#[test]
fn an_unversioned_address_is_a_folder_address_of_the_current_edition() {
    let site = TestSite::new("unversioned");
    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write(
        "site.toml",
        &config.replace("[\"for-web-teams/\"]", "[\"/for-web-teams\"]"),
    );
    let error = site.build_err();
    assert!(
        error.contains(
            "the unversioned address `/for-web-teams` is not the address of a page or folder"
        ),
        "{error}"
    );
    site.write(
        "site.toml",
        &format!("{config}unversioned = [\"for-web-teams/\"]\n"),
    );
    let error = site.build_err();
    assert!(
        error.contains("the earlier edition `2013` has `unversioned` addresses"),
        "{error}"
    );
}
