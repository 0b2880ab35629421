/**
 * Cgroup weights: which file holds a controller's weight on cgroup v2 and v1, their ranges and
 * defaults, the v2 weight (1..10000, default 100) each maps from, the text they hold, and which
 * cgroup of a process holds a controller (/proc/PID/cgroup). No system calls, so the weight
 * dialog can use it; reweight.ts finds, writes and reads back.
 * @see https://docs.kernel.org/admin-guide/cgroup-v2.html (Weights, CPU, IO)
 * @see https://docs.kernel.org/scheduler/sched-design-CFS.html (cpu.shares on v1)
 */

export const WEIGHT_CONTROLLERS = ['cpu', 'io'] as const;
export type WeightController = (typeof WEIGHT_CONTROLLERS)[number];

/** The v2 weight range and default every file's value is shown and chosen in. */
export const WEIGHT_MIN = 1;
export const WEIGHT_MAX = 10_000;
export const WEIGHT_DEFAULT = 100;

export interface WeightFile {
  name: string;
  controller: WeightController;
  version: 1 | 2;
  min: number;
  max: number;
  /** The file's own default: the value that stands for weight 100. */
  defaultValue: number;
  /** The file holds `default N` (then `MAJ:MIN N` lines per device) rather than a bare number. */
  keyed: boolean;
}

/**
 * Per controller and version, in the order they are looked for: v2 cpu.weight; v1 cpu.shares
 * (systemd maps weight w to shares w × 1024 / 100); v2 io.weight (blk-iocost) or BFQ's
 * io.bfq.weight; v1 BFQ's blkio.bfq.weight or CFQ's blkio.weight (systemd: w × 500 / 100). An I/O
 * weight file exists only where the I/O scheduler or iocost provides it.
 */
export const WEIGHT_FILES: readonly WeightFile[] = [
  { name: 'cpu.weight', controller: 'cpu', version: 2, min: 1, max: 10_000, defaultValue: 100, keyed: false },
  { name: 'cpu.shares', controller: 'cpu', version: 1, min: 2, max: 262_144, defaultValue: 1024, keyed: false },
  { name: 'io.weight', controller: 'io', version: 2, min: 1, max: 10_000, defaultValue: 100, keyed: true },
  { name: 'io.bfq.weight', controller: 'io', version: 2, min: 1, max: 1000, defaultValue: 100, keyed: true },
  { name: 'blkio.bfq.weight', controller: 'io', version: 1, min: 1, max: 1000, defaultValue: 100, keyed: false },
  { name: 'blkio.weight', controller: 'io', version: 1, min: 10, max: 1000, defaultValue: 500, keyed: false },
];

export function weightFileNamed(name: string): WeightFile | undefined {
  return WEIGHT_FILES.find((f) => f.name === name);
}

/** The file's value for v2 weight `w`, clamped to the file's range. */
export function valueForWeight(w: number, f: WeightFile): number {
  return Math.min(f.max, Math.max(f.min, Math.round((w * f.defaultValue) / WEIGHT_DEFAULT)));
}

/** The v2 weight a file's value stands for (cpu.shares 1024 → 100), to one decimal. */
export function weightOfValue(value: number, f: WeightFile): number {
  return Math.round((value * WEIGHT_DEFAULT * 10) / f.defaultValue) / 10;
}

/** Why `w` is not a weight, or undefined. */
export function weightError(w: number): string | undefined {
  if (!Number.isInteger(w) || w < WEIGHT_MIN || w > WEIGHT_MAX)
    return `a weight is a whole number from ${WEIGHT_MIN} to ${WEIGHT_MAX} (default ${WEIGHT_DEFAULT})`;
  return undefined;
}

/** The value a weight file holds (its `default` line where keyed); undefined for text that is neither. */
export function parseWeightValue(text: string, f: WeightFile): number | undefined {
  const line = f.keyed ? text.split('\n').find((l) => l.startsWith('default ')) : text;
  const m = /^(?:default )?(\d{1,9})\s*$/.exec(line?.trim() ?? '');
  return m === null ? undefined : Number(m[1]);
}

/** What to write to set the file to `value` (for keyed files, the default only: per-device lines stay). */
export function formatWeightValue(value: number, f: WeightFile): string {
  return f.keyed ? `default ${value}\n` : `${value}\n`;
}

/** The controller's name on cgroup v1 ('io' is 'blkio' there). */
function v1Name(c: WeightController): string {
  return c === 'io' ? 'blkio' : c;
}

/**
 * Where a process sits in the hierarchy that holds `controller`, from /proc/PID/cgroup
 * (cgroups(7): `hierarchy-ID:controllers:path`). A controller is on one hierarchy only: a v1 line
 * that names it wins (on v1 the hierarchy's folder is named by its controllers, "cpu,cpuacct"),
 * else the v2 line (`0::path`). The path is the kernel's, not sanitised: it names a folder.
 */
export function controllerCgroup(
  text: string,
  controller: WeightController,
): { version: 1; hierarchy: string; path: string } | { version: 2; path: string } | undefined {
  let v2: string | undefined;
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = a < 0 ? -1 : line.indexOf(':', a + 1);
    if (b < 0) continue;
    const controllers = line.slice(a + 1, b);
    const path = line.slice(b + 1);
    if (line.slice(0, a) === '0' && controllers === '') v2 = path;
    else if (controllers.split(',').includes(v1Name(controller))) return { version: 1, hierarchy: controllers, path };
  }
  return v2 === undefined ? undefined : { version: 2, path: v2 };
}

function pct(n: number): string {
  return `${Math.round(n)}%`;
}

/** What weight `w` does, against one busy sibling cgroup at the default. */
export function weightEffect(controller: WeightController, w: number, from = WEIGHT_DEFAULT): string {
  const what = controller === 'cpu' ? 'a contended CPU' : 'a contended disk';
  return `against one busy sibling cgroup at the default weight ${WEIGHT_DEFAULT}, it gets ${pct((100 * w) / (w + WEIGHT_DEFAULT))} of ${what} instead of ${pct((100 * from) / (from + WEIGHT_DEFAULT))}`;
}
