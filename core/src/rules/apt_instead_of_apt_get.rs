//! SS509 apt-instead-of-apt-get (hadolint DL3027, Checkov CKV_DOCKER_9):
//! `apt` in a RUN.

use super::packages_support::{exact_word, invocations, Manager};
use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS509",
        name: "apt-instead-of-apt-get",
        summary: "A RUN uses `apt`, whose interface is meant for people, not scripts",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::same(Tool::Hadolint, "DL3027"),
            Equivalent::similar(Tool::Checkov, "CKV_DOCKER_9"),
        ],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "`apt` is the interactive front end: its output and defaults may change between \
releases, and it warns \"apt does not have a stable CLI interface. Use with caution in \
scripts.\" `apt-get` (and `apt-cache` for queries) is the stable interface for scripts such as \
a Dockerfile.\n\n\
The fix replaces `apt` with `apt-get` for `install`, `update`, `remove`, `purge`, \
`autoremove`, `clean` and `autoclean`, which mean the same to both (apt only deletes the \
downloaded `.deb` files after installing, which the Debian and Ubuntu images also do \
through their `docker-clean` apt configuration). No fix for `apt upgrade` (it also installs new \
dependencies, unlike `apt-get upgrade`), nor for `apt search`, `apt list`, `apt show` and the \
like, which have `apt-cache` counterparts with different output.\n\n\
Same inputs as hadolint DL3027, also through `sudo`, `env` or `sh -c \"…\"`. Checkov \
CKV_DOCKER_9 looks for ` apt ` in the RUN text and stays quiet when the same `&&` segment \
contains `rm`.",
        bad: "FROM debian:12\nRUN apt install -y --no-install-recommends curl=7.88.1-10+deb12u8\n",
        good: "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n",
    },
    check,
};

const SAME_IN_APT_GET: &[&str] = &[
    "install",
    "update",
    "remove",
    "purge",
    "autoremove",
    "clean",
    "autoclean",
];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        if inv.manager != Manager::Apt {
            continue;
        }
        let fix = (inv.is_sub(SAME_IN_APT_GET) && exact_word(cx.src, inv.name)).then(|| {
            Fix::safe(
                "Replace `apt` with `apt-get`",
                vec![Edit::insert(inv.name.span.end, "-get")],
            )
        });
        let message = match inv.subcommand() {
            Some(sub) => format!("Use `apt-get {sub}` in scripts instead of `apt {sub}`"),
            None => "Use `apt-get` or `apt-cache` in scripts instead of `apt`".to_string(),
        };
        out.report(inv.name.span, message).fix(fix);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const C: &str = "SS509";

    #[test]
    fn apt_is_reported_on_its_word() {
        let src = "FROM debian:12\nRUN apt update && apt install -y curl=8\n";
        assert_eq!(texts(C, src), ["apt", "apt"]);
        assert_eq!(
            run(C, src)[1].message,
            "Use `apt-get install` in scripts instead of `apt install`"
        );
        assert_eq!(
            texts(C, "FROM debian:12\nRUN /usr/bin/apt list --installed\n"),
            ["/usr/bin/apt"]
        );
        let src = "FROM debian:12\nRUN set -eux; \\\n    DEBIAN_FRONTEND=noninteractive \\\n    apt install -y curl=8\n";
        assert_eq!(lines(C, src), [4]);
        assert_eq!(
            lines(C, "FROM debian:12\nRUN sudo apt install -y curl=8\n"),
            [2]
        );
        assert_eq!(
            lines(C, "FROM debian:12\nRUN <<EOF\napt update\nEOF\n"),
            [3]
        );
        assert_eq!(
            lines(C, "FROM debian:12\nRUN bash -c \"apt update\"\n"),
            [2]
        );
    }

    #[test]
    fn apt_get_apt_cache_and_words_are_clean() {
        for src in [
            "FROM debian:12\nRUN apt-get update && apt-cache policy curl\n",
            "FROM debian:12\nRUN echo apt && ls /etc/apt\n",
            "FROM debian:12\nRUN aptitude update\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_only_where_apt_get_means_the_same() {
        assert_eq!(
            fixed(
                C,
                "FROM debian:12\nRUN apt update && \\\n    sudo apt install -y curl=8\n",
                false
            ),
            "FROM debian:12\nRUN apt-get update && \\\n    sudo apt-get install -y curl=8\n"
        );
        for src in [
            "FROM debian:12\nRUN apt upgrade -y\n",
            "FROM debian:12\nRUN apt search curl\n",
            "FROM debian:12\nRUN [\"apt\", \"install\", \"-y\", \"curl=8\"]\n",
        ] {
            let d = run(C, src);
            assert_eq!(d.len(), 1, "{src}");
            assert!(d[0].fix.is_none(), "{src}");
        }
    }
}
