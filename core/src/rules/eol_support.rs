//! The bundled end-of-life table of SS210 and how an image reference maps
//! to the products it contains (`python:3.8-slim-bullseye` is Python 3.8 on
//! Debian 11).
//!
//! The table is data, as of [`TABLE_AS_OF`]: the end of free security
//! support each project announced (Debian: the end of LTS; Ubuntu: the end
//! of standard support; Alpine: the branch's end of support; runtimes: the
//! upstream end of life; non-LTS Java: the next feature release). Dates the
//! project gives only to the month are the month's last day. Versions whose
//! date was not settled when the table was written are left out.

use crate::context::Date;
use crate::model::ImageRef;

/// The date the table was last reviewed (SS210's doc states it; a test
/// keeps the two equal).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const TABLE_AS_OF: Date = d(2025, 6, 1);

const fn d(year: i32, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

/// A product the table knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Product {
    Debian,
    Ubuntu,
    Alpine,
    CentOs,
    CentOsStream,
    Ubi,
    Fedora,
    AmazonLinux,
    Python,
    Node,
    Go,
    Java,
    Ruby,
    Php,
    Postgres,
}

impl Product {
    pub(crate) const fn label(self) -> &'static str {
        match self {
            Product::Debian => "Debian",
            Product::Ubuntu => "Ubuntu",
            Product::Alpine => "Alpine",
            Product::CentOs => "CentOS",
            Product::CentOsStream => "CentOS Stream",
            Product::Ubi => "RHEL UBI",
            Product::Fedora => "Fedora",
            Product::AmazonLinux => "Amazon Linux",
            Product::Python => "Python",
            Product::Node => "Node.js",
            Product::Go => "Go",
            Product::Java => "Java",
            Product::Ruby => "Ruby",
            Product::Php => "PHP",
            Product::Postgres => "PostgreSQL",
        }
    }

    fn table(self) -> &'static [(&'static str, Date)] {
        match self {
            Product::Debian => DEBIAN,
            Product::Ubuntu => UBUNTU,
            Product::Alpine => ALPINE,
            Product::CentOs => CENTOS,
            Product::CentOsStream => CENTOS_STREAM,
            Product::Ubi => UBI,
            Product::Fedora => FEDORA,
            Product::AmazonLinux => AMAZON_LINUX,
            Product::Python => PYTHON,
            Product::Node => NODE,
            Product::Go => GO,
            Product::Java => JAVA,
            Product::Ruby => RUBY,
            Product::Php => PHP,
            Product::Postgres => POSTGRES,
        }
    }
}

/// Debian: end of LTS (the last free security updates).
const DEBIAN: &[(&str, Date)] = &[
    ("7", d(2018, 5, 31)),
    ("8", d(2020, 6, 30)),
    ("9", d(2022, 6, 30)),
    ("10", d(2024, 6, 30)),
    ("11", d(2026, 8, 31)),
    ("12", d(2028, 6, 30)),
];

const DEBIAN_CODENAMES: &[(&str, &str)] = &[
    ("wheezy", "7"),
    ("jessie", "8"),
    ("stretch", "9"),
    ("buster", "10"),
    ("bullseye", "11"),
    ("bookworm", "12"),
];

/// Ubuntu: end of standard support (ESM is a paid or registered extra the
/// Docker images do not get).
const UBUNTU: &[(&str, Date)] = &[
    ("14.04", d(2019, 4, 30)),
    ("16.04", d(2021, 4, 30)),
    ("18.04", d(2023, 5, 31)),
    ("18.10", d(2019, 7, 18)),
    ("19.04", d(2020, 1, 23)),
    ("19.10", d(2020, 7, 17)),
    ("20.04", d(2025, 5, 31)),
    ("20.10", d(2021, 7, 22)),
    ("21.04", d(2022, 1, 20)),
    ("21.10", d(2022, 7, 14)),
    ("22.04", d(2027, 4, 30)),
    ("22.10", d(2023, 7, 20)),
    ("23.04", d(2024, 1, 25)),
    ("23.10", d(2024, 7, 11)),
    ("24.04", d(2029, 4, 30)),
    ("24.10", d(2025, 7, 10)),
];

const UBUNTU_CODENAMES: &[(&str, &str)] = &[
    ("trusty", "14.04"),
    ("xenial", "16.04"),
    ("bionic", "18.04"),
    ("cosmic", "18.10"),
    ("disco", "19.04"),
    ("eoan", "19.10"),
    ("focal", "20.04"),
    ("groovy", "20.10"),
    ("hirsute", "21.04"),
    ("impish", "21.10"),
    ("jammy", "22.04"),
    ("kinetic", "22.10"),
    ("lunar", "23.04"),
    ("mantic", "23.10"),
    ("noble", "24.04"),
    ("oracular", "24.10"),
];

/// Alpine: end of support of the release branch.
const ALPINE: &[(&str, Date)] = &[
    ("3.8", d(2020, 5, 1)),
    ("3.9", d(2020, 11, 1)),
    ("3.10", d(2021, 5, 1)),
    ("3.11", d(2021, 11, 1)),
    ("3.12", d(2022, 5, 1)),
    ("3.13", d(2022, 11, 1)),
    ("3.14", d(2023, 5, 1)),
    ("3.15", d(2023, 11, 1)),
    ("3.16", d(2024, 5, 23)),
    ("3.17", d(2024, 11, 22)),
    ("3.18", d(2025, 5, 9)),
    ("3.19", d(2025, 11, 1)),
    ("3.20", d(2026, 4, 1)),
    ("3.21", d(2026, 11, 1)),
];

const CENTOS: &[(&str, Date)] = &[
    ("6", d(2020, 11, 30)),
    ("7", d(2024, 6, 30)),
    ("8", d(2021, 12, 31)),
];

const CENTOS_STREAM: &[(&str, Date)] = &[("8", d(2024, 5, 31)), ("9", d(2027, 5, 31))];

/// Red Hat Universal Base Images follow RHEL's maintenance support.
const UBI: &[(&str, Date)] = &[
    ("7", d(2024, 6, 30)),
    ("8", d(2029, 5, 31)),
    ("9", d(2032, 5, 31)),
];

const FEDORA: &[(&str, Date)] = &[
    ("30", d(2020, 5, 26)),
    ("31", d(2020, 11, 24)),
    ("32", d(2021, 5, 25)),
    ("33", d(2021, 11, 30)),
    ("34", d(2022, 6, 7)),
    ("35", d(2022, 12, 13)),
    ("36", d(2023, 5, 16)),
    ("37", d(2023, 12, 5)),
    ("38", d(2024, 5, 21)),
    ("39", d(2024, 11, 26)),
    ("40", d(2025, 5, 13)),
];

const AMAZON_LINUX: &[(&str, Date)] = &[
    ("1", d(2023, 12, 31)),
    ("2", d(2026, 6, 30)),
    ("2023", d(2029, 6, 30)),
];

const PYTHON: &[(&str, Date)] = &[
    ("2", d(2020, 1, 1)),
    ("3.4", d(2019, 3, 18)),
    ("3.5", d(2020, 9, 13)),
    ("3.6", d(2021, 12, 23)),
    ("3.7", d(2023, 6, 27)),
    ("3.8", d(2024, 10, 7)),
    ("3.9", d(2025, 10, 31)),
    ("3.10", d(2026, 10, 31)),
    ("3.11", d(2027, 10, 31)),
    ("3.12", d(2028, 10, 31)),
    ("3.13", d(2029, 10, 31)),
];

const NODE: &[(&str, Date)] = &[
    ("4", d(2018, 4, 30)),
    ("6", d(2019, 4, 30)),
    ("8", d(2019, 12, 31)),
    ("10", d(2021, 4, 30)),
    ("11", d(2019, 6, 1)),
    ("12", d(2022, 4, 30)),
    ("13", d(2020, 6, 1)),
    ("14", d(2023, 4, 30)),
    ("15", d(2021, 6, 1)),
    ("16", d(2023, 9, 11)),
    ("17", d(2022, 6, 1)),
    ("18", d(2025, 4, 30)),
    ("19", d(2023, 6, 1)),
    ("20", d(2026, 4, 30)),
    ("21", d(2024, 6, 1)),
    ("22", d(2027, 4, 30)),
    ("23", d(2025, 6, 1)),
];

const NODE_CODENAMES: &[(&str, &str)] = &[
    ("argon", "4"),
    ("boron", "6"),
    ("carbon", "8"),
    ("dubnium", "10"),
    ("erbium", "12"),
    ("fermium", "14"),
    ("gallium", "16"),
    ("hydrogen", "18"),
    ("iron", "20"),
    ("jod", "22"),
];

/// Go: a release is supported until the second newer one ships.
const GO: &[(&str, Date)] = &[
    ("1.11", d(2019, 9, 3)),
    ("1.12", d(2020, 2, 25)),
    ("1.13", d(2020, 8, 11)),
    ("1.14", d(2021, 2, 16)),
    ("1.15", d(2021, 8, 16)),
    ("1.16", d(2022, 3, 15)),
    ("1.17", d(2022, 8, 2)),
    ("1.18", d(2023, 2, 1)),
    ("1.19", d(2023, 8, 8)),
    ("1.20", d(2024, 2, 6)),
    ("1.21", d(2024, 8, 13)),
    ("1.22", d(2025, 2, 11)),
];

/// Java feature releases that are not LTS end with the next release. LTS
/// releases (8, 11, 17, 21) are left out: their end depends on the vendor.
const JAVA: &[(&str, Date)] = &[
    ("9", d(2018, 3, 20)),
    ("10", d(2018, 9, 25)),
    ("12", d(2019, 9, 17)),
    ("13", d(2020, 3, 17)),
    ("14", d(2020, 9, 15)),
    ("15", d(2021, 3, 16)),
    ("16", d(2021, 9, 14)),
    ("18", d(2022, 9, 20)),
    ("19", d(2023, 3, 21)),
    ("20", d(2023, 9, 19)),
    ("22", d(2024, 9, 17)),
    ("23", d(2025, 3, 18)),
];

const RUBY: &[(&str, Date)] = &[
    ("2.3", d(2019, 3, 31)),
    ("2.4", d(2020, 3, 31)),
    ("2.5", d(2021, 4, 5)),
    ("2.6", d(2022, 4, 12)),
    ("2.7", d(2023, 3, 31)),
    ("3.0", d(2024, 4, 23)),
    ("3.1", d(2025, 3, 26)),
    ("3.2", d(2026, 3, 31)),
];

const PHP: &[(&str, Date)] = &[
    ("5.6", d(2018, 12, 31)),
    ("7.0", d(2019, 1, 10)),
    ("7.1", d(2019, 12, 1)),
    ("7.2", d(2020, 11, 30)),
    ("7.3", d(2021, 12, 6)),
    ("7.4", d(2022, 11, 28)),
    ("8.0", d(2023, 11, 26)),
    ("8.1", d(2025, 12, 31)),
    ("8.2", d(2026, 12, 31)),
    ("8.3", d(2027, 12, 31)),
];

const POSTGRES: &[(&str, Date)] = &[
    ("9.4", d(2020, 2, 13)),
    ("9.5", d(2021, 2, 11)),
    ("9.6", d(2021, 11, 11)),
    ("10", d(2022, 11, 10)),
    ("11", d(2023, 11, 9)),
    ("12", d(2024, 11, 21)),
    ("13", d(2025, 11, 13)),
];

/// A product version found in an image reference, with its end of life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub product: Product,
    /// The table's version key (`3.8`, `11`, `22.04`).
    pub version: &'static str,
    /// How the reference names it (`bullseye`, `3.8`).
    pub named: String,
    pub eol: Date,
}

/// The repository name of a Docker official image, from Docker Hub or one
/// of its common mirrors (`python`, not `org/python`).
pub(crate) fn official_name(r: &ImageRef) -> Option<&str> {
    let rest = match r.registry.as_str() {
        "docker.io" | "mirror.gcr.io" => r.repository.strip_prefix("library/"),
        "public.ecr.aws" => r.repository.strip_prefix("docker/library/"),
        _ => None,
    }?;
    (!rest.contains('/')).then_some(rest)
}

/// The products of the table an image reference names, each once.
pub(crate) fn products(r: &ImageRef) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let Some(tag) = r.tag.as_deref() else {
        return out;
    };
    let tag = tag.to_ascii_lowercase();
    let tokens: Vec<&str> = tag.split('-').collect();
    let first = tokens.first().copied().unwrap_or("");
    let mut push = |product: Product, version: &str, named: &str| {
        if out.iter().any(|f| f.product == product) {
            return;
        }
        if let Some(&(key, eol)) = product
            .table()
            .iter()
            .find(|(key, _)| version_matches(key, version))
        {
            out.push(Found {
                product,
                version: key,
                named: named.to_string(),
                eol,
            });
        }
    };
    let official = official_name(r);
    // The image's own product, versioned by the tag's first token.
    let own = match official {
        Some("debian") => Some(Product::Debian),
        Some("ubuntu") => Some(Product::Ubuntu),
        Some("alpine") => Some(Product::Alpine),
        Some("centos") => Some(Product::CentOs),
        Some("fedora") => Some(Product::Fedora),
        Some("amazonlinux") => Some(Product::AmazonLinux),
        Some("python") => Some(Product::Python),
        Some("node") => Some(Product::Node),
        Some("golang") => Some(Product::Go),
        Some("eclipse-temurin" | "amazoncorretto" | "openjdk") => Some(Product::Java),
        Some("ruby") => Some(Product::Ruby),
        Some("php") => Some(Product::Php),
        Some("postgres") => Some(Product::Postgres),
        _ => None,
    };
    match (own, r.registry.as_str(), r.repository.as_str()) {
        (Some(Product::CentOs), ..) => {
            let v = first.strip_prefix("centos").unwrap_or(first);
            push(Product::CentOs, v, first);
        }
        (Some(Product::AmazonLinux), ..) => {
            let v = if first.starts_with("2018.") {
                "1"
            } else {
                first
            };
            push(Product::AmazonLinux, v, first);
        }
        (Some(Product::Node), ..) => {
            // `lts-hydrogen`, `hydrogen-alpine`: a codename names the major.
            let word = match first {
                "lts" => tokens.get(1).copied().unwrap_or(""),
                w => w,
            };
            let v = lookup(NODE_CODENAMES, word).unwrap_or(word);
            push(Product::Node, v, word);
        }
        (Some(p), ..) => push(p, first, first),
        (None, "quay.io", "centos/centos") => {
            if let Some(v) = first.strip_prefix("stream") {
                push(Product::CentOsStream, v, first);
            }
        }
        (None, "public.ecr.aws", "amazonlinux/amazonlinux") => {
            let v = if first.starts_with("2018.") {
                "1"
            } else {
                first
            };
            push(Product::AmazonLinux, v, first);
        }
        _ => {}
    }
    // Red Hat UBI: the major version is in the repository name.
    if matches!(
        r.registry.as_str(),
        "registry.access.redhat.com" | "registry.redhat.io"
    ) || (r.registry == "docker.io" && r.repository.starts_with("redhat/"))
    {
        let name = r
            .repository
            .strip_prefix("redhat/")
            .unwrap_or(&r.repository);
        let head = name.split('/').next().unwrap_or("");
        if let Some(rest) = head.strip_prefix("ubi") {
            let v: String = rest.chars().take_while(char::is_ascii_digit).collect();
            push(Product::Ubi, &v, head);
        }
    }
    // Official images name the distribution they are built on in the tag
    // (`3.8-slim-bullseye`, `17-jdk-jammy`, `1.21-alpine3.18`).
    if official.is_some() {
        for t in &tokens {
            if let Some(v) = lookup(DEBIAN_CODENAMES, t) {
                push(Product::Debian, v, t);
            } else if let Some(v) = lookup(UBUNTU_CODENAMES, t) {
                push(Product::Ubuntu, v, t);
            } else if let Some(v) = t.strip_prefix("alpine").filter(|v| !v.is_empty()) {
                push(Product::Alpine, v, t);
            }
        }
    }
    out
}

fn lookup<'a>(table: &'a [(&str, &'a str)], key: &str) -> Option<&'a str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// Whether the tag version `v` (`3.8.18`) is in the table's `key` (`3.8`):
/// it starts with all of the key's numeric components.
fn version_matches(key: &str, v: &str) -> bool {
    let mut vs = v.split('.');
    key.split('.').all(|k| vs.next().is_some_and(|c| c == k))
}

#[cfg(test)]
mod tests {
    use super::{products, version_matches, Product};
    use crate::model::ImageRef;

    fn found(s: &str) -> Vec<(Product, &'static str)> {
        products(&ImageRef::parse(s).unwrap())
            .into_iter()
            .map(|f| (f.product, f.version))
            .collect()
    }

    #[test]
    fn versions() {
        assert!(version_matches("3.8", "3.8"));
        assert!(version_matches("3.8", "3.8.18"));
        assert!(!version_matches("3.8", "3"));
        assert!(!version_matches("3.8", "3.80"));
        assert!(!version_matches("1", "18"));
        assert!(version_matches("11", "11.6"));
        assert!(!version_matches("2", "2023"));
    }

    #[test]
    fn images_name_their_products() {
        use Product::*;
        assert_eq!(
            found("python:3.8-slim-bullseye"),
            [(Python, "3.8"), (Debian, "11")]
        );
        assert_eq!(
            found("python:3.8.18-alpine3.18"),
            [(Python, "3.8"), (Alpine, "3.18")]
        );
        assert_eq!(found("debian:stretch-slim"), [(Debian, "9")]);
        assert_eq!(found("debian:10.13"), [(Debian, "10")]);
        assert_eq!(found("ubuntu:focal-20230301"), [(Ubuntu, "20.04")]);
        assert_eq!(found("ubuntu:18.04"), [(Ubuntu, "18.04")]);
        assert_eq!(found("centos:centos7"), [(CentOs, "7")]);
        assert_eq!(found("centos:7.9.2009"), [(CentOs, "7")]);
        assert_eq!(
            found("quay.io/centos/centos:stream8"),
            [(CentOsStream, "8")]
        );
        assert_eq!(found("amazonlinux:2018.03"), [(AmazonLinux, "1")]);
        assert_eq!(found("amazonlinux:2023"), [(AmazonLinux, "2023")]);
        assert_eq!(found("node:lts-hydrogen"), [(Node, "18")]);
        assert_eq!(
            found("node:hydrogen-alpine3.17"),
            [(Node, "18"), (Alpine, "3.17")]
        );
        assert_eq!(found("node:16-buster"), [(Node, "16"), (Debian, "10")]);
        assert_eq!(
            found("golang:1.21.5-bookworm"),
            [(Go, "1.21"), (Debian, "12")]
        );
        assert_eq!(
            found("eclipse-temurin:19-jdk-jammy"),
            [(Java, "19"), (Ubuntu, "22.04")]
        );
        assert_eq!(
            found("registry.access.redhat.com/ubi7/ubi-minimal:7.9"),
            [(Ubi, "7")]
        );
        assert_eq!(found("redhat/ubi8:latest"), [(Ubi, "8")]);
        assert_eq!(found("docker.io/library/php:7.4-fpm"), [(Php, "7.4")]);
        assert_eq!(
            found("public.ecr.aws/docker/library/ruby:2.7"),
            [(Ruby, "2.7")]
        );
        assert_eq!(
            found("mirror.gcr.io/library/postgres:9.6.24"),
            [(Postgres, "9.6")]
        );
        // Not an official image: its tag means what its owner wants.
        assert_eq!(found("myorg/python:3.8-buster"), Vec::new());
        assert_eq!(found("ghcr.io/org/node:16"), Vec::new());
        // Moving or unknown tags.
        assert_eq!(found("python:3"), Vec::new());
        assert_eq!(found("python:3-slim"), Vec::new());
        assert_eq!(found("node:lts"), Vec::new());
        assert_eq!(found("debian:stable-slim"), Vec::new());
        assert_eq!(found("alpine:latest"), Vec::new());
        assert_eq!(found("alpine"), Vec::new());
        assert_eq!(found("eclipse-temurin:17-jre"), Vec::new());
        assert_eq!(found("golang:alpine"), Vec::new());
    }
}
