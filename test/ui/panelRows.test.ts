/** Which interfaces and disks the Network and Disks boxes list on a host with hundreds of them. */
import { describe, expect, it } from 'vitest';
import { diskRows } from '../../src/ui/panels/diskRows.js';
import { networkRows } from '../../src/ui/panels/netRows.js';
import type { DiskDevice, NetInterface } from '../../src/types/snapshot.js';

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
