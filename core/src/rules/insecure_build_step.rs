//! SS106 insecure-build-step (no peer equivalent): `RUN --security=insecure`
//! runs a build step with all capabilities and no sandbox.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS106",
        name: "insecure-build-step",
        summary: "A RUN step runs privileged with --security=insecure",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Dockerfile,
        checklist: &[Checklist::LeastPrivilege],
        owasp: &[Owasp::D04, Owasp::D05],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "`RUN --security=insecure` runs the step like `docker run --privileged`: every \
capability, no seccomp or AppArmor profile, access to the host's devices. Whatever that \
step downloads or builds runs with that power on the build machine, which often holds \
registry credentials and other projects' caches. BuildKit only allows it when the \
builder grants the `security.insecure` entitlement, and needing it is usually a sign that \
the work (mounting file systems, loop devices, nested containers) belongs outside the \
image build.\n\n\
Reported: each `RUN` (also `ONBUILD RUN`) with `--security=insecure`. `--security=sandbox`, \
the default, is clean. No peer linter checks `RUN` security flags.",
        bad: "# syntax=docker/dockerfile:1-labs\nFROM debian:12\nRUN --security=insecure mount -t tmpfs none /mnt && make\n",
        good: "FROM debian:12\nRUN make\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for f in run
            .instruction
            .flags
            .iter()
            .filter(|f| f.name == "security")
        {
            let Some(v) = f.value.as_ref() else { continue };
            let value = v.text.trim_matches(|c| c == '"' || c == '\'');
            if value.eq_ignore_ascii_case("insecure") {
                out.report(
                    f.span,
                    "`--security=insecure` runs this step with every capability and no sandbox",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, texts};

    const CODE: &str = "SS106";

    #[test]
    fn insecure_steps() {
        let src = "FROM debian:12\nRUN --security=insecure make\nRUN --network=none --security=\"insecure\" \\\n    make\nONBUILD RUN --security=insecure make\n";
        assert_eq!(
            texts(CODE, src),
            [
                "--security=insecure",
                "--security=\"insecure\"",
                "--security=insecure"
            ]
        );
    }

    #[test]
    fn near_misses() {
        let src = "FROM debian:12\nRUN --security=sandbox make\nRUN echo --security=insecure\nRUN <<EOF\nmake --security=insecure\nEOF\nCOPY --link a /a\n";
        assert!(lines(CODE, src).is_empty());
    }
}
