import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostname as osHostname, availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostCollector, hostProcBackend, readHostFacts } from '../../../src/collectors/host/index.js';
import { AT_CLKTCK, AT_PAGESZ, auxvValue, parseBtime, parseCpuList, parseKernelPageSize, parseUptime } from '../../../src/collectors/host/parse.js';
import { EDGE, FIXTURES, RECORDED, RECORDED_HOST, contextAt, liveContext, timed } from './context.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

describe('host parsers', () => {
  it('reads btime from the recorded /proc/stat', () => {
    expect(parseBtime(readFileSync(`${RECORDED}/proc/stat`, 'utf8'))).toBe(1795431796);
    expect(parseBtime('cpu 1 2 3 4\nbtime x\n')).toBeUndefined();
  });

  it('reads /proc/uptime and rejects a truncated one', () => {
    expect(parseUptime('393.75 704.96\n')).toEqual({ uptimeSeconds: 393.75, idleSeconds: 704.96 });
    expect(parseUptime(readFileSync(`${EDGE}/proc/uptime`, 'utf8'))).toBeUndefined();
    expect(parseUptime('')).toBeUndefined();
  });

  it('expands kernel CPU lists and refuses malformed ones', () => {
    expect(parseCpuList('0-1\n')).toEqual([0, 1]);
    expect(parseCpuList('0-3,8,10-11')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(parseCpuList('\n')).toEqual([]);
    expect(() => parseCpuList('0-a')).toThrow(/malformed CPU list/);
  });

  it('finds the page size and USER_HZ in a recorded auxiliary vector, as getconf gave them on the same machine', () => {
    const vm = `${FIXTURES}debian12-2cpu-vm`;
    const auxv = readFileSync(`${vm}/auxv`);
    expect(auxvValue(auxv, AT_PAGESZ, true)).toBe(Number(readFileSync(`${vm}/pagesize`, 'utf8')));
    expect(auxvValue(auxv, AT_CLKTCK, true)).toBe(Number(readFileSync(`${vm}/clk_tck`, 'utf8')));
    // Big-endian words read the same bytes as other numbers: the machine's order matters.
    expect(auxvValue(auxv, AT_PAGESZ, false)).not.toBe(4096);
  });

  it('finds the page size in smaps', () => {
    expect(parseKernelPageSize('Size: 4 kB\nKernelPageSize:        4 kB\nMMUPageSize: 4 kB\n')).toBe(4096);
    expect(parseKernelPageSize('Size: 4 kB\n')).toBeUndefined();
  });
});

describe('host backend', () => {
  it('reads the recorded machine', async () => {
    const ctx = contextAt(RECORDED);
    expect(await hostProcBackend.probe(ctx)).toMatchObject({ available: true });
    expect(await hostProcBackend.read(ctx, {})).toEqual({ hostname: 'vm', kernel: '6.18.44-fc-v669', uptimeSeconds: expect.any(Number), cpuCount: 2 });
  });

  it('counts CPUs from a sparse online list and leaves a bad uptime unmeasured', async () => {
    const raw = await hostProcBackend.read(contextAt(EDGE), {});
    expect(raw.cpuCount).toBe(3);
    expect(raw.uptimeSeconds).toBeUndefined();
  });

  it('makes a hostile hostname safe for a terminal', async () => {
    const root = mkdtempSync(join(tmpdir(), 'smoothtask-host-'));
    try {
      mkdirSync(join(root, 'proc/sys/kernel'), { recursive: true });
      writeFileSync(join(root, 'proc/sys/kernel/hostname'), 'box\u001b]0;owned\u0007\n');
      expect((await hostProcBackend.read(contextAt(root), {})).hostname).toBe('box\\x1b]0;owned\\x07');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says why when /proc is not there', async () => {
    const probe = await hostProcBackend.probe(contextAt('/nonexistent'));
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/ENOENT/);
  });

  it('derives HostInfo from the start-up facts and this tick', () => {
    const info = hostCollector.derive(undefined, timed({ hostname: 'renamed', uptimeSeconds: 12.5 }, 1), contextAt(RECORDED));
    expect(info).toMatchObject({ ...RECORDED_HOST, hostname: 'renamed', uptimeSeconds: 12.5 });
  });
});

describe('readHostFacts on the live machine', () => {
  it('agrees with uname, getconf, nproc and /proc/stat', () => {
    const info = readHostFacts(buffer, '/proc', '/sys');
    expect(info.hostname).toBe(osHostname());
    expect(info.kernel).toBe(execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
    expect(info.arch).toBe(execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim());
    expect(info.clockTicks).toBe(Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })));
    expect(info.pageSize).toBe(Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' })));
    expect(info.cpuCount).toBe(Number(execFileSync('nproc', ['--all'], { encoding: 'utf8' })));
    expect(info.cpuCount).toBe(availableParallelism());
    expect(info.bootTime).toBe(parseBtime(readFileSync('/proc/stat', 'utf8'))! * 1000);
    expect(info.uptimeSeconds).toBeGreaterThan(0);
    // The inventory (inventory.test.ts checks it against lscpu and systemd-detect-virt).
    expect(info.cpuModel).toBeTruthy();
    expect(info.osName).toMatch(/Debian/);
    expect(info.virtualization).toBeTruthy();
  });

  it('the live backend matches the live facts', async () => {
    const raw = await hostProcBackend.read(liveContext(), {});
    expect(raw.hostname).toBe(osHostname());
    expect(raw.cpuCount).toBe(availableParallelism());
  });
});
