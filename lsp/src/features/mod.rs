//! Editing features: completion, hover (instructions, flags, variables,
//! stages), document symbols, folding, semantic tokens, highlights, links,
//! go to definition, references and rename.
//!
//! The analysis is `shipshape_core::ide` (protocol-free); this module only
//! converts between LSP types and offsets. The server calls these
//! functions with a document's text and the position encoding.

use shipshape_core::ide::{self, CompletionKind, FoldKind, Ide, TokenKind};
use shipshape_core::syntax::line_index::Encoding;
use shipshape_core::Span;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types as lsp;

use crate::analysis;
use crate::convert::{self, Text};

/// What the client supports, as far as these features care. (Folding
/// ranges are whole lines and semantic tokens one line each, which every
/// client accepts, so those need no flags.)
#[derive(Clone, Copy, Debug, Default)]
pub struct EditCaps {
    /// Completion items may carry snippets (`${1:name}` placeholders).
    pub snippets: bool,
}

impl EditCaps {
    pub fn from_params(params: &lsp::InitializeParams) -> EditCaps {
        let td = params.capabilities.text_document.as_ref();
        EditCaps {
            snippets: td
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
        }
    }
}

/// The semantic token legend; indices follow [`token_type`].
pub const TOKEN_TYPES: [lsp::SemanticTokenType; 8] = [
    lsp::SemanticTokenType::KEYWORD,
    lsp::SemanticTokenType::PARAMETER,
    lsp::SemanticTokenType::VARIABLE,
    lsp::SemanticTokenType::STRING,
    lsp::SemanticTokenType::COMMENT,
    lsp::SemanticTokenType::NAMESPACE,
    lsp::SemanticTokenType::MACRO,
    lsp::SemanticTokenType::PROPERTY,
];

fn token_type(k: TokenKind) -> u32 {
    match k {
        TokenKind::Keyword => 0,
        TokenKind::Parameter => 1,
        TokenKind::Variable => 2,
        TokenKind::String => 3,
        TokenKind::Comment => 4,
        TokenKind::Namespace => 5,
        TokenKind::Macro => 6,
        TokenKind::Property => 7,
    }
}

/// Adds the editing providers to the server capabilities.
pub fn register(c: &mut lsp::ServerCapabilities) {
    c.completion_provider = Some(lsp::CompletionOptions {
        trigger_characters: Some(
            ["-", "=", "$", "{", ",", " ", "#"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        resolve_provider: Some(false),
        ..Default::default()
    });
    c.definition_provider = Some(lsp::OneOf::Left(true));
    c.references_provider = Some(lsp::OneOf::Left(true));
    c.rename_provider = Some(lsp::OneOf::Right(lsp::RenameOptions {
        prepare_provider: Some(true),
        work_done_progress_options: Default::default(),
    }));
    c.document_symbol_provider = Some(lsp::OneOf::Left(true));
    c.document_highlight_provider = Some(lsp::OneOf::Left(true));
    c.folding_range_provider = Some(lsp::FoldingRangeProviderCapability::Simple(true));
    c.document_link_provider = Some(lsp::DocumentLinkOptions {
        resolve_provider: Some(false),
        work_done_progress_options: Default::default(),
    });
    c.semantic_tokens_provider = Some(
        lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(lsp::SemanticTokensOptions {
            work_done_progress_options: Default::default(),
            legend: lsp::SemanticTokensLegend {
                token_types: TOKEN_TYPES.to_vec(),
                token_modifiers: vec![lsp::SemanticTokenModifier::DECLARATION],
            },
            range: Some(false),
            full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
        }),
    );
}

/// An open Dockerfile's text, as the feature functions need it.
pub struct Doc {
    pub text: String,
    pub encoding: Encoding,
    pub caps: EditCaps,
}

fn failed(p: analysis::Panicked) -> Error {
    convert::internal_error(format!("shipshape failed: {}", p.0))
}

impl Doc {
    /// Runs `f` on the parsed document, catching panics as errors.
    fn with<T>(&self, f: impl FnOnce(&Ide<'_>, &Text<'_>) -> T) -> Result<T> {
        analysis::guard(|| {
            let df = shipshape_core::parse(&self.text);
            let ide = Ide::new(&self.text, &df);
            let text = Text::new(&self.text, self.encoding);
            f(&ide, &text)
        })
        .map_err(failed)
    }

    pub fn completion(&self, pos: lsp::Position) -> Result<Option<lsp::CompletionResponse>> {
        let snippets = self.caps.snippets;
        self.with(|ide, text| {
            let items: Vec<lsp::CompletionItem> = ide
                .complete(text.offset(pos))
                .into_iter()
                .enumerate()
                .map(|(i, it)| completion_item(text, it, i, snippets))
                .collect();
            (!items.is_empty()).then_some(lsp::CompletionResponse::Array(items))
        })
    }

    /// The editing hover (keyword, flag, variable, stage) at `pos`, as
    /// markdown and the span it covers.
    pub fn hover(&self, pos: lsp::Position) -> Result<Option<(String, lsp::Range)>> {
        self.with(|ide, text| {
            ide.hover(text.offset(pos))
                .map(|h| (h.markdown, text.range(h.span)))
        })
    }

    pub fn definition(
        &self,
        uri: &lsp::Uri,
        pos: lsp::Position,
    ) -> Result<Option<lsp::GotoDefinitionResponse>> {
        self.with(|ide, text| {
            let spans = ide.definition(text.offset(pos));
            let mut locs = locations(text, uri, &spans);
            match locs.len() {
                0 => None,
                1 => locs.pop().map(lsp::GotoDefinitionResponse::Scalar),
                _ => Some(lsp::GotoDefinitionResponse::Array(locs)),
            }
        })
    }

    pub fn references(
        &self,
        uri: &lsp::Uri,
        pos: lsp::Position,
        include_declaration: bool,
    ) -> Result<Option<Vec<lsp::Location>>> {
        self.with(|ide, text| {
            let spans = ide.references(text.offset(pos), include_declaration);
            (!spans.is_empty()).then(|| locations(text, uri, &spans))
        })
    }

    pub fn highlights(&self, pos: lsp::Position) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        self.with(|ide, text| {
            let occ = ide.highlights(text.offset(pos));
            (!occ.is_empty()).then(|| {
                occ.into_iter()
                    .map(|o| lsp::DocumentHighlight {
                        range: text.range(o.span),
                        kind: Some(if o.declaration {
                            lsp::DocumentHighlightKind::WRITE
                        } else {
                            lsp::DocumentHighlightKind::READ
                        }),
                    })
                    .collect()
            })
        })
    }

    pub fn prepare_rename(&self, pos: lsp::Position) -> Result<Option<lsp::PrepareRenameResponse>> {
        self.with(|ide, text| {
            ide.prepare_rename(text.offset(pos)).map(|(span, name)| {
                lsp::PrepareRenameResponse::RangeWithPlaceholder {
                    range: text.range(span),
                    placeholder: name,
                }
            })
        })
    }

    pub fn rename(
        &self,
        uri: &lsp::Uri,
        pos: lsp::Position,
        new_name: &str,
    ) -> Result<Option<lsp::WorkspaceEdit>> {
        let r = self.with(|ide, text| {
            ide.rename(text.offset(pos), new_name).map(|edits| {
                edits
                    .into_iter()
                    .map(|e| lsp::TextEdit::new(text.range(e.span), e.text))
                    .collect::<Vec<_>>()
            })
        })?;
        match r {
            Ok(edits) => {
                let mut changes = std::collections::HashMap::new();
                changes.insert(uri.clone(), edits);
                Ok(Some(lsp::WorkspaceEdit {
                    changes: Some(changes),
                    ..Default::default()
                }))
            }
            Err(ide::RenameError::NothingHere) => Ok(None),
            Err(e) => Err(Error::invalid_params(e.to_string())),
        }
    }

    pub fn symbols(&self) -> Result<Option<lsp::DocumentSymbolResponse>> {
        self.with(|ide, text| {
            let syms: Vec<lsp::DocumentSymbol> =
                ide.symbols().into_iter().map(|s| symbol(text, s)).collect();
            Some(lsp::DocumentSymbolResponse::Nested(syms))
        })
    }

    pub fn folds(&self) -> Result<Option<Vec<lsp::FoldingRange>>> {
        self.with(|ide, text| {
            let mut out: Vec<lsp::FoldingRange> = Vec::new();
            for f in ide.folds() {
                let start = text.position(f.span.start).line;
                let end = text.position(f.span.end).line;
                if end <= start
                    || out
                        .iter()
                        .any(|o| o.start_line == start && o.end_line == end)
                {
                    continue;
                }
                out.push(lsp::FoldingRange {
                    start_line: start,
                    end_line: end,
                    kind: Some(match f.kind {
                        FoldKind::Comment => lsp::FoldingRangeKind::Comment,
                        FoldKind::Region => lsp::FoldingRangeKind::Region,
                    }),
                    ..Default::default()
                });
            }
            Some(out)
        })
    }

    pub fn links(&self) -> Result<Option<Vec<lsp::DocumentLink>>> {
        self.with(|ide, text| {
            Some(
                ide.links()
                    .into_iter()
                    .filter_map(|l| {
                        Some(lsp::DocumentLink {
                            range: text.range(l.span),
                            target: Some(l.target.parse::<lsp::Uri>().ok()?),
                            tooltip: Some("Open the image's registry page".to_string()),
                            data: None,
                        })
                    })
                    .collect(),
            )
        })
    }

    pub fn semantic_tokens(&self) -> Result<Option<lsp::SemanticTokensResult>> {
        self.with(|ide, text| {
            let mut data = Vec::new();
            let mut prev = lsp::Position::new(0, 0);
            for t in ide.tokens() {
                for piece in line_pieces(text, t.span) {
                    let a = text.position(piece.start);
                    let b = text.position(piece.end);
                    if b.line != a.line || b.character <= a.character {
                        continue;
                    }
                    let delta_line = a.line.saturating_sub(prev.line);
                    let delta_start = if delta_line == 0 {
                        a.character.saturating_sub(prev.character)
                    } else {
                        a.character
                    };
                    data.push(lsp::SemanticToken {
                        delta_line,
                        delta_start,
                        length: b.character - a.character,
                        token_type: token_type(t.kind),
                        token_modifiers_bitset: u32::from(t.declaration),
                    });
                    prev = a;
                }
            }
            Some(lsp::SemanticTokensResult::Tokens(lsp::SemanticTokens {
                result_id: None,
                data,
            }))
        })
    }
}

/// A span cut at line ends: tokens are sent one line at a time, which every
/// client accepts (line terminators are left out).
fn line_pieces(text: &Text<'_>, span: Span) -> Vec<Span> {
    let first = text.index.line_of(span.start);
    let last = text.index.line_of(span.end);
    (first..=last)
        .filter_map(|l| {
            let line = text.index.line_span(l)?;
            let s = Span::new(span.start.max(line.start), span.end.min(line.end));
            (s.start < s.end).then_some(s)
        })
        .collect()
}

fn locations(text: &Text<'_>, uri: &lsp::Uri, spans: &[Span]) -> Vec<lsp::Location> {
    spans
        .iter()
        .map(|s| lsp::Location::new(uri.clone(), text.range(*s)))
        .collect()
}

fn completion_item(
    text: &Text<'_>,
    it: ide::CompletionItem,
    order: usize,
    snippets: bool,
) -> lsp::CompletionItem {
    let kind = match it.kind {
        CompletionKind::Keyword => lsp::CompletionItemKind::KEYWORD,
        CompletionKind::Flag => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::Property => lsp::CompletionItemKind::FIELD,
        CompletionKind::Value => lsp::CompletionItemKind::VALUE,
        CompletionKind::Stage => lsp::CompletionItemKind::MODULE,
        CompletionKind::Variable => lsp::CompletionItemKind::VARIABLE,
        CompletionKind::Directive => lsp::CompletionItemKind::PROPERTY,
    };
    let (new_text, format) = match (&it.snippet, snippets) {
        (Some(s), true) => (s.clone(), lsp::InsertTextFormat::SNIPPET),
        _ => (it.insert.clone(), lsp::InsertTextFormat::PLAIN_TEXT),
    };
    lsp::CompletionItem {
        label: it.label.clone(),
        kind: Some(kind),
        detail: it.detail,
        documentation: it.documentation.map(|d| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: d,
            })
        }),
        tags: it
            .deprecated
            .then(|| vec![lsp::CompletionItemTag::DEPRECATED]),
        sort_text: Some(format!("{order:04}")),
        filter_text: Some(it.label),
        insert_text_format: Some(format),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
            text.range(it.replace),
            new_text,
        ))),
        ..Default::default()
    }
}

#[allow(deprecated)]
fn symbol(text: &Text<'_>, s: ide::Symbol) -> lsp::DocumentSymbol {
    let kind = match s.kind {
        ide::SymbolKind::Stage => lsp::SymbolKind::MODULE,
        ide::SymbolKind::Instruction => lsp::SymbolKind::FUNCTION,
        ide::SymbolKind::Variable => lsp::SymbolKind::VARIABLE,
        ide::SymbolKind::Directive => lsp::SymbolKind::PROPERTY,
    };
    let children: Vec<lsp::DocumentSymbol> =
        s.children.into_iter().map(|c| symbol(text, c)).collect();
    lsp::DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind,
        tags: s.deprecated.then(|| vec![lsp::SymbolTag::DEPRECATED]),
        deprecated: None,
        range: text.range(s.span),
        selection_range: text.range(s.selection),
        children: (!children.is_empty()).then_some(children),
    }
}
