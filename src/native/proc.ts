/**
 * Typed wrapper for the addon's "proc" module (native/proc.cc): pidfd_open(2),
 * pidfd_send_signal(2), ioprio_get(2) and ioprio_set(2). Arguments are validated here so the
 * native side stays thin; errors are NativeError (code, errno, syscall) from the addon.
 * When the addon is not built, `procNative()` says why and callers fall back (src/actions/).
 */
import { nativeModule } from './binding.js';

interface ProcModule {
  pidfdOpen(pid: number): number;
  pidfdSendSignal(fd: number, signal: number): void;
  ioprioGet(pid: number): number;
  ioprioSet(pid: number, ioprio: number): void;
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
    },
  };
}
