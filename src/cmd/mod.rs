//! One module per subcommand; each returns an error for `main` to print.

pub mod build;
pub mod check;
pub mod edition;
pub mod new;
pub mod overlay;
pub mod serve;
pub mod translation;
