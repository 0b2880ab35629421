/** A bordered panel with a title; ASCII borders (+ - |) under --ascii. Content is clipped to the height. */
import React, { type ReactNode } from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import { useSettings } from '../context.js';
import { Line } from './Line.js';

export interface PanelBoxProps {
  title: string;
  /** Source indicator shown after the title, e.g. "proc". */
  source?: string;
  width?: number | string;
  height: number;
  flexGrow?: number;
  /** An alert on this panel is firing: the title is marked "!" in the critical colour. */
  alerting?: boolean;
  children: ReactNode;
}

/** The title line, apart so that a box whose content changed does not draw its title again. */
const PanelTitle = React.memo(function PanelTitle({ title, source, alerting }: { title: string; source?: string; alerting: boolean }) {
  const { theme } = useSettings();
  return (
    <Box flexShrink={0}>
      <Line>
        <Text bold color={alerting ? theme.crit : theme.title}>
          {alerting ? `${title} !` : title}
        </Text>
        {source !== undefined ? <Text color={theme.dim}> [{source}]</Text> : null}
      </Line>
    </Box>
  );
});

export function PanelBox({ title, source, width, height, flexGrow, alerting = false, children }: PanelBoxProps) {
  const { ascii, theme } = useSettings();
  return (
    <Box
      flexDirection="column"
      borderStyle={ascii ? 'classic' : 'round'}
      borderColor={theme.dim}
      width={width}
      height={height}
      flexGrow={flexGrow}
      overflow="hidden"
      paddingX={1}
    >
      <PanelTitle title={title} source={source} alerting={alerting} />
      {children}
    </Box>
  );
}
