/** Counterexamples that test/property/sensors.test.ts found, kept as plain cases. */
import { describe, expect, it } from 'vitest';
import { parseBatteryUevent, parseHwmonChip, raplDeltaUj } from '../../../src/collectors/sensors/parse.js';

describe('sensor parsers on hostile values', () => {
  it('leave out a fan reading that is negative or too long to be a number', () => {
    expect(parseHwmonChip('hwmon3', 'thinkpad', { fan1_input: '-1\n', fan2_input: `${'9'.repeat(400)}\n`, fan3_input: '2900\n' }).fans).toEqual([
      { index: 3, label: undefined, rpm: 2900 },
    ]);
  });

  it('give no capacity or energy below zero, and no Infinity watts', () => {
    const battery = parseBatteryUevent(
      'BAT1',
      'POWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_ENERGY_FULL=-1\nPOWER_SUPPLY_CAPACITY=-5\nPOWER_SUPPLY_ENERGY_NOW=23200000\n' +
        `POWER_SUPPLY_POWER_NOW=${'9'.repeat(400)}\n`,
    );
    expect(battery).toMatchObject({ percent: undefined, energyFullUwh: undefined, energyNowUwh: 23200000, watts: undefined });
  });

  it('give no RAPL delta when a counter was read above its own wrap range', () => {
    expect(raplDeltaUj(1, 0, 0)).toBeUndefined();
    expect(raplDeltaUj(900, 100, 1000)).toBe(200);
  });
});
