/**
 * The fleet table's rows as shown: filtered (the text in any of host, job, labels or top
 * process), sorted by a column, and grouped under a header per value of a label. Pure.
 */
import type { FleetRow } from '../../fleet/types.js';
import { compareBy } from '../table/tableColumn.js';
import { fleetColumnById, type FleetCellContext, type FleetColumnId } from './columns.js';
import { compareText } from '../../util/compareText.js';

export type FleetViewRow =
  { kind: 'host'; key: string; row: FleetRow } | { kind: 'group'; key: string; label: string; value: string; hosts: number; down: number };

export interface FleetViewOptions {
  sort: FleetColumnId;
  descending: boolean;
  filter: string;
  groupBy?: string;
}

/** The text a host is found by. */
function haystack(r: FleetRow): string {
  return [r.host, ...r.instances, ...Object.values(r.labels), r.topProcess?.comm ?? ''].join(' ').toLowerCase();
}

export function matches(r: FleetRow, text: string): boolean {
  return text === '' || haystack(r).includes(text.toLowerCase());
}

/** Every label the rows carry, job first, for the group key to cycle through. */
export function groupLabels(rows: readonly FleetRow[]): string[] {
  const labels = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.labels)) labels.add(k);
  return [...labels].sort((a, b) => (a === 'job' ? -1 : b === 'job' ? 1 : compareText(a, b)));
}

const NO_VALUE = '(none)';

export function fleetView(rows: readonly FleetRow[], o: FleetViewOptions, ctx: FleetCellContext): FleetViewRow[] {
  const byHost = (a: FleetRow, b: FleetRow) => compareText(a.host, b.host);
  const sorted = rows.filter((r) => matches(r, o.filter)).sort(compareBy(fleetColumnById(o.sort), o.descending, ctx, byHost));
  if (o.groupBy === undefined) return sorted.map((row) => ({ kind: 'host', key: row.host, row }));
  const label = o.groupBy;
  const groups = new Map<string, FleetRow[]>();
  for (const r of sorted) {
    const value = r.labels[label] ?? NO_VALUE;
    const g = groups.get(value);
    if (g === undefined) groups.set(value, [r]);
    else g.push(r);
  }
  const out: FleetViewRow[] = [];
  for (const value of [...groups.keys()].sort()) {
    const members = groups.get(value)!;
    out.push({ kind: 'group', key: `group:${value}`, label, value, hosts: members.length, down: members.filter((r) => r.targetsUp === 0).length });
    for (const row of members) out.push({ kind: 'host', key: row.host, row });
  }
  return out;
}

/** Index of the first host row at or after `from` that matches `text` (wrapping); -1 for none. */
export function findHost(view: readonly FleetViewRow[], text: string, from: number): number {
  if (text === '' || view.length === 0) return -1;
  for (let k = 0; k < view.length; k++) {
    const i = (Math.max(0, from) + k) % view.length;
    const v = view[i];
    if (v.kind === 'host' && matches(v.row, text)) return i;
  }
  return -1;
}
