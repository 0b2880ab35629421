/**
 * The NVML backend: NVIDIA GPUs through libnvidia-ml, opened at run time (src/native/nvml.ts).
 * Each sample runs on a native thread with a timeout; while a query hangs, reads fail fast with
 * the reason instead of queueing more work on a stuck driver, and the rest of the screen goes on.
 * @see https://docs.nvidia.com/deploy/nvml-api/
 */
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { openNvml, type NvmlSession } from '../../native/nvml.js';
import { errorText } from '../../util/probe.js';
import type { GpusRaw } from './raw.js';

export interface NvmlBackendOptions {
  /** A specific libnvidia-ml to open (tests use a fake one); production leaves it unset. */
  libraryPath?: string;
  /** How long one NVML query may take before the backend reports the driver hung. */
  timeoutMs?: number;
}

export const NVML_TIMEOUT_MS = 2000;

export function createNvmlBackend(options: NvmlBackendOptions = {}): Backend<GpusRaw> {
  const timeoutMs = options.timeoutMs ?? NVML_TIMEOUT_MS;
  let session: NvmlSession | undefined;
  /** Per device index: newest process-utilisation timestamp seen (µs), for the next query. */
  const lastSeenUs: number[] = [];
  return {
    id: 'nvml',
    // The session's own timeout fires first and says why; this is the sampler's backstop.
    timeoutMs: timeoutMs + 500,
    async probe(_ctx: CollectorContext): Promise<ProbeResult> {
      const opened = openNvml(options.libraryPath, timeoutMs);
      if (!opened.ok) return { available: false, reason: opened.reason, remedy: opened.remedy };
      try {
        const info = await opened.session.init();
        session = opened.session;
        const driver = info.driverVersion !== undefined ? `, driver ${info.driverVersion}` : '';
        if (info.deviceCount === 0) {
          return { available: false, reason: `NVML (${opened.library}${driver}) reports no GPUs` };
        }
        return { available: true, reason: `NVML ${opened.library}${driver}, ${info.deviceCount} GPU(s)` };
      } catch (err) {
        return {
          available: false,
          reason: `nvmlInit failed: ${errorText(err)}`,
          remedy: 'check that the NVIDIA kernel module is loaded (nvidia-smi should work)',
        };
      }
    },
    async read(): Promise<Partial<GpusRaw>> {
      if (session === undefined) throw new Error('NVML is not initialised');
      const devices = await session.sample(lastSeenUs);
      for (const d of devices) {
        for (const s of d.utilSamples ?? []) {
          if (s.timestampUs > (lastSeenUs[d.index] ?? 0)) lastSeenUs[d.index] = s.timestampUs;
        }
      }
      return { nvml: devices };
    },
    close(): void {
      session?.close();
    },
  };
}
