/** The rules engine on hand-built snapshots: for, hysteresis, cooldown, flapping, selectors, undefined. */
import { describe, expect, it } from 'vitest';
import { AlertEngine, type AlertEvent } from '../../../src/alerts/engine.js';
import type { AlertRule } from '../../../src/rules/rule.js';
import { DEFAULT_RULES } from '../../../src/config/defaults.js';
import { mem, proc, snap, T0 } from './snapshots.js';

const memLow: AlertRule = {
  name: 'memory-low',
  metric: 'memory.available_percent',
  op: '<',
  threshold: 10,
  forMs: 30_000,
  clear: 15,
  severity: 'critical',
  cooldownMs: 60_000,
  sinks: ['screen'],
};

function run(rules: AlertRule[]) {
  const engine = new AlertEngine(rules, { historyLimit: 5 });
  const events: AlertEvent[] = [];
  engine.onEvent((e) => events.push(e));
  return {
    engine,
    events,
    kinds: () => events.map((e) => `${e.kind}@${(e.alert.state === 'resolved' ? e.alert.endedAt! : e.alert.since) / 1000 - T0 / 1000}`),
  };
}

describe('AlertEngine', () => {
  it('goes pending, then fires only after `for`, then resolves past `clear`', () => {
    const { engine, kinds } = run([memLow]);
    expect(engine.process(mem(0, 50)).alerts).toEqual([]);
    const pending = engine.process(mem(1, 8)).alerts;
    expect(pending).toMatchObject([{ state: 'pending', rule: 'memory-low', subject: 'system', value: 8 }]);
    engine.process(mem(20, 5));
    engine.process(mem(30, 7));
    expect(kinds()).toEqual([]);
    const firing = engine.process(mem(31, 9)).alerts;
    expect(firing).toMatchObject([{ state: 'firing', value: 9, peak: 5, since: T0 + 31_000 }]);
    expect(kinds()).toEqual(['firing@31']);
    // Above the threshold but below clear: still firing (hysteresis).
    expect(engine.process(mem(40, 12)).alerts[0].state).toBe('firing');
    const resolved = engine.process(mem(41, 16)).alerts;
    expect(kinds()).toEqual(['firing@31', 'resolved@41']);
    expect(resolved).toMatchObject([{ state: 'resolved', peak: 5, since: T0 + 31_000, endedAt: T0 + 41_000, metric: 'memory.available_percent' }]);
  });

  it('drops a pending alert when the condition stops before `for`', () => {
    const { engine, events } = run([memLow]);
    engine.process(mem(0, 5));
    engine.process(mem(29, 50));
    engine.process(mem(31, 5));
    engine.process(mem(60, 5));
    expect(events).toEqual([]);
    engine.process(mem(61, 5));
    expect(events.map((e) => e.kind)).toEqual(['firing']);
  });

  it('does not fire again within the cooldown after a resolve, and fires after it', () => {
    const rule = { ...memLow, forMs: 0 };
    const { engine, kinds } = run([rule]);
    engine.process(mem(0, 5));
    engine.process(mem(10, 20));
    engine.process(mem(20, 5));
    engine.process(mem(69, 5));
    expect(kinds()).toEqual(['firing@0', 'resolved@10']);
    expect(engine.process(mem(69, 5)).alerts[0].state).toBe('pending');
    engine.process(mem(70, 5));
    expect(kinds()).toEqual(['firing@0', 'resolved@10', 'firing@70']);
  });

  it('fires once for a value flapping around the threshold', () => {
    const rule = { ...memLow, forMs: 5000, clear: 12 };
    const { engine, kinds } = run([rule]);
    // 9, 11, 9, 11...: never 5 s below 10 without a break, so never fires.
    for (let s = 0; s < 20; s++) engine.process(mem(s, s % 2 ? 11 : 9));
    expect(kinds()).toEqual([]);
    // Sustained below: fires; then flapping between 9 and 11 stays under clear (12): no resolve.
    for (let s = 20; s <= 26; s++) engine.process(mem(s, 9));
    for (let s = 27; s < 60; s++) engine.process(mem(s, s % 2 ? 11 : 9));
    expect(kinds()).toEqual(['firing@25']);
  });

  it('never fires on an undefined value, never counts it as 0, and resets pending', () => {
    const rule = { ...memLow, forMs: 2000 };
    const { engine, events } = run([rule]);
    for (let s = 0; s < 10; s++) expect(engine.process(mem(s, undefined)).alerts).toEqual([]);
    engine.process(mem(10, 5));
    engine.process(mem(11, undefined));
    engine.process(mem(12, 5));
    engine.process(mem(13, 5));
    expect(events).toEqual([]);
    engine.process(mem(14, 5));
    expect(events.map((e) => e.kind)).toEqual(['firing']);
    // A firing alert is not resolved by a value that went unmeasured.
    expect(engine.process(mem(15, undefined)).alerts[0].state).toBe('firing');
  });

  it('selects processes by name, regex, user and cgroup, one alert per process', () => {
    const rule: AlertRule = {
      name: 'hog',
      metric: 'proc.cpu_percent',
      selector: { nameRegex: /^stress/, user: 'alice', cgroup: 'docker-' },
      op: '>',
      threshold: 80,
      forMs: 0,
      severity: 'warning',
      cooldownMs: 0,
      sinks: ['screen'],
    };
    const { engine } = run([rule]);
    const procs = [
      proc({ pid: 10, comm: 'stress-ng', user: 'alice', cgroup: '/system.slice/docker-abc.scope', cpuPercent: 99 }),
      proc({ pid: 11, comm: 'stress', user: 'alice', cgroup: '/system.slice/docker-def.scope', cpuPercent: 95 }),
      proc({ pid: 12, comm: 'stress', user: 'bob', cgroup: '/system.slice/docker-abc.scope', cpuPercent: 99 }),
      proc({ pid: 13, comm: 'xstress', user: 'alice', cgroup: '/system.slice/docker-abc.scope', cpuPercent: 99 }),
      proc({ pid: 14, comm: 'stress', user: 'alice', cgroup: '/user.slice', cpuPercent: 99 }),
      proc({ pid: 15, comm: 'stress', user: 'alice', cgroup: '/system.slice/docker-x.scope' }),
    ];
    const alerts = engine.process(snap(0, { processes: procs })).alerts;
    expect(alerts.map((a) => a.subject).sort()).toEqual(['stress (11)', 'stress-ng (10)']);

    const byName = run([{ ...rule, selector: { name: 'stress' } }]).engine;
    expect(
      byName
        .process(snap(0, { processes: procs }))
        .alerts.map((a) => a.subject)
        .sort(),
    ).toEqual(['stress (11)', 'stress (12)', 'stress (14)']);
  });

  it('resolves a firing per-process alert when the process exits', () => {
    const rule: AlertRule = {
      name: 'busy',
      metric: 'proc.cpu_percent',
      selector: { name: 'spin' },
      op: '>',
      threshold: 50,
      forMs: 0,
      severity: 'warning',
      cooldownMs: 0,
      sinks: [],
    };
    const { engine, kinds } = run([rule]);
    engine.process(snap(0, { processes: [proc({ pid: 5, comm: 'spin', cpuPercent: 100 })] }));
    const after = engine.process(snap(1, { processes: [] })).alerts;
    expect(kinds()).toEqual(['firing@0', 'resolved@1']);
    expect(after).toMatchObject([{ state: 'resolved', subject: 'spin (5)', value: 100 }]);
  });

  it('needs both halves of a summed metric (io read+write) to be measured', () => {
    const rule: AlertRule = { name: 'io', metric: 'proc.io_bytes_per_sec', op: '>', threshold: 10, forMs: 0, severity: 'warning', cooldownMs: 0, sinks: [] };
    const { engine } = run([rule]);
    expect(engine.process(snap(0, { processes: [proc({ pid: 5, comm: 'dd', readBytesPerSec: 100 })] })).alerts).toEqual([]);
    expect(engine.process(snap(1, { processes: [proc({ pid: 5, comm: 'dd', readBytesPerSec: 100, writeBytesPerSec: 0 })] })).alerts).toHaveLength(1);
  });

  it('acknowledges and silences by id; silenced events say so', () => {
    const rule = { ...memLow, forMs: 0, cooldownMs: 0 };
    const { engine, events } = run([rule]);
    const [a] = engine.process(mem(0, 5)).alerts;
    expect(engine.acknowledge(a.id)).toBe(true);
    expect(engine.silence(a.id, 60_000)).toBe(true);
    expect(engine.acknowledge('nope')).toBe(false);
    expect(engine.process(mem(1, 5)).alerts[0]).toMatchObject({ acknowledged: true, silencedUntil: T0 + 60_000 });
    engine.process(mem(2, 50));
    engine.process(mem(3, 5));
    expect(events.map((e) => [e.kind, e.silenced])).toEqual([
      ['firing', false],
      ['resolved', true],
      ['firing', true],
    ]);
    // After the silence runs out, events go out again.
    engine.process(mem(61, 50));
    expect(events.at(-1)).toMatchObject({ kind: 'resolved', silenced: false });
  });

  it('keeps a bounded history, newest first', () => {
    const rule = { ...memLow, forMs: 0, cooldownMs: 0 };
    const { engine } = run([rule]);
    for (let i = 0; i < 8; i++) {
      engine.process(mem(i * 2, 5));
      engine.process(mem(i * 2 + 1, 50));
    }
    const history = engine.alerts();
    expect(history).toHaveLength(5);
    expect(history.map((h) => h.since)).toEqual([14, 12, 10, 8, 6].map((s) => T0 + s * 1000));
  });

  it('default rules: filesystems over 90%, temperature near a reported limit only', () => {
    const { engine } = run([...DEFAULT_RULES]);
    const s = snap(0, {
      disks: {
        devices: [],
        filesystems: [
          { mountpoint: '/', device: 'sda1', fstype: 'ext4', usedPercent: 95 },
          { mountpoint: '/home', device: 'sda2', fstype: 'ext4', usedPercent: 50 },
          { mountpoint: '/stuck', device: 'nfs', fstype: 'nfs', error: 'statfs timed out' },
        ],
      },
      sensors: {
        temperatures: [
          { label: 'Package id 0', value: 97, highC: 100, critC: 105, source: 'coretemp' },
          { label: 'no limit', value: 120, source: 'acpi' },
        ],
        fans: [],
      },
      gpus: [{ index: 0, vendor: 'nvidia', temperatureC: 80, slowdownTempC: 90, processes: [], source: 'nvml' }],
    });
    const alerts = engine.process(s).alerts;
    expect(alerts.map((a) => `${a.rule}:${a.subject}:${a.state}`).sort()).toEqual(['filesystem-full:/:firing', 'temperature-near-limit:Package id 0:firing']);
  });

  it('setRules keeps alerts of rules that stay and retires the others', () => {
    const rule = { ...memLow, forMs: 0 };
    const { engine } = run([rule]);
    engine.process(mem(0, 5));
    engine.setRules([{ ...rule, threshold: 20, clear: 25 }]);
    expect(engine.process(mem(1, 18)).alerts[0]).toMatchObject({ state: 'firing', threshold: 20 });
    engine.setRules([]);
    expect(engine.process(mem(2, 5)).alerts).toMatchObject([{ state: 'resolved', rule: 'memory-low' }]);
  });
});
