/**
 * CPU time of the /proc path's process pass, in-process, as nobody (the unprivileged path): the
 * reader the /proc backend uses, timed with process.cpuUsage over a number of passes after a
 * warm-up, beside the pieces a pass is made of (listing /proc, reading the kept stat files,
 * parsing them). Run as root: it starts N sleeping processes, then runs itself as nobody, with
 * the readers' passes interleaved ('ts': the TypeScript reader; 'native': the addon's scanner,
 * native/procscan.cc).
 *
 *   node --experimental-transform-types --import ./test/helpers/ts-hooks.mjs bench/proc-pass.ts \
 *     [--n 1000,5000] [--passes 20] [--warmup 5] [--interval 1000] [--readers ts,native]
 *
 * Unlike the rest of bench/ it imports src/ (ts-hooks.mjs resolves its `.js` imports), because
 * what it times is the reader itself, not a monitor run beside htop and btop.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcProcessReader } from '../src/collectors/processes/proc.js';
import { parseStat, StatScratch } from '../src/collectors/processes/parse.js';
import { fdBudget, KeptRecordFiles, ReadBuffer } from '../src/util/readfile.js';
import { IdleProcesses } from './idle.ts';
import { processCount } from './procstat.ts';

const UNPRIVILEGED = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all'];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}

interface Variant {
  what: string;
  /** A pass; one that returns a promise (ProcProcessReader.scan) is timed until it settles. */
  pass: () => unknown;
  user: number;
  system: number;
  wall: number;
}

const variant = (what: string, pass: () => unknown): Variant => ({ what, pass, user: 0, system: 0, wall: 0 });

/**
 * Per variant, CPU ms (user, system) and wall ms per pass over `passes` rounds after `warmup`
 * untimed ones. A round runs every variant once, and rounds start `intervalMs` apart, so each
 * variant's passes are as far apart as the Monitor's refreshes (what changes between two passes,
 * the new processes of a churn above all, is part of a pass's cost) and every variant meets the
 * same load on this shared machine.
 */
async function timeRounds(variants: Variant[], warmup: number, passes: number, intervalMs: number): Promise<void> {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let round = 0; round < warmup + passes; round++) {
    const start = performance.now();
    for (const v of variants) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const pending = v.pass();
      if (pending instanceof Promise) await pending;
      const c = process.cpuUsage(c0);
      if (round < warmup) continue;
      v.user += c.user / 1000 / passes;
      v.system += c.system / 1000 / passes;
      v.wall += (performance.now() - t0) / passes;
    }
    const left = intervalMs - (performance.now() - start);
    if (left > 0) Atomics.wait(pause, 0, 0, left);
  }
}

/**
 * As nobody: time the readers' whole passes ('passes'), or the pieces of a pass ('pieces'),
 * interleaved. Two runs, not one: each reader and each stat scan keeps its stat files open (a
 * quarter of the open-files limit each, as in the app), and four of them would use it all.
 */
async function child(what: string, readers: string[], warmup: number, passes: number, intervalMs: number): Promise<void> {
  const pageSize = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }));
  const variants: Variant[] = [];
  const close: (() => void)[] = [];
  if (readers.includes('ts')) {
    const buffer = new ReadBuffer();
    const kept = new KeptRecordFiles(buffer, fdBudget(16_384));
    close.push(() => kept.closeAll());
    const scratch = new StatScratch();
    const list = () => readdirSync('/proc').filter((n) => n.charCodeAt(0) >= 48 && n.charCodeAt(0) <= 57);
    const readAll = () => {
      for (const pid of list()) {
        try {
          parseStat(kept.read(`/proc/${pid}/stat`).toString('utf8'), scratch);
        } catch {
          // Gone between the listing and the read.
        }
      }
      kept.endPass();
    };
    const full = new ProcProcessReader();
    close.push(() => full.close());
    if (what === 'pieces') full.close();
    if (what === 'pieces')
      variants.push(variant('readdir /proc (TypeScript)', list), variant('stat scan: readdir + kept stat reads + parseStat (TypeScript)', readAll));
    else variants.push(variant('whole pass: ProcProcessReader.scan (TypeScript)', () => full.scan('/proc', pageSize)));
  }
  if (readers.includes('native')) {
    // Imported here so the TypeScript reader's figures can be taken on a build without the scanner.
    const { procScanNative } = await import('../src/native/procscan.js');
    const loaded = procScanNative();
    if (!loaded.ok) throw new Error(loaded.reason);
    const scanner = loaded.native.scanner(fdBudget(16_384));
    close.push(() => scanner.close());
    const full = new ProcProcessReader({ native: loaded.native });
    close.push(() => full.close());
    if (what === 'pieces') full.close();
    else scanner.close();
    if (what === 'pieces') variants.push(variant('stat scan: one native call (readdir + pread + parse)', () => scanner.scan('/proc')));
    else variants.push(variant('whole pass: ProcProcessReader.scan (native scanner)', () => full.scan('/proc', pageSize)));
  }
  await timeRounds(variants, warmup, passes, intervalMs);
  for (const c of close) c();
  const processes = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
  process.stdout.write(
    `${JSON.stringify({ processes, rows: variants.map(({ what, user, system, wall }) => ({ what, userMs: user, systemMs: system, wallMs: wall })) })}\n`,
  );
}

async function main(): Promise<void> {
  const warmup = Number(option('warmup', '5'));
  const passes = Number(option('passes', '20'));
  if (process.argv.includes('--child')) {
    await child(option('what', 'passes'), option('readers', 'ts,native').split(','), warmup, passes, Number(option('interval', '1000')));
    return;
  }
  if (process.getuid?.() !== 0) throw new Error('run as root: it starts the idle processes and drops to nobody for the passes');
  const ns = option('n', '1000,5000').split(',').map(Number);
  const readers = option('readers', 'ts,native').split(',');
  const idle = new IdleProcesses(3600);
  process.on('exit', () => idle.killAll());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));
  try {
    for (const n of ns) {
      await idle.growTo(n);
      await sleep(2000);
      process.stdout.write(
        `# N=${n} sleeping (host processes now ${processCount()}, load ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim()})\n`,
      );
      for (const what of ['pieces', 'passes']) {
        const argv = [
          ...UNPRIVILEGED,
          process.execPath,
          '--experimental-transform-types',
          '--no-warnings',
          '--import',
          './test/helpers/ts-hooks.mjs',
          'bench/proc-pass.ts',
          '--child',
          '--what',
          what,
          '--readers',
          readers.join(','),
          '--warmup',
          String(warmup),
          '--passes',
          String(passes),
          '--interval',
          option('interval', '1000'),
        ];
        const out = JSON.parse(execFileSync(argv[0], argv.slice(1), { encoding: 'utf8' })) as { processes: number; rows: Record<string, number | string>[] };
        for (const r of out.rows) {
          const user = Number(r.userMs);
          const system = Number(r.systemMs);
          process.stdout.write(
            `${String(r.what).padEnd(62)} user ${user.toFixed(1)}  sys ${system.toFixed(1)}  cpu ${(user + system).toFixed(1)} ms  wall ${Number(r.wallMs).toFixed(1)} ms  (${(((user + system) * 1000) / out.processes).toFixed(1)} µs/proc at ${out.processes})\n`,
          );
        }
      }
    }
  } finally {
    idle.killAll();
  }
}

await main();
