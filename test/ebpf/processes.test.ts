/**
 * The task iterator (bpf/task_iter.bpf.c) through the addon and the eBPF processes backend,
 * checked against /proc on the real kernel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { CollectorContext } from '../../src/collectors/contract.js';
import { deriveProcesses } from '../../src/collectors/processes/derive.js';
import { createEbpfProcessesBackend } from '../../src/collectors/processes/ebpf.js';
import { createProcessesCollector } from '../../src/collectors/processes/index.js';
import { COUNTER_REFRESH_PASSES } from '../../src/collectors/processes/plan.js';
import type { ProcessesRaw, RawProcess } from '../../src/collectors/processes/raw.js';
import { BpfGroup, bpfObjectPath } from '../../src/native/bpf.js';
import { TaskRecords, TASK_REC_SIZE } from '../../src/native/bpf-task-iter.js';
import type { KernelSession } from '../../src/native/kernel-session.js';
import { sanitizeText } from '../../src/util/sanitize.js';
import { child, kernelContext, killChildren, procStat, readFresh, requireNative, skipReason, sleep } from './helpers.js';

describe.skipIf(skipReason !== undefined)(`task iterator (${skipReason ?? 'root'})`, () => {
  let ctx: CollectorContext & { kernel: KernelSession };
  const backend = createEbpfProcessesBackend();

  beforeAll(async () => {
    ctx = await kernelContext();
    expect(backend.probe(ctx)).toMatchObject({ available: true });
  });
  afterAll(() => {
    backend.close?.();
    ctx.kernel.close();
    killChildren();
  });

  const list = () => (readFresh(backend, ctx) as { processes: RawProcess[] }).processes;
  // The collector as the app runs it: this backend, then /proc, joined by the merge.
  const collector = createProcessesCollector([backend]);
  const collected = () => {
    const first = readFresh(backend, ctx);
    const part = collector.backends.at(-1)!.read(ctx, first) as Partial<ProcessesRaw>;
    return collector.merge!(first, part).processes!;
  };

  it('decodes records of the size the addon was compiled with', () => {
    expect(requireNative().recordLayouts.st_task_rec.size).toBe(TASK_REC_SIZE);
  });

  it('lists the same processes as /proc, with the same stat fields', () => {
    const uptimeTicks = () => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * ctx.host.clockTicks;
    const before = uptimeTicks();
    // Through the collector: where the kernel hides pid 1 from BPF, the /proc backend lists it.
    const ebpf = collected();
    const procPids = readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
    const byPid = new Map(ebpf.map((p) => [p.pid, p]));
    // Every process /proc lists is in the eBPF list, unless it started after the pass.
    const missing = procPids.filter((pid) => !byPid.has(pid) && (procStat(pid)?.startTime ?? Infinity) < before - 1);
    expect(missing).toEqual([]);
    // And every process of the pass is in /proc, unless it has exited since.
    const extra = ebpf.filter((p) => !procPids.includes(p.pid) && procStat(p.pid) !== undefined);
    expect(extra).toEqual([]);
    const common = procPids.filter((pid) => byPid.has(pid));
    // A kernel worker's "-desc"/"+desc" names its latest work, which changes between two reads.
    // The backend sanitises comm and /proc's is raw: test files running beside this one start
    // processes with hostile names (a newline in comm).
    const name = (comm: string) => comm.replace(/^(kworker\/[^+-]+)[+-].*$/, '$1');
    const fields = (p: RawProcess) => ({ pid: p.pid, ppid: p.ppid, comm: name(p.comm), nice: p.nice, priority: p.priority, kthread: p.kernelThread });
    const fromProc = (pid: number, stat: NonNullable<ReturnType<typeof procStat>>) => ({
      pid,
      ppid: stat.ppid,
      comm: name(sanitizeText(stat.comm)),
      nice: stat.nice,
      priority: stat.priority,
      kthread: stat.kernelThread,
    });
    let compared = 0;
    const changed: number[] = [];
    for (const pid of common) {
      const stat = procStat(pid);
      const p = byPid.get(pid)!;
      if (stat === undefined || stat.startTime !== p.startTime) continue;
      // A process can exec (new comm) or be reparented between the pass and its /proc read: it
      // is compared again below, from a new pass and a new read.
      if (JSON.stringify(fields(p)) !== JSON.stringify(fromProc(pid, stat))) changed.push(pid);
      compared++;
    }
    expect(compared).toBeGreaterThan(common.length * 0.9);
    expect(changed.length).toBeLessThan(compared * 0.05);
    const again = new Map(list().map((p) => [p.pid, p]));
    for (const pid of changed) {
      const stat = procStat(pid);
      const p = again.get(pid);
      if (stat === undefined || p === undefined || stat.startTime !== p.startTime) continue;
      expect(fields(p)).toEqual(fromProc(pid, stat));
    }
  });

  it('lists pid 1 even where the kernel hides it from BPF (read from /proc then)', () => {
    const init = collected().find((p) => p.pid === 1)!;
    const stat = procStat(1)!;
    expect({ startTime: init.startTime, comm: init.comm, ppid: init.ppid }).toEqual({ startTime: stat.startTime, comm: stat.comm, ppid: 0 });
  });

  it('gives pid 1 a run-queue wait rate from one counter source, read after read', async () => {
    const read = () => ({ t: performance.now(), wall: Date.now(), raw: { processes: collected() } });
    const sources = new Set<string | undefined>();
    let prev = read();
    let rate: number | undefined;
    // /proc reads schedstat from its second pass, and an idle process's again on its turn in the
    // rotation: the rate is there once two reads of the one source are.
    for (let i = 0; i < COUNTER_REFRESH_PASSES + 2 && rate === undefined; i++) {
      await sleep(100);
      const cur = read();
      sources.add(cur.raw.processes.find((p) => p.pid === 1)!.runqueueWaitNs?.source);
      rate = deriveProcesses(prev, cur, ctx).find((p) => p.pid === 1)!.runqueueWaitMsPerSec;
      prev = cur;
    }
    expect(rate).toBeTypeOf('number');
    expect(rate!).toBeGreaterThanOrEqual(0);
    sources.delete(undefined);
    expect(sources.size).toBe(1);
  });

  it('reports our own process as /proc does (start time, threads, uid, RSS)', () => {
    const me = list().find((p) => p.pid === process.pid)!;
    const stat = procStat(process.pid)!;
    expect(me.startTime).toBe(stat.startTime);
    expect(me.threads).toBe(stat.threads);
    expect(me.uid).toBe(0);
    expect(me.state).toBe('R');
    // RSS moves while the test runs; within 10% of statm read right after.
    const statmPages = Number(execFileSync('cat', [`/proc/${process.pid}/statm`], { encoding: 'utf8' }).split(' ')[1]);
    expect(Math.abs(me.rssBytes! - statmPages * ctx.host.pageSize)).toBeLessThan(statmPages * ctx.host.pageSize * 0.1);
  });

  it('maps task states to the ps letters /proc shows (S, T, Z)', async () => {
    const sleeper = child('sleep', ['60']);
    const stopped = child('sleep', ['60']);
    // A parent that never reaps its exited child: a zombie for as long as the parent sleeps.
    const zombie = child('perl', ['-e', 'exit 0 if fork() == 0; sleep 60']);
    await sleep(300);
    process.kill(stopped.pid!, 'SIGSTOP');
    await sleep(100);
    // On a loaded machine the shell may take longer to make its zombie: wait for it (5 s at most).
    const isZombieOf = (x: RawProcess) => x.ppid === zombie.pid && x.state === 'Z';
    let procs = list();
    for (let waited = 0; waited < 5000 && !procs.some(isZombieOf); waited += 100) {
      await sleep(100);
      procs = list();
    }
    for (const c of [sleeper, stopped]) {
      const p = procs.find((x) => x.pid === c.pid)!;
      expect(p.state).toBe(procStat(c.pid!)!.state);
    }
    expect(procs.find((x) => x.pid === sleeper.pid)!.state).toBe('S');
    expect(procs.find((x) => x.pid === stopped.pid)!.state).toBe('T');
    const zombies = procs.filter(isZombieOf);
    expect(zombies.length).toBe(1);
    expect(procStat(zombies[0].pid)!.state).toBe('Z');
  });

  it("measures a busy-loop child's CPU within 5 points of /proc", async () => {
    const busy = child('sh', ['-c', 'while :; do :; done']);
    await sleep(200);
    const pid = busy.pid!;
    const read = () => ({ ebpf: list().find((p) => p.pid === pid)!.cpuTicks!, proc: procStat(pid)!.cpuTicks, t: performance.now() });
    const a = read();
    await sleep(1500);
    const b = read();
    const seconds = (b.t - a.t) / 1000;
    const pct = (ticks: number) => (ticks / ctx.host.clockTicks / seconds) * 100;
    const ebpfPct = pct(b.ebpf - a.ebpf);
    const procPct = pct(b.proc - a.proc);
    // It ran (the machine is shared, so no more is promised), and both sources agree.
    expect(ebpfPct).toBeGreaterThan(5);
    expect(Math.abs(ebpfPct - procPct)).toBeLessThan(5);
  });

  it('sums CPU over threads as /proc does for a multi-threaded process', () => {
    // This vitest worker has several threads; its eBPF total and /proc total are read µs apart.
    const me = list().find((p) => p.pid === process.pid)!;
    const stat = procStat(process.pid)!;
    expect(me.threads).toBeGreaterThan(1);
    expect(Math.abs(me.cpuTicks! - stat.cpuTicks)).toBeLessThan(ctx.host.clockTicks * 0.05 + 2);
  });

  it('unloads its program on close: bpftool no longer shows it', () => {
    const group = BpfGroup.open(requireNative(), 'task_iter', bpfObjectPath('task_iter'));
    const ids = group.programStats().map((s) => s.id);
    expect(ids.length).toBe(1);
    expect(execFileSync('bpftool', ['prog', 'show', 'id', String(ids[0])], { encoding: 'utf8' })).toContain('dump_task');
    group.close();
    expect(() => execFileSync('bpftool', ['prog', 'show', 'id', String(ids[0])], { stdio: 'pipe' })).toThrow();
  });

  it('decodes a full pass into one record per thread', () => {
    const group = BpfGroup.open(requireNative(), 'task_iter', bpfObjectPath('task_iter'));
    try {
      const tasks = new TaskRecords(group.iterate('dump_task'), 100);
      const threads = readdirSync(`/proc/${process.pid}/task`).length;
      expect(Array.from({ length: tasks.count }, (_, i) => tasks.tgid(i)).filter((tgid) => tgid === process.pid).length).toBe(threads);
    } finally {
      group.close();
    }
  });
});
