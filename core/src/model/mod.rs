//! The semantic model of a Dockerfile: stages and their base images, global
//! and stage variables (ARG/ENV scoping as BuildKit applies it), the
//! effective USER of each stage, and which stages the final image needs.
//!
//! The model borrows the syntax tree and is cheap to build (one pass over
//! the instructions, no I/O), so it can be rebuilt on every keystroke.
//!
//! Only well-formed top-level instructions take part (see
//! [`Dockerfile::instructions`]): ONBUILD triggers run in a later build, not
//! this one, and error nodes are left to the syntax checks.
//!
//! Values are those of a build with no `--build-arg`: ARGs take their
//! defaults. Values the file cannot know (the base image's environment, the
//! platform ARGs) are [`VarValue::Unknown`].

pub mod expand;
pub mod image_ref;

use std::ops::Range;

use serde::Serialize;

use crate::syntax::{Dockerfile, Instruction, Keyword, Span};

pub use expand::{expand, expand_with, expand_words, ExpandError, Expansion, Lookup};
pub use image_ref::{ImageRef, RefError};

/// The build args BuildKit defines automatically. They are in scope for
/// `FROM` lines and, once declared with `ARG NAME`, inside a stage; their
/// values depend on the build, so the model treats them as unknown.
pub const PLATFORM_ARGS: [&str; 8] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

/// The `PATH` BuildKit gives an image built from `scratch`.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// A variable's value as far as the file tells.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum VarValue {
    /// Known exactly (for ARGs: the default).
    Known(String),
    /// Set, but to a value the file cannot tell (platform ARGs, values
    /// computed from unknown ones).
    Unknown,
    /// Declared without a value (`ARG NAME` with no default): unset in a
    /// build without `--build-arg NAME=…`.
    Unset,
}

impl VarValue {
    fn from_expansion(e: Expansion) -> VarValue {
        if e.is_exact() {
            VarValue::Known(e.text)
        } else {
            VarValue::Unknown
        }
    }

    fn to_lookup(&self) -> Lookup {
        match self {
            VarValue::Known(v) => Lookup::Set(v.clone()),
            VarValue::Unknown => Lookup::Unknown,
            VarValue::Unset => Lookup::Unset,
        }
    }

    /// The value when it is known.
    pub fn known(&self) -> Option<&str> {
        match self {
            VarValue::Known(v) => Some(v),
            _ => None,
        }
    }
}

/// An `ARG` before the first `FROM`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GlobalArg {
    pub name: String,
    pub name_span: Span,
    /// The whole `NAME[=value]` pair.
    pub span: Span,
    /// The default as written (quotes kept), if any.
    pub default: Option<String>,
    /// The default after expansion with earlier global ARGs.
    pub value: VarValue,
    /// Index of the ARG instruction in [`Model::instructions`].
    pub instruction: usize,
}

/// Whether a variable was declared with ARG or ENV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum VarKind {
    Arg,
    Env,
}

/// One ARG or ENV declaration inside a stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Var {
    pub name: String,
    pub kind: VarKind,
    pub value: VarValue,
    /// Index of the declaring instruction in [`Model::instructions`].
    pub instruction: usize,
    /// Position of the pair within the instruction.
    pub pair: usize,
    pub name_span: Span,
    /// For `ARG NAME` without a default: it re-declares a global ARG.
    pub from_global: bool,
}

/// What a stage is built on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Base {
    /// `FROM scratch`: the empty image.
    Scratch,
    /// An earlier stage, by name (case-insensitive).
    Stage(usize),
    /// An image reference.
    Image(ImageRef),
    /// The reference depends on values the file does not give (an ARG
    /// without a default, a platform ARG); holds the expanded text.
    Unresolved(String),
    /// Not a valid reference, or the expansion failed; holds the reason.
    Invalid(String),
}

/// `FROM --platform=…`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Platform {
    pub raw: String,
    pub span: Span,
    pub expansion: Expansion,
}

/// The user a stage runs as.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageUser {
    /// The `USER` argument after expansion (`app`, `1000:1000`, `root`).
    pub user: String,
    /// As written.
    pub raw: String,
    /// Whether the expansion was exact (no unknown values, no errors).
    pub exact: bool,
    /// Index of the USER instruction in [`Model::instructions`].
    pub instruction: usize,
    /// The USER instruction's span.
    pub span: Span,
    /// The span of its argument.
    pub arg_span: Span,
    /// The stage holding that USER instruction: this stage, or an ancestor
    /// it inherits the user from.
    pub stage: usize,
}

impl StageUser {
    /// True for `root`, `0`, and any `root:…`/`0:…`.
    pub fn is_root(&self) -> bool {
        is_root_user(&self.user)
    }

    /// True when this stage inherits the user from a parent stage.
    pub fn is_inherited(&self, stage: usize) -> bool {
        self.stage != stage
    }
}

/// Classifies a `USER` value: the user part (before `:`) is `root` or uid 0.
pub fn is_root_user(spec: &str) -> bool {
    let user = spec.trim().split(':').next().unwrap_or("");
    user == "root" || (!user.is_empty() && user.bytes().all(|b| b == b'0'))
}

/// How one stage uses another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DepKind {
    /// `FROM <stage>`.
    From,
    /// `COPY --from=<stage|index>`.
    CopyFrom,
    /// `RUN --mount=…,from=<stage|index>`.
    MountFrom,
}

/// A use of another stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StageDep {
    pub stage: usize,
    pub kind: DepKind,
    /// The instruction that uses it.
    pub instruction: usize,
}

/// One build stage: a `FROM` and the instructions up to the next `FROM`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stage {
    pub index: usize,
    /// The `AS` name, lower-cased as BuildKit does.
    pub name: Option<String>,
    pub name_span: Option<Span>,
    /// Index of the FROM instruction in [`Model::instructions`].
    pub from: usize,
    /// The base as written (`${BASE}`, `debian:12`).
    pub base_raw: String,
    pub base_span: Span,
    /// The base expanded with the global ARG defaults.
    pub base_expansion: Expansion,
    pub base: Base,
    pub platform: Option<Platform>,
    /// The stage this one is built on, when `FROM` names an earlier stage.
    pub parent: Option<usize>,
    /// Indices into [`Model::instructions`], starting with the FROM.
    pub instructions: Range<usize>,
    /// ARG and ENV declarations in order.
    pub vars: Vec<Var>,
    /// The effective user: the last USER of this stage, else the parent's.
    /// `None` when the file does not set one (the base image decides).
    pub user: Option<StageUser>,
    /// Stages this one uses, in source order.
    pub deps: Vec<StageDep>,
}

/// A variable visible at some point.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScopeVar {
    pub name: String,
    pub value: VarValue,
    /// `None` for global ARGs and predefined ARGs.
    pub kind: Option<VarKind>,
    /// The declaring instruction; `None` for predefined ARGs.
    pub instruction: Option<usize>,
}

/// The semantic model. Build it with [`Model::new`].
#[derive(Clone, Debug)]
pub struct Model<'a> {
    src: &'a str,
    escape: char,
    instructions: Vec<&'a Instruction>,
    pub global_args: Vec<GlobalArg>,
    pub stages: Vec<Stage>,
}

/// A point in the file: (instruction, pair within it). Declarations strictly
/// before it are visible.
type Pos = (usize, usize);

impl<'a> Model<'a> {
    pub fn new(src: &'a str, df: &'a Dockerfile) -> Model<'a> {
        let escape = if df.escape == '`' { '`' } else { '\\' };
        let instructions: Vec<&Instruction> = df.instructions().collect();
        let mut m = Model {
            src,
            escape,
            instructions,
            global_args: Vec::new(),
            stages: Vec::new(),
        };
        m.build();
        m
    }

    /// The source text the model was built from.
    pub fn source(&self) -> &'a str {
        self.src
    }

    /// The escape character in force.
    pub fn escape(&self) -> char {
        self.escape
    }

    /// Every well-formed top-level instruction, in source order; the model's
    /// instruction indices point into this list.
    pub fn instructions(&self) -> &[&'a Instruction] {
        &self.instructions
    }

    pub fn instruction(&self, index: usize) -> Option<&'a Instruction> {
        self.instructions.get(index).copied()
    }

    /// The stage's instructions, its FROM first.
    pub fn stage_instructions(&self, stage: &Stage) -> impl Iterator<Item = &'a Instruction> + '_ {
        self.instructions
            .get(stage.instructions.clone())
            .unwrap_or(&[])
            .iter()
            .copied()
    }

    /// The stage an instruction belongs to (`None` before the first FROM).
    pub fn stage_of(&self, instruction: usize) -> Option<usize> {
        let i = self.stages.partition_point(|s| s.from <= instruction);
        i.checked_sub(1).filter(|&s| {
            self.stages
                .get(s)
                .is_some_and(|st| st.instructions.contains(&instruction))
        })
    }

    pub fn stage(&self, index: usize) -> Option<&Stage> {
        self.stages.get(index)
    }

    /// The stage with this name (case-insensitive).
    pub fn stage_by_name(&self, name: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }

    /// The stage a plain `docker build` produces: the last one.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    pub fn is_final(&self, stage: usize) -> bool {
        stage + 1 == self.stages.len()
    }

    /// For each stage, whether building `target` needs it (`target` itself
    /// included), following FROM, `COPY --from` and `RUN --mount=from=`.
    pub fn needed_by(&self, target: usize) -> Vec<bool> {
        let mut seen = vec![false; self.stages.len()];
        let mut todo = vec![target];
        while let Some(s) = todo.pop() {
            match seen.get_mut(s) {
                Some(v) if !*v => *v = true,
                _ => continue,
            }
            if let Some(st) = self.stages.get(s) {
                todo.extend(st.deps.iter().map(|d| d.stage));
            }
        }
        seen
    }

    /// The stages the final stage depends on, directly or not (itself
    /// excluded), in index order.
    pub fn final_dependencies(&self) -> Vec<usize> {
        let Some(last) = self.stages.len().checked_sub(1) else {
            return Vec::new();
        };
        self.needed_by(last)
            .iter()
            .enumerate()
            .filter(|&(i, &n)| n && i != last)
            .map(|(i, _)| i)
            .collect()
    }

    /// True when the stage's environment comes only from this file (its
    /// chain of parents starts at `scratch`); otherwise names this file does
    /// not set may still come from the base image.
    pub fn env_known(&self, stage: usize) -> bool {
        matches!(self.root_base(stage), Some(Base::Scratch))
    }

    fn root_base(&self, stage: usize) -> Option<&Base> {
        let mut s = stage;
        loop {
            let st = self.stages.get(s)?;
            match st.base {
                Base::Stage(p) if p < s => s = p,
                _ => return Some(&st.base),
            }
        }
    }

    /// What `name` holds just before instruction `at` runs.
    pub fn lookup(&self, at: usize, name: &str) -> Lookup {
        match self.stage_of(at) {
            Some(s) if self.stages.get(s).is_some_and(|st| st.from != at) => {
                self.stage_lookup(s, (at, 0), false, name)
            }
            _ => self.global_lookup(self.globals_before(at), name),
        }
    }

    /// Expands `word` with the variables in force just before instruction
    /// `at` (for a FROM or a global ARG: the global ARGs).
    pub fn expand_at(&self, at: usize, word: &str) -> Expansion {
        expand_with(word, self.escape, false, &mut |n| self.lookup(at, n))
    }

    /// Like [`Model::expand_at`], split into words after expansion.
    pub fn expand_words_at(&self, at: usize, word: &str) -> Expansion {
        expand_with(word, self.escape, true, &mut |n| self.lookup(at, n))
    }

    /// The variables in force just before instruction `at`, innermost
    /// declaration first, one entry per name.
    pub fn scope_at(&self, at: usize) -> Vec<ScopeVar> {
        let mut out: Vec<ScopeVar> = Vec::new();
        let push = |out: &mut Vec<ScopeVar>, v: ScopeVar| {
            if !out.iter().any(|o| o.name == v.name) {
                out.push(v);
            }
        };
        let stage = self
            .stage_of(at)
            .filter(|&s| self.stages.get(s).is_some_and(|st| st.from != at));
        match stage {
            Some(s) => {
                let mut cur = Some(s);
                let mut bound: Pos = (at, 0);
                while let Some(si) = cur {
                    let Some(st) = self.stages.get(si) else { break };
                    for v in st.vars.iter().rev() {
                        if (v.instruction, v.pair) < bound && v.value != VarValue::Unset {
                            let sv = ScopeVar {
                                name: v.name.clone(),
                                value: v.value.clone(),
                                kind: Some(v.kind),
                                instruction: Some(v.instruction),
                            };
                            push(&mut out, sv);
                        }
                    }
                    cur = match st.base {
                        Base::Stage(p) if p < si => Some(p),
                        _ => None,
                    };
                    bound = (usize::MAX, usize::MAX);
                }
            }
            None => {
                let upto = self.globals_before(at);
                for g in self.global_args.iter().take(upto).rev() {
                    if g.value != VarValue::Unset {
                        let sv = ScopeVar {
                            name: g.name.clone(),
                            value: g.value.clone(),
                            kind: Some(VarKind::Arg),
                            instruction: Some(g.instruction),
                        };
                        push(&mut out, sv);
                    }
                }
                for p in PLATFORM_ARGS {
                    let sv = ScopeVar {
                        name: p.to_string(),
                        value: VarValue::Unknown,
                        kind: None,
                        instruction: None,
                    };
                    push(&mut out, sv);
                }
            }
        }
        out
    }

    /// How many global ARG pairs are declared before instruction `at`.
    fn globals_before(&self, at: usize) -> usize {
        self.global_args.partition_point(|g| g.instruction < at)
    }

    /// Global scope: the first `upto` global ARG pairs, then the platform ARGs.
    fn global_lookup(&self, upto: usize, name: &str) -> Lookup {
        let found = self
            .global_args
            .get(..upto)
            .unwrap_or(&self.global_args)
            .iter()
            .rev()
            .find(|g| g.name == name && g.value != VarValue::Unset);
        match found {
            Some(g) => g.value.to_lookup(),
            None if PLATFORM_ARGS.contains(&name) => Lookup::Unknown,
            None => Lookup::Unset,
        }
    }

    /// Stage scope: declarations of the stage before `before`, then the
    /// parent stages' final scopes, then (for ARG defaults) the global ARGs,
    /// then the base image environment (unknown, except `PATH` on scratch).
    fn stage_lookup(&self, stage: usize, before: Pos, arg_default: bool, name: &str) -> Lookup {
        let mut s = stage;
        let mut bound = before;
        loop {
            let Some(st) = self.stages.get(s) else {
                return Lookup::Unset;
            };
            let hit = st.vars.iter().rev().find(|v| {
                (v.instruction, v.pair) < bound && v.name == name && v.value != VarValue::Unset
            });
            if let Some(v) = hit {
                return v.value.to_lookup();
            }
            match st.base {
                Base::Stage(p) if p < s => {
                    s = p;
                    bound = (usize::MAX, usize::MAX);
                }
                _ => break,
            }
        }
        if arg_default {
            match self.global_lookup(usize::MAX, name) {
                Lookup::Unset => {}
                l => return l,
            }
        }
        if name == "PATH" {
            return match self.root_base(stage) {
                Some(Base::Scratch) => Lookup::Set(DEFAULT_PATH.to_string()),
                _ => Lookup::Unknown,
            };
        }
        Lookup::Unset
    }

    fn build(&mut self) {
        let escape = self.escape;
        let instructions = std::mem::take(&mut self.instructions);
        let first_from = instructions
            .iter()
            .position(|i| i.keyword == Keyword::From)
            .unwrap_or(instructions.len());

        // Global ARGs, each default expanded with the ones before it.
        for (idx, inst) in instructions.iter().enumerate().take(first_from) {
            if inst.keyword != Keyword::Arg {
                continue;
            }
            for kv in &inst.pairs {
                let value = match &kv.value {
                    Some(v) => {
                        let upto = self.global_args.len();
                        let e = expand_with(&v.text, escape, false, &mut |n| {
                            self.global_lookup(upto, n)
                        });
                        VarValue::from_expansion(e)
                    }
                    None if PLATFORM_ARGS.contains(&kv.key.text.as_str()) => VarValue::Unknown,
                    None => VarValue::Unset,
                };
                self.global_args.push(GlobalArg {
                    name: kv.key.text.clone(),
                    name_span: kv.key.span,
                    span: kv.span,
                    default: kv.value.as_ref().map(|v| v.text.clone()),
                    value,
                    instruction: idx,
                });
            }
        }

        // Stage boundaries.
        let froms: Vec<usize> = instructions
            .iter()
            .enumerate()
            .filter(|(_, i)| i.keyword == Keyword::From)
            .map(|(i, _)| i)
            .collect();
        for (si, &from) in froms.iter().enumerate() {
            let end = froms.get(si + 1).copied().unwrap_or(instructions.len());
            let Some(inst) = instructions.get(from) else {
                continue;
            };
            let stage = self.stage_header(si, from, end, inst);
            self.stages.push(stage);
            for idx in from + 1..end {
                if let Some(inst) = instructions.get(idx) {
                    self.declare(si, idx, inst);
                }
            }
        }
        self.instructions = instructions;

        // Users and dependencies need the complete scopes.
        for si in 0..self.stages.len() {
            let (user, deps) = self.stage_user_and_deps(si);
            if let Some(st) = self.stages.get_mut(si) {
                st.user = user;
                st.deps.extend(deps);
            }
        }
    }

    fn stage_header(&self, si: usize, from: usize, end: usize, inst: &Instruction) -> Stage {
        let escape = self.escape;
        let base_word = inst.args.first();
        let base_raw = base_word.map(|w| w.text.clone()).unwrap_or_default();
        let base_span = base_word.map_or(inst.keyword_span, |w| w.span);
        let name_word = match inst.args.get(1) {
            Some(a) if a.text.eq_ignore_ascii_case("as") => inst.args.get(2),
            _ => None,
        };
        let mut global = |n: &str| self.global_lookup(usize::MAX, n);
        let base_expansion = expand_with(&base_raw, escape, false, &mut global);
        let platform = inst
            .flag("platform")
            .and_then(|f| f.value.as_ref())
            .map(|w| Platform {
                raw: w.text.clone(),
                span: w.span,
                expansion: expand_with(&w.text, escape, false, &mut global),
            });

        let text = base_expansion.text.as_str();
        let earlier_stage = self.stages.iter().take(si).position(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(text))
        });
        let base = if !base_expansion.errors.is_empty() {
            let msg = base_expansion
                .errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_default();
            Base::Invalid(msg)
        } else if !base_expansion.unknown.is_empty() {
            Base::Unresolved(text.to_string())
        } else if let Some(p) = earlier_stage {
            Base::Stage(p)
        } else if text == "scratch" {
            Base::Scratch
        } else {
            match ImageRef::parse(text) {
                Ok(r) => Base::Image(r),
                Err(_) if !base_expansion.unresolved.is_empty() => {
                    Base::Unresolved(text.to_string())
                }
                Err(e) => Base::Invalid(e.to_string()),
            }
        };
        let parent = match base {
            Base::Stage(p) => Some(p),
            _ => None,
        };
        Stage {
            index: si,
            name: name_word.map(|w| w.text.to_lowercase()),
            name_span: name_word.map(|w| w.span),
            from,
            base_raw,
            base_span,
            base_expansion,
            base,
            platform,
            parent,
            instructions: from..end,
            vars: Vec::new(),
            user: None,
            deps: parent
                .map(|p| StageDep {
                    stage: p,
                    kind: DepKind::From,
                    instruction: from,
                })
                .into_iter()
                .collect(),
        }
    }

    /// Records the ARG/ENV declarations of one instruction of stage `si`.
    fn declare(&mut self, si: usize, idx: usize, inst: &Instruction) {
        let kind = match inst.keyword {
            Keyword::Arg => VarKind::Arg,
            Keyword::Env => VarKind::Env,
            _ => return,
        };
        let escape = self.escape;
        for (k, kv) in inst.pairs.iter().enumerate() {
            let name = kv.key.text.as_str();
            let mut from_global = false;
            let value = match (&kv.value, kind) {
                // ENV: every pair sees the scope before the instruction.
                (Some(v), VarKind::Env) => {
                    let e = expand_with(&v.text, escape, false, &mut |n| {
                        self.stage_lookup(si, (idx, 0), false, n)
                    });
                    VarValue::from_expansion(e)
                }
                // ARG: pairs apply in order; defaults may use global ARGs.
                (Some(v), VarKind::Arg) => {
                    let e = expand_with(&v.text, escape, false, &mut |n| {
                        self.stage_lookup(si, (idx, k), true, n)
                    });
                    VarValue::from_expansion(e)
                }
                (None, VarKind::Arg) => {
                    match self.global_args.iter().rev().find(|g| g.name == name) {
                        Some(g) => {
                            from_global = true;
                            g.value.clone()
                        }
                        None if PLATFORM_ARGS.contains(&name) => VarValue::Unknown,
                        None => VarValue::Unset,
                    }
                }
                (None, VarKind::Env) => VarValue::Known(String::new()),
            };
            if let Some(st) = self.stages.get_mut(si) {
                st.vars.push(Var {
                    name: name.to_string(),
                    kind,
                    value,
                    instruction: idx,
                    pair: k,
                    name_span: kv.key.span,
                    from_global,
                });
            }
        }
    }

    fn stage_user_and_deps(&self, si: usize) -> (Option<StageUser>, Vec<StageDep>) {
        let Some(st) = self.stages.get(si) else {
            return (None, Vec::new());
        };
        let mut user = None;
        let mut deps = Vec::new();
        for idx in st.instructions.clone() {
            let Some(inst) = self.instructions.get(idx) else {
                continue;
            };
            match inst.keyword {
                Keyword::User => {
                    let (raw, arg_span) = match inst.args.first() {
                        Some(w) => (w.text.clone(), w.span),
                        None => (inst.text.text.clone(), inst.text.source_span()),
                    };
                    let e = self.expand_at(idx, &raw);
                    user = Some(StageUser {
                        exact: e.is_exact(),
                        user: e.text,
                        raw,
                        instruction: idx,
                        span: inst.span,
                        arg_span,
                        stage: si,
                    });
                }
                Keyword::Copy => {
                    if let Some(w) = inst.flag("from").and_then(|f| f.value.as_ref()) {
                        let e = self.expand_at(idx, &w.text);
                        if let Some(s) = self.resolve_stage_ref(&e.text, si) {
                            deps.push(StageDep {
                                stage: s,
                                kind: DepKind::CopyFrom,
                                instruction: idx,
                            });
                        }
                    }
                }
                Keyword::Run => {
                    for f in inst.flags.iter().filter(|f| f.name == "mount") {
                        let Some(w) = &f.value else { continue };
                        let e = self.expand_at(idx, &w.text);
                        for field in e.text.split(',') {
                            let Some((k, v)) = field.split_once('=') else {
                                continue;
                            };
                            if !k.trim().eq_ignore_ascii_case("from") {
                                continue;
                            }
                            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
                            if let Some(s) = self.resolve_stage_ref(v, si) {
                                deps.push(StageDep {
                                    stage: s,
                                    kind: DepKind::MountFrom,
                                    instruction: idx,
                                });
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if user.is_none() {
            if let Some(p) = st.parent.filter(|&p| p < si) {
                user = self.stages.get(p).and_then(|ps| ps.user.clone());
            }
        }
        (user, deps)
    }

    /// A `--from` value naming a stage: its index (`0`), or its name
    /// (case-insensitive). Other values are images.
    fn resolve_stage_ref(&self, text: &str, current: usize) -> Option<usize> {
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text
                .parse::<usize>()
                .ok()
                .filter(|&i| i < self.stages.len() && i != current);
        }
        self.stages
            .iter()
            .position(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(text))
            })
            .filter(|&i| i != current)
    }
}

#[cfg(test)]
mod tests;
