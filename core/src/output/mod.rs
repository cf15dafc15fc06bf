//! Output renderers, shared by the CLI and the wasm page.
//!
//! Every renderer works from [`Finding`]s: diagnostics with their positions
//! resolved to 1-based lines and columns (columns count Unicode characters).
//! The JSON shape of `Finding` is a public interface (`--format json`).

use serde::Serialize;

use crate::diagnostic::{Applicability, Severity};

/// One diagnostic as users see it, positions resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The checked file's path as given (or the `--stdin-filename`).
    pub file: String,
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in Unicode characters.
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub fix: Option<FindingFix>,
    /// Where in an image the finding is (image findings only; their
    /// `line`/`column` are 1). Absent for Dockerfile findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingFix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<FindingEdit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingEdit {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub new_text: String,
}

/// `--format json`: a flat JSON array, one object per finding.
pub fn json(findings: &[Finding]) -> String {
    let mut s = serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

/// Resolves diagnostics of one file into findings.
pub fn findings(file: &str, src: &str, diags: &[crate::Diagnostic]) -> Vec<Finding> {
    let index = crate::syntax::LineIndex::new(src);
    let pos = |offset: usize| {
        let p = index.position(offset, crate::syntax::line_index::Encoding::Chars);
        (p.line as usize + 1, p.character as usize + 1)
    };
    diags
        .iter()
        .map(|d| {
            let (line, column) = pos(d.span.start);
            let (end_line, end_column) = pos(d.span.end);
            Finding {
                file: file.to_string(),
                code: d.code,
                name: d.name,
                severity: d.severity,
                message: d.message.clone(),
                line,
                column,
                end_line,
                end_column,
                fix: d.fix.as_ref().map(|f| FindingFix {
                    title: f.title.clone(),
                    applicability: f.applicability,
                    edits: f
                        .edits
                        .iter()
                        .map(|e| {
                            let (line, column) = pos(e.span.start);
                            let (end_line, end_column) = pos(e.span.end);
                            FindingEdit {
                                line,
                                column,
                                end_line,
                                end_column,
                                new_text: e.new_text.clone(),
                            }
                        })
                        .collect(),
                }),
                location: d.location.clone(),
            }
        })
        .collect()
}

/// Resolves diagnostics of an image into findings: an image has no lines,
/// so `line`, `column`, `endLine` and `endColumn` are 1 and `location` says
/// where in the image the finding is. Image findings carry no fixes.
pub fn image_findings(file: &str, diags: &[crate::Diagnostic]) -> Vec<Finding> {
    diags
        .iter()
        .map(|d| Finding {
            file: file.to_string(),
            code: d.code,
            name: d.name,
            severity: d.severity,
            message: d.message.clone(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            fix: None,
            location: d.location.clone(),
        })
        .collect()
}

pub mod checkstyle;
pub mod codeclimate;
pub mod github;
pub mod gitlab;
pub mod gnu;
pub mod junit;
pub mod sarif;
pub mod statistics;
mod text;

use crate::rule::RuleMeta;

/// The project's home page (SARIF `informationUri`).
pub const HOMEPAGE: &str = "https://github.com/shipshape-dev/shipshape";

/// Looks up a rule's metadata by code (the engine's rule table, or a test's).
pub type RuleLookup<'a> = &'a dyn Fn(&str) -> Option<&'static RuleMeta>;

/// Machine-readable output formats (the terminal format lives in the CLI).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A JSON array of [`Finding`]s.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers).
    Sarif,
    /// Checkstyle XML.
    Checkstyle,
    /// GitLab code quality report (JSON array).
    Gitlab,
    /// Code Climate engine issues (JSON objects, each ended by a NUL byte).
    Codeclimate,
    /// GNU `file:line.col-endline.endcol: severity: message [code]` lines.
    Gnu,
    /// GitHub Actions workflow commands (`::error file=…::message`).
    Github,
    /// JUnit XML, one test suite per file.
    Junit,
    /// Counts per rule.
    Statistics,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::Json,
        Format::Sarif,
        Format::Checkstyle,
        Format::Gitlab,
        Format::Codeclimate,
        Format::Gnu,
        Format::Github,
        Format::Junit,
        Format::Statistics,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Checkstyle => "checkstyle",
            Format::Gitlab => "gitlab",
            Format::Codeclimate => "codeclimate",
            Format::Gnu => "gnu",
            Format::Github => "github",
            Format::Junit => "junit",
            Format::Statistics => "statistics",
        }
    }

    /// Parses a format name (case-insensitive; `-` and `_` are interchangeable).
    /// Also accepts hadolint's `gitlab_codeclimate` and a few common spellings.
    pub fn parse(s: &str) -> Option<Format> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        Some(match s.as_str() {
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "checkstyle" => Format::Checkstyle,
            "gitlab" | "gitlab-codeclimate" | "gitlab-code-quality" => Format::Gitlab,
            "codeclimate" | "code-climate" => Format::Codeclimate,
            "gnu" => Format::Gnu,
            "github" | "github-actions" => Format::Github,
            "junit" => Format::Junit,
            "statistics" | "stats" => Format::Statistics,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Renders findings in `format`. Pure and deterministic: the same findings
/// (in the same order) always give the same bytes. Formats that group by
/// file order the files by name and keep the findings' order within a file.
pub fn render(
    format: Format,
    findings: &[Finding],
    rules: RuleLookup<'_>,
    tool_version: &str,
) -> String {
    match format {
        Format::Json => json(findings),
        Format::Sarif => sarif::render(findings, rules, tool_version),
        Format::Checkstyle => checkstyle::render(findings, tool_version),
        Format::Gitlab => gitlab::render(findings),
        Format::Codeclimate => codeclimate::render(findings, rules),
        Format::Gnu => gnu::render(findings),
        Format::Github => github::render(findings),
        Format::Junit => junit::render(findings),
        Format::Statistics => statistics::render(findings),
    }
}
