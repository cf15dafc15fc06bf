//! SS812 expose-port-out-of-range (hadolint DL3011, Trivy DS-0008): an
//! `EXPOSE` port, or an end of a port range, is above 65535.

use super::structure_support::judgeable;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::{Keyword, Span};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS812",
        name: "expose-port-out-of-range",
        summary: "An EXPOSE port is above 65535",
        severity: Severity::Error,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3011"),
            Equivalent::similar(Tool::Trivy, "DS-0008"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "TCP, UDP and SCTP ports are 16-bit numbers, 0 to 65535. BuildKit stops the build \
at an `EXPOSE` with a larger number (\"invalid containerPort\"), and tools that read the \
image's `ExposedPorts` cannot use it. It is usually a typo: check the port the service \
listens on.\n\n\
Every number of a port specification counts: single ports, both ends of a range \
(`8000-70000`) and a host port. Ports are judged after variable expansion (`ARG PORT=70000` \
with `EXPOSE $PORT` is reported); a value the file cannot know is not judged.\n\n\
hadolint DL3011 judges ports as written and skips variables; Trivy DS-0008 judges single \
ports only, not ranges.",
        bad: "FROM nginx:1.27\nEXPOSE 80800\n",
        good: "FROM nginx:1.27\nEXPOSE 8080\n",
    },
    check,
};

/// The port specifications of an EXPOSE instruction after expansion, each
/// with the span to report: the word itself when written literally, else the
/// word it came from. Values that cannot be judged are left out.
pub(crate) fn port_specs(cx: &Context<'_>, idx: usize) -> Vec<(String, Span, bool)> {
    let mut out = Vec::new();
    let Some(ins) = cx.model.instruction(idx) else {
        return out;
    };
    let esc = cx.model.escape();
    for w in &ins.args {
        let literal = !w.text.contains(['$', '"', '\'', esc]) && w.span.text(cx.src) == w.text;
        if literal {
            out.push((w.text.clone(), w.span, true));
            continue;
        }
        let e = cx.model.expand_words_at(idx, &w.text);
        if judgeable(cx, idx, &e) {
            out.extend(e.words.into_iter().map(|p| (p, w.span, false)));
        }
    }
    out
}

/// Whether a port number (digits only) is above 65535.
fn too_big(n: &str) -> bool {
    !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
        && n.parse::<u64>().map_or(true, |v| v > 65535)
}

/// Whether any port number of `[ip:][host:]container[/proto]` is above 65535.
pub(crate) fn out_of_range(spec: &str) -> bool {
    let ports = spec.split('/').next().unwrap_or(spec);
    let parts: Vec<&str> = ports.split(':').collect();
    let skip = parts.len().saturating_sub(2);
    parts
        .iter()
        .skip(skip)
        .flat_map(|p| p.split('-'))
        .any(too_big)
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for (idx, ins) in cx.model.instructions().iter().enumerate() {
        if ins.keyword != Keyword::Expose {
            continue;
        }
        for (spec, span, _) in port_specs(cx, idx) {
            if out_of_range(&spec) {
                out.report(
                    span,
                    format!("Port `{spec}` is outside the valid range 0-65535"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS812";

    #[test]
    fn ports_above_65535() {
        let src = "FROM nginx:1.27\nEXPOSE 70000 80-70000/udp 65536-65540 8080:99999 99999999999999999999999\n";
        assert_eq!(
            texts(CODE, src),
            [
                "70000",
                "80-70000/udp",
                "65536-65540",
                "8080:99999",
                "99999999999999999999999"
            ]
        );
        assert_eq!(
            run(CODE, src)[0].message,
            "Port `70000` is outside the valid range 0-65535"
        );
    }

    #[test]
    fn valid_ports_are_clean() {
        for src in [
            "FROM nginx:1.27\nEXPOSE 0 80 65535 1000-2000/tcp 53/udp\n",
            "FROM nginx:1.27\nEXPOSE $PORT\n",
            "FROM nginx:1.27\nARG TARGETARCH\nEXPOSE 7$TARGETARCH\n",
            "FROM nginx:1.27\nLABEL port=70000\n",
            "FROM nginx:1.27\nEXPOSE 127.0.0.1:80:80\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn variables_are_expanded() {
        let src = "FROM nginx:1.27\nARG PORT=70000\nEXPOSE $PORT\n";
        assert_eq!(texts(CODE, src), ["$PORT"]);
        assert_eq!(
            run(CODE, src)[0].message,
            "Port `70000` is outside the valid range 0-65535"
        );
        let src = "FROM nginx:1.27\nARG PORT=8080\nEXPOSE $PORT\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM nginx:1.27\nEXPOSE 80 \\\n  443 \\\n  70000\n";
        assert_eq!(lines(CODE, src), [4]);
    }
}
