//! What the base image rules (SS201–SS203) share: the image a FROM names
//! after expansion, and where its variables got their values.

use crate::engine::Reported;
use crate::model::{Base, ImageRef, Model, Stage, VarValue};

/// The stage's base image when it is an image reference (not `scratch`, not
/// an earlier stage, not unresolved or invalid).
pub(crate) fn image(stage: &Stage) -> Option<&ImageRef> {
    match &stage.base {
        Base::Image(r) if !r.is_scratch() => Some(r),
        _ => None,
    }
}

/// How to name the image in a message: the expanded text, and the text as
/// written when a variable made it (`` `${BASE}` (`ubuntu`) ``).
pub(crate) fn shown(stage: &Stage) -> String {
    let expanded = stage.base_expansion.text.as_str();
    if expanded == stage.base_raw {
        format!("`{expanded}`")
    } else {
        format!("`{}` (`{expanded}`)", stage.base_raw)
    }
}

/// Points the finding at the global ARGs whose defaults built the image
/// name, so the user sees where to pin it.
pub(crate) fn note_args(model: &Model<'_>, stage: &Stage, reported: Reported<'_>) {
    let mut reported = reported;
    for name in referenced(&stage.base_raw) {
        let decl = model
            .global_args
            .iter()
            .rev()
            .find(|g| g.name == name && g.instruction < stage.from && g.default.is_some());
        if let Some(g) = decl {
            if let VarValue::Known(v) = &g.value {
                reported = reported.related(g.span, format!("`{name}` defaults to `{v}` here"));
            }
        }
    }
}

/// Variable names referenced as `$NAME` or `${NAME…}`, in order, once each.
fn referenced(word: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut rest = word;
    while let Some(pos) = rest.find('$') {
        let after = rest.get(pos + 1..).unwrap_or("");
        let body = after.strip_prefix('{').unwrap_or(after);
        let len = body
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if let Some(name) = body.get(..len).filter(|n| !n.is_empty()) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::referenced;

    #[test]
    fn finds_variable_names() {
        assert_eq!(referenced("${REG}/app:$TAG"), vec!["REG", "TAG"]);
        assert_eq!(referenced("${A:-x}${A}"), vec!["A"]);
        assert_eq!(referenced("ubuntu"), Vec::<&str>::new());
        assert_eq!(referenced("$"), Vec::<&str>::new());
    }
}
