/**
 * The read plan of the /proc backend (src/collectors/processes/plan.ts), pure: a table of cases
 * for each rule, then every combination of its inputs over many passes, checked against the
 * properties the reader relies on. (fast-check is not installed: the combinations are enumerated.)
 */
import { describe, expect, it } from 'vitest';
import type { ProcessFacts } from '../../../src/collectors/processes/cache.js';
import {
  COUNTER_REFRESH_PASSES,
  countersLeft,
  FIRST_PASS,
  IO_DENIED_RETRY_PASSES,
  LATER_PASS,
  passPlan,
  planCounters,
  planFacts,
  type CounterHistory,
  type CounterPlan,
  type PlanSubject,
} from '../../../src/collectors/processes/plan.js';
import type { Counter } from '../../../src/collectors/processes/raw.js';
import { readRate } from '../../../src/util/rate.js';

const read: Counter = { value: 1, readAt: 1, source: 'ebpf' };
/** A sleeping process no earlier backend gave anything for (a scan). */
const idle = (over: Partial<PlanSubject> = {}): PlanSubject => ({ pid: 100, state: 'S', cpuTicks: 7, ...over });
const stat = { vsize: 1000, rssPagesApprox: 5 };
/** What a pass that read everything for `idle()` remembers. */
const seen = (over: Partial<CounterHistory> = {}): CounterHistory => ({
  startTime: 1,
  cpuTicks: 7,
  ioTried: true,
  ioDenied: false,
  waitTried: true,
  memory: { vszBytes: 1000, rssBytes: 5 * 4096, sharedBytes: 0, statVsize: 1000, statRss: 5 },
  ...over,
});
/** The first pass (number 1) whose rotation does not fall on pid 100, and one where it does. */
const offTurn = passPlan(2, 10);
const onTurn = passPlan(COUNTER_REFRESH_PASSES * 20, 10);

describe('passPlan: the first pass is one named policy', () => {
  it('gives pass 1 FIRST_PASS and every other pass LATER_PASS', () => {
    expect(passPlan(1, 10).policy).toBe(FIRST_PASS);
    for (const n of [2, 3, 11, 1000]) expect(passPlan(n, 10).policy).toBe(LATER_PASS);
    expect(FIRST_PASS).toMatchObject({ counters: false, memoryFrom: 'status', cgroup: false });
    expect(LATER_PASS).toMatchObject({ counters: true, memoryFrom: 'statm', cgroup: true });
  });

  it('rotates the facts over more passes when there are many processes (~50 a pass)', () => {
    expect(passPlan(2, 100).factsCycle).toBe(10);
    expect(passPlan(2, 5000).factsCycle).toBe(100);
  });
});

describe('planCounters: a table of cases', () => {
  const cases: [string, PlanSubject, CounterHistory | undefined, ReturnType<typeof passPlan>, CounterPlan][] = [
    ['first pass: memory from status, no io or schedstat', idle(), undefined, passPlan(1, 10), { memory: 'status', io: 'skip', wait: 'skip' }],
    ['a process the last pass did not see: everything', idle(), undefined, offTurn, { memory: 'read', io: 'read', wait: 'read' }],
    ['idle, off its turn: hand on the last reads', idle(), seen(), offTurn, { memory: 'handOn', io: 'handOn', wait: 'handOn' }],
    ['idle, on its turn: read again', idle(), seen(), onTurn, { memory: 'read', io: 'read', wait: 'read' }],
    ['running: read', idle({ state: 'R' }), seen(), offTurn, { memory: 'read', io: 'read', wait: 'read' }],
    ['in D state: read', idle({ state: 'D' }), seen(), offTurn, { memory: 'read', io: 'read', wait: 'read' }],
    ['CPU time moved: read', idle({ cpuTicks: 8 }), seen(), offTurn, { memory: 'read', io: 'read', wait: 'read' }],
    ['CPU time unknown: read', idle({ cpuTicks: undefined }), seen(), offTurn, { memory: 'read', io: 'read', wait: 'read' }],
    [
      'io never tried (first pass skipped it): read',
      idle(),
      seen({ ioTried: false, waitTried: false }),
      offTurn,
      { memory: 'handOn', io: 'read', wait: 'read' },
    ],
    [
      'io denied, CPU moved, not its 100th pass: hand on',
      idle({ cpuTicks: 8 }),
      seen({ ioDenied: true }),
      offTurn,
      { memory: 'read', io: 'handOn', wait: 'read' },
    ],
    [
      'io denied, on its 100th pass: ask again',
      idle(),
      seen({ ioDenied: true }),
      passPlan(IO_DENIED_RETRY_PASSES * 3 - 100, 10),
      { memory: 'read', io: 'read', wait: 'read' },
    ],
    [
      'earlier backend gave every counter: nothing',
      idle({ rssBytes: 1, vszBytes: 2, readBytes: read, runqueueWaitNs: read }),
      seen(),
      onTurn,
      { memory: 'skip', io: 'skip', wait: 'skip' },
    ],
    ['earlier backend gave one I/O counter: io is not read', idle({ writeBytes: read }), seen(), onTurn, { memory: 'read', io: 'skip', wait: 'read' }],
    [
      'first pass, earlier backend gave memory: no status memory',
      idle({ rssBytes: 1, vszBytes: 2 }),
      undefined,
      passPlan(1, 10),
      { memory: 'skip', io: 'skip', wait: 'skip' },
    ],
  ];
  it.each(cases)('%s', (_name, p, last, pass, plan) => {
    expect(planCounters(p, stat, last, pass)).toEqual(plan);
  });

  it('reads statm at once when stat shows memory moved, or when stat was not read', () => {
    expect(planCounters(idle(), { vsize: 2000, rssPagesApprox: 5 }, seen(), offTurn).memory).toBe('read');
    expect(planCounters(idle(), { vsize: 1000, rssPagesApprox: 6 }, seen(), offTurn).memory).toBe('read');
    expect(planCounters(idle(), undefined, seen(), offTurn).memory).toBe('read');
    expect(planCounters(idle(), stat, seen({ memory: undefined }), offTurn).memory).toBe('read');
  });
});

describe('planCounters: every combination, pass after pass', () => {
  const states = ['S', 'R', 'D', 'I', 'Z'];
  const cpu = [undefined, 7, 8];
  const histories: (CounterHistory | undefined)[] = [
    undefined,
    seen(),
    seen({ ioDenied: true }),
    seen({ ioTried: false, waitTried: false }),
    seen({ memory: undefined }),
  ];
  const gaps: Partial<PlanSubject>[] = [
    {},
    { rssBytes: 1, vszBytes: 2 },
    { readBytes: read },
    { runqueueWaitNs: read },
    { rssBytes: 1, vszBytes: 2, readBytes: read, writeBytes: read, runqueueWaitNs: read },
  ];
  const all: [PlanSubject, CounterHistory | undefined, number][] = [];
  for (const state of states)
    for (const cpuTicks of cpu)
      for (const last of histories)
        for (const gap of gaps)
          for (let pass = 1; pass <= 210; pass += 1) {
            all.push([{ ...idle({ state, cpuTicks }), ...gap }, last, pass]);
          }

  /** The cases (as text, to say which) where `holds` is false. */
  const failing = (holds: (p: PlanSubject, last: CounterHistory | undefined, n: number, plan: CounterPlan) => boolean) =>
    all.filter(([p, last, n]) => !holds(p, last, n, planCounters(p, stat, last, passPlan(n, 10)))).map((c) => JSON.stringify(c));

  it('leaves a process no counter (countersLeft 0, where proc.ts plans nothing) exactly when its plan skips all three', () => {
    const skipsAll = (plan: CounterPlan) => plan.memory === 'skip' && plan.io === 'skip' && plan.wait === 'skip';
    expect(failing((p, _last, n, plan) => (countersLeft(p, passPlan(n, 10).policy) === 0) === skipsAll(plan))).toEqual([]);
  });

  it('never reads what an earlier backend gave, and nothing of io or schedstat on the first pass', () => {
    expect(failing((p, _last, _n, plan) => !(p.rssBytes !== undefined && p.vszBytes !== undefined) || plan.memory === 'skip')).toEqual([]);
    expect(failing((p, _last, _n, plan) => (p.readBytes === undefined && p.writeBytes === undefined) || plan.io === 'skip')).toEqual([]);
    expect(failing((p, _last, _n, plan) => p.runqueueWaitNs === undefined || plan.wait === 'skip')).toEqual([]);
    expect(
      failing((_p, _last, n, plan) => n > 1 || (plan.io === 'skip' && plan.wait === 'skip' && plan.memory !== 'read' && plan.memory !== 'handOn')),
    ).toEqual([]);
    expect(failing((_p, _last, n, plan) => n === 1 || plan.memory !== 'status')).toEqual([]);
  });

  it('hands on only what an earlier pass read, and always reads a process it has not seen', () => {
    expect(failing((_p, last, _n, plan) => plan.io !== 'handOn' || last?.ioTried === true)).toEqual([]);
    expect(failing((_p, last, _n, plan) => plan.wait !== 'handOn' || last?.waitTried === true)).toEqual([]);
    expect(failing((_p, last, _n, plan) => plan.memory !== 'handOn' || last?.memory !== undefined)).toEqual([]);
    expect(failing((_p, last, n, plan) => last !== undefined || n === 1 || ![plan.memory, plan.io, plan.wait].includes('handOn'))).toEqual([]);
  });

  it('reads a process that may have moved its counters every pass', () => {
    const moved = (p: PlanSubject, last: CounterHistory | undefined) =>
      p.state === 'R' || p.state === 'D' || p.cpuTicks === undefined || p.cpuTicks !== last?.cpuTicks;
    expect(failing((p, last, n, plan) => n === 1 || !moved(p, last) || p.runqueueWaitNs !== undefined || plan.wait === 'read')).toEqual([]);
    expect(failing((p, last, n, plan) => n === 1 || !moved(p, last) || p.rssBytes !== undefined || plan.memory === 'read')).toEqual([]);
    expect(
      failing(
        (p, last, n, plan) =>
          n === 1 || !moved(p, last) || p.readBytes !== undefined || p.writeBytes !== undefined || last?.ioDenied === true || plan.io === 'read',
      ),
    ).toEqual([]);
  });

  it('reads an idle process once in COUNTER_REFRESH_PASSES passes, a denied io once in IO_DENIED_RETRY_PASSES', () => {
    for (const pid of [1, 100, 12696, 4_194_304]) {
      for (let start = 2; start < 2 + IO_DENIED_RETRY_PASSES; start += 7) {
        const window = (length: number, last: CounterHistory) =>
          Array.from({ length }, (_, i) => planCounters(idle({ pid }), stat, last, passPlan(start + i, 10)));
        const reads = window(COUNTER_REFRESH_PASSES, seen());
        expect(reads.filter((p) => p.wait === 'read')).toHaveLength(1);
        expect(reads.filter((p) => p.io === 'read')).toHaveLength(1);
        expect(reads.filter((p) => p.memory === 'read')).toHaveLength(1);
        const denied = window(IO_DENIED_RETRY_PASSES, seen({ ioDenied: true }));
        expect(denied.filter((p) => p.io === 'read')).toHaveLength(1);
        expect(denied.filter((p) => p.wait === 'read')).toHaveLength(IO_DENIED_RETRY_PASSES / COUNTER_REFRESH_PASSES);
      }
    }
  });
});

describe('planFacts', () => {
  const facts = (over: Partial<ProcessFacts> = {}): ProcessFacts => ({ startTime: 1, comm: 'sleep', cmdline: 'sleep 600', cgroup: '/a', cgroupId: 9, ...over });
  const p: { pid: number; comm: string; cgroupId: number | undefined } = { pid: 100, comm: 'sleep', cgroupId: 9 };
  const quiet = passPlan(2, 10);
  const turn = passPlan(10 * 30, 10);

  const cases: [string, typeof p, ProcessFacts | undefined, ReturnType<typeof passPlan>, ReturnType<typeof planFacts>][] = [
    ['nothing cached, first pass: read, cgroup deferred', p, undefined, passPlan(1, 10), { facts: 'read', cgroup: 'defer' }],
    ['nothing cached, later pass: read with the cgroup', p, undefined, quiet, { facts: 'read', cgroup: 'read' }],
    ['cached, same comm and cgroup id, off its turn: serve the cache', p, facts(), quiet, { facts: 'cached', cgroup: 'skip' }],
    [
      'cached with the cgroup deferred: serve it and read the cgroup',
      p,
      facts({ cgroup: undefined, cgroupDeferred: true }),
      quiet,
      { facts: 'cached', cgroup: 'read' },
    ],
    [
      'cached with the cgroup deferred, still the first pass: leave it',
      p,
      facts({ cgroup: undefined, cgroupDeferred: true }),
      passPlan(1, 10),
      { facts: 'cached', cgroup: 'skip' },
    ],
    ['comm changed (exec): read again, the cgroup id shows the path unchanged', { ...p, comm: 'other' }, facts(), quiet, { facts: 'read', cgroup: 'reuse' }],
    [
      'comm changed, no cgroup id: read again with the cgroup',
      { ...p, comm: 'other', cgroupId: undefined },
      facts({ cgroupId: undefined }),
      quiet,
      { facts: 'read', cgroup: 'read' },
    ],
    ['cgroup id changed: read again with the cgroup', { ...p, cgroupId: 10 }, facts(), quiet, { facts: 'read', cgroup: 'read' }],
    ['its turn, cgroup id unchanged: read again, keep the cgroup path', p, facts(), turn, { facts: 'read', cgroup: 'reuse' }],
    [
      'its turn, no cgroup id (a scan): read again with the cgroup',
      { ...p, cgroupId: undefined },
      facts({ cgroupId: undefined }),
      turn,
      { facts: 'read', cgroup: 'read' },
    ],
    [
      'its turn, the cgroup never read (deferred): read it, not reuse',
      p,
      facts({ cgroup: undefined, cgroupDeferred: true }),
      turn,
      { facts: 'read', cgroup: 'read' },
    ],
  ];
  it.each(cases)('%s', (_name, subject, cached, pass, plan) => {
    expect(planFacts(subject, cached, pass)).toEqual(plan);
  });

  it('reads every cached process again within factsCycle passes', () => {
    for (const processes of [10, 5000]) {
      for (const pid of [1, 77, 12696]) {
        const cycle = passPlan(2, processes).factsCycle;
        const plans = Array.from({ length: cycle }, (_, i) => planFacts({ ...p, pid }, facts(), passPlan(2 + i, processes)));
        expect(plans.filter((f) => f.facts === 'read')).toHaveLength(1);
      }
    }
  });
});

describe('readRate (util/rate.ts): the one rate of every scheduled counter', () => {
  const at = (value: number, readAt: number, source = 'proc') => ({ value, readAt, source });
  it.each([
    ['two reads of one source', at(0, 1000), at(500, 3000), 250],
    ['no read before', undefined, at(5, 1000), undefined],
    ['no read now', at(5, 1000), undefined, undefined],
    ['two sources', at(0, 1000, 'proc'), at(5, 2000, 'ebpf'), undefined],
    ['the same read twice', at(5, 1000), at(5, 1000), undefined],
    ['an older read', at(5, 2000), at(9, 1000), undefined],
    ['a counter that went back', at(9, 1000), at(5, 2000), undefined],
  ] as const)('%s', (_name, before, after, rate) => {
    expect(readRate(before, after)).toBe(rate);
  });
});
