# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN <<EOF
apt-get update
apt-get install -y curl
rm -rf /var/lib/apt/lists/*
EOF
RUN <<-EOT bash
	set -ex
	echo "indented with tabs"
	EOT
