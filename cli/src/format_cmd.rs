//! `shipshape format`: the core formatter over files, directories or stdin.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use shipshape_core::format::{format_text, FormatOptions};

use crate::check::{discover_marked, Input};
use crate::Failure;

#[derive(Args, Debug)]
pub struct FormatArgs {
    /// Files or directories to format; `-` reads stdin and writes stdout. Default: the current directory
    pub paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit 1 if any would
    #[arg(long)]
    pub check: bool,
    /// Write nothing; print the changes as a unified diff and exit 1 if there are any
    #[arg(long)]
    pub diff: bool,
    /// Spaces before the text of a continuation line
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(0..=16))]
    pub indent: u8,
}

pub fn run(args: FormatArgs) -> Result<ExitCode, Failure> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let opts = FormatOptions {
        indent: usize::from(args.indent),
    };
    let write = !args.check && !args.diff;
    let mut errors = Vec::new();
    let mut changed = Vec::new();
    let mut unchanged = 0usize;
    let mut diffs = String::new();
    let mut stdout = std::io::stdout().lock();
    for (input, _) in discover_marked(&paths)? {
        let (name, bytes) = match &input {
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin().read_to_end(&mut buf)?;
                ("-".to_string(), buf)
            }
            Input::File(p) => match std::fs::read(p) {
                Ok(b) => (p.display().to_string(), b),
                Err(e) => {
                    errors.push(format!("{}: {e}", p.display()));
                    continue;
                }
            },
        };
        let Ok(src) = String::from_utf8(bytes) else {
            errors.push(format!("{name}: not UTF-8 text, left as it is"));
            continue;
        };
        let out = format_text(&src, &opts);
        if args.diff && out != src {
            let diff = similar::TextDiff::from_lines(&src, &out);
            diffs.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{name}"), &format!("b/{name}"))
                    .to_string(),
            );
        }
        match &input {
            Input::Stdin if write => stdout.write_all(out.as_bytes())?,
            Input::File(p) if write && out != src => {
                if let Err(e) = std::fs::write(p, &out) {
                    errors.push(format!("{}: {e}", p.display()));
                    continue;
                }
            }
            _ => {}
        }
        if out == src {
            unchanged += 1;
        } else {
            changed.push(name);
        }
    }
    if args.diff {
        stdout.write_all(diffs.as_bytes())?;
    } else if args.check {
        for name in &changed {
            writeln!(stdout, "{name}")?;
        }
    }
    stdout.flush()?;
    for e in &errors {
        eprintln!("shipshape: error: {e}");
    }
    let files = |n: usize| if n == 1 { "file" } else { "files" };
    let verb = if write {
        "formatted"
    } else {
        "would be formatted"
    };
    eprintln!(
        "shipshape: {} {} {verb}, {} {} already formatted",
        changed.len(),
        files(changed.len()),
        unchanged,
        if unchanged == 1 { "was" } else { "were" }
    );
    if !errors.is_empty() {
        Ok(ExitCode::from(2))
    } else if !write && !changed.is_empty() {
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
