//! What the configuration-driven rules share: the example configuration
//! their documentation examples run with, and label helpers.
//!
//! A rule driven by `trusted-registries`, `label-schema` or `strict-labels`
//! reports nothing without that configuration, so its `bad` example only
//! fires under a configuration. [`EXAMPLE_CONFIG`] is that configuration,
//! one for all rules; the generic metadata tests and the generated docs run
//! every example with [`example_settings`] (rules that read no configuration
//! behave the same with it).

use crate::config::{parse_shipshape_toml, Config};
use crate::engine::{Context, Settings};
use crate::syntax::{Instruction, Keyword, Span};

/// The `shipshape.toml` the examples of configuration-driven rules assume.
pub const EXAMPLE_CONFIG: &str = "\
trusted-registries = [\"ghcr.io\", \"*.corp.example\"]
strict-labels = true

[label-schema]
\"org.opencontainers.image.source\" = \"url\"
\"org.opencontainers.image.version\" = \"semver\"
";

/// [`EXAMPLE_CONFIG`] with only the rule `code` selected.
pub fn example_settings(code: &str) -> Settings {
    let base = parse_shipshape_toml(EXAMPLE_CONFIG).unwrap_or_default();
    super::with_example_inputs(
        Settings::from_config(Config {
            select: Some(vec![code.to_string()]),
            ..base
        })
        .0,
    )
}

/// One `key=value` of a LABEL instruction, with the index of the
/// instruction in the model.
pub(crate) struct LabelPair<'a> {
    pub index: usize,
    pub pair: &'a crate::syntax::KeyValue,
}

impl LabelPair<'_> {
    /// The key as BuildKit stores it (quotes removed, variables expanded);
    /// `None` when it depends on a value the file cannot tell.
    pub fn key(&self, cx: &Context<'_>) -> Option<String> {
        exact(cx, self.index, &self.pair.key.text)
    }
    /// The value as BuildKit stores it; `None` when the file cannot tell it.
    pub fn value(&self, cx: &Context<'_>) -> Option<String> {
        match &self.pair.value {
            Some(v) => exact(cx, self.index, &v.text),
            None => Some(String::new()),
        }
    }
    /// Where the value is written (the key's end when there is none).
    pub fn value_span(&self) -> Span {
        self.pair
            .value
            .as_ref()
            .map_or(Span::empty(self.pair.key.span.end), |v| v.span)
    }
}

fn exact(cx: &Context<'_>, index: usize, word: &str) -> Option<String> {
    let e = cx.model.expand_at(index, word);
    // An ARG without a default may be given with `--build-arg`: unknown.
    (e.is_exact() && e.unresolved.is_empty()).then_some(e.text)
}

/// The LABEL pairs of every stage, in source order (ONBUILD LABEL belongs
/// to a later build).
pub(crate) fn all_labels<'a>(cx: &Context<'a>) -> Vec<LabelPair<'a>> {
    label_pairs(cx.model.instructions().iter().copied().enumerate())
}

/// The LABEL pairs of the given instructions (ONBUILD LABEL is not part of
/// this image).
pub(crate) fn label_pairs<'a>(
    instructions: impl Iterator<Item = (usize, &'a Instruction)>,
) -> Vec<LabelPair<'a>> {
    let mut out = Vec::new();
    for (index, ins) in instructions {
        if ins.keyword != Keyword::Label {
            continue;
        }
        for pair in &ins.pairs {
            out.push(LabelPair { index, pair });
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::config::{parse_shipshape_toml, Config};
    use crate::diagnostic::Diagnostic;
    use crate::engine::{check, Settings};

    /// The findings of rule `code` on `src` under the `shipshape.toml` text `toml`.
    pub fn run_with(code: &str, toml: &str, src: &str) -> Vec<Diagnostic> {
        let base = parse_shipshape_toml(toml).expect("config");
        let (s, _) = Settings::from_config(Config {
            select: Some(vec![code.to_string()]),
            ..base
        });
        check(src, &s)
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// The text under each finding's span, under `toml`.
    pub fn texts_with<'a>(code: &str, toml: &str, src: &'a str) -> Vec<&'a str> {
        run_with(code, toml, src)
            .iter()
            .map(|d| d.span.text(src))
            .collect()
    }

    /// The messages of the findings, under `toml`.
    pub fn messages_with(code: &str, toml: &str, src: &str) -> Vec<String> {
        run_with(code, toml, src)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }
}
