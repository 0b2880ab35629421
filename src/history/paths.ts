/**
 * Where the history database lives by default: history.db in SmoothTask's state folder
 * (/var/lib/smoothtask for root, the agent's service; $XDG_STATE_HOME/smoothtask, else
 * ~/.local/state/smoothtask, for a user).
 */
import { join } from 'node:path';
import { stateDir } from '../config/defaults.js';

export function defaultDbPath(env: NodeJS.ProcessEnv, uid: number = process.getuid?.() ?? -1): string {
  return join(stateDir(env, uid), 'history.db');
}
