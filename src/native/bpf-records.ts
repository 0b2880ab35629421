/**
 * Decoders for the records the BPF programs write (layouts in bpf/task_iter.h, bpf/sched.h,
 * bpf/net.h). Each *_SIZE must equal the addon's recordSizes (sizeof in C); a test checks it.
 * Pure functions over DataViews, little-endian as on the machines the objects are built for.
 */

/**
 * A NUL-terminated C string of at most `len` bytes at `offset` of `bytes`, decoded as UTF-8
 * (invalid bytes become U+FFFD; callers sanitise for the terminal). Buffer's native decoder, not
 * TextDecoder, over one Buffer for a whole batch: this runs for every task of every pass.
 */
function cString(bytes: Buffer, offset: number, len: number): string {
  const nul = bytes.indexOf(0, offset);
  return bytes.toString('utf8', offset, nul === -1 || nul > offset + len ? offset + len : nul);
}

/** A Buffer over the same bytes as `view` (no copy). */
function bytesOf(view: DataView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** A u64 as a Number (exact below 2^53: counters of bytes and ns stay there for 104 days+). */
function u64(view: DataView, offset: number): number {
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 0x1_0000_0000;
}

/**
 * floor(u64 at `offset` ÷ `divisor`), exact over the whole u64 range for a divisor under 2^37:
 * long division in 16-bit digits keeps every step below 2^53, so no BigInt is made per record.
 */
export function u64DivFloor(view: DataView, offset: number, divisor: number): number {
  const lo = view.getUint32(offset, true);
  const hi = view.getUint32(offset + 4, true);
  let q = 0;
  let r = 0;
  for (const digit of [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff]) {
    const cur = r * 0x10000 + digit;
    const d = Math.floor(cur / divisor);
    r = cur - d * divisor;
    q = q * 0x10000 + d;
  }
  return q;
}

// ---- bpf/task_iter.h -------------------------------------------------------------------------

/** sizeof(struct st_task_rec). */
export const TASK_REC_SIZE = 200;

// bpf/task_iter.h ST_NAME_EXT_*
const NAME_EXT_FULL = 1;
const NAME_EXT_WQ_IDLE = 2;
const NAME_EXT_WQ_BUSY = 3;
const NAME_EXT_WQ_RESCUER = 4;
// bpf/task_iter.h ST_IO_ACCT
const IO_ACCT = 1;
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

/**
 * The task iterator's output (struct st_task_rec, one per thread), read in place: a pass holds
 * thousands of tasks and each field is read about once, so no object is made per task (measured
 * at 5,000 tasks: 1.7 MB a pass less for the garbage collector). Record i's fields are methods
 * taking i. Names are raw kernel bytes, not yet sanitised.
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

  private u32(i: number, field: number): number {
    return this.view.getUint32(i * TASK_REC_SIZE + field, true);
  }

  tid(i: number): number {
    return this.u32(i, 0);
  }
  tgid(i: number): number {
    return this.u32(i, 4);
  }
  ppid(i: number): number {
    return this.u32(i, 8);
  }
  state(i: number): number {
    return this.u32(i, 12);
  }
  exitState(i: number): number {
    return this.u32(i, 16);
  }
  flags(i: number): number {
    return this.u32(i, 20);
  }
  prio(i: number): number {
    return this.view.getInt32(i * TASK_REC_SIZE + 24, true);
  }
  nice(i: number): number {
    return this.view.getInt32(i * TASK_REC_SIZE + 28, true);
  }
  nrThreads(i: number): number {
    return this.u32(i, 32);
  }
  euid(i: number): number {
    return this.u32(i, 36);
  }
  sumExecRuntimeNs(i: number): number {
    return u64(this.view, i * TASK_REC_SIZE + 40);
  }
  deadExecRuntimeNs(i: number): number {
    return u64(this.view, i * TASK_REC_SIZE + 48);
  }
  /**
   * Start time in whole clock ticks after boot (start_boottime ÷ NSEC_PER_SEC/USER_HZ, as
   * nsec_to_clock_t() gives /proc/PID/stat field 22), exact past 2^53 ns (104 days of uptime).
   */
  startTicks(i: number): number {
    return u64DivFloor(this.view, i * TASK_REC_SIZE + 56, this.nsPerTick);
  }
  rssPages(i: number): number {
    return u64(this.view, i * TASK_REC_SIZE + 64);
  }
  totalVmPages(i: number): number {
    return u64(this.view, i * TASK_REC_SIZE + 72);
  }
  sharedPages(i: number): number {
    return u64(this.view, i * TASK_REC_SIZE + 80);
  }
  cgroupId(i: number): number {
    return u64(this.view, i * TASK_REC_SIZE + 88);
  }
  comm(i: number): string {
    return cString(this.bytes, i * TASK_REC_SIZE + 96, 16);
  }
  /** The name /proc/PID/stat shows (proc_task_name): comm, or a kernel thread's longer name. */
  procName(i: number): string {
    const comm = this.comm(i);
    const extKind = this.u32(i, 176);
    return extKind === 0 ? comm : procName(comm, cString(this.bytes, i * TASK_REC_SIZE + 112, 64), extKind);
  }
  /**
   * Storage bytes read and written (task->ioac; the leader's record adds signal->ioac, the
   * exited threads'): summed over a group they are /proc/PID/io read_bytes and write_bytes.
   * Undefined on a kernel without CONFIG_TASK_IO_ACCOUNTING.
   */
  readBytes(i: number): number | undefined {
    return (this.u32(i, 180) & IO_ACCT) !== 0 ? u64(this.view, i * TASK_REC_SIZE + 184) : undefined;
  }
  writeBytes(i: number): number | undefined {
    return (this.u32(i, 180) & IO_ACCT) !== 0 ? u64(this.view, i * TASK_REC_SIZE + 192) : undefined;
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

// ---- bpf/sched.h -----------------------------------------------------------------------------

/** sizeof(struct st_sched_stats) and sizeof(struct st_proc_event). */
export const SCHED_STATS_SIZE = 168;
export const PROC_EVENT_SIZE = 56;
/** ST_RUNQ_SLOTS: log2 µs buckets of run-queue latency. */
export const RUNQ_SLOTS = 32;

/** Cumulative scheduling counters of one process since the sched group was loaded. */
export interface SchedStats {
  oncpuNs: number;
  runqWaitNs: number;
  runqMaxNs: number;
  switches: number;
  wakeups: number;
  /** Slot i counts waits in [2^i, 2^(i+1)) µs; slot 0 also counts waits under 1 µs. */
  histogram: number[];
}

/**
 * The proc_sched map (key u32 tgid) as tgid → counters. With `previous` (the last decode), an
 * entry whose wakeups did not move keeps the same histogram array, and one where nothing moved
 * the same object: the program counts a histogram slot exactly when it counts a wakeup, and most
 * of thousands of processes sleep through an interval (derive compares by identity).
 */
export function decodeSchedStats(
  keys: ArrayBuffer,
  values: ArrayBuffer,
  count: number,
  previous?: ReadonlyMap<number, SchedStats>,
): Map<number, SchedStats> {
  const k = new DataView(keys);
  const v = new DataView(values);
  if (k.byteLength !== count * 4 || v.byteLength !== count * SCHED_STATS_SIZE) {
    throw new Error(`proc_sched batch has ${k.byteLength}/${v.byteLength} bytes for ${count} entries`);
  }
  const out = new Map<number, SchedStats>();
  for (let i = 0; i < count; i++) {
    const o = i * SCHED_STATS_SIZE;
    const tgid = k.getUint32(i * 4, true);
    const oncpuNs = u64(v, o);
    const runqWaitNs = u64(v, o + 8);
    const runqMaxNs = u64(v, o + 16);
    const switches = u64(v, o + 24);
    const wakeups = u64(v, o + 32);
    const last = previous?.get(tgid);
    if (last !== undefined && last.wakeups === wakeups) {
      const same = last.oncpuNs === oncpuNs && last.runqWaitNs === runqWaitNs && last.runqMaxNs === runqMaxNs && last.switches === switches;
      out.set(tgid, same ? last : { oncpuNs, runqWaitNs, runqMaxNs, switches, wakeups, histogram: last.histogram });
      continue;
    }
    const histogram = new Array<number>(RUNQ_SLOTS);
    for (let s = 0; s < RUNQ_SLOTS; s++) histogram[s] = v.getUint32(o + 40 + s * 4, true);
    out.set(tgid, { oncpuNs, runqWaitNs, runqMaxNs, switches, wakeups, histogram });
  }
  return out;
}

/** A process exec or exit from the sched group's ring buffer. */
export interface ProcEvent {
  kind: 'exec' | 'exit';
  pid: number;
  ppid: number;
  /** Wait status at exit (as waitpid(2) gives it); 0 for exec. */
  exitCode: number;
  /** When, ns after boot (CLOCK_BOOTTIME, the clock of startBoottimeNs). */
  timeNs: bigint;
  startBoottimeNs: bigint;
  /** At exit: CPU time of the whole process, ns. Undefined for exec. */
  oncpuNs?: number;
  /** Raw kernel comm, not yet sanitised. */
  comm: string;
}

const EVENT_EXEC = 1;
const EVENT_EXIT = 2;

export function decodeProcEvents(view: DataView): ProcEvent[] {
  const out: ProcEvent[] = [];
  for (const r of splitRingRecords(view)) {
    if (r.byteLength !== PROC_EVENT_SIZE) throw new Error(`sched event of ${r.byteLength} bytes, expected ${PROC_EVENT_SIZE}`);
    const kind = r.getUint32(0, true);
    if (kind !== EVENT_EXEC && kind !== EVENT_EXIT) throw new Error(`unknown sched event kind ${kind}`);
    out.push({
      kind: kind === EVENT_EXEC ? 'exec' : 'exit',
      pid: r.getUint32(4, true),
      ppid: r.getUint32(8, true),
      exitCode: r.getInt32(12, true),
      timeNs: r.getBigUint64(16, true),
      startBoottimeNs: r.getBigUint64(24, true),
      oncpuNs: kind === EVENT_EXIT ? u64(r, 32) : undefined,
      comm: cString(bytesOf(r), 40, 16),
    });
  }
  return out;
}

/** Sum of a per-CPU u64 counter map value (native mapRead: round_up(8) × possible CPUs). */
export function sumPerCpuU64(values: ArrayBuffer, valueSize: number, entry = 0): number {
  const v = new DataView(values, entry * valueSize, valueSize);
  let total = 0;
  for (let o = 0; o + 8 <= valueSize; o += 8) total += u64(v, o);
  return total;
}

// ---- bpf/net.h -------------------------------------------------------------------------------

/** sizeof(struct st_net_bytes) and sizeof(struct st_tcp_rec). */
export const NET_BYTES_SIZE = 24;
export const SOCKET_REC_SIZE = 112;

/** Bytes moved by one process (proc_net) since the net group was loaded. */
export interface NetBytes {
  txBytes: number;
  rxBytes: number;
}

/** The proc_net map (key u32 tgid) as tgid → bytes. */
export function decodeProcNet(keys: ArrayBuffer, values: ArrayBuffer, count: number): Map<number, NetBytes> {
  const k = new DataView(keys);
  const v = new DataView(values);
  if (k.byteLength !== count * 4 || v.byteLength !== count * NET_BYTES_SIZE) {
    throw new Error(`proc_net batch has ${k.byteLength}/${v.byteLength} bytes for ${count} entries`);
  }
  const out = new Map<number, NetBytes>();
  for (let i = 0; i < count; i++) {
    out.set(k.getUint32(i * 4, true), { txBytes: u64(v, i * NET_BYTES_SIZE), rxBytes: u64(v, i * NET_BYTES_SIZE + 8) });
  }
  return out;
}

/** A socket from the tcp or udp iterator. Addresses are 16 bytes, IPv4 in the first 4. */
export interface SocketRecord {
  kind: 'tcp' | 'udp';
  /** Kernel socket address (see ConnEvent.sk). */
  sk: bigint;
  inode: number;
  family: number;
  sport: number;
  dport: number;
  state: number;
  uid: number;
  saddr: Uint8Array;
  daddr: Uint8Array;
  /** Bytes since the net group was loaded; undefined when the socket moved none since. */
  txBytes?: number;
  rxBytes?: number;
}

/** A socket fd held by a process, from the task_file iterator. Comm is raw kernel text. */
export interface SocketOwnerRecord {
  pid: number;
  inode: number;
  comm: string;
}

const REC_SOCKET = 1;
const REC_OWNER = 2;
const REC_UDP = 3;

/** Decode one or more iterator passes of the net group (they share one record layout). */
export function decodeSocketRecords(view: DataView): { sockets: SocketRecord[]; owners: SocketOwnerRecord[] } {
  if (view.byteLength % SOCKET_REC_SIZE !== 0) {
    throw new Error(`socket iterator output is ${view.byteLength} bytes, not a multiple of ${SOCKET_REC_SIZE}`);
  }
  const bytes = bytesOf(view);
  const sockets: SocketRecord[] = [];
  const owners: SocketOwnerRecord[] = [];
  for (let o = 0; o < view.byteLength; o += SOCKET_REC_SIZE) {
    const kind = view.getUint32(o, true);
    if (kind === REC_OWNER) {
      owners.push({ pid: view.getUint32(o + 4, true), inode: u64(view, o + 8), comm: cString(bytes, o + 96, 16) });
      continue;
    }
    if (kind !== REC_SOCKET && kind !== REC_UDP) throw new Error(`unknown socket record kind ${kind}`);
    const hasBytes = view.getUint32(o + 88, true) === 1;
    sockets.push({
      kind: kind === REC_UDP ? 'udp' : 'tcp',
      sk: view.getBigUint64(o + 16, true),
      inode: u64(view, o + 8),
      family: view.getUint16(o + 24, true),
      sport: view.getUint16(o + 26, true),
      dport: view.getUint16(o + 28, true),
      state: view.getUint8(o + 30),
      uid: view.getUint32(o + 32, true),
      saddr: new Uint8Array(view.buffer.slice(view.byteOffset + o + 36, view.byteOffset + o + 52)),
      daddr: new Uint8Array(view.buffer.slice(view.byteOffset + o + 52, view.byteOffset + o + 68)),
      txBytes: hasBytes ? u64(view, o + 72) : undefined,
      rxBytes: hasBytes ? u64(view, o + 80) : undefined,
    });
  }
  return { sockets, owners };
}

/** sizeof(struct st_conn_event). */
export const CONN_EVENT_SIZE = 80;

/** A TCP connection reaching ESTABLISHED or CLOSE (ring buffer conn_events). */
export interface ConnEvent {
  kind: 'open' | 'close';
  /** Kernel socket address: the same connection's open, close and iterator records share it. */
  sk: bigint;
  /** Process that last moved data on the socket; undefined when none did since load. */
  pid?: number;
  family: number;
  sport: number;
  dport: number;
  /** TCP state it left (include/net/tcp_states.h numbering). */
  oldState: number;
  saddr: Uint8Array;
  daddr: Uint8Array;
  timeNs: bigint;
  /** At close, bytes since load; undefined at open. */
  txBytes?: number;
  rxBytes?: number;
}

export function decodeConnEvents(view: DataView): ConnEvent[] {
  return splitRingRecords(view).map((r) => {
    if (r.byteLength !== CONN_EVENT_SIZE) throw new Error(`connection event of ${r.byteLength} bytes, expected ${CONN_EVENT_SIZE}`);
    const kind = r.getUint32(0, true);
    if (kind !== 1 && kind !== 2) throw new Error(`unknown connection event kind ${kind}`);
    const tgid = r.getUint32(4, true);
    const at = r.byteOffset;
    return {
      kind: kind === 1 ? 'open' : 'close',
      pid: tgid === 0 ? undefined : tgid,
      sk: r.getBigUint64(8, true),
      timeNs: r.getBigUint64(16, true),
      family: r.getUint16(24, true),
      sport: r.getUint16(26, true),
      dport: r.getUint16(28, true),
      oldState: r.getUint8(30),
      saddr: new Uint8Array(r.buffer.slice(at + 32, at + 48)),
      daddr: new Uint8Array(r.buffer.slice(at + 48, at + 64)),
      txBytes: kind === 2 ? u64(r, 64) : undefined,
      rxBytes: kind === 2 ? u64(r, 72) : undefined,
    };
  });
}

// ---- bpf/hw.h --------------------------------------------------------------------------------

/** sizeof(struct st_thermal) and sizeof(struct st_cpufreq). */
export const THERMAL_SIZE = 48;
export const CPUFREQ_SIZE = 24;

/** The last thermal_temperature event of one zone. */
export interface ThermalReading {
  zone: number;
  type: string;
  celsius: number;
  events: number;
  timeNs: bigint;
}

/** The last cpu_frequency event of one CPU. */
export interface CpuFreqReading {
  cpu: number;
  mhz: number;
  events: number;
  timeNs: bigint;
}

export function decodeThermal(keys: ArrayBuffer, values: ArrayBuffer, count: number): ThermalReading[] {
  const k = new DataView(keys);
  const v = new DataView(values);
  const bytes = Buffer.from(values);
  const out: ThermalReading[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * THERMAL_SIZE;
    out.push({
      zone: k.getInt32(i * 4, true),
      celsius: v.getInt32(o, true) / 1000,
      events: u64(v, o + 8),
      timeNs: v.getBigUint64(o + 16, true),
      type: cString(bytes, o + 24, 20),
    });
  }
  return out.sort((a, b) => a.zone - b.zone);
}

export function decodeCpuFreq(keys: ArrayBuffer, values: ArrayBuffer, count: number): CpuFreqReading[] {
  const k = new DataView(keys);
  const v = new DataView(values);
  const out: CpuFreqReading[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * CPUFREQ_SIZE;
    out.push({ cpu: k.getUint32(i * 4, true), mhz: v.getUint32(o, true) / 1000, events: u64(v, o + 8), timeNs: v.getBigUint64(o + 16, true) });
  }
  return out.sort((a, b) => a.cpu - b.cpu);
}
