/**
 * Provenance per displayed field: from which backend supplied each raw input on the last read
 * (the sampler's reading.fields) and which inputs feed each field (the collector's feeds), the
 * backends behind each field the screen shows. A field made from inputs of several backends names
 * them all, in the order its derive prefers them ('ebpf-cpufreq+cpuinfo': some cores' frequency
 * from events, the others' from /proc/cpuinfo). A field none of whose inputs was read is left out.
 */
import type { FeedPaths } from '../collectors/contract.js';

export function displayedProvenance(feeds: FeedPaths | undefined, rawFields: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  if (feeds === undefined) return out;
  // Runs for every collector every tick: plain loops, and a field's few backends in an array.
  const backends: string[] = [];
  for (const field in feeds) {
    backends.length = 0;
    for (const path of feeds[field]) {
      const backend = rawFields[path];
      if (backend !== undefined && !backends.includes(backend)) backends.push(backend);
    }
    if (backends.length > 0) out[field] = backends.length === 1 ? backends[0] : backends.join('+');
  }
  return out;
}
