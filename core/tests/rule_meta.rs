//! The rules' metadata is the single source of truth, so it is checked here:
//! well-formed, unique, sorted, complete, and its examples behave.

use std::collections::BTreeSet;

use shipshape_core::engine::check_image;
use shipshape_core::fix::fix_all;
use shipshape_core::image::sketch;
use shipshape_core::rule::{FixKind, RuleMeta, Target, Tool};
use shipshape_core::rules::{self, RULES};
use shipshape_core::{check, parse, Settings};

/// Only rule `m`, under the example configuration that the examples of
/// configuration-driven rules assume (other rules read no configuration).
fn only(m: &RuleMeta) -> Settings {
    rules::config_support::example_settings(m.code)
}

#[test]
fn codes_and_names_are_well_formed_unique_and_sorted() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut last = "";
    for m in rules::all() {
        assert!(
            m.code.len() == 5
                && m.code.starts_with("SS")
                && m.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "bad code {}",
            m.code
        );
        assert!(m.code > last, "RULES not sorted at {}", m.code);
        last = m.code;
        assert!(
            !m.name.is_empty()
                && m.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !m.name.starts_with('-')
                && !m.name.ends_with('-')
                && !m.name.contains("--"),
            "name not kebab-case: {}",
            m.name
        );
        assert!(codes.insert(m.code), "duplicate code {}", m.code);
        assert!(names.insert(m.name), "duplicate name {}", m.name);
    }
}

#[test]
fn texts_follow_the_style() {
    for m in rules::all() {
        assert!(
            !m.summary.ends_with('.'),
            "{}: summary ends with a period",
            m.code
        );
        assert!(
            m.summary.chars().next().is_some_and(char::is_uppercase),
            "{}: summary starts in lower case",
            m.code
        );
        assert!(m.why.len() > 80, "{}: the why text is too thin", m.code);
        assert!(
            !m.bad.is_empty() && !m.good.is_empty(),
            "{}: examples missing",
            m.code
        );
    }
}

#[test]
fn every_rule_file_is_registered() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules");
    let files: BTreeSet<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs") && n != "mod.rs")
        .map(|n| n.trim_end_matches(".rs").replace('_', "-"))
        .collect();
    let names: BTreeSet<String> = rules::all().map(|m| m.name.to_string()).collect();
    for f in &files {
        // Shared helpers live in `support.rs` or `<area>_support.rs`.
        let helper = f == "support" || f.ends_with("-support");
        assert!(
            names.contains(f) || helper,
            "core/src/rules/{}.rs is not a registered rule (file names follow rule names)",
            f.replace('-', "_")
        );
    }
    assert_eq!(RULES.len(), names.len());
}

#[test]
fn peer_ids_are_well_formed() {
    for m in rules::all() {
        for e in m.equivalents {
            let ok = match e.tool {
                Tool::Hadolint => e.id.starts_with("DL") && e.id.len() == 6,
                Tool::Trivy => e.id.starts_with("DS-") && e.id.len() == 7,
                Tool::Checkov => e.id.starts_with("CKV"),
                Tool::Buildkit => {
                    e.id.chars().next().is_some_and(char::is_uppercase) && !e.id.contains(' ')
                }
                Tool::Dockle => e.id.starts_with("CIS-DI-") || e.id.starts_with("DKL-"),
            };
            assert!(ok, "{}: malformed {} id {}", m.code, e.tool.as_str(), e.id);
        }
    }
}

#[test]
fn bad_example_fires_the_rule_exactly_once_and_good_is_clean() {
    for m in rules::all() {
        // SS002 is reported from suppressions, which need the rule they name enabled.
        let settings = if m.code == "SS002" {
            rules::with_example_inputs(Settings::resolve(Some(&["ALL"]), &[], &[], &[]).0)
        } else {
            only(m)
        };
        if m.target == Target::Image {
            // Image rules' examples are image sketches (see `image::sketch`).
            let run = |text: &str| {
                let img = sketch::parse(text)
                    .unwrap_or_else(|e| panic!("{}: example is not a sketch: {e}", m.code));
                check_image(&img, &settings)
                    .into_iter()
                    .filter(|d| d.code == m.code)
                    .collect::<Vec<_>>()
            };
            let bad = run(m.bad);
            assert_eq!(bad.len(), 1, "{}: bad example gives {bad:#?}", m.code);
            assert!(bad[0].location.is_some(), "{}: no location", m.code);
            let good = run(m.good);
            assert!(good.is_empty(), "{}: good example gives {good:#?}", m.code);
            assert!(
                check(m.bad, &settings).iter().all(|d| d.code != m.code),
                "{}: an image rule reports on Dockerfiles",
                m.code
            );
            continue;
        }
        let bad: Vec<_> = check(m.bad, &settings)
            .into_iter()
            .filter(|d| d.code == m.code)
            .collect();
        assert_eq!(bad.len(), 1, "{}: bad example gives {bad:#?}", m.code);
        let good: Vec<_> = check(m.good, &settings)
            .into_iter()
            .filter(|d| d.code == m.code)
            .collect();
        assert!(good.is_empty(), "{}: good example gives {good:#?}", m.code);
        assert_eq!(
            parse(m.good).errors().count(),
            0,
            "{}: good example does not parse",
            m.code
        );
    }
}

#[test]
fn every_image_rule_has_an_image_check_and_only_they_do() {
    use shipshape_core::rules::IMAGE_CHECKS;
    for m in rules::all() {
        let checks = IMAGE_CHECKS.iter().filter(|(c, _)| *c == m.code).count();
        let expected = usize::from(m.target != Target::Dockerfile);
        assert_eq!(checks, expected, "{}: {checks} image checks", m.code);
    }
    assert!(IMAGE_CHECKS.windows(2).all(|w| w[0].0 < w[1].0));
}

#[test]
fn fixes_of_the_bad_example_make_the_rule_go_away() {
    for m in rules::all().filter(|m| m.fix != FixKind::None) {
        let settings = only(m);
        let found = check(m.bad, &settings);
        let has_fix = found.iter().any(|d| d.code == m.code && d.fix.is_some());
        assert!(
            has_fix,
            "{}: declares a fix but the bad example has none",
            m.code
        );
        let outcome = fix_all(m.bad, &settings, true);
        assert!(outcome.changed(), "{}: nothing was fixed", m.code);
        assert!(
            !outcome.broke_syntax,
            "{}: the fix broke the syntax:\n{}",
            m.code, outcome.text
        );
        let left: Vec<_> = check(&outcome.text, &settings)
            .into_iter()
            .filter(|d| d.code == m.code)
            .collect();
        assert!(
            left.is_empty(),
            "{}: still reported after fixing:\n{}\n{left:#?}",
            m.code,
            outcome.text
        );
    }
}

#[test]
fn rules_without_fixes_offer_none() {
    for m in rules::all().filter(|m| m.fix == FixKind::None) {
        let found = check(m.bad, &only(m));
        assert!(
            found.iter().all(|d| d.fix.is_none()),
            "{}: offers a fix but declares none",
            m.code
        );
    }
}
