/**
 * The screen on a big GPU server: the snapshot a real Monitor reads from the big-host fixture root
 * (256 CPUs, 64 disks, 300 interfaces, 20,000 processes; test/helpers/big-host.ts) with 8 GPUs (one
 * recorded H200, replicated), drawn at every size from 80x24 to 250x70. Every line fits the
 * terminal and nothing reads NaN or undefined. Boxed layouts (120x40 and up) show every core in
 * the heat grid, the 296 virtual interfaces on one line, the busiest disks and "+N more", and
 * all 8 GPUs; one-line layouts (80x24, 100x30) show the CPU total and a GPU summary line with every
 * GPU's use. The process table scrolls through the 20,000.
 */
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/types/snapshot.js';
import { bigHostDir, readBigHost } from '../helpers/big-host-snapshot.js';
import { lines, plain, tablePids } from './helpers/frame.js';
import { KEYS, renderAppPerTest, tick } from './helpers/render.js';

const SIZES = [
  [80, 24],
  [100, 30],
  [120, 40],
  [160, 50],
  [200, 60],
  [250, 70],
] as const;
/** The sizes the layout boxes (layout.ts: 100 columns and 40 rows or more). */
const boxed = (columns: number, rows: number): boolean => columns >= 100 && rows >= 40;

/** Core ids drawn in the CPU box's heat grid ("│ <first id> <a cell per core>" rows), in order. */
function gridCores(frame: string): number {
  let next = 0;
  for (const l of lines(frame)) {
    const m = /^│ +(\d+) ([░▒▓█?]+)/.exec(l);
    if (m === null) continue;
    expect(Number(m[1])).toBe(next);
    next += [...m[2]].length;
  }
  return next;
}

describe('the screen on a 256-core, 8-GPU, 64-disk, 300-interface host with 20,000 processes', () => {
  const render = renderAppPerTest();
  const tmp = bigHostDir();
  let snapshot: Snapshot;
  beforeAll(async () => {
    snapshot = (await readBigHost(tmp.dir)).snapshot;
  }, 180_000);
  afterAll(() => tmp.remove());

  it('reads the host it is drawn on', () => {
    expect(snapshot.cpu?.cores).toHaveLength(256);
    expect(snapshot.gpus).toHaveLength(8);
    expect(snapshot.processes).toHaveLength(20_000);
  });

  for (const [columns, rows] of SIZES) {
    it(`fits ${columns}x${rows} and shows every panel readably`, async () => {
      const r = render({ snapshot, columns, rows });
      await tick(100);
      const frame = r.frame();
      const text = plain(frame);
      const screen = lines(frame);
      expect(screen.length).toBeLessThanOrEqual(rows);
      for (const l of screen) expect(stringWidth(l), l).toBeLessThanOrEqual(columns);
      expect(text).not.toMatch(/NaN|undefined/);
      expect(screen[0]).toMatch(/^gpu-node-17 6\.8\.0-87-generic │ up 14 days/);
      expect(text).toContain('20000/20000 procs');
      expect(tablePids(frame).length).toBeGreaterThanOrEqual(8);
      if (boxed(columns, rows)) {
        expect(gridCores(frame)).toBe(256);
        expect(text).not.toMatch(/not shown/);
        expect(text).toMatch(/virtual×296 +rx +\S+\/s +tx +\S+\/s/);
        expect(text).toMatch(/\+\d+ more devices \(\d+ idle\)/);
        for (let i = 0; i < 8; i++) expect(text).toMatch(new RegExp(`GPU${i} use 100% mem 1\\.11G/140G pwr 691W tmp 63°C`));
        expect(text).not.toMatch(/more GPUs/);
      } else {
        expect(text).toMatch(/^CPU ▕.*48\.0%/m);
        expect(text).toMatch(/^GPU×8 NVIDIA H200 use avg 100% max 100% mem 8\.90G\/1\.10T pwr 5524W tmp max 63°C/m);
        expect(text).toMatch(/^use 0:100% 1:100% 2:100% 3:100% 4:100% 5:100% 6:100% 7:100%/m);
      }
    });
  }

  it('scrolls the process table through the 20,000', async () => {
    const r = render({ snapshot, columns: 120, rows: 40 });
    await tick(100);
    const first = tablePids(r.frame());
    await r.press(KEYS.pageDown, KEYS.pageDown);
    const later = tablePids(r.frame());
    expect(later.length).toBe(first.length);
    expect(later.some((pid) => first.includes(pid))).toBe(false);
    await r.press(KEYS.end);
    const last = tablePids(r.frame());
    expect(last.some((pid) => later.includes(pid))).toBe(false);
    expect(plain(r.frame())).toContain('20000/20000 procs');
  });

  it('lists the virtual interfaces one by one after v', async () => {
    const r = render({ snapshot, columns: 200, rows: 60 });
    await tick(100);
    expect(plain(r.frame())).toContain('virtual×296');
    await r.press('v');
    const text = plain(r.frame());
    expect(text).not.toContain('virtual×296');
    expect(text).toMatch(/│ veth[0-9a-f]{7} +rx/);
    expect(text).toMatch(/\+\d+ more\b/);
  });
});
