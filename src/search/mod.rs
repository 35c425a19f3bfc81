//! The search index's own parts, below everything that renders: a page's
//! searchable text, read from its Markdown's events or its HTML
//! (`text.rs`); its entry (its words, weighted by field, and the fragment
//! a result shows) and an edition's index files made of the entries
//! (`index.rs`); the entries a build keeps for the next (`cache.rs`), written
//! as they are made (`spill.rs`), and the index files it wrote
//! (`built.rs`); how
//! words are split, counted and stemmed (`words.rs`, Welsh mutations in
//! `welsh.rs`). Entries are made as each page's
//! Markdown is rendered (`markdown::Rendered::entry`);
//! `site::extras::search` decides which pages are in an edition's index
//! and writes it.

pub mod built;
pub mod cache;
pub mod index;
pub mod spill;
pub mod text;
pub mod welsh;
pub mod words;

pub use index::{EditionIndex, Entry, PageFields};
