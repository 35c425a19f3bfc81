//! Command-line definitions: one `*Options` struct per command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// canteen: publishes the NHS social media toolkit as a fast, accessible website.
#[derive(Debug, Parser)]
#[command(name = "canteen", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder of static files.
    Build(BuildArgs),
    /// Preview the site at a local address, rebuilding and reloading on every save.
    Serve(ServeArgs),
    /// Check the whole site without writing it: internal and external links, review dates.
    ///
    /// Exit status: 0 when nothing is an error, 1 when something is (a warning too with
    /// --strict), 2 on a usage error.
    Check(CheckArgs),
    /// Create a new page with front matter and review dates filled in.
    New(NewArgs),
    /// A trust's overlay folder (`local/`): set it up, see what changed upstream, record checks.
    #[command(subcommand)]
    Overlay(OverlayCommand),
    /// Editions of the guidance: freeze the current one and start the next.
    #[command(subcommand)]
    Edition(EditionCommand),
    /// Translations (`page.cy.md`): which are behind their page, and recording one as in step.
    #[command(subcommand)]
    Translation(TranslationCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
}

/// `canteen new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The page to create, relative to content/ (`policies/social-media` → content/policies/social-media.md).
    #[arg(value_name = "PATH")]
    pub path: String,
    /// Create it in the overlay (local/content/) instead of content/.
    #[arg(long)]
    pub local: bool,
    /// Create the translation of an existing page into this language of `[languages]`
    /// (`--lang cy`: content/PATH.cy.md, a copy of the page to translate, synced with it).
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// The site folder (holds site.toml).
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `canteen overlay …`.
#[derive(Debug, Subcommand)]
pub enum OverlayCommand {
    /// Create an empty overlay (local/ with README, hide.toml and canteen.lock) for a new fork.
    Init(OverlayRootArgs),
    /// List overridden files whose upstream original changed since it was accepted, with a diff.
    ///
    /// Exit status: 0 when nothing needs checking, 1 when a file changed upstream, is not yet
    /// recorded in local/canteen.lock, or was removed upstream (or on an error), 2 on a usage error.
    Status(OverlayRootArgs),
    /// Record the current upstream version of overridden files as checked.
    Accept(OverlayAcceptArgs),
}

/// `canteen translation …`.
#[derive(Debug, Subcommand)]
pub enum TranslationCommand {
    /// List translations whose page changed since they were translated (with a diff), pages with
    /// no translation and translations with no page. Always exits 0: it is a report.
    Status(OverlayRootArgs),
    /// Record translations as in step with their page as it is now (`translates` in their front
    /// matter, and a copy of the page in .translations/ for the next diff).
    Sync(TranslationSyncArgs),
}

/// `canteen translation sync`.
#[derive(Debug, Args)]
pub struct TranslationSyncArgs {
    /// Translations, from the site folder (content/about.cy.md).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
    /// The site folder (holds site.toml).
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `--root` for the overlay commands.
#[derive(Debug, Args)]
pub struct OverlayRootArgs {
    /// The site folder (holds site.toml).
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `canteen overlay accept`.
#[derive(Debug, Args)]
pub struct OverlayAcceptArgs {
    /// Upstream paths (content/about.md) or overlay paths (local/content/about.md).
    #[arg(value_name = "FILE", required_unless_present = "all")]
    pub files: Vec<String>,
    /// Every overridden file.
    #[arg(long, conflicts_with = "files")]
    pub all: bool,
    /// The site folder (holds site.toml).
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `canteen edition …`.
#[derive(Debug, Subcommand)]
pub enum EditionCommand {
    /// Freeze the current edition into editions/<its id>/ and make content/ the new edition ID.
    ///
    /// Copies content/ and data/ into editions/<current id>/, lists that edition under
    /// [[edition.earlier]] in site.toml and puts the new one in [edition]. content/ is not
    /// changed: edit it into the new edition. Refuses to overwrite an existing edition.
    Cut(EditionCutArgs),
    /// List the site's editions, newest first.
    List(OverlayRootArgs),
}

/// `canteen edition cut`.
#[derive(Debug, Args)]
pub struct EditionCutArgs {
    /// The new edition's id: the start of its addresses (`2026` → /2026/…).
    #[arg(value_name = "ID")]
    pub id: String,
    /// What readers will call the new edition ("November 2026 edition").
    #[arg(long, value_name = "TEXT")]
    pub label: String,
    /// When the new edition is published (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// The site folder (holds site.toml).
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `canteen build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder (holds site.toml).
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Where to write the site [default: <root>/public].
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Publish under this address instead of site.toml's base_url (a preview build, unless it is the same).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// A preview build for review: robots.txt disallows everything and every page says noindex.
    #[arg(long)]
    pub preview: bool,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `canteen check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder (holds site.toml).
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Fetch nothing: external links are judged from links.toml alone.
    #[arg(long)]
    pub offline: bool,
    /// Run only these checks (comma-separated): links, external, reviews, a11y, style.
    #[arg(long, value_delimiter = ',', value_name = "CHECKS")]
    pub only: Vec<String>,
    /// How to print findings.
    #[arg(long, value_enum, default_value_t = crate::check::format::Format::Human)]
    pub format: crate::check::format::Format,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Days an external link's result in links.toml stays fresh (not fetched again).
    #[arg(long, default_value_t = 7, value_name = "DAYS")]
    pub max_age: u32,
    /// Seconds one request for an external link may take.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// List pages and records whose review is due within this many days (as notes).
    #[arg(long, default_value_t = crate::check::reviews::DUE_WITHIN_DAYS, value_name = "DAYS")]
    pub due_within: u32,
}

/// `canteen serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder (holds site.toml).
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// The address to listen on. Anything but a loopback address lets other machines see the preview.
    #[arg(long, short, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// The port to try first; the next free one is used if it is taken.
    #[arg(long, short, default_value_t = 1111, value_name = "N")]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

/// `canteen completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}
