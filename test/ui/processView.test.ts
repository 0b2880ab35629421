import { describe, expect, it } from 'vitest';
import { computeView, findMatch, usersOf, type ViewOptions } from '../../src/ui/table/processView.js';
import { fitColumns, MIN_COMMAND } from '../../src/ui/table/fitColumns.js';
import { visibleColumns } from '../../src/ui/table/columns.js';
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
