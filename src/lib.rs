//! canteen: a static site generator built to publish the NHS social media
//! toolkit. The pipeline is load → parse → render → write; see
//! `ARCHITECTURE.md` for which module owns each stage.

pub mod brand;
pub mod builtin;
pub mod cards;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod colour;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod editions;
pub mod error;
pub mod fs;
pub mod html;
pub mod markdown;
pub mod memory;
pub mod nul;
pub mod output;
pub mod overlay;
pub mod paths;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod spans;
