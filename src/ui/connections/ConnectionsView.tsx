/**
 * The connections view (C): a line naming the source and the count, then a full-height table of
 * sockets with their owning process and, from the eBPF backend, bytes sent and received.
 */
import React from 'react';
import { Box } from 'ink';
import type { ConnectionRow, SourceStatus } from '../../types/snapshot.js';
import { Line } from '../components/Line.js';
import { useSettings } from '../context.js';
import { fit } from '../format.js';
import type { Theme } from '../theme.js';
import { fixedWidth } from '../table/fitColumns.js';
import { headerText, sortMark } from '../table/tableColumn.js';
import { blanksAfter, truncateToWidth } from '../../util/sanitize.js';
import { CONN_COLUMNS, MIN_ADDRESS, truncateAddress, type ConnColumn, type ConnColumnId } from './columns.js';
import type { ConnViewRow } from './view.js';
import { ClosedConnections } from './ClosedConnections.js';

/** The longest address: "[" + 39 characters of IPv6 + "]:65535". */
const MAX_ADDRESS = 47;
/** Most the PROCESS column grows to on wide terminals. */
const MAX_PROCESS = 32;

/** What the backend ids read as on screen. */
const SOURCE_NAMES: Record<string, string> = { ebpf: 'eBPF', sock_diag: 'netlink sock_diag', proc: '/proc' };

export interface ConnectionsViewProps {
  view: readonly ConnViewRow[];
  /** Connections in the snapshot, before the filter. */
  total: number;
  source?: SourceStatus;
  filter: string;
  selected: number;
  top: number;
  /** Table rows visible at once (the body less the source line and the column header). */
  rows: number;
  width: number;
  sort: ConnColumnId;
  descending: boolean;
}

/** Each column's width at this terminal width: the addresses share what the fixed columns leave. */
export function connColumnWidths(width: number): number[] {
  const flex = Math.max(0, width - fixedWidth(CONN_COLUMNS) - 2);
  const address = Math.max(MIN_ADDRESS, Math.min(MAX_ADDRESS, Math.floor(flex / 2)));
  const extra = Math.max(0, flex - 2 * address);
  return CONN_COLUMNS.map((c) => (c.width === 0 ? address : c.id === 'process' ? c.width + Math.min(extra, MAX_PROCESS - c.width) : c.width));
}

function cellText(c: ConnColumn, row: ConnectionRow, width: number, mark: string): string {
  const text = c.cell(row, undefined);
  if (c.width === 0) return truncateAddress(text, width, mark).padEnd(width);
  if (c.id !== 'process') return fit(text, width, c.align);
  // Process names are sanitised but may hold wide characters.
  const cut = truncateToWidth(text, width);
  return cut + blanksAfter(cut, width);
}

/** The line above the table: where the rows come from and how many, or why there are none. */
export function sourceLine(source: SourceStatus | undefined, total: number, shown: number, filter: string): string {
  if (source === undefined || source.backend === null) return `Connections: n/a: ${source?.reason ?? 'not read yet'}`;
  const from = SOURCE_NAMES[source.backend] ?? source.backend;
  if (total === 0) return `Connections from ${from}: none open`;
  const matching = filter === '' ? '' : `, ${shown} match "${filter}"`;
  // Why TX/RX read n/a: the eBPF backend's own reason for being unavailable.
  const ebpf = source.backend === 'ebpf' ? undefined : source.backends.find((b) => b.id === 'ebpf' && !b.available);
  const bytes = ebpf === undefined ? '' : `  TX/RX n/a: ${ebpf.reason ?? 'eBPF backend unavailable'}`;
  return `Connections from ${from}: ${total}${matching}${bytes}`;
}

const ConnLine = React.memo(function ConnLine({ text, selected, theme }: { text: string; selected: boolean; theme: Theme }) {
  if (!selected) return <Line>{text}</Line>;
  return (
    <Line backgroundColor={theme.selectedBg} color={theme.selectedFg} inverse={theme.selectedBg === undefined}>
      {text}
    </Line>
  );
});

export const ConnectionsView = React.memo(function ConnectionsView(props: ConnectionsViewProps) {
  const { view, total, source, filter, selected, top, rows, width, sort, descending } = props;
  const { theme, ascii } = useSettings();
  const widths = connColumnWidths(width);
  const mark = ascii ? '~' : '…';
  const header = headerText(CONN_COLUMNS, widths, sort, sortMark(descending, ascii));
  const empty = view.length === 0 && total > 0 ? `no connection matches "${filter}"` : undefined;
  return (
    <Box flexDirection="column">
      <Line bold color={theme.title}>
        {sourceLine(source, total, view.length, filter)}
      </Line>
      <Line bold backgroundColor={theme.headerBg} color={theme.headerBg ? 'black' : undefined} inverse={theme.headerBg === undefined}>
        {header.slice(0, width).padEnd(width)}
      </Line>
      {empty !== undefined ? <Line color={theme.dim}>{empty}</Line> : null}
      {view.slice(top, top + rows).map((v, i) => (
        <ConnLine
          key={v.key}
          text={CONN_COLUMNS.map((c, ci) => cellText(c, v.row, widths[ci], mark)).join(' ')}
          selected={top + i === selected}
          theme={theme}
        />
      ))}
      <ClosedConnections />
    </Box>
  );
});
