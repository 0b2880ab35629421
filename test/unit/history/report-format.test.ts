/**
 * The report's text forms: CSV per RFC 4180 (header, CRLF, quoting, empty where unmeasured), the
 * table (n/a where unmeasured, control characters in recorded names escaped), JSON as is.
 */
import { describe, expect, it } from 'vitest';
import { csvField, formatCsv, formatJson, formatTable } from '../../../src/report/format.js';
import type { Report } from '../../../src/report/types.js';

const report: Report = {
  reportVersion: 1,
  db: '/x.db',
  host: 'h',
  by: 'command',
  from: '2026-12-04T00:00:00.000Z',
  to: '2026-12-04T01:00:00.000Z',
  recording: { first: '2026-12-03T00:00:00.000Z', last: '2026-12-04T01:00:00.000Z', samples: 100 },
  samples: 10,
  intervalMs: 10_000,
  groups: [
    { group: 'say "hi", bye', processes: 2, cpuSeconds: 1.5, cpuSharePercent: 100, rssPeakBytes: 1024, alertsFired: 1, firstSeen: 'a', lastSeen: 'b' },
    { group: 'evil\u001b[2J', processes: 1, alertsFired: 0, firstSeen: 'a', lastSeen: 'b' },
  ],
  omitted: 3,
  coverage: { shortLived: 0, lostEvents: 0, samplesWithoutExitEvents: 10, note: 'no eBPF' },
  systemAlertsFired: 2,
  verdictSeconds: { cpu: 120, headroom: 3480 },
};

describe('report formats', () => {
  it('writes RFC 4180 CSV', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(undefined)).toBe('');
    const lines = formatCsv(report).split('\r\n');
    expect(lines[0].split(',')).toHaveLength(16);
    expect(lines[1]).toBe('"say ""hi"", bye",2,1.5,100,1024,,,,,,,,,1,a,b');
    expect(lines[3]).toBe('');
  });

  it('writes a table with n/a for what was not measured, names escaped', () => {
    const t = formatTable(report);
    expect(t).toMatch(/usage by command/);
    expect(t).toContain('evil\\x1b[2J');
    expect(t).not.toContain('\u001b');
    expect(t).toMatch(/n\/a/);
    expect(t).toMatch(/3 more groups/);
    expect(t).toMatch(/alerts fired on the system \(no process\): 2/);
    expect(t).toContain('time under each verdict: headroom 3480.0 s, cpu 120.0 s');
    expect(JSON.parse(formatJson(report))).toEqual(report);
  });
});
