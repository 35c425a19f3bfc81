//! The check of every page of a snapshot that was served before all its
//! pages were rendered (a reassembled site: a new page shows in every
//! page's navigation). It renders them in the background, as a build
//! would, so a template that fails on some other page is reported as a
//! failed build — the last good snapshot served again, the errors sent to
//! every tab — and the next change stops it at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};

use super::Shared;
use super::links::{self, Scans};
use super::memory::SiteFiles;
use super::pages::Pace;
use super::report::Reporter;

/// What a check came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Every page rendered.
    Passed,
    /// Stopped before the end (or could not run): the site is not known
    /// to be good yet.
    Stopped,
    /// A page failed: the last good snapshot is served again and the
    /// errors were reported.
    Failed,
}

/// The last snapshot every page of which rendered, while a newer one is
/// checked: let go of as soon as the newer one passes.
type Fallback = Arc<Mutex<Option<Arc<SiteFiles>>>>;

/// A check running on its own thread.
#[derive(Debug)]
pub(crate) struct Check {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<Outcome>>,
    snapshot: Arc<SiteFiles>,
    fallback: Fallback,
}

impl Check {
    /// Starts checking `snapshot`'s pages; on failure `fallback` (the last
    /// snapshot every page of which rendered) is served again.
    pub(crate) fn start(
        shared: &Arc<Shared>,
        snapshot: Arc<SiteFiles>,
        fallback: Option<Arc<SiteFiles>>,
        reporter: Reporter,
    ) -> Check {
        let stop = Arc::new(AtomicBool::new(false));
        let fallback = Arc::new(Mutex::new(fallback));
        let thread = {
            let (shared, snapshot, stop) = (shared.clone(), snapshot.clone(), stop.clone());
            let fallback = fallback.clone();
            thread::Builder::new()
                .name("canteen-check".into())
                .spawn(move || run(&shared, &snapshot, &fallback, &reporter, &stop))
                .ok()
        };
        Check {
            stop,
            thread,
            snapshot,
            fallback,
        }
    }

    /// Stops the check (waiting for the pages being rendered) and says
    /// what it came to, with the last snapshot known good: the one checked
    /// if it passed, else the fallback it was given.
    pub(crate) fn stop(mut self) -> (Outcome, Option<Arc<SiteFiles>>) {
        self.stop.store(true, Ordering::Relaxed);
        let outcome = match self.thread.take().map(JoinHandle::join) {
            Some(Ok(outcome)) => outcome,
            Some(Err(_)) | None => Outcome::Stopped,
        };
        let good = match outcome {
            Outcome::Passed => Some(self.snapshot.clone()),
            Outcome::Stopped | Outcome::Failed => self
                .fallback
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        };
        (outcome, good)
    }
}

impl Drop for Check {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(
    shared: &Shared,
    snapshot: &SiteFiles,
    fallback: &Mutex<Option<Arc<SiteFiles>>>,
    reporter: &Reporter,
    stop: &AtomicBool,
) -> Outcome {
    let fallback = || fallback.lock().unwrap_or_else(PoisonError::into_inner);
    let scans = Scans::default();
    let visit = |path: &str, html: &[u8]| scans.visit(path, html);
    let result = match snapshot.pages() {
        Some(pages) => pages.check_visiting(stop, Pace::OneThread, &visit),
        None => Ok(true),
    };
    match result {
        Ok(true) => {
            // Not needed any more: let its pages go now.
            fallback().take();
            reporter.warn(shared, &links::warnings(snapshot, &scans.into_inner()));
            Outcome::Passed
        }
        Ok(false) => Outcome::Stopped,
        Err(error) => {
            if let Some(good) = fallback().clone() {
                shared.swap_site(good);
            }
            reporter.report(
                shared,
                &error,
                "A page failed to render after the last change; still serving the last good build",
            );
            Outcome::Failed
        }
    }
}
