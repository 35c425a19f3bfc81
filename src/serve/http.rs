//! How the dev server answers a request: URL → file of the in-memory site,
//! redirects, content types, `ETag`/`If-None-Match`, the live script tag.
//! Pure functions over strings and `SiteFiles`, table-tested.
//!
//! Never touches the disk or a socket, and never resolves a path outside
//! the in-memory site: anything that could mean "outside" is refused first.

use crate::serve::memory::SiteFiles;

/// The Server-Sent Events stream of rebuild events.
pub const EVENTS_PATH: &str = "/__canteen/events";
/// The live-reload script.
pub const SCRIPT_PATH: &str = "/__canteen/live.js";
/// The current build status, as JSON.
pub const STATUS_PATH: &str = "/__canteen/status";
/// What `serve` adds before `</body>` of every HTML response.
pub const SCRIPT_OPEN: &str = r#"<script src="/__canteen/live.js""#;

/// The tag added to every HTML page: the live script, told which build the
/// page comes from so it can tell when it is out of date.
pub fn script_tag(build: &str) -> String {
    format!(r#"{SCRIPT_OPEN} data-build="{build}" defer></script>"#)
}

/// An HTML page as served, without the live script: what the build made.
pub fn without_script(html: &str) -> String {
    let Some(start) = html.find(SCRIPT_OPEN) else {
        return html.to_string();
    };
    let end = html[start..]
        .find("</script>")
        .map_or(html.len(), |e| start + e + "</script>".len());
    format!("{}{}", &html[..start], &html[end..])
}
/// The live-reload script itself.
pub const LIVE_JS: &str = include_str!("live.js");

/// Served when the site has no `404.html` (for example before the first good build).
const FALLBACK_404: &str = "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Page not found</title></head>\n<body>\n<h1>Page not found</h1>\n<p>Nothing is published at this address yet. Save the page and it appears here.</p>\n</body>\n</html>\n";

/// The request methods the server tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `HEAD`: headers as for `GET`, no body.
    Head,
    /// Anything else: 405.
    Other,
}

/// What a request asks for, as far as the answer depends on it.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    /// The method.
    pub method: Method,
    /// The request target, raw: `/path?query`.
    pub target: &'a str,
    /// The `If-None-Match` header, if sent.
    pub if_none_match: Option<&'a str>,
}

/// Where a request target leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A file of the site, by its path in the build (`about/index.html`).
    File(String),
    /// A permanent redirect to this location (`/section` → `/section/`).
    Redirect(String),
    /// Nothing there (yet): the site's 404 page.
    NotFound,
    /// A path that can never name a file of the site (traversal, NUL, bad escapes).
    BadRequest,
    /// The rebuild event stream.
    Events,
    /// The live-reload script.
    Script,
    /// The build status JSON.
    Status,
}

/// An HTTP response, before it meets a socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Header names and values.
    pub headers: Vec<(&'static str, String)>,
    /// The body; the server drops it for `HEAD` but keeps its length.
    pub body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body,
        }
    }

    fn with(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    /// The value of the first header called `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A plain-text error page.
    pub fn text(status: u16, message: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            format!("{message}\n").into_bytes(),
        )
        .with("Cache-Control", "no-store")
    }
}

/// What to do with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Send this response.
    Reply(Reply),
    /// Hand the connection to the event stream.
    Events,
}

/// Answers a request from the current build; `status_json` is `/__canteen/status`.
pub fn answer(ask: &Ask<'_>, site: &SiteFiles, status_json: &str) -> Answer {
    if ask.method == Method::Other {
        return Answer::Reply(
            Reply::text(405, "only GET and HEAD are supported").with("Allow", "GET, HEAD"),
        );
    }
    let reply = match route(ask.target, |path| site.contains(path)) {
        Route::Events if ask.method == Method::Get => return Answer::Events,
        Route::Events => Reply::text(405, "the event stream needs GET").with("Allow", "GET"),
        Route::Script => Reply::new(
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        )
        .with("Cache-Control", "no-cache"),
        Route::Status => Reply::new(
            200,
            "application/json",
            with_build(status_json, site.build_id()).into_bytes(),
        )
        .with("Cache-Control", "no-store"),
        Route::Redirect(location) => {
            Reply::text(301, &format!("moved to {location}")).with("Location", location)
        }
        Route::BadRequest => Reply::text(
            400,
            "bad request: that address can never name a file of this site",
        ),
        Route::NotFound => not_found(site),
        Route::File(path) => match site.get(&path) {
            Some(Ok(file)) if not_modified(ask.if_none_match, &etag(&file, &path, site)) => Reply {
                status: 304,
                headers: vec![
                    ("ETag", etag(&file, &path, site)),
                    ("Cache-Control", "no-cache".to_string()),
                ],
                body: Vec::new(),
            },
            Some(Ok(file)) => {
                let body = if is_html(&path) {
                    inject_script(&file.bytes, site.build_id())
                } else {
                    file.bytes.to_vec()
                };
                Reply::new(200, content_type(&path), body)
                    .with("ETag", etag(&file, &path, site))
                    .with("Cache-Control", "no-cache")
            }
            Some(Err(error)) => not_rendered(&error, site),
            // The build changed between `route` and `get`: the `exists` check saw another snapshot.
            None => not_found(site),
        },
    };
    Answer::Reply(reply)
}

/// A page whose template failed when it was asked for (the check of every
/// page reports the same error to every tab): status 500, the error in
/// plain words, and the live script, so the page comes back once fixed.
fn not_rendered(error: &crate::error::Error, site: &SiteFiles) -> Reply {
    let message = error.render(&annotate_snippets::Renderer::plain());
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>This page could not be built</title></head>\n<body>\n<h1>This page could not be built</h1>\n<pre>{}</pre>\n</body>\n</html>\n",
        crate::html::escape(&message)
    );
    Reply::new(
        500,
        "text/html; charset=utf-8",
        inject_script(page.as_bytes(), site.build_id()),
    )
    .with("Cache-Control", "no-store")
}

/// The site's `404.html` (or a plain one), with the live script, status 404.
fn not_found(site: &SiteFiles) -> Reply {
    let page = site
        .files()
        .get("404.html")
        .map_or(FALLBACK_404.as_bytes(), |f| &f.bytes[..]);
    Reply::new(
        404,
        "text/html; charset=utf-8",
        inject_script(page, site.build_id()),
    )
    .with("Cache-Control", "no-cache")
}

/// Maps a request target to what it names; `exists` says whether the build made a file.
pub fn route(target: &str, exists: impl Fn(&str) -> bool) -> Route {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    match path {
        EVENTS_PATH => return Route::Events,
        SCRIPT_PATH => return Route::Script,
        STATUS_PATH => return Route::Status,
        _ => {}
    }
    let Some(key) = file_key(path) else {
        return Route::BadRequest;
    };
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return if exists(&index) {
            Route::File(index)
        } else {
            Route::NotFound
        };
    }
    if exists(&key) {
        return Route::File(key);
    }
    if exists(&format!("{key}/index.html")) {
        let location = match query {
            Some(query) => format!("{path}/?{query}"),
            None => format!("{path}/"),
        };
        return Route::Redirect(location);
    }
    Route::NotFound
}

/// The build path a URL path names (`/a/b.css` → `a/b.css`, `/a/` → `a/`),
/// percent-decoded exactly once; `None` for anything that is not a plain
/// path inside the site.
pub fn file_key(path: &str) -> Option<String> {
    // `//host/x` is an absolute path or a network path, never a file of ours.
    let rest = path
        .strip_prefix('/')
        .filter(|rest| !rest.starts_with('/'))?;
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        // An empty last segment is the trailing slash of a directory.
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside || *segment == "." || *segment == ".." || segment.contains(':') {
            return None;
        }
    }
    Some(decoded)
}

/// Decodes `%XX` escapes once; `None` on a malformed escape or invalid UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` for a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

/// True when `If-None-Match` names `etag` (or is `*`), so the answer is 304.
pub fn not_modified(if_none_match: Option<&str>, etag: &str) -> bool {
    let Some(header) = if_none_match else {
        return false;
    };
    // Weak comparison, as RFC 9110 asks for If-None-Match.
    let bare = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    header
        .split(',')
        .any(|tag| tag.trim() == "*" || bare(tag) == bare(etag))
}

/// Adds the live script before the last `</body>`, or at the end if there is none.
/// A file's validator as served: HTML carries the build id in its script tag,
/// so its `ETag` names the build too (a cached page must not outlive it).
fn etag(file: &crate::serve::memory::File, path: &str, site: &SiteFiles) -> String {
    if is_html(path) {
        format!("{}-{}\"", file.etag.trim_end_matches('"'), site.build_id())
    } else {
        file.etag.clone()
    }
}

/// `{"ok":…}` with the served build's id added first.
fn with_build(status_json: &str, build: &str) -> String {
    match status_json.strip_prefix('{') {
        Some(rest) if rest.trim_start().starts_with('}') => format!("{{\"build\":\"{build}\"}}"),
        Some(rest) => format!("{{\"build\":\"{build}\",{rest}"),
        None => status_json.to_string(),
    }
}

/// Adds the live script before the last `</body>`.
pub fn inject_script(html: &[u8], build: &str) -> Vec<u8> {
    let tag = script_tag(build);
    const CLOSE: &[u8] = b"</body>";
    let at = html
        .windows(CLOSE.len())
        .rposition(|w| w.eq_ignore_ascii_case(CLOSE))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const FILES: &[&str] = &[
        "index.html",
        "404.html",
        "about/index.html",
        "css/site.css",
        "a b/index.html",
        "notes/first/index.html",
    ];

    fn exists(path: &str) -> bool {
        FILES.contains(&path)
    }

    /// One snapshot for every test, so build ids agree between requests.
    fn site() -> &'static SiteFiles {
        static SITE: std::sync::OnceLock<SiteFiles> = std::sync::OnceLock::new();
        SITE.get_or_init(|| {
            let files: BTreeMap<String, Vec<u8>> = FILES
                .iter()
                .map(|p| {
                    (
                        p.to_string(),
                        format!("<html><body>{p}</body></html>").into_bytes(),
                    )
                })
                .collect();
            SiteFiles::new(files)
        })
    }

    fn site_build() -> &'static str {
        site().build_id()
    }

    #[test]
    fn urls_map_to_files_of_the_build() {
        let file = |p: &str| Route::File(p.to_string());
        let table: &[(&str, Route)] = &[
            ("/", file("index.html")),
            ("/?x=1", file("index.html")),
            ("/about/", file("about/index.html")),
            ("/about/index.html", file("about/index.html")),
            ("/css/site.css", file("css/site.css")),
            ("/css/site.css?canteen-reload=123", file("css/site.css")),
            ("/a%20b/", file("a b/index.html")),
            ("/about", Route::Redirect("/about/".into())),
            ("/about?x=1", Route::Redirect("/about/?x=1".into())),
            ("/notes/first", Route::Redirect("/notes/first/".into())),
            ("/missing", Route::NotFound),
            ("/missing/", Route::NotFound),
            ("/css/", Route::NotFound),
            ("/__canteen/events", Route::Events),
            ("/__canteen/live.js", Route::Script),
            ("/__canteen/status", Route::Status),
        ];
        for (target, expected) in table {
            assert_eq!(&route(target, exists), expected, "{target}");
        }
    }

    #[test]
    fn nothing_outside_the_site_can_be_named() {
        for target in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/site.toml",
            "/about/../../site.toml",
            "/a/%2e%2e%2f%2e%2e%2fsite.toml",
            "/..%5csite.toml",
            "/..\\site.toml",
            "//etc/passwd",
            "/%2f%2fetc/passwd",
            "/%00",
            "/index.html%00.css",
            "/./index.html",
            "/about//index.html",
            "/%zz",
            "/%e",
            "/%ff",
            "/C:/windows/win.ini",
            "relative",
            "",
        ] {
            assert_eq!(route(target, |_| true), Route::BadRequest, "{target}");
        }
        // Decoded once: `%252e%252e` becomes the harmless name `%2e%2e`, never `..`.
        assert_eq!(
            file_key("/%252e%252e/site.toml").as_deref(),
            Some("%2e%2e/site.toml")
        );
        assert_eq!(route("/%252e%252e/site.toml", exists), Route::NotFound);
    }

    #[test]
    fn content_types_by_extension() {
        let table = [
            ("index.html", "text/html; charset=utf-8"),
            ("css/site.css", "text/css; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("data.json", "application/json"),
            ("sitemap.xml", "application/xml"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("a.png", "image/png"),
            ("a.JPG", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.svg", "image/svg+xml"),
            ("a.webp", "image/webp"),
            ("a.gif", "image/gif"),
            ("favicon.ico", "image/x-icon"),
            ("f.woff2", "font/woff2"),
            ("guide.pdf", "application/pdf"),
            ("LICENSE", "application/octet-stream"),
            ("dir.d/file", "application/octet-stream"),
        ];
        for (path, expected) in table {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }

    #[test]
    fn if_none_match_matches_listed_weak_and_star() {
        let tag = "\"abc\"";
        assert!(!not_modified(None, tag));
        assert!(not_modified(Some("\"abc\""), tag));
        assert!(not_modified(Some("W/\"abc\""), tag));
        assert!(not_modified(Some("\"x\", \"abc\""), tag));
        assert!(not_modified(Some("*"), tag));
        assert!(!not_modified(Some("\"abd\""), tag));
        assert!(!not_modified(Some(""), tag));
    }

    #[test]
    fn the_script_goes_before_the_last_body_close() {
        let out =
            |html: &str| String::from_utf8(inject_script(html.as_bytes(), "7")).unwrap_or_default();
        let tag = script_tag("7");
        assert_eq!(
            out("<p>a</p></body></html>"),
            format!("<p>a</p>{tag}</body></html>")
        );
        assert_eq!(
            out("<p>&lt;/body&gt;</p></BODY>"),
            format!("<p>&lt;/body&gt;</p>{tag}</BODY>")
        );
        assert_eq!(out("<p>no body</p>"), format!("<p>no body</p>{tag}"));
        assert_eq!(without_script(&out("<p>a</p></body>")), "<p>a</p></body>");
    }

    fn reply(method: Method, target: &str, if_none_match: Option<&str>) -> Reply {
        match answer(
            &Ask {
                method,
                target,
                if_none_match,
            },
            site(),
            "{}",
        ) {
            Answer::Reply(reply) => reply,
            Answer::Events => Reply::text(0, "events"),
        }
    }

    #[test]
    fn answers_carry_status_validators_and_the_live_script() {
        let page = reply(Method::Get, "/about/", None);
        assert_eq!(page.status, 200);
        assert_eq!(
            page.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(page.header("cache-control"), Some("no-cache"));
        assert!(String::from_utf8_lossy(&page.body).contains(SCRIPT_OPEN));
        let etag = page.header("etag").unwrap_or_default().to_string();
        let again = reply(Method::Get, "/about/", Some(&etag));
        assert_eq!((again.status, again.body.len()), (304, 0));
        let css = reply(Method::Get, "/css/site.css", None);
        assert!(
            !String::from_utf8_lossy(&css.body).contains(SCRIPT_OPEN),
            "only HTML gets the script"
        );
        let moved = reply(Method::Get, "/about", None);
        assert_eq!(
            (moved.status, moved.header("location")),
            (301, Some("/about/"))
        );
        let missing = reply(Method::Get, "/nope/", None);
        assert_eq!(missing.status, 404);
        assert!(
            String::from_utf8_lossy(&missing.body).contains("404.html"),
            "the site's own 404 page"
        );
        assert!(String::from_utf8_lossy(&missing.body).contains(SCRIPT_OPEN));
        let status = reply(Method::Get, "/__canteen/status", None);
        let build = site_build();
        assert_eq!(
            String::from_utf8_lossy(&status.body),
            format!("{{\"build\":\"{build}\"}}")
        );
        assert!(String::from_utf8_lossy(&page.body).contains(&format!("data-build=\"{build}\"")));
        assert!(
            etag.ends_with(&format!("-{build}\"")),
            "a page's ETag names the build: {etag}"
        );
        assert_eq!(reply(Method::Other, "/", None).status, 405);
        assert_eq!(reply(Method::Head, "/__canteen/events", None).status, 405);
        assert_eq!(reply(Method::Get, "/../site.toml", None).status, 400);
        assert_eq!(
            answer(
                &Ask {
                    method: Method::Get,
                    target: "/__canteen/events",
                    if_none_match: None
                },
                site(),
                "{}"
            ),
            Answer::Events
        );
    }

    #[test]
    fn without_a_404_page_a_plain_one_is_served() {
        let empty = SiteFiles::default();
        let Answer::Reply(reply) = answer(
            &Ask {
                method: Method::Get,
                target: "/x/",
                if_none_match: None,
            },
            &empty,
            "{}",
        ) else {
            panic!("expected a reply");
        };
        assert_eq!(reply.status, 404);
        assert!(String::from_utf8_lossy(&reply.body).contains("Page not found"));
    }
}
