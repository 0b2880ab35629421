/**
 * src/launch/codeCache.ts: the header that ties a code cache file to the build of the script form
 * it was made from, and that V8 takes a cache made after the code ran, through it.
 */
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module of the bundle step, without type declarations
import { BUNDLE_BANNER, toScriptForm } from '../../../scripts/bundle/script-form.mjs';
import { BUILD_ID_PREFIX, buildIdOf, decodeCodeCache, encodeCodeCache } from '../../../src/launch/codeCache.js';

const hexId = fc.stringMatching(/^[0-9a-f]{8,64}$/);

describe('buildIdOf', () => {
  it('reads the id on the last line, and nothing from a script without one', () => {
    expect(buildIdOf(`(async function () {})\n${BUILD_ID_PREFIX}0123abcd\n`)).toBe('0123abcd');
    expect(buildIdOf('(async function () {})\n')).toBeUndefined();
    expect(buildIdOf(`x\n${BUILD_ID_PREFIX}not-hex\n`)).toBeUndefined();
    expect(buildIdOf(`x\n${BUILD_ID_PREFIX}\n`)).toBeUndefined();
  });
});

describe('encodeCodeCache / decodeCodeCache', () => {
  it("gives back V8's data for the build it names, and nothing for another build", () => {
    fc.assert(
      fc.property(hexId, hexId, fc.uint8Array({ minLength: 1, maxLength: 300 }), (id, other, data) => {
        const file = encodeCodeCache(id, data);
        expect(decodeCodeCache(file, id)).toEqual(Buffer.from(data));
        if (other !== id) expect(decodeCodeCache(file, other)).toBeUndefined();
      }),
    );
  });

  it('takes any bytes without throwing, and finds no cache in them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), hexId, (bytes, id) => {
        expect(decodeCodeCache(Buffer.from(bytes), id)).toBeUndefined();
      }),
    );
  });

  it('finds no cache in a damaged or cut file, which V8 would stop the process on', () => {
    fc.assert(
      fc.property(hexId, fc.uint8Array({ minLength: 2, maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (id, data, at, flip) => {
        const file = encodeCodeCache(id, data);
        const damaged = Buffer.from(file);
        const i = file.length - data.length + (at % data.length);
        damaged[i] ^= flip;
        expect(decodeCodeCache(damaged, id)).toBeUndefined();
        expect(decodeCodeCache(file.subarray(0, file.length - 1), id)).toBeUndefined();
      }),
    );
  });

  it('finds no cache in a header alone, or in a header past its length limit', () => {
    expect(decodeCodeCache(encodeCodeCache('0123abcd', new Uint8Array(0)), '0123abcd')).toBeUndefined();
    const long = 'a'.repeat(200);
    expect(decodeCodeCache(encodeCodeCache(long, new Uint8Array([1])), long)).toBeUndefined();
  });
});

describe('a code cache made after the code ran', () => {
  const bundle = (body: string) => `${BUNDLE_BANNER}\n${body}`;
  const run = (script: vm.Script) => (script.runInThisContext() as (require: unknown, url: string) => Promise<void>)(() => ({}), 'file:///x.mjs');

  it('is taken by V8 for the same build, holds the functions that ran, and is not offered to another build', async () => {
    const body = 'function later(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }\nglobalThis.__codeCacheProbe = later(10);';
    const { text, id } = toScriptForm(bundle(body));
    const first = new vm.Script(text, { filename: '/tmp/code-cache-probe.js' });
    const before = first.createCachedData().length;
    await run(first);
    const after = first.createCachedData();
    // The cache made after the run holds later()'s bytecode too, not only the top-level code.
    expect(after.length).toBeGreaterThan(before);
    const file = encodeCodeCache(id, after);

    const again = new vm.Script(text, { filename: '/tmp/code-cache-probe.js', cachedData: decodeCodeCache(file, id) });
    expect(again.cachedDataRejected).toBe(false);
    await run(again);
    expect((globalThis as { __codeCacheProbe?: number }).__codeCacheProbe).toBe(45);

    // A build of the same length: V8 would take the cache (it checks the length, not the text);
    // the header keeps it from being offered.
    const other = toScriptForm(bundle(body.replace('later(10)', 'later(11)')));
    expect(other.text.length).toBe(text.length);
    expect(other.id).not.toBe(id);
    expect(decodeCodeCache(file, other.id)).toBeUndefined();
    delete (globalThis as { __codeCacheProbe?: number }).__codeCacheProbe;
  });
});
