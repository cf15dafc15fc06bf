//! The rule engine: which rules run with which severity, the read-only view
//! rules check, and the sink that stamps each finding with its rule.

use crate::config::{Config, OptionValue};
use crate::context::{BuildContext, Date};
use crate::diagnostic::{sort_diagnostics, Diagnostic, Fix, Related, Severity};
use crate::image::Image;
use crate::model::Model;
use crate::rule::RuleMeta;
use crate::rules::support::{self, Run};
use crate::rules::{self, RULES};
use crate::suppress;
use crate::syntax::{self, Dockerfile, Span};

/// Which rules run, and at which severity, with the configuration they read
/// their options from: the resolved form of a [`Config`] (one entry per rule
/// in [`RULES`] order).
#[derive(Clone, Debug)]
pub struct Settings {
    enabled: Vec<bool>,
    severity: Vec<Severity>,
    /// The configuration these settings were resolved from (rule options,
    /// trusted registries, label schema…).
    pub config: Config,
    /// Honour suppression comments (`# shipshape ignore=…` and the peers').
    pub honour_suppressions: bool,
    /// Today's date, for the rules that compare dates (end-of-life base
    /// images). `None`: those rules say nothing. Core has no clock; the
    /// caller supplies it.
    pub today: Option<Date>,
    /// The build context, for the rules that read it (`.dockerignore`).
    /// `None`: the context is unknown and those rules say nothing.
    pub build_context: Option<BuildContext>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_config(Config::default()).0
    }
}

/// A selector that names no rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSelector(pub String);

impl Settings {
    /// Resolves a configuration. Selectors are codes, names, peer ids, code
    /// prefixes (`SS1`) or `ALL`: default rules, then `select` (replaces the
    /// default set when given), `extend-select` and `[rules.X]` tables (add),
    /// `ignore` (removes), then severity overrides in order.
    pub fn from_config(config: Config) -> (Settings, Vec<UnknownSelector>) {
        let mut enabled: Vec<bool> = RULES.iter().map(|r| r.meta.default_enabled).collect();
        let mut severity: Vec<Severity> = RULES.iter().map(|r| r.meta.severity).collect();
        let mut unknown = Vec::new();
        let mut each = |key: &str, f: &mut dyn FnMut(usize)| {
            let hits = rules::select(key);
            if hits.is_empty() {
                unknown.push(UnknownSelector(key.to_string()));
            }
            for meta in hits {
                if let Some(i) = index_of(meta) {
                    f(i);
                }
            }
        };
        if let Some(select) = &config.select {
            enabled = vec![false; RULES.len()];
            for key in select {
                each(key, &mut |i| enabled[i] = true);
            }
        }
        for key in config
            .extend_select
            .iter()
            .chain(config.rule_options.keys())
        {
            each(key, &mut |i| enabled[i] = true);
        }
        if config.report_unused_ignores {
            each("unused-suppression", &mut |i| enabled[i] = true);
        }
        for key in &config.ignore {
            each(key, &mut |i| enabled[i] = false);
        }
        for (key, sev) in &config.severity {
            each(key, &mut |i| severity[i] = *sev);
        }
        let honour_suppressions = !config.disable_ignore_pragmas;
        let settings = Settings {
            enabled,
            severity,
            config,
            honour_suppressions,
            today: None,
            build_context: None,
        };
        (settings, unknown)
    }

    /// Settings from command-line style selections alone.
    pub fn resolve<S: AsRef<str>>(
        select: Option<&[S]>,
        extend_select: &[S],
        ignore: &[S],
        severity: &[(S, Severity)],
    ) -> (Settings, Vec<UnknownSelector>) {
        let strings = |v: &[S]| v.iter().map(|s| s.as_ref().to_string()).collect::<Vec<_>>();
        let config = Config {
            select: select.map(strings),
            extend_select: strings(extend_select),
            ignore: strings(ignore),
            severity: severity
                .iter()
                .map(|(k, s)| (k.as_ref().to_string(), *s))
                .collect(),
            ..Config::default()
        };
        Settings::from_config(config)
    }

    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        index_of(meta).is_some_and(|i| self.enabled[i])
    }

    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        index_of(meta).map_or(meta.severity, |i| self.severity[i])
    }

    /// A rule option from the configuration's `[rules.X]` tables.
    pub fn option(&self, meta: &RuleMeta, key: &str) -> Option<&OptionValue> {
        self.config.rule_option(meta, key)
    }
}

fn index_of(meta: &RuleMeta) -> Option<usize> {
    RULES.iter().position(|r| r.meta.code == meta.code)
}

/// What a rule sees: the source, its syntax tree, the semantic model, the
/// RUN scripts (split once for all rules) and the settings.
pub struct Context<'a> {
    pub src: &'a str,
    pub file: &'a Dockerfile,
    pub model: Model<'a>,
    pub runs: Vec<Run<'a>>,
    pub settings: &'a Settings,
}

impl<'a> Context<'a> {
    pub fn new(src: &'a str, file: &'a Dockerfile, settings: &'a Settings) -> Context<'a> {
        let model = Model::new(src, file);
        let runs = support::runs(src, &model);
        Context {
            src,
            file,
            model,
            runs,
            settings,
        }
    }

    /// Whether instruction `index` (into `model.instructions()`) belongs to the final stage.
    pub fn in_final_stage(&self, index: usize) -> bool {
        self.model
            .stage_of(index)
            .is_some_and(|s| self.model.is_final(s))
    }
}

/// Collects a rule's findings, stamped with its code, name and severity.
pub struct Sink<'a> {
    meta: &'static RuleMeta,
    severity: Severity,
    out: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    /// Reports a finding; the returned diagnostic can take a fix or notes.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> Reported<'_> {
        self.out.push(Diagnostic {
            code: self.meta.code,
            name: self.meta.name,
            severity: self.severity,
            span,
            message: message.into(),
            fix: None,
            related: Vec::new(),
            location: None,
        });
        Reported(self.out.last_mut())
    }

    pub fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    /// Reports a finding in an image: it has no span, `location` says where
    /// it is (`config.User`, `layer 3 (sha256:ab12…): /root/.ssh/id_rsa`).
    pub fn report_at(
        &mut self,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Reported<'_> {
        self.out.push(Diagnostic {
            code: self.meta.code,
            name: self.meta.name,
            severity: self.severity,
            span: Span::empty(0),
            message: message.into(),
            fix: None,
            related: Vec::new(),
            location: Some(location.into()),
        });
        Reported(self.out.last_mut())
    }

    /// The severity findings are reported with (the configured one).
    pub fn severity(&self) -> Severity {
        self.severity
    }
}

/// A just-reported diagnostic, to attach a fix or related locations.
pub struct Reported<'a>(Option<&'a mut Diagnostic>);

impl Reported<'_> {
    pub fn fix(self, fix: Option<Fix>) -> Self {
        if let Some(d) = self.0 {
            d.fix = fix;
            return Reported(Some(d));
        }
        self
    }
    /// Reports this finding at another severity than the rule's (a rule
    /// with graded findings, such as "soon" before "now").
    pub fn severity(self, severity: Severity) -> Self {
        if let Some(d) = self.0 {
            d.severity = severity;
            return Reported(Some(d));
        }
        self
    }
    pub fn related(self, span: Span, message: impl Into<String>) -> Self {
        if let Some(d) = self.0 {
            d.related.push(Related {
                span,
                message: message.into(),
            });
            return Reported(Some(d));
        }
        self
    }
}

/// Parses and checks a Dockerfile.
pub fn check(src: &str, settings: &Settings) -> Vec<Diagnostic> {
    let file = syntax::parse(src);
    check_parsed(src, &file, settings)
}

/// Checks an already parsed Dockerfile. The result is sorted by position.
pub fn check_parsed(src: &str, file: &Dockerfile, settings: &Settings) -> Vec<Diagnostic> {
    let cx = Context::new(src, file, settings);
    let mut out = Vec::new();
    for (i, rule) in RULES.iter().enumerate() {
        if !settings.enabled[i] {
            continue;
        }
        let mut sink = Sink {
            meta: &rule.meta,
            severity: settings.severity[i],
            out: &mut out,
        };
        (rule.check)(&cx, &mut sink);
    }
    if settings.honour_suppressions {
        let mut sups = suppress::collect(src, file);
        out = suppress::apply(out, &mut sups);
        report_unused(&sups, settings, &mut out);
    }
    sort_diagnostics(&mut out);
    out
}

/// SS002 unused-suppression: a suppression that hid nothing (only judged
/// for rules that ran; a key naming no rule is always reported).
fn report_unused(sups: &[suppress::Suppression], settings: &Settings, out: &mut Vec<Diagnostic>) {
    let meta = &rules::unused_suppression::RULE.meta;
    let Some(i) = index_of(meta) else { return };
    if !settings.enabled[i] {
        return;
    }
    for s in sups.iter().filter(|s| !s.used && !s.all) {
        let unknown = s.rules.is_empty();
        if !unknown && !s.rules.iter().any(|m| settings.is_enabled(m)) {
            continue;
        }
        // Peer comments may list the peer's other checks (ShellCheck codes,
        // rules we do not mirror): only our own comments' unknown keys count.
        if unknown && s.flavor != suppress::Flavor::Shipshape {
            continue;
        }
        let message = if unknown {
            format!("`{}` names no rule", s.key)
        } else {
            format!("Suppression of `{}` hides no finding", s.key)
        };
        out.push(Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: settings.severity[i],
            span: s.key_span,
            message,
            fix: None,
            related: Vec::new(),
            location: None,
        });
    }
}

/// What an image rule sees: the image read by [`crate::image::read_image`]
/// and the settings.
pub struct ImageContext<'a> {
    pub image: &'a Image,
    pub settings: &'a Settings,
}

/// How to check an image, beyond the rule settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImageOptions {
    /// Also run the history checks on the entries of the base image
    /// (reported at hint severity, "in the base image"). Off by default:
    /// the base image's build is not the user's to change.
    pub base_image_history: bool,
}

/// Checks an image with the image rules ([`rules::IMAGE_CHECKS`]) and runs the
/// Dockerfile rules that make sense on history lines over its history (see
/// [`rules::image_history_support`]). Sorted by code, then in each rule's
/// own order (config, history order, file path order); deterministic.
pub fn check_image(image: &Image, settings: &Settings) -> Vec<Diagnostic> {
    check_image_with(image, settings, ImageOptions::default())
}

/// [`check_image`] with options.
pub fn check_image_with(image: &Image, settings: &Settings, opts: ImageOptions) -> Vec<Diagnostic> {
    let cx = ImageContext { image, settings };
    let mut out = Vec::new();
    for (code, check) in rules::IMAGE_CHECKS {
        let Some(i) = RULES.iter().position(|r| r.meta.code == *code) else {
            continue;
        };
        let (Some(rule), Some(true)) = (RULES.get(i), settings.enabled.get(i)) else {
            continue;
        };
        let mut sink = Sink {
            meta: &rule.meta,
            severity: settings
                .severity
                .get(i)
                .copied()
                .unwrap_or(rule.meta.severity),
            out: &mut out,
        };
        check(&cx, &mut sink);
    }
    out.extend(rules::image_history_support::history_diagnostics(
        &cx,
        rules::image_history_support::HISTORY_RULES,
        opts.base_image_history,
    ));
    sort_image_diagnostics(&mut out);
    out
}

/// Sorts image diagnostics by code (stable: each rule's order is kept) and
/// removes exact duplicates.
pub fn sort_image_diagnostics(diags: &mut Vec<Diagnostic>) {
    crate::sort::sort_by(diags, |a, b| a.code.cmp(b.code));
    let mut seen = std::collections::HashSet::new();
    diags.retain(|d| seen.insert(d.clone()));
}

impl Settings {
    /// These settings with only the rules at `indices` (into [`RULES`])
    /// enabled, keeping severities, options and the configuration.
    pub(crate) fn only_rules(&self, indices: &[usize]) -> Settings {
        let mut s = self.clone();
        s.enabled = vec![false; RULES.len()];
        for &i in indices {
            if let Some(e) = s.enabled.get_mut(i) {
                *e = true;
            }
        }
        s.honour_suppressions = false;
        s
    }
}
