//! The human output: one block per finding with a code frame, then a summary.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use shipshape_core::{Applicability, Severity};

use crate::check::Checked;

struct Paint {
    on: bool,
}

impl Paint {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.on {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }
    fn severity(&self, s: Severity) -> String {
        let colour = match s {
            Severity::Error => AnsiColor::Red,
            Severity::Warning => AnsiColor::Yellow,
            Severity::Info => AnsiColor::Blue,
            Severity::Hint => AnsiColor::Cyan,
        };
        self.paint(
            Style::new().fg_color(Some(colour.into())).bold(),
            s.as_str(),
        )
    }
}

const MAX_FRAME_LINES: usize = 4;

pub fn render(files: &[Checked], colour: bool, files_checked: usize) -> String {
    let p = Paint { on: colour };
    let bold = Style::new().bold();
    let dim = Style::new().fg_color(Some(AnsiColor::Blue.into())).bold();
    let mut out = String::new();
    let mut counts = [0usize; 4];
    let mut fixable = 0;
    let mut files_with = 0;
    for file in files {
        if !file.diagnostics.is_empty() {
            files_with += 1;
        }
        let lines: Vec<(usize, &str)> = line_table(&file.source);
        for d in &file.diagnostics {
            counts[d.severity as usize] += 1;
            if d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
            {
                fixable += 1;
            }
            let (l0, c0) = locate(&lines, d.span.start);
            let (l1, c1) = locate(&lines, d.span.end);
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {}: {} {}",
                p.paint(bold, &file.name),
                l0 + 1,
                c0 + 1,
                p.paint(bold, d.code),
                p.severity(d.severity),
                d.message,
                p.paint(dim, &format!("[{}]", d.name)),
            );
            let last = l1.min(l0 + MAX_FRAME_LINES - 1);
            let width = (last + 1).to_string().len();
            let gutter = p.paint(dim, &format!("{:width$} |", ""));
            let _ = writeln!(out, "{gutter}");
            for (l, (_, text)) in lines.iter().enumerate().take(last + 1).skip(l0) {
                let text = text.trim_end_matches(['\n', '\r']);
                let _ = writeln!(
                    out,
                    "{} {}",
                    p.paint(dim, &format!("{:>width$} |", l + 1)),
                    text.replace('\t', " ")
                );
                let from = if l == l0 { c0 } else { 0 };
                let to = if l == l1 { c1 } else { text.chars().count() };
                let marks = "^".repeat(to.saturating_sub(from).max(1));
                let _ = writeln!(
                    out,
                    "{gutter} {}{}",
                    " ".repeat(from),
                    p.paint(
                        Style::new().fg_color(Some(match d.severity {
                            Severity::Error => AnsiColor::Red.into(),
                            Severity::Warning => AnsiColor::Yellow.into(),
                            _ => AnsiColor::Cyan.into(),
                        })),
                        &marks
                    )
                );
            }
            if l1 > last {
                let _ = writeln!(out, "{gutter} …");
            }
            if let Some(fix) = &d.fix {
                let kind = match fix.applicability {
                    Applicability::Safe => "fix",
                    Applicability::Unsafe => "unsafe fix",
                };
                let _ = writeln!(
                    out,
                    "{} {kind}: {}",
                    p.paint(dim, &format!("{:width$} =", "")),
                    fix.title
                );
            }
            for r in &d.related {
                let (rl, rc) = locate(&lines, r.span.start);
                let _ = writeln!(
                    out,
                    "{} note: {}:{}:{}: {}",
                    p.paint(dim, &format!("{:width$} =", "")),
                    file.name,
                    rl + 1,
                    rc + 1,
                    r.message
                );
            }
            out.push('\n');
        }
    }
    let total: usize = counts.iter().sum();
    if total == 0 {
        let _ = writeln!(
            out,
            "{} {files_checked} file{} checked, no problems found.",
            p.paint(
                Style::new().fg_color(Some(AnsiColor::Green.into())).bold(),
                "✓"
            ),
            plural(files_checked)
        );
    } else {
        let parts = severity_counts(&counts);
        let _ = write!(
            out,
            "Found {total} problem{} ({}) in {files_with} of {files_checked} file{}.",
            plural(total),
            parts,
            plural(files_checked)
        );
        if fixable > 0 {
            let _ = write!(out, " {fixable} fixable with `--fix`.");
        }
        out.push('\n');
    }
    out
}

/// "1 error, 2 warnings" from counts indexed by `Severity as usize`.
fn severity_counts(counts: &[usize; 4]) -> String {
    [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Hint,
    ]
    .into_iter()
    .filter(|s| counts[*s as usize] > 0)
    .map(|s| {
        let n = counts[s as usize];
        format!("{n} {}{}", s.as_str(), plural(n))
    })
    .collect::<Vec<_>>()
    .join(", ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// (start offset, line text including its terminator) for each line.
fn line_table(src: &str) -> Vec<(usize, &str)> {
    let mut v = Vec::new();
    let mut start = 0;
    for line in src.split_inclusive('\n') {
        v.push((start, line));
        start += line.len();
    }
    if v.is_empty() || src.ends_with('\n') {
        v.push((start, ""));
    }
    v
}

/// 0-based line and column (in characters) of a byte offset.
fn locate(lines: &[(usize, &str)], offset: usize) -> (usize, usize) {
    let l = lines
        .partition_point(|(s, _)| *s <= offset)
        .saturating_sub(1);
    let (start, text) = lines.get(l).copied().unwrap_or((0, ""));
    let upto = offset.saturating_sub(start).min(text.len());
    let col = text.get(..upto).map_or(upto, |t| t.chars().count());
    (l, col)
}

/// The human output of `shipshape image`: a header line with what the image
/// is, then one block per finding with its location instead of a code frame,
/// then a summary.
pub fn render_image(
    name: &str,
    header: &str,
    diagnostics: &[shipshape_core::Diagnostic],
    colour: bool,
) -> String {
    let p = Paint { on: colour };
    let bold = Style::new().bold();
    let dim = Style::new().fg_color(Some(AnsiColor::Blue.into())).bold();
    let mut out = String::new();
    let _ = writeln!(out, "{}: {header}\n", p.paint(bold, name));
    let mut counts = [0usize; 4];
    for d in diagnostics {
        counts[d.severity as usize] += 1;
        let _ = writeln!(
            out,
            "{}: {} {}: {} {}",
            p.paint(bold, name),
            p.paint(bold, d.code),
            p.severity(d.severity),
            d.message,
            p.paint(dim, &format!("[{}]", d.name)),
        );
        if let Some(loc) = &d.location {
            let _ = writeln!(out, "  {} {loc}", p.paint(dim, "-->"));
        }
        out.push('\n');
    }
    let total: usize = counts.iter().sum();
    if total == 0 {
        let _ = writeln!(
            out,
            "{} image checked, no problems found.",
            p.paint(
                Style::new().fg_color(Some(AnsiColor::Green.into())).bold(),
                "✓"
            ),
        );
    } else {
        let parts = severity_counts(&counts);
        let _ = writeln!(
            out,
            "Found {total} problem{} ({}) in the image.",
            plural(total),
            parts
        );
    }
    out
}
