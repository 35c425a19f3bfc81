//! `canteen serve` over real HTTP on 127.0.0.1: every way editors save gives
//! exactly one rebuild, the served site always equals a cold build, event
//! streams carry one event per rebuild and free their threads, and nothing
//! outside the site can be fetched.
//!
//! No sleeps as synchronisation: every wait polls a condition with a deadline.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

mod support;

use canteen::serve::http::{SCRIPT_OPEN, without_script};
use canteen::serve::{self, Handle, ServeOptions};
use canteen::site::BuildOptions;

/// Generous, for a loaded two-core machine; a passing run never waits this long.
const DEADLINE: Duration = Duration::from_secs(10);
/// How long a rebuild count must stay put to count as "no further rebuild".
const SETTLE: Duration = Duration::from_millis(500);
/// A line of the fixture's `site.toml` that no served file may ever contain.
const CONFIG_MARKER: &str = "canteen-serve-fixture-config";

/// The thread-count test needs the process to itself; every other test shares it.
static PROCESS: RwLock<()> = RwLock::new(());

fn shared_process() -> RwLockReadGuard<'static, ()> {
    PROCESS.read().unwrap_or_else(|e| e.into_inner())
}

fn whole_process() -> RwLockWriteGuard<'static, ()> {
    PROCESS.write().unwrap_or_else(|e| e.into_inner())
}

// ---------------------------------------------------------------- harness

/// A temporary copy of `tests/fixtures/serve/`, served on a free port.
struct Preview {
    handle: Handle,
    dir: tempfile::TempDir,
}

impl Preview {
    fn start() -> Preview {
        let dir = tempfile::tempdir().expect("temp dir");
        support::copy_dir(&support::fixtures().join("serve"), dir.path());
        Preview::serve(dir)
    }

    /// A temporary copy of `tests/fixtures/editions/` (three editions, with
    /// the plain test theme whose markers `support::part_of` reads), served.
    fn start_editions() -> Preview {
        Preview::start_plain("editions")
    }

    /// A temporary copy of a fixture that uses the NHS theme, served.
    fn start_nhs(fixture: &str) -> Preview {
        let dir = tempfile::tempdir().expect("temp dir");
        support::copy_dir(&support::fixtures().join(fixture), dir.path());
        Preview::serve(dir)
    }

    /// A temporary copy of a fixture that uses the plain test theme, served.
    fn start_plain(fixture: &str) -> Preview {
        let dir = tempfile::tempdir().expect("temp dir");
        support::copy_dir(&support::fixtures().join(fixture), dir.path());
        support::copy_dir(
            &support::fixtures().join("_themes/plain"),
            &dir.path().join("themes/plain"),
        );
        Preview::serve(dir)
    }

    fn serve(dir: tempfile::TempDir) -> Preview {
        let options = ServeOptions {
            port: 0,
            quiet: true,
            heartbeat: Duration::from_millis(100),
            ..ServeOptions::new(dir.path())
        };
        let handle = serve::start(options).expect("the server starts");
        assert!(
            handle.errors().is_empty(),
            "the fixture builds: {:?}",
            handle.errors()
        );
        Preview { handle, dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn get(&self, target: &str) -> Reply {
        request(self.handle.addr(), "GET", target, &[])
    }

    fn page(&self, target: &str) -> String {
        let reply = self.get(target);
        assert_eq!(reply.status, 200, "GET {target}: {}", reply.text());
        reply.text()
    }

    /// Waits for the rebuild after `before`, then checks no second one follows.
    fn one_rebuild_after(&self, before: u64, what: &str) {
        wait_until(what, || self.handle.rebuilds() > before);
        assert_stays(what, || self.handle.rebuilds(), before + 1);
    }
}

/// Polls `condition` until it holds; fails the test at the deadline.
fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(
            start.elapsed() < DEADLINE,
            "timed out after {DEADLINE:?} waiting for: {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Polls `value` for `SETTLE` and fails as soon as it is not `expected`.
fn assert_stays<T: PartialEq + std::fmt::Debug>(
    what: &str,
    mut value: impl FnMut() -> T,
    expected: T,
) {
    let start = Instant::now();
    while start.elapsed() < SETTLE {
        assert_eq!(value(), expected, "{what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create parent");
    }
    std::fs::write(path, text).expect("write file");
}

fn page_source(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n\n{body}\n")
}

// ---------------------------------------------------------------- a minimal HTTP client

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on its own connection, sent exactly as written (no client-side normalisation).
fn request(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// An open `/__canteen/events` stream.
struct Events {
    stream: TcpStream,
    buffer: String,
}

impl Events {
    /// Connects and waits until the server has subscribed this stream.
    fn connect(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .expect("timeout");
        let head = format!(
            "GET /__canteen/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).expect("send request");
        let mut events = Events {
            stream,
            buffer: String::new(),
        };
        let start = Instant::now();
        while !events.buffer.contains(": connected\n\n") {
            assert!(
                start.elapsed() < DEADLINE,
                "no event stream opened: {:?}",
                events.buffer
            );
            events.fill();
        }
        assert!(
            events.buffer.starts_with("HTTP/1.1 200 OK\r\n"),
            "{}",
            events.buffer
        );
        assert!(
            events
                .buffer
                .contains("Content-Type: text/event-stream\r\n"),
            "{}",
            events.buffer
        );
        assert!(
            events.buffer.contains("Cache-Control: no-store\r\n"),
            "{}",
            events.buffer
        );
        let end = events
            .buffer
            .find(": connected\n\n")
            .map_or(0, |i| i + ": connected\n\n".len());
        events.buffer.drain(..end);
        events
    }

    fn fill(&mut self) {
        let mut chunk = [0u8; 4096];
        match self.stream.read(&mut chunk) {
            Ok(n) => self.buffer.push_str(&String::from_utf8_lossy(&chunk[..n])),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => panic!("event stream failed: {e}"),
        }
    }

    /// The next event (name, data) within `within`, skipping heartbeats.
    fn next(&mut self, within: Duration) -> Option<(String, String)> {
        let start = Instant::now();
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let field = |name: &str| {
                    block
                        .lines()
                        .filter_map(|l| l.strip_prefix(name))
                        .map(|v| v.trim_start().to_string())
                        .collect::<Vec<_>>()
                };
                if let Some(name) = field("event:").first() {
                    return Some((name.clone(), field("data:").join("\n")));
                }
            }
            if start.elapsed() >= within {
                return None;
            }
            self.fill();
        }
    }
}

// ---------------------------------------------------------------- editions

#[test]
fn every_edition_is_served_and_an_edit_reaches_the_older_pages_that_depend_on_it() {
    let _process = shared_process();
    let preview = Preview::start_editions();
    let part = |url: &str, class: &str| {
        support::part_of(&preview.page(url), class)
            .unwrap_or_else(|| panic!("no .{class} in {url}"))
    };
    // The dev server's own address stands for the site's base URL.
    let origin = format!("http://{}", preview.handle.addr());
    assert!(part("/2012/about/", "edition").starts_with("id=2012;"));
    let redirect = preview.page("/2014/hr/policy/");
    assert!(redirect.contains("url=/hr/policy/"), "{redirect}");
    // 2013's policy says "every year", the current one "every two years".
    let policy_2013 = "/2013/hr/policy/";
    assert_eq!(
        part(policy_2013, "canonical"),
        format!("{origin}/2013/hr/policy/")
    );
    assert!(part("/what-changed/", "changed").contains("/hr/policy/="));

    // The editor puts the current text back as it was in 2013: the older
    // page now says the same, so it names the current page as canonical.
    let before = preview.handle.rebuilds();
    let text_2013 = std::fs::read_to_string(preview.path("editions/2013/content/hr/policy.md"))
        .expect("2013 policy");
    write(&preview.path("content/hr/policy.md"), &text_2013);
    preview.one_rebuild_after(before, "an edit to the current edition");
    assert_eq!(
        part(policy_2013, "canonical"),
        format!("{origin}/hr/policy/")
    );
    assert!(!part("/what-changed/", "changed").contains("/hr/policy/"));

    // An edit to a frozen edition is served too.
    let before = preview.handle.rebuilds();
    write(
        &preview.path("editions/2012/content/about.md"),
        &page_source("About the toolkit", "Corrected in the 2012 edition."),
    );
    preview.one_rebuild_after(before, "an edit to a frozen edition");
    assert!(
        preview
            .page("/2012/about/")
            .contains("Corrected in the 2012 edition.")
    );
    assert!(
        !preview
            .page("/about/")
            .contains("Corrected in the 2012 edition.")
    );
}

// ---------------------------------------------------------------- every way editors save

/// One save pattern: what it does to the site, and a page that must show its result.
struct Save {
    name: &'static str,
    act: fn(&Preview),
    check: fn(&Preview),
}

fn about_shows(preview: &Preview, text: &str) {
    let page = preview.page("/about/");
    assert!(page.contains(text), "/about/ should show {text:?}");
}

fn run_saves(saves: &[Save]) {
    let _process = shared_process();
    let preview = Preview::start();
    for save in saves {
        let before = preview.handle.rebuilds();
        (save.act)(&preview);
        preview.one_rebuild_after(before, save.name);
        (save.check)(&preview);
    }
}

#[test]
fn every_way_of_saving_a_file_gives_exactly_one_rebuild_with_the_final_content() {
    run_saves(&[
        Save {
            name: "write in place",
            act: |p| {
                write(
                    &p.path("content/about.md"),
                    &page_source("About", "Written in place."),
                )
            },
            check: |p| about_shows(p, "Written in place."),
        },
        Save {
            name: "write a temporary file, then rename it over the page",
            act: |p| {
                write(
                    &p.path("content/.goutputstream-7XK2"),
                    &page_source("About", "Renamed over."),
                );
                std::fs::rename(
                    p.path("content/.goutputstream-7XK2"),
                    p.path("content/about.md"),
                )
                .expect("rename");
            },
            check: |p| about_shows(p, "Renamed over."),
        },
        Save {
            name: "delete, then create",
            act: |p| {
                std::fs::remove_file(p.path("content/about.md")).expect("delete");
                write(
                    &p.path("content/about.md"),
                    &page_source("About", "Deleted and created."),
                );
            },
            check: |p| about_shows(p, "Deleted and created."),
        },
        Save {
            name: "sed -i",
            act: |p| {
                let status = std::process::Command::new("sed")
                    .args(["-i", "s/Deleted and created/Edited by sed/"])
                    .arg(p.path("content/about.md"))
                    .status()
                    .expect("run sed");
                assert!(status.success());
            },
            check: |p| about_shows(p, "Edited by sed."),
        },
        Save {
            name: "a burst of saves within milliseconds",
            act: |p| {
                for i in 1..=5 {
                    write(
                        &p.path("content/about.md"),
                        &page_source("About", &format!("Burst save {i}.")),
                    );
                }
            },
            check: |p| about_shows(p, "Burst save 5."),
        },
        Save {
            name: "vim: move to a backup, write anew, delete the backup",
            act: |p| {
                std::fs::rename(p.path("content/about.md"), p.path("content/about.md~"))
                    .expect("backup");
                write(
                    &p.path("content/about.md"),
                    &page_source("About", "Saved like vim."),
                );
                std::fs::remove_file(p.path("content/about.md~")).expect("delete backup");
            },
            check: |p| about_shows(p, "Saved like vim."),
        },
        Save {
            name: "a stylesheet in static/",
            act: |p| {
                write(
                    &p.path("static/css/fixture.css"),
                    "body { color: #212b32; }\n",
                )
            },
            check: |p| assert_eq!(p.page("/css/fixture.css"), "body { color: #212b32; }\n"),
        },
        Save {
            name: "site.toml",
            act: |p| {
                let text = std::fs::read_to_string(p.path("site.toml")).expect("read site.toml");
                write(
                    &p.path("site.toml"),
                    &text.replace("Serve fixture", "Renamed fixture"),
                );
            },
            check: |p| assert!(p.page("/").contains("Renamed fixture")),
        },
    ]);
}

#[test]
fn new_deleted_and_renamed_files_and_folders_give_exactly_one_rebuild_each() {
    run_saves(&[
        Save {
            name: "a new page",
            act: |p| {
                write(
                    &p.path("content/notes/second.md"),
                    &page_source("Second note", "A new note."),
                )
            },
            check: |p| assert!(p.page("/notes/second/").contains("A new note.")),
        },
        Save {
            name: "a deleted page",
            act: |p| std::fs::remove_file(p.path("content/notes/second.md")).expect("delete"),
            check: |p| assert_eq!(p.get("/notes/second/").status, 404),
        },
        Save {
            name: "a renamed page",
            act: |p| {
                std::fs::rename(p.path("content/about.md"), p.path("content/about-us.md"))
                    .expect("rename")
            },
            check: |p| {
                assert!(p.page("/about-us/").contains("About text, version one."));
                assert_eq!(p.get("/about/").status, 404);
            },
        },
        Save {
            name: "a renamed folder",
            act: |p| {
                std::fs::rename(p.path("content/notes"), p.path("content/journal"))
                    .expect("rename folder")
            },
            check: |p| {
                assert!(p.page("/journal/first/").contains("The first note."));
                assert_eq!(p.get("/notes/first/").status, 404);
            },
        },
        Save {
            name: "a new folder with a page in it",
            act: |p| {
                write(
                    &p.path("content/guides/_index.md"),
                    &page_source("Guides", "All the guides."),
                )
            },
            check: |p| assert!(p.page("/guides/").contains("All the guides.")),
        },
        Save {
            name: "a data/ folder that did not exist when the server started",
            act: |p| {
                write(
                    &p.path("data/links.toml"),
                    "[extra]\nnote = \"free table\"\n",
                )
            },
            check: |p| assert_eq!(p.handle.errors().len(), 0, "{:?}", p.handle.errors()),
        },
        Save {
            name: "a file in the new data/ folder, which is now watched too",
            act: |p| write(&p.path("data/more.toml"), "[extra]\nnote = \"another\"\n"),
            check: |p| assert_eq!(p.handle.errors().len(), 0, "{:?}", p.handle.errors()),
        },
        Save {
            name: "a new static folder",
            act: |p| write(&p.path("static/files/note.txt"), "plain text\n"),
            check: |p| assert_eq!(p.page("/files/note.txt"), "plain text\n"),
        },
    ]);
}

#[test]
fn editor_leftovers_and_saves_of_the_same_bytes_never_rebuild() {
    let _process = shared_process();
    let preview = Preview::start();
    let about = std::fs::read_to_string(preview.path("content/about.md")).expect("read about");
    for leftover in [
        "content/.about.md.swp",
        "content/about.md~",
        "content/#about.md#",
        "content/.#about.md",
        "content/4913",
        "content/about.md.tmp",
        "content/about.md___jb_tmp___",
        "static/.DS_Store",
    ] {
        write(&preview.path(leftover), "scratch");
    }
    std::fs::remove_file(preview.path("content/4913")).expect("vim removes its probe");
    write(&preview.path("content/about.md"), &about);
    write(
        &preview.path("site.toml"),
        &std::fs::read_to_string(preview.path("site.toml")).expect("read site.toml"),
    );
    write(
        &preview.path("public/index.html"),
        "not a source: the output folder is never watched",
    );
    assert_stays(
        "no rebuild for leftovers or same-bytes saves",
        || preview.handle.rebuilds(),
        0,
    );
    // The watcher is alive: a real change right after is seen, once.
    write(
        &preview.path("content/about.md"),
        &about.replace("version one", "version two"),
    );
    preview.one_rebuild_after(0, "a real edit after the leftovers");
    assert!(preview.page("/about/").contains("version two"));
}

// ---------------------------------------------------------------- served = cold build

/// A small deterministic generator (xorshift64*), so a failure replays.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

#[test]
fn after_random_edits_the_served_site_equals_a_cold_build() {
    let _process = shared_process();
    let preview = Preview::start();
    let mut random = Random(0x5eed_cafe);
    let mut generated: Vec<String> = Vec::new();
    for step in 0..20 {
        let before = preview.handle.rebuilds();
        let mut op = random.below(7);
        if generated.is_empty() && (op == 2 || op == 3) {
            op = 1;
        }
        let what = match op {
            0 => {
                let page = [
                    "content/about.md",
                    "content/notes/first.md",
                    "content/_index.md",
                ][random.below(3)];
                let mut text = std::fs::read_to_string(preview.path(page)).expect("read page");
                text.push_str(&format!("\nEdit number {step}.\n"));
                write(&preview.path(page), &text);
                format!("append to {page}")
            }
            1 => {
                let page = format!("content/notes/gen-{step}.md");
                write(
                    &preview.path(&page),
                    &page_source(
                        &format!("Generated {step}"),
                        &format!("Generated at step {step}."),
                    ),
                );
                generated.push(page.clone());
                format!("create {page}")
            }
            2 => {
                let page = generated.swap_remove(random.below(generated.len()));
                std::fs::remove_file(preview.path(&page)).expect("delete");
                format!("delete {page}")
            }
            3 => {
                let page = generated.swap_remove(random.below(generated.len()));
                let renamed = format!("content/notes/renamed-{step}.md");
                std::fs::rename(preview.path(&page), preview.path(&renamed)).expect("rename");
                generated.push(renamed.clone());
                format!("rename {page} to {renamed}")
            }
            4 => {
                let mut css = std::fs::read_to_string(preview.path("static/css/fixture.css"))
                    .expect("read css");
                css.push_str(&format!(".step-{step} {{ margin: {step}px; }}\n"));
                write(&preview.path("static/css/fixture.css"), &css);
                "edit the stylesheet".to_string()
            }
            5 => {
                let temp = preview.path("content/.about.md.swp");
                write(
                    &temp,
                    &page_source("About", &format!("Replaced at step {step}.")),
                );
                std::fs::rename(&temp, preview.path("content/about.md")).expect("rename over");
                "replace about.md through a temporary file".to_string()
            }
            _ => {
                write(
                    &preview.path(&format!("static/files/step-{step}.txt")),
                    &format!("step {step}\n"),
                );
                "add a static file".to_string()
            }
        };
        wait_until(&format!("step {step}: the rebuild after: {what}"), || {
            preview.handle.rebuilds() > before
        });
    }
    // Let any rebuild still in flight finish before comparing.
    let mut last = preview.handle.rebuilds();
    loop {
        let start = Instant::now();
        while start.elapsed() < SETTLE && preview.handle.rebuilds() == last {
            std::thread::sleep(Duration::from_millis(10));
        }
        let now = preview.handle.rebuilds();
        if now == last {
            break;
        }
        last = now;
    }

    let options = BuildOptions {
        root: preview.root().to_path_buf(),
        output: None,
        base_url: Some(preview.handle.url().to_string()),
        drafts: false,
        preview: true,
        keeps_search_entries: false,
    };
    let (_, cold, _) = serve::build_in_memory(&options).expect("a cold build of the edited site");
    let cold = cold.to_map();
    let served = preview.handle.files();
    assert_eq!(
        served.keys().collect::<Vec<_>>(),
        cold.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &cold {
        assert!(
            served.get(path) == Some(bytes),
            "{path} differs from a cold build"
        );
        let reply = preview.get(&format!("/{path}"));
        assert_eq!(reply.status, 200, "GET /{path}");
        let body = if path.ends_with(".html") {
            without_script(&reply.text()).into_bytes()
        } else {
            reply.body.clone()
        };
        assert!(&body == bytes, "GET /{path} differs from a cold build");
    }
    assert!(
        !preview.path("public").exists(),
        "serve never writes the output folder"
    );
}

// ---------------------------------------------------------------- HTTP

#[test]
fn nothing_outside_the_site_can_be_fetched() {
    let _process = shared_process();
    let preview = Preview::start();
    for target in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%252e%252e/site.toml",
        "/..%5csite.toml",
        "/..%2fsite.toml",
        "//etc/passwd",
        "/%00",
        "/notes/../../site.toml",
        "/site.toml",
    ] {
        let reply = preview.get(target);
        assert!(
            matches!(reply.status, 400 | 404),
            "GET {target} gave {}",
            reply.status
        );
        assert!(
            !reply.text().contains(CONFIG_MARKER),
            "GET {target} leaked site.toml"
        );
        assert!(
            !reply.text().contains("root:x:0:0"),
            "GET {target} leaked /etc/passwd"
        );
    }
}

#[test]
fn two_hundred_concurrent_requests_all_succeed() {
    let _process = shared_process();
    let preview = Preview::start();
    let targets = [
        "/",
        "/about/",
        "/notes/",
        "/notes/first/",
        "/css/fixture.css",
        "/sitemap.xml",
        "/__canteen/live.js",
        "/__canteen/status",
    ];
    let addr = preview.handle.addr();
    let statuses: Vec<(String, u16)> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..20)
            .map(|t| {
                scope.spawn(move || {
                    (0..10)
                        .map(|i| targets[(t + i) % targets.len()])
                        .map(|target| {
                            (target.to_string(), request(addr, "GET", target, &[]).status)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().expect("client thread"))
            .collect()
    });
    assert_eq!(statuses.len(), 200);
    for (target, status) in statuses {
        assert_eq!(status, 200, "GET {target}");
    }
}

#[test]
fn http_semantics_head_etags_redirects_and_404() {
    let _process = shared_process();
    let preview = Preview::start();
    let addr = preview.handle.addr();

    let get = preview.get("/about/");
    assert_eq!(get.status, 200);
    assert_eq!(get.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(get.header("Cache-Control"), Some("no-cache"));
    assert!(
        get.text().contains(SCRIPT_OPEN) && get.text().contains(" defer></script></body>"),
        "the live script before </body>"
    );
    assert_eq!(get.text().matches("/__canteen/live.js").count(), 1);

    let head = request(addr, "HEAD", "/about/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(
        head.header("Content-Length"),
        Some(get.body.len().to_string().as_str())
    );
    assert_eq!(head.header("ETag"), get.header("ETag"));

    let etag = get.header("ETag").expect("an ETag").to_string();
    let cached = request(addr, "GET", "/about/", &[("If-None-Match", &etag)]);
    assert_eq!(cached.status, 304);
    assert!(cached.body.is_empty());
    assert_eq!(
        request(addr, "GET", "/about/", &[("If-None-Match", "\"stale\"")]).status,
        200
    );

    let css = preview.get("/css/fixture.css");
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert!(
        !css.text().contains(SCRIPT_OPEN),
        "only HTML gets the script"
    );

    let moved = preview.get("/notes");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("Location"), Some("/notes/"));

    let missing = preview.get("/not-written-yet/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found") && missing.text().contains("css/canteen.css"),
        "the site's own 404 page"
    );
    assert!(
        missing.text().contains(SCRIPT_OPEN),
        "so the page appears once it is saved"
    );

    let script = preview.get("/__canteen/live.js");
    assert_eq!(
        (script.status, script.header("Content-Type")),
        (200, Some("text/javascript; charset=utf-8"))
    );
    assert!(script.text().contains("EventSource"));

    assert_eq!(
        request(addr, "POST", "/about/", &[("Content-Length", "0")]).status,
        405
    );
}

// ---------------------------------------------------------------- errors and live reload

#[test]
fn a_broken_page_is_reported_everywhere_while_the_last_good_page_stays_served() {
    let _process = shared_process();
    let preview = Preview::start();
    let mut events = Events::connect(preview.handle.addr());
    let good = std::fs::read_to_string(preview.path("content/about.md")).expect("read about");

    write(
        &preview.path("content/about.md"),
        "+++\ntitle = \n+++\n\nBroken.\n",
    );
    let (name, data) = events
        .next(DEADLINE)
        .expect("an event after the broken save");
    assert_eq!(name, "error");
    let diagnostics: serde_json::Value = serde_json::from_str(&data).expect("error data is JSON");
    let first = &diagnostics[0];
    assert_eq!(first["file"], "content/about.md", "{data}");
    assert_eq!(first["line"], 2, "{data}");
    assert!(
        first["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{data}"
    );
    assert_eq!(first["source_line"], "title = ", "{data}");

    assert!(
        preview.page("/about/").contains("About text, version one."),
        "the last good page stays served"
    );
    let status: serde_json::Value =
        serde_json::from_str(&preview.page("/__canteen/status")).expect("status JSON");
    assert_eq!(status["ok"], false);
    assert_eq!(status["errors"][0]["file"], "content/about.md");
    assert_eq!(preview.handle.errors().len(), 1);

    write(
        &preview.path("content/about.md"),
        &good.replace("version one", "version fixed"),
    );
    let (name, _) = events.next(DEADLINE).expect("an event after the fix");
    assert_eq!(
        name, "reload",
        "a fixed build reloads (and clears the overlay)"
    );
    let status: serde_json::Value =
        serde_json::from_str(&preview.page("/__canteen/status")).expect("status JSON");
    assert_eq!(status["ok"], true);
    assert_eq!(status["errors"], serde_json::json!([]));
    assert!(preview.page("/about/").contains("version fixed"));
}

#[test]
fn an_event_stream_gets_exactly_one_event_per_rebuild() {
    let _process = shared_process();
    let preview = Preview::start();
    let mut events = Events::connect(preview.handle.addr());
    let edits: [(&str, &str, &str); 3] = [
        ("content/about.md", "About text, version two.", "reload"),
        ("static/css/fixture.css", "body { color: #003087; }", "css"),
        (
            "content/notes/first.md",
            "The first note, edited.",
            "reload",
        ),
    ];
    for (i, (path, text, expected)) in edits.iter().enumerate() {
        let before = preview.handle.rebuilds();
        let content = if path.ends_with(".md") {
            page_source("Edited", text)
        } else {
            format!("{text}\n")
        };
        write(&preview.path(path), &content);
        wait_until(&format!("rebuild after editing {path}"), || {
            preview.handle.rebuilds() > before
        });
        let (name, _) = events.next(DEADLINE).expect("an event per rebuild");
        assert_eq!(&name, expected, "edit {i}: {path}");
    }
    assert_eq!(preview.handle.rebuilds(), 3);
    assert_eq!(events.next(SETTLE), None, "no event beyond one per rebuild");
}

/// Each thread of this process: id → name.
#[cfg(target_os = "linux")]
fn threads() -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .flatten()
    {
        let comm = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
        found.insert(
            entry.file_name().to_string_lossy().into_owned(),
            comm.trim().to_string(),
        );
    }
    found
}

/// The `Threads:` line of `/proc/self/status`.
#[cfg(target_os = "linux")]
fn thread_count() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a Threads: line")
}

#[cfg(target_os = "linux")]
#[test]
fn closed_tabs_free_their_threads() {
    let _process = whole_process();
    let preview = Preview::start();
    // Threads this test starts (directly or through the server) inherit its name or are named canteen-*;
    // the test harness may start a thread for another test meanwhile, which is not ours to count.
    let ours = std::fs::read_to_string("/proc/thread-self/comm")
        .expect("own thread name")
        .trim()
        .to_string();
    let stable = || {
        let mut last = thread_count();
        let start = Instant::now();
        let mut since = Instant::now();
        while since.elapsed() < Duration::from_millis(200) {
            assert!(start.elapsed() < DEADLINE, "the thread count never settled");
            std::thread::sleep(Duration::from_millis(10));
            let now = thread_count();
            if now != last {
                (last, since) = (now, Instant::now());
            }
        }
        last
    };
    let idle = stable();
    let idle_threads = threads();

    let tabs: Vec<Events> = (0..3)
        .map(|_| Events::connect(preview.handle.addr()))
        .collect();
    wait_until("three streams", || preview.handle.event_streams() == 3);
    assert!(
        thread_count() >= idle + 3,
        "each open tab holds a thread (idle {idle}, now {})",
        thread_count()
    );
    drop(tabs);

    wait_until("closed tabs' threads to end", || {
        let now = threads();
        let foreign = now
            .iter()
            .filter(|(id, name)| {
                !idle_threads.contains_key(*id) && **name != ours && !name.starts_with("canteen")
            })
            .count();
        preview.handle.event_streams() == 0 && thread_count() <= idle + foreign
    });
}

/// Pages whose file names are symbols (`!.md`, `%.md`, `[.md`, `clang++.md`)
/// are served at the addresses their links give, as a browser sends them.
#[test]
fn pages_named_with_symbols_are_served_at_their_links() {
    let _process = shared_process();
    let preview = Preview::start_plain("symbols");
    let home = preview.page("/");
    let links: Vec<&str> = home
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with("/commands/"))
        .collect();
    assert_eq!(links.len(), 10, "{links:?}");
    for link in links {
        let page = preview.page(link);
        assert!(page.contains(" command</h1>"), "{link}: {page}");
    }
    assert!(preview.page("/commands/%25/").contains("The % command"));
    assert!(preview.page("/commands/%5B/").contains("The [ command"));
}

#[test]
fn a_new_page_shows_at_once_in_the_navigation_of_every_page() {
    let _process = shared_process();
    let preview = Preview::start();
    // A page nothing else changes: it is not the new page's section.
    let untouched = "/notes/first/";
    assert!(!preview.page(untouched).contains("Arrivals"));
    let before = preview.handle.rebuilds();
    write(
        &preview.path("content/arrivals.md"),
        &page_source("Arrivals", "A page that came."),
    );
    preview.one_rebuild_after(before, "the rebuild after a new page");
    assert!(preview.page("/arrivals/").contains("A page that came."));
    assert!(
        preview.page(untouched).contains("Arrivals"),
        "the navigation of every page lists the new page"
    );
    let before = preview.handle.rebuilds();
    std::fs::remove_file(preview.path("content/arrivals.md")).expect("delete");
    preview.one_rebuild_after(before, "the rebuild after deleting the page");
    assert_eq!(preview.get("/arrivals/").status, 404);
    assert!(!preview.page(untouched).contains("Arrivals"));
}

#[test]
fn a_page_that_only_fails_once_another_page_comes_is_reported_by_the_check() {
    let _process = shared_process();
    let dir = tempfile::tempdir().expect("temp dir");
    support::copy_dir(&support::fixtures().join("serve"), dir.path());
    // Renders while the home section lists three items; fails at four.
    write(
        &dir.path().join("templates/counted.html"),
        "<!doctype html><html lang=\"en\"><head><title>{{ page.title }}</title></head>\
         <body><p>Counted {{ 12 / (nav | length - 4) }}</p></body></html>\n",
    );
    write(
        &dir.path().join("content/counted.md"),
        "+++\ntitle = \"Counted\"\ntemplate = \"counted.html\"\n+++\nText.\n",
    );
    let preview = Preview::serve(dir);
    assert!(preview.page("/counted/").contains("Counted -12"));
    let mut events = Events::connect(preview.handle.addr());
    write(
        &preview.path("content/fourth.md"),
        &page_source("Fourth", "The fourth item."),
    );
    let (name, _) = events.next(DEADLINE).expect("the rebuild's event");
    assert_eq!(name, "reload");
    let (name, data) = events.next(DEADLINE).expect("the check's event");
    assert_eq!(name, "error", "{data}");
    assert!(data.contains("counted.html"), "{data}");
    assert!(
        preview
            .handle
            .errors()
            .iter()
            .any(|d| d.to_string().contains("counted.html")),
        "{:?}",
        preview.handle.errors()
    );
    // The last good site is served again, as after any failed build.
    assert!(preview.page("/counted/").contains("Counted -12"));
    assert_eq!(preview.get("/fourth/").status, 404);

    std::fs::remove_file(preview.path("content/fourth.md")).expect("delete");
    let (name, _) = events.next(DEADLINE).expect("an event after the fix");
    assert_eq!(name, "reload");
    assert!(preview.handle.errors().is_empty());
    assert!(preview.page("/counted/").contains("Counted -12"));
}

#[test]
fn a_broken_template_link_is_a_warning_that_never_blocks_a_page() {
    let _process = shared_process();
    let preview = Preview::start_plain("hidden-footer-page");
    assert!(preview.page("/contact/").contains("Write to us."));
    let warnings = preview.handle.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        warnings[0].message,
        "the link `/accessibility/` in the template `footer.html` leads to no page or file of the site"
    );
    assert_eq!(warnings[0].file, Path::new("templates/footer.html"));
    let status: serde_json::Value =
        serde_json::from_str(&preview.page("/__canteen/status")).expect("status JSON");
    assert_eq!(status["ok"], true);
    assert_eq!(status["warnings"][0]["line"], 3);

    let before = preview.handle.rebuilds();
    write(&preview.path("local/hide.toml"), "pages = []\n");
    wait_until("the rebuild after publishing the page", || {
        preview.handle.rebuilds() > before
    });
    assert_eq!(preview.handle.warnings(), Vec::new());
}

#[test]
fn the_health_page_lists_the_warnings_with_links_to_their_pages() {
    let _process = shared_process();
    let preview = Preview::start_plain("hidden-footer-page");
    let health = preview.page("/__canteen/health");
    assert!(health.contains("<h2>Warnings (1)</h2>"), "{health}");
    assert!(
        health.contains("templates/footer.html:3:25</strong>: the link `/accessibility/`"),
        "{health}"
    );
    assert!(
        health.contains("<a href=\"/contact/\">/contact/</a>"),
        "{health}"
    );
    assert!(
        health.contains("/__canteen/live.js"),
        "it reloads after a rebuild"
    );
}

#[test]
fn the_health_page_lists_an_overdue_page_until_it_is_fixed() {
    let _process = shared_process();
    let preview = Preview::start();
    let about = preview.path("content/about.md");
    let status = || preview.page("/__canteen/status");
    assert!(status().contains("\"findings\":[]"), "{}", status());
    let dated = |next: &str| {
        format!(
            "+++\ntitle = \"About\"\nweight = 1\nlast_reviewed = 2019-01-01\nnext_review = {next}\n+++\n\nAbout text.\n"
        )
    };
    write(&about, &dated("2020-01-01"));
    wait_until("the status lists the overdue page", || {
        status().contains("review overdue since 1 January 2020 (no owner)")
    });
    let health = preview.page("/__canteen/health");
    assert!(
        health.contains("<h2>Check <code>reviews</code> (1)</h2>"),
        "{health}"
    );
    assert!(
        health.contains("<strong>content/about.md:5:1</strong> (warning): review overdue since 1 January 2020 (no owner)"),
        "{health}"
    );
    assert!(
        health.contains("Pages: <a href=\"/about/\">/about/</a>"),
        "{health}"
    );
    let json: serde_json::Value = serde_json::from_str(&status()).expect("json");
    assert_eq!(json["findings"][0]["check"], "reviews");
    assert_eq!(json["findings"][0]["pages"], serde_json::json!(["/about/"]));
    assert!(
        preview.page("/about/").contains("class=\"review-notice\""),
        "the page itself tells readers"
    );
    write(&about, &dated("2019-01-01"));
    wait_until("a date build refuses is an error in serve too", || {
        preview.handle.errors().iter().any(|e| {
            e.message == "`next_review` (2019-01-01) must be after `last_reviewed` (2019-01-01)"
        })
    });
    write(&about, &dated("2099-01-01"));
    wait_until("the finding clears once the date is fixed", || {
        status().contains("\"findings\":[]")
    });
    assert!(
        !preview
            .page("/__canteen/health")
            .contains("<code>reviews</code>")
    );
}

#[test]
fn a_social_card_is_drawn_when_asked_for_into_the_sites_cache_never_public() {
    let _process = shared_process();
    let preview = Preview::start();
    let cache = preview.path(".canteen-cache/cards");
    let drawn = || std::fs::read_dir(&cache).map_or(0, |d| d.count());
    assert_eq!(drawn(), 0, "no card is drawn before one is asked for");
    let home = preview.page("/");
    let image = home
        .split("<meta property=\"og:image\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("og:image");
    let path = &image[image.find("/social-cards/").expect("a card")..];
    let reply = preview.get(path);
    assert_eq!(reply.status, 200, "GET {path}");
    assert_eq!(reply.header("content-type"), Some("image/png"));
    assert_eq!(&reply.body[1..4], b"PNG");
    let size = |at: usize| {
        u32::from_be_bytes([
            reply.body[at],
            reply.body[at + 1],
            reply.body[at + 2],
            reply.body[at + 3],
        ])
    };
    assert_eq!((size(16), size(20)), (1200, 630));
    assert_eq!(drawn(), 1, "one card drawn, into the site's cache");
    assert_eq!(preview.get("/social-cards/no-such-page.png").status, 404);
    assert!(
        !preview.path("public").exists(),
        "the dev server never writes public/"
    );
}

/// The pages search finds for `word` (a stem) in the served index: the
/// chunk it falls in, its postings, each page's fragment address.
fn search_finds(preview: &Preview, word: &str) -> Vec<String> {
    let manifest: serde_json::Value =
        serde_json::from_str(&preview.page("/search/index.json")).expect("index.json is JSON");
    let chunks = manifest["chunks"].as_array().expect("chunks");
    let n = chunks
        .iter()
        .rposition(|first| first.as_str().is_some_and(|f| f <= word))
        .unwrap_or(0);
    let chunk: serde_json::Value =
        serde_json::from_str(&preview.page(&format!("/search/c/{n}.json")))
            .expect("a chunk is JSON");
    let Some(postings) = chunk["t"][word].as_array() else {
        return Vec::new();
    };
    let mut page = 0;
    let mut found = Vec::new();
    for pair in postings.chunks(2) {
        page += pair[0].as_u64().expect("a page number");
        let fragment: serde_json::Value =
            serde_json::from_str(&preview.page(&format!("/search/p/{page}.json"))).expect("JSON");
        found.push(fragment["u"].as_str().expect("address").to_string());
    }
    found
}

#[test]
fn an_edited_pages_new_words_are_found_by_search_after_the_reload() {
    let _process = shared_process();
    let preview = Preview::start();
    assert!(search_finds(&preview, "quokka").is_empty());
    assert!(search_finds(&preview, "about").contains(&"about/".to_string()));
    let before = preview.handle.rebuilds();
    write(
        &preview.path("content/about.md"),
        &page_source("About", "A quokka lives here now."),
    );
    preview.one_rebuild_after(before, "the rebuild after the edit");
    assert_eq!(search_finds(&preview, "quokka"), ["about/"]);
    // A new page is found too.
    let before = preview.handle.rebuilds();
    write(
        &preview.path("content/arrivals.md"),
        &page_source("Arrivals", "Another quokka came."),
    );
    preview.one_rebuild_after(before, "the rebuild after a new page");
    assert_eq!(search_finds(&preview, "quokka"), ["about/", "arrivals/"]);
}

#[test]
fn every_language_of_a_bilingual_site_is_served_and_a_welsh_save_shows_at_once() {
    let _process = shared_process();
    let preview = Preview::start_nhs("bilingual");
    let welsh = preview.page("/cy/about/");
    assert!(welsh.contains("<html lang=\"cy\">") && welsh.contains("yng Nghymru"));
    // The English page's language link leads to it, and it is served.
    assert!(
        preview
            .page("/about/")
            .contains("href=\"/cy/about/\" hreflang=\"cy\"")
    );
    assert!(preview.page("/cy/news/").contains("translation-notice"));

    // Saving the Welsh file changes the Welsh page, and only it.
    let before = preview.handle.rebuilds();
    let text = std::fs::read_to_string(preview.path("content/about.cy.md")).expect("about.cy.md");
    write(
        &preview.path("content/about.cy.md"),
        &text.replace("yng Nghymru", "ledled Cymru"),
    );
    preview.one_rebuild_after(before, "a save of about.cy.md");
    assert!(preview.page("/cy/about/").contains("ledled Cymru"));
    assert!(!preview.page("/about/").contains("ledled Cymru"));

    // A new Welsh file takes the place of the English fallback.
    let before = preview.handle.rebuilds();
    write(
        &preview.path("content/news.cy.md"),
        "+++\ntitle = \"Newyddion\"\nweight = 3\n+++\nNewyddion yr ymddiriedolaeth.\n",
    );
    preview.one_rebuild_after(before, "a new news.cy.md");
    let news = preview.page("/cy/news/");
    assert!(news.contains("<h1>Newyddion</h1>") && !news.contains("translation-notice"));
    assert!(
        preview
            .page("/news/")
            .contains("href=\"/cy/news/\" hreflang=\"cy\"")
    );
}
