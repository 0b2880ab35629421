/**
 * Which network interfaces the Network box lists, in what order: the physical ones in the
 * kernel's order, then the virtual ones (veth, bridges, tunnels, lo), which a container host has
 * by the hundred. By default those are summed on one line; shown one by one (the `v` key) they
 * come busiest first. Rows that do not fit end in a "+N more" line.
 */
import type { NetInterface } from '../../types/snapshot.js';

export type NetRow =
  | { kind: 'interface'; iface: NetInterface }
  | { kind: 'virtual'; count: number; rxBytesPerSec?: number; txBytesPerSec?: number }
  | { kind: 'more'; count: number };

/** Whether an interface is virtual; where /sys could not tell, only lo is known to be. */
export function isVirtual(i: NetInterface): boolean {
  return i.virtual ?? i.name === 'lo';
}

/** The sum of the measured values; undefined when none is. */
function measuredSum(values: (number | undefined)[]): number | undefined {
  let sum: number | undefined;
  for (const v of values) if (v !== undefined) sum = (sum ?? 0) + v;
  return sum;
}

const traffic = (i: NetInterface): number => (i.rxBytesPerSec ?? 0) + (i.txBytesPerSec ?? 0);

/** At most `lines` rows for `interfaces` (lines ≥ 1). */
export function networkRows(interfaces: readonly NetInterface[], showVirtual: boolean, lines: number): NetRow[] {
  const physical = interfaces.filter((i) => !isVirtual(i));
  const virtual = interfaces.filter(isVirtual);
  const rows: NetRow[] = physical.map((iface) => ({ kind: 'interface', iface }));
  if (showVirtual) {
    const busiest = [...virtual].sort((a, b) => traffic(b) - traffic(a) || a.name.localeCompare(b.name));
    for (const iface of busiest) rows.push({ kind: 'interface', iface });
  } else if (virtual.length > 0) {
    rows.push({
      kind: 'virtual',
      count: virtual.length,
      rxBytesPerSec: measuredSum(virtual.map((i) => i.rxBytesPerSec)),
      txBytesPerSec: measuredSum(virtual.map((i) => i.txBytesPerSec)),
    });
  }
  if (rows.length <= lines) return rows;
  const kept = rows.slice(0, Math.max(0, lines - 1));
  return [...kept, { kind: 'more', count: rows.length - kept.length }];
}
