//! Image sketches: a small text form of an image, for the image rules'
//! examples (`bad`/`good`, the generated docs, `shipshape explain`) and for
//! tests. It reads like the Dockerfile that built the image, with the files
//! each layer holds written under the step that made the layer:
//!
//! ```text
//! FROM debian:12                # the base image's layer (in the base image)
//! USER root                     # config.User (an empty-layer history entry)
//! EXPOSE 22 8080/udp            # config.ExposedPorts
//! ENV DB_PASSWORD=hunter2       # config.Env
//! LABEL a=b                     # config.Labels
//! HEALTHCHECK CMD curl -f http://localhost/   (or HEALTHCHECK NONE)
//! VOLUME /data                  # config.Volumes
//! CMD ["app"]                   # also ENTRYPOINT, WORKDIR, ARG
//! RUN make install              # a history entry that makes a layer
//! + /usr/bin/tool 4755          # a file of the last layer, with its mode
//! + /srv/cache/ 0777            # a directory (trailing slash)
//! + /app/.env 0600 = A=1\nB=2   # content (`\n`, `\t`, `\\` escapes)
//! + /var/big size=20M           # a size without content (K, M, G suffixes)
//! + /bin/sh -> busybox          # a symlink
//! - /root/.ssh/id_rsa           # deleted by this layer (a whiteout)
//! ```
//!
//! `FROM`, `RUN`, `COPY` and `ADD` make layers; the other instructions only
//! set the config and add a history entry. Entries up to the last `FROM`
//! are in the base image. Lines starting with `#` are comments. The history
//! is written the way BuildKit writes it (`RUN /bin/sh -c … # buildkit`).

use super::merge::finish_filesystem;
use super::model::{
    BaseGuess, Content, FileEntry, FileKind, Healthcheck, HistoryEntry, Image, Layer,
};

/// Builds an image from a sketch. The error names the line that is wrong.
pub fn parse(text: &str) -> Result<Image, String> {
    let mut img = Image::default();
    let mut last_from: Option<usize> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let err = |m: &str| format!("line {}: {m}", n + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('+') {
            let layer = img
                .layers
                .last_mut()
                .ok_or_else(|| err("a file line needs a FROM, RUN, COPY or ADD above it"))?;
            let entry = file_line(rest.trim()).map_err(|m| err(&m))?;
            if entry.kind == FileKind::File {
                layer.files_size += entry.size;
            }
            layer.entry_count += 1;
            layer.entries.push(entry);
            continue;
        }
        if let Some(rest) = line.strip_prefix('-') {
            let layer = img
                .layers
                .last_mut()
                .ok_or_else(|| err("a deletion needs a FROM, RUN, COPY or ADD above it"))?;
            layer.entry_count += 1;
            layer.entries.push(entry(
                &super::paths::normalise_str(rest.trim()),
                FileKind::Whiteout,
                0o644,
            ));
            continue;
        }
        let (word, args) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let args = args.trim();
        let word = word.to_ascii_uppercase();
        let index = img.history.len();
        let (created_by, makes_layer) = match word.as_str() {
            "FROM" => {
                last_from = Some(index);
                (format!("/bin/sh -c #(nop) ADD file:{args} in / "), true)
            }
            "RUN" => (format!("RUN /bin/sh -c {args} # buildkit"), true),
            "COPY" | "ADD" => (format!("{word} {args} # buildkit"), true),
            "USER" => {
                img.config.user = Some(args.to_string());
                (line.to_string(), false)
            }
            "EXPOSE" => {
                for p in args.split_whitespace() {
                    let p = if p.contains('/') {
                        p.to_string()
                    } else {
                        format!("{p}/tcp")
                    };
                    img.config.exposed_ports.push(p);
                }
                (line.to_string(), false)
            }
            "ENV" => {
                img.config.env.extend(pairs(args));
                (line.to_string(), false)
            }
            "LABEL" => {
                img.config.labels.extend(pairs(args));
                (line.to_string(), false)
            }
            "HEALTHCHECK" => {
                let test = if args.eq_ignore_ascii_case("NONE") {
                    vec!["NONE".to_string()]
                } else {
                    let cmd = args.strip_prefix("CMD").unwrap_or(args).trim();
                    vec!["CMD-SHELL".to_string(), cmd.to_string()]
                };
                img.config.healthcheck = Some(Healthcheck {
                    test,
                    ..Healthcheck::default()
                });
                (line.to_string(), false)
            }
            "VOLUME" => {
                img.config.volumes.extend(list(args));
                (line.to_string(), false)
            }
            "CMD" => {
                img.config.cmd = Some(command(args));
                (line.to_string(), false)
            }
            "ENTRYPOINT" => {
                img.config.entrypoint = Some(command(args));
                (line.to_string(), false)
            }
            "WORKDIR" => {
                img.config.working_dir = Some(args.to_string());
                (line.to_string(), false)
            }
            "ARG" => (line.to_string(), false),
            _ => return Err(err(&format!("`{word}` is not a sketch instruction"))),
        };
        let layer = makes_layer.then_some(img.layers.len());
        img.history.push(HistoryEntry {
            index,
            created: None,
            created_by,
            comment: Some("buildkit.dockerfile.v0".to_string()),
            author: None,
            empty_layer: !makes_layer,
            layer,
            in_base_image: false,
        });
        if let Some(l) = layer {
            img.layers.push(Layer {
                index: l,
                history: Some(index),
                ..Layer::default()
            });
        }
    }
    if let Some(b) = last_from {
        let mut base_layers = 0;
        for h in img.history.iter_mut().take(b + 1) {
            h.in_base_image = true;
            if !h.empty_layer {
                base_layers += 1;
            }
        }
        img.base = BaseGuess {
            last_base_entry: Some(b),
            rule: "sketch",
            base_layers,
        };
    }
    for l in &mut img.layers {
        let id = digest_of(l);
        l.uncompressed_size = l.files_size;
        l.compressed_size = l.files_size;
        l.diff_id = Some(id.clone());
        img.diff_ids.push(id);
    }
    finish_filesystem(&mut img);
    Ok(img)
}

fn entry(path: &str, kind: FileKind, mode: u32) -> FileEntry {
    FileEntry {
        path: path.to_string(),
        kind,
        mode,
        uid: 0,
        gid: 0,
        size: 0,
        link: None,
        content: None,
        content_truncated: false,
        unsafe_path: false,
    }
}

fn file_line(rest: &str) -> Result<FileEntry, String> {
    let (head, content) = match rest.split_once(" = ") {
        Some((h, c)) => (h, Some(unescape(c))),
        None => (rest, None),
    };
    let (head, link) = match head.split_once(" -> ") {
        Some((h, l)) => (h, Some(l.trim().to_string())),
        None => (head, None),
    };
    let mut words = head.split_whitespace();
    let raw_path = words.next().ok_or("a file line needs a path")?;
    let dir = raw_path.ends_with('/') && raw_path.len() > 1;
    let path = super::paths::normalise_str(raw_path);
    let kind = if link.is_some() {
        FileKind::Symlink
    } else if dir {
        FileKind::Dir
    } else {
        FileKind::File
    };
    let mut e = entry(
        &path,
        kind,
        match kind {
            FileKind::Dir => 0o755,
            FileKind::Symlink => 0o777,
            _ => 0o644,
        },
    );
    e.link = link;
    for w in words {
        if let Some(v) = w.strip_prefix("size=") {
            e.size = size(v).ok_or_else(|| format!("bad size `{v}`"))?;
        } else if let Some(v) = w.strip_prefix("uid=") {
            e.uid = v.parse().map_err(|_| format!("bad uid `{v}`"))?;
        } else if let Some(v) = w.strip_prefix("gid=") {
            e.gid = v.parse().map_err(|_| format!("bad gid `{v}`"))?;
        } else if w.bytes().all(|b| (b'0'..=b'7').contains(&b)) && w.len() <= 5 {
            e.mode = u32::from_str_radix(w, 8).map_err(|_| format!("bad mode `{w}`"))?;
        } else {
            return Err(format!("unexpected `{w}` in a file line"));
        }
    }
    if let Some(c) = content {
        if e.kind == FileKind::File {
            if e.size == 0 {
                e.size = c.len() as u64;
            }
            e.content = Some(Content(c.into_bytes()));
        }
    }
    Ok(e)
}

fn size(v: &str) -> Option<u64> {
    let (num, mult) = match v.as_bytes().last()? {
        b'K' | b'k' => (&v[..v.len() - 1], 1024),
        b'M' | b'm' => (&v[..v.len() - 1], 1024 * 1024),
        b'G' | b'g' => (&v[..v.len() - 1], 1024 * 1024 * 1024),
        _ => (v, 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mult)
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// `K=V K2="v 2"` (or the legacy `K V` form) as pairs.
fn pairs(args: &str) -> Vec<(String, String)> {
    let words = words(args);
    if words.len() >= 2 && !words.iter().any(|w| w.contains('=')) {
        let value = args
            .split_once(char::is_whitespace)
            .map_or("", |(_, v)| v.trim());
        return vec![(words[0].clone(), value.to_string())];
    }
    words
        .into_iter()
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (w, String::new()),
        })
        .collect()
}

/// Whitespace-separated words; double quotes group and are removed.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            c => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn list(args: &str) -> Vec<String> {
    if args.starts_with('[') {
        if let Ok(v) = serde_json::from_str::<Vec<String>>(args) {
            return v;
        }
    }
    words(args)
}

fn command(args: &str) -> Vec<String> {
    if args.starts_with('[') {
        if let Ok(v) = serde_json::from_str::<Vec<String>>(args) {
            return v;
        }
    }
    vec!["/bin/sh".into(), "-c".into(), args.to_string()]
}

/// A made-up, stable `sha256:` id from the layer's entries.
fn digest_of(l: &Layer) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ l.index as u64;
    let mut out = String::from("sha256:");
    for round in 0u64..4 {
        h ^= round.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        for e in &l.entries {
            for b in e.path.bytes().chain(e.mode.to_le_bytes()) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x100_0000_01b3);
            }
        }
        h = h.wrapping_mul(0x100_0000_01b3) ^ l.index as u64;
        out.push_str(&format!("{h:016x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sketch_builds_config_history_layers_and_the_merged_fs() {
        let img = parse(
            "# comment\nFROM debian:12\n+ /etc/os-release = ID=debian\\nVERSION_ID=\"12\"\n\
             + /usr/bin/passwd 4755\nUSER 0:0\nEXPOSE 22 53/udp\nENV A=1 B=\"two words\"\n\
             HEALTHCHECK NONE\nVOLUME [\"/data\"]\nRUN make\n+ /root/.ssh/id_rsa 0600 = key\n\
             + /tmp/ 1777\n+ /bin/sh -> busybox\n+ /big size=2K\nRUN rm key\n- /root/.ssh/id_rsa\n",
        )
        .unwrap();
        assert_eq!(img.config.user.as_deref(), Some("0:0"));
        assert_eq!(img.config.exposed_ports, vec!["22/tcp", "53/udp"]);
        assert_eq!(img.config.env_var("B"), Some("two words"));
        assert!(img.config.healthcheck.as_ref().unwrap().is_disabled());
        assert_eq!(img.config.volumes, vec!["/data"]);
        assert_eq!(img.layers.len(), 3);
        assert_eq!(img.history.len(), 8);
        assert!(img.history[0].in_base_image && !img.history[1].in_base_image);
        assert_eq!(img.history[6].layer, Some(1));
        assert_eq!(img.layers[1].history, Some(6));
        assert!(img.file("/usr/bin/passwd").unwrap().is_setuid());
        assert_eq!(img.file("/tmp").unwrap().kind, FileKind::Dir);
        assert_eq!(img.file("/big").unwrap().size, 2048);
        assert!(img.file("/root/.ssh/id_rsa").is_none());
        assert_eq!(img.deleted_but_present().count(), 1);
        assert_eq!(
            img.os_release.as_ref().unwrap().version_id.as_deref(),
            Some("12")
        );
    }

    #[test]
    fn mistakes_name_their_line() {
        assert_eq!(
            parse("+ /a").unwrap_err(),
            "line 1: a file line needs a FROM, RUN, COPY or ADD above it"
        );
        assert!(parse("FROM x\n+ /a bogus")
            .unwrap_err()
            .starts_with("line 2:"));
        assert!(parse("FROM x\nFLY away").unwrap_err().contains("FLY"));
    }
}
