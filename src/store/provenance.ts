/**
 * Provenance per displayed field: from which backend supplied each raw input on the last read
 * (the sampler's reading.fields) and which inputs feed each field (the collector's feeds), the
 * backends behind each field the screen shows. A field made from inputs of several backends names
 * them all, in the order its derive prefers them ('ebpf-cpufreq+proc': some cores' frequency from
 * events, the others' from /proc/cpuinfo). A field none of whose inputs was read is left out.
 */
import type { FeedPaths } from '../collectors/contract.js';

export function displayedProvenance(feeds: FeedPaths | undefined, rawFields: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, paths] of Object.entries(feeds ?? {})) {
    const backends = [...new Set(paths.flatMap((p) => (rawFields[p] === undefined ? [] : [rawFields[p]])))];
    if (backends.length > 0) out[field] = backends.join('+');
  }
  return out;
}
