/**
 * How the screen is divided for a terminal size. Pure, so every size from 80x24 to 250x70 can be
 * checked in tests. Compact: every panel one line, the process table keeps the rest (at 80x24,
 * at least 9 rows, the alert panel's first row included when alerts are active). Full: boxed panels with charts, the table keeps at least 40% of the rows.
 */

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export interface LayoutInput {
  columns: number;
  rows: number;
  gpuCount: number;
  /** Lines the alert panel asks for (0 when there is none). */
  alertLines: number;
}

export type Layout =
  | { kind: 'tooSmall'; columns: number; rows: number }
  | { kind: 'compact'; columns: number; headerLines: number; panelLines: number; alertLines: number; tableRows: number }
  | {
      kind: 'full';
      columns: number;
      headerLines: number;
      /** Heights including borders. */
      topHeight: number;
      ioHeight: number;
      gpuHeight: number;
      /** GPUs as boxes with charts, or one line each when rows are short. */
      gpuBoxes: boolean;
      alertLines: number;
      tableRows: number;
    };

/** Host line, sources line, verdict line. */
const HEADER_LINES = 3;
/** Table header + status line. */
const TABLE_CHROME = 2;
/** Compact panel lines: cpu, memory, pressure, disks, network, gpu. */
const COMPACT_PANELS = 5;
/** Process rows the compact layout keeps before it gives the alert panel room. */
const COMPACT_TABLE_MIN = 9;

function compact(columns: number, rows: number, gpuCount: number, alertLines: number): Layout {
  const gpuLines = Math.max(1, Math.min(gpuCount, 2));
  const alerts = Math.min(alertLines, Math.max(0, rows - HEADER_LINES - TABLE_CHROME - COMPACT_PANELS - gpuLines - COMPACT_TABLE_MIN));
  const panelLines = COMPACT_PANELS + gpuLines;
  return {
    kind: 'compact',
    columns,
    headerLines: HEADER_LINES,
    panelLines,
    alertLines: alerts,
    tableRows: rows - HEADER_LINES - panelLines - alerts - TABLE_CHROME,
  };
}

const TOP_MIN = 8;
const IO_MIN = 5;
const GPU_BOX_MIN = 5;

export function planLayout({ columns, rows, gpuCount, alertLines }: LayoutInput): Layout {
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return { kind: 'tooSmall', columns, rows };
  if (rows < 40 || columns < 100) return compact(columns, rows, gpuCount, alertLines);
  const tableMin = Math.max(10, Math.floor(rows * 0.4));
  const budget = rows - HEADER_LINES - TABLE_CHROME - tableMin;
  const alerts = Math.min(alertLines, Math.floor(budget / 5));
  const rest = budget - alerts;
  // GPU boxes when there is room for them beside the minimum top and I/O rows; else a line each.
  const gpuBoxes = gpuCount > 0 && rest >= TOP_MIN + IO_MIN + GPU_BOX_MIN;
  const gpuHeight = gpuBoxes ? Math.max(GPU_BOX_MIN, Math.min(9, Math.floor(rest * 0.3))) : Math.max(1, Math.min(gpuCount, 2));
  if (rest - gpuHeight < TOP_MIN + IO_MIN) return compact(columns, rows, gpuCount, alertLines);
  const topHeight = Math.max(TOP_MIN, Math.min(16, Math.floor((rest - gpuHeight) * 0.6)));
  const ioHeight = Math.max(IO_MIN, Math.min(12, rest - gpuHeight - topHeight));
  const used = HEADER_LINES + topHeight + ioHeight + gpuHeight + alerts + TABLE_CHROME;
  return {
    kind: 'full',
    columns,
    headerLines: HEADER_LINES,
    topHeight,
    ioHeight,
    gpuHeight,
    gpuBoxes,
    alertLines: alerts,
    tableRows: rows - used,
  };
}
