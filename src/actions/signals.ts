/**
 * The signals offered in the signal dialog, as htop lists them (by number) but with SIGTERM
 * first, the polite default. Numbers come from os.constants.signals, so they are this machine's.
 * @see https://man7.org/linux/man-pages/man7/signal.7.html
 */
import { constants } from 'node:os';

export interface SignalChoice {
  name: string;
  number: number;
  /** What it usually does, for the list. */
  description: string;
}

const DESCRIPTIONS: Record<string, string> = {
  SIGTERM: 'ask to terminate',
  SIGHUP: 'hang up / reload',
  SIGINT: 'interrupt (Ctrl-C)',
  SIGQUIT: 'quit with core dump',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace trap',
  SIGABRT: 'abort with core dump',
  SIGBUS: 'bus error',
  SIGFPE: 'arithmetic error',
  SIGKILL: 'kill (cannot be caught)',
  SIGUSR1: 'user-defined 1',
  SIGSEGV: 'segmentation fault',
  SIGUSR2: 'user-defined 2',
  SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock',
  SIGSTKFLT: 'stack fault',
  SIGCHLD: 'child status changed',
  SIGCONT: 'continue if stopped',
  SIGSTOP: 'stop (cannot be caught)',
  SIGTSTP: 'stop from terminal (Ctrl-Z)',
  SIGTTIN: 'background read from terminal',
  SIGTTOU: 'background write to terminal',
  SIGURG: 'urgent socket data',
  SIGXCPU: 'CPU time limit exceeded',
  SIGXFSZ: 'file size limit exceeded',
  SIGVTALRM: 'virtual alarm clock',
  SIGPROF: 'profiling timer',
  SIGWINCH: 'window size changed',
  SIGIO: 'I/O possible',
  SIGPWR: 'power failure',
  SIGSYS: 'bad system call',
};

/** SIGTERM, then every other standard signal by number (aliases such as SIGIOT left out). */
export const SIGNAL_CHOICES: readonly SignalChoice[] = (() => {
  const table = constants.signals as Record<string, number>;
  const byNumber = new Map<number, SignalChoice>();
  for (const name of Object.keys(DESCRIPTIONS)) {
    const number = table[name];
    if (number !== undefined && !byNumber.has(number)) byNumber.set(number, { name, number, description: DESCRIPTIONS[name] });
  }
  const sorted = [...byNumber.values()].sort((a, b) => a.number - b.number);
  return [...sorted.filter((s) => s.name === 'SIGTERM'), ...sorted.filter((s) => s.name !== 'SIGTERM')];
})();
