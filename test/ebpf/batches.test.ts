/**
 * The addon's buffers for maps and iterators (native/bpf.cc) grow with what the kernel hands back,
 * not with a map's maximum: a map is read in batches of 1,024 entries, and each iterator reads into
 * its own buffer, kept and grown from pass to pass. Checked on the real kernel: maps of more than a
 * batch come back whole, and an iterator pass that outgrows its buffer lists every task.
 */
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { BpfGroup, bpfObjectPath } from '../../src/native/bpf.js';
import { TaskRecords } from '../../src/native/bpf-task-iter.js';
import { child, killChildren, requireNative, skipReason, sleep, testObject } from './helpers.js';

/** The i-th u64 of a buffer, as a number (the keys and values here are nanoseconds since boot). */
function u64At(buffer: ArrayBuffer, i: number): number {
  return Number(new DataView(buffer).getBigUint64(i * 8, true));
}

describe.skipIf(skipReason !== undefined)(`batch reads and iterator buffers (${skipReason ?? 'root'})`, () => {
  afterAll(() => killChildren());

  it('reads an array of three batches whole, each key once and in order', () => {
    const group = BpfGroup.open(requireNative(), 'batches', testObject('batches'), { target_tgid: process.pid });
    try {
      const batch = group.readMap('wide_array');
      expect(batch.count).toBe(3000);
      const keys = new DataView(batch.keys);
      for (let i = 0; i < batch.count; i++) expect(keys.getUint32(i * 4, true)).toBe(i);
    } finally {
      group.close();
    }
  });

  it('reads a hash of more entries than a batch whole, each entry once with its own value', () => {
    const group = BpfGroup.open(requireNative(), 'batches', testObject('batches'), { target_tgid: process.pid });
    try {
      let ppid = 0;
      // Each read of process.ppid is a getppid() system call.
      for (let i = 0; i < 2500; i++) ppid |= process.ppid;
      expect(ppid).toBeGreaterThan(0);
      const batch = group.readMap('wide_hash');
      expect(batch.count).toBe(2500);
      const keys = new Set<number>();
      for (let i = 0; i < batch.count; i++) {
        keys.add(u64At(batch.keys, i));
        expect(u64At(batch.values, i)).toBe(u64At(batch.keys, i));
      }
      expect(keys.size).toBe(2500);
    } finally {
      group.close();
    }
  });

  it('keeps one buffer per iterator, grows it when a pass outgrows it, and lists every task', async () => {
    const group = BpfGroup.open(requireNative(), 'task_iter', bpfObjectPath('task_iter'));
    const tgids = (view: DataView) => {
      const records = new TaskRecords(view, 100);
      return new Set(Array.from({ length: records.count }, (_, i) => records.tgid(i)));
    };
    try {
      const first = group.iterate('dump_task');
      const again = group.iterate('dump_task');
      expect(again.buffer).toBe(first.buffer);
      // The buffer starts at 256 KiB, about 1,300 records: 1,500 more tasks outgrow it.
      const sleepers = Array.from({ length: 1500 }, () => child('sleep', ['60']));
      await sleep(500);
      const larger = group.iterate('dump_task');
      expect(larger.buffer).not.toBe(first.buffer);
      const listed = tgids(larger);
      for (const s of sleepers) expect(listed.has(s.pid ?? -1), `sleep ${s.pid}`).toBe(true);
      // Reaped, not only killed: a zombie is still a task.
      const exited = sleepers.map((s) => once(s, 'exit'));
      killChildren();
      await Promise.all(exited);
      const after = group.iterate('dump_task');
      expect(after.buffer).toBe(larger.buffer);
      const left = tgids(after);
      for (const s of sleepers) expect(left.has(s.pid ?? -1), `sleep ${s.pid} after it was killed`).toBe(false);
      expect(left.has(process.pid)).toBe(true);
    } finally {
      group.close();
    }
  });
});
