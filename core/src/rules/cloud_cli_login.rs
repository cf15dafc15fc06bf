//! SS303 cloud-cli-login (Trivy DS-0031, its cloud-CLI case): a RUN logs a
//! cloud CLI in with credentials but mounts no build secret.

use super::privilege_support::word_span;
use super::supply_support::Tool;
use super::trust_support::{long_flag_words, short_flag_words, SecretMounts};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{
    Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool as Peer,
};
use crate::shell::ShellWord;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS303",
        name: "cloud-cli-login",
        summary: "A cloud CLI is logged in with credentials in a RUN without a secret mount",
        severity: Severity::Error,
        category: Category::Secrets,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoHardcodedCredentials, Checklist::NoSecretsInEnv],
        owasp: &[Owasp::D06],
        equivalents: &[Equivalent::similar(Peer::Trivy, "DS-0031")],
        fix: FixKind::None,
        default_enabled: true,
        why: "These commands take a credential and store it in the CLI's configuration \
under the home directory (`~/.aws/credentials`, `~/.config/gcloud`, `~/.azure`, \
`~/.config/doctl`): the credential then sits in the image layer, and when it was passed \
as an `ARG` or written literally it is in the build history too. Give the credential to \
that one `RUN` with `RUN --mount=type=secret,id=…` (as a file or with `env=`), use it \
without storing it (environment variables such as `AWS_ACCESS_KEY_ID` read from the \
secret, `--key-file=/run/secrets/…`), and keep the login out of the final image.\n\n\
**What is reported**, in a `RUN` with no `--mount=type=secret`: `aws configure set` of \
`aws_access_key_id`, `aws_secret_access_key` or `aws_session_token`; `gcloud auth \
activate-service-account`; `az login` with `-p`/`--password`/`--federated-token`; `doctl \
auth init` with `-t`/`--access-token`. Also behind `sudo`/`env` and inside `sh -c` \
strings and executed heredocs.\n\n\
**How this differs from Trivy.** This is the fourth case of Trivy's DS-0031 (the other \
cases, secret-like ARG/ENV names, are SS301). Trivy checks the final stage only; the \
credential of a build stage is just as much in that stage's history and cache, so every \
stage is checked here. Trivy matches regular expressions on the `RUN` text; shipshape \
reads the shell words, so `echo \"aws configure set aws_access_key_id\"` is not a login.",
        bad: "FROM amazon/aws-cli:2.17.0\nARG AWS_KEY\nRUN aws configure set aws_access_key_id \"$AWS_KEY\" && aws s3 cp s3://bucket/app.tgz /tmp/\n",
        good: "FROM amazon/aws-cli:2.17.0\nRUN --mount=type=secret,id=aws,target=/root/.aws/credentials \\\n    aws s3 cp s3://bucket/app.tgz /tmp/\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        if SecretMounts::of(run.instruction).any {
            continue;
        }
        for c in run.commands() {
            let Some(tool) = Tool::of(c) else { continue };
            if let Some((word, what)) = login(&tool) {
                out.report(
                    word_span(run, c, word),
                    format!("{what} stores a credential in the image; pass it with `RUN --mount=type=secret` instead"),
                );
            }
        }
    }
}

fn plain(args: &[ShellWord]) -> Vec<&ShellWord> {
    args.iter().filter(|a| !a.is_flag()).collect()
}

/// The word to report and what the command does.
fn login<'a>(tool: &Tool<'a>) -> Option<(&'a ShellWord, String)> {
    let args = tool.args;
    let words = plain(args);
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    match tool.basename() {
        "aws" => {
            let at = texts.windows(2).position(|p| p == ["configure", "set"])?;
            let key = words.get(at + 2)?;
            let k = key.text.split('=').next().unwrap_or("");
            let k = k.rsplit('.').next().unwrap_or(k).to_ascii_lowercase();
            matches!(
                k.as_str(),
                "aws_access_key_id" | "aws_secret_access_key" | "aws_session_token"
            )
            .then(|| (*key, format!("`aws configure set {}`", key.text)))
        }
        "gcloud" => {
            let at = texts
                .windows(2)
                .position(|p| p == ["auth", "activate-service-account"])?;
            let w = words.get(at + 1)?;
            Some((*w, "`gcloud auth activate-service-account`".to_string()))
        }
        "az" => {
            let w = words.first().filter(|w| w.text == "login")?;
            let given = !short_flag_words(args, 'p', "ptu").is_empty()
                || !long_flag_words(args, "password").is_empty()
                || !long_flag_words(args, "federated-token").is_empty();
            given.then(|| (*w, "`az login` with a password or token".to_string()))
        }
        "doctl" => {
            let at = texts.windows(2).position(|p| p == ["auth", "init"])?;
            let w = words.get(at + 1)?;
            let given = !short_flag_words(args, 't', "t").is_empty()
                || !long_flag_words(args, "access-token").is_empty();
            given.then(|| (*w, "`doctl auth init` with a token".to_string()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS303";

    fn hits(script: &str) -> Vec<String> {
        let src = format!("FROM debian:12\nRUN {script}\n");
        texts(CODE, &src).into_iter().map(str::to_string).collect()
    }

    #[test]
    fn logins() {
        assert_eq!(
            hits("aws configure set aws_access_key_id AKIA1234"),
            ["aws_access_key_id"]
        );
        assert_eq!(
            hits("aws configure set aws_secret_access_key \"$SECRET\" --profile ci"),
            ["aws_secret_access_key"]
        );
        assert_eq!(
            hits("aws --profile ci configure set default.aws_session_token $T"),
            ["default.aws_session_token"]
        );
        assert_eq!(
            hits("gcloud auth activate-service-account --key-file=/tmp/key.json"),
            ["activate-service-account"]
        );
        assert_eq!(
            hits("az login --service-principal -u id -p $PW --tenant t"),
            ["login"]
        );
        assert_eq!(hits("az login --password=$PW -u me"), ["login"]);
        assert_eq!(
            hits("az login --service-principal --federated-token $T -u id"),
            ["login"]
        );
        assert_eq!(hits("doctl auth init -t $DO_TOKEN"), ["init"]);
        assert_eq!(hits("doctl auth init --access-token=$DO_TOKEN"), ["init"]);
        assert_eq!(
            hits("sudo -E aws configure set aws_access_key_id x"),
            ["aws_access_key_id"]
        );
        let d = run(
            CODE,
            "FROM debian:12\nRUN gcloud auth activate-service-account --key-file k.json\n",
        );
        assert_eq!(
            d[0].message,
            "`gcloud auth activate-service-account` stores a credential in the image; pass it with `RUN --mount=type=secret` instead"
        );
    }

    #[test]
    fn near_misses() {
        for script in [
            "aws configure set region eu-west-1",
            "aws configure get aws_access_key_id",
            "aws s3 cp s3://b/x /x",
            "gcloud auth list",
            "az login --identity",
            "az login --use-device-code",
            "doctl auth init",
            "doctl auth list",
            "echo aws configure set aws_access_key_id x",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
    }

    #[test]
    fn a_secret_mount_makes_it_clean() {
        let src = "FROM debian:12\nRUN --mount=type=secret,id=gcp,target=/tmp/key.json \\\n    gcloud auth activate-service-account --key-file=/tmp/key.json\n";
        assert!(lines(CODE, src).is_empty());
        let src = "FROM debian:12\nRUN --mount=type=secret,id=do,env=DO_TOKEN doctl auth init -t \"$DO_TOKEN\"\n";
        assert!(lines(CODE, src).is_empty());
        // Another mount type does not count.
        let src = "FROM debian:12\nRUN --mount=type=cache,target=/root/.cache doctl auth init -t \"$T\"\n";
        assert_eq!(lines(CODE, src), [2]);
    }

    #[test]
    fn every_stage_continuation_and_heredoc() {
        let src = "FROM debian:12 AS build\nRUN apt-get update && \\\n    aws configure set \\\n      aws_access_key_id x\nFROM debian:12\nCOPY --from=build /x /x\n";
        assert_eq!(lines(CODE, src), [4]);
        let src = "FROM debian:12\nRUN <<EOF\nset -e\naz login -u me -p \"$PW\"\nEOF\n";
        assert_eq!(lines(CODE, src), [4]);
    }
}
