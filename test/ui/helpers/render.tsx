/**
 * Renders the UI the way runScreen does, on fake streams with a settable terminal size: the providers,
 * a stdout that reports columns/rows and emits 'resize', a stdin that feeds Ink's input parser.
 * (ink-testing-library's stdout is fixed at 100 columns with no rows, so sizes need this.)
 */
import { EventEmitter } from 'node:events';
import React from 'react';
import { render } from 'ink';
// Ink colours through chalk; tests force a level so selection (inverse) and colours are visible.
import chalk from 'chalk';
import { afterEach } from 'vitest';
import { processActions } from '../../../src/runtime/actions.js';
import { detailSource } from '../../../src/runtime/detail.js';
import { Store } from '../../../src/store/store.js';
import type { Snapshot } from '../../../src/types/snapshot.js';
import type { UiActions } from '../../../src/ui/actions.js';
import { App, type AppProps } from '../../../src/ui/App.js';
import type { DetailSource } from '../../../src/ui/detail/source.js';
import { Providers } from '../../../src/ui/Providers.js';
import type { ColorMode } from '../../../src/ui/theme.js';
import { testSnapshot } from './snapshots.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

export class FakeStdout extends EventEmitter {
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string, ...rest: unknown[]) => {
    this.frames.push(frame);
    const done = rest.find((a) => typeof a === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
  }
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export interface RenderOptions extends AppProps {
  columns?: number;
  rows?: number;
  snapshot?: Snapshot;
  ascii?: boolean;
  color?: ColorMode;
  actions?: UiActions;
  /** The detail view's readers; with a DetailSlot and none given, readers over the live /proc. */
  detail?: DetailSource;
}

/** Detail readers over the live /proc and /sys, as the runtime builds them from its CollectorContext. */
export function liveDetailSource(): DetailSource {
  return detailSource({ procRoot: '/proc', sysRoot: '/sys', readBuffer: new ReadBuffer(), host: testSnapshot().host, now: () => performance.now() });
}

export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** Wait until `check` holds (effects and async actions land a little after the key). */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await tick(10);
  }
}

/** Render `element` on a fake terminal of `columns` x `rows`: its last frame, and keys to type. */
export function renderInTerminal(element: React.ReactElement, columns = 120, rows = 40) {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const instance = render(element, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const frame = () => stdout.frames.findLast((f) => f.trim() !== '') ?? '';
  /** Type keys (raw terminal sequences), letting the screen settle after each. */
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      const drawn = stdout.frames.length;
      stdin.write(k);
      // Wait for the frame the key draws, not a fixed time: on a loaded machine React's render (and
      // the 20 ms timer with which Ink's parser holds a lone ESC in case a sequence follows) can
      // take far longer. A key that changes nothing draws nothing: it waits out the bound.
      await until(() => stdout.frames.length > drawn, 1000).catch(() => undefined);
      await tick(30);
    }
  };
  return { instance, stdout, stdin, frame, press };
}

export function renderApp(opts: RenderOptions = {}) {
  chalk.level = opts.color === 'truecolor' ? 3 : 1;
  const store = new Store(60);
  if (opts.snapshot) store.publish(opts.snapshot);
  const { columns, rows, snapshot: _s, ascii, color, actions, detail, ...appProps } = opts;
  // As runScreen gets them from the runtime: with the dialog or detail slot (both open dialogs),
  // process actions on the live /proc; with the detail slot, detail readers there.
  const dialogs = appProps.ActionDialogSlot !== undefined || appProps.DetailSlot !== undefined;
  const withActions =
    !dialogs || actions?.processes !== undefined ? actions : { ...actions, processes: processActions({ procRoot: '/proc', sysRoot: '/sys' }) };
  const withDetail = detail ?? (appProps.DetailSlot === undefined ? undefined : liveDetailSource());
  const rendered = renderInTerminal(
    <Providers store={store} ascii={ascii ?? false} color={color ?? 'none'} intervalMs={1000} actions={withActions} detail={withDetail}>
      <App {...appProps} />
    </Providers>,
    columns,
    rows,
  );
  return { ...rendered, store };
}

/** renderApp for a test file: the screen each test rendered last is unmounted after it. */
export function renderAppPerTest(): typeof renderApp {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());
  return (opts) => {
    const r = renderApp(opts);
    unmount = () => r.instance.unmount();
    return r;
  };
}

export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  pageDown: '\x1b[6~',
  pageUp: '\x1b[5~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  escape: '\x1b',
  backspace: '\x7f',
  f1: '\x1bOP',
  f3: '\x1bOR',
  f4: '\x1bOS',
  f5: '\x1b[15~',
  f6: '\x1b[17~',
  f7: '\x1b[18~',
  f8: '\x1b[19~',
  f9: '\x1b[20~',
  f10: '\x1b[21~',
  ctrlC: '\x03',
} as const;
