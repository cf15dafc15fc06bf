//! What the build-context rules (SS430, SS431) share: the local sources of
//! `COPY`/`ADD`, expanded.

use crate::engine::Context;
use crate::syntax::{Keyword, Span, Word};

/// A `COPY`/`ADD` source read from the build context.
pub(crate) struct Source<'a> {
    pub keyword: Keyword,
    pub word: &'a Word,
    /// The source after variable expansion.
    pub path: String,
}

impl Source<'_> {
    pub fn span(&self) -> Span {
        self.word.span
    }
}

/// Every source of every `COPY`/`ADD` that reads the build context (not
/// `--from`, not heredocs, not URLs or git), with its variables expanded;
/// sources whose value is unknown are skipped.
pub(crate) fn context_sources<'a>(cx: &Context<'a>) -> Vec<Source<'a>> {
    let mut out = Vec::new();
    for (index, ins) in cx.model.instructions().iter().enumerate() {
        if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) || ins.flag("from").is_some() {
            continue;
        }
        let [sources @ .., _dest] = ins.args.as_slice() else {
            continue;
        };
        for word in sources {
            if word.text.starts_with("<<") {
                continue;
            }
            let e = cx.model.expand_at(index, &word.text);
            if !e.is_exact() || e.text.is_empty() {
                continue;
            }
            let remote = e.text.contains("://") || e.text.starts_with("git@");
            if ins.keyword == Keyword::Add && remote {
                continue;
            }
            out.push(Source {
                keyword: ins.keyword,
                word,
                path: e.text,
            });
        }
    }
    out
}

/// Whether a source names the whole context (`.`, `./`, `/`, `./.`).
pub(crate) fn is_context_root(path: &str) -> bool {
    let cleaned = crate::context::dockerignore::clean(path);
    cleaned == "." || cleaned == "/"
}
