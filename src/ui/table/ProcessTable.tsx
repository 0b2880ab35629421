/**
 * The process table: a header with the sort mark, then one memoised line per visible process.
 * Lines are built as strings first (the cells from RowTextCache), so a row whose text did not
 * change is not re-rendered.
 */
import React, { useState } from 'react';
import { Box } from 'ink';
import type { ProcessRow } from '../../types/snapshot.js';
import { useSettings } from '../context.js';
import { levelColor, type Theme } from '../theme.js';
import { blanksAfter, truncateToWidth } from '../../util/sanitize.js';
import type { CellContext, Column, ColumnId } from './columns.js';
import { fixedWidth } from './fitColumns.js';
import type { ViewRow } from './processView.js';
import { RowTextCache } from './rowText.js';
import { headerText, sortMark } from './tableColumn.js';
import { Line } from '../components/Line.js';
import { colored, styled } from '../components/colored.js';

export interface ProcessTableProps {
  view: readonly ViewRow[];
  columns: readonly Column[];
  selected: number;
  top: number;
  rows: number;
  width: number;
  sort: ColumnId;
  descending: boolean;
  showCmdline: boolean;
  cellContext: CellContext;
  /** Keys (pid:startTime) of processes with a firing alert: marked "!" before the command. */
  alerted: ReadonlySet<string>;
  /** Keys of tagged processes (space): marked "*" before the command. */
  tagged: ReadonlySet<string>;
}

/** The text of the command cell: full command line or comm, kernel threads in brackets. */
export function commandText(row: ProcessRow, showCmdline: boolean): string {
  if (row.kernelThread === true || row.cmdline === '') return `[${row.comm}]`;
  return showCmdline ? row.cmdline : row.comm;
}

interface LineProps {
  before: string;
  cpu: string;
  after: string;
  command: string;
  /** Plain blanks from the command's end to the table's width. */
  padding: string;
  selected: boolean;
  cpuColor?: string;
  dim: boolean;
  alerted: boolean;
  tagged: boolean;
  theme: Theme;
}

/**
 * One process's line. Its styles are spelled into the text (not set on the Line) so that the
 * blanks after the command, which fill the line to the table's width, stay plain: the line keeps
 * its width while its command changes (a kernel worker takes the name of each work queue it
 * runs), and the table is not laid out again for it (ui/terminal/inkDom.ts). Plain blanks at a
 * line's end are not drawn (the cell renderer), so the line looks as it did without them.
 */
const ProcessLine = React.memo(function ProcessLine({ before, cpu, after, command, padding, selected, cpuColor, dim, alerted, tagged, theme }: LineProps) {
  if (selected) {
    const bg = theme.selectedBg;
    return <Line>{styled(before + cpu + after + command, { backgroundColor: bg, color: theme.selectedFg, inverse: bg === undefined }) + padding}</Line>;
  }
  const style = { dimColor: dim && !alerted && !tagged, color: alerted ? theme.crit : tagged ? theme.warn : undefined, bold: alerted || tagged };
  return <Line>{styled(before + colored(cpu, alerted ? undefined : cpuColor) + after + command, style) + padding}</Line>;
});

export const ProcessTable = React.memo(function ProcessTable(props: ProcessTableProps) {
  const { view, columns, selected, top, rows, width, sort, descending, showCmdline, cellContext, alerted, tagged } = props;
  const { theme, ascii } = useSettings();
  const [rowTexts] = useState(() => new RowTextCache());
  const commandWidth = Math.max(0, width - fixedWidth(columns));
  // The command column's width here is the rest of the line; the line is padded to the width.
  const header = headerText(
    columns,
    columns.map((c) => (c.id === 'command' ? commandWidth : c.width)),
    sort,
    sortMark(descending, ascii),
  );
  const lines = view.slice(top, top + rows).map((v, i) => {
    const { before, cpu, after } = rowTexts.of(v.row, columns, cellContext);
    const isAlerted = alerted.has(v.key);
    const isTagged = tagged.has(v.key);
    const marks = isTagged || isAlerted ? `${isTagged ? '*' : ''}${isAlerted ? '!' : ''} ` : '';
    const command = truncateToWidth(marks + v.branch + commandText(v.row, showCmdline), commandWidth);
    return (
      <ProcessLine
        // Keyed by the line's place, not by its process: when the order changes (a sort, a row
        // passing another) each place shows another text of the same width, where moving keyed
        // lines would move their nodes and lay the table out again (ui/terminal/inkDom.ts).
        key={i}
        before={before}
        cpu={cpu}
        after={after}
        command={command}
        padding={blanksAfter(command, commandWidth)}
        selected={top + i === selected}
        cpuColor={v.row.cpuPercent === undefined ? theme.dim : v.row.cpuPercent >= 1 ? levelColor(theme, v.row.cpuPercent) : undefined}
        dim={v.row.kernelThread === true}
        alerted={isAlerted}
        tagged={isTagged}
        theme={theme}
      />
    );
  });
  return (
    <Box flexDirection="column" height={rows + 1}>
      <Line bold backgroundColor={theme.headerBg} color={theme.headerBg ? 'black' : undefined} inverse={theme.headerBg === undefined}>
        {header.slice(0, width).padEnd(width)}
      </Line>
      {lines}
    </Box>
  );
});
