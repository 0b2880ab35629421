/**
 * The fleet screen's pure parts on rows from a recorded answer (test/fixtures/synthetic-fleet-
 * promtool): the view (filter, sort, groups), the keys through the reducer and the command table,
 * the help built from that table, the columns at 80 columns, and the words for each state.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetRows, type OverviewAnswers } from '../../../src/fleet/model.js';
import type { FleetSnapshot } from '../../../src/fleet/types.js';
import { fitFleetColumns, stateText } from '../../../src/ui/fleet/columns.js';
import { fleetHelpGroups } from '../../../src/ui/fleet/commands.js';
import type { FleetScreenView } from '../../../src/ui/fleet/handlers.js';
import { fleetReducer } from '../../../src/ui/fleet/reducer.js';
import { initialFleetState, type FleetUiState } from '../../../src/ui/fleet/state.js';
import { fleetView, groupLabels } from '../../../src/ui/fleet/view.js';
import { isStale, sourceLine } from '../../../src/ui/fleet/words.js';
import { parseKeys } from '../../../src/ui/input/keys.js';

const answers = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/synthetic-fleet-promtool/overview.json'), 'utf8')) as OverviewAnswers;
const rows = fleetRows(answers);
const at = answers.targets![0].value[0];
const ctx = { at };

function press(state: FleetUiState, keys: string): FleetUiState {
  let s = state;
  for (const key of parseKeys(keys)) {
    const view: FleetScreenView = {
      rows: fleetView(rows, s, ctx),
      pageSize: 10,
      helpLines: 0,
      hostLines: 0,
      labels: groupLabels(rows),
      tooSmall: false,
    };
    s = fleetReducer(s, { type: 'key', key, view });
  }
  return s;
}

describe('the fleet view', () => {
  it('sorts by GPU utilisation, unmeasured (the down host) last', () => {
    const v = fleetView(rows, { sort: 'gpu', descending: true, filter: '' }, ctx);
    expect(v.map((r) => r.key)).toEqual(['gpu-node-001', 'gpu-node-000', 'gpu-node-002']);
  });

  it('sorts the down host first by state', () => {
    const v = fleetView(rows, { sort: 'state', descending: true, filter: '' }, ctx);
    expect(v[0].key).toBe('gpu-node-002');
    expect(stateText(rows[2], at)).toMatch(/^down 9:\d\d$|^down 1\d:\d\d$/);
  });

  it('filters on host, labels and top process', () => {
    expect(fleetView(rows, { sort: 'host', descending: false, filter: 'dc2' }, ctx).map((r) => r.key)).toEqual(['gpu-node-002']);
    expect(fleetView(rows, { sort: 'host', descending: false, filter: 'PYTHON' }, ctx)).toHaveLength(2);
  });

  it('groups under a header per label value', () => {
    const v = fleetView(rows, { sort: 'host', descending: false, filter: '', groupBy: 'dc' }, ctx);
    expect(v.map((r) => r.key)).toEqual(['group:dc0', 'gpu-node-000', 'group:dc1', 'gpu-node-001', 'group:dc2', 'gpu-node-002']);
    expect(v[4]).toMatchObject({ kind: 'group', hosts: 1, down: 1 });
    expect(groupLabels(rows)).toEqual(['job', 'dc']);
  });
});

describe('the fleet keys', () => {
  it('sort with > and invert with I', () => {
    const s = press(initialFleetState, '>>');
    expect(s).toMatchObject({ sort: 'cpu', descending: true, status: 'sort: CPU%' });
    expect(press(s, 'I').descending).toBe(false);
  });

  it('g cycles the group through job, dc and none', () => {
    expect(press(initialFleetState, 'g').groupBy).toBe('job');
    expect(press(initialFleetState, 'gg').groupBy).toBe('dc');
    expect(press(initialFleetState, 'ggg').groupBy).toBeUndefined();
  });

  it('/ searches and moves to the match; Enter then opens that host', () => {
    const s = press(initialFleetState, '/node-002\r');
    expect(s).toMatchObject({ mode: 'table', selectedKey: 'gpu-node-002', search: 'node-002' });
    const opened = press(s, '\r');
    expect(opened.mode).toBe('host');
    expect(opened.request).toMatchObject({ kind: 'openHost', host: 'gpu-node-002' });
    const back = press(opened, '\x1b');
    expect(back.mode).toBe('table');
    expect(back.request).toMatchObject({ kind: 'closeHost' });
  });

  it('the filter box keeps its text on Enter, clears it on Esc', () => {
    expect(press(initialFleetState, '\\dc1\r')).toMatchObject({ mode: 'table', filter: 'dc1' });
    expect(press(initialFleetState, '\\dc1\x1b')).toMatchObject({ mode: 'table', filter: '' });
  });

  it('q quits from the table', () => {
    expect(press(initialFleetState, 'q').request).toMatchObject({ kind: 'quit' });
  });

  it('the help lists the table the reducer reads', () => {
    const table = fleetHelpGroups()[0];
    expect(table.title).toBe('Fleet table');
    expect(table.rows.map(([keys]) => keys)).toEqual(expect.arrayContaining(['g', 'Enter', 'F6 > .', 'F4 \\']));
  });
});

describe('the fleet columns and words', () => {
  it('keep host, state, CPU, load, memory, GPUs and the top process at 80 columns', () => {
    expect(fitFleetColumns(80).map((c) => c.id)).toEqual(['host', 'state', 'cpu', 'load', 'mem', 'gpus', 'gpu', 'top']);
    expect(fitFleetColumns(250)).toHaveLength(19);
  });

  it('say what is wrong, for how long, and how old the values are', () => {
    const snap: FleetSnapshot = {
      rows,
      rowsAt: 1_000_000,
      publishedAt: 1_030_000,
      queriesPerRefresh: 5,
      status: { state: 'down', message: 'ECONNREFUSED', since: 1_010_000 },
    };
    expect(isStale(snap)).toBe(true);
    expect(sourceLine(snap, 1_030_000, 5000)).toBe('Prometheus is down (ECONNREFUSED) for 0:20; last values 0:30 old; retrying every 0:05');
    const unauthorized = { ...snap, rowsAt: undefined, status: { state: 'unauthorized' as const, message: 'HTTP 401', since: 1_000_000 } };
    expect(sourceLine(unauthorized, 1_001_000, 5000)).toBe(
      'Prometheus refused the credentials: unauthorized (HTTP 401) for 0:01; no values yet; retrying every 0:05',
    );
    const partial = { ...snap, status: { state: 'partial' as const, message: 'gpu: HTTP 422', since: 0 } };
    expect(isStale(partial)).toBe(false);
    expect(sourceLine(partial, 0, 5000)).toMatch(/^partial data \(gpu: HTTP 422\): 5 queries a refresh, every 0:05, updated \d\d:\d\d:\d\d$/);
  });
});
