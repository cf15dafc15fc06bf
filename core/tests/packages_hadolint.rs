//! The package-manager rules (SS501–SS518) on the cases of
//! `data/packages/hadolint_cases.txt`: shipshape reports what each case
//! says, and agrees with the hadolint codes recorded there (checked against
//! hadolint itself by `oracle/hadolint_packages.py`) wherever a rule is
//! declared `same` and the case notes no deliberate difference.

use std::collections::BTreeSet;

use shipshape_core::engine::{check, Settings};

const CASES: &str = include_str!("data/packages/hadolint_cases.txt");

struct Case {
    name: String,
    hadolint: BTreeSet<String>,
    shipshape: BTreeSet<String>,
    differs: bool,
    text: String,
}

fn cases() -> Vec<Case> {
    let mut out: Vec<Case> = Vec::new();
    for line in CASES.lines() {
        if let Some(name) = line.strip_prefix("### ") {
            out.push(Case {
                name: name.trim().to_string(),
                hadolint: BTreeSet::new(),
                shipshape: BTreeSet::new(),
                differs: false,
                text: String::new(),
            });
            continue;
        }
        let Some(case) = out.last_mut() else { continue };
        let codes = |s: &str| s.split_whitespace().map(str::to_string).collect();
        if let Some(rest) = line.strip_prefix("#! hadolint:") {
            case.hadolint = codes(rest);
        } else if let Some(rest) = line.strip_prefix("#! shipshape:") {
            case.shipshape = codes(rest);
        } else if line.starts_with("#! differs:") {
            case.differs = true;
        } else {
            case.text.push_str(line);
            case.text.push('\n');
        }
    }
    out
}

/// The hadolint rules our package rules declare `same` or `similar` to:
/// where the relation is `similar`, the cases note the differences.
fn ours(dl: &str) -> Option<&'static str> {
    Some(match dl {
        "DL3033" | "DL3037" | "DL3041" => "SS510",
        "DL3032" | "DL3036" | "DL3040" => "SS511",
        "DL3013" => "SS513",
        "DL3016" => "SS514",
        "DL3028" => "SS515",
        "DL3062" => "SS516",
        "DL3060" => "SS517",
        "DL3008" => "SS502",
        "DL3018" => "SS503",
        "DL3014" | "DL3030" | "DL3034" | "DL3038" => "SS504",
        "DL3015" => "SS505",
        "DL3009" => "SS506",
        "DL3019" => "SS507",
        "DL3042" => "SS508",
        "DL3027" => "SS509",
        _ => return None,
    })
}

/// Every code `ours` maps to.
const HADOLINT_MAPPED: &[&str] = &[
    "SS502", "SS503", "SS504", "SS505", "SS506", "SS507", "SS508", "SS509", "SS510", "SS511",
    "SS513", "SS514", "SS515", "SS516", "SS517",
];

#[test]
fn shipshape_reports_what_each_case_says() {
    let (settings, unknown) = Settings::resolve(Some(&["SS5"]), &[], &[], &[]);
    assert!(unknown.is_empty());
    let all = cases();
    assert!(all.len() > 50, "only {} cases", all.len());
    let mut wrong = Vec::new();
    for c in &all {
        let got: BTreeSet<String> = check(&c.text, &settings)
            .iter()
            .map(|d| d.code.to_string())
            .collect();
        if got != c.shipshape {
            wrong.push(format!(
                "{}: expected {:?}, got {:?}",
                c.name, c.shipshape, got
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn same_rules_agree_with_hadolint_unless_a_difference_is_noted() {
    let mut wrong = Vec::new();
    for c in cases().iter().filter(|c| !c.differs) {
        let mapped: BTreeSet<String> = c
            .hadolint
            .iter()
            .filter_map(|d| ours(d))
            .map(str::to_string)
            .collect();
        // Rules with no hadolint counterpart (SS501's DL3035 is narrower;
        // SS512 and SS518 have none) are left out.
        let mine: BTreeSet<String> = c
            .shipshape
            .iter()
            .filter(|s| HADOLINT_MAPPED.contains(&s.as_str()))
            .cloned()
            .collect();
        if mapped != mine {
            wrong.push(format!(
                "{}: hadolint {:?} vs shipshape {:?}",
                c.name, c.hadolint, c.shipshape
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn half_written_commands_do_not_panic_and_fixes_keep_the_syntax() {
    let (settings, _) = Settings::resolve(Some(&["SS5"]), &[], &[], &[]);
    for src in [
        "FROM debian:12\nRUN apt-get\n",
        "FROM debian:12\nRUN apt-get install\n",
        "FROM debian:12\nRUN apt-get -t\n",
        "FROM debian:12\nRUN apt-get update &&\n",
        "FROM debian:12\nRUN apt-get update \\\n",
        "FROM debian:12\nRUN apt-get update; \"\n",
        "FROM debian:12\nRUN --mount= apt-get update\n",
        "FROM debian:12\nRUN --mount=type=cache apt-get update\n",
        "FROM python:3\nRUN python -m\n",
        "FROM python:3\nRUN python3 -m pip\n",
        "FROM alpine:3\nRUN apk add --virtual\n",
        "FROM alpine:3\nRUN apk add -t\n",
        "FROM debian:12\nRUN apt-get update $(\n",
        "FROM debian:12\nRUN <<EOF\napt-get update\n",
        "RUN apt-get update && apt install x\n",
        "FROM debian:12\nRUN apt-get install -y é=1 ü\n",
        "FROM fedora:40\nRUN dnf module\n",
        "FROM fedora:40\nRUN yum install -y é-\n",
        "FROM opensuse/leap:15\nRUN zypper in -t\n",
        "FROM opensuse/leap:15\nRUN zypper in --type=\n",
        "FROM fedora:40\nRUN dnf install -y x-1 &&\n",
        "FROM fedora:40\nRUN dnf install -y x-1 \\\n",
        "FROM fedora:40\nRUN <<EOF\ndnf install -y x-1\n",
        "FROM node:20\nRUN yarn global\n",
        "FROM node:20\nRUN yarn cache\n",
        "FROM node:20\nRUN npm install @\n",
        "FROM node:20\nRUN npm i @/\n",
        "FROM ruby:3\nRUN gem install -- x\n",
        "FROM golang:1\nRUN go run\n",
        "FROM golang:1\nRUN go install -ldflags\n",
        "FROM golang:1\nRUN go install @\n",
        "FROM rust:1\nRUN cargo install --git\n",
        "FROM php:8\nRUN composer global\n",
        "FROM php:8\nRUN composer require a/b c\n",
        "FROM x:1\nRUN conda install --file\n",
        "FROM x:1\nRUN apk update && yum makecache; zypper ref\n",
    ] {
        let _ = check(src, &settings);
        let outcome = shipshape_core::fix::fix_all(src, &settings, true);
        let before = shipshape_core::syntax::parse(src).errors().count();
        let after = shipshape_core::syntax::parse(&outcome.text)
            .errors()
            .count();
        assert!(after <= before, "{src:?} -> {:?}", outcome.text);
    }
}
