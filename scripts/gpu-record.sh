#!/usr/bin/env bash
# Records what a real NVIDIA host shows, for fixtures and for scripts/gpu-check.sh: the driver's
# own view (nvidia-smi CSV queries, `nvidia-smi -q -x`), SmoothTask's view (`snapshot --json`,
# `doctor`, `why --json`), and the comparison between the two, once idle and once while a GPU
# workload runs.
# Everything lands in one folder (default ./gpu-record); nothing on the host is changed.
#
#   scripts/gpu-record.sh [OUT_DIR] [-- LOAD_COMMAND...]
#
# LOAD_COMMAND is a process that keeps the GPU busy for at least 30 s (for example a PyTorch
# matrix-multiply loop); without one only the idle pass runs.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
out=${1:-gpu-record}
shift || true
[ "${1:-}" = "--" ] && shift
mkdir -p "$out"

GPU_FIELDS=index,uuid,name,pci.bus_id,utilization.gpu,utilization.memory,memory.used,memory.total,power.draw,enforced.power.limit,temperature.gpu,clocks.gr,clocks.sm,clocks.mem,clocks.max.gr,clocks.max.sm,clocks.max.mem,fan.speed,mig.mode.current
APP_FIELDS=gpu_uuid,pid,used_memory

# One pass: the driver's answers, then ours, then the comparison (gpu-check reads the saved files,
# so what it compared is exactly what was recorded).
record_pass() {
  local dir=$out/$1
  mkdir -p "$dir"
  nvidia-smi --query-gpu="$GPU_FIELDS" --format=csv,noheader,nounits >"$dir/query-gpu.csv" 2>"$dir/nvidia-smi.err"
  nvidia-smi --query-compute-apps="$APP_FIELDS" --format=csv,noheader,nounits >"$dir/query-compute-apps.csv" 2>>"$dir/nvidia-smi.err"
  "$root/bin/smoothtask" snapshot --json >"$dir/snapshot.json" 2>"$dir/snapshot.err"
  echo "snapshot exit $?" >>"$dir/snapshot.err"
  nvidia-smi --query-gpu="$GPU_FIELDS" --format=csv,noheader,nounits >"$dir/query-gpu-after.csv" 2>>"$dir/nvidia-smi.err"
  nvidia-smi -q -x >"$dir/nvidia-smi-q.xml" 2>>"$dir/nvidia-smi.err"
  nvidia-smi >"$dir/nvidia-smi.txt" 2>>"$dir/nvidia-smi.err"
  bash "$here/gpu-check.sh" --snapshot "$dir/snapshot.json" --smi-gpu "$dir/query-gpu.csv" --smi-apps "$dir/query-compute-apps.csv" >"$dir/gpu-check.txt" 2>&1
  echo "gpu-check exit $?" >>"$dir/gpu-check.txt"
  "$root/bin/smoothtask" why --json >"$dir/why.json" 2>"$dir/why.err"
}

{
  echo "date: $(date -u +%FT%TZ)"
  echo "kernel: $(uname -r)"
  echo "nvidia-smi: $(command -v nvidia-smi || echo missing)"
  nvidia-smi --version 2>&1
  echo "libnvidia-ml:"; ldconfig -p 2>/dev/null | grep -i nvidia-ml
  echo "node: $(node --version 2>&1)"
  echo "btf: $(ls -la /sys/kernel/btf/vmlinux 2>&1)"
  echo "drm:"; ls -la /sys/class/drm 2>&1
  echo "hwmon:"; ls /sys/class/hwmon 2>&1
  echo "powercap:"; ls /sys/class/powercap 2>&1
  echo "driver:"; cat /proc/driver/nvidia/version 2>&1
  echo "nproc: $(nproc)"
} >"$out/host.txt" 2>&1

"$root/bin/smoothtask" doctor >"$out/doctor.txt" 2>&1
record_pass idle

if [ $# -gt 0 ]; then
  "$@" >"$out/load.log" 2>&1 &
  load=$!
  # Wait until the driver lists the workload as a compute process (up to 60 s), then a little
  # longer so utilisation has a full NVML sample window behind it.
  for _ in $(seq 1 60); do
    [ -n "$(nvidia-smi --query-compute-apps=pid --format=csv,noheader 2>/dev/null)" ] && break
    sleep 1
  done
  sleep 3
  record_pass load
  {
    echo "load pid $load"
    ls -l "/proc/$load/fd" 2>&1
    for fd in /proc/$load/fd/*; do
      case "$(readlink "$fd")" in
        /dev/nvidia* | /dev/dri/*) echo "== $fd -> $(readlink "$fd")"; cat "/proc/$load/fdinfo/${fd##*/}" ;;
      esac
    done
  } >"$out/load/fdinfo.txt" 2>&1
  kill "$load" 2>/dev/null
  wait "$load" 2>/dev/null
fi
echo "recorded into $out"
