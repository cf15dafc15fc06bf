//! Settings: the editor's (`initializationOptions`,
//! `workspace/didChangeConfiguration`) and the project's config file.

use std::path::{Path, PathBuf};

use serde_json::Value;
use shipshape_core::{Settings, Severity};

/// The editor settings, as the VS Code extension sends them (the
/// `shipshape` section; camelCase keys).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorSettings {
    /// `false` turns the server's diagnostics and actions off.
    pub enable: bool,
    /// Replaces the default rule set (an empty list counts as not given).
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity overrides: selector → `error`/`warning`/`info`/`hint`, or
    /// `off` to turn the rule off.
    pub severity: Vec<(String, String)>,
    /// Whether "fix all" applies unsafe fixes too.
    pub unsafe_fixes: bool,
}

impl Default for EditorSettings {
    fn default() -> Self {
        EditorSettings {
            enable: true,
            select: None,
            extend_select: Vec::new(),
            ignore: Vec::new(),
            severity: Vec::new(),
            unsafe_fixes: false,
        }
    }
}

fn strings(v: Option<&Value>, key: &str, problems: &mut Vec<String>) -> Option<Vec<String>> {
    match v? {
        Value::Null => None,
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(|i| match i {
                    Value::String(s) => Some(s.clone()),
                    other => {
                        problems.push(format!("`{key}`: expected a string, got {other}"));
                        None
                    }
                })
                .collect(),
        ),
        Value::String(s) => Some(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        ),
        other => {
            problems.push(format!("`{key}`: expected a list of rules, got {other}"));
            None
        }
    }
}

impl EditorSettings {
    /// Reads settings from JSON: either the section itself or an object
    /// holding it under `shipshape`. Unknown keys are ignored; a key of the
    /// wrong type is skipped and named in the returned problems.
    pub fn from_json(value: &Value) -> (EditorSettings, Vec<String>) {
        let mut s = EditorSettings::default();
        let mut problems = Vec::new();
        let section = match value.get("shipshape") {
            Some(inner @ Value::Object(_)) => inner,
            _ => value,
        };
        let Value::Object(map) = section else {
            return (s, problems);
        };
        match map.get("enable") {
            Some(Value::Bool(b)) => s.enable = *b,
            None | Some(Value::Null) => {}
            Some(other) => problems.push(format!("`enable`: expected true or false, got {other}")),
        }
        match map.get("unsafeFixes") {
            Some(Value::Bool(b)) => s.unsafe_fixes = *b,
            None | Some(Value::Null) => {}
            Some(other) => problems.push(format!(
                "`unsafeFixes`: expected true or false, got {other}"
            )),
        }
        s.select = strings(map.get("select"), "select", &mut problems).filter(|v| !v.is_empty());
        s.extend_select =
            strings(map.get("extendSelect"), "extendSelect", &mut problems).unwrap_or_default();
        s.ignore = strings(map.get("ignore"), "ignore", &mut problems).unwrap_or_default();
        match map.get("severity") {
            Some(Value::Object(m)) => {
                for (k, v) in m {
                    match v.as_str() {
                        Some(level) => s.severity.push((k.clone(), level.to_string())),
                        None => problems.push(format!("`severity.{k}`: expected a string")),
                    }
                }
            }
            None | Some(Value::Null) => {}
            Some(other) => problems.push(format!(
                "`severity`: expected an object of rule → level, got {other}"
            )),
        }
        (s, problems)
    }
}

/// Config file names (the core's list).
pub const CONFIG_FILES: &[&str] = &[
    "shipshape.toml",
    ".shipshape.toml",
    ".hadolint.yaml",
    ".hadolint.yml",
];

/// The project config file for a document, chosen as the CLI chooses it
/// ([`core::config::pick_config_file`]): the nearest `shipshape.toml` /
/// `.shipshape.toml` in the document's folder or above, else the nearest
/// `.hadolint.yaml` / `.hadolint.yml`. The walk stops at the workspace
/// folder that holds the document (at the file system root when none does).
///
/// [`core::config::pick_config_file`]: shipshape_core::config::pick_config_file
pub fn find_project_config(document: &Path, roots: &[PathBuf]) -> Option<PathBuf> {
    let root = roots
        .iter()
        .filter(|r| document.starts_with(r))
        .max_by_key(|r| r.components().count());
    let mut candidates: Vec<(String, ())> = Vec::new();
    let mut dir = document.parent();
    while let Some(d) = dir {
        for name in shipshape_core::config::config_file_names() {
            let candidate = d.join(name);
            if candidate.is_file() {
                candidates.push((candidate.to_string_lossy().into_owned(), ()));
            }
        }
        if root.is_some_and(|r| d == r.as_path()) {
            break;
        }
        dir = d.parent();
    }
    shipshape_core::config::pick_config_file(&candidates).map(|(p, ())| PathBuf::from(p))
}

/// What the server uses for a document: the project config file (if any)
/// with the editor settings on top.
#[derive(Clone, Debug)]
pub struct Effective {
    pub settings: Settings,
    pub unsafe_fixes: bool,
    /// Problems to show (bad config file, unknown rules…).
    pub problems: Vec<String>,
}

/// Parses the project's config file and layers the editor settings on it:
/// the editor's `select` replaces the file's when given; `extendSelect`,
/// `ignore` and severities add to the file's (the editor's win).
pub fn project_settings(
    config_path: &Path,
    config_text: &str,
    editor: &EditorSettings,
) -> Effective {
    let shown = config_path.display();
    match shipshape_core::config::parse_config_file(&config_path.to_string_lossy(), config_text) {
        Some(Ok(config)) => editor.resolve_over(Some(&config), &shown.to_string()),
        Some(Err(e)) => {
            let mut eff = editor.resolve_over(None, "");
            eff.problems.insert(
                0,
                format!(
                    "{shown}:{}:{}: {} (the file is not used)",
                    e.line, e.column, e.message
                ),
            );
            eff
        }
        None => editor.resolve_over(None, ""),
    }
}

impl EditorSettings {
    /// The editor settings over a project config (or over the defaults).
    pub fn resolve_over(
        &self,
        config: Option<&shipshape_core::config::Config>,
        origin: &str,
    ) -> Effective {
        let mut problems = Vec::new();
        // The project's config (or the defaults), with the editor's settings on top.
        let mut merged = config.cloned().unwrap_or_default();
        let unsafe_fixes = self.unsafe_fixes || merged.unsafe_fixes;
        if self.select.is_some() {
            merged.select.clone_from(&self.select);
        }
        merged
            .extend_select
            .extend(self.extend_select.iter().cloned());
        merged.ignore.extend(self.ignore.iter().cloned());
        for (key, level) in &self.severity {
            if level.eq_ignore_ascii_case("off") || level.eq_ignore_ascii_case("ignore") {
                merged.ignore.push(key.clone());
            } else if let Some(sev) = Severity::parse(level) {
                merged.severity.push((key.clone(), sev));
            } else {
                problems.push(format!(
                    "severity of `{key}`: `{level}` is not one of error, warning, info, hint, off"
                ));
            }
        }
        let (settings, unknown) = Settings::from_config(merged);
        let from = if origin.is_empty() {
            String::new()
        } else {
            format!(" (settings and {origin})")
        };
        problems.extend(
            unknown
                .into_iter()
                .map(|u| format!("`{}` names no rule{from}", u.0)),
        );
        Effective {
            settings,
            unsafe_fixes,
            problems,
        }
    }

    /// The core settings from the editor settings alone, and any problems
    /// (unknown rules, bad levels).
    pub fn resolve(&self) -> (Settings, Vec<String>) {
        let e = self.resolve_over(None, "");
        (e.settings, e.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_section_or_the_wrapped_section() {
        let (a, p) = EditorSettings::from_json(&json!({
            "shipshape": {"enable": false, "select": ["SS001"], "unsafeFixes": true,
                           "extendSelect": "SS002", "severity": {"SS001": "warning"}}
        }));
        assert!(p.is_empty());
        assert!(!a.enable && a.unsafe_fixes);
        assert_eq!(a.select, Some(vec!["SS001".to_string()]));
        assert_eq!(a.extend_select, vec!["SS002".to_string()]);
        assert_eq!(a.severity, vec![("SS001".into(), "warning".into())]);
        let (b, _) = EditorSettings::from_json(&json!({"ignore": ["syntax-error"]}));
        assert_eq!(b.ignore, vec!["syntax-error".to_string()]);
        assert!(b.enable);
    }

    #[test]
    fn bad_values_are_reported_not_fatal() {
        let (s, p) = EditorSettings::from_json(
            &json!({"enable": "yes", "select": 3, "ignore": [1, "SS001"]}),
        );
        assert!(s.enable);
        assert_eq!(s.select, None);
        assert_eq!(s.ignore, vec!["SS001".to_string()]);
        assert_eq!(p.len(), 3, "{p:?}");
    }

    #[test]
    fn resolve_names_unknown_rules_and_levels() {
        let s = EditorSettings {
            ignore: vec!["no-such-rule".into()],
            severity: vec![("SS001".into(), "loud".into())],
            ..EditorSettings::default()
        };
        let (_, problems) = s.resolve();
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn severity_off_turns_a_rule_off() {
        let meta = shipshape_core::rules::find("SS001");
        let s = EditorSettings {
            severity: vec![("syntax-error".into(), "off".into())],
            ..EditorSettings::default()
        };
        let (settings, problems) = s.resolve();
        assert!(problems.is_empty());
        assert!(meta.is_some_and(|m| !settings.is_enabled(m)));
    }
}
