/** Command-line flags of bench/run.ts. */
import { resolve } from 'node:path';
import { defaultMonitors, defaultSmoothtaskBin, isRoot, MONITORS, type MonitorName } from './monitors.ts';

export interface BenchOptions {
  /** Idle process counts to measure at, ascending. */
  counts: number[];
  monitors: MonitorName[];
  warmupS: number;
  windowS: number;
  /**
   * When above 0, a second CPU window of the same length opens this many seconds after the first
   * frame: the cost once V8 has compiled the refresh's code (bench/README.md, Method).
   */
  steadyS: number;
  /**
   * Times every monitor is measured at each count, in turn (rounds.ts): the report takes each
   * one's median, and gives each round's ratio to btop's of the same round.
   */
  rounds: number;
  /** `smoothtask snapshot --json` runs per count (and per user). */
  snapshotRuns: number;
  /** The smoothtask launcher to measure. */
  bin: string;
  help: boolean;
}

export const USAGE = `usage: node bench/run.ts [options]

Measures SmoothTask top beside htop and btop in private tmux terminals (200x50, 1 s refresh) with
N extra idle processes, and writes a markdown table to bench/results/<date>.md. As root, SmoothTask
is measured twice: smoothtask (root: eBPF) and smoothtask-proc (as nobody: the /proc path).

  --quick            smoke run: N=0 only, 1 s warm-up, 5 s window, 1 snapshot
  --n LIST           idle process counts, comma-separated (default 0,1000,5000)
  --monitors LIST    which of htop,btop,smoothtask,smoothtask-proc (default all four as root,
                     the first three otherwise; smoothtask-proc needs root)
  --warmup S         seconds after the first frame before measuring (default 3)
  --window S         measuring window, seconds (default 10)
  --steady S         also measure CPU over a second window as long, opening S seconds after the
                     first frame (default 0: none; S at least warm-up + window)
  --rounds K         measure every monitor K times per N, all of them in turn each round; the
                     report takes each one's median and shows every round (default 1)
  --snapshot-runs K  snapshot --json runs per N (default 3; 0 skips)
  --bin PATH         the smoothtask launcher to measure (default bin/smoothtask)
  --help             this text
`;

export class UsageError extends Error {}

function positive(flag: string, text: string | undefined, allowZero = false): number {
  const v = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new UsageError(`${flag}: expected a ${allowZero ? 'non-negative' : 'positive'} number, got '${text ?? ''}'`);
  }
  return v;
}

export function parseArgs(argv: string[]): BenchOptions {
  const opts: BenchOptions = {
    counts: [0, 1000, 5000],
    monitors: defaultMonitors(),
    warmupS: 3,
    windowS: 10,
    steadyS: 0,
    rounds: 1,
    snapshotRuns: 3,
    bin: defaultSmoothtaskBin,
    help: false,
  };
  let quick = false;
  const explicit = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    explicit.add(flag);
    switch (flag) {
      case '--quick':
        quick = true;
        break;
      case '--n':
        opts.counts = (value() ?? '').split(',').map((s) => Math.round(positive('--n', s.trim(), true)));
        break;
      case '--monitors': {
        const names = (value() ?? '').split(',').map((s) => s.trim());
        for (const name of names) {
          if (!(MONITORS as readonly string[]).includes(name)) throw new UsageError(`--monitors: unknown monitor '${name}' (${MONITORS.join(', ')})`);
          if (name === 'smoothtask-proc' && !isRoot()) {
            throw new UsageError(
              '--monitors: smoothtask-proc switches to nobody with setpriv, which needs root; without root, smoothtask already runs on the /proc path',
            );
          }
        }
        opts.monitors = names as MonitorName[];
        break;
      }
      case '--warmup':
        opts.warmupS = positive('--warmup', value(), true);
        break;
      case '--window':
        opts.windowS = positive('--window', value());
        break;
      case '--steady':
        opts.steadyS = positive('--steady', value(), true);
        break;
      case '--rounds':
        opts.rounds = Math.round(positive('--rounds', value()));
        break;
      case '--snapshot-runs':
        opts.snapshotRuns = Math.round(positive('--snapshot-runs', value(), true));
        break;
      case '--bin': {
        const bin = value();
        if (!bin) throw new UsageError('--bin: expected the path of a smoothtask launcher');
        opts.bin = resolve(bin);
        break;
      }
      case '--help':
      case '-h':
        opts.help = true;
        break;
      default:
        throw new UsageError(`unknown option '${argv[i]}'`);
    }
  }
  if (quick) {
    // Explicit flags still win over what --quick implies.
    if (!explicit.has('--n')) opts.counts = [0];
    if (!explicit.has('--warmup')) opts.warmupS = 1;
    if (!explicit.has('--window')) opts.windowS = 5;
    if (!explicit.has('--snapshot-runs')) opts.snapshotRuns = 1;
  }
  if (opts.steadyS > 0 && opts.steadyS < opts.warmupS + opts.windowS) {
    throw new UsageError(`--steady: ${opts.steadyS} s opens before the first window closes (warm-up ${opts.warmupS} s + window ${opts.windowS} s)`);
  }
  opts.counts = [...new Set(opts.counts)].sort((a, b) => a - b);
  return opts;
}
