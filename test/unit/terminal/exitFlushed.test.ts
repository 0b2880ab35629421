/**
 * The signal exit waits for writes queued behind one still in flight (a write to a terminal that
 * was not reading, interrupted by the signal, finishes asynchronously), so the sequences that give
 * the terminal back reach it; and it does not wait forever for a terminal that never reads.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exitWhenFlushed } from '../../../src/ui/terminal/exitFlushed.js';

/** A terminal that takes each write `delayMs` after it is handed over (never, with Infinity). */
function slowTerminal(delayMs: number): { stream: Writable; received: string[] } {
  const received: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string, _enc, done) {
      if (delayMs === Infinity) return;
      setTimeout(() => {
        received.push(chunk);
        done();
      }, delayMs);
    },
  });
  return { stream, received };
}

describe('exitWhenFlushed', () => {
  it('exits at once when nothing is queued', () => {
    const { stream } = slowTerminal(0);
    const codes: number[] = [];
    exitWhenFlushed(stream, 143, (code) => codes.push(code));
    expect(codes).toEqual([143]);
  });

  it('exits only after the writes queued behind one in flight have reached the terminal', async () => {
    const { stream, received } = slowTerminal(20);
    stream.write('rest of a frame');
    stream.write('\x1b[?1049l\x1b[?25h');
    const seenAtExit: string[][] = [];
    await new Promise<void>((resolve) => {
      exitWhenFlushed(stream, 143, () => {
        seenAtExit.push([...received]);
        resolve();
      });
      expect(seenAtExit).toEqual([]);
    });
    expect(seenAtExit).toEqual([['rest of a frame', '\x1b[?1049l\x1b[?25h', '']]);
  });

  it('exits after the limit, once, when the terminal never takes the write', async () => {
    const { stream } = slowTerminal(Infinity);
    stream.write('a frame');
    const codes: number[] = [];
    const start = performance.now();
    await new Promise<void>((resolve) => {
      exitWhenFlushed(
        stream,
        129,
        (code) => {
          codes.push(code);
          resolve();
        },
        50,
      );
    });
    expect(performance.now() - start).toBeGreaterThanOrEqual(45);
    await new Promise((r) => setTimeout(r, 20));
    expect(codes).toEqual([129]);
  });
});
