import type { Text } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import {
  load,
  wasm,
  defaultSettings,
  toOptions,
  errorText,
  type CheckResult,
  type ChecklistItem,
  type ChecklistReport,
  type Diagnostic,
  type ImageFacts,
  type ImageCheckResult,
  type PageSettings,
  type ReportFormat,
} from "./engine";
import { applyFixIn, createEditor, offsetOf, relint } from "./editor";
import { decodeState, encodeState, type PageState } from "./permalink";
import { renderMarkdown } from "./markdown";
import type { ImageReply, ImageRequest } from "./image-worker";

const SAMPLE = `# A Dockerfile to try: edit it, the findings update as you type.
FROM alpine:3.22
RUN apk add --no-cache curl
COPY . /app
WORKDIR /app
USER 1000
CMD ["./run.sh"]
`;

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
};

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

const status = (msg: string): void => {
  $("status").textContent = msg;
};

let settings: PageSettings = { ...defaultSettings };
let tab: PageState["tab"] = "dockerfile";
let view: EditorView;
let last: { result: CheckResult | null; doc: Text } | null = null;

// ---------- checking ----------

function currentOptions() {
  return toOptions(settings);
}

function check(text: string): CheckResult | null {
  const { options, problems } = currentOptions();
  const err = $("settings-error");
  try {
    performance.mark("shipshape-check-start");
    const result = wasm.checkDockerfile(text, options);
    performance.measure("shipshape-check", "shipshape-check-start");
    const notes = [...problems];
    if (result.unknownSelectors.length > 0) notes.push(`No rule named: ${result.unknownSelectors.join(", ")}`);
    err.textContent = notes.join("\n");
    return result;
  } catch (e) {
    err.textContent = errorText(e);
    ($("settings-panel") as HTMLDetailsElement).open = true;
    return null;
  }
}

function showFindings(result: CheckResult | null, doc: Text): void {
  last = { result, doc };
  const list = $("findings");
  list.replaceChildren();
  if (!result) {
    list.append(el("li", { className: "empty" }, "Fix the settings to see findings."));
    return;
  }
  if (result.diagnostics.length === 0) {
    list.append(el("li", { className: "empty" }, "No findings."));
  }
  for (const d of result.diagnostics) list.append(findingItem(d, doc));
  $("findings-title").textContent = `Findings (${result.diagnostics.length})`;
  if (tab === "dockerfile") showChecklist(result.checklist.items);
}

/** A rule message with its `backticked` parts as inline code. */
function messageNodes(message: string): (Node | string)[] {
  const parts = message.split("`");
  // An unmatched backtick: the message as written.
  if (parts.length % 2 === 0) return [message];
  return parts.map((p, i) => (i % 2 === 1 ? el("code", {}, p) : p)).filter((p) => p !== "");
}

function findingItem(d: Diagnostic, doc: Text): HTMLLIElement {
  const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
  const go = el("button", { type: "button", className: "link-button", title: "Go to this line" }, where);
  go.addEventListener("click", () => {
    const from = offsetOf(view.state.doc, d.range.start);
    view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
    view.focus();
  });
  const code = el("button", { type: "button", className: "link-button", title: `Show the ${d.code} documentation` }, d.code);
  code.addEventListener("click", () => showDoc(d.code));
  const actions = el("span", { className: "actions" });
  if (d.fix) {
    const fix = d.fix;
    const b = el(
      "button",
      { type: "button", title: fix.applicability === "unsafe" ? "This fix changes behaviour" : "Apply this fix" },
      fix.applicability === "unsafe" ? `${fix.title} (unsafe)` : fix.title,
    );
    b.addEventListener("click", () => {
      if (applyFixIn(view, doc, fix)) status(`Applied: ${fix.title}`);
    });
    actions.append(b);
  }
  const li = el(
    "li",
    { className: `finding sev-row-${d.severity}` },
    el("span", { className: `sev sev-${d.severity}` }, d.severity),
    code,
    el("span", { className: "msg" }, ...messageNodes(d.message), " ", el("span", { className: "muted small" }, `(${d.name}, line `), go, el("span", { className: "muted small" }, ")")),
    actions,
  );
  li.dataset.code = d.code;
  return li;
}

/** Where a finding is: `line 3` for a Dockerfile, the image location for an image. */
const findingPlace = (f: ChecklistItem["findings"][number]): string =>
  f.line !== undefined ? `line ${f.line}` : (f.location ?? "");

/**
 * The checklist panel, straight from the core's report (shipshape_core::checklist):
 * one line per item with its verdict, the findings that fail it, why it cannot
 * be checked, and how to check by hand what the rules cannot.
 */
function showChecklist(items: ChecklistItem[]): void {
  const box = $("checklist");
  box.replaceChildren();
  const groups: [string, ChecklistItem["source"]][] = [
    ["Container security checklist", "checklist"],
    ["OWASP Docker Top 10", "owasp"],
  ];
  const marks = { passed: "✓", failed: "✗", "not-checkable": "–" } as const;
  const words = { passed: "passed", failed: "failed", "not-checkable": "not checkable from this input" } as const;
  for (const [title, source] of groups) {
    const ul = el("ul", { className: "checklist" });
    for (const it of items.filter((i) => i.source === source)) {
      const li = el(
        "li",
        { className: `st-${it.verdict}`, title: it.description },
        el("span", { className: "mark", ariaHidden: "true" }, marks[it.verdict]),
        el("span", {}, `${source === "owasp" ? `${it.id} ` : ""}${it.title} `, el("span", { className: "muted small" }, `(${words[it.verdict]})`)),
      );
      li.dataset.id = it.id;
      li.dataset.status = it.verdict;
      if (it.verdict === "failed") {
        const why = it.findings.map((f) => `${f.code} ${findingPlace(f)}: ${f.message}`.replace(/ :/, ":"));
        li.append(el("span", { className: "why findings-of-item" }, why.join("; ")));
      } else if (it.verdict === "passed") {
        li.append(el("span", { className: "why" }, `checked by ${it.rules.join(", ")}`));
      } else if (it.reason) {
        li.append(el("span", { className: "why" }, it.reason));
      }
      if (it.manual) li.append(el("span", { className: "why manual" }, it.manual));
      ul.append(li);
    }
    box.append(el("h3", {}, title), ul);
  }
}

function showDoc(code: string): void {
  const box = $("doc");
  try {
    box.replaceChildren(renderMarkdown(wasm.ruleDoc(code)));
  } catch (e) {
    box.replaceChildren(el("p", { className: "error" }, errorText(e)));
  }
  const panel = $("doc-panel");
  panel.scrollIntoView({ block: "nearest" });
  panel.focus();
}

function fixAll(): void {
  const text = view.state.doc.toString();
  try {
    const r = wasm.applyFixes(text, currentOptions().options, settings.unsafeFixes);
    if (r.brokeSyntax) {
      status("The fixes would have broken the Dockerfile's syntax; nothing was changed.");
      return;
    }
    if (r.applied.length === 0) {
      status("No fix to apply.");
      return;
    }
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: r.text }, userEvent: "input.fix" });
    status(`Applied ${r.applied.length} fix${r.applied.length === 1 ? "" : "es"}: ${r.applied.map((a) => a.code).join(", ")}`);
  } catch (e) {
    status(errorText(e));
  }
}

// ---------- permalink ----------

let saveTimer: number | undefined;
function scheduleSave(): void {
  clearTimeout(saveTimer);
  saveTimer = window.setTimeout(saveNow, 300);
}
let saveSeq = 0;
async function saveNow(): Promise<string> {
  clearTimeout(saveTimer);
  // Encoding is asynchronous: a save started earlier (with older text or
  // settings) must not overwrite the hash of a later one when it finishes last.
  const seq = ++saveSeq;
  const hash = await encodeState({ tab, dockerfile: view.state.doc.toString(), settings });
  if (seq === saveSeq) history.replaceState(null, "", hash);
  return new URL(hash, location.href).href;
}

// ---------- settings ----------

const fields: [keyof PageSettings, string][] = [
  ["select", "set-select"],
  ["extendSelect", "set-extend"],
  ["ignore", "set-ignore"],
  ["severity", "set-severity"],
  ["config", "set-config"],
  ["configKind", "set-config-kind"],
  ["dockerignore", "set-dockerignore"],
];

function fillSettings(): void {
  for (const [key, id] of fields) ($(id) as HTMLInputElement).value = String(settings[key]);
  ($("unsafe") as HTMLInputElement).checked = settings.unsafeFixes;
}

function bindSettings(): void {
  let timer: number | undefined;
  for (const [key, id] of fields) {
    $(id).addEventListener("input", (ev) => {
      const v = (ev.target as HTMLInputElement).value;
      settings = { ...settings, [key]: key === "configKind" ? (v === "hadolint" ? "hadolint" : "toml") : v };
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        relint(view);
        if (lastImageRequest) readImage(lastImageRequest);
      }, 150);
      scheduleSave();
    });
  }
  $("unsafe").addEventListener("change", (ev) => {
    settings = { ...settings, unsafeFixes: (ev.target as HTMLInputElement).checked };
    scheduleSave();
  });
}

// ---------- tabs, theme, export ----------

function selectTab(name: PageState["tab"], focus = false): void {
  tab = name;
  for (const t of ["dockerfile", "image"] as const) {
    const button = $(`tab-${t}`);
    button.setAttribute("aria-selected", String(t === name));
    button.tabIndex = t === name ? 0 : -1;
    $(`panel-${t}`).hidden = t !== name;
    if (t === name && focus) button.focus();
  }
  if (name === "dockerfile" && last) showChecklist(last.result?.checklist.items ?? []);
  if (name === "image") showImageChecklist();
  scheduleSave();
}

function bindTabs(): void {
  const order = ["dockerfile", "image"] as const;
  for (const t of order) {
    const b = $(`tab-${t}`);
    b.addEventListener("click", () => selectTab(t));
    b.addEventListener("keydown", (ev) => {
      const i = order.indexOf(t);
      if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
        const next = order[(i + (ev.key === "ArrowRight" ? 1 : order.length - 1)) % order.length]!;
        selectTab(next, true);
        ev.preventDefault();
      }
    });
  }
}

function applyTheme(theme: "light" | "dark" | null): void {
  const root = document.documentElement;
  if (theme) root.dataset.theme = theme;
  else delete root.dataset.theme;
  const dark = theme === "dark" || (theme === null && matchMedia("(prefers-color-scheme: dark)").matches);
  const b = $("theme");
  b.textContent = dark ? "Light theme" : "Dark theme";
  b.setAttribute("aria-pressed", String(dark));
}

function bindTheme(): void {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem("shipshape-theme");
  } catch {
    saved = null;
  }
  applyTheme(saved === "light" || saved === "dark" ? saved : null);
  $("theme").addEventListener("click", () => {
    const dark = document.documentElement.dataset.theme === "dark" ||
      (!document.documentElement.dataset.theme && matchMedia("(prefers-color-scheme: dark)").matches);
    const next = dark ? "light" : "dark";
    applyTheme(next);
    try {
      localStorage.setItem("shipshape-theme", next);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
  });
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function bindExport(): void {
  $("export").addEventListener("click", () => {
    const format = ($("export-format") as HTMLSelectElement).value as ReportFormat;
    const ext = { sarif: "sarif", json: "json", markdown: "md" } as Record<string, string>;
    const type = format === "markdown" ? "text/markdown" : "application/json";
    try {
      const text = wasm.render(format, view.state.doc.toString(), { ...currentOptions().options, fileName: "Dockerfile" });
      download(`shipshape.${ext[format] ?? "txt"}`, type, text);
      status(`Exported ${format}.`);
    } catch (e) {
      status(errorText(e));
    }
  });
  $("share").addEventListener("click", async () => {
    const url = await saveNow();
    try {
      await navigator.clipboard.writeText(url);
      status("Link copied: it holds the Dockerfile and the settings.");
    } catch {
      status("The address bar now holds the link (copying was not allowed).");
    }
  });
  $("fix-all").addEventListener("click", fixAll);
}

// ---------- image tab ----------

let worker: Worker | null = null;
let imageResult: ImageCheckResult | null = null;
let lastImageRequest: ImageRequest | null = null;

function imageWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL("./image-worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (ev: MessageEvent<ImageReply>) => {
      const m = ev.data;
      const progress = $("image-progress") as HTMLProgressElement;
      if (m.kind === "ready") {
        document.body.dataset.imageReady = "true";
      } else if (m.kind === "progress") {
        progress.hidden = false;
        progress.max = m.total || 1;
        progress.value = m.done;
        $("image-status").textContent = `Reading… ${mib(m.done)} of ${mib(m.total)}`;
      } else if (m.kind === "result") {
        progress.hidden = true;
        imageResult = m.result;
        const n = m.result.diagnostics.length;
        $("image-status").textContent = `Read and checked in ${m.ms.toFixed(0)} ms: ${n} finding${n === 1 ? "" : "s"}.`;
        showImageFindings(m.result);
        showFacts(m.result.facts);
        showImageChecklist();
      } else {
        progress.hidden = true;
        $("image-status").textContent = `Could not read the image: ${m.message}`;
        imageResult = null;
        $("image-facts").replaceChildren();
        $("image-findings").replaceChildren();
        showImageChecklist();
      }
    };
  }
  return worker;
}

const mib = (n: number): string => (n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

type ImageSource = { kind: "text"; text: string } | { kind: "file"; file: File };

function readImage(source: ImageSource): void {
  $("image-status").textContent = "Reading…";
  const options = currentOptions().options;
  const req: ImageRequest = source.kind === "text" ? { ...source, options } : { ...source, options };
  lastImageRequest = req;
  imageWorker().postMessage(req);
}

function showImageChecklist(): void {
  if (imageResult) {
    showChecklist(imageResult.checklist.items);
    return;
  }
  // Nothing read yet: every item waits for an image.
  const waiting = (report: ChecklistReport | undefined): ChecklistItem[] =>
    (report?.items ?? []).map((i) => ({
      ...i,
      verdict: "not-checkable",
      rules: [],
      findings: [],
      reason: "no image read yet",
    }));
  showChecklist(waiting(last?.result?.checklist));
}

function showImageFindings(r: ImageCheckResult): void {
  const list = $("image-findings");
  list.replaceChildren();
  $("image-findings-title").textContent = `Image findings (${r.diagnostics.length})`;
  if (r.diagnostics.length === 0) list.append(el("li", { className: "empty" }, "No findings."));
  for (const d of r.diagnostics) {
    const code = el("button", { type: "button", className: "link-button", title: `Show the ${d.code} documentation` }, d.code);
    code.addEventListener("click", () => showDoc(d.code));
    const li = el(
      "li",
      {},
      el("span", { className: `sev sev-${d.severity}` }, d.severity),
      code,
      el("span", { className: "msg" }, ...messageNodes(d.message), " ", el("span", { className: "muted small" }, `(${d.name}${d.location ? `, ${d.location}` : ""})`)),
      el("span", {}),
    );
    li.dataset.code = d.code;
    list.append(li);
  }
}

function showFacts(f: ImageFacts): void {
  const rows: [string, string][] = [
    ["Source", f.source ?? "?"],
    ["Tags", f.repoTags.join(", ") || "none"],
    ["Platform", f.platform ?? "?"],
    ["OS", f.os ?? "unknown"],
    ["User", f.config.user ? f.config.user : "not set (root)"],
    ["Exposed ports", f.config.exposedPorts.join(", ") || "none"],
    ["Healthcheck", f.config.healthcheck ? f.config.healthcheck.join(" ") : "none"],
    ["Entrypoint", f.config.entrypoint?.join(" ") ?? "none"],
    ["Cmd", f.config.cmd?.join(" ") ?? "none"],
    ["Environment", f.config.env.map(([k]) => k).join(", ") || "none"],
    ["Layers", `${f.layers.length} (${f.fileCount} files)`],
    ["setuid/setgid files", f.setuidFiles.join(", ") || "none"],
    ["Efficiency", `${(f.efficiencyScore * 100).toFixed(1)} % (${f.wastedBytes} bytes wasted)`],
  ];
  const table = el("table", { className: "facts-table" });
  for (const [k, v] of rows) table.append(el("tr", {}, el("th", { scope: "row" }, k), el("td", {}, v)));
  const history = el("ol", {});
  for (const h of f.history) {
    history.append(el("li", {}, el("code", {}, h.createdBy), h.inBaseImage ? el("span", { className: "muted small" }, " (base image)") : ""));
  }
  const notes = el("ul", {});
  for (const n of f.notes) notes.append(el("li", {}, `${n.kind}: ${n.message}`));
  const box = $("image-facts");
  box.className = "facts";
  box.replaceChildren(el("h3", {}, "Facts"), table, el("h3", {}, "History"), history);
  if (f.notes.length > 0) box.append(el("h3", {}, "Notes"), notes);
}

function bindImage(): void {
  $("image-read-json").addEventListener("click", () => readImage({ kind: "text", text: ($("image-json") as HTMLTextAreaElement).value }));
  const input = $("image-file") as HTMLInputElement;
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) readImage({ kind: "file", file });
    input.value = "";
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    drop.classList.remove("over");
    const file = ev.dataTransfer?.files[0];
    if (file) readImage({ kind: "file", file });
  });
  drop.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") {
      input.click();
      ev.preventDefault();
    }
  });
}

// ---------- start ----------

function listRules(): void {
  const ul = $("rules");
  for (const r of wasm.rules()) {
    const b = el("button", { type: "button", className: "link-button" }, r.code);
    b.addEventListener("click", () => showDoc(r.code));
    ul.append(el("li", {}, b, ` ${r.name}: ${r.summary}${r.defaultEnabled ? "" : " (off by default)"}`));
  }
}

async function start(): Promise<void> {
  bindTheme();
  // The image worker loads its bundle now, alongside the Dockerfile bundle,
  // so the image tab works offline once the page has loaded.
  imageWorker();
  await load();
  $("version").textContent = wasm.version();
  const restored = await decodeState(location.hash);
  if (restored) settings = restored.settings;
  fillSettings();
  view = createEditor($("editor"), restored ? restored.dockerfile : SAMPLE, {
    check,
    checked: showFindings,
    changed: scheduleSave,
    fixAll,
  });
  bindSettings();
  bindTabs();
  bindExport();
  bindImage();
  listRules();
  selectTab(restored?.tab ?? "dockerfile");
  document.body.dataset.ready = "true";
}

start().catch((e: unknown) => status(`The checker could not start: ${errorText(e)}`));
