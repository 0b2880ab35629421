/**
 * The entry point the CLI calls for `top`: the screen (Providers and App) in the full-screen
 * runner (terminal/fullScreen.tsx), which draws on the alternate screen with incremental
 * rendering, counts the bytes it writes, restores the terminal on every way out, suspends on
 * Ctrl-Z and redraws in full on Ctrl-L.
 */
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
import { runFullScreen } from './terminal/fullScreen.js';

export interface RunScreenOptions {
  store: Store;
  /** Nominal refresh interval, shown in the header. */
  intervalMs: number;
  color: ColorMode;
  /** No box drawing, braille or Unicode bars. */
  ascii: boolean;
  /** Called once when the screen closes for any reason, before the terminal is handed back. */
  onQuit: () => void;
  /**
   * Called once, when the first frame drawn from a snapshot is on the terminal: the first after a
   * publish, or the first of all when the store shows one from the start (a recording).
   */
  onFirstFrame?: () => void;
  actions?: UiActions;
  /** The detail view's readers (src/runtime/detail.ts); without them Enter opens no detail view. */
  detail?: DetailSource;
  /** The store shows a recording (`replay`): the drill-down draws the recorded process, not /proc. */
  recorded?: boolean;
  /** The terminal; process.stdout / process.stdin unless a test passes its own. */
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

/**
 * Runs the screen until the person quits; see runFullScreen for every way out and what each
 * leaves behind.
 */
export async function runScreen(opts: RunScreenOptions): Promise<void> {
  await runFullScreen({
    subscribe: opts.store.subscribe,
    onQuit: opts.onQuit,
    onFirstFrame: opts.onFirstFrame,
    drawsDataFromStart: opts.store.getSnapshot() !== undefined,
    stdout: opts.stdout,
    stdin: opts.stdin,
    render: (terminal) => (
      <Providers store={opts.store} ascii={opts.ascii} color={opts.color} intervalMs={opts.intervalMs} actions={opts.actions} detail={opts.detail}>
        <App
          terminal={terminal}
          AlertSlot={AlertPanel}
          AlertHistorySlot={AlertHistory}
          ActionDialogSlot={ActionDialog}
          DetailSlot={opts.recorded === true ? RecordedDetailView : opts.detail === undefined ? undefined : DetailView}
        />
      </Providers>
    ),
  });
}
