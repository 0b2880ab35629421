/** Every collector, in the order the sampler reads them (host first: others use its facts). */
import type { AnyCollector } from './contract.js';
import { hostCollector } from './host/index.js';

export function allCollectors(): AnyCollector[] {
  return [hostCollector];
}
