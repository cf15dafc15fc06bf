//! SS843 useradd-without-no-log-init (hadolint DL3046): `useradd` with a
//! large UID and without `-l`, which writes a huge sparse lastlog file
//! into the layer.

use super::privilege_support::word_span;
use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS843",
        name: "useradd-without-no-log-init",
        summary: "A useradd call with a large UID and without -l bloats the image",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[Checklist::ManageLayers],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3046")],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "`useradd` records every new user in `/var/log/lastlog` and `/var/log/faillog`, \
files indexed by UID. For a UID such as `1000000` they become sparse files of hundreds of \
megabytes or more; the image layer stores them in full, so the image grows by that much. \
`-l` (`--no-log-init`) skips those records, which a container never uses.\n\n\
**What is reported.** `useradd` with `-u`/`--uid` (also `-u123456`, `--uid=123456`) whose value \
is longer than five digits (100000 and above) and no `-l`/`--no-log-init`. A UID given by a \
variable is not judged.\n\n\
**Fix (safe).** Inserts `-l` after `useradd`; it only skips the login records.\n\n\
**How this differs from hadolint DL3046.** hadolint measures only the value of `-u` given as \
a separate word (so `--uid 1000000` and `-u1000000` pass) and counts the characters of a variable such as `${UID}` as if they \
were digits; shipshape reads both spellings and leaves variables alone. It also sees \
`useradd` behind `sudo` and inside `sh -c` strings.",
        bad: "FROM debian:12\nRUN useradd -u 1000000 app\n",
        good: "FROM debian:12\nRUN useradd -l -u 1000000 app\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for c in run.commands() {
            let Some(v) = c.effective().filter(|v| v.is("useradd")) else {
                continue;
            };
            if v.has_any_flag(&["l", "no-log-init"]) {
                continue;
            }
            let Some(uid) = v.flag_value("u").or_else(|| v.flag_value("uid")) else {
                continue;
            };
            if uid.len() <= 5 || !uid.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let span = word_span(run, c, v.name);
            let fix = (span == v.name.span).then(|| {
                Fix::safe(
                    "Add `-l` (`--no-log-init`)",
                    vec![Edit::insert(v.name.span.end, " -l")],
                )
            });
            out.report(
                span,
                format!("`useradd` with UID {uid} and without `-l` writes a huge lastlog file into the layer"),
            )
            .fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS843";

    #[test]
    fn large_uid_without_l() {
        for script in [
            "useradd -u 1000000 app",
            "useradd -u100000 app",
            "useradd --uid 1000000 app",
            "useradd --uid=1000000 -m app",
            "sudo useradd -r -u 123456 app",
            "sh -c 'useradd -u 123456 app'",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert_eq!(texts(CODE, &src), vec!["useradd"], "{script}");
        }
        let src = "FROM debian:12\nRUN groupadd -g 1000000 app && \\\n    useradd -u 1000000 -g app app\n";
        assert_eq!(lines(CODE, src), vec![3]);
        assert_eq!(
            run(CODE, src)[0].message,
            "`useradd` with UID 1000000 and without `-l` writes a huge lastlog file into the layer"
        );
    }

    #[test]
    fn the_fix_inserts_l() {
        let src = "FROM debian:12\nRUN groupadd -g 1000000 app && \\\n    useradd -u 1000000 -g app app\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM debian:12\nRUN groupadd -g 1000000 app && \\\n    useradd -l -u 1000000 -g app app\n"
        );
        let src = "FROM debian:12\nRUN /usr/sbin/useradd --uid=123456 app\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM debian:12\nRUN /usr/sbin/useradd -l --uid=123456 app\n"
        );
    }

    #[test]
    fn near_misses() {
        for script in [
            "useradd -u 10000 app",
            "useradd -l -u 1000000 app",
            "useradd --no-log-init -u 1000000 app",
            "useradd -lu 1000000 app",
            "useradd -u ${APP_UID} app",
            "useradd app",
            "adduser -u 1000000 app",
            "echo useradd -u 1000000",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert!(run(CODE, &src).is_empty(), "{script}");
        }
    }
}
