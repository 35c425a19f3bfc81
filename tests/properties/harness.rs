//! Runs one generated site through the real `canteen build` and checks
//! what every build must do, whatever its input:
//!
//! - finish within a time limit (a hang is killed and reported),
//! - exit 0, or 1 with diagnostics — never a panic, a signal (a stack
//!   overflow aborts) or exit 101,
//! - name, in every diagnostic, a file that exists under the site root
//!   (or the output folder for output errors), never a staging folder,
//! - write nothing outside the output folder and leave no staging folder,
//!   and leave the previous output untouched when it fails,
//! - on success, the checks of `published.rs`.
//!
//! The binary runs as a subprocess, because an abort or a hang cannot be
//! caught inside the test process. Each case gets a fresh folder:
//! `<tmp>/up/…/up/case/{outside,site,out}`, where the `up` folders give
//! paths that climb out of the site (`../../x`) somewhere inside `<tmp>` to
//! land, and the whole of `<tmp>` is compared before and after.

#![allow(dead_code)] // shared by tests/properties.rs and tests/regressions.rs

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use super::published;
use super::spec::{OUTSIDE, Output, SiteSpec};

/// In `outside/` files, so a build that publishes them is caught.
pub const SECRET: &str = "OUTSIDE-SECRET-7f3a";

/// How deep the case folder sits below the snapshot root: more levels
/// than any generated path climbs, so no write escapes `<tmp>`.
const DEPTH: usize = 12;

/// The time one build may take (debug build, small site).
fn time_limit() -> Duration {
    let secs = std::env::var("CANTEEN_PROPERTY_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(secs)
}

/// How a build ended.
#[derive(Debug)]
pub enum Ended {
    /// It exited with this code.
    Exit(i32),
    /// A signal ended it (abort on stack overflow, …).
    Signal(i32),
    /// It was still running at the time limit and was killed.
    Hang,
}

/// One case: its folders and what the build did.
pub struct Case {
    _tmp: tempfile::TempDir,
    /// Root of the snapshot: everything below may only change in `out`.
    top: PathBuf,
    /// `<top>/up/…/case`.
    pub dir: PathBuf,
    /// `<case>/site`.
    pub site: PathBuf,
    /// The output folder the build writes.
    pub out: PathBuf,
    /// The `--output` argument as given (or the default's path).
    pub out_arg: String,
}

/// Builds the site `spec` describes and checks every property; `Err`
/// says which property failed and how.
pub fn check(spec: &SiteSpec) -> Result<(), String> {
    let case = Case::write(spec);
    if let Some(why) = super::preflight::unsafe_address(
        &case.dir,
        &case.site,
        spec.drafts,
        DEPTH + 1,
        time_limit(),
    ) {
        return Err(format!("would write outside the output folder: {why}"));
    }
    let before = snapshot(&case.top);
    let out_before = snapshot_under(&before, &case.top, &case.out);
    let (ended, stdout, stderr) = case.run(spec);
    let after = snapshot(&case.top);
    log_outcome(&ended, &stderr);
    let shown = format!("exit: {ended:?}\n--- stdout\n{stdout}\n--- stderr\n{stderr}");
    let fail = |what: String| Err(format!("{what}\n{shown}"));
    let code = match ended {
        Ended::Hang => return fail(format!("hang: no result after {:?}", time_limit())),
        Ended::Signal(s) => return fail(format!("killed by signal {s} (abort or crash)")),
        Ended::Exit(code) => code,
    };
    if stderr.contains("panicked at") || stdout.contains("panicked at") || code == 101 {
        // Named by where it happened, so `--known` can tell panics apart.
        let mut lines = stderr.lines().skip_while(|l| !l.contains("panicked at"));
        let at = lines
            .next()
            .and_then(|l| l.split("panicked at ").nth(1))
            .unwrap_or(":");
        let what = lines.next().unwrap_or("");
        return fail(format!("panic at {at} {what}"));
    }
    // 2 is a usage error: a command-line value (`--base-url`) refused.
    let usage = code == 2 && stderr.starts_with("error: --");
    if code != 0 && code != 1 && !usage {
        return fail(format!(
            "exit code {code}, expected 0 or 1 (or 2 for a refused option)"
        ));
    }
    if let Err(e) = unchanged_outside_output(&case, &before, &after) {
        return fail(e);
    }
    if code == 1 || usage {
        if !usage && let Err(e) = diagnostics_name_files(&case, &stderr) {
            return fail(e);
        }
        if snapshot_under(&after, &case.top, &case.out) != out_before {
            return fail("a failed build changed the output folder".into());
        }
        return Ok(());
    }
    if matches!(spec.output, Some(Output::BesideForeign)) {
        return fail("replaced an output folder canteen did not create".into());
    }
    published::check(spec, &case.out, &stdout).or_else(fail)
}

impl Case {
    /// A fresh case folder with `outside/`, the site's files and the output
    /// folder's earlier contents, if any.
    fn write(spec: &SiteSpec) -> Case {
        let tmp = tempfile::tempdir().expect("temporary folder");
        let top = tmp.path().to_path_buf();
        let mut dir = top.clone();
        for _ in 0..DEPTH {
            dir.push("up");
        }
        dir.push("case");
        let outside = dir.join("outside");
        let site = dir.join("site");
        for (path, text) in [
            (
                "secret.md",
                format!("+++\ntitle = \"Secret\"\n+++\n{SECRET}\n"),
            ),
            ("secret.css", format!("/* {SECRET} */\n")),
            ("folder/inner.md", format!("# Inner\n{SECRET}\n")),
            (
                "leaders.toml",
                format!("# {SECRET}\n[[leader]]\nid = \"x\"\n"),
            ),
            // A whole theme, for `theme = "../../outside"`.
            ("static/leak.css", format!("/* {SECRET} */\n")),
            (
                "templates/page.html",
                format!("<p>{SECRET} {{{{ page.title }}}}</p>"),
            ),
            ("templates/section.html", format!("<p>{SECRET}</p>")),
            ("templates/index.html", format!("<p>{SECRET}</p>")),
            ("templates/404.html", format!("<p>{SECRET}</p>")),
            (
                "templates/redirect.html",
                format!("<p>{SECRET} {{{{ redirect_to }}}}</p>"),
            ),
        ] {
            write_file(&outside.join(path), text.as_bytes());
        }
        std::fs::create_dir_all(&site).expect("site folder");
        let abs_outside = outside.display().to_string();
        for (path, bytes) in &spec.files {
            let bytes = match std::str::from_utf8(bytes) {
                Ok(text) => text.replace(OUTSIDE, &abs_outside).into_bytes(),
                Err(_) => bytes.clone(),
            };
            write_file(&site.join(path), &bytes);
        }
        for (path, target) in &spec.symlinks {
            let link = site.join(path);
            std::fs::create_dir_all(link.parent().expect("parent")).expect("folder");
            std::os::unix::fs::symlink(target.replace(OUTSIDE, &abs_outside), &link)
                .expect("symlink");
        }
        let (out, out_arg) = match spec.output.unwrap_or(Output::Default) {
            Output::Default => (site.join("public"), None),
            Output::InSite => (site.join("public"), Some("site/public")),
            _ => (dir.join("out"), Some("out")),
        };
        match spec.output {
            Some(Output::BesideExisting) => {
                write_file(&out.join(".canteen-output"), b"earlier build\n");
                write_file(&out.join("old/index.html"), b"<p>earlier</p>\n");
            }
            Some(Output::BesideForeign) => write_file(&out.join("precious.txt"), b"mine\n"),
            _ => {}
        }
        let out_arg = match (out_arg, spec.relative) {
            (Some(rel), true) => rel.to_string(),
            (Some(rel), false) => dir.join(rel).display().to_string(),
            (None, _) => out.display().to_string(),
        };
        Case {
            _tmp: tmp,
            top,
            dir,
            site,
            out,
            out_arg,
        }
    }

    /// Runs `canteen build` with a time limit: (how it ended, stdout, stderr).
    fn run(&self, spec: &SiteSpec) -> (Ended, String, String) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_canteen"));
        command.current_dir(&self.dir).arg("build");
        if spec.relative {
            command.args(["--root", "site"]);
        } else {
            command.arg("--root").arg(&self.site);
        }
        if spec.output.is_some_and(|o| o != Output::Default) {
            command.args(["--output", &self.out_arg]);
        }
        if let Some(url) = &spec.base_url {
            command.args(["--base-url", url]);
        }
        if spec.drafts {
            command.arg("--drafts");
        }
        command
            .env_remove("CANTEEN_TIMINGS")
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("start canteen");
        // Drained on their own threads: a build with many errors fills a pipe.
        let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut text = Vec::new();
                if let Some(mut pipe) = pipe {
                    let _ = pipe.read_to_end(&mut text);
                }
                String::from_utf8_lossy(&text).into_owned()
            })
        };
        let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
        let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
        let ended = match child.wait_timeout(time_limit()).expect("wait for canteen") {
            Some(status) => match (
                status.code(),
                std::os::unix::process::ExitStatusExt::signal(&status),
            ) {
                (Some(code), _) => Ended::Exit(code),
                (None, signal) => Ended::Signal(signal.unwrap_or(0)),
            },
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Ended::Hang
            }
        };
        let text = |t: std::thread::JoinHandle<String>| t.join().unwrap_or_default();
        (ended, text(stdout), text(stderr))
    }
}

/// With `CANTEEN_PROPERTY_LOG=<file>`, one line per build (exit code and
/// first error), to see how often generated sites build: a strategy whose
/// sites always fail never reaches the checks of a published site.
fn log_outcome(ended: &Ended, stderr: &str) {
    let Some(file) = std::env::var_os("CANTEEN_PROPERTY_LOG") else {
        return;
    };
    let first_error = stderr
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or("");
    let line = format!("{ended:?}\t{first_error}\n");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
    {
        let _ = std::io::Write::write_all(&mut f, line.as_bytes());
    }
}

fn write_file(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(path, bytes).expect("write");
}

/// What one path is, for before/after comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A folder.
    Dir,
    /// A file and its bytes.
    File(Vec<u8>),
    /// A symlink and its target (not followed).
    Link(PathBuf),
}

/// Every path under `top`, without following symlinks.
pub fn snapshot(top: &Path) -> BTreeMap<PathBuf, Entry> {
    walkdir::WalkDir::new(top)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let entry = if e.path_is_symlink() {
                Entry::Link(std::fs::read_link(e.path()).unwrap_or_default())
            } else if e.file_type().is_dir() {
                Entry::Dir
            } else {
                Entry::File(std::fs::read(e.path()).unwrap_or_default())
            };
            (e.path().to_path_buf(), entry)
        })
        .collect()
}

/// The part of a snapshot inside `dir`.
fn snapshot_under(
    all: &BTreeMap<PathBuf, Entry>,
    _top: &Path,
    dir: &Path,
) -> BTreeMap<PathBuf, Entry> {
    all.iter()
        .filter(|(p, _)| p.starts_with(dir))
        .map(|(p, e)| (p.clone(), e.clone()))
        .collect()
}

/// Only the output folder may change (and the site's cache of drawn social
/// cards and search entries, `.canteen-cache/`, ARCHITECTURE.md's one
/// exception), and no staging folder may remain.
fn unchanged_outside_output(
    case: &Case,
    before: &BTreeMap<PathBuf, Entry>,
    after: &BTreeMap<PathBuf, Entry>,
) -> Result<(), String> {
    let mut changed: Vec<String> = Vec::new();
    for path in before.keys().chain(after.keys()) {
        let cache = path.components().any(|c| c.as_os_str() == ".canteen-cache");
        if before.get(path) != after.get(path) && !path.starts_with(&case.out) && !cache {
            let what = match (before.get(path), after.get(path)) {
                (None, _) => "created",
                (_, None) => "removed",
                _ => "changed",
            };
            changed.push(format!("{what} {}", shown(case, path)));
        }
    }
    changed.dedup();
    if !changed.is_empty() {
        return Err(format!(
            "wrote outside the output folder `{}`:\n  {}",
            shown(case, &case.out),
            changed.join("\n  ")
        ));
    }
    let leftovers: Vec<String> = after
        .keys()
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            name.contains(".canteen-tmp-") || name.contains(".canteen-old-")
        })
        .map(|p| shown(case, p))
        .collect();
    if leftovers.is_empty() {
        Ok(())
    } else {
        Err(format!("left a staging folder behind: {leftovers:?}"))
    }
}

/// A path as the report shows it: relative to the case folder when inside.
fn shown(case: &Case, path: &Path) -> String {
    match path.strip_prefix(&case.dir) {
        Ok(rel) => format!("<case>/{}", rel.display()),
        Err(_) => format!(
            "<tmp>/{}",
            path.strip_prefix(&case.top).unwrap_or(path).display()
        ),
    }
}

/// Every diagnostic of a failed build names where: each `-->` location
/// names an existing file relative to the site root (or a file of the
/// built-in theme); a diagnostic without one (an I/O or output error)
/// names an existing path or the output folder in backticks.
fn diagnostics_name_files(case: &Case, stderr: &str) -> Result<(), String> {
    let blocks = diagnostic_blocks(stderr);
    if blocks.is_empty() {
        return Err("exit 1 without any `error:` diagnostic".into());
    }
    for block in blocks {
        let locations: Vec<&str> = block
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("--> "))
            .collect();
        if locations.is_empty() {
            named_in_backticks(case, &block)?;
        }
        for location in locations {
            // Not trimmed: a file name may end in a space.
            let path = strip_position(location);
            existing_site_file(case, path)
                .map_err(|why| format!("diagnostic location `{location}` {why}:\n{block}"))?;
        }
    }
    Ok(())
}

/// stderr split into diagnostics, each starting at an `error` line.
fn diagnostic_blocks(stderr: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("error:") || line.starts_with("error[") {
            blocks.push(String::new());
        }
        if line.starts_with("build failed:") {
            continue;
        }
        if let Some(block) = blocks.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks
}

/// `content/a.md:3:7` → `content/a.md`.
fn strip_position(location: &str) -> &str {
    let mut path = location;
    for _ in 0..2 {
        if let Some((head, tail)) = path.rsplit_once(':')
            && !tail.is_empty()
            && tail.chars().all(|c| c.is_ascii_digit())
        {
            path = head;
        }
    }
    path
}

fn existing_site_file(case: &Case, path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("is empty".into());
    }
    if path.contains(".canteen-tmp-") || path.contains(".canteen-old-") {
        return Err("is a staging path".into());
    }
    if let Some(theme_file) = path.strip_prefix("<built-in theme>/") {
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/nhs")
            .join(theme_file);
        return if file.is_file() {
            Ok(())
        } else {
            Err("is no file of the built-in theme".into())
        };
    }
    if Path::new(path).is_absolute() {
        return Err("is absolute, not relative to the site root".into());
    }
    match std::fs::symlink_metadata(case.site.join(path)) {
        Ok(meta) if !meta.is_dir() => Ok(()),
        Ok(_) => Err("is a folder, not a file".into()),
        Err(_) => Err("names no file under the site root".into()),
    }
}

/// An error without a `-->` location must name, in backticks, an existing
/// path under the site or the output folder (as given on the command line).
fn named_in_backticks(case: &Case, block: &str) -> Result<(), String> {
    let first = block.lines().next().unwrap_or("");
    let named: Vec<&str> = first.split('`').skip(1).step_by(2).collect();
    let fine = named.iter().any(|name| {
        if name.contains(".canteen-tmp-") || name.contains(".canteen-old-") {
            return false;
        }
        if *name == case.out_arg || Path::new(name) == case.out {
            return true;
        }
        let path = case.dir.join(name);
        (path.starts_with(&case.site) || path.starts_with(&case.out))
            && std::fs::symlink_metadata(&path).is_ok()
    });
    if fine {
        Ok(())
    } else if first.contains(".canteen-tmp-") || first.contains(".canteen-old-") {
        Err(format!(
            "diagnostic names a file in the staging folder:\n{block}"
        ))
    } else {
        Err(format!(
            "diagnostic names no existing site file or the output folder:\n{block}"
        ))
    }
}
