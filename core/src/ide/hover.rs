//! Hover: instruction keywords, flags, `--mount` keys, parser directives,
//! variables (resolved value and where it was set) and stage names.

use crate::model::{VarKind, VarValue};
use crate::syntax::{Instruction, NodeKind, Span};

use super::docs::{directive_doc, flag_doc, keyword_doc, mount_key_doc};
use super::refs::{fields, Target};
use super::Ide;

/// Markdown for a hover, and the span it describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverInfo {
    pub markdown: String,
    pub span: Span,
}

fn within(span: Span, offset: usize) -> bool {
    span.start <= offset && offset < span.end.max(span.start + 1)
}

impl Ide<'_> {
    /// What to show when hovering `offset`.
    pub fn hover(&self, offset: usize) -> Option<HoverInfo> {
        if let Some(h) = self.hover_name(offset) {
            return Some(h);
        }
        let node = self.node_at(offset)?;
        if let NodeKind::Directive(d) = &node.kind {
            if within(d.name_span, offset) || within(d.value_span, offset) {
                let doc = directive_doc(&d.name)?;
                return Some(HoverInfo {
                    markdown: doc.to_string(),
                    span: d.span,
                });
            }
            return None;
        }
        let mut inst = Self::node_instruction(node);
        while let Some(i) = inst {
            if let Some(h) = self.hover_in(i, offset) {
                return Some(h);
            }
            inst = i.nested.as_deref();
        }
        None
    }

    fn hover_in(&self, inst: &Instruction, offset: usize) -> Option<HoverInfo> {
        if within(inst.keyword_span, offset) {
            let (syntax, text) = keyword_doc(inst.keyword);
            return Some(HoverInfo {
                markdown: format!("```dockerfile\n{syntax}\n```\n\n{text}"),
                span: inst.keyword_span,
            });
        }
        for f in &inst.flags {
            if within(f.name_span, offset) || (offset >= f.span.start && offset < f.name_span.start)
            {
                let doc = flag_doc(inst.keyword, &f.name)?;
                return Some(HoverInfo {
                    markdown: doc.to_string(),
                    span: Span::new(f.span.start, f.name_span.end),
                });
            }
            if f.name != "mount" {
                continue;
            }
            let Some(w) = &f.value else { continue };
            let t = w.span.text(self.src);
            if t != w.text || !within(w.span, offset) {
                continue;
            }
            for (start, field) in fields(t) {
                let key = field.split_once('=').map_or(field, |(k, _)| k);
                let span = Span::new(w.span.start + start, w.span.start + start + key.len());
                if within(span, offset) {
                    let doc = mount_key_doc(key.trim())?;
                    return Some(HoverInfo {
                        markdown: format!("`--mount` key `{}`: {doc}", key.trim()),
                        span,
                    });
                }
            }
        }
        None
    }

    /// Hover on a variable or stage name.
    fn hover_name(&self, offset: usize) -> Option<HoverInfo> {
        if let Some((span, d, declaration)) = self.decl_at(offset) {
            let kind = match d.kind {
                VarKind::Arg => "ARG",
                VarKind::Env => "ENV",
            };
            let value = match &d.value {
                VarValue::Known(v) => format!(" = `{v}`"),
                VarValue::Unknown => " (value not known from this file)".to_string(),
                VarValue::Unset => " (no default: set it with `--build-arg`)".to_string(),
            };
            let scope = if d.stage.is_none() { "global " } else { "" };
            let line = self.line_no(d.span.start);
            let mut md = format!("{scope}{kind} `{}`{value} (line {line})", d.name);
            if declaration {
                md = format!("Declares {md}");
            }
            return Some(HoverInfo { markdown: md, span });
        }
        let ix = self.index();
        let o = ix.occ_at(offset)?;
        let Target::Stage(s) = o.target else {
            return None;
        };
        let st = self.model.stage(s)?;
        let from = self.model.instruction(st.from)?;
        let line = self.line_no(from.span.start);
        let name = st.name.as_deref().unwrap_or("");
        Some(HoverInfo {
            markdown: format!(
                "Stage `{name}` (stage {}, line {line}), built from `{}`",
                st.index, st.base_raw
            ),
            span: o.span,
        })
    }
}
