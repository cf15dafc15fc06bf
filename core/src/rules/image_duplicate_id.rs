//! SS915 image-duplicate-id (Dockle DKL-LI-0002): two accounts share a UID,
//! or two groups a GID.

use super::image_support::{base_note, file_location, no_dockerfile_check, text_file};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS915",
        name: "image-duplicate-id",
        summary: "Two accounts share a UID, or two groups share a GID",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Image,
        checklist: &[Checklist::LeastPrivilege],
        owasp: &[Owasp::D01],
        equivalents: &[Equivalent::same(Tool::Dockle, "DKL-LI-0002")],
        fix: FixKind::None,
        default_enabled: true,
        why: "The kernel knows users by number. Two names with one UID are one user: a second \
account with UID 0 is a second root under another name (a classic backdoor), and an \
application user sharing a UID with a system user owns that user's files. The same holds \
for GIDs and groups. Give every account and group its own number (`useradd`/`groupadd` do, \
unless told otherwise with `-o`).\n\n\
Like Dockle's DKL-LI-0002: a UID repeated in `/etc/passwd` or a GID repeated in \
`/etc/group`, reported at the second entry.",
        bad: "FROM alpine:3.20\n+ /etc/passwd = root:x:0:0:root:/root:/bin/sh\\ntoor:x:0:0::/root:/bin/sh\n",
        good: "FROM alpine:3.20\n+ /etc/passwd = root:x:0:0:root:/root:/bin/sh\\napp:x:1000:1000::/home/app:/bin/sh\n",
    },
    check: no_dockerfile_check,
};

fn duplicates(cx: &ImageContext<'_>, out: &mut Sink<'_>, path: &str, what: &str, field: usize) {
    let img = cx.image;
    let Some((text, layer)) = text_file(img, path) else {
        return;
    };
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split(':').collect();
        let (Some(name), Some(id)) = (f.first(), f.get(field)) else {
            continue;
        };
        if name.is_empty() || id.is_empty() || name.starts_with('+') || name.starts_with('-') {
            continue;
        }
        if let Some((first, _)) = seen.iter().find(|(_, seen_id)| seen_id == id) {
            out.report_at(
                format!("{}:{}", file_location(img, layer, path), i + 1),
                format!(
                    "{what} {id} is shared by `{first}` and `{name}` in `{path}`{}",
                    base_note(img, layer)
                ),
            );
        } else {
            seen.push((name, id));
        }
    }
}

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    duplicates(cx, out, "/etc/passwd", "UID", 2);
    duplicates(cx, out, "/etc/group", "GID", 2);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{image_locations, image_run};

    #[test]
    fn shared_ids() {
        let s = "FROM x\nRUN useradd\n+ /etc/passwd = root:x:0:0::/root:/bin/sh\\napp:x:1000:1000::/app:/bin/sh\\ntoor:x:0:0::/:/bin/sh\n\
                 + /etc/group = root:x:0:\\napp:x:1000:\\nstaff:x:1000:\n";
        let d = image_run("SS915", s);
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "UID 0 is shared by `root` and `toor` in `/etc/passwd`",
                "GID 1000 is shared by `app` and `staff` in `/etc/group`",
            ]
        );
        assert!(d[0]
            .location
            .as_deref()
            .unwrap()
            .ends_with(": /etc/passwd:3"));
    }

    #[test]
    fn distinct_ids_are_clean() {
        let s = "FROM x\n+ /etc/passwd = root:x:0:0::/root:/bin/sh\\napp:x:1000:0::/app:/bin/sh\n\
                 + /etc/group = root:x:0:\\napp:x:1000:\n";
        assert!(image_locations("SS915", s).is_empty());
    }
}
