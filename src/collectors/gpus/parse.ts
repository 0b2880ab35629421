/**
 * Pure parsers for GPU sysfs files and DRM fdinfo text. No I/O here: readers pass file contents.
 */

/**
 * One integer sysfs attribute ("12345\n"); undefined for empty or non-numeric text, and for more
 * than the 20 digits of a 64-bit value (which would read as Infinity).
 */
export function parseSysfsInt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^-?\d{1,20}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** A `uevent` file (KEY=value lines) as a map. */
export function parseUevent(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1).trim();
  }
  return out;
}

/** Vendor from the PCI vendor id of uevent's PCI_ID ("1002:73BF"). */
export function vendorFromPciId(pciId: string | undefined): 'nvidia' | 'amd' | 'intel' | 'other' {
  switch (pciId?.split(':')[0]?.toLowerCase()) {
    case '10de':
      return 'nvidia';
    case '1002':
      return 'amd';
    case '8086':
      return 'intel';
    default:
      return 'other';
  }
}

export interface DpmClocks {
  /** The level marked with '*'. */
  currentMHz?: number;
  /** The highest level listed. */
  maxMHz?: number;
}

/**
 * amdgpu pp_dpm_sclk / pp_dpm_mclk: one power level per line, "1: 1000Mhz *" with '*' on the
 * current one. Some parts list a sleep level "S: 19Mhz".
 * @see https://docs.kernel.org/gpu/amdgpu/thermal.html (pp_dpm_*)
 */
export function parseDpmClocks(text: string): DpmClocks {
  const out: DpmClocks = {};
  for (const line of text.split('\n')) {
    const m = /^\s*\w+:\s*(\d{1,20})\s*mhz\s*(\*)?\s*$/i.exec(line);
    if (m === null) continue;
    const mhz = Number(m[1]);
    if (m[2] !== undefined) out.currentMHz = mhz;
    if (out.maxMHz === undefined || mhz > out.maxMHz) out.maxMHz = mhz;
  }
  return out;
}

/** One engine's counters from a DRM client's fdinfo. */
export interface DrmEngine {
  /** drm-engine-<name>: busy time in ns. */
  busyNs?: number;
  /** drm-cycles-<name>: busy cycles. */
  cycles?: number;
  /** drm-total-cycles-<name>: all cycles elapsed on the engine. */
  totalCycles?: number;
  /** drm-engine-capacity-<name>: engines of this class (default 1). */
  capacity: number;
}

/** The drm-* keys of one /proc/PID/fdinfo/FD of a DRM file. */
export interface DrmFdinfo {
  driver: string;
  clientId?: string;
  /** PCI address of the device (drm-pdev), e.g. 0000:03:00.0. */
  pdev?: string;
  engines: Record<string, DrmEngine>;
  /** Bytes per memory region from drm-resident-*, else drm-total-*, else legacy drm-memory-*. */
  memoryBytes?: number;
}

const UNIT: Record<string, number> = { '': 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** "<uint> [KiB|MiB]" → bytes. A u64 has at most 20 digits; a longer run would read as Infinity. */
function parseMemory(value: string): number | undefined {
  const m = /^(\d{1,20})\s*(KiB|MiB|GiB)?$/.exec(value);
  if (m === null) return undefined;
  return Number(m[1]) * UNIT[m[2] ?? ''];
}

function sum(values: Record<string, number>): number | undefined {
  const list = Object.values(values);
  return list.length === 0 ? undefined : list.reduce((a, b) => a + b, 0);
}

/**
 * Parse the fdinfo of an open DRM file. Undefined when it has no drm-driver key (not a DRM
 * client, or a driver without usage stats).
 * @see https://docs.kernel.org/gpu/drm-usage-stats.html
 */
export function parseDrmFdinfo(text: string): DrmFdinfo | undefined {
  let driver: string | undefined;
  let clientId: string | undefined;
  let pdev: string | undefined;
  const engines: Record<string, DrmEngine> = {};
  const resident: Record<string, number> = {};
  const total: Record<string, number> = {};
  const legacy: Record<string, number> = {};
  const engine = (name: string): DrmEngine => (engines[name] ??= { capacity: 1 });
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || !line.startsWith('drm-')) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (key === 'drm-driver') driver = value;
    else if (key === 'drm-client-id') clientId = value;
    else if (key === 'drm-pdev') pdev = value;
    else if (key.startsWith('drm-engine-capacity-')) {
      const n = Number(value);
      if (Number.isInteger(n) && n > 0) engine(key.slice('drm-engine-capacity-'.length)).capacity = n;
    } else if (key.startsWith('drm-engine-')) {
      const m = /^(\d{1,20})\s*ns$/.exec(value);
      if (m !== null) engine(key.slice('drm-engine-'.length)).busyNs = Number(m[1]);
    } else if (key.startsWith('drm-total-cycles-')) {
      if (/^\d{1,20}$/.test(value)) engine(key.slice('drm-total-cycles-'.length)).totalCycles = Number(value);
    } else if (key.startsWith('drm-cycles-')) {
      if (/^\d{1,20}$/.test(value)) engine(key.slice('drm-cycles-'.length)).cycles = Number(value);
    } else if (key.startsWith('drm-resident-')) {
      const bytes = parseMemory(value);
      if (bytes !== undefined) resident[key.slice('drm-resident-'.length)] = bytes;
    } else if (key.startsWith('drm-total-')) {
      const bytes = parseMemory(value);
      if (bytes !== undefined) total[key.slice('drm-total-'.length)] = bytes;
    } else if (key.startsWith('drm-memory-')) {
      const bytes = parseMemory(value);
      if (bytes !== undefined) legacy[key.slice('drm-memory-'.length)] = bytes;
    }
  }
  if (driver === undefined) return undefined;
  return { driver, clientId, pdev, engines, memoryBytes: sum(resident) ?? sum(total) ?? sum(legacy) };
}

/**
 * PCI address in one form for matching: NVML prints an 8-digit domain (00000000:01:00.0),
 * sysfs and drm-pdev a 4-digit one (0000:01:00.0).
 */
export function normalizePciAddress(address: string): string {
  const m = /^([0-9a-f]+):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(address.trim());
  if (m === null) return address.trim().toLowerCase();
  return `${parseInt(m[1], 16).toString(16).padStart(4, '0')}:${m[2]}:${m[3]}.${m[4]}`.toLowerCase();
}
