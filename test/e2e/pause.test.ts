/**
 * Paused stepping end to end in a real terminal: bin/smoothtask top in tmux, paused with p, three
 * samples back with [ (the header's sample time moves back by three intervals), one forward with ],
 * and p again back to live. Each step is seen as the header's time moving back: a sample's time is
 * when its pass began, and passes begin an interval apart, so no two samples share a second.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { smoothtaskBin, TmuxSession } from './tmux.js';

let session: TmuxSession | undefined;

afterEach(() => {
  session?.kill();
  session = undefined;
});

const ready = (s: string) => /PID\s+USER/.test(s) && /F10 quit/.test(s);

/** "PAUSED 16:02:03 of 16:01:50 – 16:02:05 (16 samples)": the cursor, the range and the count. */
const PAUSED = /PAUSED (\d\d):(\d\d):(\d\d) of (\d\d:\d\d:\d\d) – (\d\d:\d\d:\d\d) \((\d+) samples\)/;

function pausedAt(screen: string): { seconds: number; samples: number } | undefined {
  const m = PAUSED.exec(screen);
  return m === null ? undefined : { seconds: Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]), samples: Number(m[6]) };
}

/** Seconds from `a` to `b` on the clock, across midnight. */
const since = (a: number, b: number) => (b - a + 86_400) % 86_400;

/** The header's interval in force at the sample shown ("every 1.0s"), in seconds. */
const every = (screen: string) => Number(/every (\d+(?:\.\d+)?)s/.exec(screen)?.[1]);

describe('smoothtask top, paused', () => {
  it('steps back three samples and forward one through the samples held, then resumes', async () => {
    session = TmuxSession.start([smoothtaskBin, 'top', '--interval', '1'], { cols: 200, rows: 50 });
    await session.waitFor(ready);
    // Enough samples held to step three back: wait out six ticks of the header's clock.
    const clock = (s: string) => /(\d\d:\d\d:\d\d) │ every/.exec(s)?.[1];
    const seen = new Set<string>();
    await session.waitFor((s) => {
      const c = clock(s);
      if (c !== undefined) seen.add(c);
      return seen.size >= 6;
    }, 30_000);

    session.sendKeys('p');
    const pausedScreen = await session.waitFor(PAUSED);
    const paused = pausedAt(pausedScreen);
    expect(paused).toBeDefined();
    expect(paused!.samples).toBeGreaterThanOrEqual(4);

    // Three steps back, one at a time: each moves the header's sample time back by one interval,
    // the one in force then (the header's "every", stretched while passes are slow). A sample's
    // "every" is the interval before it, and a stretch can begin at either of two samples, so a
    // step is bounded by the larger of the two.
    let at = paused!.seconds;
    let screen = pausedScreen;
    for (let i = 0; i < 3; i++) {
      session.sendKeys('[');
      const before = at;
      const everyBefore = every(screen);
      screen = await session.waitFor((s) => {
        const p = pausedAt(s);
        return p !== undefined && p.seconds !== before;
      });
      at = pausedAt(screen)!.seconds;
      expect(since(at, before)).toBeGreaterThanOrEqual(1);
      expect(since(at, before)).toBeLessThanOrEqual(Math.ceil(Math.max(everyBefore, every(screen))) + 1);
    }
    const stepped = pausedAt(screen)!;
    expect(since(stepped.seconds, paused!.seconds)).toBeGreaterThanOrEqual(3);
    expect(screen).toMatch(/\[\] step {2}\{\} minute {2}\(\) hour {2}T go to/);
    // What is held stays as it was at the pause.
    expect(stepped.samples).toBe(paused!.samples);

    session.sendKeys(']');
    const forwardScreen = await session.waitFor((s) => pausedAt(s)?.seconds !== stepped.seconds);
    const forward = pausedAt(forwardScreen)!;
    expect(since(stepped.seconds, forward.seconds)).toBeGreaterThanOrEqual(1);
    expect(since(stepped.seconds, forward.seconds)).toBeLessThanOrEqual(Math.ceil(Math.max(every(screen), every(forwardScreen))) + 1);

    session.sendKeys('p');
    const live = await session.waitFor((s) => !PAUSED.test(s) && /resumed/.test(s));
    const liveClock = clock(live);
    expect(liveClock).toBeDefined();
    session.sendKeys('q');
    await session.waitFor(/EXITED:0/);
  }, 60_000);
});
