//! SS304 secret-in-command (no peer equivalent): a RUN passes a password or
//! token on a command line, in a URL or into a file, from a value the build
//! records.

use super::privilege_support::word_span;
use super::secret_in_arg_env::is_secret_name;
use super::supply_support::Tool;
use super::trust_support::{
    option_values as cluster_values, secret_names, source_of, var_refs, SecretMounts, Source,
};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};
use crate::shell::{Command, ShellWord};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS304",
        name: "secret-in-command",
        summary: "A password or token is passed on a RUN command line, in a URL or into a file",
        severity: Severity::Error,
        category: Category::Secrets,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoHardcodedCredentials, Checklist::NoSecretsInEnv],
        owasp: &[Owasp::D06],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "A `RUN` command line is stored in the image history (`docker history \
--no-trunc`), together with the values of the build arguments it sees; a value written \
into a file stays in the layer even if a later instruction deletes the file. A password \
that reaches a command from an `ARG`, an `ENV` or the Dockerfile text is therefore readable \
by everyone who can pull the image or read the build cache. Mount the secret for the one \
`RUN` that needs it: `RUN --mount=type=secret,id=token,env=TOKEN …` or read \
`/run/secrets/<id>`, and prefer options that read the secret from standard input or a \
file (`docker login --password-stdin`, `curl --netrc-file`, a git credential helper).\n\n\
**What is reported** (shell words, also behind `sudo`/`env` and in `sh -c` strings and \
executed heredocs):\n\
- a URL with a password taken from a variable (`https://user:$TOKEN@host/…`; a password \
written literally in a URL is SS302's finding);\n\
- `docker`/`podman`/`buildah`/`skopeo`/`nerdctl`/`helm`/`oras`/`crane` `login` with \
`-p`/`--password` (not `--password-stdin`);\n\
- `npm`/`yarn`/`pnpm` `config set` of `…:_authToken`, `…:_auth`, `…:_password`, \
`npmAuthToken` or `npmAuthIdent`;\n\
- `curl -u user:pass`/`--user`, and `-H`/`--header` with `Authorization:`, \
`Proxy-Authorization:` or a header whose name says token or API key; `wget --password`, \
`--http-password`, `--ftp-password`, `--header=Authorization:…`;\n\
- `echo`/`printf` of a variable with a secret-like name (the names SS301 recognises) into a \
file (`echo \"$NPM_TOKEN\" >> .npmrc`, or piped into `tee file`).\n\n\
**Not reported.** Values that do not come from the build's record: a secret mount's \
`env=` variable, a variable set in the same `RUN` from a secret file \
(`TOKEN=$(cat /run/secrets/token)`), the text `/run/secrets/…` or a mount target, and \
command output (`$(…)`). `curl -u user` without a password (curl prompts) and \
`docker login --password-stdin`.\n\n\
Note that a credential in a `git clone` URL is also saved in the clone's `.git/config`, \
whatever its source: remove the `.git` directory or use a credential helper. None of the \
five peer linters checks command lines for secrets; Checkov's and Trivy's secret scanners \
find literal tokens of known formats anywhere in the file, not secrets passed through \
variables.",
        bad: "FROM docker:27-cli\nARG REGISTRY_PASSWORD\nRUN docker login -u ci -p \"$REGISTRY_PASSWORD\" registry.example.com\n",
        good: "FROM docker:27-cli\nRUN --mount=type=secret,id=registry_password \\\n    docker login -u ci --password-stdin registry.example.com < /run/secrets/registry_password\n",
    },
    check,
};

/// `curl` short options that take a value.
const CURL_VALUE_SHORTS: &str = "AbcCdDeEFHiKmoPQrtTuUwxXyYz";

/// Where a value came from, when the build records it.
fn origin(value: &str, mounts: &SecretMounts, secret: &[String]) -> Option<String> {
    match source_of(value, mounts, secret) {
        Source::Unrecorded => None,
        Source::Literal => Some("written in the Dockerfile".to_string()),
        Source::Variable => {
            let refs = var_refs(value);
            let name = refs
                .iter()
                .find(|r| !secret.iter().any(|s| s == r.name))
                .map_or("a variable", |r| r.name);
            Some(format!("from `${name}`, which the build records"))
        }
    }
}

struct Scope {
    mounts: SecretMounts,
    secret: Vec<String>,
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        let mounts = SecretMounts::of(run.instruction);
        let secret = secret_names(run, &mounts);
        let scope = Scope { mounts, secret };
        for script in &run.scripts {
            for (i, c) in script.commands.iter().enumerate() {
                let mut found: Vec<(&ShellWord, String)> = Vec::new();
                url_passwords(&scope, c, &mut found);
                if let Some(tool) = Tool::of(c) {
                    tool_findings(&scope, &tool, &mut found);
                    if matches!(tool.basename(), "echo" | "printf")
                        && writes_to_file(c, script.piped_into(i))
                    {
                        echoed(&scope, &tool, &mut found);
                    }
                }
                for (w, m) in found {
                    out.report(word_span(run, c, w), m);
                }
            }
        }
    }
}

/// `https://user:$TOKEN@host` in any word of the command.
fn url_passwords<'a>(s: &Scope, c: &'a Command, out: &mut Vec<(&'a ShellWord, String)>) {
    for w in c.args.iter().chain(&c.assignments) {
        let mut rest = w.text.as_str();
        while let Some(at) = rest.find("://") {
            let after = rest.get(at + 3..).unwrap_or("");
            let authority = after
                .split(|ch: char| ch == '/' || ch == '?' || ch == '#' || ch.is_whitespace())
                .next()
                .unwrap_or("");
            rest = after;
            let Some((userinfo, _host)) = authority.rsplit_once('@') else {
                continue;
            };
            let Some((_user, password)) = userinfo.split_once(':') else {
                continue;
            };
            if password.is_empty() || source_of(password, &s.mounts, &s.secret) != Source::Variable
            {
                continue;
            }
            if let Some(o) = origin(password, &s.mounts, &s.secret) {
                out.push((w, format!("A URL carries a password {o}")));
            }
        }
    }
}

/// The value of `-x value`, `-xvalue`, `--long value`, `--long=value`: the
/// flag word and the value (every occurrence).
fn option_values<'a>(
    args: &'a [ShellWord],
    short: Option<char>,
    long: &str,
) -> Vec<(&'a ShellWord, &'a str)> {
    let mut out = Vec::new();
    let mut it = args.iter().take_while(|a| a.text != "--").peekable();
    while let Some(a) = it.next() {
        let t = a.text.as_str();
        if let Some(l) = t.strip_prefix("--") {
            if l == long {
                if let Some(v) = it.next() {
                    out.push((a, v.text.as_str()));
                }
            } else if let Some(v) = l.strip_prefix(long).and_then(|r| r.strip_prefix('=')) {
                out.push((a, v));
            }
        } else if let (Some(cl), Some(letter)) = (t.strip_prefix('-'), short) {
            if let Some(v) = cl.strip_prefix(letter) {
                if v.is_empty() {
                    if let Some(n) = it.next() {
                        out.push((a, n.text.as_str()));
                    }
                } else {
                    out.push((a, v));
                }
            }
        }
    }
    out
}

fn tool_findings<'a>(s: &Scope, tool: &Tool<'a>, out: &mut Vec<(&'a ShellWord, String)>) {
    let name = tool.basename();
    let args = tool.args;
    let plain: Vec<&ShellWord> = args.iter().filter(|a| !a.is_flag()).collect();
    match name {
        "docker" | "podman" | "buildah" | "skopeo" | "nerdctl" | "helm" | "oras" | "crane" => {
            if !plain.iter().any(|w| w.text == "login") {
                return;
            }
            for (flag, value) in option_values(args, Some('p'), "password") {
                if let Some(o) = origin(value, &s.mounts, &s.secret) {
                    out.push((
                        flag,
                        format!("`{name} login` gets its password on the command line, {o}; use `--password-stdin` with a secret mount"),
                    ));
                }
            }
        }
        "npm" | "yarn" | "pnpm" => {
            let set_at = match plain.as_slice() {
                [c, st, ..] if (c.text == "config" || c.text == "c") && st.text == "set" => 2,
                [st, ..] if st.text == "set" => 1,
                _ => return,
            };
            let Some(key) = plain.get(set_at) else { return };
            let (k, v) = match key.text.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (
                    key.text.as_str(),
                    plain.get(set_at + 1).map(|w| w.text.as_str()),
                ),
            };
            let auth = [
                "_authToken",
                "_auth",
                "_password",
                "npmAuthToken",
                "npmAuthIdent",
            ]
            .iter()
            .any(|a| k == *a || k.ends_with(&format!(":{a}")));
            if let (true, Some(v)) = (auth, v) {
                if let Some(o) = origin(v, &s.mounts, &s.secret) {
                    out.push((
                        key,
                        format!("`{name} config set` stores a registry token {o}, and writes it into the layer"),
                    ));
                }
            }
        }
        "curl" => {
            for (flag, value) in cluster_values(args, CURL_VALUE_SHORTS, 'u', "user")
                .into_iter()
                .chain(cluster_values(args, CURL_VALUE_SHORTS, 'U', "proxy-user"))
            {
                let Some((_, password)) = value.split_once(':') else {
                    continue;
                };
                if password.is_empty() {
                    continue;
                }
                if let Some(o) = origin(password, &s.mounts, &s.secret) {
                    out.push((flag, format!("`curl {}` gives a password {o}", flag.text)));
                }
            }
            headers(
                s,
                cluster_values(args, CURL_VALUE_SHORTS, 'H', "header"),
                "curl",
                out,
            );
        }
        "wget" => {
            for long in [
                "password",
                "http-password",
                "ftp-password",
                "proxy-password",
            ] {
                for (flag, value) in option_values(args, None, long) {
                    if let Some(o) = origin(value, &s.mounts, &s.secret) {
                        out.push((flag, format!("`wget --{long}` gives a password {o}")));
                    }
                }
            }
            headers(s, option_values(args, None, "header"), "wget", out);
        }
        _ => {}
    }
}

/// Header lines that carry a credential.
fn headers<'a>(
    s: &Scope,
    values: Vec<(&'a ShellWord, &'a str)>,
    tool: &str,
    out: &mut Vec<(&'a ShellWord, String)>,
) {
    for (flag, header) in values {
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let n = name.trim().to_ascii_lowercase();
        let credential = n == "authorization"
            || n == "proxy-authorization"
            || n.contains("token")
            || n.contains("api-key")
            || n.contains("apikey")
            || n.contains("api_key");
        let value = value.trim();
        // `Bearer x`, `Basic x`, `token x`: judge the credential part.
        let cred = value.rsplit(' ').next().unwrap_or(value);
        if !credential || cred.is_empty() {
            continue;
        }
        if let Some(o) = origin(cred, &s.mounts, &s.secret) {
            out.push((
                flag,
                format!("`{tool}` sends a `{}` header {o}", name.trim()),
            ));
        }
    }
}

/// The command's output goes to a file: a `>`/`>>` redirection to a path
/// (not `/dev/null` or a terminal), or a pipe into `tee` with a file.
fn writes_to_file(c: &Command, next: Option<&Command>) -> bool {
    let to_path = |t: &str| {
        !t.is_empty()
            && !matches!(t, "/dev/null" | "/dev/stdout" | "/dev/stderr" | "/dev/tty")
            && !t.starts_with('&')
    };
    let redirected = c.redirects.iter().any(|r| {
        matches!(r.op.as_str(), ">" | ">>" | ">|" | "&>" | "&>>")
            && r.fd.is_none_or(|fd| fd == 1)
            && r.target.as_ref().is_some_and(|t| to_path(&t.text))
    });
    let teed = next.is_some_and(|n| {
        n.effective()
            .is_some_and(|v| v.is("tee") && v.args_no_flags().iter().any(|a| to_path(&a.text)))
    });
    redirected || teed
}

fn echoed<'a>(s: &Scope, tool: &Tool<'a>, out: &mut Vec<(&'a ShellWord, String)>) {
    for w in tool.args {
        let leaked = var_refs(&w.text)
            .into_iter()
            .find(|r| is_secret_name(r.name) && !s.secret.iter().any(|n| n == r.name));
        if let Some(r) = leaked {
            out.push((
                w,
                format!(
                    "`${}` is written into a file, which keeps it in the image layer; its value is also recorded by the build",
                    r.name
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS304";

    fn hits(script: &str) -> Vec<String> {
        let src = format!("FROM debian:12\nRUN {script}\n");
        texts(CODE, &src).into_iter().map(str::to_string).collect()
    }

    #[test]
    fn urls_with_variable_passwords() {
        assert_eq!(
            hits("git clone https://ci:$TOKEN@git.example.com/app.git"),
            ["https://ci:$TOKEN@git.example.com/app.git"]
        );
        assert_eq!(
            hits("git clone \"https://oauth2:${GITLAB_TOKEN}@gitlab.com/g/p.git\" /src").len(),
            1
        );
        let d = run(
            CODE,
            "FROM debian:12\nRUN git clone https://x:$TOKEN@h/r.git\n",
        );
        assert_eq!(
            d[0].message,
            "A URL carries a password from `$TOKEN`, which the build records"
        );
        // Literal URL passwords are SS302's; no password at all is fine.
        assert!(hits("git clone https://ci:s3cret@h/r.git").is_empty());
        assert!(hits("git clone https://ci@h/r.git").is_empty());
        assert!(hits("git clone https://$TOKEN@h/r.git").is_empty());
    }

    #[test]
    fn registry_logins() {
        assert_eq!(hits("docker login -u ci -p \"$PW\" r.example"), ["-p"]);
        assert_eq!(
            hits("podman login --password=hunter2 -u ci r"),
            ["--password=hunter2"]
        );
        assert_eq!(
            hits("helm registry login r -u ci --password $PW"),
            ["--password"]
        );
        assert!(hits("docker login -u ci --password-stdin r < /run/secrets/pw").is_empty());
        assert!(hits("docker pull -p x").is_empty());
    }

    #[test]
    fn npm_tokens() {
        assert_eq!(
            hits("npm config set //registry.npmjs.org/:_authToken $NPM_TOKEN"),
            ["//registry.npmjs.org/:_authToken"]
        );
        assert_eq!(
            hits("npm config set //npm.pkg.github.com/:_authToken=ghp_abc"),
            ["//npm.pkg.github.com/:_authToken=ghp_abc"]
        );
        assert_eq!(
            hits("yarn config set npmAuthToken \"$T\""),
            ["npmAuthToken"]
        );
        assert!(hits("npm config set registry https://r/").is_empty());
    }

    #[test]
    fn curl_and_wget_credentials() {
        assert_eq!(hits("curl -u admin:hunter2 https://x"), ["-u"]);
        assert_eq!(hits("curl -fsSu admin:hunter2 https://x"), ["-fsSu"]);
        assert_eq!(
            hits("curl -fsSuadmin:hunter2 https://x"),
            ["-fsSuadmin:hunter2"]
        );
        assert!(hits("curl -o -u https://x").is_empty());
        assert_eq!(hits("curl --user \"ci:$PASS\" https://x"), ["--user"]);
        assert_eq!(
            hits("curl -H \"Authorization: Bearer $API_TOKEN\" https://x"),
            ["-H"]
        );
        assert_eq!(hits("curl -H 'PRIVATE-TOKEN: abc123' https://x"), ["-H"]);
        assert_eq!(
            hits("wget --http-password=$PW https://x"),
            ["--http-password=$PW"]
        );
        assert_eq!(
            hits("wget --header=\"Authorization: token $T\" https://x"),
            ["--header=\"Authorization: token $T\""]
        );
        for script in [
            "curl -u ci https://x",
            "curl -H 'Accept: application/json' https://x",
            "curl -H \"Authorization: Bearer $(cat /run/secrets/t)\" https://x",
            "curl --netrc-file /run/secrets/netrc https://x",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
    }

    #[test]
    fn echo_into_files() {
        assert_eq!(
            hits("echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" >> .npmrc"),
            ["\"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\""]
        );
        assert_eq!(hits("echo $GITHUB_TOKEN > /root/.token"), ["$GITHUB_TOKEN"]);
        assert_eq!(
            hits("printf '%s' \"$DB_PASSWORD\" | tee /etc/app/pw"),
            ["\"$DB_PASSWORD\""]
        );
        for script in [
            "echo $GITHUB_TOKEN",
            "echo $GITHUB_TOKEN > /dev/null",
            "echo $HOME > /tmp/home",
            "echo \"$TOKEN\" | gh auth login --with-token",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
    }

    #[test]
    fn secret_mounts_are_clean() {
        let src = "FROM node:22\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN \\\n    echo \"//r/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\n";
        assert!(lines(CODE, src).is_empty());
        let src = "FROM alpine\nRUN --mount=type=secret,id=t \\\n    T=$(cat /run/secrets/t) && git clone https://x:$T@h/r.git\n";
        assert!(lines(CODE, src).is_empty());
        let src = "FROM alpine\nRUN --mount=type=secret,id=pw,target=/pw \\\n    docker login -u ci -p \"$(cat /pw)\" r\n";
        assert!(lines(CODE, src).is_empty());
        // A mount for one secret does not clean another.
        let src =
            "FROM alpine\nRUN --mount=type=secret,id=a,env=A \\\n    curl -u \"ci:$B\" https://x\n";
        assert_eq!(lines(CODE, src), [3]);
    }

    #[test]
    fn heredoc_and_sh_c() {
        let src = "FROM alpine\nRUN <<EOF\nset -e\ndocker login -p \"$PW\" r\nEOF\n";
        assert_eq!(lines(CODE, src), [4]);
        assert_eq!(hits("sh -c 'curl -u ci:$PW https://x'"), ["-u"]);
    }
}
