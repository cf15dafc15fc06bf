// Finding the shipshape binary: the `shipshape.path` setting, else the
// binary bundled in the extension, else `shipshape` on PATH.
// No `vscode` import here, so node's test runner can load it.

import * as fs from "fs";
import * as path from "path";

export type ServerSource = "setting" | "bundled" | "PATH";

export interface Found {
  ok: true;
  path: string;
  source: ServerSource;
}

export interface NotFound {
  ok: false;
  message: string;
}

export interface Inputs {
  /** The `shipshape.path` setting (empty or null: not set). */
  configured: string | null | undefined;
  /** The extension's install folder. */
  extensionDir: string;
  platform: string;
  arch: string;
  /** The PATH environment variable. */
  envPath: string | undefined;
  /** Whether a file exists and can be run (injectable for tests). */
  isExecutable?: (file: string) => boolean;
}

export function defaultIsExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform === "win32") return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folder name of a platform's bundled binary, as `vsce --target` names it. */
export function platformDir(platform: string, arch: string): string {
  const os = platform === "win32" ? "win32" : platform;
  return `${os}-${arch}`;
}

export function binaryName(platform: string): string {
  return platform === "win32" ? "shipshape.exe" : "shipshape";
}

export function bundledPath(extensionDir: string, platform: string, arch: string): string {
  return path.join(extensionDir, "server", platformDir(platform, arch), binaryName(platform));
}

export function resolveServer(inp: Inputs): Found | NotFound {
  const isExec = inp.isExecutable ?? defaultIsExecutable;
  const configured = (inp.configured ?? "").trim();
  if (configured !== "") {
    if (isExec(configured)) return { ok: true, path: configured, source: "setting" };
    return {
      ok: false,
      message: `The setting shipshape.path is "${configured}", but no runnable file is there. Fix the path, or clear the setting to use the bundled server or shipshape on PATH.`,
    };
  }
  const bundled = bundledPath(inp.extensionDir, inp.platform, inp.arch);
  if (isExec(bundled)) return { ok: true, path: bundled, source: "bundled" };
  const name = binaryName(inp.platform);
  const sep = inp.platform === "win32" ? ";" : ":";
  for (const dir of (inp.envPath ?? "").split(sep)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    if (isExec(candidate)) return { ok: true, path: candidate, source: "PATH" };
  }
  return {
    ok: false,
    message: `No shipshape server found: this extension has no bundled binary for ${platformDir(inp.platform, inp.arch)}, shipshape.path is not set, and "${name}" is not on PATH. Install shipshape (cargo install --path cli in the shipshape repository) or set shipshape.path.`,
  };
}
