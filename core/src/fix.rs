//! Applying fixes: the code behind `check --fix`, the language server's
//! "fix all" and the web page's fix buttons.
//!
//! Fixes are applied whole or not at all: a fix whose edits overlap an edit
//! already taken is skipped this round. Rounds repeat (re-checking the new
//! text) until nothing changes, at most [`MAX_ROUNDS`] times. The result is
//! re-parsed, and the outcome says whether the fixes introduced a syntax
//! error (callers must then not write the text).

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::engine::{check, Settings};
use crate::syntax::parse;

/// Upper bound on fix rounds.
pub const MAX_ROUNDS: usize = 10;

/// Applies non-overlapping edits to `src`. Edits must not overlap and must
/// lie on char boundaries; any that do not are skipped. Returns the new text.
pub fn apply_edits(src: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    crate::sort::sort_by_key(&mut sorted, |e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    for e in sorted {
        let ok = e.span.start >= at
            && e.span.start <= e.span.end
            && e.span.end <= src.len()
            && src.is_char_boundary(e.span.start)
            && src.is_char_boundary(e.span.end);
        if !ok {
            continue;
        }
        out.push_str(&src[at..e.span.start]);
        out.push_str(&e.new_text);
        at = e.span.end;
    }
    out.push_str(&src[at..]);
    out
}

/// Picks fixes that do not overlap each other (in order), and returns their edits.
pub fn non_overlapping<'a>(fixes: impl IntoIterator<Item = &'a Fix>) -> (Vec<Edit>, Vec<&'a Fix>) {
    let mut taken: Vec<Edit> = Vec::new();
    let mut chosen = Vec::new();
    for fix in fixes {
        let clash = fix.edits.iter().any(|e| {
            taken.iter().any(|t| {
                // Two insertions at the same point clash too: their order would be arbitrary.
                e.span.start < t.span.end && t.span.start < e.span.end
                    || e.span.start == t.span.start
            })
        });
        if clash {
            continue;
        }
        taken.extend(fix.edits.iter().cloned());
        chosen.push(fix);
    }
    (taken, chosen)
}

/// A fix that was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub code: &'static str,
    pub title: String,
}

/// The result of fixing a text.
#[derive(Clone, Debug)]
pub struct FixOutcome {
    /// The fixed text (the input when nothing applied).
    pub text: String,
    pub applied: Vec<Applied>,
    /// Findings left in the fixed text.
    pub remaining: Vec<Diagnostic>,
    /// True when the fixed text has more syntax errors than the input: the
    /// caller must keep the original.
    pub broke_syntax: bool,
    pub rounds: usize,
}

impl FixOutcome {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// Fixes everything it can: safe fixes, and unsafe ones too when
/// `unsafe_fixes` is set.
pub fn fix_all(src: &str, settings: &Settings, unsafe_fixes: bool) -> FixOutcome {
    let allowed = |f: &Fix| f.applicability == Applicability::Safe || unsafe_fixes;
    let errors_before = parse(src).errors().count();
    let mut text = src.to_string();
    let mut applied = Vec::new();
    let mut rounds = 0;
    let mut diags = check(&text, settings);
    while rounds < MAX_ROUNDS {
        let candidates = diags
            .iter()
            .filter_map(|d| d.fix.as_ref().filter(|f| allowed(f)).map(|f| (d.code, f)));
        let (codes, fixes): (Vec<_>, Vec<_>) = candidates.unzip();
        let (edits, chosen) = non_overlapping(fixes.iter().copied());
        if chosen.is_empty() {
            break;
        }
        let next = apply_edits(&text, &edits);
        if next == text {
            break;
        }
        rounds += 1;
        for f in &chosen {
            let i = fixes.iter().position(|x| std::ptr::eq(*x, *f)).unwrap_or(0);
            applied.push(Applied {
                code: codes.get(i).copied().unwrap_or(""),
                title: f.title.clone(),
            });
        }
        text = next;
        diags = check(&text, settings);
    }
    let broke_syntax = parse(&text).errors().count() > errors_before;
    FixOutcome {
        text,
        applied,
        remaining: diags,
        broke_syntax,
        rounds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Span;

    #[test]
    fn edits_apply_in_order_and_skip_overlaps() {
        let src = "abcdef";
        let edits = vec![
            Edit::replace(Span::new(4, 6), "XY"),
            Edit::replace(Span::new(0, 1), "A"),
            Edit::replace(Span::new(0, 2), "zz"), // overlaps the first
            Edit::insert(3, "-"),
        ];
        assert_eq!(apply_edits(src, &edits), "Abc-dXY");
    }

    #[test]
    fn edits_off_char_boundaries_are_skipped() {
        let src = "é!";
        assert_eq!(
            apply_edits(src, &[Edit::replace(Span::new(1, 2), "x")]),
            "é!"
        );
        assert_eq!(
            apply_edits(src, &[Edit::replace(Span::new(2, 3), "?")]),
            "é?"
        );
    }

    #[test]
    fn overlapping_fixes_are_taken_whole_or_not_at_all() {
        let a = Fix::safe(
            "a",
            vec![Edit::replace(Span::new(0, 2), "x"), Edit::insert(9, "!")],
        );
        let b = Fix::safe("b", vec![Edit::replace(Span::new(1, 3), "y")]);
        let c = Fix::safe("c", vec![Edit::replace(Span::new(5, 6), "z")]);
        let (edits, chosen) = non_overlapping([&a, &b, &c]);
        assert_eq!(
            chosen.iter().map(|f| f.title.as_str()).collect::<Vec<_>>(),
            ["a", "c"]
        );
        assert_eq!(edits.len(), 3);
    }
}
