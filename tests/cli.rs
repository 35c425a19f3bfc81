//! The binary: exit codes, the summary line, help and version.

mod support;

use support::{TestSite, canteen};

#[test]
fn success_prints_one_summary_line_and_exits_0() {
    let site = TestSite::new("content-tree");
    let root = site.root().display().to_string();
    let out = canteen(&["build", "--root", &root]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("Built 6 pages, 3 sections and 1 static files into "),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with(" ms"), "{stdout}");
    let quiet = canteen(&["build", "--root", &root, "--quiet"]);
    assert!(quiet.stdout.is_empty());
}

#[test]
fn content_errors_exit_1_and_usage_errors_exit_2() {
    let site = TestSite::new("broken-links");
    let out = canteen(&["build", "--root", &site.root().display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/guide.md:4:16"));
    assert_eq!(canteen(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(canteen(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn help_version_and_completions() {
    let help = canteen(&["--help"]);
    assert!(help.status.success() && String::from_utf8_lossy(&help.stdout).contains("build"));
    let version = canteen(&["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("canteen {}", env!("CARGO_PKG_VERSION"))
    );
    let completions = canteen(&["completions", "bash"]);
    assert!(
        completions.status.success()
            && String::from_utf8_lossy(&completions.stdout).contains("canteen")
    );
}

#[test]
fn the_summary_says_whether_the_build_is_a_preview() {
    let site = TestSite::new("content-tree");
    let root = site.root().display().to_string();
    let production = canteen(&["build", "--root", &root]);
    let stdout = String::from_utf8_lossy(&production.stdout);
    assert!(
        stdout.contains("(for production: open to search engines)"),
        "{stdout}"
    );
    for flags in [
        &["--preview"][..],
        &["--base-url", "https://review.example.net/"],
    ] {
        let preview = canteen(&[&["build", "--root", &root][..], flags].concat());
        let stdout = String::from_utf8_lossy(&preview.stdout);
        assert!(
            stdout.contains(
                "(a preview: robots.txt and every page ask search engines not to index it)"
            ),
            "{flags:?}: {stdout}"
        );
    }
}
