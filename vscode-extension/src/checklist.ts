// The container security checklist report the server returns for the
// `shipshape.checklist` command (shipshape_core::checklist), and its Markdown
// rendering. Free of the vscode API so it is tested under node.

export type ChecklistVerdict = "passed" | "failed" | "not-checkable";

export interface ChecklistFinding {
  code: string;
  name: string;
  severity: "error" | "warning" | "info" | "hint";
  message: string;
  /** 1-based (Dockerfile findings). */
  line?: number;
  /** 1-based, in Unicode characters. */
  column?: number;
  /** Where in the image (image findings). */
  location?: string;
}

export interface ChecklistItem {
  source: "checklist" | "owasp";
  id: string;
  title: string;
  description: string;
  verdict: ChecklistVerdict;
  rules: string[];
  findings: ChecklistFinding[];
  reason?: string;
  manual?: string;
}

export interface ChecklistReport {
  input: "dockerfile" | "image";
  items: ChecklistItem[];
  summary: { passed: number; failed: number; notCheckable: number };
}

/** The server command that returns a report for an open document's URI. */
export const CHECKLIST_COMMAND = "shipshape.checklist";

const MARKS: Record<ChecklistVerdict, string> = { passed: "✓", failed: "✗", "not-checkable": "–" };
const WORDS: Record<ChecklistVerdict, string> = {
  passed: "passed",
  failed: "failed",
  "not-checkable": "not checkable",
};

/** Text shown as Markdown without turning into HTML or links by accident. */
function escape(text: string): string {
  return text.replace(/[\\<>[\]*_]/g, (c) => `\\${c}`);
}

/** Whether a value has the shape of a report (the server's reply is untyped JSON). */
export function isChecklistReport(value: unknown): value is ChecklistReport {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<ChecklistReport>;
  return (
    (v.input === "dockerfile" || v.input === "image") &&
    Array.isArray(v.items) &&
    typeof v.summary === "object" &&
    v.summary !== null
  );
}

/** The report as a Markdown document, titled after `name` (the file). */
export function checklistMarkdown(report: ChecklistReport, name: string): string {
  const s = report.summary;
  const out: string[] = [
    `# Container security checklist: ${escape(name)}`,
    "",
    `${s.passed} passed, ${s.failed} failed, ${s.notCheckable} not checkable from this ${report.input === "image" ? "image" : "Dockerfile"}.`,
  ];
  const groups: [string, ChecklistItem["source"]][] = [
    ["Container security checklist", "checklist"],
    ["OWASP Docker Top 10", "owasp"],
  ];
  for (const [title, source] of groups) {
    out.push("", `## ${title}`, "");
    for (const it of report.items.filter((i) => i.source === source)) {
      out.push(`- ${MARKS[it.verdict]} **${escape(it.id)}** ${escape(it.title)} (${WORDS[it.verdict]})`);
      if (it.verdict === "failed") {
        for (const f of it.findings) {
          const at =
            f.line !== undefined ? ` line ${f.line}${f.column !== undefined ? `:${f.column}` : ""}` : f.location ? ` at ${escape(f.location)}` : "";
          out.push(`  - \`${f.code}\`${at}: ${escape(f.message)}`);
        }
      } else if (it.verdict === "passed") {
        out.push(`  - checked by ${it.rules.map((r) => `\`${r}\``).join(", ")}`);
      } else if (it.reason) {
        out.push(`  - ${escape(it.reason)}`);
      }
      if (it.manual) out.push(`  - _${escape(it.manual)}_`);
    }
  }
  out.push("");
  return out.join("\n");
}
