/** The help screen: every key (KEY_HELP), in two columns when the terminal is wide enough. */
import { Box, Text } from 'ink';
import { useSettings } from '../context.js';
import { KEY_HELP } from './keyHelp.js';
import { Line } from './Line.js';

export interface HelpOverlayProps {
  width: number;
  height: number;
}

export function HelpOverlay({ width, height }: HelpOverlayProps) {
  const { theme } = useSettings();
  const twoColumns = width >= 150 || KEY_HELP.length + 2 > height;
  const half = twoColumns ? Math.ceil(KEY_HELP.length / 2) : KEY_HELP.length;
  const columns = twoColumns ? [KEY_HELP.slice(0, half), KEY_HELP.slice(half)] : [KEY_HELP];
  const colWidth = Math.floor(width / columns.length);
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text bold color={theme.title}>
        SmoothTask keys (any key closes)
      </Text>
      <Box>
        {columns.map((col, ci) => (
          <Box key={ci} flexDirection="column" width={colWidth}>
            {col.map(([keys, what]) => (
              <Line key={keys}>
                <Text bold color={theme.label}>
                  {keys.padEnd(17)}
                </Text>
                {what}
              </Line>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
