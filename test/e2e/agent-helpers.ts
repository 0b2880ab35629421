/**
 * Running `smoothtask agent` from the bundle for the history tests: start it on a database, wait
 * for its samples, stop it with a signal, and read the recording's samples back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { smoothtaskBin } from './tmux.js';

export interface RunningAgent {
  child: ChildProcess;
  stderr: () => string;
  /** The exit code, or the signal's name when a signal ended it. */
  exited: Promise<number | string | null>;
}

export function historyDir(): string {
  return mkdtempSync(join(tmpdir(), 'smoothtask-agent-'));
}

/** A config file with logging into `dir` and no desktop notifications. */
export function agentEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, XDG_STATE_HOME: join(dir, 'state') };
  delete env.SMOOTHTASK_CONFIG;
  return env;
}

/**
 * Start `smoothtask agent` on `db`. Through `setpriv --pdeathsig TERM` (the pid stays the agent's:
 * setpriv and the launcher exec): a test worker killed on a timeout takes its agents with it,
 * where they would otherwise go on sampling, and loading the machine, for the rest of the run.
 */
export function startAgent(db: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): RunningAgent {
  const child = spawn('setpriv', ['--pdeathsig', 'TERM', '--', smoothtaskBin, 'agent', '--db', db, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return { child, stderr: () => err, exited };
}

/** Samples in the file now (0 while it does not exist or has no table yet). */
export function sampleCount(db: string): number {
  try {
    const conn = new DatabaseSync(db, { readOnly: true, timeout: 2000 });
    try {
      return (conn.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
    } finally {
      conn.close();
    }
  } catch {
    return 0;
  }
}

export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function integrity(db: string): string {
  const conn = new DatabaseSync(db, { readOnly: true });
  try {
    return (conn.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
  } finally {
    conn.close();
  }
}

/** Every sample's (id, t), in order. */
export function sampleTimes(db: string): { id: number; t: number }[] {
  const conn = new DatabaseSync(db, { readOnly: true });
  try {
    return conn.prepare('SELECT id, t FROM samples ORDER BY id').all() as { id: number; t: number }[];
  } finally {
    conn.close();
  }
}
