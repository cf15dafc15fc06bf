//! `.hadolint.yaml` / `.hadolint.yml`, mapped onto [`Config`] with hadolint's
//! meaning.
//!
//! YAML is read with `saphyr-parser` (pure Rust, an event parser that reports
//! positions; about 80 KB of wasm, less than `yaml-rust2`). The events are
//! folded into a small tree without recursion; aliases are expanded under a
//! size budget so a "billion laughs" file is an error, not a hang.
//!
//! Keys (as hadolint reads them):
//! - `ignored: [code]` → `ignore`
//! - `override: {error|warning|info|style: [code]}` → `severity` (style → hint;
//!   a rule in several lists gets the most severe one, as in hadolint)
//! - `trustedRegistries: registry | [registry]` → `trusted-registries`
//! - `label-schema: {label: type}` → `label-schema`
//! - `strict-labels`, `no-fail`, `disable-ignore-pragma` (booleans)
//! - `failure-threshold: error|warning|info|style|ignore|none` → `fail-level`.
//!   Hadolint fails when a finding is at least as severe as the threshold, and
//!   ranks `ignore` (alias `none`) below `style`, so those two fail on any
//!   finding, like `style` (→ `hint`).
//! - `format`, `output-format`, `no-color`, `verbose`: accepted and ignored
//!   (output is chosen on the command line).

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

use super::{unknown_key_message, Config, ConfigError, LabelType};
use crate::diagnostic::Severity;

const KEYS: [&str; 13] = [
    "ignored",
    "override",
    "trustedRegistries",
    "label-schema",
    "strict-labels",
    "failure-threshold",
    "no-fail",
    "disable-ignore-pragma",
    "no-color",
    "format",
    "output-format",
    "verbose",
    // hadolint 1.x spelling, still seen in the wild.
    "trusted-registries",
];

const OVERRIDE_KEYS: [&str; 4] = ["error", "warning", "info", "style"];

/// Most nodes a document may expand to (aliases included).
const MAX_NODES: usize = 100_000;

/// Deepest nesting of lists and mappings (a hadolint config needs 3). The
/// tree is freed and cloned by recursive code, so depth must stay small.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Copy, Debug)]
struct Pos {
    line: usize,
    column: usize,
}

impl Pos {
    fn of(m: &Marker) -> Pos {
        Pos {
            line: m.line().max(1),
            column: m.col() + 1,
        }
    }
    fn error(self, message: impl Into<String>) -> ConfigError {
        ConfigError {
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }
}

#[derive(Clone, Debug)]
enum Node {
    Scalar { value: String, plain: bool, at: Pos },
    Seq { items: Vec<Node>, at: Pos },
    Map { entries: Vec<(Node, Node)>, at: Pos },
}

impl Node {
    fn at(&self) -> Pos {
        match self {
            Node::Scalar { at, .. } | Node::Seq { at, .. } | Node::Map { at, .. } => *at,
        }
    }
    fn is_null(&self) -> bool {
        matches!(self, Node::Scalar { value, plain: true, .. }
            if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }
    fn kind(&self) -> String {
        match self {
            Node::Scalar { .. } if self.is_null() => "null".to_string(),
            Node::Scalar { value, .. } => format!("\"{value}\""),
            Node::Seq { .. } => "a list".to_string(),
            Node::Map { .. } => "a mapping".to_string(),
        }
    }
    fn size(&self) -> usize {
        let mut n = 0;
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            n += 1;
            match node {
                Node::Scalar { .. } => {}
                Node::Seq { items, .. } => stack.extend(items),
                Node::Map { entries, .. } => {
                    for (k, v) in entries {
                        stack.push(k);
                        stack.push(v);
                    }
                }
            }
        }
        n
    }
}

enum Frame {
    Seq(Vec<Node>, Pos, usize),
    Map(Vec<Node>, Pos, usize),
}

/// Reads the single YAML document in `text` (`None`: empty).
fn read_document(text: &str) -> Result<Option<Node>, ConfigError> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Node, usize)> = HashMap::new();
    let mut documents = 0usize;
    let mut root: Option<Node> = None;
    let mut budget = MAX_NODES;

    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            // An error at the end of the text may be reported on the line
            // after the last one; point at the last line instead.
            let mut at = Pos::of(e.marker());
            let lines = text.split('\n').count();
            if at.line > lines {
                at.line = lines;
                at.column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            }
            at.error(format!("invalid YAML: {}", e.info()))
        })?;
        let at = Pos::of(&span.start);
        let done = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(at.error(
                        "expected a single YAML document; remove the second `---` section",
                    ));
                }
                None
            }
            Event::Scalar(value, style, anchor, _) => Some((
                Node::Scalar {
                    value: value.into_owned(),
                    plain: style == ScalarStyle::Plain,
                    at,
                },
                anchor,
            )),
            Event::Alias(id) => {
                let (node, size) = anchors
                    .get(&id)
                    .ok_or_else(|| at.error("alias refers to an unknown anchor"))?;
                budget = budget
                    .checked_sub(*size)
                    .ok_or_else(|| at.error("document expands to too many nodes"))?;
                Some((node.clone(), 0))
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if stack.len() >= MAX_DEPTH => {
                return Err(at.error(format!(
                    "lists and mappings are nested more than {MAX_DEPTH} deep"
                )));
            }
            Event::SequenceStart(anchor, _) => {
                stack.push(Frame::Seq(Vec::new(), at, anchor));
                None
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Frame::Map(Vec::new(), at, anchor));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(items, at, anchor)) => Some((Node::Seq { items, at }, anchor)),
                Some(Frame::Map(flat, at, anchor)) => {
                    let mut entries = Vec::with_capacity(flat.len() / 2);
                    let mut it = flat.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        entries.push((k, v));
                    }
                    Some((Node::Map { entries, at }, anchor))
                }
                None => None,
            },
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => None,
        };
        let Some((node, anchor)) = done else { continue };
        budget = budget
            .checked_sub(1)
            .ok_or_else(|| at.error("document expands to too many nodes"))?;
        if anchor > 0 {
            let size = node.size();
            anchors.insert(anchor, (node.clone(), size));
        }
        match stack.last_mut() {
            Some(Frame::Seq(items, ..)) | Some(Frame::Map(items, ..)) => items.push(node),
            None => root = Some(node),
        }
    }
    Ok(root.filter(|n| !n.is_null()))
}

/// Parses the text of a `.hadolint.yaml` / `.hadolint.yml` file.
pub fn parse_hadolint_yaml(text: &str) -> Result<Config, ConfigError> {
    let mut cfg = Config::default();
    let Some(root) = read_document(text)? else {
        return Ok(cfg);
    };
    if !matches!(root, Node::Map { .. }) {
        return Err(root.at().error(format!(
            "a hadolint configuration must be a mapping of keys such as `ignored:`, found {}",
            root.kind()
        )));
    }
    let top = mapping("the configuration", &root)?;
    let mut overrides: [Vec<String>; 4] = Default::default();
    for (key, value) in top {
        if value.is_null() {
            continue;
        }
        match key {
            "ignored" => cfg.ignore = strings(key, value)?,
            "override" => {
                for (level, rules) in mapping(key, value)? {
                    let i = OVERRIDE_KEYS
                        .iter()
                        .position(|k| *k == level)
                        .ok_or_else(|| unknown(level, "under `override`", &OVERRIDE_KEYS, value))?;
                    if !rules.is_null() {
                        if let Some(list) = overrides.get_mut(i) {
                            *list = strings(&format!("override.{level}"), rules)?;
                        }
                    }
                }
            }
            "trustedRegistries" | "trusted-registries" => {
                cfg.trusted_registries = match value {
                    Node::Scalar { value: s, .. } => vec![s.clone()],
                    _ => strings(key, value)?,
                }
            }
            "label-schema" => {
                for (label, ty) in mapping(key, value)? {
                    let path = format!("label-schema.{label}");
                    let name = scalar(&path, ty)?;
                    let parsed = LabelType::parse(name).ok_or_else(|| {
                        ty.at().error(format!(
                            "`{path}`: unknown label type \"{name}\"; expected one of {}",
                            LabelType::ALL.map(|t| format!("\"{t}\"")).join(", ")
                        ))
                    })?;
                    cfg.label_schema.push((label.to_string(), parsed));
                }
            }
            "strict-labels" => cfg.strict_labels = boolean(key, value)?,
            "no-fail" => cfg.no_fail = boolean(key, value)?,
            "disable-ignore-pragma" => cfg.disable_ignore_pragmas = boolean(key, value)?,
            "no-color" | "verbose" => {
                boolean(key, value)?;
            }
            "format" | "output-format" => {
                scalar(key, value)?;
            }
            "failure-threshold" => {
                let s = scalar(key, value)?;
                cfg.fail_level = Some(match s.to_ascii_lowercase().as_str() {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    "info" => Severity::Info,
                    "style" | "ignore" | "none" => Severity::Hint,
                    _ => {
                        return Err(value.at().error(format!(
                            "`failure-threshold`: unknown level \"{s}\"; expected one of \
                             \"error\", \"warning\", \"info\", \"style\", \"ignore\", \"none\""
                        )))
                    }
                });
            }
            _ => return Err(unknown(key, "in .hadolint.yaml", &KEYS, &root)),
        }
    }
    // Hadolint applies style, then info, warning, error: the most severe list wins.
    // `severity` is "last entry wins", so push in that order.
    let [error, warning, info, style] = overrides;
    for (rules, sev) in [
        (style, Severity::Hint),
        (info, Severity::Info),
        (warning, Severity::Warning),
        (error, Severity::Error),
    ] {
        cfg.severity.extend(rules.into_iter().map(|r| (r, sev)));
    }
    Ok(cfg)
}

/// Positions of unknown keys are looked up again, since `mapping` drops key nodes.
fn unknown(key: &str, context: &str, allowed: &[&'static str], parent: &Node) -> ConfigError {
    let at = match parent {
        Node::Map { entries, .. } => entries
            .iter()
            .find(|(k, _)| matches!(k, Node::Scalar { value, .. } if value == key))
            .map_or(parent.at(), |(k, _)| k.at()),
        _ => parent.at(),
    };
    at.error(unknown_key_message(key, context, allowed))
}

/// A mapping's entries; keys must be distinct scalars.
fn mapping<'n>(what: &str, node: &'n Node) -> Result<Vec<(&'n str, &'n Node)>, ConfigError> {
    let Node::Map { entries, .. } = node else {
        return Err(node
            .at()
            .error(format!("`{what}` must be a mapping, found {}", node.kind())));
    };
    let mut out: Vec<(&str, &Node)> = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let Node::Scalar { value: key, .. } = k else {
            return Err(k.at().error(format!(
                "keys in `{what}` must be plain names, found {}",
                k.kind()
            )));
        };
        if out.iter().any(|(seen, _)| *seen == key) {
            return Err(k.at().error(format!("duplicate key `{key}` in `{what}`")));
        }
        out.push((key, v));
    }
    Ok(out)
}

fn scalar<'n>(key: &str, node: &'n Node) -> Result<&'n str, ConfigError> {
    match node {
        Node::Scalar { value, .. } if !node.is_null() => Ok(value),
        _ => Err(node
            .at()
            .error(format!("`{key}` must be a string, found {}", node.kind()))),
    }
}

fn boolean(key: &str, node: &Node) -> Result<bool, ConfigError> {
    if let Node::Scalar {
        value, plain: true, ..
    } = node
    {
        match value.as_str() {
            "true" | "True" | "TRUE" => return Ok(true),
            "false" | "False" | "FALSE" => return Ok(false),
            _ => {}
        }
    }
    Err(node.at().error(format!(
        "`{key}` must be a boolean (true or false), found {}",
        node.kind()
    )))
}

fn strings(key: &str, node: &Node) -> Result<Vec<String>, ConfigError> {
    let Node::Seq { items, .. } = node else {
        return Err(node.at().error(format!(
            "`{key}` must be a list of strings, found {}",
            node.kind()
        )));
    };
    items
        .iter()
        .map(|item| scalar(&format!("{key}[…]"), item).map(str::to_string))
        .collect()
}
