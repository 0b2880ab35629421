/**
 * Runs an Ink screen full-screen, for every face that has one (`top`, `fleet`): the alternate
 * screen with incremental rendering, the bytes written counted, and the terminal restored on
 * every way out (q/F10, SIGINT, SIGTERM, SIGHUP, an uncaught exception, an unhandled rejection).
 * Ctrl-Z / SIGTSTP suspends cleanly; fg (SIGCONT) redraws, after a stop from outside too; Ctrl-L
 * redraws in full on request.
 */
import { useEffect, type ReactElement, type RefObject } from 'react';
import { render, useApp } from 'ink';
import { OutputCounter } from './outputCounter.js';
import { exitWhenFlushed } from './exitFlushed.js';
import { restoreTerminal } from './restore.js';
import { readSizeAgain, suspendSelf } from './suspend.js';
import { repaintTerminal } from './cells/frameLink.js';
import type { TerminalControls } from './controls.js';

export interface FullScreenOptions {
  /** The tree to draw, given what its keys may ask of the terminal. */
  render: (terminal: TerminalControls) => ReactElement;
  /** The screen's data source: each publish counts as a refresh in the output summary. */
  subscribe: (listener: () => void) => () => void;
  /** Called once when the screen closes for any reason, before the terminal is handed back. */
  onQuit: () => void;
  /** Called once, when the first frame drawn after a publish is on the terminal (with drawsDataFromStart, the first frame). */
  onFirstFrame?: () => void;
  /** The tree has data to draw before any publish (a recording shown from the start). */
  drawsDataFromStart?: boolean;
  /** The terminal; process.stdout / process.stdin unless a test passes its own. */
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

type Suspender = Parameters<typeof suspendSelf>[0];

/** Hands Ink's suspendTerminal to code outside the tree (the SIGTSTP handler). */
function SuspendBridge({ targetRef }: { targetRef: RefObject<Suspender | undefined> }) {
  const { suspendTerminal } = useApp();
  useEffect(() => {
    targetRef.current = (cb) => suspendTerminal(cb);
    return () => {
      targetRef.current = undefined;
    };
  }, [suspendTerminal, targetRef]);
  return null;
}

/** Ink's frame rate at most (its own default, set here so that the interval below follows it). */
const MAX_FPS = 30;
/**
 * A frame Ink renders within this long of the last is written when the interval ends (its
 * throttle's trailing call), so this long after it was rendered it is on the terminal.
 */
const FRAME_MS = Math.ceil(1000 / MAX_FPS);

const SIGNAL_NUMBERS: Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * Runs the screen until the person quits. Resolves after q/F10/Ctrl-C with the terminal restored.
 * Rejects with the error after an uncaught exception or unhandled rejection (terminal restored
 * first, so the caller can print it). On SIGINT/SIGTERM/SIGHUP it restores the terminal, calls
 * onQuit and exits the process with 128 + the signal number once the terminal has had every byte.
 */
export async function runFullScreen(opts: FullScreenOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const output = new OutputCounter();
  const stopCounting = output.countWrites(stdout);
  const unsubscribe = opts.subscribe(() => {
    output.counts.refreshes += 1;
  });
  let firstFrame = opts.onFirstFrame;
  const suspender: { current: Suspender | undefined } = { current: undefined };
  let suspending = false;
  /** Hands the terminal over while `away` runs, then takes it again: raw mode, the alternate screen, a full redraw. */
  const handOver = (away: (s: Suspender) => Promise<void>) => {
    const s = suspender.current;
    if (s === undefined || suspending) return;
    suspending = true;
    void away(s).finally(() => {
      suspending = false;
    });
  };
  const suspend = () => handOver((s) => suspendSelf(s, stdout));
  // Stopped from outside (SIGSTOP, which cannot be caught: kill -STOP, a debugger), the process
  // gets no say: the shell takes the terminal back, writes on it and leaves it in its own modes
  // (line editing, echo), and fg continues the process in them, deaf to keys and under the
  // shell's text. So a SIGCONT that ends no suspend of ours hands the terminal over and takes it
  // again at the size it has now, as a Ctrl-Z does on fg. (Ours ends in suspendSelf, while
  // `suspending` is set.)
  const onContinue = () => handOver((s) => s(async () => readSizeAgain(stdout)));
  // Before the first render: started in the background (`top &`), the process is stopped inside
  // it, when it takes the terminal's input (SIGTTIN, SIGTTOU), and fg's SIGCONT must find this.
  process.on('SIGCONT', onContinue);

  const instance = render(
    <>
      <SuspendBridge targetRef={suspender} />
      {opts.render({ suspend, redraw: () => repaintTerminal(stdout) })}
    </>,
    {
      stdout,
      stdin,
      alternateScreen: true,
      incrementalRendering: true,
      maxFps: MAX_FPS,
      // Ink draws nothing until exit when it thinks it runs in CI (CI=true); the CLI has already
      // checked that stdout is a terminal, so a CI variable in a person's shell must not blank it.
      interactive: Boolean(stdout.isTTY),
      exitOnCtrlC: false,
      // Stray console output from a dependency is routed above the frame, when drawing on the
      // process's own terminal (the UI itself never writes with console.*).
      patchConsole: stdout === process.stdout,
      onRender: ({ renderTime }) => {
        output.counts.frames += 1;
        output.counts.renderMs += renderTime;
        // React commits a publish before Ink renders it, so a render after the first publish draws data.
        if (firstFrame !== undefined && (opts.drawsDataFromStart === true || output.counts.refreshes > 0)) {
          setTimeout(firstFrame, FRAME_MS);
          firstFrame = undefined;
        }
      },
    },
  );

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    process.off('SIGTSTP', suspend);
    process.off('SIGCONT', onContinue);
    for (const sig of Object.keys(SIGNAL_NUMBERS)) process.off(sig, onSignal);
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
    unsubscribe();
    instance.unmount();
    restoreTerminal(stdout, stdin);
    stopCounting();
    opts.onQuit();
    output.writeSummaryFile();
  };
  let rejectRun: (err: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    rejectRun = reject;
  });
  function onSignal(signal: NodeJS.Signals) {
    close();
    exitWhenFlushed(stdout, 128 + (SIGNAL_NUMBERS[signal as keyof typeof SIGNAL_NUMBERS] ?? 0));
  }
  function onFatal(err: unknown) {
    close();
    rejectRun(err);
  }
  process.on('SIGTSTP', suspend);
  for (const sig of Object.keys(SIGNAL_NUMBERS)) process.on(sig, onSignal);
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);

  try {
    await Promise.race([instance.waitUntilExit(), failed]);
  } finally {
    close();
  }
}
