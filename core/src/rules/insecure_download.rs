//! SS404 insecure-download (no peer equivalent): a download over plain
//! `http://` by ADD, curl, wget, git, pip or npm.

use super::supply_support::{adds, insecure_urls, shorten, Tool};
use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};
use crate::shell::{Command, ShellWord};
use crate::syntax::{Keyword, Span};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS404",
        name: "insecure-download",
        summary: "Something is downloaded over plain http://",
        severity: Severity::Warning,
        category: Category::SupplyChain,
        target: Target::Dockerfile,
        checklist: &[Checklist::CopyNotAdd, Checklist::SecureDependencies],
        owasp: &[Owasp::D08],
        equivalents: &[],
        fix: FixKind::Unsafe,
        default_enabled: true,
        why: "Over plain HTTP anyone on the network path (a build farm's proxy, a hotel \
Wi-Fi, a compromised router) can read and replace what is downloaded, and the build installs \
the replacement. Use `https://`, and for files pin a checksum as well.\n\n\
**What is reported.** Each `http://` URL: an `ADD` source; an argument of `curl`, `wget` \
(also through `sudo`, `env` or `busybox`) or `git` (`git clone http://…`); an argument of \
`pip`/`pip3`/`python -m pip` (`--index-url`, `--extra-index-url`, `-f`, or a package URL), \
`npm`, `yarn`, `pnpm` (`--registry=http://…`, `npm config set registry http://…`) and \
`gem`; and the value of `PIP_INDEX_URL`, `PIP_EXTRA_INDEX_URL`, `PIP_FIND_LINKS`, \
`UV_INDEX_URL`, `UV_EXTRA_INDEX_URL`, `NPM_CONFIG_REGISTRY`, `YARN_REGISTRY` or `GOPROXY` set \
by `ENV`, `ARG` or a command's prefix assignment. Commands inside `sh -c` strings and executed \
heredocs count.\n\n\
**Not reported.** The local machine (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`). \
Package repository lines for apt (`deb http://deb.debian.org/…`) and apk: those package \
managers verify signed indexes, so plain HTTP there is the distributions' own default and \
not a hole (a `[trusted=yes]` source is a different problem).\n\n\
**Fix (unsafe).** Rewrites `http://` to `https://`. It changes behaviour: the host must \
serve the same file over TLS, which most do, but not all.\n\n\
None of the five peer linters has this check; Checkov only reports TLS verification that \
was switched off (`curl -k`, `wget --no-check-certificate`).",
        bad: "FROM alpine:3.20\nRUN wget -q http://example.com/tool.tgz && tar xzf tool.tgz\n",
        good: "FROM alpine:3.20\nRUN wget -q https://example.com/tool.tgz && tar xzf tool.tgz\n",
    },
    check,
};

/// Variables package tools read an index or registry URL from.
const URL_VARIABLES: &[&str] = &[
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "PIP_FIND_LINKS",
    "UV_INDEX_URL",
    "UV_EXTRA_INDEX_URL",
    "NPM_CONFIG_REGISTRY",
    "YARN_REGISTRY",
    "GOPROXY",
];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let mut seen: Vec<Span> = Vec::new();
    let mut report = |span: Span, url: &str, who: &str, out: &mut Sink<'_>| {
        if seen.contains(&span) {
            return;
        }
        seen.push(span);
        let fix = (span.len() >= 7
            && url
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("http://")))
        .then(|| {
            Fix::unsafe_(
                "Use `https://`",
                vec![Edit::replace(
                    Span::new(span.start, span.start + 7),
                    "https://",
                )],
            )
        });
        out.report(
            span,
            format!(
                "{who} downloads `{}` over plain HTTP, which anyone on the network path can change; use `https://`",
                shorten(url)
            ),
        )
        .fix(fix);
    };
    for add in adds(cx) {
        for w in add.sources() {
            if add.is_heredoc(w) {
                continue;
            }
            for (span, url) in urls_in(cx.src, w.span, &w.text) {
                report(span, &url, "`ADD`", out);
            }
        }
    }
    for ins in cx.model.instructions() {
        let ins = match ins.keyword {
            Keyword::Onbuild => match ins.nested.as_deref() {
                Some(n) => n,
                None => continue,
            },
            _ => *ins,
        };
        if !matches!(ins.keyword, Keyword::Env | Keyword::Arg) {
            continue;
        }
        for pair in &ins.pairs {
            let Some(value) = &pair.value else { continue };
            if !URL_VARIABLES
                .iter()
                .any(|v| v.eq_ignore_ascii_case(&pair.key.text))
            {
                continue;
            }
            for (span, url) in urls_in(cx.src, value.span, &value.text) {
                let who = format!("`{}`", pair.key.text);
                report(span, &url, &who, out);
            }
        }
    }
    for run in &cx.runs {
        for c in run.commands() {
            for (word, who) in download_words(c) {
                for (span, url) in urls_in(cx.src, word.span, &word.text) {
                    report(span, &url, &who, out);
                }
            }
        }
    }
}

/// The words of a command that name something it downloads, with the
/// command's name for the message.
fn download_words(c: &Command) -> Vec<(&ShellWord, String)> {
    let mut out = Vec::new();
    for a in &c.assignments {
        let name = a.text.split('=').next().unwrap_or("");
        if URL_VARIABLES.iter().any(|v| v.eq_ignore_ascii_case(name)) {
            out.push((a, format!("`{name}`")));
        }
    }
    let Some(tool) = Tool::of(c) else { return out };
    let name = tool.basename();
    let is_python = name
        .strip_prefix("python")
        .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    let pip_module = is_python
        && tool
            .args
            .windows(2)
            .any(|w| matches!(w, [m, p] if m.text == "-m" && p.text == "pip"));
    let is_pip = name
        .strip_prefix("pip")
        .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    let downloader = matches!(
        name,
        "curl" | "wget" | "git" | "npm" | "yarn" | "pnpm" | "gem"
    ) || is_pip
        || pip_module;
    if downloader {
        let who = if pip_module {
            "`pip`".to_string()
        } else {
            format!("`{name}`")
        };
        out.extend(tool.args.iter().map(|a| (a, who.clone())));
    }
    out
}

/// The plain-HTTP URLs of a word: their source spans (exact when the word's
/// raw text holds them as written) and their text.
fn urls_in(src: &str, span: Span, text: &str) -> Vec<(Span, String)> {
    let in_text = insecure_urls(text);
    if in_text.is_empty() {
        return Vec::new();
    }
    let raw = span.text(src);
    let in_raw = insecure_urls(raw);
    in_text
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let url = text.get(u.start..u.end).unwrap_or("").to_string();
            let exact = in_raw
                .get(i)
                .filter(|r| in_raw.len() == in_text.len() && raw.get(r.start..r.end) == Some(&url));
            let span = match exact {
                Some(r) => Span::new(span.start + r.start, span.start + r.end),
                None => span,
            };
            (span, url)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS404";

    #[test]
    fn downloads_in_run() {
        let src = "FROM a\n\
RUN curl -fsSL http://example.com/a.sh -o /a.sh\n\
RUN wget -q http://example.com/b.tgz\n\
RUN git clone http://git.example.com/repo.git /src\n\
RUN pip install --index-url http://pypi.internal/simple flask==3.0\n\
RUN pip3 install --extra-index-url=http://pypi.internal/simple flask==3.0\n\
RUN python3 -m pip install -f http://wheels.internal/ x==1\n\
RUN npm config set registry http://registry.internal/\n\
RUN npm install --registry=http://registry.internal/ left-pad@1.3.0\n";
        assert_eq!(lines(CODE, src), [2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(
            texts(CODE, src),
            [
                "http://example.com/a.sh",
                "http://example.com/b.tgz",
                "http://git.example.com/repo.git",
                "http://pypi.internal/simple",
                "http://pypi.internal/simple",
                "http://wheels.internal/",
                "http://registry.internal/",
                "http://registry.internal/",
            ]
        );
        assert_eq!(
            run(CODE, src)[0].message,
            "`curl` downloads `http://example.com/a.sh` over plain HTTP, which anyone on the network path can change; use `https://`"
        );
        assert!(run(CODE, src)[5].message.starts_with("`pip` downloads"));
    }

    #[test]
    fn add_env_arg_and_prefix_assignments() {
        let src = "FROM a\n\
ADD http://example.com/x.tgz /x\n\
ENV PIP_INDEX_URL=http://pypi.internal/simple\n\
ARG GOPROXY=\"http://proxy.internal,direct\"\n\
RUN PIP_EXTRA_INDEX_URL=http://p.internal/simple pip install x==1\n";
        assert_eq!(lines(CODE, src), [2, 3, 4, 5]);
        assert_eq!(
            texts(CODE, src),
            [
                "http://example.com/x.tgz",
                "http://pypi.internal/simple",
                "http://proxy.internal",
                "http://p.internal/simple"
            ]
        );
    }

    #[test]
    fn wrappers_sh_c_heredocs_and_continuations() {
        let src = "FROM a\nRUN sudo -E curl \\\n      -fsSL http://x.example/a | tar x\nRUN sh -c \"wget http://y.example/b\"\nRUN <<EOF\nset -e\nbusybox wget http://z.example/c\nEOF\n";
        assert_eq!(lines(CODE, src), [3, 4, 7]);
    }

    #[test]
    fn unsafe_fix_switches_to_https() {
        let src = "FROM a\nADD http://example.com/x.tgz /x\nRUN curl -fsSL \"http://example.com/a\" \\\n    | tar x && wget HTTP://example.com/b\n";
        let found = run(CODE, src);
        assert_eq!(found.len(), 3);
        assert!(found.iter().all(|d| d
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability == crate::Applicability::Unsafe)));
        assert_eq!(
            fixed(CODE, src, true),
            "FROM a\nADD https://example.com/x.tgz /x\nRUN curl -fsSL \"https://example.com/a\" \\\n    | tar x && wget https://example.com/b\n"
        );
    }

    #[test]
    fn clean_near_misses() {
        let src = "FROM debian:12\n\
RUN echo \"deb http://deb.debian.org/debian bookworm main\" > /etc/apt/sources.list.d/x.list\n\
RUN echo http://dl-cdn.alpinelinux.org/alpine/v3.20/main >> /etc/apk/repositories\n\
RUN curl -fsS http://localhost:8080/health http://127.0.0.1/x http://[::1]:9000/\n\
RUN curl -fsSL https://example.com/a | tar x\n\
ENV HOMEPAGE=http://example.com PIP_INDEX_URL=https://pypi.org/simple\n\
RUN echo http://example.com > /url.txt\n\
LABEL org.opencontainers.image.url=http://example.com\n\
HEALTHCHECK CMD curl -f http://localhost/ || exit 1\n";
        assert!(lines(CODE, src).is_empty(), "{:?}", texts(CODE, src));
    }
}
