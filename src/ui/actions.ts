/**
 * The UI's action seams. `UiActions` are callbacks into the runtime: the alert engine's
 * (acknowledge, silence) and the process actions (signal through pidfds, renice, ionice;
 * src/runtime/actions.ts). Each may be absent, and the screen then says "actions not available";
 * the screen never makes those system calls itself. `ViewActions` change only what the screen
 * shows (open and close the detail view, post a status message). Both live in contexts separate
 * from the read-only state (src/ui/context.ts), per STYLE.md.
 */
import type { Viewer } from '../actions/confirm.js';
import type { WeightController } from '../actions/cgweight.js';
import type { SchedReading } from '../actions/chrt.js';
import type { IoPriority } from '../actions/ioprio.js';
import type { CgroupWeightAt, CgroupWeightReading } from '../actions/reweight.js';
import type { SchedSetting } from '../actions/schedpolicy.js';
import type { SignalHandle } from '../actions/signal.js';
import type { ActionResult, ActionTarget } from '../actions/target.js';

/** A process as the kernel identifies it across pid reuse. */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks after boot (proc(5) stat field 22). */
  startTime: number;
}

/** The signal handles of a set of targets: the ones whose pidfd opened, a result for each that did not. */
export interface OpenedSignals {
  handles: SignalHandle[];
  failures: ActionResult[];
}

/** A process's I/O priority as read, or why it could not be. */
export type IoPriorityReading = ActionResult & { priority?: IoPriority };

/** A process's scheduling policy as read, or why it could not be. */
export type SchedReadingResult = ActionResult & { sched?: SchedReading };

/** A process's cgroup weight file and its value, or why it cannot be acted on (root, own cgroup, no such file). */
export type CgroupWeightLookup = ActionResult & { found?: CgroupWeightReading };

/** Signal, renice, ionice, chrt and cgroup weights, as the runtime carries them out (src/runtime/actions.ts). */
export interface ProcessActions {
  /** Who acts (SmoothTask's pid and uid), for the confirmation rules (src/actions/confirm.ts). */
  viewer: Viewer;
  /**
   * Open a pidfd on each target and check its start time: called once, when the signal dialog
   * opens, so the signal confirmed later reaches exactly that process or none.
   */
  openSignals: (targets: readonly ActionTarget[]) => OpenedSignals;
  /** Set the nice value and read it back. */
  renice: (target: ActionTarget, nice: number) => ActionResult;
  readIoPriority: (target: ActionTarget) => IoPriorityReading;
  /** Set the I/O priority and read it back. */
  ionice: (target: ActionTarget, priority: IoPriority) => ActionResult;
  /** The scheduling policy, priority and nice now. */
  readSched: (target: ActionTarget) => SchedReadingResult;
  /** Set the scheduling policy (sched_setscheduler) and read it back. */
  setSched: (target: ActionTarget, setting: SchedSetting) => ActionResult;
  /** Find the cgroup that holds `controller` for the process and read its weight; refuses the root and SmoothTask's own. */
  readCgroupWeight: (target: ActionTarget, controller: WeightController) => CgroupWeightLookup;
  /** Set the weight file found by readCgroupWeight to v2 weight `weight` (mapped to its units) and read it back. */
  setCgroupWeight: (at: CgroupWeightAt, weight: number) => ActionResult;
  /** Write back a value read before, in the file's own units (undo). */
  restoreCgroupWeight: (at: CgroupWeightAt, value: number) => ActionResult;
}

export interface UiActions {
  /** Mark a firing alert acknowledged (the alert engine lives in the runtime); false when no such alert. */
  acknowledgeAlert?: (id: string) => boolean;
  /** Keep a firing alert off the desktop and webhooks for `ms`; false when no such alert. */
  silenceAlert?: (id: string, ms: number) => boolean;
  processes?: ProcessActions;
}

export interface ViewActions {
  openDetail: (target: ProcessIdentity) => void;
  closeDetail: () => void;
  /** Show a one-line message in the status bar until the next key. */
  setStatus: (text: string) => void;
}
