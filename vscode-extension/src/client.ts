// Starting, restarting and talking to the language client.

import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";

import { featureMiddleware } from "./features";
import { resolveServer } from "./serverPath";
import { DOCUMENT_SELECTOR, SECTION, serverSettings } from "./settings";

export const RULE_DOCS = "https://github.com/shipshape-dev/shipshape/blob/main/docs/rules";

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
