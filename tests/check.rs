//! `canteen check`: exit codes (0 clean, 1 an error or with `--strict` a
//! warning, 2 a usage error), output formats, and a clean site printing
//! nothing but its summary; the `reviews` check (fixture `reviews/`) and
//! the review dates `build` refuses; the content lint (`a11y`, `style`): every
//! finding kind with its exact message and place, and how findings are
//! allowed or switched off.

mod support;

use canteen::content::date::Date;
use support::{TestSite, canteen, site_with};

fn check(site: &TestSite, args: &[&str]) -> (i32, String, String) {
    let root = site.root().to_string_lossy().into_owned();
    let mut all = vec!["check", "--root", root.as_str()];
    all.extend_from_slice(args);
    let out = canteen(&all);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn clean() -> TestSite {
    let site = TestSite::new("hidden-footer-page");
    site.write("local/hide.toml", "pages = []\n");
    site
}

#[test]
fn a_clean_site_prints_only_the_summary_and_exits_0() {
    let (code, out, err) = check(&clean(), &["--offline", "--strict"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "links: no problems\nexternal: no problems (0 addresses, 0 fetched)\nreviews: no problems\na11y: no problems\nstyle: no problems\n"
    );
}

#[test]
fn a_broken_template_link_exits_1_and_names_the_template() {
    let site = TestSite::new("hidden-footer-page");
    let (code, out, _) = check(&site, &["--offline", "--only", "links"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("error: the link `/accessibility/` in the template `footer.html` leads to no page or file of the site\n --> templates/footer.html:3:25\n"),
        "{out}"
    );
    assert!(out.ends_with("\nlinks: 1 error\n"), "{out}");
}

#[test]
fn json_gives_one_object_per_finding() {
    let site = TestSite::new("hidden-footer-page");
    let (code, out, err) = check(&site, &["--offline", "--format", "json"]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert_eq!(lines[0]["check"], "links");
    assert_eq!(lines[0]["severity"], "error");
    assert_eq!(lines[0]["file"], "templates/footer.html");
    assert_eq!(
        (lines[0]["line"].as_u64(), lines[0]["column"].as_u64()),
        (Some(3), Some(25))
    );
    assert!(
        err.contains("links: 1 error"),
        "the summary goes to stderr: {err}"
    );
}

#[test]
fn a_warning_fails_only_with_strict() {
    let site = clean();
    site.write(
        "site.toml",
        "title = \"Footer\"\ntheme = \"plain\"\n[links]\nbroken = \"warn\"\n",
    )
    .write(
        "content/contact.md",
        "+++\ntitle = \"Contact us\"\n+++\nSee [the form](/nowhere/).\n",
    );
    let (code, out, _) = check(&site, &["--offline", "--format", "github"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("::warning file=content/contact.md,line=4,col=16,"),
        "{out}"
    );
    let (code, _, _) = check(&site, &["--offline", "--strict"]);
    assert_eq!(code, 1);
}

/// `check` renders the site but keeps nothing: the social cards are
/// named, never drawn (a checkout with none kept would draw them all,
/// about 40 s at 10,000 pages), so a link to a page's card is good and
/// a link to a card no page has is broken; `build` draws them.
#[test]
fn check_draws_no_social_cards_but_knows_where_they_are() {
    let page = |card: &str| {
        format!(
            "+++\ntitle = \"Page\"\n+++\n<p><a href=\"/social-cards/{card}.png\">Its card</a></p>\n"
        )
    };
    let site = site_with("content/page.md", &page("page"));
    let (code, out, err) = check(&site, &["--offline", "--only", "links"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !site.root().join(".canteen-cache/cards").exists(),
        "a card was drawn"
    );
    site.write("content/page.md", &page("no-such-page"));
    let (code, out, _) = check(&site, &["--offline", "--only", "links"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("/social-cards/no-such-page.png"), "{out}");
    site.write("content/page.md", &page("page"));
    let built = site.build().expect("builds");
    assert!(built.has("social-cards/page.png"));
    assert!(site.root().join(".canteen-cache/cards").is_dir());
}

#[test]
fn an_unknown_check_is_a_usage_error() {
    let (code, _, err) = check(&clean(), &["--only", "spelling"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "there is no check `spelling`; the checks are links, external, reviews, a11y, style"
        ),
        "{err}"
    );
}

/// Every finding of a `--format json` run as `rule file:line:column
/// message`, allowed ones marked, in the order printed.
fn findings(site: &TestSite, only: &str) -> (i32, Vec<String>) {
    let (code, out, err) = check(site, &["--offline", "--only", only, "--format", "json"]);
    let lines = out
        .lines()
        .map(|l| {
            let f: serde_json::Value = serde_json::from_str(l).expect("a JSON object per line");
            format!(
                "{}{} {}:{}:{} {}",
                if f["allowed"] == true { "allowed " } else { "" },
                f["rule"].as_str().unwrap_or("-"),
                f["file"].as_str().unwrap_or(""),
                f["line"],
                f["column"],
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(!err.contains("panicked"), "{err}");
    (code, lines)
}

#[test]
fn the_accessibility_lint_finds_every_kind_at_its_place() {
    let (code, found) = findings(&TestSite::new("check-a11y"), "a11y");
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            "a11y.heading-skip content/headings.md:7:1 this level 4 heading follows a level 2 heading, skipping a level (a11y.heading-skip)",
            "a11y.second-h1 content/headings.md:9:1 a second level 1 heading: the page title is already the page's level 1 heading (a11y.second-h1)",
            "a11y.alt-text content/images.md:5:1 the image `nurse.png` has no alt text (a11y.alt-text)",
            "a11y.alt-text content/images.md:7:1 the alt text of the image `IMG_2041.jpg` is its file name (a11y.alt-text)",
            "a11y.alt-text content/images.md:11:1 the image `chart.png` has no `alt` attribute (a11y.alt-text)",
            "a11y.link-text content/links.md:5:19 the link text `click here` does not say where the link goes (a11y.link-text)",
            "a11y.link-text content/links.md:5:59 the link text `read more` does not say where the link goes (a11y.link-text)",
            "a11y.link-text content/links.md:7:5 the link text is a web address, which a screen reader reads out letter by letter (a11y.link-text)",
            "a11y.empty-link content/links.md:7:30 the link to `tables.md` has no text (a11y.empty-link)",
            "a11y.link-text content/links.md:7:48 the link text is a web address, which a screen reader reads out letter by letter (a11y.link-text)",
            "a11y.same-link-text content/links.md:9:44 the link text `the guidance` is also used on line 9 for a link to another place (a11y.same-link-text)",
            "a11y.table-header content/tables.md:5:1 this table's header row is empty (a11y.table-header)",
            "a11y.table-header content/tables.md:9:1 this table has no header cells (a11y.table-header)",
            "a11y.sensory content/tables.md:18:11 `red button` tells the reader what something looks like, not what it is (a11y.sensory)",
            "a11y.sensory content/tables.md:18:28 `see below` tells the reader where something is on the screen (a11y.sensory)",
            "a11y.sensory content/tables.md:18:55 `on the right` tells the reader where something is on the screen (a11y.sensory)",
        ]
    );
}

/// Adds an empty page at `content/<page>.md` for each of `pages`, for
/// links to lead to.
fn with_pages(site: &TestSite, pages: &[&str]) {
    for page in pages {
        site.write(
            &format!("content/{page}.md"),
            &format!("+++\ntitle = \"Page {page}\"\n+++\n"),
        );
    }
}

/// Headings and links written in raw HTML are checked as Markdown's are,
/// in page order with them: a raw `<h1>` is a second level 1 heading, a
/// raw `<h4>` after `##` skips a level, and a raw link's text (an image's
/// alt text in it counts) is vague, empty, a web address or shared with a
/// Markdown link to another place; an email link is left alone. Inline
/// HTML inside a paragraph too: its links (to `</a>`, or the paragraph's
/// end) and its images.
#[test]
fn raw_html_headings_and_links_are_checked_in_page_order_with_the_markdowns() {
    let site = site_with(
        "content/raw.md",
        "+++\ntitle = \"Raw HTML\"\n+++\nSome text.\n\n<h1 align=\"center\">Banner</h1>\n\n## In Markdown\n\n<h4>Skips a level</h4>\n\n<p>Read <a href=\"/guide/\">click here</a>, <a href=\"/a/\"></a>,\n<a href=\"https://www.nhs.uk\">https://www.nhs.uk</a>, <a href=\"mailto:x@example.org\">x@example.org</a>\nand <a href=\"/b/\"><img src=\"logo.png\" alt=\"NHS Employers\"></a>.</p>\n\n[NHS Employers](/c/)\n\n<h3>Back one level</h3>\n\nInline, <a href=\"/a/\">more</a>, <img src=\"pic.png\">, <a href=\"/c/\"><img src=\"x.png\" alt=\"A guide\"></a> and <a href=\"/b/\">never closed\n",
    );
    with_pages(&site, &["a", "b", "c", "guide"]);
    let (_, found) = findings(&site, "a11y");
    assert_eq!(
        found,
        [
            "a11y.second-h1 content/raw.md:6:1 a second level 1 heading: the page title is already the page's level 1 heading (a11y.second-h1)",
            "a11y.heading-skip content/raw.md:10:1 this level 4 heading follows a level 2 heading, skipping a level (a11y.heading-skip)",
            "a11y.link-text content/raw.md:12:9 the link text `click here` does not say where the link goes (a11y.link-text)",
            "a11y.empty-link content/raw.md:12:43 the link to `/a/` has no text (a11y.empty-link)",
            "a11y.link-text content/raw.md:13:1 the link text is a web address, which a screen reader reads out letter by letter (a11y.link-text)",
            "a11y.same-link-text content/raw.md:16:1 the link text `NHS Employers` is also used on line 14 for a link to another place (a11y.same-link-text)",
            "a11y.link-text content/raw.md:20:9 the link text `more` does not say where the link goes (a11y.link-text)",
            "a11y.alt-text content/raw.md:20:33 the image `pic.png` has no `alt` attribute (a11y.alt-text)",
        ]
    );
    let (_, out, _) = check(&site, &["--offline", "--only", "a11y"]);
    assert!(
        out.contains("help: make it a level 3 heading (`<h3>`)"),
        "{out}"
    );
    assert!(
        out.contains("help: make this a level 2 heading (`<h2>`)"),
        "{out}"
    );
}

/// Raw HTML's character references are read decoded, as a screen reader
/// hears them: `Read&nbsp;more` says nothing, `Tom &amp; Jerry` is the
/// text `[Tom & Jerry]` has, and `&amp;` in an address is `&`.
#[test]
fn raw_html_is_read_with_its_character_references_decoded() {
    let site = site_with(
        "content/refs.md",
        "+++\ntitle = \"References\"\n+++\n<p><a href=\"/a/\">Read&nbsp;more</a> or <a href=\"/a/?x=1&amp;y=2\">Terms &amp; conditions</a>.</p>\n\n[Terms & conditions](/a/?x=1&y=2) and [Tom & Jerry](/b/).\n\n<p><a href=\"/c/\">Tom &amp; Jerry</a> and <img src=\"cat.png\" alt=\"cat&#46;png\"></p>\n\nInline, <a href=\"/c/\">Tom &amp; Jerry</a>.\n",
    );
    with_pages(&site, &["a", "b", "c"]);
    let (_, found) = findings(&site, "a11y");
    assert_eq!(
        found,
        [
            "a11y.link-text content/refs.md:4:4 the link text `Read more` does not say where the link goes (a11y.link-text)",
            "a11y.same-link-text content/refs.md:8:4 the link text `Tom & Jerry` is also used on line 6 for a link to another place (a11y.same-link-text)",
            "a11y.alt-text content/refs.md:8:42 the alt text of the image `cat.png` is its file name (a11y.alt-text)",
        ]
    );
}

#[test]
fn an_accessibility_finding_prints_rustc_style_with_what_to_do() {
    let (_, out, _) = check(
        &TestSite::new("check-a11y"),
        &["--offline", "--only", "a11y"],
    );
    assert!(
        out.contains("error: the image `nurse.png` has no alt text (a11y.alt-text)\n --> content/images.md:5:1\n"),
        "{out}"
    );
    assert!(
        out.contains("help: describe what the image shows between the brackets"),
        "{out}"
    );
    assert!(out.ends_with("a11y: 8 errors, 8 warnings\n"), "{out}");
}

#[test]
fn the_style_lint_finds_every_kind_at_its_place() {
    let (code, found) = findings(&TestSite::new("check-style"), "style");
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            "style.reading-grade content/hard.md:5:1 the page reads at grade 41.2 (Flesch-Kincaid: 75 words, 2 sentences), above the site's limit of 8 (style.reading-grade)",
            "style.dates content/numbers.md:5:28 `01/03/2024` is a date in numbers (style.dates)",
            "style.dates content/numbers.md:5:47 `1st` has an ordinal ending (style.dates)",
            "style.dates content/numbers.md:5:66 `Jan` is a shortened month (style.dates)",
            "style.times content/numbers.md:7:22 `09:00` is not how the NHS writes times (style.times)",
            "style.times content/numbers.md:7:31 `17:30` is not how the NHS writes times (style.times)",
            "style.times content/numbers.md:7:43 `9.00am` is not how the NHS writes times (style.times)",
            "style.times content/numbers.md:7:59 `9 AM` is not how the NHS writes times (style.times)",
            "style.ranges content/numbers.md:9:12 `1-5` is a range written with a dash (style.ranges)",
            "style.ranges content/numbers.md:9:22 `Monday–Friday` is a range written with a dash (style.ranges)",
            "style.placeholder content/words.md:3:15 the description is still the one `canteen new` wrote (style.placeholder)",
            "style.placeholder content/words.md:6:1 this is the text `canteen new` wrote for you to replace (style.placeholder)",
            "style.click-here content/words.md:6:57 `click here` assumes the reader uses a mouse (style.click-here)",
            "style.click-here content/words.md:6:77 `click on` assumes the reader uses a mouse (style.click-here)",
            "style.abbreviations content/words.md:8:6 `ICB` is not spelt out where the page first uses it (style.abbreviations)",
            "style.abbreviations content/words.md:8:59 `ESR` is not spelt out where the page first uses it (style.abbreviations)",
        ]
    );
}

#[test]
fn a_page_that_follows_every_rule_prints_only_the_summary() {
    let (code, out, err) = check(
        &TestSite::new("check-clean"),
        &["--offline", "--strict", "--only", "a11y,style"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "a11y: no problems\nstyle: no problems (reading grade 2.3 on average over 1 page, hardest content/_index.md at 2.3)\n"
    );
}

#[test]
fn allows_in_front_matter_comments_and_site_toml_and_unknown_ids_are_errors() {
    let site = TestSite::new("check-allow");
    let (code, found) = findings(&site, "a11y,style");
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            "- site.toml:8:28 `style.colour` is not a rule of `canteen check`",
            "- content/_index.md:3:25 `a11y.alt` is not a rule of `canteen check`",
            "- content/_index.md:15:20 `style.date` is not a rule of `canteen check`",
            "style.dates content/_index.md:13:9 `03/03/2024` is a date in numbers (style.dates)",
            "a11y.link-text content/_index.md:13:25 the link text `here` does not say where the link goes (a11y.link-text)",
            "allowed style.times content/_index.md:6:6 `09:00` is not how the NHS writes times (style.times)",
            "allowed style.times content/_index.md:6:15 `17:30` is not how the NHS writes times (style.times)",
            "allowed style.dates content/_index.md:9:9 `01/03/2024` is a date in numbers (style.dates)",
            "allowed style.dates content/_index.md:11:9 `02/03/2024` is a date in numbers (style.dates)",
        ]
    );
    // Allowed findings are only counted in the human report.
    let (_, out, _) = check(&site, &["--offline", "--only", "a11y,style"]);
    assert!(!out.contains("09:00"), "{out}");
    assert!(out.contains("did you mean `style.dates`?"), "{out}");
    assert!(
        out.ends_with("a11y: 1 error, 1 warning\nstyle: 2 errors, 1 warning, 4 allowed\n"),
        "{out}"
    );
}

#[test]
fn a_whole_check_can_be_switched_off_for_the_site() {
    let site = TestSite::new("check-style");
    site.write(
        "site.toml",
        "title = \"Style\"\ntheme = \"plain\"\n[check]\ndisable = [\"style\"]\n",
    );
    let (code, found) = findings(&site, "style");
    assert_eq!((code, found.len()), (0, 0), "{found:?}");
}

#[test]
fn an_earlier_edition_is_linted_for_accessibility_but_not_style() {
    let site = TestSite::new("check-clean");
    site.write(
        "site.toml",
        "title = \"Editions\"\ntheme = \"plain\"\n[edition]\nid = \"2014\"\nlabel = \"2014\"\npublished = 2014-11-01\n[[edition.earlier]]\nid = \"2013\"\nlabel = \"2013\"\npublished = 2013-11-01\n",
    )
    .write(
        "editions/2013/content/_index.md",
        "+++\ntitle = \"Old\"\n+++\nOpen 09:00 daily, see [here](https://example.org/).\n",
    );
    let (_, found) = findings(&site, "a11y,style");
    assert_eq!(
        found,
        [
            "a11y.link-text editions/2013/content/_index.md:4:23 the link text `here` does not say where the link goes (a11y.link-text)"
        ]
    );
}

/// Pieces of Markdown that the lint rules read, to mix with anything.
const PIECES: &[&str] = &[
    "# Title\n",
    "## Two\n",
    "#### Four\n",
    "###### Six {#id}\n",
    "![](a.png)",
    "![a.png](a.png)",
    "[here](a.md)",
    "[](b.md)",
    "<https://x.example>",
    "[same](a.md) [same](b.md)",
    "| | |\n|-|-|\n| a | b |\n",
    "<table><tr><td>x</td></tr>",
    "</table>\n",
    "<img src=x>",
    "on 01/02/2024 at 09:00",
    "1st Jan",
    "9 AM",
    "1-5",
    "Monday–Friday",
    "click here",
    "the red button",
    "see below",
    "ICB",
    "\u{FFFC}",
    "`code 1-5`",
    "```\n09:00\n```\n",
    "<!-- canteen-allow style.dates -->",
    "<!-- canteen-allow nothing",
    "é́",
    "🙂",
    "\r\n",
    "\n\n",
    "> [!NOTE]\n> 9.00am\n",
    "- item 1-5\n",
    "[^1]\n\n[^1]: 12pm\n",
    "\\*",
    "&amp;",
    "Write the page here, in plain English.",
    "+++",
    "---",
    " ",
    "\t",
    "<",
    "]",
    "(",
];

use proptest::prelude::Strategy as _;

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// The lint never panics, and every finding points inside the file.
    #[test]
    fn the_lint_never_panics_and_points_inside_the_file(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(PIECES).prop_map(str::to_string),
                ".{0,12}",
            ],
            0..40,
        ),
        front in proptest::bool::ANY,
    ) {
        let body = parts.concat();
        let text = if front { format!("+++\ntitle = \"T\"\nallow = [\"a11y.sensory\"]\n+++\n{body}") } else { body };
        let config = canteen::config::Config::from_str("title = \"T\"\n", std::path::Path::new("site.toml"))
            .expect("a site.toml");
        let lines: Vec<&str> = text.split('\n').collect();
        for d in canteen::check::lint::lint_markdown(std::path::Path::new("a.md"), &text, &config) {
            proptest::prop_assert!(d.line >= 1 && d.line <= lines.len(), "{d:?} in {text:?}");
            let line = lines[d.line - 1].trim_end_matches('\r');
            proptest::prop_assert!(d.column >= 1 && d.column <= line.chars().count() + 1, "{d:?} in {text:?}");
        }
    }
}

/// `(severity, file:line:col, message)` of each JSON finding of `out`.
fn json_findings(out: &str) -> Vec<(String, String, String)> {
    out.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON object per line"))
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (
                text("severity"),
                format!("{}:{}:{}", text("file"), f["line"], f["column"]),
                text("message"),
            )
        })
        .collect()
}

fn days_from_today(days: i64) -> Date {
    Date::from_days_since_epoch(Date::today().days_since_epoch() + days)
}

#[test]
fn overdue_pages_and_records_are_warnings_grouped_by_owner_oldest_first() {
    let site = TestSite::new("reviews");
    let (code, out, err) = check(&site, &["--only", "reviews", "--format", "json"]);
    assert_eq!(code, 0, "warnings fail only with --strict: {err}");
    let w = |at: &str, message: &str| ("warning".to_string(), at.to_string(), message.to_string());
    assert_eq!(
        json_findings(&out),
        [
            w(
                "data/leaders.toml:11:1",
                "record `jo-bloggs` (`[[leader]]`): review overdue since 1 January 2020 (owner: Comms team)"
            ),
            w(
                "content/comms.md:5:1",
                "review overdue since 1 February 2020 (owner: Comms team)"
            ),
            w(
                "content/web-older.md:5:1",
                "review overdue since 1 May 2019 (owner: Web team)"
            ),
            w(
                "content/web-derived.md:4:1",
                "review overdue since 15 January 2020, 12 months after `last_reviewed` (owner: Web team)"
            ),
            w(
                "content/nobody.md:4:1",
                "review overdue since 1 January 2018 (no owner)"
            ),
        ],
        "the earlier edition's editions/2019/content/frozen.md is exempt"
    );
    assert!(err.contains("reviews: 5 warnings"), "{err}");
    let json: serde_json::Value =
        serde_json::from_str(out.lines().next().unwrap_or("")).expect("json");
    assert_eq!(json["check"], "reviews");
    assert_eq!(
        json["hint"],
        "the page `/leaders/jo-bloggs/`: review it, then set `last_reviewed` to the day you did and `next_review` to when it is next due; until then readers see a notice on it"
    );
    let (code, _, _) = check(&site, &["--only", "reviews", "--strict"]);
    assert_eq!(code, 1, "--strict fails on an overdue page");
}

#[test]
fn overdue_as_note_passes_strict_and_names_the_missing_owner() {
    let site = TestSite::new("reviews");
    site.append("site.toml", "overdue = \"note\"\n");
    let (code, out, _) = check(&site, &["--only", "reviews", "--strict"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("reviews: 5 notes\n"), "{out}");
    assert!(
        out.contains(
            "note: review overdue since 1 January 2018 (no owner)\n --> content/nobody.md:4:1\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("; say who reviews it with `owner` (or `[review] owner` in site.toml)"),
        "{out}"
    );
}

#[test]
fn a_review_due_within_the_window_is_a_note() {
    let site = TestSite::new("reviews");
    let due = days_from_today(10);
    site.write(
        "content/soon.md",
        &format!(
            "+++\ntitle = \"Soon\"\nowner = \"Web team\"\nlast_reviewed = {}\nnext_review = {}\n+++\nDue soon.\n",
            days_from_today(-300).iso(),
            due.iso()
        ),
    );
    let soon = (
        "note".to_string(),
        "content/soon.md:5:1".to_string(),
        format!("review due on {}, in 10 days (owner: Web team)", due.text()),
    );
    let (_, out, _) = check(&site, &["--only", "reviews", "--format", "json"]);
    let found = json_findings(&out);
    assert_eq!(found.len(), 6, "{out}");
    assert_eq!(found[4], soon, "the Web team's, after its overdue pages");
    let (_, out, _) = check(
        &site,
        &["--only", "reviews", "--format", "json", "--due-within", "9"],
    );
    assert!(!json_findings(&out).contains(&soon), "{out}");
    let (code, out, _) = check(
        &site,
        &[
            "--only",
            "reviews",
            "--due-within",
            "10",
            "--format",
            "github",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("::notice file=content/soon.md,line=5,col=1,title=canteen check%3A reviews::review due on"),
        "{out}"
    );
}

#[test]
fn next_review_not_after_last_reviewed_fails_the_build_at_the_key() {
    let site = TestSite::new("reviews");
    site.write(
        "content/comms.md",
        "+++\ntitle = \"Comms\"\nlast_reviewed = 2019-02-01\nnext_review = 2019-02-01\n+++\nBody.\n",
    );
    let (code, out, _) = check(&site, &["--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(
        json_findings(&out),
        [(
            "error".to_string(),
            "content/comms.md:4:1".to_string(),
            "`next_review` (2019-02-01) must be after `last_reviewed` (2019-02-01)".to_string()
        )]
    );
    assert!(site.build_err().contains("set `next_review` to when the page is next due (one review interval after `last_reviewed` is 2020-02-01)"));
}

#[test]
fn a_page_just_reviewed_cannot_be_due_already() {
    // Reviewed 30 days ago, due 10 days ago: an impossible pair for a
    // fresh review (dates copied from an old page), not a page gone stale.
    let site = TestSite::new("reviews");
    let (last, next) = (days_from_today(-30), days_from_today(-10));
    site.write(
        "content/new.md",
        &format!(
            "+++\ntitle = \"New\"\nlast_reviewed = {}\nnext_review = {}\n+++\nBody.\n",
            last.iso(),
            next.iso()
        ),
    );
    let (code, out, _) = check(&site, &["--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(
        json_findings(&out),
        [(
            "error".to_string(),
            "content/new.md:4:1".to_string(),
            format!(
                "`next_review` ({}) is already past, but the page was last reviewed on {}, less than the review interval (12 months) ago",
                next.iso(),
                last.iso()
            )
        )]
    );
    // Reviewed over an interval ago: overdue, not an error.
    site.write(
        "content/new.md",
        "+++\ntitle = \"New\"\nlast_reviewed = 2019-02-01\nnext_review = 2019-03-01\n+++\nBody.\n",
    );
    assert!(site.build().is_ok());
}

/// The overdue notice of a page of the NHS theme, inside its `<div>`.
fn notice_of(html: &str) -> Option<String> {
    let start = html.find("<div class=\"review-notice\">")? + "<div class=\"review-notice\">".len();
    let len = html[start..].find("</div>")?;
    Some(html[start..start + len].trim().to_string())
}

#[test]
fn readers_see_a_notice_on_an_overdue_page_of_the_current_edition_only() {
    let site = TestSite::new("reviews");
    let built = site.build().expect("builds");
    let notice = |url: &str| notice_of(&built.page(url));
    assert_eq!(
        notice("web-older/").as_deref(),
        Some(
            "<p class=\"review-notice__text\"><strong>This page may be out of date</strong><br>\n  This page was due for review on <time datetime=\"2019-05-01\">1 May 2019</time>. Some of what it says may have changed since then.</p>"
        )
    );
    assert!(
        notice("web-derived/")
            .is_some_and(|n| n.contains("<time datetime=\"2020-01-15\">15 January 2020</time>"))
    );
    assert!(notice("leaders/jo-bloggs/").is_some(), "a record's page");
    assert_eq!(notice("current/"), None);
    assert_eq!(notice("2019/frozen/"), None, "earlier editions are frozen");
    site.append("site.toml", "notice = false\n");
    let built = site.build().expect("builds");
    assert_eq!(notice_of(&built.page("web-older/")), None);
}

#[test]
fn the_notice_is_in_the_page_language() {
    let built = TestSite::new("bilingual").build().expect("builds");
    let notice = notice_of(&built.page("cy/about/")).unwrap_or_default();
    assert!(
        notice.contains("Roedd y dudalen hon i fod i gael ei hadolygu ar <time datetime=\"2025-03-15\">15 Mawrth 2025</time>."),
        "{notice}"
    );
}
