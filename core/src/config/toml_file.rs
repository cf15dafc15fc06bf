//! `shipshape.toml`: parsed with the `toml` crate into its spanned document
//! tree, then walked by hand. Walking the tree (rather than deriving serde
//! `Deserialize` with `deny_unknown_fields`) gives messages that name the key
//! and its allowed values, keeps entries in file order (the tree itself is
//! sorted; spans give the order back), and costs less code in the wasm build.

use std::collections::BTreeMap;

use toml::de::{DeString, DeTable, DeValue};
use toml::Spanned;

use super::{unknown_key_message, Config, ConfigError, LabelType, OptionValue, RuleOptions};
use crate::diagnostic::Severity;

/// Top-level keys, in the order the docs list them.
const KEYS: [&str; 14] = [
    "select",
    "extend-select",
    "ignore",
    "severity",
    "fail-level",
    "no-fail",
    "unsafe-fixes",
    "exclude",
    "trusted-registries",
    "label-schema",
    "strict-labels",
    "disable-ignore-pragmas",
    "report-unused-ignores",
    "rules",
];

/// How deep nested tables and arrays may go in `[rules]` options and `[label-schema]`.
const MAX_DEPTH: usize = 32;

type Entry<'a, 'i> = (&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>);

/// Parses the text of a `shipshape.toml` / `.shipshape.toml` file.
pub fn parse_shipshape_toml(text: &str) -> Result<Config, ConfigError> {
    let doc = DeTable::parse(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        ConfigError::at(text, at, format!("invalid TOML: {}", e.message().trim()))
    })?;
    let p = Walker { text };
    let mut cfg = Config::default();
    for (key, value) in sorted(doc.get_ref()) {
        let name: &str = key.get_ref();
        match name {
            "select" => cfg.select = Some(p.strings(name, value)?),
            "extend-select" => cfg.extend_select = p.strings(name, value)?,
            "ignore" => cfg.ignore = p.strings(name, value)?,
            "exclude" => cfg.exclude = p.strings(name, value)?,
            "trusted-registries" => cfg.trusted_registries = p.strings(name, value)?,
            "no-fail" => cfg.no_fail = p.boolean(name, value)?,
            "unsafe-fixes" => cfg.unsafe_fixes = p.boolean(name, value)?,
            "strict-labels" => cfg.strict_labels = p.boolean(name, value)?,
            "disable-ignore-pragmas" => cfg.disable_ignore_pragmas = p.boolean(name, value)?,
            "report-unused-ignores" => cfg.report_unused_ignores = p.boolean(name, value)?,
            "fail-level" => cfg.fail_level = Some(p.severity(name, value)?),
            "severity" => {
                for (rule, sev) in sorted(p.table(name, value)?) {
                    let path = format!("severity.{}", rule.get_ref());
                    cfg.severity
                        .push((rule.get_ref().to_string(), p.severity(&path, sev)?));
                }
            }
            "label-schema" => {
                p.labels(name, "", value, 0, &mut cfg.label_schema)?;
            }
            "rules" => {
                for (rule, options) in sorted(p.table(name, value)?) {
                    let path = format!("rules.{}", rule.get_ref());
                    let mut opts = RuleOptions::new();
                    for (k, v) in sorted(p.table(&path, options)?) {
                        opts.insert(k.get_ref().to_string(), p.option(v, 0)?);
                    }
                    cfg.rule_options
                        .entry(rule.get_ref().to_string())
                        .or_default()
                        .extend(opts);
                }
            }
            _ => {
                return Err(ConfigError::at(
                    text,
                    key.span().start,
                    unknown_key_message(name, "in shipshape.toml", &KEYS),
                ))
            }
        }
    }
    Ok(cfg)
}

/// A table's entries in file order.
fn sorted<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<Entry<'a, 'i>> = table.iter().collect();
    crate::sort::sort_by_key(&mut entries, |(k, _)| k.span().start);
    entries
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

struct Walker<'t> {
    text: &'t str,
}

impl Walker<'_> {
    fn wrong_type(&self, key: &str, expected: &str, v: &Spanned<DeValue<'_>>) -> ConfigError {
        ConfigError::at(
            self.text,
            v.span().start,
            format!(
                "`{key}` must be {expected}, found {}",
                type_name(v.get_ref())
            ),
        )
    }

    fn boolean(&self, key: &str, v: &Spanned<DeValue<'_>>) -> Result<bool, ConfigError> {
        v.get_ref()
            .as_bool()
            .ok_or_else(|| self.wrong_type(key, "a boolean (true or false)", v))
    }

    fn strings(&self, key: &str, v: &Spanned<DeValue<'_>>) -> Result<Vec<String>, ConfigError> {
        let DeValue::Array(items) = v.get_ref() else {
            return Err(self.wrong_type(key, "an array of strings", v));
        };
        items
            .iter()
            .map(|item| {
                item.get_ref()
                    .as_str()
                    .map(str::to_string)
                    .ok_or_else(|| self.wrong_type(&format!("{key}[…]"), "a string", item))
            })
            .collect()
    }

    fn table<'a, 'i>(
        &self,
        key: &str,
        v: &'a Spanned<DeValue<'i>>,
    ) -> Result<&'a DeTable<'i>, ConfigError> {
        match v.get_ref() {
            DeValue::Table(t) => Ok(t),
            _ => Err(self.wrong_type(key, "a table", v)),
        }
    }

    fn severity(&self, key: &str, v: &Spanned<DeValue<'_>>) -> Result<Severity, ConfigError> {
        let expected = "one of \"error\", \"warning\", \"info\", \"hint\"";
        let s = v
            .get_ref()
            .as_str()
            .ok_or_else(|| self.wrong_type(key, expected, v))?;
        Severity::parse(s).ok_or_else(|| {
            ConfigError::at(
                self.text,
                v.span().start,
                format!("`{key}`: unknown severity \"{s}\"; expected {expected}"),
            )
        })
    }

    /// Label names may be quoted (`"a.b" = "url"`) or, unquoted, nested tables: flatten them.
    fn labels(
        &self,
        key: &str,
        prefix: &str,
        v: &Spanned<DeValue<'_>>,
        depth: usize,
        out: &mut Vec<(String, LabelType)>,
    ) -> Result<(), ConfigError> {
        let table = self.table(key, v)?;
        if depth > MAX_DEPTH {
            return Err(ConfigError::at(
                self.text,
                v.span().start,
                format!("`{key}` is nested too deeply"),
            ));
        }
        for (label, value) in sorted(table) {
            let name = format!("{prefix}{}", label.get_ref());
            let path = format!("label-schema.{name}");
            match value.get_ref() {
                DeValue::Table(_) => {
                    self.labels(&path, &format!("{name}."), value, depth + 1, out)?;
                }
                DeValue::String(s) => {
                    let ty = LabelType::parse(s).ok_or_else(|| {
                        ConfigError::at(
                            self.text,
                            value.span().start,
                            format!(
                                "`{path}`: unknown label type \"{s}\"; expected one of {}",
                                label_types()
                            ),
                        )
                    })?;
                    out.push((name, ty));
                }
                _ => {
                    return Err(self.wrong_type(
                        &path,
                        &format!("a label type ({})", label_types()),
                        value,
                    ))
                }
            }
        }
        Ok(())
    }

    fn option(&self, v: &Spanned<DeValue<'_>>, depth: usize) -> Result<OptionValue, ConfigError> {
        if depth > MAX_DEPTH {
            return Err(ConfigError::at(
                self.text,
                v.span().start,
                "rule option is nested too deeply",
            ));
        }
        Ok(match v.get_ref() {
            DeValue::String(s) => OptionValue::String(s.to_string()),
            DeValue::Boolean(b) => OptionValue::Bool(*b),
            DeValue::Integer(i) => {
                let n = i64::from_str_radix(i.as_str(), i.radix()).map_err(|_| {
                    ConfigError::at(self.text, v.span().start, "integer does not fit in 64 bits")
                })?;
                OptionValue::Integer(n)
            }
            DeValue::Float(f) => {
                let n = f
                    .as_str()
                    .parse::<f64>()
                    .map_err(|_| ConfigError::at(self.text, v.span().start, "invalid float"))?;
                OptionValue::Float(n)
            }
            DeValue::Datetime(d) => OptionValue::String(d.to_string()),
            DeValue::Array(items) => OptionValue::Array(
                items
                    .iter()
                    .map(|item| self.option(item, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            DeValue::Table(t) => {
                let mut map = BTreeMap::new();
                for (k, item) in sorted(t) {
                    map.insert(k.get_ref().to_string(), self.option(item, depth + 1)?);
                }
                OptionValue::Table(map)
            }
        })
    }
}

fn label_types() -> String {
    LabelType::ALL
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
