/**
 * Every threshold a verdict rule uses, with where its value comes from. One table, so
 * docs/verdict.md, the evidence on screen and `why --json` name the same origin. "Almost
 * critical" is atop's: 80% of the critical value, for every resource.
 */
import type { Threshold } from './types.js';

const ATOP = 'atop(1) 2.8.1, COLORS';

/** atop's `almostcrit`: a resource past 80% of its critical value is almost critical. */
export const ALMOST_SHARE = 0.8;

export const THRESHOLDS = {
  cpuBusy: { value: 90, unit: '%', origin: `${ATOP}: a processor busy 90% or more is critical` },
  /** Brendan Gregg's Linux 60-second checklist (uptime, vmstat r): load above the CPU count is saturation. */
  loadPerCpu: { value: 1, unit: 'per CPU', origin: 'Linux Performance Analysis in 60 s (Gregg, 2015): run queue above the CPU count is saturation' },
  /** below(1) highlights a PSI average above 40%. */
  psiSome: { value: 40, unit: '%', origin: 'below (facebookincubator/below): PSI above 40% is highlighted' },
  /** systemd-oomd acts on memory full pressure above 60% held for 30 s (oomd.conf defaults). */
  memoryFull: { value: 60, unit: '%', origin: 'systemd-oomd, oomd.conf: DefaultMemoryPressureLimit=60% over DefaultMemoryPressureDurationSec=30s' },
  memoryUsed: { value: 90, unit: '%', origin: `${ATOP}: memory occupied 90% (without page cache) is critical` },
  /** atop(1) COLORS: more than 10 pages swapped out per second make memory critical. */
  swapOut: {
    value: 10,
    unit: 'pages/s',
    origin: `${ATOP}: more than 10 pages swapped out per second is critical (atop's own "almost" is 1/s; SmoothTask applies its 80% to every threshold)`,
  },
  swapUsed: { value: 80, unit: '%', origin: `${ATOP}: swap occupied 80% is critical (exhaustion ahead, not a slowdown yet)` },
  diskBusy: { value: 70, unit: '%', origin: `${ATOP}: a disk busy 70% or more is critical` },
  /** Any error or drop is an error in the USE method's sense. */
  netErrors: { value: 0, unit: '/s', origin: 'USE method (Gregg): any interface error or drop is an error' },
  /** Our choice, stated as such: no tool we follow publishes a GPU busy level. */
  gpuBusy: { value: 90, unit: '%', origin: "SmoothTask's choice, atop's processor level applied to a GPU (no published GPU level)" },
  gpuMemory: { value: 90, unit: '%', origin: "SmoothTask's choice, atop's memory level applied to GPU memory (no published level)" },
  /** The driver's own slowdown temperature: past it the GPU lowers its clocks. */
  gpuSlowdown: { unit: '°C', origin: "the GPU driver's slowdown temperature (NVML NVML_TEMPERATURE_THRESHOLD_SLOWDOWN)" },
  /** The chip's own thresholds: hwmon temp*_max (high) and temp*_crit. */
  sensorHigh: { unit: '°C', origin: "the sensor chip's own limit (hwmon temp*_max, else temp*_crit)" },
  /** Our choice, stated as such: a tenth of CPU time taken by the hypervisor. */
  steal: { value: 10, unit: '%', origin: "SmoothTask's choice: 10% of CPU time taken by the hypervisor (no published level)" },
} as const satisfies Record<string, Threshold>;

/** A threshold whose value depends on the subject (a temperature limit the chip reports). */
export function withValue(t: Threshold, value: number): Threshold {
  return { ...t, value };
}
