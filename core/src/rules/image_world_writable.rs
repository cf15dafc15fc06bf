//! SS911 image-world-writable: files and directories anyone can write,
//! outside the temporary directories.

use super::image_support::{base_note, file_location, final_files, no_dockerfile_check};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::image::FileKind;
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS911",
        name: "image-world-writable",
        summary: "A file or directory anyone can write, outside /tmp, /var/tmp and /dev/shm",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Image,
        checklist: &[Checklist::LeastPrivilege],
        owasp: &[Owasp::D04],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "A world-writable program, script or configuration file (the usual result of \
`chmod -R 777`) lets any process in the container, whatever its user, change what another \
user (often root) runs or reads: a privilege escalation within the container, and a way to \
persist. Give files to the user that needs them (`COPY --chown`, `chown`) with modes like \
`0644`/`0755`, and keep shared scratch space in `/tmp`.\n\n\
Not reported: symbolic links (their mode means nothing), directories with the sticky bit \
(like `/tmp`, where users cannot remove each other's files), and everything under `/tmp`, \
`/var/tmp` and `/dev/shm`. At most 20 paths are listed; one more finding counts the rest. \
No peer checks this.",
        bad: "FROM debian:12\nCOPY app /app\n+ /app/run.sh 0777\n",
        good: "FROM debian:12\nCOPY app /app\n+ /app/run.sh 0755\n+ /app/scratch/ 1777\n",
    },
    check: no_dockerfile_check,
};

const LISTED: usize = 20;

fn temporary(path: &str) -> bool {
    ["/tmp", "/var/tmp", "/dev/shm"]
        .iter()
        .any(|t| path == *t || path.strip_prefix(t).is_some_and(|r| r.starts_with('/')))
}

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    let img = cx.image;
    let mut count = 0usize;
    for (path, r, e) in final_files(img) {
        if !e.is_world_writable() || temporary(path) {
            continue;
        }
        if e.kind == FileKind::Dir && e.mode & 0o1000 != 0 {
            continue;
        }
        count += 1;
        if count > LISTED {
            continue;
        }
        let what = if e.kind == FileKind::Dir {
            "directory"
        } else {
            "file"
        };
        out.report_at(
            file_location(img, r.layer, path),
            format!(
                "The {what} `{path}` is world-writable (mode {:04o}){}",
                e.mode & 0o7777,
                base_note(img, r.layer)
            ),
        );
    }
    if count > LISTED {
        out.report_at(
            "file system",
            format!(
                "{} more world-writable paths are not listed",
                count - LISTED
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{image_locations, image_run};

    #[test]
    fn writable_files_and_dirs() {
        let d = image_run("SS911", "FROM x\nRUN y\n+ /app/ 0777\n+ /app/run.sh 0666\n");
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "The directory `/app` is world-writable (mode 0777)",
                "The file `/app/run.sh` is world-writable (mode 0666)",
            ]
        );
    }

    #[test]
    fn many_are_capped() {
        let mut s = String::from("FROM x\n");
        for i in 0..25 {
            s.push_str(&format!("+ /data/f{i:02} 0666\n"));
        }
        let d = image_run("SS911", &s);
        assert_eq!(d.len(), 21);
        assert_eq!(d[20].message, "5 more world-writable paths are not listed");
    }

    #[test]
    fn near_misses() {
        assert!(image_locations(
            "SS911",
            "FROM x\n+ /tmp/ 1777\n+ /tmp/x 0666\n+ /var/tmp/y/ 0777\n+ /dev/shm/z 0666\n\
             + /srv/shared/ 1777\n+ /bin/sh -> busybox\n+ /app/ok 0664\n+ /tmpfoo/ 1777\n"
        )
        .is_empty());
    }
}
