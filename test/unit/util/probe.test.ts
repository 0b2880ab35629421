/** src/util/probe.ts: what a backend's probe says, on the real /proc and on folders made here. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeOpenable, probeReadable } from '../../../src/util/probe.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

const dir = mkdtempSync(join(tmpdir(), 'smoothtask-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('probeOpenable', () => {
  it('finds /proc/net/tcp without reading it', () => {
    expect(probeOpenable('/proc/net/tcp', 'no table')).toEqual({ available: true, reason: 'reads /proc/net/tcp' });
  });

  it('says why a missing file is not there, with the remedy given', () => {
    const probe = probeOpenable(join(dir, 'net', 'tcp'), 'no /proc/net/tcp (kernel without IPv4?)', 'mount proc');
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/^no \/proc\/net\/tcp \(kernel without IPv4\?\) \(ENOENT: /);
    expect(probe.remedy).toBe('mount proc');
  });

  it('says the same as probeReadable where both can tell', () => {
    const file = join(dir, 'table');
    writeFileSync(file, 'sl local_address\n');
    const buffer = new ReadBuffer();
    expect(probeOpenable(file, 'x')).toEqual(probeReadable(buffer, file, 'x'));
    expect(probeOpenable(join(dir, 'gone'), 'x')).toEqual(probeReadable(buffer, join(dir, 'gone'), 'x'));
  });
});
