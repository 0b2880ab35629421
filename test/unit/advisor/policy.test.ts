/**
 * The advisor's allow-list: only an entry of the same action whose selector picks the process
 * permits it, each entry keeps to its hourly limit, and a process is acted on once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../../src/advisor/journal.js';
import { actionName, allowedNow } from '../../../src/advisor/policy.js';
import type { AdvisorRule } from '../../../src/rules/advisor.js';
import type { ProcessRow } from '../../../src/types/snapshot.js';
import type { Advice } from '../../../src/verdict/advice.js';

const row = (pid: number, comm: string, user = 'alice'): ProcessRow => ({ pid, startTime: pid * 10, ppid: 1, state: 'R', comm, cmdline: comm, user, nice: 0 });
const renice = (r: ProcessRow): Advice => ({
  resource: 'cpu',
  pid: r.pid,
  startTime: r.startTime,
  comm: r.comm,
  action: { kind: 'renice', nice: 10 },
  from: 0,
  effect: '',
});
const stop = (r: ProcessRow): Advice => ({
  resource: 'gpu',
  pid: r.pid,
  startTime: r.startTime,
  comm: r.comm,
  action: { kind: 'signal', signal: 'SIGSTOP' },
  effect: '',
});

const rows = [row(1, 'stress-ng'), row(2, 'stress-ng'), row(3, 'postgres', 'postgres'), row(4, 'make')];
const allow: AdvisorRule[] = [
  { action: 'renice', selector: { name: 'stress-ng' }, maxPerHour: 1 },
  { action: 'renice', selector: { user: 'alice' }, maxPerHour: 5 },
];
const fresh = { actedOn: new Set<string>(), times: new Map<number, number[]>() };

describe('advisor policy', () => {
  it('acts only where an entry of the same action selects the process', () => {
    const decided = allowedNow([renice(rows[2]), stop(rows[3]), renice(rows[3])], rows, allow, fresh, 0);
    expect(decided.map((d) => [d.row.pid, d.rule])).toEqual([[4, 1]]);
  });

  it('keeps each entry to its hourly limit, then tries the next entry that allows it', () => {
    const decided = allowedNow([renice(rows[0]), renice(rows[1])], rows, allow, fresh, 0);
    expect(decided.map((d) => [d.row.pid, d.rule])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    const later = allowedNow([renice(rows[1])], rows, [allow[0]], { actedOn: new Set(), times: new Map([[0, [0]]]) }, 3_599_999);
    expect(later).toEqual([]);
    expect(allowedNow([renice(rows[1])], rows, [allow[0]], { actedOn: new Set(), times: new Map([[0, [0]]]) }, 3_600_000)).toHaveLength(1);
  });

  it('names SCHED_IDLE and the cgroup weights as the allow-list does: sched_idle, cpu_weight, io_weight', () => {
    const as = (action: Advice['action']): Advice => ({ ...renice(rows[3]), action });
    expect(actionName(as({ kind: 'sched', policy: 'idle' }))).toBe('sched_idle');
    expect(actionName(as({ kind: 'weight', controller: 'cpu', weight: 10 }))).toBe('cpu_weight');
    expect(actionName(as({ kind: 'weight', controller: 'io', weight: 10 }))).toBe('io_weight');
    expect(actionName(stop(rows[3]))).toBe('stop');
    const onlyIo: AdvisorRule[] = [{ action: 'io_weight', selector: { name: 'make' }, maxPerHour: 1 }];
    const advice = [
      as({ kind: 'weight', controller: 'cpu', weight: 10 }),
      as({ kind: 'sched', policy: 'idle' }),
      as({ kind: 'weight', controller: 'io', weight: 10 }),
    ];
    expect(allowedNow(advice, rows, onlyIo, fresh, 0).map((d) => d.advice.action)).toEqual([{ kind: 'weight', controller: 'io', weight: 10 }]);
  });

  it('never acts twice on a process, nor on a pid that now names another process', () => {
    expect(allowedNow([renice(rows[0])], rows, allow, { actedOn: new Set(['1:10']), times: new Map() }, 0)).toEqual([]);
    expect(allowedNow([{ ...renice(rows[0]), startTime: 99 }], rows, allow, fresh, 0)).toEqual([]);
  });
});

describe('advisor journal', () => {
  it('reads actions and undos, skipping lines that are not ours', () => {
    const action = { type: 'action', id: 'a', at: 1, pid: 5, startTime: 50, comm: 'x', action: { kind: 'renice', nice: 10 }, before: { nice: 0 }, rule: 0 };
    const text = [JSON.stringify(action), 'garbage', JSON.stringify({ type: 'undo', id: 'a', at: 2, ok: true, message: 'done' }), '{"type":"action"}', ''].join(
      '\n',
    );
    const j = parseJournal(text);
    expect(j.actions).toEqual([action]);
    expect([...j.undone]).toEqual(['a']);
    expect(j.skipped).toBe(2);
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const j = parseJournal(text);
        expect(j.skipped).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
