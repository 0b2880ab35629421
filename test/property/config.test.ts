/**
 * Property tests for the config loader: any text gives a Config or a ConfigError (never another
 * exception), and durations are finite, non-negative milliseconds or undefined.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/config/duration.js';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { arbitraryText, hostileText, RUNS, tenMegabyteLine } from './support/hostile.js';
import { expectFinite, expectUnsigned } from './support/parser-properties.js';

const EXAMPLES = [
  readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8')
    .match(/```toml\n([\s\S]*?)```/g)
    ?.map((b) => b.slice(8, -3)) ?? [],
].flat();
const env = { HOME: '/home/someone' };

function parseOrConfigError(text: string): void {
  try {
    expectFinite(parseConfig(text, 'config.toml', env));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    expect(err.message).toMatch(/^config\.toml/);
  }
}

describe('parseConfig', () => {
  it('has documented examples to mutate', () => expect(EXAMPLES.length).toBeGreaterThan(0));

  it('gives a Config or a ConfigError on arbitrary text', () => {
    fc.assert(fc.property(arbitraryText, parseOrConfigError), { numRuns: RUNS });
  });

  it('gives a Config or a ConfigError on mutated documented examples', () => {
    fc.assert(fc.property(hostileText(EXAMPLES), parseOrConfigError), { numRuns: RUNS * 2 });
  });

  it('gives a Config or a ConfigError on deeply nested and 10 MB input', () => {
    for (const text of [`a = ${'['.repeat(100_000)}`, `a = ${'{ b = '.repeat(50_000)}`, tenMegabyteLine(EXAMPLES[0])]) parseOrConfigError(text);
  });
});

describe('parseDuration', () => {
  const durations = ['500ms', '30s', '5m', '1h', '1m30s', '1.5s'];
  it('is finite non-negative milliseconds or undefined', () => {
    fc.assert(
      fc.property(hostileText(durations), fc.stringMatching(/^(\d{1,400}(\.\d{1,40})?(ms|s|m|h)){1,4}$/), (a, b) => {
        for (const text of [a, b]) {
          const ms = parseDuration(text);
          expectFinite(ms);
          expectUnsigned(ms);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
