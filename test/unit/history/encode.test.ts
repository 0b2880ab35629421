/**
 * The sampling side's encoder: the first sample carries every process, later ones only the rows
 * that moved, new facts and the keys gone; changed facts are marked; alerts only when their state
 * changed; after reset() the next sample is full again.
 */
import { describe, expect, it } from 'vitest';
import { SampleEncoder } from '../../../src/history/encode.js';
import { storedPanelValue } from '../../../src/history/stored-panels.js';
import { BUSY, EXECS, EXITS, STARTS, sequence } from './sequence.js';

describe('SampleEncoder', () => {
  it('posts only what changed', () => {
    const seq = sequence(21);
    const e = new SampleEncoder();
    const first = e.encode(seq[0]);
    expect(first.rows.length).toBe(seq[0].processes.length);
    expect(first.present?.length).toBe(seq[0].processes.length);
    const second = e.encode(seq[1]);
    expect(second.present).toBeUndefined();
    expect(second.facts).toEqual([]);
    expect(second.rows.map(([k]) => Number(k.split(':')[0]))).toEqual([BUSY]);
    for (let i = 2; i < 10; i++) e.encode(seq[i]);
    expect(e.encode(seq[10]).ended.map((k) => Number(k.split(':')[0]))).toEqual([EXITS]);
    for (let i = 11; i < 15; i++) e.encode(seq[i]);
    const start = e.encode(seq[15]);
    expect(start.facts.map((f) => f.pid)).toEqual([STARTS]);
    for (let i = 16; i < 20; i++) e.encode(seq[i]);
    const exec = e.encode(seq[20]);
    expect(exec.facts).toEqual([expect.objectContaining({ pid: EXECS, comm: 'after-exec', changed: true })]);
    e.reset();
    const again = e.encode(seq[20]);
    expect(again.rows.length).toBe(seq[20].processes.length);
    expect(again.present?.length).toBe(seq[20].processes.length);
  });

  it('ends the process a reused pid last named, and starts the new one with its facts and row', () => {
    const [a, b] = sequence(2);
    const reused = { ...b.processes[0], startTime: b.processes[0].startTime + 1, comm: 'newcomer' };
    b.processes = [reused, ...b.processes.slice(1)];
    const e = new SampleEncoder();
    e.encode(a);
    const m = e.encode(b);
    expect(m.ended).toEqual([`${reused.pid}:${a.processes[0].startTime}`]);
    expect(m.facts).toEqual([expect.objectContaining({ pid: reused.pid, startTime: reused.startTime, comm: 'newcomer' })]);
    expect(m.facts[0].changed).toBeUndefined();
    expect(m.rows.map(([k]) => k)).toContain(`${reused.pid}:${reused.startTime}`);
  });

  it("carries the panels and chunks as JSON text, and the verdict's top resource", () => {
    const [a] = sequence(1);
    const m = new SampleEncoder().encode(a);
    // The host without the uptime the memory panel has; the panels' numbers as stored.
    expect(JSON.parse(m.json.host)).toEqual({ ...a.host, uptimeSeconds: undefined });
    expect(a.memory?.uptimeSeconds).toBeDefined();
    expect(JSON.parse(m.json.panels).memory).toEqual(JSON.parse(JSON.stringify(a.memory, storedPanelValue)));
    expect(JSON.parse(m.json.sources).cpu).toEqual({ ...a.sources.cpu, lastReadAt: undefined, readMs: undefined });
    expect(m.limiting).toBe(a.verdict === undefined ? null : (a.verdict.limiting[0]?.resource ?? 'headroom'));
  });

  it('posts an alert when it appears or changes state', () => {
    const [a, b, c] = sequence(3);
    const alert = { id: 'x', rule: 'r', subject: 's', severity: 'warning' as const, state: 'pending' as const, value: 1, peak: 1, threshold: 0, since: 0 };
    a.alerts = [alert];
    b.alerts = [alert];
    c.alerts = [{ ...alert, state: 'firing' }];
    const e = new SampleEncoder();
    expect(e.encode(a).alertChanges.length).toBe(1);
    expect(e.encode(b).alertChanges.length).toBe(0);
    expect(e.encode(c).alertChanges.map((x) => x.state)).toEqual(['firing']);
  });
});
