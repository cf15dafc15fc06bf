//! Fixture generator: builds image archives the way Docker, podman and skopeo
//! write them (no Docker needed).
#![allow(dead_code)]

use std::io::Write;

use flate2::write::GzEncoder;

/// One member of a layer.
#[derive(Clone, Debug)]
pub enum F {
    File(&'static str, u32, Vec<u8>),
    Dir(&'static str),
    Symlink(&'static str, &'static str),
    Hardlink(&'static str, &'static str),
    /// Deletes the path (`dir/.wh.name`).
    Whiteout(&'static str),
    /// Opaque directory marker (`dir/.wh..wh..opq`).
    Opaque(&'static str),
    /// A file whose raw tar name is written as is (for `../` and `/abs`).
    RawName(Vec<u8>, Vec<u8>),
}

pub fn file(path: &'static str, content: &str) -> F {
    F::File(path, 0o644, content.as_bytes().to_vec())
}

fn header(kind: tar::EntryType, mode: u32, size: u64) -> tar::Header {
    let mut h = tar::Header::new_ustar();
    h.set_entry_type(kind);
    h.set_mode(mode);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(1_700_000_000);
    h.set_size(size);
    h
}

fn set_raw_name(h: &mut tar::Header, name: &[u8]) {
    let old = h.as_old_mut();
    old.name = [0; 100];
    old.name[..name.len()].copy_from_slice(name);
    h.set_cksum();
}

/// Appends an entry with a path Docker would write (relative, no `./`).
fn append<W: Write>(
    b: &mut tar::Builder<W>,
    kind: tar::EntryType,
    mode: u32,
    path: &str,
    link: Option<&str>,
    data: &[u8],
) {
    let mut h = header(kind, mode, data.len() as u64);
    if let Some(l) = link {
        b.append_link(&mut h, path, l).unwrap();
    } else {
        b.append_data(&mut h, path, data).unwrap();
    }
}

/// A layer tar (uncompressed).
pub fn layer(files: &[F]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for f in files {
        match f {
            F::File(p, mode, data) => append(&mut b, tar::EntryType::Regular, *mode, p, None, data),
            F::Dir(p) => append(
                &mut b,
                tar::EntryType::Directory,
                0o755,
                &format!("{p}/"),
                None,
                &[],
            ),
            F::Symlink(p, t) => append(&mut b, tar::EntryType::Symlink, 0o777, p, Some(t), &[]),
            F::Hardlink(p, t) => append(&mut b, tar::EntryType::Link, 0o644, p, Some(t), &[]),
            F::Whiteout(p) => {
                let (dir, name) = p.rsplit_once('/').unwrap_or(("", p));
                let wh = if dir.is_empty() {
                    format!(".wh.{name}")
                } else {
                    format!("{dir}/.wh.{name}")
                };
                append(&mut b, tar::EntryType::Regular, 0o644, &wh, None, &[]);
            }
            F::Opaque(d) => append(
                &mut b,
                tar::EntryType::Regular,
                0o644,
                &format!("{d}/.wh..wh..opq"),
                None,
                &[],
            ),
            F::RawName(name, data) => {
                let mut h = header(tar::EntryType::Regular, 0o644, data.len() as u64);
                set_raw_name(&mut h, name);
                b.append(&h, data.as_slice()).unwrap();
            }
        }
    }
    b.into_inner().unwrap()
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

/// A stable 64-hex-digit id for some bytes (not SHA-256; nothing checks it).
pub fn hex_id(data: &[u8]) -> String {
    let mut out = String::new();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for round in 0u64..4 {
        h ^= round.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        for &b in data {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        h ^= data.len() as u64;
        out.push_str(&format!("{h:016x}"));
    }
    out
}

pub fn digest(data: &[u8]) -> String {
    format!("sha256:{}", hex_id(data))
}

/// History entry: (created_by, empty_layer, comment).
pub type Hist = (&'static str, bool, Option<&'static str>);

/// A typical image: debian base (classic builder) + the user's BuildKit steps.
pub fn typical_history() -> Vec<Hist> {
    vec![
        ("/bin/sh -c #(nop) ADD file:6f9d7c1b2a8e in / ", false, None),
        ("/bin/sh -c #(nop)  CMD [\"bash\"]", true, None),
        ("WORKDIR /app", false, Some("buildkit.dockerfile.v0")),
        ("COPY . . # buildkit", false, Some("buildkit.dockerfile.v0")),
        (
            "RUN /bin/sh -c rm -f /root/.aws/credentials # buildkit",
            false,
            Some("buildkit.dockerfile.v0"),
        ),
        ("USER app", true, Some("buildkit.dockerfile.v0")),
        (
            "CMD [\"node\", \"server.js\"]",
            true,
            Some("buildkit.dockerfile.v0"),
        ),
    ]
}

/// An image config JSON (Docker's shape, which is a superset of OCI's).
pub fn config_json(
    arch: &str,
    variant: Option<&str>,
    diff_ids: &[String],
    history: &[Hist],
) -> Vec<u8> {
    let hist: Vec<serde_json::Value> = history
        .iter()
        .enumerate()
        .map(|(i, (by, empty, comment))| {
            let mut o = serde_json::json!({
                "created": format!("2024-05-0{}T10:00:00Z", 1 + i.min(8)),
                "created_by": by,
            });
            if *empty {
                o["empty_layer"] = serde_json::json!(true);
            }
            if let Some(c) = comment {
                o["comment"] = serde_json::json!(c);
            }
            o
        })
        .collect();
    let mut v = serde_json::json!({
        "architecture": arch,
        "config": {
            "User": "app",
            "ExposedPorts": {"3000/tcp": {}},
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NODE_ENV=production", "API_TOKEN=abc123"],
            "Cmd": ["node", "server.js"],
            "WorkingDir": "/app",
            "Labels": {"org.opencontainers.image.source": "https://example.com/app"},
            "ArgsEscaped": true
        },
        "created": "2024-05-07T10:00:00Z",
        "history": hist,
        "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": diff_ids}
    });
    if let Some(var) = variant {
        v["variant"] = serde_json::json!(var);
    }
    serde_json::to_vec(&v).unwrap()
}

/// The layers of the typical image, as uncompressed tars.
pub fn typical_layers() -> Vec<Vec<u8>> {
    vec![
        layer(&[
            F::Dir("etc"),
            file("etc/passwd", "root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n"),
            file("etc/shadow", "root:*:19000:0:99999:7:::\napp:!:19000::::::\n"),
            file("etc/group", "root:x:0:\napp:x:1000:\n"),
            F::Symlink("etc/os-release", "../usr/lib/os-release"),
            F::Dir("usr"),
            F::Dir("usr/lib"),
            file("usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n"),
            F::Dir("usr/bin"),
            F::File("usr/bin/passwd", 0o4755, vec![0x7f, b'E', b'L', b'F', 0, 0, 0, 0]),
            F::Dir("root"),
            F::Dir("tmp"),
        ]),
        layer(&[F::Dir("app")]),
        layer(&[
            F::Dir("app"),
            file("app/server.js", "require('http').createServer().listen(3000)\n"),
            file("app/.env", "DB_PASSWORD=hunter2\n"),
            F::Dir("root/.aws"),
            file("root/.aws/credentials", "[default]\naws_access_key_id=AKIAEXAMPLE\naws_secret_access_key=secret\n"),
        ]),
        layer(&[F::Dir("root/.aws"), F::Whiteout("root/.aws/credentials")]),
    ]
}

/// Archive member: (path, kind, bytes).
pub struct Member {
    pub path: String,
    pub data: Vec<u8>,
    pub dir: bool,
    pub symlink: Option<String>,
}

fn m(path: impl Into<String>, data: Vec<u8>) -> Member {
    Member {
        path: path.into(),
        data,
        dir: false,
        symlink: None,
    }
}
fn d(path: impl Into<String>) -> Member {
    Member {
        path: path.into(),
        data: Vec::new(),
        dir: true,
        symlink: None,
    }
}

pub fn tar_of(members: &[Member]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for mb in members {
        if mb.dir {
            append(
                &mut b,
                tar::EntryType::Directory,
                0o755,
                &mb.path,
                None,
                &[],
            );
        } else if let Some(t) = &mb.symlink {
            append(
                &mut b,
                tar::EntryType::Symlink,
                0o777,
                &mb.path,
                Some(t),
                &[],
            );
        } else {
            append(
                &mut b,
                tar::EntryType::Regular,
                0o644,
                &mb.path,
                None,
                &mb.data,
            );
        }
    }
    b.into_inner().unwrap()
}

/// Where manifest.json goes in a legacy `docker save` archive.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Order {
    ManifestFirst,
    ManifestLast,
}

/// A `docker save` archive in the legacy layout (Docker < 25):
/// `<layerid>/{VERSION,json,layer.tar}`, `<config hex>.json`,
/// `manifest.json`, `repositories`.
pub fn docker_save_legacy(
    layers: &[Vec<u8>],
    history: &[Hist],
    tag: &str,
    order: Order,
) -> Vec<u8> {
    let diff_ids: Vec<String> = layers.iter().map(|l| digest(l)).collect();
    let config = config_json("amd64", None, &diff_ids, history);
    let config_hex = hex_id(&config);
    let mut layer_ids = Vec::new();
    let mut members = Vec::new();
    let mut parent: Option<String> = None;
    for (i, l) in layers.iter().enumerate() {
        let id = hex_id(format!("layer{i}{}", diff_ids[i]).as_bytes());
        members.push(d(format!("{id}/")));
        members.push(m(format!("{id}/VERSION"), b"1.0".to_vec()));
        let mut json = serde_json::json!({"id": id, "created": "1970-01-01T00:00:00Z", "container_config": {"Cmd": null}});
        if let Some(p) = &parent {
            json["parent"] = serde_json::json!(p);
        }
        members.push(m(format!("{id}/json"), serde_json::to_vec(&json).unwrap()));
        members.push(m(format!("{id}/layer.tar"), l.clone()));
        layer_ids.push(id.clone());
        parent = Some(id);
    }
    let manifest = serde_json::json!([{
        "Config": format!("{config_hex}.json"),
        "RepoTags": [tag],
        "Layers": layer_ids.iter().map(|id| format!("{id}/layer.tar")).collect::<Vec<_>>(),
    }]);
    let (name, t) = tag.rsplit_once(':').unwrap();
    let repositories = serde_json::json!({ name: { t: layer_ids.last().unwrap() } });
    let manifest_member = m("manifest.json", serde_json::to_vec(&manifest).unwrap());
    let mut all = Vec::new();
    if order == Order::ManifestFirst {
        all.push(manifest_member);
        all.push(m(format!("{config_hex}.json"), config));
        all.extend(members);
        all.push(m(
            "repositories",
            serde_json::to_vec(&repositories).unwrap(),
        ));
    } else {
        all.push(m(format!("{config_hex}.json"), config));
        all.extend(members);
        all.push(m(
            "repositories",
            serde_json::to_vec(&repositories).unwrap(),
        ));
        all.push(manifest_member);
    }
    tar_of(&all)
}

/// One platform image of an OCI archive.
pub struct PlatformImage {
    pub arch: &'static str,
    pub variant: Option<&'static str>,
    /// Layer blobs as stored (plain, gzip or zstd).
    pub blobs: Vec<(Vec<u8>, &'static str)>,
    pub diff_ids: Vec<String>,
    pub history: Vec<Hist>,
}

pub fn platform_image(
    arch: &'static str,
    variant: Option<&'static str>,
    layers: &[Vec<u8>],
    compress: &str,
) -> PlatformImage {
    let blobs = layers
        .iter()
        .map(|l| match compress {
            "gzip" => (gzip(l), "application/vnd.oci.image.layer.v1.tar+gzip"),
            "zstd" => (zstd(l), "application/vnd.oci.image.layer.v1.tar+zstd"),
            _ => (l.clone(), "application/vnd.oci.image.layer.v1.tar"),
        })
        .collect();
    PlatformImage {
        arch,
        variant,
        blobs,
        diff_ids: layers.iter().map(|l| digest(l)).collect(),
        history: typical_history(),
    }
}

fn descriptor(media_type: &str, data: &[u8]) -> serde_json::Value {
    serde_json::json!({"mediaType": media_type, "digest": digest(data), "size": data.len()})
}

/// An OCI image layout archive. `docker_style`: Docker 25+ `docker save`
/// (adds `manifest.json` and `repositories`, single image → index.json points
/// at the manifest). Several platforms → index.json points at an image index
/// (as containerd's store does), with an attestation manifest like BuildKit's.
/// `blobs_first`: blobs before index.json (order varies by tool).
pub fn oci_archive(
    images: &[PlatformImage],
    tag: &str,
    docker_style: bool,
    blobs_first: bool,
) -> Vec<u8> {
    let mut blobs: Vec<Member> = Vec::new();
    let mut manifests = Vec::new();
    let mut docker_manifest = Vec::new();
    for img in images {
        let config = config_json(img.arch, img.variant, &img.diff_ids, &img.history);
        let layer_descs: Vec<serde_json::Value> =
            img.blobs.iter().map(|(b, mt)| descriptor(mt, b)).collect();
        let manifest = serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": descriptor("application/vnd.oci.image.config.v1+json", &config),
            "layers": layer_descs,
        });
        let manifest = serde_json::to_vec(&manifest).unwrap();
        let mut desc = descriptor("application/vnd.oci.image.manifest.v1+json", &manifest);
        let mut platform = serde_json::json!({"architecture": img.arch, "os": "linux"});
        if let Some(v) = img.variant {
            platform["variant"] = serde_json::json!(v);
        }
        desc["platform"] = platform;
        manifests.push(desc);
        docker_manifest.push(serde_json::json!({
            "Config": format!("blobs/sha256/{}", hex_id(&config)),
            "RepoTags": [tag],
            "Layers": img.blobs.iter().map(|(b, _)| format!("blobs/sha256/{}", hex_id(b))).collect::<Vec<_>>(),
        }));
        for (b, _) in &img.blobs {
            blobs.push(m(format!("blobs/sha256/{}", hex_id(b)), b.clone()));
        }
        blobs.push(m(format!("blobs/sha256/{}", hex_id(&config)), config));
        blobs.push(m(format!("blobs/sha256/{}", hex_id(&manifest)), manifest));
    }
    let annotations = serde_json::json!({
        "io.containerd.image.name": format!("docker.io/library/{tag}"),
        "org.opencontainers.image.ref.name": tag.rsplit_once(':').map(|(_, t)| t).unwrap_or("latest"),
    });
    let top = if images.len() == 1 {
        let mut desc = manifests.remove(0);
        desc.as_object_mut().unwrap().remove("platform");
        desc["annotations"] = annotations;
        desc
    } else {
        // An attestation manifest, as BuildKit adds.
        let att = serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:0000000000000000000000000000000000000000000000000000000000000000", "size": 2}, "layers": []})).unwrap();
        let mut att_desc = descriptor("application/vnd.oci.image.manifest.v1+json", &att);
        att_desc["platform"] = serde_json::json!({"architecture": "unknown", "os": "unknown"});
        att_desc["annotations"] = serde_json::json!({"vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": manifests[0]["digest"].clone()});
        blobs.push(m(format!("blobs/sha256/{}", hex_id(&att)), att));
        manifests.push(att_desc);
        let index = serde_json::to_vec(&serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": manifests,
        }))
        .unwrap();
        blobs.push(m(format!("blobs/sha256/{}", hex_id(&index)), index.clone()));
        let mut desc = descriptor("application/vnd.oci.image.index.v1+json", &index);
        desc["annotations"] = annotations;
        desc
    };
    let index_json = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [top],
    }))
    .unwrap();
    let mut meta = vec![
        m("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec()),
        m("index.json", index_json),
    ];
    if docker_style {
        meta.push(m(
            "manifest.json",
            serde_json::to_vec(&docker_manifest[..1]).unwrap(),
        ));
        let (name, t) = tag.rsplit_once(':').unwrap();
        meta.push(m(
            "repositories",
            serde_json::to_vec(&serde_json::json!({ name: { t: "x" } })).unwrap(),
        ));
    }
    let mut all = vec![d("blobs/"), d("blobs/sha256/")];
    if blobs_first {
        all.extend(blobs);
        all.extend(meta);
    } else {
        all.extend(meta);
        all.extend(blobs);
    }
    tar_of(&all)
}

/// A gzip stream of `header` followed by `zeros` zero bytes, built from
/// repeated gzip members (valid gzip; decoders read members in sequence), so
/// a huge bomb costs almost nothing to make.
pub fn gzip_bomb(header: &[u8], zeros: u64) -> Vec<u8> {
    const CHUNK: usize = 1 << 20;
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(&vec![0u8; CHUNK]).unwrap();
    let member = e.finish().unwrap();
    let mut out = gzip(header);
    let full = zeros / CHUNK as u64;
    for _ in 0..full {
        out.extend_from_slice(&member);
    }
    let rest = (zeros % CHUNK as u64) as usize;
    if rest > 0 {
        out.extend(gzip(&vec![0u8; rest]));
    }
    out
}

/// A tar header for one regular file of `size` bytes (data not included).
pub fn tar_file_header(path: &str, size: u64) -> Vec<u8> {
    let mut h = header(tar::EntryType::Regular, 0o644, size);
    h.set_path(path).unwrap();
    h.set_cksum();
    h.as_bytes().to_vec()
}

/// The realistic `docker inspect` output of an image (Docker 25-ish).
pub const INSPECT_IMAGE: &str = r#"[
    {
        "Id": "sha256:5b0d2f0b6e1f3c1e4ba4f5dbb2c6f8cc2c35e4bcd25e9f8f46c0e4c1e1d0f4a2",
        "RepoTags": [
            "registry.example.com/shop/api:1.4.2",
            "registry.example.com/shop/api:latest"
        ],
        "RepoDigests": [
            "registry.example.com/shop/api@sha256:9f1c2a6c2a2f6e8b6a4a1f3e0c8d2b1a7e6f5d4c3b2a1908f7e6d5c4b3a29180"
        ],
        "Parent": "",
        "Comment": "buildkit.dockerfile.v0",
        "Created": "2024-05-07T10:00:00.123456789Z",
        "DockerVersion": "",
        "Author": "",
        "Config": {
            "Hostname": "",
            "Domainname": "",
            "User": "node",
            "AttachStdin": false,
            "AttachStdout": false,
            "AttachStderr": false,
            "ExposedPorts": {
                "3000/tcp": {},
                "9229/tcp": {}
            },
            "Tty": false,
            "OpenStdin": false,
            "StdinOnce": false,
            "Env": [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "NODE_VERSION=20.12.2",
                "YARN_VERSION=1.22.19",
                "DATABASE_URL=postgres://shop:s3cret@db:5432/shop",
                "EMPTY="
            ],
            "Cmd": [
                "node",
                "dist/main.js"
            ],
            "Healthcheck": {
                "Test": [
                    "CMD-SHELL",
                    "wget -qO- http://localhost:3000/health || exit 1"
                ],
                "Interval": 30000000000,
                "Timeout": 5000000000,
                "StartPeriod": 10000000000,
                "Retries": 3
            },
            "ArgsEscaped": true,
            "Image": "",
            "Volumes": {
                "/data": {}
            },
            "WorkingDir": "/usr/src/app",
            "Entrypoint": [
                "docker-entrypoint.sh"
            ],
            "OnBuild": null,
            "Labels": {
                "maintainer": "shop-team@example.com",
                "org.opencontainers.image.version": "1.4.2"
            },
            "StopSignal": "SIGTERM"
        },
        "Architecture": "arm64",
        "Variant": "v8",
        "Os": "linux",
        "Size": 187413520,
        "GraphDriver": {
            "Data": {
                "LowerDir": "/var/lib/docker/overlay2/a/diff:/var/lib/docker/overlay2/b/diff",
                "MergedDir": "/var/lib/docker/overlay2/c/merged",
                "UpperDir": "/var/lib/docker/overlay2/c/diff",
                "WorkDir": "/var/lib/docker/overlay2/c/work"
            },
            "Name": "overlay2"
        },
        "RootFS": {
            "Type": "layers",
            "Layers": [
                "sha256:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809",
                "sha256:2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a",
                "sha256:3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b"
            ]
        },
        "Metadata": {
            "LastTagTime": "2024-05-07T10:01:02.345678901Z"
        }
    }
]"#;

/// The realistic `docker inspect` output of a container.
pub const INSPECT_CONTAINER: &str = r#"[
    {
        "Id": "f3c1b2a0d9e8f7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2",
        "Created": "2024-05-08T08:00:00.000000000Z",
        "Path": "docker-entrypoint.sh",
        "Args": ["node", "dist/main.js"],
        "State": {"Status": "running", "Running": true, "Paused": false, "Restarting": false, "OOMKilled": false, "Dead": false, "Pid": 4242, "ExitCode": 0, "Error": "", "StartedAt": "2024-05-08T08:00:01.000000000Z", "FinishedAt": "0001-01-01T00:00:00Z"},
        "Image": "sha256:5b0d2f0b6e1f3c1e4ba4f5dbb2c6f8cc2c35e4bcd25e9f8f46c0e4c1e1d0f4a2",
        "ResolvConfPath": "/var/lib/docker/containers/f3c1/resolv.conf",
        "Name": "/shop-api",
        "RestartCount": 0,
        "Driver": "overlay2",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "docker-default",
        "HostConfig": {
            "Binds": ["/srv/data:/data"],
            "NetworkMode": "host",
            "PortBindings": {"3000/tcp": [{"HostIp": "", "HostPort": "3000"}]},
            "RestartPolicy": {"Name": "unless-stopped", "MaximumRetryCount": 0},
            "CapAdd": ["NET_ADMIN"],
            "CapDrop": null,
            "PidMode": "",
            "Privileged": true,
            "ReadonlyRootfs": false,
            "SecurityOpt": ["seccomp=unconfined"]
        },
        "Mounts": [{"Type": "bind", "Source": "/srv/data", "Destination": "/data", "Mode": "", "RW": true, "Propagation": "rprivate"}],
        "Config": {
            "Hostname": "f3c1b2a0d9e8",
            "User": "",
            "ExposedPorts": {"3000/tcp": {}},
            "Env": ["PATH=/usr/local/bin:/usr/bin:/bin", "NODE_ENV=production"],
            "Cmd": ["node", "dist/main.js"],
            "Image": "registry.example.com/shop/api:1.4.2",
            "Volumes": null,
            "WorkingDir": "/usr/src/app",
            "Entrypoint": ["docker-entrypoint.sh"],
            "OnBuild": null,
            "Labels": {"com.docker.compose.project": "shop"}
        },
        "NetworkSettings": {"Networks": {"host": {"NetworkID": "abc"}}}
    }
]"#;
