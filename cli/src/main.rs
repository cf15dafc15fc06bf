//! `shipshape`: checks Dockerfiles and container images against container
//! security best practices.
//!
//! Exit codes: 0 when nothing is at or above the fail level, 1 when something
//! is, 2 for usage or I/O errors.

mod check;
mod checklist_out;
mod config;
mod format_cmd;
mod human;
mod image_cmd;
mod inputs;
mod rules_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "shipshape",
    version,
    about = "Checks Dockerfiles and container images against container security best practices",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check Dockerfiles (files, directories searched for Dockerfiles, or `-` for stdin)
    Check(check::CheckArgs),
    /// Check a container image: `docker save IMG | shipshape image -`, or `docker inspect IMG | shipshape image -`
    Image(image_cmd::ImageArgs),
    /// List the rules and their metadata
    Rules(rules_cmd::RulesArgs),
    /// Show a rule's documentation (by code, name, or a peer id such as DL3007)
    Explain(rules_cmd::ExplainArgs),
    /// Format Dockerfiles (files, directories searched for Dockerfiles, or `-` for stdin to stdout)
    Format(format_cmd::FormatArgs),
    /// Run the language server (LSP over stdin/stdout), for editors
    Lsp,
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Code frames and a summary, for people
    Human,
    /// A flat JSON array, one object per finding
    Json,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
    /// Checkstyle XML
    Checkstyle,
    /// GitLab code quality
    Gitlab,
    /// Code Climate issues
    Codeclimate,
    /// `file:line.col: severity: message` lines
    Gnu,
    /// GitHub Actions workflow annotations
    Github,
    /// JUnit XML
    Junit,
}

/// Severity names on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Error,
    Warning,
    Info,
    Hint,
}

impl From<Level> for shipshape_core::Severity {
    fn from(l: Level) -> Self {
        match l {
            Level::Error => shipshape_core::Severity::Error,
            Level::Warning => shipshape_core::Severity::Warning,
            Level::Info => shipshape_core::Severity::Info,
            Level::Hint => shipshape_core::Severity::Hint,
        }
    }
}

/// An error that ends the run with exit code 2.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Image(args) => image_cmd::run(args),
        Command::Format(args) => format_cmd::run(args),
        Command::Rules(args) => rules_cmd::rules(args),
        Command::Explain(args) => rules_cmd::explain(args),
        Command::Lsp => return shipshape_lsp::run_stdio_blocking(),
    };
    match result {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("shipshape: error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Whether to colour output written to stdout.
pub fn use_colour(no_color_flag: bool) -> bool {
    use std::io::IsTerminal;
    if no_color_flag || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if std::env::var_os("FORCE_COLOR").is_some_and(|v| !v.is_empty()) {
        return true;
    }
    std::io::stdout().is_terminal()
}

/// Paths given on the command line, `-` meaning stdin.
pub type Paths = Vec<PathBuf>;
