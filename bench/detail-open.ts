/**
 * How long the detail view takes to open and refresh for a heavy process: a python3 child with
 * 10,000 open files and 1,000 threads (and a few TCP sockets). Times the first read of a fresh
 * DetailSampler (what Enter costs) and the refreshes after it, plus each section's reader alone.
 * Target (issue #4): open < 300 ms, refresh within the interval.
 *
 * Runs as plain type-stripped Node and imports the built code from dist/ (`npm run build`, or
 * set SMOOTHTASK_DIST to another tsc output directory). Usage:
 *   node bench/detail-open.ts [--fds 10000] [--threads 1000] [--opens 5] [--refreshes 5]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    fds: { type: 'string', default: '10000' },
    threads: { type: 'string', default: '1000' },
    opens: { type: 'string', default: '5' },
    refreshes: { type: 'string', default: '5' },
  },
});
const FDS = Number(values.fds);
const THREADS = Number(values.threads);
const OPENS = Number(values.opens);
const REFRESHES = Number(values.refreshes);

const dist = resolve(process.env.SMOOTHTASK_DIST ?? join(import.meta.dirname, '..', 'dist'));
if (!existsSync(join(dist, 'collectors/procdetail/sampler.js'))) {
  process.stderr.write(`detail-open: ${dist} has no built procdetail sampler; run \`npm run build\` first\n`);
  process.exit(1);
}
const { DetailSampler } = await import(join(dist, 'collectors/procdetail/sampler.js'));
const { readStartTime } = await import(join(dist, 'collectors/procdetail/identity.js'));
const { readFiles } = await import(join(dist, 'collectors/procdetail/files.js'));
const { readThreadSamples } = await import(join(dist, 'collectors/procdetail/threads.js'));
const { readMemory } = await import(join(dist, 'collectors/procdetail/memory.js'));
const { readSockets } = await import(join(dist, 'collectors/procdetail/network.js'));
const { readHostFacts } = await import(join(dist, 'collectors/host/static.js'));
const { ReadBuffer } = await import(join(dist, 'util/readfile.js'));

/** The heavy process: raises its fd limit, opens /dev/null FDS times, a TCP pair, THREADS threads. */
const HEAVY = `
import os, resource, socket, sys, threading, time
n = int(sys.argv[1]); t = int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 100), hard))
srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen()
cli = socket.create_connection(srv.getsockname()); acc, _ = srv.accept()
fds = [os.open('/dev/null', os.O_RDONLY) for _ in range(n - len(os.listdir('/proc/self/fd')) + 1)]
ev = threading.Event()
for _ in range(t - 1): threading.Thread(target=ev.wait, daemon=True).start()
print('ready', flush=True)
sys.stdin.read()
`;

const child = spawn('python3', ['-c', HEAVY, String(FDS), String(THREADS)], { stdio: ['pipe', 'pipe', 'inherit'] });
await new Promise<void>((ok, fail) => {
  child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && ok());
  child.once('exit', (code) => fail(new Error(`python3 exited (${code}) before it was ready`)));
});
const pid = child.pid!;

try {
  const buffer = new ReadBuffer();
  const host = readHostFacts(buffer, '/proc', '/sys');
  const ctx = { procRoot: '/proc', sysRoot: '/sys', readBuffer: buffer, host, now: () => performance.now() };
  const startTime = readStartTime(buffer, '/proc', pid);
  // Warm up on our own process: in the app the code is already hot when Enter is pressed.
  const warm = new DetailSampler(ctx, process.pid, readStartTime(buffer, '/proc', process.pid));
  for (let i = 0; i < 5; i++) warm.read();

  const opens: number[] = [];
  const refreshes: number[] = [];
  let last;
  for (let o = 0; o < OPENS; o++) {
    const sampler = new DetailSampler(ctx, pid, startTime);
    let t = performance.now();
    last = sampler.read();
    opens.push(performance.now() - t);
    for (let r = 0; r < REFRESHES; r++) {
      t = performance.now();
      last = sampler.read();
      refreshes.push(performance.now() - t);
    }
  }
  if (last.gone) throw new Error(`heavy process gone: ${last.reason}`);
  const d = last.detail;

  const time = (f: () => unknown) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      f();
      runs.push(performance.now() - t);
    }
    return median(runs);
  };
  const files = readFiles(buffer, '/proc', pid);
  const sections = {
    'files (readlink all + fdinfo for the first 1,000)': time(() => readFiles(buffer, '/proc', pid)),
    'files, fdinfo for every fd (for comparison)': time(() => readFiles(buffer, '/proc', pid, Infinity)),
    threads: time(() => readThreadSamples(buffer, '/proc', pid)),
    memory: time(() => readMemory(buffer, '/proc', pid)),
    network: time(() => readSockets(buffer, '/proc', pid, files.sockets)),
  };

  const result = {
    pid,
    fds: d.files.value?.fds.length,
    threads: d.threads.value?.length,
    sockets: d.network.value?.length,
    openMs: { median: median(opens), max: Math.max(...opens), runs: opens.map(round) },
    refreshMs: { median: median(refreshes), max: Math.max(...refreshes) },
    sectionMs: Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, round(v)])),
    // The machine is shared: the load during the run says how much the timings are inflated.
    loadavg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    node: process.version,
    cpus: host.cpuCount,
    kernel: host.kernel,
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} finally {
  child.kill('SIGKILL');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.floor(s.length / 2)]);
}
function round(x: number): number {
  return Math.round(x * 10) / 10;
}
