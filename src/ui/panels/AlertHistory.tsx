/**
 * The alert history view: resolved alerts, newest first, as the engine keeps them (bounded by
 * general.history_length): when it started, how long it fired, severity, rule, subject and the
 * worst value seen (peak).
 */
import React from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { formatAge, formatMetricValue } from '../../alerts/format.js';
import { resolvedAlerts } from '../../alerts/view.js';
import type { AlertState } from '../../types/snapshot.js';
import { truncateToWidth } from '../../util/sanitize.js';
import { PanelBox } from '../components/PanelBox.js';
import { useSettings } from '../context.js';

export interface AlertHistoryProps {
  /** `snapshot.alerts`; only resolved ones are shown. */
  alerts: AlertState[];
  width: number;
  height: number;
  /** Rows scrolled past at the top. */
  offset?: number;
}

/** Widest rule name column. */
const RULE_MAX = 24;

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/** One history row, `width` columns at most; the rule name padded to `ruleWidth`. */
export function historyRowText(a: AlertState, width: number, ruleWidth = 0): string {
  const sev = a.severity === 'critical' ? 'CRIT' : 'WARN';
  const lasted = a.endedAt !== undefined ? formatAge(a.endedAt - a.since) : '?';
  const head = `${clock(a.since)} ${lasted.padStart(4)} ${sev} ${truncateToWidth(a.rule, RULE_MAX, '…').padEnd(Math.min(ruleWidth, RULE_MAX))}  `;
  const tail = ` peak ${formatMetricValue(a.metric, a.peak)}`;
  const room = Math.max(0, width - head.length - tail.length);
  return truncateToWidth(`${head}${truncateToWidth(a.subject, room, '…').padEnd(room)}${tail}`, width, '…');
}

export const AlertHistory = React.memo(function AlertHistory({ alerts, width, height, offset = 0 }: AlertHistoryProps) {
  const { theme } = useSettings();
  const past = resolvedAlerts(alerts);
  const inner = Math.max(0, width - 4);
  const rows = Math.max(0, height - 4);
  const start = Math.min(Math.max(0, offset), Math.max(0, past.length - rows));
  const shown = past.slice(start, start + rows);
  const ruleWidth = Math.max(0, ...shown.map((a) => a.rule.length));
  return (
    <PanelBox title={`Alert history (${past.length})`} width={width} height={height}>
      {past.length === 0 ? (
        <Text color={theme.dim}>no resolved alerts yet</Text>
      ) : (
        <Box flexDirection="column">
          <Text color={theme.dim} wrap="truncate">
            {truncateToWidth('started  lasted sev  rule / subject / peak', inner)}
          </Text>
          {shown.map((a) => (
            <Text key={`${a.id}|${a.endedAt}`} color={a.severity === 'critical' ? theme.crit : theme.warn} wrap="truncate">
              {historyRowText(a, inner, ruleWidth)}
            </Text>
          ))}
        </Box>
      )}
    </PanelBox>
  );
});
