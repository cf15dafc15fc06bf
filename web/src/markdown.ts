// A small Markdown-to-DOM renderer for rule pages: headings, paragraphs,
// fenced code, tables, lists, inline code, bold and links. It builds nodes
// with textContent only, so rule text can never inject markup.

function inline(parent: HTMLElement, text: string): void {
  const re = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\[[^\]]+\]\([^)\s]+\))/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    const i = m.index ?? 0;
    if (i > at) parent.append(text.slice(at, i));
    const tok = m[0];
    if (tok.startsWith("`")) {
      const c = document.createElement("code");
      c.textContent = tok.slice(1, -1);
      parent.append(c);
    } else if (tok.startsWith("**")) {
      const b = document.createElement("strong");
      b.textContent = tok.slice(2, -2);
      parent.append(b);
    } else {
      const close = tok.indexOf("](");
      const a = document.createElement("a");
      a.textContent = tok.slice(1, close);
      const href = tok.slice(close + 2, -1);
      if (/^https:\/\//.test(href)) {
        a.href = href;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
      }
      parent.append(a);
    }
    at = i + tok.length;
  }
  if (at < text.length) parent.append(text.slice(at));
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, "|"));
}

export function renderMarkdown(md: string): DocumentFragment {
  const out = document.createDocumentFragment();
  const lines = md.replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === "") {
      i++;
      continue;
    }
    const fence = /^```(\w*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.startsWith("```")) body.push(lines[i++]!);
      i++;
      const pre = document.createElement("pre");
      const code = document.createElement("code");
      code.textContent = body.join("\n");
      pre.append(code);
      out.append(pre);
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      // Rule pages start at h1; inside the page they sit under an h2.
      const el = document.createElement(`h${Math.min(6, h[1]!.length + 2)}`);
      inline(el, h[2]!);
      out.append(el);
      i++;
      continue;
    }
    if (line.startsWith("|")) {
      const rows: string[][] = [];
      while (i < lines.length && lines[i]!.startsWith("|")) {
        const r = cells(lines[i++]!);
        if (!r.every((c) => /^-*$/.test(c))) rows.push(r);
      }
      const table = document.createElement("table");
      for (const r of rows) {
        if (r.every((c) => c === "")) continue;
        const tr = document.createElement("tr");
        for (const c of r) {
          const td = document.createElement("td");
          inline(td, c);
          tr.append(td);
        }
        table.append(tr);
      }
      out.append(table);
      continue;
    }
    if (/^[-*]\s/.test(line)) {
      const ul = document.createElement("ul");
      while (i < lines.length && /^[-*]\s/.test(lines[i]!)) {
        const li = document.createElement("li");
        inline(li, lines[i++]!.replace(/^[-*]\s+/, ""));
        ul.append(li);
      }
      out.append(ul);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== "" && !/^(```|#|\||[-*]\s)/.test(lines[i]!)) {
      para.push(lines[i++]!);
    }
    const p = document.createElement("p");
    inline(p, para.join(" "));
    out.append(p);
  }
  return out;
}
