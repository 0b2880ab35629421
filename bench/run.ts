/**
 * The benchmark of issues #2 and #3: SmoothTask top beside htop and btop, in one run, with N extra
 * idle processes. Installs nothing; prints a markdown table and writes it to bench/results/.
 * Run with the Node 24 in node_modules/.bin: `node bench/run.ts [--quick] [--n 0,1000,5000]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs, USAGE, UsageError, type BenchOptions } from './args.ts';
import { restoreBpfStats } from './bpfstats.ts';
import { IdleProcesses } from './idle.ts';
import { BENCH_TERMINAL, measureMonitor, openTerminals, tempDirs, type MeasureOptions, type MonitorResult } from './measure.ts';
import { monitorsWith, repoRoot, unavailableReason, versionOf } from './monitors.ts';
import { renderReport } from './report.ts';
import { processCount } from './procstat.ts';
import { measureSnapshots, type SnapshotResult } from './snapshot.ts';

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function commandOutput(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** Everything the run needs that is missing, as messages; empty when it can go. */
function missing(opts: BenchOptions): string[] {
  const problems: string[] = [];
  if (commandOutput('sh', ['-c', 'command -v tmux']) === undefined) problems.push('tmux is not installed: apt-get install -y tmux');
  for (const name of opts.monitors) {
    const why = unavailableReason(name, opts.bin);
    if (why) problems.push(why);
  }
  return problems;
}

/** Upper bound on the run's length: the idle sleeps last this long, so a killed harness leaves nothing behind for good. */
function lifetimeBoundS(opts: BenchOptions): number {
  const perMonitor = BENCH_TERMINAL.firstFrameTimeoutS + Math.max(opts.warmupS, opts.steadyS) + opts.windowS * 2 + 10;
  const perCount = opts.rounds * opts.monitors.length * perMonitor + opts.snapshotRuns * 2 * 120;
  return 600 + opts.counts.length * perCount;
}

function header(opts: BenchOptions, started: Date, hostProcesses: Map<number, number>): string[] {
  const commit = commandOutput('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = commandOutput('git', ['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : '';
  const versions = opts.monitors.map((m) => `${m} ${versionOf(m, opts.bin) ?? 'n/a'}`).join('; ');
  return [
    `## Bench run ${started.toISOString()}`,
    '',
    `- host: ${hostname()}, kernel ${commandOutput('uname', ['-r']) ?? 'n/a'}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'n/a'}), uid ${process.getuid?.() ?? 'n/a'}`,
    `- SmoothTask commit ${commit ?? 'n/a'}${dirty}; Node ${process.version}; ${versions}`,
    `- terminal ${BENCH_TERMINAL.cols}x${BENCH_TERMINAL.rows} (tmux ${commandOutput('tmux', ['-V'])?.replace(/^tmux /, '') ?? 'n/a'}), refresh ${BENCH_TERMINAL.refreshS} s, warm-up ${opts.warmupS} s after the first frame, window ${opts.windowS} s` +
      (opts.steadyS > 0 ? `; steady window ${opts.windowS} s from ${opts.steadyS} s after the first frame` : '') +
      (opts.rounds > 1 ? `; ${opts.rounds} rounds, every monitor in turn each round` : ''),
    `- processes on the host when each N was reached: ${[...hostProcesses].map(([n, c]) => `${n} → ${c}`).join(', ')} (per run: the host procs column)`,
  ];
}

async function main(argv: string[]): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bench: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const problems = missing(opts);
  if (problems.length) {
    for (const p of problems) log(p);
    log('nothing measured (or leave a monitor out with --monitors)');
    return 1;
  }

  const started = new Date();
  const stamp = started
    .toISOString()
    .replace(/:\d\d\.\d+Z$/, 'Z')
    .replace(':', '');
  const resultsDir = join(repoRoot, 'bench', 'results');
  const screensDir = join(resultsDir, stamp);
  mkdirSync(screensDir, { recursive: true });

  const idle = new IdleProcesses(lifetimeBoundS(opts));
  const cleanup = (): void => {
    for (const term of openTerminals) term.kill();
    openTerminals.clear();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    tempDirs.clear();
    restoreBpfStats();
    const killed = idle.killAll();
    if (killed) log(`killed ${killed} idle processes`);
  };
  process.on('exit', cleanup);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => {
      log(`${signal}: cleaning up`);
      cleanup();
      process.exit(code);
    });
  }

  const measure: MeasureOptions = { ...BENCH_TERMINAL, warmupS: opts.warmupS, windowS: opts.windowS, steadyS: opts.steadyS, screensDir };
  const monitors = monitorsWith(opts.bin);
  const results: MonitorResult[] = [];
  const snapshots: SnapshotResult[] = [];
  const hostProcesses = new Map<number, number>();
  try {
    for (const n of opts.counts) {
      log(`N=${n}: starting idle processes (${idle.count} running)`);
      await idle.growTo(n);
      // Let the forks settle so the first monitor does not pay for them.
      await sleep(2000);
      hostProcesses.set(n, processCount());
      for (let round = 1; round <= opts.rounds; round++) {
        for (const name of opts.monitors) {
          log(`N=${n}: ${name}${opts.rounds > 1 ? ` (round ${round} of ${opts.rounds})` : ''}`);
          const r = { ...(await measureMonitor(monitors[name], n, measure)), ...(opts.rounds > 1 ? { round } : {}) };
          log(
            r.error
              ? `  error: ${r.error.split('\n', 1)[0]}`
              : `  ${r.cpuMsPerRefresh?.toFixed(1)} ms/refresh${r.steadyCpuMsPerRefresh === undefined ? '' : ` (steady ${r.steadyCpuMsPerRefresh.toFixed(1)})`}, ${((r.peakRssBytes ?? NaN) / 1e6).toFixed(1)} MB, ` +
                  `${r.bytesPerSecond?.toFixed(0)} B/s, first frame ${r.firstFrameS?.toFixed(2)} s, host ${r.hostBusyPercent?.toFixed(0)}% busy`,
          );
          results.push(r);
        }
      }
      if ((opts.monitors.includes('smoothtask') || opts.monitors.includes('smoothtask-proc')) && opts.snapshotRuns > 0) {
        log(`N=${n}: smoothtask snapshot --json x${opts.snapshotRuns}`);
        snapshots.push(...(await measureSnapshots(opts.bin, n, opts.snapshotRuns)));
      }
    }
  } finally {
    cleanup();
  }

  const report = renderReport({ header: header(opts, started, hostProcesses), counts: opts.counts, results, snapshots });
  const file = join(resultsDir, `${stamp}.md`);
  writeFileSync(file, report);
  process.stdout.write(report);
  log(`written to ${file} (last screens in ${screensDir}/)`);
  return results.some((r) => r.error) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
