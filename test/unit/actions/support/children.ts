/**
 * Real child processes for the action tests: a sleeper whose identity (pid, startTime) is read
 * from /proc, and a way to wait until it has exited and been reaped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readStartTime } from '../../../../src/collectors/procdetail/identity.js';
import type { ActionTarget } from '../../../../src/actions/target.js';
import { ReadBuffer } from '../../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

export interface Sleeper {
  child: ChildProcess;
  target: ActionTarget;
  /** Resolves with the signal that ended it (null when it exited normally). */
  exited: Promise<NodeJS.Signals | null>;
}

export function spawnSleeper(seconds = 60): Sleeper {
  const child = spawn('sleep', [String(seconds)], { stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error('spawn sleep failed');
  const startTime = readStartTime(buffer, '/proc', pid);
  if (startTime === undefined) throw new Error(`no /proc/${pid}/stat`);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  return {
    child,
    target: { pid, startTime, uid: process.getuid?.(), user: 'root', comm: 'sleep', cmdline: `sleep ${seconds}` },
    exited,
  };
}

/** Kill and reap a sleeper (Node reaps on 'exit'). */
export async function reap(s: Sleeper): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await s.exited;
}
