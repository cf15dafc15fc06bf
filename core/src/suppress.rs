//! Suppression comments: ours, and the peers' through the rules' equivalents.
//!
//! | comment | scope |
//! |---|---|
//! | `# shipshape ignore=CODE[,CODE…] [-- reason]` | the next instruction |
//! | `# shipshape ignore-file=CODE[,…] [-- reason]` | the whole file |
//! | `# hadolint ignore=DL3008,…` | the next instruction |
//! | `# hadolint global ignore=…` | the whole file |
//! | `# hadolint stage ignore=…` | to the next `FROM` |
//! | `# check=skip=Rule,…` (BuildKit directive at the head; `skip=all`) | the whole file |
//! | `# check=skip=Rule,…` (a comment above an instruction) | the next instruction |
//! | `# trivy:ignore:AVD-DS-0002` | the next instruction |
//! | `# checkov:skip=CKV_DOCKER_3[: reason]` | the whole file (Checkov skips per resource; a Dockerfile is one) |
//!
//! "The next instruction" is the instruction right below the run of comment
//! lines the suppression stands in (a blank line ends the run). Codes, names
//! and peer ids are all accepted, case-insensitively; a peer id suppresses
//! every rule that lists it as an equivalent.

use crate::diagnostic::Diagnostic;
use crate::rule::RuleMeta;
use crate::rules;
use crate::syntax::{Dockerfile, Keyword, NodeKind, Span};

/// Which tool's comment syntax a suppression was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Shipshape,
    Hadolint,
    Buildkit,
    Trivy,
    Checkov,
}

/// One rule key in one suppression comment.
#[derive(Clone, Debug)]
pub struct Suppression {
    /// The comment (or directive) it was written in.
    pub comment: Span,
    /// The key as written (`SS101`, `latest-tag`, `DL3007`, `all`…).
    pub key: String,
    /// Where in the comment the key stands.
    pub key_span: Span,
    pub flavor: Flavor,
    /// The rules it names (empty when the key names no rule we have).
    pub rules: Vec<&'static RuleMeta>,
    /// `all`: every rule.
    pub all: bool,
    /// The byte range whose findings it suppresses.
    pub scope: Span,
    /// Whether a finding starts in the scope of this suppression.
    pub used: bool,
}

impl Suppression {
    fn covers(&self, d: &Diagnostic) -> bool {
        (self.all || self.rules.iter().any(|m| m.code == d.code))
            && (self.scope.contains(d.span.start) || self.scope.start == d.span.start)
    }
}

/// Every suppression in a file.
pub fn collect(src: &str, file: &Dockerfile) -> Vec<Suppression> {
    let mut out = Vec::new();
    let whole = Span::new(0, src.len());
    // The instruction each run of comment lines sits on, found by walking
    // the nodes backwards.
    let mut next_instruction: Option<Span> = None;
    let mut targets = vec![None; file.nodes.len()];
    for (i, node) in file.nodes.iter().enumerate().rev() {
        match &node.kind {
            NodeKind::Instruction(ins) => next_instruction = Some(ins.span),
            NodeKind::Error(e) => {
                next_instruction = e.instruction.as_ref().map(|i| i.span).or(Some(e.span))
            }
            NodeKind::Comment(_) => {}
            NodeKind::Blank | NodeKind::Directive(_) => next_instruction = None,
        }
        targets[i] = next_instruction;
    }
    // Stage ranges for `hadolint stage ignore`.
    let froms: Vec<usize> = file
        .instructions()
        .filter(|i| i.keyword == Keyword::From)
        .map(|i| i.span.start)
        .collect();
    let stage_end = |at: usize| froms.iter().copied().find(|&f| f > at).unwrap_or(src.len());

    for (i, node) in file.nodes.iter().enumerate() {
        match &node.kind {
            NodeKind::Directive(d) if d.name == "check" => {
                // The value as it stands in the source, so key spans are exact.
                if let Some(list) = buildkit_skip(d.value_span.text(src)) {
                    push_keys(&mut out, src, d.span, list, Flavor::Buildkit, whole);
                }
            }
            NodeKind::Comment(c) => {
                let text = c.span.text(src);
                let body_start = c.span.start + text.find('#').map_or(0, |p| p + 1);
                let body = &src[body_start..c.span.end];
                let lead = body.len() - body.trim_start().len();
                let body = body[lead..].trim_start();
                let next = targets[i];
                parse_comment(&mut out, src, c.span, body, next, whole, &stage_end);
            }
            _ => {}
        }
    }
    out
}

fn parse_comment(
    out: &mut Vec<Suppression>,
    src: &str,
    comment: Span,
    body: &str,
    next: Option<Span>,
    whole: Span,
    stage_end: &dyn Fn(usize) -> usize,
) {
    let next_or_nothing = next.unwrap_or(Span::empty(comment.end));
    if let Some(rest) = strip_word(body, "shipshape") {
        let rest = rest.trim_start_matches(':').trim_start();
        if let Some(list) = strip_key(rest, "ignore-file") {
            let list = until(list, " --");
            push_keys(out, src, comment, list, Flavor::Shipshape, whole);
        } else if let Some(list) = strip_key(rest, "ignore") {
            let list = until(list, " --");
            push_keys(out, src, comment, list, Flavor::Shipshape, next_or_nothing);
        }
    } else if let Some(rest) = strip_word(body, "hadolint") {
        let (scope, rest) = if let Some(r) = strip_word(rest, "global") {
            (whole, r)
        } else if let Some(r) = strip_word(rest, "stage") {
            (Span::new(comment.start, stage_end(comment.start)), r)
        } else {
            (next_or_nothing, rest)
        };
        if let Some(list) = strip_key(rest, "ignore") {
            let list = until(list, "#").trim_end();
            push_keys(out, src, comment, list, Flavor::Hadolint, scope);
        }
    } else if let Some(list) = buildkit_skip(body) {
        push_keys(out, src, comment, list, Flavor::Buildkit, next_or_nothing);
    } else if let Some(rest) = body.strip_prefix("trivy:ignore:") {
        let id = rest.split_whitespace().next().unwrap_or("");
        push_keys(out, src, comment, id, Flavor::Trivy, next_or_nothing);
    } else if let Some(rest) = body.strip_prefix("checkov:skip=") {
        let id = until(rest, ":").trim();
        push_keys(out, src, comment, id, Flavor::Checkov, whole);
    }
}

/// `skip=A,B` inside a BuildKit `check=` value (`skip=…;error=true`).
fn buildkit_skip(value: &str) -> Option<&str> {
    let v = value.trim();
    let v = v
        .strip_prefix("check")
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix('='))
        .unwrap_or(v);
    v.split(';')
        .map(str::trim)
        .find_map(|part| {
            part.strip_prefix("skip")
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix('='))
        })
        .map(str::trim)
}

/// Adds one suppression per comma-separated key of `list`, which must be a
/// slice of `src` (key spans are computed from its position).
fn push_keys(
    out: &mut Vec<Suppression>,
    src: &str,
    comment: Span,
    list: &str,
    flavor: Flavor,
    scope: Span,
) {
    let base = (list.as_ptr() as usize)
        .checked_sub(src.as_ptr() as usize)
        .filter(|b| b + list.len() <= src.len())
        .unwrap_or(comment.start);
    let mut offset = 0;
    for part in list.split(',') {
        let key = part.trim();
        let lead = part.len() - part.trim_start().len();
        let start = base + offset + lead;
        offset += part.len() + 1;
        if key.is_empty() {
            continue;
        }
        let all = key.eq_ignore_ascii_case("all");
        let rules = if all { Vec::new() } else { rules::select(key) };
        let key_span = Span::new(start, (start + key.len()).min(src.len()));
        out.push(Suppression {
            comment,
            key: key.to_string(),
            key_span,
            flavor,
            rules,
            all,
            scope,
            used: false,
        });
    }
}

fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(word)?;
    (rest.is_empty() || rest.starts_with([' ', '\t', ':'])).then(|| rest.trim_start())
}

fn strip_key<'a>(s: &'a str, key: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(key)?.trim_start();
    Some(rest.strip_prefix('=')?.trim_start())
}

fn until<'a>(s: &'a str, stop: &str) -> &'a str {
    s.find(stop).map_or(s, |i| &s[..i])
}

/// Drops suppressed findings and marks the suppressions that were used.
pub fn apply(diags: Vec<Diagnostic>, sups: &mut [Suppression]) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter(|d| {
            let mut hit = false;
            for s in sups.iter_mut() {
                if s.covers(d) {
                    s.used = true;
                    hit = true;
                }
            }
            !hit
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn keys(src: &str) -> Vec<(&str, Flavor)> {
        collect(src, &parse(src))
            .iter()
            .map(|s| (s.key_span.text(src), s.flavor))
            .collect()
    }

    #[test]
    fn key_spans_point_at_the_keys_in_comments_and_directives() {
        let src = "# check=skip=JSONArgsRecommended, StageNameCasing\nFROM a\n#  shipshape ignore=SS101 , latest-tag -- why\n# hadolint ignore=DL3008 # note\n# trivy:ignore:AVD-DS-0002\n# checkov:skip=CKV_DOCKER_3: reason\nRUN x\n";
        assert_eq!(
            keys(src),
            [
                ("JSONArgsRecommended", Flavor::Buildkit),
                ("StageNameCasing", Flavor::Buildkit),
                ("SS101", Flavor::Shipshape),
                ("latest-tag", Flavor::Shipshape),
                ("DL3008", Flavor::Hadolint),
                ("AVD-DS-0002", Flavor::Trivy),
                ("CKV_DOCKER_3", Flavor::Checkov),
            ]
        );
    }

    #[test]
    fn scopes_follow_the_comment_kind() {
        let src =
            "FROM a\n# shipshape ignore=SS101\nUSER root\n\n# shipshape ignore=SS102\n\nRUN y\n";
        let sups = collect(src, &parse(src));
        assert_eq!(sups[0].scope.text(src), "USER root");
        // A blank line between the comment and the instruction: nothing is in scope.
        assert!(sups[1].scope.is_empty());
    }
}
