//! SS402 add-instead-of-copy (hadolint DL3020, Trivy DS-0005, Checkov
//! CKV_DOCKER_4, Dockle CIS-DI-0009): `ADD` of local files, where `COPY`
//! says what is meant.

use super::supply_support::{adds, is_archive, is_git_source, is_http_url, Add};
use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS402",
        name: "add-instead-of-copy",
        summary: "ADD copies only local files, which COPY does without ADD's extra behaviour",
        severity: Severity::Warning,
        category: Category::SupplyChain,
        target: Target::Dockerfile,
        checklist: &[Checklist::CopyNotAdd],
        owasp: &[Owasp::D08],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3020"),
            Equivalent::similar(Tool::Trivy, "DS-0005"),
            Equivalent::similar(Tool::Checkov, "CKV_DOCKER_4"),
            Equivalent::similar(Tool::Dockle, "CIS-DI-0009"),
        ],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "`ADD` does more than copy: it fetches URLs, clones git repositories and unpacks \
local tar archives, deciding by the file's content. For plain local files and directories \
`COPY` does the same job and says exactly that, so a reader (and a reviewer of a later change \
that drops in an archive) is not surprised. Use `ADD` only for what needs it (a checksummed \
download, a git source, an archive to unpack) and `COPY` for everything else.\n\n\
**What is reported.** An `ADD` whose sources are all local: not an `http(s)://` URL, not a \
git source (`git@…`, `git://…`, `ssh://…`, a URL ending in `.git`), and not a file named like \
an archive ADD unpacks (`.tar`, `.tar.gz`/`.tgz`, `.bz2`/`.tbz2`, `.xz`/`.txz`, `.zst`/`.tzst`, \
`.lz`, `.lzma`, `.Z` and the other short forms). Heredoc sources (`ADD <<EOF /x`) are local \
content and are reported. Sources with a variable whose value the file cannot tell are not \
judged. `ONBUILD ADD` is checked too.\n\n\
**Fix.** Replaces the keyword with `COPY` in the same letter case, keeping the flags. It is \
offered only when every flag is one `COPY` accepts (`--chown`, `--chmod`, `--link`, \
`--exclude`); `--checksum`, `--keep-git-dir` and `--unpack` exist only for `ADD`. The fix is \
safe for files whose names say what they are; a tar archive named without an archive extension \
would have been unpacked by `ADD` and is copied as-is by `COPY`.\n\n\
**How this differs from the peers.** hadolint DL3020 exempts the same archive names \
(it lacks `.zst`), but reports git sources (`ADD git@github.com:…`), which `COPY` cannot \
replace. Trivy DS-0005 exempts any `ADD` whose text merely contains `.tar`, `http://`, \
`https://` or `git@`. Checkov CKV_DOCKER_4 reports every `ADD`. Dockle CIS-DI-0009 reads the \
image history, where it cannot tell a local file from a download.",
        bad: "FROM alpine:3.20\nADD app/ /srv/app/\n",
        good: "FROM alpine:3.20\nCOPY app/ /srv/app/\nADD rootfs.tar.gz /\n",
    },
    check,
};

/// Flags `COPY` accepts too.
const COPY_FLAGS: &[&str] = &["chown", "chmod", "link", "exclude"];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for add in adds(cx) {
        if !all_local(cx, &add) {
            continue;
        }
        let ins = add.instruction;
        let keyword = ins.keyword_span.text(cx.src);
        let fix = ins
            .flags
            .iter()
            .all(|f| COPY_FLAGS.contains(&f.name.as_str()))
            .then(|| {
                Fix::safe(
                    "Replace `ADD` with `COPY`",
                    vec![Edit::replace(ins.keyword_span, copy_like(keyword))],
                )
            });
        let message = if fix.is_some() || ins.flags.is_empty() {
            "`ADD` only copies local files here; use `COPY`".to_string()
        } else {
            let flags: Vec<String> = ins
                .flags
                .iter()
                .filter(|f| !COPY_FLAGS.contains(&f.name.as_str()))
                .map(|f| format!("`--{}`", f.name))
                .collect();
            format!(
                "`ADD` only copies local files here; use `COPY` (without {}, which only `ADD` has)",
                flags.join(", ")
            )
        };
        out.report(ins.keyword_span, message).fix(fix);
    }
}

/// Every source is a local file or directory (or heredoc), and known.
fn all_local(cx: &Context<'_>, add: &Add<'_>) -> bool {
    let sources = add.sources();
    !sources.is_empty()
        && sources.iter().all(|w| {
            if add.is_heredoc(w) {
                return true;
            }
            match add.resolve(cx, w) {
                Some(s) => !(is_http_url(&s) || is_git_source(&s) || is_archive(&s)),
                None => false,
            }
        })
}

/// `COPY` in the letter case of `keyword` (`ADD`, `add`, `Add`).
fn copy_like(keyword: &str) -> &'static str {
    if keyword.bytes().all(|b| b.is_ascii_lowercase()) {
        "copy"
    } else if keyword.bytes().all(|b| b.is_ascii_uppercase()) {
        "COPY"
    } else {
        "Copy"
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS402";

    #[test]
    fn local_sources_are_reported_on_the_keyword() {
        let src = "FROM alpine:3.20\nADD app/ /srv/app/\nadd a.txt b.json /etc/x/\n";
        assert_eq!(lines(CODE, src), [2, 3]);
        assert_eq!(texts(CODE, src), ["ADD", "add"]);
        assert_eq!(
            run(CODE, src)[0].message,
            "`ADD` only copies local files here; use `COPY`"
        );
    }

    #[test]
    fn fix_keeps_case_flags_and_continuation_lines() {
        assert_eq!(
            fixed(
                CODE,
                "FROM alpine:3.20\nADD --chown=app:app --chmod=0644 \\\n    conf/ /etc/app/\n",
                false
            ),
            "FROM alpine:3.20\nCOPY --chown=app:app --chmod=0644 \\\n    conf/ /etc/app/\n"
        );
        assert_eq!(
            fixed(CODE, "FROM alpine:3.20\nadd x /x\nAdd --link y /y\n", false),
            "FROM alpine:3.20\ncopy x /x\nCopy --link y /y\n"
        );
        assert_eq!(
            fixed(CODE, "FROM alpine:3.20\nADD [\"a b\", \"/x/\"]\n", false),
            "FROM alpine:3.20\nCOPY [\"a b\", \"/x/\"]\n"
        );
    }

    #[test]
    fn heredoc_sources_are_local() {
        let src = "FROM alpine:3.20\nADD <<EOF /etc/motd\nhello\nEOF\n";
        assert_eq!(lines(CODE, src), [2]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nCOPY <<EOF /etc/motd\nhello\nEOF\n"
        );
    }

    #[test]
    fn add_only_flags_get_no_fix() {
        let src = "FROM alpine:3.20\nADD --keep-git-dir=true src /src\n";
        let found = run(CODE, src);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
        assert!(
            found[0].message.contains("`--keep-git-dir`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn variables_are_expanded_and_unknown_ones_not_judged() {
        let src = "FROM alpine:3.20\nARG SRC=app\nADD ${SRC} /app\nARG URL=https://x/y\nADD ${URL} /y\nARG UNSET\nADD ${UNSET} /z\n";
        assert_eq!(lines(CODE, src), [3]);
    }

    #[test]
    fn onbuild_add_and_every_stage() {
        let src = "FROM alpine:3.20 AS build\nADD . /src\nFROM alpine:3.20\nONBUILD ADD . /app\n";
        assert_eq!(lines(CODE, src), [2, 4]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20 AS build\nCOPY . /src\nFROM alpine:3.20\nONBUILD COPY . /app\n"
        );
    }

    #[test]
    fn clean_near_misses() {
        for src in [
            "FROM a\nADD rootfs.tar.gz /\n",
            "FROM a\nADD rootfs.tar.xz rootfs.tzst /\n",
            "FROM a\nADD https://example.com/tool /usr/local/bin/tool\n",
            "FROM a\nADD git@github.com:moby/buildkit.git#v0.10.1 /src\n",
            "FROM a\nADD https://github.com/moby/buildkit.git#v0.10.1 /src\n",
            "FROM a\nADD a.txt https://example.com/b /x/\n",
            "FROM a\nCOPY app /app\n",
        ] {
            assert!(lines(CODE, src).is_empty(), "{src}");
        }
    }
}
