//! Rule metadata: the single source of truth read by the CLI (`rules`,
//! `explain`), the language server (hover, `codeDescription`), the web page
//! and the generated docs.

use serde::Serialize;

use crate::diagnostic::Severity;

/// Base URL of the rule pages; a rule's page is `{DOCS_URL}/{code}.md`.
pub const DOCS_URL: &str = "https://github.com/shipshape-dev/shipshape/blob/main/docs/rules";

/// What a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The file cannot be read as BuildKit reads it.
    Syntax,
    /// Users, privileges, permissions.
    Privilege,
    /// Base images: origin, tags, digests, age.
    BaseImage,
    /// Credentials and secrets.
    Secrets,
    /// Downloads, integrity, remote code.
    SupplyChain,
    /// Package managers: pins, upgrades, caches.
    Packages,
    /// Ports and network exposure.
    Network,
    /// Correctness and maintainability of the build.
    BestPractice,
}

impl Category {
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Privilege => "privilege",
            Category::BaseImage => "base-image",
            Category::Secrets => "secrets",
            Category::SupplyChain => "supply-chain",
            Category::Packages => "packages",
            Category::Network => "network",
            Category::BestPractice => "best-practice",
        }
    }
}

/// What a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Dockerfile,
    Image,
    Both,
}

/// The items of the seed checklist (`shared/seed/containers-security.md`).
/// Their kebab-case ids are a public interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checklist {
    NoRoot,
    TrustedBase,
    SignedImages,
    UpdatedBase,
    ClosedPorts,
    NoHardcodedCredentials,
    NoSecretsInEnv,
    NoLatestTag,
    NoCurlBash,
    NoSystemUpgrade,
    CopyNotAdd,
    ScanRegularly,
    SecureDependencies,
    ManageLayers,
    LeastPrivilege,
}

impl Checklist {
    pub const ALL: [Checklist; 15] = [
        Checklist::NoRoot,
        Checklist::TrustedBase,
        Checklist::SignedImages,
        Checklist::UpdatedBase,
        Checklist::ClosedPorts,
        Checklist::NoHardcodedCredentials,
        Checklist::NoSecretsInEnv,
        Checklist::NoLatestTag,
        Checklist::NoCurlBash,
        Checklist::NoSystemUpgrade,
        Checklist::CopyNotAdd,
        Checklist::ScanRegularly,
        Checklist::SecureDependencies,
        Checklist::ManageLayers,
        Checklist::LeastPrivilege,
    ];

    pub const fn id(self) -> &'static str {
        match self {
            Checklist::NoRoot => "no-root",
            Checklist::TrustedBase => "trusted-base",
            Checklist::SignedImages => "signed-images",
            Checklist::UpdatedBase => "updated-base",
            Checklist::ClosedPorts => "closed-ports",
            Checklist::NoHardcodedCredentials => "no-hardcoded-credentials",
            Checklist::NoSecretsInEnv => "no-secrets-in-env",
            Checklist::NoLatestTag => "no-latest-tag",
            Checklist::NoCurlBash => "no-curl-bash",
            Checklist::NoSystemUpgrade => "no-system-upgrade",
            Checklist::CopyNotAdd => "copy-not-add",
            Checklist::ScanRegularly => "scan-regularly",
            Checklist::SecureDependencies => "secure-dependencies",
            Checklist::ManageLayers => "manage-layers",
            Checklist::LeastPrivilege => "least-privilege",
        }
    }

    /// The checklist's own wording.
    pub const fn title(self) -> &'static str {
        match self {
            Checklist::NoRoot => "Do not run as root (and don't use sudo, doas or others)",
            Checklist::TrustedBase => "Use trusted base images (as minimal as possible)",
            Checklist::SignedImages => "Sign your container images",
            Checklist::UpdatedBase => "Update your environment and base images",
            Checklist::ClosedPorts => "Close unused ports",
            Checklist::NoHardcodedCredentials => "Do not use hardcoded credentials",
            Checklist::NoSecretsInEnv => "Do not store secrets in environment variables",
            Checklist::NoLatestTag => "Be cautious with the 'latest' tag for the base image",
            Checklist::NoCurlBash => "Avoid curl bashing (piping downloaded scripts into a shell)",
            Checklist::NoSystemUpgrade => "Do not upgrade system packages; pin dependencies",
            Checklist::CopyNotAdd => "Use COPY, not ADD; trusted sources over secure connections",
            Checklist::ScanRegularly => "Scan your container environments regularly",
            Checklist::SecureDependencies => "Secure your code and its dependencies",
            Checklist::ManageLayers => "Manage all layers between the base image and your code",
            Checklist::LeastPrivilege => "Use access management (least privilege)",
        }
    }
}

/// The OWASP Docker Top 10.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Owasp {
    D01,
    D02,
    D03,
    D04,
    D05,
    D06,
    D07,
    D08,
    D09,
    D10,
}

impl Owasp {
    pub const ALL: [Owasp; 10] = [
        Owasp::D01,
        Owasp::D02,
        Owasp::D03,
        Owasp::D04,
        Owasp::D05,
        Owasp::D06,
        Owasp::D07,
        Owasp::D08,
        Owasp::D09,
        Owasp::D10,
    ];

    pub const fn id(self) -> &'static str {
        match self {
            Owasp::D01 => "D01",
            Owasp::D02 => "D02",
            Owasp::D03 => "D03",
            Owasp::D04 => "D04",
            Owasp::D05 => "D05",
            Owasp::D06 => "D06",
            Owasp::D07 => "D07",
            Owasp::D08 => "D08",
            Owasp::D09 => "D09",
            Owasp::D10 => "D10",
        }
    }

    pub const fn title(self) -> &'static str {
        match self {
            Owasp::D01 => "Secure User Mapping",
            Owasp::D02 => "Patch Management Strategy",
            Owasp::D03 => "Network Segmentation and Firewalling",
            Owasp::D04 => "Secure Defaults and Hardening",
            Owasp::D05 => "Maintain Security Contexts",
            Owasp::D06 => "Protect Secrets",
            Owasp::D07 => "Resource Protection",
            Owasp::D08 => "Container Image Integrity and Origin",
            Owasp::D09 => "Follow Immutable Paradigm",
            Owasp::D10 => "Logging",
        }
    }
}

/// A peer tool whose checks shipshape's rules correspond to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    Hadolint,
    Buildkit,
    Trivy,
    Checkov,
    Dockle,
}

impl Tool {
    pub const fn as_str(self) -> &'static str {
        match self {
            Tool::Hadolint => "hadolint",
            Tool::Buildkit => "buildkit",
            Tool::Trivy => "trivy",
            Tool::Checkov => "checkov",
            Tool::Dockle => "dockle",
        }
    }
}

/// How closely a rule matches a peer's check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Fires on exactly the inputs the peer's documented semantics name.
    Same,
    /// A deliberate difference, explained in the rule's doc.
    Similar,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Equivalent {
    pub tool: Tool,
    pub id: &'static str,
    pub relation: Relation,
}

impl Equivalent {
    pub const fn same(tool: Tool, id: &'static str) -> Self {
        Equivalent {
            tool,
            id,
            relation: Relation::Same,
        }
    }
    pub const fn similar(tool: Tool, id: &'static str) -> Self {
        Equivalent {
            tool,
            id,
            relation: Relation::Similar,
        }
    }
}

/// Whether a rule offers fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixKind {
    None,
    /// Always a meaning-preserving fix.
    Safe,
    /// A fix that changes behaviour (applied only on request).
    Unsafe,
    /// Some findings have a fix, some do not.
    Sometimes,
}

/// Everything known about a rule, written once next to its check.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RuleMeta {
    /// Stable code, `SS` and three digits; the hundreds follow the category.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    /// One sentence: what the rule reports.
    pub summary: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub target: Target,
    pub checklist: &'static [Checklist],
    pub owasp: &'static [Owasp],
    pub equivalents: &'static [Equivalent],
    pub fix: FixKind,
    /// Off unless selected (by `--select`, config, or a rule option).
    pub default_enabled: bool,
    /// Markdown: why it matters and what to do instead.
    pub why: &'static str,
    /// A Dockerfile (or image description) that triggers the rule.
    pub bad: &'static str,
    /// The same, done right.
    pub good: &'static str,
}

impl RuleMeta {
    /// The rule's documentation page.
    pub fn url(&self) -> String {
        format!("{DOCS_URL}/{}.md", self.code)
    }

    /// Whether `key` names this rule: its code, its name, or a peer id
    /// listed in its equivalents (case-insensitive).
    pub fn matches(&self, key: &str) -> bool {
        self.code.eq_ignore_ascii_case(key)
            || self.name.eq_ignore_ascii_case(key)
            || self
                .equivalents
                .iter()
                .any(|e| e.id.eq_ignore_ascii_case(key))
    }
}
