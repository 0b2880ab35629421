/**
 * Where the detail view's data comes from: the runtime opens a reader for one process (a detail
 * sampler over the Monitor's CollectorContext, src/runtime/detail.ts) and hands it to the screen
 * through context. The screen only calls `read` every interval; it never reads /proc itself.
 */
import type { DetailRead } from '../../collectors/procdetail/sampler.js';
import type { ProcessIdentity } from '../actions.js';

/** One open detail reader, for one (pid, startTime). */
export interface DetailHandle {
  /**
   * Read every section. `withEnvironment` reads the environment too (after the key that shows
   * it); `flagsFor` names descriptors on screen whose fdinfo flags are wanted past the bound.
   */
  read(withEnvironment: boolean, flagsFor: ReadonlySet<number>): DetailRead;
}

/** Opens a reader for a process; one per opened detail view. */
export type DetailSource = (target: ProcessIdentity) => DetailHandle;
