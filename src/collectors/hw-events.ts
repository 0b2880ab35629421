/**
 * The hardware-event group (bpf/hw.bpf.c) as the cpu and sensors collectors use it: one lease of
 * the shared group per backend (src/native/bpf-shared.ts), so thermal:thermal_temperature and
 * power:cpu_frequency are attached once however many backends read them. A machine whose
 * hardware fires neither (a VM) attaches and sees no events: the backends then read nothing and
 * their fields stay n/a, never 0.
 */
import type { ProbeResult } from './contract.js';
import { acquireBpfStats, bpfNative, describeBpfError, releaseBpfStats, type BpfNative } from '../native/bpf.js';
import { leaseGroup, type GroupLease } from '../native/bpf-shared.js';
import { readHwEvents, type HwEvents } from '../native/bpf-hw.js';

/** What every hw backend's reason starts with once the group is loaded. */
export const HW_ATTACHED = 'thermal/cpu_frequency tracepoints attached';

/** One backend's hold on the hw group. */
export interface HwEventsLease {
  /** Lease the group: available as root (or CAP_BPF + CAP_PERFMON), else why not and the remedy. */
  probe(): ProbeResult;
  /** The group's maps now. Throws when probe did not load it. */
  read(): HwEvents;
  /** Give the lease back (the group unloads with its last holder). Idempotent. */
  close(): void;
}

/** `objectPath` overrides build/bpf/hw.bpf.o (tests). */
export function createHwEventsLease(objectPath?: string): HwEventsLease {
  let lease: GroupLease | undefined;
  let statsHeld: BpfNative | undefined;
  return {
    probe(): ProbeResult {
      const native = bpfNative();
      if (!native.ok) return { available: false, reason: native.reason, remedy: native.remedy };
      try {
        lease = leaseGroup(native.module, 'hw', objectPath);
      } catch (err) {
        return { available: false, ...describeBpfError(err) };
      }
      acquireBpfStats(native.module);
      statsHeld = native.module;
      return { available: true, reason: HW_ATTACHED };
    },
    read(): HwEvents {
      const group = lease?.group;
      if (group === undefined || group.closed) throw new Error('eBPF hw group is not loaded');
      return readHwEvents(group);
    },
    close(): void {
      lease?.release();
      lease = undefined;
      if (statsHeld !== undefined) releaseBpfStats(statsHeld);
      statsHeld = undefined;
    },
  };
}
