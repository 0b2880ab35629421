/**
 * A task iterator pass recorded on the development VM, decoded and grouped into processes, checked
 * against /proc/PID/stat and /proc/PID/io read at the same moment
 * (test/fixtures/debian12-2cpu-vm-ebpf). Runs anywhere: no kernel, no privilege.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processesFromTasks } from '../../src/collectors/processes/ebpf.js';
import { parseStat } from '../../src/collectors/processes/parse.js';
import { TaskRecords } from '../../src/native/bpf-task-iter.js';
import { sanitizeText } from '../../src/util/sanitize.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'debian12-2cpu-vm-ebpf');

describe('recorded task iterator pass (debian12-2cpu-vm-ebpf)', () => {
  const bin = readFileSync(join(dir, 'task_iter.bin'));
  const tasks = new TaskRecords(new DataView(bin.buffer, bin.byteOffset, bin.byteLength), 100);
  const procs = processesFromTasks(tasks, 100, 4096, 0);
  const stats = readFileSync(join(dir, 'proc-stat.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => parseStat(l)!);

  it('has one record per thread and one process per thread group leader', () => {
    expect(tasks.count).toBe(86);
    expect(procs.length).toBe(new Set(Array.from({ length: tasks.count }, (_, i) => tasks.tgid(i))).size);
  });

  it('agrees with /proc/PID/stat on identity, names, parents, priorities, threads and CPU time', () => {
    const byPid = new Map(procs.map((p) => [p.pid, p]));
    // A kernel worker's "-desc"/"+desc" names its latest work, which changes between two reads.
    const name = (comm: string) => comm.replace(/^(kworker\/[^+-]+)[+-].*$/, '$1');
    let compared = 0;
    for (const stat of stats) {
      const p = byPid.get(stat.pid);
      if (p === undefined || p.startTime !== stat.startTime) continue;
      compared++;
      expect({ pid: p.pid, comm: name(p.comm), ppid: p.ppid, nice: p.nice, priority: p.priority, threads: p.threads, kthread: p.kernelThread }).toEqual({
        pid: stat.pid,
        comm: name(sanitizeText(stat.comm)),
        ppid: stat.ppid,
        nice: stat.nice,
        priority: stat.priority,
        threads: stat.threads,
        kthread: stat.kernelThread,
      });
      // The pass came first; /proc's utime+stime (whole ticks) was read a few ms later.
      expect(p.cpuTicks!).toBeLessThanOrEqual(stat.cpuTicks + 2);
      expect(p.cpuTicks!).toBeGreaterThan(stat.cpuTicks - 2);
    }
    // All but pid 1 (hidden from BPF on this kernel) and the recording script itself.
    expect(compared).toBeGreaterThanOrEqual(stats.length - 3);
  });

  it('agrees with /proc/PID/io on storage bytes read and written, summed over threads', () => {
    const byPid = new Map(procs.map((p) => [p.pid, p]));
    const io = readFileSync(join(dir, 'proc-io.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ').map(Number));
    let equal = 0;
    let withBytes = 0;
    for (const [pid, readBytes, writeBytes] of io) {
      const p = byPid.get(pid);
      if (p === undefined) continue;
      // /proc was read after the pass: its counters can only be ahead.
      expect(p.readBytes!.value).toBeLessThanOrEqual(readBytes);
      expect(p.writeBytes!.value).toBeLessThanOrEqual(writeBytes);
      if (p.readBytes!.value === readBytes && p.writeBytes!.value === writeBytes) equal++;
      if (readBytes + writeBytes > 0) withBytes++;
    }
    expect(withBytes).toBeGreaterThan(10);
    // All but the recording script and processes busy with I/O in those milliseconds.
    expect(equal).toBeGreaterThanOrEqual(io.length - 3);
  });
});
