/**
 * The properties every /proc and /sys parser must hold on hostile input, as one reusable suite:
 * it never throws, every number it returns is finite, the fields the kernel keeps unsigned are
 * never negative, text without a digit yields no number (unusable input says so instead of
 * inventing a value), and a 10 MB line is survived. fast-check runs with its default random seed
 * and prints the seed and the shrunk counterexample when a property fails.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { arbitraryText, hostileText, RUNS, tenMegabyteLine, withoutDigits } from './hostile.js';

/** Every number found in `value` (objects, arrays, Maps, Sets), with the key that holds it ('value' at the top). */
export function numbersIn(value: unknown, key = 'value', out: { key: string; n: number }[] = []): { key: string; n: number }[] {
  if (typeof value === 'number') out.push({ key, n: value });
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, key, out);
  else if (value instanceof Map) for (const [k, v] of value) numbersIn(v, String(k), out);
  else if (value instanceof Set) for (const v of value) numbersIn(v, key, out);
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) numbersIn(v, k, out);
  return out;
}

/** Throws (so fast-check reports and shrinks) when a number is NaN or ±Infinity. */
export function expectFinite(value: unknown): void {
  for (const { key, n } of numbersIn(value)) {
    if (!Number.isFinite(n)) throw new Error(`${key} is ${n}`);
  }
}

/** Throws when a number under a key not in `signed` is negative. */
export function expectUnsigned(value: unknown, signed: readonly string[] = []): void {
  for (const { key, n } of numbersIn(value)) {
    if (n < 0 && !signed.includes(key)) throw new Error(`${key} is negative: ${n}`);
  }
}

export interface ParserSpec<T> {
  parse: (text: string) => T;
  /** Recorded files in the parser's format (test/fixtures/), the base of the mutations. */
  bases: readonly string[];
  /**
   * Keys whose kernel field is signed (may legitimately be negative); every other number must
   * be ≥ 0. Each spec says why in a comment where it lists any.
   */
  signed?: readonly string[];
  /** For parsers that throw by design (a malformed CPU list): the only error allowed. */
  allowedError?: (err: unknown) => boolean;
  /** What a recorded file must give, so the mutations start from a parse that works. */
  sane: (parsed: T) => boolean;
}

function run<T>(spec: ParserSpec<T>, text: string): T | undefined {
  try {
    return spec.parse(text);
  } catch (err) {
    if (spec.allowedError?.(err)) return undefined;
    throw err;
  }
}

/** Register the common properties for one parser inside the caller's describe block. */
export function parserProperties<T>(spec: ParserSpec<T>): void {
  it('parses the recorded files (the base of every mutation)', () => {
    for (const base of spec.bases) expect(spec.sane(spec.parse(base))).toBe(true);
  });

  it('never throws and returns only finite, unsigned numbers on arbitrary text', () => {
    fc.assert(
      fc.property(arbitraryText, (text) => {
        const parsed = run(spec, text);
        expectFinite(parsed);
        expectUnsigned(parsed, spec.signed);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws and returns only finite, unsigned numbers on mutated recorded files', () => {
    fc.assert(
      fc.property(hostileText(spec.bases), (text) => {
        const parsed = run(spec, text);
        expectFinite(parsed);
        expectUnsigned(parsed, spec.signed);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('returns no number at all from text without a digit (n/a, not an invented value)', () => {
    fc.assert(
      fc.property(hostileText(spec.bases).map(withoutDigits), (text) => {
        expect(numbersIn(run(spec, text))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('survives a 10 MB line', () => {
    const parsed = run(spec, tenMegabyteLine(spec.bases[0]));
    expectFinite(parsed);
    expectUnsigned(parsed, spec.signed);
  });
}
