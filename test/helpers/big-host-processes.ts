/**
 * The 20,000 processes of the big-host fixture (big-host.ts) as a model: who each process is
 * (pid, parent, user, command line, cgroup) and how fast its counters move. Deterministic: the
 * same seed gives the same processes. The mix is that of a container-running GPU server: pid 1,
 * kthreadd and six per-CPU kernel threads for each of the 256 CPUs, host daemons, then containers
 * (a containerd shim each) running training jobs with data-loader workers, web servers, databases,
 * JVMs and shells, mostly idle; a few busy compilers, an fio in D state, zombies, and a set of
 * hostile names and command lines (escape sequences, invalid UTF-8, a 200 KB command line,
 * parentheses and newlines in comm, wide and bidi characters).
 */

/** A seeded pseudo-random source (mulberry32): the same seed, the same fixture. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  hex(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
}

/** One process of the fixture; counters at step t are base + perSec * t (a step is one second). */
export interface ModelProcess {
  pid: number;
  ppid: number;
  /** The name the mix gives it. */
  comm: string;
  /** comm as the kernel stores it: at most 15 bytes (TASK_COMM_LEN), a kworker's workqueue added. */
  commBytes: Buffer;
  state: 'R' | 'S' | 'D' | 'I' | 'Z';
  uid: number;
  kernelThread: boolean;
  threads: number;
  nice: number;
  /** Clock ticks after boot. */
  startTicks: number;
  cpuTicks: number;
  /** Clock ticks per second of CPU (100 = one CPU busy). */
  cpuTicksPerSec: number;
  vszKb: number;
  rssKb: number;
  sharedKb: number;
  readBytes: number;
  writeBytes: number;
  readPerSec: number;
  writePerSec: number;
  runNs: number;
  waitNs: number;
  waitNsPerSec: number;
  /** The bytes of /proc/PID/cmdline (arguments each ended by NUL; empty for kernel threads). */
  cmdline: Buffer;
  /** The cgroup v2 path ("0::PATH"). */
  cgroup: string;
}

export interface ProcessModelSpec {
  seed: number;
  processes: number;
  cpus: number;
  /** Uptime of the host at step 0, in clock ticks (every start time is before it). */
  uptimeTicks: number;
}

/** Users of the mix: names this machine's /etc/passwd has (root, www-data, postgres, prometheus, nobody) and container uids it has not (shown as numbers). */
const USERS = { root: 0, wwwData: 33, postgres: 101, prometheus: 103, nobody: 65534, app: 1001, trainer: 1002, mappedRoot: 100000 } as const;

const args = (...parts: (string | Buffer)[]): Buffer => Buffer.concat(parts.flatMap((p) => [typeof p === 'string' ? Buffer.from(p) : p, Buffer.from([0])]));

/** The 200 KB command line: a JVM's class path, as long ones are in the wild. */
function longClasspath(random: Random): string {
  let path = '/opt/app/classes';
  while (path.length < 200 * 1024) path += `:/opt/app/lib/dependency-${random.hex(6)}-${random.int(1, 9)}.${random.int(0, 30)}.${random.int(0, 9)}.jar`;
  return path;
}

type Spawn = (p: Partial<ModelProcess> & Pick<ModelProcess, 'comm' | 'ppid'>) => ModelProcess;

/** The hostile names and command lines (each a process of its own). */
function hostile(spawn: Spawn, parent: number, random: Random): void {
  const hostileUid = USERS.app;
  spawn({ comm: ') (R 1 2', ppid: parent, uid: hostileUid, cmdline: args('./fake-stat', ') (R 1 2 3') });
  spawn({ comm: 'evil\x1b[2J', ppid: parent, uid: hostileUid, cmdline: args('/tmp/x', '\x1b]0;pwned\x07\x1b[2J\x1b[H', '--title=\x1b[31mred') });
  spawn({
    comm: 'bad-utf8',
    commBytes: Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0xc3, 0x28]),
    ppid: parent,
    uid: hostileUid,
    cmdline: args(Buffer.from([0x2f, 0x62, 0x69, 0x6e, 0x2f, 0xff, 0xfe, 0xc3, 0x28]), 'arg\xe9'),
  });
  spawn({ comm: 'line\nbreak', ppid: parent, uid: hostileUid, cmdline: args('/usr/bin/line\nbreak', 'second\nline') });
  spawn({ comm: 'bidi\u202etxt.exe', ppid: parent, uid: hostileUid, cmdline: args('/home/u/bidi\u202egnp.sh') });
  spawn({ comm: '数据处理', ppid: parent, uid: hostileUid, cmdline: args('/opt/数据处理/运行', '--模式=全部') });
  spawn({ comm: '🔥burn', ppid: parent, uid: hostileUid, state: 'R', cpuTicksPerSec: 100, cmdline: args('/usr/bin/🔥burn', '--threads=1') });
  spawn({ comm: 'tab\there', ppid: parent, uid: hostileUid, cmdline: args('tab\there', '\t\t') });
  spawn({ comm: 'zero\u200bwidth', ppid: parent, uid: hostileUid, cmdline: args('zero\u200bwidth') });
  spawn({
    comm: 'java',
    ppid: parent,
    uid: hostileUid,
    threads: 212,
    rssKb: 8_400_000,
    vszKb: 42_000_000,
    cmdline: args('/usr/bin/java', '-cp', longClasspath(random), 'com.example.Main'),
  });
  spawn({ comm: 'spaces only', ppid: parent, uid: hostileUid, cmdline: args('   ', '  ') });
  spawn({ comm: 'setproctitle', ppid: parent, uid: hostileUid, cmdline: Buffer.from('worker: idle waiting for job' + ' '.repeat(200)) });
}

/** The process model for `spec`. */
export function buildProcessModel(spec: ProcessModelSpec): ModelProcess[] {
  const random = new Random(spec.seed);
  const procs: ModelProcess[] = [];
  let nextPid = 1;
  const spawn: Spawn = (p) => {
    const proc: ModelProcess = {
      pid: nextPid++,
      state: 'S',
      uid: USERS.root,
      kernelThread: false,
      threads: 1,
      nice: 0,
      startTicks: Math.min(spec.uptimeTicks - 100, 300 + procs.length * 40 + random.int(0, 30)),
      cpuTicks: random.int(0, 4000),
      cpuTicksPerSec: 0,
      vszKb: 0,
      rssKb: 0,
      sharedKb: 0,
      readBytes: random.int(0, 50) * 4096,
      writeBytes: random.int(0, 20) * 4096,
      readPerSec: 0,
      writePerSec: 0,
      runNs: random.int(1, 9_000_000_000),
      waitNs: random.int(1, 900_000_000),
      waitNsPerSec: 0,
      cmdline: Buffer.alloc(0),
      cgroup: '/system.slice',
      ...p,
      commBytes: p.commBytes ?? (p.comm.startsWith('kworker/') ? Buffer.from(p.comm) : Buffer.from(p.comm).subarray(0, 15)),
    };
    if (!proc.kernelThread && proc.vszKb === 0) {
      proc.vszKb = random.int(8_000, 900_000);
      proc.rssKb = random.int(1_000, Math.min(proc.vszKb, 200_000));
      proc.sharedKb = Math.floor(proc.rssKb * 0.3);
    } else if (!proc.kernelThread && proc.sharedKb === 0) proc.sharedKb = Math.floor(proc.rssKb * 0.2);
    if (proc.cpuTicksPerSec > 0) proc.waitNsPerSec = random.int(1_000_000, 80_000_000);
    procs.push(proc);
    return proc;
  };
  const full = () => procs.length >= spec.processes;

  spawn({ comm: 'systemd', ppid: 0, cmdline: args('/sbin/init', 'splash'), cgroup: '/init.scope' });
  const kthreadd = spawn({ comm: 'kthreadd', ppid: 0, kernelThread: true, cgroup: '/' });
  const kthread = (comm: string, state: 'S' | 'I' = 'I', nice = 0) =>
    spawn({ comm, ppid: kthreadd.pid, kernelThread: true, state, nice, cpuTicks: random.int(0, 300), readBytes: 0, writeBytes: 0, cgroup: '/' });
  for (const name of [
    'rcu_gp',
    'rcu_par_gp',
    'slub_flushwq',
    'netns',
    'mm_percpu_wq',
    'rcu_preempt',
    'rcu_exp_gp_kthread_worker',
    'kauditd',
    'khungtaskd',
    'oom_reaper',
  ])
    kthread(name);
  for (let cpu = 0; cpu < spec.cpus; cpu++) {
    kthread(`cpuhp/${cpu}`, 'S');
    kthread(`idle_inject/${cpu}`, 'S');
    kthread(`migration/${cpu}`, 'S');
    kthread(`ksoftirqd/${cpu}`, 'S');
    kthread(`kworker/${cpu}:0H-events_highpri`, 'I', -20);
    kthread(`kworker/${cpu}:1-events`);
  }
  for (let i = 0; i < 128; i++) kthread(`kworker/u${2 * spec.cpus}:${i}-events_unbound`);
  for (let q = 0; q < 32; q++) kthread(`irq/${120 + q}-nvme${q}q1`, 'S', 0);
  for (const name of [
    'kswapd0',
    'kswapd1',
    'khugepaged',
    'kcompactd0',
    'kcompactd1',
    'nvme-wq',
    'nvme-reset-wq',
    'jbd2/md0-8',
    'nv_queue',
    'nvidia-modeset/kthread_q',
    'UVM global queue',
    'UVM deferred release queue',
  ])
    kthread(name, 'S');

  const daemons: [string, string[], number, string][] = [
    ['systemd-journal', ['/usr/lib/systemd/systemd-journald'], USERS.root, '/system.slice/systemd-journald.service'],
    ['systemd-udevd', ['/usr/lib/systemd/systemd-udevd'], USERS.root, '/system.slice/systemd-udevd.service'],
    [
      'dbus-daemon',
      ['/usr/bin/dbus-daemon', '--system', '--address=systemd:', '--nofork', '--nopidfile', '--systemd-activation', '--syslog-only'],
      USERS.root,
      '/system.slice/dbus.service',
    ],
    ['sshd', ['sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'], USERS.root, '/system.slice/ssh.service'],
    ['containerd', ['/usr/bin/containerd'], USERS.root, '/system.slice/containerd.service'],
    ['dockerd', ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'], USERS.root, '/system.slice/docker.service'],
    [
      'kubelet',
      [
        '/usr/bin/kubelet',
        '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
        '--kubeconfig=/etc/kubernetes/kubelet.conf',
        '--config=/var/lib/kubelet/config.yaml',
        '--container-runtime-endpoint=unix:///run/containerd/containerd.sock',
      ],
      USERS.root,
      '/system.slice/kubelet.service',
    ],
    [
      'nvidia-persiste',
      ['/usr/bin/nvidia-persistenced', '--user', 'nvidia-persistenced', '--no-persistence-mode', '--verbose'],
      USERS.root,
      '/system.slice/nvidia-persistenced.service',
    ],
    ['nv-hostengine', ['/usr/bin/nv-hostengine', '-n', '--service-account', 'nvidia-dcgm'], USERS.root, '/system.slice/nvidia-dcgm.service'],
    [
      'prometheus-node',
      ['/usr/bin/prometheus-node-exporter', '--collector.systemd', '--web.listen-address=:9100'],
      USERS.prometheus,
      '/system.slice/prometheus-node-exporter.service',
    ],
    ['chronyd', ['/usr/sbin/chronyd', '-F', '1'], USERS.root, '/system.slice/chrony.service'],
    ['rsyslogd', ['/usr/sbin/rsyslogd', '-n', '-iNONE'], USERS.root, '/system.slice/rsyslog.service'],
    ['cron', ['/usr/sbin/cron', '-f'], USERS.root, '/system.slice/cron.service'],
    ['multipathd', ['/sbin/multipathd', '-d', '-s'], USERS.root, '/system.slice/multipathd.service'],
    ['agetty', ['/sbin/agetty', '-o', '-p -- \\u', '--noclear', '-', 'linux'], USERS.root, '/system.slice/system-getty.slice/getty@tty1.service'],
  ];
  for (const [comm, argv, uid, cgroup] of daemons)
    spawn({
      comm,
      ppid: 1,
      uid,
      cmdline: args(...argv),
      cgroup,
      cpuTicksPerSec: comm === 'kubelet' || comm === 'containerd' ? 4 : 0,
      threads: random.int(1, 60),
    });

  // Busy host-side work: a build (16 compilers at one CPU each) and an fio job writing in D state.
  const make = spawn({ comm: 'make', ppid: 1, uid: USERS.app, cmdline: args('make', '-j16', 'all'), cgroup: '/user.slice/user-1001.slice/session-4.scope' });
  for (let i = 0; i < 16 && !full(); i++) {
    spawn({
      comm: 'cc1plus',
      ppid: make.pid,
      uid: USERS.app,
      state: 'R',
      cpuTicksPerSec: 100,
      rssKb: random.int(200_000, 900_000),
      vszKb: 1_200_000,
      cmdline: args('/usr/libexec/gcc/x86_64-linux-gnu/12/cc1plus', '-quiet', '-O2', `src/module_${i}.cc`, '-o', `/tmp/cc${random.hex(6)}.s`),
      cgroup: '/user.slice/user-1001.slice/session-4.scope',
    });
  }
  spawn({
    comm: 'fio',
    ppid: 1,
    state: 'D',
    cpuTicksPerSec: 35,
    writePerSec: 1_800_000_000,
    readPerSec: 250_000_000,
    cmdline: args('fio', '--name=burn-in', '--rw=randrw', '--bs=128k', '--iodepth=64', '--numjobs=1', '--filename=/dev/md0'),
    cgroup: '/system.slice/burn-in.service',
  });
  hostile(spawn, 1, random);
  for (let z = 0; z < 4; z++)
    spawn({
      comm: 'defunct-child',
      ppid: make.pid,
      state: 'Z',
      uid: USERS.app,
      threads: 1,
      vszKb: 1,
      rssKb: 0,
      cgroup: '/user.slice/user-1001.slice/session-4.scope',
    });

  // Containers until the count is reached: a shim each, its workload below it.
  for (let c = 0; !full(); c++) {
    const id = random.hex(64);
    const cgroup = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${random.hex(8)}_${random.hex(4)}.slice/cri-containerd-${id}.scope`;
    const shim = spawn({
      comm: 'containerd-shim',
      ppid: 1,
      threads: 12,
      cmdline: args('/usr/bin/containerd-shim-runc-v2', '-namespace', 'k8s.io', '-id', id, '-address', '/run/containerd/containerd.sock'),
      cgroup: '/system.slice/containerd.service',
    });
    if (!full()) spawn({ comm: 'pause', ppid: shim.pid, uid: USERS.nobody, vszKb: 1_020, rssKb: 512, cmdline: args('/pause'), cgroup });
    const kind = c < 8 ? 'trainer' : ['web', 'db', 'jvm', 'node', 'shell', 'gunicorn'][c % 6];
    const child = (p: Partial<ModelProcess> & Pick<ModelProcess, 'comm' | 'ppid'>) => (full() ? undefined : spawn({ cgroup, ...p }));
    if (kind === 'trainer') {
      const main = child({
        comm: 'python3',
        ppid: shim.pid,
        uid: USERS.trainer,
        state: 'R',
        threads: 148,
        cpuTicksPerSec: random.int(800, 1400),
        rssKb: random.int(40_000_000, 90_000_000),
        vszKb: 380_000_000,
        readPerSec: random.int(200, 900) * 1_000_000,
        cmdline: args(
          '/usr/bin/python3',
          '-m',
          'torch.distributed.run',
          '--nproc-per-node=1',
          `--node-rank=${c}`,
          'train.py',
          '--model=llama-70b',
          '--bf16',
          `--data=/datasets/shard-${c}`,
          '--batch-size=16',
        ),
      });
      for (let w = 0; w < 12 && main !== undefined; w++) {
        child({
          comm: 'pt_data_worker',
          ppid: main.pid,
          uid: USERS.trainer,
          state: w % 3 === 0 ? 'R' : 'S',
          cpuTicksPerSec: random.int(20, 95),
          readPerSec: random.int(5, 60) * 1_000_000,
          cmdline: args(
            '/usr/bin/python3',
            '-c',
            'from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7)',
            '--multiprocessing-fork',
          ),
        });
      }
    } else if (kind === 'web') {
      const master = child({ comm: 'nginx', ppid: shim.pid, cmdline: args('nginx: master process /usr/sbin/nginx -g daemon off;') });
      for (let w = 0; w < 16 && master !== undefined; w++)
        child({ comm: 'nginx', ppid: master.pid, uid: USERS.wwwData, cmdline: args('nginx: worker process') });
    } else if (kind === 'db') {
      const pm = child({
        comm: 'postgres',
        ppid: shim.pid,
        uid: USERS.postgres,
        rssKb: 300_000,
        vszKb: 4_400_000,
        cmdline: args('postgres', '-D', '/var/lib/postgresql/data', '-c', 'shared_buffers=4GB'),
      });
      for (let b = 0; b < 40 && pm !== undefined; b++) {
        child({
          comm: 'postgres',
          ppid: pm.pid,
          uid: USERS.postgres,
          cmdline: args(`postgres: app app 10.244.${c % 250}.${b + 2}(${random.int(30000, 60000)}) idle`),
        });
      }
    } else if (kind === 'jvm') {
      child({
        comm: 'java',
        ppid: shim.pid,
        uid: USERS.app,
        threads: random.int(60, 240),
        rssKb: random.int(1_000_000, 6_000_000),
        vszKb: 24_000_000,
        cmdline: args('java', '-Xmx6g', '-XX:+UseG1GC', '-jar', '/app/service.jar', '--spring.profiles.active=prod'),
      });
    } else if (kind === 'node') {
      child({ comm: 'node', ppid: shim.pid, uid: USERS.app, threads: 11, cmdline: args('node', '--max-old-space-size=2048', '/app/dist/server.js') });
    } else if (kind === 'shell') {
      const sh = child({ comm: 'bash', ppid: shim.pid, uid: USERS.mappedRoot, cmdline: args('/bin/bash', '-c', 'while true; do sleep 3600; done') });
      if (sh !== undefined) child({ comm: 'sleep', ppid: sh.pid, uid: USERS.mappedRoot, vszKb: 5_500, rssKb: 900, cmdline: args('sleep', '3600') });
    } else {
      const g = child({
        comm: 'gunicorn',
        ppid: shim.pid,
        uid: USERS.app,
        cmdline: args('/usr/local/bin/python', '/usr/local/bin/gunicorn', '--workers', '24', '--bind', '0.0.0.0:8000', 'app.wsgi:application'),
      });
      for (let w = 0; w < 24 && g !== undefined; w++)
        child({
          comm: 'gunicorn',
          ppid: g.pid,
          uid: USERS.app,
          cmdline: args('/usr/local/bin/python', '/usr/local/bin/gunicorn', '--workers', '24', '--bind', '0.0.0.0:8000', 'app.wsgi:application'),
        });
    }
  }
  return procs;
}

/** Pids of the eight training jobs (one per GPU in the replicated GPU list). */
export function trainerPids(procs: readonly ModelProcess[]): number[] {
  return procs.filter((p) => p.comm === 'python3' && p.threads === 148).map((p) => p.pid);
}
