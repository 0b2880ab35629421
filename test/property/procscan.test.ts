/**
 * Property tests for the addon's /proc scanner (native/procscan.cc): on trees of hostile stat,
 * statm, io and schedstat files (comm with ')', spaces, newlines and bytes that are not UTF-8,
 * stats cut short, NUL bytes, huge and negative numbers, spaces of every kind around them), it
 * gives what the TypeScript scanner and parsers give, the same process or the same skip, the same
 * figure or the same undefined, and never throws.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { StatFields } from '../../src/collectors/processes/parse.js';
import { IO, ProcScanner, SCHEDSTAT, STATM } from '../../src/collectors/processes/scanner.js';
import { procScanNative } from '../../src/native/procscan.js';
import { ReadBuffer } from '../../src/util/readfile.js';
import { fixture, hostileToken, mutated, RUNS } from './support/hostile.js';

const loaded = procScanNative();
/**
 * Each case writes a tree of files and reads it twice: half the runs of the pure parsers' properties,
 * and more time than vitest's default, which a loaded 2-core machine used up.
 */
const FILES_TIMEOUT_MS = 120_000;
const PIDS = readdirSync(new URL('../fixtures/debian12-2cpu-vm/proc/', import.meta.url));
const each = (file: string) => PIDS.map((pid) => fixture(`debian12-2cpu-vm/proc/${pid}/${file}`));
const root = mkdtempSync(join(tmpdir(), 'st-procscan-prop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Bytes no UTF-8 decoder keeps as they are, and the spaces String.prototype.trim removes (and one it does not). */
const AWKWARD = ['\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', '\u200b', '\r', '\v', '\f'];
const awkwardBytes = fc.oneof(
  fc.constantFrom(...AWKWARD).map((s) => Buffer.from(s)),
  fc.constantFrom(Buffer.from([0xff]), Buffer.from([0xe2, 0x80]), Buffer.from([0xc3]), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from([0xed, 0xa0, 0x80])),
  fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b)),
);
const token = fc.oneof(
  { weight: 3, arbitrary: hostileToken.map((t) => Buffer.from(t)) },
  { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 66n }).map((n) => Buffer.from(String(n))) },
  { weight: 1, arbitrary: fc.tuple(awkwardBytes, fc.nat().map(String), awkwardBytes).map(([a, n, b]) => Buffer.concat([a, Buffer.from(n), b])) },
);

/** A stat built field by field for folder `pid`: hostile comm, state and numbers, maybe cut short or with bytes past ASCII after comm. */
const builtStat = (pid: number) =>
  fc
    .record({
      pidText: fc.oneof({ weight: 5, arbitrary: fc.constant(Buffer.from(String(pid))) }, { weight: 1, arbitrary: token }),
      comm: fc
        .uint8Array({ maxLength: 40 })
        .chain((b) =>
          fc.constantFrom(Buffer.from(b), Buffer.from(`a) b (c`), Buffer.from('x\ny)'), Buffer.from('\0)\0'), Buffer.from('é)'), Buffer.from(')'.repeat(3))),
        ),
      state: fc.constantFrom('S', 'R', 'D', 'é', '', 'SS', '\0', ' ').map((s) => Buffer.from(s)),
      fields: fc.array(token, { minLength: 15, maxLength: 52 }),
      gap: fc.constantFrom(' ', ' ', ' ', 'é', '  ', ''),
      cut: fc.option(fc.nat(), { nil: undefined }),
    })
    .map(({ pidText, comm, state, fields, gap, cut }) => {
      const text = Buffer.concat([
        pidText,
        Buffer.from(' ('),
        comm,
        Buffer.from(`)${gap}`),
        state,
        ...fields.flatMap((f) => [Buffer.from(' '), f]),
        Buffer.from('\n'),
      ]);
      return cut === undefined ? text : text.subarray(0, cut % (text.length + 1));
    });

/** A recorded stat, mutated, with its pid made the folder's where it starts with one. */
const recordedStat = (pid: number) => mutated(each('stat')).map((text) => Buffer.from(text.replace(/^\d+/, String(pid))));
const anyStat = (pid: number) =>
  fc.oneof(
    { weight: 3, arbitrary: builtStat(pid) },
    { weight: 2, arbitrary: recordedStat(pid) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
  );

/** A counter file: recorded and mutated, built from hostile tokens, or noise. */
const counterFile = (file: string) =>
  fc.oneof(
    { weight: 3, arbitrary: mutated(each(file)).map((t) => Buffer.from(t)) },
    { weight: 2, arbitrary: fc.array(token, { minLength: 1, maxLength: 8 }).map((t) => Buffer.concat(t.flatMap((b) => [b, Buffer.from(' ')]))) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('read_bytes', 'write_bytes', 'rchar', 'read_bytes '), token, fc.constantFrom('read_bytes', 'write_bytes'), token)
        .map(([k1, v1, k2, v2]) => Buffer.concat([Buffer.from(`${k1}: `), v1, Buffer.from(`\n${k2}: `), v2, Buffer.from('\n')])),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
  );

/** Replace the tree with one folder per entry, numbered from 1000. */
function writeTree(files: Record<string, Buffer>[]): void {
  for (const name of readdirSync(root)) rmSync(join(root, name), { recursive: true, force: true });
  files.forEach((entry, i) => {
    mkdirSync(join(root, String(1000 + i)));
    for (const [name, bytes] of Object.entries(entry)) writeFileSync(join(root, String(1000 + i), name), bytes);
  });
}

function scanned(scanner: ProcScanner): [number, StatFields][] {
  const out: [number, StatFields][] = [];
  // Copies: a stat is the scanner's until its next scan (scanner.ts ScannedProcess).
  scanner.scan(root, (pid, stat) => {
    out.push([pid, { ...stat }]);
  });
  scanner.endPass();
  return out.sort((a, b) => a[0] - b[0]);
}

describe.skipIf(!loaded.ok)('the native /proc scanner on hostile trees (addon built)', () => {
  const native = loaded.ok ? loaded.native : undefined!;

  it(
    'lists and parses every stat as the TypeScript scanner does',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => anyStat(1000 + i)))),
          (stats) => {
            writeTree(stats.map((stat) => ({ stat })));
            const ts = new ProcScanner(new ReadBuffer());
            const nat = new ProcScanner(new ReadBuffer(), native);
            try {
              expect(scanned(nat)).toEqual(scanned(ts));
            } finally {
              ts.close();
              nat.close();
            }
          },
        ),
        { numRuns: RUNS / 2 },
      );
    },
    FILES_TIMEOUT_MS,
  );

  it(
    'reads statm, io and schedstat as the TypeScript reads do',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ statm: counterFile('statm'), io: counterFile('io'), schedstat: counterFile('schedstat') }, { requiredKeys: [] }), {
            minLength: 1,
            maxLength: 8,
          }),
          (entries) => {
            writeTree(entries);
            const ts = new ProcScanner(new ReadBuffer());
            const nat = new ProcScanner(new ReadBuffer(), native);
            entries.forEach((_, i) => {
              for (const files of [STATM, IO, SCHEDSTAT, STATM | IO | SCHEDSTAT]) {
                const dir = join(root, String(1000 + i));
                expect(nat.counters(dir, files, 4096)).toEqual(ts.counters(dir, files, 4096));
              }
            });
          },
        ),
        { numRuns: RUNS / 2 },
      );
    },
    FILES_TIMEOUT_MS,
  );

  it('reads a stat of 10 MB of digits and a counter file as large, as the TypeScript reads do', () => {
    writeTree([
      {
        stat: Buffer.from(`1000 (big) S 1 ${'7'.repeat(10 * 1024 * 1024)} 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 100 4096 1\n`),
        statm: Buffer.from('7'.repeat(10 * 1024 * 1024)),
      },
    ]);
    const ts = new ProcScanner(new ReadBuffer());
    const nat = new ProcScanner(new ReadBuffer(), native);
    expect(scanned(nat)).toEqual(scanned(ts));
    expect(nat.counters(join(root, '1000'), STATM, 4096)).toEqual(ts.counters(join(root, '1000'), STATM, 4096));
  });
});
