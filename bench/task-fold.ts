/**
 * Time of the eBPF path's fold of task records into processes (processesFromTasks), in-process,
 * over records built in memory as the task iterator writes them: N processes of T threads each,
 * so that a host of many threads (a JVM's, a build's) can be measured without starting them. The
 * pass is timed after a warm-up, with V8's flags as bin/smoothtask gives them where they matter
 * here (run it with `--max-opt=2`).
 *
 *   node --max-opt=2 --experimental-transform-types --import ./test/helpers/ts-hooks.mjs \
 *     bench/task-fold.ts [--processes 500] [--threads 100] [--passes 30] [--warmup 30]
 *
 * It imports src/ as bench/proc-pass.ts does: what it times is the decoder and the fold themselves.
 */
import { processesFromTasks } from '../src/collectors/processes/ebpf.js';
import { RecordSets } from '../src/collectors/processes/raw.js';
import { TASK_ITER_LAYOUTS, TASK_REC_SIZE, TaskRecords } from '../src/native/bpf-task-iter.js';
import { fmt, median } from './figures.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number above 0`);
  return value;
}

/** `processes` thread groups of `threads` tasks each, every task with I/O accounting and a short comm. */
function taskRecords(processes: number, threads: number): DataView {
  const { fields: at } = TASK_ITER_LAYOUTS.st_task_rec;
  const count = processes * threads;
  const view = new DataView(new ArrayBuffer(count * TASK_REC_SIZE));
  const comm = Buffer.from('worker\0');
  for (let i = 0; i < count; i++) {
    const base = i * TASK_REC_SIZE;
    const tgid = 1000 + Math.floor(i / threads) * threads;
    view.setUint32(base + at.tid, 1000 + i, true);
    view.setUint32(base + at.tgid, tgid, true);
    view.setUint32(base + at.nr_threads, threads, true);
    view.setBigUint64(base + at.sum_exec_runtime, BigInt(i * 1000), true);
    view.setUint32(base + at.io_flags, 1, true);
    new Uint8Array(view.buffer, base + at.comm, comm.length).set(comm);
  }
  return view;
}

const processes = option('processes', 500);
const threads = option('threads', 100);
const passes = option('passes', 30);
const warmup = option('warmup', 30);
const view = taskRecords(processes, threads);
const sets = new RecordSets();
const times: number[] = [];
for (let pass = 0; pass < warmup + passes; pass++) {
  const t0 = performance.now();
  const listed = processesFromTasks(new TaskRecords(view, 100), 100, 4096, pass, sets.recycled(), sets.list());
  sets.keep(listed);
  if (pass >= warmup) times.push(performance.now() - t0);
}
process.stdout.write(
  `${processes} processes × ${threads} threads (${processes * threads} tasks): processesFromTasks ${fmt(median(times), 2)} ms a pass (median of ${passes}; fastest ${fmt(Math.min(...times), 2)})\n`,
);
