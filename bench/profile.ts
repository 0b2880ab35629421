/**
 * Where SmoothTask top's CPU goes at N idle processes: runs `smoothtask top` in a private tmux pane
 * (200x50, 1 s refresh) with the inspector on 127.0.0.1, attaches over the DevTools protocol once
 * the first frame is up and the warm-up is over, and takes a V8 CPU profile of the window.
 *
 * Why attach instead of `node --cpu-prof`: the profiler's signals arrive from the first
 * instruction, and the kernel's BPF verifier gives up with EAGAIN when a signal lands while it
 * checks a program, so a profile taken from start-up silently measures the /proc path instead.
 *
 * Prints self time per function and per file (src/... or the package under node_modules) and
 * writes the .cpuprofile (open it in Chrome DevTools or speedscope) to bench/results/.
 * --unprivileged runs it as nobody (setpriv, as bench/run.ts's smoothtask-proc): the /proc path.
 *
 *   node bench/profile.ts [--n 5000] [--window 10] [--warmup 3] [--port 9239] [--unprivileged] [--alloc] [--bin PATH]
 *   --alloc also samples allocations (bytes per refresh by function): what feeds the GC.
 *   --bin profiles another smoothtask launcher (another build, to compare before and after).
 *   --gc also counts the window's garbage collections by kind, with their pauses (perf_hooks' gc
 *   entries, observed inside the profiled process): which collections the GC's share is made of.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { IdleProcesses } from './idle.ts';
import { BENCH_TERMINAL } from './measure.ts';
import { defaultSmoothtaskBin, handHomeTo, isRoot, monitorEnv, NOBODY, repoRoot, UNPRIVILEGED } from './monitors.ts';
import { BenchTerminal } from './terminal.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) {
    process.stderr.write(`--${name} needs a number\n`);
    process.exit(2);
  }
  return v;
}

/** One DevTools-protocol session over the WebSocket the inspector serves. */
class Inspector {
  private next = 1;
  private readonly waiting = new Map<number, (r: { result?: unknown; error?: { message: string } }) => void>();
  private readonly ws: WebSocket;
  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener('message', (ev) => {
      const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg);
    });
  }

  static async connect(port: number): Promise<Inspector> {
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const ws = new WebSocket(list[0].webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      ws.addEventListener('open', resolve, { once: true });
      ws.addEventListener('error', reject, { once: true });
    });
    return new Inspector(ws);
  }

  call<T>(method: string, params: object = {}): Promise<T> {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (r) => (r.error ? reject(new Error(`${method}: ${r.error.message}`)) : resolve(r.result as T)));
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** The launcher profiled (--bin, else this checkout's bin/smoothtask). */
const launcher = process.argv.includes('--bin') ? resolve(process.argv[process.argv.indexOf('--bin') + 1] ?? '') : defaultSmoothtaskBin;
/**
 * The bundle that launcher runs, as the script form src/launch/start.ts compiles (V8 names its
 * frames by that file), and the ES module bundle's source map (scripts/bundle.sh), loaded on first
 * use: the script form keeps each line of the bundle on its line.
 */
const bundleDir = join(dirname(dirname(realpathSync(launcher))), 'dist', 'bundle');
const bundlePath = join(bundleDir, 'smoothtask.script.js');
let bundleMap: SourceMap | null | undefined;

/**
 * Where a profiled frame's code came from: for the bundle, the original file and line through its
 * source map (else every function of the app would be "the bundle"); otherwise as V8 gave it.
 */
function locate(frame: { url: string; lineNumber: number; columnNumber?: number }): { url: string; line: number } {
  if (frame.url.replace(/^file:\/\//, '') !== bundlePath) return { url: frame.url, line: frame.lineNumber + 1 };
  if (bundleMap === undefined) {
    try {
      bundleMap = new SourceMap(JSON.parse(readFileSync(join(bundleDir, 'smoothtask.mjs.map'), 'utf8')));
    } catch {
      bundleMap = null;
    }
  }
  const entry = bundleMap?.findEntry(frame.lineNumber, frame.columnNumber ?? 0);
  if (entry === undefined || !('originalSource' in entry)) return { url: frame.url, line: frame.lineNumber + 1 };
  return { url: resolve(dirname(bundlePath), entry.originalSource.replace(/^file:\/\//, '')), line: entry.originalLine + 1 };
}

/** Where a frame's code lives: a file of ours, a package, or Node/V8 itself. */
function ownerOf(url: string): string {
  if (url === '') return '(native / V8)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (path.startsWith('node:')) return 'node:*';
  return relative(repoRoot, path);
}

/** Installs a perf_hooks observer of GC entries in the profiled process (the inspector's global scope). */
const GC_OBSERVE = `(() => {
  const { PerformanceObserver } = process.getBuiltinModule('node:perf_hooks');
  const seen = [];
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) seen.push([e.detail.kind, e.duration]); });
  observer.observe({ entryTypes: ['gc'] });
  globalThis.__smoothtaskGc = { seen, observer };
})()`;
/** Stops that observer and hands back what it saw, as JSON: [kind, ms][]. */
const GC_TAKE = `(() => { const g = globalThis.__smoothtaskGc; g.observer.disconnect(); delete globalThis.__smoothtaskGc; return JSON.stringify(g.seen); })()`;
/** perf_hooks' NODE_PERFORMANCE_GC_* kinds. */
const GC_KINDS: Record<number, string> = { 1: 'scavenge (minor)', 2: 'mark-compact (major)', 4: 'incremental marking', 8: 'weak callbacks' };

function summariseGc(seen: [number, number][], seconds: number): string {
  const byKind = new Map<number, { count: number; ms: number; max: number }>();
  for (const [kind, ms] of seen) {
    const k = byKind.get(kind) ?? { count: 0, ms: 0, max: 0 };
    k.count++;
    k.ms += ms;
    k.max = Math.max(k.max, ms);
    byKind.set(kind, k);
  }
  return [
    'garbage collections in the window, per 1 s refresh:',
    ...[...byKind.entries()].map(
      ([kind, k]) =>
        `  ${(GC_KINDS[kind] ?? `kind ${kind}`).padEnd(22)} ${(k.count / seconds).toFixed(2).padStart(6)} a refresh, ${(k.ms / seconds).toFixed(2).padStart(6)} ms a refresh, longest ${k.max.toFixed(1)} ms`,
    ),
  ].join('\n');
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  selfSize: number;
  children: HeapNode[];
}

/** Bytes allocated per refresh by function (every sample, collected or not), the top `k`. */
function summariseAllocations(head: HeapNode, seconds: number, k = 30): string {
  const byFn = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode): void => {
    const { functionName } = node.callFrame;
    const { url, line } = locate(node.callFrame);
    const fn = `${functionName || '(anonymous)'}  ${ownerOf(url)}:${line}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + node.selfSize);
    total += node.selfSize;
    node.children.forEach(walk);
  };
  walk(head);
  const mbPerRefresh = (bytes: number): string => (bytes / 1e6 / seconds).toFixed(2).padStart(7);
  const rows = [...byFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, k);
  return [
    `allocated ${mbPerRefresh(total)} MB per refresh (sampled; objects collected since included)`,
    ...rows.map(([fn, bytes]) => `${mbPerRefresh(bytes)} MB  ${fn}`),
  ].join('\n');
}

function summarise(profile: CpuProfile, seconds: number): string {
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFn = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    const { functionName } = node.callFrame;
    const { url, line } = locate(node.callFrame);
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += us;
    const owner = ownerOf(url);
    const fn = `${functionName || '(anonymous)'}  ${owner}:${line}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
  }
  const perRefresh = (us: number): string => (us / 1000 / seconds).toFixed(2).padStart(8);
  const top = (m: Map<string, number>, k: number): string =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => `${perRefresh(us)} ms  ${name}`)
      .join('\n');
  return [
    `busy ${perRefresh(total)} ms per 1 s refresh (idle and (program) left out)`,
    '',
    'self time per file or package, ms per refresh:',
    top(byOwner, 25),
    '',
    'self time per function, ms per refresh:',
    top(byFn, 45),
  ].join('\n');
}

async function main(): Promise<void> {
  const n = flag('n', 5000);
  const windowS = flag('window', 10);
  const warmupS = flag('warmup', 3);
  const port = flag('port', 9239);
  const unprivileged = process.argv.includes('--unprivileged');
  const allocations = process.argv.includes('--alloc');
  const collections = process.argv.includes('--gc');
  if (unprivileged && !isRoot()) {
    process.stderr.write('--unprivileged switches to nobody with setpriv, which needs root; without root the profile is of the /proc path already\n');
    process.exit(2);
  }
  const idle = new IdleProcesses(120 + windowS + warmupS);
  const home = mkdtempSync(join(tmpdir(), 'smoothtask-profile-'));
  let term: BenchTerminal | undefined;
  const cleanup = (): void => {
    term?.kill();
    idle.killAll();
    rmSync(home, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    await idle.growTo(n);
    await sleep(2000);
    const xdg = join(home, 'config');
    // The output file is written by tmux's pipe-pane, as root: only HOME needs handing over.
    if (unprivileged) handHomeTo(home, xdg, NOBODY);
    const env = { ...monitorEnv(home, xdg), NODE_OPTIONS: `--inspect=127.0.0.1:${port}` };
    const out = join(home, 'out');
    const argv = [...(unprivileged ? UNPRIVILEGED : []), launcher, 'top', '--interval', '1'];
    // The inspector's "Debugger listening" and "Debugger attached" go to this file, not the screen.
    const stderrFile = join(home, 'stderr');
    term = BenchTerminal.open(argv, env, BENCH_TERMINAL.cols, BENCH_TERMINAL.rows, out, stderrFile);
    term.go();
    const started = Date.now();
    while (!/\d/.test(term.capture().split('\n').slice(5).join(''))) {
      if (Date.now() - started > 20_000)
        throw new Error(`no frame after 20 s:\n${term.capture()}\nstandard error:\n${existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : ''}`);
      await sleep(50);
    }
    await sleep(warmupS * 1000);
    const inspector = await Inspector.connect(port);
    await inspector.call('Profiler.enable');
    await inspector.call('Profiler.setSamplingInterval', { interval: 500 });
    if (allocations) {
      await inspector.call('HeapProfiler.enable');
      await inspector.call('HeapProfiler.startSampling', {
        samplingInterval: 16384,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    }
    if (collections) await inspector.call('Runtime.evaluate', { expression: GC_OBSERVE });
    await inspector.call('Profiler.start');
    await sleep(windowS * 1000);
    const { profile } = await inspector.call<{ profile: CpuProfile }>('Profiler.stop');
    if (collections) {
      const taken = await inspector.call<{ result: { value: string } }>('Runtime.evaluate', { expression: GC_TAKE, returnByValue: true });
      process.stdout.write(`${summariseGc(JSON.parse(taken.result.value) as [number, number][], windowS)}\n\n`);
    }
    const heap = allocations ? (await inspector.call<{ profile: { head: HeapNode } }>('HeapProfiler.stopSampling')).profile.head : undefined;
    inspector.close();
    const screen = term.capture();
    const dir = join(repoRoot, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `profile-n${n}${unprivileged ? '-nobody' : ''}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    if (heap !== undefined) {
      writeFileSync(file.replace(/\.cpuprofile$/, '.heapprofile'), JSON.stringify({ head: heap }));
      process.stdout.write(`${summariseAllocations(heap, windowS)}\n\n`);
    }
    process.stdout.write(`${summarise(profile, windowS)}\n\nprofile: ${file}\nheader: ${screen.split('\n').slice(0, 2).join(' | ')}\n`);
  } finally {
    cleanup();
  }
}

await main();
