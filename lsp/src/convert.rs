//! The adapter between shipshape's core types and the LSP types
//! (`tower_lsp_server::ls_types`). Every conversion lives here, so moving to
//! another LSP framework or types crate is a change to this file.

use std::path::PathBuf;

use serde_json::json;
use shipshape_core::diagnostic::{Diagnostic, Edit, Severity};
use shipshape_core::rule::RuleMeta;
use shipshape_core::syntax::line_index::{Encoding, Position as CorePosition};
use shipshape_core::syntax::{LineIndex, Span};
use tower_lsp_server::ls_types as lsp;

/// A document's text with its line index, for conversions.
pub struct Text<'a> {
    pub src: &'a str,
    pub index: LineIndex,
    pub encoding: Encoding,
}

impl<'a> Text<'a> {
    pub fn new(src: &'a str, encoding: Encoding) -> Self {
        Text {
            src,
            index: LineIndex::new(src),
            encoding,
        }
    }

    pub fn position(&self, offset: usize) -> lsp::Position {
        let p = self.index.position(offset, self.encoding);
        lsp::Position::new(p.line, p.character)
    }

    pub fn offset(&self, pos: lsp::Position) -> usize {
        self.index
            .offset(CorePosition::new(pos.line, pos.character), self.encoding)
    }

    pub fn range(&self, span: Span) -> lsp::Range {
        lsp::Range::new(self.position(span.start), self.position(span.end))
    }

    pub fn span(&self, range: lsp::Range) -> Span {
        let a = self.offset(range.start);
        let b = self.offset(range.end);
        Span::new(a.min(b), a.max(b))
    }
}

/// Byte offsets of an LSP range in `src` (for incremental changes).
pub fn range_offsets(src: &str, range: &lsp::Range, encoding: Encoding) -> (usize, usize) {
    let span = Text::new(src, encoding).span(*range);
    (span.start, span.end)
}

/// The position encoding to use: UTF-8 when the client offers it, else UTF-16.
pub fn negotiate_encoding(params: &lsp::InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

pub fn encoding_kind(encoding: Encoding) -> lsp::PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        Encoding::Utf16 | Encoding::Chars => lsp::PositionEncodingKind::UTF16,
    }
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// The `source` of every diagnostic.
pub const SOURCE: &str = "shipshape";

/// A core diagnostic as an LSP diagnostic.
pub fn diagnostic(text: &Text<'_>, uri: &lsp::Uri, d: &Diagnostic) -> lsp::Diagnostic {
    let href = shipshape_core::rules::find(d.code)
        .map(RuleMeta::url)
        .and_then(|u| u.parse::<lsp::Uri>().ok());
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), text.range(r.span)),
            message: r.message.clone(),
        })
        .collect();
    let tags = (d.code == "SS002").then(|| vec![lsp::DiagnosticTag::UNNECESSARY]);
    lsp::Diagnostic {
        range: text.range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: href.map(|href| lsp::CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags,
        data: Some(json!({
            "name": d.name,
            "fix": d.fix.as_ref().map(|f| json!({
                "title": f.title,
                "applicability": f.applicability,
            })),
        })),
    }
}

/// The rule code of an LSP diagnostic we published.
pub fn diagnostic_code(d: &lsp::Diagnostic) -> Option<&str> {
    match &d.code {
        Some(lsp::NumberOrString::String(s)) if d.source.as_deref() == Some(SOURCE) => Some(s),
        _ => None,
    }
}

pub fn text_edit(text: &Text<'_>, edit: &Edit) -> lsp::TextEdit {
    lsp::TextEdit::new(text.range(edit.span), edit.new_text.clone())
}

/// A workspace edit of one document. With `versioned`, it names the
/// document version it was computed for, so the client refuses it once the
/// text has moved on.
pub fn workspace_edit(
    text: &Text<'_>,
    uri: &lsp::Uri,
    version: i32,
    edits: &[Edit],
    versioned: bool,
) -> lsp::WorkspaceEdit {
    let edits: Vec<lsp::TextEdit> = edits.iter().map(|e| text_edit(text, e)).collect();
    if versioned {
        lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
            }])),
            ..Default::default()
        }
    } else {
        lsp::WorkspaceEdit {
            changes: Some([(uri.clone(), edits)].into_iter().collect()),
            ..Default::default()
        }
    }
}

/// The kind of the "fix all" source action.
pub fn fix_all_kind() -> lsp::CodeActionKind {
    lsp::CodeActionKind::new("source.fixAll.shipshape")
}

/// Whether an action of `kind` is wanted by a request's `only` filter
/// (kinds are hierarchical: `source` asks for `source.fixAll.shipshape`).
pub fn kind_wanted(only: Option<&[lsp::CodeActionKind]>, kind: &lsp::CodeActionKind) -> bool {
    let Some(only) = only else { return true };
    only.iter().any(|o| {
        let o = o.as_str();
        let k = kind.as_str();
        k == o || k.starts_with(o) && k.as_bytes().get(o.len()) == Some(&b'.')
    })
}

pub fn code_action(
    title: String,
    kind: lsp::CodeActionKind,
    diagnostics: Option<Vec<lsp::Diagnostic>>,
    edit: lsp::WorkspaceEdit,
    preferred: bool,
) -> lsp::CodeActionOrCommand {
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title,
        kind: Some(kind),
        diagnostics,
        edit: Some(edit),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

pub fn hover(markdown: String, range: Option<lsp::Range>) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: markdown,
        }),
        range,
    }
}

pub fn full_report(
    result_id: String,
    items: Vec<lsp::Diagnostic>,
) -> lsp::DocumentDiagnosticReportResult {
    lsp::DocumentDiagnosticReportResult::Report(lsp::DocumentDiagnosticReport::Full(
        lsp::RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items,
            },
        },
    ))
}

pub fn unchanged_report(result_id: String) -> lsp::DocumentDiagnosticReportResult {
    lsp::DocumentDiagnosticReportResult::Report(lsp::DocumentDiagnosticReport::Unchanged(
        lsp::RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                result_id,
            },
        },
    ))
}

/// The file name at the end of a URI's path (also for `untitled:` URIs).
pub fn file_name(uri: &lsp::Uri) -> Option<String> {
    let path = uri.path().as_str();
    let last = path.rsplit('/').next()?;
    let decoded = percent_decode(last);
    (!decoded.is_empty()).then_some(decoded)
}

/// The local path of a `file:` URI.
pub fn file_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let is_file = uri.scheme().as_str().eq_ignore_ascii_case("file");
    if !is_file {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'%'), Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (Some(&b), _, _) => {
                out.push(b);
                i += 1;
            }
            _ => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The LSP error for a request the core could not serve.
pub fn internal_error(message: String) -> tower_lsp_server::jsonrpc::Error {
    tower_lsp_server::jsonrpc::Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
        message: message.into(),
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_positions_on_an_emoji_line() {
        let src = "FROM a\nRUN echo \"🐳 é\" && x\n";
        let x = src.rfind('x').unwrap_or(0);
        let t16 = Text::new(src, Encoding::Utf16);
        let t8 = Text::new(src, Encoding::Utf8);
        // `RUN echo "` is 10, the whale is 2 UTF-16 units / 4 bytes, ` é" && ` 7 units / 8 bytes.
        assert_eq!(t16.position(x), lsp::Position::new(1, 19));
        assert_eq!(t8.position(x), lsp::Position::new(1, 22));
        assert_eq!(t16.offset(lsp::Position::new(1, 19)), x);
        assert_eq!(t8.offset(lsp::Position::new(1, 22)), x);
    }

    #[test]
    fn file_names_from_uris() {
        let u: lsp::Uri = "file:///w/app/Dockerfile.dev"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(file_name(&u).as_deref(), Some("Dockerfile.dev"));
        assert!(file_path(&u).is_some());
        let u: lsp::Uri = "untitled:Untitled-1"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(file_name(&u).as_deref(), Some("Untitled-1"));
        assert!(file_path(&u).is_none());
        let u: lsp::Uri = "file:///w/my%20app/Containerfile"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(file_name(&u).as_deref(), Some("Containerfile"));
    }

    #[test]
    fn only_filters_are_hierarchical() {
        let k = fix_all_kind();
        assert!(kind_wanted(None, &k));
        assert!(kind_wanted(Some(&[lsp::CodeActionKind::SOURCE]), &k));
        assert!(kind_wanted(
            Some(&[lsp::CodeActionKind::SOURCE_FIX_ALL]),
            &k
        ));
        assert!(!kind_wanted(Some(&[lsp::CodeActionKind::QUICKFIX]), &k));
        assert!(!kind_wanted(
            Some(&[lsp::CodeActionKind::new("source.fix")]),
            &k
        ));
    }
}
