/**
 * Reader for the environment section: /proc/PID/environ, shown only for the viewer's own
 * processes or to root (the kernel enforces the same with ptrace access mode checks; asking
 * first keeps the message clear instead of a bare EACCES).
 */
import { join } from 'node:path';
import { readBytesSync, type ReadBuffer } from '../../util/readfile.js';
import { parseEnviron, type EnvVar } from './parse/environ.js';

/** environ is read up to this many bytes. */
export const ENVIRON_MAX_BYTES = 1024 * 1024;

/** Why the environment may not be shown to `viewerUid`, or undefined when it may. */
export function environmentRefusal(viewerUid: number, ownerUid: number | undefined): string | undefined {
  if (viewerUid === 0 || viewerUid === ownerUid) return undefined;
  return 'the environment is shown only for your own processes, or to root';
}

export function readEnvironment(buffer: ReadBuffer, procRoot: string, pid: number): EnvVar[] {
  return parseEnviron(readBytesSync(buffer, join(procRoot, String(pid), 'environ'), ENVIRON_MAX_BYTES));
}
