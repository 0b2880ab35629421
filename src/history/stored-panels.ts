/**
 * What a sample stores of the snapshot's host, sources and panels beyond the process rows
 * (docs/history-schema.md, "What is not stored"), and how replay puts back what it derives:
 * - fractional panel values to four significant digits, and to whole units from 1,000 on: as
 *   fine as any of them is measured (CPU time in ticks, PSI in hundredths), and the digits past
 *   that made every sample's panels differ in bytes that compress badly;
 * - no read time or duration per collector in the sources (SmoothTask's own diagnostics, which
 *   replay does not show): without them a sample's sources are the last one's, stored once;
 * - no uptime in the host where the memory panel has it (the same /proc/uptime of the same pass):
 *   without it the host is the last sample's too.
 */
import type { HostInfo, MemoryPanel, Snapshot, SourceStatus } from '../types/snapshot.js';

/** A panel's number as stored. */
export function storedNumber(v: number): number {
  if (Number.isInteger(v) || !Number.isFinite(v)) return v;
  return Math.abs(v) >= 1000 ? Math.round(v) : Number(v.toPrecision(4));
}

/** JSON.stringify's replacer for the panels: every number as stored. */
export const storedPanelValue = (_key: string, v: unknown): unknown => (typeof v === 'number' ? storedNumber(v) : v);

/** The sources as stored: each collector's status without its read time and duration. */
export function storedSources(sources: Snapshot['sources']): Snapshot['sources'] {
  const out: Record<string, SourceStatus> = {};
  for (const [name, source] of Object.entries(sources)) {
    const { lastReadAt: _at, readMs: _ms, ...kept } = source;
    out[name] = kept;
  }
  return out;
}

/** The host as stored: its uptime is left to the memory panel when that has one. */
export function storedHost(host: HostInfo, memory: MemoryPanel | undefined): HostInfo {
  if (memory?.uptimeSeconds === undefined) return host;
  const { uptimeSeconds: _uptime, ...kept } = host;
  return kept;
}

/** The host of a replayed sample: the stored one with the memory panel's uptime where it left it out. */
export function replayedHost(host: HostInfo, memory: MemoryPanel | undefined): HostInfo {
  return host.uptimeSeconds !== undefined || memory?.uptimeSeconds === undefined ? host : { ...host, uptimeSeconds: memory.uptimeSeconds };
}
