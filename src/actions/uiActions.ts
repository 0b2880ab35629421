/**
 * The actions the screen's UiActions context expects (src/ui/actions.ts), backed by this module:
 * a signal goes through a pidfd opened and checked against the start time just before sending
 * (so it is race-free even though the table's y/N prompt holds no handle), renice reads back
 * from /proc. Each resolves with a message for the status line; none throws.
 */
import { constants } from 'node:os';
import type { ProcessRow } from '../types/snapshot.js';
import type { ActionResult as UiActionResult, ProcessIdentity, UiActions } from '../ui/actions.js';
import { renice } from './renice.js';
import { openSignalHandle } from './signal.js';
import { targetOf, type ActionTarget } from './target.js';

/**
 * UiActions for the runtime. `rows` returns the processes on screen, so messages can name the
 * user and command; a target missing from it is still acted on by identity.
 */
export function createUiActions(procRoot: string, rows: () => readonly ProcessRow[]): UiActions {
  const find = (id: ProcessIdentity): ActionTarget => {
    const row = rows().find((r) => r.pid === id.pid && r.startTime === id.startTime);
    return row === undefined ? { pid: id.pid, startTime: id.startTime, comm: '?', cmdline: '' } : targetOf(row);
  };
  return {
    async signal(id, signal): Promise<UiActionResult> {
      const number = (constants.signals as Record<string, number>)[signal];
      if (number === undefined) return { ok: false, message: `unknown signal ${signal}` };
      const opened = openSignalHandle(find(id), { procRoot });
      if (!opened.ok) return opened.result;
      try {
        return opened.handle.send(number);
      } finally {
        opened.handle.close();
      }
    },
    async renice(id, nice): Promise<UiActionResult> {
      return renice(find(id), nice, procRoot);
    },
  };
}
