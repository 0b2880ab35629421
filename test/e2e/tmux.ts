/**
 * Drives a program in a real terminal: a private tmux server per session (its own socket, so
 * tests never touch the user's tmux), send-keys to type, capture-pane to read the screen.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const smoothtaskBin = resolve(repoRoot, 'bin', 'smoothtask');

/** The app is built (`npm run build` wrote dist/bundle/start.cjs and the bundle's script form), so bin/smoothtask runs. */
export const appBuilt = ['start.cjs', 'smoothtask.script.js'].every((file) => existsSync(resolve(repoRoot, 'dist', 'bundle', file)));

/** tmux is installed. */
export const haveTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export interface TmuxOptions {
  cols: number;
  rows: number;
  /** Extra environment for the program (CI is always unset: Ink draws nothing under CI=true). */
  env?: Record<string, string>;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export class TmuxSession {
  private constructor(
    private readonly socket: string,
    readonly cols: number,
    readonly rows: number,
  ) {}

  /**
   * Start `argv` inside an interactive bash in a detached session, so that after the program
   * exits the shell is still there to inspect the terminal it left behind.
   */
  static start(argv: string[], opts: TmuxOptions): TmuxSession {
    const socket = `st-${randomUUID().slice(0, 8)}`;
    const env = { NODE_ENV: 'production', TERM: 'xterm-256color', ...opts.env };
    const exports = Object.entries(env)
      .map(([k, v]) => `export ${k}=${shellQuote(v)};`)
      .join(' ');
    const cmd = `unset CI; ${exports} ${argv.map(shellQuote).join(' ')}; echo "EXITED:$?"; exec bash --norc --noprofile`;
    const session = new TmuxSession(socket, opts.cols, opts.rows);
    session.tmux('new-session', '-d', '-s', 'main', '-x', String(opts.cols), '-y', String(opts.rows), 'bash', '--norc', '--noprofile', '-c', cmd);
    return session;
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** The visible screen as text, one line per row. */
  capture(): string {
    return this.tmux('capture-pane', '-p', '-t', 'main');
  }

  /** Keys in tmux's send-keys syntax ('q', 'Enter', 'F10', 'C-c', 'Down'). */
  sendKeys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'main', ...keys);
  }

  /** Type text literally. */
  type(text: string): void {
    this.tmux('send-keys', '-t', 'main', '-l', text);
  }

  resize(cols: number, rows: number): void {
    this.tmux('resize-window', '-t', 'main', '-x', String(cols), '-y', String(rows));
  }

  /** A tmux format variable of the pane, e.g. 'alternate_on', 'cursor_flag', 'pane_pid'. */
  paneVar(name: string): string {
    return this.tmux('display-message', '-p', '-t', 'main', `#{${name}}`).trim();
  }

  /** Poll the screen until `test` matches or the time runs out; returns the last screen. */
  async waitFor(test: RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.capture();
      if (typeof test === 'function' ? test(screen) : test.test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(test)}; screen was:\n${screen}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
  }
}
