/**
 * One line about the sockets for the Network panel on large terminals: how many, from which
 * backend, and how many in each state, the most common first.
 */
import type { ConnectionRow, SourceStatus } from '../../types/snapshot.js';

export function connectionSummary(rows: readonly ConnectionRow[], source: SourceStatus | undefined): string {
  if (source === undefined || source.backend === null) return `Connections n/a: ${source?.reason ?? 'not read yet'} (C lists them)`;
  const byState = new Map<string, number>();
  for (const r of rows) byState.set(r.state, (byState.get(r.state) ?? 0) + 1);
  const states = [...byState]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([state, n]) => `${n} ${state}`)
    .join('  ');
  return `Connections ${rows.length}${states === '' ? '' : `: ${states}`}  (C lists them)`;
}
