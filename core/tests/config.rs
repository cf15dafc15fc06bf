//! Configuration files: every key, errors with positions, hadolint mapping,
//! file discovery, and hostile input.

use shipshape_core::config::{
    config_file_names, load_config, parse_config_file, parse_hadolint_yaml, parse_shipshape_toml,
    pick_config_file, Config, ConfigError, LabelType, OptionValue,
};
use shipshape_core::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use shipshape_core::Severity;

fn err_toml(text: &str) -> ConfigError {
    match parse_shipshape_toml(text) {
        Ok(c) => panic!("expected an error for {text:?}, got {c:?}"),
        Err(e) => e,
    }
}

fn err_yaml(text: &str) -> ConfigError {
    match parse_hadolint_yaml(text) {
        Ok(c) => panic!("expected an error for {text:?}, got {c:?}"),
        Err(e) => e,
    }
}

fn ok_toml(text: &str) -> Config {
    parse_shipshape_toml(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn ok_yaml(text: &str) -> Config {
    parse_hadolint_yaml(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

const FULL_TOML: &str = r#"# every key
select = ["ALL"]
extend-select = ["SS305", "latest-tag"]
ignore = ["DL3008", "CKV_DOCKER_3"]
fail-level = "warning"
no-fail = true
unsafe-fixes = true
exclude = ["vendor/**", "**/testdata/*"]
trusted-registries = ["docker.io", "ghcr.io"]
strict-labels = true
disable-ignore-pragmas = true
report-unused-ignores = true

[severity]
SS101 = "error"
DL3007 = "hint"
latest-tag = "info"

[label-schema]
maintainer = "email"
"org.opencontainers.image.source" = "url"
version = "semver"

[rules.SS201]
allowed-tags = ["stable", "lts"]
max-age-days = 90
strict = false
ratio = 0.5

[rules.latest-tag]
nested = { a = [1, 2], when = 1979-05-27 }
"#;

#[test]
fn every_toml_key_is_read() {
    let c = ok_toml(FULL_TOML);
    assert_eq!(c.select, Some(vec!["ALL".to_string()]));
    assert_eq!(c.extend_select, ["SS305", "latest-tag"]);
    assert_eq!(c.ignore, ["DL3008", "CKV_DOCKER_3"]);
    assert_eq!(c.fail_level, Some(Severity::Warning));
    assert!(c.no_fail);
    assert!(c.unsafe_fixes);
    assert_eq!(c.exclude, ["vendor/**", "**/testdata/*"]);
    assert_eq!(c.trusted_registries, ["docker.io", "ghcr.io"]);
    assert!(c.strict_labels);
    assert!(c.disable_ignore_pragmas);
    assert!(c.report_unused_ignores);
    // File order, not sorted order.
    assert_eq!(
        c.severity,
        [
            ("SS101".to_string(), Severity::Error),
            ("DL3007".to_string(), Severity::Hint),
            ("latest-tag".to_string(), Severity::Info),
        ]
    );
    assert_eq!(
        c.label_schema,
        [
            ("maintainer".to_string(), LabelType::Email),
            (
                "org.opencontainers.image.source".to_string(),
                LabelType::Url
            ),
            ("version".to_string(), LabelType::Semver),
        ]
    );
    let ss201 = &c.rule_options["SS201"];
    assert_eq!(
        ss201["allowed-tags"].as_str_list(),
        Some(vec!["stable", "lts"])
    );
    assert_eq!(ss201["max-age-days"].as_integer(), Some(90));
    assert_eq!(ss201["strict"].as_bool(), Some(false));
    assert_eq!(ss201["ratio"], OptionValue::Float(0.5));
    let OptionValue::Table(nested) = &c.rule_options["latest-tag"]["nested"] else {
        panic!("nested table expected");
    };
    assert_eq!(
        nested["a"],
        OptionValue::Array(vec![OptionValue::Integer(1), OptionValue::Integer(2)])
    );
    assert_eq!(nested["when"].as_str(), Some("1979-05-27"));
}

#[test]
fn empty_and_comment_only_files_are_no_config() {
    for text in ["", "\n\n", "# nothing here\n", "\u{feff}"] {
        assert_eq!(ok_toml(text), Config::default(), "{text:?}");
        assert_eq!(ok_yaml(text), Config::default(), "{text:?}");
    }
    assert_eq!(ok_yaml("---\n"), Config::default());
    assert_eq!(ok_yaml("~\n"), Config::default());
}

#[test]
fn toml_select_absent_vs_empty() {
    assert_eq!(ok_toml("ignore = []").select, None);
    assert_eq!(ok_toml("select = []").select, Some(vec![]));
}

#[test]
fn toml_unknown_key_has_position_and_lists_allowed_keys() {
    let e = err_toml("select = []\n\n  selct = [\"SS101\"]\n");
    assert_eq!((e.line, e.column), (3, 3));
    assert!(e.message.contains("unknown key `selct`"), "{}", e.message);
    assert!(e.message.contains("`extend-select`"), "{}", e.message);
    assert!(
        e.message.contains("did you mean `select`?"),
        "{}",
        e.message
    );
    assert_eq!(e.to_string(), format!("3:3: {}", e.message));
}

#[test]
fn toml_unknown_table_is_reported_at_its_header() {
    let e = err_toml("no-fail = false\n[lint]\nselect = []\n");
    assert_eq!((e.line, e.column), (2, 2));
    assert!(e.message.contains("unknown key `lint`"), "{}", e.message);
    assert!(!e.message.contains("did you mean"), "{}", e.message);
}

#[test]
fn toml_snake_case_keys_are_unknown_with_a_suggestion() {
    let e = err_toml("fail_level = \"error\"");
    assert!(
        e.message.contains("did you mean `fail-level`?"),
        "{}",
        e.message
    );
}

#[test]
fn toml_wrong_types_name_the_key_and_point_at_the_value() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        (
            "select = \"ALL\"",
            (1, 10),
            "`select` must be an array of strings, found a string",
        ),
        (
            "ignore = [\"a\", 3]",
            (1, 16),
            "`ignore[…]` must be a string, found an integer",
        ),
        (
            "no-fail = \"yes\"",
            (1, 11),
            "`no-fail` must be a boolean (true or false), found a string",
        ),
        (
            "unsafe-fixes = 1",
            (1, 16),
            "`unsafe-fixes` must be a boolean",
        ),
        (
            "strict-labels = []",
            (1, 17),
            "`strict-labels` must be a boolean",
        ),
        (
            "disable-ignore-pragmas = 0",
            (1, 26),
            "`disable-ignore-pragmas` must be a boolean",
        ),
        (
            "report-unused-ignores = \"x\"",
            (1, 25),
            "`report-unused-ignores` must be a boolean",
        ),
        (
            "exclude = 1",
            (1, 11),
            "`exclude` must be an array of strings",
        ),
        (
            "trusted-registries = {}",
            (1, 22),
            "`trusted-registries` must be an array of strings",
        ),
        (
            "extend-select = true",
            (1, 17),
            "`extend-select` must be an array of strings",
        ),
        ("fail-level = 2", (1, 14), "`fail-level` must be one of"),
        (
            "fail-level = \"fatal\"",
            (1, 14),
            "`fail-level`: unknown severity \"fatal\"",
        ),
        (
            "severity = [\"SS101\"]",
            (1, 12),
            "`severity` must be a table",
        ),
        (
            "[severity]\nSS101 = \"critical\"",
            (2, 9),
            "`severity.SS101`: unknown severity \"critical\"",
        ),
        (
            "[severity]\nSS101 = 1",
            (2, 9),
            "`severity.SS101` must be one of",
        ),
        (
            "label-schema = 1",
            (1, 16),
            "`label-schema` must be a table",
        ),
        (
            "[label-schema]\nauthor = \"name\"",
            (2, 10),
            "`label-schema.author`: unknown label type \"name\"",
        ),
        (
            "[label-schema]\nauthor = 1",
            (2, 10),
            "`label-schema.author` must be a label type",
        ),
        ("rules = 1", (1, 9), "`rules` must be a table"),
        (
            "[rules]\nSS201 = 1",
            (2, 9),
            "`rules.SS201` must be a table",
        ),
    ];
    for (text, pos, msg) in cases {
        let e = err_toml(text);
        assert!(e.message.contains(msg), "{text:?}: {}", e.message);
        assert_eq!((e.line, e.column), *pos, "{text:?}: {}", e.message);
    }
}

#[test]
fn toml_columns_count_characters_not_bytes() {
    // "é" is two bytes; the value starts at character 17.
    let e = err_toml("[severity]\n\"é-rule\" = \"loud\"");
    assert_eq!((e.line, e.column), (2, 12));
}

#[test]
fn toml_syntax_errors_have_positions() {
    let e = err_toml("select = [\"SS101\"\nignore = []\n");
    assert_eq!(e.line, 2);
    assert!(e.message.starts_with("invalid TOML:"), "{}", e.message);
    let e = err_toml("select = []\nselect = []\n");
    assert_eq!(e.line, 2);
    assert!(e.message.starts_with("invalid TOML:"), "{}", e.message);
}

#[test]
fn toml_unquoted_dotted_labels_are_flattened() {
    let c = ok_toml(
        "[label-schema]\norg.opencontainers.image.created = \"rfc3339\"\nlicense = \"spdx\"\n",
    );
    assert_eq!(
        c.label_schema,
        [
            (
                "org.opencontainers.image.created".to_string(),
                LabelType::Rfc3339
            ),
            ("license".to_string(), LabelType::Spdx),
        ]
    );
}

#[test]
fn toml_severity_aliases_and_label_types() {
    let c = ok_toml("fail-level = \"style\"\n[severity]\na = \"WARN\"\nb = \"note\"");
    assert_eq!(c.fail_level, Some(Severity::Hint));
    assert_eq!(c.severity[0].1, Severity::Warning);
    assert_eq!(c.severity[1].1, Severity::Info);
    for t in LabelType::ALL {
        let c = ok_toml(&format!("[label-schema]\nx = \"{t}\""));
        assert_eq!(c.label_schema, [("x".to_string(), t)]);
    }
}

#[test]
fn toml_huge_integer_option_is_an_error() {
    let e = err_toml("[rules.SS201]\nn = 0xffffffffffffffff\n");
    assert_eq!(e.line, 2);
}

// ---------------------------------------------------------------- hadolint

const FULL_HADOLINT: &str = "\
# a typical .hadolint.yaml
ignored:
  - DL3008
  - SC2086
override:
  error:
    - DL3001
  warning: [DL3002, DL3003]
  info:
    - DL3004
  style:
    - DL3005
    - DL3001
trustedRegistries:
  - docker.io
  - my-company.com:5000
label-schema:
  author: text
  contact: email
  created: rfc3339
  version: semver
  documentation: url
  git-revision: hash
  license: spdx
  other: \"\"
strict-labels: true
failure-threshold: warning
no-fail: false
disable-ignore-pragma: true
no-color: true
format: json
output-format: sarif
verbose: false
";

#[test]
fn every_hadolint_key_maps() {
    let c = ok_yaml(FULL_HADOLINT);
    assert_eq!(c.ignore, ["DL3008", "SC2086"]);
    // style first, error last: DL3001 is in both and error wins ("last wins").
    assert_eq!(
        c.severity,
        [
            ("DL3005".to_string(), Severity::Hint),
            ("DL3001".to_string(), Severity::Hint),
            ("DL3004".to_string(), Severity::Info),
            ("DL3002".to_string(), Severity::Warning),
            ("DL3003".to_string(), Severity::Warning),
            ("DL3001".to_string(), Severity::Error),
        ]
    );
    assert_eq!(c.trusted_registries, ["docker.io", "my-company.com:5000"]);
    assert_eq!(
        c.label_schema,
        [
            ("author".to_string(), LabelType::Text),
            ("contact".to_string(), LabelType::Email),
            ("created".to_string(), LabelType::Rfc3339),
            ("version".to_string(), LabelType::Semver),
            ("documentation".to_string(), LabelType::Url),
            ("git-revision".to_string(), LabelType::Hash),
            ("license".to_string(), LabelType::Spdx),
            ("other".to_string(), LabelType::Text),
        ]
    );
    assert!(c.strict_labels);
    assert_eq!(c.fail_level, Some(Severity::Warning));
    assert!(!c.no_fail);
    assert!(c.disable_ignore_pragmas);
    // Keys hadolint has no equivalent for stay at their defaults.
    assert_eq!(c.select, None);
    assert!(!c.unsafe_fixes);
    assert!(c.rule_options.is_empty());
}

#[test]
fn hadolint_override_precedence_uses_the_most_severe_list() {
    let c = ok_yaml("override:\n  error: [DL3001]\n  style: [DL3001]\n");
    const EQ: &[Equivalent] = &[Equivalent::same(Tool::Hadolint, "DL3001")];
    let rule = meta(EQ);
    assert_eq!(c.severity_of(&rule), Severity::Error);
}

#[test]
fn hadolint_failure_thresholds() {
    for (value, level) in [
        ("error", Severity::Error),
        ("warning", Severity::Warning),
        ("info", Severity::Info),
        ("style", Severity::Hint),
        ("ignore", Severity::Hint),
        ("none", Severity::Hint),
    ] {
        let c = ok_yaml(&format!("failure-threshold: {value}\n"));
        assert_eq!(c.fail_level, Some(level), "{value}");
    }
    let e = err_yaml("failure-threshold: fatal\n");
    assert_eq!((e.line, e.column), (1, 20));
    assert!(
        e.message.contains("unknown level \"fatal\""),
        "{}",
        e.message
    );
}

#[test]
fn hadolint_trusted_registries_may_be_one_string() {
    assert_eq!(
        ok_yaml("trustedRegistries: docker.io\n").trusted_registries,
        ["docker.io"]
    );
    assert_eq!(
        ok_yaml("trusted-registries: [a.io, 'b.io']\n").trusted_registries,
        ["a.io", "b.io"]
    );
}

#[test]
fn hadolint_null_values_are_absent() {
    let c = ok_yaml("ignored:\noverride:\n  error:\nno-fail: ~\n");
    assert_eq!(c, Config::default());
}

#[test]
fn hadolint_flow_style_and_anchors() {
    let c = ok_yaml("{ignored: [DL3000, DL3001], no-fail: true}");
    assert_eq!(c.ignore, ["DL3000", "DL3001"]);
    assert!(c.no_fail);
    let c = ok_yaml("ignored: &common [DL3000]\noverride:\n  info: *common\n");
    assert_eq!(c.severity, [("DL3000".to_string(), Severity::Info)]);
}

#[test]
fn hadolint_unknown_keys_with_positions() {
    let e = err_yaml("ignored: []\nignore:\n  - DL3008\n");
    assert_eq!((e.line, e.column), (2, 1));
    assert!(e.message.contains("unknown key `ignore`"), "{}", e.message);
    assert!(e.message.contains("`trustedRegistries`"), "{}", e.message);
    assert!(
        e.message.contains("did you mean `ignored`?"),
        "{}",
        e.message
    );

    let e = err_yaml("override:\n  warning: []\n  fatal: [DL3000]\n");
    assert_eq!((e.line, e.column), (3, 3));
    assert!(
        e.message.contains("unknown key `fatal` under `override`"),
        "{}",
        e.message
    );
    assert!(e.message.contains("`style`"), "{}", e.message);
}

#[test]
fn hadolint_wrong_types() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        (
            "ignored: DL3008\n",
            (1, 10),
            "`ignored` must be a list of strings, found \"DL3008\"",
        ),
        (
            "ignored:\n  - [DL3008]\n",
            (2, 5),
            "`ignored[…]` must be a string, found a list",
        ),
        (
            "override: [DL3008]\n",
            (1, 11),
            "`override` must be a mapping, found a list",
        ),
        (
            "override:\n  error: DL3008\n",
            (2, 10),
            "`override.error` must be a list of strings",
        ),
        (
            "no-fail: yes\n",
            (1, 10),
            "`no-fail` must be a boolean (true or false), found \"yes\"",
        ),
        ("no-fail: 'true'\n", (1, 10), "`no-fail` must be a boolean"),
        (
            "strict-labels: 1\n",
            (1, 16),
            "`strict-labels` must be a boolean",
        ),
        (
            "disable-ignore-pragma: {}\n",
            (1, 24),
            "`disable-ignore-pragma` must be a boolean",
        ),
        (
            "no-color: [true]\n",
            (1, 11),
            "`no-color` must be a boolean",
        ),
        (
            "label-schema: [a]\n",
            (1, 15),
            "`label-schema` must be a mapping",
        ),
        (
            "label-schema:\n  author: person\n",
            (2, 11),
            "`label-schema.author`: unknown label type \"person\"",
        ),
        (
            "label-schema:\n  author: [text]\n",
            (2, 11),
            "`label-schema.author` must be a string",
        ),
        (
            "failure-threshold: [error]\n",
            (1, 20),
            "`failure-threshold` must be a string",
        ),
        ("format: {a: 1}\n", (1, 9), "`format` must be a string"),
        ("- DL3008\n", (1, 1), "must be a mapping of keys"),
        ("just text\n", (1, 1), "must be a mapping of keys"),
        (
            "ignored: [a]\nignored: [b]\n",
            (2, 1),
            "duplicate key `ignored`",
        ),
        (
            "? [a, b]\n: c\n",
            (1, 3),
            "keys in `the configuration` must be plain names",
        ),
    ];
    for (text, pos, msg) in cases {
        let e = err_yaml(text);
        assert!(e.message.contains(msg), "{text:?}: {}", e.message);
        assert_eq!((e.line, e.column), *pos, "{text:?}: {}", e.message);
    }
}

#[test]
fn hadolint_syntax_errors_and_multiple_documents() {
    let e = err_yaml("ignored: [DL3008\nno-fail: true\n");
    assert!(e.message.starts_with("invalid YAML:"), "{}", e.message);
    assert!(e.line >= 1);
    let e = err_yaml("ignored: []\n---\nno-fail: true\n");
    assert_eq!((e.line, e.column), (2, 1));
    assert!(e.message.contains("single YAML document"), "{}", e.message);
    let e = err_yaml("ignored: *nowhere\n");
    assert_eq!(e.line, 1);
}

#[test]
fn hadolint_alias_bombs_are_refused() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let e = err_yaml(&text);
    assert!(e.message.contains("too many nodes"), "{}", e.message);
}

#[test]
fn deeply_nested_hadolint_yaml_is_an_error_not_a_stack_overflow() {
    // Found by the hostile-input catalogue: a 10,000-deep closed flow list
    // built a tree whose recursive drop overflowed the stack.
    let text = format!(
        "ignored: {}DL3008{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let e = err_yaml(&text);
    assert!(
        e.message.contains("nested more than 64 deep") || e.message.contains("recursion limit"),
        "{}",
        e.message
    );
    let text = format!("ignored: {}DL3008{}\n", "[".repeat(100), "]".repeat(100));
    let e = err_yaml(&text);
    assert!(
        e.message.contains("nested more than 64 deep"),
        "{}",
        e.message
    );
    assert_eq!(e.line, 1);
    let deep_block: String = (0..200)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    assert!(err_yaml(&deep_block).message.contains("nested more than"));
    // Real configs nest three levels.
    ok_yaml("override:\n  error: [DL3001]\n");
}

#[test]
fn hadolint_yaml_errors_at_the_end_point_inside_the_text() {
    // Found by the config_hadolint fuzz target: an unterminated flow list on
    // the only line was reported on line 2 of a one-line file.
    let e = err_yaml("ignignored: [Dov- docker#");
    assert_eq!(e.line, 1, "{e:?}");
    assert!(e.column >= 1);
}

// ---------------------------------------------------------------- garbage

#[test]
fn garbage_never_panics() {
    let mut inputs: Vec<String> = vec![
        "\0\0\0".into(),
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".into(),
        "[".repeat(10_000),
        "{".repeat(10_000),
        "a = [".repeat(5_000),
        "- ".repeat(5_000),
        "x:\n".repeat(100) + &" ".repeat(1000) + "y",
        "\u{1F600}\u{feff}\r\n\r= \"\u{fffd}".into(),
        "select = \"\\uD800\"".into(),
        "'''\n".into(),
        "!!binary |\n  R0lGODlhDAAMAIQAAP//9/X17unp5WZmZgAAAOfn515eXvPz7Y6OjuDg4J+fn5".into(),
        "%YAML 1.2\n%TAG ! tag:x,2000:\n--- !foo\n".into(),
        "a: |\n  b\n c: d".into(),
        "\t\tignored:\n\t- a".into(),
    ];
    // Every prefix of the full example files.
    for full in [FULL_TOML, FULL_HADOLINT] {
        for (i, _) in full.char_indices() {
            inputs.push(full[..i].to_string());
        }
    }
    for text in &inputs {
        let _ = parse_shipshape_toml(text);
        let _ = parse_hadolint_yaml(text);
    }
    // Deep nesting is an error, not a stack overflow.
    let deep_yaml = format!("ignored: {}{}", "[".repeat(50_000), "]".repeat(50_000));
    assert!(parse_hadolint_yaml(&deep_yaml).is_err());
    let deep_toml = format!(
        "[rules.SS201]\nx = {}{}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    assert!(parse_shipshape_toml(&deep_toml).is_err());
}

// ---------------------------------------------------------------- discovery

#[test]
fn file_names_in_priority_order() {
    assert_eq!(
        config_file_names(),
        [
            "shipshape.toml",
            ".shipshape.toml",
            ".hadolint.yaml",
            ".hadolint.yml"
        ]
    );
}

#[test]
fn nearest_shipshape_config_wins_over_hadolint_anywhere() {
    let files = [
        ("/repo/svc/.hadolint.yaml", "ignored: [DL3000]"),
        ("/repo/.shipshape.toml", "ignore = [\"SS101\"]"),
        ("/.hadolint.yml", ""),
    ];
    assert_eq!(
        pick_config_file(&files).map(|f| f.0),
        Some("/repo/.shipshape.toml")
    );
    let (path, cfg) = load_config(&files).unwrap().unwrap();
    assert_eq!(path, "/repo/.shipshape.toml");
    assert_eq!(cfg.ignore, ["SS101"]);
}

#[test]
fn nearest_directory_first_and_name_priority() {
    let files = [
        ("/repo/shipshape.toml", ""),
        ("/repo/svc/.shipshape.toml", ""),
        ("/repo/svc/shipshape.toml", ""),
    ];
    assert_eq!(
        pick_config_file(&files).map(|f| f.0),
        Some("/repo/svc/shipshape.toml")
    );
    let files = [
        ("C:\\repo\\.hadolint.yml", ""),
        ("C:\\repo\\.hadolint.yaml", ""),
        ("C:\\.hadolint.yaml", ""),
    ];
    assert_eq!(
        pick_config_file(&files).map(|f| f.0),
        Some("C:\\repo\\.hadolint.yaml")
    );
}

#[test]
fn hadolint_config_is_used_when_no_shipshape_config() {
    let files = vec![
        ("a/b/.hadolint.yml".to_string(), "no-fail: true".to_string()),
        ("a/.hadolint.yaml".to_string(), "no-fail: false".to_string()),
        ("a/b/Dockerfile".to_string(), String::new()),
    ];
    let (path, cfg) = load_config(&files).unwrap().unwrap();
    assert_eq!(path, "a/b/.hadolint.yml");
    assert!(cfg.no_fail);
}

#[test]
fn no_candidates_means_no_config_and_errors_propagate() {
    let none: [(&str, &str); 0] = [];
    assert_eq!(load_config(&none), Ok(None));
    let files = [("x/shipshape.toml", "bogus = 1")];
    let e = load_config(&files).unwrap_err();
    assert!(e.message.contains("unknown key `bogus`"));
    assert!(parse_config_file("Dockerfile", "").is_none());
    assert!(parse_config_file("dir/.hadolint.yml", "no-fail: true").is_some());
}

// ---------------------------------------------------------------- resolution

const DL3007: &[Equivalent] = &[Equivalent::same(Tool::Hadolint, "DL3007")];

fn meta(equivalents: &'static [Equivalent]) -> RuleMeta {
    RuleMeta {
        code: "SS203",
        name: "latest-tag",
        summary: "",
        severity: Severity::Warning,
        category: Category::BaseImage,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents,
        fix: FixKind::None,
        default_enabled: false,
        why: "",
        bad: "",
        good: "",
    }
}

#[test]
fn selectors_resolve_by_code_name_peer_id_and_all() {
    let rule = meta(DL3007);
    assert!(!Config::default().is_enabled(&rule), "off by default");
    assert!(ok_toml("select = [\"ALL\"]").is_enabled(&rule));
    assert!(ok_toml("select = [\"ss203\"]").is_enabled(&rule));
    assert!(ok_toml("extend-select = [\"latest-tag\"]").is_enabled(&rule));
    assert!(ok_toml("[rules.DL3007]\nx = 1").is_enabled(&rule));
    assert!(!ok_toml("select = [\"ALL\"]\nignore = [\"DL3007\"]").is_enabled(&rule));
    assert!(!ok_toml("select = [\"SS101\"]").is_enabled(&rule));
    assert!(!ok_yaml("ignored: [DL3007]").is_enabled(&RuleMeta {
        default_enabled: true,
        ..rule
    }));
}

#[test]
fn severity_and_options_resolution() {
    let rule = meta(DL3007);
    assert_eq!(Config::default().severity_of(&rule), Severity::Warning);
    let c = ok_toml("[severity]\nSS203 = \"error\"\nDL3007 = \"info\"\n");
    assert_eq!(c.severity_of(&rule), Severity::Info, "last entry wins");
    let c = ok_toml("[rules.DL3007]\nx = 1\ny = 2\n[rules.SS203]\nx = 3\n");
    assert_eq!(
        c.rule_option(&rule, "x").and_then(OptionValue::as_integer),
        Some(3)
    );
    assert_eq!(
        c.rule_option(&rule, "y").and_then(OptionValue::as_integer),
        Some(2)
    );
    assert_eq!(c.rule_option(&rule, "z"), None);
}

#[test]
fn fail_level_decisions() {
    let c = ok_toml("fail-level = \"warning\"");
    assert!(c.fails_at(Severity::Error, Severity::Info));
    assert!(c.fails_at(Severity::Warning, Severity::Info));
    assert!(!c.fails_at(Severity::Info, Severity::Info));
    assert!(Config::default().fails_at(Severity::Info, Severity::Info));
    assert!(!ok_toml("no-fail = true").fails_at(Severity::Error, Severity::Info));
}
