/**
 * Without privilege the addon's load fails with EPERM, and the processes backend says why and
 * what would fix it; BPF run-time stats are on only while held and restored after.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { addonPath } from '../../src/native/binding.js';
import { BpfGroup, bpfObjectPath, describeBpfError, PRIVILEGE_REMEDY } from '../../src/native/bpf.js';
import { runAsNobody } from '../helpers/nobody.js';
import { bpfStatsHolders, notRoot, requireNative, skipReason } from './helpers.js';

describe.skipIf(notRoot || skipReason !== undefined)(`without privilege (${skipReason ?? 'needs root to drop privilege with setpriv'})`, () => {
  it('fails to load with EPERM from bpf(BPF_PROG_LOAD), and the remedy names root or CAP_BPF + CAP_PERFMON', () => {
    const script = `
      const bpf = require(${JSON.stringify(addonPath)}).bpf;
      try { bpf.open(${JSON.stringify(bpfObjectPath('task_iter'))}); console.log('{"loaded":true}'); }
      catch (e) { console.log(JSON.stringify({ code: e.code, errno: e.errno, syscall: e.syscall, message: e.message })); }`;
    const out = runAsNobody([process.execPath, '-e', script]);
    const fields = JSON.parse(out) as { code: string; errno: number; syscall: string; message: string };
    expect(fields).toMatchObject({ code: 'EPERM', errno: 1, syscall: 'bpf(BPF_PROG_LOAD)' });
    expect(fields.message).toContain('Operation not permitted');
    // Described as for the child that failed: it held no privilege.
    const described = describeBpfError(Object.assign(new Error(fields.message), fields), false);
    expect(described.reason).toBe('bpf(BPF_PROG_LOAD): EPERM — not root (eBPF needs CAP_BPF and CAP_PERFMON)');
    expect(described.remedy).toBe(PRIVILEGE_REMEDY);
  });
});

describe.skipIf(skipReason !== undefined)(`BPF run-time stats (${skipReason ?? 'root'})`, () => {
  const sysctl = '/proc/sys/kernel/bpf_stats_enabled';
  const read = () => readFileSync(sysctl, 'utf8').trim();

  // The sysctl only shows its own setting; a BPF_ENABLE_STATS fd turns counting on beside it.
  it('counts program runs while held, releases the fd, and leaves the sysctl as it was', () => {
    const before = read();
    const native = requireNative();
    const group = BpfGroup.open(native, 'task_iter', bpfObjectPath('task_iter'));
    let holding = false;
    try {
      native.enableStats();
      holding = true;
      group.iterate('dump_task');
      group.iterate('dump_task');
      const [held] = group.programStats();
      expect(held.runCount).toBeGreaterThanOrEqual(2n);
      expect(held.runTimeNs).toBeGreaterThan(0n);
      expect(bpfStatsHolders()).toContain(process.pid);
      native.disableStats();
      holding = false;
      expect(read()).toBe(before);
      // Backends in this worker may hold their own reference; after they close, ours is gone too.
      if (before === '0' && bpfStatsHolders().length === 0) {
        group.iterate('dump_task');
        const after = group.programStats()[0].runCount;
        // Only meaningful if no one (another test file, another SmoothTask) took stats meanwhile.
        if (bpfStatsHolders().length === 0) expect(after).toBe(held.runCount);
      }
    } finally {
      if (holding) native.disableStats();
      group.close();
    }
  });
});
