//! SS514 npm-unpinned (hadolint DL3016): `npm install <pkg>` (or `npm i`,
//! `npm add`) without a version.

use super::packages_support::{invocations, package_texts, report_words, Manager};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS514",
        name: "npm-unpinned",
        summary: "An npm package is installed without a version",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoSystemUpgrade, Checklist::SecureDependencies],
        owasp: &[Owasp::D02],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3016")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`npm install -g typescript` installs whatever the registry's `latest` tag points to \
at build time: a rebuild can pull a new major version, or a hijacked release. Name the version \
(`npm install -g typescript@5.5.4`), or install a project's dependencies from its lockfile with \
`npm ci`, which pins the whole tree.\n\n\
Reported: each package of `npm install`, `npm i`, `npm add` (and npm's other spellings of \
`install`) that has no `@version` (a scope such as `@org/x` is not a version), or asks for \
`@latest`; git URLs and GitHub shorthands (`user/repo`, `github:user/repo`) without a `#ref`. \
Not reported: a bare `npm install` / `npm ci` (they follow the lockfile), tarballs (`.tgz`, \
`.tar`, `.tar.gz`), local paths (`./dir`, `../dir`, `/dir`, `~/dir`, `file:`), option values \
(`--prefix /app`, `--registry …`), and variables the file does not define.\n\n\
Compared with hadolint DL3016, which matches the literal `npm install` only: this rule also \
checks `npm i` and `npm add` (the same command; hadolint's omission makes `npm i x` a way \
around its rule), reports `@latest` (hadolint accepts any `@`), accepts `user/repo#ref`, and \
sees `npm --prefix /app install x` (hadolint needs `install` to be the first word that is not \
a flag). It also looks through `sudo`, `env` and `sh -c \"…\"`.",
        bad: "FROM node:20-slim\nRUN npm install -g typescript\n",
        good: "FROM node:20-slim\nRUN npm install -g typescript@5.5.4\n",
    },
    check,
};

/// `npm install` and the spellings npm accepts for it.
const INSTALL: &[&str] = &[
    "install", "i", "add", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal",
    "isntall",
];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        if inv.manager != Manager::Npm || !inv.is_sub(INSTALL) {
            continue;
        }
        report_words(
            out,
            package_texts(cx, &inv),
            is_pinned,
            "Package",
            "is not pinned to a version (`name@version`)",
            "installs packages not pinned to a version",
        );
    }
}

/// A package spec that names a version, a git ref, a tarball or a path.
pub(crate) fn is_pinned(spec: &str) -> bool {
    const PATHS: &[&str] = &["/", "./", "../", "~/", "file:"];
    if spec == "." || spec == ".." || PATHS.iter().any(|p| spec.starts_with(p)) {
        return true;
    }
    if [".tgz", ".tar", ".tar.gz"]
        .iter()
        .any(|s| spec.ends_with(s))
    {
        return true;
    }
    const GIT: &[&str] = &[
        "git:",
        "git+",
        "github:",
        "gitlab:",
        "bitbucket:",
        "gist:",
        "http:",
        "https:",
    ];
    if GIT.iter().any(|p| spec.starts_with(p)) {
        return spec.contains('#');
    }
    // `@scope/name@version`: the version comes after the scope.
    let unscoped = match spec.strip_prefix('@') {
        Some(rest) => rest.split_once('/').map_or("", |(_, n)| n),
        None => spec,
    };
    match unscoped.split_once('@') {
        Some((_, version)) => !version.is_empty() && version != "latest",
        // `user/repo`: a GitHub shorthand, pinned by a `#ref`.
        None => unscoped.contains('#') && spec.contains('/'),
    }
}

#[cfg(test)]
mod tests {
    use super::is_pinned;
    use crate::rules::testing::{lines, run, texts};

    const C: &str = "SS514";

    #[test]
    fn unpinned_packages_are_reported() {
        let src = "FROM node:20\nRUN npm install -g express@4.19.2 typescript @org/tool\n";
        assert_eq!(texts(C, src), ["typescript", "@org/tool"]);
        assert_eq!(
            run(C, src)[0].message,
            "Package `typescript` is not pinned to a version (`name@version`)"
        );
        assert_eq!(
            texts(C, "FROM node:20\nRUN npm i --save-dev express\n"),
            ["express"]
        );
        assert_eq!(texts(C, "FROM node:20\nRUN npm add express\n"), ["express"]);
        assert_eq!(
            texts(C, "FROM node:20\nRUN npm install -g npm@latest\n"),
            ["npm@latest"]
        );
        assert_eq!(
            texts(
                C,
                "FROM node:20\nRUN npm install git+https://github.com/a/b.git user/repo github:a/b\n"
            ),
            ["git+https://github.com/a/b.git", "user/repo", "github:a/b"]
        );
        assert_eq!(
            texts(C, "FROM node:20\nRUN npm --prefix /app install express\n"),
            ["express"]
        );
    }

    #[test]
    fn continuations_wrappers_heredocs() {
        let src = "FROM node:20\nRUN npm install -g \\\n      pnpm@9.6.0 \\\n      serve\n";
        assert_eq!(lines(C, src), [4]);
        assert_eq!(
            texts(C, "FROM node:20\nRUN sudo npm install -g serve\n"),
            ["serve"]
        );
        assert_eq!(
            lines(C, "FROM node:20\nRUN <<EOF\nset -e\nnpm i -g serve\nEOF\n"),
            [4]
        );
        assert_eq!(
            texts(C, "FROM node:20\nRUN sh -c 'npm install serve'\n"),
            ["serve"]
        );
    }

    #[test]
    fn versions_lockfiles_paths_and_tarballs_are_clean() {
        for src in [
            "FROM node:20\nRUN npm install\n",
            "FROM node:20\nRUN npm ci --omit=dev\n",
            "FROM node:20\nRUN npm install --production\n",
            "FROM node:20\nRUN npm install express@4 @org/x@1.2.3 'y@^2'\n",
            "FROM node:20\nRUN npm install ./local ../other /abs ~/home . file:../x\n",
            "FROM node:20\nRUN npm install x.tgz https://example.com/y.tar.gz\n",
            "FROM node:20\nRUN npm install git+https://github.com/a/b.git#v1.2.0 user/repo#abc123\n",
            "FROM node:20\nRUN npm install --registry https://r.example express@1\n",
            "FROM node:20\nRUN npm run install && npm uninstall x\n",
            "FROM node:20\nARG TS=typescript@5.5.4\nRUN npm install -g $TS\n",
            "FROM node:20\nRUN npm install -g $UNKNOWN\n",
            "FROM node:20\nRUN echo npm install x\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn spec_forms() {
        assert!(is_pinned("a@1") && is_pinned("@s/a@1") && is_pinned("a@npm:b@1"));
        assert!(!is_pinned("a") && !is_pinned("@s/a") && !is_pinned("a@") && !is_pinned("@s"));
        assert!(!is_pinned("a@latest"));
    }
}
