//! SS701 workdir-system-dir (Trivy DS-0030): `WORKDIR` points into a
//! kernel or boot directory such as `/proc`, `/dev` or `/boot`.

use super::structure_support::{chain, judgeable};
use super::workdir_relative::is_absolute;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS701",
        name: "workdir-system-dir",
        summary: "WORKDIR points into a kernel or boot directory",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[Owasp::D04, Owasp::D05],
        equivalents: &[Equivalent::similar(Tool::Trivy, "DS-0030")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`/proc`, `/sys` and `/dev` are filled by the container runtime from the host's \
kernel, and `/boot`, `/initrd` and `/lost+found` belong to a host's boot and file-system \
tooling. A working directory there makes every relative path of `RUN`, `COPY` and the \
running process point into these trees: writes fail, or worse, reach kernel interfaces \
(`/proc/sys`, `/dev`) when the container runs with more privileges than it should. Use a \
directory of your own, such as `/app` or `/srv/app`.\n\n\
The path is judged as BuildKit sets it: variables expanded, relative `WORKDIR`s joined to the \
stage's earlier one, `.` and `..` resolved. The directories themselves count as well as \
paths below them.\n\n\
Trivy DS-0030 compares the path as written with the prefixes `/proc/`, `/boot/`, `/dev/`, \
`/initrd/` and `/lost+found/`, so it misses `WORKDIR /proc` itself and paths reached by a \
variable or a relative `WORKDIR`; shipshape also covers `/sys`.",
        bad: "FROM alpine:3.20\nWORKDIR /proc/app\nRUN touch data\n",
        good: "FROM alpine:3.20\nWORKDIR /srv/app\nRUN touch data\n",
    },
    check,
};

const SYSTEM_DIRS: [&str; 6] = ["proc", "sys", "dev", "boot", "initrd", "lost+found"];

/// `path` made absolute against `base` and cleaned (`.`, `..`, `//`).
fn resolve(base: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{base}/{path}")
    };
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let stages = &cx.model.stages;
    for stage in stages {
        // The directory this stage starts in, when the file sets it.
        let mut dir: Option<String> = None;
        for parent in chain(stages, stage.index).iter().skip(1).rev() {
            for (idx, ins) in parent
                .instructions
                .clone()
                .zip(cx.model.stage_instructions(parent))
            {
                if ins.keyword == Keyword::Workdir {
                    dir = next_dir(cx, idx, &ins.text.text, dir.as_deref());
                }
            }
        }
        for (idx, ins) in stage
            .instructions
            .clone()
            .zip(cx.model.stage_instructions(stage))
        {
            if ins.keyword != Keyword::Workdir {
                continue;
            }
            dir = next_dir(cx, idx, &ins.text.text, dir.as_deref());
            let Some(d) = &dir else { continue };
            let first = d.trim_start_matches('/').split('/').next().unwrap_or("");
            if SYSTEM_DIRS.contains(&first) {
                out.report(
                    ins.text.source_span(),
                    format!("WORKDIR `{d}` is inside the system directory `/{first}`"),
                );
            }
        }
    }
}

/// The working directory after `WORKDIR raw`, when it can be known.
fn next_dir(cx: &Context<'_>, idx: usize, raw: &str, dir: Option<&str>) -> Option<String> {
    let e = cx.model.expand_at(idx, raw);
    if !judgeable(cx, idx, &e) || e.text.is_empty() || e.text.contains('\\') {
        return None;
    }
    if is_absolute(&e.text) && !e.text.starts_with('/') {
        return None;
    }
    if e.text.starts_with('/') {
        return Some(resolve("/", &e.text));
    }
    dir.map(|d| resolve(d, &e.text))
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS701";

    #[test]
    fn system_directories_are_reported() {
        let src = "FROM alpine:3.20\nWORKDIR /proc\nWORKDIR /dev/shm/x\nWORKDIR /boot/\nWORKDIR /lost+found\nWORKDIR /sys/fs\nWORKDIR /initrd\n";
        assert_eq!(lines(CODE, src), [2, 3, 4, 5, 6, 7]);
        assert_eq!(
            run(CODE, src)[1].message,
            "WORKDIR `/dev/shm/x` is inside the system directory `/dev`"
        );
    }

    #[test]
    fn paths_are_resolved_as_buildkit_does() {
        let src = "FROM alpine:3.20\nWORKDIR /\nWORKDIR proc\n";
        assert_eq!(texts(CODE, src), ["proc"]);
        let src = "FROM alpine:3.20\nARG D=/dev\nWORKDIR $D/x\n";
        assert_eq!(lines(CODE, src), [3]);
        let src = "FROM alpine:3.20 AS base\nWORKDIR /boot\nFROM base\nWORKDIR grub\n";
        assert_eq!(lines(CODE, src), [2, 4]);
        assert_eq!(lines(CODE, "FROM alpine:3.20\nWORKDIR /app/../proc\n"), [2]);
    }

    #[test]
    fn near_misses() {
        for src in [
            "FROM alpine:3.20\nWORKDIR /app/proc\n",
            "FROM alpine:3.20\nWORKDIR /procedures\n",
            "FROM alpine:3.20\nWORKDIR /device\n",
            "FROM alpine:3.20\nWORKDIR /proc/../app\n",
            "FROM alpine:3.20\nWORKDIR proc\n",
            "FROM alpine:3.20\nWORKDIR $HOME/proc\n",
            "FROM alpine:3.20\nARG TARGETARCH\nWORKDIR /$TARGETARCH\n",
            "FROM alpine:3.20\nRUN mkdir /proc/x\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn resolves_paths() {
        assert_eq!(resolve("/", "/a//b/./c/.."), "/a/b");
        assert_eq!(resolve("/app", "x"), "/app/x");
        assert_eq!(resolve("/app", "../.."), "/");
    }
}
