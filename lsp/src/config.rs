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

    /// The core settings, and any problems (unknown rules, bad levels).
    pub fn resolve(&self) -> (Settings, Vec<String>) {
        let mut problems = Vec::new();
        let mut ignore = self.ignore.clone();
        let mut levels: Vec<(String, Severity)> = Vec::new();
        for (key, level) in &self.severity {
            if level.eq_ignore_ascii_case("off") || level.eq_ignore_ascii_case("ignore") {
                ignore.push(key.clone());
            } else if let Some(sev) = Severity::parse(level) {
                levels.push((key.clone(), sev));
            } else {
                problems.push(format!(
                    "severity of `{key}`: `{level}` is not one of error, warning, info, hint, off"
                ));
            }
        }
        let (settings, unknown) = Settings::resolve(
            self.select.as_deref(),
            &self.extend_select,
            &ignore,
            &levels,
        );
        problems.extend(
            unknown
                .into_iter()
                .map(|u| format!("`{}` names no rule", u.0)),
        );
        (settings, problems)
    }
}

/// Config file names, nearest first within one folder.
pub const CONFIG_FILES: &[&str] = &[
    "shipshape.toml",
    ".shipshape.toml",
    ".hadolint.yaml",
    ".hadolint.yml",
];

/// The project config file for a document: the first of [`CONFIG_FILES`]
/// found walking up from the document's folder, stopping at the workspace
/// folder that holds it (or at the file system root when none does).
pub fn find_project_config(document: &Path, roots: &[PathBuf]) -> Option<PathBuf> {
    let root = roots
        .iter()
        .filter(|r| document.starts_with(r))
        .max_by_key(|r| r.components().count());
    let mut dir = document.parent();
    while let Some(d) = dir {
        for name in CONFIG_FILES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if root.is_some_and(|r| d == r.as_path()) {
            break;
        }
        dir = d.parent();
    }
    None
}

/// HOOK (config branch): the project's config file, read and turned into
/// settings. The config parser (`core::config`) is being written on the
/// `config` branch; until it lands, the file is found (and watched) but
/// its contents do not change the settings. Returns the settings to use
/// and the problems to show.
pub fn project_settings(
    _config_path: &Path,
    _config_text: &str,
    editor: &EditorSettings,
) -> (Settings, Vec<String>) {
    editor.resolve()
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
