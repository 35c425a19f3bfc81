//! `canteen check`: exit codes (0 clean, 1 an error or with `--strict` a
//! warning, 2 a usage error), output formats, and a clean site printing
//! nothing but its summary.

mod support;

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
        "links: no problems\nexternal: no problems (0 addresses, 0 fetched)\n"
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
