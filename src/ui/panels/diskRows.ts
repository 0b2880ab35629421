/**
 * Which block devices the Disks box lists: all of them in the kernel's order when they fit;
 * on a host with dozens (NVMe namespaces, dm and md devices) the busiest, in the kernel's order
 * still so rows do not jump between refreshes, and a "+N more" line for the rest.
 */
import type { DiskDevice } from '../../types/snapshot.js';

export type DiskRow = { kind: 'device'; device: DiskDevice } | { kind: 'more'; count: number; idle: number };

const bytes = (d: DiskDevice): number => (d.readBytesPerSec ?? 0) + (d.writeBytesPerSec ?? 0);
const busiestFirst = (a: DiskDevice, b: DiskDevice): number => (b.busyPercent ?? 0) - (a.busyPercent ?? 0) || bytes(b) - bytes(a);
const isIdle = (d: DiskDevice): boolean => (d.busyPercent ?? 0) === 0 && bytes(d) === 0;

/** At most `lines` rows for `devices` (lines ≥ 1). */
export function diskRows(devices: readonly DiskDevice[], lines: number): DiskRow[] {
  if (devices.length <= lines) return devices.map((device) => ({ kind: 'device', device }));
  const room = Math.max(0, lines - 1);
  const busiest = new Set([...devices].sort(busiestFirst).slice(0, room));
  const rest = devices.filter((d) => !busiest.has(d));
  return [
    ...devices.filter((d) => busiest.has(d)).map((device): DiskRow => ({ kind: 'device', device })),
    { kind: 'more', count: rest.length, idle: rest.filter(isIdle).length },
  ];
}
