/**
 * A private tmux server per measured monitor (its own socket and no config, so the user's tmux is
 * never touched): one pane of exactly COLSxROWS whose output is copied to a file by pipe-pane, and
 * whose screen capture-pane reads. The program waits behind a `read` until go() so that the output
 * pipe is open before its first byte and the launch time is one well-defined moment.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { readStat } from './procstat.ts';

const TMUX_TIMEOUT_MS = 5_000;

/** Single-quote for sh. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export class BenchTerminal {
  readonly socket: string;
  readonly outputFile: string;
  /** The server's socket file, which kill-server leaves behind. */
  private socketPath: string | undefined;
  /** The pane's process (sh, later exec'd into the program: same PID and start time). */
  private pane: { pid: number; startTime: number } | undefined;
  private killed = false;

  private constructor(socket: string, outputFile: string) {
    this.socket = socket;
    this.outputFile = outputFile;
  }

  /**
   * Open the terminal with `argv` ready to run under exactly `env` (nothing inherited: CI stays
   * unset, the user's HOME and config stay out). The pane's shell execs `env`, which execs the
   * program, so the pane's PID becomes the program's. `stderrFile`: the program's standard error
   * goes there instead of the terminal (what Node's inspector prints would land in the screen).
   */
  static open(argv: string[], env: Record<string, string>, cols: number, rows: number, outputFile: string, stderrFile?: string): BenchTerminal {
    const term = new BenchTerminal(`smoothtask-bench-${process.pid}-${randomUUID().slice(0, 8)}`, outputFile);
    const envArgs = Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`));
    const redirect = stderrFile === undefined ? '' : ` 2>>${shellQuote(stderrFile)}`;
    const script = `read _ && exec env -i ${envArgs.join(' ')} ${argv.map(shellQuote).join(' ')}${redirect}`;
    term.tmux('new-session', '-d', '-s', 'bench', '-x', String(cols), '-y', String(rows), 'sh', '-c', script);
    try {
      term.socketPath = term.tmux('display-message', '-p', '#{socket_path}').trim() || undefined;
      const pid = Number(term.paneVar('pane_pid'));
      const st = readStat(pid);
      if (st) term.pane = { pid, startTime: st.startTime };
      // Keep a crashed program's last screen readable, and give the pane every row.
      term.tmux('set-option', '-t', 'bench', 'status', 'off');
      term.tmux('set-option', '-w', '-t', 'bench', 'remain-on-exit', 'on');
      term.tmux('pipe-pane', '-o', '-t', 'bench', `cat >> ${shellQuote(outputFile)}`);
      const size = term.paneVar('pane_width') + 'x' + term.paneVar('pane_height');
      if (size !== `${cols}x${rows}`) throw new Error(`tmux pane is ${size}, wanted ${cols}x${rows}`);
    } catch (err) {
      term.kill();
      throw err;
    }
    return term;
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      timeout: TMUX_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Let the program start (it is waiting for a line on its terminal). */
  go(): void {
    this.tmux('send-keys', '-t', 'bench', 'Enter');
  }

  /** The visible screen (the alternate screen when the program uses it), one line per row. */
  capture(): string {
    return this.tmux('capture-pane', '-p', '-t', 'bench');
  }

  /** A tmux format variable of the pane: pane_pid, pane_dead, pane_dead_status, pane_width... */
  paneVar(name: string): string {
    return this.tmux('display-message', '-p', '-t', 'bench', `#{${name}}`).trim();
  }

  /** Bytes the program has written to its terminal so far (as copied by pipe-pane); undefined if the pipe never opened. */
  bytesWritten(): number | undefined {
    try {
      return statSync(this.outputFile).size;
    } catch {
      return undefined;
    }
  }

  /**
   * Kill the server (the program gets SIGHUP) and send the program SIGTERM too: btop, for one, takes
   * its time over SIGHUP. Synchronous, safe to call twice and from exit hooks.
   */
  kill(): void {
    if (this.killed) return;
    this.killed = true;
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
    if (this.socketPath) rmSync(this.socketPath, { force: true });
    if (this.pane && readStat(this.pane.pid)?.startTime === this.pane.startTime) {
      try {
        process.kill(this.pane.pid, 'SIGTERM');
      } catch {
        // Ended just now.
      }
    }
  }
}
