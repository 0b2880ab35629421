/**
 * The screen: header, panels, process table, status line, and the overlays (help, user picker,
 * detail). Holds the interaction reducer, computes the view once per render (useScreenView) for
 * the drawing and the key commands alike, and carries out the side effects the reducer requests.
 */
import React, { useEffect, useMemo, useReducer, useState, type ComponentType } from 'react';
import { Box, useApp, useWindowSize } from 'ink';
import type { ActionResult } from '../actions/target.js';
import { firingProcessKeys } from '../alerts/view.js';
import type { ActionDialogProps } from './dialogs/ActionDialog.js';
import type { ProcessIdentity, ViewActions } from './actions.js';
import { useSettings, useStore, useUiActions, ViewActionsContext } from './context.js';
import { Header } from './components/Header.js';
import { helpGroups } from './commands/help.js';
import { HelpOverlay, scrolledHelp } from './components/HelpOverlay.js';
import { Panels, type AlertHistorySlotProps, type AlertSlotProps } from './components/Panels.js';
import { StatusLine } from './components/StatusLine.js';
import { TooSmall } from './components/TooSmall.js';
import { UserPicker } from './components/UserPicker.js';
import { useKeys } from './hooks/useKeys.js';
import { useSnapshot } from './hooks/useSnapshot.js';
import { useTimeMoves } from './hooks/useTimeMoves.js';
import { useTimePosition } from './hooks/useTimePosition.js';
import { planLayout } from './layout.js';
import { uiReducer } from './state/reducer.js';
import { indexOfKey, scrollFor, selectionIndex } from './state/selection.js';
import { initialUiState, viewOptions } from './state/uiState.js';
import type { ScreenView } from './state/screenView.js';
import { visibleColumns } from './table/columns.js';
import { fitColumns } from './table/fitColumns.js';
import { ProcessTable } from './table/ProcessTable.js';
import { ExitedStrip, exitedStripLines } from './table/ExitedStrip.js';
import { usersOf } from './table/processView.js';
import { useRequests } from './hooks/useRequests.js';
import { useScreenView } from './hooks/useScreenView.js';
import { closedConnectionsLines } from './connections/ClosedConnections.js';
import { ConnectionsView } from './connections/ConnectionsView.js';
import { VerdictView } from './panels/VerdictView.js';
import { connectionSummary } from './connections/summary.js';
import type { TerminalControls } from './terminal/controls.js';

/** Props the detail view receives in its slot. */
export interface DetailSlotProps {
  target: ProcessIdentity;
  width: number;
  height: number;
}

export interface AppProps {
  /** What Ctrl-Z and Ctrl-L ask of the terminal (runScreen supplies it; absent in tests). */
  terminal?: TerminalControls;
  /** The alert panel (src/ui/panels/AlertPanel.tsx); it gets room while alerts are active. */
  AlertSlot?: ComponentType<AlertSlotProps>;
  /** The alert history (src/ui/panels/AlertHistory.tsx); `a` opens it. */
  AlertHistorySlot?: ComponentType<AlertHistorySlotProps>;
  /** The action dialogs (src/ui/dialogs/ActionDialog.tsx); F9/K, F7/F8 and i open them on the
   * selected process or the tagged ones. */
  ActionDialogSlot?: ComponentType<ActionDialogProps>;
  /** The drill-down view (src/ui/detail/DetailView.tsx) when present; Enter opens it. */
  DetailSlot?: ComponentType<DetailSlotProps>;
}

const NO_ROWS: never[] = [];

/** The connections view's source line and column header. */
const CONN_CHROME = 2;
/** From this size the Network box has a line counting the sockets by state. */
const SUMMARY_COLUMNS = 160;
const SUMMARY_ROWS = 50;

/** Most alert rows the panel gets before it says how many more there are. */
const ALERT_ROWS = 5;
/** The alert panel's border and title. */
const ALERT_CHROME = 3;

export function App({ terminal, AlertSlot, AlertHistorySlot, ActionDialogSlot, DetailSlot }: AppProps) {
  const snapshot = useSnapshot();
  const store = useStore();
  const actions = useUiActions();
  const { ascii } = useSettings();
  const { exit } = useApp();
  const { columns: width, rows: height } = useWindowSize();
  const [state, dispatch] = useReducer(uiReducer, initialUiState);
  const position = useTimePosition();
  const time = position?.kind === 'replay' ? 'replay' : state.paused ? 'paused' : 'live';

  const activeAlerts = snapshot?.alerts.filter((a) => a.state === 'firing' || a.state === 'pending').length ?? 0;
  // A refused config reload takes a line of the alert panel, and opens it when no alert does.
  const reloadLines = snapshot?.config?.reloadError !== undefined ? 1 : 0;
  const alertLines = AlertSlot !== undefined && activeAlerts + reloadLines > 0 ? Math.min(activeAlerts, ALERT_ROWS) + reloadLines + ALERT_CHROME : 0;
  const layout = planLayout({ columns: width, rows: height, gpuCount: snapshot?.gpus.length ?? 0, alertLines });
  const processes = snapshot?.processes ?? NO_ROWS;
  const takenAt = snapshot?.takenAt;
  const cellContext = useMemo(
    () => ({ memTotalBytes: snapshot?.memory?.totalBytes, takenAtMs: takenAt === undefined ? undefined : Date.parse(takenAt) }),
    [snapshot?.memory?.totalBytes, takenAt],
  );
  const alerted = useMemo(() => firingProcessKeys(snapshot?.alerts ?? []), [snapshot?.alerts]);
  const tableColumns = useMemo(() => fitColumns(visibleColumns(processes), width), [processes, width]);
  const pageSize = layout.kind === 'tooSmall' ? 1 : Math.max(1, layout.tableRows - exitedStripLines(snapshot, layout.tableRows));
  const bodyHeight = height - (layout.kind === 'tooSmall' ? 0 : layout.headerLines) - 1;
  const connPageSize = Math.max(1, bodyHeight - CONN_CHROME - closedConnectionsLines(snapshot));
  // Where the selection was last drawn; when its process goes away the cursor stays on that row
  // and follows whichever process is there now (htop's behaviour).
  const [lastIndex, setLastIndex] = useState(0);
  const columnIds = useMemo(() => tableColumns.map((c) => c.id), [tableColumns]);
  // The help is made and laid out only while it is open: nothing else reads it, and doing it for
  // every start cost the first frame 10-20 ms (bench/README.md, "One namespace a CommonJS module").
  const inHelp = state.mode === 'help';
  const help = useMemo(() => (inHelp ? helpGroups() : undefined), [inHelp]);
  const helpScroll = useMemo(() => (help === undefined ? undefined : scrolledHelp(width, bodyHeight, help)), [help, width, bodyHeight]);
  const helpLines = helpScroll?.length ?? 0;
  const screen = useScreenView({
    snapshot,
    cellContext,
    ascii,
    pageSize,
    connPageSize,
    helpLines,
    verdictOpen: state.mode === 'verdict',
    columns: columnIds,
    tooSmall: layout.kind === 'tooSmall',
    actions,
    canDetail: DetailSlot !== undefined,
    canDialog: ActionDialogSlot !== undefined && actions.processes !== undefined,
    canAlerts: AlertHistorySlot !== undefined,
    time,
  });
  const view = screen.processView(viewOptions(state, ascii));
  const selected = selectionIndex(state, view, lastIndex);
  // Set during render, not in an effect: React reruns this function before drawing anything, so a
  // moved selection costs no second frame; the rerun finds the same index and stops there.
  if (selected >= 0 && selected !== lastIndex) setLastIndex(selected);
  const adopt = selected >= 0 && view[selected].key !== state.selectedKey ? view[selected].key : undefined;
  useEffect(() => {
    if (adopt !== undefined && state.selectedKey !== undefined) dispatch({ type: 'select', key: adopt });
  }, [adopt, state.selectedKey]);
  const top = scrollFor(state.scrollTop, Math.max(0, selected), pageSize, view.length);
  const connections = screen.connections;
  const large = width >= SUMMARY_COLUMNS && height >= SUMMARY_ROWS;
  const connSource = snapshot?.sources.connections;
  const summary = useMemo(() => (large ? connectionSummary(connections, connSource) : undefined), [large, connections, connSource]);

  // What the next key sees: useKeys calls the handler of the last drawn frame, so keys typed back
  // to back before React re-renders get the view on screen, never a stale closure.
  const keyView: ScreenView = { ...screen, lastIndex };
  useKeys((key) => dispatch({ type: 'key', key, view: keyView }));
  useRequests(state.request, { exit, terminal, actions, report: (text) => dispatch({ type: 'status', text }) });
  useTimeMoves(state.timeMoves, { store, report: (text) => dispatch({ type: 'status', text }), done: (seq) => dispatch({ type: 'timeMovesDone', seq }) });
  useEffect(() => store.setFrozen(state.paused), [store, state.paused]);
  const tagCount = state.tags.tagged.size;
  useEffect(() => {
    if (tagCount > 0) dispatch({ type: 'pruneTags', alive: processes });
  }, [processes, tagCount]);
  const closeDialog = useMemo(
    () => (results: ActionResult[]) => dispatch({ type: 'closeDialog', message: results.map((r) => r.message).join('; '), acted: results.length > 0 }),
    [],
  );

  const viewActions = useMemo<ViewActions>(
    () => ({
      openDetail: (target) => dispatch({ type: 'openDetail', target }),
      closeDetail: () => dispatch({ type: 'closeDetail' }),
      setStatus: (text) => dispatch({ type: 'status', text }),
    }),
    [],
  );

  if (layout.kind === 'tooSmall') return <TooSmall columns={width} rows={height} />;
  let body: React.ReactNode;
  let counts = { shown: view.length, total: processes.length, unit: 'procs' };
  if (state.mode === 'dialog' && state.dialog !== undefined && ActionDialogSlot !== undefined) {
    const d = state.dialog;
    body = (
      <ActionDialogSlot
        kind={d.kind}
        targets={d.targets}
        currentNice={d.currentNice}
        preset={d.preset}
        width={width}
        height={bodyHeight}
        onClose={closeDialog}
      />
    );
  } else if (help !== undefined) body = <HelpOverlay width={width} height={bodyHeight} offset={state.helpOffset} scrolled={helpScroll} groups={help} />;
  else if (state.mode === 'alerts' && AlertHistorySlot !== undefined) {
    body = <AlertHistorySlot alerts={snapshot?.alerts ?? []} offset={state.alertOffset} width={width} height={bodyHeight} />;
  } else if (state.mode === 'connections') {
    const c = state.conn;
    const connView = screen.connView(c);
    const at = indexOfKey(connView, c.selectedKey, c.index);
    counts = { shown: connView.length, total: connections.length, unit: 'conns' };
    body = (
      <ConnectionsView
        view={connView}
        total={connections.length}
        source={connSource}
        filter={c.filter}
        selected={at}
        top={scrollFor(c.scrollTop, Math.max(0, at), connPageSize, connView.length)}
        rows={connPageSize}
        width={width}
        sort={c.sort}
        descending={c.descending}
      />
    );
  } else if (state.mode === 'verdict') {
    body = <VerdictView verdict={snapshot?.verdict} advisor={snapshot?.advisor} offset={state.verdictOffset} width={width} height={bodyHeight} />;
  } else if (state.mode === 'users') body = <UserPicker users={usersOf(processes)} cursor={state.userCursor} height={bodyHeight} />;
  else if (state.mode === 'detail' && state.detail !== undefined && DetailSlot !== undefined) {
    body = <DetailSlot target={state.detail} width={width} height={bodyHeight} />;
  } else {
    body = (
      <>
        <Panels snapshot={snapshot} layout={layout} AlertSlot={AlertSlot} connections={summary} showVirtualNet={state.showVirtualNet} />
        <ProcessTable
          view={view}
          columns={tableColumns}
          selected={selected}
          top={top}
          rows={pageSize}
          width={width}
          sort={state.sort}
          descending={state.descending}
          showCmdline={state.showCmdline}
          cellContext={cellContext}
          alerted={alerted}
          tagged={state.tags.tagged}
        />
        <ExitedStrip tableRows={layout.tableRows} />
      </>
    );
  }
  return (
    <ViewActionsContext value={viewActions}>
      <Box flexDirection="column" width={width} height={height}>
        <Header snapshot={snapshot} paused={state.paused} position={position} />
        <Box flexDirection="column" height={bodyHeight} overflow="hidden">
          {body}
        </Box>
        <StatusLine state={state} {...counts} time={time} />
      </Box>
    </ViewActionsContext>
  );
}
