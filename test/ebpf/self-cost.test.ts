/**
 * SmoothTask's own BPF cost (snapshot.self.bpfCpuPercent): the run time of every loaded program,
 * counted once however many backends share a group, as % of one core over the measured gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectorContext } from '../../src/collectors/contract.js';
import { createEbpfConnectionsBackend } from '../../src/collectors/connections/ebpf.js';
import { createEbpfProcessesBackend } from '../../src/collectors/processes/ebpf.js';
import { groupsRunTime, loadedBpfRunTimeNs } from '../../src/native/bpf.js';
import { SelfMeter } from '../../src/store/self.js';
import { realContext, skipReason, sleep } from './helpers.js';

describe.skipIf(skipReason !== undefined)(`BPF self cost (${skipReason ?? 'root'})`, () => {
  let ctx: CollectorContext;
  const processes = createEbpfProcessesBackend();
  const connections = createEbpfConnectionsBackend();

  beforeAll(async () => {
    ctx = await realContext();
    expect(processes.probe(ctx)).toMatchObject({ available: true });
    expect(connections.probe(ctx)).toMatchObject({ available: true });
  });
  afterAll(() => {
    processes.close?.();
    connections.close?.();
  });

  it('sums each loaded group once: the net group both backends hold counts once', () => {
    const distinct = [...new Set([...processes.groups(), ...connections.groups()])];
    expect(distinct.map((g) => g.name).sort()).toEqual(['net', 'sched', 'task_iter']);
    const before = loadedBpfRunTimeNs()!;
    const direct = groupsRunTime(distinct).runTimeNs;
    const after = loadedBpfRunTimeNs()!;
    // Programs run between the three reads (sched_switch at every switch): bracket, not equality.
    expect(direct).toBeGreaterThanOrEqual(before);
    expect(after).toBeGreaterThanOrEqual(direct);
  });

  it('reports the programs’ run time over the gap as % of one core, n/a without a previous read', async () => {
    const meter = new SelfMeter(() => performance.now());
    expect(meter.measure(1, loadedBpfRunTimeNs()).bpfCpuPercent).toBeUndefined();
    const busyUntil = performance.now() + 200;
    while (performance.now() < busyUntil) processes.read(ctx, {});
    await sleep(50);
    const self = meter.measure(1, loadedBpfRunTimeNs());
    // Iterator passes and the scheduler tracepoints ran: a measured, small, positive share.
    expect(self.bpfCpuPercent).toBeGreaterThan(0);
    expect(self.bpfCpuPercent).toBeLessThan(100);
  });

  it('is n/a (undefined) once every group is closed and stats are released', () => {
    const meter = new SelfMeter(() => performance.now());
    meter.measure(1, loadedBpfRunTimeNs());
    processes.close?.();
    connections.close?.();
    expect(loadedBpfRunTimeNs()).toBeUndefined();
    expect(meter.measure(1, loadedBpfRunTimeNs()).bpfCpuPercent).toBeUndefined();
  });
});
