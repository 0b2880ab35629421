/**
 * Decoders for the records the BPF programs write (layouts in bpf/task_iter.h, bpf/sched.h,
 * bpf/net.h). Each *_SIZE must equal the addon's recordSizes (sizeof in C); a test checks it.
 * Pure functions over DataViews, little-endian as on the machines the objects are built for.
 */

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A NUL-terminated C string of at most `len` bytes at `offset`. */
function cString(view: DataView, offset: number, len: number): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, len);
  const end = bytes.indexOf(0);
  return utf8.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function u64(view: DataView, offset: number): number {
  return Number(view.getBigUint64(offset, true));
}

// ---- bpf/task_iter.h -------------------------------------------------------------------------

/** sizeof(struct st_task_rec). */
export const TASK_REC_SIZE = 184;

/** One task (thread) from the task iterator. Comm is raw kernel bytes, not yet sanitised. */
export interface TaskRecord {
  tid: number;
  tgid: number;
  ppid: number;
  state: number;
  exitState: number;
  flags: number;
  prio: number;
  nice: number;
  nrThreads: number;
  euid: number;
  sumExecRuntimeNs: number;
  deadExecRuntimeNs: number;
  /** bigint: ns after boot pass 2^53 after 104 days, and the start time must be exact. */
  startBoottimeNs: bigint;
  rssPages: number;
  totalVmPages: number;
  sharedPages: number;
  cgroupId: number;
  comm: string;
  /** The name /proc/PID/stat shows (proc_task_name): comm, or a kernel thread's longer name. */
  procName: string;
}

// bpf/task_iter.h ST_NAME_EXT_*
const NAME_EXT_FULL = 1;
const NAME_EXT_WQ_IDLE = 2;
const NAME_EXT_WQ_BUSY = 3;
const NAME_EXT_WQ_RESCUER = 4;
/** fs/proc/array.c builds the name in char tcomm[64]. */
const PROC_NAME_MAX = 63;

function procName(comm: string, ext: string, kind: number): string {
  if (kind === NAME_EXT_FULL) return ext;
  if (kind === NAME_EXT_WQ_RESCUER) return `kworker/R-${ext}`.slice(0, PROC_NAME_MAX);
  if (kind === NAME_EXT_WQ_IDLE || kind === NAME_EXT_WQ_BUSY) {
    return `${comm}${kind === NAME_EXT_WQ_BUSY ? '+' : '-'}${ext}`.slice(0, PROC_NAME_MAX);
  }
  return comm;
}

export function decodeTaskRecords(view: DataView): TaskRecord[] {
  if (view.byteLength % TASK_REC_SIZE !== 0) {
    throw new Error(`task iterator output is ${view.byteLength} bytes, not a multiple of ${TASK_REC_SIZE}`);
  }
  const out: TaskRecord[] = [];
  for (let o = 0; o < view.byteLength; o += TASK_REC_SIZE) {
    out.push({
      tid: view.getUint32(o, true),
      tgid: view.getUint32(o + 4, true),
      ppid: view.getUint32(o + 8, true),
      state: view.getUint32(o + 12, true),
      exitState: view.getUint32(o + 16, true),
      flags: view.getUint32(o + 20, true),
      prio: view.getInt32(o + 24, true),
      nice: view.getInt32(o + 28, true),
      nrThreads: view.getUint32(o + 32, true),
      euid: view.getUint32(o + 36, true),
      sumExecRuntimeNs: u64(view, o + 40),
      deadExecRuntimeNs: u64(view, o + 48),
      startBoottimeNs: view.getBigUint64(o + 56, true),
      rssPages: u64(view, o + 64),
      totalVmPages: u64(view, o + 72),
      sharedPages: u64(view, o + 80),
      cgroupId: u64(view, o + 88),
      comm: cString(view, o + 96, 16),
      procName: '',
    });
    const rec = out[out.length - 1];
    rec.procName = procName(rec.comm, cString(view, o + 112, 64), view.getUint32(o + 176, true));
  }
  return out;
}

// include/linux/sched.h task states, as task_state_index() reports them in /proc/PID/stat.
const TASK_REPORT = 0x7f;
const TASK_UNINTERRUPTIBLE = 0x2;
const TASK_NOLOAD = 0x400;
const TASK_IDLE = TASK_UNINTERRUPTIBLE | TASK_NOLOAD;
const TASK_RTLOCK_WAIT = 0x1000;
const TASK_FROZEN = 0x8000;
const TASK_REPORT_IDLE = TASK_REPORT + 1;
/** fs/proc/array.c task_state_array, by index (fls of the reported state). */
const STATE_LETTERS = 'RSDTtXZPI';

/**
 * The ps letter for a task's __state and exit_state, as fs/proc/array.c get_task_state() does:
 * bits outside TASK_REPORT (TASK_FREEZABLE, TASK_NOLOAD, TASK_WAKEKILL…) are masked off, TASK_IDLE
 * reads as I, and a frozen or rtlock-waiting task as D.
 */
export function taskStateLetter(state: number, exitState: number): string {
  let reported = (state | exitState) & TASK_REPORT;
  if ((state & TASK_IDLE) === TASK_IDLE) reported = TASK_REPORT_IDLE;
  if (state & TASK_RTLOCK_WAIT || state & TASK_FROZEN) reported = TASK_UNINTERRUPTIBLE;
  const index = reported === 0 ? 0 : 32 - Math.clz32(reported);
  return STATE_LETTERS[index] ?? '?';
}

/** include/linux/sched.h PF_KTHREAD. */
export const PF_KTHREAD = 0x00200000;

// ---- ring buffer framing (native/bpf.cc ringConsume) -------------------------------------------

/** Split ring buffer output into records: each [u32 size][u32 0][size bytes][pad to 8]. */
export function splitRingRecords(view: DataView): DataView[] {
  const out: DataView[] = [];
  let o = 0;
  while (o + 8 <= view.byteLength) {
    const size = view.getUint32(o, true);
    if (o + 8 + size > view.byteLength) throw new Error(`ring buffer record at ${o} overruns the buffer`);
    out.push(new DataView(view.buffer, view.byteOffset + o + 8, size));
    o += (8 + size + 7) & ~7;
  }
  return out;
}
