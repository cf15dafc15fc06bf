//! Document structure: symbols (stages → instructions), folding ranges,
//! semantic tokens and links from FROM images to their registry pages.

use crate::model::Base;
use crate::syntax::{Instruction, Keyword, NodeKind, Span};

use super::refs::{fields, Target};
use super::{clamp, Ide};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Stage,
    Instruction,
    Variable,
    Directive,
}

/// An outline entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole construct.
    pub span: Span,
    /// The part to select (a name or keyword), inside `span`.
    pub selection: Span,
    pub deprecated: bool,
    pub children: Vec<Symbol>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// A stage, a multi-line instruction or a heredoc.
    Region,
    Comment,
}

/// A foldable range: from the line of `span.start` to the line of `span.end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub span: Span,
    pub kind: FoldKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Keyword,
    /// A flag name (`--from`).
    Parameter,
    Variable,
    String,
    Comment,
    /// A stage name.
    Namespace,
    /// A parser directive name.
    Macro,
    /// A `--mount` key.
    Property,
}

/// A semantic token. Tokens do not overlap and come in source order; they
/// may span lines (heredoc bodies, continued values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    pub declaration: bool,
}

/// A link from `span` to `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub span: Span,
    pub target: String,
}

fn short(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max).collect();
        format!("{cut}…")
    }
}

impl Ide<'_> {
    /// The outline: directives and global ARGs, then one symbol per stage
    /// (named after its `AS` name) holding its instructions; ARG and ENV
    /// instructions hold their variables.
    pub fn symbols(&self) -> Vec<Symbol> {
        let mut out = Vec::new();
        for d in self.file.directives() {
            out.push(Symbol {
                name: d.name.clone(),
                detail: Some(d.value.clone()),
                kind: SymbolKind::Directive,
                span: d.span,
                selection: d.name_span,
                deprecated: false,
                children: Vec::new(),
            });
        }
        let first_from = self.model.stages.first().map_or(usize::MAX, |s| s.from);
        for (idx, inst) in self
            .model
            .instructions()
            .iter()
            .enumerate()
            .take(first_from)
        {
            out.push(self.instruction_symbol(inst, idx));
        }
        for st in &self.model.stages {
            let Some(from) = self.model.instruction(st.from) else {
                continue;
            };
            let children: Vec<Symbol> = st
                .instructions
                .clone()
                .filter_map(|i| {
                    self.model
                        .instruction(i)
                        .map(|inst| self.instruction_symbol(inst, i))
                })
                .collect();
            let end = children.last().map_or(from.span.end, |c| c.span.end);
            let name = st
                .name
                .clone()
                .unwrap_or_else(|| format!("stage {}", st.index));
            out.push(Symbol {
                name,
                detail: Some(format!("FROM {}", st.base_raw)),
                kind: SymbolKind::Stage,
                span: Span::new(from.span.start, end),
                selection: st.name_span.unwrap_or(from.keyword_span),
                deprecated: false,
                children,
            });
        }
        out
    }

    fn instruction_symbol(&self, inst: &Instruction, _idx: usize) -> Symbol {
        let children = match inst.keyword {
            Keyword::Arg | Keyword::Env => inst
                .pairs
                .iter()
                .map(|p| Symbol {
                    name: p.key.text.clone(),
                    detail: p.unquoted.clone(),
                    kind: SymbolKind::Variable,
                    span: p.span,
                    selection: p.key.span,
                    deprecated: false,
                    children: Vec::new(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let detail = short(&inst.text.text, 60);
        Symbol {
            name: inst.keyword.as_str().to_string(),
            detail: (!detail.is_empty()).then_some(detail),
            kind: SymbolKind::Instruction,
            span: inst.span,
            selection: inst.keyword_span,
            deprecated: inst.keyword == Keyword::Maintainer,
            children,
        }
    }

    /// Folding ranges: stages, multi-line instructions, heredoc bodies and
    /// runs of two or more comment lines. Only ranges over several lines.
    pub fn folds(&self) -> Vec<Fold> {
        let lines = |s: Span| (self.lines.line_of(s.start), self.lines.line_of(s.end));
        let multi = |s: Span| {
            let (a, b) = lines(s);
            b > a
        };
        let mut out = Vec::new();
        for sym in self.symbols() {
            if sym.kind == SymbolKind::Stage && multi(sym.span) {
                out.push(Fold {
                    span: sym.span,
                    kind: FoldKind::Region,
                });
            }
        }
        let mut comment_run: Option<Span> = None;
        let flush = |run: &mut Option<Span>, out: &mut Vec<Fold>| {
            if let Some(r) = run.take() {
                if multi(r) {
                    out.push(Fold {
                        span: r,
                        kind: FoldKind::Comment,
                    });
                }
            }
        };
        for node in &self.file.nodes {
            match &node.kind {
                NodeKind::Comment(c) => {
                    comment_run = Some(comment_run.map_or(c.span, |r| r.cover(c.span)));
                    continue;
                }
                NodeKind::Directive(d) => {
                    comment_run = Some(comment_run.map_or(d.span, |r| r.cover(d.span)));
                    continue;
                }
                _ => flush(&mut comment_run, &mut out),
            }
            let Some(inst) = Self::node_instruction(node) else {
                continue;
            };
            // The instruction lines before any heredoc body.
            let head_end = inst.heredocs.first().map_or(inst.span.end, |h| {
                h.body.start.saturating_sub(1).max(inst.span.start)
            });
            let head = Span::new(inst.span.start, head_end);
            if multi(head) {
                out.push(Fold {
                    span: head,
                    kind: FoldKind::Region,
                });
            }
            for h in &inst.heredocs {
                let span = Span::new(h.span.start, h.terminator.end.max(h.body.end));
                if multi(span) {
                    out.push(Fold {
                        span,
                        kind: FoldKind::Region,
                    });
                }
            }
        }
        flush(&mut comment_run, &mut out);
        out.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
        out
    }

    /// Semantic tokens, in source order and without overlaps.
    pub fn tokens(&self) -> Vec<Token> {
        let mut base: Vec<Token> = Vec::new();
        let tok = |span: Span, kind: TokenKind| Token {
            span,
            kind,
            declaration: false,
        };
        for node in &self.file.nodes {
            match &node.kind {
                NodeKind::Comment(c) => base.push(tok(c.span, TokenKind::Comment)),
                NodeKind::Directive(d) => {
                    if d.span.start < d.name_span.start {
                        base.push(tok(
                            Span::new(d.span.start, d.name_span.start),
                            TokenKind::Comment,
                        ));
                    }
                    base.push(tok(d.name_span, TokenKind::Macro));
                    if !d.value_span.is_empty() {
                        base.push(tok(d.value_span, TokenKind::String));
                    }
                }
                _ => {
                    let mut inst = Self::node_instruction(node);
                    while let Some(i) = inst {
                        self.instruction_tokens(i, &mut base);
                        inst = i.nested.as_deref();
                    }
                }
            }
        }
        // Names (variables, stages) cut into the tokens around them.
        let mut overlay: Vec<Token> = self
            .index()
            .occs
            .iter()
            .map(|o| Token {
                span: o.span,
                kind: match o.target {
                    Target::Stage(_) => TokenKind::Namespace,
                    Target::Var(_) => TokenKind::Variable,
                },
                declaration: o.declaration,
            })
            .collect();
        for t in &base {
            if t.kind == TokenKind::String {
                if let Some(keys) = self.mount_keys_in(t.span) {
                    overlay.extend(keys);
                }
            }
        }
        overlay.sort_by_key(|t| t.span.start);
        overlay.dedup_by(|b, a| b.span.start < a.span.end);
        let mut out: Vec<Token> = Vec::new();
        for t in base {
            let mut at = t.span.start;
            for o in overlay
                .iter()
                .filter(|o| o.span.start >= t.span.start && o.span.end <= t.span.end)
            {
                if o.span.start > at {
                    out.push(Token {
                        span: Span::new(at, o.span.start),
                        ..t
                    });
                }
                at = at.max(o.span.end);
            }
            if at < t.span.end {
                out.push(Token {
                    span: Span::new(at, t.span.end),
                    ..t
                });
            }
        }
        // Overlay tokens not inside any base token (shell-form arguments).
        out.extend(overlay);
        out.sort_by_key(|t| (t.span.start, t.span.end));
        let len = self.src.len();
        let mut clean: Vec<Token> = Vec::with_capacity(out.len());
        for mut t in out {
            t.span = clamp(t.span, len);
            if t.span.is_empty() {
                continue;
            }
            if clean.last().is_some_and(|p| p.span.end > t.span.start) {
                continue;
            }
            clean.push(t);
        }
        clean
    }

    /// `--mount` keys inside a flag value span, as property tokens.
    fn mount_keys_in(&self, span: Span) -> Option<Vec<Token>> {
        let text = span.text(self.src);
        if !text.contains("type=") && !text.contains("target=") {
            return None;
        }
        Some(
            fields(text)
                .filter_map(|(start, f)| {
                    let (k, _) = f.split_once('=')?;
                    let s = span.start + start;
                    Some(Token {
                        span: Span::new(s, s + k.len()),
                        kind: TokenKind::Property,
                        declaration: false,
                    })
                })
                .collect(),
        )
    }

    fn instruction_tokens(&self, inst: &Instruction, out: &mut Vec<Token>) {
        let tok = |span: Span, kind: TokenKind| Token {
            span,
            kind,
            declaration: false,
        };
        out.push(tok(inst.keyword_span, TokenKind::Keyword));
        for f in &inst.flags {
            out.push(tok(
                Span::new(f.span.start, f.name_span.end),
                TokenKind::Parameter,
            ));
            if let Some(v) = &f.value {
                out.push(tok(v.span, TokenKind::String));
            }
        }
        for c in &inst.comments {
            out.push(tok(c.span, TokenKind::Comment));
        }
        match inst.keyword {
            Keyword::Arg | Keyword::Env | Keyword::Label => {
                for p in &inst.pairs {
                    if let Some(v) = &p.value {
                        out.push(tok(v.span, TokenKind::String));
                    }
                }
            }
            Keyword::From => {
                if let Some(a) = inst
                    .args
                    .get(1)
                    .filter(|a| a.text.eq_ignore_ascii_case("as"))
                {
                    out.push(tok(a.span, TokenKind::Keyword));
                }
            }
            _ if inst.json => {
                for a in &inst.args {
                    out.push(tok(a.span, TokenKind::String));
                }
            }
            _ => {}
        }
        for h in &inst.heredocs {
            out.push(tok(h.span, TokenKind::Keyword));
            if !h.body.is_empty() {
                out.push(tok(h.body, TokenKind::String));
            }
            if !h.terminator.is_empty() {
                out.push(tok(h.terminator, TokenKind::Keyword));
            }
        }
    }

    /// Links from FROM image names to their registry pages (stage names
    /// and references that use variables are skipped).
    pub fn links(&self) -> Vec<Link> {
        let mut out = Vec::new();
        for st in &self.model.stages {
            let Base::Image(r) = &st.base else { continue };
            if st.base_raw.contains('$') || st.base_span.text(self.src) != st.base_raw {
                continue;
            }
            let Some(target) = registry_page(&r.registry, &r.repository) else {
                continue;
            };
            // The name only, without tag or digest.
            let raw = st.base_raw.as_str();
            let name_end = raw.find('@').unwrap_or(raw.len());
            let slash = raw
                .get(..name_end)
                .and_then(|s| s.rfind('/'))
                .map_or(0, |i| i + 1);
            let name_end = raw
                .get(slash..name_end)
                .and_then(|s| s.find(':'))
                .map_or(name_end, |c| slash + c);
            out.push(Link {
                span: Span::new(st.base_span.start, st.base_span.start + name_end),
                target,
            });
        }
        out
    }
}

/// The web page of an image repository, for registries whose page URL
/// follows from the name.
pub fn registry_page(registry: &str, repository: &str) -> Option<String> {
    match registry {
        "docker.io" | "index.docker.io" | "registry-1.docker.io" => {
            Some(match repository.strip_prefix("library/") {
                Some(name) if !name.contains('/') => format!("https://hub.docker.com/_/{name}"),
                _ => format!("https://hub.docker.com/r/{repository}"),
            })
        }
        "ghcr.io" => Some(format!("https://ghcr.io/{repository}")),
        "quay.io" => Some(format!("https://quay.io/repository/{repository}")),
        "mcr.microsoft.com" => Some(format!(
            "https://mcr.microsoft.com/artifact/mar/{repository}"
        )),
        "gcr.io" | "us.gcr.io" | "eu.gcr.io" | "asia.gcr.io" => {
            Some(format!("https://{registry}/{repository}"))
        }
        "public.ecr.aws" => Some(format!("https://gallery.ecr.aws/{repository}")),
        _ => None,
    }
}
