/** Pure parser for one Pressure Stall Information file (/proc/pressure/{cpu,io,memory}). */
import type { PressureLine, PressureResource } from '../../types/snapshot.js';

/**
 * `some avg10=0.00 avg60=0.00 avg300=0.00 total=0` and the `full` line. avgN are % of time
 * stalled over the last N seconds; total is cumulative stall time in µs. A malformed or
 * truncated line leaves its half undefined. The kernel prints `full` for cpu since 5.13 (always
 * 0 at system level).
 * @see https://docs.kernel.org/accounting/psi.html
 */
export function parsePressure(text: string): PressureResource {
  const resource: PressureResource = {};
  for (const line of text.split('\n')) {
    // Digit runs bounded (total is a u64: 20 digits at most), so no field reads as Infinity.
    const match = /^(some|full) avg10=(\d{1,3}\.\d{1,20}) avg60=(\d{1,3}\.\d{1,20}) avg300=(\d{1,3}\.\d{1,20}) total=(\d{1,20})\s*$/.exec(line);
    if (!match) continue;
    const [avg10, avg60, avg300, totalUs] = match.slice(2, 6).map(Number);
    const parsed: PressureLine = { avg10, avg60, avg300, totalUs };
    resource[match[1] as 'some' | 'full'] = parsed;
  }
  return resource;
}
