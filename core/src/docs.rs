//! Rule documentation rendered from metadata: the single source for
//! `shipshape explain`, LSP hover, the web page and `docs/rules/`.

use std::fmt::Write;

use crate::engine::{check, Settings};
use crate::rule::{FixKind, Relation, RuleMeta};

/// The full Markdown page of a rule.
pub fn rule_page(m: &RuleMeta) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {} {}\n", m.code, m.name);
    let _ = writeln!(s, "{}\n", m.summary);
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| Severity | {} |", m.severity);
    let _ = writeln!(s, "| Category | {} |", m.category.as_str());
    let _ = writeln!(s, "| Checks | {} |", target(m));
    let _ = writeln!(s, "| Fix | {} |", fix_text(m.fix));
    if !m.default_enabled {
        let _ = writeln!(s, "| Enabled | no, select it to use it |");
    }
    if !m.checklist.is_empty() {
        let items: Vec<_> = m
            .checklist
            .iter()
            .map(|c| format!("`{}`", c.id()))
            .collect();
        let _ = writeln!(s, "| Checklist | {} |", items.join(", "));
    }
    if !m.owasp.is_empty() {
        let items: Vec<_> = m
            .owasp
            .iter()
            .map(|o| format!("{} {}", o.id(), o.title()))
            .collect();
        let _ = writeln!(s, "| OWASP Docker Top 10 | {} |", items.join(", "));
    }
    if !m.equivalents.is_empty() {
        let items: Vec<_> = m
            .equivalents
            .iter()
            .map(|e| {
                let rel = match e.relation {
                    Relation::Same => "same",
                    Relation::Similar => "similar",
                };
                format!("{} `{}` ({rel})", e.tool.as_str(), e.id)
            })
            .collect();
        let _ = writeln!(s, "| Equivalents | {} |", items.join(", "));
    }
    let _ = writeln!(s, "\n## Why\n\n{}\n", m.why.trim());
    if m.target == crate::rule::Target::Image {
        image_example(&mut s, m);
        return s;
    }
    if needs_config(m) {
        let _ = writeln!(
            s,
            "## Example\n\nWith this configuration (`shipshape.toml`):\n\n```toml\n{}```\n",
            crate::rules::config_support::EXAMPLE_CONFIG
        );
        let _ = writeln!(s, "```dockerfile\n{}```\n", ensure_newline(m.bad));
    } else {
        let _ = writeln!(
            s,
            "## Example\n\n```dockerfile\n{}```\n",
            ensure_newline(m.bad)
        );
    }
    let found: Vec<_> = check(m.bad, &only(m))
        .into_iter()
        .filter(|d| d.code == m.code)
        .collect();
    if !found.is_empty() {
        let _ = writeln!(s, "shipshape reports:\n");
        for d in &found {
            let line = m.bad[..d.span.start.min(m.bad.len())].matches('\n').count() + 1;
            let _ = write!(s, "- line {line}: {}", d.message);
            if let Some(f) = &d.fix {
                let _ = write!(s, " (fix: {})", f.title);
            }
            s.push('\n');
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "Instead:\n\n```dockerfile\n{}```",
        ensure_newline(m.good)
    );
    s
}

/// The example of an image rule: image sketches (see [`crate::image::sketch`]).
fn image_example(s: &mut String, m: &RuleMeta) {
    let _ = writeln!(
        s,
        "## Example\n\nAn image built like this (a sketch: the Dockerfile steps, with the \
         files each layer holds as `+ path [mode] [= content]` lines and deletions as `- path`):\n\n\
         ```text\n{}```\n",
        ensure_newline(m.bad)
    );
    let found: Vec<_> = crate::image::sketch::parse(m.bad)
        .map(|img| crate::engine::check_image(&img, &only(m)))
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.code == m.code)
        .collect();
    if !found.is_empty() {
        let _ = writeln!(s, "shipshape reports:\n");
        for d in &found {
            let _ = writeln!(
                s,
                "- {}: {}",
                d.location.as_deref().unwrap_or("image"),
                d.message
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "Instead:\n\n```text\n{}```", ensure_newline(m.good));
}

fn ensure_newline(t: &str) -> String {
    if t.ends_with('\n') {
        t.to_string()
    } else {
        format!("{t}\n")
    }
}

fn only(m: &RuleMeta) -> Settings {
    crate::rules::config_support::example_settings(m.code)
}

/// The example fires only under the example configuration.
fn needs_config(m: &RuleMeta) -> bool {
    let plain = Settings::resolve(Some(&[m.code]), &[], &[], &[]).0;
    check(m.bad, &plain).iter().all(|d| d.code != m.code)
        && check(m.bad, &only(m)).iter().any(|d| d.code == m.code)
}

fn target(m: &RuleMeta) -> &'static str {
    match m.target {
        crate::rule::Target::Dockerfile => "Dockerfile",
        crate::rule::Target::Image => "image",
        crate::rule::Target::Both => "Dockerfile and image",
    }
}

fn fix_text(f: FixKind) -> &'static str {
    match f {
        FixKind::None => "none",
        FixKind::Safe => "safe (applied by `--fix`)",
        FixKind::Unsafe => "unsafe (applied with `--unsafe-fixes`)",
        FixKind::Sometimes => "sometimes available",
    }
}

/// A short Markdown text for hovers: summary, why, link.
pub fn rule_hover(m: &RuleMeta) -> String {
    format!(
        "**{} {}**: {}\n\n{}\n\nFix: {}. [Documentation]({})",
        m.code,
        m.name,
        m.summary,
        m.why.trim(),
        fix_text(m.fix),
        m.url()
    )
}

/// The index page of `docs/rules/`.
pub fn index_page() -> String {
    let mut s =
        String::from("# Rules\n\nGenerated from the rules' metadata: do not edit by hand.\n\n");
    s.push_str("| Code | Name | Severity | Category | Checklist | OWASP | Equivalents | Fix |\n");
    s.push_str("|---|---|---|---|---|---|---|---|\n");
    for m in crate::rules::all() {
        let checklist: Vec<_> = m.checklist.iter().map(|c| c.id()).collect();
        let owasp: Vec<_> = m.owasp.iter().map(|o| o.id()).collect();
        let eq: Vec<_> = m
            .equivalents
            .iter()
            .map(|e| format!("{} {}", e.tool.as_str(), e.id))
            .collect();
        let _ = writeln!(
            s,
            "| [{}]({}.md) | {} | {} | {} | {} | {} | {} | {} |",
            m.code,
            m.code,
            m.name,
            m.severity,
            m.category.as_str(),
            checklist.join(", "),
            owasp.join(", "),
            eq.join(", "),
            match m.fix {
                FixKind::None => "",
                FixKind::Safe => "safe",
                FixKind::Unsafe => "unsafe",
                FixKind::Sometimes => "sometimes",
            }
        );
    }
    s
}
