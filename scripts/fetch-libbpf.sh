#!/usr/bin/env bash
# Fetches libbpf's source from Debian's source packages into vendor/ (git-ignored), at a pinned
# version with pinned checksums, for binding.gyp to build as a position-independent static library
# inside the addon (Debian's libbpf.a is not PIC, so it cannot be linked into a .node).
# Idempotent: does nothing when vendor/libbpf-$VERSION is already there and complete.
set -euo pipefail

VERSION=1.5.0
DEBIAN_REVISION=3
POOL=https://deb.debian.org/debian/pool/main/libb/libbpf
ORIG=libbpf_${VERSION}.orig.tar.gz
DSC=libbpf_${VERSION}-${DEBIAN_REVISION}.dsc
# sha256 of the .dsc (signed by the Debian maintainer) and of the upstream tarball it lists.
DSC_SHA256=b8fdd3a9c58a13d13e9da0927062f1237303db3a804207e423ec4335119d3245
ORIG_SHA256=53492aff6dd47e4da04ef5e672d753b9743848bdb38e9d90eafbe190b7983c44

root=$(cd "$(dirname "$0")/.." && pwd)
vendor=$root/vendor
src=$vendor/libbpf-$VERSION
stamp=$src/.smoothtask-fetched

if [[ -f $stamp ]]; then
  exit 0
fi

for tool in curl sha256sum tar; do
  command -v "$tool" >/dev/null || { echo "fetch-libbpf: '$tool' is missing (apt-get install $tool)" >&2; exit 1; }
done

mkdir -p "$vendor"
tmp=$(mktemp -d "$vendor/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "fetch-libbpf: downloading libbpf $VERSION from $POOL"
curl -fsSL --retry 3 -o "$tmp/$DSC" "$POOL/$DSC"
curl -fsSL --retry 3 -o "$tmp/$ORIG" "$POOL/$ORIG"

echo "$DSC_SHA256  $tmp/$DSC" | sha256sum -c --quiet - ||
  { echo "fetch-libbpf: $DSC checksum mismatch" >&2; exit 1; }
echo "$ORIG_SHA256  $tmp/$ORIG" | sha256sum -c --quiet - ||
  { echo "fetch-libbpf: $ORIG checksum mismatch" >&2; exit 1; }
# The tarball must also be the one the .dsc names (belt and braces: both pins agree).
grep -q " $ORIG_SHA256 [0-9]* $ORIG\$" "$tmp/$DSC" ||
  { echo "fetch-libbpf: $DSC does not list $ORIG with the pinned checksum" >&2; exit 1; }

rm -rf "$src"
tar -xzf "$tmp/$ORIG" -C "$vendor"
# BPF programs and the addon include libbpf's headers as <bpf/...>, as installed libbpf lays them out.
mkdir -p "$vendor/libbpf-include"
ln -sfn "../libbpf-$VERSION/src" "$vendor/libbpf-include/bpf"
touch "$stamp"
echo "fetch-libbpf: libbpf $VERSION is in $src"
