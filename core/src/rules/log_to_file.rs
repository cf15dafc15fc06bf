//! SS890 log-to-file (no peer; OWASP D10): the final image's web server
//! logs to files instead of stdout/stderr.

use super::eol_support::official_name;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::model::Base;
use crate::rule::{Category, FixKind, Owasp, RuleMeta, Target};
use crate::syntax::{Keyword, Span};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS890",
        name: "log-to-file",
        summary: "The final image's web server logs to files instead of stdout/stderr",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[Owasp::D10],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: false,
        why: "A container's logs are what it writes to stdout and stderr: that is what \
`docker logs`, Kubernetes and log collectors read. Logs written to files inside the \
container are invisible to them, fill the container's writable layer, and disappear with \
the container, just when an incident needs them (OWASP Docker Top 10, D10 Logging). The \
official `nginx` image links `/var/log/nginx/access.log` and `error.log` to `/dev/stdout` and \
`/dev/stderr`, and the official `httpd` image logs to `/proc/self/fd/1` and `2`.\n\n\
The rule looks at the final stage (and the stages it is built `FROM`) and reports, \
conservatively:\n\n\
- a log directive that names a file, in a `RUN` command (`sed`, `echo … >> conf`) or in a \
heredoc written by `COPY`/`RUN`: nginx `access_log`/`error_log`, Apache \
`CustomLog`/`ErrorLog`/`TransferLog` (not `off`, `stderr`, `syslog:`, pipes, `/dev/…` or \
`/proc/self/fd/…`);\n\
- `rm`/`unlink` of the nginx log links (`/var/log/nginx/*.log`) in a stage based on the \
official `nginx` image.\n\n\
Nothing is reported when the stage links or points any log to `/dev/stdout`, `/dev/stderr` \
or `/proc/self/fd/…`. Configuration files copied from the build context are not read. \
Advisory and off by default.",
        bad: "FROM nginx:1.27\nRUN rm /var/log/nginx/access.log\n",
        good: "FROM nginx:1.27\nRUN rm /var/log/nginx/access.log \\\n && ln -sf /dev/stdout /var/log/nginx/access.log\n",
    },
    check,
};

const STREAMS: &[&str] = &["/dev/stdout", "/dev/stderr", "/proc/self/fd/", "/dev/fd/"];

/// A log directive naming a file in `text`: the directive's byte offset
/// and length, and the file.
fn log_directive(text: &str) -> Option<(usize, usize, String)> {
    for (line_start, line) in lines_with_offsets(text) {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let tokens = tokens(line);
        for (i, &(at, tok)) in tokens.iter().enumerate() {
            let nginx = tok == "access_log" || tok == "error_log";
            let apache = ["customlog", "errorlog", "transferlog"]
                .iter()
                .any(|d| tok.eq_ignore_ascii_case(d));
            if !nginx && !apache {
                continue;
            }
            let Some(&(_, value)) = tokens.get(i + 1) else {
                continue;
            };
            if is_file(value) {
                return Some((line_start + at, tok.len(), value.to_string()));
            }
        }
    }
    None
}

fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split('\n').map(move |l| {
        let start = at;
        at += l.len() + 1;
        (start, l)
    })
}

/// Tokens split at whitespace and shell/sed/config punctuation, with offsets.
fn tokens(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        let sep = c.is_whitespace()
            || matches!(
                c,
                ';' | '\'' | '"' | '|' | '{' | '}' | '\\' | '#' | '^' | '(' | ')' | ','
            );
        match (sep, start) {
            (true, Some(s)) => {
                out.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

fn is_file(value: &str) -> bool {
    let v = value.trim_matches(|c| c == '"' || c == '\'');
    if v.is_empty() || STREAMS.iter().any(|s| v.starts_with(s)) {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    if matches!(lower.as_str(), "off" | "stderr" | "stdout" | "/dev/null")
        || lower.starts_with("syslog")
        || lower.starts_with("memory:")
        || v.contains('$')
    {
        return false;
    }
    v.starts_with('/')
        || (v.contains('/')
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c)))
}

fn mentions_stream(text: &str) -> bool {
    STREAMS.iter().any(|s| text.contains(s))
}

const NGINX_LOGS: &[&str] = &[
    "/var/log/nginx/access.log",
    "/var/log/nginx/error.log",
    "/var/log/nginx/*.log",
    "/var/log/nginx/*",
];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let Some(last) = cx.model.final_stage() else {
        return;
    };
    // The final stage and the stages it is built FROM.
    let mut chain = vec![last.index];
    let mut cur = last;
    let mut nginx_image = false;
    loop {
        match &cur.base {
            Base::Stage(p) if *p < cur.index && !chain.contains(p) => {
                let Some(s) = cx.model.stage(*p) else { break };
                chain.push(s.index);
                cur = s;
            }
            Base::Image(r) => {
                nginx_image =
                    official_name(r) == Some("nginx") || r.repository.starts_with("nginxinc/");
                break;
            }
            _ => break,
        }
    }
    let in_chain = |index: usize| cx.model.stage_of(index).is_some_and(|s| chain.contains(&s));
    // Heredocs and RUN text of the chain: if any points logs at a stream, the
    // user is handling it.
    let mut texts: Vec<(Span, &str)> = Vec::new();
    for (index, ins) in cx.model.instructions().iter().enumerate() {
        if !in_chain(index) || !matches!(ins.keyword, Keyword::Run | Keyword::Copy | Keyword::Add) {
            continue;
        }
        texts.push((ins.span, ins.span.text(cx.src)));
    }
    if texts.iter().any(|(_, t)| mentions_stream(t)) {
        return;
    }
    let mut reported: Vec<Span> = Vec::new();
    for run in cx.runs.iter().filter(|r| in_chain(r.index)) {
        for cmd in run.commands() {
            if let Some(view) = cmd.effective() {
                let remover = matches!(view.basename(), "rm" | "unlink");
                if remover && nginx_image {
                    for w in view.args_no_flags() {
                        if NGINX_LOGS.contains(&w.text.as_str()) {
                            out.report(
                                w.span,
                                format!(
                                    "`{}` removes `{}`, the nginx image's link to stdout/stderr, so nginx logs to a file",
                                    view.name(),
                                    w.text
                                ),
                            );
                            reported.push(w.span);
                        }
                    }
                }
            }
            for w in &cmd.args {
                if let Some((_, _, file)) = log_directive(&w.text) {
                    if !reported.contains(&w.span) {
                        out.report(w.span, message(&file));
                        reported.push(w.span);
                    }
                }
            }
        }
    }
    // Heredocs (a config file written by COPY <<EOF or cat <<EOF > file).
    for (index, ins) in cx.model.instructions().iter().enumerate() {
        if !in_chain(index) {
            continue;
        }
        for h in &ins.heredocs {
            // An executed RUN heredoc was read as commands above.
            if reported
                .iter()
                .any(|s| h.body.start <= s.start && s.end <= h.body.end)
            {
                continue;
            }
            let body = h.body.text(cx.src);
            if let Some((at, len, file)) = log_directive(body) {
                let span = Span::new(h.body.start + at, h.body.start + at + len);
                out.report(span, message(&file));
            }
        }
    }
}

fn message(file: &str) -> String {
    format!("Logs go to the file `{file}`, not to stdout/stderr where `docker logs` and log collectors read them")
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{run, texts};

    const CODE: &str = "SS890";

    #[test]
    fn removed_links_in_the_nginx_image() {
        let src = "FROM nginx:1.27-alpine\nRUN rm -f /var/log/nginx/access.log /var/log/nginx/error.log\n";
        assert_eq!(
            texts(CODE, src),
            ["/var/log/nginx/access.log", "/var/log/nginx/error.log"]
        );
        assert_eq!(
            run(CODE, src)[0].message,
            "`rm` removes `/var/log/nginx/access.log`, the nginx image's link to stdout/stderr, so nginx logs to a file"
        );
        let src = "FROM nginx:1.27 AS web\nFROM web\nRUN unlink /var/log/nginx/error.log\n";
        assert_eq!(texts(CODE, src), ["/var/log/nginx/error.log"]);
    }

    #[test]
    fn directives_naming_files() {
        let src = "FROM nginx:1.27\nRUN sed -i 's|access_log .*;|access_log /var/log/nginx/app.log main;|' /etc/nginx/nginx.conf\n";
        let d = run(CODE, src);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "Logs go to the file `/var/log/nginx/app.log`, not to stdout/stderr where `docker logs` and log collectors read them"
        );
        let src = "FROM httpd:2.4\nRUN sed -i \\\n  -e 's#^CustomLog .*#CustomLog \"logs/access_log\" common#' conf/httpd.conf\n";
        assert_eq!(run(CODE, src).len(), 1);
        let src = "FROM nginx:1.27\nCOPY <<EOF /etc/nginx/conf.d/default.conf\nserver {\n  # access_log /dev/null;\n  error_log /var/log/nginx/site.err warn;\n}\nEOF\n";
        assert_eq!(texts(CODE, src), ["error_log"]);
        let src = "FROM nginx:1.27\nRUN <<EOF\necho 'access_log /var/log/a.log;' > /etc/nginx/conf.d/a.conf\nEOF\n";
        assert_eq!(
            run(CODE, src).len(),
            1,
            "once, not as a command and as a heredoc"
        );
        let src = "FROM ubuntu:24.04\nRUN apt-get install -y apache2 \\\n && echo 'ErrorLog /var/log/apache2/e.log' >> /etc/apache2/apache2.conf\n";
        assert_eq!(run(CODE, src).len(), 1);
    }

    #[test]
    fn near_misses() {
        for src in [
            // Relinked.
            "FROM nginx:1.27\nRUN rm /var/log/nginx/access.log && ln -sf /dev/stdout /var/log/nginx/access.log\n",
            // Not the official image: the files were never links.
            "FROM ubuntu:24.04\nRUN rm -f /var/log/nginx/access.log\n",
            // Streams and switches.
            "FROM nginx:1.27\nRUN echo 'access_log off;' > /etc/nginx/conf.d/x.conf\n",
            "FROM nginx:1.27\nRUN echo 'error_log stderr;' > /etc/nginx/conf.d/x.conf\n",
            "FROM nginx:1.27\nRUN echo 'access_log syslog:server=log:514;' > /etc/nginx/conf.d/x.conf\n",
            "FROM httpd:2.4\nRUN sed -i 's#CustomLog .*#CustomLog /proc/self/fd/1 common#' conf/httpd.conf\n",
            "FROM php:8.3-apache\nRUN echo 'error_log = /var/log/php.log' >> /usr/local/etc/php/php.ini\n",
            // Only the final stage counts.
            "FROM nginx:1.27 AS conf\nRUN rm /var/log/nginx/access.log\nFROM alpine:3.20\nCOPY --from=conf /etc/nginx /etc/nginx\n",
            "FROM nginx:1.27\nRUN echo access_log\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
