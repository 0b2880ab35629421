/**
 * The help screen, generated from the command table (commands/help.ts): every mode's keys, group
 * by group, flowed into as many columns as the width allows (helpLayout.ts). When the terminal
 * is too small for all of them, the groups left out are named on the last line.
 */
import { Box, Text } from 'ink';
import { helpGroups } from '../commands/help.js';
import { useSettings } from '../context.js';
import { layoutHelp } from './helpLayout.js';
import { Line } from './Line.js';

export interface HelpOverlayProps {
  width: number;
  height: number;
}

/** Narrowest column that still reads: the keys and the start of their help. */
const MIN_COLUMN = 40;
const GROUPS = helpGroups();

export function HelpOverlay({ width, height }: HelpOverlayProps) {
  const { theme } = useSettings();
  const { columns, left } = layoutHelp(GROUPS, width, height, MIN_COLUMN);
  const colWidth = Math.floor(width / columns.length);
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text bold color={theme.title}>
        SmoothTask keys (any key closes)
      </Text>
      <Box>
        {columns.map((col, ci) => {
          const pad = Math.max(0, ...col.map((l) => ('keys' in l ? l.keys.length : 0))) + 1;
          return (
            <Box key={ci} flexDirection="column" width={colWidth} paddingRight={1}>
              {col.map((l, li) =>
                'title' in l ? (
                  <Line key={li} bold color={theme.title}>
                    {l.title}
                  </Line>
                ) : 'keys' in l ? (
                  <Line key={li}>
                    <Text bold color={theme.label}>
                      {l.keys.padEnd(pad)}
                    </Text>
                    {l.what}
                  </Line>
                ) : (
                  <Text key={li}> </Text>
                ),
              )}
            </Box>
          );
        })}
      </Box>
      {left.length > 0 ? <Line color={theme.dim}>{`a larger terminal also shows: ${left.join(', ')}`}</Line> : null}
    </Box>
  );
}
