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

function treeOrder(rows: ProcessRow[], cmp: (a: ProcessRow, b: ProcessRow) => number, ascii: boolean): ViewRow[] {
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
    out.push({ key: processKey(item.row.pid, item.row.startTime), row: item.row, branch: item.branch });
    const kids = children.get(item.row.pid);
    if (kids) pushSiblings(kids, item.indent, false);
  }
  return out;
}

/** The rows to show, in order: exactly sorted, or by the held values of `sticky` (stickySort.ts). */
export function computeView(rows: readonly ProcessRow[], opts: ViewOptions, ctx: CellContext, sticky?: StickySort): ViewRow[] {
  const text = opts.filter.toLowerCase();
  const kept = rows.filter((r) => (opts.user === undefined || r.user === opts.user) && !(opts.hideKernel && r.kernelThread === true) && matches(r, text));
  const column = columnById(opts.sort);
  if (opts.tree)
    return treeOrder(kept, sticky === undefined ? comparator(opts.sort, opts.descending, ctx) : sticky.comparator(column, opts.descending, ctx), opts.ascii);
  const sorted = sticky === undefined ? kept.sort(comparator(opts.sort, opts.descending, ctx)) : sticky.order(kept, column, opts.descending, ctx);
  return sorted.map((row) => ({ key: processKey(row.pid, row.startTime), row, branch: '' }));
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
    const view = computeView(rows, opts, ctx, this.sticky);
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
