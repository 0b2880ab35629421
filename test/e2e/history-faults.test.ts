/**
 * The history database under faults, with the agent from the bundle: kill -9 at random moments
 * twenty times (each time integrity_check passes, the samples written before are intact, and the
 * next run appends); a second agent on the same database (exit 2 naming the holder's pid); files
 * it must not write (truncated, a newer schema, not SmoothTask's, not SQLite, a missing folder, a
 * read-only file system): exit 2 naming the file, the file unchanged; a full disk on a small tmpfs
 * the test mounts: samples dropped and counted, the agent alive, `doctor` naming the stall,
 * writing resumed when space returns.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { RecordingHealth } from '../../src/history/inspect.js';
import { SCHEMA_VERSION } from '../../src/history/schema.js';
import { agentEnv, historyDir, integrity, sampleCount, sampleTimes, startAgent, until, type RunningAgent } from './agent-helpers.js';
import { appBuilt, smoothtaskBin } from './tmux.js';

const isRoot = process.getuid?.() === 0;

function agentOnce(db: string, env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  const r = spawnSync(smoothtaskBin, ['agent', '--db', db], { encoding: 'utf8', env, timeout: 20_000 });
  return { status: r.status, stderr: r.stderr };
}

/** A short recording to damage. */
async function recorded(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const db = join(dir, 'good.db');
  const agent = startAgent(db, ['--interval', '200ms'], env);
  await until(() => sampleCount(db) >= 3, 20_000, 'samples');
  agent.child.kill('SIGTERM');
  expect(await agent.exited).toBe(0);
  return db;
}

/**
 * `doctor --json`'s view of the recording once its state line matches `pattern`, asked again until
 * it does (at most 30 s): on a loaded machine doctor's own start takes seconds, and the line depends
 * on how old the newest sample is when it reads it.
 */
async function doctorSays(db: string, env: NodeJS.ProcessEnv, pattern: RegExp): Promise<RecordingHealth> {
  const end = Date.now() + 30_000;
  for (;;) {
    const health = (JSON.parse(spawnSync(smoothtaskBin, ['doctor', '--json', '--db', db], { encoding: 'utf8', env }).stdout) as { history: RecordingHealth })
      .history;
    if (pattern.test(health.state) || Date.now() > end) return health;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!appBuilt)('history faults', () => {
  it('survives kill -9 at random moments, twenty times, and appends after each', { timeout: 240_000 }, async () => {
    const dir = historyDir();
    const db = join(dir, 'history.db');
    const env = agentEnv(dir);
    let before: { id: number; t: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const agent = startAgent(db, ['--interval', '200ms'], env);
      await until(() => sampleCount(db) > before.length, 20_000, `run ${i}'s first sample`);
      await new Promise((r) => setTimeout(r, Math.random() * 1000));
      agent.child.kill('SIGKILL');
      await agent.exited;
      expect(integrity(db)).toBe('ok');
      const now = sampleTimes(db);
      expect(now.slice(0, before.length)).toEqual(before);
      expect(now.length).toBeGreaterThan(before.length);
      before = now;
    }
    // The stale lock of the last kill does not stop the next writer.
    const agent = startAgent(db, ['--interval', '200ms'], env);
    await until(() => sampleCount(db) > before.length, 20_000, 'a sample after the last kill');
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });

  it('refuses a second writer with the pid of the first, exit 2', { timeout: 60_000 }, async () => {
    const dir = historyDir();
    const db = join(dir, 'history.db');
    const env = agentEnv(dir);
    const first = startAgent(db, ['--interval', '200ms'], env);
    await until(() => sampleCount(db) >= 1, 20_000, 'the first agent');
    const second = agentOnce(db, env);
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(`${db}: is being recorded by another SmoothTask (pid ${first.child.pid}`);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('refuses, without writing, a truncated file, a newer schema, another database, a non-database and a missing folder', { timeout: 90_000 }, async () => {
    const dir = historyDir();
    const env = agentEnv(dir);
    const good = await recorded(dir, env);
    const cases: { name: string; make: (path: string) => void; message: RegExp }[] = [
      {
        name: 'truncated.db',
        make: (p) => {
          copyFileSync(good, p);
          truncateSync(p, Math.floor(statSync(p).size / 2));
        },
        message: /corrupt/,
      },
      {
        name: 'future.db',
        make: (p) => {
          copyFileSync(good, p);
          const conn = new DatabaseSync(p);
          conn.exec('PRAGMA user_version = 99');
          conn.close();
        },
        message: new RegExp(`newer SmoothTask \\(history schema 99; this one reads up to ${SCHEMA_VERSION}\\)`),
      },
      {
        name: 'other.db',
        make: (p) => {
          const conn = new DatabaseSync(p);
          conn.exec('CREATE TABLE accounts(id INTEGER)');
          conn.close();
        },
        message: /not a SmoothTask history database/,
      },
      {
        name: 'notes.db',
        make: (p) => writeFileSync(p, 'these are my notes, not a database\n'.repeat(200)),
        message: /not a SmoothTask history database, or a corrupt one/,
      },
    ];
    for (const c of cases) {
      const path = join(dir, c.name);
      c.make(path);
      const bytes = readFileSync(path);
      const agent = agentOnce(path, env);
      expect(agent.status, c.name).toBe(2);
      expect(agent.stderr, c.name).toContain(path);
      expect(agent.stderr, c.name).toMatch(c.message);
      expect(readFileSync(path).equals(bytes), `${c.name} unchanged`).toBe(true);
      const report = spawnSync(smoothtaskBin, ['report', '--db', path], { encoding: 'utf8', env });
      expect(report.status, `report on ${c.name}`).toBe(2);
      expect(report.stderr).toContain(path);
    }
    const missing = agentOnce(join(dir, 'no', 'such', 'folder', 'h.db'), env);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/folder is missing or not writable \(ENOENT\)/);
  });

  it.skipIf(!isRoot)('on a full disk keeps running, drops and counts samples, and resumes when space returns', { timeout: 90_000 }, async () => {
    const dir = historyDir();
    const mnt = join(dir, 'small');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt]);
    let agent: RunningAgent | undefined;
    try {
      const db = join(mnt, 'history.db');
      const env = agentEnv(dir);
      agent = startAgent(db, ['--interval', '200ms'], env);
      await until(() => sampleCount(db) >= 3, 20_000, 'samples before the disk fills');
      // Fill what is left; dd stops at ENOSPC.
      spawnSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=64k'], { stdio: 'ignore' });
      const full = sampleCount(db);
      await new Promise((r) => setTimeout(r, 3000));
      expect(agent.child.exitCode).toBeNull();
      // doctor, from the outside, sees the writer alive and silent; and recording again once space returns.
      const stalled = await doctorSays(db, env, /^STALLED/);
      expect(stalled).toMatchObject({ path: db, writerPid: agent.child.pid });
      expect(stalled.state).toMatch(/^STALLED: the writer \(pid \d+\) has written nothing for \d+ s/);
      rmSync(join(mnt, 'filler'));
      await until(() => sampleCount(db) > full + 2, 20_000, 'writes to resume');
      const resumed = await doctorSays(db, env, /^recording/);
      expect(resumed.state).toMatch(/^recording \(writer pid \d+\)/);
      agent.child.kill('SIGTERM');
      expect(await agent.exited).toBe(0);
      const m = /(\d+) samples written, (\d+) dropped/.exec(agent.stderr())!;
      expect(Number(m[2])).toBeGreaterThan(0);
      expect(integrity(db)).toBe('ok');
      const log = readFileSync(join(dir, 'state', 'smoothtask', 'smoothtask.log'), 'utf8');
      expect(log).toMatch(/history dropped/);
      expect(log).toMatch(/history resumed/);
    } finally {
      // A failed assertion must not leave the agent writing to a file system about to go.
      if (agent !== undefined && agent.child.exitCode === null) agent.child.kill('SIGKILL');
      execFileSync('umount', ['-l', mnt]);
    }
  });

  it.skipIf(!isRoot)('refuses a database on a read-only file system, exit 2, naming the file', { timeout: 30_000 }, () => {
    const dir = historyDir();
    const mnt = join(dir, 'ro');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', mnt]);
    try {
      const db = join(mnt, 'history.db');
      const agent = agentOnce(db, agentEnv(dir));
      expect(agent.status).toBe(2);
      expect(agent.stderr).toContain(db);
      expect(agent.stderr).toMatch(/not writable \(EROFS\)/);
    } finally {
      execFileSync('umount', ['-l', mnt]);
    }
  });
});
