/**
 * The joins across domains, in the order the assembler runs them after every collector's part is
 * in the snapshot. A join reads the parts it needs (some hold more than the snapshot shows, like
 * the gpus part's fence use) and returns the snapshot with its fields filled, and their provenance
 * in `sources` of the part it fills; it never derives a domain's own numbers.
 */
import type { CollectorParts } from '../../collectors/registry.js';
import type { Snapshot } from '../../types/snapshot.js';
import { gpuUseSources, joinGpuUse } from './gpu-use.js';

export interface Join {
  /** What the step joins, as docs/snapshot-schema.md and the tests refer to it. */
  name: string;
  apply(snapshot: Snapshot, parts: CollectorParts): Snapshot;
}

export const JOINS: readonly Join[] = [
  {
    name: 'gpu-use',
    apply: (snapshot, { gpus }) =>
      gpus === undefined ? snapshot : { ...snapshot, processes: joinGpuUse(snapshot.processes, gpus), sources: gpuUseSources(snapshot.sources) },
  },
];
