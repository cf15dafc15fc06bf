//! SS305 secret-arg-in-run (no peer equivalent; Trivy DS-0031 looks at the
//! final stage only): a secret-like ARG that a RUN uses, in any stage.

use std::collections::HashMap;

use super::secret_in_arg_env::is_secret_name;
use super::trust_support::{var_refs, SecretMounts};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::model::VarKind;
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};
use crate::syntax::Span;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS305",
        name: "secret-arg-in-run",
        summary: "A secret-like ARG is used by a RUN, so its value is recorded in the build history",
        severity: Severity::Error,
        category: Category::Secrets,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoSecretsInEnv, Checklist::NoHardcodedCredentials],
        owasp: &[Owasp::D06],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "A build argument is an environment variable of every `RUN` after its `ARG`, \
and the build records it: the image history of those steps shows `|1 NPM_TOKEN=…`, and \
the value is part of the build cache key and of the provenance attestation. That holds \
in every stage. A multi-stage build whose final stage is clean still leaves the build \
stage's history in the cache, on the builder and in any registry cache export \
(`--cache-to`). Once a `RUN` uses the argument, the secret has reached all of these. \
Pass it as a build secret instead: `docker build --secret id=npm_token,env=NPM_TOKEN` \
and `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN …`.\n\n\
**What is reported.** An `ARG` in a stage (also a global `ARG` re-declared in the stage) \
whose name is secret-like by SS301's rules, when a later `RUN` of the same stage refers to \
it as `$NAME` or `${NAME…}` in its command line or a heredoc. The finding is on the `ARG`; \
each `RUN` that uses it is shown as a related location. A `RUN` whose secret mount \
provides the same name (`--mount=type=secret,…,env=NAME`) does not count: the mount's \
value is the one that step sees. `ARG`s whose default is a file path (`/run/secrets/…`) or \
a boolean are not secrets.\n\n\
**How this relates to SS301.** SS301 reports every secret-like `ARG` and `ENV` by name, \
used or not. This rule reports the argument once its value is certain to be in the build \
record, at error severity, and shows where. Trivy's DS-0031 checks secret-like names in the \
final stage only; none of the peers follows the use into `RUN`.",
        bad: "FROM node:22 AS build\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\nFROM node:22-slim\nCOPY --from=build /app /app\n",
        good: "FROM node:22 AS build\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\\n    echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\nFROM node:22-slim\nCOPY --from=build /app /app\n",
    },
    check,
};

/// A default that is plainly not a secret: a path or a boolean.
fn harmless_default(v: &str) -> bool {
    let v = v.trim();
    let path = (v.starts_with('/') || v.starts_with("./") || v.starts_with("~/"))
        && !v.bytes().any(|b| b.is_ascii_whitespace());
    let boolean = ["true", "false", "yes", "no", "on", "off", "0", "1"]
        .iter()
        .any(|b| v.eq_ignore_ascii_case(b));
    path || boolean
}

/// Every `$NAME` reference of a RUN (command line and heredocs): the name
/// and its source span, in order.
fn refs<'a>(cx: &Context<'a>, run: &'a super::support::Run<'a>) -> Vec<(&'a str, Span)> {
    let ins = run.instruction;
    let mut out: Vec<(&str, Span)> = var_refs(&ins.text.text)
        .into_iter()
        .map(|r| (r.name, ins.text.span(r.start..r.end)))
        .collect();
    for h in &ins.heredocs {
        let body = h.body.text(cx.src);
        out.extend(var_refs(body).into_iter().map(|r| {
            (
                r.name,
                Span::new(h.body.start + r.start, h.body.start + r.end),
            )
        }));
    }
    out
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for (s, stage) in cx.model.stages.iter().enumerate() {
        // The stage's secret-like ARGs by name.
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        let vars: Vec<_> = stage
            .vars
            .iter()
            .filter(|v| {
                v.kind == VarKind::Arg
                    && is_secret_name(&v.name)
                    && !v.value.known().is_some_and(harmless_default)
            })
            .collect();
        if vars.is_empty() {
            continue;
        }
        for (k, v) in vars.iter().enumerate() {
            by_name.entry(v.name.as_str()).or_default().push(k);
        }
        // Uses of each ARG: the first reference in each RUN after it.
        let mut used: Vec<Vec<Span>> = vec![Vec::new(); vars.len()];
        for run in cx.runs.iter().filter(|r| r.stage == Some(s)) {
            let mounts = SecretMounts::of(run.instruction);
            let mut seen: Vec<usize> = Vec::new();
            for (name, span) in refs(cx, run) {
                let Some(ks) = by_name.get(name) else {
                    continue;
                };
                if mounts.envs.iter().any(|e| e == name) {
                    continue;
                }
                for &k in ks {
                    let declared_before = vars.get(k).is_some_and(|v| v.instruction < run.index);
                    if declared_before && !seen.contains(&k) {
                        seen.push(k);
                        if let Some(u) = used.get_mut(k) {
                            u.push(span);
                        }
                    }
                }
            }
        }
        for (var, spans) in vars.iter().zip(&used) {
            let Some(first) = spans.first() else { continue };
            let mut r = out.report(
                var.name_span,
                format!(
                    "Build argument `{}` looks like a secret and a RUN uses it, so its value is recorded in the build history; use `RUN --mount=type=secret` instead",
                    var.name
                ),
            );
            r = r.related(*first, format!("`{}` is used here", var.name));
            for u in spans.iter().skip(1).take(4) {
                r = r.related(*u, format!("`{}` is used here", var.name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS305";

    #[test]
    fn used_secret_args() {
        let src = "FROM node:22 AS build\nARG NPM_TOKEN\nRUN echo \"//r/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\nFROM node:22-slim\nCOPY --from=build /app /app\n";
        assert_eq!(texts(CODE, src), ["NPM_TOKEN"]);
        let d = run(CODE, src);
        assert_eq!(d[0].related.len(), 1);
        assert_eq!(d[0].related[0].span.text(src), "${NPM_TOKEN");
        assert_eq!(
            d[0].message,
            "Build argument `NPM_TOKEN` looks like a secret and a RUN uses it, so its value is recorded in the build history; use `RUN --mount=type=secret` instead"
        );
    }

    #[test]
    fn global_args_redeclared_and_several_uses() {
        let src = "ARG GITHUB_TOKEN\nFROM alpine:3.20\nARG GITHUB_TOKEN\nRUN git clone https://x:$GITHUB_TOKEN@github.com/o/r.git\nRUN echo $GITHUB_TOKEN | gh auth login --with-token\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(run(CODE, src)[0].related.len(), 2);
    }

    #[test]
    fn near_misses() {
        for src in [
            // Declared but never used by a RUN.
            "FROM alpine\nARG API_KEY\nRUN make\n",
            // Not a secret name.
            "FROM alpine\nARG VERSION=1\nRUN echo $VERSION\n",
            // Used before it is declared.
            "FROM alpine\nRUN echo $API_KEY\nARG API_KEY\n",
            // Used in another stage, where it is not declared.
            "FROM alpine AS a\nARG API_KEY\nFROM alpine\nRUN echo $API_KEY\n",
            // A global ARG not re-declared is not visible in the stage.
            "ARG API_KEY\nFROM alpine\nRUN echo $API_KEY\n",
            // The secret mount provides the value.
            "FROM alpine\nARG NPM_TOKEN\nRUN --mount=type=secret,id=t,env=NPM_TOKEN npm ci\nRUN --mount=type=secret,id=t,env=NPM_TOKEN echo $NPM_TOKEN > /dev/null\n",
            // A path default.
            "FROM alpine\nARG TOKEN_FILE_LOC=/run/secrets/t\nARG SECRET=/run/secrets/s\nRUN cat $SECRET\n",
            // Another name that starts the same.
            "FROM alpine\nARG TOKEN\nRUN echo $TOKENIZER\n",
        ] {
            assert!(lines(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn continuation_and_heredoc_uses() {
        let src = "FROM alpine\nARG DB_PASSWORD\nRUN setup \\\n    --password \"$DB_PASSWORD\"\n";
        let d = run(CODE, src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].related[0].span.text(src), "$DB_PASSWORD");
        let src = "FROM alpine\nARG DB_PASSWORD\nRUN <<EOF\nset -e\nmysql -p\"$DB_PASSWORD\" < init.sql\nEOF\n";
        let d = run(CODE, src);
        assert_eq!(d.len(), 1);
        assert_eq!(
            src[..d[0].related[0].span.start].matches('\n').count() + 1,
            5
        );
    }
}
