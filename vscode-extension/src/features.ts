// Turning the server's editing features off, client-side: a
// vscode-languageclient middleware that answers nothing (undefined) for a
// feature whose `shipshape.<feature>.enable` setting is false, and passes
// the request on otherwise. No `vscode` import here, so tests load it in
// plain node. Workspace diagnostics are the server's to honour: they go in
// the initialization options instead.

import type { Middleware } from "vscode-languageclient";

/** Setting keys (under `shipshape.`) and the middleware hooks each one gates. */
export const FEATURES: Record<string, readonly string[]> = {
  "completion.enable": ["provideCompletionItem", "resolveCompletionItem"],
  "hover.enable": ["provideHover"],
  "documentSymbols.enable": ["provideDocumentSymbols"],
  "folding.enable": ["provideFoldingRanges"],
  "semanticTokens.enable": [
    "provideDocumentSemanticTokens",
    "provideDocumentSemanticTokensEdits",
    "provideDocumentRangeSemanticTokens",
  ],
  "documentHighlight.enable": ["provideDocumentHighlights"],
  "documentLinks.enable": ["provideDocumentLinks", "resolveDocumentLink"],
  "navigation.enable": ["provideDefinition", "provideReferences", "prepareRename", "provideRenameEdits"],
  "formatting.enable": [
    "provideDocumentFormattingEdits",
    "provideDocumentRangeFormattingEdits",
    "provideDocumentRangesFormattingEdits",
  ],
};

/** The setting that asks the server to check every Dockerfile in the workspace. */
export const WORKSPACE_DIAGNOSTICS = "workspaceDiagnostics.enable";

type Next = (...args: unknown[]) => unknown;

/**
 * Middleware gating each feature on `enabled(key)` (read at each request,
 * so a settings change applies at once). The last argument of every hook
 * is the `next` function that sends the request to the server.
 */
export function featureMiddleware(enabled: (key: string) => boolean): Middleware {
  const hooks: Record<string, (...args: unknown[]) => unknown> = {};
  for (const [key, names] of Object.entries(FEATURES)) {
    for (const name of names) {
      hooks[name] = (...args: unknown[]) => {
        if (!enabled(key)) return undefined;
        const next = args[args.length - 1] as Next;
        return next(...args.slice(0, -1));
      };
    }
  }
  return hooks as Middleware;
}

/** The `workspaceDiagnostics` part of the initialization options. */
export function workspaceDiagnosticsOption(enabled: (key: string) => boolean): { enable: boolean } {
  return { enable: enabled(WORKSPACE_DIAGNOSTICS) };
}
