// A minimal ustar writer for test fixtures (regular files and directories).
const enc = new TextEncoder();

function octal(n, width) {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

function header({ name, size, mode, type }) {
  const h = new Uint8Array(512);
  const put = (s, at, width) => h.set(enc.encode(s).subarray(0, width), at);
  put(name, 0, 100);
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8); // uid
  put(octal(0, 8), 116, 8); // gid
  put(octal(size, 12), 124, 12);
  put(octal(1700000000, 12), 136, 12); // mtime
  put("        ", 148, 8); // checksum placeholder: spaces
  put(type, 156, 1);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  put("root", 265, 32);
  put("root", 297, 32);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8);
  return h;
}

/** entries: [{ name, data?: string | Uint8Array, mode?: number, dir?: boolean }] → Uint8Array */
export function tar(entries) {
  const parts = [];
  for (const e of entries) {
    const data = e.dir ? new Uint8Array(0) : typeof e.data === "string" ? enc.encode(e.data) : e.data ?? new Uint8Array(0);
    parts.push(header({ name: e.name, size: data.length, mode: e.mode ?? (e.dir ? 0o755 : 0o644), type: e.dir ? "5" : "0" }));
    parts.push(data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(1024));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const CONFIG_ID = "a".repeat(64);
const LAYER_ID = "b".repeat(64);

/** A small `docker save` archive (legacy layout): one layer with an os-release and a setuid binary. */
export function dockerSaveArchive() {
  const layer = tar([
    { name: "etc/", dir: true },
    { name: "etc/os-release", data: 'ID=demo\nPRETTY_NAME="Demo Linux 1.0"\nVERSION_ID=1.0\n' },
    { name: "usr/", dir: true },
    { name: "usr/bin/", dir: true },
    { name: "usr/bin/su", data: "#!/bin/sh\n", mode: 0o4755 },
    { name: "app/", dir: true },
    { name: "app/run.sh", data: "#!/bin/sh\necho hi\n", mode: 0o755 },
  ]);
  const config = {
    architecture: "amd64",
    os: "linux",
    created: "2026-01-01T00:00:00Z",
    config: {
      Env: ["PATH=/usr/bin:/bin", "API_TOKEN=hunter2"],
      ExposedPorts: { "22/tcp": {}, "8080/tcp": {} },
      Cmd: ["/app/run.sh"],
      Labels: { "org.opencontainers.image.source": "https://example.invalid/demo" },
    },
    history: [
      { created: "2026-01-01T00:00:00Z", created_by: "/bin/sh -c #(nop) ADD file:0123 in / " },
      { created: "2026-01-01T00:00:00Z", created_by: "COPY run.sh /app/ # buildkit", comment: "buildkit.dockerfile.v0" },
      { created: "2026-01-01T00:00:00Z", created_by: 'CMD ["/app/run.sh"]', empty_layer: true },
    ],
    rootfs: { type: "layers", diff_ids: [`sha256:${LAYER_ID}`] },
  };
  const manifest = [{ Config: `${CONFIG_ID}.json`, RepoTags: ["demo/app:1.0"], Layers: [`${LAYER_ID}/layer.tar`] }];
  return tar([
    { name: `${LAYER_ID}/`, dir: true },
    { name: `${LAYER_ID}/layer.tar`, data: layer },
    { name: `${CONFIG_ID}.json`, data: JSON.stringify(config) },
    { name: "manifest.json", data: JSON.stringify(manifest) },
  ]);
}

/** A Dockerfile of `lines` lines, mixing the common instructions. */
export function bigDockerfile(lines = 1000) {
  const out = ["# syntax=docker/dockerfile:1", "FROM debian:12 AS build", "ARG VERSION=1.0"];
  let i = 0;
  while (out.length < lines - 2) {
    switch (i % 6) {
      case 0:
        out.push(`RUN apt-get update && apt-get install -y --no-install-recommends pkg${i}=1.${i} \\`, `    && rm -rf /var/lib/apt/lists/*`);
        break;
      case 1:
        out.push(`ENV VAR_${i}=value${i} OTHER_${i}="two words"`);
        break;
      case 2:
        out.push(`COPY --chown=1000:1000 src/part${i} /app/part${i}`);
        break;
      case 3:
        out.push(`# step ${i}: a comment line`);
        break;
      case 4:
        out.push(`LABEL org.example.step${i}="${i}"`);
        break;
      default:
        out.push(`WORKDIR /app/dir${i}`);
    }
    i++;
  }
  out.length = lines - 2;
  if (out.at(-1).endsWith("\\")) out[out.length - 1] = "# (continuation cut here)";
  out.push("USER 1000", 'CMD ["/app/run"]');
  return out.join("\n") + "\n";
}
