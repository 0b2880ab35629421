/**
 * The detail view's data source, next to the Monitor: a DetailSampler per opened view, reading
 * under the Monitor's CollectorContext roots. The screen receives it through its context.
 */
import type { CollectorContext } from '../collectors/contract.js';
import { DetailSampler } from '../collectors/procdetail/sampler.js';
import type { DetailSource } from '../ui/detail/source.js';

export function detailSource(ctx: CollectorContext): DetailSource {
  return (target) => new DetailSampler(ctx, target.pid, target.startTime);
}
