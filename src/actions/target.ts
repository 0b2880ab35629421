/**
 * The process an action is aimed at, as the person saw it when they chose it: the identity
 * (pid, startTime) plus what the confirmation shows (user, command).
 */
import type { ProcessRow } from '../types/snapshot.js';

export interface ActionTarget {
  pid: number;
  /** proc(5) stat field 22: with pid, the identity every action re-checks. */
  startTime: number;
  uid?: number;
  /** Sanitised user name (undefined when the uid has no name). */
  user?: string;
  /** Sanitised comm. */
  comm: string;
  /** Sanitised command line ('' for kernel threads). */
  cmdline: string;
  kernelThread?: boolean;
}

/** A table row as an action target. */
export function targetOf(row: ProcessRow): ActionTarget {
  return {
    pid: row.pid,
    startTime: row.startTime,
    uid: row.uid,
    user: row.user,
    comm: row.comm,
    cmdline: row.cmdline,
    kernelThread: row.kernelThread,
  };
}

/** "1234 (nginx, www-data)" for messages. */
export function describeTarget(t: ActionTarget): string {
  return `${t.pid} (${t.comm}${t.user !== undefined ? `, ${t.user}` : t.uid !== undefined ? `, uid ${t.uid}` : ''})`;
}

/** The result of an action, in words for the dialog's status line. */
export type ActionResult = { ok: true; message: string } | { ok: false; message: string; code?: string };
