#!/usr/bin/env bash
# Builds the native addon (build/Release/smoothtask.node) and the BPF objects (build/bpf/*.bpf.o):
# checks the toolchain, fetches libbpf's pinned source if missing, then runs node-gyp, whose
# binding.gyp compiles libbpf as a PIC static library and the BPF programs (scripts/compile-bpf.sh).
# Fails with a clear message when a tool is missing; SmoothTask then runs on /proc alone.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH=$root/node_modules/.bin:$PATH:/usr/sbin

missing=()
for tool in g++ make python3 pkg-config clang bpftool curl flock; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
pkg-config --exists libelf 2>/dev/null || missing+=("libelf-dev")
pkg-config --exists zlib 2>/dev/null || missing+=("zlib1g-dev")
command -v node-gyp >/dev/null || missing+=("node-gyp (npm dependency)")
if ((${#missing[@]})); then
  echo "build-native: cannot build the native addon, missing: ${missing[*]}" >&2
  echo "build-native: install them (as root: bash scripts/bootstrap.sh, or apt-get install per scripts/debian-packages.txt); SmoothTask still runs on /proc without the addon" >&2
  exit 1
fi
if [[ ! -r ${VMLINUX_BTF:-/sys/kernel/btf/vmlinux} ]]; then
  echo "build-native: ${VMLINUX_BTF:-/sys/kernel/btf/vmlinux} is not readable: this kernel has no BTF (CONFIG_DEBUG_INFO_BTF), so the BPF programs cannot be built; SmoothTask still runs on /proc" >&2
  exit 1
fi

# A second run skips what is done: nothing the addon or the BPF objects are built from is newer
# than the addon, and every bpf/*.bpf.c has its object.
addon=build/Release/smoothtask.node
if [[ -f $addon ]] && [[ -z $(find native bpf binding.gyp scripts/compile-bpf.sh scripts/fetch-libbpf.sh -newer "$addon" -print -quit) ]] &&
  [[ $(ls bpf/*.bpf.c | wc -l) -eq $(ls build/bpf/*.bpf.o 2>/dev/null | wc -l) ]]; then
  echo "build-native: $addon is up to date"
  exit 0
fi

bash scripts/fetch-libbpf.sh
# Other builds of the same addon may be running: one node-gyp at a time.
flock /tmp/smoothtask-build.lock node-gyp rebuild --nodedir=/usr
echo "build-native: built build/Release/smoothtask.node and $(ls build/bpf/*.bpf.o | wc -l) BPF objects"
