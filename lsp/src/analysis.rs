//! What the server computes from a document's text, in core terms only
//! (byte offsets, core diagnostics and edits): no LSP types here.
//!
//! Every call into the core goes through [`guard`], so a bug in a rule
//! becomes an error response instead of a dead server.

use std::panic::{catch_unwind, AssertUnwindSafe};

use shipshape_core::diagnostic::{Diagnostic, Edit};
use shipshape_core::fix;
use shipshape_core::rule::RuleMeta;
use shipshape_core::rules;
use shipshape_core::suppress;
use shipshape_core::syntax::{self, Dockerfile, NodeKind, Span};
use shipshape_core::Settings;

/// A core call that panicked (a bug; the message says where).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panicked(pub String);

/// Runs `f`, turning a panic into an error.
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T, Panicked> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|e| {
        let msg = e
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Panicked(msg)
    })
}

/// A parsed and checked text.
pub struct Analysis {
    pub file: Dockerfile,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks `src`.
pub fn analyze(src: &str, settings: &Settings) -> Result<Analysis, Panicked> {
    guard(|| {
        let file = syntax::parse(src);
        let diagnostics = shipshape_core::check_parsed(src, &file, settings);
        Analysis { file, diagnostics }
    })
}

/// Whether a document is a Dockerfile: by its language id, or by its file
/// name (`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`,
/// `Containerfile*`).
pub fn is_dockerfile(file_name: Option<&str>, language_id: Option<&str>) -> bool {
    if language_id.is_some_and(|l| l.eq_ignore_ascii_case("dockerfile")) {
        return true;
    }
    let Some(name) = file_name else { return false };
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower.starts_with("dockerfile.")
        || lower.ends_with(".dockerfile")
        || lower.starts_with("containerfile")
}

/// The start of the line holding `offset`.
fn line_start(src: &str, offset: usize) -> usize {
    src.get(..offset)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The line terminator used by the line holding `offset` (`\n` when the
/// line has none).
fn line_ending(src: &str, offset: usize) -> &'static str {
    let rest = src.get(offset..).unwrap_or("");
    match rest.find('\n') {
        Some(i) if i > 0 && rest.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// Where the instruction (or malformed line) holding `offset` starts.
pub fn instruction_start(file: &Dockerfile, src: &str, offset: usize) -> Option<usize> {
    for node in &file.nodes {
        let inside = node.span.contains(offset) || node.span.end == offset && offset == src.len();
        if !inside {
            continue;
        }
        return match &node.kind {
            NodeKind::Instruction(ins) => Some(ins.span.start),
            NodeKind::Error(e) => Some(e.instruction.as_ref().map_or_else(
                || {
                    let text = node.span.text(src);
                    node.span.start + (text.len() - text.trim_start().len())
                },
                |i| i.span.start,
            )),
            _ => None,
        };
    }
    None
}

/// The body of a `# shipshape ignore=` comment line: the offset where a new
/// key goes (after the last key, before any ` -- reason`).
fn ignore_list_end(line: &str, line_start: usize, key: &str) -> Option<usize> {
    let trimmed = line.trim_end_matches(['\r', '\n']);
    let body = trimmed.trim_start().strip_prefix('#')?.trim_start();
    let rest = body.strip_prefix("shipshape")?;
    let rest = rest.trim_start_matches([' ', '\t', ':']).trim_start();
    let after_key = rest.strip_prefix(key)?.trim_start();
    let list = after_key.strip_prefix('=')?;
    let list_offset = trimmed.len() - list.len();
    let list_len = list.find(" --").unwrap_or(list.len());
    let list_text = list.get(..list_len)?.trim_end();
    if list_text.trim().is_empty() {
        return None;
    }
    Some(line_start + list_offset + list_text.len())
}

/// "Ignore CODE for this instruction": a `# shipshape ignore=CODE` line above
/// the instruction holding the diagnostic, with its indentation, or `,CODE`
/// added to such a comment already directly above.
pub fn ignore_instruction_edit(
    src: &str,
    file: &Dockerfile,
    diagnostic: &Diagnostic,
) -> Option<Edit> {
    let start = instruction_start(file, src, diagnostic.span.start)?;
    let line = line_start(src, start);
    let indent = src.get(line..start)?;
    let indent = if indent.chars().all(|c| c == ' ' || c == '\t') {
        indent
    } else {
        ""
    };
    if line > 0 {
        let prev_start = line_start(src, line - 1);
        let prev = src.get(prev_start..line)?;
        if let Some(at) = ignore_list_end(prev, prev_start, "ignore") {
            return Some(Edit::insert(at, format!(",{}", diagnostic.code)));
        }
    }
    Some(Edit::insert(
        line,
        format!(
            "{indent}# shipshape ignore={}{}",
            diagnostic.code,
            line_ending(src, start)
        ),
    ))
}

/// "Ignore CODE in this file": `,CODE` added to an existing
/// `# shipshape ignore-file=` comment, or a new one after the parser
/// directives (at the top when there are none).
pub fn ignore_file_edit(src: &str, file: &Dockerfile, code: &str) -> Edit {
    for c in file.comments() {
        let ls = line_start(src, c.span.start);
        let text = src.get(ls..c.span.end).unwrap_or("");
        if let Some(at) = ignore_list_end(text, ls, "ignore-file") {
            return Edit::insert(at, format!(",{code}"));
        }
    }
    let after_directives = file
        .nodes
        .iter()
        .take_while(|n| matches!(n.kind, NodeKind::Directive(_)))
        .last()
        .map(|n| n.span.end);
    let at = after_directives.unwrap_or(if file.bom || src.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    });
    let eol = line_ending(src, 0);
    let needs_newline_before = at > 0 && !src.get(..at).unwrap_or("").ends_with('\n');
    let text = if needs_newline_before {
        format!("{eol}# shipshape ignore-file={code}")
    } else {
        format!("# shipshape ignore-file={code}{eol}")
    };
    Edit::insert(at.min(src.len()), text)
}

/// The safe fixes (and unsafe ones when asked) applied to the whole text, as
/// one edit covering only the changed middle. `None` when nothing changes or
/// when the fixes would break the syntax.
pub fn fix_all_edit(
    src: &str,
    settings: &Settings,
    unsafe_fixes: bool,
) -> Result<Option<Edit>, Panicked> {
    let outcome = guard(|| fix::fix_all(src, settings, unsafe_fixes))?;
    if !outcome.changed() || outcome.broke_syntax || outcome.text == src {
        return Ok(None);
    }
    Ok(Some(minimal_edit(src, &outcome.text)))
}

/// One edit turning `old` into `new`, covering only what differs (on char
/// boundaries).
pub fn minimal_edit(old: &str, new: &str) -> Edit {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Edit::replace(
        Span::new(prefix, old.len() - suffix),
        new.get(prefix..new.len() - suffix).unwrap_or(""),
    )
}

/// The rules to explain at `offset`: those of the diagnostics under it, and
/// those named by a suppression comment key under it. No duplicates.
pub fn rules_at(
    src: &str,
    analysis: &Analysis,
    offset: usize,
) -> Result<Vec<(&'static RuleMeta, Span)>, Panicked> {
    let mut out: Vec<(&'static RuleMeta, Span)> = Vec::new();
    let mut push = |m: &'static RuleMeta, span: Span| {
        if !out.iter().any(|(x, _)| x.code == m.code) {
            out.push((m, span));
        }
    };
    for d in &analysis.diagnostics {
        let under = d.span.contains(offset) || d.span.start == offset || d.span.end == offset;
        if under {
            if let Some(m) = rules::find(d.code) {
                push(m, d.span);
            }
        }
    }
    let sups = guard(|| suppress::collect(src, &analysis.file))?;
    for s in sups {
        if s.key_span.contains(offset) || s.key_span.end == offset {
            if s.rules.is_empty() {
                if let Some(m) = rules::find(&s.key) {
                    push(m, s.key_span);
                }
            }
            for m in s.rules {
                push(m, s.key_span);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for n in [
            "Dockerfile",
            "dockerfile",
            "Dockerfile.dev",
            "app.Dockerfile",
            "x.dockerfile",
            "Containerfile",
            "Containerfile.prod",
        ] {
            assert!(is_dockerfile(Some(n), None), "{n}");
        }
        for n in [
            "README.md",
            "docker-compose.yml",
            "Dockerfiles.txt.bak2x",
            "main.rs",
        ] {
            assert!(!is_dockerfile(Some(n), Some("plaintext")), "{n}");
        }
        assert!(is_dockerfile(None, Some("dockerfile")));
        assert!(!is_dockerfile(None, None));
    }

    #[test]
    fn minimal_edit_covers_only_the_change() {
        let e = minimal_edit("FROM a\nADD x /y\nRUN z\n", "FROM a\nCOPY x /y\nRUN z\n");
        assert_eq!(e.new_text, "COPY");
        assert_eq!(e.span, Span::new(7, 10));
        let e = minimal_edit("é1", "é2");
        assert_eq!(e.span, Span::new(2, 3));
        let e = minimal_edit("aéb", "aèb");
        let out = fix::apply_edits("aéb", &[e]);
        assert_eq!(out, "aèb");
        let e = minimal_edit("abc", "abc");
        assert!(e.span.is_empty() && e.new_text.is_empty());
    }

    #[test]
    fn ignore_list_end_finds_the_end_of_the_keys() {
        let line = "  # shipshape ignore=SS101, SS102 -- vendor image\n";
        let at = ignore_list_end(line, 10, "ignore");
        assert_eq!(at, Some(10 + line.find(" --").unwrap_or(0)));
        assert_eq!(
            ignore_list_end("# shipshape ignore-file=A\n", 0, "ignore"),
            None
        );
        assert_eq!(
            ignore_list_end("# shipshape ignore-file=A\n", 0, "ignore-file"),
            Some(25)
        );
        assert_eq!(
            ignore_list_end("# hadolint ignore=DL3007\n", 0, "ignore"),
            None
        );
        assert_eq!(ignore_list_end("RUN x\n", 0, "ignore"), None);
    }

    #[test]
    fn guard_turns_a_panic_into_an_error() {
        let r: Result<(), Panicked> = guard(|| panic!("boom"));
        assert_eq!(r, Err(Panicked("boom".into())));
    }
}
