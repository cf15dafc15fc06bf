//! SS918 image-deleted-secret: a secret file deleted (or overwritten) by a
//! later layer is still in the layer that added it.

use super::image_support::{
    credential_kind, in_dependency_tree, layer_name, no_dockerfile_check, secret_value,
};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::image::{FileKind, FsRef, HiddenBy};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS918",
        name: "image-deleted-secret",
        summary: "A secret removed by a later layer is still in the image's lower layer",
        severity: Severity::Error,
        category: Category::Secrets,
        target: Target::Image,
        checklist: &[Checklist::NoHardcodedCredentials, Checklist::ManageLayers],
        owasp: &[Owasp::D06],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "Layers are only ever added. `COPY id_rsa /root/.ssh/` followed by `RUN rm \
/root/.ssh/id_rsa` hides the key from the running container, but the layer that added it \
ships unchanged: `docker save` and any registry pull hand it out, and extracting it takes \
one `tar` command. The same holds for a file overwritten later. Use build secrets \
(`RUN --mount=type=secret`, `--mount=type=ssh`) so the secret never lands in a layer, or a \
multi-stage build that copies only the result into the final stage; rotate the secret that \
shipped.\n\n\
Reported: files that a later layer deletes or replaces and that are private keys, \
credential files (judged by name, since their content may not have been kept) or hold a \
secret-shaped value. No peer reports this as such: scanners that read every layer may \
find the file in its layer, but do not say that a later layer deleted it, which is the \
point: whoever reads the Dockerfile believes it is gone.",
        bad: "FROM debian:12\nCOPY id_rsa /root/.ssh/id_rsa\n+ /root/.ssh/id_rsa 0600\nRUN git clone git@github.com:acme/app.git && rm /root/.ssh/id_rsa\n- /root/.ssh/id_rsa\n",
        good: "FROM debian:12\nRUN --mount=type=ssh git clone git@github.com:acme/app.git\n+ /app/README.md\n",
    },
    check: no_dockerfile_check,
};

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    let img = cx.image;
    for h in &img.filesystem.hidden {
        if h.kind != FileKind::File || in_dependency_tree(&h.path) {
            continue;
        }
        let Some(e) = img.entry(FsRef {
            layer: h.layer,
            entry: h.entry,
        }) else {
            continue;
        };
        let kind = credential_kind(&h.path, e, true).or_else(|| {
            e.content
                .as_ref()
                .and_then(|c| c.text())
                .and_then(secret_value)
                .map(|k| format!("a file holding {k}"))
        });
        let Some(kind) = kind else { continue };
        let how = match h.how {
            HiddenBy::Deleted => "deleted",
            HiddenBy::Replaced => "overwritten",
        };
        out.report_at(
            format!("{}: {}", layer_name(img, h.layer), h.path),
            format!(
                "`{}` ({kind}) is {how} in layer {}, but layer {} still holds it",
                h.path, h.by_layer, h.layer
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{image_locations, image_run};

    #[test]
    fn deleted_and_overwritten_secrets() {
        let s = "FROM x\nCOPY . /\n+ /root/.ssh/id_rsa 0600\n+ /app/.npmrc = //r/:_authToken=abc\n\
                 + /app/conf.yml = token: AKIAIOSFODNN7EXAMPLE\n\
                 RUN rm\n- /root/.ssh/id_rsa\n+ /app/.npmrc = registry=https://r/\n- /app/conf.yml\n";
        let d = image_run("SS918", s);
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "`/root/.ssh/id_rsa` (an SSH private key) is deleted in layer 2, but layer 1 still holds it",
                "`/app/conf.yml` (a file holding an AWS access key ID) is deleted in layer 2, but layer 1 still holds it",
                "`/app/.npmrc` (an npm registry token) is overwritten in layer 2, but layer 1 still holds it",
            ]
        );
        assert!(d[0]
            .location
            .as_deref()
            .unwrap()
            .starts_with("layer 1 (sha256:"));
        assert!(d[0]
            .location
            .as_deref()
            .unwrap()
            .ends_with(": /root/.ssh/id_rsa"));
    }

    #[test]
    fn harmless_deletions_and_live_secrets_are_not_this_rule() {
        let s = "FROM x\nCOPY . /\n+ /app/build.log = ok\n+ /tmp/x.tar.gz size=1M\n+ /root/.ssh/id_ed25519\n\
                 RUN rm\n- /app/build.log\n- /tmp/x.tar.gz\n";
        assert!(image_locations("SS918", s).is_empty());
    }
}
