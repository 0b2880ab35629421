/**
 * The formatted cells of the process table's visible rows, kept while the row, the columns and
 * the cell context are the same objects: a key press (moving the selection, typing a search)
 * re-renders the table without formatting its rows again, and a collector read every Nth tick
 * hands out the same rows between reads (docs/architecture.md), which are not formatted again.
 */
import type { ProcessRow } from '../../types/snapshot.js';
import { fit } from '../format.js';
import type { CellContext, Column } from './columns.js';

/** A row's cells split around CPU%, which is drawn in its own colour; each cell ends with a space. */
export interface RowText {
  before: string;
  cpu: string;
  after: string;
}

/** One per table (ProcessTable holds it); entries go with their rows. */
export class RowTextCache {
  private columns: readonly Column[] | undefined;
  private context: CellContext | undefined;
  private texts = new WeakMap<ProcessRow, RowText>();

  of(row: ProcessRow, columns: readonly Column[], context: CellContext): RowText {
    if (columns !== this.columns || context !== this.context) {
      this.columns = columns;
      this.context = context;
      this.texts = new WeakMap();
    }
    let text = this.texts.get(row);
    if (text === undefined) {
      text = format(row, columns, context);
      this.texts.set(row, text);
    }
    return text;
  }
}

function format(row: ProcessRow, columns: readonly Column[], context: CellContext): RowText {
  const cpuIndex = columns.findIndex((c) => c.id === 'cpu');
  let before = '';
  let cpu = '';
  let after = '';
  columns.forEach((c, ci) => {
    if (c.id === 'command') return;
    const cell = fit(c.cell(row, context), c.width, c.align) + ' ';
    if (ci < cpuIndex || cpuIndex < 0) before += cell;
    else if (ci === cpuIndex) cpu = cell;
    else after += cell;
  });
  return { before, cpu, after };
}
