//! SS513 pip-unpinned (hadolint DL3013): `pip install` (or `pipx install`)
//! of a package without a version specifier.

use super::packages_support::{invocations, package_texts, report_words, Manager};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS513",
        name: "pip-unpinned",
        summary: "A pip package is installed without a version specifier",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoSystemUpgrade, Checklist::SecureDependencies],
        owasp: &[Owasp::D02],
        equivalents: &[Equivalent::same(Tool::Hadolint, "DL3013")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`pip install flask` installs the newest release on PyPI at build time. A rebuild \
can then pull a new major version, or a compromised release published minutes earlier, and the \
Dockerfile does not say which version the image contains. Pin each package \
(`pip install flask==3.0.3`), or install from a requirements file with pinned versions, \
ideally with hashes (`pip install --require-hashes -r requirements.txt`), or under a \
constraints file (`-c constraints.txt`).\n\n\
Not reported: any specifier (`==`, `>=`, `<=`, `>`, `<`, `!=`, `~=`, `===`; quote `>` and `<` \
from the shell), local files and URLs (a word with `/`, `.whl`, `.tar.gz`), VCS URLs with a \
ref (`git+https://…@v1.2`; without one, `git+https://…` is reported), option values (`--index-url`, `-e`, `--target`…), and the whole \
command when it has `-r`/`--requirement`, `-c`/`--constraint` or installs `.`. A package held \
in a variable is judged by the value `ARG`/`ENV` give it; an undefined variable is not \
reported. `pip`, `pip3`, `pip3.12`, `python3 -m pip` and `pipx install` are checked.\n\n\
Same inputs as hadolint DL3013, reported once per unpinned package rather than once per RUN, \
also through `sudo`, `env` or `sh -c \"…\"`. hadolint drops only some option values, so \
`pip install --timeout 60 flask==3.0.3` makes it report the `60`; here every pip option that \
takes a value is known. hadolint does not expand variables: it reports `pip install $FLASK` \
even with `ARG FLASK=flask==3.0.3`.",
        bad: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
        good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        if !matches!(inv.manager, Manager::Pip | Manager::Pipx) || !inv.is_sub(&["install"]) {
            continue;
        }
        if inv.has_any_flag(&["r", "requirement", "c", "constraint"]) || inv.has_arg(".") {
            continue;
        }
        report_words(
            out,
            package_texts(cx, &inv),
            is_pinned,
            "Package",
            "is not pinned to a version (`name==version`)",
            "installs packages not pinned to a version",
        );
    }
}

fn is_pinned(package: &str) -> bool {
    // A VCS URL (`git+https://…`) is pinned by an `@ref`.
    if let Some((scheme, _)) = package.split_once("://") {
        if scheme.contains('+') {
            return package.contains('@');
        }
    }
    ["==", "!=", "~=", "<", ">"]
        .iter()
        .any(|s| package.contains(s))
        || package.contains('/')
        || package.ends_with(".whl")
        || package.ends_with(".tar.gz")
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const C: &str = "SS513";

    #[test]
    fn unpinned_packages_are_reported() {
        let src =
            "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3 requests gunicorn\n";
        assert_eq!(texts(C, src), ["requests", "gunicorn"]);
        assert_eq!(
            run(C, src)[0].message,
            "Package `requests` is not pinned to a version (`name==version`)"
        );
        assert_eq!(
            texts(C, "FROM python:3.12\nRUN python3 -m pip install -U pip\n"),
            ["pip"]
        );
        assert_eq!(
            texts(C, "FROM python:3.12\nRUN pip3.12 install --user flask\n"),
            ["flask"]
        );
        assert_eq!(
            texts(C, "FROM python:3.12\nRUN pipx install black\n"),
            ["black"]
        );
        assert_eq!(
            texts(
                C,
                "FROM python:3.12\nRUN pip install -i https://pypi.example/simple flask\n"
            ),
            ["flask"]
        );
        // `60` is the value of `--timeout`, not a package.
        assert_eq!(
            texts(C, "FROM python:3.12\nRUN pip install --timeout 60 flask\n"),
            ["flask"]
        );
        // A VCS URL needs an `@ref`; a lone `=` is no specifier.
        assert_eq!(
            texts(
                C,
                "FROM python:3.12\nRUN pip install git+https://github.com/a/b.git#egg=b flask=3\n"
            ),
            ["git+https://github.com/a/b.git#egg=b", "flask=3"]
        );
    }

    #[test]
    fn continuations_wrappers_heredocs() {
        let src = "FROM python:3.12\nRUN pip install --no-cache-dir \\\n      flask==3.0.3 \\\n      requests\n";
        assert_eq!(lines(C, src), [4]);
        assert_eq!(
            texts(C, "FROM python:3.12\nRUN sudo -H pip install flask\n"),
            ["flask"]
        );
        assert_eq!(
            lines(
                C,
                "FROM python:3.12\nRUN <<EOF\nset -e\npip install flask\nEOF\n"
            ),
            [4]
        );
        assert_eq!(
            texts(C, "FROM python:3.12\nRUN sh -c \"pip install flask\"\n"),
            ["flask"]
        );
    }

    #[test]
    fn pins_files_requirements_and_option_values_are_clean() {
        for src in [
            "FROM python:3.12\nRUN pip install flask==3.0\n",
            "FROM python:3.12\nRUN pip install \"flask>=3\" 'requests~=2.32' 'x!=1' 'y===2'\n",
            "FROM python:3.12\nRUN pip install flask[async]==3.0.3\n",
            "FROM python:3.12\nRUN pip install -r requirements.txt\n",
            "FROM python:3.12\nRUN pip install --requirement=requirements.txt\n",
            "FROM python:3.12\nRUN pip install -r requirements.txt flask\n",
            "FROM python:3.12\nRUN pip install -c constraints.txt flask\n",
            "FROM python:3.12\nRUN pip install .\n",
            "FROM python:3.12\nRUN pip install -e .\n",
            "FROM python:3.12\nRUN pip install ./dist/app-1.0-py3-none-any.whl app.tar.gz /src\n",
            "FROM python:3.12\nRUN pip install git+https://github.com/a/b@v1.2\n",
            "FROM python:3.12\nRUN pip install https://example.com/x.zip \"flask @ git+https://x/y\"\n",
            "FROM python:3.12\nRUN pip install --index-url https://x/simple --target /opt flask==1\n",
            "FROM python:3.12\nRUN pip install -e git+https://x/y#egg=z\n",
            "FROM python:3.12\nRUN pip install --no-binary :all: flask==1\n",
            "FROM python:3.12\nRUN pipx install black==24.4.2\n",
            "FROM python:3.12\nRUN pip download flask && pip uninstall -y x\n",
            "FROM python:3.12\nRUN pipenv install flask\n",
            "FROM python:3.12\nARG FLASK=flask==3.0.3\nRUN pip install $FLASK\n",
            "FROM python:3.12\nRUN pip install $UNKNOWN\n",
            "FROM python:3.12\nRUN echo pip install flask\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }
}
