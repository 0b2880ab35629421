/**
 * Measures one monitor in its own terminal: time to first frame, then, after a warm-up, CPU time,
 * terminal bytes and host load over a fixed window, and the peak RSS at its end. The same rules
 * and the same code for every monitor.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bpfCosts, bpfPrograms, ensureBpfStats, restoreBpfStats, type BpfProgramCost } from './bpfstats.ts';
import { handHomeTo, type Monitor, monitorEnv } from './monitors.ts';
import { hostBusyPercent, processCount, readHostCpu, readPeakRssBytes, readStat, treeCpu, treeCpuMs } from './procstat.ts';
import { BenchTerminal } from './terminal.ts';

export interface MeasureOptions {
  cols: number;
  rows: number;
  /** The refresh interval every monitor was given, seconds: refreshes in the window = window / this. */
  refreshS: number;
  /** Wait this long after the first frame before the window opens. */
  warmupS: number;
  windowS: number;
  /** When above 0, seconds after the first frame at which a second CPU window, as long, opens. */
  steadyS: number;
  /**
   * The first frame is the first screen with at least this many rows that hold a digit: data drawn,
   * not just box borders (btop draws its empty boxes some milliseconds before their contents).
   */
  firstFrameRows: number;
  firstFrameTimeoutS: number;
  /** Where the last screen of each run is saved. */
  screensDir: string;
}

export interface MonitorResult {
  monitor: Monitor['name'];
  /** Idle processes the bench added. */
  n: number;
  /** Which round of the run measured it (`--rounds`), from 1. */
  round?: number;
  cpuMsPerRefresh?: number;
  /** CPU per refresh over the second window (MeasureOptions.steadyS), when one was asked for. */
  steadyCpuMsPerRefresh?: number;
  peakRssBytes?: number;
  bytesPerSecond?: number;
  firstFrameS?: number;
  /**
   * The monitor's BPF programs over the window: empty when it holds none; undefined when it holds
   * some but the kernel would not count their run time (see bpfError).
   */
  bpf?: BpfProgramCost[];
  bpfError?: string;
  /** Host CPU busy % (all cores, everyone) over the window: how noisy the machine was. */
  hostBusyPercent?: number;
  /** Processes on the host when the window opened: the N idle ones plus everyone else's. */
  hostProcesses?: number;
  /**
   * The measured process's executable (/proc/PID/exe), to show the right program was measured
   * (its comm would not: Node 24 names its main thread "MainThread").
   */
  executable?: string;
  error?: string;
}

/**
 * The terminal every monitor is measured in, its refresh, and what counts as its first frame
 * (the first screen with this many rows holding a digit: data drawn, not a splash).
 */
export const BENCH_TERMINAL = { cols: 200, rows: 50, refreshS: 1, firstFrameRows: 20, firstFrameTimeoutS: 30 } as const;

/** Terminals still open and temporary HOMEs not yet removed, so that an interrupt can clean up. */
export const openTerminals = new Set<BenchTerminal>();
export const tempDirs = new Set<string>();

function rowsWithDigits(screen: string): number {
  return screen.split('\n').filter((line) => /\d/.test(line)).length;
}

function readExecutable(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

function paneDead(term: BenchTerminal): string | undefined {
  return term.paneVar('pane_dead') === '1' ? `exited with status ${term.paneVar('pane_dead_status') || '?'}` : undefined;
}

/**
 * ms from `launched` to the first screen with opts.firstFrameRows rows of data. The screen is read
 * (a tmux client started, `capture-pane`) only when the program has written more to its terminal,
 * which pipe-pane's copy shows by its size (a stat), and whether the pane died is asked now and
 * then. Reading the screen every 20 ms, with a second tmux client each time to ask whether the pane
 * died, cost about 300 ms of CPU a second (the harness, its clients and the tmux server) while the
 * program it timed started (bench/README.md, "The first frame timed without taking the CPU").
 * The time is taken when the read that shows the frame returns: no earlier than the frame.
 */
async function waitForFirstFrame(term: BenchTerminal, launched: number, opts: MeasureOptions): Promise<number> {
  let seenBytes = -1;
  let screen = '';
  let askedDeadAt = launched;
  for (;;) {
    // Without pipe-pane's copy (it never opened) every turn reads the screen.
    const bytes = term.bytesWritten();
    if (bytes === undefined || bytes !== seenBytes) {
      seenBytes = bytes ?? -1;
      screen = term.capture();
      if (rowsWithDigits(screen) >= opts.firstFrameRows) return performance.now() - launched;
    }
    const now = performance.now();
    if (now - askedDeadAt >= DEAD_CHECK_MS) {
      askedDeadAt = now;
      const dead = paneDead(term);
      if (dead) throw new Error(`${dead} before its first frame; screen:\n${term.capture().trimEnd()}`);
    }
    if (now - launched > opts.firstFrameTimeoutS * 1000) {
      throw new Error(
        `no frame with ${opts.firstFrameRows} rows of data (rows holding a digit) within ${opts.firstFrameTimeoutS} s; screen:\n${screen.trimEnd()}`,
      );
    }
    await sleep(bytes === undefined ? SCREEN_POLL_MS : OUTPUT_POLL_MS);
  }
}

/** How often the first-frame wait looks at the size of the terminal's output (a stat). */
const OUTPUT_POLL_MS = 10;
/** How often it reads the screen where there is no copy of the output to look at. */
const SCREEN_POLL_MS = 20;
/** How often it asks tmux whether the pane died. */
const DEAD_CHECK_MS = 250;

export async function measureMonitor(monitor: Monitor, n: number, opts: MeasureOptions): Promise<MonitorResult> {
  const result: MonitorResult = { monitor: monitor.name, n };
  const home = mkdtempSync(join(tmpdir(), `smoothtask-bench-${monitor.name}-`));
  tempDirs.add(home);
  const xdg = join(home, '.config');
  let term: BenchTerminal | undefined;
  let pid: number | undefined;
  let pidStart: number | undefined;
  try {
    monitor.configure(xdg);
    if (monitor.runsAs) handHomeTo(home, xdg, monitor.runsAs);
    if (monitor.warm) execFileSync(monitor.warm[0], monitor.warm.slice(1), { env: monitorEnv(home, xdg), stdio: 'ignore', timeout: 30_000 });
    term = BenchTerminal.open(monitor.argv, monitorEnv(home, xdg), opts.cols, opts.rows, join(home, 'terminal-output'));
    openTerminals.add(term);

    const launched = performance.now();
    term.go();
    result.firstFrameS = (await waitForFirstFrame(term, launched, opts)) / 1000;
    const firstFrameAt = performance.now();

    // sh execs env, which execs the monitor (through setpriv, which execs too, for smoothtask-proc):
    // the pane's PID is the monitor's.
    pid = Number(term.paneVar('pane_pid'));
    const st = readStat(pid);
    if (!st) throw new Error(`pane process ${pid} is gone`);
    result.executable = readExecutable(pid);
    pidStart = st.startTime;

    await sleep(opts.warmupS * 1000);
    const statsOn = bpfPrograms(pid).size > 0 && ensureBpfStats();
    const progs0 = bpfPrograms(pid);
    result.hostProcesses = processCount();
    const cpu0 = treeCpu(pid);
    const bytes0 = term.bytesWritten();
    const host0 = readHostCpu();
    const t0 = performance.now();
    await sleep(opts.windowS * 1000);
    const cpu1 = treeCpu(pid);
    const bytes1 = term.bytesWritten();
    const host1 = readHostCpu();
    const elapsedS = (performance.now() - t0) / 1000;
    const progs1 = bpfPrograms(pid);
    result.peakRssBytes = readPeakRssBytes(pid);

    const dead = paneDead(term);
    if (dead) throw new Error(`${dead} during the window; screen:\n${term.capture().trimEnd()}`);
    result.cpuMsPerRefresh = treeCpuMs(cpu0, cpu1) / (elapsedS / opts.refreshS);
    if (opts.steadyS > 0) result.steadyCpuMsPerRefresh = await steadyWindow(term, pid, firstFrameAt, opts);
    if (bytes0 !== undefined && bytes1 !== undefined) result.bytesPerSecond = (bytes1 - bytes0) / elapsedS;
    result.hostBusyPercent = hostBusyPercent(host0, host1);
    if (progs0.size === 0 && progs1.size === 0) result.bpf = [];
    else if (progs0.size === 0) result.bpfError = 'loaded its BPF programs during the window, not before: lengthen --warmup';
    else if (statsOn) result.bpf = bpfCosts(progs0, progs1, elapsedS, opts.refreshS);
    else result.bpfError = 'holds BPF programs, but kernel.bpf_stats_enabled could not be turned on (needs root)';
    writeFileSync(join(opts.screensDir, `${monitor.name}-n${n}.txt`), term.capture());
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    if (term) {
      term.kill();
      openTerminals.delete(term);
    }
    restoreBpfStats();
    await ensureGone(pid, pidStart);
    rmSync(home, { recursive: true, force: true });
    tempDirs.delete(home);
  }
  return result;
}

/** CPU ms per refresh over a window of opts.windowS opening opts.steadyS after the first frame. */
async function steadyWindow(term: BenchTerminal, pid: number, firstFrameAt: number, opts: MeasureOptions): Promise<number> {
  await sleep(Math.max(0, firstFrameAt + opts.steadyS * 1000 - performance.now()));
  const cpu0 = treeCpu(pid);
  const t0 = performance.now();
  await sleep(opts.windowS * 1000);
  const cpu1 = treeCpu(pid);
  const elapsedS = (performance.now() - t0) / 1000;
  const dead = paneDead(term);
  if (dead) throw new Error(`${dead} during the steady window; screen:\n${term.capture().trimEnd()}`);
  return treeCpuMs(cpu0, cpu1) / (elapsedS / opts.refreshS);
}

/** After the terminal is gone the monitor should end on SIGHUP; one that lingers gets SIGKILL. */
async function ensureGone(pid: number | undefined, startTime: number | undefined): Promise<void> {
  if (pid === undefined) return;
  for (let i = 0; i < 20; i++) {
    if (readStat(pid)?.startTime !== startTime) return;
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Ended just now.
  }
}
