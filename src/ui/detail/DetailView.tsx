/**
 * The drill-down view of one process (Enter in the table): eight sections (Tab, Left/Right or
 * 1–8), each naming its source, refreshed every interval by a detail sampler of its own. Parent
 * and child links open that process; K/F9 signal, r renice, i ionice, s policy, w cgroup weight
 * open the action dialogs; Esc goes back. When the process exits the view says so and keeps the last data.
 */
import React, { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { targetOf, type ActionResult, type ActionTarget } from '../../actions/target.js';
import type { ProcDetail, Section } from '../../collectors/procdetail/types.js';
import type { ProcessIdentity } from '../actions.js';
import { useSettings, useUiActions, useViewActions } from '../context.js';
import { useKeys } from '../hooks/useKeys.js';
import { useSnapshot } from '../hooks/useSnapshot.js';
import type { Theme } from '../theme.js';
import { ActionDialog } from '../dialogs/ActionDialog.js';
import { detailKey } from './detailCommands.js';
import { initialDetailState, sectionId, type DetailUiState } from './detailState.js';
import { environmentLines } from './EnvironmentSection.js';
import { filesLines } from './FilesSection.js';
import { ioLines } from './IoSection.js';
import { line, type Line } from './lines.js';
import { memoryLines } from './MemorySection.js';
import { hasSocketBytes, networkLines } from './NetworkSection.js';
import { overviewLines, overviewLinks } from './OverviewSection.js';
import { schedulingLines } from './SchedulingSection.js';
import { SectionTabs } from './SectionTabs.js';
import { threadsLines } from './ThreadsSection.js';
import { useProcDetail } from './useProcDetail.js';
import { useKeyState } from './useKeyState.js';

export interface DetailViewProps {
  target: ProcessIdentity;
  width: number;
  height: number;
}

/** Before the first draw no descriptor is on screen. */
const NO_FDS: ReadonlySet<number> = new Set();

/** Header, tabs and source lines above the body; the key hint below it. */
const CHROME_LINES = 4;

function sectionLines<T>(section: Section<T> | undefined, draw: (value: T) => Line[]): Line[] {
  if (section === undefined) return [line('reading…', { tone: 'dim' })];
  if (section.value === undefined) return [line(`n/a: ${section.unavailable ?? 'not read'}`, { tone: 'warn' })];
  return draw(section.value);
}

function actionTarget(detail: ProcDetail | undefined, fallback: ActionTarget | undefined, id: ProcessIdentity): ActionTarget | undefined {
  const o = detail?.overview.value;
  if (o === undefined) return fallback;
  return {
    pid: id.pid,
    startTime: id.startTime,
    uid: o.uid?.effective,
    user: o.effectiveUser,
    comm: o.comm,
    cmdline: o.cmdline,
    kernelThread: o.kernelThread,
  };
}

function toneColor(theme: Theme, tone: Line['tone']): string | undefined {
  return tone === undefined ? undefined : theme[tone];
}

export function DetailView({ target, width, height }: DetailViewProps) {
  const snapshot = useSnapshot();
  const { theme, intervalMs, ascii } = useSettings();
  const view = useViewActions();
  const canAct = useUiActions().processes !== undefined;
  const [ui, currentUi, setUi] = useKeyState<DetailUiState>(initialDetailState);
  // Descriptors on screen: the next refresh reads their fdinfo even past the bound (set below,
  // once the lines are drawn).
  const wantFlags = useRef<ReadonlySet<number>>(NO_FDS);
  const state = useProcDetail({
    pid: target.pid,
    startTime: target.startTime,
    intervalMs,
    withEnvironment: ui.envRequested && sectionId(ui) === 'environment',
    flagsFor: wantFlags,
  });
  const { detail, gone } = state;
  const row = snapshot?.processes.find((p) => p.pid === target.pid && p.startTime === target.startTime);
  const connections = useMemo(() => (snapshot?.connections ?? []).filter((c) => c.pid === target.pid), [snapshot?.connections, target.pid]);
  const links = overviewLinks(detail?.overview.value);
  const id = sectionId(ui);
  const bodyHeight = Math.max(1, height - CHROME_LINES);

  let lines: Line[];
  switch (id) {
    case 'overview':
      lines = sectionLines(detail?.overview, (o) => overviewLines(o, width, ui.linkCursor));
      break;
    case 'threads':
      lines = sectionLines(detail?.threads, threadsLines);
      break;
    case 'files':
      lines = sectionLines(detail?.files, (f) => filesLines(f, ui.filter, width));
      break;
    case 'network':
      lines = sectionLines(detail?.network, (sockets) => networkLines(sockets, connections));
      break;
    case 'memory':
      lines = sectionLines(detail?.memory, (m) => memoryLines(m, width));
      break;
    case 'io':
      lines = sectionLines(detail?.io, ioLines);
      break;
    case 'scheduling':
      lines = sectionLines(detail?.scheduling, (s) => schedulingLines(s, row?.runqueue, ascii));
      break;
    case 'environment':
      lines = !ui.envRequested
        ? [line('press e to show the environment (own processes, or as root); secret-looking values stay masked until v', { tone: 'dim' })]
        : sectionLines(detail?.environment, (vars) => environmentLines(vars, ui.reveal));
      break;
  }
  // Keep the selected link on screen in the overview.
  let scroll = Math.min(ui.scroll, Math.max(0, lines.length - bodyHeight));
  const selectedAt = lines.findIndex((l) => l.selected === true);
  if (selectedAt >= 0 && (selectedAt < scroll || selectedAt >= scroll + bodyHeight)) scroll = Math.max(0, selectedAt - bodyHeight + 1);

  const visible = lines.slice(scroll, scroll + bodyHeight);
  const onScreen = new Set(visible.flatMap((l) => (l.fd === undefined ? [] : [l.fd])));
  useLayoutEffect(() => {
    wantFlags.current = onScreen;
  });

  const closeDialog = useCallback(
    (r: ActionResult[]) => {
      setUi({ ...currentUi(), dialog: undefined });
      if (r.length > 0) view.setStatus(r.map((x) => x.message).join('; '));
    },
    [currentUi, setUi, view],
  );

  useKeys((key) => {
    const now = currentUi();
    if (now.dialog !== undefined) return;
    const step = detailKey(now, key, { links: links.length, lines: lines.length, pageLines: bodyHeight, gone: gone !== undefined });
    if (step.state.dialog !== undefined && !canAct) return view.setStatus('actions not available');
    if (step.state !== now) setUi(step.state);
    const effect = step.effect;
    if (effect?.kind === 'back') view.closeDetail();
    else if (effect?.kind === 'openLink') {
      const l = links[effect.index];
      if (l !== undefined) {
        setUi(initialDetailState);
        view.openDetail({ pid: l.pid, startTime: l.startTime });
      }
    } else if (effect?.kind === 'status') view.setStatus(effect.text);
  });

  const actTarget = actionTarget(detail, row === undefined ? undefined : targetOf(row), target);
  const source = detail?.[id === 'environment' ? 'overview' : id];
  let sourceText = id === 'environment' ? '/proc/PID/environ' : (source?.source ?? '');
  if (id === 'scheduling' && row?.runqueue?.histogram !== undefined) sourceText += ' + eBPF run-queue histogram';
  if (id === 'network' && hasSocketBytes(detail?.network.value ?? [], connections)) sourceText += ' + eBPF socket bytes (connections)';
  const comm = detail?.overview.value?.comm ?? row?.comm ?? '';

  let body: React.ReactNode;
  if (ui.dialog !== undefined && actTarget !== undefined) {
    body = (
      <ActionDialog
        kind={ui.dialog}
        targets={[actTarget]}
        width={width}
        height={bodyHeight}
        currentNice={detail?.overview.value?.nice ?? row?.nice}
        onClose={closeDialog}
      />
    );
  } else {
    body = visible.map((l, i) => (
      <Text key={i} wrap="truncate" bold={l.bold} inverse={l.selected} color={toneColor(theme, l.tone)}>
        {l.text === '' ? ' ' : l.text}
      </Text>
    ));
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold color={theme.title}>
          PID {target.pid} {comm}
        </Text>
        {gone !== undefined ? <Text color={theme.crit}>{`  ${gone}: showing the last data read`}</Text> : null}
        {state.error !== undefined ? <Text color={theme.warn}>{`  read failed: ${state.error}`}</Text> : null}
        {detail !== undefined ? <Text color={theme.dim}>{`  read in ${detail.readMs.toFixed(0)} ms, every ${(intervalMs / 1000).toFixed(1)} s`}</Text> : null}
      </Text>
      <SectionTabs section={ui.section} />
      <Text wrap="truncate" color={theme.dim}>
        source: {sourceText.replaceAll('PID', String(target.pid))}
        {id === 'files' && (ui.editingFilter || ui.filter !== '') ? `   filter: ${ui.filter}${ui.editingFilter ? '_' : ''}` : ''}
      </Text>
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {body}
      </Box>
      <Text wrap="truncate" color={theme.dim}>
        {gone !== undefined
          ? 'Esc back  Tab/1-8 sections (process exited: actions off)'
          : 'Esc back  Tab/1-8 sections  Up/Down links/scroll  Enter open  / filter files  e env  v reveal  K signal  r renice  i ionice  s policy  w weight'}
      </Text>
    </Box>
  );
}
