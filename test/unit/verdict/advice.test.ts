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

  it('CPU: renice a nice-0 hog to 10, stop one already niced; never SmoothTask or a kernel thread', () => {
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
      expect.objectContaining({ pid: 102, comm: 'make', action: { kind: 'signal', signal: 'SIGSTOP' }, effect: expect.stringMatching(/98% of a core/) }),
    ]);
    expect(verdictReport(v)).toMatch(/\[1\] renice stress-ng \(101\) root from nice 0 to 10\n {6}CFS weight/);
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
});
