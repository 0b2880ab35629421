/** The pressure panel: the kernel's own averages, passed through; a missing file is undefined. */
import type { CollectorContext, Timed } from '../contract.js';
import type { PressurePanel } from '../../types/snapshot.js';
import type { PressureRaw } from './proc.js';

/** PSI averages are already computed by the kernel over its own windows, so no rates here. */
export function derivePressure(_prev: Timed<PressureRaw> | undefined, cur: Timed<PressureRaw>, _ctx: CollectorContext): PressurePanel {
  return { cpu: cur.raw.cpu, io: cur.raw.io, memory: cur.raw.memory };
}
