/**
 * Reader for the memory section: the RSS split from /proc/PID/status, PSS and swap from
 * smaps_rollup, the largest mappings from smaps (a bounded read: smaps walks page tables and
 * is ~1 KiB of text per mapping), and /proc/PID/limits.
 */
import { join } from 'node:path';
import { readBytesSync, readTextSync, type ReadBuffer } from '../../util/readfile.js';
import { sanitizeText } from '../../util/sanitize.js';
import { parseLimits } from './parse/limits.js';
import { largestMappings, parseSmapsRollup } from './parse/smaps.js';
import { parseStatus } from './parse/status.js';
import type { MemoryInfo } from './types.js';

/** smaps is read up to this many bytes (about 4,000 mappings). */
export const SMAPS_MAX_BYTES = 4 * 1024 * 1024;
/** How many mappings the view lists. */
export const LARGEST_MAPPINGS = 10;

export function readMemory(buffer: ReadBuffer, procRoot: string, pid: number): MemoryInfo {
  const dir = join(procRoot, String(pid));
  const status = parseStatus(readTextSync(buffer, join(dir, 'status')));
  const rollup = parseSmapsRollup(readTextSync(buffer, join(dir, 'smaps_rollup')));
  const smaps = readBytesSync(buffer, join(dir, 'smaps'), SMAPS_MAX_BYTES + 1);
  const truncated = smaps.length > SMAPS_MAX_BYTES;
  const text = smaps.subarray(0, Math.min(smaps.length, SMAPS_MAX_BYTES)).toString('utf8');
  return {
    rssAnonBytes: status.rssAnonBytes,
    rssFileBytes: status.rssFileBytes,
    rssShmemBytes: status.rssShmemBytes,
    rollup,
    largest: largestMappings(text, LARGEST_MAPPINGS).map((m) => ({ ...m, name: sanitizeText(m.name) })),
    smapsTruncated: truncated,
    limits: parseLimits(readTextSync(buffer, join(dir, 'limits'))),
  };
}
