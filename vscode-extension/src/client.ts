// Starting, restarting and talking to the language client.

import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

import { CHECKLIST_COMMAND, checklistMarkdown, isChecklistReport } from "./checklist";

import { featureMiddleware } from "./features";
import { resolveServer } from "./serverPath";
import { DOCUMENT_SELECTOR, SECTION, serverSettings } from "./settings";

export const RULE_DOCS = "https://github.com/shipshape-dev/shipshape/blob/main/docs/rules";

/** Scheme of the read-only checklist documents. */
export const CHECKLIST_SCHEME = "shipshape-checklist";

/** Read-only Markdown documents holding checklist reports, by URI. */
export class ChecklistDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? "No checklist yet: run \"Show container checklist\" on a Dockerfile.";
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export class Shipshape {
  private client: LanguageClient | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {}

  async start(): Promise<void> {
    const found = resolveServer({
      configured: vscode.workspace.getConfiguration(SECTION).get<string | null>("path", null),
      extensionDir: this.context.extensionPath,
      platform: process.platform,
      arch: process.arch,
      envPath: process.env.PATH,
    });
    if (!found.ok) {
      this.output.error(found.message);
      void vscode.window.showErrorMessage(found.message, "Show output").then((pick) => {
        if (pick) this.output.show();
      });
      return;
    }
    this.output.info(`Using the shipshape server at ${found.path} (from ${found.source}).`);
    const run = { command: found.path, args: ["lsp"], transport: TransportKind.stdio };
    const serverOptions: ServerOptions = { run, debug: run };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      initializationOptions: serverSettings(),
      synchronize: { configurationSection: SECTION },
      middleware: featureMiddleware((key) => vscode.workspace.getConfiguration(SECTION).get<boolean>(key, true)),
    };
    this.client = new LanguageClient("shipshape", "shipshape", serverOptions, clientOptions);
    await this.client.start();
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.stop();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Runs the server's `source.fixAll.shipshape` action on the active editor. */
  async fixAll(): Promise<void> {
    await vscode.commands.executeCommand("editor.action.sourceAction", {
      kind: "source.fixAll.shipshape",
      apply: "first",
    });
  }

  /**
   * Asks the server for the active Dockerfile's checklist (from its current,
   * possibly unsaved text and its settings) and shows it as Markdown beside
   * the editor: a preview of a read-only document.
   */
  async showChecklist(docs: ChecklistDocuments): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage("Open a Dockerfile to see its container checklist.");
      return;
    }
    if (!this.client) {
      void vscode.window.showErrorMessage("The shipshape server is not running.", "Show output").then((pick) => {
        if (pick) this.output.show();
      });
      return;
    }
    const doc = editor.document;
    let reply: unknown;
    try {
      reply = await this.client.sendRequest(ExecuteCommandRequest.type, {
        command: CHECKLIST_COMMAND,
        arguments: [doc.uri.toString()],
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      void vscode.window.showErrorMessage(`shipshape: no checklist for this document: ${message}`);
      return;
    }
    if (!isChecklistReport(reply)) {
      void vscode.window.showErrorMessage("shipshape: the server sent no checklist for this document.");
      return;
    }
    const name = doc.uri.path.split("/").pop() || "Dockerfile";
    const uri = vscode.Uri.from({
      scheme: CHECKLIST_SCHEME,
      path: `/${name} checklist.md`,
      query: doc.uri.toString(),
    });
    docs.set(uri, checklistMarkdown(reply, vscode.workspace.asRelativePath(doc.uri)));
    try {
      await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
    } catch {
      const shown = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(shown, "markdown");
      await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
  }

  /** Opens the page of a rule found in the active editor (or the rule index). */
  async openRuleDocs(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const links = new Map<string, string>();
    if (editor) {
      const here = editor.selection.active;
      const diags = vscode.languages
        .getDiagnostics(editor.document.uri)
        .filter((d) => d.source === "shipshape")
        .sort((a, b) => Number(b.range.contains(here)) - Number(a.range.contains(here)));
      for (const d of diags) {
        const code = typeof d.code === "object" ? d.code : undefined;
        if (code) links.set(String(code.value), code.target.toString());
      }
    }
    let url = RULE_DOCS;
    if (links.size === 1) {
      url = [...links.values()][0];
    } else if (links.size > 1) {
      const pick = await vscode.window.showQuickPick([...links.keys()], { placeHolder: "Rule to open" });
      if (!pick) return;
      url = links.get(pick) ?? RULE_DOCS;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }
}
