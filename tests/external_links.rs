//! External links are checked against servers on 127.0.0.1 started here,
//! never the network: every kind of answer is reported as what it is,
//! one host never gets more than two requests at once, and a second run
//! with a fresh cache makes no request at all.

mod support;

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use canteen::check::external::cache::{Cache, Entry};
use canteen::check::external::fetch::Settings;
use canteen::check::external::{self, Address, Options};
use canteen::content::date::Date;
use canteen::diagnostics::Severity;
use support::TestSite;

/// A test server and what it has seen.
struct Server {
    base: String,
    requests: Arc<Mutex<HashMap<String, usize>>>,
    total: Arc<AtomicUsize>,
    most_at_once: Arc<AtomicUsize>,
}

impl Server {
    fn start() -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("a test server"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let requests = Arc::new(Mutex::new(HashMap::new()));
        let total = Arc::new(AtomicUsize::new(0));
        let active = Arc::new(AtomicUsize::new(0));
        let most_at_once = Arc::new(AtomicUsize::new(0));
        {
            let (requests, total) = (requests.clone(), total.clone());
            let most = most_at_once.clone();
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    let (requests, total) = (requests.clone(), total.clone());
                    let (active, most) = (active.clone(), most.clone());
                    std::thread::spawn(move || {
                        let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        total.fetch_add(1, Ordering::SeqCst);
                        let path = request.url().to_string();
                        let head = *request.method() == tiny_http::Method::Head;
                        let seen = {
                            let mut r = requests.lock().expect("lock");
                            let n = r.entry(path.clone()).or_insert(0);
                            *n += 1;
                            *n
                        };
                        let (status, headers) = answer(&path, head, seen);
                        let mut response = tiny_http::Response::empty(status);
                        for (name, value) in headers {
                            response.add_header(
                                tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                                    .expect("header"),
                            );
                        }
                        active.fetch_sub(1, Ordering::SeqCst);
                        let _ = request.respond(response);
                    });
                }
            });
        }
        Server {
            base: format!("http://127.0.0.1:{port}"),
            requests,
            total,
            most_at_once,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn count(&self, path: &str) -> usize {
        self.requests
            .lock()
            .expect("lock")
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

/// What the server answers to the `seen`th request for `path`.
fn answer(path: &str, head: bool, seen: usize) -> (u16, Vec<(&'static str, String)>) {
    let to = |p: &str| vec![("Location", p.to_string())];
    match path {
        "/ok" => (200, vec![]),
        "/moved" => (301, to("/moved-again")),
        "/moved-again" => (308, to("/ok")),
        "/temporary" => (302, to("/ok")),
        "/loop-a" => (302, to("/loop-b")),
        "/loop-b" => (302, to("/loop-a")),
        "/not-found" => (404, vec![]),
        "/gone" => (410, vec![]),
        "/busy" if seen == 1 => (429, vec![("Retry-After", "1".into())]),
        "/busy" => (200, vec![]),
        "/unavailable" if seen == 1 => (503, vec![]),
        "/unavailable" => (200, vec![]),
        "/no-head" if head => (405, vec![]),
        "/no-head" => (200, vec![]),
        p if p.starts_with("/slow/") => {
            std::thread::sleep(Duration::from_millis(150));
            (200, vec![])
        }
        _ => (500, vec![]),
    }
}

/// A listener that accepts connections and never answers.
fn silent() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    (listener, format!("http://127.0.0.1:{port}/silent"))
}

/// An address on which nothing listens.
fn refused() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}/refused")
}

fn options() -> Options {
    Options {
        offline: false,
        max_age_days: 7,
        settings: Settings {
            timeout: Duration::from_millis(400),
            retries: 1,
            backoff: Duration::from_millis(10),
            max_retry_after: Duration::from_secs(2),
            per_host: 2,
            gap: Duration::ZERO,
            workers: 16,
        },
        today: Date::parse("2026-11-03").expect("date"),
    }
}

fn addresses(urls: &[String]) -> Vec<Address> {
    urls.iter()
        .map(|url| Address {
            url: url.clone(),
            pages: vec!["index.html".into()],
        })
        .collect()
}

#[test]
fn every_kind_of_answer_is_reported_as_what_it_is() {
    let server = Server::start();
    let (_listener, silent) = silent();
    let refused = refused();
    let paths = [
        "/ok",
        "/moved",
        "/temporary",
        "/loop-a",
        "/not-found",
        "/gone",
        "/busy",
        "/unavailable",
        "/no-head",
    ];
    let mut urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    urls.push(silent.clone());
    urls.push(refused.clone());
    let mut cache = Cache::default();
    let checked = external::check(&addresses(&urls), &mut cache, &options());
    assert_eq!(checked.fetched, urls.len());
    let entry = |url: &str| cache.entries.get(url).cloned().expect("an entry");
    let said = |i: usize| {
        let v = &checked.verdicts[i];
        (v.severity, v.message.clone())
    };

    assert_eq!(entry(&server.url("/ok")).status, "ok");
    assert_eq!(said(0), (None, String::new()));
    let moved = entry(&server.url("/moved"));
    assert_eq!(
        (moved.status.as_str(), moved.moved_to.clone()),
        ("moved", Some(server.url("/ok")))
    );
    assert_eq!(
        said(1),
        (
            Some(Severity::Warning),
            format!("moved permanently to `{}`", server.url("/ok"))
        )
    );
    assert_eq!(
        entry(&server.url("/temporary")).status,
        "ok",
        "a temporary redirect is fine"
    );
    assert_eq!(
        said(3),
        (
            Some(Severity::Error),
            format!(
                "redirect loop: `{}` redirects back to itself (checked 3 November 2026)",
                server.url("/loop-a")
            )
        )
    );
    assert_eq!(
        said(4),
        (
            Some(Severity::Error),
            "HTTP 404 Not Found: the page does not exist (checked 3 November 2026)".into()
        )
    );
    assert_eq!(
        said(5),
        (
            Some(Severity::Error),
            "HTTP 410 Gone: the page was removed (checked 3 November 2026)".into()
        )
    );
    assert_eq!(
        entry(&server.url("/busy")).status,
        "ok",
        "429 then 200 after Retry-After"
    );
    assert_eq!(server.count("/busy"), 2);
    assert_eq!(
        entry(&server.url("/unavailable")).status,
        "ok",
        "503 then 200"
    );
    assert_eq!(
        entry(&server.url("/no-head")).status,
        "ok",
        "HEAD refused, GET works"
    );
    assert_eq!(server.count("/no-head"), 2);
    assert_eq!(
        entry(&silent).error.as_deref(),
        Some("timed out: the server did not answer in time")
    );
    assert_eq!(
        entry(&refused).error.as_deref(),
        Some("the connection was refused")
    );
    assert_eq!(entry(&refused).checked, "2026-11-03");
    assert_eq!(entry(&refused).last_ok, None);
}

#[test]
fn no_host_gets_more_than_two_requests_at_once() {
    let server = Server::start();
    let urls: Vec<String> = (1..=8).map(|n| server.url(&format!("/slow/{n}"))).collect();
    let mut cache = Cache::default();
    let checked = external::check(&addresses(&urls), &mut cache, &options());
    assert!(checked.verdicts.iter().all(|v| v.severity.is_none()));
    assert_eq!(server.most_at_once.load(Ordering::SeqCst), 2);
}

#[test]
fn a_failure_of_an_address_that_worked_lately_is_a_warning() {
    let server = Server::start();
    let url = server.url("/not-found");
    let mut cache = Cache::default();
    cache.entries.insert(
        url.clone(),
        Entry {
            status: "ok".into(),
            code: Some(200),
            moved_to: None,
            error: None,
            checked: "2026-10-01".into(),
            last_ok: Some("2026-11-01".into()),
        },
    );
    let checked = external::check(
        &addresses(std::slice::from_ref(&url)),
        &mut cache,
        &options(),
    );
    assert_eq!(
        checked.fetched, 1,
        "checked more than 7 days ago: fetched again"
    );
    assert_eq!(checked.verdicts[0].severity, Some(Severity::Warning));
    assert_eq!(
        checked.verdicts[0].message,
        "HTTP 404 Not Found: the page does not exist (checked 3 November 2026), but it worked on 1 November 2026"
    );
    assert_eq!(cache.entries[&url].last_ok.as_deref(), Some("2026-11-01"));
}

/// A site with one page linking to `url`.
fn site_linking_to(url: &str) -> TestSite {
    let site = TestSite::new("hidden-footer-page");
    site.write("local/hide.toml", "pages = []\n").write(
        "content/contact.md",
        &format!("+++\ntitle = \"Contact us\"\n+++\nSee [the form]({url}).\n"),
    );
    site
}

fn run_check(site: &TestSite, offline: bool) -> canteen::check::Report {
    let options = canteen::check::Options {
        root: site.root().to_path_buf(),
        only: vec![canteen::check::Check::External],
        external: Options {
            offline,
            ..options()
        },
        site: canteen::check::SiteOptions::default(),
    };
    canteen::check::run(&options).expect("the check runs")
}

#[test]
fn a_second_run_with_a_fresh_cache_makes_no_request() {
    let server = Server::start();
    let site = site_linking_to(&server.url("/ok"));
    let first = run_check(&site, false);
    assert_eq!(first.fetched, 1);
    assert!(first.findings.is_empty());
    let cache = std::fs::read_to_string(site.root().join("links.toml")).expect("links.toml");
    assert!(
        cache.ends_with(&format!(
            "[\"{}\"]\nstatus = \"ok\"\ncode = 200\nchecked = \"2026-11-03\"\nlast_ok = \"2026-11-03\"\n",
            server.url("/ok")
        )),
        "{cache}"
    );
    let requests = server.total.load(Ordering::SeqCst);
    let second = run_check(&site, false);
    assert_eq!(second.fetched, 0);
    assert_eq!(server.total.load(Ordering::SeqCst), requests);
    assert!(second.findings.is_empty());
}

#[test]
fn offline_an_address_never_checked_is_a_note_at_its_markdown() {
    let site = site_linking_to("https://example.org/form");
    let report = run_check(&site, true);
    assert_eq!(report.fetched, 0);
    assert!(!report.failed(true), "a note never fails, even --strict");
    let d = &report.findings[0].diagnostic;
    assert_eq!(d.severity, Severity::Note);
    assert_eq!(d.location(), "content/contact.md:4:16");
    assert_eq!(
        d.message,
        "the link `https://example.org/form` in Markdown: never checked: there is no result for this address in `links.toml`"
    );
    assert!(
        !site.root().join("links.toml").exists(),
        "nothing fetched, nothing written"
    );
}

#[test]
fn the_professional_bodies_page_shows_when_each_link_was_last_checked() {
    let body = |id: &str, url: &str, verified: bool| {
        format!(
            "[[body]]\nid = \"{id}\"\nname = \"Body {id}\"\nabbreviation = \"{id}\"\nurl = \"{url}\"\n\
             title = \"Guidance {id}\"\ncovers = \"Things.\"\npdf = false\nverified = {verified}\n\
             last_reviewed = 2026-11-29\n"
        )
    };
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write(
            "content/bodies.md",
            "+++\ntitle = \"Bodies\"\ntemplate = \"professional-bodies.html\"\n+++\n",
        )
        .write(
            "data/professional-bodies.toml",
            &[
                body("works", "https://a.example/works", false),
                body("broke", "https://a.example/broke", true),
                body("never", "https://a.example/never", false),
            ]
            .concat(),
        )
        .write(
            "links.toml",
            "[\"https://a.example/broke\"]\nstatus = \"broken\"\ncode = 404\nchecked = \"2026-11-03\"\nlast_ok = \"2026-10-01\"\n\n\
             [\"https://a.example/works\"]\nstatus = \"ok\"\ncode = 200\nchecked = \"2026-11-03\"\nlast_ok = \"2026-11-03\"\n",
        );
    let main = site.build().expect("builds").main("bodies/");
    let item = |id: &str| {
        let start = main
            .find(&format!("Body {id}"))
            .expect("the body is listed");
        let end = main[start..]
            .find("</li>")
            .map_or(main.len(), |i| start + i);
        main[start..end].to_string()
    };
    assert!(
        item("works")
            .contains(r#"Link last checked: <time datetime="2026-11-03">3 November 2026</time>"#),
        "{main}"
    );
    assert!(
        item("broke")
            .contains(r#"When we last checked this link, on <time datetime="2026-11-03">3 November 2026</time>, it did not work."#),
        "{main}"
    );
    let never = item("never");
    assert!(!never.contains("last checked"), "{never}");
    assert!(
        never.contains("Link not verified"),
        "never checked: the hand-kept flag: {never}"
    );
}
