/** The connection rows for the snapshot: owner names made safe for a terminal. */
import type { CollectorContext, Timed } from '../contract.js';
import type { ConnectionRow } from '../../types/snapshot.js';
import { sanitizeText } from '../../util/sanitize.js';
import type { ConnectionsRaw } from './proc.js';

/** The current sockets; comm is process-chosen text, so it is sanitised here. */
export function deriveConnections(_prev: Timed<ConnectionsRaw> | undefined, cur: Timed<ConnectionsRaw>, _ctx: CollectorContext): ConnectionRow[] {
  return (cur.raw.connections ?? []).map((row) => (row.comm === undefined ? row : { ...row, comm: sanitizeText(row.comm) }));
}
