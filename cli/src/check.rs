//! `shipshape check`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;
use shipshape_core::output::{self, Finding};
use shipshape_core::{Diagnostic, Settings, Severity};

use crate::{Failure, Level, OutputFormat};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads stdin. Default: the current directory
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Only these rules (codes, names, peer ids such as DL3007, code prefixes, or ALL); comma-separated
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Rules to add to the selected set
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Rules to skip
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit 1 when a finding is at or above this severity
    #[arg(long, value_enum, default_value_t = Level::Warning)]
    pub fail_level: Level,
    /// The file name to report for stdin (`-`)
    #[arg(long)]
    pub stdin_filename: Option<String>,
    /// No colour (also: the NO_COLOR environment variable)
    #[arg(long)]
    pub no_color: bool,
}

/// One checked file.
pub struct Checked {
    pub name: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn run(args: CheckArgs) -> Result<ExitCode, Failure> {
    let (settings, unknown) = Settings::resolve(
        args.select.as_deref(),
        &args.extend_select,
        &args.ignore,
        &[],
    );
    if let Some(u) = unknown.first() {
        return Err(Failure(format!(
            "`{}` names no rule (see `shipshape rules`)",
            u.0
        )));
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let inputs = discover(&paths)?;
    let mut results = check_all(&inputs, &settings, args.stdin_filename.as_deref());
    results.sort_by_key(|a| a.0);

    let mut checked = Vec::new();
    let mut io_errors = Vec::new();
    for (_, r) in results {
        match r {
            Ok(c) => checked.push(c),
            Err(e) => io_errors.push(e),
        }
    }
    let findings: Vec<Finding> = checked
        .iter()
        .flat_map(|c| output::findings(&c.name, &c.source, &c.diagnostics))
        .collect();

    let text = match args.format {
        OutputFormat::Json => output::json(&findings),
        OutputFormat::Human => {
            crate::human::render(&checked, crate::use_colour(args.no_color), inputs.len())
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    for e in &io_errors {
        eprintln!("shipshape: error: {e}");
    }
    if !io_errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    let fail: Severity = args.fail_level.into();
    let failed = findings.iter().any(|f| f.severity >= fail);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What to check: a file (named explicitly or found) or stdin.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// Files named explicitly are always checked; directories are searched for
/// Dockerfiles, honouring `.gitignore`.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, Failure> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let walker = ignore::WalkBuilder::new(p)
                .hidden(false)
                .filter_entry(|e| e.file_name() != ".git")
                .build();
            for entry in walker {
                let entry = entry.map_err(|e| Failure(e.to_string()))?;
                if entry.file_type().is_some_and(|t| t.is_file())
                    && is_dockerfile_name(entry.file_name().to_string_lossy().as_ref())
                {
                    out.push(Input::File(entry.into_path()));
                }
            }
        } else if p.exists() {
            out.push(Input::File(p.clone()));
        } else {
            return Err(Failure(format!(
                "{}: no such file or directory",
                p.display()
            )));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile*`
/// (case-insensitive).
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower.starts_with("dockerfile.")
        || lower.ends_with(".dockerfile")
        || lower.starts_with("containerfile")
}

fn check_all(
    inputs: &[Input],
    settings: &Settings,
    stdin_name: Option<&str>,
) -> Vec<(usize, Result<Checked, String>)> {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len().max(1));
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = inputs.get(i) else { break };
                        done.push((i, check_one(input, settings, stdin_name)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn check_one(
    input: &Input,
    settings: &Settings,
    stdin_name: Option<&str>,
) -> Result<Checked, String> {
    let (name, bytes) = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("<stdin>: {e}"))?;
            (stdin_name.unwrap_or("-").to_string(), buf)
        }
        Input::File(p) => (
            display_path(p),
            std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?,
        ),
    };
    Ok(check_bytes(name, &bytes, settings))
}

/// Checks a file's bytes: text that is not clean UTF-8 is still checked, and
/// the problem is reported as a syntax error at its position.
pub fn check_bytes(name: String, bytes: &[u8], settings: &Settings) -> Checked {
    let (text, problem) = shipshape_core::decode::decode(bytes);
    let source = text.into_owned();
    let mut diagnostics = shipshape_core::check(&source, settings);
    if let Some(p) = problem {
        if let Some(meta) = shipshape_core::rules::find("syntax-error") {
            if settings.is_enabled(meta) {
                let at = p.offset.min(source.len());
                let end = source[at..]
                    .chars()
                    .next()
                    .map_or(at, |c| at + c.len_utf8());
                diagnostics.insert(
                    0,
                    Diagnostic {
                        code: meta.code,
                        name: meta.name,
                        severity: settings.severity_of(meta),
                        span: shipshape_core::Span::new(at, end),
                        message: p.message,
                        fix: None,
                        related: Vec::new(),
                    },
                );
                shipshape_core::diagnostic::sort_diagnostics(&mut diagnostics);
            }
        }
    }
    Checked {
        name,
        source,
        diagnostics,
    }
}

fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}
