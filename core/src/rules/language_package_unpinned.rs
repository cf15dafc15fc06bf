//! SS518 language-package-unpinned (no peer): `yarn add`, `pnpm add`,
//! `bun add`, `cargo install`, `composer require` and `conda install` of a
//! package without a version.

use super::npm_unpinned;
use super::packages_support::{invocations, package_texts, report_words, Invocation, Manager};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};
use crate::shell::ShellWord;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS518",
        name: "language-package-unpinned",
        summary:
            "A yarn, pnpm, bun, cargo, composer or conda package is installed without a version",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoSystemUpgrade, Checklist::SecureDependencies],
        owasp: &[Owasp::D02],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "Installing a named package without a version takes whatever the registry offers \
at build time: a rebuild can pull a new major version or a compromised release, and the \
Dockerfile does not record what the image contains. Name the version, or install from the \
project's lockfile instead.\n\n\
Reported, per package:\n\
- `yarn add`, `yarn global add`, `pnpm add`, `bun add` / `bun install <pkg>`: no \
`@version` (or `@latest`), judged like `npm-unpinned` (git specs need a `#ref`; paths and \
tarballs are fine). Prefer `yarn install --frozen-lockfile`, `pnpm install --frozen-lockfile`, \
`bun install --frozen-lockfile`.\n\
- `cargo install`: a crate without `name@version` or `--version`; with `--git`, no `--rev` or \
`--tag` (a branch moves). A pinned crate without `--locked` is reported too: cargo then \
resolves the crate's dependencies afresh instead of using its `Cargo.lock`. `--path` installs \
are local.\n\
- `composer require` / `composer global require`: a `vendor/package` without a constraint \
(`vendor/package:^2.1`, or a constraint as the next word). Prefer `composer install` from \
`composer.lock`.\n\
- `conda`/`mamba`/`micromamba` `install` or `create`: a package without `=`, `==`, `>=`, `<`… \
(`numpy=1.26.4`). Prefer an environment file with pinned versions or a `conda-lock` file.\n\n\
Not reported: option values (`--cwd`, `-c conda-forge`, `--root`…), local paths and archive \
files, and variables the file does not define.\n\n\
No peer checks these managers (hadolint covers pip, npm install, gem and go only). `pipx \
install` is checked by `pip-unpinned`, as hadolint DL3013 does; `npm i`/`npm add` by \
`npm-unpinned`.",
        bad: "FROM rust:1.80\nRUN cargo install ripgrep\n",
        good: "FROM rust:1.80\nRUN cargo install --locked ripgrep@14.1.0\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        match inv.manager {
            Manager::Yarn | Manager::Pnpm | Manager::Bun if js_add(&inv) => {
                report_words(
                    out,
                    skip_global(&inv, package_texts(cx, &inv)),
                    npm_unpinned::is_pinned,
                    "Package",
                    "is not pinned to a version (`name@version`)",
                    "adds packages not pinned to a version",
                );
            }
            Manager::Cargo if inv.is_sub(&["install"]) => cargo(cx, out, &inv),
            Manager::Composer => composer(cx, out, &inv),
            Manager::Conda if inv.is_sub(&["install", "create"]) => {
                if inv.has_any_flag(&["file", "clone", "revision"]) {
                    continue;
                }
                report_words(
                    out,
                    package_texts(cx, &inv),
                    conda_pinned,
                    "Package",
                    "is not pinned to a version (`name=version`)",
                    "installs packages not pinned to a version",
                );
            }
            _ => {}
        }
    }
}

/// `yarn add`, `yarn global add`, `pnpm add`, `bun add`/`bun a`, and
/// `bun install`/`bun i` with packages.
fn js_add(inv: &Invocation<'_>) -> bool {
    let first_is = |t: &str| inv.operands().first().is_some_and(|w| w.text == t);
    match inv.manager {
        Manager::Yarn => inv.is_sub(&["add"]) || (inv.is_sub(&["global"]) && first_is("add")),
        Manager::Pnpm => inv.is_sub(&["add"]) || (inv.is_sub(&["global"]) && first_is("add")),
        Manager::Bun => inv.is_sub(&["add", "a", "install", "i"]),
        _ => false,
    }
}

/// Drops the `add` of `yarn global add`.
fn skip_global<'a>(
    inv: &Invocation<'_>,
    words: Vec<(&'a ShellWord, Vec<String>)>,
) -> Vec<(&'a ShellWord, Vec<String>)> {
    if inv.is_sub(&["global"]) {
        words.into_iter().skip(1).collect()
    } else {
        words
    }
}

fn cargo(cx: &Context<'_>, out: &mut Sink<'_>, inv: &Invocation<'_>) {
    if inv.has_flag("path") {
        return;
    }
    if inv.has_flag("git") {
        if !inv.has_any_flag(&["rev", "tag"]) {
            out.report(
                inv.command_span(),
                "`cargo install --git` without `--rev` or `--tag` builds whatever the branch holds",
            );
        }
        return;
    }
    let has_version = inv.has_any_flag(&["version", "vers"]);
    let words = package_texts(cx, inv);
    let any_unpinned = words
        .iter()
        .any(|(_, texts)| texts.iter().any(|t| !has_version && !t.contains('@')));
    report_words(
        out,
        words,
        |c| has_version || c.contains('@'),
        "Crate",
        "is not pinned to a version (`name@version`)",
        "installs crates not pinned to a version",
    );
    if !any_unpinned && !inv.has_flag("locked") && !inv.operands().is_empty() {
        out.report(
            inv.command_span(),
            "`cargo install` without `--locked` resolves the crate's dependencies afresh, ignoring its `Cargo.lock`",
        );
    }
}

fn composer(cx: &Context<'_>, out: &mut Sink<'_>, inv: &Invocation<'_>) {
    let global = inv.is_sub(&["global"]);
    let words = package_texts(cx, inv);
    let words: Vec<_> = if global {
        match words.first() {
            Some((w, _)) if matches!(w.text.as_str(), "require" | "req") => {
                words.into_iter().skip(1).collect()
            }
            _ => return,
        }
    } else if inv.is_sub(&["require", "req"]) {
        words
    } else {
        return;
    };
    // `vendor/pkg 1.2`: a word without `/` after a package is its constraint.
    let mut unpinned = Vec::new();
    let mut iter = words.into_iter().peekable();
    while let Some((w, texts)) = iter.next() {
        let next_is_constraint = iter
            .peek()
            .is_some_and(|(n, t)| t.iter().all(|x| !x.contains('/')) && !n.text.is_empty());
        if next_is_constraint {
            iter.next();
            continue;
        }
        unpinned.push((w, texts));
    }
    report_words(
        out,
        unpinned,
        |p| !p.contains('/') || p.contains([':', '=', ' ']),
        "Package",
        "has no version constraint (`vendor/package:^1.2`)",
        "requires packages without a version constraint",
    );
}

fn conda_pinned(spec: &str) -> bool {
    spec.contains(['=', '<', '>', ' ', '['])
        || spec.contains('/')
        || spec.ends_with(".tar.bz2")
        || spec.ends_with(".conda")
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const C: &str = "SS518";

    #[test]
    fn js_adds_are_reported() {
        let src = "FROM node:20\nRUN yarn add express@4.19.2 lodash\n";
        assert_eq!(texts(C, src), ["lodash"]);
        assert_eq!(
            run(C, src)[0].message,
            "Package `lodash` is not pinned to a version (`name@version`)"
        );
        assert_eq!(
            texts(C, "FROM node:20\nRUN yarn global add serve\n"),
            ["serve"]
        );
        assert_eq!(
            texts(C, "FROM node:20\nRUN pnpm add -g typescript@latest\n"),
            ["typescript@latest"]
        );
        assert_eq!(texts(C, "FROM oven/bun:1\nRUN bun add zod\n"), ["zod"]);
        assert_eq!(
            texts(C, "FROM oven/bun:1\nRUN bun install -g zod\n"),
            ["zod"]
        );
    }

    #[test]
    fn cargo_installs_need_a_version_and_locked() {
        let src = "FROM rust:1.80\nRUN cargo install ripgrep\n";
        assert_eq!(texts(C, src), ["ripgrep"]);
        assert_eq!(
            run(C, src)[0].message,
            "Crate `ripgrep` is not pinned to a version (`name@version`)"
        );
        let src = "FROM rust:1.80\nRUN cargo install ripgrep@14.1.0\n";
        assert_eq!(texts(C, src), ["cargo install"]);
        assert_eq!(
            run(C, src)[0].message,
            "`cargo install` without `--locked` resolves the crate's dependencies afresh, ignoring its `Cargo.lock`"
        );
        assert_eq!(
            lines(
                C,
                "FROM rust:1.80\nRUN cargo install --git https://github.com/a/b --branch main\n"
            ),
            [2]
        );
    }

    #[test]
    fn composer_and_conda() {
        assert_eq!(
            texts(
                C,
                "FROM php:8.3\nRUN composer require monolog/monolog:^3.7 guzzlehttp/guzzle\n"
            ),
            ["guzzlehttp/guzzle"]
        );
        assert_eq!(
            texts(
                C,
                "FROM php:8.3\nRUN composer global require laravel/installer\n"
            ),
            ["laravel/installer"]
        );
        let src = "FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y -c conda-forge numpy=1.26.4 pandas\n";
        assert_eq!(texts(C, src), ["pandas"]);
        assert_eq!(
            run(C, src)[0].message,
            "Package `pandas` is not pinned to a version (`name=version`)"
        );
        assert_eq!(
            texts(
                C,
                "FROM mambaorg/micromamba:1.5\nRUN micromamba install -y -n base scipy\n"
            ),
            ["scipy"]
        );
    }

    #[test]
    fn continuations_wrappers_heredocs() {
        let src = "FROM rust:1.80\nRUN cargo install --locked \\\n      ripgrep@14.1.0 \\\n      fd-find\n";
        assert_eq!(lines(C, src), [4]);
        assert_eq!(
            lines(
                C,
                "FROM node:20\nRUN <<EOF\nset -e\nyarn add left-pad\nEOF\n"
            ),
            [4]
        );
        assert_eq!(
            texts(C, "FROM node:20\nRUN sh -c 'pnpm add zod'\n"),
            ["zod"]
        );
    }

    #[test]
    fn pinned_lockfile_and_local_installs_are_clean() {
        for src in [
            "FROM node:20\nRUN yarn add express@4.19.2 ./local file:../x\n",
            "FROM node:20\nRUN yarn install --frozen-lockfile && yarn\n",
            "FROM node:20\nRUN pnpm install --frozen-lockfile && pnpm add zod@3.23.8\n",
            "FROM oven/bun:1\nRUN bun install --frozen-lockfile\n",
            "FROM rust:1.80\nRUN cargo install --locked ripgrep@14.1.0\n",
            "FROM rust:1.80\nRUN cargo install --locked --version 14.1.0 ripgrep\n",
            "FROM rust:1.80\nRUN cargo install --path . && cargo build --release\n",
            "FROM rust:1.80\nRUN cargo install --git https://github.com/a/b --rev abc123\n",
            "FROM php:8.3\nRUN composer require monolog/monolog ^3.7 'psr/log:3.0.0'\n",
            "FROM php:8.3\nRUN composer install --no-dev && composer require php\n",
            "FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y 'numpy>=1.26' scipy==1.14.0 'pandas 2.2.2'\n",
            "FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y --file requirements.txt\n",
            "FROM continuumio/miniconda3:24.7.1-0\nRUN conda create -y -n app python=3.12\n",
            "FROM node:20\nRUN yarn add $UNKNOWN\n",
            "FROM node:20\nRUN echo yarn add x\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }
}
