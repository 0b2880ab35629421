/**
 * The advisor on a real CPU saturation: stress-ng (Debian) with more workers than cores, and a
 * `yes` outside the allow-list. The runtime, as `top` and the agent run it, renices the allowed
 * stress-ng workers to 10 (read back from /proc) and leaves `yes` alone; `smoothtask advisor undo`
 * puts the workers back at nice 0.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { parseJournal } from '../../src/advisor/journal.js';
import { smoothtaskBin } from '../e2e/tmux.js';

const isRoot = process.getuid?.() === 0;
const hasStressNg = spawnSync('stress-ng', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'smoothtask-advisor-'));
const children: ChildProcess[] = [];
let runtime: Runtime | undefined;

afterAll(async () => {
  await runtime?.close();
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function statOf(pid: number): { comm: string; ppid: number; nice: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(') ') + 2).split(' ');
    return { comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), ppid: Number(fields[1]), nice: Number(fields[16]) };
  } catch {
    return undefined;
  }
}

/** The stress-ng workers (children of the stress-ng we started). */
function workers(parent: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => statOf(pid)?.ppid === parent && statOf(pid)?.comm.startsWith('stress-ng'));
}

async function until<T>(get: () => T | undefined, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!isRoot || !hasStressNg)('advisor on a saturated CPU (needs root and stress-ng)', () => {
  it('renices only what the allow-list permits, journals it, and advisor undo restores it', async () => {
    const journal = join(dir, 'advisor.jsonl');
    const config = join(dir, 'config.toml');
    writeFileSync(
      config,
      `[advisor]\nenabled = true\njournal = "${journal}"\n\n[[advisor.allow]]\naction = "renice"\nselector = { name_regex = "^stress-ng" }\nmax_per_hour = 20\n\n[log]\nfile = "${join(dir, 'log.jsonl')}"\n`,
    );
    const stress = spawn('stress-ng', ['--cpu', String(cpus().length * 2), '--timeout', '120'], { stdio: 'ignore' });
    const yes = spawn('sh', ['-c', 'exec yes > /dev/null'], { stdio: 'ignore' });
    children.push(stress, yes);
    runtime = await startRuntime({ intervalMs: 500, historyLength: 60, loaded: loadConfig({ path: config, env: process.env }) });
    runtime.monitor.start();

    // CPU pressure must hold above its threshold for the hysteresis' samples: a few seconds.
    const acted = await until(() => {
      const done = runtime!.store.getLatest()?.advisor?.actions.filter((a) => a.ok) ?? [];
      return done.length > 0 ? done : undefined;
    }, 40_000);
    expect(acted, JSON.stringify(runtime.store.getLatest()?.verdict?.limiting.map((f) => f.resource))).toBeDefined();
    for (const a of acted!) {
      expect(a.comm).toMatch(/^stress-ng/);
      expect(a.message).toMatch(/is now 10 \(read back from \/proc\)/);
      expect(statOf(a.pid)?.nice).toBe(10);
    }
    // yes was a hog too, but no entry allows it.
    expect(statOf(yes.pid!)?.nice).toBe(0);
    expect(runtime.store.getLatest()?.advisor?.actions.some((a) => a.pid === yes.pid)).toBe(false);
    await runtime.close();
    runtime = undefined;

    const entries = parseJournal(readFileSync(journal, 'utf8'));
    expect(entries.actions.map((e) => e.pid).sort()).toEqual(acted!.map((a) => a.pid).sort());
    expect(entries.actions.every((e) => e.before.nice === 0)).toBe(true);
    const reniced = workers(stress.pid!).filter((pid) => statOf(pid)?.nice === 10);
    expect(reniced.length).toBeGreaterThan(0);

    const undo = spawnSync(smoothtaskBin, ['advisor', 'undo', '--config', config], { encoding: 'utf8' });
    expect(undo.status, undo.stderr).toBe(0);
    expect(undo.stdout).toMatch(/undone: stress-ng/);
    for (const pid of reniced) expect(statOf(pid)?.nice).toBe(0);
    // A second undo finds nothing left.
    expect(spawnSync(smoothtaskBin, ['advisor', 'undo', '--config', config], { encoding: 'utf8' }).stdout).toMatch(/nothing to undo/);
  }, 90_000);
});
