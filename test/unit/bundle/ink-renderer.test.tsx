/**
 * The bundle's stand-in for Ink's renderer (src/ui/terminal/cells/inkRenderer.ts, put in place by
 * scripts/bundle/ink-cell-renderer.mjs): it draws the laid-out tree into a cell grid instead of
 * Ink's grid of objects. Its frames are spelled differently (the shortest SGR between cells), so
 * they are compared with Ink's own renderer's as a terminal reads them: both parsed by one
 * FrameParser, cell by cell (glyph, width, style), over fixed screens and random ones (wide CJK,
 * emoji, combining marks, colours and attributes, borders, backgrounds, clipping boxes, texts
 * whose styles run across newlines), frame after frame with one memory on the root node; and
 * over random screens changed a word, a style or a box's layout at a time, where the rows no
 * write changed are copied from the last frame (changedRows.ts).
 */
import fc from 'fast-check';
import { Box, render, Text } from 'ink';
import { EventEmitter } from 'node:events';
import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { emulator, screenCells, writeTo } from '../../helpers/emulator.js';
import { truecolorInThisFile } from '../../helpers/truecolor.js';
// Ink's own modules, imported by path: the resolve hook replaces only Ink's imports of them.
import inkRenderer from '../../../node_modules/ink/build/renderer.js';
import instances from '../../../node_modules/ink/build/instances.js';
import type { DOMElement } from '../../../node_modules/ink/build/dom.js';
// @ts-expect-error plain JavaScript module of the bundle step, without type declarations
import { inkReplacement } from '../../../scripts/bundle/ink-cell-renderer.mjs';
import { CellGrid } from '../../../src/ui/terminal/cells/grid.js';
import { frameMemoryOf } from '../../../src/ui/terminal/cells/frameLink.js';
import { FrameMemory } from '../../../src/ui/terminal/cells/frameOutput.js';
import ourRenderer from '../../../src/ui/terminal/cells/inkRenderer.js';
import { FrameParser } from '../../../src/ui/terminal/cells/parse.js';

type Frame = { output: string; outputHeight: number; staticOutput: string };
type Renderer = (node: DOMElement, screenReader: boolean) => Frame;
const theirs: Renderer = inkRenderer;

truecolorInThisFile();

/** A frame as a terminal of `columns` reads it: its lines parsed in order, the pen carried from line to line. */
function cellsOf(parser: FrameParser, text: string, columns: number): CellGrid {
  const lines = text.split('\n');
  const grid = new CellGrid(columns, lines.length);
  const pen = { fg: 0, bg: 0, attrs: 0 };
  lines.forEach((line, row) => parser.parseLine(line, grid, row, pen));
  return grid;
}

/** Both renderers' frames of `root`, read as cells; the parts besides the text must be equal. */
function bothFrames(root: DOMElement, columns: number): { ours: CellGrid; theirs: CellGrid; text: string } {
  const a = ourRenderer(root, false);
  const b = theirs(root, false);
  expect(a.outputHeight).toBe(b.outputHeight);
  expect(a.staticOutput).toBe(b.staticOutput);
  const parser = new FrameParser();
  return { ours: cellsOf(parser, a.output, columns), theirs: cellsOf(parser, b.output, columns), text: a.output };
}

function expectSameGrids(a: CellGrid, b: CellGrid): void {
  expect(a.rows).toBe(b.rows);
  expect(Array.from(a.glyphs)).toEqual(Array.from(b.glyphs));
  expect(Array.from(a.widths)).toEqual(Array.from(b.widths));
  expect(Array.from(a.styles)).toEqual(Array.from(b.styles));
}

/**
 * Our frame and Ink's read as the same cells; and the grid our renderer drew, which the cell
 * renderer's log-update takes in place of the text (frameLink.ts), is that text's cells.
 */
function expectSameCells(root: DOMElement, columns: number): string {
  const { ours, theirs: ink, text } = bothFrames(root, columns);
  expectSameGrids(ours, ink);
  const drawn = frameMemoryOf(root).drawnAs(text);
  // A frame of no rows is left to the text (one empty line).
  if (root.yogaNode!.getComputedHeight() === 0) {
    expect(drawn).toBeUndefined();
    return text;
  }
  expect(drawn).toBeDefined();
  expect(frameMemoryOf(root).drawnAs(`${text}\n`)?.trailingNewline).toBe(true);
  expect(frameMemoryOf(root).drawnAs(`${text} `)).toBeUndefined();
  expectSameGrids(drawn!.grid, cellsOf(drawn!.parser, text, columns));
  return text;
}

function mount(node: React.ReactElement, columns: number) {
  const stdout = Object.assign(new EventEmitter(), { isTTY: false, columns, rows: 40, write: () => true });
  const app = render(node, { stdout: stdout as never, debug: true, patchConsole: false });
  const root = (instances as unknown as Map<unknown, { rootNode: DOMElement }>).get(stdout)!.rootNode;
  return { app, root };
}

function Screen({ n }: { n: number }) {
  return (
    <Box flexDirection="column" width={40} borderStyle="round" borderColor="cyan">
      <Text color="red" bold>
        CPU {n}% 中文 e{'\u0301'} 😀
      </Text>
      <Box width={10} overflow="hidden">
        <Box width={40} flexShrink={0}>
          <Text backgroundColor="blue">
            <Text color="red">cut</Text>
            {' 中文 text that runs past ten columns'}
          </Text>
        </Box>
      </Box>
      <Box width={9} overflow="hidden" backgroundColor="green">
        <Box width={20} flexShrink={0} marginLeft={-1}>
          <Text bold>
            {'中文中文'}
            <Text dimColor>中文</Text>
          </Text>
        </Box>
      </Box>
      <Text>
        <Text color="yellow">{`two\nlines ${n}`}</Text> after
      </Text>
      <Box marginLeft={-1} width={6}>
        <Text>{'中x'}</Text>
      </Box>
      <Text dimColor>unchanged line</Text>
    </Box>
  );
}

// Random screens: boxes of texts, wide CJK, emoji, combining marks, colours, borders, backgrounds, clips.
const glyph = fc.constantFrom(...'abcxyz019 %.:-|', '─', '│', '█', '⣿', '中', '文', 'ｶ', '😀', 'e\u0301', 'ü');
const words = fc.array(glyph, { maxLength: 14 }).map((g) => g.join(''));
const colour = fc.constantFrom(undefined, 'red', 'green', 'blue', 'yellowBright', '#ff8800', 'ansi256(141)');
const style = fc.record({
  color: colour,
  backgroundColor: colour,
  bold: fc.boolean(),
  dimColor: fc.boolean(),
  inverse: fc.boolean(),
  underline: fc.boolean(),
});
const text = fc.record({ style, parts: fc.array(fc.tuple(words, style), { minLength: 1, maxLength: 3 }), newline: fc.boolean() });
const box = fc.record({
  width: fc.integer({ min: 0, max: 30 }),
  height: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  // Content laid out wider than the box (it does not shrink), so a clipping box cuts it.
  inner: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
  clip: fc.boolean(),
  border: fc.constantFrom(undefined, 'single', 'round'),
  background: colour,
  marginLeft: fc.integer({ min: -3, max: 3 }),
  texts: fc.array(text, { minLength: 1, maxLength: 3 }),
});
const screen = fc.array(box, { minLength: 1, maxLength: 5 });
type ScreenSpec = typeof screen extends fc.Arbitrary<infer T> ? T : never;
const colourProps = (s: { color?: string; backgroundColor?: string; bold: boolean; dimColor: boolean; inverse: boolean; underline: boolean }) => ({
  color: s.color,
  backgroundColor: s.backgroundColor,
  bold: s.bold,
  dimColor: s.dimColor,
  inverse: s.inverse,
  underline: s.underline,
});
const Tree = ({ spec }: { spec: ScreenSpec }) => (
  <Box flexDirection="column" width={36}>
    {spec.map((b, i) => (
      <Box
        key={i}
        width={b.width}
        height={b.height}
        marginLeft={b.marginLeft}
        overflow={b.clip ? 'hidden' : 'visible'}
        borderStyle={b.border as never}
        backgroundColor={b.background}
        flexDirection="column"
      >
        <Box flexDirection="column" flexShrink={0} width={b.inner}>
          {b.texts.map((t, j) => (
            <Text key={j} {...colourProps(t.style)} wrap={t.newline ? 'truncate' : 'wrap'}>
              {t.parts.map(([w, s], k) => (
                <Text key={k} {...colourProps(s)}>
                  {t.newline && k === 0 ? `${w}\n` : w}
                </Text>
              ))}
            </Text>
          ))}
        </Box>
      </Box>
    ))}
  </Box>
);

/** An edit between two frames: one word of one text (and its style), or one box's width or margin. */
const edit = fc.record({
  box: fc.nat(),
  text: fc.nat(),
  part: fc.nat(),
  word: words,
  style: fc.option(style, { nil: undefined }),
  layout: fc.option(fc.record({ width: fc.integer({ min: 0, max: 30 }), marginLeft: fc.integer({ min: -3, max: 3 }) }), { nil: undefined }),
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

/** `spec` with `change` made: a copy, the spec itself unchanged. */
function edited(spec: ScreenSpec, change: Edit): ScreenSpec {
  const next = structuredClone(spec);
  const box = next[change.box % next.length];
  if (change.layout !== undefined) {
    box.width = change.layout.width;
    box.marginLeft = change.layout.marginLeft;
    return next;
  }
  const text = box.texts[change.text % box.texts.length];
  const part = text.parts[change.part % text.parts.length];
  part[0] = change.word;
  if (change.style !== undefined) part[1] = change.style;
  return next;
}

describe('Ink renderer drawing into cells', () => {
  it('draws the cells Ink draws, frame after frame, keeping one memory on the root node', () => {
    const { app, root } = mount(<Screen n={1} />, 60);
    const first = expectSameCells(root, 60);
    expect(first).toContain('CPU 1%');
    // Colours are on (truecolorInThisFile above), so styles are compared too.
    expect(first).toMatch(/\u001b\[[0-9;]*m/);
    const memory = frameMemoryOf(root);
    for (const n of [2, 3, 3, 10]) {
      app.rerender(<Screen n={n} />);
      expect(expectSameCells(root, 60)).toContain(`CPU ${n}%`);
      expect(frameMemoryOf(root)).toBe(memory);
    }
    app.unmount();
  });

  it('changes only the text of the rows whose cells changed', () => {
    const { app, root } = mount(<Screen n={1} />, 60);
    const before = ourRenderer(root, false).output.split('\n');
    app.rerender(<Screen n={2} />);
    const after = ourRenderer(root, false).output.split('\n');
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed).toHaveLength(2);
    expect(changed[0]).toContain('CPU 2%');
    expect(changed[1]).toContain('lines 2');
    app.unmount();
  });

  it('leaves a wide character cut by the frame’s right edge blank, in the grid as in the text', () => {
    const { app, root } = mount(
      <Box flexDirection="column">
        <Box marginLeft={39} width={2} flexShrink={0}>
          <Text color="red">中</Text>
        </Box>
        <Text>end</Text>
      </Box>,
      40,
    );
    expect(expectSameCells(root, 40)).toContain('end');
    app.unmount();
  });

  it('holds a bounded memory when no text repeats (a churn of processes)', () => {
    // Each row a colour of its own, never repeated: the styles table starts over too.
    const Rows = ({ n }: { n: number }) => (
      <Box flexDirection="column">
        {Array.from({ length: 40 }, (_, i) => (
          <Text key={i} color={`#${((((n * 40 + i) * 2654435761) % 0xffffff) >>> 0).toString(16).padStart(6, '0')}`}>
            {`churn-${n}-${i} `.padEnd(190, String.fromCharCode(97 + ((n + i) % 26)))}
          </Text>
        ))}
      </Box>
    );
    const { app, root } = mount(<Rows n={0} />, 200);
    let most = 0;
    for (let n = 0; n < 80; n++) {
      app.rerender(<Rows n={n} />);
      expectSameCells(root, 200);
      most = Math.max(most, frameMemoryOf(root).held.cells);
    }
    app.unmount();
    // 40 new rows of 190 cells a frame: the memory starts over once past 400,000 cells, so never more than a frame past it.
    expect(most).toBeLessThanOrEqual(400_000 + 40 * 190);
    expect(most).toBeGreaterThan(200_000);
  });

  it('draws what Ink draws for random screens, frame after frame', () => {
    fc.assert(
      fc.property(fc.array(screen, { minLength: 1, maxLength: 4 }), (frames) => {
        const { app, root } = mount(<Tree spec={frames[0]} />, 40);
        try {
          for (const spec of frames) {
            app.rerender(<Tree spec={spec} />);
            expectSameCells(root, 40);
          }
        } finally {
          app.unmount();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('draws what Ink draws when a few texts or one box change between frames (the other rows kept from the last frame)', () => {
    fc.assert(
      fc.property(screen, fc.array(edit, { minLength: 1, maxLength: 8 }), (first, edits) => {
        const { app, root } = mount(<Tree spec={first} />, 40);
        try {
          expectSameCells(root, 40);
          let spec = first;
          for (const change of edits) {
            spec = edited(spec, change);
            app.rerender(<Tree spec={spec} />);
            expectSameCells(root, 40);
          }
        } finally {
          app.unmount();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('hands its grid to the log-update, and the terminal shows each frame (below other text and as the whole screen)', async () => {
    const taken = vi.spyOn(FrameMemory.prototype, 'drawnAs');
    // Rows that trade places and change, as the process table's do between refreshes.
    const Table = ({ order, n }: { order: number[]; n: number }) => (
      <Box flexDirection="column" width={30}>
        <Text color="cyan">title {n}</Text>
        {order.map((k, i) => (
          <Text key={i} color={k % 2 === 0 ? 'green' : undefined} dimColor={k === 3}>
            {`row ${k} 中文 ${k === n % 5 ? '😀' : 'e\u0301'} ${'x'.repeat(k)}`}
          </Text>
        ))}
      </Box>
    );
    const orders = [
      [0, 1, 2, 3, 4],
      [1, 0, 2, 3, 4],
      [4, 0, 1, 2, 3],
      [4, 0, 1, 2, 3],
      [3, 2, 1, 0, 4],
    ];
    // 6 rows of frame: a terminal of 10 rows (Ink ends the frame with a newline) and one of 6.
    // Interactive even under CI=true, where Ink would write only the last frame, at unmount.
    for (const rows of [10, 6]) {
      taken.mockClear();
      const term = emulator(40, rows);
      const stdout = Object.assign(new EventEmitter(), { isTTY: true, columns: 40, rows, write: (s: string) => (term.write(s), true) });
      const app = render(<Table order={orders[0]} n={0} />, { stdout: stdout as never, patchConsole: false, exitOnCtrlC: false, interactive: true });
      const root = (instances as unknown as Map<unknown, { rootNode: DOMElement }>).get(stdout)!.rootNode;
      for (const [n, order] of orders.entries()) {
        app.rerender(<Table order={order} n={n} />);
        const text = ourRenderer(root, false).output;
        const whole = emulator(40, rows);
        await writeTo(whole, (text + (rows > 6 ? '\n' : '')).replaceAll('\n', '\r\n'));
        const expected = screenCells(whole);
        whole.dispose();
        // Ink writes the frame after its throttle (30 frames a second), later on a loaded machine.
        for (let waited = 0; waited < 2000 && JSON.stringify(screenCells(term)) !== JSON.stringify(expected); waited += 20) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          await writeTo(term, '');
        }
        expect(screenCells(term)).toEqual(expected);
      }
      app.unmount();
      term.dispose();
      expect(taken.mock.results.filter((r) => r.value !== undefined).length).toBeGreaterThanOrEqual(orders.length - 1);
    }
    taken.mockRestore();
  });

  it('maps only Ink’s own imports of its log-update and renderer', () => {
    const ink = '/x/node_modules/ink/build/ink.js';
    expect(inkReplacement('./log-update.js', ink, 'built')).toMatch(/dist\/ui\/terminal\/cells\/logUpdate\.js$/);
    expect(inkReplacement('./log-update.js', ink, 'source')).toMatch(/src\/ui\/terminal\/cells\/logUpdate\.ts$/);
    expect(inkReplacement('./renderer.js', ink, 'built')).toMatch(/dist\/ui\/terminal\/cells\/inkRenderer\.js$/);
    expect(inkReplacement('./renderer.js', ink, 'source')).toMatch(/src\/ui\/terminal\/cells\/inkRenderer\.ts$/);
    expect(inkReplacement('./renderer.js', '/x/src/ui/run.js', 'built')).toBeUndefined();
    expect(inkReplacement('./output.js', ink, 'built')).toBeUndefined();
  });
});
