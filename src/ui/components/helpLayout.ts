/**
 * Flows the help's groups into columns: as few columns as the groups need, at most as many as
 * the width holds, a group moved whole to the next column when it would not fit the rest of
 * this one (a group taller than a column continues in the next). Groups that find no room are
 * named, so the help can say a larger terminal shows them. Pure.
 */
import type { HelpGroup } from '../commands/help.js';

export type HelpLine = { title: string } | { keys: string; what: string } | { gap: true };

export interface HelpLayout {
  columns: HelpLine[][];
  /** Titles of the groups left out (or cut). */
  left: string[];
}

function flow(groups: readonly HelpGroup[], perColumn: number, maxColumns: number): HelpLayout {
  const columns: HelpLine[][] = [[]];
  const left: string[] = [];
  for (const g of groups) {
    if (left.length > 0) {
      left.push(g.title);
      continue;
    }
    const lines: HelpLine[] = [{ title: g.title }, ...g.rows.map(([keys, what]) => ({ keys, what }))];
    let col = columns[columns.length - 1];
    const fitsHere = col.length === 0 || col.length + 1 + lines.length <= perColumn;
    if (!fitsHere && lines.length <= perColumn) {
      if (columns.length === maxColumns) {
        left.push(g.title);
        continue;
      }
      columns.push((col = []));
    } else if (col.length > 0) col.push({ gap: true });
    for (const line of lines) {
      if (col.length >= perColumn) {
        if (columns.length === maxColumns) {
          left.push(g.title);
          break;
        }
        columns.push((col = []));
      }
      col.push(line);
    }
  }
  return { columns: columns.filter((c) => c.length > 0), left };
}

/** The columns for a body of `width` x `height`, below one title line. */
export function layoutHelp(groups: readonly HelpGroup[], width: number, height: number, minColumn: number): HelpLayout {
  const maxColumns = Math.max(1, Math.floor(width / minColumn));
  const all = flow(groups, Math.max(1, height - 1), maxColumns);
  // Something left out: keep a line to say what.
  return all.left.length === 0 ? all : flow(groups, Math.max(1, height - 2), maxColumns);
}
