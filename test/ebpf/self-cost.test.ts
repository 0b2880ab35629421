/**
 * SmoothTask's own BPF cost (snapshot.self.bpfCpuPercent): the run time of every program the
 * KernelSession loaded, counted once however many backends share a group, as % of one core over
 * the measured gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectorContext } from '../../src/collectors/contract.js';
import { createEbpfConnectionsBackend } from '../../src/collectors/connections/ebpf.js';
import { createEbpfProcessesBackend } from '../../src/collectors/processes/ebpf.js';
import { groupsRunTime } from '../../src/native/bpf.js';
import type { KernelSession } from '../../src/native/kernel-session.js';
import { SelfMeter } from '../../src/store/self.js';
import { kernelContext, readFresh, skipReason, sleep } from './helpers.js';

describe.skipIf(skipReason !== undefined)(`BPF self cost (${skipReason ?? 'root'})`, () => {
  let ctx: CollectorContext & { kernel: KernelSession };
  const processes = createEbpfProcessesBackend();
  const connections = createEbpfConnectionsBackend();

  beforeAll(async () => {
    ctx = await kernelContext();
    expect(processes.probe(ctx)).toMatchObject({ available: true });
    expect(connections.probe(ctx)).toMatchObject({ available: true });
  });
  afterAll(() => {
    processes.close?.();
    connections.close?.();
    ctx.kernel.close();
  });

  it('sums each loaded group once: the net group both backends hold counts once', () => {
    const distinct = ctx.kernel.loadedGroups();
    expect(distinct.map((g) => g.name).sort()).toEqual(['net', 'sched', 'task_iter']);
    const before = ctx.kernel.bpfRunTimeNs()!;
    const direct = groupsRunTime(distinct);
    const after = ctx.kernel.bpfRunTimeNs()!;
    // Programs run between the three reads (sched_switch at every switch): bracket, not equality.
    expect(direct).toBeGreaterThanOrEqual(before);
    expect(after).toBeGreaterThanOrEqual(direct);
  });

  it('gives each group the run time programStats lists, summed over its programs', () => {
    for (const group of ctx.kernel.loadedGroups()) {
      const listed = () => group.programStats().reduce((sum, s) => sum + s.runTimeNs, 0n);
      const before = listed();
      const summed = group.runTimeNs();
      const after = listed();
      expect(summed).toBeGreaterThanOrEqual(before);
      expect(after).toBeGreaterThanOrEqual(summed);
    }
  });

  it('reports the programs’ run time over the gap as % of one core, n/a without a previous read', async () => {
    const meter = new SelfMeter(() => performance.now());
    expect(meter.measure(1, ctx.kernel.bpfRunTimeNs()).bpfCpuPercent).toBeUndefined();
    const busyUntil = performance.now() + 200;
    while (performance.now() < busyUntil) readFresh(processes, ctx);
    await sleep(50);
    const self = meter.measure(1, ctx.kernel.bpfRunTimeNs());
    // Iterator passes and the scheduler tracepoints ran: a measured, small, positive share.
    expect(self.bpfCpuPercent).toBeGreaterThan(0);
    expect(self.bpfCpuPercent).toBeLessThan(100);
  });

  it('is n/a (undefined) once the session closed its groups and released stats', () => {
    const meter = new SelfMeter(() => performance.now());
    meter.measure(1, ctx.kernel.bpfRunTimeNs());
    processes.close?.();
    connections.close?.();
    ctx.kernel.close();
    expect(ctx.kernel.loadedGroups()).toEqual([]);
    expect(ctx.kernel.bpfRunTimeNs()).toBeUndefined();
    expect(meter.measure(1, ctx.kernel.bpfRunTimeNs()).bpfCpuPercent).toBeUndefined();
  });
});
