import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputCounter, type OutputSummary } from '../../src/ui/terminal/outputCounter.js';
import { RESTORE_SEQUENCE, restoreTerminal } from '../../src/ui/terminal/restore.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const raw: boolean[] = [];
  return {
    written,
    raw,
    isTTY,
    write(chunk: string | Uint8Array) {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return true;
    },
    setRawMode(on: boolean) {
      raw.push(on);
    },
  };
}

describe('output counter', () => {
  it('counts UTF-8 bytes and writes through to the stream, then lets go', () => {
    const s = fakeStream(true);
    const counter = new OutputCounter();
    const outputCounts = counter.counts;
    const before = { ...outputCounts };
    const stop = counter.countWrites(s as unknown as NodeJS.WriteStream);
    s.write('ab');
    s.write('⣿');
    s.write(new Uint8Array([1, 2, 3, 4]));
    stop();
    s.write('not counted');
    expect(outputCounts.bytes - before.bytes).toBe(2 + 3 + 4);
    expect(outputCounts.writes - before.writes).toBe(3);
    expect(s.written.slice(0, 2)).toEqual(['ab', '⣿']);
  });

  it('appends one JSON line of totals to $SMOOTHTASK_BYTES_FILE, and nothing without it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'st-bytes-'));
    const file = join(dir, 'bytes.jsonl');
    const counter = new OutputCounter();
    const outputCounts = counter.counts;
    counter.countWrites(fakeStream(true) as unknown as NodeJS.WriteStream);
    counter.writeSummaryFile({});
    expect(existsSync(file)).toBe(false);
    outputCounts.refreshes += 2;
    outputCounts.bytes += 1000;
    counter.writeSummaryFile({ SMOOTHTASK_BYTES_FILE: file });
    counter.writeSummaryFile({ SMOOTHTASK_BYTES_FILE: file });
    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as OutputSummary);
    expect(rows).toHaveLength(2);
    expect(rows[0].bytes).toBe(outputCounts.bytes);
    expect(rows[0].bytesPerRefresh).toBeCloseTo(outputCounts.bytes / outputCounts.refreshes);
    expect(Object.keys(rows[0]).sort()).toEqual(['bytes', 'bytesPerRefresh', 'durationMs', 'frames', 'refreshes', 'renderMs', 'startedAt', 'writes']);
  });

  it('counts each screen run apart', () => {
    const a = new OutputCounter();
    const b = new OutputCounter();
    const s = fakeStream(true);
    const stop = a.countWrites(s as unknown as NodeJS.WriteStream);
    s.write('abc');
    stop();
    expect(a.counts.bytes).toBe(3);
    expect(b.counts.bytes).toBe(0);
  });
});

describe('terminal restore', () => {
  it('shows the cursor, leaves the alternate screen and turns raw mode off on a terminal', () => {
    const out = fakeStream(true);
    const input = fakeStream(true);
    restoreTerminal(out as unknown as NodeJS.WriteStream, input as unknown as NodeJS.ReadStream);
    expect(out.written).toEqual([RESTORE_SEQUENCE]);
    expect(RESTORE_SEQUENCE).toContain('\x1b[?25h');
    expect(RESTORE_SEQUENCE).toContain('\x1b[?1049l');
    expect(input.raw).toEqual([false]);
  });

  it('writes nothing to a pipe and survives a closed terminal', () => {
    const pipe = fakeStream(false);
    restoreTerminal(pipe as unknown as NodeJS.WriteStream, fakeStream(false) as unknown as NodeJS.ReadStream);
    expect(pipe.written).toEqual([]);
    const closed = {
      isTTY: true,
      write() {
        throw new Error('EIO');
      },
      setRawMode() {
        throw new Error('EBADF');
      },
    };
    expect(() => restoreTerminal(closed as unknown as NodeJS.WriteStream, closed as unknown as NodeJS.ReadStream)).not.toThrow();
  });
});
