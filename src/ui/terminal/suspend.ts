/**
 * Ctrl-Z for a raw-mode screen: the terminal sends no SIGTSTP in raw mode, so the key (or a
 * SIGTSTP from outside) lands here. Ink hands the terminal back (leaves the alternate screen,
 * raw mode off), the process stops itself with SIGSTOP, and on SIGCONT (fg) Ink re-enters the
 * alternate screen and redraws in full, at the terminal's size read again.
 */
import { once } from 'node:events';

type SuspendTerminal = (callback: () => Promise<void>) => Promise<void>;

/**
 * Reads the terminal's size again, after the process was stopped: a resize meanwhile sent its
 * SIGWINCH to the shell, which had the terminal, so the stream kept the old size and Ink laid out
 * and drew for it (a 120x40 frame into a 100x30 terminal, until the next resize). Node's tty
 * stream does this on its SIGWINCH: the new size, and its 'resize' event, which Ink follows.
 * Called while Ink has handed the terminal over, so that it takes the terminal back at this size.
 */
export function readSizeAgain(stream: NodeJS.WriteStream): void {
  // Node's own method for it (lib/tty.js); a stream that is not a terminal has none.
  (stream as { _refreshSize?: () => void })._refreshSize?.();
}

export async function suspendSelf(suspendTerminal: SuspendTerminal, stream: NodeJS.WriteStream): Promise<void> {
  await suspendTerminal(async () => {
    const resumed = once(process, 'SIGCONT');
    process.kill(process.pid, 'SIGSTOP');
    await resumed;
    readSizeAgain(stream);
  });
}
