//! Formatting Dockerfiles: the code behind `shipshape format` and the
//! language server's document and range formatting.
//!
//! The formatter only ever changes white space, and only where that cannot
//! change what BuildKit builds. It returns minimal [`Edit`]s (byte spans and
//! replacements), so editors keep cursors and undo history:
//!
//! - instruction keywords are upper-cased (ONBUILD's trigger and
//!   HEALTHCHECK's `CMD` too);
//! - indentation before an instruction is removed, and a run of spaces or
//!   tabs after the keyword, between flags, and between whitespace-separated
//!   arguments becomes one space, never inside quotes and never inside a
//!   JSON array or a shell command;
//! - continuation lines are indented by [`FormatOptions::indent`] spaces when
//!   the joined text keeps the same words (outside quotes, with white space
//!   on one side of the join already, and not inside a string-valued
//!   argument such as WORKDIR's path or a legacy `ENV key value`);
//! - trailing spaces and tabs are removed (line ends are kept: CRLF stays
//!   CRLF).
//!
//! Heredoc bodies and terminators, comments' text, parser directives, the
//! escape character and malformed instructions (error nodes) are never
//! changed. Formatting is idempotent, and as a last guard the result is
//! re-parsed: if its instructions differ from the input's (other than in
//! white space), no edits are returned.

use crate::diagnostic::Edit;
use crate::fix::apply_edits;
use crate::syntax::{parse, Dockerfile, Instruction, Keyword, Node, NodeKind, Span};

const BOM: &str = "\u{feff}";

/// Formatting choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    /// Spaces before the text of a continuation line (default 4).
    pub indent: usize,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions { indent: 4 }
    }
}

/// The edits that format the whole document, sorted and non-overlapping.
pub fn format_edits(src: &str, opts: &FormatOptions) -> Vec<Edit> {
    format_parsed(src, &parse(src), None, opts)
}

/// The edits that format the nodes (instructions, comments, blank lines)
/// intersecting `range`; an empty range selects the node containing it.
pub fn format_range_edits(src: &str, range: Span, opts: &FormatOptions) -> Vec<Edit> {
    format_parsed(src, &parse(src), Some(range), opts)
}

/// The formatted text of the whole document.
pub fn format_text(src: &str, opts: &FormatOptions) -> String {
    apply_edits(src, &format_edits(src, opts))
}

/// The edits for an already parsed `file` (of `src`), limited to `range`
/// when given.
pub fn format_parsed(
    src: &str,
    file: &Dockerfile,
    range: Option<Span>,
    opts: &FormatOptions,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    for node in &file.nodes {
        if let Some(r) = range {
            let hit = if r.is_empty() {
                node.span.start <= r.start && r.start < node.span.end
                    || (r.start == src.len() && node.span.end == src.len())
            } else {
                node.span.start < r.end && r.start < node.span.end
            };
            if !hit {
                continue;
            }
        }
        format_node(src, file, node, opts, &mut edits);
    }
    let edits = normalize(src, edits);
    if edits.is_empty() {
        return edits;
    }
    let after = apply_edits(src, &edits);
    if same_instructions(file, &parse(&after)) {
        edits
    } else {
        Vec::new()
    }
}

/// Drops edits that change nothing, are out of bounds or overlap an
/// earlier one; sorts by position.
fn normalize(src: &str, mut edits: Vec<Edit>) -> Vec<Edit> {
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    let mut at = 0;
    for e in edits {
        let ok = e.span.start >= at
            && e.span.start <= e.span.end
            && src.get(e.span.start..e.span.end).is_some();
        if !ok || e.span.text(src) == e.new_text {
            continue;
        }
        at = e.span.end;
        out.push(e);
    }
    out
}

/// One physical line: text `start..content_end`, terminator up to `end`.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

fn line_at(src: &str, start: usize, limit: usize) -> Line {
    let rest = src.get(start..limit).unwrap_or("");
    let end = rest.find('\n').map_or(limit, |i| start + i + 1);
    let content = src
        .get(start..end)
        .unwrap_or("")
        .trim_end_matches(['\r', '\n']);
    Line {
        start,
        content_end: start + content.len(),
        end,
    }
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Removes spaces and tabs before the line terminator.
fn trailing(src: &str, line: Line, edits: &mut Vec<Edit>) {
    let content = src.get(line.start..line.content_end).unwrap_or("");
    let kept = content.trim_end_matches(is_blank).len();
    if kept < content.len() {
        edits.push(Edit::replace(
            Span::new(line.start + kept, line.content_end),
            "",
        ));
    }
}

/// The escape token ending `content` (BuildKit's continuation pattern):
/// returns where the kept text ends.
fn continuation(content: &str, escape: char) -> Option<usize> {
    let before = content.trim_end_matches(is_blank).strip_suffix(escape)?;
    if before.ends_with(escape) {
        return None;
    }
    Some(before.len())
}

fn format_node(
    src: &str,
    file: &Dockerfile,
    node: &Node,
    opts: &FormatOptions,
    edits: &mut Vec<Edit>,
) {
    match &node.kind {
        NodeKind::Directive(_) | NodeKind::Error(_) => {}
        NodeKind::Blank | NodeKind::Comment(_) => {
            let mut at = node.span.start;
            while at < node.span.end {
                let l = line_at(src, at, node.span.end);
                trailing(src, l, edits);
                at = l.end;
            }
        }
        NodeKind::Instruction(ins) => {
            let mut mine = Vec::new();
            if format_instruction(src, file.escape, node, ins, opts, &mut mine) {
                edits.extend(mine);
            }
        }
    }
}

/// A piece of the joined (logical) instruction text that is contiguous in
/// the source.
struct Segment {
    /// Start of the physical line holding it.
    line_start: usize,
    source: usize,
    logical: usize,
    len: usize,
}

/// Quote state before each byte of the logical text: 0 outside quotes,
/// 1 inside quotes, 2 right after an escape character (outside single
/// quotes).
fn quote_states(text: &str, escape: char) -> Vec<u8> {
    let mut out = vec![0u8; text.len() + 1];
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        let state = if escaped {
            2
        } else if quote.is_some() {
            1
        } else {
            0
        };
        if let Some(slot) = out.get_mut(i) {
            *slot = state;
        }
        if escaped {
            escaped = false;
            continue;
        }
        match quote {
            Some('\'') => {
                if c == '\'' {
                    quote = None;
                }
            }
            Some(q) => {
                if c == '\\' || c == escape {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => {
                if c == '\\' || c == escape {
                    escaped = true;
                } else if c == '\'' || c == '"' {
                    quote = Some(c);
                }
            }
        }
    }
    if let Some(slot) = out.last_mut() {
        *slot = if escaped {
            2
        } else if quote.is_some() {
            1
        } else {
            0
        };
    }
    out
}

/// Keywords whose argument text is a shell command (or JSON), where white
/// space between words outside quotes is only a separator.
fn shellish(ins: &Instruction) -> bool {
    ins.json
        || matches!(
            ins.keyword,
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck
        )
}

/// Formats one instruction; returns false (and no edits should be used)
/// when its lines do not read as the parser read them.
fn format_instruction(
    src: &str,
    escape: char,
    node: &Node,
    ins: &Instruction,
    opts: &FormatOptions,
    edits: &mut Vec<Edit>,
) -> bool {
    let header_end = ins
        .heredocs
        .first()
        .map_or(node.span.end, |h| h.body.start)
        .clamp(node.span.start, node.span.end);
    let first = line_at(src, node.span.start, header_end);
    let text_start = if node.span.start == 0 && src.starts_with(BOM) {
        BOM.len()
    } else {
        node.span.start
    };
    let kw = ins.keyword_span;
    if !(text_start <= kw.start && kw.start <= first.content_end && kw.end <= first.content_end) {
        return false;
    }

    // Indentation before the keyword.
    let indent = src.get(text_start..kw.start).unwrap_or("");
    if !indent.chars().all(char::is_whitespace) {
        return false;
    }
    if !indent.is_empty() {
        edits.push(Edit::replace(Span::new(text_start, kw.start), ""));
    }
    upper_keyword(src, ins, edits);

    // The header lines, joined as BuildKit joins them.
    let mut logical = String::new();
    let mut segments: Vec<Segment> = Vec::new();
    let mut add = |logical: &mut String, line_start: usize, s: usize, e: usize| {
        segments.push(Segment {
            line_start,
            source: s,
            logical: logical.len(),
            len: e - s,
        });
        logical.push_str(src.get(s..e).unwrap_or(""));
    };
    let first_text = src.get(kw.start..first.content_end).unwrap_or("");
    let mut more = match continuation(first_text, escape) {
        Some(i) => {
            add(&mut logical, first.start, kw.start, kw.start + i);
            true
        }
        None => {
            add(&mut logical, first.start, kw.start, first.content_end);
            false
        }
    };
    trailing(src, first, edits);
    let mut next = first.end;
    while more && next < header_end {
        let l = line_at(src, next, header_end);
        next = l.end;
        trailing(src, l, edits);
        let content = src.get(l.start..l.content_end).unwrap_or("");
        let t = content.trim_start();
        if t.starts_with('#') || t.is_empty() {
            continue;
        }
        match continuation(content, escape) {
            Some(i) => add(&mut logical, l.start, l.start, l.start + i),
            None => {
                add(&mut logical, l.start, l.start, l.content_end);
                more = false;
            }
        }
    }
    if next != header_end {
        return false;
    }
    let states = quote_states(&logical, escape);
    let state_at = |source: usize| -> Option<u8> {
        let seg = segments
            .iter()
            .find(|s| s.source <= source && source <= s.source + s.len)?;
        states.get(seg.logical + (source - seg.source)).copied()
    };

    // The tokens whose gaps may be collapsed, and the spans a continuation
    // line must not fall inside.
    let effective: &Instruction = ins.nested.as_deref().unwrap_or(ins);
    let mut tokens: Vec<Span> = vec![kw];
    let mut strict: Vec<Span> = Vec::new();
    tokens.extend(ins.flags.iter().map(|f| f.span));
    strict.extend(ins.flags.iter().map(|f| f.span));
    if let Some(n) = ins.nested.as_deref() {
        tokens.push(n.keyword_span);
        tokens.extend(n.flags.iter().map(|f| f.span));
        strict.extend(n.flags.iter().map(|f| f.span));
    }
    if effective.json {
        tokens.push(effective.text.source_span());
    } else {
        tokens.extend(effective.args.iter().map(|w| w.span));
        if !shellish(effective) {
            strict.extend(effective.args.iter().map(|w| w.span));
            strict.extend(effective.pairs.iter().map(|p| p.span));
        }
    }
    if let Some(n) = ins.nested.as_deref() {
        upper_keyword(src, n, edits);
        if !shellish(n) {
            strict.push(n.text.source_span());
        }
    } else if !shellish(ins) && ins.keyword != Keyword::Onbuild {
        strict.extend(ins.args.iter().map(|w| w.span));
    }
    tokens.retain(|t| t.start >= kw.start && t.end <= header_end && t.start <= t.end);
    tokens.sort_by_key(|t| (t.start, t.end));
    let mut prev: Option<Span> = None;
    for t in tokens {
        if let Some(p) = prev {
            if t.start < p.end {
                continue;
            }
            let gap = src.get(p.end..t.start).unwrap_or("");
            if !gap.is_empty() && gap.chars().all(is_blank) && state_at(p.end) == Some(0) {
                edits.push(Edit::replace(Span::new(p.end, t.start), " "));
            }
        }
        prev = Some(t);
    }

    // Continuation lines.
    let pad = " ".repeat(opts.indent);
    for seg in segments.iter().skip(1) {
        let line = src.get(seg.source..seg.source + seg.len).unwrap_or("");
        let lead = line.len() - line.trim_start_matches(is_blank).len();
        let first_char = seg.source + lead;
        if lead == seg.len {
            // Only white space before the escape token.
            continue;
        }
        let before = seg
            .logical
            .checked_sub(1)
            .and_then(|i| logical.get(i..seg.logical))
            .unwrap_or("");
        let blank_before = before.chars().all(is_blank) && !before.is_empty();
        // White space at the join before and after the edit: the words stay apart.
        let separated = blank_before || (lead > 0 && opts.indent > 0);
        let quoted = states.get(seg.logical).copied() != Some(0)
            || states.get(seg.logical + lead).is_some_and(|&s| s == 2);
        let inside = strict
            .iter()
            .any(|s| s.start < seg.line_start && first_char <= s.end && s.end > seg.line_start);
        if separated && !quoted && !inside {
            edits.push(Edit::replace(Span::new(seg.line_start, first_char), &*pad));
        }
    }
    true
}

fn upper_keyword(src: &str, ins: &Instruction, edits: &mut Vec<Edit>) {
    let written = ins.keyword_span.text(src);
    let canonical = ins.keyword.as_str();
    if written != canonical && written.eq_ignore_ascii_case(canonical) {
        edits.push(Edit::replace(ins.keyword_span, canonical));
    }
}

/// Whether two parses hold the same nodes and instructions (keywords,
/// flags, arguments), ignoring white space outside quotes.
fn same_instructions(a: &Dockerfile, b: &Dockerfile) -> bool {
    a.escape == b.escape
        && a.nodes.len() == b.nodes.len()
        && a.nodes
            .iter()
            .zip(&b.nodes)
            .all(|(x, y)| match (&x.kind, &y.kind) {
                (NodeKind::Instruction(i), NodeKind::Instruction(j)) => same_instruction(i, j),
                (NodeKind::Error(_), NodeKind::Error(_)) => true,
                (NodeKind::Directive(d), NodeKind::Directive(e)) => {
                    d.name == e.name && d.value == e.value
                }
                (NodeKind::Comment(c), NodeKind::Comment(d)) => c.text == d.text,
                (NodeKind::Blank, NodeKind::Blank) => true,
                _ => false,
            })
}

fn same_instruction(a: &Instruction, b: &Instruction) -> bool {
    let words =
        |i: &Instruction| -> Vec<String> { i.args.iter().map(|w| squeeze(&w.text)).collect() };
    let flags = |i: &Instruction| -> Vec<(String, Option<String>)> {
        i.flags
            .iter()
            .map(|f| (f.name.clone(), f.value.as_ref().map(|v| v.text.clone())))
            .collect()
    };
    a.keyword == b.keyword
        && a.json == b.json
        && flags(a) == flags(b)
        // ONBUILD's and HEALTHCHECK's arguments hold the nested keyword as
        // written: compared through `nested` instead.
        && (a.nested.is_some() || words(a) == words(b))
        && a.heredocs.len() == b.heredocs.len()
        && match (&a.nested, &b.nested) {
            (Some(x), Some(y)) => same_instruction(x, y),
            (None, None) => true,
            _ => false,
        }
}

/// Collapses runs of spaces and tabs outside quotes to one space.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut blank = false;
    for c in text.chars() {
        if quote.is_none() && !escaped && is_blank(c) {
            blank = true;
            continue;
        }
        if blank {
            out.push(' ');
            blank = false;
        }
        out.push(c);
        if escaped {
            escaped = false;
        } else if quote != Some('\'') && c == '\\' {
            escaped = true;
        } else if quote == Some(c) {
            quote = None;
        } else if quote.is_none() && (c == '\'' || c == '"') {
            quote = Some(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(src: &str) -> String {
        format_text(src, &FormatOptions::default())
    }

    #[test]
    fn keywords_upper_cased_and_spaced() {
        assert_eq!(
            fmt("from   alpine\nrun\techo hi\n"),
            "FROM alpine\nRUN echo hi\n"
        );
    }

    #[test]
    fn flags_and_words_single_spaced() {
        assert_eq!(
            fmt("COPY  --from=build   --chown=1:1   a    b   /dst/\n"),
            "COPY --from=build --chown=1:1 a b /dst/\n"
        );
    }

    #[test]
    fn shell_command_interior_kept() {
        assert_eq!(fmt("RUN  echo   'a   b'   c\n"), "RUN echo   'a   b'   c\n");
    }

    #[test]
    fn json_array_kept() {
        assert_eq!(fmt("cmd   [\"a\",   \"b\"]\n"), "CMD [\"a\",   \"b\"]\n");
    }

    #[test]
    fn continuation_lines_indented() {
        let src = "RUN apt-get update && \\\n  apt-get install -y x \\\n\t\t&& rm -rf /var/lib\n";
        assert_eq!(
            fmt(src),
            "RUN apt-get update && \\\n    apt-get install -y x \\\n    && rm -rf /var/lib\n"
        );
        let two = format_text(src, &FormatOptions { indent: 2 });
        assert!(two.contains("\n  apt-get"), "{two}");
    }

    #[test]
    fn zero_indent_never_glues_words() {
        let zero = FormatOptions { indent: 0 };
        let src = "RUN a \\\n  b\\\n  c\n";
        assert_eq!(format_text(src, &zero), "RUN a \\\nb\\\n  c\n");
    }

    #[test]
    fn continuation_inside_quotes_kept() {
        let src = "RUN echo \"a \\\n  b\"\n";
        assert_eq!(fmt(src), src);
    }

    #[test]
    fn continuation_that_glues_words_kept() {
        let src = "RUN echo abc\\\ndef\n";
        assert_eq!(fmt(src), src);
    }

    #[test]
    fn workdir_string_kept() {
        let src = "WORKDIR /a \\\n  b\n";
        assert_eq!(fmt(src), src);
    }

    #[test]
    fn trailing_whitespace_removed_crlf_kept() {
        assert_eq!(
            fmt("FROM a  \r\n# note \t\r\n   \r\nRUN x \\  \r\n  y\r\n"),
            "FROM a\r\n# note\r\n\r\nRUN x \\\r\n    y\r\n"
        );
    }

    #[test]
    fn heredoc_body_and_directives_kept() {
        let src = "# syntax=docker/dockerfile:1  \n# escape=`\nrun <<EOF  \n  body   \nEOF\n";
        assert_eq!(
            fmt(src),
            "# syntax=docker/dockerfile:1  \n# escape=`\nRUN <<EOF\n  body   \nEOF\n"
        );
    }

    #[test]
    fn error_nodes_untouched() {
        let src = "copy   onlyone  \nrun   x\n";
        assert_eq!(fmt(src), "copy   onlyone  \nRUN x\n");
    }

    #[test]
    fn onbuild_and_healthcheck_nested() {
        assert_eq!(
            fmt("onbuild   run   echo hi\nhealthcheck   --interval=5s   cmd   curl x\n"),
            "ONBUILD RUN echo hi\nHEALTHCHECK --interval=5s CMD curl x\n"
        );
    }

    #[test]
    fn indentation_before_instruction_removed() {
        assert_eq!(fmt("FROM a\n   RUN x\n"), "FROM a\nRUN x\n");
    }

    #[test]
    fn range_touches_only_intersecting_instructions() {
        let src = "from a\nrun   x\nrun   y\n";
        let r = Span::new(8, 9);
        let out = apply_edits(src, &format_range_edits(src, r, &FormatOptions::default()));
        assert_eq!(out, "from a\nRUN x\nrun   y\n");
    }

    #[test]
    fn idempotent_on_examples() {
        for src in [
            "from a\nrun   x \\\n  && y\n",
            "ENV A=1   B=\"x  y\"\nLABEL a=b \\\n c=d\n",
        ] {
            let once = fmt(src);
            assert_eq!(fmt(&once), once);
        }
    }
}
