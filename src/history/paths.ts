/**
 * Where the history database lives by default: /var/lib/smoothtask/history.db for root (the
 * agent's service), $XDG_STATE_HOME/smoothtask/history.db (else ~/.local/state/...) for a user.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDbPath(env: NodeJS.ProcessEnv, uid: number = process.getuid?.() ?? -1): string {
  if (uid === 0) return '/var/lib/smoothtask/history.db';
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'smoothtask', 'history.db');
}
