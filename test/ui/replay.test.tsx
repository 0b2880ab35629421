/**
 * The replay screen end to end on a fake terminal: snapshots taken by a real Monitor (real /proc,
 * a process this test started) in a timeline, shown as runReplay shows it (a store on the
 * timeline, the recorded drill-down, no actions): the REPLAY header with the sample's time and the
 * range, the time keys, filter on the recorded rows, the recorded drill-down (its timeline, "not
 * recorded" for what needs the live process), actions refused; and runReplay itself: it draws,
 * reads the charts once its first frame is out, quits with 0, and refuses a time outside the
 * recording or unreadable with 2.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.js';
import { runReplay } from '../../src/cli/replay.js';
import { resolveSettings, type Settings } from '../../src/cli/settings.js';
import { Monitor } from '../../src/runtime/monitor.js';
import { Store } from '../../src/store/store.js';
import { MemoryTimeline } from '../../src/timeline/memory.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import { App } from '../../src/ui/App.js';
import { RecordedDetailView } from '../../src/ui/detail/RecordedDetailView.js';
import { Providers } from '../../src/ui/Providers.js';
import { clockText } from '../../src/ui/time/timeText.js';
import { plain } from './helpers/frame.js';
import { FakeStdin, FakeStdout, KEYS, renderInTerminal, until } from './helpers/render.js';

class TtyStdout extends FakeStdout {
  isTTY = true;
}

/** A process with a name of its own, so the replay can find it among the recorded rows. */
const marker = `streplay${process.pid}`;
let child: ChildProcess;
const snapshots: Snapshot[] = [];
let settings: Settings;

beforeAll(async () => {
  child = spawn('perl', ['-e', `open(my $f, ">", "/proc/self/comm"); print $f "${marker}"; close $f; sleep 600`], { stdio: 'ignore' });
  await sleep(200);
  const monitor = await Monitor.create({ intervalMs: 1000, configStatus: () => ({}) });
  try {
    // Samples at least a second apart, so each has its own time on the header's clock.
    for (let i = 0; i < 4; i++) {
      snapshots.push(await monitor.tick());
      await sleep(1100);
    }
  } finally {
    monitor.stop();
  }
  settings = resolveSettings(parseArgs([], {}), { HOME: mkdtempSync(join(tmpdir(), 'smoothtask-replay-')) });
}, 30_000);

afterAll(() => {
  child.kill('SIGKILL');
});

/** The replay screen as runReplay puts it together (src/cli/replay.ts, src/ui/run.tsx: recorded). */
function start() {
  const store = new Store(300);
  store.showTimeline(MemoryTimeline.of(snapshots, 'replay'));
  const r = renderInTerminal(
    <Providers store={store} ascii={false} color="none" intervalMs={1000}>
      <App DetailSlot={RecordedDetailView} />
    </Providers>,
    160,
    50,
  );
  const frame = () => plain(r.frame());
  const quit = async () => {
    await r.press('q');
    r.instance.unmount();
  };
  return { frame, press: r.press, quit };
}

const time = (s: Snapshot) => clockText(Date.parse(s.takenAt), true);

describe('smoothtask replay, on snapshots of a real Monitor', () => {
  it('shows the last sample with REPLAY, its time and the range, and moves with the time keys', async () => {
    const r = start();
    const range = `of ${time(snapshots[0])} – ${time(snapshots[3])} (4 samples)`;
    await until(() => r.frame().includes('PID'));
    expect(r.frame()).toContain(`REPLAY ${time(snapshots[3])} ${range}`);
    expect(r.frame()).toMatch(/\[\] step {2}\{\} minute {2}\(\) hour {2}T go to/);
    await r.press('[', '[');
    await until(() => r.frame().includes(`REPLAY ${time(snapshots[1])} ${range}`));
    await r.press('[', '[');
    await until(() => r.frame().includes(`REPLAY ${time(snapshots[0])}`));
    expect(r.frame()).toContain('the first of the recording');
    await r.press(']');
    await until(() => r.frame().includes(`REPLAY ${time(snapshots[1])}`));
    // A minute forward: past the last sample, so the last one.
    await r.press('}');
    await until(() => r.frame().includes(`REPLAY ${time(snapshots[3])}`));
    // Go to a time: the second sample's, typed as ISO 8601.
    await r.press('T', new Date(Date.parse(snapshots[1].takenAt)).toISOString(), KEYS.enter);
    await until(() => r.frame().includes(`REPLAY ${time(snapshots[1])}`));
    await r.press('T', '-3d', KEYS.enter);
    await until(() => r.frame().includes('outside the recording, which runs from'));
    await r.press('T', 'nonsense', KEYS.enter);
    await until(() => r.frame().includes(`'nonsense': expected a time`));
    await r.press('p');
    expect(r.frame()).toContain('a recording does not run');
    await r.quit();
  }, 30_000);

  it('searches the recorded rows; the drill-down shows the recorded timeline and says "not recorded"; actions are refused', async () => {
    const r = start();
    await until(() => r.frame().includes('PID'));
    await r.press('\\', ...marker, KEYS.enter);
    await until(() => r.frame().includes(String(child.pid)) && r.frame().includes(marker));
    await r.press('K');
    expect(r.frame()).toContain('replay: a recording cannot be acted on');
    await r.press(KEYS.enter);
    await until(() => r.frame().includes(`PID ${child.pid} ${marker}`));
    const overview = r.frame();
    expect(overview).toContain('recorded: no live process behind it');
    expect(overview).toMatch(/recorded \d\d:\d\d:\d\d – \d\d:\d\d:\d\d \(4 rows\)/);
    for (const chart of ['CPU', 'memory (RSS)', 'disk read', 'disk write', 'network tx', 'network rx', 'run-queue wait']) expect(overview).toContain(chart);
    await r.press('3');
    expect(r.frame()).toContain('not recorded: open files (/proc/PID/fd) needs the live process');
    await r.press('8');
    expect(r.frame()).toContain('not recorded: environment');
    await r.press('K');
    expect(r.frame()).toContain('replay: a recording cannot be acted on');
    await r.press(KEYS.escape);
    await until(() => r.frame().includes('USER'));
    await r.quit();
  }, 30_000);

  it('runReplay draws at the time asked for and quits with 0; refuses one outside the recording or unreadable, naming the range (exit 2)', async () => {
    const stdout = new TtyStdout(160, 50);
    const stdin = new FakeStdin();
    const at = new Date(Date.parse(snapshots[2].takenAt)).toISOString();
    // The charts are read once the first frame is out, and drawn then (src/cli/replay.ts).
    const recording = MemoryTimeline.of(snapshots, 'replay');
    const drawnBeforeCharts: boolean[] = [];
    const counted: typeof recording = Object.assign(Object.create(recording) as typeof recording, {
      series: (t: number, length: number) => {
        drawnBeforeCharts.push(plain(stdout.frames.join('')).includes(`REPLAY ${time(snapshots[2])}`));
        return recording.series(t, length);
      },
    });
    const done = runReplay(settings, counted, at, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
    });
    // Incremental rendering writes changes only: read everything written.
    await until(() => plain(stdout.frames.join('')).includes(`REPLAY ${time(snapshots[2])}`));
    await until(() => drawnBeforeCharts.length > 0);
    expect(drawnBeforeCharts[0]).toBe(true);
    stdin.write('q');
    expect(await done).toBe(0);
    const io = { stdout: new TtyStdout(80, 24) as unknown as NodeJS.WriteStream, stdin: new FakeStdin() as unknown as NodeJS.ReadStream };
    const timeline = MemoryTimeline.of(snapshots, 'replay');
    expect(await runReplay(settings, timeline, '-30d', io)).toBe(2);
    expect(await runReplay(settings, timeline, 'yesterday-ish', io)).toBe(2);
    expect(await runReplay(settings, MemoryTimeline.of([], 'replay'), undefined, io)).toBe(2);
    expect(await runReplay(settings, timeline, undefined, { ...io, stdout: new FakeStdout(80, 24) as unknown as NodeJS.WriteStream })).toBe(1);
  });
});
