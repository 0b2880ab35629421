/**
 * The drill-down of a recorded process (Enter in `replay`): the same sections and keys as the live
 * view (DetailView.tsx), drawn from the recording through the store: the process's row at the
 * cursor and its timeline as small charts; the sections that need the live process say "not
 * recorded". Nothing is read from /proc, and the action keys are refused.
 */
import { useMemo } from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { processKey } from '../../util/processKey.js';
import type { DetailSlotProps } from '../App.js';
import { REPLAY_NO_ACTIONS } from '../commands/handlers.js';
import { useSettings, useStore, useViewActions } from '../context.js';
import { useKeys } from '../hooks/useKeys.js';
import { useSnapshot } from '../hooks/useSnapshot.js';
import { useTimePosition } from '../hooks/useTimePosition.js';
import type { Theme } from '../theme.js';
import { detailKey } from './detailCommands.js';
import { initialDetailState, sectionId, type DetailUiState } from './detailState.js';
import type { Line } from './lines.js';
import { recordedSectionLines } from './recordedLines.js';
import { SectionTabs } from './SectionTabs.js';
import { useKeyState } from './useKeyState.js';

/** Header, tabs and source lines above the body; the key hint below it. */
const CHROME_LINES = 4;

function toneColor(theme: Theme, tone: Line['tone']): string | undefined {
  return tone === undefined ? undefined : theme[tone];
}

export function RecordedDetailView({ target, width, height }: DetailSlotProps) {
  const snapshot = useSnapshot();
  const store = useStore();
  const { theme, ascii } = useSettings();
  const view = useViewActions();
  const [ui, currentUi, setUi] = useKeyState<DetailUiState>(initialDetailState);
  const key = processKey(target.pid, target.startTime);
  // The timeline of one process scans every sample: once per process opened, not per frame.
  const timeline = useMemo(() => store.processTimeline(key), [store, key]);
  const row = snapshot?.processes.find((p) => p.pid === target.pid && p.startTime === target.startTime) ?? timeline?.rows.at(-1);
  const at = useTimePosition()?.at ?? 0;
  const id = sectionId(ui);
  const bodyHeight = Math.max(1, height - CHROME_LINES);
  const lines = recordedSectionLines({ section: id, row, timeline, at, width, ascii });
  const scroll = Math.min(ui.scroll, Math.max(0, lines.length - bodyHeight));

  useKeys((k) => {
    const now = currentUi();
    const step = detailKey(now, k, { links: 0, lines: lines.length, pageLines: bodyHeight, gone: false });
    if (step.state.dialog !== undefined) return view.setStatus(REPLAY_NO_ACTIONS);
    if (step.state !== now) setUi(step.state);
    if (step.effect?.kind === 'back') view.closeDetail();
    else if (step.effect?.kind === 'status') view.setStatus(step.effect.text);
  });

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold color={theme.title}>
          PID {target.pid} {row?.comm ?? ''}
        </Text>
        <Text color={theme.dim}>{'  recorded: no live process behind it'}</Text>
      </Text>
      <SectionTabs section={ui.section} />
      <Text wrap="truncate" color={theme.dim}>
        source: the recording (the process table&apos;s rows)
      </Text>
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {lines.slice(scroll, scroll + bodyHeight).map((l, i) => (
          <Text key={i} wrap="truncate" bold={l.bold} color={toneColor(theme, l.tone)}>
            {l.text === '' ? ' ' : l.text}
          </Text>
        ))}
      </Box>
      <Text wrap="truncate" color={theme.dim}>
        Esc back Tab/1-8 sections Up/Down scroll (a recording: no actions)
      </Text>
    </Box>
  );
}
