//! SS516 go-unpinned (hadolint DL3062): `go install`, `go get` or `go run`
//! of a remote package without `@version`, or with `@latest`.

use super::packages_support::{invocations, package_texts, report_words, Manager};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS516",
        name: "go-unpinned",
        summary: "A Go package is installed or run without a pinned version",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoSystemUpgrade, Checklist::SecureDependencies],
        owasp: &[Owasp::D02],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3062")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`go install golang.org/x/tools/gopls@latest` (or without any `@`) builds whatever \
the module's newest version is at build time, so a rebuild can produce a different binary. \
Name a version: `go install golang.org/x/tools/gopls@v0.16.1` (a tag or a commit). The \
checksum database then verifies the module's content.\n\n\
Reported: each package of `go install` and `go get`, and the package of `go run`, that has no \
`@version` or asks for `@latest`. Not reported: local packages and files (`.`, `./...`, \
`../x`, `/src/cmd`, `main.go`), `@none` (which removes a dependency), the values of build \
flags (`-ldflags`, `-tags`, `-o`…), the program's own arguments after the `go run` package, \
and variables the file does not define.\n\n\
Compared with hadolint DL3062: hadolint reports `go run main.go` (a local file) and `@none`, \
and judges every word after `go run`, including the program's arguments; this rule does not. \
It also looks through `sudo`, `env` and `sh -c \"…\"`.",
        bad: "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\n",
        good: "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@v0.16.1\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        if inv.manager != Manager::Go || !inv.is_sub(&["install", "get", "run"]) {
            continue;
        }
        let mut words = package_texts(cx, &inv);
        if inv.is_sub(&["run"]) {
            // `go run pkg args…`: only the package; the rest is for the program.
            let first = inv.operands().first().map(|w| w.span);
            words.retain(|(w, _)| Some(w.span) == first);
        }
        report_words(
            out,
            words,
            is_pinned,
            "Package",
            "is not pinned to a version (`path@version`)",
            "names packages not pinned to a version",
        );
    }
}

fn is_pinned(package: &str) -> bool {
    if package.starts_with('.') || package.starts_with('/') || package.ends_with(".go") {
        return true;
    }
    match package.rsplit_once('@') {
        Some((_, version)) => !version.is_empty() && version != "latest",
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const C: &str = "SS516";

    #[test]
    fn unpinned_and_latest_are_reported() {
        let src = "FROM golang:1.23\nRUN go install github.com/a/b@v1.2.3 github.com/c/d\n";
        assert_eq!(texts(C, src), ["github.com/c/d"]);
        assert_eq!(
            run(C, src)[0].message,
            "Package `github.com/c/d` is not pinned to a version (`path@version`)"
        );
        assert_eq!(
            texts(
                C,
                "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\n"
            ),
            ["golang.org/x/tools/gopls@latest"]
        );
        assert_eq!(
            texts(C, "FROM golang:1.23\nRUN go get -u github.com/a/b\n"),
            ["github.com/a/b"]
        );
        assert_eq!(
            texts(
                C,
                "FROM golang:1.23\nRUN go run github.com/a/gen -out x.go\n"
            ),
            ["github.com/a/gen"]
        );
        assert_eq!(
            texts(
                C,
                "FROM golang:1.23\nRUN go install -ldflags \"-s -w\" -tags netgo github.com/a/b\n"
            ),
            ["github.com/a/b"]
        );
    }

    #[test]
    fn continuations_wrappers_heredocs() {
        let src = "FROM golang:1.23\nRUN go install \\\n      github.com/a/b@v1 \\\n      github.com/c/d\n";
        assert_eq!(lines(C, src), [4]);
        assert_eq!(
            lines(
                C,
                "FROM golang:1.23\nRUN <<EOF\nset -e\ngo install github.com/a/b\nEOF\n"
            ),
            [4]
        );
        assert_eq!(
            texts(
                C,
                "FROM golang:1.23\nRUN env CGO_ENABLED=0 go install github.com/a/b\n"
            ),
            ["github.com/a/b"]
        );
    }

    #[test]
    fn versions_local_packages_and_program_args_are_clean() {
        for src in [
            "FROM golang:1.23\nRUN go install github.com/a/b@v1.2.3\n",
            "FROM golang:1.23\nRUN go install github.com/a/b@abc123def\n",
            "FROM golang:1.23\nRUN go install ./... && go install . && go install ../x\n",
            "FROM golang:1.23\nRUN go install\n",
            "FROM golang:1.23\nRUN go get -d ./... && go get\n",
            "FROM golang:1.23\nRUN go get github.com/a/b@none\n",
            "FROM golang:1.23\nRUN go run main.go serve --port 80\n",
            "FROM golang:1.23\nRUN go run ./cmd/gen && go run .\n",
            "FROM golang:1.23\nRUN go run github.com/a/gen@v1.0.0 extra args\n",
            "FROM golang:1.23\nRUN go install -o /bin/x -ldflags=-s github.com/a/b@v1\n",
            "FROM golang:1.23\nRUN go build ./... && go mod download\n",
            "FROM golang:1.23\nARG TOOL=github.com/a/b@v1.2.3\nRUN go install $TOOL\n",
            "FROM golang:1.23\nRUN go install $UNKNOWN\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }
}
