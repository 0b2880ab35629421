/**
 * The process actions the screen calls through its actions context (src/ui/actions.ts
 * ProcessActions): signals through pidfds opened when the dialog opens, renice and ionice, each
 * re-checking the (pid, start time) identity under the Monitor's /proc root.
 */
import type { Viewer } from '../actions/confirm.js';
import { ionice, readIoPriority } from '../actions/ionice.js';
import { renice } from '../actions/renice.js';
import { openSignalHandles } from '../actions/signal.js';
import type { ProcNative } from '../native/proc.js';
import type { ProcessActions } from '../ui/actions.js';
import { ReadBuffer } from '../util/readfile.js';

export interface ProcessActionOptions {
  /** The CollectorContext's procRoot. */
  procRoot: string;
  /** The native module; null forces the kill(2) fallback and no ionice (tests). Default: loaded on use. */
  native?: ProcNative | null;
  /** Who acts; default: this process. */
  viewer?: Viewer;
}

/** SmoothTask's own pid and uid. */
function currentViewer(): Viewer {
  return { selfPid: process.pid, uid: process.getuid?.() ?? -1 };
}

export function processActions({ procRoot, native, viewer = currentViewer() }: ProcessActionOptions): ProcessActions {
  const buffer = new ReadBuffer();
  return {
    viewer,
    openSignals: (targets) => openSignalHandles(targets, { procRoot, buffer, native }),
    renice: (target, nice) => renice(target, nice, procRoot, buffer),
    readIoPriority: (target) => readIoPriority(target, procRoot, buffer, native),
    ionice: (target, priority) => ionice(target, priority, procRoot, buffer, native),
  };
}
