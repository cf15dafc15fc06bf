//! Dockerfile rules over an image's history.
//!
//! Every history entry's `created_by` is turned back into Dockerfile text
//! (classic builder `/bin/sh -c #(nop) …` and `/bin/sh -c …`, BuildKit
//! `RUN /bin/sh -c … # buildkit`, build arguments `|2 A=1 B=2 /bin/sh -c …`
//! as `ARG` lines), the entries are joined under a `FROM scratch` line, and
//! the ordinary engine runs the Dockerfile rules that make sense on history
//! lines ([`HISTORY_RULES`]) over that text. Each finding is mapped back to
//! the entry its span falls in, keeps the Dockerfile rule's code, name and
//! severity, and gets the entry as its location. A rule reports at most
//! once per entry.
//!
//! Not converted: `ENV` entries (the image config's `Env` is checked by
//! `image-secret-env`, which would otherwise report the same variable
//! twice) and metadata instructions (`CMD`, `LABEL`, `USER`…, checked from
//! the config). Entries of the base image are skipped unless asked for; then
//! they are reported at hint severity with "in the base image".

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{check, ImageContext, Settings};
use crate::rule::Target;
use crate::rules::RULES;

/// Names of the Dockerfile rules run over history lines. Names that no
/// registered rule has are skipped, so the list can name rules that are
/// still being written.
pub const HISTORY_RULES: &[&str] = &[
    "curl-pipe-shell",
    "sudo",
    "system-upgrade",
    "add-without-checksum",
    "insecure-download",
    "secret-in-arg-env",
    "secret-value",
];

/// The findings of the rules named in `names` (those registered, enabled in
/// `cx.settings` and aimed at Dockerfiles) over the image history.
pub fn history_diagnostics(
    cx: &ImageContext<'_>,
    names: &[&str],
    include_base: bool,
) -> Vec<Diagnostic> {
    let indices: Vec<usize> = RULES
        .iter()
        .enumerate()
        .filter(|(_, r)| names.contains(&r.meta.name))
        .filter(|(_, r)| matches!(r.meta.target, Target::Dockerfile | Target::Both))
        .filter(|(_, r)| cx.settings.is_enabled(&r.meta))
        .map(|(i, _)| i)
        .collect();
    if indices.is_empty() || cx.image.history.is_empty() {
        return Vec::new();
    }
    let settings: Settings = cx.settings.only_rules(&indices);
    let (text, ranges) = pseudo_dockerfile(cx, include_base);
    if ranges.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut seen: Vec<(usize, &'static str)> = Vec::new();
    for d in check(&text, &settings) {
        let Some(r) = ranges
            .iter()
            .find(|r| r.start <= d.span.start && d.span.start < r.end)
        else {
            continue;
        };
        if seen.contains(&(r.entry, d.code)) {
            continue;
        }
        seen.push((r.entry, d.code));
        let Some(entry) = cx.image.history.get(r.entry) else {
            continue;
        };
        let (severity, message) = if entry.in_base_image {
            (Severity::Hint, format!("{} (in the base image)", d.message))
        } else {
            (d.severity, d.message)
        };
        out.push(Diagnostic {
            code: d.code,
            name: d.name,
            severity,
            span: crate::syntax::Span::empty(0),
            message,
            fix: None,
            related: Vec::new(),
            location: Some(history_location(r.entry, &entry.created_by)),
        });
    }
    out
}

/// The bytes of the pseudo-Dockerfile that came from one history entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EntryRange {
    pub entry: usize,
    pub start: usize,
    pub end: usize,
}

/// The history as Dockerfile text, with the range each entry occupies.
pub(crate) fn pseudo_dockerfile(
    cx: &ImageContext<'_>,
    include_base: bool,
) -> (String, Vec<EntryRange>) {
    let mut text = String::from("FROM scratch\n");
    let mut ranges = Vec::new();
    for (i, e) in cx.image.history.iter().enumerate() {
        if e.in_base_image && !include_base {
            continue;
        }
        let lines = to_dockerfile(&e.created_by);
        if lines.is_empty() {
            continue;
        }
        let start = text.len();
        for l in lines {
            text.push_str(&l);
            text.push('\n');
        }
        ranges.push(EntryRange {
            entry: i,
            start,
            end: text.len(),
        });
    }
    (text, ranges)
}

/// `history[4]: RUN curl … | sh`: the entry's index and its instruction,
/// shortened.
pub fn history_location(index: usize, created_by: &str) -> String {
    format!("history[{index}]: {}", shown_instruction(created_by))
}

pub use crate::image::report::shown_instruction;

/// Dockerfile lines for one `created_by` (empty when the entry is not one
/// the history rules look at).
pub(crate) fn to_dockerfile(created_by: &str) -> Vec<String> {
    let t = created_by.trim();
    let t = t.strip_suffix("# buildkit").unwrap_or(t).trim();
    if let Some(rest) = t.strip_prefix("/bin/sh -c #(nop)") {
        return nop(rest.trim());
    }
    if let Some(rest) = t.strip_prefix("|0 /bin/sh -c #(nop)") {
        return nop(rest.trim());
    }
    if t.starts_with('/') || t.starts_with('|') {
        return run(t);
    }
    let word = t
        .split(|c: char| c.is_whitespace() || c == '[')
        .next()
        .unwrap_or("");
    match word.to_ascii_uppercase().as_str() {
        "RUN" => run(t.get(3..).unwrap_or("").trim_start()),
        "ADD" | "COPY" | "ARG" => one_line(t),
        _ => Vec::new(),
    }
}

/// Classic builder metadata entries: `ADD file:ab12 in /`, `COPY dir:… in /app`.
fn nop(rest: &str) -> Vec<String> {
    let word = rest.split_whitespace().next().unwrap_or("");
    match word.to_ascii_uppercase().as_str() {
        "ADD" | "COPY" => match rest.rsplit_once(" in ") {
            Some((src, dest)) => one_line(&format!("{} {}", src.trim(), dest.trim())),
            None => one_line(rest),
        },
        "ARG" => one_line(rest),
        _ => Vec::new(),
    }
}

fn one_line(t: &str) -> Vec<String> {
    if t.contains('\n') || t.ends_with('\\') {
        return Vec::new();
    }
    vec![t.to_string()]
}

/// A RUN entry: `[|N K=V … ]/bin/sh -c SCRIPT`, or exec form `["…"]`, or a
/// bare script.
fn run(t: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = t.trim_start();
    if let Some(r) = rest.strip_prefix('|') {
        let (n, after) = r.split_once(' ').unwrap_or((r, ""));
        let n: usize = n.parse().unwrap_or(0);
        let mut after = after.trim_start();
        for _ in 0..n {
            let (arg, more) = after.split_once(' ').unwrap_or((after, ""));
            if !arg.is_empty() && !arg.contains('\n') {
                lines.push(format!("ARG {arg}"));
            }
            after = more.trim_start();
        }
        rest = after;
    }
    if rest.starts_with('[') {
        if !rest.contains('\n') {
            lines.push(format!("RUN {rest}"));
        }
        return lines;
    }
    let script = if rest.starts_with('/') {
        // `/bin/sh -c`, or a SHELL such as `/bin/bash -o pipefail -c`.
        match rest.split_once(" -c ") {
            Some((_, script)) => script,
            None => rest,
        }
    } else {
        rest
    };
    let script = script.trim();
    if script.is_empty() {
        return lines;
    }
    if script.contains('\n') || script.ends_with('\\') {
        let mut delim = String::from("SHIPSHAPE_HISTORY_EOF");
        while script.lines().any(|l| l.trim() == delim) {
            delim.push('_');
        }
        lines.push(format!("RUN <<'{delim}'\n{script}\n{delim}"));
    } else {
        lines.push(format!("RUN {script}"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::{read_image_str, ReadOptions};

    fn image(history: &[(&str, bool)]) -> crate::image::Image {
        let h: Vec<serde_json::Value> = history
            .iter()
            .map(|(by, empty)| serde_json::json!({"created_by": by, "empty_layer": empty}))
            .collect();
        let config = serde_json::json!({
            "architecture": "amd64", "os": "linux",
            "config": {"User": "app"},
            "rootfs": {"type": "layers", "diff_ids": []},
            "history": h,
        });
        read_image_str(&config.to_string(), &ReadOptions::default()).unwrap()
    }

    #[test]
    fn created_by_forms_become_dockerfile_lines() {
        assert_eq!(
            to_dockerfile("/bin/sh -c apt-get update && apt-get upgrade -y"),
            vec!["RUN apt-get update && apt-get upgrade -y"]
        );
        assert_eq!(
            to_dockerfile("RUN /bin/sh -c curl -fsSL https://x.sh | sh # buildkit"),
            vec!["RUN curl -fsSL https://x.sh | sh"]
        );
        assert_eq!(
            to_dockerfile("|2 DB_PASSWORD=hunter2 VERSION=1.2 /bin/sh -c make install"),
            vec![
                "ARG DB_PASSWORD=hunter2",
                "ARG VERSION=1.2",
                "RUN make install"
            ]
        );
        assert_eq!(
            to_dockerfile("RUN |1 TOKEN=abc /bin/sh -c echo hi # buildkit"),
            vec!["ARG TOKEN=abc", "RUN echo hi"]
        );
        assert_eq!(
            to_dockerfile("/bin/sh -c #(nop) ADD https://example.com/a.tgz in /opt/ "),
            vec!["ADD https://example.com/a.tgz /opt/"]
        );
        assert_eq!(
            to_dockerfile("ADD https://example.com/a.tgz /opt/ # buildkit"),
            vec!["ADD https://example.com/a.tgz /opt/"]
        );
        assert_eq!(
            to_dockerfile("/bin/bash -o pipefail -c set -x"),
            vec!["RUN set -x"]
        );
        assert_eq!(
            to_dockerfile("RUN /bin/sh -c set -e\napt-get update # buildkit"),
            vec!["RUN <<'SHIPSHAPE_HISTORY_EOF'\nset -e\napt-get update\nSHIPSHAPE_HISTORY_EOF"]
        );
        // Metadata and ENV are not history-rule material.
        assert!(to_dockerfile("/bin/sh -c #(nop)  CMD [\"bash\"]").is_empty());
        assert!(to_dockerfile("ENV API_TOKEN=abc").is_empty());
        assert!(to_dockerfile("/bin/sh -c #(nop)  ENV A=b").is_empty());
        assert!(to_dockerfile("USER app").is_empty());
    }

    #[test]
    fn locations_show_the_instruction_shortened() {
        assert_eq!(
            history_location(4, "RUN /bin/sh -c curl https://x | sh # buildkit"),
            "history[4]: RUN /bin/sh -c curl https://x | sh"
        );
        assert_eq!(
            history_location(0, "/bin/sh -c #(nop) ADD file:ab in / "),
            "history[0]: ADD file:ab in /"
        );
        let long = format!("/bin/sh -c echo {}", "x".repeat(200));
        let loc = history_location(1, &long);
        assert!(loc.ends_with('…') && loc.chars().count() < 100, "{loc}");
    }

    /// The mapping, exercised with SS001 (a one-argument COPY does not
    /// parse), which exists on every branch.
    #[test]
    fn findings_map_back_to_their_entry_once_each() {
        let img = image(&[
            ("/bin/sh -c #(nop) ADD file:ab in / ", false),
            ("/bin/sh -c #(nop)  CMD [\"bash\"]", true),
            ("COPY onlyone # buildkit", false),
            ("RUN /bin/sh -c echo fine # buildkit", false),
            ("COPY alsoone # buildkit", false),
            ("CMD [\"run\"]", true),
        ]);
        let settings = Settings::default();
        let cx = ImageContext {
            image: &img,
            settings: &settings,
        };
        let found = history_diagnostics(&cx, &["syntax-error", "no-such-rule"], false);
        let locs: Vec<_> = found.iter().map(|d| d.location.clone().unwrap()).collect();
        assert_eq!(
            locs,
            vec!["history[2]: COPY onlyone", "history[4]: COPY alsoone"]
        );
        assert!(found
            .iter()
            .all(|d| d.code == "SS001" && d.severity == Severity::Error));
        // Not selected: nothing runs.
        let only_other = Settings::resolve(Some(&["SS002"]), &[], &[], &[]).0;
        let cx = ImageContext {
            image: &img,
            settings: &only_other,
        };
        assert!(history_diagnostics(&cx, &["syntax-error"], false).is_empty());
    }

    #[test]
    fn base_image_entries_are_skipped_unless_asked_then_hinted() {
        let img = image(&[
            ("/bin/sh -c #(nop) ADD file:ab in / ", false),
            ("COPY baseone # buildkit", false),
            ("/bin/sh -c #(nop)  CMD [\"bash\"]", true),
            ("RUN /bin/sh -c echo hi # buildkit", false),
        ]);
        assert!(img.history[1].in_base_image && !img.history[3].in_base_image);
        let settings = Settings::default();
        let cx = ImageContext {
            image: &img,
            settings: &settings,
        };
        assert!(history_diagnostics(&cx, &["syntax-error"], false).is_empty());
        let found = history_diagnostics(&cx, &["syntax-error"], true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Hint);
        assert!(found[0].message.ends_with("(in the base image)"));
        assert_eq!(
            found[0].location.as_deref(),
            Some("history[1]: COPY baseone")
        );
    }

    #[test]
    fn the_default_list_runs_the_rules_that_exist() {
        // Whatever of HISTORY_RULES is registered runs; the rest is skipped.
        let img = image(&[
            (
                "RUN /bin/sh -c curl -fsSL https://get.example.com | sh # buildkit",
                false,
            ),
            (
                "RUN |1 DB_PASSWORD=hunter2 /bin/sh -c sudo apt-get upgrade -y # buildkit",
                false,
            ),
        ]);
        let settings = Settings::resolve(Some(&["ALL"]), &[], &[], &[]).0;
        let cx = ImageContext {
            image: &img,
            settings: &settings,
        };
        let found = history_diagnostics(&cx, HISTORY_RULES, false);
        for d in &found {
            assert!(HISTORY_RULES.contains(&d.name), "{d:?}");
            assert!(d.location.as_deref().unwrap().starts_with("history["));
        }
        let registered = |n: &str| RULES.iter().any(|r| r.meta.name == n);
        if registered("curl-pipe-shell") {
            assert!(found.iter().any(|d| d.name == "curl-pipe-shell"
                && d.location.as_deref().unwrap().starts_with("history[0]")));
        }
        if registered("system-upgrade") {
            assert!(found.iter().any(|d| d.name == "system-upgrade"
                && d.location.as_deref().unwrap().starts_with("history[1]")));
        }
        if registered("sudo") {
            assert!(found.iter().any(|d| d.name == "sudo"));
        }
        if registered("secret-in-arg-env") {
            assert!(found.iter().any(|d| d.name == "secret-in-arg-env"));
        }
    }
}
