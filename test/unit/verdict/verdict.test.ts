/**
 * The verdict over recorded snapshots (the Debian 12 VM at rest, an H200 under a PyTorch load)
 * and over those snapshots changed one input at a time: the right resource, ranked as documented,
 * with evidence that names its source and threshold, hogs and victims from measured figures, and
 * hysteresis that neither raises nor clears on one sample.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { culpritsFor } from '../../../src/verdict/culprits.js';
import { verdictLine, verdictReport } from '../../../src/verdict/format.js';
import { Judge } from '../../../src/verdict/index.js';
import { judge } from '../../../src/verdict/rules.js';
import { THRESHOLDS } from '../../../src/verdict/thresholds.js';
import type { ProcessRow, Snapshot } from '../../../src/types/snapshot.js';
import type { Verdict } from '../../../src/verdict/types.js';
import { FIXTURES } from '../host/context.js';

const load = (path: string): Snapshot => JSON.parse(readFileSync(`${FIXTURES}${path}`, 'utf8')) as Snapshot;
const vm = () => load('debian12-2cpu-vm-snapshot/snapshot.json');
const h200 = () => load('nvidia-h200-firecracker-vm/load/snapshot.json');

/** The same snapshot fed `n` times: hysteresis needs samples in a row. */
function settle(judgeOf: Judge, s: Snapshot, n = 3) {
  let v = judgeOf.verdict(s);
  for (let i = 1; i < n; i++) v = judgeOf.verdict(s);
  return v;
}

function row(pid: number, fields: Partial<ProcessRow>): ProcessRow {
  return { pid, startTime: pid * 10, ppid: 1, state: 'S', comm: `p${pid}`, cmdline: '', ...fields };
}

function saturatedCpu(): Snapshot {
  const s = vm();
  s.pressure!.cpu!.some!.avg10 = 75;
  s.cpu!.total!.busy = 100;
  s.processes = [
    row(101, { comm: 'stress-ng', cpuPercent: 99, runqueueWaitMsPerSec: 400 }),
    row(102, { comm: 'stress-ng', cpuPercent: 98, runqueueWaitMsPerSec: 380 }),
    row(103, { comm: 'latency-probe', cpuPercent: 0.5, runqueueWaitMsPerSec: 620 }),
  ];
  return s;
}

describe('verdict rules on recorded snapshots', () => {
  it("the Debian VM at rest: CPU pressure 28% is below below(1)'s 40%, so the load above the CPU count only supports", () => {
    const cpu = judge(vm()).find((f) => f.resource === 'cpu')!;
    const psi = cpu.evidence.find((e) => e.label === 'PSI cpu some, avg10')!;
    expect(psi).toMatchObject({ value: 28.46, level: 'ok', source: 'pressure via proc', window: 'last 10 s', threshold: THRESHOLDS.psiSome });
    const loadEv = cpu.evidence.find((e) => e.label.startsWith('load average'))!;
    expect(loadEv).toMatchObject({ value: 1.34, level: 'critical', supporting: true });
    expect(cpu.level).toBe('ok');
    expect(new Judge().verdict(vm())).toMatchObject({ limiting: [], headroom: true });
  });

  it('says no data, never ok, for what this host cannot measure: no swap rule without swap, no temperature limit on the VM', () => {
    const findings = judge(vm());
    const memory = findings.find((f) => f.resource === 'memory')!;
    expect(memory.evidence.map((e) => e.label)).not.toContain('swap used');
    const thermal = findings.find((f) => f.resource === 'thermal')!;
    expect(thermal).toMatchObject({ level: 'no-data', evidence: [{ level: 'no-data', missing: 'no sensor or GPU here reports a temperature limit' }] });
    expect(new Judge().verdict(vm()).noData).toEqual(['thermal']);
  });

  it('without PSI the pressure inputs say why they are missing, and the load average decides', () => {
    const s = vm();
    delete s.pressure;
    s.sources.pressure = { backend: null, reason: 'proc: no /proc/pressure (kernel built without CONFIG_PSI)', fields: {}, backends: [] };
    const cpu = judge(s).find((f) => f.resource === 'cpu')!;
    expect(cpu.evidence[0]).toMatchObject({ level: 'no-data', missing: 'PSI not measured: proc: no /proc/pressure (kernel built without CONFIG_PSI)' });
    expect(cpu.evidence[1].supporting).toBeUndefined();
    expect(cpu.level).toBe('critical');
  });

  it('an H200 under a matrix-product loop: the GPU is the limit and the PyTorch process its hog', () => {
    const v = settle(new Judge(), h200());
    expect(v.limiting.map((f) => f.resource)).toEqual(['gpu']);
    expect(v.limiting[0]).toMatchObject({ subject: 'gpu0', level: 'critical', kind: 'utilization' });
    expect(v.limiting[0].evidence[0]).toMatchObject({ label: 'gpu0 busy', value: 100, source: 'gpus via nvml', threshold: THRESHOLDS.gpuBusy });
    expect(v.culprits[0].hogs[0]).toMatchObject({ pid: 634, comm: 'python3', value: 99, unit: '%' });
    expect(v.culprits[0].missing).toEqual(['no per-process GPU wait is measured']);
  });

  it('what `why --json` said live on the H200: headroom idle, the GPU and its PyTorch hog under load', () => {
    const idle = JSON.parse(readFileSync(`${FIXTURES}nvidia-h200-firecracker-vm/idle/why.json`, 'utf8')) as Verdict;
    expect(idle).toMatchObject({ version: 1, headroom: true, limiting: [], noData: [] });
    const load = JSON.parse(readFileSync(`${FIXTURES}nvidia-h200-firecracker-vm/load/why.json`, 'utf8')) as Verdict;
    expect(load.limiting.map((f) => [f.resource, f.level, f.subject])).toEqual([['gpu', 'critical', 'gpu0']]);
    expect(load.culprits[0].hogs[0]).toMatchObject({ comm: 'python3', user: 'root', value: 99, unit: '%', label: 'GPU' });
  });

  it("an H200 at 63 °C is below its 89 °C slowdown: thermal ok, judged against the driver's own limit", () => {
    const thermal = judge(h200()).find((f) => f.resource === 'thermal')!;
    expect(thermal.level).toBe('ok');
    expect(thermal.evidence[0]).toMatchObject({ value: 63, threshold: { value: 89, origin: THRESHOLDS.gpuSlowdown.origin } });
  });
});

describe('verdict over changed inputs', () => {
  it('CPU saturation names the hogs by CPU and the victims by run-queue wait, with how long they waited', () => {
    const s = saturatedCpu();
    const v = settle(new Judge(), s);
    expect(v.limiting[0]).toMatchObject({ resource: 'cpu', kind: 'saturation', level: 'critical', stallPercent: 75 });
    expect(v.culprits[0].hogs.map((h) => h.pid)).toEqual([101, 102, 103]);
    expect(v.culprits[0].victims[0]).toMatchObject({ pid: 103, comm: 'latency-probe', value: 620, unit: 'ms/s', waitedMs: (620 * s.intervalMs) / 1000 });
    expect(v.headroom).toBe(false);
  });

  it('leaves the load itself out of the victims: a worker runnable all the time waits while its siblings run', () => {
    const s = saturatedCpu();
    s.processes.push(
      row(104, { comm: 'stress-ng', cpuPercent: 40, runqueueWaitMsPerSec: 600 }),
      row(105, { comm: 'sshd', cpuPercent: 1, runqueueWaitMsPerSec: 30 }),
      row(106, { comm: 'cron', cpuPercent: 0, runqueueWaitMsPerSec: 2 }),
    );
    const v = settle(new Judge(), s);
    expect(v.culprits[0].victims.map((c) => c.pid)).toEqual([103, 105, 106]);
  });

  it("leaves kernel threads out of the I/O hogs: a loop device's worker writes for the process that wrote the device", () => {
    const s = vm();
    s.processes = [
      row(201, { comm: 'fio', readBytesPerSec: 0, writeBytesPerSec: 40e6 }),
      row(202, { comm: 'kworker/u8:11-loop0', kernelThread: true, readBytesPerSec: 0, writeBytesPerSec: 41e6 }),
      row(203, { comm: 'postgres', readBytesPerSec: 2e6, writeBytesPerSec: 1e6 }),
    ];
    expect(culpritsFor('io', s).hogs.map((h) => [h.comm, h.value])).toEqual([
      ['fio', 40e6],
      ['postgres', 3e6],
    ]);
  });

  it('ranks errors above saturation above utilisation', () => {
    const s = saturatedCpu();
    s.memory!.usedBytes = s.memory!.totalBytes! * 0.95;
    s.network!.interfaces[0] = { ...s.network!.interfaces[0], rxErrorsPerSec: 0, txErrorsPerSec: 0, rxDropsPerSec: 12, txDropsPerSec: 0 };
    const v = settle(new Judge(), s);
    expect(v.limiting.map((f) => [f.resource, f.kind])).toEqual([
      ['network', 'errors'],
      ['cpu', 'saturation'],
      ['memory', 'utilization'],
    ]);
  });

  it('between two saturated resources, the larger share of time lost to stalls comes first', () => {
    const s = saturatedCpu();
    s.pressure!.io!.some!.avg10 = 90;
    const v = settle(new Judge(), s);
    expect(v.limiting.map((f) => f.resource)).toEqual(['io', 'cpu']);
  });

  it("memory full pressure past systemd-oomd's 60% is critical memory saturation", () => {
    const s = vm();
    s.pressure!.memory!.full!.avg10 = 65;
    s.pressure!.memory!.some!.avg10 = 70;
    const memory = judge(s).find((f) => f.resource === 'memory')!;
    expect(memory).toMatchObject({ level: 'critical', kind: 'saturation', stallPercent: 70 });
    expect(memory.evidence[0].threshold.origin).toContain('oomd');
  });

  it("a disk past atop's 70% is named, with its device", () => {
    const s = vm();
    s.disks!.devices[0].busyPercent = 85;
    const io = judge(s).find((f) => f.resource === 'io')!;
    expect(io).toMatchObject({ level: 'critical', subject: 'vda' });
    expect(io.evidence[1]).toMatchObject({ label: 'disk vda busy', value: 85, threshold: { value: 70 } });
  });

  it('hysteresis: three samples in a row raise it, three below clear it, one sample does neither', () => {
    const judgeOf = new Judge();
    const hot = saturatedCpu();
    const calm = vm();
    expect(judgeOf.verdict(hot).limiting).toEqual([]);
    expect(judgeOf.verdict(hot).limiting).toEqual([]);
    expect(judgeOf.verdict(calm).limiting).toEqual([]);
    expect(judgeOf.verdict(hot).limiting).toEqual([]);
    expect(judgeOf.verdict(hot).limiting).toEqual([]);
    expect(judgeOf.verdict(hot).limiting.map((f) => f.resource)).toEqual(['cpu']);
    expect(judgeOf.verdict(calm).limiting.map((f) => f.resource)).toEqual(['cpu']);
    expect(judgeOf.verdict(hot).limiting.map((f) => f.resource)).toEqual(['cpu']);
    expect(judgeOf.verdict(calm).limiting.map((f) => f.resource)).toEqual(['cpu']);
    expect(judgeOf.verdict(calm).limiting.map((f) => f.resource)).toEqual(['cpu']);
    expect(judgeOf.verdict(calm).limiting).toEqual([]);
  });

  it('every threshold names where its value comes from', () => {
    for (const t of Object.values(THRESHOLDS)) expect(t.origin.length).toBeGreaterThan(20);
  });
});

describe('the verdict in words', () => {
  it('one line names the limit, its headline evidence, the top hog and the victim with its wait', () => {
    const s = saturatedCpu();
    const line = verdictLine(settle(new Judge(), s));
    expect(line).toBe(
      `CPU saturated · PSI cpu some, avg10 75.0% · hog stress-ng (101) · victim latency-probe (103) waited ${Math.round((620 * s.intervalMs) / 1000)} ms`,
    );
  });

  it('headroom says which resources could not be judged', () => {
    expect(verdictLine(new Judge().verdict(vm()))).toBe('headroom: nothing limits this host now (no data: thermal)');
  });

  it('the report lists every input with its value, limit, window, source and the origin of its threshold', () => {
    const report = verdictReport(settle(new Judge(), h200()));
    expect(report).toContain('1. GPU (gpu0): utilization, critical');
    expect(report).toContain('critical gpu0 busy: 100% (limit 90%; driver sample period; gpus via nvml)');
    expect(report).toContain(`threshold: ${THRESHOLDS.gpuBusy.origin}`);
    expect(report).toContain('hogs:    python3 (634) root: GPU 99.0%');
    expect(report).toContain('not known: no per-process GPU wait is measured');
    expect(report).toMatch(/not limiting now:\n {2}CPU: /);
  });
});
