import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBytesSync, readTextSync, tryReadTextSync } from '../../../src/util/readfile.js';

const dir = mkdtempSync(join(tmpdir(), 'st-readfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readBytesSync', () => {
  it('reads a small /proc file whole', () => {
    expect(readTextSync('/proc/self/stat')).toMatch(/^\d+ \(.*\) [A-Za-z] /);
  });

  it('grows past the initial 64 KiB buffer for a larger file', () => {
    const path = join(dir, 'big');
    writeFileSync(path, Buffer.alloc(1024 * 1024, 0x41));
    expect(readBytesSync(path).length).toBe(1024 * 1024);
  });

  it('honours maxBytes even after an earlier read grew the shared buffer', () => {
    const path = join(dir, 'big2');
    writeFileSync(path, Buffer.alloc(2 * 1024 * 1024, 0x42));
    expect(readBytesSync(path).length).toBe(2 * 1024 * 1024);
    expect(readBytesSync(path, 1000).length).toBe(1000);
    expect(readBytesSync(path, 65 * 1024 + 1).length).toBe(65 * 1024 + 1);
  });

  it('throws ENOENT for a missing file; tryReadTextSync gives undefined', () => {
    expect(() => readBytesSync(join(dir, 'nope'))).toThrow(/ENOENT/);
    expect(tryReadTextSync(join(dir, 'nope'))).toBeUndefined();
  });
});
