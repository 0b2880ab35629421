import { describe, expect, it } from 'vitest';
import instances from '../../node_modules/ink/build/instances.js';
import type { DOMElement } from '../../node_modules/ink/build/dom.js';
import { KEYS, renderAppPerTest, tick } from './helpers/render.js';
import { lines, plain, selectedPid, tablePids } from './helpers/frame.js';
import { proc, TEST_PROCESSES, testSnapshot } from './helpers/snapshots.js';

const setup = renderAppPerTest();

describe('process table', () => {
  it('sorts by CPU% first, cycles columns with F6 / < / > and inverts with I', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    expect(tablePids(r.frame())).toEqual([400, 500, 501, 300, 200, 1, 15, 2]);
    expect(plain(r.frame())).toMatch(/CPU%▼/);
    await r.press(KEYS.f6);
    expect(plain(r.frame())).toMatch(/MEM%▼/);
    await r.press(...Array<string>(9).fill('<'));
    expect(plain(r.frame())).toMatch(/PID▼/);
    expect(tablePids(r.frame())).toEqual([501, 500, 400, 300, 200, 15, 2, 1]);
    await r.press('I');
    expect(plain(r.frame())).toMatch(/PID▲/);
    expect(tablePids(r.frame())).toEqual([1, 2, 15, 200, 300, 400, 500, 501]);
    await r.press('>');
    expect(plain(r.frame())).toMatch(/USER▲/);
  });

  it('filters with \\ or F4 as you type; Esc clears', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    await r.press('\\', 'p', 'o', 's', 't');
    expect(tablePids(r.frame())).toEqual([500, 501]);
    expect(plain(r.frame())).toContain('Filter: post_');
    await r.press(KEYS.enter);
    expect(plain(r.frame())).toContain('filter "post"');
    await r.press(KEYS.f4, KEYS.escape);
    expect(tablePids(r.frame())).toHaveLength(8);
  });

  it('searches with / or F3: the selection jumps to the match, F3 goes to the next', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    expect(selectedPid(r.frame())).toBe(400);
    await r.press('/', 's', 'y', 's');
    expect(selectedPid(r.frame())).toBe(1);
    expect(tablePids(r.frame())).toHaveLength(8);
    await r.press(KEYS.escape, KEYS.f3, 'p', 'o', 's');
    expect(selectedPid(r.frame())).toBe(500);
    await r.press(KEYS.f3);
    expect(selectedPid(r.frame())).toBe(501);
    await r.press(KEYS.enter, 'n');
    expect(selectedPid(r.frame())).toBe(500);
  });

  it('keeps up with keys typed back to back (no stale state between keys)', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    for (const k of ['\\', 'p', 'o', 's', 't', 'g', 'r', 'e', 's', KEYS.enter, 'j']) r.stdin.write(k);
    await tick(50);
    expect(tablePids(r.frame())).toEqual([500, 501]);
    expect(selectedPid(r.frame())).toBe(501);
  });

  it('takes a run of keys that arrives as one chunk (fast typing, tmux send-keys) key by key', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    r.stdin.write('\\post\rj');
    await tick(50);
    expect(tablePids(r.frame())).toEqual([500, 501]);
    expect(selectedPid(r.frame())).toBe(501);
  });

  it('shows the tree with t or F5', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    await r.press('t');
    const ls = lines(r.frame());
    // CPU order among siblings: 500 (12%) before 200 (1.5%) under pid 1, so 200 is the last child.
    expect(ls.find((l) => /^\s+500 /.test(l))).toMatch(/├─ \/usr\/bin\/postgres/);
    expect(ls.find((l) => /^\s+300 /.test(l))).toMatch(/ {3}└─ \/usr\/bin\/bash/);
    expect(ls.find((l) => /^\s+400 /.test(l))).toMatch(/ {6}└─ \/usr\/bin\/node/);
    expect(tablePids(r.frame()).indexOf(501)).toBe(tablePids(r.frame()).indexOf(500) + 1);
    await r.press(KEYS.f5);
    expect(plain(r.frame())).not.toContain('└─');
  });

  it('filters by user with u, from the users present', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    await r.press('u');
    expect(plain(r.frame())).toContain('(all users)');
    expect(plain(r.frame())).toContain('postgres');
    await r.press(KEYS.down, KEYS.enter);
    expect(tablePids(r.frame())).toEqual([400, 300]);
    expect(plain(r.frame())).toContain('user alice');
    await r.press('u', KEYS.up, KEYS.enter);
    expect(tablePids(r.frame())).toHaveLength(8);
  });

  it('hides kernel threads with H and toggles the command line with c', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    await r.press('H');
    expect(tablePids(r.frame())).not.toContain(2);
    expect(tablePids(r.frame())).not.toContain(15);
    expect(plain(r.frame())).toContain('/usr/bin/node --test');
    await r.press('c');
    expect(plain(r.frame())).not.toContain('/usr/bin/node --test');
  });

  it('follows the selected process across refreshes by (pid, startTime)', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    await r.press('j', 'j');
    expect(selectedPid(r.frame())).toBe(501);
    // 501 becomes the busiest: it moves to the top, and the selection moves with it.
    const busier = TEST_PROCESSES.map((p) => (p.pid === 501 ? { ...p, cpuPercent: 99 } : p));
    r.store.publish(testSnapshot({ processes: busier }));
    await tick();
    expect(tablePids(r.frame())[0]).toBe(501);
    expect(selectedPid(r.frame())).toBe(501);
    // pid 501 reused by another process (new start time): the cursor stays where it was.
    const reused = busier.map((p) => (p.pid === 501 ? { ...p, startTime: 999999, cpuPercent: 0.2 } : p));
    r.store.publish(testSnapshot({ processes: reused }));
    await tick();
    expect(selectedPid(r.frame())).toBe(400);
  });

  it('keeps the layout when rows change places, a command its length and pressure its figures (no node moved or resized)', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    // Ink lays the tree out on each commit (its onComputeLayout); Yoga works only where a node
    // is dirty. Record whether the tree was dirty each time.
    const root = (instances as unknown as Map<unknown, { rootNode: DOMElement }>).get(r.stdout)!.rootNode;
    const dirty: boolean[] = [];
    const layout = root.onComputeLayout!;
    root.onComputeLayout = () => {
      dirty.push(root.yogaNode!.isDirty());
      layout();
    };
    // 501 passes every other row, and the kernel worker takes a longer name (as one does for
    // each work queue it runs).
    const next = TEST_PROCESSES.map((p) => (p.pid === 501 ? { ...p, cpuPercent: 99 } : p.pid === 15 ? { ...p, comm: 'kworker/0:1-events' } : p));
    // And pressure figures change, one of them by a digit.
    const pressure = {
      cpu: { some: { avg10: 2.5, avg60: 2, avg300: 3, totalUs: 200 } },
      io: { some: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 }, full: { avg10: 10.25, avg60: 1, avg300: 0, totalUs: 9 } },
      memory: { some: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 }, full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 } },
    };
    r.store.publish(testSnapshot({ processes: next, pressure }));
    await tick();
    expect(tablePids(r.frame())[0]).toBe(501);
    expect(plain(r.frame())).toContain('kworker/0:1-events');
    expect(plain(r.frame())).toMatch(/io +0\.00 +10\.25/);
    expect(dirty.length).toBeGreaterThan(0);
    expect(dirty).not.toContain(true);
  });

  it('moves by page and jumps to the ends', async () => {
    const many = Array.from({ length: 100 }, (_, i) => proc(1000 + i, `worker${i}`, { cpuPercent: 100 - i }));
    const r = setup({ snapshot: testSnapshot({ processes: many }), columns: 80, rows: 24 });
    await tick();
    const page = tablePids(r.frame()).length;
    expect(page).toBeGreaterThanOrEqual(10);
    await r.press(KEYS.pageDown);
    expect(selectedPid(r.frame())).toBe(1000 + page);
    await r.press('G');
    expect(selectedPid(r.frame())).toBe(1099);
    expect(tablePids(r.frame()).at(-1)).toBe(1099);
    await r.press(KEYS.pageUp);
    expect(selectedPid(r.frame())).toBe(1099 - page);
    await r.press('g');
    expect(selectedPid(r.frame())).toBe(1000);
    await r.press(KEYS.end, KEYS.up, KEYS.home, KEYS.down);
    expect(selectedPid(r.frame())).toBe(1001);
  });
});
