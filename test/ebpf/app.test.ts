/**
 * SmoothTask itself on the eBPF path: as root the processes and connections panels are fed by
 * eBPF; without privilege it runs on /proc and doctor says EPERM and the remedy; and whatever way
 * it ends (quit, SIGTERM, SIGKILL) no program it loaded stays loaded and its stats fd is gone.
 * Needs the built app (dist/bundle/start.cjs and the bundle), like the other end-to-end tests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appBuilt, smoothtaskBin, TmuxSession } from '../e2e/tmux.js';
import { runAsNobody } from '../helpers/nobody.js';
import { bpfProgIdsOf, bpfStatsHolders, skipReason, sleep } from './helpers.js';

const reason = skipReason ?? (appBuilt ? undefined : 'the app is not built (dist/bundle/start.cjs and smoothtask.script.js)');

interface Doctor {
  collectors: { name: string; backend: string | null; backends: { id: string; available: boolean; reason?: string; remedy?: string }[] }[];
}

function loadedIds(): Set<number> {
  const progs = JSON.parse(execFileSync('bpftool', ['prog', 'show', '-j'], { encoding: 'utf8' })) as { id: number }[];
  return new Set(progs.map((p) => p.id));
}

describe.skipIf(reason !== undefined)(`SmoothTask on eBPF (${reason ?? 'root, app built'})`, () => {
  let session: TmuxSession | undefined;
  let dir: string | undefined;
  afterEach(() => {
    session?.kill();
    session = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('as root, doctor shows processes and connections on eBPF', () => {
    const doctor = JSON.parse(execFileSync(smoothtaskBin, ['doctor', '--json'], { encoding: 'utf8' })) as Doctor;
    const by = (name: string) => doctor.collectors.find((c) => c.name === name)!;
    expect(by('processes').backend).toBe('ebpf');
    expect(by('connections').backend).toBe('ebpf');
  });

  it('without privilege, runs on /proc and doctor reports EPERM and the remedy', () => {
    // HOME: root's config folder is not readable by uid 65534; an empty one it can read is.
    dir = mkdtempSync(join(tmpdir(), 'st-ebpf-'));
    chmodSync(dir, 0o755);
    const out = runAsNobody([smoothtaskBin, 'doctor', '--json'], { env: { ...process.env, HOME: dir } });
    const processes = (JSON.parse(out) as Doctor).collectors.find((c) => c.name === 'processes')!;
    expect(processes.backend).toBe('proc');
    expect(processes.backends.find((b) => b.id === 'ebpf')).toEqual({
      id: 'ebpf',
      available: false,
      reason: 'bpf(BPF_PROG_LOAD): EPERM — not root (eBPF needs CAP_BPF and CAP_PERFMON)',
      remedy: 'run as root, or grant CAP_BPF and CAP_PERFMON',
    });
  });

  it('top draws its first frame from /proc, then loads the programs and reads processes on eBPF', async () => {
    session = TmuxSession.start([smoothtaskBin, 'top'], { cols: 200, rows: 50 });
    // Whichever frame the poll catches first, the header names the backend each panel had.
    const first = await session.waitFor(/proc:(proc|ebpf)/);
    expect(first).toMatch(/cpu:proc/);
    // Then rows with the run-queue percentiles only eBPF measures, and CPU rates again: the
    // sampler makes none across the switch, and the pass taken at once gives the next its start.
    const later = await session.waitFor((screen) => /proc:ebpf/.test(screen) && / [RSDI] +\d+\.\d +\d+\.\d .* \d+us +\d/.test(screen), 10_000);
    expect(later).toMatch(/RQ-P50/);
  });

  for (const ending of ['q', 'SIGTERM', 'SIGKILL'] as const) {
    it(`leaves nothing loaded after ${ending === 'q' ? 'quitting' : ending}`, async () => {
      dir = mkdtempSync(join(tmpdir(), 'st-ebpf-'));
      const pidFile = join(dir, 'pid');
      // exec all the way down (bash → bin/smoothtask → node): the pid written is the app's.
      session = TmuxSession.start(['bash', '-c', `echo $$ > ${pidFile}; exec ${smoothtaskBin} top`], { cols: 160, rows: 50 });
      let pid = 0;
      let ids: number[] = [];
      // Programs load first; the BPF stats fd is taken a moment later, so wait for both.
      for (let i = 0; i < 150 && (ids.length < 12 || !bpfStatsHolders().includes(pid)); i++) {
        await sleep(100);
        if (!pid && existsSync(pidFile)) pid = Number(readFileSync(pidFile, 'utf8').trim());
        if (pid) ids = bpfProgIdsOf(pid);
      }
      expect(ids.length).toBeGreaterThanOrEqual(12);
      expect(bpfStatsHolders()).toContain(pid);
      if (ending === 'q') session.sendKeys('q');
      else process.kill(pid, ending);
      for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await sleep(50);
      expect(existsSync(`/proc/${pid}`)).toBe(false);
      for (let i = 0; i < 40 && ids.some((id) => loadedIds().has(id)); i++) await sleep(50);
      expect(ids.filter((id) => loadedIds().has(id))).toEqual([]);
      expect(bpfStatsHolders()).not.toContain(pid);
    });
  }
});
