/** Which interfaces and disks the Network and Disks boxes list on a host with hundreds of them. */
import { describe, expect, it } from 'vitest';
import { diskRows } from '../../src/ui/panels/diskRows.js';
import { gpuCellText, gpuLines, gpuSummaryText } from '../../src/ui/panels/gpuRows.js';
import { networkRows } from '../../src/ui/panels/netRows.js';
import type { DiskDevice, GpuDevice, NetInterface } from '../../src/types/snapshot.js';

const nic = (name: string, virtual: boolean | undefined, rx?: number, tx?: number): NetInterface => ({ name, virtual, rxBytesPerSec: rx, txBytesPerSec: tx });
const host = [nic('lo', true, 10, 10), nic('eno1', false, 500, 100), nic('eno2', false), ...Array.from({ length: 296 }, (_, i) => nic(`veth${i}`, true, i, 1))];

describe('network rows', () => {
  it('lists physical interfaces and sums the virtual ones on one line', () => {
    const rows = networkRows(host, false, 10);
    expect(rows.map((r) => (r.kind === 'interface' ? r.iface.name : r.kind))).toEqual(['eno1', 'eno2', 'virtual']);
    const sum = 10 + (295 * 296) / 2;
    expect(rows[2]).toEqual({ kind: 'virtual', count: 297, rxBytesPerSec: sum, txBytesPerSec: 10 + 296 });
  });

  it('shows virtual interfaces one by one, busiest first, and counts what does not fit', () => {
    const rows = networkRows(host, true, 6);
    expect(rows.map((r) => (r.kind === 'interface' ? r.iface.name : r.kind))).toEqual(['eno1', 'eno2', 'veth295', 'veth294', 'veth293', 'more']);
    expect(rows[5]).toEqual({ kind: 'more', count: 299 - 5 });
  });

  it('a sum of nothing measured is n/a, not 0; unknown interfaces count lo alone as virtual', () => {
    expect(networkRows([nic('veth0', true), nic('lo', undefined), nic('eth0', undefined)], false, 5)).toEqual([
      { kind: 'interface', iface: nic('eth0', undefined) },
      { kind: 'virtual', count: 2, rxBytesPerSec: undefined, txBytesPerSec: undefined },
    ]);
  });

  it('keeps the summed virtual line when physical interfaces overflow', () => {
    const nics = [...Array.from({ length: 6 }, (_, i) => nic(`eno${i}`, false, 1, 1)), ...host.filter((i) => i.virtual)];
    const rows = networkRows(nics, false, 4);
    expect(rows.map((r) => (r.kind === 'interface' ? r.iface.name : r.kind))).toEqual(['eno0', 'eno1', 'virtual', 'more']);
    expect(rows[3]).toEqual({ kind: 'more', count: 4 });
  });

  it('gives the virtual interfaces at least half the rows when asked for them', () => {
    const nics = [...Array.from({ length: 4 }, (_, i) => nic(`eno${i}`, false, 1, 1)), ...host.filter((i) => i.virtual)];
    const rows = networkRows(nics, true, 5);
    expect(rows.map((r) => (r.kind === 'interface' ? r.iface.name : r.kind))).toEqual(['eno0', 'eno1', 'veth295', 'veth294', 'more']);
    expect(rows[4]).toEqual({ kind: 'more', count: 4 + 297 - 4 });
  });

  it('never gives more rows than lines', () => {
    for (let lines = 1; lines < 12; lines++) for (const show of [true, false]) expect(networkRows(host, show, lines).length).toBeLessThanOrEqual(lines);
  });
});

describe('disk rows', () => {
  const disk = (name: string, busy?: number, r?: number): DiskDevice => ({ name, busyPercent: busy, readBytesPerSec: r });
  const disks = Array.from({ length: 64 }, (_, i) => disk(`nvme${i}n1`, i % 9 === 0 ? 50 + i / 10 : 0, i % 9 === 0 ? 1e6 : 0));

  it('all devices when they fit, in the kernel order', () => {
    expect(diskRows(disks.slice(0, 4), 4).map((r) => r.kind === 'device' && r.device.name)).toEqual(['nvme0n1', 'nvme1n1', 'nvme2n1', 'nvme3n1']);
  });

  it('the busiest, still in the kernel order, and a count of the rest', () => {
    const rows = diskRows(disks, 4);
    expect(rows.map((r) => (r.kind === 'device' ? r.device.name : r.kind))).toEqual(['nvme45n1', 'nvme54n1', 'nvme63n1', 'more']);
    expect(rows[3]).toEqual({ kind: 'more', count: 61, idle: 61 - 5 });
  });
});

describe('gpu lines', () => {
  const gpu = (index: number, extra: Partial<GpuDevice> = {}): GpuDevice => ({
    index,
    vendor: 'nvidia',
    name: 'NVIDIA H200',
    utilPercent: 100,
    memUsedBytes: 1194131456,
    memTotalBytes: 150754820096,
    powerWatts: 690.522,
    temperatureC: 63,
    source: 'nvml',
    processes: [],
    ...extra,
  });
  const eight = Array.from({ length: 8 }, (_, i) => gpu(i));

  it('one line each while lines last', () => {
    expect(gpuLines(eight, 80, 8, false)).toEqual({ kind: 'each' });
  });

  it('a summary and a grid of every GPU where the width gives columns', () => {
    const plan = gpuLines(eight, 120, 5, false);
    expect(plan).toMatchObject({ kind: 'grid', columns: 2, more: 0 });
    if (plan.kind === 'grid') expect(plan.shown.map((g) => g.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(gpuCellText(eight[0], false)).toBe('GPU0 use 100% mem 1.11G/140G pwr 691W tmp 63°C');
  });

  it('a strip of every GPU use where cells would show fewer than half, the summary alone on one line', () => {
    expect(gpuLines(eight, 80, 2, false)).toEqual({ kind: 'strip', text: 'use 0:100% 1:100% 2:100% 3:100% 4:100% 5:100% 6:100% 7:100%' });
    expect(gpuLines(eight, 80, 1, false)).toEqual({ kind: 'summary' });
  });

  it('sums what was measured and says n/a for what none of them reported', () => {
    expect(gpuSummaryText(eight, false)).toBe('×8 NVIDIA H200 use avg 100% max 100% mem 8.90G/1.10T pwr 5524W tmp max 63°C [nvml]');
    const unread = [
      gpu(0, { name: 'A', utilPercent: undefined, powerWatts: undefined, temperatureC: undefined }),
      gpu(1, { name: 'B', utilPercent: undefined, powerWatts: undefined, temperatureC: undefined }),
    ];
    expect(gpuSummaryText(unread, true)).toBe('×2 use avg n/a% max n/a% mem 2.22G/281G pwr n/aW tmp max n/aC [nvml]');
  });
});
