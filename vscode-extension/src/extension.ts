// Entry point: start the client and register the commands.

import * as vscode from "vscode";

import { CHECKLIST_SCHEME, ChecklistDocuments, Shipshape } from "./client";

let shipshape: Shipshape | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("shipshape", { log: true });
  const s = new Shipshape(context, output);
  shipshape = s;
  const checklists = new ChecklistDocuments();
  context.subscriptions.push(
    output,
    checklists,
    vscode.workspace.registerTextDocumentContentProvider(CHECKLIST_SCHEME, checklists),
    vscode.commands.registerCommand("shipshape.showChecklist", () => s.showChecklist(checklists)),
    vscode.commands.registerCommand("shipshape.fixAll", () => s.fixAll()),
    vscode.commands.registerCommand("shipshape.restartServer", () => s.restart()),
    vscode.commands.registerCommand("shipshape.showOutput", () => output.show()),
    vscode.commands.registerCommand("shipshape.openRuleDocs", () => s.openRuleDocs()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("shipshape.path")) void s.restart();
    }),
  );
  await s.start();
}

export async function deactivate(): Promise<void> {
  await shipshape?.stop();
}
