//! Editor features on top of the syntax tree and the model: completion,
//! hover, outline, folding, semantic tokens, links, highlights, go to
//! definition, references and rename.
//!
//! Pure and protocol-free: byte offsets and [`Span`]s in, plain structs out,
//! so the language server and the web page share them. Build an [`Ide`] once
//! per text (it borrows the parsed file and builds the model) and ask it.
//!
//! Variable scoping (what "the same variable" means for references and
//! rename):
//! - a use of `$NAME`/`${NAME}` resolves to the nearest declaration visible
//!   at that point: in a stage, the stage's own ARG/ENV declarations before
//!   it, then those of the stages it is built `FROM`; on `FROM` lines and
//!   before the first `FROM`, the global ARGs declared before it;
//! - a global ARG and every `ARG NAME` of the same name in a stage are one
//!   variable (one build argument): renaming one renames all, and their uses;
//! - repeated declarations of the same kind in one stage (or inherited from
//!   a parent stage) are one variable (`ENV PATH=…` twice);
//! - an ENV and an ARG of the same name are different variables, and so are
//!   declarations in stages that do not inherit from each other.
//!
//! Uses are found in instruction arguments, flag values and heredoc bodies,
//! shell-form RUN included (the shell sees ARG and ENV values as
//! environment variables). Single-quoted text is skipped. ONBUILD triggers
//! are not scanned: they run in another build.

mod complete;
mod docs;
mod hover;
mod outline;
mod refs;

#[cfg(test)]
mod tests;

use std::cell::OnceCell;

use crate::model::Model;
use crate::syntax::{Dockerfile, Instruction, LineIndex, Node, NodeKind, Span};

pub use complete::{CompletionItem, CompletionKind};
pub use docs::{directive_doc, flag_doc, keyword_doc, mount_key_doc};
pub use hover::HoverInfo;
pub use outline::{Fold, FoldKind, Link, Symbol, SymbolKind, Token, TokenKind};
pub use refs::{Occurrence, RenameError, Target, TextEdit};

/// Editor queries over one text. Cheap to build: the model is built
/// eagerly, the reference index on first use.
pub struct Ide<'a> {
    src: &'a str,
    file: &'a Dockerfile,
    model: Model<'a>,
    lines: LineIndex,
    index: OnceCell<refs::Index>,
}

impl<'a> Ide<'a> {
    pub fn new(src: &'a str, file: &'a Dockerfile) -> Ide<'a> {
        Ide {
            src,
            file,
            model: Model::new(src, file),
            lines: LineIndex::new(src),
            index: OnceCell::new(),
        }
    }

    /// The model the queries use.
    pub fn model(&self) -> &Model<'a> {
        &self.model
    }

    fn index(&self) -> &refs::Index {
        self.index.get_or_init(|| refs::Index::build(self))
    }

    /// The 1-based line of an offset (for messages).
    fn line_no(&self, offset: usize) -> usize {
        self.lines.line_of(offset) as usize + 1
    }

    /// The top-level node holding `offset` (the last node at end of input).
    fn node_at(&self, offset: usize) -> Option<&'a Node> {
        let file: &'a Dockerfile = self.file;
        file.nodes
            .iter()
            .find(|n| n.span.contains(offset))
            .or_else(|| {
                file.nodes
                    .last()
                    .filter(|n| n.span.end == offset && offset == self.src.len())
            })
    }

    /// The instruction of a node, well-formed or partly parsed.
    fn node_instruction(node: &'a Node) -> Option<&'a Instruction> {
        match &node.kind {
            NodeKind::Instruction(i) => Some(i),
            NodeKind::Error(e) => e.instruction.as_deref(),
            _ => None,
        }
    }

    /// Index in [`Model::instructions`] of the instruction whose span holds
    /// `offset` (end inclusive).
    fn model_instruction_at(&self, offset: usize) -> Option<usize> {
        self.model
            .instructions()
            .iter()
            .position(|i| i.span.start <= offset && offset <= i.span.end)
    }
}

/// Whether `name` is a valid ARG/ENV name for rename (`[A-Za-z_][A-Za-z0-9_]*`).
pub fn is_var_name(name: &str) -> bool {
    let mut b = name.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_alphabetic() || c == b'_')
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

/// Whether `name` is a valid stage name, as BuildKit accepts them
/// (`[a-zA-Z][a-zA-Z0-9-_.]*`; BuildKit lower-cases it).
pub fn is_stage_name(name: &str) -> bool {
    let mut b = name.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_alphabetic())
        && b.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// A span clamped to the text (for safety against stale spans).
fn clamp(span: Span, len: usize) -> Span {
    Span::new(span.start.min(len), span.end.min(len))
}
