/**
 * One writer per database: a lock file beside it (`history.db.lock`) holds the writer's pid. A
 * second writer finds it, sees that process alive, and is refused with its pid; a lock left by a
 * writer that was killed (its pid is gone) is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { HistoryError } from './errors.js';

export interface WriterLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockForWriting(dbPath: string): WriterLock {
  const path = `${dbPath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new HistoryError(dbPath, `cannot be recorded: its folder is missing or not writable (${code}); create it or choose another file with --db`);
      }
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
        throw new HistoryError(
          dbPath,
          `is being recorded by another SmoothTask (pid ${pid}, lock file ${path}); stop that one, or record into another file with --db`,
        );
      }
      // The writer that left it is gone (killed): the lock is stale.
      unlinkSync(path);
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return {
      release() {
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      },
    };
  }
  throw new HistoryError(dbPath, `could not take the writer lock ${path}; try again`);
}
