/**
 * The process table's rows as the person sees them: user filter, kernel-thread hiding, text
 * filter, sort, and the tree by ppid. Pure; App keeps a ProcessViewCache so the key reducer and
 * the renderer share one computation per snapshot and setting.
 */
import type { ProcessRow } from '../../types/snapshot.js';
import { processKey } from '../../util/processKey.js';
import { columnById, type CellContext, type ColumnId } from './columns.js';
import { StickySort } from './stickySort.js';
import { compareBy } from './tableColumn.js';

export interface ViewOptions {
  sort: ColumnId;
  descending: boolean;
  /** Hide rows that do not match (case-insensitive, on comm, cmdline or pid); '' for none. */
  filter: string;
  /** Only this user's processes; undefined for all. */
  user?: string;
  hideKernel: boolean;
  tree: boolean;
  ascii: boolean;
}

export interface ViewRow {
  key: string;
  row: ProcessRow;
  /** Tree branch drawn before the command ('' outside tree view). */
  branch: string;
}

/** Whether a row matches search/filter text (already lower-cased). */
export function matches(row: ProcessRow, lowerText: string): boolean {
  if (lowerText === '') return true;
  return row.comm.toLowerCase().includes(lowerText) || row.cmdline.toLowerCase().includes(lowerText) || String(row.pid) === lowerText;
}

export function comparator(sort: ColumnId, descending: boolean, ctx: CellContext): (a: ProcessRow, b: ProcessRow) => number {
  return compareBy(columnById(sort), descending, ctx, (a, b) => a.pid - b.pid);
}

/**
 * The entries of the last view handed out again. A refresh keeps most rows in their places, and
 * most rows are the very objects of the last snapshot (derive hands back a row that did not
 * change), so the entry to keep is usually the one in step with the row, or a few places on (rows
 * above it moved up); past that, where the row was is looked up by pid. The view then makes no
 * object for those rows, and none that lives to the next refresh for the collector to copy. A row
 * that changed gets a new entry with its process's key (bench/README.md, "Objects that live an
 * interval, written again").
 */
class LastEntries {
  /** Where the next row's entry is looked for first: after the last entry handed back. */
  private next = 0;
  /** Index in `last` by pid, made on the first row not found near its place. */
  private byPid: Map<number, number> | undefined;

  constructor(private readonly last: readonly ViewRow[]) {}

  entry(row: ProcessRow, branch: string): ViewRow {
    const last = this.last;
    const end = Math.min(this.next + NEAR, last.length);
    let at = -1;
    for (let i = this.next; i < end; i++) {
      if (last[i].row.pid === row.pid) {
        at = i;
        break;
      }
    }
    if (at < 0 && last.length > 0) at = (this.byPid ??= indexByPid(last)).get(row.pid) ?? -1;
    if (at < 0) return { key: processKey(row.pid, row.startTime), row, branch };
    this.next = at + 1;
    const was = last[at];
    if (was.row === row && was.branch === branch) return was;
    return { key: was.row.startTime === row.startTime ? was.key : processKey(row.pid, row.startTime), row, branch };
  }
}

/** Places after the last one handed back where LastEntries looks before it looks up the pid. */
const NEAR = 8;

function indexByPid(view: readonly ViewRow[]): Map<number, number> {
  const index = new Map<number, number>();
  for (let i = 0; i < view.length; i++) index.set(view[i].row.pid, i);
  return index;
}

function treeOrder(rows: ProcessRow[], cmp: (a: ProcessRow, b: ProcessRow) => number, ascii: boolean, last: LastEntries): ViewRow[] {
  const byPid = new Set(rows.map((r) => r.pid));
  const children = new Map<number, ProcessRow[]>();
  const roots: ProcessRow[] = [];
  for (const r of rows) {
    if (r.ppid === r.pid || !byPid.has(r.ppid)) {
      roots.push(r);
      continue;
    }
    const list = children.get(r.ppid);
    if (list) list.push(r);
    else children.set(r.ppid, [r]);
  }
  const [tee, elbow, pipe] = ascii ? ['|- ', '`- ', '|  '] : ['├─ ', '└─ ', '│  '];
  const out: ViewRow[] = [];
  const stack: { row: ProcessRow; indent: string; branch: string }[] = [];
  const pushSiblings = (list: ProcessRow[], indent: string, top: boolean) => {
    list.sort(cmp);
    for (let i = list.length - 1; i >= 0; i--) {
      const last = i === list.length - 1;
      stack.push({
        row: list[i],
        indent: top ? '' : indent + (last ? '   ' : pipe),
        branch: top ? '' : indent + (last ? elbow : tee),
      });
    }
  };
  pushSiblings(roots, '', true);
  const seen = new Set<number>();
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (seen.has(item.row.pid)) continue;
    seen.add(item.row.pid);
    out.push(last.entry(item.row, item.branch));
    const kids = children.get(item.row.pid);
    if (kids) pushSiblings(kids, item.indent, false);
  }
  return out;
}

/**
 * The rows to show, in order: exactly sorted, or by the held values of `sticky` (stickySort.ts).
 * Entries of `last` (the view before) that still say the same are handed back as they are.
 */
export function computeView(rows: readonly ProcessRow[], opts: ViewOptions, ctx: CellContext, sticky?: StickySort, last: readonly ViewRow[] = []): ViewRow[] {
  const text = opts.filter.toLowerCase();
  const kept = rows.filter((r) => (opts.user === undefined || r.user === opts.user) && !(opts.hideKernel && r.kernelThread === true) && matches(r, text));
  const column = columnById(opts.sort);
  const entries = new LastEntries(last);
  if (opts.tree)
    return treeOrder(
      kept,
      sticky === undefined ? comparator(opts.sort, opts.descending, ctx) : sticky.comparator(column, opts.descending, ctx),
      opts.ascii,
      entries,
    );
  const sorted = sticky === undefined ? kept.sort(comparator(opts.sort, opts.descending, ctx)) : sticky.order(kept, column, opts.descending, ctx);
  return sorted.map((row) => entries.entry(row, ''));
}

function sameOptions(a: ViewOptions, b: ViewOptions): boolean {
  return (
    a.sort === b.sort &&
    a.descending === b.descending &&
    a.filter === b.filter &&
    a.user === b.user &&
    a.hideKernel === b.hideKernel &&
    a.tree === b.tree &&
    a.ascii === b.ascii
  );
}

/**
 * computeView with a one-entry cache (same rows array and same options → same result) and the
 * sort's hysteresis (StickySort: held values move on with each new snapshot); one per screen.
 */
export class ProcessViewCache {
  private last: { rows: readonly ProcessRow[]; opts: ViewOptions; mem: number | undefined; view: ViewRow[] } | undefined;
  private readonly sticky = new StickySort();

  of(rows: readonly ProcessRow[], opts: ViewOptions, ctx: CellContext): ViewRow[] {
    const l = this.last;
    if (l && l.rows === rows && l.mem === ctx.memTotalBytes && sameOptions(l.opts, opts)) return l.view;
    if (!l || l.rows !== rows || l.opts.sort !== opts.sort || l.opts.descending !== opts.descending)
      this.sticky.refresh(rows, columnById(opts.sort), opts.descending, ctx);
    const view = computeView(rows, opts, ctx, this.sticky, l?.view);
    this.sticky.remember(view.map((v) => v.row));
    this.last = { rows, opts: { ...opts }, mem: ctx.memTotalBytes, view };
    return view;
  }
}

/** Index of the first row at or after `from` (wrapping) that matches `text`; -1 when none. */
export function findMatch(view: readonly ViewRow[], text: string, from: number): number {
  const lower = text.toLowerCase();
  if (lower === '' || view.length === 0) return -1;
  const start = Math.max(0, Math.min(from, view.length - 1));
  for (let i = 0; i < view.length; i++) {
    const idx = (start + i) % view.length;
    if (matches(view[idx].row, lower)) return idx;
  }
  return -1;
}

/** The users present, sorted, for the user picker. */
export function usersOf(rows: readonly ProcessRow[]): string[] {
  const set = new Set<string>();
  for (const r of rows) if (r.user !== undefined) set.add(r.user);
  return [...set].sort();
}
