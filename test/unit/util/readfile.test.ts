import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import {
  fdBudget,
  KeptRecordFiles,
  parseMaxOpenFiles,
  ReadBuffer,
  readBytesSync,
  readSeqTableSync,
  readSingleRecordSync,
  readTextSync,
  tryReadTextSync,
} from '../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const dir = mkdtempSync(join(tmpdir(), 'st-readfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readBytesSync', () => {
  it('reads a small /proc file whole', () => {
    expect(readTextSync(buffer, '/proc/self/stat')).toMatch(/^\d+ \(.*\) [A-Za-z] /);
  });

  it('grows past the initial 64 KiB buffer for a larger file', () => {
    const path = join(dir, 'big');
    writeFileSync(path, Buffer.alloc(1024 * 1024, 0x41));
    expect(readBytesSync(buffer, path).length).toBe(1024 * 1024);
  });

  it('honours maxBytes even after an earlier read grew the shared buffer', () => {
    const path = join(dir, 'big2');
    writeFileSync(path, Buffer.alloc(2 * 1024 * 1024, 0x42));
    expect(readBytesSync(buffer, path).length).toBe(2 * 1024 * 1024);
    expect(readBytesSync(buffer, path, 1000).length).toBe(1000);
    expect(readBytesSync(buffer, path, 65 * 1024 + 1).length).toBe(65 * 1024 + 1);
  });

  it('throws ENOENT for a missing file; tryReadTextSync gives undefined', () => {
    expect(() => readBytesSync(buffer, join(dir, 'nope'))).toThrow(/ENOENT/);
    expect(tryReadTextSync(buffer, join(dir, 'nope'))).toBeUndefined();
  });
});

describe('readSeqTableSync', () => {
  const pageSize = 4096;
  const tcpTable = () => readSeqTableSync(buffer, '/proc/net/tcp', pageSize, 512).toString('utf8');

  // Other test files open and close sockets meanwhile, so two reads of a live table may differ:
  // these check the sockets this test holds, and that the table ends on a whole line.
  const wholeTable = (text: string) => {
    expect(text.startsWith('  sl  local_address')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.trimEnd().split('\n').slice(1)) expect(line).toMatch(/^\s*\d+: [0-9A-F]{8}:[0-9A-F]{4} /);
  };

  it('reads a table of several pages to its end, every socket in it', async () => {
    wholeTable(tcpTable());
    // 80 listening sockets: 80 lines of 150 bytes, a table no single read returns
    const servers: Server[] = [];
    try {
      for (let i = 0; i < 80; i++) {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        servers.push(server);
      }
      const text = tcpTable();
      expect(text.length).toBeGreaterThan(80 * 150);
      wholeTable(text);
      for (const server of servers)
        expect(text).toContain(`0100007F:${(server.address() as { port: number }).port.toString(16).toUpperCase().padStart(4, '0')}`);
    } finally {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });

  it('reads plain files of every size around a page whole, and throws as readBytesSync does', () => {
    for (const size of [0, 100, pageSize - 513, pageSize - 512, pageSize, pageSize + 1, 200_000]) {
      const path = join(dir, `table-${size}`);
      writeFileSync(path, Buffer.alloc(size, 0x43));
      expect(readSeqTableSync(buffer, path, pageSize, 512).length, `size ${size}`).toBe(size);
    }
    expect(readSeqTableSync(buffer, join(dir, 'table-200000'), pageSize, 512, 5000).length).toBe(5000);
    expect(() => readSeqTableSync(buffer, join(dir, 'nope'), pageSize, 512)).toThrow(/ENOENT/);
  });
});

describe('readSingleRecordSync', () => {
  const files = ['stat', 'statm', 'io', 'schedstat', 'status'];

  it('reads the single-record /proc/PID files of live processes exactly as the looping read does', () => {
    const pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
    let compared = 0;
    let moving = 0;
    for (const pid of pids) {
      for (const file of files) {
        const path = `/proc/${pid}/${file}`;
        let same = false;
        let lines = true;
        // A running process's counters can move between the two reads: up to three pairs.
        for (let i = 0; i < 3 && !same; i++) {
          let single: string;
          let looped: string;
          try {
            single = readSingleRecordSync(buffer, path).toString('utf8');
            looped = readBytesSync(buffer, path).toString('utf8');
          } catch {
            // Gone, or denied (io of another user's process): the looping read fails the same way.
            expect(() => readBytesSync(buffer, path)).toThrow();
            same = true;
            break;
          }
          same = single === looped;
          lines = single.split('\n').length === looped.split('\n').length;
        }
        expect(lines, path).toBe(true);
        if (same) compared++;
        else moving++;
      }
    }
    expect(moving).toBeLessThan(10);
    expect(compared).toBeGreaterThan(pids.length * 3);
  });

  it('goes on reading when the record does not fit in one read, and honours maxBytes', () => {
    const path = join(dir, 'big3');
    writeFileSync(path, Buffer.alloc(300 * 1024, 0x43));
    expect(readSingleRecordSync(buffer, path).length).toBe(300 * 1024);
    expect(readSingleRecordSync(buffer, path, 1000).length).toBe(1000);
    expect(readSingleRecordSync(buffer, '/proc/self/status', 10).toString()).toBe(readBytesSync(buffer, '/proc/self/status', 10).toString());
  });

  it('throws ENOENT for a missing file', () => {
    expect(() => readSingleRecordSync(buffer, join(dir, 'nope'))).toThrow(/ENOENT/);
  });
});

describe('KeptRecordFiles', () => {
  const openFds = () => readdirSync('/proc/self/fd').length;

  it('reads a kept /proc file afresh each time, and a file changed in place', () => {
    const files = new KeptRecordFiles(buffer, 10);
    const utime = () => Number(files.read('/proc/self/stat').toString().split(') ')[1].split(' ')[11]);
    const before = utime();
    const end = Date.now() + 150;
    while (Date.now() < end); // burn CPU so utime moves
    expect(utime()).toBeGreaterThan(before);
    expect(files.size).toBe(1);
    const path = join(dir, 'kept');
    writeFileSync(path, 'one');
    expect(files.read(path).toString()).toBe('one');
    writeFileSync(path, 'two!');
    expect(files.read(path).toString()).toBe('two!');
    files.closeAll();
    expect(files.size).toBe(0);
  });

  it('never reads another process: a kept file of an ended process is gone, and reopened when the pid lives', async () => {
    const child = spawn('sleep', ['30']);
    await new Promise((resolve) => child.once('spawn', resolve));
    const files = new KeptRecordFiles(buffer, 10);
    const path = `/proc/${child.pid}/stat`;
    expect(files.read(path).toString().startsWith(`${child.pid} (`)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(() => files.read(path)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(files.size).toBe(0);
  });

  it('keeps at most max files open and closes those a pass did not read', () => {
    const fdsBefore = openFds();
    const files = new KeptRecordFiles(buffer, 1);
    files.read('/proc/self/stat');
    files.read('/proc/self/statm');
    expect(files.size).toBe(1);
    expect(openFds()).toBe(fdsBefore + 1);
    files.endPass();
    expect(files.size).toBe(1);
    files.endPass(); // nothing read in this pass
    expect(files.size).toBe(0);
    expect(openFds()).toBe(fdsBefore);
  });
});

describe('fdBudget', () => {
  const limits = join(import.meta.dirname, '..', '..', 'fixtures', 'debian12-2cpu-vm', 'limits');

  it('reads the soft open-files limit (recorded on the development VM)', () => {
    expect(parseMaxOpenFiles(readFileSync(limits, 'utf8'))).toBe(20000);
    expect(parseMaxOpenFiles('Max open files            unlimited            unlimited            files     \n')).toBeUndefined();
    expect(parseMaxOpenFiles('')).toBeUndefined();
  });

  it('allows a quarter of the limit, at most the cap, and the cap when the limit is unknown', () => {
    expect(fdBudget(16384, limits)).toBe(5000);
    expect(fdBudget(1000, limits)).toBe(1000);
    expect(fdBudget(1000, join(dir, 'no-such-limits'))).toBe(1000);
  });
});
