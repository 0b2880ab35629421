/**
 * The fleet table: a header with the sort mark, then one line per host (or a group's header).
 * Down hosts are red; while Prometheus cannot be reached every line is grey, the last values
 * kept. Lines are strings first, so a line whose text did not change is not re-rendered.
 */
import React from 'react';
import { Line } from '../components/Line.js';
import { useSettings } from '../context.js';
import { fit } from '../format.js';
import { fixedWidth } from '../table/fitColumns.js';
import { headerText, sortMark } from '../table/tableColumn.js';
import type { Theme } from '../theme.js';
import type { FleetCellContext, FleetColumn, FleetColumnId } from './columns.js';
import type { FleetViewRow } from './view.js';

export interface FleetTableProps {
  view: readonly FleetViewRow[];
  columns: readonly FleetColumn[];
  selected: number;
  top: number;
  rows: number;
  width: number;
  sort: FleetColumnId;
  descending: boolean;
  ctx: FleetCellContext;
  /** The values are the last kept through a failure: drawn grey. */
  stale: boolean;
}

interface RowLineProps {
  text: string;
  selected: boolean;
  tone: 'down' | 'group' | 'plain';
  stale: boolean;
  theme: Theme;
}

const RowLine = React.memo(function RowLine({ text, selected, tone, stale, theme }: RowLineProps) {
  if (selected) {
    return (
      <Line backgroundColor={theme.selectedBg} color={theme.selectedFg} inverse={theme.selectedBg === undefined}>
        {text}
      </Line>
    );
  }
  const color = stale ? theme.dim : tone === 'down' ? theme.crit : tone === 'group' ? theme.title : undefined;
  return (
    <Line color={color} dimColor={stale && theme.mode === 'none'} bold={tone === 'group'}>
      {text}
    </Line>
  );
});

export const FleetTable = React.memo(function FleetTable({ view, columns, selected, top, rows, width, sort, descending, ctx, stale }: FleetTableProps) {
  const { theme, ascii } = useSettings();
  const flex = Math.max(0, width - fixedWidth(columns));
  const widths = columns.map((c) => (c.width === 0 ? flex : c.width));
  const header = headerText(columns, widths, sort, sortMark(descending, ascii));
  const lines = view.slice(top, top + rows).map((v, i) => {
    const text =
      v.kind === 'group'
        ? `${ascii ? '>' : '▸'} ${v.label}=${v.value}  ${v.hosts} host${v.hosts === 1 ? '' : 's'}${v.down > 0 ? `, ${v.down} down` : ''}`
        : columns.map((c, ci) => fit(c.cell(v.row, ctx), widths[ci], c.align)).join(' ');
    const tone = v.kind === 'group' ? 'group' : v.row.targetsUp === 0 ? 'down' : 'plain';
    return <RowLine key={v.key} text={text.padEnd(width).slice(0, width)} selected={top + i === selected} tone={tone} stale={stale} theme={theme} />;
  });
  return (
    <>
      <Line bold backgroundColor={theme.headerBg} color={theme.headerBg ? 'black' : undefined} inverse={theme.headerBg === undefined}>
        {header.slice(0, width).padEnd(width)}
      </Line>
      {lines}
    </>
  );
});
