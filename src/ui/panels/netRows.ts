/**
 * Which network interfaces the Network box lists, in what order: the physical ones in the
 * kernel's order, then the virtual ones (veth, bridges, tunnels, lo), which a container host has
 * by the hundred. By default those are summed on one line; shown one by one (the `v` key) they
 * come busiest first, with at least half the rows. Rows that do not fit end in a "+N more" line (the summed line stays).
 */
import type { NetInterface } from '../../types/snapshot.js';
import { compareText } from '../../util/compareText.js';

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
    const busiest = [...virtual].sort((a, b) => traffic(b) - traffic(a) || compareText(a.name, b.name));
    if (physical.length + busiest.length <= lines) return [...rows, ...busiest.map((iface): NetRow => ({ kind: 'interface', iface }))];
    // Asked for, the virtual ones get at least half the rows: a few NICs must not hide them all.
    const room = Math.max(0, lines - 1);
    const virtualKept = Math.min(busiest.length, room - Math.min(physical.length, Math.ceil(room / 2)));
    const physicalKept = Math.min(physical.length, room - virtualKept);
    const shown: NetRow[] = [...rows.slice(0, physicalKept), ...busiest.slice(0, virtualKept).map((iface): NetRow => ({ kind: 'interface', iface }))];
    return [...shown, { kind: 'more', count: physical.length + busiest.length - shown.length }];
  } else if (virtual.length > 0) {
    rows.push({
      kind: 'virtual',
      count: virtual.length,
      rxBytesPerSec: measuredSum(virtual.map((i) => i.rxBytesPerSec)),
      txBytesPerSec: measuredSum(virtual.map((i) => i.txBytesPerSec)),
    });
  }
  if (rows.length <= lines) return rows;
  // The virtual line stands for hundreds of interfaces: it keeps its place above the count.
  const summary = rows.at(-1)!;
  if (summary.kind === 'virtual' && lines >= 3) {
    const kept = rows.slice(0, lines - 2);
    return [...kept, summary, { kind: 'more', count: rows.length - 1 - kept.length }];
  }
  const kept = rows.slice(0, Math.max(0, lines - 1));
  return [...kept, { kind: 'more', count: rows.length - kept.length }];
}
