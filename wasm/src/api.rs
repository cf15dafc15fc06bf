//! The API in plain Rust: options in, serialisable results out. The
//! `#[wasm_bindgen]` layer in `lib.rs` only converts to and from JS values,
//! so everything here is tested natively.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use shipshape_core::checklist::{self, ChecklistReport};
use shipshape_core::config::{parse_hadolint_yaml, parse_shipshape_toml, Config, ConfigError};
use shipshape_core::diagnostic::{Applicability, Diagnostic, Edit};
use shipshape_core::engine::{check, Settings};
use shipshape_core::fix::{apply_edits, fix_all};
use shipshape_core::output::{self, Format};
use shipshape_core::rule::{RuleMeta, Target};
use shipshape_core::rules;
use shipshape_core::syntax::line_index::{Encoding, LineIndex, Position as CorePosition};
use shipshape_core::{BuildContext, Date};
use shipshape_core::{Severity, Span};

use crate::markdown;

/// An error shown to JS callers as an exception. Config errors keep their position.
#[derive(Debug, PartialEq, Eq)]
pub enum ApiError {
    Message(String),
    Config {
        kind: ConfigKind,
        error: ConfigError,
    },
}

impl ApiError {
    pub fn msg(m: impl Into<String>) -> ApiError {
        ApiError::Message(m.into())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Message(m) => f.write_str(m),
            ApiError::Config { kind, error } => write!(f, "{}:{error}", kind.file_name()),
        }
    }
}

/// Which configuration format the `config` text is in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigKind {
    /// `shipshape.toml`.
    #[default]
    Toml,
    /// `.hadolint.yaml`.
    Hadolint,
}

impl ConfigKind {
    pub const fn file_name(self) -> &'static str {
        match self {
            ConfigKind::Toml => "shipshape.toml",
            ConfigKind::Hadolint => ".hadolint.yaml",
        }
    }
}

/// How columns are counted in the ranges given and returned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum PositionEncoding {
    /// UTF-16 code units: JavaScript string indices, LSP and CodeMirror.
    #[default]
    #[serde(rename = "utf-16")]
    Utf16,
    #[serde(rename = "utf-8")]
    Utf8,
    /// Unicode scalar values.
    #[serde(rename = "chars")]
    Chars,
}

impl PositionEncoding {
    fn core(self) -> Encoding {
        match self {
            PositionEncoding::Utf16 => Encoding::Utf16,
            PositionEncoding::Utf8 => Encoding::Utf8,
            PositionEncoding::Chars => Encoding::Chars,
        }
    }
}

/// `CheckOptions` in the TypeScript definitions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// Text of a `shipshape.toml` or `.hadolint.yaml`.
    pub config: Option<String>,
    pub config_kind: Option<ConfigKind>,
    /// Replaces the default rule set (applied over the config's).
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub extend_select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Selector → severity name.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    pub position_encoding: Option<PositionEncoding>,
    /// File name used in rendered reports (default `Dockerfile`).
    pub file_name: Option<String>,
    /// Today's date, `YYYY-MM-DD` (the page passes the browser's). Without
    /// it the rules that compare dates (end-of-life base images) say nothing.
    pub today: Option<String>,
    /// The build context's `.dockerignore` text. Without it the context is
    /// unknown and the context rules say nothing; an empty text is a context
    /// whose `.dockerignore` excludes nothing.
    pub dockerignore: Option<String>,
}

impl Options {
    pub fn encoding(&self) -> Encoding {
        self.position_encoding.unwrap_or_default().core()
    }

    /// The settings these options give, and the selectors that named no rule.
    pub fn settings(&self) -> Result<(Settings, Vec<String>), ApiError> {
        let mut config = match &self.config {
            Some(text) if !text.trim().is_empty() => {
                let kind = self.config_kind.unwrap_or_default();
                let parsed = match kind {
                    ConfigKind::Toml => parse_shipshape_toml(text),
                    ConfigKind::Hadolint => parse_hadolint_yaml(text),
                };
                parsed.map_err(|error| ApiError::Config { kind, error })?
            }
            _ => Config::default(),
        };
        if let Some(select) = &self.select {
            config.select = Some(select.clone());
        }
        config
            .extend_select
            .extend(self.extend_select.iter().cloned());
        config.ignore.extend(self.ignore.iter().cloned());
        for (key, name) in &self.severity {
            let sev = Severity::parse(name).ok_or_else(|| {
                ApiError::msg(format!(
                    "severity `{name}` for `{key}`: expected error, warning, info or hint"
                ))
            })?;
            config.severity.push((key.clone(), sev));
        }
        let (mut settings, unknown) = Settings::from_config(config);
        if let Some(t) = &self.today {
            settings.today = Some(Date::parse(t).ok_or_else(|| {
                ApiError::msg(format!("today `{t}`: expected a date as YYYY-MM-DD"))
            })?);
        }
        settings.build_context = self
            .dockerignore
            .as_ref()
            .map(|d| BuildContext::new(Some(d.clone())));
        let mut names: Vec<String> = unknown.into_iter().map(|u| u.0).collect();
        names.dedup();
        Ok((settings, names))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextEdit {
    pub range: Range,
    pub new_text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixOut {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<TextEdit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelatedOut {
    pub range: Range,
    pub message: String,
}

/// `Diagnostic` in the TypeScript definitions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticOut {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub range: Range,
    pub fix: Option<FixOut>,
    pub related: Vec<RelatedOut>,
    /// The rule's documentation page.
    pub url: String,
}

/// Converts byte spans of one text to ranges.
pub struct Positions {
    index: LineIndex,
    enc: Encoding,
}

impl Positions {
    pub fn new(text: &str, enc: Encoding) -> Positions {
        Positions {
            index: LineIndex::new(text),
            enc,
        }
    }
    fn pos(&self, offset: usize) -> Position {
        let p = self.index.position(offset, self.enc);
        Position {
            line: p.line,
            character: p.character,
        }
    }
    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.pos(span.start),
            end: self.pos(span.end),
        }
    }
    pub fn offset(&self, p: Position) -> usize {
        self.index
            .offset(CorePosition::new(p.line, p.character), self.enc)
    }

    pub fn diagnostic(&self, d: &Diagnostic) -> DiagnosticOut {
        DiagnosticOut {
            code: d.code,
            name: d.name,
            severity: d.severity,
            message: d.message.clone(),
            range: self.range(d.span),
            fix: d.fix.as_ref().map(|f| FixOut {
                title: f.title.clone(),
                applicability: f.applicability,
                edits: f
                    .edits
                    .iter()
                    .map(|e| TextEdit {
                        range: self.range(e.span),
                        new_text: e.new_text.clone(),
                    })
                    .collect(),
            }),
            related: d
                .related
                .iter()
                .map(|r| RelatedOut {
                    range: self.range(r.span),
                    message: r.message.clone(),
                })
                .collect(),
            url: rules::find(d.code).map(RuleMeta::url).unwrap_or_default(),
        }
    }
}

/// `CheckResult` in the TypeScript definitions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    pub diagnostics: Vec<DiagnosticOut>,
    /// The container security checklist (`shipshape_core::checklist`).
    pub checklist: ChecklistReport,
    /// Selectors (in options or config) that name no rule.
    pub unknown_selectors: Vec<String>,
}

pub fn check_dockerfile(text: &str, options: &Options) -> Result<CheckResult, ApiError> {
    let (settings, unknown_selectors) = options.settings()?;
    let diags = check(text, &settings);
    let positions = Positions::new(text, options.encoding());
    Ok(CheckResult {
        checklist: checklist::report(checklist::Input::Dockerfile(text), &settings, &diags),
        diagnostics: diags.iter().map(|d| positions.diagnostic(d)).collect(),
        unknown_selectors,
    })
}

/// The checklist report of a Dockerfile (`checklistDockerfile`).
pub fn checklist_dockerfile(text: &str, options: &Options) -> Result<ChecklistReport, ApiError> {
    let (settings, _) = options.settings()?;
    let diags = check(text, &settings);
    Ok(checklist::report(
        checklist::Input::Dockerfile(text),
        &settings,
        &diags,
    ))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppliedOut {
    pub code: &'static str,
    pub title: String,
}

/// `FixAllResult` in the TypeScript definitions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixAllResult {
    /// The fixed text; the input when nothing applied or when the fixes
    /// would have broken the syntax.
    pub text: String,
    pub applied: Vec<AppliedOut>,
    /// Findings left in `text`.
    pub remaining: Vec<DiagnosticOut>,
    /// The fixes would have introduced a syntax error, so none was kept.
    pub broke_syntax: bool,
}

pub fn apply_fixes(
    text: &str,
    options: &Options,
    unsafe_fixes: bool,
) -> Result<FixAllResult, ApiError> {
    let (settings, _) = options.settings()?;
    let outcome = fix_all(text, &settings, unsafe_fixes);
    let (text, applied, remaining) = if outcome.broke_syntax {
        (text.to_string(), Vec::new(), check(text, &settings))
    } else {
        let applied = outcome
            .applied
            .into_iter()
            .map(|a| AppliedOut {
                code: a.code,
                title: a.title,
            })
            .collect();
        (outcome.text, applied, outcome.remaining)
    };
    let positions = Positions::new(&text, options.encoding());
    Ok(FixAllResult {
        remaining: remaining.iter().map(|d| positions.diagnostic(d)).collect(),
        text,
        applied,
        broke_syntax: outcome.broke_syntax,
    })
}

/// Applies edits whose ranges are in `encoding`. Edits must not overlap.
pub fn apply_fix(text: &str, edits: &[TextEdit], encoding: Encoding) -> Result<String, ApiError> {
    let positions = Positions::new(text, encoding);
    let mut core: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        let start = positions.offset(e.range.start);
        let end = positions.offset(e.range.end);
        if end < start {
            return Err(ApiError::msg(format!(
                "edit range ends before it starts ({}:{} to {}:{})",
                e.range.start.line,
                e.range.start.character,
                e.range.end.line,
                e.range.end.character
            )));
        }
        core.push(Edit::replace(Span::new(start, end), e.new_text.clone()));
    }
    shipshape_core::sort::sort_by_key(&mut core, |e| (e.span.start, e.span.end));
    for pair in core.windows(2) {
        if let [a, b] = pair {
            if b.span.start < a.span.end || (a.span.is_empty() && b.span.start == a.span.start) {
                return Err(ApiError::msg("edits overlap"));
            }
        }
    }
    Ok(apply_edits(text, &core))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EquivalentOut {
    pub tool: &'static str,
    pub id: &'static str,
    pub relation: shipshape_core::rule::Relation,
}

/// `RuleInfo` in the TypeScript definitions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub severity: Severity,
    pub category: &'static str,
    pub target: Target,
    pub checklist: Vec<&'static str>,
    pub owasp: Vec<&'static str>,
    pub equivalents: Vec<EquivalentOut>,
    pub fix: shipshape_core::rule::FixKind,
    pub default_enabled: bool,
    pub url: String,
    pub bad: &'static str,
    pub good: &'static str,
}

pub fn rule_list() -> Vec<RuleInfo> {
    rules::all()
        .map(|m| RuleInfo {
            code: m.code,
            name: m.name,
            summary: m.summary,
            severity: m.severity,
            category: m.category.as_str(),
            target: m.target,
            checklist: m.checklist.iter().map(|c| c.id()).collect(),
            owasp: m.owasp.iter().map(|o| o.id()).collect(),
            equivalents: m
                .equivalents
                .iter()
                .map(|e| EquivalentOut {
                    tool: e.tool.as_str(),
                    id: e.id,
                    relation: e.relation,
                })
                .collect(),
            fix: m.fix,
            default_enabled: m.default_enabled,
            url: m.url(),
            bad: m.bad,
            good: m.good,
        })
        .collect()
}

pub fn rule_doc(key: &str) -> Result<String, ApiError> {
    crate::rule_docs::find(key)
        .map(shipshape_core::docs::rule_page)
        .ok_or_else(|| ApiError::msg(format!("no rule named `{key}`")))
}

/// Formats `render` accepts: the core's machine formats plus `markdown`.
pub fn render(format: &str, text: &str, options: &Options) -> Result<String, ApiError> {
    let (settings, _) = options.settings()?;
    let diags = check(text, &settings);
    let file = options.file_name.as_deref().unwrap_or("Dockerfile");
    let findings = output::findings(file, text, &diags);
    if format.eq_ignore_ascii_case("markdown") || format.eq_ignore_ascii_case("md") {
        return Ok(markdown::render(&findings, crate::VERSION));
    }
    let fmt = Format::parse(format).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
        ApiError::msg(format!(
            "unknown format `{format}`: expected markdown, {}",
            names.join(", ")
        ))
    })?;
    Ok(output::render(
        fmt,
        &findings,
        &crate::rule_docs::find,
        crate::VERSION,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only the syntax-error rule: the tests' inputs are about it.
    fn opts() -> Options {
        Options {
            select: Some(vec!["SS001".into()]),
            ..Options::default()
        }
    }

    #[test]
    fn syntax_errors_are_reported_with_utf16_ranges_after_an_emoji() {
        // "🐳" is 4 UTF-8 bytes, 2 UTF-16 units, 1 char.
        let src = "FROM alpine:3.20\nLABEL a=\"🐳\"\nCOPY onlyone\n";
        let r = check_dockerfile(src, &opts()).unwrap();
        let d = r.diagnostics.iter().find(|d| d.code == "SS001").unwrap();
        assert_eq!(d.range.start.line, 2);
        assert_eq!(d.severity, Severity::Error);
        // An unknown instruction that is an emoji: its width depends on the encoding.
        let emoji_line = "FROM alpine:3.20\n🐳 COPY onlyone\n";
        for (enc, want) in [
            (PositionEncoding::Utf16, 2),
            (PositionEncoding::Utf8, 4),
            (PositionEncoding::Chars, 1),
        ] {
            let o = Options {
                position_encoding: Some(enc),
                ..opts()
            };
            let r = check_dockerfile(emoji_line, &o).unwrap();
            let d = r.diagnostics.first().unwrap();
            assert_eq!(
                d.range.start,
                Position {
                    line: 1,
                    character: 0
                }
            );
            assert_eq!(
                d.range.end,
                Position {
                    line: 1,
                    character: want
                },
                "{enc:?}"
            );
        }
    }

    #[test]
    fn config_errors_keep_line_and_column() {
        let o = Options {
            config: Some("select = [\"ALL\"]\nignore = 3\n".into()),
            ..opts()
        };
        match check_dockerfile("FROM a\n", &o) {
            Err(ApiError::Config { kind, error }) => {
                assert_eq!(kind, ConfigKind::Toml);
                assert_eq!(error.line, 2);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_selectors_and_bad_severity() {
        let o = Options {
            ignore: vec!["NOPE1".into()],
            ..opts()
        };
        let r = check_dockerfile("FROM a\n", &o).unwrap();
        assert_eq!(r.unknown_selectors, ["NOPE1"]);
        let o = Options {
            severity: [("SS001".to_string(), "loud".to_string())].into(),
            ..opts()
        };
        assert!(check_dockerfile("FROM a\n", &o).is_err());
    }

    #[test]
    fn severity_override_and_ignore_apply() {
        let src = "FROM a\nCOPY x\n";
        let o = Options {
            severity: [("syntax-error".to_string(), "hint".to_string())].into(),
            ..opts()
        };
        let r = check_dockerfile(src, &o).unwrap();
        assert_eq!(r.diagnostics[0].severity, Severity::Hint);
        let o = Options {
            ignore: vec!["SS001".into()],
            ..opts()
        };
        assert!(check_dockerfile(src, &o).unwrap().diagnostics.is_empty());
    }

    #[test]
    fn apply_fix_uses_the_encoding_and_rejects_overlaps() {
        let src = "RUN echo 🐳 x\n";
        let edit = |s, e, t: &str| TextEdit {
            range: Range {
                start: Position {
                    line: 0,
                    character: s,
                },
                end: Position {
                    line: 0,
                    character: e,
                },
            },
            new_text: t.into(),
        };
        // "x" is at UTF-16 column 12 (emoji = 2 units).
        assert_eq!(
            apply_fix(src, &[edit(12, 13, "y")], Encoding::Utf16).unwrap(),
            "RUN echo 🐳 y\n"
        );
        assert_eq!(
            apply_fix(src, &[edit(11, 12, "y")], Encoding::Chars).unwrap(),
            "RUN echo 🐳 y\n"
        );
        assert!(apply_fix(src, &[edit(0, 3, "A"), edit(2, 4, "B")], Encoding::Utf16).is_err());
        assert!(apply_fix(src, &[edit(3, 1, "A")], Encoding::Utf16).is_err());
    }

    #[test]
    fn check_result_carries_the_core_checklist_report() {
        let opts = Options::default();
        let src = "FROM ubuntu:latest\nUSER app\n";
        let r = check_dockerfile(src, &opts).unwrap();
        let (settings, _) = opts.settings().unwrap();
        let want = checklist::report(
            checklist::Input::Dockerfile(src),
            &settings,
            &check(src, &settings),
        );
        assert_eq!(r.checklist, want);
        assert_eq!(checklist_dockerfile(src, &opts).unwrap(), want);
        let latest = r.checklist.item("no-latest-tag").unwrap();
        assert_eq!(latest.verdict, checklist::Verdict::Failed);
        assert_eq!(latest.findings[0].line, Some(1));
        assert!(checklist_dockerfile(
            src,
            &Options {
                config: Some("ignore = 3".into()),
                ..Options::default()
            }
        )
        .is_err());
    }

    #[test]
    fn rule_docs_and_renders() {
        assert!(rule_doc("syntax-error")
            .unwrap()
            .starts_with("# SS001 syntax-error"));
        assert!(rule_doc("nope").is_err());
        let src = "FROM a\nCOPY x\n";
        let md = render("markdown", src, &opts()).unwrap();
        assert!(md.contains("SS001"), "{md}");
        let sarif = render("sarif", src, &opts()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let json = render("json", src, &opts()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v[0]["code"], "SS001");
        assert_eq!(v[0]["file"], "Dockerfile");
        assert!(render("yaml", src, &opts()).is_err());
    }

    #[test]
    fn rule_list_matches_core() {
        let list = rule_list();
        assert_eq!(list.len(), rules::all().count());
        assert!(list.iter().any(|r| r.code == "SS001" && r.default_enabled));
    }

    #[test]
    fn today_and_dockerignore_options() {
        let src = "FROM node:16\nCOPY . .\n";
        let codes = |o: &Options| -> Vec<String> {
            check_dockerfile(src, o)
                .unwrap()
                .diagnostics
                .into_iter()
                .map(|d| d.code.to_string())
                .collect()
        };
        let o = Options {
            select: Some(vec!["SS210".into(), "SS430".into()]),
            ..Options::default()
        };
        assert!(codes(&o).is_empty());
        let o = Options {
            today: Some("2026-01-01".into()),
            dockerignore: Some(".git\n".into()),
            ..o
        };
        assert_eq!(codes(&o), ["SS210", "SS430"]);
        let o = Options {
            today: Some("2023-01-01".into()),
            dockerignore: Some(".git\n.env*\n*.pem\nid_*\n".into()),
            ..o
        };
        assert!(codes(&o).is_empty());
        let bad = Options {
            today: Some("01/01/2026".into()),
            ..Options::default()
        };
        assert!(bad.settings().is_err());
    }

    #[test]
    fn fix_all_without_fixes_keeps_text() {
        let r = apply_fixes("FROM a\nCOPY x\n", &opts(), true).unwrap();
        assert_eq!(r.text, "FROM a\nCOPY x\n");
        assert_eq!(r.remaining.len(), 1);
    }
}
