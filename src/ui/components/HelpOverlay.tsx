/**
 * The help screen, generated from the command table (commands/help.ts): every mode's keys, group
 * by group, flowed into as many columns as the width allows (helpLayout.ts). When the terminal is
 * too small to show every group whole in columns, it is one column that scrolls with the list
 * keys, with long help texts continued on the next line, so nothing is cut.
 */
import { Box } from 'ink';
import { Text } from './Text.js';
import type { HelpGroup } from '../commands/help.js';
import { useSettings } from '../context.js';
import { layoutHelp, singleColumn, type HelpLine } from './helpLayout.js';
import { Line } from './Line.js';

export interface HelpOverlayProps {
  width: number;
  height: number;
  /** Lines scrolled past, in the one-column form. */
  offset: number;
  /** scrolledHelp(width, height), which App keeps per size: the one column, or undefined when the help shows whole. */
  scrolled: readonly HelpLine[] | undefined;
  /** The groups to show (commands/help.ts helpGroups for `top`; the fleet screen has its own). */
  groups: readonly HelpGroup[];
}

/** Narrowest column that still reads: the keys and the start of their help. */
const MIN_COLUMN = 40;

/** The one-column lines when the help must scroll at this size; undefined when it shows whole. */
export function scrolledHelp(width: number, height: number, groups: readonly HelpGroup[]): HelpLine[] | undefined {
  return layoutHelp(groups, width, height, MIN_COLUMN).left.length === 0 ? undefined : singleColumn(groups, width);
}

function HelpColumn({ lines, width }: { lines: readonly HelpLine[]; width: number }) {
  const { theme } = useSettings();
  const pad = Math.max(0, ...lines.map((l) => ('keys' in l ? l.keys.length : 0))) + 1;
  return (
    <Box flexDirection="column" width={width} paddingRight={1}>
      {lines.map((l, li) =>
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
}

export function HelpOverlay({ width, height, offset, scrolled, groups }: HelpOverlayProps) {
  const { theme } = useSettings();
  if (scrolled !== undefined) {
    const rows = Math.max(1, height - 1);
    const start = Math.min(Math.max(0, offset), Math.max(0, scrolled.length - rows));
    return (
      <Box flexDirection="column" height={height} width={width}>
        <Line bold color={theme.title}>
          {`SmoothTask keys, lines ${start + 1}-${Math.min(scrolled.length, start + rows)} of ${scrolled.length} (Up/Down, PgUp/PgDn scroll)`}
        </Line>
        <HelpColumn lines={scrolled.slice(start, start + rows)} width={width} />
      </Box>
    );
  }
  const { columns } = layoutHelp(groups, width, height, MIN_COLUMN);
  const colWidth = Math.floor(width / columns.length);
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text bold color={theme.title}>
        SmoothTask keys (any key closes)
      </Text>
      <Box>
        {columns.map((col, ci) => (
          <HelpColumn key={ci} lines={col} width={colWidth} />
        ))}
      </Box>
    </Box>
  );
}
