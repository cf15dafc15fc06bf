//! The container security checklist report: every item of the seed checklist
//! ([`Checklist`]) and of the OWASP Docker Top 10 ([`Owasp`]) with a verdict
//! for one checked input (a Dockerfile or an image).
//!
//! Verdicts come from rule metadata alone ([`RuleMeta::checklist`],
//! [`RuleMeta::owasp`], [`RuleMeta::target`], [`rules::IMAGE_CHECKS`]), so a
//! new rule that lists an item counts for it without any change here:
//! - **failed**: a rule serving the item reported a finding;
//! - **passed**: at least one enabled rule serving the item ran on this kind
//!   of input and reported nothing;
//! - **not checkable**: no enabled rule serving the item runs on this kind of
//!   input; `reason` says why.
//!
//! Items that a Dockerfile or an image config can settle only in part (or not
//! at all: signatures live in the registry, resource limits in the runtime)
//! carry a `manual` sentence saying how to check the rest by hand; it is
//! reported with every verdict.
//!
//! The JSON shape of [`ChecklistReport`] is a public interface (`--checklist
//! --format json`, the wasm API, the language server's `shipshape.checklist`).

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Settings;
use crate::rule::{Checklist, Owasp, RuleMeta, Target};
use crate::rules::{self, image_history_support::HISTORY_RULES, IMAGE_CHECKS, RULES};
use crate::syntax::{Encoding, LineIndex};

/// The kind of input a report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    Dockerfile,
    Image,
}

impl InputKind {
    pub const ALL: [InputKind; 2] = [InputKind::Dockerfile, InputKind::Image];

    pub const fn as_str(self) -> &'static str {
        match self {
            InputKind::Dockerfile => "dockerfile",
            InputKind::Image => "image",
        }
    }

    /// "a Dockerfile", "an image".
    pub const fn noun(self) -> &'static str {
        match self {
            InputKind::Dockerfile => "a Dockerfile",
            InputKind::Image => "an image",
        }
    }

    const fn other(self) -> InputKind {
        match self {
            InputKind::Dockerfile => InputKind::Image,
            InputKind::Image => InputKind::Dockerfile,
        }
    }
}

/// What was checked. A Dockerfile's text gives its findings lines and columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input<'a> {
    /// The Dockerfile text the diagnostics' spans point into.
    Dockerfile(&'a str),
    Image,
}

impl Input<'_> {
    pub const fn kind(self) -> InputKind {
        match self {
            Input::Dockerfile(_) => InputKind::Dockerfile,
            Input::Image => InputKind::Image,
        }
    }
}

/// Which list an item belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The seed checklist (`shared/seed/containers-security.md`).
    Checklist,
    /// The OWASP Docker Top 10.
    Owasp,
}

/// One item of either list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    Checklist(Checklist),
    Owasp(Owasp),
}

/// The sentence shown when an item needs the registry, the runtime or another
/// tool. Items fully settled by their rules have none.
const fn manual_of(item: Item) -> Option<&'static str> {
    use Checklist as C;
    Some(match item {
        Item::Checklist(c) => match c {
            C::NoRoot => "manual: check that the runtime does not override the user (docker run --user 0, Kubernetes runAsUser: 0).",
            C::TrustedBase => "manual: confirm the base image comes from a publisher you trust (official or verified images, your own registry) and is as small as it can be (distroless, slim).",
            C::SignedImages => "manual: needs the registry: sign images when you push them and verify the signatures with cosign or notation (cosign verify IMAGE), ideally enforced by an admission policy.",
            C::UpdatedBase => "manual: rebuild on a fresh base image regularly (docker build --pull) and compare its age with the newest tag in the registry.",
            C::ClosedPorts => "manual: needs the runtime: list the ports the container publishes (docker port, Kubernetes Service) and close the ones nothing uses.",
            C::NoHardcodedCredentials => "manual: run a secret scanner (gitleaks, trufflehog) over the build context and its git history too.",
            C::NoSecretsInEnv => "manual: needs the runtime: check the environment given at run time (docker run -e, Kubernetes env) and pass secrets as mounted files instead.",
            C::NoLatestTag | C::NoCurlBash | C::NoSystemUpgrade | C::CopyNotAdd => return None,
            C::ScanRegularly => "manual: run a vulnerability scanner (Trivy, Grype, Docker Scout) on the image in CI and on a schedule.",
            C::SecureDependencies => "manual: run static analysis and a dependency (SCA) scanner over the application code.",
            C::ManageLayers => "manual: review what each layer adds (shipshape image --layers, dive) and keep build tools in an earlier stage.",
            C::LeastPrivilege => "manual: needs the runtime: drop capabilities (--cap-drop ALL), set no-new-privileges, and never run with --privileged.",
        },
        Item::Owasp(o) => match o {
            Owasp::D01 => "manual: needs the host: enable user namespace remapping (dockerd --userns-remap) or rootless mode.",
            Owasp::D02 => "manual: package CVEs need a vulnerability scanner (Trivy, Grype); patch the host, the container engine and the orchestrator too.",
            Owasp::D03 => "manual: needs the runtime: check which networks the container joins and what may reach it (docker network inspect, Kubernetes NetworkPolicy, host firewall).",
            Owasp::D04 => "manual: needs the host: audit the daemon and host against the CIS Docker Benchmark (docker-bench-security) and keep default seccomp/AppArmor profiles on.",
            Owasp::D05 => "manual: needs the runtime: keep containers of different trust levels (production and test, front end and database) on separate hosts or clusters.",
            Owasp::D06 => "manual: needs the runtime: check how secrets reach the running container (Docker or Kubernetes secrets, build secrets with --mount=type=secret), never in the image or its environment.",
            Owasp::D07 => "manual: needs the runtime: set memory, CPU and process limits (docker run --memory --cpus --pids-limit, Kubernetes resources.limits).",
            Owasp::D08 => "manual: needs the registry: verify signatures and provenance (cosign verify, notation verify) and deploy by digest.",
            Owasp::D09 => "manual: needs the runtime: run with a read-only root file system (docker run --read-only, readOnlyRootFilesystem) and replace containers instead of patching them.",
            Owasp::D10 => "manual: needs the runtime: send container and daemon logs to a central store (a logging driver, auditd rules for the Docker daemon).",
        },
    })
}

impl Item {
    /// Every item: the seed checklist in its order, then D01–D10.
    pub const ALL: [Item; 25] = [
        Item::Checklist(Checklist::NoRoot),
        Item::Checklist(Checklist::TrustedBase),
        Item::Checklist(Checklist::SignedImages),
        Item::Checklist(Checklist::UpdatedBase),
        Item::Checklist(Checklist::ClosedPorts),
        Item::Checklist(Checklist::NoHardcodedCredentials),
        Item::Checklist(Checklist::NoSecretsInEnv),
        Item::Checklist(Checklist::NoLatestTag),
        Item::Checklist(Checklist::NoCurlBash),
        Item::Checklist(Checklist::NoSystemUpgrade),
        Item::Checklist(Checklist::CopyNotAdd),
        Item::Checklist(Checklist::ScanRegularly),
        Item::Checklist(Checklist::SecureDependencies),
        Item::Checklist(Checklist::ManageLayers),
        Item::Checklist(Checklist::LeastPrivilege),
        Item::Owasp(Owasp::D01),
        Item::Owasp(Owasp::D02),
        Item::Owasp(Owasp::D03),
        Item::Owasp(Owasp::D04),
        Item::Owasp(Owasp::D05),
        Item::Owasp(Owasp::D06),
        Item::Owasp(Owasp::D07),
        Item::Owasp(Owasp::D08),
        Item::Owasp(Owasp::D09),
        Item::Owasp(Owasp::D10),
    ];

    pub const fn source(self) -> Source {
        match self {
            Item::Checklist(_) => Source::Checklist,
            Item::Owasp(_) => Source::Owasp,
        }
    }

    /// `no-root`, `D01`…
    pub const fn id(self) -> &'static str {
        match self {
            Item::Checklist(c) => c.id(),
            Item::Owasp(o) => o.id(),
        }
    }

    pub const fn title(self) -> &'static str {
        match self {
            Item::Checklist(c) => c.title(),
            Item::Owasp(o) => o.title(),
        }
    }

    /// One sentence: what the item asks for.
    pub const fn description(self) -> &'static str {
        use Checklist as C;
        match self {
            Item::Checklist(c) => match c {
                C::NoRoot => "The container runs as an unprivileged user and the build does not rely on sudo or doas.",
                C::TrustedBase => "Base images come from trusted publishers, are pinned, and carry no more than needed.",
                C::SignedImages => "Images are signed, and signatures are verified before they run.",
                C::UpdatedBase => "Base images and the build environment are kept current.",
                C::ClosedPorts => "Only the ports the service needs are exposed; no remote shells or databases by accident.",
                C::NoHardcodedCredentials => "No passwords, keys or tokens are written into the Dockerfile or the image's files.",
                C::NoSecretsInEnv => "Secrets are not passed in ENV or ARG, where the image config and history keep them.",
                C::NoLatestTag => "Base images name a fixed tag or digest, not `latest` or nothing.",
                C::NoCurlBash => "Downloaded scripts are not piped straight into a shell.",
                C::NoSystemUpgrade => "The build installs pinned packages instead of upgrading the whole system.",
                C::CopyNotAdd => "COPY is used for local files; remote sources are fetched securely and verified.",
                C::ScanRegularly => "Images and running containers are scanned for vulnerabilities regularly.",
                C::SecureDependencies => "Downloaded code and packages are pinned, verified and scanned.",
                C::ManageLayers => "Every layer between the base image and the code is intended: no caches, leftovers or deleted secrets.",
                C::LeastPrivilege => "Users, files and mounts get only the permissions they need.",
            },
            Item::Owasp(o) => match o {
                Owasp::D01 => "Processes in the container do not run as root, and container root is not host root.",
                Owasp::D02 => "Base images, packages, engine and host receive security updates on a plan.",
                Owasp::D03 => "Containers only reach, and are reachable from, what they need.",
                Owasp::D04 => "Images and hosts start from secure defaults: no setuid leftovers, world-writable paths or sensitive mounts.",
                Owasp::D05 => "Containers of different security levels are kept apart.",
                Owasp::D06 => "Secrets never end up in images, their history or their environment.",
                Owasp::D07 => "Containers have resource limits so one cannot starve the others.",
                Owasp::D08 => "Images come from known sources, are pinned, and their integrity is verified.",
                Owasp::D09 => "Containers are replaced, not changed in place; builds are reproducible.",
                Owasp::D10 => "Container, engine and orchestrator activity is logged centrally.",
            },
        }
    }

    /// How to check what rules cannot (see the module docs); `None` when the
    /// item's rules settle it.
    pub const fn manual(self) -> Option<&'static str> {
        manual_of(self)
    }

    /// Whether a rule's metadata lists this item.
    pub fn served_by(self, meta: &RuleMeta) -> bool {
        match self {
            Item::Checklist(c) => meta.checklist.contains(&c),
            Item::Owasp(o) => meta.owasp.contains(&o),
        }
    }

    /// The item with this id (`no-root`, `D07`; case-insensitive).
    pub fn find(id: &str) -> Option<Item> {
        Item::ALL
            .into_iter()
            .find(|i| i.id().eq_ignore_ascii_case(id.trim()))
    }
}

/// Whether a rule runs when `kind` is checked: Dockerfile checks run every
/// rule not aimed at images only; image checks run the rules with an image
/// check and the Dockerfile rules replayed over the image history.
pub fn runs_on(meta: &RuleMeta, kind: InputKind) -> bool {
    match kind {
        InputKind::Dockerfile => meta.target != Target::Image,
        InputKind::Image => {
            IMAGE_CHECKS.iter().any(|(code, _)| *code == meta.code)
                || (meta.target != Target::Image && HISTORY_RULES.contains(&meta.name))
        }
    }
}

/// An item's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Passed,
    Failed,
    NotCheckable,
}

impl Verdict {
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::Failed => "failed",
            Verdict::NotCheckable => "not-checkable",
        }
    }
}

/// A finding that fails an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemFinding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// 1-based (Dockerfile findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based, in Unicode characters (Dockerfile findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// Where in the image (image findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

impl ItemFinding {
    /// `3:1`, the image location, or nothing.
    pub fn place(&self) -> Option<String> {
        match (self.line, self.column, &self.location) {
            (Some(l), Some(c), _) => Some(format!("{l}:{c}")),
            (Some(l), None, _) => Some(l.to_string()),
            (None, _, Some(loc)) => Some(loc.clone()),
            _ => None,
        }
    }
}

/// One item's line in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemReport {
    pub source: Source,
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub verdict: Verdict,
    /// Codes of the enabled rules that checked this item on this input
    /// (sorted).
    pub rules: Vec<&'static str>,
    /// The findings that fail the item (empty unless failed).
    pub findings: Vec<ItemFinding>,
    /// Why the item could not be checked (not checkable only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// How to check by hand what the rules cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manual: Option<&'static str>,
}

/// How many items got each verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub not_checkable: usize,
}

/// The whole report: every item of [`Item::ALL`], in that order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChecklistReport {
    pub input: InputKind,
    pub items: Vec<ItemReport>,
    pub summary: Summary,
}

impl ChecklistReport {
    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&ItemReport> {
        self.items.iter().find(|i| i.id.eq_ignore_ascii_case(id))
    }
}

fn meta_of(code: &str) -> Option<&'static RuleMeta> {
    RULES.iter().map(|r| &r.meta).find(|m| m.code == code)
}

fn code_list(metas: &[&RuleMeta]) -> String {
    metas
        .iter()
        .map(|m| format!("{} ({})", m.code, m.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why an item is not checkable from `kind` with these settings.
fn reason(item: Item, kind: InputKind, settings: &Settings) -> String {
    let serving = |k: InputKind| -> Vec<&'static RuleMeta> {
        rules::all()
            .filter(|m| item.served_by(m) && runs_on(m, k))
            .collect()
    };
    let here = serving(kind);
    if !here.is_empty() {
        let (one, verb) = if here.len() == 1 {
            ("it is", "checks")
        } else {
            ("they are", "check")
        };
        return format!(
            "no enabled rule checks this from {}: {} {verb} it, but {one} not enabled",
            kind.noun(),
            code_list(&here)
        );
    }
    let other = kind.other();
    let elsewhere = serving(other);
    if !elsewhere.is_empty() {
        let enabled = elsewhere.iter().any(|m| settings.is_enabled(m));
        return format!(
            "no rule checks this from {}; the {} checks cover it{}",
            kind.noun(),
            match other {
                InputKind::Image => "image",
                InputKind::Dockerfile => "Dockerfile",
            },
            if enabled { "" } else { " (once enabled)" }
        );
    }
    if item.manual().is_some() {
        "no rule can check this from a Dockerfile or an image".to_string()
    } else {
        format!("no rule checks this from {}", kind.noun())
    }
}

/// The report for one checked input: `diagnostics` are what the check of
/// `input` with `settings` returned ([`crate::check`] for a Dockerfile,
/// [`crate::engine::check_image`] for an image).
pub fn report(
    input: Input<'_>,
    settings: &Settings,
    diagnostics: &[Diagnostic],
) -> ChecklistReport {
    let kind = input.kind();
    let index = match input {
        Input::Dockerfile(src) => Some(LineIndex::new(src)),
        Input::Image => None,
    };
    let finding = |d: &Diagnostic| {
        let (line, column) = match (&index, d.location.is_none()) {
            (Some(ix), true) => {
                let p = ix.position(d.span.start, Encoding::Chars);
                (Some(p.line as usize + 1), Some(p.character as usize + 1))
            }
            _ => (None, None),
        };
        ItemFinding {
            code: d.code,
            name: d.name,
            severity: d.severity,
            message: d.message.clone(),
            line,
            column,
            location: d.location.clone(),
        }
    };
    let ran: Vec<&'static RuleMeta> = rules::all()
        .filter(|m| settings.is_enabled(m) && runs_on(m, kind))
        .collect();
    let mut summary = Summary::default();
    let items = Item::ALL
        .into_iter()
        .map(|item| {
            let findings: Vec<ItemFinding> = diagnostics
                .iter()
                .filter(|d| meta_of(d.code).is_some_and(|m| item.served_by(m)))
                .map(&finding)
                .collect();
            let mut codes: Vec<&'static str> = ran
                .iter()
                .filter(|m| item.served_by(m))
                .map(|m| m.code)
                .chain(findings.iter().map(|f| f.code))
                .collect();
            codes.sort_unstable();
            codes.dedup();
            let verdict = if !findings.is_empty() {
                summary.failed += 1;
                Verdict::Failed
            } else if !codes.is_empty() {
                summary.passed += 1;
                Verdict::Passed
            } else {
                summary.not_checkable += 1;
                Verdict::NotCheckable
            };
            ItemReport {
                source: item.source(),
                id: item.id(),
                title: item.title(),
                description: item.description(),
                verdict,
                rules: codes,
                findings,
                reason: (verdict == Verdict::NotCheckable).then(|| reason(item, kind, settings)),
                manual: item.manual(),
            }
        })
        .collect();
    ChecklistReport {
        input: kind,
        items,
        summary,
    }
}

/// Checks a Dockerfile and reports its checklist.
pub fn check_dockerfile(src: &str, settings: &Settings) -> ChecklistReport {
    let diagnostics = crate::engine::check(src, settings);
    report(Input::Dockerfile(src), settings, &diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::sketch;

    fn settings() -> Settings {
        Settings::default()
    }

    #[test]
    fn items_cover_both_lists_once() {
        for c in Checklist::ALL {
            assert_eq!(
                Item::ALL
                    .iter()
                    .filter(|i| **i == Item::Checklist(c))
                    .count(),
                1,
                "{c:?}"
            );
        }
        for o in Owasp::ALL {
            assert_eq!(
                Item::ALL.iter().filter(|i| **i == Item::Owasp(o)).count(),
                1,
                "{o:?}"
            );
        }
        assert_eq!(Item::ALL.len(), Checklist::ALL.len() + Owasp::ALL.len());
        assert_eq!(Item::find("d07"), Some(Item::Owasp(Owasp::D07)));
        assert_eq!(
            Item::find("no-root"),
            Some(Item::Checklist(Checklist::NoRoot))
        );
        assert_eq!(Item::find("nope"), None);
    }

    /// Every item maps to rules for each input kind, or to an explicit
    /// verdict: the other input's rules, or how to check it by hand.
    #[test]
    fn every_item_has_rules_or_manual_guidance_for_each_input() {
        let (none, _) = Settings::resolve(Some(&["SS001"]), &[], &[], &[]);
        for kind in InputKind::ALL {
            for item in Item::ALL {
                let has_rule = |k| rules::all().any(|m| item.served_by(m) && runs_on(m, k));
                assert!(
                    has_rule(kind) || has_rule(kind.other()) || item.manual().is_some(),
                    "{} has no rule for {} and no manual guidance",
                    item.id(),
                    kind.as_str()
                );
                if !has_rule(kind) && has_rule(kind.other()) {
                    let why = reason(item, kind, &none);
                    assert!(why.contains(" checks cover it"), "{why}");
                }
            }
        }
        for item in Item::ALL {
            if let Some(m) = item.manual() {
                assert!(m.starts_with("manual: ") && m.ends_with('.'), "{m}");
            }
            assert!(item.description().ends_with('.'));
        }
    }

    #[test]
    fn every_item_has_a_verdict_for_both_input_kinds() {
        let s = settings();
        for input in [Input::Dockerfile("FROM alpine:3.20\n"), Input::Image] {
            let r = report(input, &s, &[]);
            assert_eq!(r.input, input.kind());
            let ids: Vec<&str> = r.items.iter().map(|i| i.id).collect();
            let want: Vec<&str> = Item::ALL.iter().map(|i| i.id()).collect();
            assert_eq!(ids, want);
            for it in &r.items {
                assert_eq!(
                    it.reason.is_some(),
                    it.verdict == Verdict::NotCheckable,
                    "{}",
                    it.id
                );
                assert_eq!(it.rules.is_empty(), it.verdict == Verdict::NotCheckable);
            }
            assert_eq!(
                r.summary.passed + r.summary.failed + r.summary.not_checkable,
                Item::ALL.len()
            );
            // Without registry or runtime, signatures cannot be checked.
            let signed = r.item("signed-images").unwrap();
            assert_eq!(signed.verdict, Verdict::NotCheckable);
            assert!(signed.manual.unwrap().contains("cosign"));
        }
    }

    #[test]
    fn clean_dockerfile_passes_what_its_rules_check() {
        let src = "FROM alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\
                   RUN apk add --no-cache curl=8.9.1-r0\n\
                   COPY app /app\n\
                   USER 1000\n\
                   CMD [\"/app\"]\n";
        let r = check_dockerfile(src, &settings());
        for id in [
            "no-root",
            "no-latest-tag",
            "no-curl-bash",
            "copy-not-add",
            "no-secrets-in-env",
            "D01",
        ] {
            let it = r.item(id).unwrap();
            assert_eq!(it.verdict, Verdict::Passed, "{id}: {it:#?}");
            assert!(it.findings.is_empty());
        }
        assert_eq!(r.summary.failed, 0, "{r:#?}");
        // Runtime-only items stay not checkable, with their guidance.
        let d07 = r.item("D07").unwrap();
        assert_eq!(d07.verdict, Verdict::NotCheckable);
        assert!(d07.manual.unwrap().contains("--memory"));
        // A partly checkable item passes and still carries its manual note.
        let d02 = r.item("D02").unwrap();
        assert_eq!(d02.verdict, Verdict::Passed);
        assert!(d02.manual.unwrap().contains("scanner"));
    }

    #[test]
    fn bad_dockerfile_fails_items_with_located_findings() {
        let src = "FROM ubuntu:latest\n\
                   ENV DB_PASSWORD=hunter2secret\n\
                   RUN curl -fsSL https://get.example.com/install.sh | sh\n";
        let s = settings();
        let diags = crate::check(src, &s);
        let r = report(Input::Dockerfile(src), &s, &diags);
        let latest = r.item("no-latest-tag").unwrap();
        assert_eq!(latest.verdict, Verdict::Failed);
        let f = latest.findings.iter().find(|f| f.code == "SS202").unwrap();
        assert_eq!((f.line, f.column), (Some(1), Some(6)), "{f:#?}");
        assert_eq!(f.place().as_deref(), Some("1:6"));
        let curl = r.item("no-curl-bash").unwrap();
        assert_eq!(curl.verdict, Verdict::Failed);
        assert!(curl.findings.iter().all(|f| f.line == Some(3)));
        let env = r.item("no-secrets-in-env").unwrap();
        assert_eq!(env.verdict, Verdict::Failed);
        assert_eq!(env.findings[0].line, Some(2));
        // No USER: running as root.
        assert_eq!(r.item("no-root").unwrap().verdict, Verdict::Failed);
        // Findings of one rule fail every item the rule lists.
        for d in &diags {
            let meta = meta_of(d.code).unwrap();
            for c in meta.checklist {
                let it = r.item(c.id()).unwrap();
                assert!(it.findings.iter().any(|f| f.code == d.code));
            }
        }
    }

    #[test]
    fn disabled_rules_make_items_not_checkable_with_a_reason() {
        let (s, _) = Settings::resolve(Some(&["SS001"]), &[], &[], &[]);
        let r = check_dockerfile("FROM ubuntu:latest\n", &s);
        let latest = r.item("no-latest-tag").unwrap();
        assert_eq!(latest.verdict, Verdict::NotCheckable);
        let why = latest.reason.as_deref().unwrap();
        assert!(
            why.starts_with("no enabled rule checks this from a Dockerfile")
                && why.contains("SS202"),
            "{why}"
        );
    }

    #[test]
    fn image_input_uses_the_image_rules() {
        let s = settings();
        // Runs as root, a secret in the environment.
        let img = crate::image::read_image_str(
            r#"{"architecture":"amd64","os":"linux",
                "config":{"Env":["PATH=/usr/bin","API_TOKEN=abcd1234efgh5678"],"ExposedPorts":{"8080/tcp":{}}}}"#,
            &crate::image::ReadOptions::default(),
        )
        .unwrap();
        let diags = crate::engine::check_image(&img, &s);
        let r = report(Input::Image, &s, &diags);
        assert_eq!(r.input, InputKind::Image);
        let root = r.item("no-root").unwrap();
        assert_eq!(root.verdict, Verdict::Failed);
        let f = &root.findings[0];
        assert_eq!(f.line, None);
        assert!(f.location.is_some(), "{f:#?}");
        assert_eq!(
            r.item("no-secrets-in-env").unwrap().verdict,
            Verdict::Failed
        );
        // Port 8080 is not sensitive.
        assert_eq!(r.item("closed-ports").unwrap().verdict, Verdict::Passed);
        // Dockerfile-only rules do not judge an image.
        let latest = r.item("no-latest-tag").unwrap();
        assert_eq!(latest.verdict, Verdict::NotCheckable);
        assert!(
            latest
                .reason
                .as_deref()
                .unwrap()
                .contains("the Dockerfile checks cover it"),
            "{latest:#?}"
        );
        // A clean image (user set, nothing sensitive).
        let clean = sketch::parse("FROM debian:12\nUSER app\nCMD [\"app\"]\n").unwrap();
        let diags = crate::engine::check_image(&clean, &s);
        let r = report(Input::Image, &s, &diags);
        assert_eq!(
            r.item("no-root").unwrap().verdict,
            Verdict::Passed,
            "{diags:#?}"
        );
    }

    #[test]
    fn report_serialises_as_documented() {
        let src = "FROM ubuntu:latest\n";
        let r = check_dockerfile(src, &settings());
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["input"], "dockerfile");
        let latest = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "no-latest-tag")
            .unwrap();
        assert_eq!(latest["source"], "checklist");
        assert_eq!(latest["verdict"], "failed");
        assert_eq!(latest["findings"][0]["line"], 1);
        assert!(latest.get("reason").is_none());
        let d10 = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "D10")
            .unwrap();
        assert_eq!(d10["source"], "owasp");
        assert_eq!(d10["verdict"], "not-checkable");
        assert!(d10["manual"].as_str().unwrap().starts_with("manual: "));
        assert!(v["summary"]["notCheckable"].as_u64().unwrap() > 0);
    }
}
