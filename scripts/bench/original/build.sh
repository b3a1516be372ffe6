#!/usr/bin/env bash
# Builds the Rust original (mstream 0.47) once into a cache outside the repo, for `npm run bench`.
# Its source is the anchor tarball beside the workspace (../shared/anchors, see its README). Nothing of
# it is committed here; the benchmark only runs the binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/mstream-rs-0.47"
tarball="${MSTREAM_ORIGINAL_TARBALL:-$repo/../shared/anchors/mstream-rs-0.47.tar.gz}"

need() { command -v "$1" >/dev/null 2>&1 || { echo "build.sh: $1 is missing ($2)" >&2; exit 1; }; }
need cargo "install Rust with rustup"
need cmake "apt-get install -y cmake (rdkafka builds librdkafka)"
need protoc "apt-get install -y protobuf-compiler (the Pub/Sub client's protos)"
[ -f "$tarball" ] || { echo "build.sh: no source tarball at $tarball (set MSTREAM_ORIGINAL_TARBALL)" >&2; exit 1; }

mkdir -p "$cache/src"
[ -f "$cache/src/Cargo.toml" ] || tar -xzf "$tarball" -C "$cache/src"
cd "$cache/src"
CARGO_TARGET_DIR="$cache/target" cargo build --release
echo "built $cache/target/release/mstream"
