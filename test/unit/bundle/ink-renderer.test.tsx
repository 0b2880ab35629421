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
import cachingRenderer from '../../../scripts/bundle/ink-renderer.mjs';
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

  it('maps only Ink’s own imports of its log-update and renderer', () => {
    const ink = '/x/node_modules/ink/build/ink.js';
    expect(inkReplacement('./log-update.js', ink, 'built')).toMatch(/dist\/ui\/terminal\/cells\/logUpdate\.js$/);
    expect(inkReplacement('./log-update.js', ink, 'source')).toMatch(/src\/ui\/terminal\/cells\/logUpdate\.ts$/);
    expect(inkReplacement('./renderer.js', ink, 'built')).toMatch(/scripts\/bundle\/ink-renderer\.mjs$/);
    expect(inkReplacement('./renderer.js', '/x/src/ui/run.js', 'built')).toBeUndefined();
    expect(inkReplacement('./output.js', ink, 'built')).toBeUndefined();
  });
});
