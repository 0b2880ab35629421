/**
 * The fleet screen: header, the host table (or a host, or the help), status line. Holds the
 * interaction reducer, computes the view once per render for the drawing and the key commands
 * alike, and carries out what the reducer requests (quit, suspend, open or close a host) through
 * the poller's actions. It never fetches: the rows come from the poller through context.
 */
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef } from 'react';
import { Box, useApp, useWindowSize } from 'ink';
import { HelpOverlay, scrolledHelp } from '../components/HelpOverlay.js';
import { TooSmall } from '../components/TooSmall.js';
import { useKeys } from '../hooks/useKeys.js';
import { MIN_COLUMNS, MIN_ROWS } from '../layout.js';
import { scrollFor } from '../state/selection.js';
import { fitFleetColumns } from './columns.js';
import { fleetHelpGroups } from './commands.js';
import { useFleetActions, useFleetSnapshot } from './context.js';
import { FleetHeader } from './FleetHeader.js';
import { FleetStatusLine } from './FleetStatusLine.js';
import { FleetTable } from './FleetTable.js';
import { cursorIndex, type FleetScreenView } from './handlers.js';
import { hostLines } from './hostLines.js';
import { chartLines, HostView } from './HostView.js';
import { fleetReducer } from './reducer.js';
import { initialFleetState } from './state.js';
import { fleetView, groupLabels } from './view.js';
import { isStale } from './words.js';
import { askTerminal, type TerminalControls } from '../terminal/controls.js';

export interface FleetAppProps {
  /** Prometheus's URL, for the header. */
  url: string;
  /** What Ctrl-Z and Ctrl-L ask of the terminal (the runner supplies it). */
  terminal?: TerminalControls;
}

/** The header's two lines and the status line. */
const CHROME = 3;
const GROUPS = fleetHelpGroups();

export function FleetApp({ url, terminal }: FleetAppProps) {
  const snapshot = useFleetSnapshot();
  const actions = useFleetActions();
  const { exit } = useApp();
  const { columns: width, rows: height } = useWindowSize();
  const [state, dispatch] = useReducer(fleetReducer, initialFleetState);
  const tooSmall = width < MIN_COLUMNS || height < MIN_ROWS;
  const bodyHeight = Math.max(1, height - CHROME);
  const pageSize = Math.max(1, bodyHeight - 1);
  const ctx = useMemo(() => ({ at: (snapshot.rowsAt ?? snapshot.publishedAt) / 1000 }), [snapshot.rowsAt, snapshot.publishedAt]);
  const { sort, descending, filter, groupBy } = state;
  const view = useMemo(() => fleetView(snapshot.rows, { sort, descending, filter, groupBy }, ctx), [snapshot.rows, sort, descending, filter, groupBy, ctx]);
  const labels = useMemo(() => groupLabels(snapshot.rows), [snapshot.rows]);
  const columns = useMemo(() => fitFleetColumns(width), [width]);
  const helpScroll = useMemo(() => scrolledHelp(width, bodyHeight, GROUPS), [width, bodyHeight]);
  const hostLineCount = snapshot.host === undefined ? 0 : hostLines(snapshot.host).length;
  const screen: FleetScreenView = {
    rows: view,
    pageSize,
    helpLines: helpScroll?.length ?? 0,
    hostLines: Math.max(0, hostLineCount - (bodyHeight - 1 - chartLines(bodyHeight).lines)),
    labels,
    tooSmall,
  };
  useKeys((key) => dispatch({ type: 'key', key, view: screen }));

  // What the reducer asks for, once per request, with the handlers of the last commit.
  const latest = useRef({ exit, terminal, actions });
  useLayoutEffect(() => {
    latest.current = { exit, terminal, actions };
  });
  const req = state.request;
  useEffect(() => {
    if (req === undefined) return;
    const { exit: quit, terminal: term, actions: act } = latest.current;
    if (req.kind === 'quit') quit();
    else if (req.kind === 'suspend' || req.kind === 'redraw') askTerminal(term, req.kind, (text) => dispatch({ type: 'status', text }));
    else if (req.kind === 'openHost') act.openHost(req.host);
    else act.closeHost();
  }, [req]);

  if (tooSmall) return <TooSmall columns={width} rows={height} />;
  const selected = cursorIndex(state, view);
  const top = scrollFor(state.scrollTop, Math.max(0, selected), pageSize, view.length);
  let body;
  if (state.mode === 'help') body = <HelpOverlay width={width} height={bodyHeight} offset={state.helpOffset} scrolled={helpScroll} groups={GROUPS} />;
  else if (state.mode === 'host') body = <HostView detail={snapshot.host} width={width} height={bodyHeight} offset={state.hostOffset} />;
  else {
    body = (
      <FleetTable
        view={view}
        columns={columns}
        selected={selected}
        top={top}
        rows={pageSize}
        width={width}
        sort={state.sort}
        descending={state.descending}
        ctx={ctx}
        stale={isStale(snapshot)}
      />
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <FleetHeader snapshot={snapshot} url={url} now={snapshot.publishedAt} />
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {body}
      </Box>
      <FleetStatusLine state={state} shown={view.filter((v) => v.kind === 'host').length} total={snapshot.rows.length} />
    </Box>
  );
}
