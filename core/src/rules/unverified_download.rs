//! SS407 unverified-download (no peer equivalent): a file fetched with
//! `curl` or `wget` is run, installed, extracted or made executable in the
//! same RUN without a checksum or signature check.

use super::privilege_support::word_span;
use super::supply_support::{downloads_to_stdout, Tool};
use super::trust_support::{cluster_has, option_values as values};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};
use crate::shell::{Command, Origin, Script, ShellWord};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS407",
        name: "unverified-download",
        summary: "A downloaded file is run, installed or extracted without a checksum or signature check",
        severity: Severity::Warning,
        category: Category::SupplyChain,
        target: Target::Dockerfile,
        checklist: &[Checklist::SecureDependencies, Checklist::NoCurlBash],
        owasp: &[Owasp::D08],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "HTTPS proves which server sent a file, not that the file is the one the \
Dockerfile's author meant: a compromised release page, a re-tagged release or a \
hijacked mirror serves something else under the same URL, and the build installs it. \
Pin what you download: check it against a checksum written in the Dockerfile \
(`echo \"<sha256>  tool.tgz\" | sha256sum -c -`), or verify a signature \
(`gpg --verify`, `cosign verify-blob`, `minisign -V`), before using it. `ADD --checksum=` \
does the same for `ADD` (SS403).\n\n\
**What is reported.** In one `RUN` (its command line and executed heredocs), a `curl` or \
`wget` download saved to a file (`-o`, `-O`, `--output`, wget's default name, or `> file`) \
that a later command of the same `RUN` uses: runs it (`./tool`, `/tmp/tool`, `sh \
tool.sh`, `python3 get-pip.py`, `java -jar x.jar`), makes it executable (`chmod +x`, \
`chmod 755`), extracts it (`tar x`, `unzip`, `gunzip`, `xz -d`, `7z x`), installs it \
(`dpkg -i`, `rpm -i`/`-U`, `apt-get install ./x.deb`, `yum`/`dnf install`, `apk add`, \
`pip install`, `install`), or moves or copies it into a `bin` directory; and a download \
piped straight into `tar` or another extractor. The finding is on `curl`/`wget`, with \
the use as a related location.\n\n\
**Not reported.** A `RUN` that also checks a checksum or signature: `sha256sum -c`/`--check` \
(and the other `sha*sum`, `md5sum`, `b2sum`, `shasum`, `cksum`), a checksum command whose \
output is compared (in `$(…)` or piped on), `gpg --verify`, `gpgv`, `cosign verify*`, \
`minisign -V`, `signify -V`, `openssl dgst -verify`, `rpm -K`/`--checksig`, \
`slsa-verifier`, `gh attestation verify`, `notation verify`. Files that are only read \
(`cat`, `grep`). Downloads piped into a shell, which are SS401's.\n\n\
None of the five peer linters checks this; it is the `RUN` counterpart of SS403.",
        bad: "FROM debian:12-slim\nRUN curl -fsSLo /tmp/kubectl https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl \\\n && install -m 0755 /tmp/kubectl /usr/local/bin/kubectl\n",
        good: "FROM debian:12-slim\nRUN curl -fsSLo /tmp/kubectl https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl \\\n && echo \"7c3807c0f5c1b30110a2ff1e55da1d112a6d0096201f1beb81b269f582b5d1c5  /tmp/kubectl\" | sha256sum -c - \\\n && install -m 0755 /tmp/kubectl /usr/local/bin/kubectl\n",
    },
    check,
};

const CURL_VALUE_SHORTS: &str = "AbcCdDeEFHiKmoPQrtTuUwxXyYz";
const WGET_VALUE_SHORTS: &str = "aABeIoOPQTtUwXD";

/// Downloads followed per RUN.
const MAX_DOWNLOADS: usize = 32;

const CHECKSUMS: &[&str] = &[
    "sha1sum",
    "sha224sum",
    "sha256sum",
    "sha384sum",
    "sha512sum",
    "md5sum",
    "b2sum",
    "shasum",
    "cksum",
];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        // Every command of the RUN in order, with its script.
        let all: Vec<(&Script, usize, &Command)> = run
            .scripts
            .iter()
            .flat_map(|s| s.commands.iter().enumerate().map(move |(i, c)| (s, i, c)))
            .collect();
        if all.iter().any(|(s, i, c)| verifies(s, *i, c)) {
            continue;
        }
        let mut downloads = 0;
        for (at, (script, i, c)) in all.iter().enumerate() {
            let Some(tool) = Tool::of(c) else { continue };
            if !matches!(tool.basename(), "curl" | "wget") {
                continue;
            }
            // Each download scans the rest of the RUN: keep hostile input linear.
            downloads += 1;
            if downloads > MAX_DOWNLOADS {
                break;
            }
            if downloads_to_stdout(c).is_some() {
                if let Some(next) = script.piped_into(*i) {
                    if let Some(name) = extracts_stdin(next) {
                        out.report(
                            word_span(run, c, tool.name),
                            format!("The download is extracted by `{name}` without a checksum or signature check"),
                        )
                        .related(next.span, "extracted here");
                        continue;
                    }
                }
            }
            let Some(path) = output_path(&tool, c) else {
                continue;
            };
            let base = basename(&path);
            if base.is_empty() {
                continue;
            }
            let used = all
                .iter()
                .skip(at + 1)
                .find_map(|(_, _, later)| use_of(later, &path, base).map(|how| (later, how)));
            if let Some((later, how)) = used {
                out.report(
                    word_span(run, c, tool.name),
                    format!("`{base}` is downloaded and then {how} without a checksum or signature check"),
                )
                .related(later.span, format!("{how} here"));
            }
        }
    }
}

fn basename(p: &str) -> &str {
    p.trim_end_matches('/').rsplit('/').next().unwrap_or(p)
}

/// The file name a URL is saved under by default.
fn url_name(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let after = path.split_once("://").map_or(path, |(_, r)| r);
    let (_, p) = after.split_once('/')?;
    let name = p.rsplit('/').next().unwrap_or("");
    (!name.is_empty()).then_some(name)
}

fn first_url(args: &[ShellWord]) -> Option<&str> {
    args.iter().map(|a| a.text.as_str()).find(|t| {
        let l = t.to_ascii_lowercase();
        l.starts_with("https://") || l.starts_with("http://") || l.starts_with("ftp://")
    })
}

/// Where the download is saved.
fn output_path(tool: &Tool<'_>, c: &Command) -> Option<String> {
    let args = tool.args;
    let redirect = || {
        c.redirects
            .iter()
            .find(|r| matches!(r.op.as_str(), ">" | ">>" | ">|") && r.fd.is_none_or(|f| f == 1))
            .and_then(|r| r.target.as_ref())
            .map(|t| t.text.clone())
    };
    if downloads_to_stdout(c).is_some() {
        return redirect();
    }
    let named = if tool.basename() == "curl" {
        let o = values(args, CURL_VALUE_SHORTS, 'o', "output");
        if let Some((_, last)) = o.last() {
            return Some((*last).to_string());
        }
        let remote = args.iter().take_while(|a| a.text != "--").any(|a| {
            a.text == "--remote-name"
                || a.text.strip_prefix('-').is_some_and(|cl| {
                    !cl.starts_with('-') && cluster_has(cl, 'O', CURL_VALUE_SHORTS)
                })
        });
        remote
    } else {
        let o = values(args, WGET_VALUE_SHORTS, 'O', "output-document");
        if let Some((_, last)) = o.last() {
            return Some((*last).to_string());
        }
        true
    };
    if !named {
        return None;
    }
    first_url(args).and_then(url_name).map(str::to_string)
}

fn matches_file(w: &ShellWord, path: &str, base: &str) -> bool {
    let t = w.text.as_str();
    t == path || basename(t) == base
}

/// What a later command does with the downloaded file, if it runs,
/// installs, extracts or makes it executable.
fn use_of(c: &Command, path: &str, base: &str) -> Option<&'static str> {
    let v = c.effective()?;
    let args = v.args;
    let name = v.basename();
    let has_file = || args.iter().any(|a| matches_file(a, path, base));
    let plain: Vec<&str> = args
        .iter()
        .filter(|a| !a.is_flag())
        .map(|a| a.text.as_str())
        .collect();
    // Running the file itself.
    if v.name.text.contains('/') && matches_file(v.name, path, base) {
        return Some("run");
    }
    match name {
        "chmod" => {
            let mode = plain.first()?;
            let exec = mode.contains('x')
                || (mode.bytes().all(|b| (b'0'..=b'7').contains(&b))
                    && u32::from_str_radix(mode, 8).is_ok_and(|m| m & 0o111 != 0));
            (exec && has_file()).then_some("made executable")
        }
        "tar" | "bsdtar" => {
            let first = args.first().map(|a| a.text.as_str()).unwrap_or("");
            let extract = args.iter().any(|a| {
                let t = a.text.as_str();
                t == "--extract"
                    || t == "--get"
                    || (t.starts_with('-') && !t.starts_with("--") && t.contains('x'))
            }) || (!first.starts_with('-') && first.contains('x'));
            let file_given = args.iter().any(|a| {
                matches_file(a, path, base)
                    || a.text
                        .strip_prefix("--file=")
                        .is_some_and(|f| f == path || basename(f) == base)
            });
            (extract && file_given).then_some("extracted")
        }
        "unzip" | "gunzip" | "bunzip2" | "unxz" | "unzstd" => has_file().then_some("extracted"),
        "xz" | "zstd" | "gzip" | "bzip2" => {
            let decompress = args.iter().any(|a| {
                a.text == "--decompress"
                    || (a.text.starts_with('-')
                        && !a.text.starts_with("--")
                        && a.text.contains('d'))
            });
            (decompress && has_file()).then_some("extracted")
        }
        "7z" | "7za" | "7zr" => {
            (matches!(plain.first(), Some(&"x") | Some(&"e")) && has_file()).then_some("extracted")
        }
        "dpkg" => {
            let install = args.iter().any(|a| {
                a.text == "--install"
                    || (a.text.starts_with('-')
                        && !a.text.starts_with("--")
                        && a.text.contains('i'))
            });
            (install && has_file()).then_some("installed")
        }
        "rpm" => {
            let install = args.iter().any(|a| {
                matches!(a.text.as_str(), "--install" | "--upgrade" | "--freshen")
                    || (a.text.starts_with('-')
                        && !a.text.starts_with("--")
                        && (a.text.contains('i') || a.text.contains('U') || a.text.contains('F')))
            });
            (install && has_file()).then_some("installed")
        }
        "apt-get" | "apt" | "yum" | "dnf" | "microdnf" | "zypper" => {
            let sub = plain.first().copied().unwrap_or("");
            (matches!(sub, "install" | "localinstall" | "in" | "reinstall") && has_file())
                .then_some("installed")
        }
        "apk" => (plain.first() == Some(&"add") && has_file()).then_some("installed"),
        "pip" | "pip3" | "pipx" => {
            (plain.first() == Some(&"install") && has_file()).then_some("installed")
        }
        "install" => has_file().then_some("installed"),
        "mv" | "cp" => {
            let (dest, sources) = plain.split_last()?;
            let into_bin = dest.contains("/bin");
            let moved = sources.iter().any(|s| *s == path || basename(s) == base);
            (into_bin && moved).then_some("moved into a bin directory")
        }
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "python" | "python2" | "python3"
        | "perl" | "ruby" | "node" | "php" => {
            let script = args.iter().find(|a| !a.is_flag())?;
            matches_file(script, path, base).then_some("run")
        }
        "java" => {
            let at = args.iter().position(|a| a.text == "-jar")?;
            let jar = args.get(at + 1)?;
            matches_file(jar, path, base).then_some("run")
        }
        _ => None,
    }
}

/// A command that reads a download from standard input and unpacks it.
fn extracts_stdin(c: &Command) -> Option<&'static str> {
    let v = c.effective()?;
    match v.basename() {
        "tar" | "bsdtar" => {
            let first = v.args.first().map(|a| a.text.as_str()).unwrap_or("");
            let extract = v.args.iter().any(|a| {
                let t = a.text.as_str();
                t == "--extract" || (t.starts_with('-') && !t.starts_with("--") && t.contains('x'))
            }) || (!first.starts_with('-') && first.contains('x'));
            extract.then_some("tar")
        }
        "cpio" => v
            .args
            .iter()
            .any(|a| a.text.starts_with('-') && a.text.contains('i'))
            .then_some("cpio"),
        _ => None,
    }
}

/// A checksum or signature check.
fn verifies(script: &Script, i: usize, c: &Command) -> bool {
    let Some(v) = c.effective() else { return false };
    let name = v.basename();
    if CHECKSUMS.contains(&name) {
        return v.has_flag("c")
            || v.has_flag("check")
            || c.origin == Origin::CommandSubstitution
            || script.piped_into(i).is_some();
    }
    let sub = v.subcommand().unwrap_or("");
    match name {
        "gpg" | "gpg2" => v.has_flag("verify"),
        "gpgv" | "gpgv2" | "slsa-verifier" => true,
        "cosign" | "notation" | "sigstore" => sub.starts_with("verify"),
        "minisign" | "signify" => v.has_flag("V"),
        "openssl" => {
            sub == "dgst"
                && v.args
                    .iter()
                    .any(|a| matches!(a.text.as_str(), "-verify" | "-prverify" | "-signature"))
        }
        "rpm" => v.has_flag("K") || v.has_flag("checksig"),
        "gh" => {
            v.args.iter().any(|a| a.text == "attestation")
                && v.args.iter().any(|a| a.text == "verify")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS407";

    fn hits(script: &str) -> Vec<String> {
        let src = format!("FROM debian:12\nRUN {script}\n");
        texts(CODE, &src).into_iter().map(str::to_string).collect()
    }

    #[test]
    fn downloads_then_used() {
        for script in [
            "curl -fsSLo /tmp/k https://x/k && install -m 755 /tmp/k /usr/local/bin/k",
            "curl -fsSL -o /tmp/x.tgz https://x/x.tgz && tar -xzf /tmp/x.tgz -C /opt",
            "curl -fsSLO https://x/v1/tool.tar.gz && tar xzf tool.tar.gz",
            "curl -fsSL https://x/tool > /usr/local/bin/tool && chmod +x /usr/local/bin/tool",
            "wget -q https://x/pkg.deb && dpkg -i pkg.deb",
            "wget -O /tmp/p.rpm https://x/p.rpm && rpm -ivh /tmp/p.rpm",
            "wget https://x/get.sh && sh get.sh",
            "curl -o get-pip.py https://bootstrap.pypa.io/get-pip.py && python3 get-pip.py",
            "curl -Lo app.jar https://x/app.jar && java -jar app.jar",
            "curl -fsSLo /tmp/t https://x/t && chmod 0755 /tmp/t && /tmp/t --version",
            "curl -fsSLo t https://x/t && mv t /usr/local/bin/",
            "curl -fsSLo x.zip https://x/x.zip && unzip x.zip",
            "wget -q https://x/a.deb && apt-get install -y ./a.deb",
            "curl -fsSL https://x/node.tar.xz | tar -xJ -C /usr/local",
            "wget -qO- https://x/a.tgz | tar xz",
        ] {
            assert_eq!(hits(script).len(), 1, "{script}");
        }
        let d = run(
            CODE,
            "FROM debian:12\nRUN curl -fsSLo /tmp/x.tgz https://x/x.tgz && tar -xzf /tmp/x.tgz\n",
        );
        assert_eq!(d[0].span.text("FROM debian:12\nRUN curl"), "curl");
        assert_eq!(
            d[0].message,
            "`x.tgz` is downloaded and then extracted without a checksum or signature check"
        );
        assert_eq!(d[0].related[0].message, "extracted here");
    }

    #[test]
    fn verified_downloads_are_clean() {
        for script in [
            "curl -fsSLo /tmp/x.tgz https://x/x.tgz && echo \"abc  /tmp/x.tgz\" | sha256sum -c - && tar xzf /tmp/x.tgz",
            "curl -fsSLO https://x/t.tgz && curl -fsSLO https://x/t.tgz.sha256 && sha256sum --check t.tgz.sha256 && tar xzf t.tgz",
            "wget https://x/t.tgz https://x/t.tgz.asc && gpg --batch --verify t.tgz.asc t.tgz && tar xzf t.tgz",
            "curl -Lo t https://x/t && cosign verify-blob --key k.pub --signature t.sig t && chmod +x t",
            "curl -Lo t https://x/t && minisign -Vm t -P key && chmod +x t",
            "curl -Lo t.tgz https://x/t.tgz && [ \"$(sha256sum t.tgz | cut -d' ' -f1)\" = \"$SHA\" ] && tar xzf t.tgz",
            "curl -Lo t.tgz https://x/t.tgz && shasum -a 256 -c t.sha && tar xzf t.tgz",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
    }

    #[test]
    fn near_misses() {
        for script in [
            // Downloaded, only read.
            "curl -fsSLo /tmp/list.txt https://x/list.txt && cat /tmp/list.txt",
            // Piped into a shell: SS401's.
            "curl -fsSL https://x/install.sh | sh",
            // Output to stdout, not piped into an extractor.
            "curl -fsSL https://x/ | grep version",
            // A different file is extracted.
            "curl -fsSLo /tmp/a.tgz https://x/a.tgz && tar xzf /tmp/b.tgz",
            // tar creating an archive.
            "curl -fsSLo a https://x/a && tar czf a.tgz a",
            // chmod without execute.
            "curl -fsSLo /etc/app.conf https://x/app.conf && chmod 644 /etc/app.conf",
            // Copied to a non-bin directory.
            "curl -fsSLo a.txt https://x/a.txt && cp a.txt /srv/",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
    }

    #[test]
    fn continuation_and_heredoc() {
        let src = "FROM debian:12\nRUN set -e; \\\n    curl -fsSLo /tmp/x.tgz https://x/x.tgz; \\\n    tar -C /opt -xzf /tmp/x.tgz\n";
        assert_eq!(lines(CODE, src), [3]);
        let src =
            "FROM debian:12\nRUN <<EOF\nset -e\nwget -q https://x/p.deb\ndpkg -i p.deb\nEOF\n";
        assert_eq!(lines(CODE, src), [4]);
        let src = "FROM debian:12\nRUN <<EOF\nset -e\nwget -q https://x/p.deb\necho 'abc  p.deb' | sha256sum -c -\ndpkg -i p.deb\nEOF\n";
        assert!(lines(CODE, src).is_empty());
    }
}
