//! A safety interlock run before each build: loads the generated content
//! with canteen's own loader (no rendering, no writing) and refuses to run
//! the build when a document or file would be written to an absolute path
//! or climb out of the case's temporary folder. Today such a site writes,
//! for example, `/index.html` (a top-level `!.md`, or `slug = ""`); a
//! property test must not do that to the machine it runs on. The refusal
//! is itself reported as a failure of the property "nothing is written
//! outside the output".

#![allow(dead_code)] // shared by tests/properties.rs and tests/regressions.rs

use std::path::Path;
use std::time::Duration;

use canteen::content::data::Data;
use canteen::content::{ContentTree, LoadOptions};

/// Why the build must not run, or `None` when every address is relative
/// and climbs at most `max_climb` folders.
pub fn unsafe_address(
    case: &Path,
    site: &Path,
    drafts: bool,
    max_climb: usize,
    limit: Duration,
) -> Option<String> {
    let (case, site) = (case.to_path_buf(), site.to_path_buf());
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let data = Data::load(&site.join("data"), &site).unwrap_or_default();
        let options = LoadOptions { drafts };
        let found = match ContentTree::load(&site.join("content"), &site, &data, options) {
            Ok(tree) => tree
                .docs
                .iter()
                .map(|d| {
                    (
                        d.display_path.display().to_string(),
                        format!("{}index.html", d.url),
                    )
                })
                .chain(
                    tree.assets
                        .iter()
                        .map(|a| (format!("content/{}", a.rel), a.out.clone())),
                )
                .find(|(_, out)| escapes(out, &case, max_climb)),
            Err(_) => None,
        };
        let _ = send.send(found);
    });
    match receive.recv_timeout(limit) {
        Ok(Some((source, out))) => Some(format!(
            "`{source}` would be written to `{out}` in the output: outside it (not run, to keep the machine safe)"
        )),
        // A panic in loading: the build itself will show it.
        Ok(None) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => None,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Some(format!(
            "hang: loading the content took more than {limit:?}"
        )),
    }
}

/// True for an absolute path outside the case folder, or a relative one
/// that climbs more than `max_climb` levels. (An absolute path into the
/// case folder is an attack the build may try: the snapshot sees it.)
fn escapes(path: &str, case: &Path, max_climb: usize) -> bool {
    if path.starts_with('/') {
        let mut normal = std::path::PathBuf::from("/");
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    normal.pop();
                }
                p => normal.push(p),
            }
        }
        return !normal.starts_with(case);
    }
    let mut depth: isize = 0;
    for part in path.split('/') {
        match part {
            ".." => depth -= 1,
            "" | "." => {}
            _ => depth += 1,
        }
        if depth < -(max_climb as isize) {
            return true;
        }
    }
    false
}
