/**
 * The action dialogs on their own, as the table renders them for a tagged set: one signal to two
 * real processes through pidfds opened when the dialog opened (one already gone is reported, not
 * signalled), the typed confirmation for a set (type its size), and the kill(2) fallback's race
 * warning on screen.
 */
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { processActions, type ProcessActionOptions } from '../../src/runtime/actions.js';
import { SignalDialog } from '../../src/ui/dialogs/SignalDialog.js';
import { Providers } from '../../src/ui/Providers.js';
import { Store } from '../../src/store/store.js';
import type { ActionResult } from '../../src/actions/target.js';
import { reap, spawnSleeper, type Sleeper } from '../unit/actions/support/children.js';
import { KEYS, renderInTerminal, tick, until } from './helpers/render.js';

const live: Sleeper[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map(reap));
});

/** The process actions as the runtime builds them, over the live /proc. */
const actionsAs = (viewer: ProcessActionOptions['viewer'], native?: null) => processActions({ procRoot: '/proc', sysRoot: '/sys', viewer, native });

function renderDialog(node: (onClose: (r: ActionResult[]) => void) => React.ReactElement) {
  const closed: ActionResult[][] = [];
  const rendered = renderInTerminal(
    <Providers store={new Store(10)} ascii={false} color="none" intervalMs={1000}>
      {node((r) => closed.push(r))}
    </Providers>,
  );
  return { ...rendered, closed };
}

/** The detail reads real /proc files: a slow, loaded machine gets 10 s. */
const waitFor = (check: () => boolean) => until(check, 10_000);

describe('signal dialog for a tagged set', () => {
  it('signals every live process of the set and reports the one already gone', async () => {
    const a = spawnSleeper();
    const b = spawnSleeper();
    const gone = spawnSleeper();
    live.push(a, b);
    await reap(gone);
    const viewer = { selfPid: process.pid, uid: 0 };
    const d = renderDialog((onClose) => (
      <SignalDialog targets={[a.target, gone.target, b.target]} actions={actionsAs(viewer)} width={120} height={36} onClose={onClose} />
    ));
    await waitFor(() => d.frame().includes('(2 tagged processes)'));
    expect(d.frame()).toContain(`process ${gone.target.pid} (sleep, root) has exited`);
    // useKeys subscribes in an effect, after the frame is drawn: let it attach before typing.
    await tick(150);
    await d.press(KEYS.enter);
    await waitFor(() => d.frame().includes('send SIGTERM (15) to 2 processes? y/N'));
    await d.press('y');
    expect(await a.exited).toBe('SIGTERM');
    expect(await b.exited).toBe('SIGTERM');
    await waitFor(() => d.frame().includes(`sent SIGTERM to ${b.target.pid}`));
    await d.press('x');
    await waitFor(() => d.closed.length === 1);
    expect(d.closed[0].filter((r) => r.ok)).toHaveLength(2);
    d.instance.unmount();
  });

  it('asks for the size of the set when one member needs the typed confirmation', async () => {
    const a = spawnSleeper();
    const b = spawnSleeper();
    live.push(a, b);
    // As root, another user's process needs typing: present b as owned by uid 1000.
    const viewer = { selfPid: process.pid, uid: 0 };
    const d = renderDialog((onClose) => (
      <SignalDialog targets={[a.target, { ...b.target, uid: 1000, user: 'alice' }]} actions={actionsAs(viewer)} width={120} height={36} onClose={onClose} />
    ));
    await waitFor(() => d.frame().includes('Send signal'));
    await tick(150);
    await d.press(KEYS.enter);
    await waitFor(() => d.frame().includes('type the number of processes (2)'));
    expect(d.frame()).toContain('belongs to another user (alice) and you are root');
    await d.press(KEYS.escape);
    await waitFor(() => d.closed.length === 1);
    expect(d.closed[0]).toEqual([]);
    expect(a.child.signalCode).toBeNull();
    expect(b.child.signalCode).toBeNull();
    d.instance.unmount();
  });

  it('shows the race window of the kill(2) fallback', async () => {
    const a = spawnSleeper();
    live.push(a);
    const d = renderDialog((onClose) => (
      <SignalDialog targets={[a.target]} actions={actionsAs({ selfPid: process.pid, uid: 0 }, null)} width={120} height={36} onClose={onClose} />
    ));
    await waitFor(() => d.frame().includes('no pidfd'));
    expect(d.frame().replace(/\s+/g, ' ')).toContain('the new process receives it');
    d.instance.unmount();
  });
});
