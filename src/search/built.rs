//! Each edition's index files as the last build wrote them, kept for the
//! next (`.canteen-cache/search/<language>.index`, beside the entries): an
//! edition whose index is made of the same entries in the same order, in
//! the same language, with the same synonyms and the same pages shared
//! with the current edition, has the same files byte for byte, so a build
//! takes them from here rather than gathering every page's words and
//! writing the dictionary again (on an unchanged 10,000-page site, about
//! 0.3 s of CPU and 30 MB of fresh memory).
//!
//! An edition is found by its fingerprint (`fingerprint`), a 128-bit
//! SipHash of all of that, and each entry's key already holds everything
//! the entry was made of. A file that cannot be read, or is not one this
//! version of canteen wrote, holds nothing. A build writes the file beside
//! its name as it writes the index (`Keeping`), and only a build that
//! succeeded renames it into place (`Written::keep`).
//!
//! Layout, little-endian: `MAGIC`, then each edition: its fingerprint
//! (u128), then each of its files: the lengths of its name and of its
//! bytes (u32 each), the name, the bytes; then a name length of zero.

use std::fs::File;
use std::hash::Hasher;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use siphasher::sip128::{Hasher128, SipHasher13};

use super::cache::{FileBytes, u32_at, write_field};
use super::index::Entry;

/// The start of every file. Changed whenever what the index files hold, or
/// how they are made, changes (the fingerprint also holds canteen's
/// version).
const MAGIC: &[u8; 16] = b"canteen-built-1\n";

/// The fingerprint of an edition's index made of `entries`, in order, in
/// `language`, with `synonyms` and `same` (its pages' numbers in the
/// current edition's index).
pub fn fingerprint(
    language: &str,
    synonyms: &[Vec<String>],
    same: Option<&[i64]>,
    entries: &[Arc<Entry>],
) -> u128 {
    let mut hasher = SipHasher13::new();
    write_field(&mut hasher, env!("CARGO_PKG_VERSION"));
    write_field(&mut hasher, language);
    hasher.write_u64(synonyms.len() as u64);
    for group in synonyms {
        hasher.write_u64(group.len() as u64);
        group.iter().for_each(|word| write_field(&mut hasher, word));
    }
    match same {
        Some(same) => {
            hasher.write_u64(same.len() as u64 + 1);
            same.iter().for_each(|&n| hasher.write_i64(n));
        }
        None => hasher.write_u64(0),
    }
    hasher.write_u64(entries.len() as u64);
    for entry in entries {
        hasher.write_u128(entry.key);
    }
    hasher.finish128().into()
}

/// Where a kept file's name is in the kept bytes, then where its bytes are.
type FileAt = (Range<usize>, Range<usize>);

/// The index files the last build kept, by edition.
#[derive(Debug, Default)]
pub struct BuiltIndexes {
    bytes: FileBytes,
    /// Each edition's files, by its fingerprint.
    editions: FxHashMap<u128, Vec<FileAt>>,
}

impl BuiltIndexes {
    /// The file of index files kept for the site at `root` in `language`.
    pub fn file(root: &Path, language: &str) -> PathBuf {
        super::cache::EntryCache::file(root, language).with_extension("index")
    }

    /// The index files in `file`; none when it is missing, unreadable or
    /// not one this version of canteen wrote.
    pub fn load(file: &Path) -> BuiltIndexes {
        FileBytes::open(file)
            .ok()
            .and_then(parse)
            .unwrap_or_default()
    }

    /// How many editions' files it holds.
    pub fn len(&self) -> usize {
        self.editions.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.editions.is_empty()
    }

    /// The files of the edition with `fingerprint`, by name, if kept.
    pub fn files(&self, fingerprint: u128) -> Option<impl Iterator<Item = (&str, &[u8])>> {
        let files = self.editions.get(&fingerprint)?;
        Some(files.iter().map(|(name, bytes)| {
            // Names were checked to be UTF-8 as the file was read.
            let name = std::str::from_utf8(&self.bytes[name.clone()]).unwrap_or_default();
            (name, &self.bytes[bytes.clone()])
        }))
    }
}

/// The editions in a file's `bytes`; `None` when any part of it is not as
/// `Keeping` writes it.
fn parse(bytes: FileBytes) -> Option<BuiltIndexes> {
    let mut n = MAGIC.len();
    if bytes.get(..n)? != MAGIC {
        return None;
    }
    let mut editions = FxHashMap::default();
    while n < bytes.len() {
        let fingerprint = u128::from_le_bytes(bytes.get(n..n + 16)?.try_into().ok()?);
        n += 16;
        let mut files = Vec::new();
        loop {
            let name_len = u32_at(&bytes, n)? as usize;
            n += 4;
            if name_len == 0 {
                break;
            }
            let len = u32_at(&bytes, n)? as usize;
            let name = n + 4..(n + 4).checked_add(name_len)?;
            let body = name.end..name.end.checked_add(len)?;
            std::str::from_utf8(bytes.get(name.clone())?).ok()?;
            bytes.get(body.clone())?;
            n = body.end;
            files.push((name, body));
        }
        editions.insert(fingerprint, files);
    }
    Some(BuiltIndexes { bytes, editions })
}

/// A new file of index files being written beside the kept one, named for
/// this process; nothing is written once a write fails (the next build
/// then makes its index again).
pub struct Keeping {
    written: Written,
    out: Option<BufWriter<File>>,
    /// Whether an edition was begun and not yet ended.
    open: bool,
}

impl Keeping {
    /// Starts a file to be kept as `file`, after removing any such file a
    /// stopped build left; `None` if it cannot be made.
    pub fn begin(file: &Path) -> Option<Keeping> {
        let folder = file.parent()?;
        std::fs::create_dir_all(folder).ok()?;
        let name = file.file_name()?.to_str()?;
        super::spill::remove_stale(folder, name);
        let partial = super::spill::scratch_beside(folder, name, "tmp");
        let mut out = BufWriter::with_capacity(1 << 20, crate::fs::create_scratch(&partial).ok()?);
        let written = Written {
            partial,
            file: file.to_path_buf(),
        };
        out.write_all(MAGIC).ok()?;
        Some(Keeping {
            written,
            out: Some(out),
            open: false,
        })
    }

    /// Begins the files of the edition with `fingerprint`.
    pub fn edition(&mut self, fingerprint: u128) {
        self.end_edition();
        self.write(&[&fingerprint.to_le_bytes()]);
        self.open = true;
    }

    /// Adds a file of the edition begun last.
    pub fn put(&mut self, name: &str, bytes: &[u8]) {
        let (Ok(name_len), Ok(len)) = (u32::try_from(name.len()), u32::try_from(bytes.len()))
        else {
            self.out = None;
            return;
        };
        if name_len == 0 {
            self.out = None;
            return;
        }
        self.write(&[
            &name_len.to_le_bytes(),
            &len.to_le_bytes(),
            name.as_bytes(),
            bytes,
        ]);
    }

    /// The file, written and closed, for `Written::keep` once the build
    /// has succeeded; `None` if it could not be written.
    pub fn finish(mut self) -> Option<Written> {
        self.end_edition();
        let out = self.out.take()?;
        out.into_inner().ok()?;
        // What is left behind is empty: dropping it removes nothing.
        Some(std::mem::take(&mut self.written))
    }

    fn end_edition(&mut self) {
        if std::mem::take(&mut self.open) {
            self.write(&[&0u32.to_le_bytes()]);
        }
    }

    fn write(&mut self, parts: &[&[u8]]) {
        if let Some(out) = &mut self.out
            && parts
                .iter()
                .try_for_each(|part| out.write_all(part))
                .is_err()
        {
            self.out = None;
        }
    }
}

/// A file of index files written beside the kept one; removed unless it is
/// kept (`keep`).
#[derive(Debug, Default)]
pub struct Written {
    partial: PathBuf,
    file: PathBuf,
}

impl Written {
    /// Renames the file into place, for the next build.
    pub fn keep(mut self) -> std::io::Result<()> {
        let partial = std::mem::take(&mut self.partial);
        super::spill::rename_or_remove(&partial, &self.file)
    }
}

impl Drop for Written {
    /// A build that failed leaves the kept file as it was.
    fn drop(&mut self) {
        if !self.partial.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

#[cfg(test)]
mod tests;
