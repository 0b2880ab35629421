/**
 * The `replay` face: the same screen as `top`, with the same components and keys, over a Timeline
 * (a recording) instead of the live Monitor. The store shows the timeline's sample at a cursor
 * that the time keys move; nothing samples, nothing can be acted on, and the drill-down draws the
 * recorded process. The caller opens the timeline (and closes it after).
 */
import { Store } from '../store/store.js';
import { parseTimeSpec, TimeSpecError } from '../timeline/time.js';
import type { Timeline } from '../timeline/timeline.js';
import { clockText } from '../ui/time/timeText.js';
import { runScreen } from '../ui/run.js';
import { writeErr } from './output.js';
import type { Settings } from './settings.js';
import { colorMode } from './color.js';

/** The terminal to draw on: the process's own unless a test brings one. */
export interface ReplayTerminal {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

/**
 * Runs the replay screen on `timeline` at `at` (as typed: "2026-12-04 03:12", ISO 8601, "-2h";
 * the last sample without it) until the person quits. Exit codes as `top`: 0 after quitting, 1
 * without a terminal, 2 for a time that cannot be read or lies outside the recording, or an
 * empty recording (the message says which range exists).
 */
export async function runReplay(settings: Settings, timeline: Timeline, at?: string, terminal?: ReplayTerminal): Promise<number> {
  const stdout = terminal?.stdout ?? process.stdout;
  const stdin = terminal?.stdin ?? process.stdin;
  if (!stdout.isTTY || !stdin.isTTY) {
    await writeErr('smoothtask replay: needs a terminal on stdin and stdout; for pipes and scripts use `smoothtask report`.\n');
    return 1;
  }
  const range = timeline.range();
  if (range === undefined) {
    await writeErr('smoothtask replay: the recording has no samples yet; `smoothtask agent` records them.\n');
    return 2;
  }
  let atMs: number | undefined;
  if (at !== undefined) {
    try {
      atMs = parseTimeSpec(at, Date.now());
    } catch (err) {
      if (!(err instanceof TimeSpecError)) throw err;
      await writeErr(`smoothtask replay: --at ${err.message}\n`);
      return 2;
    }
    if (atMs < range.first || atMs > range.last) {
      const [from, to] = [clockText(range.first, true), clockText(range.last, true)];
      await writeErr(`smoothtask replay: --at '${at}' is outside the recording, which runs from ${from} to ${to} (local time).\n`);
      return 2;
    }
  }
  const store = new Store(settings.historyLength);
  // The moment first; its charts (the panels of the samples before it) once that frame is out.
  store.showTimeline(timeline, atMs, { chartsLater: true });
  await runScreen({
    store,
    // The interval the recording was made at, in the header; the configured one for an empty sample.
    intervalMs: store.getSnapshot()?.intervalMs ?? settings.intervalMs,
    color: colorMode(settings.noColor, process.env),
    ascii: settings.ascii,
    // Nothing samples in replay, so there is nothing to stop; the caller closes the timeline.
    onQuit: () => undefined,
    onFirstFrame: () => store.drawCharts(),
    recorded: true,
    stdout,
    stdin,
  });
  return 0;
}
