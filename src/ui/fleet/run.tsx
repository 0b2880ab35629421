/**
 * The entry point `smoothtask fleet` calls: the fleet screen in the same full-screen runner as
 * `top` (terminal/fullScreen.tsx: alternate screen, restore on every way out, Ctrl-Z), with the
 * poller as its store and its actions.
 */
import type { FleetActions, FleetStore } from '../../fleet/poller.js';
import { runFullScreen } from '../terminal/fullScreen.js';
import type { ColorMode } from '../theme.js';
import { FleetApp } from './FleetApp.js';
import { FleetProviders } from './FleetProviders.js';

export interface RunFleetOptions {
  store: FleetStore;
  actions: FleetActions;
  /** Prometheus's URL, for the header. */
  url: string;
  intervalMs: number;
  color: ColorMode;
  ascii: boolean;
  /** Called once when the screen closes for any reason. */
  onQuit: () => void;
}

export async function runFleetScreen(opts: RunFleetOptions): Promise<void> {
  await runFullScreen({
    subscribe: opts.store.subscribe,
    onQuit: opts.onQuit,
    render: (terminal) => (
      <FleetProviders store={opts.store} actions={opts.actions} intervalMs={opts.intervalMs} color={opts.color} ascii={opts.ascii}>
        <FleetApp url={opts.url} terminal={terminal} />
      </FleetProviders>
    ),
  });
}
