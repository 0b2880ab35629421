/**
 * Puts the terminal back the way a shell expects it, whatever state the screen left it in: cursor
 * shown, alternate screen left, bracketed paste and kitty keyboard off, raw mode off. Safe to call
 * more than once and after Ink has already cleaned up (each sequence is idempotent).
 * Sequences: xterm ctlseqs (DECTCEM ?25, alternate screen ?1049, bracketed paste ?2004) and the
 * kitty keyboard protocol's pop (CSI < u).
 */

export const RESTORE_SEQUENCE = '\x1b[?2004l\x1b[<u\x1b[?1049l\x1b[?25h';

export function restoreTerminal(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): void {
  try {
    if (stdin.isTTY) stdin.setRawMode(false);
  } catch {
    // stdin already closed: nothing left to restore there.
  }
  try {
    if (stdout.isTTY) stdout.write(RESTORE_SEQUENCE);
  } catch {
    // stdout gone (the terminal closed, SIGHUP): nothing to restore.
  }
}
