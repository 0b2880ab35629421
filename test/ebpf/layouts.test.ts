/**
 * Record layouts come from the build, not from copies: every struct in bpf/*.h, every field,
 * has the offset the addon's compiler gives it (native/bpf.cc recordLayouts, offsetof), and the
 * decoders' tables (src/native/bpf-<group>.ts) match it field by field. One decoder file per
 * header. Needs the built addon, not root.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddonLoader } from '../../src/native/binding.js';
import { bpfNative } from '../../src/native/bpf.js';
import type { RecordLayout } from '../../src/native/bpf-common.js';
import { FENCE_LAYOUTS } from '../../src/native/bpf-fence.js';
import { HW_LAYOUTS } from '../../src/native/bpf-hw.js';
import { NET_LAYOUTS } from '../../src/native/bpf-net.js';
import { SCHED_LAYOUTS } from '../../src/native/bpf-sched.js';
import { TASK_ITER_LAYOUTS, TaskRecords, taskFigures } from '../../src/native/bpf-task-iter.js';

const bpfDir = join(import.meta.dirname, '..', '..', 'bpf');
const nativeDir = join(import.meta.dirname, '..', '..', 'src', 'native');

/** Each header's decoder table, by header name: one src/native/bpf-<group>.ts per bpf/<group>.h. */
const DECLARED: Record<string, Record<string, RecordLayout>> = {
  'task_iter.h': TASK_ITER_LAYOUTS,
  'sched.h': SCHED_LAYOUTS,
  'net.h': NET_LAYOUTS,
  'hw.h': HW_LAYOUTS,
  'dma_fence.h': FENCE_LAYOUTS,
};

/** Struct name → field names, in order, from a header's text (the fixed-width style bpf/*.h keep). */
function structsOf(header: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of header.matchAll(/^struct (\w+) \{\n([\s\S]*?)^\};/gm)) {
    out[m[1]] = [...m[2].replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/^\s*[\w ]+?\s+(\w+)(\[[^\]]*\])?;/gm)].map((f) => f[1]);
  }
  return out;
}

const native = bpfNative(new AddonLoader());

describe.skipIf(!native.ok)(`record layouts (${native.ok ? 'addon built' : native.reason})`, () => {
  const compiled = native.ok ? native.module.recordLayouts : {};
  const headers = readdirSync(bpfDir).filter((f) => f.endsWith('.h') && f !== 'maps.bpf.h');

  it('every header has its decoder file and table', () => {
    expect(headers.sort()).toEqual(Object.keys(DECLARED).sort());
    for (const h of headers) expect(readdirSync(nativeDir)).toContain(`bpf-${h === 'dma_fence.h' ? 'fence' : h.replace('.h', '').replace('_', '-')}.ts`);
  });

  for (const [header, declared] of Object.entries(DECLARED)) {
    it(`${header}: the addon exports every struct and field, and the decoder's offsets are the compiler's`, () => {
      const structs = structsOf(readFileSync(join(bpfDir, header), 'utf8'));
      expect(Object.keys(structs).sort()).toEqual(Object.keys(declared).sort());
      for (const [name, fields] of Object.entries(structs)) {
        expect(Object.keys(compiled[name].fields), `${name} in native/bpf.cc`).toEqual(fields);
        expect(declared[name], name).toEqual(compiled[name]);
      }
    });
  }

  it("TaskRecords' decoder reads every field at the compiled offset (a record built from the addon's table)", () => {
    const { size, fields: at } = compiled.st_task_rec;
    const view = new DataView(new ArrayBuffer(size));
    const u32 = ['tid', 'tgid', 'ppid', 'state', 'exit_state', 'flags', 'nr_threads', 'euid', 'name_ext_kind'];
    u32.forEach((f, i) => view.setUint32(at[f], 1000 + i, true));
    view.setInt32(at.prio, -7, true);
    view.setInt32(at.nice, -3, true);
    const u64 = [
      'sum_exec_runtime',
      'dead_exec_runtime',
      'start_boottime',
      'rss_pages',
      'total_vm_pages',
      'shared_pages',
      'cgroup_id',
      'read_bytes',
      'write_bytes',
    ];
    u64.forEach((f, i) => view.setBigUint64(at[f], BigInt(2 ** 40 + i * 1e7), true));
    view.setUint32(at.io_flags, 1, true);
    view.setUint32(at.name_ext_kind, 1, true);
    new Uint8Array(view.buffer).set(Buffer.from('short\0'), at.comm);
    new Uint8Array(view.buffer).set(Buffer.from('a-longer-kernel-thread-name\0'), at.name_ext);
    const t = new TaskRecords(view, 100);
    expect(t.count).toBe(1);
    const task = taskFigures();
    t.read(0, task);
    const v = (i: number) => 2 ** 40 + i * 1e7;
    expect(task).toEqual({
      tid: 1000,
      tgid: 1001,
      ppid: 1002,
      state: 1003,
      exitState: 1004,
      flags: 1005,
      nrThreads: 1006,
      euid: 1007,
      prio: -7,
      nice: -3,
      sumExecRuntimeNs: v(0),
      deadExecRuntimeNs: v(1),
      startTicks: Math.floor(v(2) / 1e7),
      rssPages: v(3),
      totalVmPages: v(4),
      sharedPages: v(5),
      cgroupId: v(6),
      readBytes: v(7),
      writeBytes: v(8),
    });
    expect([t.tid(0), t.tgid(0)]).toEqual([1000, 1001]);
    // A thread's figures for its process's sums: the same as the whole decode gives.
    const sums = taskFigures();
    t.readSums(0, sums);
    expect([sums.sumExecRuntimeNs, sums.readBytes, sums.writeBytes]).toEqual([v(0), v(7), v(8)]);
    expect(t.procName(0)).toBe('a-longer-kernel-thread-name');
    view.setUint32(at.name_ext_kind, 0, true);
    expect(t.procName(0)).toBe('short');
    view.setUint32(at.io_flags, 0, true);
    t.read(0, task);
    t.readSums(0, sums);
    expect([task.readBytes, task.writeBytes, sums.readBytes, sums.writeBytes]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
