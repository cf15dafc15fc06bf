//! Configuration: `shipshape.toml` / `.shipshape.toml`, or a hadolint
//! `.hadolint.yaml` / `.hadolint.yml` for projects that already have one.
//!
//! Text in, data out: the CLI and the language server walk the file system and
//! hand the candidate files to [`pick_config_file`] and [`parse_config_file`];
//! the web page parses text typed by the user with the same functions.
//!
//! Rule selectors are kept as written (our code `SS101`, our kebab-case name
//! `latest-tag`, a peer id such as `DL3008`, `CKV_DOCKER_3` or a BuildKit
//! check name, or `ALL`) and are resolved against [`RuleMeta::matches`] by the
//! helpers on [`Config`].
//!
//! # `shipshape.toml`
//!
//! ```toml
//! select = ["ALL"]                 # default: the rules enabled by default
//! extend-select = ["SS305"]        # add to the selection
//! ignore = ["DL3008", "latest-tag"]
//! fail-level = "warning"           # findings at or above this fail the run
//! no-fail = false                  # never fail because of findings
//! unsafe-fixes = false             # apply fixes that change behaviour
//! exclude = ["vendor/**"]          # path globs the CLI skips
//! trusted-registries = ["docker.io", "ghcr.io"]
//! strict-labels = false            # report labels missing from the schema
//! disable-ignore-pragmas = false   # ignore `# shipshape: ignore=` comments
//! report-unused-ignores = false    # report pragmas that suppress nothing
//!
//! [severity]                       # per-rule severity: error|warning|info|hint
//! SS101 = "error"
//! DL3007 = "hint"
//!
//! [label-schema]                   # text|url|semver|hash|rfc3339|spdx|email
//! maintainer = "email"
//! "org.opencontainers.image.source" = "url"   # dotted labels quoted, or nested
//!
//! [rules.SS201]                    # options of one rule, keyed by any selector
//! allowed-tags = ["stable", "lts"]
//! ```
//!
//! An unquoted dotted label key (`org.opencontainers.image.source = "url"`)
//! is a nested table in TOML; it is flattened back to the dotted label name.
//!
//! Per-rule options (`[rules.<selector>]`) are free-form: any TOML value is
//! kept as an [`OptionValue`]; the rule that reads them documents its keys.
//! Naming a rule under `[rules]` also enables it when it is off by default.

mod hadolint;
mod toml_file;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::rule::RuleMeta;

pub use hadolint::parse_hadolint_yaml;
pub use toml_file::parse_shipshape_toml;

/// The settings a project can make. `Config::default()` is "no config file".
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Config {
    /// Rules to run; `None` means the rules enabled by default. `ALL` selects every rule.
    pub select: Option<Vec<String>>,
    /// Rules added to the selection.
    pub extend_select: Vec<String>,
    /// Rules never run (wins over `select`/`extend_select`).
    pub ignore: Vec<String>,
    /// Severity overrides in file order; when several name the same rule, the last one wins.
    pub severity: Vec<(String, Severity)>,
    /// Findings at or above this severity make the run fail (`None`: the CLI's default).
    pub fail_level: Option<Severity>,
    /// Findings never make the run fail.
    pub no_fail: bool,
    /// Registries base images may come from (empty: any).
    pub trusted_registries: Vec<String>,
    /// Expected labels and the form of their values, in file order.
    pub label_schema: Vec<(String, LabelType)>,
    /// Report labels that are not in `label_schema`.
    pub strict_labels: bool,
    /// Do not honour inline ignore pragmas.
    pub disable_ignore_pragmas: bool,
    /// Report ignore pragmas that suppress nothing.
    pub report_unused_ignores: bool,
    /// Per-rule options, keyed by selector as written.
    pub rule_options: BTreeMap<String, RuleOptions>,
    /// Apply fixes that change behaviour too.
    pub unsafe_fixes: bool,
    /// Path globs the CLI does not check.
    pub exclude: Vec<String>,
}

/// The options of one rule: `[rules.SS201] allowed-tags = [...]`.
pub type RuleOptions = BTreeMap<String, OptionValue>;

/// A per-rule option value (the TOML data model; datetimes are kept as text).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OptionValue {
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    Array(Vec<OptionValue>),
    Table(BTreeMap<String, OptionValue>),
}

impl OptionValue {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            OptionValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            OptionValue::Integer(i) => Some(*i),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            OptionValue::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[OptionValue]> {
        match self {
            OptionValue::Array(a) => Some(a),
            _ => None,
        }
    }
    /// An array of strings (`None` if it is not one).
    pub fn as_str_list(&self) -> Option<Vec<&str>> {
        self.as_array()?.iter().map(OptionValue::as_str).collect()
    }
    /// A short name of the value's type, for messages.
    pub const fn type_name(&self) -> &'static str {
        match self {
            OptionValue::Bool(_) => "boolean",
            OptionValue::Integer(_) => "integer",
            OptionValue::Float(_) => "float",
            OptionValue::String(_) => "string",
            OptionValue::Array(_) => "array",
            OptionValue::Table(_) => "table",
        }
    }
}

/// The form a label's value must have (hadolint's label-schema types).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    /// Any non-empty text.
    Text,
    Url,
    Semver,
    /// A git commit hash.
    Hash,
    Rfc3339,
    /// An SPDX license expression.
    Spdx,
    Email,
}

impl LabelType {
    pub const ALL: [LabelType; 7] = [
        LabelType::Text,
        LabelType::Url,
        LabelType::Semver,
        LabelType::Hash,
        LabelType::Rfc3339,
        LabelType::Spdx,
        LabelType::Email,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            LabelType::Text => "text",
            LabelType::Url => "url",
            LabelType::Semver => "semver",
            LabelType::Hash => "hash",
            LabelType::Rfc3339 => "rfc3339",
            LabelType::Spdx => "spdx",
            LabelType::Email => "email",
        }
    }

    /// Parses a type name (case-insensitive). An empty name means `text`, as in hadolint.
    pub fn parse(s: &str) -> Option<LabelType> {
        if s.is_empty() {
            return Some(LabelType::Text);
        }
        LabelType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for LabelType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `selector` names `rule` (`ALL` names every rule).
pub fn selector_matches(selector: &str, rule: &RuleMeta) -> bool {
    selector.eq_ignore_ascii_case("ALL") || rule.matches(selector)
}

impl Config {
    /// Whether `rule` runs: selected (by `select`, or by default when there is
    /// no `select`), or named by `extend-select` or `[rules.<selector>]`, and
    /// not named by `ignore`.
    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        if self.ignore.iter().any(|s| selector_matches(s, rule)) {
            return false;
        }
        let selected = match &self.select {
            None => rule.default_enabled,
            Some(list) => list.iter().any(|s| selector_matches(s, rule)),
        };
        selected
            || self.extend_select.iter().any(|s| selector_matches(s, rule))
            || self.rule_options.keys().any(|s| rule.matches(s))
    }

    /// The severity `rule` reports with: the last override naming it, else its default.
    pub fn severity_of(&self, rule: &RuleMeta) -> Severity {
        self.severity
            .iter()
            .rev()
            .find(|(s, _)| selector_matches(s, rule))
            .map_or(rule.severity, |(_, sev)| *sev)
    }

    /// One option of `rule`, from the `[rules.<selector>]` tables naming it
    /// (the rule's code wins over its name, which wins over a peer id).
    pub fn rule_option(&self, rule: &RuleMeta, key: &str) -> Option<&OptionValue> {
        let rank = |selector: &str| {
            if rule.code.eq_ignore_ascii_case(selector) {
                0
            } else if rule.name.eq_ignore_ascii_case(selector) {
                1
            } else {
                2
            }
        };
        let mut tables: Vec<(&String, &RuleOptions)> = self
            .rule_options
            .iter()
            .filter(|(s, _)| rule.matches(s))
            .collect();
        crate::sort::sort_by_key(&mut tables, |(s, _)| rank(s));
        tables.into_iter().find_map(|(_, opts)| opts.get(key))
    }

    /// Whether findings of `severity` make the run fail, given the CLI's default level.
    pub fn fails_at(&self, severity: Severity, default_level: Severity) -> bool {
        !self.no_fail && severity >= self.fail_level.unwrap_or(default_level)
    }
}

/// A configuration file that could not be read, with the 1-based line and
/// column (in Unicode characters) of the offending text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl ConfigError {
    pub(crate) fn at(text: &str, byte_offset: usize, message: impl Into<String>) -> ConfigError {
        let (line, column) = line_col(text, byte_offset);
        ConfigError {
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// 1-based line and column (in characters) of a byte offset, clamped to the text.
pub(crate) fn line_col(text: &str, byte_offset: usize) -> (usize, usize) {
    let mut offset = byte_offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// The kinds of configuration file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigFormat {
    /// `shipshape.toml` / `.shipshape.toml`.
    Shipshape,
    /// `.hadolint.yaml` / `.hadolint.yml`.
    Hadolint,
}

const FILE_NAMES: [&str; 4] = [
    "shipshape.toml",
    ".shipshape.toml",
    ".hadolint.yaml",
    ".hadolint.yml",
];

/// Configuration file names looked for in each directory, in priority order.
pub fn config_file_names() -> &'static [&'static str] {
    &FILE_NAMES
}

/// The kind of a configuration file, from its name (the last path component).
pub fn config_format(path: &str) -> Option<ConfigFormat> {
    match file_name(path) {
        "shipshape.toml" | ".shipshape.toml" => Some(ConfigFormat::Shipshape),
        ".hadolint.yaml" | ".hadolint.yml" => Some(ConfigFormat::Hadolint),
        _ => None,
    }
}

/// Parses a configuration file according to its name.
/// Returns `None` for a name that is not a configuration file name.
pub fn parse_config_file(path: &str, text: &str) -> Option<Result<Config, ConfigError>> {
    match config_format(path)? {
        ConfigFormat::Shipshape => Some(parse_shipshape_toml(text)),
        ConfigFormat::Hadolint => Some(parse_hadolint_yaml(text)),
    }
}

fn split_path(path: &str) -> (&str, &str) {
    match path.rfind(['/', '\\']) {
        Some(i) => (path.get(..i).unwrap_or(""), path.get(i + 1..).unwrap_or("")),
        None => ("", path),
    }
}

fn file_name(path: &str) -> &str {
    split_path(path).1
}

/// How deep a directory is: the number of its non-empty components.
fn depth(dir: &str) -> usize {
    dir.split(['/', '\\']).filter(|c| !c.is_empty()).count()
}

/// Picks the configuration file that applies, from the candidate files found
/// in a file's ancestor directories, given as `(path, contents)` pairs in any
/// order: the nearest directory's shipshape config (`shipshape.toml` before
/// `.shipshape.toml`); only when no directory has one, the nearest hadolint
/// config (`.hadolint.yaml` before `.hadolint.yml`). Paths with other names are
/// skipped. Nearness is the directory's depth, so give all paths in the same
/// form (all absolute, or all relative to one root).
pub fn pick_config_file<P: AsRef<str>, T>(candidates: &[(P, T)]) -> Option<&(P, T)> {
    let best = |format: ConfigFormat| {
        candidates
            .iter()
            .filter_map(|c| {
                let path = c.0.as_ref();
                if config_format(path)? != format {
                    return None;
                }
                let (dir, name) = split_path(path);
                let priority = FILE_NAMES.iter().position(|n| *n == name)?;
                Some(((depth(dir), std::cmp::Reverse(priority)), c))
            })
            .max_by_key(|(key, _)| *key)
            .map(|(_, c)| c)
    };
    best(ConfigFormat::Shipshape).or_else(|| best(ConfigFormat::Hadolint))
}

/// Picks the applicable file with [`pick_config_file`] and parses it.
/// `Ok(None)`: no configuration file, use `Config::default()`.
pub fn load_config<P: AsRef<str>, T: AsRef<str>>(
    candidates: &[(P, T)],
) -> Result<Option<(&str, Config)>, ConfigError> {
    let Some((path, text)) = pick_config_file(candidates) else {
        return Ok(None);
    };
    let path = path.as_ref();
    match parse_config_file(path, text.as_ref()) {
        Some(result) => result.map(|c| Some((path, c))),
        None => Ok(None),
    }
}

/// The allowed key closest to a misspelt `key` (at most two edits away, case-insensitive).
pub(crate) fn suggest(key: &str, allowed: &[&'static str]) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    allowed
        .iter()
        .map(|a| (edit_distance(&key, a), *a))
        .filter(|(d, a)| *d <= 2 && *d < a.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// "unknown key `x` in …: expected one of `a`, `b` (did you mean `c`?)".
pub(crate) fn unknown_key_message(key: &str, context: &str, allowed: &[&'static str]) -> String {
    let list = allowed
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut msg = format!("unknown key `{key}` {context}; expected one of {list}");
    if let Some(s) = suggest(key, allowed) {
        msg.push_str(&format!(" (did you mean `{s}`?)"));
    }
    msg
}
