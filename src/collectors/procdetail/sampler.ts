/**
 * The detail sampler: reads every section for one process, identified by (pid, startTime),
 * each time the view refreshes, and derives rates from the measured gap between two reads. It is
 * separate from the main sampler so opening a detail view costs nothing for other processes.
 * When the pid no longer names the same process, `read` reports it gone and the view keeps the
 * last data it had.
 */
import { readTextSync, isGoneError } from '../../util/readfile.js';
import { join } from 'node:path';
import type { CollectorContext } from '../contract.js';
import { parseStat } from '../processes/parse.js';
import { counterRate } from '../../util/rate.js';
import { UserNames } from '../../util/users.js';
import { readEnvironment, environmentRefusal } from './environment.js';
import { readFiles, FDINFO_LIMIT } from './files.js';
import { isSameProcess } from './identity.js';
import { readMemory } from './memory.js';
import { readSockets } from './network.js';
import { readOverview, type NameLookups } from './overview.js';
import { parseIoCounters, type IoCounters } from './parse/io.js';
import { parseSchedstat, parseStatSched, schedPolicyName } from './parse/sched.js';
import { parseStatus } from './parse/status.js';
import { readSection, type SectionOptions } from './section.js';
import { readThreadSamples, threadRows, type ThreadSample } from './threads.js';
import type { IoInfo, ProcDetail, SchedInfo, Section } from './types.js';

export interface DetailSamplerOptions {
  /** /etc/passwd and /etc/group (parameters for tests). */
  passwdPath?: string;
  groupPath?: string;
  /** The viewer's uid, for the environment rule (process.getuid()). */
  viewerUid?: number;
  fdinfoLimit?: number;
}

export type DetailRead = { gone: false; detail: ProcDetail } | { gone: true; reason: string };

interface Previous {
  t: number;
  threads: Map<number, ThreadSample>;
  io?: IoCounters;
  waitNs?: number;
  voluntary?: number;
  nonvoluntary?: number;
}

/** Reads the detail view of one process; create one per opened view. */
export class DetailSampler {
  private prev: Previous | undefined;
  private readonly names: NameLookups;
  private readonly viewerUid: number;
  private readonly fdinfoLimit: number;

  constructor(
    private readonly ctx: CollectorContext,
    readonly pid: number,
    readonly startTime: number,
    options: DetailSamplerOptions = {},
  ) {
    this.names = {
      users: new UserNames(options.passwdPath ?? '/etc/passwd'),
      groups: new UserNames(options.groupPath ?? '/etc/group'),
    };
    this.viewerUid = options.viewerUid ?? process.getuid?.() ?? -1;
    this.fdinfoLimit = options.fdinfoLimit ?? FDINFO_LIMIT;
  }

  /**
   * Read every section. `withEnvironment` reads /proc/PID/environ too (the view asks only after
   * the key that shows it); `flagsFor` names descriptors beyond the fdinfo bound whose flags are
   * wanted (the rows on screen). Gone when the pid is free or names another process, before or after.
   */
  read(withEnvironment = false, flagsFor: ReadonlySet<number> = new Set()): DetailRead {
    const t = this.ctx.now();
    try {
      const detail = this.readAll(t, withEnvironment, flagsFor);
      if (detail !== undefined && isSameProcess(this.ctx.readBuffer, this.ctx.procRoot, this.pid, this.startTime)) {
        return { gone: false, detail };
      }
    } catch (err) {
      if (!isGoneError(err)) throw err;
    }
    return { gone: true, reason: `process ${this.pid} has exited` + (this.reused() ? ' (its pid now names another process)' : '') };
  }

  private reused(): boolean {
    try {
      readTextSync(this.ctx.readBuffer, join(this.ctx.procRoot, String(this.pid), 'stat'));
      return true;
    } catch {
      return false;
    }
  }

  private readAll(t: number, withEnvironment: boolean, flagsFor: ReadonlySet<number>): ProcDetail | undefined {
    const { procRoot, readBuffer: buffer } = this.ctx;
    const dir = join(procRoot, String(this.pid));
    const statText = readTextSync(buffer, join(dir, 'stat'));
    const stat = parseStat(statText);
    if (stat === undefined || stat.startTime !== this.startTime) return undefined;
    const gap = this.prev === undefined ? undefined : (t - this.prev.t) / 1000 || undefined;
    const prev = this.prev;
    const opts: SectionOptions = {
      alive: () => isSameProcess(buffer, procRoot, this.pid, this.startTime),
      aliveNote: stat.kernelThread ? 'a kernel thread has no user address space' : undefined,
    };

    const overview = readSection(
      '/proc/PID/{stat,status,cmdline,exe,cwd,cgroup,ns,task/*/children}',
      () => readOverview(this.ctx, this.pid, stat, statText, this.names),
      opts,
    );
    let samples: ThreadSample[] = [];
    const threads = readSection(
      '/proc/PID/task/*/{stat,schedstat}',
      () => {
        samples = readThreadSamples(buffer, procRoot, this.pid);
        return threadRows(prev?.threads, samples, gap, this.ctx.host.clockTicks);
      },
      opts,
    );
    let socketMap = new Map<number, number>();
    const files = readSection(
      '/proc/PID/fd, /proc/PID/fdinfo',
      () => {
        const read = readFiles(buffer, procRoot, this.pid, this.fdinfoLimit, flagsFor);
        socketMap = read.sockets;
        return read.info;
      },
      opts,
    );
    const network: Section<ReturnType<typeof readSockets>> =
      files.unavailable !== undefined
        ? { source: '/proc/PID/fd + /proc/PID/net/{tcp,tcp6,udp,udp6}', unavailable: files.unavailable }
        : readSection('/proc/PID/fd + /proc/PID/net/{tcp,tcp6,udp,udp6}', () => readSockets(buffer, procRoot, this.pid, socketMap), opts);
    const memory = readSection('/proc/PID/{status,smaps_rollup,smaps,limits}', () => readMemory(buffer, procRoot, this.pid), opts);
    const ioCounters = readSection('/proc/PID/io', () => parseIoCounters(readTextSync(buffer, join(dir, 'io'))), opts);
    const io: Section<IoInfo> = { ...ioCounters, value: ioCounters.value && ioInfo(prev?.io, ioCounters.value, gap) };
    const statusText = readTextSync(buffer, join(dir, 'status'));
    const status = parseStatus(statusText);
    const schedstat = readSection('/proc/PID/{schedstat,status,stat}', () => parseSchedstat(readTextSync(buffer, join(dir, 'schedstat'))), opts);
    const sched = parseStatSched(statText);
    const scheduling: Section<SchedInfo> = {
      source: schedstat.source,
      value: {
        policy: sched && schedPolicyName(sched.policy),
        rtPriority: sched?.rtPriority,
        nice: stat.nice,
        runNs: schedstat.value?.runNs,
        waitNs: schedstat.value?.waitNs,
        timeslices: schedstat.value?.timeslices,
        runqueueWaitMsPerSec: msPerSec(counterRate(prev?.waitNs, schedstat.value?.waitNs, gap)),
        voluntaryCtxtSwitches: status.voluntaryCtxtSwitches,
        nonvoluntaryCtxtSwitches: status.nonvoluntaryCtxtSwitches,
        voluntaryPerSec: counterRate(prev?.voluntary, status.voluntaryCtxtSwitches, gap),
        nonvoluntaryPerSec: counterRate(prev?.nonvoluntary, status.nonvoluntaryCtxtSwitches, gap),
      },
    };
    let environment: ProcDetail['environment'];
    if (withEnvironment) {
      const refusal = environmentRefusal(this.viewerUid, status.uid?.real);
      environment =
        refusal === undefined
          ? readSection('/proc/PID/environ', () => readEnvironment(buffer, procRoot, this.pid), opts)
          : { source: '/proc/PID/environ', unavailable: refusal };
    }
    this.prev = {
      t,
      threads: new Map(samples.map((s) => [s.tid, s])),
      io: ioCounters.value,
      waitNs: schedstat.value?.waitNs,
      voluntary: status.voluntaryCtxtSwitches,
      nonvoluntary: status.nonvoluntaryCtxtSwitches,
    };
    return {
      pid: this.pid,
      startTime: this.startTime,
      t,
      readMs: this.ctx.now() - t,
      overview,
      threads,
      files,
      network,
      memory,
      io,
      scheduling,
      environment,
    };
  }
}

function msPerSec(nsPerSec: number | undefined): number | undefined {
  return nsPerSec === undefined ? undefined : nsPerSec / 1e6;
}

function ioInfo(prev: IoCounters | undefined, cur: IoCounters, gap: number | undefined): IoInfo {
  return {
    counters: cur,
    readBytesPerSec: counterRate(prev?.readBytes, cur.readBytes, gap),
    writeBytesPerSec: counterRate(prev?.writeBytes, cur.writeBytes, gap),
    rcharPerSec: counterRate(prev?.rchar, cur.rchar, gap),
    wcharPerSec: counterRate(prev?.wchar, cur.wchar, gap),
    syscrPerSec: counterRate(prev?.syscr, cur.syscr, gap),
    syscwPerSec: counterRate(prev?.syscw, cur.syscw, gap),
  };
}
