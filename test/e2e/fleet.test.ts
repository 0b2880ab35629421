/**
 * `smoothtask fleet` end to end in a real terminal (tmux) against Debian's Prometheus: scraping
 * two Debian node_exporters (rows appear; a stopped exporter's host shows down; a stopped
 * Prometheus is said to be down with the last values kept grey), behind basic auth with the
 * wrong password (unauthorized), and on 500 synthetic hosts with 8 GPUs each loaded with promtool
 * (renders, sorts by GPU utilisation, refreshes); Ctrl-L over stray output. Needs the bundle
 * (scripts/build.sh).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryUntil, startNodeExporter, startPrometheus, type RunningPrometheus, type RunningServer } from '../helpers/prometheus.js';
import { hostName, syntheticStorage, SYNTHETIC_DEFAULTS } from '../helpers/synthetic-fleet.js';
import { smoothtaskBin, TmuxSession } from './tmux.js';

let session: TmuxSession | undefined;
afterEach(() => {
  session?.kill();
  session = undefined;
});

const rowOf = (screen: string, host: string) => screen.split('\n').find((l) => l.startsWith(host + ' ')) ?? '';

describe('fleet over a Prometheus scraping two node_exporters', () => {
  let a: RunningServer;
  let b: RunningServer;
  let prom: RunningPrometheus;

  beforeAll(async () => {
    a = await startNodeExporter();
    b = await startNodeExporter();
    prom = await startPrometheus({
      jobs: [
        { job: 'node', targets: [a.address], labels: { instance: 'node-a:9100', dc: 'east' } },
        { job: 'edge', targets: [b.address], labels: { instance: 'node-b:9100', dc: 'west' } },
      ],
    });
    await queryUntil(prom, 'count(rate(node_cpu_seconds_total[1m])) > 1');
  });
  afterAll(async () => {
    await prom?.stop();
    await a?.stop();
    await b?.stop();
  });

  it(
    'shows a row per host, redraws on Ctrl-L, shows a stopped exporter as down, a stopped Prometheus as down with the last values grey, and quits clean',
    { timeout: 90_000 },
    async () => {
      session = TmuxSession.start([smoothtaskBin, 'fleet', '--prometheus', prom.url, '--interval', '1s'], { cols: 120, rows: 30 });
      const first = await session.waitFor((s) => /^node-a\s+up\s+\d/m.test(s) && /^node-b\s+up\s+\d/m.test(s) && /Prometheus ok: 4 queries/.test(s));
      expect(first).toMatch(/2 hosts, 0 down/);
      expect(first.split('\n').every((line) => line.length <= 120)).toBe(true);
      // No GPU or SmoothTask series on a plain node_exporter: n/a, never 0.
      expect(rowOf(first, 'node-a')).toMatch(/n\/a\s+n\/a/);
      expect(session.paneVar('alternate_on')).toBe('1');

      // Filter, group by the next label (job), open a host and come back.
      session.sendKeys('F4');
      session.type('east');
      session.sendKeys('Enter');
      await session.waitFor((s) => /1\/2 hosts/.test(s) && !/^node-b/m.test(s));
      // Esc alone (a key right after it would read as Alt+key), then g.
      session.sendKeys('Escape');
      await session.waitFor((s) => /2\/2 hosts/.test(s));
      session.sendKeys('g');
      await session.waitFor((s) => /▸ job=edge {2}1 host/.test(s) && /▸ job=node {2}1 host/.test(s));
      session.sendKeys('g', 'g', 'g', 'End', 'Enter');
      const host = await session.waitFor((s) => /node-a: the last hour/.test(s) && /CPU %: \d/.test(s));
      expect(host).toMatch(/GPUs: none exported/);
      session.sendKeys('Escape');
      await session.waitFor((s) => /^node-a\s+up/m.test(s) && /F3 search/.test(s));

      // Ctrl-L draws the whole screen again over what another writer put on the terminal (in the
      // blank rows below the table, which no refresh draws again).
      writeFileSync(session.paneVar('pane_tty'), '\u001b[20;30HSTRAY-FLEET');
      await session.waitFor(/STRAY-FLEET/);
      session.sendKeys('C-l');
      await session.waitFor((s) => !/STRAY-FLEET/.test(s) && /^node-a\s+up/m.test(s));

      await b.stop();
      const down = await session.waitFor((s) => /^node-b\s+down \d+:\d\d/m.test(s), 20_000);
      expect(down).toMatch(/2 hosts, 1 down/);

      await prom.stop();
      const gone = await session.waitFor((s) => /Prometheus is down \(ECONNREFUSED\) for \S+; last values \S+ old; retrying every 0:01/.test(s), 20_000);
      // The last values stay on screen, in grey (16 colours: SGR 90) but for the selected row (node-a).
      expect(rowOf(gone, 'node-a')).toMatch(/^node-a\s+up\s+\d/);
      expect(rowOf(gone, 'node-b')).toMatch(/^node-b\s+down/);
      const coloured = session.tmux('capture-pane', '-p', '-e', '-t', 'main');
      expect(coloured.split('\n').find((l) => l.includes('node-b ') && l.includes(' down '))).toContain('\x1b[90m');

      session.sendKeys('q');
      const after = await session.waitFor(/EXITED:0/);
      expect(after).not.toMatch(/SmoothTask fleet/);
      expect(session.paneVar('alternate_on')).toBe('0');
    },
  );
});

describe('fleet against a Prometheus behind basic auth', () => {
  let prom: RunningPrometheus;
  let dir: string;

  beforeAll(async () => {
    prom = await startPrometheus({ jobs: [], basicAuth: { user: 'ops', password: 'the right one' } });
    dir = mkdtempSync(join(tmpdir(), 'smoothtask-fleet-auth-'));
  });
  afterAll(async () => {
    await prom?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says the credentials were refused', { timeout: 60_000 }, async () => {
    const wrong = join(dir, 'wrong');
    writeFileSync(wrong, 'ops:a wrong one\n');
    session = TmuxSession.start([smoothtaskBin, 'fleet', '--prometheus', prom.url, '--basic-auth-file', wrong, '--interval', '1s'], { cols: 160, rows: 24 });
    const screen = await session.waitFor(/Prometheus refused the credentials: unauthorized \(HTTP 401/);
    expect(screen).toMatch(/no values yet; retrying every 0:01/);
  });

  it('reads it with the right ones', async () => {
    const right = join(dir, 'right');
    writeFileSync(right, 'ops:the right one\n');
    session = TmuxSession.start([smoothtaskBin, 'fleet', '--prometheus', prom.url, '--basic-auth-file', right, '--interval', '1s'], { cols: 100, rows: 24 });
    await session.waitFor(/Prometheus ok: 4 queries/);
  });
});

describe('fleet at 500 hosts with 8 GPUs each (synthetic, loaded with promtool)', () => {
  let prom: RunningPrometheus;
  let storage: string;

  beforeAll(async () => {
    storage = await syntheticStorage(SYNTHETIC_DEFAULTS);
    prom = await startPrometheus({ jobs: [], storageDir: storage });
  }, 240_000);
  afterAll(async () => {
    await prom?.stop();
    if (storage !== undefined) rmSync(dirname(storage), { recursive: true, force: true });
  });

  it('renders every host, sorts by GPU utilisation and refreshes', { timeout: 180_000 }, async () => {
    // One sample a minute in the synthetic series, the last one written before promtool ran
    // (minutes on a loaded machine): a rate window of ten. The 5 down hosts (synthetic-fleet.ts:
    // every 100th) export no GPUs now: 495 x 8 GPUs. A loaded machine may time a batch out
    // (partial data); its values are kept from the last answer.
    session = TmuxSession.start([smoothtaskBin, 'fleet', '--prometheus', prom.url, '--interval', '2s', '--rate-window', '10m'], { cols: 200, rows: 50 });
    const first = await session.waitFor((s) => /500 hosts, 5 down {2}3960 GPUs/.test(s) && /Prometheus ok|partial data/.test(s), 60_000);
    expect(rowOf(first, hostName(0))).toMatch(/^gpu-node-000\s+up\s+\d/);
    // Eleven steps from HOST to GPU%, which sorts descending first.
    session.type('>>>>>>>>>>>');
    const sorted = await session.waitFor((s) => /GPU%▼/.test(s) && /^gpu-node-257\s/m.test(s), 10_000);
    const firstRow = sorted.split('\n').find((l) => l.startsWith('gpu-node-'));
    expect(firstRow).toMatch(/^gpu-node-257\s+up\s/);
    expect(firstRow).toMatch(/ 8 +99\.0 /);
    const updated = /updated (\d\d:\d\d:\d\d)/.exec(sorted)?.[1];
    await session.waitFor((s) => {
      const now = /updated (\d\d:\d\d:\d\d)/.exec(s)?.[1];
      return now !== undefined && now !== updated && /^gpu-node-257\s/m.test(s);
    }, 30_000);
    // Enter opens the host: its GPUs and processes from the synthetic agent and dcgm-exporter.
    session.sendKeys('Enter');
    const host = await session.waitFor((s) => /gpu-node-257: the last hour/.test(s) && /GPUs \(8\)/.test(s) && /python3/.test(s), 30_000);
    expect(host).toMatch(/NVIDIA H200/);
  });
});
