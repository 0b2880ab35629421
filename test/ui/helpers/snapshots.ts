/**
 * Test-only snapshots. Every number here is a made-up test input, never an on-screen default;
 * they exercise the UI with the shapes the collectors produce (replace with a recorded fixture
 * once one exists).
 */
import { SCHEMA_VERSION, type ProcessRow, type Snapshot } from '../../../src/types/snapshot.js';

export function proc(pid: number, comm: string, extra: Partial<ProcessRow> = {}): ProcessRow {
  return {
    pid,
    startTime: pid * 10,
    ppid: 1,
    user: 'root',
    uid: 0,
    state: 'S',
    nice: 0,
    priority: 20,
    cpuPercent: 0,
    rssBytes: pid * 1024,
    vszBytes: pid * 4096,
    sharedBytes: 512,
    comm,
    cmdline: `/usr/bin/${comm} --test`,
    ...extra,
  };
}

export const TEST_PROCESSES: ProcessRow[] = [
  proc(1, 'systemd', { ppid: 0, cpuPercent: 0.5, cmdline: '/sbin/init' }),
  proc(2, 'kthreadd', { ppid: 0, kernelThread: true, cmdline: '' }),
  proc(15, 'kworker/0:1', { ppid: 2, kernelThread: true, cmdline: '', cpuPercent: 0.1 }),
  proc(200, 'sshd', { cpuPercent: 1.5 }),
  proc(300, 'bash', { ppid: 200, user: 'alice', uid: 1000, cpuPercent: 3 }),
  proc(400, 'node', { ppid: 300, user: 'alice', uid: 1000, cpuPercent: 42.5, state: 'R' }),
  proc(500, 'postgres', { user: 'postgres', uid: 110, cpuPercent: 12 }),
  proc(501, 'postgres', { ppid: 500, user: 'postgres', uid: 110, cpuPercent: 7, cmdline: 'postgres: writer' }),
];

export function testSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    schemaVersion: SCHEMA_VERSION,
    takenAt: '2026-11-23T12:00:00.000Z',
    intervalMs: 1000,
    host: { hostname: 'testhost', kernel: '6.18.0-test', arch: 'x86_64', cpuCount: 2, clockTicks: 100, pageSize: 4096, uptimeSeconds: 3600 },
    cpu: {
      total: { user: 20, system: 5, idle: 74, iowait: 1, steal: 0, busy: 25 },
      cores: [
        { id: 0, times: { busy: 30 } },
        { id: 1, times: { busy: 20 } },
      ],
    },
    memory: {
      totalBytes: 4 * 1024 ** 3,
      usedBytes: 1024 ** 3,
      availableBytes: 3 * 1024 ** 3,
      swapTotalBytes: 1024 ** 3,
      swapUsedBytes: 0,
      load1: 0.5,
      load5: 0.25,
      load15: 0.125,
      uptimeSeconds: 3600,
    },
    pressure: {
      cpu: { some: { avg10: 1, avg60: 2, avg300: 3, totalUs: 100 } },
      io: { some: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 }, full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 } },
      memory: { some: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 }, full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 } },
    },
    disks: {
      devices: [{ name: 'vda', readBytesPerSec: 2048, writeBytesPerSec: 4096, busyPercent: 3 }],
      filesystems: [{ mountpoint: '/', device: '/dev/vda1', fstype: 'ext4', totalBytes: 30 * 1024 ** 3, usedBytes: 10 * 1024 ** 3, usedPercent: 33.3 }],
    },
    network: { interfaces: [{ name: 'eth0', rxBytesPerSec: 1024, txBytesPerSec: 512 }] },
    processes: TEST_PROCESSES,
    connections: [],
    gpus: [],
    alerts: [],
    self: { pid: 9999, cpuPercent: 1.2, rssBytes: 50 * 1024 ** 2 },
    sources: {
      cpu: { backend: 'proc', fields: {}, backends: [] },
      memory: { backend: 'proc', fields: {}, backends: [] },
      pressure: { backend: 'proc', fields: {}, backends: [] },
      disks: { backend: 'proc', fields: {}, backends: [] },
      network: { backend: 'proc', fields: {}, backends: [] },
      processes: { backend: 'proc', fields: {}, backends: [] },
      gpus: { backend: null, reason: 'no GPU driver found (test)', fields: {}, backends: [] },
    },
    ...overrides,
  };
}
