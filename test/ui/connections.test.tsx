/**
 * The connections view (C) on a fake terminal: open and close, sort by every column, filter on any
 * column's text, n/a bytes without the eBPF backend, Enter into the owner's details (this test's
 * own process, read from the real /proc), and the recorded snapshot's sockets at 80x24..250x70.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStartTime } from '../../src/collectors/procdetail/identity.js';
import type { ConnectionRow, Snapshot, SourceStatus } from '../../src/types/snapshot.js';
import { truncateAddress } from '../../src/ui/connections/columns.js';
import { connectionSummary } from '../../src/ui/connections/summary.js';
import { DetailView } from '../../src/ui/detail/DetailView.js';
import { KEYS, renderAppPerTest, tick, until } from './helpers/render.js';
import { lines, plain } from './helpers/frame.js';
import { proc, TEST_PROCESSES, testSnapshot } from './helpers/snapshots.js';
import { ReadBuffer } from '../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const SELF = process.pid;

/** Made-up test sockets in the shapes the collector produces (bytes only on two, as from eBPF). */
const CONNECTIONS: ConnectionRow[] = [
  { proto: 'tcp', local: '127.0.0.1:5432', remote: '0.0.0.0:0', state: 'LISTEN', pid: 500, comm: 'postgres' },
  {
    proto: 'tcp',
    local: '10.0.0.5:22',
    remote: '192.168.100.200:54321',
    state: 'ESTABLISHED',
    pid: 200,
    comm: 'sshd',
    txBytes: 5 * 1024 * 1024,
    rxBytes: 2048,
  },
  { proto: 'udp', local: '0.0.0.0:68', remote: '0.0.0.0:0', state: 'UNCONN' },
  {
    proto: 'tcp6',
    local: '[::1]:8080',
    remote: '[2001:db8:85a3::8a2e:370:7334]:44321',
    state: 'ESTABLISHED',
    pid: SELF,
    comm: 'node',
    txBytes: 100,
    rxBytes: 300,
  },
];

const PROC_SOURCE: SourceStatus = {
  backend: 'proc',
  reason: 'reads /proc/net/tcp',
  fields: {},
  backends: [
    { id: 'ebpf', available: false, reason: 'native addon not built (test)' },
    { id: 'proc', available: true, reason: 'reads /proc/net/tcp' },
  ],
};

function snapshot(connections: ConnectionRow[] = CONNECTIONS, source: SourceStatus | undefined = PROC_SOURCE): Snapshot {
  const startTime = readStartTime(buffer, '/proc', SELF);
  if (startTime === undefined) throw new Error('cannot read our own start time');
  const base = testSnapshot({ processes: [...TEST_PROCESSES, proc(SELF, 'node', { startTime })], connections });
  return { ...base, sources: { ...base.sources, connections: source } };
}

interface Row {
  proto: string;
  local: string;
  remote: string;
  state: string;
  pid: string;
  process: string;
  tx: string;
  rx: string;
}

/** The connection rows on screen, split on their columns (no cell here has a space). */
function rowsOf(frame: string): Row[] {
  const ls = lines(frame);
  const header = ls.findIndex((l) => /^PROTO.? +LOCAL/.test(l));
  if (header < 0) return [];
  const out: Row[] = [];
  for (const l of ls.slice(header + 1)) {
    const t = l.trim().split(/\s+/);
    if (!/^(tcp|udp)6?$/.test(t[0]) || t.length !== 8) break;
    const [proto, local, remote, state, pid, process, tx, rx] = t;
    out.push({ proto, local, remote, state, pid, process, tx, rx });
  }
  return out;
}

const UNITS: Record<string, number> = { B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
function bytesOf(cell: string): number | undefined {
  const m = /^([\d.]+)([BKMG])$/.exec(cell);
  return m ? Number(m[1]) * UNITS[m[2]] : undefined;
}

const setup = renderAppPerTest();

describe('connections view', () => {
  it('opens with C, says the source and count, and closes with Esc, q or C', async () => {
    const r = setup({ snapshot: snapshot() });
    await tick();
    for (const close of [KEYS.escape, 'q', 'C']) {
      await r.press('C');
      expect(plain(r.frame())).toContain('Connections from /proc: 4  TX/RX n/a: native addon not built (test)');
      expect(plain(r.frame())).toMatch(/PROTO▲ +LOCAL +REMOTE +STATE +PID PROCESS +TX +RX/);
      expect(plain(r.frame())).toContain('4/4 conns');
      expect(rowsOf(r.frame())).toHaveLength(4);
      await r.press(close);
      expect(plain(r.frame())).toMatch(/PID.USER/);
      expect(plain(r.frame())).not.toContain('Connections from');
    }
    expect(plain(r.frame())).toMatch(/PID.USER/);
  });

  it('sorts by every column with F6 / > / . and < / , and inverts with I', async () => {
    const r = setup({ snapshot: snapshot() });
    await tick();
    await r.press('C');
    expect(rowsOf(r.frame()).map((x) => x.local)).toEqual(['10.0.0.5:22', '127.0.0.1:5432', '[::1]:8080', '0.0.0.0:68']);
    const text = (rows: Row[], k: keyof Row) =>
      rows
        .map((x) => x[k])
        .filter((v) => v !== 'n/a')
        .map((v) => v.toLowerCase());
    const ascending = (v: string[]) => expect(v).toEqual([...v].sort());
    const descending = (v: number[]) => expect(v).toEqual([...v].sort((a, b) => b - a));
    const lastNa = (rows: Row[], k: keyof Row) => {
      const cells = rows.map((x) => x[k]);
      expect(cells.slice(cells.length - cells.filter((c) => c === 'n/a').length).every((c) => c === 'n/a')).toBe(true);
    };
    const checks: [header: string, key: keyof Row, check: (rows: Row[]) => void][] = [
      ['LOCAL', 'local', (rows) => ascending(text(rows, 'local'))],
      ['REMOTE', 'remote', (rows) => ascending(text(rows, 'remote'))],
      ['STATE', 'state', (rows) => ascending(text(rows, 'state'))],
      ['PID', 'pid', (rows) => descending(text(rows, 'pid').map(Number))],
      ['PROCESS', 'process', (rows) => ascending(text(rows, 'process'))],
      ['TX', 'tx', (rows) => descending(text(rows, 'tx').map((c) => bytesOf(c)!))],
      ['RX', 'rx', (rows) => descending(text(rows, 'rx').map((c) => bytesOf(c)!))],
    ];
    for (const [i, [header, key, check]] of checks.entries()) {
      await r.press([KEYS.f6, '>', '.'][i % 3]);
      expect(plain(r.frame())).toContain(`sort: ${header}`);
      const rows = rowsOf(r.frame());
      expect(rows).toHaveLength(4);
      check(rows);
      lastNa(rows, key);
    }
    expect(rowsOf(r.frame()).map((x) => x.rx)).toEqual(['2.00K', '300B', 'n/a', 'n/a']);
    await r.press('I');
    expect(plain(r.frame())).toMatch(/RX▲/);
    // Inverted, the measured values still come before n/a.
    expect(rowsOf(r.frame()).map((x) => x.rx)).toEqual(['300B', '2.00K', 'n/a', 'n/a']);
    await r.press('<', ',');
    expect(plain(r.frame())).toMatch(/PROCESS▲/);
    expect(rowsOf(r.frame()).map((x) => x.process)).toEqual(['node', 'postgres', 'sshd', 'n/a']);
    await r.press('>', '>', '>');
    expect(plain(r.frame())).toMatch(/PROTO▲/);
  });

  it('filters on any column as you type (F4 or \\); Enter keeps, Esc clears', async () => {
    const r = setup({ snapshot: snapshot() });
    await tick();
    await r.press('C', '\\', 'e', 's', 't');
    expect(plain(r.frame())).toContain('Filter: est_');
    expect(rowsOf(r.frame()).map((x) => x.process)).toEqual(['sshd', 'node']);
    await r.press(KEYS.backspace, KEYS.backspace, KEYS.backspace, '8', '0', '8', '0', KEYS.enter);
    expect(rowsOf(r.frame()).map((x) => x.local)).toEqual(['[::1]:8080']);
    expect(plain(r.frame())).toContain('Connections from /proc: 4, 1 match "8080"');
    expect(plain(r.frame())).toContain('1/4 conns  filter "8080"');
    // Typed text is text: q while filtering does not close the view.
    await r.press(KEYS.f4, 'q', 'q');
    expect(plain(r.frame())).toContain('no connection matches "8080qq"');
    await r.press(KEYS.escape);
    expect(rowsOf(r.frame())).toHaveLength(4);
    expect(plain(r.frame())).toContain('Connections from /proc');
  });

  it('shows n/a for bytes, pid and process where they were not measured', async () => {
    const r = setup({ snapshot: snapshot() });
    await tick();
    await r.press('C');
    const udp = rowsOf(r.frame()).find((x) => x.proto === 'udp');
    expect(udp).toEqual({ proto: 'udp', local: '0.0.0.0:68', remote: '0.0.0.0:0', state: 'UNCONN', pid: 'n/a', process: 'n/a', tx: 'n/a', rx: 'n/a' });
    const ssh = rowsOf(r.frame()).find((x) => x.process === 'sshd');
    expect([ssh?.tx, ssh?.rx]).toEqual(['5.00M', '2.00K']);
  });

  it('says why when there is no source or no connection', async () => {
    const none = setup({ snapshot: snapshot([], { backend: null, reason: 'no backend could read sockets (test)', fields: {}, backends: [] }) });
    await tick();
    await none.press('C');
    expect(plain(none.frame())).toContain('Connections: n/a: no backend could read sockets (test)');
    none.instance.unmount();
    const empty = setup({ snapshot: snapshot([], { ...PROC_SOURCE, backend: 'ebpf' }) });
    await tick();
    await empty.press('C');
    expect(plain(empty.frame())).toContain('Connections from eBPF: none open');
    expect(plain(empty.frame())).not.toContain('TX/RX n/a');
  });

  it("moves with j/k, PgDn/PgUp, End/Home; Enter opens the owner's details and Esc comes back", async () => {
    const many = Array.from({ length: 60 }, (_, i): ConnectionRow => ({
      proto: 'tcp',
      local: `127.0.0.1:${10000 + i}`,
      remote: '127.0.0.1:80',
      state: 'ESTABLISHED',
      pid: 300,
      comm: 'bash',
    }));
    const r = setup({ snapshot: snapshot([...CONNECTIONS, ...many]), DetailSlot: DetailView, columns: 120, rows: 30 });
    await tick();
    await r.press('C');
    const selectedLocal = () => {
      const line = r
        .frame()
        .split('\n')
        .find((l) => l.includes('\x1b[7m') && /^(tcp|udp)/.test(plain(l).trim()));
      return line === undefined ? undefined : plain(line).trim().split(/\s+/)[1];
    };
    expect(selectedLocal()).toBe('10.0.0.5:22');
    await r.press('j', 'j', 'k');
    expect(selectedLocal()).toBe('127.0.0.1:10000');
    await r.press(KEYS.end);
    expect(selectedLocal()).toBe('0.0.0.0:68');
    await r.press(KEYS.pageUp);
    expect(selectedLocal()).not.toBe('0.0.0.0:68');
    await r.press(KEYS.home, KEYS.pageDown);
    expect(selectedLocal()).toMatch(/^127\.0\.0\.1:100\d\d$/);
    // The socket without an owner says so; Enter on our own pid opens its details from /proc.
    await r.press(KEYS.end, KEYS.enter);
    expect(plain(r.frame())).toContain('no owning process seen for this socket');
    await r.press('\\', '8', '0', '8', '0', KEYS.enter, KEYS.enter);
    await until(() => plain(r.frame()).includes(`PID ${SELF} `));
    await r.press(KEYS.escape);
    await until(() => plain(r.frame()).includes('Connections from /proc'));
    expect(selectedLocal()).toBe('[::1]:8080');
  });

  it('cuts addresses keeping the port', () => {
    expect(truncateAddress('192.168.100.200:54321', 14, '…')).toBe('192.168…:54321');
    expect(truncateAddress('[2001:db8:85a3::8a2e:370:7334]:44321', 12, '~')).toBe('[2001~:44321');
    expect(truncateAddress('10.0.0.5:22', 12, '…')).toBe('10.0.0.5:22');
  });
});

describe("the Network panel's connections line", () => {
  it('counts by state, most common first, or says why there is none', () => {
    expect(connectionSummary(CONNECTIONS, PROC_SOURCE)).toBe('Connections 4: 2 ESTABLISHED  1 LISTEN  1 UNCONN  (C lists them)');
    expect(connectionSummary([], PROC_SOURCE)).toBe('Connections 0  (C lists them)');
    expect(connectionSummary([], undefined)).toBe('Connections n/a: not read yet (C lists them)');
  });

  it('shows from 160x50 only', async () => {
    const big = setup({ snapshot: snapshot(), columns: 200, rows: 50 });
    await tick();
    expect(plain(big.frame())).toContain('Connections 4: 2 ESTABLISHED  1 LISTEN  1 UNCONN');
    big.instance.unmount();
    const small = setup({ snapshot: snapshot(), columns: 159, rows: 60 });
    await tick();
    expect(plain(small.frame())).toContain('Network');
    expect(plain(small.frame())).not.toContain('Connections 4');
  });
});

const recorded = JSON.parse(readFileSync(new URL('../fixtures/debian12-2cpu-vm-snapshot/snapshot.json', import.meta.url), 'utf8')) as Snapshot;

describe("the recorded snapshot's connections", () => {
  for (const [columns, rows] of [
    [80, 24],
    [120, 40],
    [250, 70],
  ]) {
    for (const ascii of [false, true]) {
      it(`fit ${columns}x${rows}${ascii ? ' --ascii' : ''}`, async () => {
        const r = setup({ snapshot: recorded, columns, rows, ascii });
        await tick();
        await r.press('C');
        const ls = lines(r.frame());
        expect(ls.length).toBeLessThanOrEqual(rows);
        for (const l of ls) expect([...l].length).toBeLessThanOrEqual(columns);
        expect(plain(r.frame())).toContain(`Connections from /proc: ${recorded.connections.length}`);
        expect(plain(r.frame())).not.toMatch(/NaN|undefined|null|Infinity|\[object/);
        const shown = rowsOf(r.frame());
        expect(shown.length).toBe(Math.min(recorded.connections.length, rows - 2 - 1 - 2));
        // Every address keeps its port, cut or not.
        for (const row of shown) for (const a of [row.local, row.remote]) expect(a).toMatch(/:\d+$/);
        if (ascii) expect(plain(r.frame())).not.toMatch(/[\u2500-\u259f\u2800-\u28ff…]/);
      });
    }
  }
});
