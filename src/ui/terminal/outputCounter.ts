/**
 * Counts what SmoothTask writes to the terminal, so "bytes written per refresh" is a measured
 * figure (the benchmark reads it). Wraps stream.write; with SMOOTHTASK_BYTES_FILE set, one JSON
 * line of totals is appended to that file when the screen closes.
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

/** The live counters of the running screen. */
export const outputCounts: OutputCounts = { bytes: 0, writes: 0, frames: 0, renderMs: 0, refreshes: 0, startedAt: Date.now() };

/** Start counting writes to `stream`; returns the function that stops. */
export function countWrites(stream: NodeJS.WriteStream): () => void {
  const original = stream.write;
  outputCounts.startedAt = Date.now();
  const counting = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    outputCounts.writes += 1;
    outputCounts.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength;
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  stream.write = counting as typeof stream.write;
  return () => {
    if (stream.write === counting) stream.write = original;
  };
}

/** The totals as the benchmark reads them. */
export function summary(now = Date.now()): OutputCounts & { durationMs: number; bytesPerRefresh?: number } {
  const durationMs = now - outputCounts.startedAt;
  return {
    ...outputCounts,
    durationMs,
    bytesPerRefresh: outputCounts.refreshes > 0 ? outputCounts.bytes / outputCounts.refreshes : undefined,
  };
}

/** Append the totals to $SMOOTHTASK_BYTES_FILE when it is set. */
export function writeSummaryFile(env: NodeJS.ProcessEnv = process.env): void {
  const file = env.SMOOTHTASK_BYTES_FILE;
  if (file === undefined || file === '') return;
  appendFileSync(file, `${JSON.stringify(summary())}\n`);
}
