/**
 * The alert panel: active alerts (firing, then pending) with severity colour, rule, subject,
 * value, threshold and how long, plus acknowledged/silenced marks; and the config reload error
 * from `snapshot.config` when the config file's new version was refused (the old config stays in
 * force).
 * Severity is spelt out (CRIT/WARN), so it reads without colour too.
 */
import React from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { formatAge, formatMetricValue } from '../../alerts/format.js';
import { activeAlerts } from '../../alerts/view.js';
import type { AlertState, ConfigStatus } from '../../types/snapshot.js';
import { truncateToWidth } from '../../util/sanitize.js';
import { PanelBox } from '../components/PanelBox.js';
import { useSettings } from '../context.js';
import type { Theme } from '../theme.js';

export interface AlertPanelProps {
  /** `snapshot.alerts`; resolved ones are left to AlertHistory. */
  alerts: AlertState[];
  width: number;
  height: number;
  /** `snapshot.config`: its reload error, if the last reload was refused, shows first. */
  config?: ConfigStatus;
  /** Wall clock, ms since epoch; Date.now() when absent. */
  now?: number;
}

/** Widest rule name column. */
const RULE_MAX = 24;

function severityColor(theme: Theme, a: AlertState): string | undefined {
  if (a.state === 'pending') return theme.dim;
  return a.severity === 'critical' ? theme.crit : theme.warn;
}

/** The text of one alert row, `width` columns at most; the rule name padded to `ruleWidth`. */
export function alertRowText(a: AlertState, now: number, width: number, ruleWidth = 0): string {
  const sev = a.severity === 'critical' ? 'CRIT' : 'WARN';
  const value = formatMetricValue(a.metric, a.value);
  const limit = formatMetricValue(a.metric, a.threshold);
  const when = `${a.state === 'pending' ? 'pending' : 'firing'} ${formatAge(now - a.since)}`;
  const marks = [a.acknowledged ? '[ack]' : '', a.silencedUntil !== undefined ? `[silenced ${formatAge(a.silencedUntil - now)}]` : '']
    .filter(Boolean)
    .join(' ');
  const tail = ` ${value} (limit ${limit}) ${when}${marks ? ` ${marks}` : ''}`;
  const head = `${sev} ${truncateToWidth(a.rule, RULE_MAX, '…').padEnd(Math.min(ruleWidth, RULE_MAX))}  `;
  const room = Math.max(0, width - head.length - tail.length);
  return truncateToWidth(`${head}${truncateToWidth(a.subject, room, '…').padEnd(room)}${tail}`, width, '…');
}

export const AlertPanel = React.memo(function AlertPanel({ alerts, width, height, config, now }: AlertPanelProps) {
  const { theme } = useSettings();
  const t = now ?? Date.now();
  const active = activeAlerts(alerts);
  const firing = active.filter((a) => a.state === 'firing').length;
  const inner = Math.max(0, width - 4);
  const reloadError = config?.reloadError;
  // Border (2) and title (1) take three lines; the config error one more.
  let rows = Math.max(0, height - 3 - (reloadError ? 1 : 0));
  const more = active.length > rows ? active.length - rows + 1 : 0;
  if (more > 0) rows -= 1;
  const shown = active.slice(0, Math.max(0, rows));
  const ruleWidth = Math.max(0, ...shown.map((a) => a.rule.length));
  return (
    <PanelBox title={`Alerts ${firing} firing, ${active.length - firing} pending`} width={width} height={height}>
      {reloadError ? (
        <Text color={theme.crit} wrap="truncate">
          config not reloaded: {reloadError}
        </Text>
      ) : null}
      {active.length === 0 ? (
        reloadError ? null : (
          <Text color={theme.dim}>no alerts</Text>
        )
      ) : (
        <Box flexDirection="column">
          {shown.map((a) => (
            <Text key={a.id} color={severityColor(theme, a)} bold={a.state === 'firing' && !a.acknowledged} wrap="truncate">
              {alertRowText(a, t, inner, ruleWidth)}
            </Text>
          ))}
          {more > 0 ? <Text color={theme.dim}>+{more} more</Text> : null}
        </Box>
      )}
    </PanelBox>
  );
});
