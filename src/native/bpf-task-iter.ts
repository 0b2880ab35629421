/**
 * Decoder of the task iterator's records (bpf/task_iter.h, bpf/task_iter.bpf.c). TASK_ITER_LAYOUTS
 * is compared field by field with the addon's offsetof table (native/bpf.cc recordLayouts), and
 * TaskRecords' decoder is checked against that compiled table by decoding a record built from it
 * (test/ebpf/layouts.test.ts), so a change to the header fails a test, not a decode. The decoder
 * holds its offsets as literals: it runs for every field of every task each pass, and offsets
 * loaded from a table or module constants made a pass slower (bench/README.md).
 */
import { bytesOf, cString, u64, u64DivFloor, type RecordLayout } from './bpf-common.js';

/** The structs of bpf/task_iter.h: sizeof and offsetof of every field. */
export const TASK_ITER_LAYOUTS = {
  st_task_rec: {
    size: 200,
    fields: {
      tid: 0,
      tgid: 4,
      ppid: 8,
      state: 12,
      exit_state: 16,
      flags: 20,
      prio: 24,
      nice: 28,
      nr_threads: 32,
      euid: 36,
      sum_exec_runtime: 40,
      dead_exec_runtime: 48,
      start_boottime: 56,
      rss_pages: 64,
      total_vm_pages: 72,
      shared_pages: 80,
      cgroup_id: 88,
      comm: 96,
      name_ext: 112,
      name_ext_kind: 176,
      io_flags: 180,
      read_bytes: 184,
      write_bytes: 192,
    },
  },
} as const satisfies Record<string, RecordLayout>;

/** sizeof(struct st_task_rec). */
export const TASK_REC_SIZE = 200;

// bpf/task_iter.h ST_NAME_EXT_*
const NAME_EXT_FULL = 1;
const NAME_EXT_WQ_IDLE = 2;
const NAME_EXT_WQ_BUSY = 3;
const NAME_EXT_WQ_RESCUER = 4;
// bpf/task_iter.h ST_IO_ACCT, ST_TASK_COMM_LEN, ST_TASK_NAME_LEN
const IO_ACCT = 1;
const COMM_LEN = 16;
const NAME_LEN = 64;
/** fs/proc/array.c builds the name in char tcomm[64]. */
const PROC_NAME_MAX = 63;

/** fs/proc/array.c: a rescuer is named after its workqueue. */
const RESCUER_PREFIX = 'kworker/R-';

function procName(comm: string, ext: string, kind: number): string {
  if (kind === NAME_EXT_FULL) return ext;
  if (kind === NAME_EXT_WQ_RESCUER) return `${RESCUER_PREFIX}${ext}`.slice(0, PROC_NAME_MAX);
  if (kind === NAME_EXT_WQ_IDLE || kind === NAME_EXT_WQ_BUSY) {
    return `${comm}${kind === NAME_EXT_WQ_BUSY ? '+' : '-'}${ext}`.slice(0, PROC_NAME_MAX);
  }
  return comm;
}

/**
 * One task record's figures, decoded by TaskRecords.read into an object the caller keeps and
 * passes again: no object is made per task. Names are not among them (TaskRecords.procName).
 */
export interface TaskFigures {
  tid: number;
  tgid: number;
  ppid: number;
  /** task->__state and exit_state (taskStateLetter). */
  state: number;
  exitState: number;
  flags: number;
  prio: number;
  nice: number;
  nrThreads: number;
  euid: number;
  sumExecRuntimeNs: number;
  deadExecRuntimeNs: number;
  /**
   * Start time in whole clock ticks after boot (start_boottime ÷ NSEC_PER_SEC/USER_HZ, as
   * nsec_to_clock_t() gives /proc/PID/stat field 22), exact past 2^53 ns (104 days of uptime).
   */
  startTicks: number;
  rssPages: number;
  totalVmPages: number;
  sharedPages: number;
  cgroupId: number;
  /**
   * Storage bytes read and written (task->ioac; the leader's record adds signal->ioac, the
   * exited threads'): summed over a group they are /proc/PID/io read_bytes and write_bytes.
   * Undefined on a kernel without CONFIG_TASK_IO_ACCOUNTING.
   */
  readBytes: number | undefined;
  writeBytes: number | undefined;
}

/** A TaskFigures to decode into. */
export function taskFigures(): TaskFigures {
  return {
    tid: 0,
    tgid: 0,
    ppid: 0,
    state: 0,
    exitState: 0,
    flags: 0,
    prio: 0,
    nice: 0,
    nrThreads: 0,
    euid: 0,
    sumExecRuntimeNs: 0,
    deadExecRuntimeNs: 0,
    startTicks: 0,
    rssPages: 0,
    totalVmPages: 0,
    sharedPages: 0,
    cgroupId: 0,
    readBytes: undefined,
    writeBytes: undefined,
  };
}

/**
 * The task iterator's output (struct st_task_rec, one per thread), read in place: a pass holds
 * thousands of tasks and each field is read about once, so no object is made per task for the
 * garbage collector to sweep every pass (bench/README.md, 'Task records read in place'). A
 * record's figures are decoded by one method, not one per field: V8 compiles each function a pass
 * calls per task on its own once it is hot, before it compiles the loop that inlines it, and a
 * method per field was twenty such compiles in a run's first seconds (bench/README.md, "Fewer
 * functions called per process"). Names are raw kernel bytes, not yet sanitised.
 */
export class TaskRecords {
  readonly count: number;
  private readonly view: DataView;
  private readonly bytes: Buffer;
  private readonly nsPerTick: number;

  /** `clockTicks` is USER_HZ, the unit of startTicks. */
  constructor(view: DataView, clockTicks: number) {
    if (view.byteLength % TASK_REC_SIZE !== 0) {
      throw new Error(`task iterator output is ${view.byteLength} bytes, not a multiple of ${TASK_REC_SIZE}`);
    }
    this.view = view;
    this.bytes = bytesOf(view);
    this.count = view.byteLength / TASK_REC_SIZE;
    this.nsPerTick = 1e9 / clockTicks;
  }

  /** Record i's thread id and thread group id, which decide whether a pass decodes the rest of it. */
  tid(i: number): number {
    return this.view.getUint32(i * TASK_REC_SIZE, true);
  }
  tgid(i: number): number {
    return this.view.getUint32(i * TASK_REC_SIZE + 4, true);
  }

  /**
   * Decodes into `out` only what a thread adds to its process (its CPU time and storage bytes):
   * the rest of a thread's record is its process's, and decoding it whole made a pass over tens of
   * thousands of threads twice as long (bench/README.md, "Fewer functions called per process").
   */
  readSums(i: number, out: TaskFigures): void {
    const view = this.view;
    const at = i * TASK_REC_SIZE;
    out.sumExecRuntimeNs = u64(view, at + 40);
    const io = (view.getUint32(at + 180, true) & IO_ACCT) !== 0;
    out.readBytes = io ? u64(view, at + 184) : undefined;
    out.writeBytes = io ? u64(view, at + 192) : undefined;
  }

  /** Decodes every figure of record i into `out`. */
  read(i: number, out: TaskFigures): void {
    const view = this.view;
    const at = i * TASK_REC_SIZE;
    out.tid = view.getUint32(at, true);
    out.tgid = view.getUint32(at + 4, true);
    out.ppid = view.getUint32(at + 8, true);
    out.state = view.getUint32(at + 12, true);
    out.exitState = view.getUint32(at + 16, true);
    out.flags = view.getUint32(at + 20, true);
    out.prio = view.getInt32(at + 24, true);
    out.nice = view.getInt32(at + 28, true);
    out.nrThreads = view.getUint32(at + 32, true);
    out.euid = view.getUint32(at + 36, true);
    out.sumExecRuntimeNs = u64(view, at + 40);
    out.deadExecRuntimeNs = u64(view, at + 48);
    out.startTicks = u64DivFloor(view, at + 56, this.nsPerTick);
    out.rssPages = u64(view, at + 64);
    out.totalVmPages = u64(view, at + 72);
    out.sharedPages = u64(view, at + 80);
    out.cgroupId = u64(view, at + 88);
    const io = (view.getUint32(at + 180, true) & IO_ACCT) !== 0;
    out.readBytes = io ? u64(view, at + 184) : undefined;
    out.writeBytes = io ? u64(view, at + 192) : undefined;
  }

  private comm(i: number): string {
    return cString(this.bytes, i * TASK_REC_SIZE + 96, COMM_LEN);
  }
  /**
   * Whether procName(i) is `text`, told from the record's bytes without decoding them. Only for a
   * name of printable ASCII, which sanitizeText leaves as it is: any other answers false, and the
   * caller decodes. A pass at 5,000 processes decoded 5,000 names a refresh to find them unchanged
   * (bench/README.md, "One namespace a CommonJS module"), and a kernel worker's name is built from
   * its comm and its work's description (procName above) on every pass where it was not told.
   */
  procNameIs(i: number, text: string | undefined): boolean {
    if (text === undefined) return false;
    const at = i * TASK_REC_SIZE;
    const kind = this.view.getUint32(at + 176, true);
    let k: number;
    if (kind === NAME_EXT_FULL) k = this.spells(text, 0, at + 112, NAME_LEN, NAME_LEN);
    else if (kind === NAME_EXT_WQ_RESCUER) {
      k = this.spells(text, text.startsWith(RESCUER_PREFIX) ? RESCUER_PREFIX.length : -1, at + 112, NAME_LEN, PROC_NAME_MAX);
    } else if (kind === NAME_EXT_WQ_IDLE || kind === NAME_EXT_WQ_BUSY) {
      k = this.spells(text, 0, at + 96, COMM_LEN, PROC_NAME_MAX);
      const separator = kind === NAME_EXT_WQ_BUSY ? 0x2b : 0x2d; // '+' busy, '-' idle
      k = k >= 0 && k < PROC_NAME_MAX && text.charCodeAt(k) === separator ? k + 1 : -1;
      k = this.spells(text, k, at + 112, NAME_LEN, PROC_NAME_MAX);
    } else k = this.spells(text, 0, at + 96, COMM_LEN, COMM_LEN);
    return k === text.length;
  }

  /**
   * Where `text` is spelled on from index k by the NUL-terminated bytes at [from, from + len) of
   * printable ASCII, up to index `max` (a name built by procName is cut there): the index after
   * them, or -1 where it is not (or k is -1).
   */
  private spells(text: string, k: number, from: number, len: number, max: number): number {
    if (k < 0) return -1;
    for (let j = 0; j < len && k < max; j++, k++) {
      const byte = this.bytes[from + j];
      if (byte === 0) break;
      if (byte < 0x20 || byte > 0x7e || k >= text.length || text.charCodeAt(k) !== byte) return -1;
    }
    return k;
  }
  /** The name /proc/PID/stat shows (proc_task_name): comm, or a kernel thread's longer name. */
  procName(i: number): string {
    const comm = this.comm(i);
    const extKind = this.view.getUint32(i * TASK_REC_SIZE + 176, true);
    return extKind === 0 ? comm : procName(comm, cString(this.bytes, i * TASK_REC_SIZE + 112, NAME_LEN), extKind);
  }
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
