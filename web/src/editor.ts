// The Dockerfile editor: CodeMirror 6 with the dockerfile legacy mode,
// shipshape diagnostics as lint (squiggles, gutter markers, tooltips with
// the fixes as actions).
import { basicSetup } from "codemirror";
import { EditorView, keymap } from "@codemirror/view";
import { EditorState, StateEffect, type Text } from "@codemirror/state";
import { StreamLanguage, HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { dockerFile } from "@codemirror/legacy-modes/mode/dockerfile";
import { linter, lintGutter, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { tags } from "@lezer/highlight";
import type { CheckResult, Diagnostic, Fix, Position } from "./engine";

/** A document offset of a (line, UTF-16 column) position, clamped to the document. */
export function offsetOf(doc: Text, p: Position): number {
  if (p.line + 1 > doc.lines) return doc.length;
  const line = doc.line(p.line + 1);
  return Math.min(line.from + p.character, line.to);
}

export interface EditorHooks {
  /** Checks the text; null when the settings are invalid (nothing to show). */
  check(text: string): CheckResult | null;
  /** Called with every result, and the document it belongs to. */
  checked(result: CheckResult | null, doc: Text): void;
  changed(text: string): void;
  fixAll(): void;
}

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: "var(--hl-keyword)", fontWeight: "600" },
  { tag: tags.comment, color: "var(--hl-comment)", fontStyle: "italic" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--hl-string)" },
  { tag: [tags.variableName, tags.atom], color: "var(--hl-variable)" },
  { tag: [tags.number, tags.bool], color: "var(--hl-number)" },
]);

const theme = EditorView.theme({
  "&": { color: "var(--fg)", backgroundColor: "var(--editor-bg)", fontSize: "14px", height: "24rem" },
  "&.cm-focused": { outline: "3px solid var(--focus)", outlineOffset: "-3px" },
  ".cm-scroller": { overflow: "auto" },
  ".cm-content": { caretColor: "var(--fg)", fontFamily: "var(--mono)" },
  ".cm-gutters": { backgroundColor: "var(--panel-bg)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)" },
  "&.cm-focused .cm-cursor": { borderLeftColor: "var(--fg)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--selection)" },
  ".cm-tooltip": { backgroundColor: "var(--panel-bg)", color: "var(--fg)", border: "1px solid var(--border)" },
  ".cm-tooltip-lint": { fontFamily: "var(--sans)" },
  ".cm-diagnosticAction": { backgroundColor: "var(--accent)", color: "var(--accent-fg)" },
  ".cm-panels": { backgroundColor: "var(--panel-bg)", color: "var(--fg)" },
});

export function fixChanges(doc: Text, fix: Fix): { from: number; to: number; insert: string }[] {
  return fix.edits.map((e) => ({ from: offsetOf(doc, e.range.start), to: offsetOf(doc, e.range.end), insert: e.newText }));
}

const recheck = StateEffect.define<null>();

/** Checks the document again (after a settings change), after the lint delay. */
export function relint(view: EditorView): void {
  view.dispatch({ effects: recheck.of(null) });
}

/** Applies a fix computed on `doc`, if the editor still shows that document. */
export function applyFixIn(view: EditorView, doc: Text, fix: Fix): boolean {
  if (view.state.doc !== doc) {
    relint(view);
    return false;
  }
  view.dispatch({ changes: fixChanges(doc, fix), userEvent: "input.fix", scrollIntoView: true });
  return true;
}

function toCm(view: EditorView, doc: Text, d: Diagnostic): CmDiagnostic {
  const from = offsetOf(doc, d.range.start);
  const to = Math.max(from, offsetOf(doc, d.range.end));
  const fix = d.fix;
  return {
    from,
    to,
    severity: d.severity,
    source: `${d.code} ${d.name}`,
    message: d.message,
    actions: fix
      ? [
          {
            name: fix.applicability === "unsafe" ? `${fix.title} (unsafe)` : fix.title,
            apply: () => {
              applyFixIn(view, doc, fix);
            },
          },
        ]
      : [],
  };
}

/**
 * The editor lives in a shadow root: CodeMirror then installs its styles as
 * constructed style sheets (adoptedStyleSheets), which the page's strict
 * Content-Security-Policy (`style-src 'self'`, no 'unsafe-inline') allows;
 * in the document itself it would add <style> elements, which it blocks.
 */
export function createEditor(host: HTMLElement, text: string, hooks: EditorHooks): EditorView {
  const shadow = host.attachShadow({ mode: "open" });
  const parent = document.createElement("div");
  shadow.append(parent);
  const source = linter(
    (view) => {
      const doc = view.state.doc;
      const result = hooks.check(doc.toString());
      hooks.checked(result, doc);
      return result ? result.diagnostics.map((d) => toCm(view, doc, d)) : [];
    },
    { delay: 200, needsRefresh: (u) => u.transactions.some((t) => t.effects.some((e) => e.is(recheck))) },
  );
  return new EditorView({
    root: shadow,
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        StreamLanguage.define(dockerFile),
        syntaxHighlighting(highlight),
        theme,
        source,
        lintGutter(),
        keymap.of([{ key: "Alt-Shift-f", run: () => (hooks.fixAll(), true) }]),
        EditorView.contentAttributes.of({ "aria-label": "Dockerfile", "aria-describedby": "editor-help" }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) hooks.changed(u.state.doc.toString());
        }),
      ],
    }),
  });
}
