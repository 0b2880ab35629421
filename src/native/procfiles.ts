/**
 * Typed wrapper for the addon's "procfiles" module (native/procfiles.cc): the slow facts files
 * of many processes (cmdline, status, cgroup) read in one call, on threads of the addon's own
 * while JavaScript goes on, as bytes with an outcome each. The /proc reader reads a pass's facts ahead with it
 * (src/collectors/processes/read-ahead.ts); the parsing stays in TypeScript. When the addon is
 * not built, `procFilesNative()` says why and the reader reads each file as it needs it.
 */
import { nativeModule } from './binding.js';
import { readTable, TABLE_HEADER_BYTES } from './table.js';

/** The files, a bit each in a process's mask (native/procfiles.cc kFileNames, by slot), in the order facts.ts reads them. */
export const FACT_FILE = { cmdline: 1, cgroup: 2, status: 4 } as const;
export type FactFileName = keyof typeof FACT_FILE;
const SLOT: Record<FactFileName, number> = { cmdline: 0, cgroup: 1, status: 2 };
const SLOTS = 3;

/** What reading one file gave (native/procfiles.cc Outcome). */
export const FILE_OUTCOME = { read: 0, absent: 2, denied: 3, gone: 4, notAsked: 6 } as const;
export type FileOutcome = (typeof FILE_OUTCOME)[keyof typeof FILE_OUTCOME];

/** The largest cmdlineCap the addon takes (native/procfiles.cc kMaxFileBytes). */
export const MAX_CMDLINE_CAP = 4 * 1024 * 1024;

const ENTRY_BYTES = 12;

interface ProcFilesModule {
  readFiles(root: string, pids: Float64Array, masks: Uint8Array, cmdlineCap: number, statusKeys: readonly string[]): Promise<ArrayBuffer>;
}

/** One call's files, read in place: process i is the i-th pid asked for. */
export class ProcFileReads {
  readonly count: number;
  private readonly view: DataView;
  private readonly bytes: Buffer;
  private readonly data: number;

  constructor(buffer: ArrayBuffer) {
    ({ view: this.view, bytes: this.bytes, count: this.count, dataStart: this.data } = readTable(buffer, 'procfiles', ENTRY_BYTES, SLOTS));
  }

  private entry(i: number, file: FactFileName): number {
    return TABLE_HEADER_BYTES + (i * SLOTS + SLOT[file]) * ENTRY_BYTES;
  }

  outcome(i: number, file: FactFileName): FileOutcome {
    return this.view.getUint32(this.entry(i, file), true) as FileOutcome;
  }

  /** The bytes of a file whose outcome is `read` (a view into the call's buffer). */
  content(i: number, file: FactFileName): Buffer {
    const at = this.entry(i, file);
    const start = this.data + this.view.getUint32(at + 4, true);
    return this.bytes.subarray(start, start + this.view.getUint32(at + 8, true));
  }
}

/** The addon's reader of facts files. */
export interface ProcFilesNative {
  /**
   * Read, for each pids[i], the files of masks[i] (FACT_FILE bits) under `procRoot`; cmdline up
   * to `cmdlineCap` bytes, and of status only the lines whose key (the text before the colon) is
   * one of `statusKeys`. Rejects with NativeError on a failure that is not a vanished process or
   * a denied file.
   */
  read(procRoot: string, pids: Float64Array, masks: Uint8Array, cmdlineCap: number, statusKeys: readonly string[]): Promise<ProcFileReads>;
}

/** The native reader, or why it is not available (addon not built, or built without procfiles.cc). */
export function procFilesNative(): { ok: true; native: ProcFilesNative } | { ok: false; reason: string; remedy: string } {
  const loaded = nativeModule<ProcFilesModule>('procfiles');
  if (!loaded.ok) return loaded;
  const m = loaded.module;
  return {
    ok: true,
    native: {
      read: async (procRoot, pids, masks, cmdlineCap, statusKeys) => new ProcFileReads(await m.readFiles(procRoot, pids, masks, cmdlineCap, statusKeys)),
    },
  };
}
