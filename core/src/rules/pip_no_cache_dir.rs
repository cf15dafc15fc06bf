//! SS508 pip-no-cache-dir (hadolint DL3042): `pip install` without
//! `--no-cache-dir`.

use super::packages_support::{
    cache_mount_targets, has_cache_mount, invocations, is_truthy, Invocation, Manager,
};
use super::RuleDef;
use crate::diagnostic::{Fix, Severity};
use crate::engine::{Context, Sink};
use crate::model::Lookup;
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS508",
        name: "pip-no-cache-dir",
        summary: "A pip install keeps its download cache in the image",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::ManageLayers],
        owasp: &[Owasp::D09],
        equivalents: &[Equivalent::same(Tool::Hadolint, "DL3042")],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "pip keeps every wheel and source archive it downloads under `~/.cache/pip`. In an \
image that cache is dead weight (often as big as the installed packages) that no later build \
reuses. Use `pip install --no-cache-dir`, set `ENV PIP_NO_CACHE_DIR=1` once for the stage, or \
with BuildKit mount the cache (`RUN --mount=type=cache,target=/root/.cache/pip pip install …`) \
to keep it between builds but out of the image.\n\n\
Not reported: `--no-cache-dir`; `PIP_NO_CACHE_DIR` set to a true value (`1`, `true`, `on`, \
`yes`) by `ENV` or `ARG` in the stage or a stage it builds on, or on the RUN's command line; a \
cache or tmpfs mount on a `.cache/pip` (or `.cache`) directory; `pipx` and `pipenv`, which \
manage their own environments.\n\n\
The fix inserts `--no-cache-dir` after `install`; the packages installed are the same.\n\n\
Same inputs as hadolint DL3042 (`pip`, `pip3`, `pip3.12`, `python3 -m pip`), reported once per \
`pip install` rather than once per RUN, and also through `sudo`, `env` or `sh -c \"…\"`.",
        bad: "FROM python:3.12-slim\nRUN pip install flask==3.0.3\n",
        good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        if inv.manager != Manager::Pip || !inv.is_sub(&["install"]) {
            continue;
        }
        if inv.has_arg("--no-cache-dir") || cache_disabled(cx, &inv) {
            continue;
        }
        let fix = inv
            .insert_after_sub(cx.src, "--no-cache-dir")
            .map(|e| Fix::safe("Add `--no-cache-dir`", vec![e]));
        let span = inv.command_span();
        let written = span.text(cx.src);
        let shown = if written.contains('\n') || written.len() > 40 {
            "pip install"
        } else {
            written
        };
        out.report(
            span,
            format!("`{shown}` without `--no-cache-dir` keeps pip's download cache in the image"),
        )
        .fix(fix);
    }
}

/// `PIP_NO_CACHE_DIR` in force, or the cache directory is a mount.
fn cache_disabled(cx: &Context<'_>, inv: &Invocation<'_>) -> bool {
    let ins = inv.run.instruction;
    let mounted = cache_mount_targets(ins).iter().any(|t| {
        let t = t.trim_end_matches('/');
        t.ends_with(".cache/pip") || t.ends_with("/.cache") || t == ".cache"
    });
    if mounted || has_cache_mount(ins, "/root/.cache/pip") {
        return true;
    }
    if let Lookup::Set(v) = cx.model.lookup(inv.run.index, "PIP_NO_CACHE_DIR") {
        if is_truthy(&v) {
            return true;
        }
    }
    // `PIP_NO_CACHE_DIR=1 pip install …`, `export PIP_NO_CACHE_DIR=1; …`.
    inv.run.commands().any(|c| {
        c.assignments.iter().chain(c.args.iter()).any(|w| {
            w.text
                .strip_prefix("PIP_NO_CACHE_DIR=")
                .is_some_and(is_truthy)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const C: &str = "SS508";

    #[test]
    fn pip_install_without_no_cache_dir_is_reported() {
        let src = "FROM python:3.12\nRUN pip install flask==3.0.3\n";
        assert_eq!(texts(C, src), ["pip install"]);
        assert_eq!(
            run(C, src)[0].message,
            "`pip install` without `--no-cache-dir` keeps pip's download cache in the image"
        );
        assert_eq!(
            texts(
                C,
                "FROM python:3.12\nRUN pip3 install -r requirements.txt\n"
            ),
            ["pip3 install"]
        );
        assert_eq!(
            texts(
                C,
                "FROM python:3.12\nRUN python3 -m pip install --upgrade pip==24.2\n"
            ),
            ["python3 -m pip install"]
        );
        assert_eq!(
            texts(
                C,
                "FROM python:3.12\nRUN /usr/local/bin/pip3.12 install flask==3\n"
            ),
            ["/usr/local/bin/pip3.12 install"]
        );
        let src = "FROM python:3.12\nRUN set -eux; \\\n    pip install \\\n        flask==3\n";
        assert_eq!(lines(C, src), [3]);
        assert_eq!(
            lines(C, "FROM python:3.12\nRUN sudo -H pip install flask==3\n"),
            [2]
        );
        assert_eq!(
            lines(
                C,
                "FROM python:3.12\nRUN <<EOF\npip install flask==3\nEOF\n"
            ),
            [3]
        );
        assert_eq!(
            lines(C, "FROM python:3.12\nRUN sh -c \"pip install flask==3\"\n"),
            [2]
        );
        // A false value does not disable the cache.
        assert_eq!(
            lines(
                C,
                "FROM python:3.12\nENV PIP_NO_CACHE_DIR=0\nRUN pip install flask==3\n"
            ),
            [3]
        );
    }

    #[test]
    fn disabled_caches_and_other_tools_are_clean() {
        for src in [
            "FROM python:3.12\nRUN pip install --no-cache-dir flask==3\n",
            "FROM python:3.12\nRUN pip install flask==3 --no-cache-dir\n",
            "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3\n",
            "FROM python:3.12\nARG PIP_NO_CACHE_DIR=true\nRUN pip install flask==3\n",
            "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=on\nFROM base\nRUN pip install flask==3\n",
            "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install flask==3\n",
            "FROM python:3.12\nRUN export PIP_NO_CACHE_DIR=yes && pip install flask==3\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask==3\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/home/app/.cache pip install flask==3\n",
            "FROM python:3.12\nRUN pipx install black==24.8.0 && pipenv install\n",
            "FROM python:3.12\nRUN pip download flask==3 && pip freeze\n",
            "FROM python:3.12\nRUN python3 -m venv /venv\n",
            "FROM python:3.12\nRUN uv pip install flask==3\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_inserts_the_flag() {
        assert_eq!(
            fixed(
                C,
                "FROM python:3.12\nRUN python3 -m pip install \\\n    flask==3\n",
                false
            ),
            "FROM python:3.12\nRUN python3 -m pip install --no-cache-dir \\\n    flask==3\n"
        );
    }
}
