//! `shipshape check`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;
use shipshape_core::output::{self, Finding};
use shipshape_core::{Diagnostic, Settings};

use crate::{Failure, OutputFormat};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads stdin. Default: the current directory
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Write the report to this file instead of stdout
    #[arg(long, short = 'o')]
    pub output_file: Option<PathBuf>,
    /// Print how many findings each rule has instead of the findings
    #[arg(long)]
    pub statistics: bool,
    #[command(flatten)]
    pub rules: crate::config::RuleArgs,
    /// The file name to report for stdin (`-`)
    #[arg(long)]
    pub stdin_filename: Option<String>,
    /// No colour (also: the NO_COLOR environment variable)
    #[arg(long)]
    pub no_color: bool,
    /// Apply safe fixes to the files (stdin: print the fixed text)
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, apply unsafe fixes too
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff, write nothing; exit 1 when there is a diff
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Print the container security checklist (the seed checklist and the
    /// OWASP Docker Top 10: passed, failed with findings, or not checkable)
    /// instead of the findings; JSON with --format json
    #[arg(long, conflicts_with_all = ["fix", "diff", "statistics"])]
    pub checklist: bool,
}

/// What to do with fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Check,
    Fix { unsafe_fixes: bool },
    Diff { unsafe_fixes: bool },
}

/// One checked file.
pub struct Checked {
    pub name: String,
    /// The text the diagnostics point into (the fixed text after `--fix`).
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
    /// With --fix/--diff: the original text and the fixes applied, when any were.
    pub fixed: Option<Fixed>,
    /// Why fixes were not applied, when they were wanted.
    pub not_fixed: Option<String>,
}

pub struct Fixed {
    pub original: String,
    pub applied: usize,
}

pub fn run(args: CheckArgs) -> Result<ExitCode, Failure> {
    if args.checklist {
        crate::checklist_out::check_format(args.format)?;
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let configs = crate::config::Configs::new(&args.rules)?;
    // Files found in directories skip the config's `exclude` globs; files
    // named explicitly are always checked.
    let mut inputs = Vec::new();
    for (input, explicit) in discover_marked(&paths)? {
        if explicit || !configs.excluded(&input)? {
            inputs.push(input);
        }
    }
    // Resolve every file's settings first: a broken config or an unknown
    // rule name is a usage error before anything is checked.
    let mut settings = Vec::with_capacity(inputs.len());
    let today = crate::inputs::today()?;
    for input in &inputs {
        let mut s = configs.settings_for(input)?;
        s.today = today;
        s.build_context = match input {
            Input::File(p) => crate::inputs::build_context(p),
            Input::Stdin => args
                .stdin_filename
                .as_deref()
                .and_then(|n| crate::inputs::build_context(Path::new(n))),
        };
        settings.push(s);
    }
    let mode = if args.fix {
        Mode::Fix {
            unsafe_fixes: args.unsafe_fixes,
        }
    } else if args.diff {
        Mode::Diff {
            unsafe_fixes: args.unsafe_fixes,
        }
    } else {
        Mode::Check
    };
    let mut results = check_all(&inputs, &settings, args.stdin_filename.as_deref(), mode);
    results.sort_by_key(|a| a.0);

    let mut checked = Vec::new();
    let mut checked_settings = Vec::new();
    let mut io_errors = Vec::new();
    for (i, r) in results {
        match r {
            Ok(c) => {
                checked.push(c);
                checked_settings.push(settings.get(i).cloned().unwrap_or_default());
            }
            Err(e) => io_errors.push(e),
        }
    }
    for c in &checked {
        if let Some(why) = &c.not_fixed {
            eprintln!("shipshape: {}: not fixed: {why}", c.name);
        }
    }
    if let Mode::Diff { .. } = mode {
        return print_diffs(&checked, &io_errors);
    }
    if let Mode::Fix { .. } = mode {
        if let Some(code) = write_fixes(&checked, &inputs, &mut io_errors)? {
            return Ok(code);
        }
    }
    let findings: Vec<Finding> = checked
        .iter()
        .flat_map(|c| output::findings(&c.name, &c.source, &c.diagnostics))
        .collect();

    let text = if args.checklist {
        checklist(&args, &checked, &checked_settings)
    } else {
        report(&args, &checked, &findings, inputs.len())
    };
    emit(args.output_file.as_deref(), &text)?;
    for e in &io_errors {
        eprintln!("shipshape: error: {e}");
    }
    if !io_errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    let failed = checked
        .iter()
        .zip(&checked_settings)
        .any(|(c, s)| args.rules.fails(s, &c.diagnostics));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn report(args: &CheckArgs, checked: &[Checked], findings: &[Finding], files: usize) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let lookup = |code: &str| shipshape_core::rules::find(code);
    if args.statistics {
        return match args.format {
            OutputFormat::Json => {
                let stats = output::statistics::statistics(findings);
                let mut s = serde_json::to_string_pretty(&stats).unwrap_or_default();
                s.push('\n');
                s
            }
            _ => output::render(output::Format::Statistics, findings, &lookup, version),
        };
    }
    let Some(format) = machine_format(args.format) else {
        let colour = args.output_file.is_none() && crate::use_colour(args.no_color);
        return crate::human::render(checked, colour, files);
    };
    output::render(format, findings, &lookup, version)
}

/// `--checklist`: one report per file (a JSON array of them).
fn checklist(args: &CheckArgs, checked: &[Checked], settings: &[Settings]) -> String {
    use shipshape_core::checklist::{report, Input as ReportInput};
    let reports: Vec<_> = checked
        .iter()
        .zip(settings)
        .map(|(c, s)| {
            (
                c.name.as_str(),
                report(ReportInput::Dockerfile(&c.source), s, &c.diagnostics),
            )
        })
        .collect();
    if args.format == OutputFormat::Json {
        let named: Vec<_> = reports
            .iter()
            .map(|(file, report)| crate::checklist_out::Named { file, report })
            .collect();
        return crate::checklist_out::json(&named);
    }
    let colour = args.output_file.is_none() && crate::use_colour(args.no_color);
    reports
        .iter()
        .map(|(name, r)| crate::checklist_out::human(name, r, colour))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The core renderer of an output format (`None`: the human format).
pub fn machine_format(f: OutputFormat) -> Option<output::Format> {
    Some(match f {
        OutputFormat::Human => return None,
        OutputFormat::Json => output::Format::Json,
        OutputFormat::Sarif => output::Format::Sarif,
        OutputFormat::Checkstyle => output::Format::Checkstyle,
        OutputFormat::Gitlab => output::Format::Gitlab,
        OutputFormat::Codeclimate => output::Format::Codeclimate,
        OutputFormat::Gnu => output::Format::Gnu,
        OutputFormat::Github => output::Format::Github,
        OutputFormat::Junit => output::Format::Junit,
    })
}

/// Writes a report to `--output-file` or stdout.
pub fn emit(output_file: Option<&Path>, text: &str) -> Result<(), Failure> {
    match output_file {
        Some(path) => std::fs::write(path, text.as_bytes())
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(())
}

/// What to check: a file (named explicitly or found) or stdin.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// Files named explicitly are always checked; directories are searched for
/// Dockerfiles, honouring `.gitignore`. Each input says whether it was named
/// explicitly.
pub fn discover_marked(paths: &[PathBuf]) -> Result<Vec<(Input, bool)>, Failure> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push((Input::Stdin, true));
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
                    out.push((Input::File(entry.into_path()), false));
                }
            }
        } else if p.exists() {
            out.push((Input::File(p.clone()), true));
        } else {
            return Err(Failure(format!(
                "{}: no such file or directory",
                p.display()
            )));
        }
    }
    // An input found both ways counts as explicit.
    out.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    out.dedup_by(|a, b| a.0 == b.0);
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

fn print_diffs(checked: &[Checked], io_errors: &[String]) -> Result<ExitCode, Failure> {
    let mut out = String::new();
    let mut fixes = 0;
    for c in checked {
        if let Some(f) = &c.fixed {
            fixes += f.applied;
            let diff = similar::TextDiff::from_lines(&f.original, &c.source);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{}", c.name), &format!("b/{}", c.name))
                    .to_string(),
            );
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    for e in io_errors {
        eprintln!("shipshape: error: {e}");
    }
    if !io_errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    if fixes > 0 {
        eprintln!(
            "shipshape: {fixes} fix{} would be applied",
            if fixes == 1 { "" } else { "es" }
        );
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// Writes fixed files. For stdin the fixed text is the output, and the run
/// ends here (with the exit code for what remains).
fn write_fixes(
    checked: &[Checked],
    inputs: &[Input],
    io_errors: &mut Vec<String>,
) -> Result<Option<ExitCode>, Failure> {
    let mut total = 0;
    let mut files = 0;
    for (c, input) in checked.iter().zip(inputs) {
        match input {
            Input::Stdin => {
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(c.source.as_bytes())?;
                stdout.flush()?;
                for d in &c.diagnostics {
                    eprintln!("{}: {} {}", c.name, d.code, d.message);
                }
                return Ok(Some(if c.diagnostics.is_empty() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                }));
            }
            Input::File(path) => {
                if let Some(f) = &c.fixed {
                    match std::fs::write(path, c.source.as_bytes()) {
                        Ok(()) => {
                            total += f.applied;
                            files += 1;
                        }
                        Err(e) => io_errors.push(format!("{}: {e}", path.display())),
                    }
                }
            }
        }
    }
    if total > 0 {
        eprintln!(
            "Fixed {total} problem{} in {files} file{}.",
            if total == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" }
        );
    }
    Ok(None)
}

fn check_all(
    inputs: &[Input],
    settings: &[Settings],
    stdin_name: Option<&str>,
    mode: Mode,
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
                        let (Some(input), Some(settings)) = (inputs.get(i), settings.get(i)) else {
                            break;
                        };
                        done.push((i, check_one(input, settings, stdin_name, mode)));
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

/// The largest file `check` reads (real Dockerfiles are kilobytes; this
/// stops `/dev/zero`, a FIFO or a wrong path from eating all memory).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads at most [`MAX_FILE_BYTES`]; a longer input is an error naming the limit.
fn read_limited(input: impl Read, name: &str) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    input
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{name}: {e}"))?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "{name}: larger than {} MiB, not checked (is it a Dockerfile?)",
            MAX_FILE_BYTES >> 20
        ));
    }
    Ok(buf)
}

fn check_one(
    input: &Input,
    settings: &Settings,
    stdin_name: Option<&str>,
    mode: Mode,
) -> Result<Checked, String> {
    let (name, bytes) = match input {
        Input::Stdin => {
            let name = stdin_name.unwrap_or("-").to_string();
            let bytes = read_limited(std::io::stdin().lock(), "<stdin>")?;
            (name, bytes)
        }
        Input::File(p) => {
            let shown = p.display().to_string();
            let file = std::fs::File::open(p).map_err(|e| format!("{shown}: {e}"))?;
            (display_path(p), read_limited(file, &shown)?)
        }
    };
    Ok(match mode {
        Mode::Check => check_bytes(name, &bytes, settings),
        Mode::Fix { unsafe_fixes } | Mode::Diff { unsafe_fixes } => {
            fix_bytes(name, &bytes, settings, unsafe_fixes)
        }
    })
}

/// Fixes a file's text. Text that is not clean UTF-8 is never rewritten
/// (writing it back would lose the bytes that could not be read).
pub fn fix_bytes(name: String, bytes: &[u8], settings: &Settings, unsafe_fixes: bool) -> Checked {
    let Ok(text) = std::str::from_utf8(bytes) else {
        let mut c = check_bytes(name, bytes, settings);
        c.not_fixed = Some("the file is not valid UTF-8".into());
        return c;
    };
    let outcome = shipshape_core::fix::fix_all(text, settings, unsafe_fixes);
    if !outcome.changed() {
        return Checked {
            name,
            source: text.to_string(),
            diagnostics: outcome.remaining,
            fixed: None,
            not_fixed: None,
        };
    }
    if outcome.broke_syntax {
        let mut c = check_bytes(name, bytes, settings);
        c.not_fixed = Some("the fixed text would not parse; the file was left as it is".into());
        return c;
    }
    Checked {
        name,
        source: outcome.text,
        diagnostics: outcome.remaining,
        fixed: Some(Fixed {
            original: text.to_string(),
            applied: outcome.applied.len(),
        }),
        not_fixed: None,
    }
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
                        location: None,
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
        fixed: None,
        not_fixed: None,
    }
}

fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}
