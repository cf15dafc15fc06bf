//! SS842 copy-then-extract (hadolint DL3010): a local archive is copied in
//! with COPY and unpacked by a later RUN, where `ADD` unpacks it without
//! keeping the archive in a layer.

use super::privilege_support::word_span;
use super::supply_support::is_archive;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::shell::CommandView;
use crate::syntax::{Keyword, Span};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS842",
        name: "copy-then-extract",
        summary: "A local archive is copied with COPY and unpacked in a later RUN",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[Checklist::ManageLayers],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3010")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`COPY app.tar.gz /tmp/` followed by `RUN tar -xzf /tmp/app.tar.gz` stores the \
archive in one layer and its contents in another: the image carries the archive for good, even \
if a later step deletes it. `ADD app.tar.gz /opt/app/` unpacks a local tar archive in a single \
layer. This is the one case where `ADD` is the better instruction for local files.\n\n\
**What is reported.** A `COPY` (without `--from`) of a file named like an archive (`.tar`, \
`.tar.gz`/`.tgz`, `.bz2`, `.xz`, `.lz`, `.lzma`, `.Z`, `.zst` and the short forms), or to a \
destination named like one, when a later RUN of the same stage runs `tar` with `-x`/`--extract`/\
`--get` (or the old `tar xzf` form) or `unzip`, `gunzip`, `bunzip2`, `unlzma`, `unxz`, `zgz`, \
`uncompress`, `zcat`, `gzcat` on a file with that name. Zip files are not included: `ADD` does \
not unpack them. There is no automatic fix, because `ADD` unpacks into the destination \
directory, which may not be where the RUN extracted to.\n\n\
**How this differs from hadolint DL3010.** The same pairing of copied archive and extracting \
command. shipshape also knows `.zst` archives (BuildKit unpacks zstd), matches extensions in \
any letter case, recognises `tar xf` without a dash, sees commands behind wrappers and inside \
`sh -c` strings, and expands variables in COPY paths.",
        bad: "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n",
        good: "FROM debian:12\nADD app.tar.gz /opt/\n",
    },
    check,
};

const UNPACKERS: &[&str] = &[
    "unzip",
    "gunzip",
    "bunzip2",
    "unlzma",
    "unxz",
    "zgz",
    "uncompress",
    "zcat",
    "gzcat",
];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for (index, ins) in cx.model.instructions().iter().enumerate() {
        if ins.keyword != Keyword::Copy || ins.flag("from").is_some() {
            continue;
        }
        let Some(stage) = cx.model.stage_of(index) else {
            continue;
        };
        let Some((dest, sources)) = ins.args.split_last() else {
            continue;
        };
        let resolve = |w: &crate::syntax::Word| {
            let e = cx.model.expand_at(index, &w.text);
            (e.is_exact() && e.unresolved.is_empty()).then_some(e.text)
        };
        // The archive's name in the image: the destination's when it names
        // an archive, else each archive source's.
        let mut archives: Vec<(String, Span)> = Vec::new();
        match resolve(dest) {
            Some(d) if is_archive(&d) => archives.push((basename(&d).to_string(), dest.span)),
            _ => {
                for s in sources {
                    if ins.heredocs.iter().any(|h| h.span == s.span) {
                        continue;
                    }
                    if let Some(t) = resolve(s).filter(|t| is_archive(t)) {
                        archives.push((basename(&t).to_string(), s.span));
                    }
                }
            }
        }
        for (name, span) in archives {
            if let Some(at) = extraction(cx, stage, index, &name) {
                out.report(
                    span,
                    format!(
                        "`{name}` is copied here and unpacked later: `ADD` unpacks it in one layer"
                    ),
                )
                .related(at, "unpacked here");
            }
        }
    }
}

/// The first command of a later top-level RUN of `stage` that unpacks a file named `name`.
fn extraction(cx: &Context<'_>, stage: usize, after: usize, name: &str) -> Option<Span> {
    for run in cx
        .runs
        .iter()
        .filter(|r| r.stage == Some(stage) && r.index > after)
    {
        let top = cx.model.instruction(run.index)?;
        if !std::ptr::eq(top, run.instruction) {
            continue; // ONBUILD RUN: a later build.
        }
        for c in run.commands() {
            let Some(v) = c.effective() else { continue };
            if !unpacks(&v) {
                continue;
            }
            if v.args
                .iter()
                .any(|a| basename(&a.text) == name && !a.is_flag())
            {
                return Some(word_span(run, c, v.name));
            }
        }
    }
    None
}

fn unpacks(v: &CommandView<'_>) -> bool {
    if UNPACKERS.contains(&v.basename()) {
        return true;
    }
    if !v.is("tar") {
        return false;
    }
    let old_style = v.args.first().is_some_and(|a| {
        !a.text.starts_with('-')
            && a.text.contains('x')
            && a.text.bytes().all(|b| b.is_ascii_alphabetic())
    });
    old_style
        || v.args.iter().any(|a| {
            let t = a.text.as_str();
            t == "--extract"
                || t == "--get"
                || (t.starts_with('-') && !t.starts_with("--") && t.contains('x'))
        })
}

fn basename(s: &str) -> &str {
    s.rsplit(['/', '\\']).next().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS842";

    #[test]
    fn copied_archive_unpacked_later() {
        let src = "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n";
        assert_eq!(texts(CODE, src), vec!["app.tar.gz"]);
        let found = run(CODE, src);
        assert_eq!(found[0].related[0].span.text(src), "tar");
        let src = "FROM debian:12\nCOPY dist/app.tgz ./\nRUN tar --extract -f app.tgz\n";
        assert_eq!(texts(CODE, src), vec!["dist/app.tgz"]);
        let src = "FROM debian:12\nCOPY data.xz /d/\nRUN unxz /d/data.xz\n";
        assert_eq!(lines(CODE, src), vec![2]);
        let src = "FROM debian:12\nCOPY a.bin /tmp/b.tar\nRUN cd /tmp && tar xf b.tar\n";
        assert_eq!(texts(CODE, src), vec!["/tmp/b.tar"]);
        let src = "FROM debian:12\nARG V=1.2\nCOPY app-${V}.tar.gz /tmp/\nRUN apt-get update && \\\n    sudo tar -xzf /tmp/app-1.2.tar.gz\n";
        assert_eq!(texts(CODE, src), vec!["app-${V}.tar.gz"]);
        let src = "FROM debian:12\nCOPY x.tar /\nRUN <<EOF\nset -e\ntar -xf /x.tar\nEOF\n";
        assert_eq!(lines(CODE, src), vec![2]);
    }

    #[test]
    fn near_misses() {
        // Not extracted, or another file extracted.
        let clean = [
            "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN ls /tmp\n",
            "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -czf other.tar.gz /tmp\n",
            "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf other.tar.gz\n",
            // A zip: ADD would not unpack it.
            "FROM debian:12\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip\n",
            // From another stage or image.
            "FROM debian:12 AS b\nRUN true\nFROM debian:12\nCOPY --from=b /app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz\n",
            // Extracted in another stage.
            "FROM debian:12\nCOPY app.tar.gz /tmp/\nFROM debian:12\nRUN tar -xzf /tmp/app.tar.gz\n",
            // Extracted before it is copied.
            "FROM debian:12\nRUN tar -xzf /tmp/app.tar.gz || true\nCOPY app.tar.gz /tmp/\n",
            // Already ADD.
            "FROM debian:12\nADD app.tar.gz /opt/\n",
            // An ONBUILD RUN runs in another build.
            "FROM debian:12\nCOPY app.tar.gz /tmp/\nONBUILD RUN tar -xzf /tmp/app.tar.gz\n",
        ];
        for src in clean {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
