import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeView, findMatch, usersOf, type ViewOptions } from '../../src/ui/table/processView.js';
import { fitColumns, MIN_COMMAND } from '../../src/ui/table/fitColumns.js';
import { visibleColumns } from '../../src/ui/table/columns.js';
import type { ProcessRow } from '../../src/types/snapshot.js';
import { proc, TEST_PROCESSES } from './helpers/snapshots.js';

const base: ViewOptions = { sort: 'cpu', descending: true, filter: '', hideKernel: false, tree: false, ascii: false };
const pids = (opts: Partial<ViewOptions>, rows = TEST_PROCESSES) => computeView(rows, { ...base, ...opts }, { memTotalBytes: 1e9 }).map((v) => v.row.pid);

describe('process view', () => {
  it('sorts by any column, both ways, with n/a last', () => {
    expect(pids({})).toEqual([400, 500, 501, 300, 200, 1, 15, 2]);
    expect(pids({ sort: 'pid', descending: false })).toEqual([1, 2, 15, 200, 300, 400, 500, 501]);
    expect(pids({ sort: 'user', descending: false }).slice(0, 2)).toEqual([300, 400]);
    const rows = [proc(1, 'a', { cpuPercent: undefined }), proc(2, 'b', { cpuPercent: 5 }), proc(3, 'c', { cpuPercent: 1 })];
    expect(pids({}, rows)).toEqual([2, 3, 1]);
    expect(pids({ descending: false }, rows)).toEqual([3, 2, 1]);
  });

  it('filters on comm, cmdline or pid, hides kernel threads, and filters by user', () => {
    expect(pids({ filter: 'POSTGRES' })).toEqual([500, 501]);
    expect(pids({ filter: 'writer' })).toEqual([501]);
    expect(pids({ filter: '300' })).toEqual([300]);
    expect(pids({ hideKernel: true })).not.toContain(2);
    expect(pids({ hideKernel: true })).not.toContain(15);
    expect(pids({ user: 'alice' })).toEqual([400, 300]);
    expect(usersOf(TEST_PROCESSES)).toEqual(['alice', 'postgres', 'root']);
  });

  it('builds the tree by ppid, siblings in sort order, with branches', () => {
    const view = computeView(TEST_PROCESSES, { ...base, tree: true, sort: 'pid', descending: false }, {});
    expect(view.map((v) => v.row.pid)).toEqual([1, 200, 300, 400, 500, 501, 2, 15]);
    expect(view.map((v) => v.branch)).toEqual(['', '├─ ', '│  └─ ', '│     └─ ', '└─ ', '   └─ ', '', '└─ ']);
    const ascii = computeView(TEST_PROCESSES, { ...base, tree: true, ascii: true, sort: 'pid', descending: false }, {});
    expect(ascii[1].branch).toBe('|- ');
  });

  it('survives a ppid loop without hanging', () => {
    const rows = [proc(10, 'a', { ppid: 11 }), proc(11, 'b', { ppid: 10 }), proc(12, 'c', { ppid: 1 })];
    expect(computeView(rows, { ...base, tree: true }, {}).map((v) => v.row.pid)).toEqual([12]);
  });

  it('finds the next match, wrapping', () => {
    const view = computeView(TEST_PROCESSES, base, {});
    expect(view[findMatch(view, 'post', 0)].row.pid).toBe(500);
    expect(view[findMatch(view, 'post', 2)].row.pid).toBe(501);
    expect(view[findMatch(view, 'node', 5)].row.pid).toBe(400);
    expect(findMatch(view, 'nothing-like-this', 0)).toBe(-1);
  });

  it('drops the least telling columns first and keeps room for the command', () => {
    const at80 = fitColumns(visibleColumns(TEST_PROCESSES), 80).map((c) => c.id);
    for (const id of ['pid', 'user', 'state', 'cpu', 'mem', 'res', 'command'] as const) expect(at80).toContain(id);
    expect(at80).not.toContain('pri');
    const width = fitColumns(visibleColumns(TEST_PROCESSES), 80).reduce((w, c) => w + (c.id === 'command' ? 0 : c.width + 1), 0);
    expect(80 - width).toBeGreaterThanOrEqual(MIN_COMMAND);
    expect(visibleColumns(TEST_PROCESSES).map((c) => c.id)).not.toContain('gpu');
    expect(visibleColumns([proc(1, 'x', { gpuPercent: 3 })]).map((c) => c.id)).toContain('gpu');
  });
});

describe('process view after the last one', () => {
  /** A refresh of `rows`: each kept as the same object, changed (a new object), or gone; then new processes. */
  const step = fc.record({
    fates: fc.array(fc.constantFrom('same', 'same', 'same', 'changed', 'gone'), { maxLength: 40 }),
    added: fc.uniqueArray(fc.integer({ min: 100, max: 140 }), { maxLength: 4 }),
  });
  const refresh = (rows: ProcessRow[], { fates, added }: { fates: string[]; added: number[] }): ProcessRow[] => {
    const out: ProcessRow[] = [];
    rows.forEach((r, i) => {
      const fate = fates[i] ?? 'same';
      if (fate === 'same') out.push(r);
      else if (fate === 'changed') out.push({ ...r, cpuPercent: (r.cpuPercent ?? 0) + 7 });
    });
    for (const pid of added) if (!out.some((r) => r.pid === pid)) out.push(proc(pid, `p${pid}`, { ppid: (pid % 3) + 1, cpuPercent: pid % 5 }));
    return out;
  };
  const first = fc
    .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 40 })
    .map((ids) => ids.map((pid) => proc(pid, `p${pid}`, { ppid: pid > 3 ? (pid % 4) + 1 : 1, cpuPercent: pid % 6 })));
  const options = fc.record({ tree: fc.boolean(), sort: fc.constantFrom('cpu' as const, 'pid' as const), descending: fc.boolean() });

  it('shows what a view made afresh shows, handing back only entries that say the same', () => {
    fc.assert(
      fc.property(first, fc.array(step, { minLength: 1, maxLength: 4 }), options, (start, steps, opts) => {
        const o = { ...base, ...opts };
        let rows = start;
        let last = computeView(rows, o, {});
        for (const s of steps) {
          rows = refresh(rows, s);
          const view = computeView(rows, o, {}, undefined, last);
          expect(view).toEqual(computeView(rows, o, {}));
          // Each entry holds this refresh's row object (an equal old one would let a memo skip it).
          const current = new Set(rows);
          expect(view.filter((v) => !current.has(v.row))).toEqual([]);
          last = view;
        }
      }),
    );
  });

  it('hands back every entry when nothing changed, and a changed row keeps its key', () => {
    const last = computeView(TEST_PROCESSES, base, {});
    const again = computeView(TEST_PROCESSES, base, {}, undefined, last);
    expect(again.every((v, i) => v === last[i])).toBe(true);
    const changed = TEST_PROCESSES.map((r) => (r.pid === 300 ? { ...r } : r));
    const view = computeView(changed, base, {}, undefined, last);
    const at = view.findIndex((v) => v.row.pid === 300);
    expect(view[at]).not.toBe(last[at]);
    expect(view[at].key).toBe(last[at].key);
    expect(view.filter((v, i) => v === last[i])).toHaveLength(TEST_PROCESSES.length - 1);
  });

  it('hands back the entries of rows that moved far, wherever they were', () => {
    const rows = Array.from({ length: 40 }, (_, i) => proc(i + 1, `p${i + 1}`));
    const last = computeView(rows, { ...base, sort: 'pid', descending: false }, {});
    const reversed = computeView(rows, { ...base, sort: 'pid', descending: true }, {}, undefined, last);
    expect(reversed.map((v) => v.row.pid)).toEqual(rows.map((r) => r.pid).reverse());
    expect(reversed.every((v) => last.includes(v))).toBe(true);
  });
});
