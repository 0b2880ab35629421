/**
 * The UI's action seams. `UiActions` are callbacks into the runtime's alert engine (acknowledge,
 * silence); each may be absent, and the screen then says "actions not available". Signals,
 * renice and ionice go through the action dialogs (src/ui/dialogs), which hold their own pidfds.
 * `ViewActions` change only what the screen shows (open and close the detail view, post a status
 * message). Both live in contexts separate from the read-only state (src/ui/context.ts), per
 * STYLE.md.
 */

/** A process as the kernel identifies it across pid reuse. */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks after boot (proc(5) stat field 22). */
  startTime: number;
}

export interface UiActions {
  /** Mark a firing alert acknowledged (the alert engine lives in the runtime); false when no such alert. */
  acknowledgeAlert?: (id: string) => boolean;
  /** Keep a firing alert off the desktop and webhooks for `ms`; false when no such alert. */
  silenceAlert?: (id: string, ms: number) => boolean;
}

export interface ViewActions {
  openDetail: (target: ProcessIdentity) => void;
  closeDetail: () => void;
  /** Show a one-line message in the status bar until the next key. */
  setStatus: (text: string) => void;
}
