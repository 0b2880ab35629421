/**
 * The view App computes once per render and hands to the reducer with each key (ScreenView):
 * the visible rows through caches this screen owns (so the render and the key handlers share one
 * computation per snapshot and setting), page sizes, columns and what the runtime offers.
 */
import { useCallback, useMemo, useState } from 'react';
import { resolvedAlerts } from '../../alerts/view.js';
import type { Snapshot } from '../../types/snapshot.js';
import type { UiActions } from '../actions.js';
import { ConnViewCache, type ConnViewOptions } from '../connections/view.js';
import type { ScreenView } from '../state/screenView.js';
import type { CellContext, ColumnId } from '../table/columns.js';
import { ProcessViewCache, type ViewOptions } from '../table/processView.js';
import { verdictLines } from '../panels/VerdictView.js';

const NO_ROWS: never[] = [];

export interface ScreenViewInput {
  snapshot: Snapshot | undefined;
  cellContext: CellContext;
  ascii: boolean;
  pageSize: number;
  connPageSize: number;
  /** Lines of the one-column help at this size; 0 where it shows whole or is closed. */
  helpLines: number;
  /** Whether the verdict view is open: only then are its lines counted (for its scrolling). */
  verdictOpen: boolean;
  columns: readonly ColumnId[];
  tooSmall: boolean;
  actions: UiActions;
  /** Which slots App was given. */
  canDetail: boolean;
  canDialog: boolean;
  canAlerts: boolean;
  time: ScreenView['time'];
}

/** The view, less the row the selection was last drawn on (App knows it once it has drawn). */
export type ComputedView = Omit<ScreenView, 'lastIndex'>;

export function useScreenView(input: ScreenViewInput): ComputedView {
  const { snapshot, cellContext, actions } = input;
  const [caches] = useState(() => ({ processes: new ProcessViewCache(), connections: new ConnViewCache() }));
  const rows = snapshot?.processes ?? NO_ROWS;
  const connections = snapshot?.connections ?? NO_ROWS;
  const processView = useCallback((opts: ViewOptions) => caches.processes.of(rows, opts, cellContext), [caches, rows, cellContext]);
  const connView = useCallback((opts: ConnViewOptions) => caches.connections.of(connections, opts), [caches, connections]);
  const alerts = snapshot?.alerts ?? NO_ROWS;
  // Per snapshot, not per render: keys re-render App without a new snapshot.
  const alertIds = useMemo(
    () => ({
      unacknowledged: alerts.filter((a) => a.state === 'firing' && a.acknowledged !== true).map((a) => a.id),
      unsilenced: alerts.filter((a) => a.state === 'firing' && a.silencedUntil === undefined).map((a) => a.id),
      resolved: resolvedAlerts(alerts).length,
    }),
    [alerts],
  );
  const { verdictOpen } = input;
  const verdictLineCount = useMemo(
    () => (verdictOpen ? verdictLines(snapshot?.verdict, snapshot?.advisor).length : 0),
    [verdictOpen, snapshot?.verdict, snapshot?.advisor],
  );
  return {
    rows,
    processView,
    connections,
    connView,
    ascii: input.ascii,
    pageSize: input.pageSize,
    connPageSize: input.connPageSize,
    columns: input.columns,
    tooSmall: input.tooSmall,
    canAcknowledge: actions.acknowledgeAlert !== undefined,
    unacknowledged: alertIds.unacknowledged,
    canSilence: actions.silenceAlert !== undefined,
    unsilenced: alertIds.unsilenced,
    canDetail: input.canDetail,
    canDialog: input.canDialog,
    canAlerts: input.canAlerts,
    alertCount: alertIds.resolved,
    verdictLines: verdictLineCount,
    advice: snapshot?.verdict?.advice ?? NO_ROWS,
    helpLines: input.helpLines,
    time: input.time,
  };
}
