/**
 * The verdict as a store processor: every published snapshot carries the verdict for its
 * moment (`snapshot.verdict`), judged with the hysteresis of the samples before it, so the
 * screen, `why`, `snapshot --json` and a recorder all see the same one.
 */
import type { SnapshotProcessor } from '../store/store.js';
import { Judge } from './index.js';

export function verdictProcessor(): SnapshotProcessor {
  const judge = new Judge();
  return (snapshot) => ({ ...snapshot, verdict: judge.verdict(snapshot) });
}
