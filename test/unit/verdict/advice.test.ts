/**
 * Advice for the top hogs of each limiting resource: the action, the value it changes and the
 * effect computed from the scheduler's weights; never for SmoothTask itself, kernel threads, or a
 * resource no process action helps (heat, steal). Keys 1-9 in the verdict view open the advice's
 * dialog at the advised value, through the same confirmations as the table's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adviceFor, niceWeight } from '../../../src/verdict/advice.js';
import { verdictReport } from '../../../src/verdict/format.js';
import { Judge } from '../../../src/verdict/index.js';
import { parseKey } from '../../../src/ui/input/keys.js';
import { uiReducer } from '../../../src/ui/state/reducer.js';
import { initialUiState, type UiState } from '../../../src/ui/state/uiState.js';
import type { ProcessRow, Snapshot } from '../../../src/types/snapshot.js';
import { screenView } from '../../ui/helpers/screenView.js';
import { FIXTURES } from '../host/context.js';

const vm = (): Snapshot => JSON.parse(readFileSync(`${FIXTURES}debian12-2cpu-vm-snapshot/snapshot.json`, 'utf8')) as Snapshot;
const row = (pid: number, fields: Partial<ProcessRow>): ProcessRow => ({
  pid,
  startTime: pid * 10,
  ppid: 1,
  state: 'R',
  comm: `p${pid}`,
  cmdline: `p${pid} --run`,
  ...fields,
});

function saturated(): Snapshot {
  const s = vm();
  s.pressure!.cpu!.some!.avg10 = 75;
  s.cpu!.total!.busy = 100;
  s.processes = [
    row(101, { comm: 'stress-ng', cpuPercent: 99, nice: 0, user: 'root', uid: 0 }),
    row(102, { comm: 'make', cpuPercent: 98, nice: 12 }),
    row(103, { comm: 'MainThread', cpuPercent: 50, nice: 0 }),
    row(104, { comm: 'kworker/0:1', cpuPercent: 40, nice: 0, kernelThread: true }),
    row(105, { comm: 'probe', cpuPercent: 0.5, runqueueWaitMsPerSec: 600, nice: 0 }),
  ];
  s.self = { ...s.self, pid: 103 };
  return s;
}

describe('advice', () => {
  it("the scheduler's weights, as kernel/sched/core.c has them", () => {
    expect([niceWeight(-20), niceWeight(0), niceWeight(10), niceWeight(19), niceWeight(20)]).toEqual([88761, 1024, 110, 15, undefined]);
  });

  it('CPU: renice a nice-0 hog to 10, SCHED_IDLE for one already niced; never SmoothTask or a kernel thread', () => {
    const j = new Judge();
    let v = j.verdict(saturated());
    for (let i = 0; i < 3; i++) v = j.verdict(saturated());
    expect(v.limiting[0].resource).toBe('cpu');
    expect(v.advice).toEqual([
      expect.objectContaining({
        pid: 101,
        comm: 'stress-ng',
        action: { kind: 'renice', nice: 10 },
        from: 0,
        effect: expect.stringMatching(/1024 → 110 .* gets 10% of it instead of 50%/),
      }),
      expect.objectContaining({
        pid: 102,
        comm: 'make',
        action: { kind: 'sched', policy: 'idle' },
        from: 12,
        effect: expect.stringMatching(/CFS weight 70 → 3 \(SCHED_IDLE.* gets 0\.3% of it instead of 6%/),
      }),
    ]);
    expect(verdictReport(v)).toMatch(/\[1\] renice stress-ng \(101\) root from nice 0 to 10\n {6}CFS weight/);
    expect(verdictReport(v)).toMatch(/\[2\] move make \(102\) to SCHED_IDLE \(at nice 12 now\)/);
  });

  it('CPU: stop a hog whose nice is not known (the next step after renice and SCHED_IDLE)', () => {
    const s = saturated();
    s.processes[1] = { ...s.processes[1], nice: undefined };
    const hog = { pid: 102, startTime: 1020, comm: 'make', unit: '', label: '' };
    expect(adviceFor([{ resource: 'cpu', hogs: [hog], victims: [], missing: [] }], s)).toEqual([
      expect.objectContaining({ pid: 102, action: { kind: 'signal', signal: 'SIGSTOP' }, effect: expect.stringMatching(/98% of a core/) }),
    ]);
  });

  it("CPU and I/O: two hogs in one cgroup get its weight lowered first; never the root's or SmoothTask's own", () => {
    const s = saturated();
    const cg = '/system.slice/build.service';
    s.processes = [
      row(201, { comm: 'cc1', cpuPercent: 90, nice: 0, cgroup: cg }),
      row(202, { comm: 'cc1', cpuPercent: 80, nice: 0, cgroup: cg }),
      row(203, { comm: 'alone', cpuPercent: 70, nice: 0, cgroup: '/' }),
      row(204, { comm: 'alone', cpuPercent: 60, nice: 0, cgroup: '/' }),
    ];
    const hogs = s.processes.map((r) => ({ pid: r.pid, startTime: r.startTime, comm: r.comm, unit: '', label: '' }));
    const cpu = adviceFor([{ resource: 'cpu', hogs, victims: [], missing: [] }], s);
    expect(cpu[0]).toMatchObject({
      pid: 201,
      cgroup: cg,
      action: { kind: 'weight', controller: 'cpu', weight: 10 },
      effect: expect.stringMatching(/2 of the top hogs share cgroup .*: weight 10 .* gets 9% of a contended CPU instead of 50%/),
    });
    expect(cpu.slice(1).map((a) => a.action.kind)).toEqual(['renice', 'renice', 'renice']);
    expect(verdictReport({ ...new Judge().verdict(s), advice: cpu })).toMatch(
      /\[1\] lower the cpu weight of cgroup \/system\.slice\/build\.service \(of cc1 \(201\)\) to 10/,
    );
    const io = adviceFor([{ resource: 'io', hogs, victims: [], missing: [] }], s);
    expect(io[0]).toMatchObject({
      action: { kind: 'weight', controller: 'io', weight: 10 },
      effect: expect.stringMatching(/the dialog says n\/a where it does not/),
    });
    // SmoothTask in that cgroup, or below it: no weight advice.
    s.processes.push(row(300, { comm: 'node', cgroup: `${cg}/monitor` }));
    s.self = { ...s.self, pid: 300 };
    expect(adviceFor([{ resource: 'cpu', hogs, victims: [], missing: [] }], s).map((a) => a.action.kind)).toEqual(['renice', 'renice', 'renice']);
  });

  it('disk I/O: ionice the writer to idle; memory and GPU: stop; heat and steal: nothing to do per process', () => {
    const s = saturated();
    const hog = { pid: 101, startTime: 1010, comm: 'stress-ng', unit: '', label: '' };
    const of = (resource: 'io' | 'memory' | 'gpu' | 'thermal' | 'steal') =>
      adviceFor([{ resource, hogs: [hog], victims: [], missing: [] }], s).map((a) => a.action);
    expect(of('io')).toEqual([{ kind: 'ionice', ioClass: 'idle' }]);
    expect(of('memory')).toEqual([{ kind: 'signal', signal: 'SIGSTOP' }]);
    expect(of('gpu')).toEqual([{ kind: 'signal', signal: 'SIGSTOP' }]);
    expect(of('thermal')).toEqual([]);
    expect(of('steal')).toEqual([]);
    // A hog whose pid now belongs to another process gets no advice.
    expect(adviceFor([{ resource: 'io', hogs: [{ ...hog, startTime: 1 }], victims: [], missing: [] }], s)).toEqual([]);
  });

  it('1-9 in the verdict view open the advice dialog at the advised value; a gone process says so', () => {
    const rows = saturated().processes;
    const advice = [
      { resource: 'cpu' as const, pid: 101, startTime: 1010, comm: 'stress-ng', action: { kind: 'renice' as const, nice: 10 }, from: 0, effect: '' },
      { resource: 'cpu' as const, pid: 999, startTime: 1, comm: 'gone', action: { kind: 'signal' as const, signal: 'SIGSTOP' as const }, effect: '' },
    ];
    const view = screenView({ rows, advice, canDialog: true });
    const press = (s: UiState, k: string) => uiReducer(s, { type: 'key', key: parseKey(k)!, view });
    const inVerdict: UiState = { ...initialUiState, mode: 'verdict' };
    const opened = press(inVerdict, '1');
    expect(opened.mode).toBe('dialog');
    expect(opened.dialog).toMatchObject({
      kind: 'renice',
      targets: [{ pid: 101, startTime: 1010, comm: 'stress-ng' }],
      currentNice: 0,
      preset: { kind: 'renice', nice: 10 },
    });
    expect(press(inVerdict, '2')).toMatchObject({ mode: 'verdict', status: 'gone (999) has exited' });
    expect(press(inVerdict, '3')).toMatchObject({ mode: 'verdict', status: 'no advice 3' });
    expect(press({ ...initialUiState, mode: 'table' }, '1').mode).toBe('table');
  });

  it('1-9 open the SCHED_IDLE and cgroup weight dialogs at the advised value; s and w open them from the table', () => {
    const rows = saturated().processes;
    const advice = [
      { resource: 'cpu' as const, pid: 102, startTime: 1020, comm: 'make', action: { kind: 'sched' as const, policy: 'idle' as const }, from: 12, effect: '' },
      {
        resource: 'io' as const,
        pid: 101,
        startTime: 1010,
        comm: 'stress-ng',
        cgroup: '/build',
        action: { kind: 'weight' as const, controller: 'io' as const, weight: 10 },
        effect: '',
      },
    ];
    const view = screenView({ rows, advice, canDialog: true });
    const press = (s: UiState, k: string) => uiReducer(s, { type: 'key', key: parseKey(k)!, view });
    const inVerdict: UiState = { ...initialUiState, mode: 'verdict' };
    expect(press(inVerdict, '1').dialog).toMatchObject({ kind: 'sched', targets: [{ pid: 102 }], preset: { kind: 'sched', policy: 'idle' } });
    expect(press(inVerdict, '2').dialog).toMatchObject({ kind: 'weight', targets: [{ pid: 101 }], preset: { kind: 'weight', controller: 'io', weight: 10 } });
    const inTable: UiState = { ...initialUiState, mode: 'table' };
    expect(press(inTable, 's')).toMatchObject({ mode: 'dialog', dialog: { kind: 'sched' } });
    expect(press(inTable, 'w')).toMatchObject({ mode: 'dialog', dialog: { kind: 'weight' } });
  });
});
