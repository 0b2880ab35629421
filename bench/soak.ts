/**
 * The soak: `smoothtask top` in a real terminal (a private tmux server, 200x50) for a long time,
 * sampled every `--every` seconds for what grows when something leaks: resident memory (VmRSS,
 * VmHWM), open file descriptors, threads, the BPF programs, maps and links it holds, and CPU time. Writes one CSV row per sample and, at the end, the growth per hour of each from a
 * least-squares line over the second half (the first half is warm-up: caches fill, V8 sizes its
 * heap). With `--churn N`, bench/churn.c (compiled here with gcc) starts N processes a second that
 * live one second each, so about N are alive and N new pids and N exits arrive every second.
 * Usage: node bench/soak.ts [--minutes 120] [--every 30] [--out DIR] [--interval 1s] [--churn 1000].
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultSmoothtaskBin } from './monitors.ts';
import { CLK_TCK, readStat } from './procstat.ts';
import { BenchTerminal } from './terminal.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '120' },
    every: { type: 'string', default: '30' },
    out: { type: 'string', default: `/tmp/smoothtask-soak-${Date.now()}` },
    interval: { type: 'string', default: '1s' },
    bin: { type: 'string', default: defaultSmoothtaskBin },
    churn: { type: 'string', default: '0' },
  },
});

interface Sample {
  t: number;
  rssMb: number;
  hwmMb: number;
  fds: number;
  threads: number;
  /** BPF programs, maps and links held (fds). */
  bpfProgs: number;
  cpuS: number;
}

function statusField(pid: number, name: string): number {
  const m = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  return m ? Number(m[1]) : Number.NaN;
}

/** BPF programs, maps and links this process holds: its fds that are anon inodes of those kinds. */
function bpfObjects(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (/^anon_inode:bpf-(prog|map|link)$/.test(readlinkSync(`/proc/${pid}/fd/${fd}`))) n++;
    } catch {
      // closed between the listing and the read
    }
  }
  return n;
}

function sample(pid: number, t0: number): Sample {
  return {
    t: (Date.now() - t0) / 1000,
    rssMb: statusField(pid, 'VmRSS') / 1024,
    hwmMb: statusField(pid, 'VmHWM') / 1024,
    fds: readdirSync(`/proc/${pid}/fd`).length,
    threads: statusField(pid, 'Threads'),
    bpfProgs: bpfObjects(pid),
    cpuS: (readStat(pid)?.cpuTicks ?? Number.NaN) / CLK_TCK,
  };
}

/** bench/churn.c, compiled into the output folder and started at `rate` processes a second. */
function startChurn(rate: number): ChildProcess {
  const churnBin = join(out, 'churn');
  execFileSync('gcc', ['-O2', '-o', churnBin, join(dirname(fileURLToPath(import.meta.url)), 'churn.c')]);
  return spawn(churnBin, [String(rate)], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** CPU milliseconds the monitor spent per refresh between two samples. */
function cpuMsPerRefresh(a: Sample, b: Sample): number {
  return ((b.cpuS - a.cpuS) * 1000) / Math.max(1e-9, (b.t - a.t) / refreshS);
}

/** Processes alive on the machine now. */
function processCount(): number {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).length;
}

/** Slope per hour of y over t (seconds), least squares. */
function perHour(points: { t: number; y: number }[]): number {
  const n = points.length;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.t - mt) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 3600;
}

const out = values.out;
mkdirSync(out, { recursive: true });
const churnRate = Number(values.churn);
/** The churn, while it runs: stopped at the end (a live child would keep this script from exiting). */
const churn = churnRate > 0 ? startChurn(churnRate) : undefined;
if (churn !== undefined) {
  process.on('exit', () => churn.kill('SIGTERM'));
  // Let the churn reach its steady population before top starts.
  await new Promise((r) => setTimeout(r, 3000));
}
// The refresh interval in seconds, from the same "1s" / "500ms" forms top takes.
const refreshS = Number.parseFloat(values.interval) / (values.interval.endsWith('ms') ? 1000 : 1);
const csv = join(out, 'soak.csv');
writeFileSync(csv, 't_s,rss_mb,hwm_mb,fds,threads,bpf_progs,cpu_s,processes,cpu_ms_per_refresh\n');
const term = BenchTerminal.open(
  [values.bin, 'top', '--interval', values.interval],
  { TERM: 'xterm-256color', HOME: out, PATH: process.env.PATH ?? '' },
  200,
  50,
  join(out, 'tty.out'),
);
process.on('exit', () => term.kill());
term.go();
await new Promise((r) => setTimeout(r, 5000));
const pid = Number(term.paneVar('pane_pid'));
const t0 = Date.now();
const samples: Sample[] = [];
const end = t0 + Number(values.minutes) * 60_000;
while (Date.now() < end) {
  if (term.paneVar('pane_dead') === '1') throw new Error(`top exited: ${term.capture()}`);
  const s = sample(pid, t0);
  const prev = samples.at(-1);
  samples.push(s);
  const msPerRefresh = prev ? cpuMsPerRefresh(prev, s) : Number.NaN;
  appendFileSync(
    csv,
    `${s.t.toFixed(0)},${s.rssMb.toFixed(1)},${s.hwmMb.toFixed(1)},${s.fds},${s.threads},${s.bpfProgs},${s.cpuS.toFixed(2)},${processCount()},${msPerRefresh.toFixed(1)}\n`,
  );
  await new Promise((r) => setTimeout(r, Number(values.every) * 1000));
}
const half = Math.floor(samples.length / 2);
const early = samples.slice(0, half + 1);
const late = samples.slice(half);
const slope = (pick: (s: Sample) => number) => perHour(late.map((s) => ({ t: s.t, y: pick(s) })));
const first = samples[0];
const last = samples.at(-1)!;
const summary = [
  `soak of ${values.bin} top --interval ${values.interval}, ${(last.t / 60).toFixed(0)} min, ${samples.length} samples`,
  `RSS ${first.rssMb.toFixed(0)} → ${last.rssMb.toFixed(0)} MB (peak ${last.hwmMb.toFixed(0)}); second half ${slope((s) => s.rssMb).toFixed(2)} MB/h`,
  `fds ${first.fds} → ${last.fds} (${slope((s) => s.fds).toFixed(2)}/h); threads ${first.threads} → ${last.threads}; BPF objects held ${first.bpfProgs} → ${last.bpfProgs}`,
  `CPU ${((100 * (last.cpuS - first.cpuS)) / Math.max(1, last.t)).toFixed(2)}% of a core on average; per refresh ${cpuMsPerRefresh(early[0], early.at(-1)!).toFixed(1)} ms in the first half, ${cpuMsPerRefresh(late[0], last).toFixed(1)} ms in the second`,
  churnRate > 0 ? `churn: ${churnRate} processes started a second, each living 1 s` : 'no churn',
];
writeFileSync(join(out, 'summary.txt'), summary.join('\n') + '\n');
process.stdout.write(summary.join('\n') + '\n');
term.kill();
churn?.kill('SIGTERM');
