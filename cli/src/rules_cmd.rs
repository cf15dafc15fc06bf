//! `shipshape rules` and `shipshape explain`.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;
use shipshape_core::rule::{Equivalent, RuleMeta};
use shipshape_core::rules;

use crate::Failure;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule code (SS201), name (latest-tag) or peer id (DL3007)
    pub rule: String,
}

/// The public JSON shape of `shipshape rules --format json`.
#[derive(Serialize)]
struct RuleJson {
    code: &'static str,
    name: &'static str,
    summary: &'static str,
    severity: shipshape_core::Severity,
    category: &'static str,
    target: shipshape_core::rule::Target,
    checklist: Vec<&'static str>,
    owasp: Vec<&'static str>,
    equivalents: &'static [Equivalent],
    fix: shipshape_core::rule::FixKind,
    #[serde(rename = "defaultEnabled")]
    default_enabled: bool,
    url: String,
    /// The doc's examples: a Dockerfile (or image config) the rule reports, and a clean one.
    bad: &'static str,
    good: &'static str,
}

fn to_json(m: &'static RuleMeta) -> RuleJson {
    RuleJson {
        code: m.code,
        name: m.name,
        summary: m.summary,
        severity: m.severity,
        category: m.category.as_str(),
        target: m.target,
        checklist: m.checklist.iter().map(|c| c.id()).collect(),
        owasp: m.owasp.iter().map(|o| o.id()).collect(),
        equivalents: m.equivalents,
        fix: m.fix,
        default_enabled: m.default_enabled,
        url: m.url(),
        bad: m.bad,
        good: m.good,
    }
}

pub fn rules(args: RulesArgs) -> Result<ExitCode, Failure> {
    match args.format {
        ListFormat::Json => {
            let all: Vec<_> = rules::all().map(to_json).collect();
            println!("{}", serde_json::to_string_pretty(&all)?);
        }
        ListFormat::Human => {
            for m in rules::all() {
                let off = if m.default_enabled {
                    ""
                } else {
                    " (off by default)"
                };
                println!(
                    "{:<6} {:<32} {:<8} {}{off}",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    m.summary
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(args: ExplainArgs) -> Result<ExitCode, Failure> {
    let Some(meta) = rules::find(&args.rule) else {
        return Err(Failure(format!(
            "no rule is called `{}` (see `shipshape rules`)",
            args.rule
        )));
    };
    print!("{}", shipshape_core::docs::rule_page(meta));
    Ok(ExitCode::SUCCESS)
}
