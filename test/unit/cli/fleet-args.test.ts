/** `smoothtask fleet`'s flags: what it needs, what it refuses, and that they go with it only. */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../src/cli/args.js';

describe('fleet arguments', () => {
  it('reads the URL, credentials, rate window and interval', () => {
    const o = parseArgs(['fleet', '--prometheus', 'http://prom:9090', '--basic-auth-file=/etc/st/auth', '--rate-window', '2m', '--interval', '10s'], {});
    expect(o).toMatchObject({
      command: 'fleet',
      intervalMs: 10_000,
      fleet: { prometheus: 'http://prom:9090', basicAuthFile: '/etc/st/auth', rateWindow: '2m' },
    });
  });

  it('needs --prometheus as an http(s) URL', () => {
    expect(() => parseArgs(['fleet'], {})).toThrow(/needs --prometheus/);
    expect(() => parseArgs(['fleet', '--prometheus', 'prom:9090'], {})).toThrow(/http:\/\//);
    expect(parseArgs(['fleet', '--help'], {}).help).toBe(true);
  });

  it('takes one kind of credentials, a PromQL duration, and no --json', () => {
    const base = ['fleet', '--prometheus', 'https://prom'];
    expect(() => parseArgs([...base, '--bearer-token-file', 'a', '--basic-auth-file', 'b'], {})).toThrow(/one or the other/);
    expect(() => parseArgs([...base, '--rate-window', '1 minute'], {})).toThrow(UsageError);
    expect(() => parseArgs([...base, '--json'], {})).toThrow(/not `fleet`/);
  });

  it('refuses its flags with another command', () => {
    expect(() => parseArgs(['top', '--prometheus', 'http://prom'], {})).toThrow(/--prometheus goes with `fleet`/);
    expect(() => parseArgs(['--bearer-token-file', 'x'], {})).toThrow(/--bearer-token-file goes with `fleet`/);
  });
});
