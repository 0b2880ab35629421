import { describe, expect, it } from 'vitest';
import { parseArgs, parseInterval, UsageError } from '../../../src/cli/args.js';

describe('parseArgs', () => {
  it('defaults to top, leaving the interval to the config', () => {
    const o = parseArgs([], {});
    expect(o.command).toBe('top');
    expect(o.intervalMs).toBeUndefined();
    expect(o.noColor).toBe(false);
  });

  it('reads commands and flags', () => {
    const o = parseArgs(['snapshot', '--json', '--interval', '500ms', '--config=/tmp/x.toml', '--ascii'], {});
    expect(o).toMatchObject({ command: 'snapshot', json: true, intervalMs: 500, configPath: '/tmp/x.toml', ascii: true });
  });

  it('honours NO_COLOR', () => {
    expect(parseArgs([], { NO_COLOR: '1' }).noColor).toBe(true);
    expect(parseArgs([], { NO_COLOR: '' }).noColor).toBe(false);
  });

  it('rejects unknown flags, missing values and a second command', () => {
    expect(() => parseArgs(['--bogus'], {})).toThrow(UsageError);
    expect(() => parseArgs(['--interval'], {})).toThrow(/needs a value/);
    expect(() => parseArgs(['snapshot', 'doctor'], {})).toThrow(/one command/);
    expect(() => parseArgs(['--json'], {})).toThrow(/snapshot/);
  });
});

describe('--listen and --web-config', () => {
  it('go with top, and the address is checked at parse time', () => {
    expect(parseArgs(['top', '--listen', '127.0.0.1:9310', '--web-config', '/etc/web.yml'], {})).toMatchObject({
      listen: '127.0.0.1:9310',
      webConfig: '/etc/web.yml',
    });
    expect(parseArgs(['--listen=9310'], {}).listen).toBe('9310');
    expect(() => parseArgs(['snapshot', '--listen', '9310'], {})).toThrow(/go with `top`/);
    expect(() => parseArgs(['--listen', 'nohost:port'], {})).toThrow(/--listen: expected HOST:PORT/);
  });
});

describe('parseInterval', () => {
  it('accepts seconds and units', () => {
    expect(parseInterval('2')).toBe(2000);
    expect(parseInterval('0.5')).toBe(500);
    expect(parseInterval('250ms')).toBe(250);
    expect(parseInterval('3s')).toBe(3000);
  });

  it('rejects nonsense and out-of-range values', () => {
    expect(() => parseInterval('fast')).toThrow(UsageError);
    expect(() => parseInterval('10ms')).toThrow(/between/);
    expect(() => parseInterval('-1')).toThrow(UsageError);
  });
});
