/**
 * Typed wrapper for the addon's "proc" module (native/proc.cc): pidfd_open(2),
 * pidfd_send_signal(2), ioprio_get(2), ioprio_set(2), sched_getscheduler(2) with
 * sched_getparam(2), and sched_setscheduler(2). Arguments are validated here so the
 * native side stays thin; errors are NativeError (code, errno, syscall) from the addon.
 * When the addon is not built, `procNative()` says why and callers fall back (src/actions/).
 */
import { nativeModule } from './binding.js';

interface ProcModule {
  pidfdOpen(pid: number): number;
  pidfdSendSignal(fd: number, signal: number): void;
  ioprioGet(pid: number): number;
  ioprioSet(pid: number, ioprio: number): void;
  schedGet(pid: number): RawSched;
  schedSet(pid: number, policy: number, priority: number): void;
}

/** A thread's scheduling policy (SCHED_* number, SCHED_RESET_ON_FORK may be or-ed in) and static priority. */
export interface RawSched {
  policy: number;
  /** sched_param.sched_priority: 1..99 for SCHED_FIFO and SCHED_RR, 0 for the others. */
  priority: number;
}

/** SCHED_RESET_ON_FORK, in include/uapi/linux/sched.h. */
export const SCHED_RESET_ON_FORK = 0x40000000;
/** SCHED_FIFO and SCHED_RR, the policies with a priority 1..99. */
const REALTIME_POLICIES = new Set([1, 2]);
/** SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE (SCHED_DEADLINE needs sched_setattr). */
const SETTABLE_POLICIES = new Set([0, 1, 2, 3, 5]);

/** Why (policy, priority) is not something sched_setscheduler(2) takes, or undefined. */
function schedArgError(policy: number, priority: number): string | undefined {
  const base = policy & ~SCHED_RESET_ON_FORK;
  if (!Number.isInteger(policy) || !SETTABLE_POLICIES.has(base)) return `policy must be SCHED_OTHER, FIFO, RR, BATCH or IDLE (0, 1, 2, 3, 5), got ${policy}`;
  const [min, max] = REALTIME_POLICIES.has(base) ? [1, 99] : [0, 0];
  if (!Number.isInteger(priority) || priority < min || priority > max)
    return `priority for policy ${base} must be an integer in ${min}..${max}, got ${priority}`;
  return undefined;
}

/** The process-control syscalls, with arguments checked before they reach the kernel. */
export interface ProcNative {
  /** pidfd_open(2): a file descriptor that refers to this process and no later one. Close it. */
  pidfdOpen(pid: number): number;
  /** pidfd_send_signal(2): signal the process `fd` refers to; ESRCH when it has exited. */
  pidfdSendSignal(fd: number, signal: number): void;
  /** ioprio_get(2) for one process (IOPRIO_WHO_PROCESS): the raw value, see decodeIoprio. */
  ioprioGet(pid: number): number;
  /** ioprio_set(2) for one process; `ioprio` from encodeIoprio. */
  ioprioSet(pid: number, ioprio: number): void;
  /** sched_getscheduler(2) and sched_getparam(2) for the thread whose id is `pid` (its main thread). */
  schedGet(pid: number): RawSched;
  /** sched_setscheduler(2) for the thread whose id is `pid`; realtime policies take 1..99, the others 0. */
  schedSet(pid: number, policy: number, priority: number): void;
}

function checkInt(value: number, what: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer in ${min}..${max}, got ${value}`);
  }
}

const PID_MAX = 4_194_304;

/** The native module, or why it is not available (addon not built, or built without proc.cc). */
export function procNative(): { ok: true; native: ProcNative } | { ok: false; reason: string; remedy: string } {
  const loaded = nativeModule<ProcModule>('proc');
  if (!loaded.ok) return loaded;
  const m = loaded.module;
  return {
    ok: true,
    native: {
      pidfdOpen(pid) {
        checkInt(pid, 'pid', 1, PID_MAX);
        return m.pidfdOpen(pid);
      },
      pidfdSendSignal(fd, signal) {
        checkInt(fd, 'fd', 0, 2 ** 31 - 1);
        checkInt(signal, 'signal', 0, 64);
        m.pidfdSendSignal(fd, signal);
      },
      ioprioGet(pid) {
        checkInt(pid, 'pid', 1, PID_MAX);
        return m.ioprioGet(pid);
      },
      ioprioSet(pid, ioprio) {
        checkInt(pid, 'pid', 1, PID_MAX);
        checkInt(ioprio, 'ioprio', 0, 0xffff);
        m.ioprioSet(pid, ioprio);
      },
      schedGet(pid) {
        checkInt(pid, 'pid', 1, PID_MAX);
        return m.schedGet(pid);
      },
      schedSet(pid, policy, priority) {
        checkInt(pid, 'pid', 1, PID_MAX);
        const invalid = schedArgError(policy, priority);
        if (invalid !== undefined) throw new RangeError(invalid);
        m.schedSet(pid, policy, priority);
      },
    },
  };
}
