import { describe, expect, it } from 'vitest';
import { helpGroups } from '../../src/ui/commands/help.js';
import { KEYS, renderApp, renderAppPerTest, tick, until } from './helpers/render.js';
import { lines, plain, selectedPid, tablePids } from './helpers/frame.js';
import { proc, TEST_PROCESSES, testSnapshot } from './helpers/snapshots.js';
import { ReadBuffer } from '../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const setup = renderAppPerTest();

// Box drawing, block elements (bars) and braille: none may appear under --ascii.
const UNICODE_GRAPHICS = /[\u2500-\u259f\u2800-\u28ff]/;
// SGR colour parameters: 30–37, 38;…, 39, 40–47, 48;…, 49, 90–97, 100–107.
const COLOUR_SGR = /\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

describe('screen', () => {
  it('shows every key of the table on ? and F1 at 80x24, scrolled in one column with nothing cut, and any key closes help', async () => {
    const r = setup({ snapshot: testSnapshot(), columns: 80, rows: 24 });
    await tick();
    await r.press('?');
    // At 80x24 the help is one column that PgDn scrolls: read it page by page to the end.
    const pages = [plain(r.frame())];
    expect(pages[0]).toMatch(/SmoothTask keys, lines 1-\d+ of (\d+)/);
    for (let i = 0; i < 20 && !/lines \d+-(\d+) of \1\b/.test(pages.at(-1)!); i++) {
      await r.press(KEYS.pageDown);
      pages.push(plain(r.frame()));
    }
    expect(pages.at(-1)).toMatch(/lines \d+-(\d+) of \1\b/);
    const text = pages.join('\n');
    const [table] = helpGroups();
    expect(table.title).toBe('Process table');
    for (const [keys, what] of table.rows) {
      expect(text).toContain(keys);
      expect(text).toContain(what.slice(0, 20));
    }
    // Nothing in the help itself is cut (the header and status lines may be, at 80 columns).
    const helpBody = pages.flatMap((p) => p.split('\n').slice(3, -1));
    expect(helpBody.filter((l) => l.includes('…'))).toEqual([]);
    expect(text).toContain('In every view');
    expect(lines(r.frame()).length).toBeLessThanOrEqual(24);
    await r.press('x');
    expect(plain(r.frame())).toContain('PID');
    await r.press(KEYS.f1);
    expect(plain(r.frame())).toContain('SmoothTask keys');
  });

  it("shows every mode's keys, group by group, where the terminal has room", async () => {
    const r = setup({ snapshot: testSnapshot(), columns: 200, rows: 60 });
    await tick();
    await r.press('h');
    const text = plain(r.frame());
    for (const group of helpGroups()) {
      expect(text).toContain(group.title);
      for (const [keys, what] of group.rows) {
        expect(text).toContain(keys);
        expect(text).toContain(what.slice(0, 20));
      }
    }
    expect(text).not.toContain('a larger terminal also shows');
  });

  it('quits on q, on F10 and on Ctrl-C', async () => {
    for (const key of ['q', KEYS.f10, KEYS.ctrlC]) {
      const r = renderApp({ snapshot: testSnapshot() });
      await tick();
      let exited = false;
      void r.instance.waitUntilExit().then(() => {
        exited = true;
      });
      r.stdin.write(key);
      await until(() => exited);
    }
  });

  it('typing q into the search box searches for q instead of quitting', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    await r.press('/', 'q');
    expect(plain(r.frame())).toContain('Search: q_');
  });

  it('says the terminal is too small below 80x24, still quits on q, and recovers when it grows', async () => {
    const r = setup({ snapshot: testSnapshot(), columns: 60, rows: 20 });
    await tick();
    expect(plain(r.frame()).trim()).toBe('terminal too small: need 80x24, have 60x20');
    await r.press('j', '/');
    r.stdout.resize(79, 30);
    await tick();
    expect(plain(r.frame()).trim()).toBe('terminal too small: need 80x24, have 79x30');
    r.stdout.resize(80, 24);
    await tick();
    expect(plain(r.frame())).toContain('PID');
    expect(lines(r.frame()).filter((l) => l !== '').length).toBeLessThanOrEqual(24);
    r.stdout.resize(70, 24);
    await tick();
    let exited = false;
    void r.instance.waitUntilExit().then(() => {
      exited = true;
    });
    await r.press('q');
    await until(() => exited);
  });

  it('fits 80x24 with at least 10 process rows, and 250x70 with charts', async () => {
    const many = Array.from({ length: 80 }, (_, i) => proc(1000 + i, `w${i}`, { cpuPercent: 80 - i }));
    const small = setup({ snapshot: testSnapshot({ processes: many }), columns: 80, rows: 24 });
    await tick();
    const ls = lines(small.frame());
    expect(ls.length).toBeLessThanOrEqual(24);
    expect(ls.every((l) => l.length <= 80)).toBe(true);
    expect(ls.filter((l) => /^\s+\d+ root/.test(l)).length).toBeGreaterThanOrEqual(10);
    small.instance.unmount();
    const big = setup({ snapshot: testSnapshot({ processes: many }), columns: 250, rows: 70 });
    await tick();
    const bl = lines(big.frame());
    expect(bl.length).toBeLessThanOrEqual(70);
    expect(bl.every((l) => [...l].length <= 250)).toBe(true);
    expect(plain(big.frame())).toMatch(/[\u2801-\u28ff]/);
    expect(plain(big.frame())).toContain('Pressure');
  });

  it('shows n/a for every unmeasured number, never 0, with the reasons', async () => {
    const snap = testSnapshot({
      cpu: undefined,
      memory: undefined,
      pressure: undefined,
      disks: undefined,
      network: undefined,
      self: { pid: 1 },
      processes: [{ pid: 77, startTime: 1, ppid: 1, state: 'S', comm: 'mystery', cmdline: 'mystery' }],
      sources: {
        pressure: { backend: null, reason: 'kernel built without CONFIG_PSI (test)', fields: {}, backends: [] },
        gpus: { backend: null, reason: 'no GPU driver found (test)', fields: {}, backends: [] },
      },
    });
    for (const [columns, rows] of [
      [80, 24],
      [120, 40],
    ]) {
      const r = setup({ snapshot: snap, columns, rows });
      await tick();
      const text = plain(r.frame());
      const row = lines(r.frame()).find((l) => /^\s+77 /.test(l)) ?? '';
      expect(row).toMatch(/^\s+77 n\/a/);
      expect(row.replace(/^\s+77 /, '')).not.toMatch(/\b0(\.0)?\b/);
      // On one line at 80 columns; wrapped inside the Pressure box at 120.
      expect(text).toContain(columns === 80 ? 'PSI n/a: kernel built without CONFIG_PSI (test)' : 'n/a: kernel built');
      expect(text).toContain('GPU: n/a — no GPU driver found (test)');
      expect(text).toContain('self n/a% n/a');
      expect(text).toContain('load n/a n/a n/a');
      expect(text).not.toMatch(/\b0\.0%/);
      r.instance.unmount();
    }
  });

  it('draws GPUs with their readings, and n/a for what the device does not report', async () => {
    const gpu = {
      index: 0,
      vendor: 'nvidia' as const,
      name: 'Test GPU',
      utilPercent: 55,
      memUsedBytes: 2 * 1024 ** 3,
      memTotalBytes: 8 * 1024 ** 3,
      powerWatts: 120,
      powerLimitWatts: 250,
      processes: [],
      source: 'nvml',
    };
    const r = setup({ snapshot: testSnapshot({ gpus: [gpu] }), columns: 160, rows: 50 });
    await tick();
    const text = plain(r.frame());
    expect(text).toContain('GPU0 Test GPU');
    expect(text).toContain('55.0%');
    expect(text).toContain('2.00G/8.00G');
    expect(text).toContain('120/250W');
    expect(text).toMatch(/tmp .*n\/a/);
    r.instance.unmount();
    // More devices than boxes fit: a line each, then how many are left out.
    const many = Array.from({ length: 12 }, (_, index) => ({ ...gpu, index }));
    const m = setup({ snapshot: testSnapshot({ gpus: many }), columns: 120, rows: 40 });
    await tick();
    expect(plain(m.frame())).toMatch(/GPU0 use 55\.0% mem 2\.00G\/8\.00G pwr 120W/);
    expect(plain(m.frame())).toMatch(/\+\d+ more GPUs/);
    expect(lines(m.frame()).length).toBeLessThanOrEqual(40);
  });

  it('--ascii draws no box, block or braille characters', async () => {
    for (const [columns, rows] of [
      [80, 24],
      [200, 60],
    ]) {
      const r = setup({ snapshot: testSnapshot(), columns, rows, ascii: true });
      await tick();
      await r.press('t');
      expect(plain(r.frame())).toContain('PID');
      expect(plain(r.frame())).not.toMatch(UNICODE_GRAPHICS);
      // The test processes' names are ASCII, so nothing on screen may be anything else.
      expect(plain(r.frame())).not.toMatch(/[^\n\x20-\x7e]/);
      r.instance.unmount();
    }
  });

  it('no-colour theme writes no colour escapes; truecolor writes 24-bit ones', async () => {
    const none = setup({ snapshot: testSnapshot(), columns: 200, rows: 60, color: 'none' });
    await tick();
    expect(none.frame()).not.toMatch(COLOUR_SGR);
    expect(selectedPid(none.frame())).toBe(400);
    none.instance.unmount();
    const tc = setup({ snapshot: testSnapshot(), columns: 200, rows: 60, color: 'truecolor' });
    await tick();
    expect(tc.frame()).toMatch(/\x1b\[38;2;/);
  });

  it('header: sources per panel, own cost and firing alerts', async () => {
    const alert = {
      id: 'a',
      rule: 'cpu',
      subject: 'host',
      severity: 'warning' as const,
      state: 'firing' as const,
      value: 95,
      peak: 97,
      threshold: 90,
      since: 0,
    };
    const r = setup({ snapshot: testSnapshot({ alerts: [alert, { ...alert, id: 'b', state: 'resolved' }] }) });
    await tick();
    const text = plain(r.frame());
    expect(text).toContain('cpu:proc mem:proc psi:proc disk:proc net:proc proc:proc gpu:none');
    expect(text).toContain('self 1.2% 50.0M');
    expect(text).toContain('alerts 1');
  });

  it('without actions, F9 and F7/F8 say so', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    await r.press(KEYS.f9);
    expect(plain(r.frame())).toContain('actions not available');
    await r.press('j', KEYS.f8);
    expect(plain(r.frame())).toContain('actions not available');
  });

  it('p pauses the store and shows it', async () => {
    const r = setup({ snapshot: testSnapshot() });
    await tick();
    await r.press('p');
    await until(() => r.store.isFrozen());
    expect(plain(r.frame())).toContain('PAUSED');
    r.store.publish(testSnapshot({ processes: [proc(4242, 'newcomer')] }));
    await tick();
    expect(plain(r.frame())).not.toContain('newcomer');
    await r.press('p');
    await until(() => !r.store.isFrozen());
    await until(() => plain(r.frame()).includes('newcomer'));
  });

  it('shows hostile names as the collector sanitised them, cut at the width', async () => {
    const wide = proc(88, '名前テスト', { cmdline: `名前テスト ${'x'.repeat(300)} \\x1b[31m`, cpuPercent: 99 });
    const r = setup({ snapshot: testSnapshot({ processes: [wide] }), columns: 80, rows: 24 });
    await tick();
    const row =
      r
        .frame()
        .split('\n')
        .find((l) => l.includes('名前')) ?? '';
    expect(row).not.toContain('\x1b[31m');
    expect(plain(row)).toContain('名前テスト');
  });
});

describe('alert slot', () => {
  it('gives the alert panel room while alerts are active, and none otherwise', async () => {
    const { AlertPanel } = await import('../../src/ui/panels/AlertPanel.js');
    const alert = {
      id: 'a',
      rule: 'cpu-busy',
      subject: 'host',
      severity: 'critical' as const,
      state: 'firing' as const,
      value: 95,
      peak: 97,
      threshold: 90,
      since: Date.now() - 5000,
    };
    for (const [columns, rows] of [
      [80, 24],
      [200, 50],
    ]) {
      const quiet = renderApp({ snapshot: testSnapshot(), columns, rows, AlertSlot: AlertPanel });
      await tick();
      expect(plain(quiet.frame())).not.toContain('cpu-busy');
      quiet.instance.unmount();
      const loud = renderApp({ snapshot: testSnapshot({ alerts: [alert] }), columns, rows, AlertSlot: AlertPanel });
      await tick();
      expect(plain(loud.frame())).toContain('cpu-busy');
      expect(lines(loud.frame()).length).toBeLessThanOrEqual(rows);
      expect(tablePids(loud.frame()).length).toBeGreaterThanOrEqual(8);
      loud.instance.unmount();
    }
  });
});

describe('cpu panel', () => {
  it('draws a bar per core on small machines and every core in the heat grid on big ones', async () => {
    const cores = (n: number) => Array.from({ length: n }, (_, id) => ({ id, times: { busy: (id * 7) % 100 } }));
    const few = renderApp({ snapshot: testSnapshot(), columns: 200, rows: 50 });
    await tick();
    expect(lines(few.frame()).filter((l) => /│ [01] ▕/.test(l))).toHaveLength(2);
    few.instance.unmount();
    const sixteen = renderApp({ snapshot: testSnapshot({ cpu: { total: { busy: 50 }, cores: cores(16) } }), columns: 200, rows: 50 });
    await tick();
    expect(lines(sixteen.frame()).filter((l) => /│ +\d+ ▕/.test(l)).length).toBeGreaterThan(0);
    expect(plain(sixteen.frame())).not.toMatch(/\d+ cores: /);
    sixteen.instance.unmount();
    for (const [columns, rows] of [
      [120, 40],
      [200, 50],
      [250, 70],
    ]) {
      for (const n of [128, 256]) {
        const many = renderApp({ snapshot: testSnapshot({ cpu: { total: { busy: 50 }, cores: cores(n) } }), columns, rows });
        await tick();
        // The CPU box is the leftmost: its grid rows are "│ <first id> <one cell per core>".
        const gridRows = lines(many.frame())
          .map((l) => /^│ +(\d+) ([░▒▓█?]+)/.exec(l))
          .filter((m) => m !== null);
        let next = 0;
        for (const [, label, cells] of gridRows) {
          expect(Number(label), `${columns}x${rows} ${n} cores`).toBe(next);
          next += [...cells].length;
        }
        expect(next, `${columns}x${rows} ${n} cores`).toBe(n);
        expect(plain(many.frame())).toContain(`${n} cores: `);
        expect(plain(many.frame())).not.toMatch(/not shown/);
        expect(lines(many.frame()).length).toBeLessThanOrEqual(rows);
        many.instance.unmount();
      }
    }
  });
});

describe('alert marks', () => {
  it('marks the panel and the process row an alert is firing on, in words as well as colour', async () => {
    const base = { severity: 'warning' as const, state: 'firing' as const, value: 95, peak: 97, threshold: 90, since: 0 };
    const alerts = [
      { ...base, id: 'a', rule: 'mem', subject: 'host', metric: 'memory.used_percent' },
      { ...base, id: 'b', rule: 'hog', subject: 'node', metric: 'proc.cpu_percent', subjectKey: 'proc:400:4000' },
      { ...base, id: 'c', rule: 'io', subject: 'vda', metric: 'disk.busy_percent', state: 'resolved' as const },
    ];
    for (const [columns, rows] of [
      [80, 24],
      [200, 50],
    ]) {
      const r = renderApp({ snapshot: testSnapshot({ alerts }), columns, rows });
      await tick();
      const text = plain(r.frame());
      expect(text).toMatch(columns === 80 ? /^Mem!/m : /Memory !/);
      expect(text).not.toMatch(/CPU !|CPU!|Disk!|Disks !/);
      expect(lines(r.frame()).find((l) => /^\s+400 /.test(l))).toMatch(/! \/usr\/bin\/node/);
      expect(lines(r.frame()).find((l) => /^\s+500 /.test(l))).not.toContain('!');
      r.instance.unmount();
    }
  });
});

describe('alert history', () => {
  it('a opens the history of resolved alerts, Esc closes it; without it, a says so', async () => {
    const { AlertHistory } = await import('../../src/ui/panels/AlertHistory.js');
    const resolved = {
      id: 'r',
      rule: 'disk-busy',
      subject: 'vda',
      severity: 'warning' as const,
      state: 'resolved' as const,
      value: 50,
      peak: 99,
      threshold: 90,
      since: 0,
      endedAt: 60_000,
    };
    const r = setup({ snapshot: testSnapshot({ alerts: [resolved] }), AlertHistorySlot: AlertHistory });
    await tick();
    await r.press('a');
    expect(plain(r.frame())).toContain('Alert history (1)');
    expect(plain(r.frame())).toContain('disk-busy');
    await r.press(KEYS.down, KEYS.escape);
    expect(plain(r.frame())).not.toContain('Alert history');
    expect(plain(r.frame())).toContain('PID');
    r.instance.unmount();
    const without = setup({ snapshot: testSnapshot() });
    await tick();
    await without.press('a');
    expect(plain(without.frame())).toContain('alert history not available');
  });
});

describe('action dialogs from the table', () => {
  it('F9 opens the signal dialog on the tagged processes and sends SIGTERM to exactly those', async () => {
    const { ActionDialog } = await import('../../src/ui/dialogs/ActionDialog.js');
    const { readStartTime } = await import('../../src/collectors/procdetail/identity.js');
    const { spawn } = await import('node:child_process');
    const kids = [0, 1, 2].map(() => spawn('sleep', ['60'], { stdio: 'ignore' }));
    try {
      const exits = kids.map((k) => new Promise<NodeJS.Signals | null>((res) => k.once('exit', (_c, sig) => res(sig))));
      await tick(100);
      const rows = kids.map((k, i) =>
        proc(k.pid!, 'sleep', { startTime: readStartTime(buffer, '/proc', k.pid!)!, cpuPercent: 30 - i, cmdline: `sleep 60 #${i}` }),
      );
      const r = setup({ snapshot: testSnapshot({ processes: rows }), ActionDialogSlot: ActionDialog });
      await tick();
      // Tag the first two (space tags and moves down), leave the third alone.
      await r.press(' ', ' ');
      // Ink draws at most every ~33 ms: wait for the frame that follows the second key.
      await until(() => lines(r.frame()).filter((l) => /\* sleep 60/.test(l)).length === 2);
      await r.press(KEYS.f9);
      await until(() => /15 SIGTERM/.test(plain(r.frame())));
      expect(plain(r.frame())).toContain('2 tagged processes');
      // The dialog listens for keys from an effect after its first frame: let it start.
      await tick(100);
      await r.press(KEYS.enter);
      await until(() => /y\/N/.test(plain(r.frame())));
      await r.press('y');
      expect(await exits[0]).toBe('SIGTERM');
      expect(await exits[1]).toBe('SIGTERM');
      await tick(100);
      expect(kids[2].exitCode).toBeNull();
      expect(kids[2].signalCode).toBeNull();
    } finally {
      for (const k of kids) if (k.exitCode === null && k.signalCode === null) k.kill('SIGKILL');
    }
  });

  it('F9/K open the signal dialog on the selected (pid, startTime): n sends nothing, y SIGTERM; F7 opens renice', async () => {
    const { ActionDialog } = await import('../../src/ui/dialogs/ActionDialog.js');
    const { readStartTime, readStat } = await import('../../src/collectors/procdetail/identity.js');
    const { spawn } = await import('node:child_process');
    const kid = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const exited = new Promise<NodeJS.Signals | null>((res) => kid.once('exit', (_c, sig) => res(sig)));
      await tick(100);
      const pid = kid.pid!;
      const row = proc(pid, 'sleep', { startTime: readStartTime(buffer, '/proc', pid)!, cpuPercent: 99, cmdline: 'sleep 60' });
      const r = setup({ snapshot: testSnapshot({ processes: [row, ...TEST_PROCESSES] }), ActionDialogSlot: ActionDialog });
      await tick();
      await r.press(KEYS.f7);
      await until(() => plain(r.frame()).includes('Renice'));
      // The dialog listens for keys from an effect after its first frame: let it start.
      await tick(100);
      await r.press(KEYS.up, KEYS.up, KEYS.up, KEYS.up, KEYS.enter);
      await until(() => plain(r.frame()).includes('set nice 4? y/N'));
      await r.press('y');
      await until(() => plain(r.frame()).includes(`nice of ${pid} (sleep, root) is now 4`));
      expect(readStat(buffer, '/proc', pid)?.nice).toBe(4);
      await r.press('x');
      await until(() => !plain(r.frame()).includes('Renice'));
      await r.press(KEYS.f9);
      await until(() => /15 SIGTERM/.test(plain(r.frame())));
      await tick(100);
      await r.press(KEYS.enter);
      await until(() => plain(r.frame()).includes(`send SIGTERM (15) to pid ${pid}? y/N`));
      await r.press('n');
      await until(() => !plain(r.frame()).includes('Send signal'));
      await tick(100);
      expect(kid.signalCode).toBeNull();
      await r.press('K');
      await until(() => /15 SIGTERM/.test(plain(r.frame())));
      await tick(100);
      await r.press(KEYS.enter);
      await until(() => /y\/N/.test(plain(r.frame())));
      await r.press('y');
      expect(await exited).toBe('SIGTERM');
    } finally {
      if (kid.exitCode === null && kid.signalCode === null) kid.kill('SIGKILL');
    }
  });

  it('Esc closes the dialog having sent nothing, keeping the tags; U clears them', async () => {
    const { ActionDialog } = await import('../../src/ui/dialogs/ActionDialog.js');
    const { readStartTime } = await import('../../src/collectors/procdetail/identity.js');
    const { spawn } = await import('node:child_process');
    const kid = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await tick(100);
      const row = proc(kid.pid!, 'sleep', { startTime: readStartTime(buffer, '/proc', kid.pid!)!, cpuPercent: 99, cmdline: 'sleep 60' });
      const r = setup({ snapshot: testSnapshot({ processes: [row, ...TEST_PROCESSES] }), ActionDialogSlot: ActionDialog });
      await tick();
      await r.press(' ', KEYS.f9);
      await until(() => plain(r.frame()).includes('Send signal'));
      await r.press(KEYS.escape);
      await until(() => plain(r.frame()).includes('PID'));
      expect(kid.exitCode).toBeNull();
      expect(kid.signalCode).toBeNull();
      expect(lines(r.frame()).find((l) => l.includes(String(kid.pid)))).toMatch(/\* sleep 60/);
      await r.press('U');
      expect(plain(r.frame())).not.toMatch(/\* sleep/);
    } finally {
      kid.kill('SIGKILL');
    }
  });
});

describe('acknowledging alerts', () => {
  it('A acknowledges the firing alerts through the runtime, or says it cannot', async () => {
    const base = { rule: 'r', subject: 's', severity: 'warning' as const, value: 1, peak: 1, threshold: 1, since: 0 };
    const alerts = [
      { ...base, id: 'one', state: 'firing' as const },
      { ...base, id: 'two', state: 'firing' as const, acknowledged: true },
      { ...base, id: 'three', state: 'pending' as const },
    ];
    const acked: string[] = [];
    const r = setup({ snapshot: testSnapshot({ alerts }), actions: { acknowledgeAlert: (id) => (acked.push(id), true) } });
    await tick();
    await r.press('A');
    await until(() => plain(r.frame()).includes('acknowledged 1 alert'));
    expect(acked).toEqual(['one']);
    r.instance.unmount();
    const without = setup({ snapshot: testSnapshot({ alerts }) });
    await tick();
    await without.press('A');
    expect(plain(without.frame())).toContain('actions not available');
  });

  it('S silences the firing alerts that are not silenced yet, for an hour', async () => {
    const base = { rule: 'r', subject: 's', severity: 'warning' as const, value: 1, peak: 1, threshold: 1, since: 0 };
    const alerts = [
      { ...base, id: 'one', state: 'firing' as const },
      { ...base, id: 'two', state: 'firing' as const, silencedUntil: 1 },
      { ...base, id: 'three', state: 'pending' as const },
    ];
    const silenced: [string, number][] = [];
    const r = setup({ snapshot: testSnapshot({ alerts }), actions: { silenceAlert: (id, ms) => (silenced.push([id, ms]), true) } });
    await tick();
    await r.press('S');
    await until(() => plain(r.frame()).includes('silenced 1 alert for 60 min'));
    expect(silenced).toEqual([['one', 3_600_000]]);
  });
});
