//! Search entries kept from one build to the next, in one file per
//! language (`.canteen-cache/search/<language>.entries`, git-ignored, never
//! read as content): a page whose entry would be made of the same fields
//! and the same HTML as last time takes it from here, rather than reading
//! and counting its text again (on a 10,000-page site, most of what search
//! adds to a build).
//!
//! An entry is found by its key, a 128-bit SipHash of everything it is
//! made of (`key`), so an entry is never used for a page it was not made
//! from. A file that cannot be read, or is not one this version of canteen
//! wrote, is an empty cache; an entry that does not decode is a miss. The
//! file is written beside its name and renamed, so a build that stops
//! half-way, or two at once, leave a whole file or none.
//!
//! Layout, little-endian: `MAGIC`, the entry count (u32), then each entry:
//! its key (u128), the lengths of its fragment and of its words (u32
//! each), its word count (u32), then the fragment, the words, each word's
//! length and each word's weight.

use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxHashMap;
use siphasher::sip128::{Hasher128, SipHasher13};

use super::index::Entry;
use super::spill::Spill;

/// The start of every cache file. Changed whenever what an entry holds,
/// or how it is made, changes (the key also holds canteen's version).
pub(super) const MAGIC: &[u8; 16] = b"canteen-search1\n";
/// An entry's fixed part: its key, two lengths and its word count.
pub(super) const HEAD: usize = 16 + 4 + 4 + 4;

/// A cache file's bytes: mapped (`memory::map_file`), or read where it
/// cannot be.
#[derive(Debug)]
pub enum FileBytes {
    Mapped(crate::memory::Mapped),
    Read(Vec<u8>),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(mapped) => mapped,
            FileBytes::Read(bytes) => bytes,
        }
    }
}

impl FileBytes {
    /// The bytes of `file`, mapped, or read where it cannot be mapped.
    pub fn open(file: &Path) -> std::io::Result<FileBytes> {
        let opened = std::fs::File::open(file)?;
        crate::memory::map_file(&opened)
            .map(FileBytes::Mapped)
            .or_else(|_| std::fs::read(file).map(FileBytes::Read))
    }
}

impl Default for FileBytes {
    fn default() -> Self {
        FileBytes::Read(Vec::new())
    }
}

/// The entries the last build kept.
#[derive(Debug, Default)]
pub struct EntryCache {
    /// The file, shared with every entry read from it.
    bytes: Arc<FileBytes>,
    /// Where each entry's block starts in `bytes`, and its lengths
    /// (`Entry::block`'s), by key.
    at: FxHashMap<u128, (usize, [usize; 3])>,
    /// Whether an entry was asked for that it does not hold.
    missed: AtomicBool,
    /// The cache file, when the entries a build makes are written beside
    /// it as they are made (`spilled`), for a build that keeps them.
    spills_beside: Option<PathBuf>,
    /// That file of entries made, from the first entry made (`None` if it
    /// could not be made: entries are then held in memory).
    spill: OnceLock<Option<Arc<Spill>>>,
}

impl EntryCache {
    /// The cache file of the site at `root` for `language`'s index.
    pub fn file(root: &Path, language: &str) -> PathBuf {
        // A language tag is letters, digits and `-` (`Config` checks it);
        // anything else is left out of the name.
        let name: String = language
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        root.join(crate::paths::CACHE)
            .join("search")
            .join(format!("{name}.entries"))
    }

    /// The entries in `file`, as `load` reads them; with `spill`, entries
    /// made from now on are written beside it as they are made
    /// (`spilled`), for a build that keeps them (`keep`).
    pub fn open(file: &Path, spill: bool) -> EntryCache {
        let mut cache = EntryCache::load(file);
        if spill {
            cache.spills_beside = Some(file.to_path_buf());
        }
        cache
    }

    /// The entries in `file`; none when it is missing, unreadable or not
    /// a cache this version of canteen wrote.
    pub fn load(file: &Path) -> EntryCache {
        FileBytes::open(file)
            .ok()
            .and_then(EntryCache::parse)
            .unwrap_or_default()
    }

    fn parse(bytes: FileBytes) -> Option<EntryCache> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let count = u32_at(rest, 0)? as usize;
        // A count no file this size can hold is damage, not a reason to
        // ask for gigabytes.
        if count > bytes.len() / HEAD {
            return None;
        }
        let mut at = FxHashMap::default();
        at.reserve(count);
        let mut n = MAGIC.len() + 4;
        for _ in 0..count {
            let head = bytes.get(n..n + HEAD)?;
            let key = u128::from_le_bytes(head[..16].try_into().ok()?);
            let lengths = [16, 20, 24].map(|at| u32_at(head, at).map_or(0, |x| x as usize));
            let start = n + HEAD;
            let end = start.checked_add(Entry::block_len(lengths)?)?;
            if end > bytes.len() {
                return None;
            }
            at.insert(key, (start, lengths));
            n = end;
        }
        (n == bytes.len()).then(|| EntryCache {
            bytes: Arc::new(bytes),
            at,
            missed: AtomicBool::new(false),
            spills_beside: None,
            spill: OnceLock::new(),
        })
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// Whether `get` was asked for an entry it did not give.
    pub fn missed(&self) -> bool {
        self.missed.load(Ordering::Relaxed)
    }

    /// The entry with `key`, fingerprinted `made_of` as `Entry::new`
    /// would; `None` when there is none or it does not decode.
    pub fn get(&self, key: u128, made_of: u64) -> Option<Entry> {
        let entry = self.decode(key, made_of);
        if entry.is_none() {
            self.missed.store(true, Ordering::Relaxed);
        }
        entry
    }

    fn decode(&self, key: u128, made_of: u64) -> Option<Entry> {
        let &(start, lengths) = self.at.get(&key)?;
        Entry::kept((key, made_of), Arc::clone(&self.bytes), start, lengths)
    }

    /// `entry`, just made, with its bytes moved to the file of entries
    /// being made (`Spill`) when there is one; as it is otherwise.
    pub fn spilled(&self, entry: Entry) -> Entry {
        let spill = self.spill.get_or_init(|| {
            let file = self.spills_beside.as_deref()?;
            Spill::create(file).map(Arc::new)
        });
        match spill {
            Some(spill) => match spill.put(&entry) {
                Some(start) => entry.moved_to(Arc::clone(spill), start),
                None => entry,
            },
            None => entry,
        }
    }

    /// Whether it was opened for a build that keeps what it makes
    /// (`open`'s `spill`).
    pub fn keeps(&self) -> bool {
        self.spills_beside.is_some()
    }

    /// The file the entries made are written to, if there is one.
    pub fn spill(&self) -> Option<Arc<Spill>> {
        self.spill.get().cloned().flatten()
    }

    /// Keeps `entries` as the cache `file` for the next build: `spill`,
    /// the file of the entries made, renamed into place when it holds
    /// exactly them (a build that made every entry), else `entries`
    /// written (`save`); with `changed` false (every entry one the cache
    /// gave), nothing is written.
    pub fn keep(
        file: &Path,
        entries: &[&Entry],
        changed: bool,
        spill: Option<&Spill>,
    ) -> std::io::Result<()> {
        // A spill file left unused is removed with the site (`Spill`'s drop).
        if !changed {
            return Ok(());
        }
        if spill.is_some_and(|s| s.finish(file, entries)) {
            return Ok(());
        }
        EntryCache::save(file, entries.iter().copied())
    }

    /// Writes `entries` as the cache `file`, beside its name and renamed
    /// over it.
    pub fn save<'e>(
        file: &Path,
        entries: impl ExactSizeIterator<Item = &'e Entry>,
    ) -> std::io::Result<()> {
        let folder = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder)?;
        let name = file.file_name().and_then(|n| n.to_str());
        let partial = super::spill::scratch_beside(folder, name.unwrap_or("entries"), "tmp");
        let written = (|| {
            let mut out =
                std::io::BufWriter::with_capacity(1 << 20, crate::fs::create_scratch(&partial)?);
            out.write_all(MAGIC)?;
            out.write_all(&len32(entries.len())?.to_le_bytes())?;
            for entry in entries {
                let (block, lengths) = entry.block();
                write_entry(&mut out, entry.key, block, lengths)?;
            }
            // Not synced: a file a crash cut short is read as no cache.
            out.flush()
        })();
        match written {
            Ok(()) => super::spill::rename_or_remove(&partial, file),
            Err(error) => {
                let _ = std::fs::remove_file(&partial);
                Err(error)
            }
        }
    }
}

/// Writes one entry as the cache file holds it: its key, its lengths
/// (`Entry::block`'s), then its block.
pub(super) fn write_entry(
    out: &mut impl Write,
    key: u128,
    block: &[u8],
    lengths: [usize; 3],
) -> std::io::Result<()> {
    out.write_all(&key.to_le_bytes())?;
    for len in lengths {
        out.write_all(&len32(len)?.to_le_bytes())?;
    }
    out.write_all(block)
}

/// The key of an entry made of `fields` (the page's address, title,
/// section, description and data record, in a fixed order) and HTML given
/// in `pieces` (the HTML split where the per-process base marker was, so
/// that the key is the same from one build to the next) by this version of
/// canteen for an index in `language`.
pub fn key<'p>(language: &str, fields: &[&str], pieces: impl Iterator<Item = &'p str>) -> u128 {
    let mut hasher = SipHasher13::new();
    for field in [env!("CARGO_PKG_VERSION"), language].iter().chain(fields) {
        write_field(&mut hasher, field);
    }
    for piece in pieces {
        hasher.write(piece.as_bytes());
        // A byte no UTF-8 text holds, where the marker was.
        hasher.write_u8(0xff);
    }
    hasher.finish128().into()
}

/// Hashes `text` as one field of several: its length first, so that
/// ("ab", "c") is not ("a", "bc").
pub(super) fn write_field(hasher: &mut SipHasher13, text: &str) {
    hasher.write_u64(text.len() as u64);
    hasher.write(text.as_bytes());
}

/// The little-endian u32 at `at`, if the bytes reach that far.
pub(super) fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn len32(len: usize) -> std::io::Result<u32> {
    u32::try_from(len).map_err(|_| std::io::Error::other("a search entry over 4 GB"))
}

#[cfg(test)]
mod tests;
