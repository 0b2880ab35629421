#!/usr/bin/env bash
# Compiles bpf/*.bpf.c into CO-RE objects in build/bpf/ (clang -target bpf -g -O2), after
# generating build/bpf/vmlinux.h from this kernel's BTF with bpftool. Run by binding.gyp's
# bpf_objects action (so every `node-gyp rebuild` recreates build/bpf, which it wipes) and usable
# by hand. Objects newer than their sources and headers are kept.
# `compile-bpf.sh SRC_DIR OUT_DIR` (relative to the repository) compiles another folder's
# *.bpf.c against the same headers: the tests build their own objects (test/ebpf/support) this way,
# into build/test-bpf, outside what the package ships.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/bpf
src_dir=$root/${1:-bpf}
obj_dir=$root/${2:-build/bpf}
libbpf_include=$root/vendor/libbpf-include
btf=${VMLINUX_BTF:-/sys/kernel/btf/vmlinux}
bpftool=$(command -v bpftool || echo /usr/sbin/bpftool)

die() { echo "compile-bpf: $*" >&2; exit 1; }
command -v clang >/dev/null || die "clang is missing: apt-get install clang llvm"
[[ -x $bpftool ]] || die "bpftool is missing: apt-get install bpftool"
[[ -r $btf ]] || die "$btf is not readable: the kernel needs CONFIG_DEBUG_INFO_BTF (or set VMLINUX_BTF)"
[[ -d $libbpf_include/bpf ]] || die "libbpf headers are missing: run scripts/fetch-libbpf.sh"

case $(uname -m) in
  x86_64) arch=x86 ;;
  aarch64) arch=arm64 ;;
  *) arch=$(uname -m) ;;
esac

mkdir -p "$out"
# vmlinux.h is regenerated when missing or when the kernel changed since it was made.
if [[ ! -s $out/vmlinux.h || $(cat "$out/vmlinux.kernel" 2>/dev/null) != "$(uname -r)" ]]; then
  "$bpftool" btf dump file "$btf" format c >"$out/vmlinux.h.tmp"
  mv "$out/vmlinux.h.tmp" "$out/vmlinux.h"
  uname -r >"$out/vmlinux.kernel"
fi

mkdir -p "$obj_dir"
for src in "$src_dir"/*.bpf.c; do
  obj=$obj_dir/$(basename "${src%.c}").o
  stale=0
  [[ -f $obj ]] || stale=1
  for dep in "$src" "$root"/bpf/*.h "$out/vmlinux.h"; do
    [[ $dep -nt $obj ]] && stale=1
  done
  [[ $stale == 1 ]] || continue
  clang -target bpf -g -O2 -Wall -Werror -D__TARGET_ARCH_$arch \
    -I"$out" -I"$root/bpf" -I"$libbpf_include" \
    -c "$src" -o "$obj.tmp"
  mv "$obj.tmp" "$obj"
  echo "compile-bpf: built ${obj#$root/}"
done
