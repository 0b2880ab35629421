/**
 * The bundle's stand-in for Ink's Text (src/ui/terminal/inkText.ts, put in place of the Text Ink's
 * index exports by scripts/bundle/ink-cell-renderer.mjs and vitest.config.ts): Ink's Text, but
 * for a transform and a style kept while the props they are made of stay the same. The
 * properties: over random screens of nested Texts (colours, backgrounds inherited from Boxes and
 * Texts, every attribute, wrap modes), rendered again with changed props, the stand-in draws what
 * Ink's own Text draws, frame after frame; and a Text rendered again with the same style keeps
 * its transform, where Ink's made a new one.
 */
import fc from 'fast-check';
import { Box, render, Text } from 'ink';
import { EventEmitter } from 'node:events';
import React, { type ComponentType, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
// Ink's own Text, imported by path: the resolve hook replaces only the import in Ink's index.
import InkText from '../../../node_modules/ink/build/components/Text.js';
import instances from '../../../node_modules/ink/build/instances.js';
import type { DOMElement } from '../../../node_modules/ink/build/dom.js';
import StandIn from '../../../src/ui/terminal/inkText.js';
import { truecolorInThisFile } from '../../helpers/truecolor.js';

truecolorInThisFile();

/** A screen rendered by Ink into a stream of `columns`, with its root node. */
function mount(node: ReactNode, columns: number): { app: ReturnType<typeof render>; root: DOMElement; frames: string[] } {
  const frames: string[] = [];
  const stdout = Object.assign(new EventEmitter(), {
    columns,
    rows: 40,
    isTTY: false,
    write: (chunk: string) => {
      frames.push(chunk);
      return true;
    },
  });
  const app = render(node, { stdout: stdout as unknown as NodeJS.WriteStream, debug: true, patchConsole: false });
  const instance = instances.get(stdout as unknown as NodeJS.WriteStream) as unknown as { rootNode: DOMElement };
  return { app, root: instance.rootNode, frames };
}

const colour = fc.constantFrom<string | undefined>(undefined, 'red', 'green', 'blueBright', '#ff8800', 'ansi256(141)');
const style = fc.record({
  color: colour,
  backgroundColor: colour,
  dimColor: fc.boolean(),
  bold: fc.boolean(),
  italic: fc.boolean(),
  underline: fc.boolean(),
  strikethrough: fc.boolean(),
  inverse: fc.boolean(),
});
const word = fc.constantFrom<string>('', 'cpu', '12.5%', 'a b c', '中文', 'é', 'line\nbreak', 'a very long word that wraps');
const line = fc.record({
  style,
  wrap: fc.constantFrom('wrap' as const, 'truncate' as const, 'truncate-middle' as const, 'hard' as const),
  parts: fc.array(fc.tuple(word, style), { minLength: 1, maxLength: 3 }),
});
const screen = fc.record({ background: colour, lines: fc.array(line, { minLength: 1, maxLength: 4 }) });
type ScreenSpec = typeof screen extends fc.Arbitrary<infer T> ? T : never;
type Style = ScreenSpec['lines'][number]['style'];

/** A change between two frames: one prop of one line's or one part's style, or one part's text. */
const edit = fc.record({
  line: fc.nat(),
  part: fc.option(fc.nat(), { nil: undefined }),
  change: fc.oneof(
    fc.record({ key: fc.constantFrom('color' as const, 'backgroundColor' as const), value: colour }),
    fc.record({
      key: fc.constantFrom('dimColor' as const, 'bold' as const, 'italic' as const, 'underline' as const, 'strikethrough' as const, 'inverse' as const),
      value: fc.boolean(),
    }),
    fc.record({ key: fc.constant('text' as const), value: word }),
    fc.record({ key: fc.constant('background' as const), value: colour }),
  ),
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

/** `spec` with `e` made, as a new spec. */
function edited(spec: ScreenSpec, e: Edit): ScreenSpec {
  const next = structuredClone(spec);
  const { key, value } = e.change;
  if (key === 'background') {
    next.background = value;
    return next;
  }
  const line = next.lines[e.line % next.lines.length];
  const part = e.part === undefined ? undefined : line.parts[e.part % line.parts.length];
  if (key === 'text') {
    (part ?? line.parts[0])[0] = value;
    return next;
  }
  const target: Style = part === undefined ? line.style : part[1];
  (target as Record<string, unknown>)[key] = value;
  return next;
}

function Screen({ spec, T }: { spec: ScreenSpec; T: ComponentType<React.ComponentProps<typeof Text>> }) {
  return (
    <Box flexDirection="column" width={20} backgroundColor={spec.background}>
      {spec.lines.map((l, i) => (
        <T key={i} {...l.style} wrap={l.wrap}>
          {l.parts.map(([w, s], k) => (
            <T key={k} {...s}>
              {w}
            </T>
          ))}
        </T>
      ))}
    </Box>
  );
}

describe('Ink Text with its transform kept', () => {
  it('is what Ink’s index exports to the app, here as in the bundle', () => {
    expect(Text).toBe(StandIn);
  });

  it('draws what Ink’s own Text draws, frame after frame, as one prop or text changes at a time', () => {
    fc.assert(
      fc.property(screen, fc.array(edit, { minLength: 1, maxLength: 12 }), (first, edits) => {
        const ours = mount(<Screen spec={first} T={StandIn} />, 30);
        const theirs = mount(<Screen spec={first} T={InkText} />, 30);
        try {
          expect(ours.frames.at(-1)).toBe(theirs.frames.at(-1));
          let spec = first;
          for (const e of edits) {
            spec = edited(spec, e);
            ours.app.rerender(<Screen spec={spec} T={StandIn} />);
            theirs.app.rerender(<Screen spec={spec} T={InkText} />);
            expect(ours.frames.at(-1)).toBe(theirs.frames.at(-1));
          }
        } finally {
          ours.app.unmount();
          theirs.app.unmount();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps its transform while its style stays the same, and makes another when it changes', () => {
    const transformOf = (root: DOMElement) => (root.childNodes[0] as DOMElement).childNodes[0] as DOMElement;
    const spec = (color: string, text: string): ScreenSpec => ({
      background: undefined,
      lines: [
        {
          style: { color, backgroundColor: undefined, dimColor: false, bold: true, italic: false, underline: false, strikethrough: false, inverse: false },
          wrap: 'truncate',
          parts: [
            [
              text,
              {
                color: undefined,
                backgroundColor: undefined,
                dimColor: false,
                bold: false,
                italic: false,
                underline: false,
                strikethrough: false,
                inverse: false,
              },
            ],
          ],
        },
      ],
    });
    for (const [T, kept] of [
      [StandIn, true],
      [InkText, false],
    ] as const) {
      const { app, root } = mount(<Screen spec={spec('red', 'a')} T={T} />, 30);
      const first = transformOf(root).internal_transform;
      app.rerender(<Screen spec={spec('red', 'b')} T={T} />);
      expect(transformOf(root).internal_transform === first).toBe(kept);
      app.rerender(<Screen spec={spec('green', 'b')} T={T} />);
      expect(transformOf(root).internal_transform).not.toBe(first);
      app.unmount();
    }
  });
});
