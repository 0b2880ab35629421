/**
 * The hardware-event group (bpf/hw.bpf.c) wired into the cpu collector (ebpf-cpufreq) and the
 * sensors collector (ebpf-thermal): decode and per-core / per-zone merge on hand-built map
 * buffers (this VM fires neither tracepoint, so nothing can be recorded here), and, as root, the
 * real backends: both attach through one load in the kernel session, read nothing here, and say so; as nobody
 * they are off with EPERM and the privilege remedy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Timed } from '../../src/collectors/contract.js';
import { deriveCpu } from '../../src/collectors/cpu/derive.js';
import { createEbpfCpuFreqBackend, eventMHzByCpu } from '../../src/collectors/cpu/ebpf-cpufreq.js';
import { createCpuCollector } from '../../src/collectors/cpu/index.js';
import type { CpuRaw } from '../../src/collectors/cpu/proc.js';
import { deriveSensors } from '../../src/collectors/sensors/derive.js';
import { createEbpfThermalBackend, eventZonesNotInSysfs } from '../../src/collectors/sensors/ebpf-thermal.js';
import { createSensorsCollector } from '../../src/collectors/sensors/index.js';
import { liveContext } from '../unit/host/context.js';
import type { SensorsRaw } from '../../src/collectors/sensors/raw.js';
import { Sampler } from '../../src/collectors/sampler.js';
import { PRIVILEGE_REMEDY } from '../../src/native/bpf.js';
import { CPUFREQ_SIZE, decodeCpuFreq, decodeThermal, THERMAL_SIZE } from '../../src/native/bpf-hw.js';
import type { CpuTicks } from '../../src/collectors/cpu/parse.js';
import { runTsAsNobody } from '../helpers/nobody.js';
import { bpfProgIdsOf, kernelContext, readFresh, skipReason, sleep } from './helpers.js';

/**
 * The thermal map built by hand in the layout of bpf/hw.h (struct st_thermal: temp_mc,
 * last_temp_mc as s32, events, time_ns as u64, type[20], pad), not recorded.
 */
function builtThermal(entries: [zone: number, milliC: number, type: string][]) {
  const keys = new DataView(new ArrayBuffer(entries.length * 4));
  const values = new DataView(new ArrayBuffer(entries.length * THERMAL_SIZE));
  entries.forEach(([zone, milliC, type], i) => {
    const o = i * THERMAL_SIZE;
    keys.setInt32(i * 4, zone, true);
    values.setInt32(o, milliC, true);
    values.setInt32(o + 4, milliC - 1000, true);
    values.setBigUint64(o + 8, 3n, true);
    values.setBigUint64(o + 16, 123_456_789n, true);
    new Uint8Array(values.buffer, o + 24, 20).set(new TextEncoder().encode(type));
  });
  return decodeThermal(keys.buffer, values.buffer, entries.length);
}

/** The cpufreq map built by hand (struct st_cpufreq: khz, pad as u32, events, time_ns as u64). */
function builtCpuFreq(entries: [cpu: number, khz: number][]) {
  const keys = new DataView(new ArrayBuffer(entries.length * 4));
  const values = new DataView(new ArrayBuffer(entries.length * CPUFREQ_SIZE));
  entries.forEach(([cpu, khz], i) => {
    keys.setUint32(i * 4, cpu, true);
    values.setUint32(i * CPUFREQ_SIZE, khz, true);
    values.setBigUint64(i * CPUFREQ_SIZE + 8, 1n, true);
    values.setBigUint64(i * CPUFREQ_SIZE + 16, 42n, true);
  });
  return decodeCpuFreq(keys.buffer, values.buffer, entries.length);
}

const ticks = (user: number, idle: number): CpuTicks => ({ user, nice: 0, system: 0, idle, iowait: 0, irq: 0, softirq: 0, steal: 0 });
const timed = <R>(raw: Partial<R>, t: number): Timed<R> => ({ t, wall: t, raw });

describe('hw events into the CPU and sensors panels (hand-built map buffers)', () => {
  it('cpu_frequency kHz → MHz per core; a core without an event falls to cpufreq, then /proc/cpuinfo', () => {
    const readings = builtCpuFreq([
      [2, 800_000],
      [0, 3_400_000],
    ]);
    expect(readings.map((r) => [r.cpu, r.mhz])).toEqual([
      [0, 3400],
      [2, 800],
    ]);
    const raw: Partial<CpuRaw> = {
      stat: { total: ticks(40, 160), cores: [0, 1, 2, 3].map((id) => ({ id, ticks: ticks(10, 40) })) },
      eventMHz: eventMHzByCpu(readings),
      scalingMHz: { 0: 2000, 1: 2100 },
      cpuinfoMHz: { 0: 2500, 1: 2500, 2: 2500, 3: 2596.1 },
    };
    const panel = deriveCpu(undefined, timed(raw, 0), liveContext());
    expect(panel.cores.map((c) => [c.id, c.freqMHz])).toEqual([
      [0, 3400],
      [1, 2100],
      [2, 800],
      [3, 2596.1],
    ]);
  });

  it('a zone sysfs read stays sysfs; a zone only the tracepoint saw is added, labelled by its type', () => {
    const readings = builtThermal([
      [1, 61_500, 'x86_pkg_temp'],
      [0, 48_000, 'acpitz'],
      [4, 30_000, ''],
    ]);
    expect(readings.map((r) => [r.zone, r.type, r.celsius])).toEqual([
      [0, 'acpitz', 48],
      [1, 'x86_pkg_temp', 61.5],
      [4, '', 30],
    ]);
    const sysfs = [{ zone: 'thermal_zone0', type: 'acpitz', celsius: 47 }];
    const raw: Partial<SensorsRaw> = { thermal: sysfs, thermalEvents: eventZonesNotInSysfs(readings, sysfs) };
    const panel = deriveSensors(undefined, timed(raw, 0));
    expect(panel.temperatures).toEqual([
      { label: 'acpitz', value: 47, source: 'thermal:thermal_zone0' },
      { label: 'x86_pkg_temp', value: 61.5, source: 'ebpf-thermal:thermal_zone1' },
      { label: 'thermal_zone4', value: 30, source: 'ebpf-thermal:thermal_zone4' },
    ]);
    expect(panel.cpuPackageC).toBe(61.5);
  });

  it('no events: nothing added, every reading n/a (never 0)', () => {
    expect(eventMHzByCpu([])).toEqual({});
    expect(eventZonesNotInSysfs([], undefined)).toEqual([]);
    const panel = deriveCpu(undefined, timed<CpuRaw>({ stat: { total: ticks(1, 1), cores: [{ id: 0, ticks: ticks(1, 1) }] } }, 0), liveContext());
    expect(panel.cores[0].freqMHz).toBeUndefined();
  });
});

describe.skipIf(skipReason !== undefined)(`hw backends on the real kernel (${skipReason ?? 'root'})`, () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });

  it('both probe available through one load of the group in the session, unloaded when it closes', async () => {
    const ctx = await kernelContext();
    const before = bpfProgIdsOf(process.pid).length;
    const cpu = createEbpfCpuFreqBackend();
    const thermal = createEbpfThermalBackend();
    closers.push(() => ctx.kernel.close());
    expect(await cpu.probe(ctx)).toMatchObject({ available: true, reason: expect.stringMatching(/^thermal\/cpu_frequency tracepoints attached/) });
    const withOne = bpfProgIdsOf(process.pid).length;
    expect(withOne - before).toBe(2);
    expect(await thermal.probe(ctx)).toMatchObject({ available: true, reason: expect.stringMatching(/^thermal\/cpu_frequency tracepoints attached/) });
    expect(bpfProgIdsOf(process.pid).length).toBe(withOne);
    ctx.kernel.close();
    expect(bpfProgIdsOf(process.pid).length).toBe(before);
  });

  it('this VM fires neither event: both read nothing and the reasons say attached, no events yet', async () => {
    const ctx = await kernelContext();
    const cpu = createEbpfCpuFreqBackend();
    const thermal = createEbpfThermalBackend();
    closers.push(() => ctx.kernel.close());
    const cpuProbe = await cpu.probe(ctx);
    const thermalProbe = await thermal.probe(ctx);
    await sleep(1000);
    expect(readFresh(cpu, ctx)).toEqual({});
    expect(await thermal.read(ctx, {})).toEqual({});
    expect(cpuProbe.reason).toMatch(/attached, no events yet/);
    expect(thermalProbe.reason).toMatch(/attached, no events yet/);
  });

  it('in a real Sampler: frequencies from /proc, no temperature, ebpf backends listed with their reasons', async () => {
    const ctx = await kernelContext();
    const sampler = new Sampler({ cpu: createCpuCollector(), sensors: createSensorsCollector() }, ctx);
    closers.push(() => {
      sampler.close();
      ctx.kernel.close();
    });
    await sampler.sample();
    const readings = await sampler.sample();
    const cpu = readings.cpu;
    expect(cpu.backends.map((b) => b.backend.id)).toEqual(['proc', 'ebpf-cpufreq', 'sysfs-cpufreq', 'cpuinfo']);
    expect(cpu.backends[1].probe).toMatchObject({ available: true, reason: expect.stringMatching(/attached, no events yet/) });
    expect(cpu.fields.eventMHz).toBeUndefined();
    expect(cpu.fields.stat).toBe('proc');
    // No event and no cpufreq on a VM: every core's frequency comes from /proc/cpuinfo, last.
    expect(cpu.fields.cpuinfoMHz).toBe('cpuinfo');
    const sensors = readings.sensors;
    expect(sensors.backends.map((b) => b.backend.id)).toEqual(['hwmon', 'thermal', 'ebpf-thermal', 'rapl', 'battery']);
    expect(sensors.backends[2].probe).toMatchObject({ available: true, reason: expect.stringMatching(/attached, no events yet/) });
    expect(sensors.fields.thermalEvents).toBeUndefined();
    expect(sensors.cur).toBeUndefined();
  });

  it('as nobody: both off with EPERM and the privilege remedy', () => {
    const out = JSON.parse(runTsAsNobody(join(import.meta.dirname, 'support', 'unprivileged-hw.ts'), [])) as Record<string, unknown>;
    const off = { available: false, reason: 'bpf(BPF_PROG_LOAD): EPERM — not root (eBPF needs CAP_BPF and CAP_PERFMON)', remedy: PRIVILEGE_REMEDY };
    expect(out).toEqual({ 'ebpf-cpufreq': off, 'ebpf-thermal': off });
  });
});
