//! SS903 image-secret-env (Dockle CIS-DI-0010): the image's environment
//! holds a secret-looking variable or a secret-shaped value.

use super::image_support::{no_dockerfile_check, real_value, secret_name, secret_value};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS903",
        name: "image-secret-env",
        summary: "The image's environment holds a secret",
        severity: Severity::Warning,
        category: Category::Secrets,
        target: Target::Image,
        checklist: &[Checklist::NoSecretsInEnv, Checklist::NoHardcodedCredentials],
        owasp: &[Owasp::D06],
        equivalents: &[Equivalent::similar(Tool::Dockle, "CIS-DI-0010")],
        fix: FixKind::None,
        default_enabled: true,
        why: "Every variable of `config.Env` is readable by anyone who can pull the image \
(`docker inspect`), and by every process in every container started from it. A password or \
token there is published with the image. Pass secrets at run time (a secret mount, \
`--env-file` kept out of the image, an orchestrator secret) and point to them with a \
`*_FILE` variable.\n\n\
Reported: a variable whose name reads like a secret (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, \
`API_KEY`, `ACCESS_KEY`…) with a literal value, and any variable whose value has the shape of \
a known credential (AWS access key IDs, GitHub/GitLab/Slack/npm/PyPI tokens, Stripe live \
keys, Google API keys, private keys, URLs with a password). Names that point at a secret \
(`*_FILE`, `*_PATH`, `*_URL`…), empty values and `$VAR` references are not reported. The \
value is never printed.\n\n\
This is the image counterpart of the Dockerfile rule `secret-in-arg-env`. Dockle's \
CIS-DI-0010 matches names containing `KEY`, `ACCESS` or `PASS` anywhere (so `MONKEY` and \
`PASSENGER_HOME` too) and looks at no value; shipshape matches name parts and value shapes.",
        bad: "FROM node:20\nENV NODE_ENV=production DB_PASSWORD=hunter2\n",
        good: "FROM node:20\nENV NODE_ENV=production DB_PASSWORD_FILE=/run/secrets/db\n",
    },
    check: no_dockerfile_check,
};

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    for (k, v) in &cx.image.config.env {
        let message = if let Some(kind) = secret_value(v) {
            format!("Environment variable `{k}` holds what looks like {kind}")
        } else if secret_name(k) && real_value(v) {
            format!("Environment variable `{k}` looks like a secret and is set in the image")
        } else {
            continue;
        };
        out.report_at(format!("config.Env[{k}]"), message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{image_locations, image_run};

    #[test]
    fn secret_names_and_values() {
        assert_eq!(
            image_locations(
                "SS903",
                "FROM x\nENV DB_PASSWORD=hunter2 GITHUB_TOKEN=abc\nENV DATABASE_URL=postgres://u:pw@db/app\n"
            ),
            vec!["config.Env[DB_PASSWORD]", "config.Env[GITHUB_TOKEN]", "config.Env[DATABASE_URL]"]
        );
        let d = image_run("SS903", "FROM x\nENV HELLO=AKIAIOSFODNN7EXAMPLE\n");
        assert_eq!(
            d[0].message,
            "Environment variable `HELLO` holds what looks like an AWS access key ID"
        );
        assert!(!d[0].message.contains("AKIA"));
    }

    #[test]
    fn near_misses() {
        assert!(image_locations(
            "SS903",
            "FROM x\nENV DB_PASSWORD_FILE=/run/secrets/db DB_PASSWORD= TOKEN_URL=https://x/t\n\
             ENV GPG_KEY=B42F6819007F00F88E364FD4036A9C25BF357DD4 API_TOKEN=$TOKEN MONKEY=1\n"
        )
        .is_empty());
    }
}
