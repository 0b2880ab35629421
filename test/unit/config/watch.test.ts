/** Hot reload on a real directory: a valid change is applied, an invalid one is reported and changes nothing. */
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type ConfigError } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { watchConfig, type ConfigWatcher } from '../../../src/config/watch.js';

const env = { HOME: '/nonexistent' } as NodeJS.ProcessEnv;

function until<T>(get: () => T | undefined, ms = 5000): Promise<T> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = get();
      if (v !== undefined) resolve(v);
      else if (Date.now() - start > ms) reject(new Error('timed out waiting'));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

describe('watchConfig', () => {
  let watcher: ConfigWatcher | undefined;
  afterEach(() => watcher?.close());

  it('reloads a valid change, including one saved by rename; reports an invalid one with file:line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-watch-'));
    const path = join(dir, 'config.toml');
    writeFileSync(path, '[general]\ninterval_ms = 1000\n');
    let inForce: Config = loadConfig({ path, env }).config;
    const changes: Config[] = [];
    const errors: ConfigError[] = [];
    watcher = watchConfig(
      path,
      (c) => {
        inForce = c;
        changes.push(c);
      },
      (e) => errors.push(e),
      { env, debounceMs: 50 },
    );

    writeFileSync(path, '[general]\ninterval_ms = 2000\n');
    await until(() => changes.find((c) => c.general.intervalMs === 2000));
    expect(inForce.general.intervalMs).toBe(2000);

    // An editor's save: write a temporary file, rename it over the config.
    writeFileSync(join(dir, '.config.toml.swp'), '[general]\ninterval_ms = 3000\n');
    renameSync(join(dir, '.config.toml.swp'), path);
    await until(() => changes.find((c) => c.general.intervalMs === 3000));

    const before = changes.length;
    writeFileSync(path, '[general]\n\ninterval_ms = "slow"\n');
    const err = await until(() => errors[0]);
    expect(err.message).toBe(`${path}:3: general.interval_ms: expected an integer ≥ 100 ≤ 3600000, got the string "slow"`);
    expect(changes.length).toBe(before);
    expect(inForce.general.intervalMs).toBe(3000);

    // Fixed again: applied.
    writeFileSync(path, '[general]\ninterval_ms = 4000\n');
    await until(() => changes.find((c) => c.general.intervalMs === 4000));
    expect(inForce.general.intervalMs).toBe(4000);
  });

  it('a burst of writes reloads once after the debounce', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-watch-'));
    const path = join(dir, 'config.toml');
    writeFileSync(path, '');
    const changes: Config[] = [];
    watcher = watchConfig(
      path,
      (c) => changes.push(c),
      () => undefined,
      { env, debounceMs: 150 },
    );
    for (let i = 1; i <= 5; i++) writeFileSync(path, `[general]\ninterval_ms = ${i * 1000}\n`);
    await until(() => changes[0]);
    await new Promise((r) => setTimeout(r, 300));
    expect(changes.map((c) => c.general.intervalMs)).toEqual([5000]);
  });
});
