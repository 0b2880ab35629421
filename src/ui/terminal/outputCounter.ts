/**
 * Counts what SmoothTask writes to the terminal, so "bytes written per refresh" is a measured
 * figure (the benchmark reads it). One counter per screen run (runScreen creates it): it wraps
 * stream.write, and with SMOOTHTASK_BYTES_FILE set, one JSON line of totals is appended to that
 * file when the screen closes.
 */
import { appendFileSync } from 'node:fs';

export interface OutputCounts {
  /** Bytes written to the terminal (UTF-8). */
  bytes: number;
  /** write() calls. */
  writes: number;
  /** Frames Ink rendered. */
  frames: number;
  /** Time Ink spent turning the tree into output, ms in all (its onRender renderTime). */
  renderMs: number;
  /** Snapshots shown (store publishes while not paused). */
  refreshes: number;
  /** When counting started, ms since epoch. */
  startedAt: number;
}

export type OutputSummary = OutputCounts & { durationMs: number; bytesPerRefresh?: number };

export class OutputCounter {
  /** The live counters of this screen run. */
  readonly counts: OutputCounts = { bytes: 0, writes: 0, frames: 0, renderMs: 0, refreshes: 0, startedAt: Date.now() };

  /** Start counting writes to `stream`; returns the function that stops. */
  countWrites(stream: NodeJS.WriteStream): () => void {
    const counts = this.counts;
    const original = stream.write;
    counts.startedAt = Date.now();
    const counting = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      counts.writes += 1;
      counts.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength;
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    };
    stream.write = counting;
    return () => {
      if (stream.write === counting) stream.write = original;
    };
  }

  /** The totals as the benchmark reads them. */
  summary(now = Date.now()): OutputSummary {
    const c = this.counts;
    return { ...c, durationMs: now - c.startedAt, bytesPerRefresh: c.refreshes > 0 ? c.bytes / c.refreshes : undefined };
  }

  /** Append the totals to $SMOOTHTASK_BYTES_FILE when it is set. */
  writeSummaryFile(env: NodeJS.ProcessEnv = process.env): void {
    const file = env.SMOOTHTASK_BYTES_FILE;
    if (file === undefined || file === '') return;
    appendFileSync(file, `${JSON.stringify(this.summary())}\n`);
  }
}
