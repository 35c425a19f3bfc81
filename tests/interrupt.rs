//! A build never leaves a staging folder behind: not when it is
//! interrupted (Ctrl-C, SIGTERM), and a folder left by a canteen process
//! that died is removed by the next build. The previous output stays
//! intact.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{TestSite, snapshot};

/// Folders beside the output whose names canteen gives staging and old output.
fn canteen_folders(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(root)
        .expect("read root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // Staging and old folders; not the cache of drawn social cards.
        .filter(|n| n.contains(".canteen-") && n != ".canteen-cache")
        .collect();
    found.sort();
    found
}

/// A site whose pages each take a while to render (a full `range` budget
/// each), built once quickly so there is a previous output.
fn slow_site() -> TestSite {
    let site =
        support::site_on_empty_theme(&[("index.html", "home"), ("page.html", "{{ page.title }}")]);
    for i in 0..200 {
        site.write(
            &format!("content/p{i}.md"),
            &format!("+++\ntitle = \"P{i}\"\n+++\n"),
        );
    }
    site.build().expect("first build");
    site.write(
        "templates/page.html",
        "{% for i in range(end=100000) %}{% for j in range(end=9) %}{% endfor %}{% endfor %}{{ page.title }}",
    );
    site
}

#[cfg(unix)]
fn interrupted_build_leaves_nothing(signal: &str, code: i32) {
    let site = slow_site();
    let before = snapshot(&site.root().join("public"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args(["build", "--root", &site.root().display().to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start canteen");
    let staging = format!(".public.canteen-tmp-{}", child.id());
    let deadline = Instant::now() + Duration::from_secs(60);
    while !site.root().join(&staging).exists() {
        assert!(Instant::now() < deadline, "the build never started writing");
        assert!(
            child.try_wait().ok().flatten().is_none(),
            "the build ended before it could be interrupted"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let status = child.wait().expect("wait for canteen");
    assert_eq!(status.code(), Some(code), "{status:?}");
    assert_eq!(canteen_folders(site.root()), Vec::<String>::new());
    assert_eq!(snapshot(&site.root().join("public")), before);
}

#[cfg(unix)]
#[test]
fn ctrl_c_removes_the_staging_folder_and_keeps_the_previous_output() {
    interrupted_build_leaves_nothing("INT", 130);
}

#[cfg(unix)]
#[test]
fn sigterm_removes_the_staging_folder_and_keeps_the_previous_output() {
    interrupted_build_leaves_nothing("TERM", 143);
}

#[cfg(unix)]
#[test]
fn a_build_removes_folders_left_by_a_canteen_process_that_died() {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    // Process ids that surely belong to no running process: ones that ended.
    let ended = || {
        let mut gone = Command::new(env!("CARGO_BIN_EXE_canteen"))
            .arg("--version")
            .stdout(Stdio::null())
            .spawn()
            .expect("start canteen");
        gone.wait().expect("wait");
        gone.id()
    };
    let (dead, also_dead) = (ended(), ended());
    let mut running = Command::new("sleep")
        .arg("60")
        .spawn()
        .expect("start sleep");
    let alive = running.id();
    let marked = |folder: &str| {
        site.write(&format!("{folder}/.canteen-output"), "")
            .write(&format!("{folder}/index.html"), "stale");
    };
    marked(&format!(".public.canteen-tmp-{dead}"));
    marked(&format!(".public.canteen-old-{dead}"));
    // Kept: a live process's folder, one without the marker, another output's.
    marked(&format!(".public.canteen-tmp-{alive}"));
    site.write(
        &format!(".public.canteen-tmp-{also_dead}/mine.txt"),
        "not canteen's",
    );
    marked(&format!(".site.canteen-tmp-{dead}"));
    site.build().expect("builds");
    let _ = running.kill();
    let _ = running.wait();
    let mut kept = vec![
        format!(".public.canteen-tmp-{alive}"),
        format!(".public.canteen-tmp-{also_dead}"),
        format!(".site.canteen-tmp-{dead}"),
    ];
    kept.sort();
    assert_eq!(canteen_folders(site.root()), kept);
}
