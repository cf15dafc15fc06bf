//! SS914 image-empty-password (Dockle DKL-LI-0001): an account that can
//! log in has an empty password.

use super::image_support::{
    base_note, file_location, no_dockerfile_check, no_login_shell, text_file,
};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS914",
        name: "image-empty-password",
        summary: "An account with a login shell has an empty password",
        severity: Severity::Error,
        category: Category::Privilege,
        target: Target::Image,
        checklist: &[Checklist::NoHardcodedCredentials, Checklist::LeastPrivilege],
        owasp: &[Owasp::D04],
        equivalents: &[Equivalent::similar(Tool::Dockle, "DKL-LI-0001")],
        fix: FixKind::None,
        default_enabled: true,
        why: "An empty password field in `/etc/shadow` (or in `/etc/passwd` when there is no \
shadow entry) means the account logs in with no password at all: `su app` from any process \
in the container, or a login over any service that uses PAM. Lock accounts instead (`*` or \
`!` in the password field: `passwd -l`, or `useradd` without `-p`).\n\n\
Dockle's DKL-LI-0001 reports every empty field; shipshape skips accounts whose shell allows \
no login (`nologin`, `false`), which cannot be logged into either way.",
        bad: "FROM alpine:3.20\n+ /etc/passwd = root:x:0:0:root:/root:/bin/sh\\napp:x:1000:1000::/home/app:/bin/sh\n+ /etc/shadow = root:*:19000:0:::::\\napp::19000:0:99999:7:::\n",
        good: "FROM alpine:3.20\n+ /etc/passwd = root:x:0:0:root:/root:/bin/sh\\napp:x:1000:1000::/home/app:/bin/sh\n+ /etc/shadow = root:*:19000:0:::::\\napp:!:19000:0:99999:7:::\n",
    },
    check: no_dockerfile_check,
};

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    let img = cx.image;
    let passwd = text_file(img, "/etc/passwd");
    let shell_of = |user: &str| -> Option<&str> {
        passwd.and_then(|(t, _)| {
            t.lines()
                .map(|l| l.split(':').collect::<Vec<_>>())
                .find(|f| f.first() == Some(&user))
                .and_then(|f| f.get(6).copied())
        })
    };
    let mut shadowed: Vec<&str> = Vec::new();
    if let Some((text, layer)) = text_file(img, "/etc/shadow") {
        for (i, line) in text.lines().enumerate() {
            let mut f = line.split(':');
            let (Some(user), Some(pw)) = (f.next(), f.next()) else {
                continue;
            };
            shadowed.push(user);
            if !pw.is_empty() || user.is_empty() || shell_of(user).is_some_and(no_login_shell) {
                continue;
            }
            out.report_at(
                format!("{}:{}", file_location(img, layer, "/etc/shadow"), i + 1),
                format!(
                    "Account `{user}` has an empty password in `/etc/shadow`{}",
                    base_note(img, layer)
                ),
            );
        }
    }
    if let Some((text, layer)) = passwd {
        for (i, line) in text.lines().enumerate() {
            let f: Vec<&str> = line.split(':').collect();
            let (Some(user), Some(pw)) = (f.first(), f.get(1)) else {
                continue;
            };
            if !pw.is_empty() || user.is_empty() || shadowed.contains(user) {
                continue;
            }
            if f.get(6).copied().is_some_and(no_login_shell) {
                continue;
            }
            out.report_at(
                format!("{}:{}", file_location(img, layer, "/etc/passwd"), i + 1),
                format!(
                    "Account `{user}` has no password in `/etc/passwd`{}",
                    base_note(img, layer)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{image_locations, image_run};

    #[test]
    fn empty_passwords() {
        let s = "FROM x\n+ /etc/passwd = root:x:0:0::/root:/bin/bash\\nops::1001:1001::/home/ops:/bin/sh\\nsvc:x:1002:1002::/:/bin/sh\n\
                 + /etc/shadow = root::19000::::::\\nsvc:!:19000::::::\n";
        let d = image_run("SS914", s);
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "Account `root` has an empty password in `/etc/shadow` (from the base image)",
                "Account `ops` has no password in `/etc/passwd` (from the base image)",
            ]
        );
        assert!(d[0]
            .location
            .as_deref()
            .unwrap()
            .ends_with(": /etc/shadow:1"));
        assert!(d[1]
            .location
            .as_deref()
            .unwrap()
            .ends_with(": /etc/passwd:2"));
    }

    #[test]
    fn locked_and_no_login_accounts_are_clean() {
        let s = "FROM x\n+ /etc/passwd = root:x:0:0::/root:/bin/bash\\nnobody::65534:65534::/:/usr/sbin/nologin\\nbin:x:1:1::/:/bin/false\n\
                 + /etc/shadow = root:*:19000::::::\\nbin::19000::::::\\nnobody:!:1::::::\n";
        assert!(image_locations("SS914", s).is_empty());
        assert!(image_locations("SS914", "FROM x\n").is_empty());
    }
}
