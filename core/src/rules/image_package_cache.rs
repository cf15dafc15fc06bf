//! SS916 image-package-cache (Dockle DKL-DI-0005): package manager caches
//! left in the image.

use super::image_support::{file_location, final_files, human_bytes, no_dockerfile_check};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::image::FileKind;
use crate::rule::{Category, Checklist, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS916",
        name: "image-package-cache",
        summary: "Package manager caches (apt lists, apk, pip, yum, dnf, npm) are left in the image",
        severity: Severity::Info,
        category: Category::Packages,
        target: Target::Image,
        checklist: &[Checklist::ManageLayers],
        owasp: &[],
        equivalents: &[
            Equivalent::similar(Tool::Dockle, "DKL-DI-0005"),
            Equivalent::similar(Tool::Dockle, "DKL-DI-0004"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "Package indexes and downloaded packages are needed while installing and never \
after. Left in the image they add megabytes to every pull, and stale indexes tempt a later \
`apt-get install` without `update`. Clean up in the same `RUN` that installs (`rm -rf \
/var/lib/apt/lists/*`, `apk add --no-cache`, `pip install --no-cache-dir`, `dnf clean all`, \
`npm cache clean --force`), or use a cache mount (`RUN --mount=type=cache,…`), which keeps \
the cache out of the layers.\n\n\
Dockle's DKL-DI-0005 and DKL-DI-0004 read the history for the install command without its \
clean-up; shipshape looks at the files the image actually holds, so a clean-up done in a \
later layer (which still ships the bytes) is caught by `image-wasted-space` instead, and \
caches created any other way are found too. One finding per kind of cache.",
        bad: "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n+ /var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease size=150K\n",
        good: "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n+ /var/lib/apt/lists/ 0755\n",
    },
    check: no_dockerfile_check,
};

/// (what, path test) for each cache.
fn cache_of(path: &str) -> Option<&'static str> {
    if let Some(rest) = path.strip_prefix("/var/lib/apt/lists/") {
        let name = rest.rsplit('/').next().unwrap_or(rest);
        return (name != "lock" && !rest.starts_with("auxfiles/")).then_some("apt package lists");
    }
    if path.starts_with("/var/cache/apt/archives/") && path.ends_with(".deb") {
        return Some("apt package archives");
    }
    if path.starts_with("/var/cache/apk/") {
        return Some("apk cache");
    }
    if path.starts_with("/var/cache/yum/") {
        return Some("yum cache");
    }
    if path.starts_with("/var/cache/dnf/") {
        return Some("dnf cache");
    }
    let home = path.starts_with("/root/") || path.starts_with("/home/");
    if home && path.contains("/.cache/pip/") {
        return Some("pip cache");
    }
    if home && path.contains("/.npm/_cacache/") {
        return Some("npm cache");
    }
    None
}

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    let img = cx.image;
    // (what, first path, its layer, files, bytes), in order of first appearance.
    let mut found: Vec<(&'static str, &str, usize, u64, u64)> = Vec::new();
    for (path, r, e) in final_files(img) {
        if e.kind != FileKind::File {
            continue;
        }
        let Some(what) = cache_of(path) else { continue };
        match found.iter_mut().find(|f| f.0 == what) {
            Some(f) => {
                f.3 += 1;
                f.4 += e.size;
            }
            None => found.push((what, path, r.layer, 1, e.size)),
        }
    }
    for (what, path, layer, files, bytes) in found {
        let dir = path.rsplit_once('/').map_or(path, |(d, _)| d);
        out.report_at(
            file_location(img, layer, &format!("{dir}/")),
            format!(
                "The image keeps the {what} ({files} file{}, {})",
                if files == 1 { "" } else { "s" },
                human_bytes(bytes)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{image_locations, image_run};

    #[test]
    fn caches_by_kind() {
        let s = "FROM x\nRUN apt-get update\n+ /var/lib/apt/lists/a_InRelease size=100K\n+ /var/lib/apt/lists/b_Packages.lz4 size=2M\n\
                 RUN pip install x\n+ /root/.cache/pip/http/ab/cd size=1000\n+ /var/cache/apk/APKINDEX.tar.gz size=10\n";
        let d = image_run("SS916", s);
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "The image keeps the pip cache (1 file, 1.0 kB)",
                "The image keeps the apk cache (1 file, 10 B)",
                "The image keeps the apt package lists (2 files, 2.2 MB)",
            ]
        );
        assert!(d[2]
            .location
            .as_deref()
            .unwrap()
            .ends_with(": /var/lib/apt/lists/"));
    }

    #[test]
    fn cleaned_caches_are_clean() {
        let s = "FROM x\n+ /var/lib/apt/lists/ 0755\n+ /var/lib/apt/lists/lock\n+ /var/lib/apt/lists/partial/ 0700\n\
                 + /var/cache/apt/archives/partial/ 0700\n+ /var/cache/apt/pkgcache.bin\n+ /app/.cache/pip/x\n";
        assert!(image_locations("SS916", s).is_empty());
    }
}
