import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PSI_MISSING_REASON, pressureCollector, pressureProcBackend } from '../../../src/collectors/pressure/index.js';
import { parsePressure } from '../../../src/collectors/pressure/parse.js';
import { EDGE, RECORDED, contextAt, liveContext, timed } from '../host/context.js';

describe('parsePressure', () => {
  it('reads some and full of the recorded io file', () => {
    const text = readFileSync(`${RECORDED}/proc/pressure/io`, 'utf8');
    const parsed = parsePressure(text);
    const total = (kind: string) => Number(new RegExp(`^${kind} .* total=(\\d+)$`, 'm').exec(text)![1]);
    expect(parsed.some).toEqual({ avg10: expect.any(Number), avg60: expect.any(Number), avg300: expect.any(Number), totalUs: total('some') });
    expect(parsed.full?.totalUs).toBe(total('full'));
  });

  it('reads a kernel that prints only some (cpu before 5.13) and skips truncated lines', () => {
    expect(parsePressure('some avg10=1.54 avg60=0.69 avg300=1.05 total=8743730\n')).toEqual({
      some: { avg10: 1.54, avg60: 0.69, avg300: 1.05, totalUs: 8743730 },
    });
    expect(parsePressure('some avg10=1.54 avg60=0.69 avg300=1.05 total=8743730\nfull avg10=0.00 avg6')).not.toHaveProperty('full');
    expect(parsePressure('')).toEqual({});
  });
});

describe('pressure backend', () => {
  it('is unavailable without PSI and says why', async () => {
    const probe = await pressureProcBackend.probe(contextAt(EDGE));
    expect(probe.available).toBe(false);
    expect(probe.reason).toContain(PSI_MISSING_REASON);
    expect(probe.remedy).toMatch(/CONFIG_PSI/);
    const panel = pressureCollector.derive(undefined, timed(await pressureProcBackend.read(contextAt(EDGE), {}), 0), contextAt(EDGE));
    expect(panel).toEqual({ cpu: undefined, io: undefined, memory: undefined });
  });

  it('reads all three resources on the recording and the live kernel', async () => {
    for (const ctx of [contextAt(RECORDED), liveContext()]) {
      expect((await pressureProcBackend.probe(ctx)).available).toBe(true);
      const panel = pressureCollector.derive(undefined, timed(await pressureProcBackend.read(ctx, {}), 0), ctx);
      for (const line of [panel.cpu?.some, panel.io?.full]) {
        expect(line).toEqual({ avg10: expect.any(Number), avg60: expect.any(Number), avg300: expect.any(Number), totalUs: expect.any(Number) });
        expect(Math.min(line!.avg10, line!.avg60, line!.avg300, line!.totalUs)).toBeGreaterThanOrEqual(0);
        expect(Math.max(line!.avg10, line!.avg60, line!.avg300)).toBeLessThanOrEqual(100);
      }
      expect(panel.memory?.some?.totalUs).toBeGreaterThanOrEqual(0);
    }
  });
});
