// The page state in the URL fragment: JSON, deflate-raw, base64url.
import { defaultSettings, type PageSettings } from "./engine";

export interface PageState {
  tab: "dockerfile" | "image";
  dockerfile: string;
  settings: PageSettings;
}

const PREFIX = "#s=";

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export async function encodeState(state: PageState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, ...state }));
  const packed = await pipe(json, new CompressionStream("deflate-raw"));
  return PREFIX + toBase64Url(packed);
}

/** The state in `hash`, or null when there is none or it cannot be read. */
export async function decodeState(hash: string): Promise<PageState | null> {
  if (!hash.startsWith(PREFIX)) return null;
  try {
    const raw = await pipe(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw"));
    const v: unknown = JSON.parse(new TextDecoder().decode(raw));
    if (typeof v !== "object" || v === null) return null;
    const o = v as Record<string, unknown>;
    const s = (typeof o.settings === "object" && o.settings !== null ? o.settings : {}) as Record<string, unknown>;
    const str = (x: unknown, d: string): string => (typeof x === "string" ? x : d);
    return {
      tab: o.tab === "image" ? "image" : "dockerfile",
      dockerfile: str(o.dockerfile, ""),
      settings: {
        select: str(s.select, defaultSettings.select),
        extendSelect: str(s.extendSelect, defaultSettings.extendSelect),
        ignore: str(s.ignore, defaultSettings.ignore),
        severity: str(s.severity, defaultSettings.severity),
        config: str(s.config, defaultSettings.config),
        configKind: s.configKind === "hadolint" ? "hadolint" : "toml",
        unsafeFixes: s.unsafeFixes === true,
        dockerignore: str(s.dockerignore, defaultSettings.dockerignore),
      },
    };
  } catch {
    return null;
  }
}
