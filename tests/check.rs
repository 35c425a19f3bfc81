//! `canteen check`: exit codes (0 clean, 1 an error or with `--strict` a
//! warning, 2 a usage error), output formats, and a clean site printing
//! nothing but its summary; the `reviews` check (fixture `reviews/`) and
//! the review dates `build` refuses.

mod support;

use canteen::content::date::Date;
use support::{TestSite, canteen};

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
        "links: no problems\nexternal: no problems (0 addresses, 0 fetched)\nreviews: no problems\n"
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

#[test]
fn an_unknown_check_is_a_usage_error() {
    let (code, _, err) = check(&clean(), &["--only", "spelling"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("there is no check `spelling`; the checks are links, external"),
        "{err}"
    );
}

/// `(severity, file:line:col, message)` of each JSON finding of `out`.
fn findings(out: &str) -> Vec<(String, String, String)> {
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
        findings(&out),
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
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write("site.toml", &format!("{toml}overdue = \"note\"\n"));
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
    let found = findings(&out);
    assert_eq!(found.len(), 6, "{out}");
    assert_eq!(found[4], soon, "the Web team's, after its overdue pages");
    let (_, out, _) = check(
        &site,
        &["--only", "reviews", "--format", "json", "--due-within", "9"],
    );
    assert!(!findings(&out).contains(&soon), "{out}");
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
        findings(&out),
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
        findings(&out),
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
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write("site.toml", &format!("{toml}notice = false\n"));
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
