//! SS912 image-credential-file (Dockle CIS-DI-0010): private keys and
//! credential files in the image.

use super::image_support::{
    base_note, credential_kind, file_location, final_files, in_dependency_tree, no_dockerfile_check,
};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::image::FileKind;
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS912",
        name: "image-credential-file",
        summary: "A private key or a credentials file is in the image",
        severity: Severity::Error,
        category: Category::Secrets,
        target: Target::Image,
        checklist: &[Checklist::NoHardcodedCredentials],
        owasp: &[Owasp::D06],
        equivalents: &[Equivalent::similar(Tool::Dockle, "CIS-DI-0010")],
        fix: FixKind::None,
        default_enabled: true,
        why: "Whoever can pull an image can read every file in it. An SSH key, a cloud \
credentials file or a registry login copied in during the build is published with it, and \
stays valid until someone rotates it. Use build secrets (`RUN --mount=type=secret`, \
`--mount=type=ssh`) so credentials are never written to a layer, keep them out of the build \
context with `.dockerignore`, and rotate any that were shipped.\n\n\
Reported in the final file system: SSH private keys (`id_rsa`, `id_ed25519`…) and SSH host \
keys; `*.pem`/`*.key` files holding a `PRIVATE KEY` block; key stores (`.p12`, `.pfx`, \
`.jks`…); `.aws/credentials` with a secret key; `.docker/config.json` with `auths` logins; \
`.npmrc` with `_authToken`/`_auth`/`_password`; `.pypirc` with a password; \
`.git-credentials`, `.netrc`, `.pgpass`, `.htpasswd`; `.env` files with secret-looking keys \
(`.env.example` and the like are skipped). Files under dependency trees (`node_modules`, \
`site-packages`, `vendor`, `/usr/share`…), which hold packages' test fixtures, are skipped. \
Dockle's CIS-DI-0010 goes by file name and extension only; shipshape looks inside the file \
where the name alone proves nothing. Files deleted by a later layer are `image-deleted-secret`.",
        bad: "FROM debian:12\nCOPY . /root/\n+ /root/.ssh/id_ed25519 0600 = -----BEGIN OPENSSH PRIVATE KEY-----\\nb3Blbn...\n",
        good: "FROM debian:12\nCOPY . /root/\n+ /root/.ssh/known_hosts 0644 = github.com ssh-ed25519 AAAA...\n",
    },
    check: no_dockerfile_check,
};

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    let img = cx.image;
    for (path, r, e) in final_files(img) {
        if e.kind != FileKind::File || in_dependency_tree(path) {
            continue;
        }
        if let Some(kind) = credential_kind(path, e, false) {
            out.report_at(
                file_location(img, r.layer, path),
                format!("`{path}` is {kind}{}", base_note(img, r.layer)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{image_locations, image_run};

    #[test]
    fn keys_and_credential_files() {
        let s = "FROM x\nCOPY . /\n\
            + /root/.ssh/id_rsa 0600\n\
            + /app/tls.key = -----BEGIN EC PRIVATE KEY-----\\nMHc\n\
            + /root/.aws/credentials = [default]\\naws_secret_access_key = abc\n\
            + /root/.docker/config.json = {\"auths\":{\"ghcr.io\":{\"auth\":\"dXNlcjpwYXNz\"}}}\n\
            + /home/app/.npmrc = //registry.npmjs.org/:_authToken=npm_abc\n\
            + /root/.pypirc = [pypi]\\nusername = __token__\\npassword = pypi-abc\n\
            + /root/.git-credentials = https://u:t@github.com\n\
            + /app/.env = NODE_ENV=production\\nSTRIPE_SECRET=sk_test_1\n\
            + /etc/ssh/ssh_host_ed25519_key 0600\n";
        let d = image_run("SS912", s);
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "`/app/.env` is an env file with secrets (`STRIPE_SECRET`)",
                "`/app/tls.key` is a private key",
                "`/etc/ssh/ssh_host_ed25519_key` is an SSH host private key, the same in every container",
                "`/home/app/.npmrc` is an npm registry token",
                "`/root/.aws/credentials` is AWS credentials",
                "`/root/.docker/config.json` is a Docker registry login",
                "`/root/.git-credentials` is git credentials",
                "`/root/.pypirc` is a PyPI password",
                "`/root/.ssh/id_rsa` is an SSH private key",
            ]
        );
    }

    #[test]
    fn near_misses() {
        let s = "FROM x\nCOPY . /\n\
            + /root/.ssh/id_rsa.pub = ssh-rsa AAAA\n\
            + /app/cert.pem = -----BEGIN CERTIFICATE-----\\nMII\n\
            + /app/public.key = -----BEGIN PUBLIC KEY-----\n\
            + /root/.aws/config = [default]\\nregion = eu-west-1\n\
            + /root/.docker/config.json = {\"auths\":{\"ghcr.io\":{}},\"credsStore\":\"desktop\"}\n\
            + /home/app/.npmrc = registry=https://registry.npmjs.org/\\n//r/:_authToken=${NPM_TOKEN}\n\
            + /app/.env.example = DB_PASSWORD=changeme\n\
            + /app/.env = NODE_ENV=production\\nDB_PASSWORD=\n\
            + /app/node_modules/ssh2/test/fixtures/id_rsa 0600\n\
            + /root/.ssh/ 0700\n";
        assert!(image_locations("SS912", s).is_empty());
    }
}
