//! `--checklist`: the container security checklist of a checked input
//! (`shipshape_core::checklist`), for people or as JSON.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use serde::Serialize;
use shipshape_core::checklist::{ChecklistReport, InputKind, Source, Verdict};

use crate::{Failure, OutputFormat};

/// One input's report with the name it was checked under (`--format json`).
#[derive(Serialize)]
pub struct Named<'a> {
    pub file: &'a str,
    #[serde(flatten)]
    pub report: &'a ChecklistReport,
}

/// The formats `--checklist` supports.
pub fn check_format(format: OutputFormat) -> Result<(), Failure> {
    match format {
        OutputFormat::Human | OutputFormat::Json => Ok(()),
        other => Err(Failure(format!(
            "--checklist supports --format human and json, not {}",
            format!("{other:?}").to_ascii_lowercase()
        ))),
    }
}

pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

fn paint(on: bool, style: Style, text: &str) -> String {
    if on {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

/// The report for people: per list, one line per item with a mark and a
/// word (so it reads without colour), the findings under failed items, the
/// reason under items that cannot be checked, and the manual note.
pub fn human(name: &str, report: &ChecklistReport, colour: bool) -> String {
    let bold = Style::new().bold();
    let dim = Style::new().fg_color(Some(AnsiColor::Blue.into()));
    let green = Style::new().fg_color(Some(AnsiColor::Green.into())).bold();
    let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    let grey = Style::new().fg_color(Some(AnsiColor::BrightBlack.into()));
    let mut out = String::new();
    let what = match report.input {
        InputKind::Dockerfile => "Dockerfile",
        InputKind::Image => "image",
    };
    let _ = writeln!(
        out,
        "{}: container security checklist ({what})",
        paint(colour, bold, name)
    );
    let width = report.items.iter().map(|i| i.id.len()).max().unwrap_or(0);
    let indent = " ".repeat(2 + 6 + 1 + width + 2);
    for (source, title) in [
        (Source::Checklist, "Container security checklist"),
        (Source::Owasp, "OWASP Docker Top 10"),
    ] {
        let _ = writeln!(out, "\n{}", paint(colour, bold, title));
        for it in report.items.iter().filter(|i| i.source == source) {
            let (mark, word, style) = match it.verdict {
                Verdict::Passed => ("✓", "pass", green),
                Verdict::Failed => ("✗", "FAIL", red),
                Verdict::NotCheckable => ("–", "n/a ", grey),
            };
            let _ = writeln!(
                out,
                "  {} {:<width$}  {}",
                paint(colour, style, &format!("{mark} {word}")),
                it.id,
                it.title,
            );
            match it.verdict {
                Verdict::Failed => {
                    for f in &it.findings {
                        let place = f.place().map(|p| format!(" {p}")).unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "{indent}{}{place}: {}",
                            paint(colour, bold, f.code),
                            f.message
                        );
                    }
                }
                Verdict::Passed => {
                    let _ = writeln!(
                        out,
                        "{indent}{}",
                        paint(colour, dim, &format!("checked by {}", it.rules.join(", ")))
                    );
                }
                Verdict::NotCheckable => {
                    if let Some(r) = &it.reason {
                        let _ = writeln!(out, "{indent}not checkable: {r}");
                    }
                }
            }
            if let Some(m) = it.manual {
                let _ = writeln!(out, "{indent}{}", paint(colour, dim, m));
            }
        }
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "\n{} passed, {} failed, {} not checkable from this input.",
        s.passed, s.failed, s.not_checkable
    );
    out
}
