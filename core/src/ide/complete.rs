//! Completion: instruction keywords (with snippets), flags per instruction,
//! `--mount` keys and values, stage names, variables in scope and parser
//! directives. Nothing is fetched from the network.

use crate::model::PLATFORM_ARGS;
use crate::syntax::{Keyword, NodeKind, Span};

use super::docs::{flag_doc, flags_of, keyword_doc, mount_values, DIRECTIVES, MOUNT_KEYS};
use super::refs::Ctx;
use super::Ide;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    Flag,
    /// A `--mount` key.
    Property,
    /// A value of a flag or `--mount` key.
    Value,
    Stage,
    Variable,
    Directive,
}

/// One completion proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// A short line shown next to the label.
    pub detail: Option<String>,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// Plain text that replaces `replace`.
    pub insert: String,
    /// The same with snippet placeholders (`${1:name}`), for clients that
    /// support snippets.
    pub snippet: Option<String>,
    /// The text the item replaces (the typed prefix).
    pub replace: Span,
    /// Marked deprecated (MAINTAINER).
    pub deprecated: bool,
}

impl CompletionItem {
    fn new(label: impl Into<String>, kind: CompletionKind, replace: Span) -> Self {
        let label = label.into();
        CompletionItem {
            insert: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            snippet: None,
            replace,
            deprecated: false,
        }
    }
}

fn snippet_of(k: Keyword) -> &'static str {
    match k {
        Keyword::Add => "ADD ${1:source} ${2:dest}",
        Keyword::Arg => "ARG ${1:name}",
        Keyword::Cmd => "CMD [ \"${1:executable}\" ]",
        Keyword::Copy => "COPY ${1:source} ${2:dest}",
        Keyword::Entrypoint => "ENTRYPOINT [ \"${1:executable}\" ]",
        Keyword::Env => "ENV ${1:key}=${2:value}",
        Keyword::Expose => "EXPOSE ${1:port}",
        Keyword::From => "FROM ${1:image}",
        Keyword::Healthcheck => {
            "HEALTHCHECK --interval=${1:30s} --timeout=${2:30s} CMD ${3:command}"
        }
        Keyword::Label => "LABEL ${1:key}=\"${2:value}\"",
        Keyword::Maintainer => "MAINTAINER ${1:name}",
        Keyword::Onbuild => "ONBUILD ${1:instruction}",
        Keyword::Run => "RUN ${1:command}",
        Keyword::Shell => "SHELL [ \"${1:/bin/sh}\", \"${2:-c}\" ]",
        Keyword::Stopsignal => "STOPSIGNAL ${1:SIGTERM}",
        Keyword::User => "USER ${1:user}",
        Keyword::Volume => "VOLUME [ \"${1:/data}\" ]",
        Keyword::Workdir => "WORKDIR ${1:/path}",
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// The instruction text from its first line to `offset`, continuation
/// lines joined (escape + line end removed), and whether the offset is in
/// a heredoc body.
fn joined_head(head: &str, escape: char) -> String {
    let mut out = String::with_capacity(head.len());
    let mut chars = head.chars().peekable();
    while let Some(c) = chars.next() {
        if c == escape {
            // Escape, optional trailing blanks, then a line end: a continuation.
            let rest: String = chars
                .clone()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let mut look = chars.clone().skip(rest.chars().count());
            match look.next() {
                Some('\n') => {
                    for _ in 0..rest.chars().count() + 1 {
                        chars.next();
                    }
                    continue;
                }
                Some('\r') => {
                    for _ in 0..rest.chars().count() + 1 {
                        chars.next();
                    }
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
    }
    out
}

impl Ide<'_> {
    /// Completion proposals at `offset`, filtered by the typed prefix.
    pub fn complete(&self, offset: usize) -> Vec<CompletionItem> {
        let offset = self.lines.snap(offset);
        let Some(node) = self.node_at(offset) else {
            return self.keywords(Span::empty(offset), "", false, true);
        };
        let before = Span::new(node.span.start, offset).text(self.src);
        match &node.kind {
            NodeKind::Directive(_) | NodeKind::Comment(_) => {
                return self.complete_directive(node, before, offset)
            }
            NodeKind::Blank => {
                return self.keywords(
                    Span::empty(offset),
                    "",
                    false,
                    self.before_first_from(offset),
                )
            }
            _ => {}
        }
        // Inside a heredoc body: only variables.
        if let Some(inst) = Self::node_instruction(node) {
            // On a fresh line after the instruction (end of input).
            if offset > inst.span.end
                && Span::new(inst.span.end, offset)
                    .text(self.src)
                    .contains('\n')
            {
                let line_start = self
                    .lines
                    .line_span(self.lines.line_of(offset))
                    .map_or(offset, |s| s.start);
                let word = Span::new(line_start, offset).text(self.src).trim_start();
                if word.chars().all(|c| c.is_ascii_alphabetic()) {
                    let replace = Span::new(offset - word.len(), offset);
                    return self.keywords(replace, word, false, self.before_first_from(offset));
                }
                return Vec::new();
            }
            if inst
                .heredocs
                .iter()
                .any(|h| h.body.start <= offset && offset <= h.body.end)
            {
                let line_start = self
                    .lines
                    .line_span(self.lines.line_of(offset))
                    .map_or(offset, |s| s.start);
                let word = Span::new(line_start, offset).text(self.src);
                return self
                    .complete_var(word, offset, self.ctx_at(offset))
                    .unwrap_or_default();
            }
        }
        let head = joined_head(before, self.model.escape());
        let ends_in_space = head.ends_with(|c: char| c.is_whitespace());
        let mut tokens: Vec<&str> = head.split_whitespace().collect();
        let current = if ends_in_space {
            ""
        } else {
            tokens.pop().unwrap_or("")
        };
        let cur_span = Span::new(offset.saturating_sub(current.len()), offset);
        let first_only = self.before_first_from(node.span.start);
        let Some(first) = tokens.first() else {
            if current.chars().all(|c| c.is_ascii_alphabetic()) {
                return self.keywords(cur_span, current, false, first_only);
            }
            return Vec::new();
        };
        let Some(mut keyword) = Keyword::parse(first) else {
            return Vec::new();
        };
        let mut args = tokens.get(1..).unwrap_or(&[]);
        if keyword == Keyword::Onbuild {
            match args.split_first() {
                None => {
                    return if current.chars().all(|c| c.is_ascii_alphabetic()) {
                        self.keywords(cur_span, current, true, false)
                    } else {
                        Vec::new()
                    }
                }
                Some((k, rest)) => {
                    let Some(k) = Keyword::parse(k) else {
                        return Vec::new();
                    };
                    keyword = k;
                    args = rest;
                }
            }
        }
        let in_flags = args.iter().all(|a| a.starts_with("--"));
        let ctx = if keyword == Keyword::From {
            Ctx {
                stage: None,
                bound: (self.ctx_at(offset).bound.0, 0),
            }
        } else {
            self.ctx_at(offset)
        };
        // `$` / `${` anywhere: variables.
        if let Some(items) = self.complete_var(current, offset, ctx) {
            return items;
        }
        if in_flags && current.starts_with('-') {
            if let Some((name, value)) = current.strip_prefix("--").and_then(|c| c.split_once('='))
            {
                let vspan = Span::new(offset - value.len(), offset);
                return self.flag_values(keyword, name, value, vspan, node.span.start);
            }
            return flags_of(keyword)
                .iter()
                .filter(|(n, _)| starts_with_ci(&format!("--{n}"), current))
                .map(|(n, placeholder)| {
                    let mut it =
                        CompletionItem::new(format!("--{n}"), CompletionKind::Flag, cur_span);
                    if let Some(p) = placeholder {
                        it.label = format!("--{n}=");
                        it.insert = format!("--{n}=");
                        it.snippet = Some(format!("--{n}=${{1:{p}}}"));
                    }
                    it.documentation = flag_doc(keyword, n).map(str::to_string);
                    it
                })
                .collect();
        }
        let plain: Vec<&&str> = args.iter().filter(|a| !a.starts_with("--")).collect();
        if keyword == Keyword::From {
            if plain.is_empty() {
                let mut items = self.stage_items(current, cur_span, node.span.start, true);
                if starts_with_ci("scratch", current) {
                    let mut it = CompletionItem::new("scratch", CompletionKind::Value, cur_span);
                    it.detail = Some("the empty image".to_string());
                    items.push(it);
                }
                return items;
            }
            if plain.len() == 1 && starts_with_ci("AS", current) {
                let mut it = CompletionItem::new("AS", CompletionKind::Keyword, cur_span);
                it.insert = "AS ".to_string();
                it.snippet = Some("AS ${1:name}".to_string());
                return vec![it];
            }
        }
        if keyword == Keyword::Healthcheck && plain.is_empty() {
            return ["CMD", "NONE"]
                .iter()
                .filter(|k| starts_with_ci(k, current))
                .map(|k| CompletionItem::new(*k, CompletionKind::Keyword, cur_span))
                .collect();
        }
        Vec::new()
    }

    fn before_first_from(&self, offset: usize) -> bool {
        self.model
            .stages
            .first()
            .and_then(|s| self.model.instruction(s.from))
            .is_none_or(|f| f.span.start >= offset)
    }

    fn keywords(
        &self,
        replace: Span,
        prefix: &str,
        onbuild: bool,
        first_only: bool,
    ) -> Vec<CompletionItem> {
        let mut out = Vec::new();
        for k in Keyword::ALL {
            if onbuild && matches!(k, Keyword::From | Keyword::Onbuild | Keyword::Maintainer) {
                continue;
            }
            if first_only && !matches!(k, Keyword::From | Keyword::Arg) {
                continue;
            }
            if !starts_with_ci(k.as_str(), prefix) {
                continue;
            }
            let (syntax, doc) = keyword_doc(k);
            let mut it = CompletionItem::new(k.as_str(), CompletionKind::Keyword, replace);
            it.insert = format!("{} ", k.as_str());
            it.snippet = Some(snippet_of(k).to_string());
            it.detail = Some(syntax.to_string());
            it.documentation = Some(doc.to_string());
            it.deprecated = k == Keyword::Maintainer;
            out.push(it);
            if k == Keyword::Healthcheck {
                let mut none =
                    CompletionItem::new("HEALTHCHECK NONE", CompletionKind::Keyword, replace);
                none.detail = Some("turn off an inherited health check".to_string());
                out.push(none);
            }
        }
        out
    }

    fn complete_directive(
        &self,
        node: &crate::syntax::Node,
        before: &str,
        offset: usize,
    ) -> Vec<CompletionItem> {
        // Directives only count at the head of the file, before anything else.
        let head = self
            .file
            .nodes
            .iter()
            .take_while(|n| n.span.start < node.span.start)
            .all(|n| matches!(n.kind, NodeKind::Directive(_)));
        if !head {
            return Vec::new();
        }
        let Some(rest) = before.trim_start().strip_prefix('#') else {
            return Vec::new();
        };
        let word = rest.trim_start();
        if !word.chars().all(|c| c.is_ascii_alphabetic()) {
            return Vec::new();
        }
        let replace = Span::new(offset - word.len(), offset);
        DIRECTIVES
            .iter()
            .filter(|(n, _, _)| starts_with_ci(n, word))
            .map(|(n, example, doc)| {
                let mut it =
                    CompletionItem::new(format!("{n}="), CompletionKind::Directive, replace);
                it.insert = format!("{n}={example}");
                it.snippet = Some(format!("{n}=${{1:{}}}", example.replace('\\', "\\\\")));
                it.documentation = Some(doc.to_string());
                it
            })
            .collect()
    }

    /// Variables after `$` or `${` at the end of `word`.
    fn complete_var(&self, word: &str, offset: usize, ctx: Ctx) -> Option<Vec<CompletionItem>> {
        let dollar = word.rfind('$')?;
        let after = word.get(dollar + 1..)?;
        let (brace, prefix) = match after.strip_prefix('{') {
            Some(p) => (true, p),
            None => (false, after),
        };
        if !prefix.chars().all(is_word_char) {
            return None;
        }
        let replace = Span::new(offset - prefix.len(), offset);
        let closes = self.src.get(offset..).is_some_and(|r| r.starts_with('}'));
        let mut items: Vec<CompletionItem> = Vec::new();
        for d in self.visible_vars(ctx) {
            if !starts_with_ci(&d.name, prefix) {
                continue;
            }
            let kind = match d.kind {
                crate::model::VarKind::Arg => "ARG",
                crate::model::VarKind::Env => "ENV",
            };
            let value = match &d.value {
                crate::model::VarValue::Known(v) => format!(" = {v}"),
                crate::model::VarValue::Unknown => String::new(),
                crate::model::VarValue::Unset => " (no default)".to_string(),
            };
            let mut it = CompletionItem::new(d.name.clone(), CompletionKind::Variable, replace);
            it.detail = Some(format!(
                "{kind}{value} (line {})",
                self.line_no(d.span.start)
            ));
            if brace && !closes {
                it.insert = format!("{}}}", d.name);
            }
            items.push(it);
        }
        if ctx.stage.is_none() {
            for p in PLATFORM_ARGS {
                if starts_with_ci(p, prefix) && !items.iter().any(|i| i.label == p) {
                    let mut it = CompletionItem::new(p, CompletionKind::Variable, replace);
                    it.detail = Some("platform ARG set by BuildKit".to_string());
                    if brace && !closes {
                        it.insert = format!("{p}}}");
                    }
                    items.push(it);
                }
            }
        }
        Some(items)
    }

    /// Named stages that start before the stage holding `at` (for FROM:
    /// before the FROM itself).
    fn stage_items(
        &self,
        prefix: &str,
        replace: Span,
        at: usize,
        on_from: bool,
    ) -> Vec<CompletionItem> {
        let cur_from = self
            .model
            .stages
            .iter()
            .filter_map(|s| self.model.instruction(s.from))
            .map(|i| i.span.start)
            .filter(|&s| s <= at)
            .last()
            .unwrap_or(at);
        let limit = if on_from { at } else { cur_from };
        self.model
            .stages
            .iter()
            .filter(|s| {
                self.model
                    .instruction(s.from)
                    .is_some_and(|i| i.span.start < limit)
            })
            .filter_map(|s| {
                let name = s.name.as_deref()?;
                starts_with_ci(name, prefix).then(|| {
                    let mut it = CompletionItem::new(name, CompletionKind::Stage, replace);
                    it.detail = Some(format!("stage {} FROM {}", s.index, s.base_raw));
                    it
                })
            })
            .collect()
    }

    fn flag_values(
        &self,
        keyword: Keyword,
        flag: &str,
        value: &str,
        vspan: Span,
        at: usize,
    ) -> Vec<CompletionItem> {
        let values = |list: &[&str], prefix: &str, replace: Span| -> Vec<CompletionItem> {
            list.iter()
                .filter(|v| starts_with_ci(v, prefix))
                .map(|v| CompletionItem::new(*v, CompletionKind::Value, replace))
                .collect()
        };
        match (keyword, flag) {
            (Keyword::Copy, "from") => self.stage_items(value, vspan, at, false),
            (Keyword::Run, "network") => values(&["default", "none", "host"], value, vspan),
            (Keyword::Run, "security") => values(&["sandbox", "insecure"], value, vspan),
            (Keyword::From, "platform") => values(
                &[
                    "$BUILDPLATFORM",
                    "$TARGETPLATFORM",
                    "linux/amd64",
                    "linux/arm64",
                ],
                value,
                vspan,
            ),
            (Keyword::Run, "mount") => {
                let field = value.rsplit(',').next().unwrap_or("");
                let fspan = Span::new(vspan.end - field.len(), vspan.end);
                match field.split_once('=') {
                    Some((key, v)) => {
                        let rspan = Span::new(vspan.end - v.len(), vspan.end);
                        if key.eq_ignore_ascii_case("from") {
                            self.stage_items(v, rspan, at, false)
                        } else {
                            values(mount_values(&key.to_ascii_lowercase()), v, rspan)
                        }
                    }
                    None => MOUNT_KEYS
                        .iter()
                        .filter(|(k, _)| starts_with_ci(k, field))
                        .map(|(k, doc)| {
                            let mut it = CompletionItem::new(
                                format!("{k}="),
                                CompletionKind::Property,
                                fspan,
                            );
                            it.documentation = Some(doc.to_string());
                            it
                        })
                        .collect(),
                }
            }
            _ => Vec::new(),
        }
    }
}
