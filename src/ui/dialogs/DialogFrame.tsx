/**
 * The frame every action dialog shares: a title, the targets (pid, user, command) so the person
 * sees exactly what they act on, warnings, the body, and the confirmation or results.
 */
import { type ReactNode } from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { ActionTarget } from '../../actions/target.js';
import { typedConfirmationReasons, expectedConfirmation, type Viewer } from '../../actions/confirm.js';
import { useSettings } from '../context.js';
import type { Stage } from './confirmStage.js';

/** Targets listed in full before the rest are counted. */
const LISTED = 5;

export interface DialogFrameProps {
  title: string;
  targets: readonly ActionTarget[];
  viewer: Viewer;
  /** What will be done, for the confirmation line: "send SIGTERM", "set nice 5". */
  doing: string;
  stage: Stage;
  warnings?: readonly string[];
  width: number;
  children?: ReactNode;
}

export function DialogFrame({ title, targets, viewer, doing, stage, warnings = [], width, children }: DialogFrameProps) {
  const { theme } = useSettings();
  const reasons = targets.flatMap((t) => typedConfirmationReasons(t, viewer).map((r) => `${t.pid}: ${r}`));
  return (
    <Box flexDirection="column" borderStyle="single" width={Math.min(width, 100)} paddingX={1}>
      <Text bold color={theme.title}>
        {title} {targets.length === 1 ? '' : `(${targets.length} tagged processes)`}
      </Text>
      {targets.slice(0, LISTED).map((t) => (
        <Text key={`${t.pid}:${t.startTime}`} wrap="truncate">
          {/* A template literal: the two spaces between fields survive formatting. */}
          {`pid ${t.pid}  user ${t.user ?? (t.uid === undefined ? 'n/a' : `uid ${t.uid}`)}  command ${t.cmdline === '' ? `[${t.comm}]` : t.cmdline}`}
        </Text>
      ))}
      {targets.length > LISTED ? <Text>… and {targets.length - LISTED} more</Text> : null}
      {warnings.map((w) => (
        <Text key={w} color={theme.warn} wrap="wrap">
          {w}
        </Text>
      ))}
      {stage.kind === 'choose' ? children : null}
      {stage.kind === 'confirm' ? <Text bold>{doing}? y/N</Text> : null}
      {stage.kind === 'typed' ? (
        <>
          {reasons.map((r) => (
            <Text key={r} color={theme.crit}>
              {r}
            </Text>
          ))}
          <Text bold>
            To {doing}, type {targets.length === 1 ? 'the pid' : 'the number of processes'} ({expectedConfirmation(targets)}) and press Enter: {stage.input}_
          </Text>
          {stage.error !== undefined ? <Text color={theme.warn}>{stage.error}</Text> : null}
        </>
      ) : null}
      {stage.kind === 'done' ? (
        <>
          {stage.results.map((r, i) => (
            <Text key={i} color={r.ok ? theme.good : theme.crit} wrap="wrap">
              {r.message}
            </Text>
          ))}
          <Text color={theme.dim}>any key closes</Text>
        </>
      ) : null}
      {stage.kind !== 'done' ? <Text color={theme.dim}>Esc cancels: nothing is changed</Text> : null}
    </Box>
  );
}
