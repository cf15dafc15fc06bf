//! SS403 add-without-checksum (no peer equivalent): `ADD` of a remote file
//! without `--checksum`, or of a git repository at a ref that can move.

use super::supply_support::{adds, is_git_source, is_http_url, shorten};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS403",
        name: "add-without-checksum",
        summary: "ADD downloads a URL without --checksum, or a git repository at a movable ref",
        severity: Severity::Warning,
        category: Category::SupplyChain,
        target: Target::Dockerfile,
        checklist: &[Checklist::CopyNotAdd, Checklist::SecureDependencies],
        owasp: &[Owasp::D08],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "`ADD https://…` puts whatever the server returns today into the image. If the \
file is replaced (a compromised release page, a moved tag, a mirror), the next build takes \
the new file without a word. `--checksum=sha256:<hex>` makes BuildKit verify the download \
and fail the build on any change:\n\n\
```dockerfile\n\
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\\n\
\x20   https://example.com/tool-1.2.3.tar.gz /tmp/\n\
```\n\n\
For git sources a branch or tag can be moved to other commits. Pin the full commit: \
`ADD https://github.com/org/repo.git#<40-hex commit> /src` (or `?ref=<commit>`), or give \
`--checksum=<commit>`.\n\n\
**What is reported.** The URL word of an `ADD` (or `ONBUILD ADD`) source that is an \
`http(s)://` URL when the instruction has no `--checksum`, and of a git source (`git@…`, \
`git://…`, `ssh://…`, a URL ending in `.git`) with neither `--checksum` nor a full commit \
hash (40 or 64 hex digits) as its `#ref` or `?ref=`/`?checksum=`. Variables are expanded; \
a source whose value the file cannot tell is not judged, unless its scheme is written out. \
There is no automatic fix: only you can say which file is the right one.\n\n\
None of the five peer linters has this check (hadolint could not even parse \
`ADD --checksum` for a while, hadolint/hadolint#985). Plain `http://` is also reported by \
SS404.",
        bad: "FROM alpine:3.20\nADD https://example.com/tool-1.2.3.tar.gz /tmp/\n",
        good: "FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\\n    https://example.com/tool-1.2.3.tar.gz /tmp/\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for add in adds(cx) {
        let checksum = add.instruction.flag("checksum").is_some();
        if checksum {
            continue;
        }
        for w in add.sources() {
            if add.is_heredoc(w) {
                continue;
            }
            let source = match add.resolve(cx, w) {
                Some(s) => s,
                None => {
                    let raw = w.text.trim_matches(['"', '\'']);
                    if !is_http_url(raw) && !is_git_source(raw) {
                        continue;
                    }
                    raw.to_string()
                }
            };
            if is_git_source(&source) {
                if !pinned_git(&source) {
                    out.report(
                        w.span,
                        format!(
                            "`ADD` clones `{}` at a ref that can move; pin a full commit hash or add `--checksum`",
                            shorten(&source)
                        ),
                    );
                }
            } else if is_http_url(&source) {
                out.report(
                    w.span,
                    format!(
                        "`ADD` downloads `{}` without `--checksum`, so a changed file goes unnoticed",
                        shorten(&source)
                    ),
                );
            }
        }
    }
}

/// A git source pinned to a full commit: `#<hex>[:subdir]`, `?ref=<hex>`,
/// `?checksum=<hex>`.
fn pinned_git(source: &str) -> bool {
    let is_commit =
        |s: &str| (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some((_, fragment)) = source.split_once('#') {
        let reference = fragment.split(':').next().unwrap_or(fragment);
        if is_commit(reference) {
            return true;
        }
    }
    if let Some((_, query)) = source.split_once('?') {
        let query = query.split('#').next().unwrap_or(query);
        return query.split('&').any(|kv| match kv.split_once('=') {
            Some(("ref" | "checksum" | "commit", v)) => is_commit(v),
            _ => false,
        });
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS403";
    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn remote_files_without_checksum() {
        let src = "FROM alpine:3.20\nADD https://example.com/a.tar.gz /tmp/\nADD http://example.com/b /b\n";
        assert_eq!(
            texts(CODE, src),
            ["https://example.com/a.tar.gz", "http://example.com/b"]
        );
        assert_eq!(
            run(CODE, src)[0].message,
            "`ADD` downloads `https://example.com/a.tar.gz` without `--checksum`, so a changed file goes unnoticed"
        );
    }

    #[test]
    fn each_url_of_a_multi_source_add() {
        let src =
            "FROM a\nADD --chown=1 \\\n    https://x/a \\\n    local \\\n    https://x/b /dst/\n";
        assert_eq!(lines(CODE, src), [3, 5]);
    }

    #[test]
    fn checksum_flag_makes_it_clean() {
        let src = "FROM a\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://x/a /a\n";
        assert!(lines(CODE, src).is_empty());
    }

    #[test]
    fn git_sources_need_a_commit() {
        let src = format!(
            "FROM a\n\
ADD https://github.com/moby/buildkit.git#v0.10.1 /a\n\
ADD git@github.com:moby/buildkit.git /b\n\
ADD https://github.com/moby/buildkit.git#{SHA} /c\n\
ADD https://github.com/moby/buildkit.git#{SHA}:docs /d\n\
ADD https://github.com/moby/buildkit.git?ref={SHA}&subdir=docs /e\n\
ADD --checksum={SHA} git@github.com:moby/buildkit.git#main /f\n\
ADD https://github.com/moby/buildkit.git#0123abc /g\n"
        );
        assert_eq!(lines(CODE, &src), [2, 3, 8]);
        assert!(run(CODE, &src)[0].message.contains("ref that can move"));
    }

    #[test]
    fn variables_expanded_and_unknown_ones_skipped() {
        let src = "FROM a\nARG V=1.2\nADD https://x/tool-${V}.tgz /t\nARG URL\nADD ${URL} /u\nADD https://x/${UNKNOWN} /w\nONBUILD ADD https://x/${V} /v\n";
        assert_eq!(lines(CODE, src), [3, 6, 7]);
    }

    #[test]
    fn local_sources_and_heredocs_are_clean() {
        let src = "FROM a\nADD app.tar.gz /\nADD <<EOF /x\nhttps://not-a-source\nEOF\nCOPY https.txt /y\n";
        assert!(lines(CODE, src).is_empty());
    }
}
