/**
 * A fixture root (`<dir>/proc`, `<dir>/sys`) for a big GPU server: 256 CPUs (two 64-core EPYCs
 * with SMT), 2 TiB of memory, 64 block devices (32 NVMe namespaces, 2 md arrays, 24 dm devices,
 * 6 SATA disks; 8 idle loop devices and the boot partitions that the Disks collector leaves out),
 * 300 network interfaces (4 physical NICs, lo, and 295 bridges and veths under
 * sys/devices/virtual/net) and 20,000 processes (big-host-processes.ts). The GPUs are not files
 * (NVML reads them): big-host-gpus.ts has them.
 *
 * Every file is built from the same file of a real machine as a template, with the big host's
 * figures in it. The templates were taken on the Debian 12 development VM (kernel 6.1, 2 vCPUs) on
 * 2026-12-04: /proc/stat (its cpu, intr, ctxt, btime, processes, procs_* and softirq lines),
 * /proc/cpuinfo (one processor's block, flags cut down), /proc/meminfo (every key, in order),
 * /proc/loadavg, /proc/uptime, /proc/pressure/{cpu,io,memory}, /proc/diskstats (the 20-field line
 * of vda), /proc/net/dev (its two header lines and lo's line), /proc/net/tcp and udp (header and
 * a LISTEN line), /proc/filesystems, /proc/self/mounts (the root line), and for processes
 * /proc/self/{stat,status,statm,io,schedstat,cgroup} of `cat` (status key by key; cgroup as the
 * cgroup v2 line "0::PATH" that host had last). The hwmon files follow the k10temp layout of
 * test/fixtures/amd-desktop-sensors-documented-format (that VM has no sensors).
 *
 * Deterministic: one seed fixes every name and number. `writeBigHost(dir, { step: 0 })` writes the
 * whole tree; `step: 1` (and later) rewrites only the counters that move, one second on: CPU
 * times, disk and network counters, pressure totals, uptime, and the stat, io and schedstat of the
 * processes that are running or doing I/O. Files are rewritten in place (same inode), as the
 * kernel's change under a reader that keeps them open (the /proc scanner keeps stat files open).
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProcessModel, Random, type ModelProcess } from './big-host-processes.js';

export interface BigHostSpec {
  seed: number;
  cpus: number;
  processes: number;
}

export const BIG_HOST: BigHostSpec = { seed: 12, cpus: 256, processes: 20_000 };

/** What the fixture holds, for the assertions of a test that reads it. */
export interface BigHostRoot {
  procRoot: string;
  sysRoot: string;
  cpus: number;
  processes: ModelProcess[];
  /** Whole disks the Disks collector lists (not the partitions or the idle loop devices). */
  disks: string[];
  /** Every interface in net/dev, and those of them under sys/devices/virtual/net. */
  interfaces: string[];
  virtualInterfaces: string[];
}

/** USER_HZ: clock ticks per second in /proc (every x86-64 kernel). */
const HZ = 100;
/** Uptime at step 0: 14 days and a bit. */
const UPTIME_TICKS = 123_456_789;
/** Booted that uptime before the templates were taken (their btime was 1796383943). */
const BOOT_TIME = 1_796_383_943 - Math.round(UPTIME_TICKS / HZ);
const PAGE_KB = 4;

interface Counter {
  base: number;
  perSec: number;
}
const at = (c: Counter, step: number): number => Math.round(c.base + c.perSec * step);

interface CoreLoad {
  user: number;
  system: number;
  iowait: number;
  softirq: number;
}

interface Disk {
  major: number;
  minor: number;
  name: string;
  whole: boolean;
  reads: Counter;
  readSectors: Counter;
  writes: Counter;
  writeSectors: Counter;
  ioMs: Counter;
}

interface Iface {
  name: string;
  virtual: boolean;
  rxBytes: Counter;
  rxPackets: Counter;
  txBytes: Counter;
  txPackets: Counter;
  rxDrops: Counter;
}

/** Everything the files are written from: built from the seed alone. */
interface Model {
  spec: BigHostSpec;
  cores: CoreLoad[];
  disks: Disk[];
  ifaces: Iface[];
  procs: ModelProcess[];
}

function buildModel(spec: BigHostSpec): Model {
  const random = new Random(spec.seed);
  // Training jobs and the build keep the first half of the CPUs busy, the rest mostly idle.
  const cores = Array.from({ length: spec.cpus }, (_, i): CoreLoad => {
    const busy = i < spec.cpus / 2 ? random.int(55, 100) : i < (spec.cpus * 3) / 4 ? random.int(15, 60) : random.int(0, 12);
    const iowait = i % 16 === 3 ? random.int(1, 6) : 0;
    return {
      user: Math.round(busy * 0.84),
      system: Math.round(busy * 0.13),
      iowait,
      softirq: Math.max(0, busy - Math.round(busy * 0.84) - Math.round(busy * 0.13)),
    };
  });
  const disks: Disk[] = [];
  const disk = (major: number, minor: number, name: string, whole: boolean, busyMs: number, readMBs: number, writeMBs: number) =>
    disks.push({
      major,
      minor,
      name,
      whole,
      reads: { base: random.int(1_000, 90_000_000), perSec: Math.round((readMBs * 1e6) / 131072) },
      readSectors: { base: random.int(100_000, 9_000_000_000), perSec: Math.round((readMBs * 1e6) / 512) },
      writes: { base: random.int(1_000, 90_000_000), perSec: Math.round((writeMBs * 1e6) / 131072) },
      writeSectors: { base: random.int(100_000, 9_000_000_000), perSec: Math.round((writeMBs * 1e6) / 512) },
      ioMs: { base: random.int(10_000, 900_000_000), perSec: busyMs },
    });
  for (let i = 0; i < 8; i++) disk(7, i, `loop${i}`, false, 0, 0, 0);
  let minor = 0;
  for (let n = 0; n < 32; n++) {
    const loading = n < 8;
    disk(
      259,
      minor++,
      `nvme${n}n1`,
      true,
      loading ? random.int(300, 980) : random.int(0, 3),
      loading ? random.int(400, 2400) : 0,
      n < 2 ? random.int(1, 20) : 0,
    );
    if (n < 2) for (const p of [1, 2]) disk(259, minor++, `nvme${n}n1p${p}`, false, 0, 0, n < 2 ? 1 : 0);
  }
  disk(9, 0, 'md0', true, 990, 250, 1800);
  disk(9, 1, 'md1', true, 4, 0, 2);
  for (let d = 0; d < 24; d++) disk(253, d, `dm-${d}`, true, d < 6 ? random.int(10, 400) : 0, d < 6 ? random.int(1, 80) : 0, d < 6 ? random.int(1, 120) : 0);
  for (let s = 0; s < 6; s++) disk(8, s * 16, `sd${'abcdef'[s]}`, true, s === 0 ? 35 : 0, s === 0 ? 3 : 0, 0);

  const ifaces: Iface[] = [];
  const iface = (name: string, virtual: boolean, rxMBs: number, txMBs: number) =>
    ifaces.push({
      name,
      virtual,
      rxBytes: { base: random.int(1e6, 9e13), perSec: Math.round(rxMBs * 1e6) },
      rxPackets: { base: random.int(1e4, 9e10), perSec: Math.round((rxMBs * 1e6) / 1400) },
      txBytes: { base: random.int(1e6, 9e13), perSec: Math.round(txMBs * 1e6) },
      txPackets: { base: random.int(1e4, 9e10), perSec: Math.round((txMBs * 1e6) / 1400) },
      rxDrops: { base: random.int(0, 5000), perSec: name === 'eno2' ? 3 : 0 },
    });
  iface('lo', true, 12, 12);
  iface('eno1', false, 2.4, 0.9);
  iface('eno2', false, 0.02, 0.01);
  iface('ens1f0np0', false, 2400, 310);
  iface('ens1f1np1', false, 1900, 280);
  for (const name of ['docker0', 'cni0', 'flannel.1', 'kube-ipvs0', 'nodelocaldns', `br-${random.hex(12)}`, `br-${random.hex(12)}`, `br-${random.hex(12)}`])
    iface(name, true, random.int(0, 40) / 10, random.int(0, 40) / 10);
  while (ifaces.length < 300) {
    const active = random.next() < 0.2;
    iface(`veth${random.hex(7)}`, true, active ? random.int(1, 4000) / 100 : 0, active ? random.int(1, 4000) / 100 : 0);
  }
  const procs = buildProcessModel({ seed: spec.seed, processes: spec.processes, cpus: spec.cpus, uptimeTicks: UPTIME_TICKS });
  return { spec, cores, disks, ifaces, procs };
}

function write(path: string, content: string | Buffer): void {
  writeFileSync(path, content);
}

/** /proc/stat: the template's line kinds, a cpu line per CPU. */
function procStat(m: Model, step: number): string {
  const base = UPTIME_TICKS / HZ;
  const lines: string[] = [];
  const total = [0, 0, 0, 0, 0, 0, 0];
  const perCpu = m.cores.map((c) => {
    const idle = HZ - c.user - c.system - c.iowait - c.softirq;
    const v = [c.user, 0, c.system, idle, c.iowait, 0, c.softirq].map((perSec) => Math.round(perSec * (base + step)));
    v.forEach((x, i) => (total[i] += x));
    return v;
  });
  lines.push(`cpu  ${total.join(' ')} 0 0 0`);
  perCpu.forEach((v, i) => lines.push(`cpu${i} ${v.join(' ')} 0 0 0`));
  const running = m.procs.filter((p) => p.state === 'R').length;
  const blocked = m.procs.filter((p) => p.state === 'D').length;
  lines.push(`intr ${9_873_000_000 + step * 2_100_000} 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0`);
  lines.push(`ctxt ${88_412_000_000 + step * 1_900_000}`, `btime ${BOOT_TIME}`, `processes ${912_004_511 + step * 40}`);
  lines.push(
    `procs_running ${running}`,
    `procs_blocked ${blocked}`,
    `softirq ${4_110_000_000 + step * 900_000} 0 805088 6 66656 653404 0 24 1122944 6824 2781804`,
  );
  return lines.join('\n') + '\n';
}

function cpuinfo(m: Model): string {
  return m.cores
    .map((_, i) => {
      const socket = i % 128 < 64 ? 0 : 1;
      return [
        `processor\t: ${i}`,
        'vendor_id\t: AuthenticAMD',
        'cpu family\t: 25',
        'model\t\t: 17',
        'model name\t: AMD EPYC 9554 64-Core Processor',
        'stepping\t: 1',
        `cpu MHz\t\t: ${(1500 + ((i * 37) % 2250)).toFixed(3)}`,
        'cache size\t: 1024 KB',
        `physical id\t: ${socket}`,
        'siblings\t: 128',
        `core id\t\t: ${i % 64}`,
        'cpu cores\t: 64',
        'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext lm avx avx2 avx512f',
        '',
      ].join('\n');
    })
    .join('\n');
}

/** The template's keys in its order, scaled to 2 TiB. */
function meminfo(): string {
  const kb: [string, number][] = [
    ['MemTotal', 2_113_541_532],
    ['MemFree', 611_204_116],
    ['MemAvailable', 1_402_117_880],
    ['Buffers', 2_104_332],
    ['Cached', 788_120_004],
    ['SwapCached', 0],
    ['Active', 901_337_120],
    ['Inactive', 512_004_332],
    ['Active(anon)', 640_112_004],
    ['Inactive(anon)', 10_220_440],
    ['Active(file)', 261_225_116],
    ['Inactive(file)', 501_783_892],
    ['Unevictable', 1_016_988],
    ['Mlocked', 13_904],
    ['SwapTotal', 0],
    ['SwapFree', 0],
    ['Zswap', 0],
    ['Zswapped', 0],
    ['Dirty', 1_884_704],
    ['Writeback', 40_120],
    ['AnonPages', 651_044_400],
    ['Mapped', 9_086_252],
    ['Shmem', 38_009_756],
    ['KReclaimable', 21_285_676],
    ['Slab', 30_326_080],
    ['SReclaimable', 21_285_676],
    ['SUnreclaim', 9_040_404],
    ['KernelStack', 402_976],
    ['PageTables', 3_026_180],
    ['SecPageTables', 0],
    ['NFS_Unstable', 0],
    ['Bounce', 0],
    ['WritebackTmp', 0],
    ['CommitLimit', 1_056_770_766],
    ['Committed_AS', 1_301_158_712],
    ['VmallocTotal', 34_359_738_367],
    ['VmallocUsed', 922_308],
    ['VmallocChunk', 0],
    ['Percpu', 301_152],
    ['AnonHugePages', 402_128_672],
    ['ShmemHugePages', 0],
    ['ShmemPmdMapped', 0],
    ['FileHugePages', 241_664],
    ['FilePmdMapped', 0],
  ];
  const lines = kb.map(([k, v]) => `${`${k}:`.padEnd(15)} ${String(v).padStart(9)} kB`);
  lines.push('HugePages_Total:       0', 'HugePages_Free:        0', 'HugePages_Rsvd:        0', 'HugePages_Surp:        0');
  lines.push(
    'Hugepagesize:       2048 kB',
    'Hugetlb:               0 kB',
    'DirectMap4k:     2020480 kB',
    'DirectMap2M:   102076672 kB',
    'DirectMap1G:  2048000000 kB',
  );
  return lines.join('\n') + '\n';
}

function pressure(step: number): Record<string, string> {
  const line = (kind: string, a10: number, a60: number, a300: number, total: number) =>
    `${kind} avg10=${a10.toFixed(2)} avg60=${a60.toFixed(2)} avg300=${a300.toFixed(2)} total=${total}`;
  return {
    cpu: `${line('some', 31.2, 28.04, 25.9, 88_445_914_777 + step * 312_000)}\n${line('full', 0, 0, 0, 0)}\n`,
    io: `${line('some', 12.5, 10.3, 9.8, 9_956_387_589 + step * 125_000)}\n${line('full', 8.1, 7.7, 6.2, 6_128_919_061 + step * 81_000)}\n`,
    memory: `${line('some', 0.4, 0.31, 0.2, 120_009_112 + step * 4_000)}\n${line('full', 0.1, 0.05, 0.02, 40_118_004 + step * 1_000)}\n`,
  };
}

function diskstats(m: Model, step: number): string {
  return (
    m.disks
      .map((d) => {
        const inFlight = d.ioMs.perSec > 500 ? 64 : 0;
        const fields = [
          at(d.reads, step),
          0,
          at(d.readSectors, step),
          201959,
          at(d.writes, step),
          683137,
          at(d.writeSectors, step),
          384670,
          inFlight,
          at(d.ioMs, step),
          667106,
          423016,
          203,
          17618864,
          76777,
          2190,
          3699,
        ];
        // Loop devices nobody attached: in /sys/block, never used (the collector leaves them out).
        const unused = d.name.startsWith('loop');
        return `${String(d.major).padStart(4)} ${String(d.minor).padStart(7)} ${d.name} ${(unused ? fields.map(() => 0) : fields).join(' ')}`;
      })
      .join('\n') + '\n'
  );
}

function netDev(m: Model, step: number): string {
  const head = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
  ];
  const rows = m.ifaces.map(
    (i) =>
      `${i.name.padStart(6)}: ${at(i.rxBytes, step)} ${at(i.rxPackets, step)}    0 ${at(i.rxDrops, step)}    0     0          0         0 ${at(i.txBytes, step)} ${at(i.txPackets, step)}    0    0    0     0       0          0`,
  );
  return [...head, ...rows].join('\n') + '\n';
}

/** /proc/net/tcp and udp: the template's header and a few listening sockets with owners. */
function socketTables(): Record<string, string> {
  const tcpHead = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
  const tcp = (sl: number, port: number, state: string, inode: number, rem = '00000000:0000') =>
    `${String(sl).padStart(4)}: 00000000:${port.toString(16).toUpperCase().padStart(4, '0')} ${rem} ${state} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 00000000b7c04a21 100 0 0 10 0`;
  return {
    tcp:
      [tcpHead, tcp(0, 22, '0A', 41_001), tcp(1, 9100, '0A', 41_002), tcp(2, 10250, '0A', 41_003), tcp(3, 22, '01', 41_004, '0A000105:D431')].join('\n') + '\n',
    tcp6: tcpHead + '\n',
    udp: '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n',
    udp6: '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n',
  };
}

function statLine(p: ModelProcess, step: number): Buffer {
  const ticks = Math.round(p.cpuTicks + p.cpuTicksPerSec * step);
  const utime = Math.round(ticks * 0.85);
  const flags = p.kernelThread ? 0x00208040 : 0x00400100;
  const prio = 20 + p.nice;
  const vsize = p.kernelThread ? 0 : p.vszKb * 1024;
  const rssPages = Math.floor(p.rssKb / PAGE_KB);
  const addresses = p.kernelThread ? '0 0 0 0 0' : '94626359369728 94626359389609 140727857389616 0 0';
  const tail = `${p.state} ${p.ppid} ${p.pid} ${p.pid} 0 -1 ${flags} 98 0 0 0 ${utime} ${ticks - utime} 0 0 ${prio} ${p.nice} ${p.threads} 0 ${p.startTicks} ${vsize} ${rssPages} 18446744073709551615 ${addresses} 0 0 0 0 0 0 0 17 ${p.pid % 256} 0 0 0 0 0 94626359405616 94626359407232 94626409889792 140727857392354 140727857392374 140727857392374 140727857393643 0\n`;
  return Buffer.concat([Buffer.from(`${p.pid} (`), p.commBytes, Buffer.from(`) ${tail}`)]);
}

const STATE_NAMES: Record<ModelProcess['state'], string> = { R: 'R (running)', S: 'S (sleeping)', D: 'D (disk sleep)', I: 'I (idle)', Z: 'Z (zombie)' };

function status(p: ModelProcess): Buffer {
  // status escapes the name as the kernel's proc_task_name does ('\n' and '\\' as escapes).
  const name = Buffer.from(p.commBytes.toString('latin1').replaceAll('\\', '\\\\').replaceAll('\n', '\\n'), 'latin1');
  const lines = [
    `Umask:\t0022`,
    `State:\t${STATE_NAMES[p.state]}`,
    `Tgid:\t${p.pid}`,
    'Ngid:\t0',
    `Pid:\t${p.pid}`,
    `PPid:\t${p.ppid}`,
    'TracerPid:\t0',
    `Uid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}`,
    `Gid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}`,
    'FDSize:\t256',
    'Groups:\t ',
    `NStgid:\t${p.pid}`,
    `NSpid:\t${p.pid}`,
    `NSpgid:\t${p.pid}`,
    `NSsid:\t${p.pid}`,
    `Kthread:\t${p.kernelThread ? 1 : 0}`,
  ];
  if (!p.kernelThread && p.state !== 'Z') {
    const kb = (k: string, v: number) => `${k}:\t${String(v).padStart(8)} kB`;
    lines.push(kb('VmPeak', p.vszKb), kb('VmSize', p.vszKb), kb('VmLck', 0), kb('VmPin', 0), kb('VmHWM', p.rssKb), kb('VmRSS', p.rssKb));
    lines.push(
      kb('RssAnon', p.rssKb - p.sharedKb),
      kb('RssFile', p.sharedKb),
      kb('RssShmem', 0),
      kb('VmData', Math.floor(p.vszKb / 3)),
      kb('VmStk', 132),
      kb('VmExe', 20),
    );
    lines.push(kb('VmLib', 1528), kb('VmPTE', 40), kb('VmSwap', 0), kb('HugetlbPages', 0));
  }
  lines.push(
    `Threads:\t${p.threads}`,
    'SigQ:\t1/8255941',
    'Cpus_allowed_list:\t0-255',
    'voluntary_ctxt_switches:\t1204',
    'nonvoluntary_ctxt_switches:\t31',
    '',
  );
  return Buffer.concat([Buffer.from('Name:\t'), name, Buffer.from('\n' + lines.join('\n'))]);
}

function statm(p: ModelProcess): string {
  if (p.kernelThread || p.state === 'Z') return '0 0 0 0 0 0 0\n';
  return `${Math.floor(p.vszKb / PAGE_KB)} ${Math.floor(p.rssKb / PAGE_KB)} ${Math.floor(p.sharedKb / PAGE_KB)} 5 0 ${Math.floor(p.vszKb / 3 / PAGE_KB)} 0\n`;
}

function io(p: ModelProcess, step: number): string {
  const read = Math.round(p.readBytes + p.readPerSec * step);
  const written = Math.round(p.writeBytes + p.writePerSec * step);
  return `rchar: ${read + 6998}\nwchar: ${written + 22}\nsyscr: 12\nsyscw: 1\nread_bytes: ${read}\nwrite_bytes: ${written}\ncancelled_write_bytes: 0\n`;
}

function schedstat(p: ModelProcess, step: number): string {
  return `${Math.round(p.runNs + p.cpuTicksPerSec * 1e7 * step)} ${Math.round(p.waitNs + p.waitNsPerSec * step)} ${1 + Math.round(p.runNs / 4e6)}\n`;
}

const moves = (p: ModelProcess): boolean => p.cpuTicksPerSec > 0 || p.readPerSec > 0 || p.writePerSec > 0 || p.waitNsPerSec > 0;

/** The per-step files of one process (stat, io, schedstat). */
function writeProcessCounters(dir: string, p: ModelProcess, step: number): void {
  write(join(dir, 'stat'), statLine(p, step));
  write(join(dir, 'io'), io(p, step));
  write(join(dir, 'schedstat'), schedstat(p, step));
}

function writeProcesses(procRoot: string, procs: readonly ModelProcess[]): void {
  for (const p of procs) {
    const dir = join(procRoot, String(p.pid));
    mkdirSync(dir);
    writeProcessCounters(dir, p, 0);
    write(join(dir, 'status'), status(p));
    write(join(dir, 'statm'), statm(p));
    write(join(dir, 'cmdline'), p.cmdline);
    write(join(dir, 'cgroup'), `0::${p.cgroup}\n`);
  }
  // The listening daemons hold their sockets (socketTables' inodes), as ss -p would show.
  const owner = (comm: string) => procs.find((p) => p.comm === comm)!;
  const links: [ModelProcess, number][] = [
    [owner('sshd'), 41_001],
    [owner('prometheus-node'), 41_002],
    [owner('kubelet'), 41_003],
    [owner('sshd'), 41_004],
  ];
  for (const [p, inode] of links) {
    const fd = join(procRoot, String(p.pid), 'fd');
    mkdirSync(fd, { recursive: true });
    symlinkSync(`socket:[${inode}]`, join(fd, String(3 + (inode % 10))));
    // comm: what the socket-owner walk reads of a process with sockets (the only reader of it here).
    write(join(procRoot, String(p.pid), 'comm'), Buffer.concat([p.commBytes, Buffer.from('\n')]));
  }
}

/** The files that move each step. */
function writeCounters(procRoot: string, m: Model, step: number): void {
  write(join(procRoot, 'stat'), procStat(m, step));
  write(join(procRoot, 'uptime'), `${(UPTIME_TICKS / HZ + step).toFixed(2)} ${((UPTIME_TICKS / HZ) * 90 + step * 90).toFixed(2)}\n`);
  const running = m.procs.filter((p) => p.state === 'R').length;
  write(
    join(procRoot, 'loadavg'),
    `162.40 158.77 151.02 ${running}/${m.procs.reduce((n, p) => n + p.threads, 0)} ${m.procs.length + 912_004_000 + step * 40}\n`,
  );
  for (const [name, text] of Object.entries(pressure(step))) write(join(procRoot, 'pressure', name), text);
  write(join(procRoot, 'diskstats'), diskstats(m, step));
  write(join(procRoot, 'net/dev'), netDev(m, step));
}

function writeSys(sysRoot: string, m: Model): void {
  const cpuDir = join(sysRoot, 'devices/system/cpu');
  mkdirSync(cpuDir, { recursive: true });
  write(join(cpuDir, 'online'), `0-${m.cores.length - 1}\n`);
  m.cores.forEach((c, i) => {
    mkdirSync(join(cpuDir, `cpu${i}/cpufreq`), { recursive: true });
    write(join(cpuDir, `cpu${i}/cpufreq/scaling_cur_freq`), `${(1500 + ((i * 37) % 2250)) * 1000}\n`);
  });
  for (const d of m.disks) if (d.whole || d.name.startsWith('loop')) mkdirSync(join(sysRoot, 'block', d.name), { recursive: true });
  for (const i of m.ifaces) if (i.virtual) mkdirSync(join(sysRoot, 'devices/virtual/net', i.name), { recursive: true });
  // Two k10temp chips, one per socket (Tctl, in millidegrees).
  ['61250', '58875'].forEach((milli, n) => {
    const chip = join(sysRoot, 'class/hwmon', `hwmon${n}`);
    mkdirSync(chip, { recursive: true });
    write(join(chip, 'name'), 'k10temp\n');
    write(join(chip, 'temp1_label'), 'Tctl\n');
    write(join(chip, 'temp1_input'), `${milli}\n`);
  });
}

function writeStatic(procRoot: string, m: Model): void {
  for (const d of ['net', 'pressure', 'sys/kernel', 'self']) mkdirSync(join(procRoot, d), { recursive: true });
  write(join(procRoot, 'cpuinfo'), cpuinfo(m));
  write(join(procRoot, 'meminfo'), meminfo());
  write(join(procRoot, 'sys/kernel/hostname'), 'gpu-node-17\n');
  write(join(procRoot, 'sys/kernel/osrelease'), '6.8.0-87-generic\n');
  for (const [name, text] of Object.entries(socketTables())) write(join(procRoot, 'net', name), text);
  write(
    join(procRoot, 'filesystems'),
    ['sysfs', 'tmpfs', 'proc', 'cgroup2', 'devtmpfs', 'bpf', 'devpts', 'overlay', 'mqueue'].map((f) => `nodev\t${f}`).join('\n') + '\n\text4\n\txfs\n\tvfat\n',
  );
  // statfs(2) is a system call on a path, not a file of the root: the filesystems are this
  // machine's, so the one listed is its root.
  write(join(procRoot, 'self/mounts'), 'proc /proc proc rw,relatime 0 0\n/dev/md0 / ext4 rw,relatime 0 0\ntmpfs /run tmpfs rw,nosuid,nodev 0 0\n');
  write(join(procRoot, 'self/stat'), statLine(m.procs[0], 0));
}

/**
 * Write the big host's tree under `dir` (step 0: everything), or rewrite what moves one second
 * per step later (step ≥ 1, over a tree written at step 0).
 */
export function writeBigHost(dir: string, opts: { step: number; spec?: BigHostSpec }): BigHostRoot {
  const spec = opts.spec ?? BIG_HOST;
  const m = buildModel(spec);
  const procRoot = join(dir, 'proc');
  const sysRoot = join(dir, 'sys');
  if (opts.step === 0) {
    mkdirSync(procRoot, { recursive: true });
    writeStatic(procRoot, m);
    writeSys(sysRoot, m);
    writeProcesses(procRoot, m.procs);
  } else {
    for (const p of m.procs) if (moves(p)) writeProcessCounters(join(procRoot, String(p.pid)), p, opts.step);
  }
  writeCounters(procRoot, m, opts.step);
  return {
    procRoot,
    sysRoot,
    cpus: spec.cpus,
    processes: m.procs,
    disks: m.disks.filter((d) => d.whole).map((d) => d.name),
    interfaces: m.ifaces.map((i) => i.name),
    virtualInterfaces: m.ifaces.filter((i) => i.virtual).map((i) => i.name),
  };
}
