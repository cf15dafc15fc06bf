//! Every rule that declares a hadolint rule `same` agrees with hadolint:
//! - on its own doc examples, hadolint reports one of the rule's `same` ids
//!   on `bad` and none of them on `good`;
//! - on the extra cases of `data/peers/hadolint_cases.txt`, written for the
//!   `same` ids the examples do not show;
//! - every `same` id is shown reported by hadolint somewhere: an example, an
//!   extra case, or a package case (`data/packages/hadolint_cases.txt`,
//!   checked by packages_hadolint.rs).
//!
//! What hadolint says is recorded by `oracle/hadolint_examples.py`, so this
//! test needs no hadolint; it fails when an example changed after the
//! recording.

use std::collections::{BTreeMap, BTreeSet};

use shipshape_core::config::{parse_shipshape_toml, Config};
use shipshape_core::rule::{Relation, Target, Tool};
use shipshape_core::rules;
use shipshape_core::{check, Settings};

const EXAMPLES: &str = include_str!("data/peers/hadolint_examples.txt");
const CASES: &str = include_str!("data/peers/hadolint_cases.txt");
const PACKAGE_CASES: &str = include_str!("data/packages/hadolint_cases.txt");

/// The shipshape.toml of the extra cases (CASES_CONFIG in the oracle).
const CASES_CONFIG: &str = "\
[label-schema]
\"org.opencontainers.image.created\" = \"rfc3339\"
\"org.opencontainers.image.revision\" = \"hash\"
";

struct Section {
    head: Vec<String>,
    hadolint: BTreeSet<String>,
    differs: bool,
    text: String,
}

fn sections(src: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for line in src.split_inclusive('\n') {
        if let Some(head) = line.strip_prefix("### ") {
            out.push(Section {
                head: head.split_whitespace().map(str::to_string).collect(),
                hadolint: BTreeSet::new(),
                differs: false,
                text: String::new(),
            });
            continue;
        }
        let Some(s) = out.last_mut() else { continue };
        if let Some(rest) = line.strip_prefix("#! hadolint:") {
            s.hadolint = rest.split_whitespace().map(str::to_string).collect();
        } else if line.starts_with("#! differs:") {
            s.differs = true;
        } else if !line.starts_with("#!") {
            s.text.push_str(line);
        }
    }
    for s in &mut out {
        // The blank line that separates sections is not part of the case.
        while s.text.ends_with("\n\n") {
            s.text.pop();
        }
    }
    out
}

fn same_ids(code: &str) -> BTreeSet<&'static str> {
    rules::all()
        .filter(|m| m.code == code)
        .flat_map(|m| m.equivalents.iter())
        .filter(|e| e.tool == Tool::Hadolint && e.relation == Relation::Same)
        .map(|e| e.id)
        .collect()
}

fn all_ids(code: &str) -> BTreeSet<&'static str> {
    rules::all()
        .filter(|m| m.code == code)
        .flat_map(|m| m.equivalents.iter())
        .filter(|e| e.tool == Tool::Hadolint)
        .map(|e| e.id)
        .collect()
}

fn with_newline(s: &str) -> String {
    if s.ends_with('\n') {
        s.to_string()
    } else {
        format!("{s}\n")
    }
}

#[test]
fn same_rules_agree_with_hadolint() {
    let examples: BTreeMap<(String, String), Section> = sections(EXAMPLES)
        .into_iter()
        .filter(|s| s.head.len() == 2)
        .map(|s| ((s.head[0].clone(), s.head[1].clone()), s))
        .collect();
    let mut shown: BTreeSet<String> = BTreeSet::new();
    let mut problems = Vec::new();

    // The doc examples.
    for m in rules::all().filter(|m| m.target == Target::Dockerfile) {
        let same = same_ids(m.code);
        if same.is_empty() {
            continue;
        }
        for (kind, example) in [("bad", m.bad), ("good", m.good)] {
            let Some(rec) = examples.get(&(m.code.to_string(), kind.to_string())) else {
                problems.push(format!("{} {kind}: not recorded; run the oracle", m.code));
                continue;
            };
            if rec.text != with_newline(example) {
                problems.push(format!(
                    "{} {kind}: the example changed since the recording; run the oracle",
                    m.code
                ));
                continue;
            }
            let hits: Vec<&&str> = same
                .iter()
                .filter(|id| rec.hadolint.contains(**id))
                .collect();
            let any = all_ids(m.code);
            match kind {
                // A rule standing for several hadolint rules shows one of
                // them; the `same` ones it does not show have extra cases.
                "bad" if !any.iter().any(|id| rec.hadolint.contains(*id)) => {
                    problems.push(format!(
                        "{}: hadolint reports none of {any:?} on the bad example ({:?})",
                        m.code, rec.hadolint
                    ))
                }
                "good" if !hits.is_empty() => problems.push(format!(
                    "{}: hadolint reports {hits:?} on the good example",
                    m.code
                )),
                _ => {}
            }
            if kind == "bad" {
                shown.extend(hits.iter().map(|s| s.to_string()));
            }
        }
    }

    // The extra cases: both sides.
    let base = parse_shipshape_toml(CASES_CONFIG).unwrap_or_default();
    for case in sections(CASES) {
        let [code, id, verdict] = case.head.as_slice() else {
            problems.push(format!("bad case heading {:?}", case.head));
            continue;
        };
        if !same_ids(code).contains(id.as_str()) {
            problems.push(format!(
                "case {code} {id}: {code} does not declare {id} `same`"
            ));
        }
        let hit = verdict == "hit";
        let settings = Settings::from_config(Config {
            select: Some(vec![code.clone()]),
            ..base.clone()
        })
        .0;
        let ours = check(&case.text, &settings)
            .iter()
            .any(|d| d.code == code.as_str());
        if ours != hit {
            problems.push(format!("case {code} {id} {verdict}: shipshape says {ours}"));
        }
        if case.hadolint.contains(id.as_str()) != hit {
            problems.push(format!(
                "case {code} {id} {verdict}: hadolint says {:?}",
                case.hadolint
            ));
        }
        if hit {
            shown.insert(id.clone());
        }
    }

    // The package cases (their shipshape side is packages_hadolint.rs's).
    for case in sections(PACKAGE_CASES).iter().filter(|c| !c.differs) {
        shown.extend(case.hadolint.iter().cloned());
    }

    for m in rules::all() {
        for id in same_ids(m.code) {
            if !shown.contains(id) {
                problems.push(format!(
                    "{} is `same` as {id}, but no recorded case shows hadolint reporting {id}",
                    m.code
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
