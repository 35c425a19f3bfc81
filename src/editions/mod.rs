//! Editions of the guidance published side by side. So far: what changed
//! between two editions of a page, in words (`diff`); the rest of the
//! feature (addresses, banner, switcher, canonical rules) builds on it.

pub mod diff;
