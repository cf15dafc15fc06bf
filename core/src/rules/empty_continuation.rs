//! SS803 empty-continuation (BuildKit NoEmptyContinuation): an empty line
//! inside an instruction's continuation lines.

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::{Instruction, NodeKind, Span};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS803",
        name: "empty-continuation",
        summary: "An instruction's continuation lines contain an empty line",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(Tool::Buildkit, "NoEmptyContinuation")],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "After a line ending in `\\`, BuildKit skips empty (or blank) lines and keeps \
joining: the instruction goes on at the next non-empty line. An empty line therefore does not \
end an instruction, which surprises readers and can silently glue two lines together:\n\n\
```dockerfile\nRUN apt-get update && \\\n\nRUN echo done\n```\n\n\
is one instruction, `RUN apt-get update && RUN echo done`. BuildKit warns that empty \
continuation lines will become errors in a future release. Remove them; comment lines inside \
a continuation are fine and stay.\n\n\
As BuildKit does, shipshape reports each instruction once, at its first empty line; the fix \
deletes all of them and nothing else.",
        bad: "FROM alpine:3.20\nRUN apk add --no-cache \\\n\n    curl\n",
        good: "FROM alpine:3.20\nRUN apk add --no-cache \\\n    curl\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let src = cx.src;
    for node in &cx.file.nodes {
        let ins: &Instruction = match &node.kind {
            NodeKind::Instruction(i) => i,
            NodeKind::Error(e) => match &e.instruction {
                Some(i) => i,
                None => continue,
            },
            _ => continue,
        };
        // Heredoc bodies follow the continuation lines; they are data.
        let limit = ins
            .heredocs
            .first()
            .map_or(node.span.end, |h| h.body.start.min(node.span.end));
        let empty = empty_lines(src, node.span.start, limit);
        let Some(&first) = empty.first() else {
            continue;
        };
        let kw = ins.keyword_span.text(src);
        let (message, title) = if empty.len() == 1 {
            (
                format!("Empty line inside the continuation of `{kw}`; BuildKit will reject it in a future release"),
                "Delete the empty line",
            )
        } else {
            (
                format!("{} empty lines inside the continuation of `{kw}`; BuildKit will reject them in a future release", empty.len()),
                "Delete the empty lines",
            )
        };
        let edits = empty.iter().map(|&s| Edit::delete(s)).collect();
        let mut reported = out
            .report(first, message)
            .fix(Some(Fix::safe(title, edits)));
        for &more in empty.get(1..).unwrap_or(&[]) {
            reported = reported.related(more, "Another empty continuation line");
        }
    }
}

/// The blank lines (with their line ends) among the lines after the first
/// one, in `start..limit`.
fn empty_lines(src: &str, start: usize, limit: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let text = src.get(start..limit).unwrap_or("");
    let mut at = start;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_start = at;
        at += line.len();
        if i > 0 && line.trim().is_empty() {
            out.push(Span::new(line_start, at));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS803";

    #[test]
    fn an_empty_continuation_line_is_reported_once_per_instruction() {
        let src = "FROM alpine:3.20\nRUN apk add \\\n\n    curl \\\n  \n    git\n";
        assert_eq!(lines(CODE, src), [3]);
        let d = &run(CODE, src)[0];
        assert!(d.message.starts_with("2 empty lines"));
        assert_eq!(d.related.len(), 1);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nRUN apk add \\\n    curl \\\n    git\n"
        );
    }

    #[test]
    fn whitespace_only_lines_count_and_comment_lines_stay() {
        let src = "FROM alpine:3.20\nRUN echo a \\\n  # note\n\t \n  b\n";
        assert_eq!(texts(CODE, src), ["\t \n"]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nRUN echo a \\\n  # note\n  b\n"
        );
    }

    #[test]
    fn an_empty_line_that_glues_two_instructions() {
        let src = "FROM alpine:3.20\nRUN apt-get update && \\\n\nRUN echo done\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nRUN apt-get update && \\\nRUN echo done\n"
        );
    }

    #[test]
    fn blank_lines_between_instructions_are_clean() {
        let src = "FROM alpine:3.20\n\nRUN echo a \\\n  b\n\n\nCMD [\"sh\"]\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn empty_lines_in_heredoc_bodies_are_clean() {
        let src = "FROM alpine:3.20\nRUN <<EOF\necho a\n\necho b\nEOF\n";
        assert!(run(CODE, src).is_empty());
        // …but an empty continuation line before the body is not.
        let src = "FROM alpine:3.20\nRUN --network=none \\\n\n  <<EOF\necho a\n\nEOF\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nRUN --network=none \\\n  <<EOF\necho a\n\nEOF\n"
        );
    }

    #[test]
    fn crlf_lines_are_deleted_whole() {
        let src = "FROM alpine:3.20\r\nRUN echo a \\\r\n\r\n  b\r\n";
        assert_eq!(texts(CODE, src), ["\r\n"]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\r\nRUN echo a \\\r\n  b\r\n"
        );
    }

    #[test]
    fn backtick_escape_and_trailing_empty_line_at_end_of_file() {
        let src = "# escape=`\nFROM alpine:3.20\nRUN echo a `\n\n  b\n";
        assert_eq!(lines(CODE, src), [4]);
        let src = "FROM alpine:3.20\nRUN echo a \\\n\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(fixed(CODE, src, false), "FROM alpine:3.20\nRUN echo a \\\n");
    }
}
