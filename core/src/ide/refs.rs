//! Declarations and uses of stage names and ARG/ENV variables: go to
//! definition, references, highlights and rename (scoping rules in the
//! module documentation of [`crate::ide`]).

use crate::model::{Base, VarKind, VarValue, PLATFORM_ARGS};
use crate::syntax::{Instruction, Keyword, Span, Word};

use super::{is_stage_name, is_var_name, Ide};

/// What a name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A build stage, by index in [`crate::model::Model::stages`].
    Stage(usize),
    /// A variable: the id of its group of declarations.
    Var(usize),
}

/// One place a stage name or variable appears.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The name only (without `$`, `${`, `}` or `--from=`).
    pub span: Span,
    /// A declaration (`ARG NAME`, `ENV NAME=`, `FROM … AS NAME`) rather than a use.
    pub declaration: bool,
}

/// A replacement of `span` by `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub text: String,
}

/// Why a rename cannot happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    /// Nothing renameable at the offset.
    NothingHere,
    /// The new name is not valid for this kind of symbol.
    InvalidName(String),
    /// The new name is taken by another stage.
    Clash(String),
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameError::NothingHere => f.write_str("nothing to rename here"),
            RenameError::InvalidName(m) | RenameError::Clash(m) => f.write_str(m),
        }
    }
}

/// One ARG/ENV declaration.
#[derive(Clone, Debug)]
pub(super) struct Decl {
    pub name: String,
    pub span: Span,
    pub kind: VarKind,
    /// `None` for a global ARG.
    pub stage: Option<usize>,
    pub inst: usize,
    pub pair: usize,
    pub value: VarValue,
}

/// Where a lookup happens: the stage (`None`: global scope) and the bound
/// (instruction, pair) before which declarations are visible.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ctx {
    pub stage: Option<usize>,
    pub bound: (usize, usize),
}

#[derive(Clone, Debug)]
pub(super) struct Occ {
    pub span: Span,
    pub target: Target,
    pub declaration: bool,
    /// For variables: the declaration this occurrence is or resolves to.
    pub decl: Option<usize>,
}

/// Every declaration and occurrence in the file, in source order.
#[derive(Debug, Default)]
pub(super) struct Index {
    pub decls: Vec<Decl>,
    /// Union-find parents over `decls`.
    group: Vec<usize>,
    pub occs: Vec<Occ>,
}

impl Index {
    fn find(&self, mut d: usize) -> usize {
        while let Some(&p) = self.group.get(d) {
            if p == d {
                break;
            }
            d = p;
        }
        d
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            if let Some(p) = self.group.get_mut(hi) {
                *p = lo;
            }
        }
    }

    /// The group (variable) of a declaration.
    pub fn var_of(&self, decl: usize) -> Target {
        Target::Var(self.find(decl))
    }

    /// The declaration visible for `name` in `ctx`.
    pub fn resolve(&self, ide: &Ide<'_>, ctx: Ctx, name: &str) -> Option<usize> {
        let visible = |d: &Decl, bound: (usize, usize)| d.name == name && (d.inst, d.pair) < bound;
        match ctx.stage {
            Some(s) => {
                let mut cur = Some(s);
                let mut bound = ctx.bound;
                let mut hops = 0;
                while let Some(si) = cur {
                    let hit = self
                        .decls
                        .iter()
                        .enumerate()
                        .rev()
                        .find(|(_, d)| d.stage == Some(si) && visible(d, bound));
                    if let Some((i, _)) = hit {
                        return Some(i);
                    }
                    cur = match ide.model.stage(si).map(|st| &st.base) {
                        Some(Base::Stage(p)) if *p < si => Some(*p),
                        _ => None,
                    };
                    bound = (usize::MAX, usize::MAX);
                    hops += 1;
                    if hops > ide.model.stages.len() {
                        break;
                    }
                }
                None
            }
            None => self
                .decls
                .iter()
                .enumerate()
                .rev()
                .find(|(_, d)| d.stage.is_none() && visible(d, ctx.bound))
                .map(|(i, _)| i),
        }
    }

    pub fn build(ide: &Ide<'_>) -> Index {
        let model = &ide.model;
        let mut ix = Index::default();
        // Declarations: global ARGs (pair numbers counted per instruction).
        let mut last_inst = usize::MAX;
        let mut pair = 0;
        for g in &model.global_args {
            if g.instruction == last_inst {
                pair += 1;
            } else {
                pair = 0;
                last_inst = g.instruction;
            }
            ix.decls.push(Decl {
                name: g.name.clone(),
                span: g.name_span,
                kind: VarKind::Arg,
                stage: None,
                inst: g.instruction,
                pair,
                value: g.value.clone(),
            });
        }
        for st in &model.stages {
            for v in &st.vars {
                ix.decls.push(Decl {
                    name: v.name.clone(),
                    span: v.name_span,
                    kind: v.kind,
                    stage: Some(st.index),
                    inst: v.instruction,
                    pair: v.pair,
                    value: v.value.clone(),
                });
            }
        }
        ix.group = (0..ix.decls.len()).collect();
        // Groups: each declaration joins the visible one of the same name
        // and kind; a stage ARG with none joins the global ARG.
        for i in 0..ix.decls.len() {
            let Some(d) = ix.decls.get(i) else { continue };
            let ctx = Ctx {
                stage: d.stage,
                bound: (d.inst, d.pair),
            };
            let (name, kind, in_stage) = (d.name.clone(), d.kind, d.stage.is_some());
            let prev = ix.resolve(ide, ctx, &name);
            let prev_kind = prev.and_then(|p| ix.decls.get(p)).map(|p| p.kind);
            match prev {
                Some(p) if prev_kind == Some(kind) => ix.union(i, p),
                None if in_stage && kind == VarKind::Arg => {
                    let global = ix
                        .decls
                        .iter()
                        .rposition(|g| g.stage.is_none() && g.name == name);
                    if let Some(g) = global {
                        ix.union(i, g);
                    }
                }
                _ => {}
            }
        }
        for (i, d) in ix.decls.iter().enumerate() {
            ix.occs.push(Occ {
                span: d.span,
                target: Target::Var(i),
                declaration: true,
                decl: Some(i),
            });
        }
        // Uses of variables.
        for (idx, inst) in model.instructions().iter().enumerate() {
            if inst.keyword == Keyword::Onbuild {
                continue;
            }
            for (span, name) in var_uses(ide, inst) {
                let ctx = ix.ctx_for(ide, idx, inst, span.start);
                if let Some(d) = ix.resolve(ide, ctx, &name) {
                    ix.occs.push(Occ {
                        span,
                        target: Target::Var(d),
                        declaration: false,
                        decl: Some(d),
                    });
                }
            }
        }
        // Stage names.
        for st in &model.stages {
            if let Some(span) = st.name_span {
                ix.occs.push(Occ {
                    span,
                    target: Target::Stage(st.index),
                    declaration: true,
                    decl: None,
                });
            }
            if let Base::Stage(p) = st.base {
                if !st.base_raw.contains('$') && st.base_span.text(ide.src) == st.base_raw {
                    ix.occs.push(Occ {
                        span: st.base_span,
                        target: Target::Stage(p),
                        declaration: false,
                        decl: None,
                    });
                }
            }
            for idx in st.instructions.clone() {
                let Some(inst) = model.instruction(idx) else {
                    continue;
                };
                for (span, name) in stage_refs(ide.src, inst) {
                    if let Some(s) = stage_named(ide, &name, st.index) {
                        ix.occs.push(Occ {
                            span,
                            target: Target::Stage(s),
                            declaration: false,
                            decl: None,
                        });
                    }
                }
            }
        }
        // Declarations point at their group; uses at their declaration's group.
        let resolved: Vec<Target> = ix
            .occs
            .iter()
            .map(|o| match o.decl {
                Some(d) => ix.var_of(d),
                None => o.target,
            })
            .collect();
        for (o, t) in ix.occs.iter_mut().zip(resolved) {
            o.target = t;
        }
        ix.occs.sort_by_key(|o| (o.span.start, o.span.end));
        ix
    }

    /// The lookup context of a use at `offset` inside model instruction `idx`.
    pub fn ctx_for(&self, ide: &Ide<'_>, idx: usize, inst: &Instruction, offset: usize) -> Ctx {
        let pair = match inst.keyword {
            Keyword::Arg => inst.pairs.iter().filter(|p| p.span.end <= offset).count(),
            _ => 0,
        };
        let stage = ide
            .model
            .stage_of(idx)
            .filter(|&s| ide.model.stage(s).is_some_and(|st| st.from != idx));
        Ctx {
            stage,
            bound: (idx, pair),
        }
    }

    /// The occurrence under `offset` (end inclusive, so a cursor right
    /// after a name still finds it).
    pub fn occ_at(&self, offset: usize) -> Option<&Occ> {
        self.occs
            .iter()
            .find(|o| o.span.contains(offset))
            .or_else(|| self.occs.iter().find(|o| o.span.end == offset))
    }
}

/// The stage a `--from`/`from=` value names (by name, case-insensitive, or
/// by index), other than the current one.
fn stage_named(ide: &Ide<'_>, text: &str, current: usize) -> Option<usize> {
    ide.model
        .stages
        .iter()
        .position(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(text))
        })
        .filter(|&i| i != current)
}

/// A word's text with its source offsets, when the two agree byte for
/// byte (no continuation lines or decoded escapes inside).
fn direct<'s>(src: &'s str, w: &Word) -> Option<&'s str> {
    let t = w.span.text(src);
    (t == w.text).then_some(t)
}

/// Stage names in `COPY --from=` and `RUN --mount=…,from=`: spans and names.
pub(super) fn stage_refs(src: &str, inst: &Instruction) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    match inst.keyword {
        Keyword::Copy => {
            if let Some(w) = inst.flag("from").and_then(|f| f.value.as_ref()) {
                if let Some(t) = direct(src, w) {
                    if is_stage_name(t) {
                        out.push((w.span, t.to_string()));
                    }
                }
            }
        }
        Keyword::Run => {
            for f in inst.flags.iter().filter(|f| f.name == "mount") {
                let Some(w) = &f.value else { continue };
                let Some(t) = direct(src, w) else { continue };
                for (start, field) in fields(t) {
                    if let Some((k, v)) = field.split_once('=') {
                        if k.trim().eq_ignore_ascii_case("from") && is_stage_name(v) {
                            let at = w.span.start + start + k.len() + 1;
                            out.push((Span::new(at, at + v.len()), v.to_string()));
                        }
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// The comma-separated fields of a `--mount` value, with their offsets.
pub(super) fn fields(t: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut at = 0;
    t.split(',').map(move |f| {
        let start = at;
        at += f.len() + 1;
        (start, f)
    })
}

/// `$NAME` and `${NAME…}` references in `text`: byte ranges of the names
/// and the names. Single-quoted text and escaped `$` are skipped.
pub(super) fn scan_vars(text: &str, escape: char) -> Vec<(std::ops::Range<usize>, String)> {
    let b = text.as_bytes();
    let esc = if escape == '`' { b'`' } else { b'\\' };
    let mut out = Vec::new();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    let name_end = |from: usize| {
        let mut j = from;
        while b
            .get(j)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            j += 1;
        }
        j
    };
    while let Some(&c) = b.get(i) {
        if c == esc && !single {
            i += 2;
            continue;
        }
        match c {
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'$' if !single => {
                let brace = b.get(i + 1) == Some(&b'{');
                let start = if brace { i + 2 } else { i + 1 };
                let starts_ok = b
                    .get(start)
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_');
                if starts_ok {
                    let end = name_end(start);
                    if let Some(name) = text.get(start..end) {
                        out.push((start..end, name.to_string()));
                    }
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Variable uses of an instruction: arguments, flag values, heredoc bodies.
pub(super) fn var_uses(ide: &Ide<'_>, inst: &Instruction) -> Vec<(Span, String)> {
    let escape = ide.model.escape();
    let mut out = Vec::new();
    for f in &inst.flags {
        if let Some(w) = &f.value {
            if let Some(t) = direct(ide.src, w) {
                for (r, name) in scan_vars(t, escape) {
                    out.push((
                        Span::new(w.span.start + r.start, w.span.start + r.end),
                        name,
                    ));
                }
            }
        }
    }
    for (r, name) in scan_vars(&inst.text.text, escape) {
        out.push((inst.text.span(r), name));
    }
    for h in &inst.heredocs {
        if h.quoted && inst.keyword != Keyword::Run {
            continue;
        }
        let body = h.body.text(ide.src);
        for (r, name) in scan_vars(body, escape) {
            out.push((
                Span::new(h.body.start + r.start, h.body.start + r.end),
                name,
            ));
        }
    }
    out
}

impl Ide<'_> {
    /// What the name under `offset` refers to.
    pub fn target_at(&self, offset: usize) -> Option<Target> {
        self.index().occ_at(offset).map(|o| o.target)
    }

    /// Every occurrence of `target`, in source order.
    pub fn occurrences(&self, target: Target) -> Vec<Occurrence> {
        self.index()
            .occs
            .iter()
            .filter(|o| o.target == target)
            .map(|o| Occurrence {
                span: o.span,
                declaration: o.declaration,
            })
            .collect()
    }

    /// Go to definition: for a variable use, the declaration it resolves to
    /// (for a stage ARG re-declaring a global ARG, also the global one); for
    /// a stage reference, the stage's `AS` name (or its FROM line for a
    /// stage without one).
    pub fn definition(&self, offset: usize) -> Vec<Span> {
        let ix = self.index();
        let Some(o) = ix.occ_at(offset) else {
            return Vec::new();
        };
        match (o.target, o.decl) {
            (Target::Stage(s), _) => self
                .model
                .stage(s)
                .map(|st| {
                    st.name_span.unwrap_or_else(|| {
                        self.model
                            .instruction(st.from)
                            .map_or(st.base_span, |i| i.keyword_span)
                    })
                })
                .into_iter()
                .collect(),
            (Target::Var(_), Some(d)) => {
                let group = o.target;
                let Some(decl) = ix.decls.get(d) else {
                    return Vec::new();
                };
                // `ARG NAME` in a stage: its value comes from the global ARG.
                let global = (decl.stage.is_some() && decl.kind == VarKind::Arg)
                    .then(|| {
                        ix.decls
                            .iter()
                            .enumerate()
                            .rev()
                            .find(|(i, g)| g.stage.is_none() && ix.var_of(*i) == group)
                            .map(|(_, g)| g.span)
                    })
                    .flatten();
                if o.declaration {
                    return vec![global.unwrap_or(decl.span)];
                }
                let mut out = vec![decl.span];
                out.extend(global);
                out
            }
            _ => Vec::new(),
        }
    }

    /// Find references: every occurrence of what is under `offset`.
    pub fn references(&self, offset: usize, include_declaration: bool) -> Vec<Span> {
        let Some(t) = self.target_at(offset) else {
            return Vec::new();
        };
        self.occurrences(t)
            .into_iter()
            .filter(|o| include_declaration || !o.declaration)
            .map(|o| o.span)
            .collect()
    }

    /// Document highlight: the occurrences of what is under `offset`
    /// (declarations are writes).
    pub fn highlights(&self, offset: usize) -> Vec<Occurrence> {
        self.target_at(offset)
            .map(|t| self.occurrences(t))
            .unwrap_or_default()
    }

    /// Prepare rename: the span of the name under `offset` and its text.
    pub fn prepare_rename(&self, offset: usize) -> Option<(Span, String)> {
        let o = self.index().occ_at(offset)?;
        Some((o.span, o.span.text(self.src).to_string()))
    }

    /// Rename what is under `offset` to `new_name`: one edit per occurrence.
    pub fn rename(&self, offset: usize, new_name: &str) -> Result<Vec<TextEdit>, RenameError> {
        let t = self.target_at(offset).ok_or(RenameError::NothingHere)?;
        match t {
            Target::Var(_) if !is_var_name(new_name) => {
                return Err(RenameError::InvalidName(format!(
                    "`{new_name}` is not a valid variable name (letters, digits and `_`, not starting with a digit)"
                )))
            }
            Target::Var(_) if PLATFORM_ARGS.contains(&new_name) => {
                return Err(RenameError::InvalidName(format!(
                    "`{new_name}` is a platform ARG that BuildKit sets itself"
                )))
            }
            Target::Stage(_) if !is_stage_name(new_name) => {
                return Err(RenameError::InvalidName(format!(
                    "`{new_name}` is not a valid stage name (a letter, then letters, digits, `-`, `_` or `.`)"
                )))
            }
            Target::Stage(s) => {
                if let Some(other) = self.model.stages.iter().find(|st| {
                    st.index != s
                        && st
                            .name
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(new_name))
                }) {
                    return Err(RenameError::Clash(format!(
                        "stage `{new_name}` already exists (line {})",
                        other.name_span.map_or(0, |sp| self.line_no(sp.start))
                    )));
                }
            }
            Target::Var(_) => {}
        }
        Ok(self
            .occurrences(t)
            .into_iter()
            .map(|o| TextEdit {
                span: o.span,
                text: new_name.to_string(),
            })
            .collect())
    }

    /// The declaration a variable occurrence under `offset` resolves to.
    pub(super) fn decl_at(&self, offset: usize) -> Option<(Span, &Decl, bool)> {
        let ix = self.index();
        let o = ix.occ_at(offset)?;
        let d = ix.decls.get(o.decl?)?;
        Some((o.span, d, o.declaration))
    }

    /// The variables visible in `ctx`, innermost first, one per name.
    pub(super) fn visible_vars(&self, ctx: Ctx) -> Vec<&Decl> {
        let ix = self.index();
        let mut out: Vec<&Decl> = Vec::new();
        fn push<'d>(d: &'d Decl, out: &mut Vec<&'d Decl>) {
            if !out.iter().any(|o| o.name == d.name) {
                out.push(d);
            }
        }
        match ctx.stage {
            Some(s) => {
                let mut cur = Some(s);
                let mut bound = ctx.bound;
                let mut hops = 0;
                while let Some(si) = cur {
                    for d in ix.decls.iter().rev() {
                        if d.stage == Some(si) && (d.inst, d.pair) < bound {
                            push(d, &mut out);
                        }
                    }
                    cur = match self.model.stage(si).map(|st| &st.base) {
                        Some(Base::Stage(p)) if *p < si => Some(*p),
                        _ => None,
                    };
                    bound = (usize::MAX, usize::MAX);
                    hops += 1;
                    if hops > self.model.stages.len() {
                        break;
                    }
                }
            }
            None => {
                for d in ix.decls.iter().rev() {
                    if d.stage.is_none() && (d.inst, d.pair) < ctx.bound {
                        push(d, &mut out);
                    }
                }
            }
        }
        out
    }

    /// The lookup context at any offset, inside an instruction or not.
    pub(super) fn ctx_at(&self, offset: usize) -> Ctx {
        if let Some(idx) = self.model_instruction_at(offset) {
            if let Some(inst) = self.model.instruction(idx) {
                return self.index().ctx_for(self, idx, inst, offset);
            }
        }
        let idx = self
            .model
            .instructions()
            .iter()
            .take_while(|i| i.span.start < offset)
            .count();
        let stage = idx.checked_sub(1).and_then(|p| self.model.stage_of(p));
        Ctx {
            stage,
            bound: (idx, 0),
        }
    }
}
