//! SS813 expose-invalid-format (BuildKit ExposeInvalidFormat): an `EXPOSE`
//! port carries a host address or a host port (`127.0.0.1:80:80`, `8080:80`).

use super::expose_port_out_of_range::port_specs;
use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS813",
        name: "expose-invalid-format",
        summary: "An EXPOSE port names a host address or host port",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(Tool::Buildkit, "ExposeInvalidFormat")],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "`EXPOSE` documents the ports the container listens on; it does not publish \
anything. A host address or host port (`EXPOSE 127.0.0.1:8080:80`, `EXPOSE 8080:80`) looks \
like a port mapping, but BuildKit drops that part and records only the container port \
(`80/tcp`). Readers are misled into thinking the image binds to a host port or address, and \
BuildKit has announced that the form will become an error. Publish ports at run time \
(`docker run -p 127.0.0.1:8080:80`, Compose `ports:`) and `EXPOSE` the container port only.\n\n\
Ports are judged after variable expansion. The fix keeps the container port (and its \
protocol) of a port written literally; it is safe, since that is all BuildKit keeps.",
        bad: "FROM nginx:1.27\nEXPOSE 8080:80\n",
        good: "FROM nginx:1.27\nEXPOSE 80\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for (idx, ins) in cx.model.instructions().iter().enumerate() {
        if ins.keyword != Keyword::Expose {
            continue;
        }
        for (spec, span, literal) in port_specs(cx, idx) {
            let Some((_, container)) = spec.rsplit_once(':') else {
                continue;
            };
            let fix = (literal && !container.is_empty()).then(|| {
                Fix::safe(
                    format!("Keep the container port `{container}`"),
                    vec![Edit::replace(span, container)],
                )
            });
            out.report(
                span,
                format!(
                    "Port `{spec}` names a host address or port, which EXPOSE ignores; expose `{container}` and publish at run time"
                ),
            )
            .fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS813";

    #[test]
    fn host_parts_are_reported_and_fixed() {
        let src = "FROM nginx:1.27\nEXPOSE 8080:80 127.0.0.1:443:443/tcp [::1]:53:53/udp 90\n";
        assert_eq!(
            texts(CODE, src),
            ["8080:80", "127.0.0.1:443:443/tcp", "[::1]:53:53/udp"]
        );
        assert_eq!(
            fixed(CODE, src, false),
            "FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp 90\n"
        );
    }

    #[test]
    fn plain_ports_are_clean() {
        for src in [
            "FROM nginx:1.27\nEXPOSE 80 443/tcp 8000-8010/udp\n",
            "FROM nginx:1.27\nLABEL ports=8080:80\n",
            "FROM nginx:1.27\nEXPOSE $PORTS\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn expanded_values_are_reported_without_a_fix() {
        let src = "FROM nginx:1.27\nARG MAP=8080:80\nEXPOSE $MAP\n";
        let d = run(CODE, src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.text(src), "$MAP");
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM nginx:1.27\nEXPOSE 80 \\\n  8443:443\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM nginx:1.27\nEXPOSE 80 \\\n  443\n"
        );
    }
}
