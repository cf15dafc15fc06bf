// The editor settings the server reads (initializationOptions and
// workspace/didChangeConfiguration), from the `shipshape` section.

import * as vscode from "vscode";

import { workspaceDiagnosticsOption } from "./features";

export const SECTION = "shipshape";

export interface ServerSettings {
  enable: boolean;
  select: string[] | null;
  extendSelect: string[];
  ignore: string[];
  severity: Record<string, string>;
  unsafeFixes: boolean;
  /** Read by the server at start-up only. */
  workspaceDiagnostics: { enable: boolean };
}

export function serverSettings(scope?: vscode.ConfigurationScope): ServerSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    enable: c.get<boolean>("enable", true),
    select: c.get<string[] | null>("select", null),
    extendSelect: c.get<string[]>("extendSelect", []),
    ignore: c.get<string[]>("ignore", []),
    severity: c.get<Record<string, string>>("severity", {}),
    unsafeFixes: c.get<boolean>("unsafeFixes", false),
    workspaceDiagnostics: workspaceDiagnosticsOption((key) => c.get<boolean>(key, true)),
  };
}

/** Documents the server checks: the dockerfile language and the usual names. */
export const DOCUMENT_SELECTOR = [
  { language: "dockerfile" },
  { scheme: "file", pattern: "**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*}" },
  { scheme: "untitled", language: "dockerfile" },
];
