/**
 * `colored` (src/ui/components/colored.ts) in place of a nested `<Text color>`: the process table's
 * CPU% and a meter's bar are spelled into their line's string. Ink must draw the same frame both
 * ways, for every theme colour (named, hex, none) inside lines that are dim, coloured or bold.
 * And `styled` in place of a Text's own styles, followed by plain blanks (the process table's
 * lines): the frame of a Text with those styles, trailing blanks aside.
 */
import fc from 'fast-check';
import { Box, render, Text } from 'ink';
import { EventEmitter } from 'node:events';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { truecolorInThisFile } from '../helpers/truecolor.js';
import { colored, styled } from '../../src/ui/components/colored.js';
import { themeFor } from '../../src/ui/theme.js';

truecolorInThisFile();

function frame(node: React.ReactElement): string {
  const writes: string[] = [];
  const stdout = Object.assign(new EventEmitter(), { isTTY: false, columns: 60, rows: 10, write: (s: string) => writes.push(s) > 0 });
  const app = render(node, { stdout: stdout as never, debug: true, patchConsole: false });
  app.unmount();
  return writes.at(-1) ?? '';
}

const colours = [...new Set(Object.values({ ...themeFor('16'), ...themeFor('truecolor') }).filter((c) => c !== '16' && c !== 'truecolor'))];
const colour = fc.constantFrom<string | undefined>(undefined, ...colours);
const piece = fc.string({ maxLength: 8 });
const line = fc.record({ dimColor: fc.boolean(), bold: fc.boolean(), color: colour });

describe('colored', () => {
  it('draws what a nested Text of that colour draws', () => {
    fc.assert(
      fc.property(piece, piece, colour, piece, line, (before, middle, color, after, outer) => {
        const nested = (
          <Box width={50}>
            <Text wrap="truncate" {...outer}>
              {before}
              <Text color={color}>{middle}</Text>
              {after}
            </Text>
          </Box>
        );
        const spelled = (
          <Box width={50}>
            <Text wrap="truncate" {...outer}>
              {before + colored(middle, color) + after}
            </Text>
          </Box>
        );
        expect(frame(spelled)).toBe(frame(nested));
      }),
      { numRuns: 200 },
    );
  });

  it('styled draws what a Text with those styles draws, and plain blanks after it draw nothing', () => {
    const style = fc.record({ dimColor: fc.boolean(), bold: fc.boolean(), inverse: fc.boolean(), color: colour, backgroundColor: colour });
    // Ink's frame ends each line with its last drawn cell: blanks in no style are not drawn.
    const trimmed = (text: string) => text.replace(/ +$/gm, '');
    fc.assert(
      fc.property(piece, colour, piece, style, fc.nat(6), (before, color, after, outer, blanks) => {
        const text = before + colored('42.0', color) + after;
        const own = (
          <Box width={50}>
            <Text wrap="truncate" {...outer}>
              {text}
            </Text>
          </Box>
        );
        const spelled = (
          <Box width={50}>
            <Text wrap="truncate">{styled(text, outer) + ' '.repeat(blanks)}</Text>
          </Box>
        );
        expect(trimmed(frame(spelled))).toBe(trimmed(frame(own)));
      }),
      { numRuns: 200 },
    );
  });
});
