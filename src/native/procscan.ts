/**
 * Typed wrapper for the addon's "procscan" module (native/procscan.cc): the /proc process scan of
 * the unprivileged path in one call, the decoder of what it returns, and the read of one process's
 * counter files (statm, io, schedstat) as the read plan asks for them. A scan is one
 * ArrayBuffer: a header, one fixed-layout record per process and a side table of strings (comm).
 * ProcScanRecords reads the records in place, as TaskRecords reads the task iterator's.
 * PROC_SCAN_LAYOUT is compared field by field with the addon's offsetof table (recordLayout) by
 * test/unit/processes/native-scan.test.ts, so a change to the struct fails a test, not a scan.
 * When the addon is not built, `procScanNative()` says why and the /proc backend reads /proc in
 * TypeScript (src/collectors/processes/scanner.ts).
 */
import { nativeModule } from './binding.js';
import { readTable, TABLE_HEADER_BYTES } from './table.js';
import type { RecordLayout } from './bpf-common.js';

/** struct ProcScanRecord of native/procscan.cc: sizeof and offsetof of every field. */
export const PROC_SCAN_LAYOUT = {
  size: 96,
  fields: {
    pid: 0,
    ppid: 8,
    flags: 16,
    cpu_ticks: 24,
    priority: 32,
    nice: 40,
    threads: 48,
    start_time: 56,
    vsize: 64,
    rss_pages: 72,
    comm_offset: 80,
    comm_length: 84,
    state: 88,
    bits: 92,
  },
} as const satisfies RecordLayout;

const RECORD_SIZE = 96;
// ProcScanRecord.bits.
const HAS_VSIZE = 1;
const HAS_RSS = 2;
const RAW = 4;

interface ScannerHandle {
  scan(root: string): ArrayBuffer;
  close(): void;
}

interface ProcScanModule {
  Scanner: new (maxKept: number) => ScannerHandle;
  recordLayout: RecordLayout;
  readCounters(dir: string, files: number, out: Float64Array): void;
}

/** The counter files readCounters reads, a mask (native/procscan.cc kStatm, kIo, kSchedstat). */
export const COUNTER_FILE = { statm: 1, io: 2, schedstat: 4 } as const;

/** What reading one counter file gave (native/procscan.cc Outcome). */
export const COUNTER_OUTCOME = { parsed: 0, unparsed: 1, absent: 2, denied: 3, gone: 4 } as const;

/**
 * Where readCounters puts each figure and outcome in its Float64Array (native/procscan.cc Slot):
 * statm's three figures in pages, io's read_bytes and write_bytes, schedstat's run-queue wait in
 * ns, then one COUNTER_OUTCOME per file asked for.
 */
export const COUNTER_SLOT = {
  statmSize: 0,
  statmResident: 1,
  statmShared: 2,
  ioRead: 3,
  ioWrite: 4,
  waitNs: 5,
  statmOutcome: 6,
  ioOutcome: 7,
  schedstatOutcome: 8,
} as const;
const COUNTER_SLOTS = 9;

/**
 * One scan's output, read in place. Record i's fields are methods taking i. Numbers are stat's
 * (proc_pid_stat(5)) as parse.ts parseStat computes them; comm is the kernel's bytes, decoded,
 * not yet sanitised. A raw record (`raw(i)`) was not parsed by the addon (bytes past ASCII after
 * comm): only its pid (the folder's) and its whole stat text (`text(i)`) are set.
 */
export class ProcScanRecords {
  readonly count: number;
  private readonly view: DataView;
  private readonly bytes: Buffer;
  private readonly strings: number;

  constructor(buffer: ArrayBuffer) {
    ({ view: this.view, bytes: this.bytes, count: this.count, dataStart: this.strings } = readTable(buffer, 'procscan', RECORD_SIZE, 1));
  }

  private f64(i: number, field: number): number {
    return this.view.getFloat64(TABLE_HEADER_BYTES + i * RECORD_SIZE + field, true);
  }
  private u32(i: number, field: number): number {
    return this.view.getUint32(TABLE_HEADER_BYTES + i * RECORD_SIZE + field, true);
  }

  pid(i: number): number {
    return this.f64(i, 0);
  }
  ppid(i: number): number {
    return this.f64(i, 8);
  }
  flags(i: number): number {
    return this.f64(i, 16);
  }
  cpuTicks(i: number): number {
    return this.f64(i, 24);
  }
  priority(i: number): number {
    return this.f64(i, 32);
  }
  nice(i: number): number {
    return this.f64(i, 40);
  }
  threads(i: number): number {
    return this.f64(i, 48);
  }
  startTime(i: number): number {
    return this.f64(i, 56);
  }
  vsize(i: number): number | undefined {
    return (this.u32(i, 92) & HAS_VSIZE) !== 0 ? this.f64(i, 64) : undefined;
  }
  rssPagesApprox(i: number): number | undefined {
    return (this.u32(i, 92) & HAS_RSS) !== 0 ? this.f64(i, 72) : undefined;
  }
  /** stat field 3, one ASCII letter. */
  state(i: number): string {
    return String.fromCharCode(this.u32(i, 88));
  }
  /** True when the addon left the record to the TypeScript parser (text(i)). */
  raw(i: number): boolean {
    return (this.u32(i, 92) & RAW) !== 0;
  }
  /**
   * True where text(i) would give `text`, checked on the bytes: a scan at 5,000 processes decoded
   * 5,000 names a refresh to find them unchanged. ASCII only; a byte past it answers false, and
   * the caller decodes.
   */
  textIs(i: number, text: string): boolean {
    const start = this.strings + this.u32(i, 80);
    const length = this.u32(i, 84);
    if (length !== text.length) return false;
    for (let k = 0; k < length; k++) {
      const byte = this.bytes[start + k];
      if (byte > 0x7f || text.charCodeAt(k) !== byte) return false;
    }
    return true;
  }
  /** comm as the kernel wrote it, or a raw record's whole stat text; decoded as UTF-8. */
  text(i: number): string {
    const start = this.strings + this.u32(i, 80);
    return this.bytes.toString('utf8', start, start + this.u32(i, 84));
  }
}

/** A scanner of the addon: its kept stat files stay open until close(). */
export interface NativeProcScanner {
  /** List `procRoot` and read every process's stat (see ProcScanRecords). Throws NativeError on a failure that is not a vanished or denied process. */
  scan(procRoot: string): ProcScanRecords;
  /**
   * Read and parse the counter files of `files` (COUNTER_FILE mask) of the process in `dir`. The
   * result (COUNTER_SLOT) is the scanner's own array, valid until its next call. Throws
   * NativeError on a failure that is not a vanished or denied process.
   */
  counters(dir: string, files: number): Float64Array;
  /** Close the kept files and give back the buffers a scan grew; a later scan opens and grows them again. */
  close(): void;
}

/** The addon's scan, and the layout its records have (for the test). */
export interface ProcScanNative {
  /** A scanner that keeps at most `maxKept` stat files open (readfile.ts fdBudget). */
  scanner(maxKept: number): NativeProcScanner;
  recordLayout: RecordLayout;
}

/** The native scan, or why it is not available (addon not built, or built without procscan.cc). */
export function procScanNative(): { ok: true; native: ProcScanNative } | { ok: false; reason: string; remedy: string } {
  const loaded = nativeModule<ProcScanModule>('procscan');
  if (!loaded.ok) return loaded;
  const m = loaded.module;
  return {
    ok: true,
    native: {
      recordLayout: m.recordLayout,
      scanner(maxKept) {
        if (!Number.isInteger(maxKept) || maxKept < 0) throw new RangeError(`maxKept must be a non-negative integer, got ${maxKept}`);
        const handle = new m.Scanner(maxKept);
        const out = new Float64Array(COUNTER_SLOTS);
        return {
          scan: (procRoot) => new ProcScanRecords(handle.scan(procRoot)),
          counters: (dir, files) => {
            m.readCounters(dir, files, out);
            return out;
          },
          close: () => handle.close(),
        };
      },
    },
  };
}
