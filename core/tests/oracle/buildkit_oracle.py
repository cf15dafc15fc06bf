#!/usr/bin/env python3
"""Dump BuildKit's own parse of the parser corpus to JSON (the test oracle).

BuildKit's parser is reached through the PyPI package `dockerfile`
(https://pypi.org/project/dockerfile/), which wraps the Go package
github.com/moby/buildkit/frontend/dockerfile/parser (dockerfile 3.4.0 ships
BuildKit v0.12.5).

    pip install dockerfile==3.4.0
    python3 core/tests/oracle/buildkit_oracle.py              # print JSON
    python3 core/tests/oracle/buildkit_oracle.py --regenerate # rewrite snapshot

The snapshot (core/tests/data/parser/buildkit_oracle.json) is read by
core/tests/parser_oracle.rs, so the Rust test needs no Python. Regenerate it
after adding files to core/tests/data/parser/corpus/.

For each file it records either the commands BuildKit produced (keyword as
written, ONBUILD trigger, JSON flag, 1-based start/end lines, flags as
strings, argument values, heredoc names and bodies) or the error message when
BuildKit rejects the file at parse time.
"""
import json
import os
import sys

import dockerfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "data", "parser", "corpus")
SNAPSHOT = os.path.join(HERE, "..", "data", "parser", "buildkit_oracle.json")


def dump_file(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    try:
        commands = dockerfile.parse_string(text)
    except dockerfile.GoParseError as e:
        return {"ok": False, "error": str(e), "commands": []}
    out = []
    for c in commands:
        out.append(
            {
                "cmd": c.cmd,
                "sub_cmd": c.sub_cmd,
                "json": c.json,
                "start_line": c.start_line,
                "end_line": c.end_line,
                "flags": list(c.flags),
                "value": list(c.value),
                "heredocs": [{"name": h.name, "content": h.content} for h in c.heredocs],
            }
        )
    return {"ok": True, "error": None, "commands": out}


def main():
    names = sorted(n for n in os.listdir(CORPUS) if not n.startswith("."))
    result = {
        "generator": "core/tests/oracle/buildkit_oracle.py",
        "buildkit": "dockerfile " + getattr(dockerfile, "__version__", "3.4.0") + " (BuildKit v0.12.5)",
        "files": {n: dump_file(os.path.join(CORPUS, n)) for n in names},
    }
    text = json.dumps(result, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if "--regenerate" in sys.argv[1:]:
        with open(SNAPSHOT, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {SNAPSHOT} ({len(names)} files)", file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
