// The wasm engine (the Dockerfile bundle, web/src/wasm): loaded once, then
// every call is synchronous.
import init, * as wasm from "./wasm/shipshape.js";
import type { CheckOptions, ConfigKind, Severity } from "./wasm/shipshape.js";

export type * from "./wasm/shipshape.js";
// The image types come from the image bundle (loaded by the image worker);
// the types both bundles declare are the same text.
export type {
  ImageCheckResult,
  ImageDiagnostic,
  ImageFacts,
  ImageOptions,
} from "./wasm-image/shipshape_image.js";
export { wasm };

let ready: Promise<void> | null = null;

/** Loads the module (from this site: no network beyond the page's origin). */
export function load(): Promise<void> {
  ready ??= init().then(() => undefined);
  return ready;
}

/** The settings the page keeps (and puts in the permalink). */
export interface PageSettings {
  select: string;
  extendSelect: string;
  ignore: string;
  /** One `selector=severity` per line. */
  severity: string;
  config: string;
  configKind: ConfigKind;
  unsafeFixes: boolean;
  /** The build context's .dockerignore; empty: context unknown. */
  dockerignore: string;
}

export const defaultSettings: PageSettings = {
  select: "",
  extendSelect: "",
  ignore: "",
  severity: "",
  config: "",
  configKind: "toml",
  unsafeFixes: false,
  dockerignore: "",
};

/** A date as YYYY-MM-DD, in the browser's time zone (the user's today). */
export function isoDate(d: Date): string {
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}`;
}

const list = (s: string): string[] =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

const SEVERITIES: readonly Severity[] = ["error", "warning", "info", "hint"];

/** Turns page settings into check options; problems are returned, not thrown. */
export function toOptions(s: PageSettings, today: Date = new Date()): { options: CheckOptions; problems: string[] } {
  const problems: string[] = [];
  const severity: Record<string, Severity> = {};
  s.severity.split("\n").forEach((line, i) => {
    const t = line.trim();
    if (t === "" || t.startsWith("#")) return;
    const m = /^([^=\s]+)\s*=\s*"?([A-Za-z]+)"?$/.exec(t);
    const level = m?.[2]?.toLowerCase() as Severity | undefined;
    if (!m || !level || !SEVERITIES.includes(level)) {
      problems.push(`severity line ${i + 1}: expected RULE=error|warning|info|hint`);
      return;
    }
    severity[m[1]!] = level;
  });
  const select = list(s.select);
  return {
    options: {
      select: select.length > 0 ? select : null,
      extendSelect: list(s.extendSelect),
      ignore: list(s.ignore),
      severity,
      config: s.config.trim() === "" ? null : s.config,
      configKind: s.configKind,
      positionEncoding: "utf-16",
      today: isoDate(today),
      dockerignore: s.dockerignore.trim() === "" ? null : s.dockerignore,
    },
    problems,
  };
}

/** The message of a thrown engine error (a ConfigError names its file and position). */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
