/** The PSI backend: /proc/pressure/{cpu,io,memory}, when the kernel has PSI enabled. */
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import type { PressureResource } from '../../types/snapshot.js';
import { tryReadTextSync } from '../../util/readfile.js';
import { probeReadable } from '../../util/probe.js';
import { parsePressure } from './parse.js';

/** One parsed PSI file per resource; a resource whose file is missing is absent. */
export type PressureRaw = Record<'cpu' | 'io' | 'memory', PressureResource>;

/** Why the pressure panel is n/a, as `doctor` and `sources` say it. */
export const PSI_MISSING_REASON = 'kernel has no PSI (CONFIG_PSI) or psi=0';

/** /proc/pressure/{cpu,io,memory}. */
export const pressureProcBackend: Backend<PressureRaw> = {
  id: 'proc',
  probe(ctx: CollectorContext): ProbeResult {
    return probeReadable(
      ctx.readBuffer,
      join(ctx.procRoot, 'pressure/cpu'),
      PSI_MISSING_REASON,
      'boot a kernel built with CONFIG_PSI=y, adding psi=1 to its command line if CONFIG_PSI_DEFAULT_DISABLED=y',
    );
  },
  read(ctx: CollectorContext): Partial<PressureRaw> {
    const raw: Partial<PressureRaw> = {};
    for (const resource of ['cpu', 'io', 'memory'] as const) {
      const text = tryReadTextSync(ctx.readBuffer, join(ctx.procRoot, 'pressure', resource));
      if (text !== undefined) raw[resource] = parsePressure(text);
    }
    return raw;
  },
};
