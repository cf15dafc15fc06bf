//! SS405 package-signature-disabled (Checkov CKV2_DOCKER_7, _8, _9, _10,
//! _11): a package manager is told to install packages whose signature it
//! does not check.

use super::privilege_support::word_span;
use super::supply_support::Tool;
use super::trust_support::long_flag_words;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{
    Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool as Peer,
};
use crate::shell::ShellWord;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS405",
        name: "package-signature-disabled",
        summary: "A package manager is told not to check package signatures",
        severity: Severity::Error,
        category: Category::SupplyChain,
        target: Target::Dockerfile,
        checklist: &[Checklist::CopyNotAdd, Checklist::SecureDependencies],
        owasp: &[Owasp::D08],
        equivalents: &[
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_7"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_8"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_9"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_10"),
            Equivalent::similar(Peer::Checkov, "CKV2_DOCKER_11"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "Package signatures are what ties a downloaded package to the distribution \
that built it: with the check off, a mirror, a proxy or anyone on the network path can \
hand the build a modified package and it is installed as root. Import the repository's \
key instead (`apt-key`-free: a `signed-by=` keyring for apt, `rpm --import` for rpm, the \
key under `/etc/apk/keys` for apk) and leave verification on.\n\n\
**What is reported** (as shell words, also behind `sudo`/`env` and inside `sh -c` strings \
and executed heredocs):\n\
- `apk … --allow-untrusted`;\n\
- `apt-get`/`apt`/`aptitude` with `--allow-unauthenticated`, `--force-yes`, \
`--allow-insecure-repositories`, or `-o APT::Get::AllowUnauthenticated=true` (and the \
`Acquire::AllowInsecureRepositories`, `Acquire::AllowDowngradeToInsecureRepositories` \
options);\n\
- `yum`, `dnf`, `microdnf`, `tdnf`, `yum-config-manager` with `--nogpgcheck` or \
`--setopt=…gpgcheck=0`;\n\
- `rpm` with `--nodigest`, `--nosignature`, `--noverify` or `--nofiledigest`;\n\
- `zypper --no-gpg-checks`, `dpkg --force-bad-verify`, `snap install --dangerous`, \
`gpg --skip-verify`;\n\
- text written by `echo`, `printf`, `tee` or `sed` that turns the check off in a \
repository file: `[trusted=yes]` (or `trusted=yes` among other options) in an apt source, \
`gpgcheck=0` in a yum/dnf `.repo` file, `SigLevel = Never` for pacman.\n\n\
**How this differs from Checkov.** Checkov's `CKV2_DOCKER_7` to `_11` match regular \
expressions on the whole `RUN` text, so a flag mentioned in an `echo` or a comment-like \
string counts and `apt` (rather than `apt-get`) does not. shipshape reads the shell words: \
the flag must be given to the package manager, and `apt`/`aptitude`, `microdnf` and the \
other managers above count too. `repo_gpgcheck=0` (repository metadata signatures, off by \
default on many distributions) is not reported.",
        bad: "FROM alpine:3.20\nCOPY pkgs/ /tmp/pkgs/\nRUN apk add --no-cache --allow-untrusted /tmp/pkgs/*.apk\n",
        good: "FROM alpine:3.20\nCOPY keys/builder.rsa.pub /etc/apk/keys/\nCOPY pkgs/ /tmp/pkgs/\nRUN apk add --no-cache /tmp/pkgs/*.apk\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for c in run.commands() {
            let Some(tool) = Tool::of(c) else { continue };
            for (word, message) in findings(&tool) {
                out.report(word_span(run, c, word), message);
            }
        }
    }
}

fn findings<'a>(tool: &Tool<'a>) -> Vec<(&'a ShellWord, String)> {
    let name = tool.basename();
    let args = tool.args;
    let mut out = Vec::new();
    let mut flags = |list: &[&str], what: &str| {
        for f in list {
            for w in long_flag_words(args, f) {
                out.push((w, format!("`--{f}` makes `{name}` {what}")));
            }
        }
    };
    match name {
        "apk" => flags(
            &["allow-untrusted"],
            "install packages without checking their signature",
        ),
        "apt-get" | "apt" | "aptitude" => {
            flags(
                &["allow-unauthenticated", "force-yes"],
                "install packages without checking their signature",
            );
            flags(
                &["allow-insecure-repositories"],
                "accept repositories whose index is not signed",
            );
        }
        "yum" | "dnf" | "microdnf" | "tdnf" | "yum-config-manager" => {
            flags(
                &["nogpgcheck"],
                "install packages without checking their signature",
            );
        }
        "rpm" => flags(
            &["nodigest", "nosignature", "noverify", "nofiledigest"],
            "skip checking package signatures or digests",
        ),
        "zypper" => flags(
            &["no-gpg-checks", "no-gpg-check"],
            "install packages without checking their signature",
        ),
        "dpkg" => flags(
            &["force-bad-verify"],
            "install packages that fail verification",
        ),
        "snap" => flags(
            &["dangerous"],
            "install snaps without checking their signature",
        ),
        "gpg" | "gpg2" => flags(&["skip-verify"], "skip signature verification"),
        _ => {}
    }
    if matches!(name, "apt-get" | "apt" | "aptitude") {
        for (w, value) in apt_options(args) {
            if apt_option_disables(value) {
                out.push((
                    w,
                    format!(
                        "Option `{value}` makes `{name}` accept unsigned packages or repositories"
                    ),
                ));
            }
        }
    }
    if matches!(
        name,
        "yum" | "dnf" | "microdnf" | "tdnf" | "yum-config-manager"
    ) {
        for w in args.iter().take_while(|a| a.text != "--") {
            if let Some(v) = w.text.strip_prefix("--setopt=") {
                if gpgcheck_off(v) {
                    out.push((
                        w,
                        format!(
                            "`{}` makes `{name}` install packages without checking their signature",
                            w.text
                        ),
                    ));
                }
            }
        }
        // `--setopt gpgcheck=0` as two words.
        for pair in args.windows(2) {
            if let [flag, value] = pair {
                if flag.text == "--setopt" && gpgcheck_off(&value.text) {
                    out.push((
                        value,
                        format!(
                            "`{}` makes `{name}` install packages without checking their signature",
                            value.text
                        ),
                    ));
                }
            }
        }
    }
    if matches!(name, "echo" | "printf" | "tee" | "sed") {
        for w in args {
            if let Some(what) = written_trust_off(&w.text) {
                out.push((w, format!("This writes {what}")));
            }
        }
    }
    out
}

/// `-o Name=value`, `-oName=value`, `--option Name=value`, `--option=Name=value`.
fn apt_options(args: &[ShellWord]) -> Vec<(&ShellWord, &str)> {
    let mut out = Vec::new();
    let mut it = args.iter().take_while(|a| a.text != "--").peekable();
    while let Some(a) = it.next() {
        let t = a.text.as_str();
        if t == "-o" || t == "--option" {
            if let Some(v) = it.next() {
                out.push((v, v.text.as_str()));
            }
        } else if let Some(v) = t.strip_prefix("--option=") {
            out.push((a, v));
        } else if let Some(v) = t.strip_prefix("-o").filter(|v| !v.is_empty()) {
            out.push((a, v));
        }
    }
    out
}

fn is_truthy(v: &str) -> bool {
    let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
    ["1", "true", "yes", "on"]
        .iter()
        .any(|t| v.eq_ignore_ascii_case(t))
}

fn apt_option_disables(option: &str) -> bool {
    let Some((key, value)) = option.split_once('=') else {
        return false;
    };
    let key = key.trim().to_ascii_lowercase();
    matches!(
        key.as_str(),
        "apt::get::allowunauthenticated"
            | "acquire::allowinsecurerepositories"
            | "acquire::allowdowngradetoinsecurerepositories"
            | "apt::get::force-yes"
    ) && is_truthy(value)
}

/// `gpgcheck=0` (or `<repo>.gpgcheck=false`), not `repo_gpgcheck`.
fn gpgcheck_off(setting: &str) -> bool {
    let Some((key, value)) = setting.split_once('=') else {
        return false;
    };
    let key = key.trim().to_ascii_lowercase();
    let last = key.rsplit('.').next().unwrap_or(&key);
    last == "gpgcheck" && super::trust_support::is_falsy(value)
}

/// A repository setting in written text that turns signature checks off.
fn written_trust_off(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    // apt: `deb [trusted=yes arch=amd64] http://… ./`
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or("");
        let inside = after.split(']').next().unwrap_or("");
        if inside
            .split_whitespace()
            .any(|o| o == "trusted=yes" || o == "trusted=true")
        {
            return Some("an apt source marked `trusted=yes`, whose packages are not checked");
        }
        rest = after;
    }
    // yum/dnf: `gpgcheck=0` at the start of a line or after a separator.
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|r| r.find("gpgcheck")) {
        let at = from + found;
        from = at + "gpgcheck".len();
        // After a separator, or after a `\n` written for printf/echo -e.
        let before_ok = at == 0
            || lower
                .as_bytes()
                .get(at - 1)
                .is_some_and(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            || lower
                .get(at.saturating_sub(2)..at)
                .is_some_and(|p| p == "\\n" || p == "\\t");
        let after = lower
            .get(from..)
            .unwrap_or("")
            .trim_start_matches([' ', '\t']);
        if let Some(v) = after.strip_prefix('=') {
            let v = v.trim_start_matches([' ', '\t']);
            let value: String = v
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if before_ok && super::trust_support::is_falsy(&value) {
                return Some(
                    "`gpgcheck=0` into a package repository file, so its packages are not checked",
                );
            }
        }
    }
    // pacman: `SigLevel = Never`
    if let Some(at) = lower.find("siglevel") {
        let after = lower.get(at + "siglevel".len()..).unwrap_or("");
        let after = after.trim_start_matches([' ', '\t']);
        if after
            .strip_prefix('=')
            .is_some_and(|v| v.trim_start().starts_with("never"))
        {
            return Some("`SigLevel = Never` for pacman, so packages are not checked");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS405";

    fn hits(script: &str) -> Vec<String> {
        let src = format!("FROM debian:12\nRUN {script}\n");
        texts(CODE, &src).into_iter().map(str::to_string).collect()
    }

    #[test]
    fn checkov_flags() {
        assert_eq!(
            hits("apk add --allow-untrusted x.apk"),
            ["--allow-untrusted"]
        );
        assert_eq!(
            hits("apt-get install -y --allow-unauthenticated curl"),
            ["--allow-unauthenticated"]
        );
        assert_eq!(hits("apt-get -y --force-yes install curl"), ["--force-yes"]);
        assert_eq!(hits("yum install -y --nogpgcheck x"), ["--nogpgcheck"]);
        assert_eq!(hits("dnf --nogpgcheck install x"), ["--nogpgcheck"]);
        assert_eq!(hits("tdnf install --nogpgcheck x"), ["--nogpgcheck"]);
        assert_eq!(
            hits("rpm -ivh --nosignature --nodigest x.rpm"),
            ["--nosignature", "--nodigest"]
        );
        assert_eq!(hits("rpm -i --noverify x.rpm"), ["--noverify"]);
        assert_eq!(hits("rpm -i --nofiledigest x.rpm"), ["--nofiledigest"]);
        let d = run(CODE, "FROM alpine\nRUN apk add --allow-untrusted x.apk\n");
        assert_eq!(
            d[0].message,
            "`--allow-untrusted` makes `apk` install packages without checking their signature"
        );
    }

    #[test]
    fn more_managers_and_options() {
        assert_eq!(
            hits("apt install --allow-unauthenticated x"),
            ["--allow-unauthenticated"]
        );
        assert_eq!(
            hits("apt-get -o APT::Get::AllowUnauthenticated=true install x"),
            ["APT::Get::AllowUnauthenticated=true"]
        );
        assert_eq!(
            hits("apt-get -oAcquire::AllowInsecureRepositories=1 update"),
            ["-oAcquire::AllowInsecureRepositories=1"]
        );
        assert_eq!(
            hits("apt-get update --allow-insecure-repositories"),
            ["--allow-insecure-repositories"]
        );
        assert_eq!(
            hits("dnf install --setopt=gpgcheck=0 x"),
            ["--setopt=gpgcheck=0"]
        );
        assert_eq!(
            hits("yum-config-manager --save --setopt=myrepo.gpgcheck=false"),
            ["--setopt=myrepo.gpgcheck=false"]
        );
        assert_eq!(hits("zypper --no-gpg-checks in x"), ["--no-gpg-checks"]);
        assert_eq!(
            hits("dpkg -i --force-bad-verify x.deb"),
            ["--force-bad-verify"]
        );
        assert_eq!(hits("snap install --dangerous x.snap"), ["--dangerous"]);
        assert_eq!(
            hits("sudo apk add --allow-untrusted x"),
            ["--allow-untrusted"]
        );
        assert_eq!(
            hits("sh -c 'apk add --allow-untrusted x'"),
            ["--allow-untrusted"]
        );
    }

    #[test]
    fn written_repository_settings() {
        assert_eq!(
            hits(
                "echo 'deb [trusted=yes] http://repo.example/ ./' > /etc/apt/sources.list.d/x.list"
            ),
            ["'deb [trusted=yes] http://repo.example/ ./'"]
        );
        assert_eq!(
            hits("echo \"deb [arch=amd64 trusted=yes] https://r/ stable main\" | tee /etc/apt/sources.list.d/r.list"),
            ["\"deb [arch=amd64 trusted=yes] https://r/ stable main\""]
        );
        assert_eq!(
            hits("printf '[r]\\nbaseurl=https://r/\\ngpgcheck=0\\n' > /etc/yum.repos.d/r.repo")
                .len(),
            1
        );
        assert_eq!(
            hits("sed -i 's/gpgcheck=1/gpgcheck=0/' /etc/yum.repos.d/r.repo").len(),
            1
        );
        assert_eq!(hits("echo 'SigLevel = Never' >> /etc/pacman.conf").len(), 1);
    }

    #[test]
    fn near_misses() {
        for script in [
            "apk add --no-cache curl",
            "apt-get install -y curl",
            "echo apt-get --allow-unauthenticated",
            "curl --force-yes",
            "apt-get -o Acquire::Retries=3 install x",
            "apt-get -o APT::Get::AllowUnauthenticated=false install x",
            "dnf install --setopt=install_weak_deps=False x",
            "dnf install --setopt=repo_gpgcheck=0 x",
            "echo 'gpgcheck=1' >> /etc/yum.repos.d/r.repo",
            "echo 'repo_gpgcheck=0' >> /etc/yum.repos.d/r.repo",
            "echo 'deb [signed-by=/usr/share/keyrings/r.gpg] https://r/ stable main' > /etc/apt/sources.list.d/r.list",
            "rpm --import https://r/key.asc && rpm -i x.rpm",
            "rpm -qa --nodigest-please",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
    }

    #[test]
    fn continuation_and_heredoc() {
        let src = "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n      --allow-unauthenticated curl\n";
        assert_eq!(lines(CODE, src), [4]);
        let src =
            "FROM alpine:3.20\nRUN <<EOF\nset -e\napk add --allow-untrusted /tmp/x.apk\nEOF\n";
        assert_eq!(lines(CODE, src), [4]);
        // A heredoc written to a file is data, not a command.
        let src = "FROM alpine:3.20\nRUN cat <<EOF > /tmp/notes\napk add --allow-untrusted\nEOF\n";
        assert!(lines(CODE, src).is_empty());
    }
}
