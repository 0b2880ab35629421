/**
 * Paused stepping on the screen: a store that holds samples (as `top`'s does), p, the time keys,
 * the PAUSED header with the sample's time and what is held, the rows of the sample stepped to,
 * and p back to live. (The same on the real `top` in tmux: test/e2e/pause.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { App } from '../../src/ui/App.js';
import { Providers } from '../../src/ui/Providers.js';
import { clockText } from '../../src/ui/time/timeText.js';
import { plain } from './helpers/frame.js';
import { renderInTerminal, tick, until } from './helpers/render.js';
import { proc, testSnapshot } from './helpers/snapshots.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** Sample `i`, ten seconds after the one before, listing a process named after it. */
const sample = (i: number) =>
  testSnapshot({ takenAt: new Date(Date.UTC(2026, 10, 23, 12, 0, i * 10)).toISOString(), processes: [proc(100 + i, `sample${i}`)] });
const clock = (i: number) => clockText(Date.parse(sample(i).takenAt), false);

describe('top paused', () => {
  it('steps back and forward through the samples held, with PAUSED, the time and the range in the header', async () => {
    const store = new Store(60, { samples: 10, rows: 1000 });
    for (let i = 0; i < 4; i++) store.publish(sample(i));
    const r = renderInTerminal(
      <Providers store={store} ascii={false} color="none" intervalMs={1000}>
        <App />
      </Providers>,
      120,
      40,
    );
    unmount = () => r.instance.unmount();
    const frame = () => plain(r.frame());
    await until(() => frame().includes('sample3'));
    expect(frame()).not.toContain('PAUSED');
    await r.press('p');
    await until(() => frame().includes(`PAUSED ${clock(3)} of ${clock(0)} – ${clock(3)} (4 samples)`));
    await r.press('[', '[');
    await until(() => frame().includes(`PAUSED ${clock(1)} of`));
    expect(frame()).toContain('sample1');
    expect(frame()).not.toContain('sample3');
    // Sampling goes on while paused, not shown; the samples held stay those of the pause.
    store.publish(sample(4));
    await tick();
    expect(frame()).toContain('sample1');
    await r.press('}');
    await until(() => frame().includes(`PAUSED ${clock(3)} of ${clock(0)} – ${clock(3)} (4 samples)`));
    await r.press(']');
    expect(frame()).toContain('the newest sample held: p resumes live');
    await r.press('[', '[', '[', '[', '[');
    await until(() => frame().includes('the first of the samples held'));
    expect(frame()).toContain(`PAUSED ${clock(0)}`);
    await r.press('p');
    await until(() => !frame().includes('PAUSED') && frame().includes('sample4'));
  });

  it('a time key while live pauses on the sample before the one on screen', async () => {
    const store = new Store(60, { samples: 10, rows: 1000 });
    for (let i = 0; i < 3; i++) store.publish(sample(i));
    const r = renderInTerminal(
      <Providers store={store} ascii={false} color="none" intervalMs={1000}>
        <App />
      </Providers>,
      120,
      40,
    );
    unmount = () => r.instance.unmount();
    await until(() => plain(r.frame()).includes('sample2'));
    await r.press('[');
    await until(() => plain(r.frame()).includes(`PAUSED ${clock(1)}`));
    expect(store.isFrozen()).toBe(true);
  });
});
