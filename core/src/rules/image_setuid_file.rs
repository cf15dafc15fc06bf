//! SS910 image-setuid-file (Dockle CIS-DI-0008): a setuid or setgid file
//! that is not one of the usual system tools.

use super::image_support::{base_note, file_location, final_files, no_dockerfile_check};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS910",
        name: "image-setuid-file",
        summary: "A setuid or setgid file that is not a standard system tool",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Image,
        checklist: &[Checklist::LeastPrivilege],
        owasp: &[Owasp::D04],
        equivalents: &[Equivalent::similar(Tool::Dockle, "CIS-DI-0008")],
        fix: FixKind::None,
        default_enabled: true,
        why: "A setuid (or setgid) program runs with its owner's (group's) rights whatever \
user starts it: a setuid-root binary is a way from the container's unprivileged user back \
to root, and each one is attack surface for privilege escalation. Distributions ship a few \
(`passwd`, `su`, `mount`, `ping`…) which are expected; anything else deserves a look. \
Remove the bit (`chmod u-s,g-s`) in the build, or run with `--security-opt \
no-new-privileges`, which makes the bit inert.\n\n\
Dockle's CIS-DI-0008 reports every setuid/setgid file in every layer, the standard tools \
included; shipshape reports files of the final file system whose name is not in an \
allow-list of standard tools (`passwd`, `chsh`, `chfn`, `gpasswd`, `newgrp`, `su`, `mount`, \
`umount`, `sudo`, `ping`, `unix_chkpwd`, `ssh-keysign`, `pkexec`, `chage`, `expiry`, `wall`, \
`write`, `crontab`, `newuidmap`, `newgidmap`, `fusermount`…).",
        bad: "FROM debian:12\n+ /usr/bin/passwd 4755\nCOPY tool /usr/local/bin/\n+ /usr/local/bin/tool 4755\n",
        good: "FROM debian:12\n+ /usr/bin/passwd 4755\nCOPY tool /usr/local/bin/\n+ /usr/local/bin/tool 0755\n",
    },
    check: no_dockerfile_check,
};

const ALLOWED: &[&str] = &[
    "passwd",
    "chsh",
    "chfn",
    "gpasswd",
    "newgrp",
    "su",
    "mount",
    "umount",
    "sudo",
    "sudoedit",
    "ping",
    "ping6",
    "unix_chkpwd",
    "ssh-keysign",
    "ssh-agent",
    "pkexec",
    "polkit-agent-helper-1",
    "chage",
    "expiry",
    "wall",
    "write",
    "bsd-write",
    "crontab",
    "at",
    "newuidmap",
    "newgidmap",
    "fusermount",
    "fusermount3",
    "dotlockfile",
    "pam_timestamp_check",
    "dbus-daemon-launch-helper",
    "utempter",
    "bbsuid",
    "mount.nfs",
    "traceroute6.iputils",
];

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    let img = cx.image;
    for (path, r, e) in final_files(img) {
        let (suid, sgid) = (e.is_setuid(), e.is_setgid());
        if !(suid || sgid) {
            continue;
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        if ALLOWED.contains(&name) {
            continue;
        }
        let what = match (suid, sgid) {
            (true, true) => "setuid and setgid",
            (true, false) => "setuid",
            _ => "setgid",
        };
        let owner = if suid && e.uid == 0 {
            " root".to_string()
        } else if suid {
            format!(" (owner {})", e.uid)
        } else {
            String::new()
        };
        out.report_at(
            file_location(img, r.layer, path),
            format!(
                "`{path}` is {what}{owner} (mode {:04o}){}",
                e.mode & 0o7777,
                base_note(img, r.layer)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{image_locations, image_run};

    #[test]
    fn unusual_setuid_and_setgid_files() {
        let d = image_run(
            "SS910",
            "FROM x\n+ /usr/local/bin/tool 4755\n+ /opt/g 2755\nRUN y\n+ /opt/b 6755 uid=1000\n",
        );
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "`/opt/b` is setuid and setgid (owner 1000) (mode 6755)",
                "`/opt/g` is setgid (mode 2755) (from the base image)",
                "`/usr/local/bin/tool` is setuid root (mode 4755) (from the base image)",
            ]
        );
        assert!(d[0]
            .location
            .as_deref()
            .unwrap()
            .starts_with("layer 1 (sha256:"));
        assert!(d[0].location.as_deref().unwrap().ends_with("…): /opt/b"));
    }

    #[test]
    fn allow_listed_plain_and_removed_files_are_clean() {
        assert!(image_locations(
            "SS910",
            "FROM x\n+ /usr/bin/passwd 4755\n+ /bin/su 4755\n+ /usr/bin/tool 0755\n\
             + /usr/bin/dir/ 2775\n+ /opt/gone 4755\nRUN rm\n- /opt/gone\n"
        )
        .is_empty());
    }
}
