//! SS406 tls-verification-disabled (Checkov CKV2_DOCKER_2–_6, _12–_16): a
//! download tool or a language runtime is told not to check TLS
//! certificates.

use super::privilege_support::word_span;
use super::supply_support::Tool;
use super::trust_support::{
    arg_env_settings, is_falsy, long_flag_words, settings_of, short_flag_words,
};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{
    Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool as Peer,
};
use crate::shell::ShellWord;
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS406",
        name: "tls-verification-disabled",
        summary: "TLS certificate verification is turned off for a download",
        severity: Severity::Error,
        category: Category::SupplyChain,
        target: Target::Dockerfile,
        checklist: &[Checklist::CopyNotAdd, Checklist::SecureDependencies],
        owasp: &[Owasp::D08],
        equivalents: &[
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_2"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_3"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_4"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_5"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_6"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_12"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_13"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_14"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_15"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_16"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "Without certificate verification, HTTPS still encrypts but no longer proves who \
is on the other end: anyone on the network path can present their own certificate and \
serve a modified download, which the build then installs. The usual cause is a proxy \
that intercepts TLS; the fix is to add its CA certificate to the image's trust store \
(`COPY corp-ca.crt /usr/local/share/ca-certificates/` and `update-ca-certificates`, or \
`--mount=type=secret` for a one-off build) rather than to switch verification off.\n\n\
**What is reported.** In `RUN` (shell words, also behind `sudo`/`env`, inside `sh -c` \
strings and executed heredocs): `curl -k`/`--insecure` (also in clusters such as `-fsSLk`, \
but not `--key` or the value of `-H`) and `--proxy-insecure`; `wget --no-check-certificate`; \
`pip`/`pip3`/`python -m pip` `--trusted-host` and `pip config set …trusted-host`; `uv`/`uv pip` \
`--allow-insecure-host`; `npm`/`yarn`/`pnpm` `config set strict-ssl false` and \
`--strict-ssl=false`; `git -c http.sslVerify=false` and `git config … http.sslVerify \
false` (also per URL: `http.<url>.sslVerify`); `yum`/`dnf` (`config-manager` included) \
`--setopt=…sslverify=0|false|no`; `composer config … disable-tls true`; text written by `echo`, `printf` or `tee` that turns \
verification off in a configuration file (`strict-ssl=false` for npm, `check_certificate = \
off` for wget, `sslverify=0` for yum/dnf repositories and git, `enableStrictSsl: false` for \
yarn). In `ARG`, `ENV`, a \
command's prefix assignment or `export`: `PYTHONHTTPSVERIFY=0`, \
`NODE_TLS_REJECT_UNAUTHORIZED=0`, `NPM_CONFIG_STRICT_SSL=false` (any case), \
`YARN_STRICT_SSL`/`YARN_ENABLE_STRICT_SSL=false`, `GIT_SSL_NO_VERIFY` with any value (git \
only checks that it is set), `PIP_TRUSTED_HOST` and `UV_INSECURE_HOST` with a value.\n\n\
**How this differs from Checkov.** Checkov's `CKV2_DOCKER_2` to `_6` and `_12` to `_16` are \
regular expressions on the instruction text: `curl … -k` matches anywhere in the line, so a \
header value or an `echo` counts, and some patterns need a particular spacing \
(`NODE_TLS_REJECT_UNAUTHORIZED=0` in `RUN` must be followed by a space). shipshape reads \
the shell words and adds the git, uv, pnpm and composer forms above. An `ARG` without a \
default is not reported: it only takes effect when a value is passed with `--build-arg`.",
        bad: "FROM python:3.12-slim\nRUN pip install --trusted-host pypi.internal.example --index-url https://pypi.internal.example/simple app\n",
        good: "FROM python:3.12-slim\nCOPY internal-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates \\\n && pip install --cert /etc/ssl/certs/ca-certificates.crt --index-url https://pypi.internal.example/simple app\n",
    },
    check,
};

/// `curl` short options that take a value.
const CURL_VALUE_SHORTS: &str = "AbcCdDeEFHiKmoPQrtTuUwxXyYz";

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for s in arg_env_settings(cx) {
        let value = match (s.keyword, s.value) {
            (_, Some(v)) => v,
            // `ARG NAME` without a default only takes a --build-arg value.
            (Keyword::Arg, None) => continue,
            (_, None) => "",
        };
        if let Some(m) = variable_disables(s.name, value, s.keyword == Keyword::Env) {
            out.report(s.name_span, m);
        }
    }
    for run in &cx.runs {
        for c in run.commands() {
            for (name, value, word) in settings_of(c) {
                if let Some(m) = variable_disables(name, value, true) {
                    out.report(word_span(run, c, word), m);
                }
            }
            let Some(tool) = Tool::of(c) else { continue };
            for (word, m) in command_findings(&tool) {
                out.report(word_span(run, c, word), m);
            }
        }
    }
}

/// A variable setting that turns verification off; `empty_counts`: an
/// empty value still sets the variable (ENV, shell), unlike a bare ARG.
fn variable_disables(name: &str, value: &str, empty_counts: bool) -> Option<String> {
    let v = value.trim();
    let upper = name.to_ascii_uppercase();
    let what = match upper.as_str() {
        "PYTHONHTTPSVERIFY" if v == "0" => {
            "Python's `urllib` and `http.client` skip certificate checks"
        }
        "NODE_TLS_REJECT_UNAUTHORIZED" if v == "0" => "Node.js accepts any TLS certificate",
        "NPM_CONFIG_STRICT_SSL" | "YARN_STRICT_SSL" | "YARN_ENABLE_STRICT_SSL" if is_falsy(v) => {
            "npm or yarn accepts any TLS certificate"
        }
        "GIT_SSL_NO_VERIFY" if !v.is_empty() || empty_counts => {
            "git skips certificate checks (it only looks whether the variable is set)"
        }
        "PIP_TRUSTED_HOST" if !v.is_empty() => "pip accepts any certificate from these hosts",
        "UV_INSECURE_HOST" if !v.is_empty() => "uv accepts any certificate from these hosts",
        _ => return None,
    };
    Some(format!("`{name}` is set, so {what}"))
}

fn command_findings<'a>(tool: &Tool<'a>) -> Vec<(&'a ShellWord, String)> {
    let name = tool.basename();
    let args = tool.args;
    let mut out: Vec<(&'a ShellWord, String)> = Vec::new();
    match name {
        "curl" => {
            for w in short_flag_words(args, 'k', CURL_VALUE_SHORTS)
                .into_iter()
                .chain(long_flag_words(args, "insecure"))
            {
                out.push((
                    w,
                    format!("`{}` makes `curl` accept any TLS certificate", w.text),
                ));
            }
            for w in long_flag_words(args, "proxy-insecure") {
                out.push((
                    w,
                    "`--proxy-insecure` makes `curl` accept any certificate from the proxy"
                        .to_string(),
                ));
            }
        }
        "wget" => {
            for w in long_flag_words(args, "no-check-certificate") {
                out.push((
                    w,
                    "`--no-check-certificate` makes `wget` accept any TLS certificate".to_string(),
                ));
            }
        }
        "pip" | "pip3" => pip(args, &mut out),
        n if n.starts_with("python") => {
            // python3 -m pip …
            if let Some(pos) = args.windows(2).position(|p| {
                p.first().is_some_and(|m| m.text == "-m")
                    && p.get(1)
                        .is_some_and(|m| m.text == "pip" || m.text == "pip3")
            }) {
                pip(args.get(pos + 2..).unwrap_or(&[]), &mut out);
            }
        }
        "uv" => {
            for w in long_flag_words(args, "allow-insecure-host") {
                out.push((
                    w,
                    "`--allow-insecure-host` makes `uv` accept any certificate from that host"
                        .to_string(),
                ));
            }
        }
        "npm" | "yarn" | "pnpm" => {
            for w in long_flag_words(args, "strict-ssl") {
                if w.text.split_once('=').is_some_and(|(_, v)| is_falsy(v)) {
                    out.push((
                        w,
                        format!("`{}` makes `{name}` accept any TLS certificate", w.text),
                    ));
                }
            }
            if let Some(w) = config_set(args, &["strict-ssl", "enableStrictSsl"]) {
                out.push((
                    w,
                    format!("`{name}` is configured to accept any TLS certificate"),
                ));
            }
        }
        "git" => git(args, &mut out),
        "yum" | "dnf" | "microdnf" | "tdnf" | "yum-config-manager" => {
            let mut it = args.iter().take_while(|a| a.text != "--").peekable();
            while let Some(a) = it.next() {
                let setting = if a.text == "--setopt" {
                    it.peek().map(|n| (*n, n.text.as_str()))
                } else {
                    a.text.strip_prefix("--setopt=").map(|v| (a, v))
                };
                if let Some((w, s)) = setting {
                    if sslverify_off(s) {
                        out.push((
                            w,
                            format!("`{}` makes `{name}` accept any TLS certificate", w.text),
                        ));
                    }
                }
            }
        }
        "echo" | "printf" | "tee" => {
            for w in args.iter().filter(|a| !a.is_flag()) {
                if let Some(what) = written_tls_off(&w.text) {
                    out.push((w, format!("This writes {what}")));
                }
            }
        }
        "composer" => {
            let plain: Vec<&str> = args
                .iter()
                .filter(|a| !a.is_flag())
                .map(|a| a.text.as_str())
                .collect();
            if let Some(pos) = plain
                .windows(2)
                .position(|p| p == ["config", "disable-tls"])
            {
                if plain
                    .get(pos + 2)
                    .is_some_and(|v| v.eq_ignore_ascii_case("true"))
                {
                    if let Some(w) = args.iter().find(|a| a.text == "disable-tls") {
                        out.push((
                            w,
                            "`composer` is configured to download without TLS".to_string(),
                        ));
                    }
                }
            }
        }
        _ => {}
    }
    out
}

fn pip<'a>(args: &'a [ShellWord], out: &mut Vec<(&'a ShellWord, String)>) {
    for w in long_flag_words(args, "trusted-host") {
        out.push((
            w,
            "`--trusted-host` makes `pip` accept any certificate from that host".to_string(),
        ));
    }
    // pip config set global.trusted-host host
    let plain: Vec<&ShellWord> = args.iter().filter(|a| !a.is_flag()).collect();
    if let [cfg, set, key, ..] = plain.as_slice() {
        if cfg.text == "config" && set.text == "set" {
            let k = key.text.split('=').next().unwrap_or("");
            if k.rsplit('.').next() == Some("trusted-host") {
                out.push((
                    key,
                    "`pip` is configured to accept any certificate from that host".to_string(),
                ));
            }
        }
    }
}

/// `config set <key> false` / `c set <key>=false` / `set <key> false`:
/// the key word when it is one of `keys` set to a false value.
fn config_set<'a>(args: &'a [ShellWord], keys: &[&str]) -> Option<&'a ShellWord> {
    let plain: Vec<&ShellWord> = args.iter().filter(|a| !a.is_flag()).collect();
    let set_at = match plain.as_slice() {
        [c, s, ..] if (c.text == "config" || c.text == "c") && s.text == "set" => 2,
        [s, ..] if s.text == "set" => 1,
        _ => return None,
    };
    let key = plain.get(set_at)?;
    let (k, v) = match key.text.split_once('=') {
        Some((k, v)) => (k, v.to_string()),
        None => (
            key.text.as_str(),
            plain
                .get(set_at + 1)
                .map(|w| w.text.clone())
                .unwrap_or_default(),
        ),
    };
    (keys.contains(&k) && is_falsy(&v)).then_some(*key)
}

fn git<'a>(args: &'a [ShellWord], out: &mut Vec<(&'a ShellWord, String)>) {
    // Global options: `-c name=value` before the subcommand.
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a.text == "-c" {
            if let Some(v) = args.get(i + 1) {
                if let Some((k, val)) = v.text.split_once('=') {
                    if is_ssl_verify_key(k) && is_falsy(val) {
                        out.push((
                            v,
                            format!("`{}` makes `git` accept any TLS certificate", v.text),
                        ));
                    }
                }
            }
            i += 2;
            continue;
        }
        if !a.is_flag() {
            break;
        }
        i += 1;
    }
    // git config [--global] http.sslVerify false
    let rest = args.get(i..).unwrap_or(&[]);
    let plain: Vec<&ShellWord> = rest.iter().filter(|a| !a.is_flag()).collect();
    if let [cfg, key, value, ..] = plain.as_slice() {
        if cfg.text == "config" && is_ssl_verify_key(&key.text) && is_falsy(&value.text) {
            out.push((
                key,
                "`git` is configured to accept any TLS certificate".to_string(),
            ));
        }
    }
}

/// A configuration line in written text that turns verification off:
/// `strict-ssl=false` (`.npmrc`), `check_certificate = off` (`.wgetrc`),
/// `sslverify=0` (yum/dnf `.repo`, git config), `enableStrictSsl: false`
/// (`.yarnrc.yml`). Lines are split at newlines and at written `\n`.
fn written_tls_off(text: &str) -> Option<&'static str> {
    for line in text.split('\n').flat_map(|l| l.split("\\n")) {
        let line = line.trim();
        let Some((key, value)) = line.split_once(['=', ':']) else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        if !is_falsy(value) {
            continue;
        }
        match key.as_str() {
            "strict-ssl" => return Some("`strict-ssl=false` into an npm configuration, so npm accepts any TLS certificate"),
            "check_certificate" | "check-certificate" => {
                return Some("`check_certificate = off` into a wget configuration, so wget accepts any TLS certificate")
            }
            "sslverify" => return Some("`sslverify` off into a configuration file, so downloads accept any TLS certificate"),
            "enablestrictssl" => return Some("`enableStrictSsl: false` into a yarn configuration, so yarn accepts any TLS certificate"),
            _ => {}
        }
    }
    None
}

/// `http.sslVerify` or `http.<url>.sslVerify` (case ignored).
fn is_ssl_verify_key(k: &str) -> bool {
    let lower = k.to_ascii_lowercase();
    lower.starts_with("http.") && lower.ends_with(".sslverify")
}

/// `sslverify=0|false|no` (or `<repo>.sslverify=…`).
fn sslverify_off(setting: &str) -> bool {
    let setting = setting.trim_matches(|c| c == '"' || c == '\'');
    let Some((k, v)) = setting.split_once('=') else {
        return false;
    };
    let k = k
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    k.rsplit('.').next() == Some("sslverify") && is_falsy(v)
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS406";

    fn hits(script: &str) -> Vec<String> {
        let src = format!("FROM debian:12\nRUN {script}\n");
        texts(CODE, &src).into_iter().map(str::to_string).collect()
    }

    #[test]
    fn curl_and_wget() {
        assert_eq!(hits("curl -k https://x"), ["-k"]);
        assert_eq!(hits("curl -sk https://x"), ["-sk"]);
        assert_eq!(hits("curl -fsSLk -o /tmp/x https://x"), ["-fsSLk"]);
        assert_eq!(hits("curl --insecure https://x"), ["--insecure"]);
        assert_eq!(
            hits("curl --proxy-insecure https://x"),
            ["--proxy-insecure"]
        );
        assert_eq!(
            hits("wget --no-check-certificate https://x"),
            ["--no-check-certificate"]
        );
        let d = run(CODE, "FROM debian:12\nRUN curl -sk https://x\n");
        assert_eq!(
            d[0].message,
            "`-sk` makes `curl` accept any TLS certificate"
        );
    }

    #[test]
    fn curl_near_misses() {
        for script in [
            "curl --key key.pem https://x",
            "curl -H k https://x",
            "curl -Hk:v https://x",
            "curl -o -k https://x",
            "curl -fsSL https://x",
            "echo curl -k",
            "wget https://x",
            "wget --check-certificate=on https://x",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
    }

    #[test]
    fn language_tools() {
        assert_eq!(
            hits("pip install --trusted-host pypi.org x"),
            ["--trusted-host"]
        );
        assert_eq!(
            hits("python3 -m pip install --trusted-host=h x"),
            ["--trusted-host=h"]
        );
        assert_eq!(
            hits("pip3 config set global.trusted-host pypi.org"),
            ["global.trusted-host"]
        );
        assert_eq!(
            hits("uv pip install --allow-insecure-host h x"),
            ["--allow-insecure-host"]
        );
        assert_eq!(hits("npm config set strict-ssl false"), ["strict-ssl"]);
        assert_eq!(
            hits("npm config set strict-ssl=false"),
            ["strict-ssl=false"]
        );
        assert_eq!(hits("yarn config set strict-ssl false"), ["strict-ssl"]);
        assert_eq!(
            hits("npm install --strict-ssl=false"),
            ["--strict-ssl=false"]
        );
        assert_eq!(
            hits("git -c http.sslVerify=false clone https://x/r.git"),
            ["http.sslVerify=false"]
        );
        assert_eq!(
            hits("git config --global http.sslVerify false"),
            ["http.sslVerify"]
        );
        assert_eq!(
            hits("git config --global http.https://git.corp/.sslverify 0"),
            ["http.https://git.corp/.sslverify"]
        );
        assert_eq!(
            hits("yum-config-manager --setopt=myrepo.sslverify=0 --save"),
            ["--setopt=myrepo.sslverify=0"]
        );
        assert_eq!(
            hits("dnf config-manager --setopt=sslverify=false --save"),
            ["--setopt=sslverify=false"]
        );
        assert_eq!(hits("composer config -g disable-tls true"), ["disable-tls"]);
    }

    #[test]
    fn written_configuration() {
        assert_eq!(
            hits("echo 'strict-ssl=false' >> ~/.npmrc"),
            ["'strict-ssl=false'"]
        );
        assert_eq!(
            hits("echo 'check_certificate = off' >> /etc/wgetrc").len(),
            1
        );
        assert_eq!(
            hits("printf '[r]\\nbaseurl=https://r/\\nsslverify=0\\n' > /etc/yum.repos.d/r.repo")
                .len(),
            1
        );
        assert_eq!(
            hits("echo 'enableStrictSsl: false' >> .yarnrc.yml").len(),
            1
        );
    }

    #[test]
    fn language_near_misses() {
        for script in [
            "pip install --index-url https://x/simple x",
            "pip config set global.index-url https://x",
            "npm config set strict-ssl true",
            "npm config get strict-ssl",
            "git config --global http.sslVerify true",
            "git -c http.sslCAInfo=/ca.pem clone https://x",
            "git config user.name false",
            "dnf config-manager --setopt=sslverify=1 --save",
            "composer config -g disable-tls false",
            "echo 'strict-ssl=true' >> ~/.npmrc",
            "echo 'registry=https://r/' >> ~/.npmrc",
            "echo sslverify >> notes",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
    }

    #[test]
    fn variables() {
        let src = "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nARG PYTHONHTTPSVERIFY=0\nENV npm_config_strict_ssl=false GIT_SSL_NO_VERIFY=1\nARG PIP_TRUSTED_HOST=pypi.internal\nENV GIT_SSL_NO_VERIFY=\n";
        assert_eq!(
            texts(CODE, src),
            [
                "NODE_TLS_REJECT_UNAUTHORIZED",
                "PYTHONHTTPSVERIFY",
                "npm_config_strict_ssl",
                "GIT_SSL_NO_VERIFY",
                "PIP_TRUSTED_HOST",
                "GIT_SSL_NO_VERIFY"
            ]
        );
        assert_eq!(
            hits("PYTHONHTTPSVERIFY=0 python x.py"),
            ["PYTHONHTTPSVERIFY=0"]
        );
        assert_eq!(
            hits("export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci"),
            ["NODE_TLS_REJECT_UNAUTHORIZED=0"]
        );
        assert_eq!(
            hits("env GIT_SSL_NO_VERIFY=true git clone https://x"),
            ["GIT_SSL_NO_VERIFY=true"]
        );
        let d = run(CODE, "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n");
        assert_eq!(
            d[0].message,
            "`NODE_TLS_REJECT_UNAUTHORIZED` is set, so Node.js accepts any TLS certificate"
        );
    }

    #[test]
    fn variable_near_misses() {
        let src = "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=1\nARG PYTHONHTTPSVERIFY=1\nENV NPM_CONFIG_STRICT_SSL=true\nARG GIT_SSL_NO_VERIFY\nARG PIP_TRUSTED_HOST\nENV PIP_INDEX_URL=https://x\nRUN echo PYTHONHTTPSVERIFY=0\n";
        assert!(lines(CODE, src).is_empty());
    }

    #[test]
    fn continuation_heredoc_and_onbuild() {
        let src = "FROM debian:12\nRUN apt-get update \\\n && curl -fsSL \\\n      --insecure https://x -o /x\n";
        assert_eq!(lines(CODE, src), [4]);
        let src = "FROM debian:12\nRUN <<EOF\nset -e\nwget --no-check-certificate https://x\nEOF\n";
        assert_eq!(lines(CODE, src), [4]);
        let src =
            "FROM debian:12\nONBUILD ENV GIT_SSL_NO_VERIFY=1\nONBUILD RUN curl -k https://x\n";
        assert_eq!(lines(CODE, src), [2, 3]);
    }
}
