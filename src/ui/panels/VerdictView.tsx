/**
 * The verdict in full (V): every limiting resource with its evidence (value, limit, window,
 * source, where the threshold comes from), hogs, victims and what could not be known, then the
 * resources that do not limit now. The same text `smoothtask why` prints, scrolled with the
 * list keys.
 */
import React, { useMemo } from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { AdvisorStatus } from '../../types/snapshot.js';
import type { Verdict } from '../../verdict/types.js';
import { verdictReport } from '../../verdict/format.js';
import { truncateToWidth } from '../../util/sanitize.js';
import { PanelBox } from '../components/PanelBox.js';
import { useSettings } from '../context.js';

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/** What the advisor did on its own, after the report, where it is active or has acted. */
function advisorLines(advisor: AdvisorStatus | undefined): string[] {
  if (advisor === undefined || (!advisor.active && advisor.actions.length === 0)) return [];
  const out = ['', `advisor: acts on its own where [[advisor.allow]] permits; journal ${advisor.journal}; reverse with \`smoothtask advisor undo\``];
  if (advisor.journalError !== undefined) out.push(`  journal not writable, nothing done: ${advisor.journalError}`);
  if (advisor.actions.length === 0) out.push('  nothing done yet');
  for (const a of advisor.actions) out.push(`  ${clock(a.at)} ${a.ok ? 'done' : 'FAILED'}: ${a.action} (allow entry ${a.rule + 1}): ${a.message}`);
  return out;
}

/** The report's lines, then the advisor's, as the view scrolls them. */
export function verdictLines(verdict: Verdict | undefined, advisor?: AdvisorStatus): string[] {
  return verdict === undefined ? [] : [...verdictReport(verdict).trimEnd().split('\n'), ...advisorLines(advisor)];
}

export interface VerdictViewProps {
  verdict: Verdict | undefined;
  advisor?: AdvisorStatus;
  width: number;
  height: number;
  /** Lines scrolled past at the top. */
  offset: number;
}

export const VerdictView = React.memo(function VerdictView({ verdict, advisor, width, height, offset }: VerdictViewProps) {
  const { theme } = useSettings();
  const lines = useMemo(() => verdictLines(verdict, advisor), [verdict, advisor]);
  const inner = Math.max(0, width - 4);
  const rows = Math.max(0, height - 2);
  const start = Math.min(Math.max(0, offset), Math.max(0, lines.length - rows));
  return (
    <PanelBox
      title={`Verdict${lines.length > rows ? ` (lines ${start + 1}-${Math.min(lines.length, start + rows)} of ${lines.length})` : ''}`}
      width={width}
      height={height}
    >
      {verdict === undefined ? (
        <Text color={theme.dim}>no verdict in this snapshot (recorded before SmoothTask judged snapshots)</Text>
      ) : (
        <Box flexDirection="column">
          {lines.slice(start, start + rows).map((line, i) => (
            <Text key={start + i} wrap="truncate">
              {truncateToWidth(line, inner)}
            </Text>
          ))}
        </Box>
      )}
    </PanelBox>
  );
});
