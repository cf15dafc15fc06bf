//! SS808 expose-protocol-casing (BuildKit ExposeProtoCasing): the protocol
//! of an `EXPOSE` port is not lower-case (`EXPOSE 80/TCP`).

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::{Keyword, Span};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS808",
        name: "expose-protocol-casing",
        summary: "The protocol of an EXPOSE port is not lower-case",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(Tool::Buildkit, "ExposeProtoCasing")],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "The protocol of an exposed port is `tcp`, `udp` or `sctp`, in lower case. \
BuildKit accepts `EXPOSE 80/TCP` but warns, and other tools that read the image's \
`ExposedPorts` may not treat `80/TCP` as `80/tcp`. Write the protocol in lower case.\n\n\
Ports are judged after variable expansion, as BuildKit does. The fix lower-cases the \
protocol when it is written literally; a protocol that comes from a variable is reported \
without a fix.",
        bad: "FROM nginx:1.27\nEXPOSE 80/TCP\n",
        good: "FROM nginx:1.27\nEXPOSE 80/tcp\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let esc = cx.model.escape();
    for (idx, ins) in cx.model.instructions().iter().enumerate() {
        if ins.keyword != Keyword::Expose {
            continue;
        }
        for w in &ins.args {
            let literal = !w.text.contains(['$', '"', '\'', esc]) && w.span.text(cx.src) == w.text;
            if literal {
                let Some((start, proto)) = protocol(&w.text) else {
                    continue;
                };
                let lower = proto.to_lowercase();
                if lower == proto {
                    continue;
                }
                let at = w.span.start + start;
                let span = Span::new(at, at + proto.len());
                let fix = Fix::safe(format!("Write `{lower}`"), vec![Edit::replace(span, lower)]);
                out.report(span, message(proto, &w.text)).fix(Some(fix));
                continue;
            }
            let e = cx.model.expand_words_at(idx, &w.text);
            if !e.is_exact() {
                continue;
            }
            for port in &e.words {
                if let Some((_, proto)) = protocol(port) {
                    if proto.to_lowercase() != proto {
                        out.report(w.span, message(proto, port));
                    }
                }
            }
        }
    }
}

fn message(proto: &str, port: &str) -> String {
    format!("Protocol `{proto}` of port `{port}` is not lower-case")
}

/// The protocol part of `port/proto` (BuildKit: the text between the first
/// and a second `/`) and its offset.
fn protocol(port: &str) -> Option<(usize, &str)> {
    let (num, rest) = port.split_once('/')?;
    if num.is_empty() {
        return None;
    }
    let proto = rest.split('/').next().unwrap_or(rest);
    (!proto.is_empty()).then_some((num.len() + 1, proto))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS808";

    #[test]
    fn upper_and_mixed_case_protocols_are_reported() {
        let src = "FROM nginx:1.27\nEXPOSE 80/TCP 443 53/Udp 8080-8090/SCTP\n";
        assert_eq!(texts(CODE, src), ["TCP", "Udp", "SCTP"]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM nginx:1.27\nEXPOSE 80/tcp 443 53/udp 8080-8090/sctp\n"
        );
    }

    #[test]
    fn lower_case_and_missing_protocols_are_clean() {
        let src = "FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp 8080/\n";
        assert!(run(CODE, src).is_empty());
        // Not EXPOSE.
        assert!(run(CODE, "FROM nginx:1.27\nLABEL port=80/TCP\n").is_empty());
    }

    #[test]
    fn protocols_from_variables_are_reported_without_a_fix() {
        let src = "FROM nginx:1.27\nARG PROTO=TCP\nEXPOSE 80/${PROTO}\n";
        let found = run(CODE, src);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.text(src), "80/${PROTO}");
        assert!(found[0].fix.is_none());
        // Unknown and unset values are not judged.
        assert!(run(CODE, "FROM nginx:1.27\nARG TARGETOS\nEXPOSE 80/$TARGETOS\n").is_empty());
        assert!(run(CODE, "FROM nginx:1.27\nARG PROTO\nEXPOSE 80/$PROTO\n").is_empty());
        let src = "FROM nginx:1.27\nARG PORTS=\"80/tcp 81/UDP\"\nEXPOSE $PORTS\n";
        assert_eq!(lines(CODE, src), [3]);
    }

    #[test]
    fn continuation_lines_and_crlf() {
        let src = "FROM nginx:1.27\r\nEXPOSE 80/tcp \\\r\n  443/TCP\r\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM nginx:1.27\r\nEXPOSE 80/tcp \\\r\n  443/tcp\r\n"
        );
    }
}
