/**
 * The short-lived strips on a fake terminal: the "exited:" line below the process table
 * (snapshot.recentExits) and the "closed:" line at the bottom of the connections view
 * (snapshot.connectionEvents), each drawn only when its field is in the snapshot, and taking its
 * line from the table rather than pushing the table's last row off the screen. Made-up inputs in
 * the shapes the eBPF backends produce; the real join is in test/ebpf/short-lived.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ConnectionEvents, RecentExit, RecentExits } from '../../src/types/snapshot.js';
import { closedConnectionsText } from '../../src/ui/connections/ClosedConnections.js';
import { exitedStripText } from '../../src/ui/table/ExitedStrip.js';
import { KEYS, renderAppPerTest, tick } from './helpers/render.js';
import { lines, plain, tablePids } from './helpers/frame.js';
import { proc, TEST_PROCESSES, testSnapshot } from './helpers/snapshots.js';

function exit(pid: number, comm: string, lifetimeMs: number, extra: Partial<RecentExit> = {}): RecentExit {
  return { pid, ppid: 300, comm, uid: 1000, lifetimeMs, exitCode: 0, cpuMs: lifetimeMs / 2, ...extra };
}

const EXITS: RecentExits = {
  exits: [
    exit(9001, 'sh', 1.2, { exitCode: 3 }),
    ...Array.from({ length: 30 }, (_, i) => exit(9100 + i, 'make', 3 + (i % 3))),
    exit(9200, 'cc1', 2500, { exitCode: undefined, signal: 9 }),
  ],
  seen: 40,
  execs: 0,
  lost: 2,
};

const CLOSED: ConnectionEvents = {
  events: [
    { kind: 'close', proto: 'tcp', local: '127.0.0.1:53004', remote: '127.0.0.1:8080', pid: 400, comm: 'curl', txBytes: 4, rxBytes: 2048, durationMs: 70 },
    { kind: 'open', proto: 'tcp', local: '127.0.0.1:53004', remote: '127.0.0.1:8080' },
  ],
  seen: 2,
  lost: 0,
};

/** Enough processes to fill the table, so a line taken from it shows as one row fewer. */
const MANY = [...TEST_PROCESSES, ...Array.from({ length: 60 }, (_, i) => proc(1000 + i, `worker${i}`))];

const setup = renderAppPerTest();

describe('exited strip', () => {
  it('words the interval: names by count with the median lifetime, the capped rest, the drops', () => {
    expect(exitedStripText(EXITS, '×')).toBe('exited: make ×30 (4 ms), cc1 (2.5 s), sh (1 ms), +8 more, 2 lost');
    expect(exitedStripText({ exits: [], seen: 0, execs: 0, lost: 0 }, 'x')).toBe('exited: none since the last refresh');
    // The programs started in the interval (exec events), short-lived or not.
    expect(exitedStripText({ ...EXITS, execs: 61 }, '×')).toBe('exited: make ×30 (4 ms), cc1 (2.5 s), sh (1 ms), +8 more · 61 execs, 2 lost');
    expect(exitedStripText({ exits: [], seen: 0, execs: 3, lost: 0 }, 'x')).toBe('exited: none since the last refresh · 3 execs');
  });

  it('is drawn below the process table when the snapshot has recentExits, and takes its line from the table', async () => {
    const r = setup({ snapshot: testSnapshot({ processes: MANY, recentExits: EXITS }), columns: 120, rows: 40 });
    await tick();
    const withStrip = lines(r.frame());
    const at = withStrip.findIndex((l) => l.startsWith('exited: '));
    expect(withStrip[at]).toContain('exited: make ×30 (4 ms), cc1 (2.5 s), sh (1 ms), +8 more, 2 lost');
    // Right after the last table row, above the status line.
    expect(withStrip[at - 1]).toMatch(/^\s*\d+\s+\S/);
    const rowsWith = tablePids(r.frame()).length;
    r.instance.unmount();
    const without = setup({ snapshot: testSnapshot({ processes: MANY }), columns: 120, rows: 40 });
    await tick();
    expect(plain(without.frame())).not.toContain('exited:');
    expect(tablePids(without.frame()).length).toBe(rowsWith + 1);
  });

  it('uses x for the count in --ascii', async () => {
    const r = setup({ snapshot: testSnapshot({ processes: MANY, recentExits: EXITS }), ascii: true });
    await tick();
    expect(plain(r.frame())).toContain('exited: make x30 (4 ms)');
  });
});

describe('recently closed connections', () => {
  it('words the closes with owner, endpoints, lifetime and bytes', () => {
    expect(closedConnectionsText(CLOSED, '→')).toBe('closed: curl 127.0.0.1:53004→127.0.0.1:8080 70 ms tx 4B rx 2.00K');
    expect(closedConnectionsText({ events: [], seen: 0, lost: 1 }, '->')).toBe('closed: none since the last read, 1 lost');
  });

  it('is drawn at the bottom of the connections view only when the snapshot has connectionEvents', async () => {
    const r = setup({ snapshot: testSnapshot({ processes: TEST_PROCESSES, connectionEvents: CLOSED }) });
    await tick();
    await r.press('C');
    expect(plain(r.frame())).toContain('closed: curl 127.0.0.1:53004→127.0.0.1:8080 70 ms tx 4B rx 2.00K');
    await r.press(KEYS.escape);
    r.instance.unmount();
    const without = setup({ snapshot: testSnapshot({ processes: TEST_PROCESSES }) });
    await tick();
    await without.press('C');
    expect(plain(without.frame())).toContain('Connections');
    expect(plain(without.frame())).not.toContain('closed:');
  });
});
