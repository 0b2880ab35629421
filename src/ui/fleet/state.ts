/**
 * The fleet screen's interaction state: mode, sort, search, filter, the label rows are grouped
 * by, the followed host, scrolling, and requests for side effects (quit, suspend, redraw, open or
 * close a host's detail) that FleetApp carries out through the poller's actions.
 */
import type { FleetColumnId } from './columns.js';

export type FleetMode = 'table' | 'search' | 'filter' | 'help' | 'host';
/** The modes keys are read in: the screen's, and a terminal too small to draw in. */
export type FleetKeyMode = FleetMode | 'tooSmall';

export type FleetRequest =
  | { kind: 'quit'; seq: number }
  | { kind: 'suspend'; seq: number }
  | { kind: 'redraw'; seq: number }
  | { kind: 'openHost'; host: string; seq: number }
  | { kind: 'closeHost'; seq: number };

export interface FleetUiState {
  mode: FleetMode;
  sort: FleetColumnId;
  descending: boolean;
  search: string;
  filter: string;
  /** The target label rows are grouped by (job, dc, ...); undefined for no groups. */
  groupBy?: string;
  /** The followed row's key (a host, or a group's header); undefined until the cursor moves. */
  selectedKey?: string;
  /** Where the cursor was last drawn, for when its row goes away. */
  index: number;
  scrollTop: number;
  helpOffset: number;
  /** Lines scrolled in the host view. */
  hostOffset: number;
  /** The last message for the status line; any key clears it. */
  status: string;
  request?: FleetRequest;
}

export const initialFleetState: FleetUiState = {
  mode: 'table',
  sort: 'host',
  descending: false,
  search: '',
  filter: '',
  index: 0,
  scrollTop: 0,
  helpOffset: 0,
  hostOffset: 0,
  status: '',
};

export function fleetKeyMode(s: FleetUiState, tooSmall: boolean): FleetKeyMode {
  return tooSmall ? 'tooSmall' : s.mode;
}

type WithoutSeq<R> = R extends unknown ? Omit<R, 'seq'> : never;

/** Ask FleetApp for a side effect; each request is distinct, so the same one twice runs twice. */
export function request(s: FleetUiState, body: WithoutSeq<FleetRequest>): FleetUiState {
  return { ...s, request: { ...body, seq: (s.request?.seq ?? 0) + 1 } };
}
