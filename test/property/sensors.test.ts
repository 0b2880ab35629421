/**
 * Property tests for the hwmon, power_supply and RAPL parsers. The sensor fixtures are built from
 * the documented sysfs formats (test/fixtures/*-sensors-documented-format).
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseBatteryUevent, parseHwmonChip, parseMilliCelsius, raplDeltaUj } from '../../src/collectors/sensors/parse.js';
import { fixture, hostileText, RUNS } from './support/hostile.js';
import { expectFinite, expectUnsigned, parserProperties } from './support/parser-properties.js';
import { maybeCounter } from './support/samples.js';

const HWMON = new URL('../fixtures/intel-laptop-sensors-documented-format/t0/sys/class/hwmon/', import.meta.url);
const CHIPS = readdirSync(HWMON).map((dir) => {
  const files: Record<string, string> = {};
  for (const f of readdirSync(new URL(`${dir}/`, HWMON), { withFileTypes: true })) {
    if (f.isFile()) files[f.name] = readFileSync(new URL(`${dir}/${f.name}`, HWMON), 'utf8');
  }
  return files;
});

describe('parseMilliCelsius', () => {
  // Temperatures are signed (a sensor may read below 0 °C).
  parserProperties({
    parse: parseMilliCelsius,
    bases: [fixture('intel-laptop-sensors-documented-format/t0/sys/class/thermal/thermal_zone0/temp')],
    signed: ['value'],
    sane: (c) => c !== undefined,
  });
});

describe('parseHwmonChip', () => {
  it('never throws and gives finite readings, fan speeds and indexes never negative', () => {
    const chip = fc
      .constantFrom(...CHIPS)
      .chain((files) => fc.record(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, hostileText([text])]))));
    fc.assert(
      fc.property(chip, (files) => {
        const parsed = parseHwmonChip('hwmon0', 'chip', files);
        expectFinite(parsed);
        // Temperatures (celsius, maxC, critC) are signed; fan RPM and sensor indexes are not.
        expectUnsigned(parsed, ['celsius', 'maxC', 'critC']);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parseBatteryUevent', () => {
  // CAPACITY (%), ENERGY_* (µWh) are unsigned; watts is a magnitude.
  parserProperties({
    parse: (text) => parseBatteryUevent('BAT0', text),
    bases: ['BAT0', 'BAT1'].map((b) => fixture(`intel-laptop-sensors-documented-format/t0/sys/class/power_supply/${b}/uevent`)),
    sane: (b) => b !== undefined && b.watts !== undefined,
  });
});

describe('raplDeltaUj', () => {
  it('is undefined or finite and non-negative for counters that wrap, go back or are missing', () => {
    fc.assert(
      fc.property(maybeCounter, maybeCounter, maybeCounter, (prev, cur, range) => {
        const delta = raplDeltaUj(prev, cur, range);
        expectFinite(delta);
        expectUnsigned(delta);
      }),
      { numRuns: RUNS },
    );
  });
});
