/**
 * The endpoint's settings: listen addresses, node_exporter's web config file, basic auth against
 * bcrypt hashes, content negotiation, admission limits, and the [exporter] config keys.
 */
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { BasicAuth, parseBasicAuth } from '../../../src/exporter/auth.js';
import { Admission } from '../../../src/exporter/limits.js';
import { parseListenAddress } from '../../../src/exporter/listen.js';
import { acceptsGzip, negotiateFormat } from '../../../src/exporter/server.js';
import { parseWebConfig } from '../../../src/exporter/web-config.js';

const env = { HOME: '/home/u' } as NodeJS.ProcessEnv;

describe('parseListenAddress', () => {
  it('takes HOST:PORT, [IPV6]:PORT, PORT on loopback and :PORT on every interface', () => {
    expect(parseListenAddress('127.0.0.1:9310')).toEqual({ host: '127.0.0.1', port: 9310 });
    expect(parseListenAddress('[::1]:9310')).toEqual({ host: '::1', port: 9310 });
    expect(parseListenAddress('9310')).toEqual({ host: '127.0.0.1', port: 9310 });
    expect(parseListenAddress(':9310')).toEqual({ host: '0.0.0.0', port: 9310 });
    for (const bad of ['', 'host', '1.2.3.4:99999', '::1:80', 'a b:1']) expect(() => parseListenAddress(bad)).toThrow();
  });
});

describe('parseWebConfig', () => {
  const files: Record<string, string> = { '/etc/st/cert.pem': 'CERT', '/etc/st/key.pem': 'KEY', '/etc/st/ca.pem': 'CA' };
  const read = (p: string): Buffer => {
    if (files[p] === undefined) throw new Error('ENOENT');
    return Buffer.from(files[p]);
  };
  const hash = '$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG';

  it('reads TLS files relative to the config’s folder, and bcrypt users', () => {
    const web = parseWebConfig(
      `tls_server_config:\n  cert_file: cert.pem\n  key_file: /etc/st/key.pem\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.pem\n  min_version: TLS13\nbasic_auth_users:\n  prometheus: ${hash}\n`,
      '/etc/st',
      read,
    );
    expect(web.tls).toEqual({
      cert: Buffer.from('CERT'),
      key: Buffer.from('KEY'),
      clientCa: Buffer.from('CA'),
      requireClientCert: true,
      minVersion: 'TLSv1.3',
    });
    expect(web.basicAuthUsers?.get('prometheus')).toBe(hash);
  });

  it('refuses unknown keys, missing files, plain-text passwords and an empty file means no TLS or auth', () => {
    expect(() => parseWebConfig('tls_server_config:\n  cert_fle: x\n', '/etc/st', read)).toThrow(/unknown key 'cert_fle'/);
    expect(() => parseWebConfig('tls_server_config:\n  cert_file: nope.pem\n  key_file: key.pem\n', '/etc/st', read)).toThrow(
      /cannot read \/etc\/st\/nope.pem/,
    );
    expect(() => parseWebConfig('basic_auth_users:\n  a: secret\n', '/etc/st', read)).toThrow(/bcrypt hash/);
    expect(parseWebConfig('', '/etc/st', read)).toEqual({});
  });
});

describe('BasicAuth', () => {
  it('accepts the right password only, for a known user', async () => {
    const auth = new BasicAuth(new Map([['prom', bcrypt.hashSync('s3cret', 4)]]));
    const header = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
    expect(parseBasicAuth(header('prom', 'a:b'))).toEqual({ user: 'prom', password: 'a:b' });
    expect(await auth.check(parseBasicAuth(header('prom', 's3cret')))).toBe(true);
    // The second time from the cache of verified pairs.
    expect(await auth.check(parseBasicAuth(header('prom', 's3cret')))).toBe(true);
    expect(await auth.check(parseBasicAuth(header('prom', 'wrong')))).toBe(false);
    expect(await auth.check(parseBasicAuth(header('other', 's3cret')))).toBe(false);
    expect(await auth.check(parseBasicAuth('Bearer x'))).toBe(false);
  });
});

describe('negotiation', () => {
  it('serves OpenMetrics when asked and gzip unless refused', () => {
    expect(
      negotiateFormat('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'),
    ).toBe('openmetrics');
    expect(negotiateFormat('text/plain')).toBe('prometheus');
    expect(negotiateFormat(undefined)).toBe('prometheus');
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe('Admission', () => {
  it('bounds scrapes in flight and each client’s rate', () => {
    let t = 0;
    const a = new Admission({ maxConcurrent: 2, perClientPerSecond: 1, perClientBurst: 2 }, () => t);
    const r1 = a.enter()!;
    a.enter();
    expect(a.enter()).toBeUndefined();
    r1();
    r1();
    expect(a.enter()).toBeDefined();
    expect([a.allowClient('x'), a.allowClient('x'), a.allowClient('x'), a.allowClient('y')]).toEqual([true, true, false, true]);
    t = 1000;
    expect(a.allowClient('x')).toBe(true);
  });
});

describe('[exporter] config keys', () => {
  it('reads the endpoint and the groups, and refuses a bad address', () => {
    const c = parseConfig(
      '[exporter]\nlisten = "127.0.0.1:9310"\nweb_config = "~/web.yml"\ntop_processes = 5\n[[exporter.groups]]\nname = "web"\nselector = { name_regex = "^nginx" }\n',
      'c.toml',
      env,
    );
    expect(c.exporter).toMatchObject({ listen: '127.0.0.1:9310', webConfig: '/home/u/web.yml', topProcesses: 5, maxSeries: 10_000 });
    expect(c.exporter.groups[0].name).toBe('web');
    expect(c.exporter.groups[0].selector.nameRegex?.test('nginx')).toBe(true);
    expect(() => parseConfig('[exporter]\nlisten = "here"\n', 'c.toml', env)).toThrow(/exporter.listen/);
    expect(parseConfig('', 'c.toml', env).exporter).toEqual({ topProcesses: 20, maxSeries: 10_000, groups: [] });
  });
});
