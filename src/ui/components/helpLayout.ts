/**
 * Flows the help's groups into columns: as few columns as the groups need, at most as many as
 * the width holds, a group moved whole to the next column when it would not fit the rest of
 * this one (a group taller than a column continues in the next), help texts wrapped rather than
 * cut. Groups that find no room are named; the help then shows one column that scrolls. Pure.
 */
import type { HelpGroup } from '../commands/help.js';

export type HelpLine = { title: string } | { keys: string; what: string } | { gap: true };

export interface HelpLayout {
  columns: HelpLine[][];
  /** Titles of the groups left out (or cut). */
  left: string[];
}

/** Width of the keys column: the longest keys of any group, then a space. */
function keysPad(groups: readonly HelpGroup[]): number {
  return Math.max(0, ...groups.flatMap((g) => g.rows.map(([keys]) => keys.length))) + 1;
}

/** `text` in pieces of at most `room` characters, broken between words where it can be. */
export function wrapWords(text: string, room: number): string[] {
  const pieces: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      pieces.push(line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
    while (line.length > room) {
      pieces.push(line.slice(0, room));
      line = line.slice(room);
    }
  }
  pieces.push(line);
  return pieces;
}

/** A group's lines, each help text continued on the next line past `room` characters. */
function groupLines(g: HelpGroup, room: number): HelpLine[] {
  const out: HelpLine[] = [{ title: g.title }];
  for (const [keys, what] of g.rows) wrapWords(what, room).forEach((piece, i) => out.push({ keys: i === 0 ? keys : '', what: piece }));
  return out;
}

function flow(groups: readonly HelpGroup[], room: number, perColumn: number, maxColumns: number): HelpLayout {
  const columns: HelpLine[][] = [[]];
  const left: string[] = [];
  for (const g of groups) {
    if (left.length > 0) {
      left.push(g.title);
      continue;
    }
    const lines = groupLines(g, room);
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

/**
 * The columns for a body of `width` x `height`, below one title line; help texts longer than a
 * column continue on the next line. `left` names the groups that found no room.
 */
export function layoutHelp(groups: readonly HelpGroup[], width: number, height: number, minColumn: number): HelpLayout {
  const maxColumns = Math.max(1, Math.floor(width / minColumn));
  const pad = keysPad(groups);
  // A column's width less its right padding and the keys.
  const inColumns = (n: number) => flow(groups, Math.max(1, Math.floor(width / n) - 1 - pad), Math.max(1, height - 1), n);
  // The fewest columns that hold every group: the widest columns, so the fewest wrapped lines.
  for (let n = 1; n < maxColumns; n++) {
    const layout = inColumns(n);
    if (layout.left.length === 0) return layout;
  }
  return inColumns(maxColumns);
}

/**
 * Every group in one column of `width`, for a terminal too small to show them all in columns:
 * scrolled, with long help texts continued on the next line, so nothing is cut.
 */
export function singleColumn(groups: readonly HelpGroup[], width: number): HelpLine[] {
  const room = Math.max(1, width - 1 - keysPad(groups));
  return groups.flatMap((g, i) => (i === 0 ? groupLines(g, room) : [{ gap: true } as const, ...groupLines(g, room)]));
}
