//! Writing the site: into a fresh directory beside the target, swapped into
//! place only when the whole build has succeeded.
//!
//! Invariants: nothing is written to the output directory until the build
//! has succeeded; a failed build leaves the previous output byte-for-byte
//! untouched; canteen only ever deletes directories that carry its marker.

pub mod claims;
pub mod cleanup;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::error::Error;
use crate::fs::{self, FsResult};

/// The file that marks a directory as canteen's own output.
pub const MARKER: &str = ".canteen-output";

/// Somewhere rendered files go: a directory on disk, or memory in `serve`.
pub trait Sink: Sync {
    /// Stores a file at `path` (relative, `/`-separated).
    fn put(&self, path: &str, bytes: Vec<u8>) -> FsResult<()>;
    /// Stores `bytes`, which the caller keeps, at `path`: a sink that
    /// writes to disk writes them without a copy (search fragments, 38 MB
    /// at 10,000 pages, are kept for the next index `serve` makes).
    fn put_copy(&self, path: &str, bytes: &[u8]) -> FsResult<()> {
        self.put(path, bytes.to_vec())
    }
    /// Copies a file from disk to `path`.
    fn copy_from(&self, path: &str, from: &Path) -> FsResult<()> {
        self.put(path, fs::read(from)?)
    }
    /// Places a file from canteen's own cache at `path`: a hard link where
    /// the sink is a folder on the same file system, else a copy. Only for
    /// files nobody writes to in place (a cached card is replaced by
    /// renaming, never rewritten, and is read-only), so output and cache
    /// sharing one file cannot change either behind canteen's back.
    fn link_from(&self, path: &str, from: &Path) -> FsResult<()> {
        self.copy_from(path, from)
    }
    /// True when files that are slow to make (social cards) are made only
    /// when asked for, not now: the dev server's memory.
    fn makes_on_request(&self) -> bool {
        false
    }
    /// True when the sink keeps nothing it is given (`canteen check`): a
    /// file that is slow to make (a social card) is only named to it, as
    /// a `put` of no bytes, so that links to it are known to be good.
    fn keeps_nothing(&self) -> bool {
        false
    }
}

/// A directory being filled, not yet visible at the target path.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// The folders made so far, so each is made once, not once per file.
    folders: Mutex<HashSet<PathBuf>>,
    /// When the previous build is still at `target` (until `commit`) and
    /// canteen made it, its unchanged files are linked, not written again
    /// (`link_unchanged`): these are its folders (from the output's top)
    /// found to be real folders, not symbolic links.
    previous_folders: Option<Mutex<HashSet<PathBuf>>>,
}

impl Staging {
    /// Checks the target is safe to replace and creates the staging directory.
    pub fn begin(target: &Path, root: &Path) -> Result<Staging, Error> {
        check_target(target, root)?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        cleanup::remove_stale(parent, &name);
        let dir = parent.join(format!(".{name}.canteen-tmp-{}", std::process::id()));
        let _writing = cleanup::writing();
        if dir.exists() {
            // Left by an earlier run of ours with the same pid; it carries our name.
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        cleanup::register(&dir);
        fs::write(
            &dir.join(MARKER),
            "This directory was written by canteen and is replaced on every build.\n",
        )?;
        let previous_folders = (target.join(MARKER).is_file()
            && std::fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()))
        .then(Mutex::default);
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            folders: Mutex::default(),
            previous_folders,
        })
    }

    /// Moves the finished build into place, then removes the previous one.
    pub fn commit(self) -> Result<(), Error> {
        let _writing = cleanup::writing();
        let old = self.dir.with_file_name(format!(
            ".{}.canteen-old-{}",
            self.target
                .file_name()
                .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        let had_previous = self.target.exists();
        if had_previous {
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_previous {
                // Put the previous site back so the target is never left empty.
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e.into());
        }
        cleanup::unregister(&self.dir);
        if had_previous {
            fs::remove_tree(&old)?;
        }
        std::mem::forget(self);
        Ok(())
    }
}

impl Drop for Staging {
    /// A build that did not commit removes its own staging directory.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        cleanup::unregister(&self.dir);
    }
}

impl Staging {
    /// The file at `path` in the staging folder, once `path` is known to
    /// stay inside it; errors name the file as it will be in the output.
    fn file(&self, path: &str) -> FsResult<PathBuf> {
        check_path(path, &self.target)?;
        Ok(self.dir.join(path))
    }

    /// The file at `path` in the staging folder, with the folder it goes
    /// in made (once a build: the next file there needs no system call).
    fn file_in_folder(&self, path: &str) -> FsResult<PathBuf> {
        let file = self.file(path)?;
        if let Some(parent) = file.parent() {
            let made = |folders: &HashSet<PathBuf>| folders.contains(parent);
            let lock = || self.folders.lock().unwrap_or_else(PoisonError::into_inner);
            if !made(&lock()) {
                fs::create_dir_all(parent).map_err(|e| self.in_target(e))?;
                lock().insert(parent.to_path_buf());
            }
        }
        Ok(file)
    }

    /// An error about a file in the staging folder, naming the file the
    /// user will look for: the one in the output folder.
    fn in_target(&self, mut error: crate::fs::FsError) -> crate::fs::FsError {
        if let Ok(rel) = error.path.strip_prefix(&self.dir) {
            error.path = self.target.join(rel);
        }
        error
    }
}

impl Staging {
    /// Hard-links the previous output's file at `path` to `file` when it
    /// holds exactly `bytes`: a rebuild then makes a new inode only for
    /// what changed, which on a disk is most of a large site's build time
    /// (and the unchanged file keeps its date, for `rsync` and caches).
    /// Only a regular file reached through real folders is used: a
    /// symbolic link in the old output is never followed out of it.
    /// False, and nothing done, whenever it cannot.
    fn link_unchanged(&self, path: &str, bytes: &[u8], file: &Path) -> bool {
        let Some(real) = &self.previous_folders else {
            return false;
        };
        if !self.folders_real(real, path) {
            return false;
        }
        let old = self.target.join(path);
        let same = std::fs::symlink_metadata(&old)
            .is_ok_and(|m| m.file_type().is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(&old).is_ok_and(|b| b == bytes);
        same && std::fs::hard_link(&old, file).is_ok()
    }

    /// Whether every folder of `path` in the previous output is a real
    /// folder (no symbolic link); each is looked at once a build, and a
    /// folder known real vouches for those above it.
    fn folders_real(&self, real: &Mutex<HashSet<PathBuf>>, path: &str) -> bool {
        let Some(parent) = Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        else {
            return true;
        };
        let mut real = real.lock().unwrap_or_else(PoisonError::into_inner);
        if real.contains(parent) {
            return true;
        }
        let above: Vec<&Path> = parent
            .ancestors()
            .take_while(|p| !p.as_os_str().is_empty())
            .collect();
        for folder in above.into_iter().rev() {
            if real.contains(folder) {
                continue;
            }
            if !std::fs::symlink_metadata(self.target.join(folder)).is_ok_and(|m| m.is_dir()) {
                return false;
            }
            real.insert(folder.to_path_buf());
        }
        true
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> FsResult<()> {
        self.put_copy(path, &bytes)
    }

    fn put_copy(&self, path: &str, bytes: &[u8]) -> FsResult<()> {
        let _writing = cleanup::writing();
        let file = self.file_in_folder(path)?;
        if self.link_unchanged(path, bytes, &file) {
            return Ok(());
        }
        fs::write(&file, bytes).map_err(|e| self.in_target(e))
    }

    fn copy_from(&self, path: &str, from: &Path) -> FsResult<()> {
        let _writing = cleanup::writing();
        let file = self.file_in_folder(path)?;
        fs::copy(from, &file)
    }

    fn link_from(&self, path: &str, from: &Path) -> FsResult<()> {
        let _writing = cleanup::writing();
        let file = self.file_in_folder(path)?;
        // Another file system (an output on /dev/shm, a cache on a
        // network drive) or one without hard links: a copy does as well.
        if std::fs::hard_link(from, &file).is_ok() {
            return Ok(());
        }
        fs::copy(from, &file)
    }
}

/// Refuses a path a sink was given that would not stay inside the output
/// folder `shown` (every sink checks, whatever made the path).
pub fn check_path(path: &str, shown: &Path) -> FsResult<()> {
    match crate::content::address::output_problem(path) {
        None => Ok(()),
        Some(problem) => Err(crate::fs::FsError {
            action: "write",
            path: shown.join(path),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("the path {problem}, so it would not be inside the output folder"),
            ),
        }),
    }
}

/// Refuses output directories whose replacement would destroy the user's
/// work: the site root or a folder holding it, any folder canteen reads
/// (`content/`, `static/`, `templates/`, `data/`, `local/`, `editions/`,
/// `themes/`) or anything inside one, and a folder canteen did not make.
/// Symbolic links are resolved first, so a link cannot smuggle the output
/// into the content.
pub fn check_target(target: &Path, root: &Path) -> Result<(), Error> {
    let (target_abs, root_abs) = (fs::resolve(target), fs::resolve(root));
    let public = root.join(crate::paths::OUTPUT);
    if target_abs == root_abs || root_abs.starts_with(&target_abs) {
        return Err(Error::Output(format!(
            "the output directory `{}` is the site root or contains it; canteen replaces the output directory on every build, so that would delete your site. Choose another, such as `{}`",
            target.display(),
            public.display()
        )));
    }
    for source in crate::paths::SOURCES {
        if target_abs.starts_with(root_abs.join(source)) {
            return Err(Error::Output(format!(
                "the output directory `{}` is inside `{source}/`, which canteen reads; the next build would read its own output. Choose a directory outside it, such as `{}`",
                target.display(),
                public.display()
            )));
        }
    }
    if target.exists() {
        if !target.is_dir() {
            return Err(Error::Output(format!(
                "the output path `{}` is a file, not a directory; choose another",
                target.display()
            )));
        }
        let empty = std::fs::read_dir(target)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !target.join(MARKER).exists() {
            return Err(Error::Output(format!(
                "the output directory `{}` already exists and was not created by canteen, so canteen will not replace it. Move it away, or choose another output directory with --output",
                target.display()
            )));
        }
    }
    Ok(())
}
