/** The one IEC byte formatter, and the CLI and alert text that print through it. */
import { describe, expect, it } from 'vitest';
import { formatIecBytes } from '../../../src/util/bytes.js';
import { formatBytes } from '../../../src/cli/output.js';
import { formatMetricValue } from '../../../src/alerts/format.js';

describe('formatIecBytes', () => {
  it('whole bytes below 1 KiB, one decimal in the largest unit at or above 1 after', () => {
    expect(formatIecBytes(0)).toBe('0 B');
    expect(formatIecBytes(1023)).toBe('1023 B');
    expect(formatIecBytes(1024)).toBe('1.0 KiB');
    expect(formatIecBytes(1536)).toBe('1.5 KiB');
    expect(formatIecBytes(-3 * 2 ** 30)).toBe('-3.0 GiB');
    expect(formatIecBytes(2 ** 60)).toBe('1024.0 PiB');
  });
  it('is what the CLI and the alert text print', () => {
    expect(formatBytes(5 * 2 ** 20)).toBe('5.0 MiB');
    expect(formatBytes(undefined)).toBe('n/a');
    expect(formatMetricValue('proc.rss_bytes', 5 * 2 ** 20)).toBe('5.0 MiB');
  });
});
