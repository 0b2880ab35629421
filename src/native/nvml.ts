/**
 * Typed wrapper over the addon's 'nvml' module (native/nvml.cc): opens libnvidia-ml with dlopen,
 * and runs every NVML query on a native thread of its own, racing it here against a timeout. A
 * query that does not answer in time marks the session hung; no new query is sent until the hung
 * one returns, so a stuck driver costs one blocked thread, never the event loop.
 * NVML API reference: https://docs.nvidia.com/deploy/nvml-api/
 */
import type { GpuDevice } from '../types/snapshot.js';
import { nativeModule } from './binding.js';

/** Device fields as native/nvml.cc names them (already in GpuDevice's units). */
export type NvmlDeviceValues = Pick<
  GpuDevice,
  | 'name'
  | 'uuid'
  | 'pciBusId'
  | 'utilPercent'
  | 'memUtilPercent'
  | 'memUsedBytes'
  | 'memTotalBytes'
  | 'memFreeBytes'
  | 'powerWatts'
  | 'powerLimitWatts'
  | 'temperatureC'
  | 'slowdownTempC'
  | 'graphicsClockMHz'
  | 'smClockMHz'
  | 'memClockMHz'
  | 'maxGraphicsClockMHz'
  | 'maxSmClockMHz'
  | 'maxMemClockMHz'
  | 'fanPercent'
  | 'pcieRxBytesPerSec'
  | 'pcieTxBytesPerSec'
  | 'encoderPercent'
  | 'decoderPercent'
> & {
  /** 1 when MIG is enabled (nvmlDeviceGetMigMode current mode), else 0. */
  migMode?: number;
};

export interface NvmlProcess {
  pid: number;
  /** Absent when NVML says NVML_VALUE_NOT_AVAILABLE (e.g. in containers without the PID). */
  memBytes?: number;
  kind: 'compute' | 'graphics';
}

/** One nvmlProcessUtilizationSample_t. */
export interface NvmlUtilSample {
  pid: number;
  /** CPU timestamp in microseconds. */
  timestampUs: number;
  smPercent: number;
  memPercent: number;
  encPercent: number;
  decPercent: number;
}

/** What one device answered; every field that returned an error is in `errors` instead. */
export interface NvmlDeviceSample {
  index: number;
  /** Set when nvmlDeviceGetHandleByIndex itself failed (then nothing else is). */
  error?: string;
  values?: NvmlDeviceValues;
  /** Field name → NVML error string, e.g. fanPercent → "Not Supported (NVML_ERROR 3)". */
  errors?: Record<string, string>;
  processes?: NvmlProcess[];
  /** 'compute' | 'graphics' → why that process list could not be read. */
  processErrors?: Record<string, string>;
  utilSamples?: NvmlUtilSample[];
  /** Why there are no process utilisation samples (e.g. "Not Found": none since the last read). */
  utilError?: string;
}

export interface NvmlInitInfo {
  deviceCount: number;
  driverVersion?: string;
}

/** The addon module's shape (native/nvml.cc InitModule). */
interface NvmlNative {
  open(libraryPath?: string): { library: string };
  init(): Promise<NvmlInitInfo>;
  sample(lastSeenUs: number[]): Promise<NvmlDeviceSample[]>;
  busy(): boolean;
  shutdown(): boolean;
}

/** Thrown when a query runs past its timeout, or when one is refused because an earlier one hangs. */
export class NvmlTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

export type NvmlOpen = { ok: true; session: NvmlSession; library: string } | { ok: false; reason: string; remedy?: string; detail?: string };

/**
 * Open libnvidia-ml. `libraryPath` is for tests (a fake library); production passes nothing and
 * the standard names libnvidia-ml.so.1, then libnvidia-ml.so, are searched.
 */
export function openNvml(libraryPath?: string, timeoutMs = 2000): NvmlOpen {
  const mod = nativeModule<NvmlNative>('nvml');
  if (!mod.ok) return { ok: false, reason: mod.reason, remedy: mod.remedy };
  try {
    const { library } = mod.module.open(libraryPath);
    return { ok: true, library, session: new NvmlSession(mod.module, timeoutMs) };
  } catch (err) {
    const detail = (err as Error).message;
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' && libraryPath === undefined) {
      return {
        ok: false,
        reason: 'libnvidia-ml.so.1 not found (no NVIDIA driver)',
        remedy: 'install the NVIDIA driver (it ships libnvidia-ml.so.1), or add its folder to the loader path',
        detail,
      };
    }
    return { ok: false, reason: `cannot open NVML: ${detail}`, detail };
  }
}

/** One opened NVML, with the hang guard around every query. */
export class NvmlSession {
  private pending: Promise<unknown> | undefined;
  private hungSince: number | undefined;

  constructor(
    private readonly native: NvmlNative,
    readonly timeoutMs: number,
  ) {}

  /** Wall-clock ms since the query now hanging was abandoned, or undefined when none hangs. */
  get hungSinceMs(): number | undefined {
    return this.hungSince;
  }

  init(): Promise<NvmlInitInfo> {
    return this.run('nvmlInit', () => this.native.init());
  }

  /** Read every device; `lastSeenUs[i]` is device i's newest process-utilisation timestamp seen. */
  sample(lastSeenUs: number[]): Promise<NvmlDeviceSample[]> {
    return this.run('NVML sample', () => this.native.sample(lastSeenUs));
  }

  /** nvmlShutdown, unless a query still hangs (then the library stays loaded until exit). */
  close(): void {
    if (this.pending === undefined) this.native.shutdown();
  }

  private run<T>(what: string, start: () => Promise<T>): Promise<T> {
    if (this.pending !== undefined) {
      const since = this.hungSince !== undefined ? new Date(this.hungSince).toISOString() : 'now';
      return Promise.reject(new NvmlTimeoutError(`${what} not sent: an earlier NVML query has not returned (hung since ${since})`));
    }
    let query: Promise<T>;
    try {
      query = start();
    } catch (err) {
      // Refused before any thread started (EBUSY, no thread could be created).
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.pending = query;
    const clear = (): void => {
      this.pending = undefined;
      this.hungSince = undefined;
    };
    query.then(clear, clear);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.hungSince = Date.now();
        reject(new NvmlTimeoutError(`${what} timed out after ${this.timeoutMs} ms (NVIDIA driver not answering)`));
      }, this.timeoutMs);
      query.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }
}
