//! `canteen serve`: build the site into memory, serve it over HTTP, watch
//! the sources, rebuild on every real change and tell open tabs to reload.
//!
//! This module is the wiring: options, shared state, start and shutdown.
//! The policy lives in pure functions (`http` for request → response,
//! `watch::plan` for change → rebuild); `server`, `watch` and `reload` are
//! thin shells around sockets and the file system. It must never write to
//! the output directory: the preview lives in memory only.

mod check;
pub mod findings;
pub mod health;
pub mod http;
mod links;
pub mod memory;
pub mod pages;
pub mod rebuild;
pub mod reload;
pub mod report;
pub mod saves;
mod server;
pub mod watch;

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, PoisonError, RwLock};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde::Serialize;
use tiny_http::Server;

pub use memory::{MemorySink, SiteFiles};
pub use rebuild::build_in_memory;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::paths::CONFIG_FILE;
use crate::site::BuildOptions;
use rebuild::Rebuilder;
use reload::Hub;
use watch::{Signal, Watch};

/// The port `canteen serve` tries first.
pub const DEFAULT_PORT: u16 = 1111;
/// How many following ports to try when the asked one is taken.
const PORT_ATTEMPTS: u16 = 10;
/// Threads answering ordinary requests (event streams have their own).
const WORKERS: usize = 8;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root (holds `site.toml`).
    pub root: PathBuf,
    /// The address to listen on; loopback unless the user asks otherwise.
    pub bind: IpAddr,
    /// The port to try first; 0 lets the system choose.
    pub port: u16,
    /// Include draft pages.
    pub drafts: bool,
    /// Print nothing (tests).
    pub quiet: bool,
    /// How long the events of a save that is not yet complete (a file
    /// still being written, a page deleted that may be created again) must
    /// pause before rebuilding; a complete save rebuilds at once. An editor
    /// that deletes and creates a page again does so within a millisecond
    /// or two; a page really deleted waits this long to be shown gone. The
    /// window starts again when the machine was too busy to keep time.
    pub debounce: Duration,
    /// How often an idle event stream is sent a comment, so closed tabs are noticed.
    pub heartbeat: Duration,
}

impl ServeOptions {
    /// The defaults for serving the site at `root`: 127.0.0.1:1111.
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            drafts: false,
            quiet: false,
            debounce: Duration::from_millis(30),
            heartbeat: Duration::from_secs(15),
        }
    }
}

/// The build status every tab can ask for at `/__canteen/status`.
#[derive(Debug, Default)]
pub(crate) struct Status {
    errors: Vec<Diagnostic>,
    /// Problems found on the pages rendered that do not stop the build
    /// (broken links in the HTML).
    warnings: Vec<Diagnostic>,
    /// The findings of the checks of the loaded site (`findings.rs`), of
    /// the last site that built.
    findings: Arc<Vec<findings::Listed>>,
    /// `{"ok": …, "errors": […], "warnings": […], "findings": […]}`,
    /// serialised once per change.
    json: String,
}

impl Status {
    fn new(
        errors: Vec<Diagnostic>,
        warnings: Vec<Diagnostic>,
        findings: Arc<Vec<findings::Listed>>,
    ) -> Status {
        #[derive(Serialize)]
        struct Json<'a> {
            ok: bool,
            errors: &'a [Diagnostic],
            warnings: &'a [Diagnostic],
            findings: Vec<serde_json::Value>,
        }
        let json = serde_json::to_string(&Json {
            ok: errors.is_empty(),
            errors: &errors,
            warnings: &warnings,
            findings: findings.iter().map(findings::Listed::json).collect(),
        })
        .unwrap_or_else(|_| "{\"ok\":false,\"errors\":[],\"warnings\":[],\"findings\":[]}".into());
        Status {
            errors,
            warnings,
            findings,
            json,
        }
    }
}

/// What the workers, the event streams and the watch thread share.
pub(crate) struct Shared {
    site: RwLock<Arc<SiteFiles>>,
    status: RwLock<Arc<Status>>,
    hub: Hub,
    rebuilds: AtomicU64,
    stopping: AtomicBool,
    heartbeat: Duration,
}

impl Shared {
    fn new(heartbeat: Duration) -> Shared {
        Shared {
            site: RwLock::new(Arc::new(SiteFiles::default())),
            status: RwLock::new(Arc::new(Status::new(
                Vec::new(),
                Vec::new(),
                Arc::default(),
            ))),
            hub: Hub::new(),
            rebuilds: AtomicU64::new(0),
            stopping: AtomicBool::new(false),
            heartbeat,
        }
    }

    /// The build being served now.
    pub(crate) fn site(&self) -> Arc<SiteFiles> {
        self.site
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn status(&self) -> Arc<Status> {
        self.status
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Serves `files` from now on and clears the errors; returns the
    /// previous build and whether the last build had failed.
    pub(crate) fn swap_site(&self, files: Arc<SiteFiles>) -> (Arc<SiteFiles>, bool) {
        let old = std::mem::replace(
            &mut *self.site.write().unwrap_or_else(PoisonError::into_inner),
            files,
        );
        let mut status = self.status.write().unwrap_or_else(PoisonError::into_inner);
        let findings = status.findings.clone();
        let old_status = std::mem::replace(
            &mut *status,
            Arc::new(Status::new(Vec::new(), Vec::new(), findings)),
        );
        (old, !old_status.errors.is_empty())
    }

    /// Records a failed build; the last good site stays served.
    pub(crate) fn set_errors(&self, errors: Vec<Diagnostic>) {
        let mut status = self.status.write().unwrap_or_else(PoisonError::into_inner);
        *status = Arc::new(Status::new(errors, Vec::new(), status.findings.clone()));
    }

    /// Records the warnings of the site served now (its errors kept).
    pub(crate) fn set_warnings(&self, warnings: Vec<Diagnostic>) {
        let mut status = self.status.write().unwrap_or_else(PoisonError::into_inner);
        *status = Arc::new(Status::new(
            status.errors.clone(),
            warnings,
            status.findings.clone(),
        ));
    }

    /// Records the findings of the checks of the site served now.
    pub(crate) fn set_findings(&self, findings: Vec<findings::Listed>) {
        let mut status = self.status.write().unwrap_or_else(PoisonError::into_inner);
        *status = Arc::new(Status::new(
            status.errors.clone(),
            status.warnings.clone(),
            Arc::new(findings),
        ));
    }
}

/// A running dev server. Dropping it shuts the server down.
pub struct Handle {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    server: Arc<Server>,
    workers: Vec<JoinHandle<()>>,
    watcher: Option<JoinHandle<()>>,
    signals: Sender<Signal>,
}

/// Builds the site, starts serving it and watching its sources; returns once
/// the first build is served (even a failed one: its errors are shown).
pub fn start(options: ServeOptions) -> Result<Handle, Error> {
    if !options.root.join(CONFIG_FILE).is_file() {
        // Not a site at all: say so now rather than serve an empty preview.
        Config::load(&options.root)?;
    }
    let (server, addr) = bind(options.bind, options.port)?;
    let url = format!("http://{addr}/");
    let mut rebuilder = Rebuilder::new(
        BuildOptions {
            root: options.root.clone(),
            output: None,
            base_url: Some(url.clone()),
            drafts: options.drafts,
            // Never the published site: kept from search engines.
            preview: true,
            // The dev server reads the kept entries but never writes them.
            keeps_search_entries: false,
        },
        options.quiet,
    );
    let (mut watch, signals) = Watch::start(&options.root, options.debounce)?;
    let shared = Arc::new(Shared::new(options.heartbeat));
    rebuilder.first(&shared);
    let server = Arc::new(server);
    let thread_error = |e: std::io::Error| Error::Serve(format!("could not start a thread: {e}"));
    let workers = server::spawn_workers(&server, &shared, WORKERS).map_err(thread_error)?;
    let watcher = {
        let shared = shared.clone();
        thread::Builder::new()
            .name("canteen-watch".into())
            // Rebuilds render 404 and redirect pages on this thread.
            .stack_size(crate::render::limits::STACK_SIZE)
            .spawn(move || {
                while let Some(changes) = watch.next_changes() {
                    rebuilder.on_changes(&shared, &changes);
                }
            })
            .map_err(thread_error)?
    };
    Ok(Handle {
        addr,
        url,
        shared,
        server,
        workers,
        watcher: Some(watcher),
        signals,
    })
}

/// Listens on `ip:port`, or on one of the next ports when it is taken.
fn bind(ip: IpAddr, port: u16) -> Result<(Server, SocketAddr), Error> {
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS };
    let mut last = String::new();
    for candidate in (0..attempts).filter_map(|i| port.checked_add(i)) {
        match Server::http(SocketAddr::new(ip, candidate)) {
            Ok(server) => {
                let addr = server
                    .server_addr()
                    .to_ip()
                    .unwrap_or(SocketAddr::new(ip, candidate));
                return Ok((server, addr));
            }
            Err(e) => {
                let in_use = e
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::AddrInUse);
                last = e.to_string();
                if !in_use {
                    break;
                }
            }
        }
    }
    Err(Error::Serve(format!(
        "could not listen on {ip} port {port}: {last}. Choose another with --port"
    )))
}

impl Handle {
    /// The address the server listens on (with the port actually bound).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's address, `http://127.0.0.1:1111/`; also the build's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many rebuilds have finished (successful or not), not counting the first build.
    pub fn rebuilds(&self) -> u64 {
        self.shared
            .rebuilds
            .load(Ordering::SeqCst)
            .saturating_sub(1)
    }

    /// Every file being served, path → bytes, as the build produced them.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        self.shared.site().to_map()
    }

    /// The diagnostics of the last build; empty when it succeeded.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.shared.status().errors.clone()
    }

    /// The warnings of the site served now (broken links on its pages).
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.shared.status().warnings.clone()
    }

    /// The findings of the checks of the site served now (`findings.rs`).
    pub fn findings(&self) -> Vec<findings::Listed> {
        self.shared.status().findings.to_vec()
    }

    /// How many event streams (open tabs) have a thread right now.
    pub fn event_streams(&self) -> usize {
        self.shared.hub.streams()
    }

    /// Serves until the process is stopped.
    pub fn wait(mut self) {
        for worker in std::mem::take(&mut self.workers) {
            let _ = worker.join();
        }
    }

    /// Stops watching and serving, and ends every event stream.
    pub fn shutdown(self) {}

    fn stop(&mut self) {
        let _ = self.signals.send(Signal::Stop);
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
        self.shared.hub.close();
        self.shared.stopping.store(true, Ordering::SeqCst);
        for _ in &self.workers {
            self.server.unblock();
        }
        for worker in std::mem::take(&mut self.workers) {
            let _ = worker.join();
        }
        // Streams see the closed hub at once; wait briefly so none outlives the handle.
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.shared.hub.streams() > 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.stop();
    }
}
