/**
 * The entry point the CLI calls: renders the screen on the alternate screen with incremental
 * rendering, counts the bytes it writes, and restores the terminal on every way out
 * (q/F10, SIGINT, SIGTERM, SIGHUP, an uncaught exception, an unhandled rejection).
 * Ctrl-Z / SIGTSTP suspends cleanly; fg (SIGCONT) redraws.
 */
import { useEffect, type RefObject } from 'react';
import { render, useApp } from 'ink';
import type { Store } from '../store/store.js';
import type { UiActions } from './actions.js';
import type { DetailSource } from './detail/source.js';
import { App } from './App.js';
import { DetailView } from './detail/DetailView.js';
import { RecordedDetailView } from './detail/RecordedDetailView.js';
import { ActionDialog } from './dialogs/ActionDialog.js';
import { AlertHistory } from './panels/AlertHistory.js';
import { AlertPanel } from './panels/AlertPanel.js';
import { Providers } from './Providers.js';
import type { ColorMode } from './theme.js';
import { OutputCounter } from './terminal/outputCounter.js';
import { restoreTerminal } from './terminal/restore.js';
import { suspendSelf } from './terminal/suspend.js';

export interface RunScreenOptions {
  store: Store;
  /** Nominal refresh interval, shown in the header. */
  intervalMs: number;
  color: ColorMode;
  /** No box drawing, braille or Unicode bars. */
  ascii: boolean;
  /** Called once when the screen closes for any reason, before the terminal is handed back. */
  onQuit: () => void;
  actions?: UiActions;
  /** The detail view's readers (src/runtime/detail.ts); without them Enter opens no detail view. */
  detail?: DetailSource;
  /** The store shows a recording (`replay`): the drill-down draws the recorded process, not /proc. */
  recorded?: boolean;
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

const SIGNAL_NUMBERS: Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * Runs the screen until the person quits. Resolves after q/F10/Ctrl-C with the terminal restored.
 * Rejects with the error after an uncaught exception or unhandled rejection (terminal restored
 * first, so the caller can print it). On SIGINT/SIGTERM/SIGHUP it restores the terminal, calls
 * onQuit and exits the process with 128 + the signal number.
 */
export async function runScreen(opts: RunScreenOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const output = new OutputCounter();
  const stopCounting = output.countWrites(stdout);
  const unsubscribe = opts.store.subscribe(() => {
    output.counts.refreshes += 1;
  });
  const suspender: { current: Suspender | undefined } = { current: undefined };
  let suspending = false;
  const suspend = () => {
    const s = suspender.current;
    if (s === undefined || suspending) return;
    suspending = true;
    void suspendSelf(s).finally(() => {
      suspending = false;
    });
  };

  const instance = render(
    <Providers store={opts.store} ascii={opts.ascii} color={opts.color} intervalMs={opts.intervalMs} actions={opts.actions} detail={opts.detail}>
      <SuspendBridge targetRef={suspender} />
      <App
        onSuspend={suspend}
        AlertSlot={AlertPanel}
        AlertHistorySlot={AlertHistory}
        ActionDialogSlot={ActionDialog}
        DetailSlot={opts.recorded === true ? RecordedDetailView : opts.detail === undefined ? undefined : DetailView}
      />
    </Providers>,
    {
      stdout,
      stdin,
      alternateScreen: true,
      incrementalRendering: true,
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
      },
    },
  );

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    process.off('SIGTSTP', suspend);
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
    process.exit(128 + (SIGNAL_NUMBERS[signal as keyof typeof SIGNAL_NUMBERS] ?? 0));
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
