#!/usr/bin/env python3
"""Writes a docker-save archive (legacy layout plus OCI index, uncompressed
layers) of about SIZE_MB megabytes: a few layers of many files of mixed sizes.
Usage: python3 bench/gen_image.py OUT.tar [SIZE_MB]. Standard library only."""
import hashlib, io, json, random, sys, tarfile

out = sys.argv[1]
size = int(sys.argv[2]) if len(sys.argv) > 2 else 200
rng = random.Random(7)
chunk = bytes(rng.getrandbits(8) for _ in range(1 << 16))


def layer(n_bytes, prefix):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        written, i = 0, 0
        for d in ("etc", "usr", "usr/lib", prefix):
            ti = tarfile.TarInfo(d); ti.type = tarfile.DIRTYPE; ti.mode = 0o755
            t.addfile(ti)
        if prefix == "base":
            for name, data in (("etc/os-release", b'ID=debian\nVERSION_ID="12"\n'),
                               ("etc/passwd", b"root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n")):
                ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
        while written < n_bytes:
            s = rng.choice((200, 3000, 40000, 400000))
            data = (chunk * (s // len(chunk) + 1))[:s]
            ti = tarfile.TarInfo(f"{prefix}/d{i % 50}/f{i}.bin"); ti.size = s; ti.mode = 0o644
            t.addfile(ti, io.BytesIO(data))
            written += s; i += 1
    return buf.getvalue()


layers = [layer(size * (1 << 20) // 4, p) for p in ("base", "lib", "app", "data")]
diff_ids = ["sha256:" + hashlib.sha256(l).hexdigest() for l in layers]
config = json.dumps({
    "architecture": "amd64", "os": "linux",
    "config": {"User": "app", "Env": ["PATH=/usr/bin:/bin"], "Cmd": ["/app/run"]},
    "history": [{"created_by": f"COPY {p} /{p}"} for p in ("base", "lib", "app", "data")],
    "rootfs": {"type": "layers", "diff_ids": diff_ids},
}).encode()
config_name = hashlib.sha256(config).hexdigest() + ".json"
with tarfile.open(out, "w") as t:
    def add(name, data):
        ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
    names = []
    for i, l in enumerate(layers):
        name = f"{hashlib.sha256(l).hexdigest()}/layer.tar"
        add(name, l); names.append(name)
    add(config_name, config)
    add("manifest.json", json.dumps([{"Config": config_name, "RepoTags": ["bench:1"], "Layers": names}]).encode())
