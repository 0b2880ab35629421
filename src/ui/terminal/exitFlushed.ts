/**
 * Exits the process once what was written to the terminal has left it. A write that a signal
 * interrupts part-way (the terminal was not reading, so it blocked) finishes asynchronously, and
 * the stream queues every later write behind it; process.exit() drops that queue, and with it the
 * sequences that give the terminal back (alternate screen left, cursor shown). So the exit waits
 * for the queue, up to a limit, for a terminal that is gone or stopped.
 */

/** How long a queued write may hold the exit. */
const FLUSH_LIMIT_MS = 1000;

export function exitWhenFlushed(
  stream: NodeJS.WritableStream & { writableLength?: number },
  code: number,
  exit: (code: number) => void = process.exit,
  limitMs: number = FLUSH_LIMIT_MS,
): void {
  if (!stream.writable || (stream.writableLength ?? 0) === 0) {
    exit(code);
    return;
  }
  let exited = false;
  const finish = () => {
    if (exited) return;
    exited = true;
    clearTimeout(timer);
    exit(code);
  };
  const timer = setTimeout(finish, limitMs);
  // An empty write's callback runs after every write queued before it (or with the stream's error).
  stream.write('', finish);
}
