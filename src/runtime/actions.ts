/**
 * The process actions the screen calls through its actions context (src/ui/actions.ts
 * ProcessActions): signals through pidfds opened when the dialog opens, renice, ionice and the
 * scheduling policy, each re-checking the (pid, start time) identity under the Monitor's /proc
 * root, and cgroup weights under its /sys root.
 */
import type { Viewer } from '../actions/confirm.js';
import { readSched, setSched } from '../actions/chrt.js';
import { ionice, readIoPriority } from '../actions/ionice.js';
import { renice } from '../actions/renice.js';
import { readCgroupWeight, restoreCgroupWeight, setCgroupWeight } from '../actions/reweight.js';
import { openSignalHandles } from '../actions/signal.js';
import type { ProcNative } from '../native/proc.js';
import type { ProcessActions } from '../ui/actions.js';
import { ReadBuffer } from '../util/readfile.js';

export interface ProcessActionOptions {
  /** The CollectorContext's procRoot. */
  procRoot: string;
  /** The CollectorContext's sysRoot: the cgroup filesystem is under it (fs/cgroup). */
  sysRoot: string;
  /** The native module; null forces the kill(2) fallback and no ionice or chrt (tests). Default: loaded on use. */
  native?: ProcNative | null;
  /** Who acts; default: this process. */
  viewer?: Viewer;
}

/** SmoothTask's own pid and uid. */
function currentViewer(): Viewer {
  return { selfPid: process.pid, uid: process.getuid?.() ?? -1 };
}

export function processActions({ procRoot, sysRoot, native, viewer = currentViewer() }: ProcessActionOptions): ProcessActions {
  const buffer = new ReadBuffer();
  const roots = { procRoot, sysRoot, selfPid: viewer.selfPid };
  return {
    viewer,
    openSignals: (targets) => openSignalHandles(targets, { procRoot, buffer, native }),
    renice: (target, nice) => renice(target, nice, procRoot, buffer),
    readIoPriority: (target) => readIoPriority(target, procRoot, buffer, native),
    ionice: (target, priority) => ionice(target, priority, procRoot, buffer, native),
    readSched: (target) => readSched(target, procRoot, buffer, native),
    setSched: (target, setting) => setSched(target, setting, procRoot, buffer, native),
    readCgroupWeight: (target, controller) => readCgroupWeight(target, controller, roots, buffer),
    setCgroupWeight: (at, weight) => setCgroupWeight(at, weight, sysRoot, buffer),
    restoreCgroupWeight: (at, value) => restoreCgroupWeight(at, value, sysRoot, buffer),
  };
}
