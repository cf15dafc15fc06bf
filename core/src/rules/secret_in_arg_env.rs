//! SS301 secret-in-arg-env (BuildKit SecretsUsedInArgOrEnv, hadolint DL3064,
//! Trivy DS-0031, Dockle CIS-DI-0010): an ARG or ENV whose name says it
//! holds a secret.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};
use crate::syntax::{Instruction, KeyValue, Keyword};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS301",
        name: "secret-in-arg-env",
        summary: "An ARG or ENV name looks like it holds a secret",
        severity: Severity::Warning,
        category: Category::Secrets,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoSecretsInEnv, Checklist::NoHardcodedCredentials],
        owasp: &[Owasp::D06],
        equivalents: &[
            Equivalent::similar(Tool::Buildkit, "SecretsUsedInArgOrEnv"),
            Equivalent::similar(Tool::Hadolint, "DL3064"),
            Equivalent::similar(Tool::Trivy, "DS-0031"),
            Equivalent::similar(Tool::Dockle, "CIS-DI-0010"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "An `ENV` value is stored in the image configuration: everyone who can pull the \
image can read it with `docker inspect`. An `ARG` value is not kept in the configuration, but it \
is recorded in the image history of every `RUN` that uses it, in the build cache and in \
build provenance. Either way the secret outlives the build. Pass secrets with \
`RUN --mount=type=secret,id=…` (readable as a file, or as an environment variable with \
`env=NAME`, only while that one `RUN` executes) and keep them out of `ARG` and `ENV`.\n\n\
**What counts as a secret name.** The name is split into words at `_`, `-` and `.`, case \
ignored. A word `password`, `passwd`, `pword`, `pass`, `pwd` (not the bare `PWD`), `secret`, \
`secrets`, `token` (or ending in `token`, as in `GITHUBTOKEN`), `apikey`, `auth`, `credential` \
or `credentials` marks a secret; so does a word containing `password`, `passwd`, `secret`, \
`apikey`, `credential`, `privatekey` or `accesskey`, and a word `key` right after `api`, \
`access`, `private`, `secret`, `client`, `signing`, `encryption`, `master`, `ssh`, `license`, \
`account`, `app`, `service`, `deploy`, `auth`, `admin`, `session`, `storage`, `hmac` or `jwt` \
(so `API_KEY` and `SSH_PRIVATE_KEY` are reported; `GPG_KEY`, a public fingerprint in the \
official Python images, and `KMS_KEY_ALIAS` are not). `AUTHOR` is one word, not `auth`.\n\n\
**What is not reported.** Names with a word `public` (`NEXT_PUBLIC_API_KEY`, \
`JWT_PUBLIC_KEY`); names whose last word describes a setting rather than the secret itself: \
`_FILE`, `_PATH`, `_DIR`, `_VERSION`, `_URL`, `_URI`, `_ENDPOINT`, `_HOST`, `_PORT`, `_NAME`, \
`_ID`, `_TYPE`, `_METHOD`, `_MODE`, `_ENABLED`, `_DISABLED`, `_REQUIRED`, `_HEADER`, \
`_LENGTH`, `_TTL`, `_TIMEOUT`, `_ALGORITHM`, `_SCOPE`, `_PROVIDER`, `_SERVER`, `_REALM`, \
`_ISSUER`, `_AUDIENCE`, `_USER`, `_USERNAME`, `_HELPER` and a few more of that kind; except \
that `…ACCESS_KEY_ID` is reported: it is only ever used together with its secret and names the \
account. Values that are plainly not secrets are skipped too: a file path (`/…`, `./…`, `~/…`, \
which covers `/run/secrets/…`), a boolean (`true`, `false`, `yes`, `no`, `on`, `off`, `0`, \
`1`), and an `ENV` set to the empty string (clearing a variable). An `ARG` with no default is \
reported: it exists to receive the secret from `--build-arg`. Every stage is checked, and \
`ONBUILD ARG/ENV` too: a build stage's arguments still reach the cache and provenance.\n\n\
**How this differs from the peers.** BuildKit's `SecretsUsedInArgOrEnv` uses the same idea of \
whole words, with the words `apikey auth credential credentials key password pword passwd \
secret token` and the exceptions `public`, `file`, `version`; its bare `key` word makes it \
report `GPG_KEY`, `KMS_KEY_ALIAS` and `KEY_NAME` (moby/buildkit#5775), which we do not, and \
it misses `DB_PASS` and `MYSQLPASSWORD`, which we report. hadolint DL3064 matches substrings \
and a list of 48 names (so `username` and `private` alone fire there). Trivy DS-0031 looks at \
the final stage only. Dockle CIS-DI-0010 reads `NAME=value` words from the image history with \
substrings such as `KEY` and `ACCESS`, a known source of false positives (goodwithtech/dockle#159).",
        bad: "FROM node:22-alpine\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\n",
        good: "FROM node:22-alpine\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\\n    echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for ins in cx.model.instructions() {
        let ins: &Instruction = match ins.keyword {
            Keyword::Onbuild => match ins.nested.as_deref() {
                Some(n) => n,
                None => continue,
            },
            _ => ins,
        };
        let what = match ins.keyword {
            Keyword::Arg => "ARG",
            Keyword::Env => "ENV",
            _ => continue,
        };
        for pair in &ins.pairs {
            if !is_secret_name(&pair.key.text) || harmless_value(ins.keyword, pair) {
                continue;
            }
            let message = if ins.keyword == Keyword::Arg {
                format!(
                    "`{}` looks like a secret; {what} values are recorded in the image history and build cache, so use `RUN --mount=type=secret` instead",
                    pair.key.text
                )
            } else {
                format!(
                    "`{}` looks like a secret; {what} values are stored in the image for anyone who pulls it, so use `RUN --mount=type=secret` instead",
                    pair.key.text
                )
            };
            out.report(pair.key.span, message);
        }
    }
}

/// Words that name a secret on their own.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pword",
    "pass",
    "pwd",
    "secret",
    "secrets",
    "token",
    "apikey",
    "auth",
    "credential",
    "credentials",
];

/// Pieces that make any word a secret word (`MYSQLPASSWORD`).
const SECRET_PIECES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "apikey",
    "credential",
    "privatekey",
    "accesskey",
];

/// Words before `key` that make it a secret key (`API_KEY`, not `GPG_KEY`).
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "private",
    "secret",
    "client",
    "signing",
    "encryption",
    "master",
    "ssh",
    "license",
    "account",
    "app",
    "service",
    "deploy",
    "auth",
    "admin",
    "session",
    "storage",
    "hmac",
    "jwt",
];

/// Last words that name a setting about a secret rather than the secret.
const SETTING_WORDS: &[&str] = &[
    "file",
    "files",
    "path",
    "paths",
    "dir",
    "directory",
    "version",
    "url",
    "uri",
    "endpoint",
    "host",
    "hostname",
    "port",
    "name",
    "id",
    "type",
    "method",
    "mode",
    "enabled",
    "enable",
    "disabled",
    "disable",
    "required",
    "header",
    "length",
    "ttl",
    "expiry",
    "timeout",
    "algorithm",
    "scope",
    "scopes",
    "provider",
    "server",
    "realm",
    "issuer",
    "audience",
    "user",
    "username",
    "helper",
    "location",
    "format",
    "policy",
];

/// Whether an ARG/ENV name looks like it holds a secret.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(['_', '-', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    if words.contains(&"public") {
        return false;
    }
    if SETTING_WORDS.contains(last) {
        let access_key_id =
            words.ends_with(&["access", "key", "id"]) || words.ends_with(&["accesskey", "id"]);
        if !access_key_id {
            return false;
        }
    }
    if lower == "pwd" {
        return false;
    }
    words.iter().enumerate().any(|(i, w)| {
        SECRET_WORDS.contains(w)
            || (w.len() > 5 && w.ends_with("token"))
            || SECRET_PIECES.iter().any(|p| w.contains(p))
            || ((*w == "key" || *w == "keys")
                && i.checked_sub(1)
                    .and_then(|p| words.get(p))
                    .is_some_and(|q| KEY_QUALIFIERS.contains(q)))
    })
}

/// A value that is plainly not a secret: a path, a boolean, or an ENV cleared.
fn harmless_value(keyword: Keyword, pair: &KeyValue) -> bool {
    let Some(v) = pair.unquoted.as_deref() else {
        return false;
    };
    let v = v.trim();
    if v.is_empty() {
        return keyword == Keyword::Env;
    }
    let path =
        (v.starts_with('/') || v.starts_with("./") || v.starts_with("../")) || v.starts_with("~/");
    let path = path && !v.bytes().any(|b| b.is_ascii_whitespace());
    let boolean = ["true", "false", "yes", "no", "on", "off", "0", "1"]
        .iter()
        .any(|b| v.eq_ignore_ascii_case(b));
    path || boolean
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;
    use crate::rules::testing::{lines, texts};

    const CODE: &str = "SS301";

    #[test]
    fn names_that_hold_secrets() {
        for name in [
            "DB_PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "MYSQLPASSWORD",
            "REDIS_PASS",
            "DB_PWD",
            "PASSWD",
            "GITHUB_TOKEN",
            "TOKEN",
            "githubToken",
            "NPM_TOKEN_RO",
            "CLIENT_SECRET",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_ACCESS_KEY",
            "OPENAI_API_KEY",
            "OPENAI_APIKEY",
            "SSH_PRIVATE_KEY",
            "PRIVATEKEY",
            "SECRET_KEY_BASE",
            "GIT_CREDENTIALS",
            "BASIC_AUTH",
            "AUTH",
            "api-key",
            "db.password",
        ] {
            assert!(is_secret_name(name), "{name} should be a secret name");
        }
    }

    #[test]
    fn names_that_do_not() {
        for name in [
            "AUTHOR",
            "AUTHORS_LIST",
            "GPG_KEY",
            "GPG_KEYS",
            "KMS_KEY_ALIAS",
            "KEY_NAME",
            "KEY",
            "TOKENIZERS_PARALLELISM",
            "PASSWORD_FILE",
            "DB_PASSWORD_FILE",
            "SECRETS_DIR",
            "TOKEN_PATH",
            "PASSWORD_MIN_LENGTH",
            "AUTH_URL",
            "OAUTH_TOKEN_ENDPOINT",
            "SECRET_NAME",
            "CLIENT_ID",
            "KMS_KEY_ID",
            "AUTH_TYPE",
            "NEXT_PUBLIC_API_KEY",
            "JWT_PUBLIC_KEY",
            "PUBLIC_TOKEN",
            "PWD",
            "NODE_VERSION",
            "PASSWORD_VERSION",
            "PATH",
            "GIT_CREDENTIAL_HELPER",
            "",
            "___",
        ] {
            assert!(!is_secret_name(name), "{name} should not be a secret name");
        }
    }

    #[test]
    fn reports_each_offending_key_of_an_instruction() {
        let src = "FROM alpine:3.20\nENV A=1 DB_PASSWORD=x API_TOKEN=y\n";
        assert_eq!(texts(CODE, src), ["DB_PASSWORD", "API_TOKEN"]);
        let d = &crate::rules::testing::run(CODE, src)[0];
        assert!(d.message.contains("`DB_PASSWORD`"), "{}", d.message);
        assert!(
            d.message.contains("RUN --mount=type=secret"),
            "{}",
            d.message
        );
    }

    #[test]
    fn arg_without_default_global_and_in_build_stages() {
        let src = "ARG GITHUB_TOKEN\nFROM golang:1.23 AS build\nARG NPM_TOKEN\nRUN make\nFROM scratch\nCOPY --from=build /out /out\n";
        assert_eq!(lines(CODE, src), [1, 3]);
        assert!(crate::rules::testing::run(CODE, src)[0]
            .message
            .contains("image history"));
    }

    #[test]
    fn legacy_env_form_and_continuation_lines() {
        assert_eq!(
            texts(CODE, "FROM alpine:3.20\nENV DB_PASSWORD hunter2\n"),
            ["DB_PASSWORD"]
        );
        let src = "FROM alpine:3.20\nENV APP=x \\\n    SECRET_KEY=abc \\\n    LOG=1\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(texts(CODE, src), ["SECRET_KEY"]);
    }

    #[test]
    fn onbuild_env_is_checked() {
        assert_eq!(
            texts(CODE, "FROM alpine:3.20\nONBUILD ENV API_KEY=abc\n"),
            ["API_KEY"]
        );
    }

    #[test]
    fn env_copying_an_arg_is_reported() {
        let src = "FROM alpine:3.20\nARG X\nENV GH_TOKEN=$X\n";
        assert_eq!(texts(CODE, src), ["GH_TOKEN"]);
    }

    #[test]
    fn harmless_values_are_not_reported() {
        let src = "FROM alpine:3.20\n\
ENV DB_PASSWORD=/run/secrets/db_password\n\
ARG TOKEN=\"./token.txt\"\n\
ENV AUTH=false VAULT_TOKEN=\"\"\n\
ENV GOOGLE_APPLICATION_CREDENTIALS=/app/sa.json\n";
        assert!(lines(CODE, src).is_empty(), "{:?}", lines(CODE, src));
    }

    #[test]
    fn empty_arg_default_still_receives_a_secret() {
        assert_eq!(
            texts(CODE, "FROM alpine:3.20\nARG NPM_TOKEN=\"\"\n"),
            ["NPM_TOKEN"]
        );
    }

    #[test]
    fn clean_near_misses() {
        let src = "FROM python:3.12-slim\n\
ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n\
ENV TOKENIZERS_PARALLELISM=false AUTHOR=me KEY_NAME=deploy\n\
ARG NODE_VERSION=22\n\
LABEL password=nope\n\
RUN --mount=type=secret,id=token TOKEN=$(cat /run/secrets/token) make\n";
        assert!(lines(CODE, src).is_empty(), "{:?}", texts(CODE, src));
    }
}
