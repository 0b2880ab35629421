/**
 * The bundle's stand-in for Ink's dom.js (src/ui/terminal/inkDom.ts, put in place by
 * scripts/bundle/ink-cell-renderer.mjs): a text cut at its box's edge whose natural size stayed
 * the same leaves its Yoga node clean, so the tree is not laid out again. The property: after
 * every change, a screen drawn on over many renders shows what a screen mounted afresh with the
 * same content shows, for texts that keep and change their size, nested texts that change colour,
 * siblings placed after them, lines cut at the end and in the middle, and texts that wrap.
 */
import fc from 'fast-check';
import { Box, render, Text } from 'ink';
import { EventEmitter } from 'node:events';
import React from 'react';
import { describe, expect, it } from 'vitest';
import instances from '../../../node_modules/ink/build/instances.js';
import type { DOMElement } from '../../../node_modules/ink/build/dom.js';
import ourRenderer from '../../../src/ui/terminal/cells/inkRenderer.js';

interface Row {
  a: string;
  b: string;
  color: 'red' | 'green' | undefined;
  c: string;
}
interface State {
  rows: Row[];
  block: string;
  middle: string;
  wrapped: string;
}

function Screen({ s }: { s: State }) {
  return (
    <Box flexDirection="column" width={24}>
      {s.rows.map((r, i) => (
        <Box key={i}>
          <Text wrap="truncate">
            {r.a}
            <Text color={r.color}>{r.b}</Text>
          </Text>
          <Text>{r.c}</Text>
        </Box>
      ))}
      <Box width={9}>
        <Text wrap="truncate" color="cyan">
          {s.block}
        </Text>
        <Text>|</Text>
      </Box>
      <Text wrap="truncate-middle">{s.middle}</Text>
      <Box width={7}>
        <Text>{s.wrapped}</Text>
      </Box>
      <Text>end</Text>
    </Box>
  );
}

function mount(node: React.ReactElement) {
  const stdout = Object.assign(new EventEmitter(), { isTTY: false, columns: 40, rows: 40, write: () => true });
  const app = render(node, { stdout: stdout as never, debug: true, patchConsole: false });
  const root = (instances as unknown as Map<unknown, { rootNode: DOMElement }>).get(stdout)!.rootNode;
  return { app, root };
}

const frame = (root: DOMElement) => ourRenderer(root, false).output;
// The SGR escapes of whatever colour level chalk found.
const plain = (text: string) => text.replaceAll(/\u001b\[[0-9;]*m/g, '');

// Few glyphs, so that a text often changes to another of the same width; a wide one and a
// combining mark, so that the same length is not always the same width.
const glyph = fc.constantFrom('a', 'b', '7', ' ', '中', 'e\u0301');
const text = (maxLength: number) => fc.array(glyph, { maxLength }).map((g) => g.join(''));
const row = fc.record({ a: text(14), b: text(6), color: fc.constantFrom('red' as const, 'green' as const, undefined), c: text(4) });
const state = fc.record({
  rows: fc.array(row, { minLength: 1, maxLength: 3 }),
  block: fc.array(text(10), { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')),
  middle: text(30),
  wrapped: text(12),
});

describe('the layout kept while a cut text keeps its size (inkDom.ts)', () => {
  it('draws after every change what a screen mounted afresh draws', () => {
    fc.assert(
      fc.property(state, fc.array(state, { minLength: 1, maxLength: 8 }), (first, changes) => {
        const live = mount(<Screen s={first} />);
        try {
          let last = first;
          for (const next of changes) {
            // Change one row's part at a time as well, as a refresh does.
            const partly = { ...last, rows: next.rows.map((r, i) => (i === 0 ? r : (last.rows[i] ?? r))) };
            for (const s of [partly, next]) {
              live.app.rerender(<Screen s={s} />);
              const fresh = mount(<Screen s={s} />);
              try {
                expect(frame(live.root)).toBe(frame(fresh.root));
              } finally {
                fresh.app.unmount();
              }
            }
            last = next;
          }
        } finally {
          live.app.unmount();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the layout of a line whose number changed at the same width, and lays out one that grew', () => {
    const s = (cpu: string): State => ({ rows: [{ a: 'cpu ', b: cpu, color: 'red', c: '|' }], block: 'x', middle: '', wrapped: '' });
    const live = mount(<Screen s={s('1.0%')} />);
    try {
      const column = live.root.childNodes[0] as DOMElement;
      const line = column.childNodes[0] as DOMElement;
      const text = line.childNodes[0] as DOMElement;
      live.app.rerender(<Screen s={s('2.5%')} />);
      expect(text.yogaNode!.isDirty()).toBe(false);
      expect(plain(frame(live.root).split('\n')[0])).toBe('cpu 2.5%|');
      live.app.rerender(<Screen s={s('12.5%')} />);
      expect(text.yogaNode!.isDirty()).toBe(false);
      expect(plain(frame(live.root).split('\n')[0])).toBe('cpu 12.5%|');
    } finally {
      live.app.unmount();
    }
  });
});
