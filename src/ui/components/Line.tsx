/**
 * One line of text cut at the edge of its box. Unicode mode cuts with Ink's ellipsis ("…");
 * --ascii clips instead (hard wrap inside a one-line box), so no non-ASCII mark appears.
 */
import React, { type ReactNode } from 'react';
import { Box, type TextProps } from 'ink';
import { Text } from './Text.js';
import { useSettings } from '../context.js';

export type LineProps = Omit<TextProps, 'wrap'> & { children?: ReactNode };

// Memoised as Text is (./Text.tsx): a line of the same string and style is not drawn again.
export const Line = React.memo(function Line({ children, ...text }: LineProps) {
  const { ascii } = useSettings();
  if (!ascii) {
    return (
      <Text wrap="truncate" {...text}>
        {children}
      </Text>
    );
  }
  return (
    <Box height={1} overflow="hidden" flexShrink={0}>
      <Text wrap="hard" {...text}>
        {children}
      </Text>
    </Box>
  );
});
