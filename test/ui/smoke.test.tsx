import { describe, expect, it } from 'vitest';
import { renderApp, tick } from './helpers/render.js';
import { testSnapshot } from './helpers/snapshots.js';

describe('smoke', () => {
  it('renders', async () => {
    for (const [c, r] of [[100, 40], [120, 40], [250, 70]]) {
      const x = renderApp({ snapshot: testSnapshot(), columns: c, rows: r });
      await tick(50);
      process.stderr.write(x.frame() + `\n---- ${c}x${r}\n`);
      x.instance.unmount();
      expect(x.frame()).toContain('testhost');
    }
  });
});
