/**
 * The history settings: the [history] config section (defaults, "off", errors naming file, line
 * and key), the flags (--db, --retain, --max-size, report's), flags over the file, the default
 * database path for root and for a user, and the size parser.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../src/cli/args.js';
import { resolveSettings } from '../../../src/cli/settings.js';
import { ConfigError, parseConfig } from '../../../src/config/load.js';
import { parseSize } from '../../../src/config/size.js';
import { defaultDbPath } from '../../../src/history/paths.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { HOME: '/home/ann', PATH: '/usr/bin' } as NodeJS.ProcessEnv;

describe('[history] config', () => {
  it('has defaults, takes durations, sizes and "off", and names the key of a bad value', () => {
    expect(parseConfig('', 'c.toml', env).history).toEqual({
      record: false,
      retainMs: 14 * 86_400_000,
      maxBytes: 2 * 1024 ** 3,
      downsampleAfterMs: 2 * 86_400_000,
      downsampleStepMs: 60_000,
    });
    const h = parseConfig('[history]\ndb = "~/h.db"\nrecord = true\nretain = "1w"\nmax_size = "500MiB"\ndownsample_after = "off"\n', 'c.toml', env).history;
    expect(h).toMatchObject({ db: '/home/ann/h.db', record: true, retainMs: 604_800_000, maxBytes: 500 * 1024 ** 2, downsampleAfterMs: undefined });
    expect(() => parseConfig('[history]\nmax_size = "lots"\n', 'c.toml', env)).toThrow(ConfigError);
    expect(() => parseConfig('[history]\nmax_size = "lots"\n', 'c.toml', env)).toThrow(/c\.toml:2: history\.max_size: expected a size string/);
    expect(() => parseConfig('[history]\nretian = "1d"\n', 'c.toml', env)).toThrow(/history\.retian: expected one of the keys/);
  });

  it('parses sizes', () => {
    expect(parseSize('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseSize('1.5G')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('10MB')).toBe(10_000_000);
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize('2 parsecs')).toBeUndefined();
    expect(parseSize('0')).toBeUndefined();
  });
});

describe('history flags', () => {
  it('parses agent, record, report and their flags; rejects bad values with exit-2 usage errors', () => {
    expect(parseArgs(['record'], env).command).toBe('agent');
    const r = parseArgs(['report', '--db', '/x.db', '--since', '24h', '--until', 'now', '--by', 'user', '--format', 'csv', '--top', '5'], env);
    expect(r.command).toBe('report');
    expect(r.history).toMatchObject({ db: '/x.db', since: '24h', until: 'now', by: 'user', format: 'csv', top: 5 });
    expect(parseArgs(['agent', '--retain', '14d', '--max-size', 'off'], env).history).toMatchObject({ retainMs: 14 * 86_400_000, maxBytes: 'off' });
    expect(parseArgs(['top', '--record'], env).history.record).toBe(true);
    expect(() => parseArgs(['report', '--by', 'planet'], env)).toThrow(UsageError);
    expect(() => parseArgs(['report', '--top', '0'], env)).toThrow(/--top/);
    expect(() => parseArgs(['agent', '--retain', 'forever'], env)).toThrow(/--retain/);
    expect(() => parseArgs(['agent', '--record'], env)).toThrow(/--record goes with `top`/);
  });

  it('puts the flags over the file, and the default path by user', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-settings-'));
    const config = join(dir, 'c.toml');
    writeFileSync(config, '[history]\ndb = "/srv/h.db"\nretain = "3d"\n');
    const s = resolveSettings(parseArgs(['agent', '--config', config, '--retain', 'off'], env), env);
    expect(s.recording).toMatchObject({ path: '/srv/h.db', createDir: false, policy: { retainMs: undefined, maxBytes: 2 * 1024 ** 3 } });
    expect(defaultDbPath(env, 0)).toBe('/var/lib/smoothtask/history.db');
    expect(defaultDbPath(env, 1000)).toBe('/home/ann/.local/state/smoothtask/history.db');
    expect(defaultDbPath({ ...env, XDG_STATE_HOME: '/st' }, 1000)).toBe('/st/smoothtask/history.db');
  });
});
