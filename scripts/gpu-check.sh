#!/usr/bin/env bash
# Compares SmoothTask's NVIDIA numbers with nvidia-smi's on a real NVIDIA host: every GPU's
# identity, utilisation, memory, power, temperature, clocks, fan and MIG mode, and every compute
# process's GPU memory. Prints a side-by-side table and exits 1 on any difference beyond the
# tolerances below (2 when a tool is missing or fails). Both sides read NVML, so identities, totals
# and maxima must agree exactly; live values (utilisation, power, clocks) are read a moment apart
# and get tolerances.
#
#   scripts/gpu-check.sh                     run bin/smoothtask snapshot --json and nvidia-smi here
#   scripts/gpu-check.sh --snapshot F --smi-gpu F --smi-apps F
#                                            compare saved outputs (the test suite does this)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
snapshot_file='' smi_gpu_file='' smi_apps_file=''
while [ $# -gt 0 ]; do
  case "$1" in
    --snapshot) snapshot_file=$2; shift 2 ;;
    --smi-gpu) smi_gpu_file=$2; shift 2 ;;
    --smi-apps) smi_apps_file=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown argument $1" >&2; exit 2 ;;
  esac
done

# The query fields, in the order the comparison below reads them (nvidia-smi --help-query-gpu).
GPU_FIELDS=index,uuid,name,pci.bus_id,utilization.gpu,utilization.memory,memory.used,memory.total,power.draw,enforced.power.limit,temperature.gpu,clocks.gr,clocks.sm,clocks.mem,clocks.max.gr,clocks.max.sm,clocks.max.mem,fan.speed,mig.mode.current
APP_FIELDS=gpu_uuid,pid,used_memory

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

node_bin=${NODE:-node}
[ -x "$root/node_modules/.bin/node" ] && node_bin="$root/node_modules/.bin/node"
command -v "$node_bin" >/dev/null || { echo "gpu-check: needs node (set NODE=/path/to/node)" >&2; exit 2; }

if [ -z "$snapshot_file" ]; then
  snapshot_file=$work/snapshot.json
  "$root/bin/smoothtask" snapshot --json >"$snapshot_file" || { echo "gpu-check: smoothtask snapshot failed" >&2; exit 2; }
fi
if [ -z "$smi_gpu_file" ] || [ -z "$smi_apps_file" ]; then
  command -v nvidia-smi >/dev/null || { echo "gpu-check: nvidia-smi not found (no NVIDIA driver here)" >&2; exit 2; }
  smi_gpu_file=$work/gpu.csv smi_apps_file=$work/apps.csv
  nvidia-smi --query-gpu="$GPU_FIELDS" --format=csv,noheader,nounits >"$smi_gpu_file"
  nvidia-smi --query-compute-apps="$APP_FIELDS" --format=csv,noheader,nounits >"$smi_apps_file"
fi

exec "$node_bin" --input-type=module - "$snapshot_file" "$smi_gpu_file" "$smi_apps_file" <<'EOF'
import { readFileSync } from 'node:fs';
const [snapshotFile, gpuFile, appsFile] = process.argv.slice(2);
const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8'));
const csv = (file) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => l.split(',').map((c) => c.trim()));
// nvidia-smi prints [N/A] or [Not Supported] for what NVML could not give: unmeasured, like undefined.
const value = (cell) => (cell === undefined || /^\[.*\]$/.test(cell) || cell === 'N/A' ? undefined : cell);
const num = (cell) => (value(cell) === undefined ? undefined : Number(cell));
const MiB = 1024 * 1024;

// [label, smoothtask value, nvidia-smi value, allowed difference (absolute, or a fraction when < 1 and relative), unit]
const rows = [];
let failures = 0;
function compare(label, ours, theirs, tolerance = 0, relative = false) {
  let ok;
  if (ours === undefined || theirs === undefined) ok = ours === theirs;
  else if (typeof theirs === 'number') {
    const allowed = relative ? Math.abs(theirs) * tolerance : tolerance;
    ok = Math.abs(ours - theirs) <= allowed + 1e-9;
  } else ok = String(ours) === String(theirs);
  if (!ok) failures++;
  const show = (v) => (v === undefined ? 'n/a' : typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v));
  const tol = tolerance === 0 ? 'exact' : relative ? `±${tolerance * 100}%` : `±${tolerance}`;
  rows.push([label, show(ours), show(theirs), tol, ok ? 'ok' : 'MISMATCH']);
}

const gpus = (snapshot.gpus ?? []).filter((g) => g.source === 'nvml');
const smiGpus = csv(gpuFile);
compare('GPU count', gpus.length, smiGpus.length);
for (const s of smiGpus) {
  const [index, uuid, name, bus, util, memUtil, memUsed, memTotal, power, limit, temp, gr, sm, mem, maxGr, maxSm, maxMem, fan, mig] = s;
  const g = gpus.find((x) => x.uuid === uuid) ?? gpus.find((x) => x.index === Number(index)) ?? {};
  const p = `gpu${index}`;
  compare(`${p} uuid`, g.uuid, value(uuid));
  compare(`${p} name`, g.name, value(name));
  compare(`${p} pci bus id`, g.pciBusId?.toUpperCase(), value(bus)?.toUpperCase());
  compare(`${p} util %`, g.utilPercent, num(util), 15);
  compare(`${p} mem util %`, g.memUtilPercent, num(memUtil), 15);
  compare(`${p} mem used MiB`, g.memUsedBytes === undefined ? undefined : g.memUsedBytes / MiB, num(memUsed), 64);
  compare(`${p} mem total MiB`, g.memTotalBytes === undefined ? undefined : g.memTotalBytes / MiB, num(memTotal), 1);
  compare(`${p} power W`, g.powerWatts, num(power), 0.15, true);
  compare(`${p} power limit W`, g.powerLimitWatts, num(limit), 1);
  compare(`${p} temperature C`, g.temperatureC, num(temp), 3);
  compare(`${p} graphics MHz`, g.graphicsClockMHz, num(gr), 0.15, true);
  compare(`${p} SM MHz`, g.smClockMHz, num(sm), 0.15, true);
  compare(`${p} memory MHz`, g.memClockMHz, num(mem), 0.15, true);
  compare(`${p} max graphics MHz`, g.maxGraphicsClockMHz, num(maxGr), 1);
  compare(`${p} max SM MHz`, g.maxSmClockMHz, num(maxSm), 1);
  compare(`${p} max memory MHz`, g.maxMemClockMHz, num(maxMem), 1);
  compare(`${p} fan %`, g.fanPercent, num(fan), 5);
  compare(`${p} MIG`, g.migMode === undefined ? undefined : g.migMode ? 'Enabled' : 'Disabled', value(mig));
}
for (const [uuid, pid, used] of csv(appsFile)) {
  const g = gpus.find((x) => x.uuid === uuid);
  const proc = g?.processes?.find((x) => x.pid === Number(pid) && x.kind === 'compute');
  compare(`pid ${pid} on ${uuid.slice(0, 12)} listed`, proc === undefined ? 'absent' : 'listed', 'listed');
  compare(`pid ${pid} GPU mem MiB`, proc?.memBytes === undefined ? undefined : proc.memBytes / MiB, num(used), 16);
}

const header = ['field', 'smoothtask', 'nvidia-smi', 'tolerance', 'result'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log(failures === 0 ? `\nall ${rows.length} comparisons within tolerance` : `\n${failures} of ${rows.length} comparisons differ`);
process.exit(failures === 0 ? 0 : 1);
EOF
