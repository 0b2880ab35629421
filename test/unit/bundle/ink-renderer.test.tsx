/**
 * The bundle's stand-ins inside Ink (scripts/bundle/ink-cell-renderer.mjs): Ink's renderer with
 * caches kept on the root node (ink-renderer.mjs) gives Ink's own renderer's frame text, frame
 * after frame, with one set of caches; and the plugin maps exactly Ink's two imports.
 */
import { Box, render, Text } from 'ink';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
// Ink's own modules, imported by path: the resolve hook replaces only Ink's imports of them.
import inkRenderer from '../../../node_modules/ink/build/renderer.js';
import instances from '../../../node_modules/ink/build/instances.js';
// @ts-expect-error plain JavaScript module of the bundle step, without type declarations
import cachingRenderer, { STYLED_CHAR_LIMIT } from '../../../scripts/bundle/ink-renderer.mjs';
// @ts-expect-error plain JavaScript module of the bundle step, without type declarations
import { inkReplacement } from '../../../scripts/bundle/ink-cell-renderer.mjs';

type Frame = { output: string; outputHeight: number; staticOutput: string };
type Renderer = (node: unknown, screenReader: boolean) => Frame;

function Screen({ n }: { n: number }) {
  return (
    <Box flexDirection="column" width={40} borderStyle="round">
      <Text color="red" bold>
        CPU {n}% 中文 e{'\u0301'}
      </Text>
      <Box width={10} overflow="hidden">
        <Text backgroundColor="blue">{'clipped text that runs past ten columns'}</Text>
      </Box>
      <Text dimColor>unchanged line</Text>
    </Box>
  );
}

describe('Ink renderer with caches across frames', () => {
  it('draws what Ink draws, frame after frame, keeping one set of caches on the root node', () => {
    const stdout = Object.assign(new EventEmitter(), { isTTY: false, columns: 60, rows: 20, write: () => true });
    const app = render(<Screen n={1} />, { stdout: stdout as never, debug: true, patchConsole: false });
    const root = (instances as unknown as Map<unknown, { rootNode: { smoothtaskOutputCaches?: unknown } }>).get(stdout)!.rootNode;
    const ours = cachingRenderer as Renderer;
    const theirs = inkRenderer as unknown as Renderer;
    const first = ours(root, false);
    expect(first).toEqual(theirs(root, false));
    expect(first.output).toContain('CPU 1%');
    const caches = root.smoothtaskOutputCaches;
    expect(caches).toBeDefined();
    for (const n of [2, 3, 3]) {
      app.rerender(<Screen n={n} />);
      expect(ours(root, false)).toEqual(theirs(root, false));
      expect(root.smoothtaskOutputCaches).toBe(caches);
    }
    app.unmount();
  });

  it('starts its caches over once they hold STYLED_CHAR_LIMIT characters, when no text repeats (a churn of processes)', () => {
    const stdout = Object.assign(new EventEmitter(), { isTTY: false, columns: 200, rows: 50, write: () => true });
    const Rows = ({ n }: { n: number }) => (
      <Box flexDirection="column">
        {Array.from({ length: 40 }, (_, i) => (
          <Text key={i}>{`churn-${n}-${i} `.padEnd(190, String.fromCharCode(97 + ((n + i) % 26)))}</Text>
        ))}
      </Box>
    );
    const app = render(<Rows n={0} />, { stdout: stdout as never, debug: true, patchConsole: false });
    const root = (instances as unknown as Map<unknown, { rootNode: { smoothtaskOutputCaches?: { styledChars: Map<string, unknown[]> } } }>).get(
      stdout,
    )!.rootNode;
    const ours = cachingRenderer as Renderer;
    const theirs = inkRenderer as unknown as Renderer;
    const held = (): number => [...root.smoothtaskOutputCaches!.styledChars.values()].reduce((n, chars) => n + chars.length, 0);
    let most = 0;
    let startedOver = 0;
    let caches = undefined as unknown;
    for (let n = 0; n < 30; n++) {
      app.rerender(<Rows n={n} />);
      expect(ours(root, false)).toEqual(theirs(root, false));
      if (root.smoothtaskOutputCaches !== caches) startedOver += 1;
      caches = root.smoothtaskOutputCaches;
      most = Math.max(most, held());
    }
    app.unmount();
    // 40 new rows of 190 characters a frame: over the limit every ~5 frames, and never more than a frame past it.
    expect(startedOver).toBeGreaterThan(3);
    expect(most).toBeLessThanOrEqual(STYLED_CHAR_LIMIT + 40 * 190);
  });

  it('maps only Ink’s own imports of its log-update and renderer', () => {
    const ink = '/x/node_modules/ink/build/ink.js';
    expect(inkReplacement('./log-update.js', ink, 'built')).toMatch(/dist\/ui\/terminal\/cells\/logUpdate\.js$/);
    expect(inkReplacement('./log-update.js', ink, 'source')).toMatch(/src\/ui\/terminal\/cells\/logUpdate\.ts$/);
    expect(inkReplacement('./renderer.js', ink, 'built')).toMatch(/scripts\/bundle\/ink-renderer\.mjs$/);
    expect(inkReplacement('./renderer.js', '/x/src/ui/run.js', 'built')).toBeUndefined();
    expect(inkReplacement('./output.js', ink, 'built')).toBeUndefined();
  });
});
