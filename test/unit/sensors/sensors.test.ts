/**
 * The sensors collector over fixture trees built from the kernel's documented formats
 * (test/fixtures/*-sensors-documented-format), and on this machine, which has none of them.
 */
import { describe, expect, it } from 'vitest';
import { combineBatteries, cpuPackageCelsius, deriveSensors } from '../../../src/collectors/sensors/derive.js';
import { sysfsSensorBackends } from '../../../src/collectors/sensors/index.js';
import { parseBatteryUevent, parseHwmonChip, raplDeltaUj } from '../../../src/collectors/sensors/parse.js';
import type { SensorsRaw } from '../../../src/collectors/sensors/raw.js';
import { contextAt, FIXTURES, liveContext, timed } from '../host/context.js';

async function readAll(root: string): Promise<Partial<SensorsRaw>> {
  const ctx = contextAt(root);
  let raw: Partial<SensorsRaw> = {};
  for (const b of sysfsSensorBackends) {
    if ((await b.probe(ctx)).available) raw = { ...raw, ...(await b.read(ctx, raw)) };
  }
  return raw;
}

async function twoReads(fixture: string) {
  const t0 = timed<SensorsRaw>(await readAll(`${FIXTURES}${fixture}/t0`), 5000);
  const t1 = timed<SensorsRaw>(await readAll(`${FIXTURES}${fixture}/t1`), 6000);
  return { first: deriveSensors(undefined, t0), second: deriveSensors(t0, t1) };
}

describe('sensors on an Intel laptop (documented format)', () => {
  it('reads coretemp, thermal zones, fans, batteries; package watts across a RAPL wrap', async () => {
    const { first, second } = await twoReads('intel-laptop-sensors-documented-format');
    expect(first.cpuPackageWatts).toBeUndefined();
    expect(second.cpuPackageC).toBe(61);
    expect(second.cpuPackageWatts).toBeCloseTo(12, 9);
    expect(second.temperatures).toEqual([
      { label: 'acpitz temp1', value: 45, highC: undefined, critC: 103, source: 'hwmon:hwmon0' },
      { label: 'coretemp Package id 0', value: 61, highC: 100, critC: 100, source: 'hwmon:hwmon2' },
      { label: 'coretemp Core 0', value: 55, highC: 100, critC: 100, source: 'hwmon:hwmon2' },
      { label: 'coretemp Core 1', value: 57, highC: 100, critC: 100, source: 'hwmon:hwmon2' },
      { label: 'coretemp Core 2', value: 54, highC: 100, critC: 100, source: 'hwmon:hwmon2' },
      { label: 'coretemp Core 3', value: 56, highC: 100, critC: 100, source: 'hwmon:hwmon2' },
      { label: 'nvme Composite', value: 38.85, highC: 84.85, critC: 84.85, source: 'hwmon:hwmon4' },
      { label: 'iwlwifi_1 temp1', value: 41, highC: undefined, critC: undefined, source: 'hwmon:hwmon5' },
      // acpitz is already listed from hwmon; the other zones are new.
      { label: 'x86_pkg_temp', value: 61, source: 'thermal:thermal_zone1' },
      { label: 'INT3400 Thermal', value: 20, source: 'thermal:thermal_zone2' },
    ]);
    expect(second.fans).toEqual([{ label: 'thinkpad fan1', rpm: 2712, source: 'hwmon:hwmon3' }]);
    // Two batteries as one: (38.475 + 23.2) / (51.3 + 23.2) Wh; 9.87 W + 0.25 A × 12.1 V.
    expect(second.battery?.status).toBe('Discharging');
    expect(second.battery?.percent).toBeCloseTo(((38475000 + 23200000) / (51300000 + 23200000)) * 100, 9);
    expect(second.battery?.watts).toBeCloseTo(9.87 + 3.025, 9);
  });
});

describe('sensors on an AMD desktop (documented format)', () => {
  it('takes the package temperature from k10temp Tctl, lists every chip, and RAPL watts', async () => {
    const { second } = await twoReads('amd-desktop-sensors-documented-format');
    expect(second.cpuPackageC).toBe(70.125);
    expect(second.cpuPackageWatts).toBeCloseTo(88.5, 9);
    expect(second.temperatures.map((t) => t.label)).toEqual([
      'k10temp Tctl',
      'k10temp Tccd1',
      'k10temp Tccd2',
      'nct6798 SYSTIN',
      'nct6798 CPUTIN',
      'nct6798 AUXTIN3',
      'amdgpu edge',
    ]);
    // A stopped fan is a reading (0 RPM), not n/a.
    expect(second.fans).toEqual([
      { label: 'nct6798 fan1', rpm: 0, source: 'hwmon:hwmon2' },
      { label: 'nct6798 fan2', rpm: 1150, source: 'hwmon:hwmon2' },
      { label: 'amdgpu fan1', rpm: 0, source: 'hwmon:hwmon3' },
    ]);
    expect(second.battery).toBeUndefined();
  });
});

describe('sensor probes', () => {
  it('on this machine (a VM): every sysfs backend says why it is off, and the panel is all n/a', async () => {
    const ctx = liveContext();
    const reasons = [];
    for (const b of sysfsSensorBackends) reasons.push([b.id, await b.probe(ctx)]);
    expect(reasons).toEqual([
      ['hwmon', expect.objectContaining({ available: false, reason: 'no hwmon sensors' })],
      ['thermal', { available: false, reason: 'no thermal zones' }],
      ['rapl', expect.objectContaining({ available: false, reason: 'no RAPL (powercap) domains' })],
      ['battery', { available: false, reason: 'no battery' }],
    ]);
    expect(deriveSensors(undefined, timed<SensorsRaw>({}, 0))).toEqual({
      cpuPackageC: undefined,
      temperatures: [],
      fans: [],
      cpuPackageWatts: undefined,
      battery: undefined,
    });
  });
});

describe('sensor parsers', () => {
  it('RAPL deltas: plain, wrapped, and unknowable', () => {
    expect(raplDeltaUj(100, 250, 1000)).toBe(150);
    expect(raplDeltaUj(900, 50, 1000)).toBe(150);
    expect(raplDeltaUj(900, 50, undefined)).toBeUndefined();
    expect(raplDeltaUj(undefined, 50, 1000)).toBeUndefined();
  });

  it('zenpower: Tdie before Tctl; no CPU sensor at all means undefined, not a guess', () => {
    const zen = parseHwmonChip('hwmon0', 'zenpower', {
      temp1_input: '71000\n',
      temp1_label: 'Tdie\n',
      temp2_input: '81000\n',
      temp2_label: 'Tctl\n',
    });
    expect(cpuPackageCelsius([zen], [])).toBe(71);
    const nvme = parseHwmonChip('hwmon1', 'nvme', { temp1_input: '40000\n' });
    expect(cpuPackageCelsius([nvme], [{ zone: 'thermal_zone0', type: 'acpitz', celsius: 50 }])).toBeUndefined();
  });

  it('hwmon: unreadable or malformed inputs are left out', () => {
    const chip = parseHwmonChip('hwmon9', 'x', { temp1_input: 'garbage', temp2_label: 'lonely', fan1_input: '' });
    expect(chip).toEqual({ dir: 'hwmon9', name: 'x', temps: [], fans: [] });
  });

  it('batteries: mains supplies are not batteries; current × voltage gives watts', () => {
    expect(parseBatteryUevent('AC', 'POWER_SUPPLY_TYPE=Mains\nPOWER_SUPPLY_ONLINE=1\n')).toBeUndefined();
    const b = parseBatteryUevent('BAT1', 'POWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_CURRENT_NOW=-1500000\nPOWER_SUPPLY_VOLTAGE_NOW=11000000\n');
    expect(b?.watts).toBeCloseTo(16.5, 9);
    expect(b?.percent).toBeUndefined();
    expect(combineBatteries([])).toBeUndefined();
    // Without energies, several batteries have no honest combined percentage.
    expect(
      combineBatteries([
        { name: 'a', percent: 50, status: 'Full' },
        { name: 'b', percent: 90, status: 'Charging' },
      ]),
    ).toEqual({
      percent: undefined,
      status: 'Charging',
      watts: undefined,
    });
  });
});
