/**
 * The gpu-use join, from raw GPU readings to process rows: the readings go through the gpus
 * collector's real derive in a Sampler, the assembler runs its declared joins, and the process
 * rows come out with their GPU fields. Once from the answers recorded on an NVIDIA H200 (the
 * PyTorch workload, pid 634), once from built readings that exercise the sums over devices and
 * the eBPF fence rates.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Backend, Collector, CollectorContext } from '../../../src/collectors/contract.js';
import { FEEDS } from '../../../src/collectors/feeds.js';
import { deriveGpusPart, type GpusPart } from '../../../src/collectors/gpus/derive.js';
import type { GpusRaw } from '../../../src/collectors/gpus/raw.js';
import { Sampler } from '../../../src/collectors/sampler.js';
import { assembleSnapshot } from '../../../src/store/assemble.js';
import { JOINS } from '../../../src/store/joins/index.js';
import type { ProcessRow, Snapshot } from '../../../src/types/snapshot.js';
import type { ProcessesPart } from '../../../src/collectors/processes/index.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

const LOAD = new URL('../../fixtures/nvidia-h200-firecracker-vm/load/', import.meta.url);

let clock = 0;
const ctx: CollectorContext = {
  procRoot: '/nonexistent',
  sysRoot: '/nonexistent',
  readBuffer: new ReadBuffer(),
  host: { hostname: 'h', kernel: 'k', arch: 'x64', cpuCount: 1, clockTicks: 100, pageSize: 4096 },
  now: () => clock,
};

const GPU_FIELDS = ['gpuMemBytes', 'gpuPercent', 'gpuFencesPerSec', 'gpuFenceBusyPercent'] as const;

function withoutGpuFields(row: ProcessRow): ProcessRow {
  const out: ProcessRow = { ...row };
  for (const f of GPU_FIELDS) delete out[f];
  return out;
}

/** Two sampler passes, 1 s apart, over process rows and raw GPU readings (one per pass). */
async function snapshotOf(rows: ProcessRow[], raws: Partial<GpusRaw>[]): Promise<Snapshot> {
  let pass = 0;
  const processes: Collector<{ rows: ProcessRow[] }, ProcessesPart> = {
    name: 'processes',
    backends: [{ id: 'rows', probe: () => ({ available: true }), read: () => ({ rows }) }],
    derive: (_prev, cur) => ({ rows: cur.raw.rows ?? [] }),
  };
  const recorded: Backend<GpusRaw> = { id: 'recorded', probe: () => ({ available: true }), read: () => raws[pass] };
  const gpus: Collector<GpusRaw, GpusPart> = { name: 'gpus', backends: [recorded], derive: deriveGpusPart, feeds: FEEDS.gpus };
  const sampler = new Sampler({ processes, gpus }, ctx);
  clock = 0;
  await sampler.sample();
  pass = 1;
  clock = 1000;
  const readings = await sampler.sample();
  return assembleSnapshot(readings, ctx, { intervalMs: 1000, self: { pid: 1 }, config: {} });
}

describe('the gpu-use join', () => {
  it('is a named step the assembler runs', () => {
    expect(JOINS.map((j) => j.name)).toEqual(['gpu-use']);
  });

  it('gives the H200 workload its GPU memory from the NVML process list, as recorded', async () => {
    const recorded = JSON.parse(readFileSync(new URL('snapshot.json', LOAD), 'utf8')) as Snapshot;
    // nvidia-smi --query-compute-apps=gpu_uuid,pid,used_memory: "GPU-…, 634, 1130" (MiB).
    const [, pid, mib] = readFileSync(new URL('query-compute-apps.csv', LOAD), 'utf8').trim().split(/,\s*/);
    const nvml = { index: 0, processes: [{ pid: Number(pid), memBytes: Number(mib) * 1024 * 1024, kind: 'compute' as const }] };
    const rows = recorded.processes.map(withoutGpuFields);
    const snap = await snapshotOf(rows, [{ nvml: [nvml] }, { nvml: [nvml] }]);
    const workload = snap.processes.find((p) => p.pid === 634)!;
    expect(workload.comm).toBe('python3');
    expect(workload.gpuMemBytes).toBe(1130 * 1024 * 1024);
    expect(workload.gpuMemBytes).toBe(recorded.processes.find((p) => p.pid === 634)?.gpuMemBytes);
    expect(snap.gpus[0].processes).toEqual([{ pid: 634, memBytes: 1130 * 1024 * 1024, kind: 'compute' }]);
    // The joined fields say where they came from: the backend of the GPU readings.
    expect(snap.sources.processes?.fields).toMatchObject({ gpuMemBytes: 'recorded', gpuPercent: 'recorded' });
    expect(snap.sources.processes?.fields.gpuFencesPerSec).toBeUndefined();
    // Every other row is as it came in: no GPU field, not even 0.
    for (const row of snap.processes.filter((p) => p.pid !== 634)) {
      expect(row).toEqual(rows.find((r) => r.pid === row.pid && r.startTime === row.startTime));
    }
  });

  it('sums memory and SM use over devices and adds the fence rates over the measured gap', async () => {
    const row = (pid: number): ProcessRow => ({ pid, startTime: pid * 10, ppid: 1, state: 'S', comm: `p${pid}`, cmdline: '' });
    const rows = [row(100), row(200), row(300), row(400)];
    const device = (index: number, mem: number) => ({
      index,
      processes: [
        { pid: 100, memBytes: mem, kind: 'compute' as const },
        { pid: 100, memBytes: mem / 2, kind: 'graphics' as const },
      ],
      utilSamples: [{ pid: 100, timestampUs: 5, smPercent: 30 + index, memPercent: 0, encPercent: 0, decPercent: 0 }],
    });
    const fences = (emitted: number, busyNs: number) => ({
      procs: [{ pid: 200, emitted, signaled: emitted, busyNs }],
      totals: { emits: emitted, signals: emitted, matched: emitted },
    });
    const snap = await snapshotOf(rows, [
      { nvml: [device(0, 1 << 20), device(1, 1 << 21)], fences: fences(10, 1e6) },
      { nvml: [device(0, 1 << 20), device(1, 1 << 21)], fences: fences(40, 51e6) },
    ]);
    const by = (pid: number) => snap.processes.find((p) => p.pid === pid)!;
    // Compute and graphics contexts of one process are one row per device; devices add up.
    expect(by(100)).toMatchObject({ gpuMemBytes: (1 << 20) + (1 << 21), gpuPercent: 30 + 31 });
    expect(by(100).gpuFencesPerSec).toBeUndefined();
    // 30 fences and 50 ms of fence time in the 1 s between the two reads.
    expect(by(200).gpuFencesPerSec).toBeCloseTo(30, 9);
    expect(by(200).gpuFenceBusyPercent).toBeCloseTo(5, 9);
    expect(by(200).gpuMemBytes).toBeUndefined();
    for (const pid of [300, 400]) expect(JSON.parse(JSON.stringify(by(pid)))).toEqual(row(pid));
    expect(snap.sources.processes?.fields).toMatchObject({ gpuMemBytes: 'recorded', gpuFencesPerSec: 'recorded', gpuFenceBusyPercent: 'recorded' });
  });
});
