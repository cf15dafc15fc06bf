//! SS913 image-secret-in-file: a small text file of the image holds a
//! secret-shaped value.

use super::image_support::{
    base_note, credential_kind, file_location, final_files, in_dependency_tree,
    no_dockerfile_check, secret_value,
};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::image::FileKind;
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS913",
        name: "image-secret-in-file",
        summary: "A configuration or text file in the image holds a token, key or password URL",
        severity: Severity::Error,
        category: Category::Secrets,
        target: Target::Image,
        checklist: &[Checklist::NoHardcodedCredentials],
        owasp: &[Owasp::D06],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "Configuration files copied into an image (`config.yml`, `settings.json`, \
scripts) are readable by anyone who pulls it. A token or key written into one is published \
with the image. Read secrets at run time instead (a mounted secret file, an environment \
variable set by the orchestrator) and rotate any that shipped.\n\n\
shipshape reads the small text files the image reader keeps (configuration, scripts, \
dotfiles, env files; not files under package-managed trees such as `/usr/share` or \
`node_modules`) and reports the first line holding a value with the shape of a known \
credential: AWS access key IDs, GitHub/GitLab/Slack/npm/PyPI tokens, Stripe live keys, \
Google API keys, private key blocks, URLs with a password. Files that \
`image-credential-file` already reports are not reported again. The value is never printed.",
        bad: "FROM node:20\nCOPY . /app\n+ /app/config.yml = db:\\n  url: postgres://app:s3cret@db:5432/app\n",
        good: "FROM node:20\nCOPY . /app\n+ /app/config.yml = db:\\n  url: postgres://app@db:5432/app\n",
    },
    check: no_dockerfile_check,
};

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    let img = cx.image;
    for (path, r, e) in final_files(img) {
        if e.kind != FileKind::File || in_dependency_tree(path) {
            continue;
        }
        let Some(text) = e.content.as_ref().and_then(|c| c.text()) else {
            continue;
        };
        if credential_kind(path, e, false).is_some() {
            continue;
        }
        let hit = text
            .lines()
            .enumerate()
            .find_map(|(i, l)| secret_value(l).map(|k| (i + 1, k)))
            .or_else(|| {
                // A private key block spans lines: judge the whole text.
                crate::rules::image_support::private_key_block(text).then_some((1, "a private key"))
            });
        if let Some((line, kind)) = hit {
            out.report_at(
                format!("{}:{line}", file_location(img, r.layer, path)),
                format!(
                    "`{path}` line {line} holds what looks like {kind}{}",
                    base_note(img, r.layer)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{image_locations, image_run};

    #[test]
    fn secret_values_in_text_files() {
        let token = format!("ghp_{}", "A1b2".repeat(9));
        let s = format!(
            "FROM x\nCOPY . /app\n+ /app/deploy.sh = #!/bin/sh\\ncurl -H \"Authorization: token {token}\" https://api.github.com\n\
             + /app/settings.json = {{\"aws\": \"AKIAIOSFODNN7EXAMPLE\"}}\n"
        );
        let d = image_run("SS913", &s);
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "`/app/deploy.sh` line 2 holds what looks like a GitHub token",
                "`/app/settings.json` line 1 holds what looks like an AWS access key ID",
            ]
        );
        assert!(d[0]
            .location
            .as_deref()
            .unwrap()
            .ends_with(": /app/deploy.sh:2"));
        assert!(!d[0].message.contains(&token));
    }

    #[test]
    fn near_misses() {
        let s = "FROM x\nCOPY . /app\n\
            + /app/config.yml = url: postgres://app:${DB_PASSWORD}@db/app\\nkey: AKIA123\n\
            + /root/.aws/credentials = [default]\\naws_secret_access_key = AKIAIOSFODNN7EXAMPLE\n\
            + /app/node_modules/x/config.json = {\"k\": \"AKIAIOSFODNN7EXAMPLE\"}\n\
            + /app/README.txt = see https://example.com/a:b@c\n";
        assert!(image_locations("SS913", s).is_empty());
    }
}
