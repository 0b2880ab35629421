/**
 * A real Monitor over the big host's fixture root (test/helpers/big-host.ts): 256 CPUs, 64 disks,
 * 300 interfaces (296 virtual, lo included) and 20,000 processes come through every collector
 * into the snapshot, with rates from the moved counters. The /proc scanner leaves no process out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigHostDir, readBigHost, type BigHostReading } from '../../helpers/big-host-snapshot.js';

describe('a Monitor over a 256-core, 64-disk, 300-interface host with 20,000 processes', () => {
  const tmp = bigHostDir();
  let reading: BigHostReading;
  beforeAll(async () => {
    reading = await readBigHost(tmp.dir);
  }, 180_000);
  afterAll(() => tmp.remove());

  it('reads every CPU, with its share of time', () => {
    const { cpu, host } = reading.snapshot;
    expect(host.cpuCount).toBe(256);
    expect(cpu?.cores).toHaveLength(256);
    expect(cpu!.cores.map((c) => c.id)).toEqual([...Array(256).keys()]);
    for (const c of cpu!.cores) expect(c.times?.busy).toBeGreaterThanOrEqual(0);
    expect(cpu!.total?.busy).toBeGreaterThan(30);
    expect(cpu!.total?.busy).toBeLessThan(70);
  });

  it('lists the 64 whole disks, none of the partitions or unused loop devices, with rates', () => {
    const devices = reading.snapshot.disks!.devices;
    expect(devices.map((d) => d.name).sort()).toEqual([...reading.root.disks].sort());
    expect(devices).toHaveLength(64);
    for (const d of devices) expect(d.readBytesPerSec).toBeGreaterThanOrEqual(0);
    expect(devices.find((d) => d.name === 'md0')!.writeBytesPerSec).toBeGreaterThan(0);
  });

  it('lists the 300 interfaces, the virtual ones marked from sys/devices/virtual/net', () => {
    const interfaces = reading.snapshot.network!.interfaces;
    expect(interfaces).toHaveLength(300);
    const virtual = new Set(reading.root.virtualInterfaces);
    expect(virtual.size).toBe(296);
    for (const i of interfaces) expect(i.virtual, i.name).toBe(virtual.has(i.name));
    expect(interfaces.filter((i) => !i.virtual).map((i) => i.name)).toEqual(['eno1', 'eno2', 'ens1f0np0', 'ens1f1np1']);
    expect(interfaces.find((i) => i.name === 'ens1f0np0')!.rxBytesPerSec).toBeGreaterThan(0);
  });

  it('lists all 20,000 processes: the scanner leaves none out', () => {
    const rows = reading.snapshot.processes;
    expect(rows).toHaveLength(20_000);
    expect(new Set(rows.map((p) => p.pid))).toEqual(new Set(reading.root.processes.map((p) => p.pid)));
    expect(rows.filter((p) => p.kernelThread).length).toBeGreaterThan(1500);
  });

  it('has CPU, I/O and run-queue rates for the processes whose counters moved', () => {
    const rows = reading.snapshot.processes;
    const moved = reading.root.processes.filter((p) => p.cpuTicksPerSec > 0).map((p) => p.pid);
    const byPid = new Map(rows.map((p) => [p.pid, p]));
    for (const pid of moved) expect(byPid.get(pid)!.cpuPercent, `pid ${pid}`).toBeGreaterThan(0);
    const fio = rows.find((p) => p.comm === 'fio')!;
    expect(fio.writeBytesPerSec).toBeGreaterThan(0);
    expect(fio.state).toBe('D');
    expect(rows.filter((p) => p.runqueueWaitMsPerSec !== undefined && p.runqueueWaitMsPerSec > 0).length).toBeGreaterThanOrEqual(moved.length / 2);
    // An idle process read twice has a measured 0, never a missing rate.
    expect(byPid.get(1)!.cpuPercent).toBe(0);
  });

  it('shows users by name where this machine has one, by uid where not', () => {
    const rows = reading.snapshot.processes;
    expect(rows.find((p) => p.comm === 'nginx' && p.uid === 33)!.user).toBe('www-data');
    const trainer = rows.find((p) => p.comm === 'python3' && p.uid === 1002)!;
    expect(trainer.cmdline).toContain('torch.distributed.run');
  });

  it('keeps hostile names and command lines harmless', () => {
    const rows = reading.snapshot.processes;
    for (const p of rows) {
      expect(p.comm).not.toMatch(/[\x00-\x1f\x7f]/);
      expect(p.cmdline ?? '').not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    }
    const java = rows.find((p) => p.comm === 'java' && (p.cmdline?.length ?? 0) > 60_000)!;
    expect(java.cmdline.length).toBeLessThanOrEqual(70 * 1024);
    expect(rows.find((p) => p.comm.startsWith(') (R'))!.state).toBe('S');
  });
});
