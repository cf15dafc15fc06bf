//! SS917 image-git-directory (Dockle DKL-LI-0003): a git repository (a
//! `.git` directory) is in the image.

use std::collections::BTreeMap;

use super::image_support::{
    base_note, file_location, final_files, in_dependency_tree, no_dockerfile_check,
};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS917",
        name: "image-git-directory",
        summary: "A .git directory is in the image",
        severity: Severity::Warning,
        category: Category::Secrets,
        target: Target::Image,
        checklist: &[Checklist::ManageLayers, Checklist::NoHardcodedCredentials],
        owasp: &[Owasp::D06],
        equivalents: &[Equivalent::similar(Tool::Dockle, "DKL-LI-0003")],
        fix: FixKind::None,
        default_enabled: true,
        why: "A `.git` directory holds the repository's whole history, not just the checked-out \
files: deleted secrets, internal code, and in `.git/config` remote URLs that often carry a \
token. `COPY . .` brings it in unless `.dockerignore` lists `.git`. Add `.git` to \
`.dockerignore` (and copy only what the image needs).\n\n\
Dockle's DKL-LI-0003 reports files under several tool directories (`.git`, `.cache`, `.aws`, \
`.npm`, `.vscode`…) one by one; shipshape reports each `.git` directory once, skips those \
inside dependency trees (`node_modules`, `vendor`…), and leaves caches and credentials to \
`image-package-cache` and `image-credential-file`.",
        bad: "FROM node:20\nCOPY . /app\n+ /app/.git/ 0755\n+ /app/.git/config = [remote \"origin\"]\n+ /app/server.js\n",
        good: "FROM node:20\nCOPY . /app\n+ /app/server.js\n+ /app/.gitignore\n",
    },
    check: no_dockerfile_check,
};

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    let img = cx.image;
    // Each repository once: the `.git` path and the layer of its first entry.
    let mut repos: BTreeMap<&str, usize> = BTreeMap::new();
    for (path, r, _) in final_files(img) {
        let git = match path.find("/.git/") {
            Some(i) => path.get(..i + 5),
            None => path.ends_with("/.git").then_some(path),
        };
        let Some(git) = git else { continue };
        if in_dependency_tree(git) {
            continue;
        }
        repos.entry(git).or_insert(r.layer);
    }
    for (git, layer) in repos {
        out.report_at(
            file_location(img, layer, git),
            format!(
                "`{git}` is a git repository: its history and remotes ship with the image{}",
                base_note(img, layer)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::image_locations;

    #[test]
    fn each_repository_once() {
        let s = "FROM x\nCOPY . /\n+ /app/.git/ 0755\n+ /app/.git/HEAD\n+ /app/.git/objects/ab/cd\n+ /srv/b/.git/config\n";
        let locs = image_locations("SS917", s);
        assert_eq!(locs.len(), 2);
        assert!(locs[0].ends_with(": /app/.git"));
        assert!(locs[1].ends_with(": /srv/b/.git"));
    }

    #[test]
    fn near_misses() {
        let s = "FROM x\nCOPY . /\n+ /app/.gitignore\n+ /app/.github/workflows/ci.yml\n+ /app/node_modules/x/.git/HEAD\n+ /app/a.git\n";
        assert!(image_locations("SS917", s).is_empty());
    }
}
