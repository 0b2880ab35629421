/**
 * The tagging reducer: toggle, prune by identity (a reused pid is not tagged), and what an
 * action applies to.
 */
import { describe, expect, it } from 'vitest';
import { actionTargets, initialTagState, isTagged, tagReducer } from '../../../src/actions/tagging.js';
import type { ProcessRow } from '../../../src/types/snapshot.js';

const row = (pid: number, startTime: number): ProcessRow => ({ pid, startTime, ppid: 1, state: 'S', comm: `p${pid}`, cmdline: '' });

describe('tagReducer', () => {
  it('toggles by (pid, startTime)', () => {
    let s = tagReducer(initialTagState, { type: 'toggle', process: row(10, 100) });
    expect(isTagged(s, 10, 100)).toBe(true);
    expect(isTagged(s, 10, 101)).toBe(false);
    s = tagReducer(s, { type: 'toggle', process: row(10, 100) });
    expect(isTagged(s, 10, 100)).toBe(false);
  });

  it('prunes tags of processes no longer present, and a reused pid stays untagged', () => {
    let s = tagReducer(initialTagState, { type: 'tag', processes: [row(10, 100), row(11, 100)] });
    s = tagReducer(s, { type: 'prune', alive: [row(10, 555), row(11, 100)] });
    expect([...s.tagged]).toEqual(['11:100']);
    expect(tagReducer(s, { type: 'prune', alive: [row(11, 100)] })).toBe(s);
  });

  it('clears', () => {
    const s = tagReducer(initialTagState, { type: 'tag', processes: [row(1, 1)] });
    expect(tagReducer(s, { type: 'clear' }).tagged.size).toBe(0);
  });
});

describe('actionTargets', () => {
  const rows = [row(10, 100), row(11, 100), row(12, 100)];
  it('is the selected row when nothing is tagged', () => {
    expect(actionTargets(initialTagState, rows, rows[1]).map((t) => t.pid)).toEqual([11]);
    expect(actionTargets(initialTagState, rows, undefined)).toEqual([]);
  });
  it('is the tagged rows still present otherwise', () => {
    const s = tagReducer(initialTagState, { type: 'tag', processes: [row(10, 100), row(12, 100), row(99, 1)] });
    expect(actionTargets(s, rows, rows[1]).map((t) => t.pid)).toEqual([10, 12]);
  });
});
