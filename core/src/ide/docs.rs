//! Short reference text for instructions, flags, `--mount` keys and parser
//! directives, written for shipshape (one paragraph each), shown in hover
//! and completion.

use crate::syntax::Keyword;

/// The syntax line and a one-paragraph description of an instruction.
pub fn keyword_doc(k: Keyword) -> (&'static str, &'static str) {
    match k {
        Keyword::Add => (
            "ADD [--chown=…] [--chmod=…] [--checksum=…] [--link] <src>… <dest>",
            "Copies files into the image like COPY, but also fetches URLs, clones git repositories and unpacks local tar archives. Prefer COPY unless you need one of those extras: the extra behaviour is easy to trigger by accident.",
        ),
        Keyword::Arg => (
            "ARG <name>[=<default>] …",
            "Declares a build argument that `--build-arg` can set. Before the first FROM it is global and usable on FROM lines; inside a stage it must be declared (again) to be visible there. Values end up in the build history, so never pass secrets this way.",
        ),
        Keyword::Cmd => (
            "CMD [\"executable\", \"param\"…] | CMD command param…",
            "The default command (or default arguments to ENTRYPOINT) of a container started from the image. Only the last CMD of a stage counts. The JSON (exec) form runs without a shell and receives signals directly.",
        ),
        Keyword::Copy => (
            "COPY [--from=…] [--chown=…] [--chmod=…] [--link] [--parents] [--exclude=…] <src>… <dest>",
            "Copies files from the build context, another stage (`--from`) or an image into the image. Copy only what the image needs, and set ownership with `--chown` instead of a later `chown` layer.",
        ),
        Keyword::Entrypoint => (
            "ENTRYPOINT [\"executable\", \"param\"…] | ENTRYPOINT command param…",
            "The program a container runs; CMD supplies its default arguments. Use the JSON form so the program runs as PID 1 and gets stop signals; the shell form wraps it in `/bin/sh -c`.",
        ),
        Keyword::Env => (
            "ENV <key>=<value> …",
            "Sets environment variables for the rest of the stage, for stages built FROM it and for containers run from the image. Values are stored in the image config and visible to anyone who can pull it.",
        ),
        Keyword::Expose => (
            "EXPOSE <port>[/<protocol>] …",
            "Documents the ports the application listens on. It publishes nothing by itself; `docker run -p` or an orchestrator does.",
        ),
        Keyword::From => (
            "FROM [--platform=…] <image>[:<tag>|@<digest>] [AS <name>]",
            "Starts a build stage on a base image, on `scratch`, or on an earlier stage. Pin the base by digest for repeatable builds, and name stages with `AS` so other stages can refer to them.",
        ),
        Keyword::Healthcheck => (
            "HEALTHCHECK [--interval=…] [--timeout=…] [--start-period=…] [--retries=…] CMD <command> | HEALTHCHECK NONE",
            "Tells the runtime how to test that the container still works: the command runs periodically and a non-zero exit marks it unhealthy. `NONE` turns off a check inherited from the base image.",
        ),
        Keyword::Label => (
            "LABEL <key>=<value> …",
            "Adds metadata to the image config, such as the OCI `org.opencontainers.image.*` annotations for source, version and licence.",
        ),
        Keyword::Maintainer => (
            "MAINTAINER <name>",
            "Deprecated: sets the author field. Use `LABEL org.opencontainers.image.authors=…` instead.",
        ),
        Keyword::Onbuild => (
            "ONBUILD <instruction>",
            "Registers an instruction that runs later, when another Dockerfile builds FROM this image. Triggers run in the child build with its context, which makes them surprising; use sparingly.",
        ),
        Keyword::Run => (
            "RUN [--mount=…] [--network=…] [--security=…] <command> | RUN [\"executable\", …]",
            "Runs a command in a new layer at build time. Join related commands with `&&`, clean package caches in the same RUN, and use `--mount=type=secret` or `type=ssh` for credentials so they never reach a layer.",
        ),
        Keyword::Shell => (
            "SHELL [\"executable\", \"param\"…]",
            "Changes the shell used by the shell form of RUN, CMD and ENTRYPOINT (default `[\"/bin/sh\", \"-c\"]`). Setting `-o pipefail` makes failures inside pipes fail the build.",
        ),
        Keyword::Stopsignal => (
            "STOPSIGNAL <signal>",
            "The signal the runtime sends to stop the container (default SIGTERM).",
        ),
        Keyword::User => (
            "USER <user>[:<group>]",
            "The user (and group) for the following RUN, CMD and ENTRYPOINT instructions and for the container. End the final stage with a non-root user so a compromised process has less power.",
        ),
        Keyword::Volume => (
            "VOLUME [\"/path\"…] | VOLUME /path …",
            "Declares mount points whose content lives outside the container's writable layer. Changes to these paths in later build steps are discarded.",
        ),
        Keyword::Workdir => (
            "WORKDIR <path>",
            "Sets the working directory for the following instructions and the container, creating it if needed. Use absolute paths rather than `cd` in RUN.",
        ),
    }
}

/// The flags each instruction accepts, with a value placeholder (`None`
/// for boolean flags).
pub(super) fn flags_of(k: Keyword) -> &'static [(&'static str, Option<&'static str>)] {
    match k {
        Keyword::From => &[("platform", Some("linux/amd64"))],
        Keyword::Run => &[
            ("mount", Some("type=cache,target=/root/.cache")),
            ("network", Some("none")),
            ("security", Some("sandbox")),
        ],
        Keyword::Copy => &[
            ("from", Some("stage")),
            ("chown", Some("user:group")),
            ("chmod", Some("0644")),
            ("link", None),
            ("parents", None),
            ("exclude", Some("pattern")),
        ],
        Keyword::Add => &[
            ("chown", Some("user:group")),
            ("chmod", Some("0644")),
            ("link", None),
            ("checksum", Some("sha256:…")),
            ("keep-git-dir", None),
            ("exclude", Some("pattern")),
        ],
        Keyword::Healthcheck => &[
            ("interval", Some("30s")),
            ("timeout", Some("30s")),
            ("start-period", Some("5s")),
            ("start-interval", Some("5s")),
            ("retries", Some("3")),
        ],
        _ => &[],
    }
}

/// One paragraph on a flag of an instruction (`name` without `--`).
pub fn flag_doc(k: Keyword, name: &str) -> Option<&'static str> {
    Some(match (k, name) {
        (Keyword::From, "platform") => "`--platform=<os>/<arch>[/<variant>]`: the platform of the base image to pull, for example `linux/arm64` or `$BUILDPLATFORM` for a stage that runs tools on the build machine.",
        (Keyword::Run, "mount") => "`--mount=type=<bind|cache|tmpfs|secret|ssh>,…`: a mount that exists only while this command runs. Caches speed up package managers, secrets and SSH agents give credentials without storing them in a layer.",
        (Keyword::Run, "network") => "`--network=<default|none|host>`: the network the command runs in. `none` makes the step hermetic; `host` needs the `network.host` entitlement.",
        (Keyword::Run, "security") => "`--security=<sandbox|insecure>`: `insecure` runs the command with elevated privileges (like `docker run --privileged`) and needs the `security.insecure` entitlement.",
        (Keyword::Copy, "from") => "`--from=<stage|index|image>`: copy from an earlier build stage (by name or index) or from an image instead of the build context.",
        (Keyword::Copy | Keyword::Add, "chown") => "`--chown=<user>[:<group>]`: owner of the copied files (names are looked up in the image's `/etc/passwd` and `/etc/group`). Without it, files belong to root.",
        (Keyword::Copy | Keyword::Add, "chmod") => "`--chmod=<mode>`: permission bits of the copied files, in octal (`0755`) or symbolic form, instead of a separate `chmod` layer.",
        (Keyword::Copy | Keyword::Add, "link") => "`--link`: copy into an independent layer that does not depend on the layers below, so it can be reused when earlier steps change.",
        (Keyword::Copy, "parents") => "`--parents`: keep the parent directories of the source paths under the destination instead of flattening them.",
        (Keyword::Copy | Keyword::Add, "exclude") => "`--exclude=<pattern>`: leave out source paths matching the pattern (may be repeated).",
        (Keyword::Add, "checksum") => "`--checksum=sha256:<hex>`: verify a remote source against this digest; the build fails when the download differs.",
        (Keyword::Add, "keep-git-dir") => "`--keep-git-dir`: keep the `.git` directory when adding a git repository (it is removed by default).",
        (Keyword::Healthcheck, "interval") => "`--interval=<duration>`: time between checks (default 30s).",
        (Keyword::Healthcheck, "timeout") => "`--timeout=<duration>`: a check running longer than this counts as failed (default 30s).",
        (Keyword::Healthcheck, "start-period") => "`--start-period=<duration>`: start-up time during which failures do not count towards the retries (default 0s).",
        (Keyword::Healthcheck, "start-interval") => "`--start-interval=<duration>`: time between checks during the start period (default 5s).",
        (Keyword::Healthcheck, "retries") => "`--retries=<n>`: consecutive failures needed to mark the container unhealthy (default 3).",
        _ => return None,
    })
}

/// The `--mount` keys, with a description.
pub(super) const MOUNT_KEYS: [(&str, &str); 14] = [
    (
        "type",
        "Mount type: `bind` (default), `cache`, `tmpfs`, `secret` or `ssh`.",
    ),
    (
        "target",
        "Where the mount appears in the build container (also `dst`, `destination`).",
    ),
    (
        "source",
        "Path inside `from` (bind, cache) or the secret/ssh id source (also `src`).",
    ),
    (
        "from",
        "Stage or image to mount from (bind, cache); default the build context.",
    ),
    (
        "id",
        "Identifier of a cache, secret or SSH agent; caches with the same id are shared.",
    ),
    (
        "sharing",
        "Cache sharing between concurrent builds: `shared` (default), `private` or `locked`.",
    ),
    (
        "mode",
        "File mode of the mount point or secret file, in octal.",
    ),
    ("uid", "User id owning the mount (cache, secret, ssh)."),
    ("gid", "Group id owning the mount (cache, secret, ssh)."),
    (
        "required",
        "For secret and ssh: fail the build when the secret or agent is missing (`true`/`false`).",
    ),
    (
        "env",
        "For secret: expose the secret as this environment variable instead of a file.",
    ),
    (
        "readonly",
        "Mount read-only (also `ro`); bind mounts are read-only by default.",
    ),
    (
        "rw",
        "Mount writable (bind): writes are discarded after the command.",
    ),
    ("size", "Size limit of a tmpfs mount."),
];

/// The values completion offers for a `--mount` key.
pub(super) fn mount_values(key: &str) -> &'static [&'static str] {
    match key {
        "type" => &["bind", "cache", "tmpfs", "secret", "ssh"],
        "sharing" => &["shared", "private", "locked"],
        "required" | "readonly" | "ro" | "rw" => &["true", "false"],
        _ => &[],
    }
}

/// One paragraph on a `--mount` key (aliases included).
pub fn mount_key_doc(key: &str) -> Option<&'static str> {
    let key = match key.to_ascii_lowercase().as_str() {
        "dst" | "destination" => "target",
        "src" => "source",
        "ro" => "readonly",
        "readwrite" => "rw",
        _ => {
            return MOUNT_KEYS
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, d)| *d)
        }
    };
    MOUNT_KEYS.iter().find(|(k, _)| *k == key).map(|(_, d)| *d)
}

/// The parser directives.
pub(super) const DIRECTIVES: [(&str, &str, &str); 3] = [
    (
        "syntax",
        "docker/dockerfile:1",
        "`# syntax=<image>`: the Dockerfile frontend image BuildKit uses to build this file, for example `docker/dockerfile:1` for the latest stable syntax.",
    ),
    (
        "escape",
        "\\",
        "`# escape=<\\ or `>`: the character that escapes line ends and special characters; a backtick suits Windows paths.",
    ),
    (
        "check",
        "skip=all",
        "`# check=skip=<rules>;error=true`: which BuildKit build checks to skip, and whether failing checks fail the build.",
    ),
];

/// One paragraph on a parser directive.
pub fn directive_doc(name: &str) -> Option<&'static str> {
    DIRECTIVES
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, _, d)| *d)
}
