/**
 * Generators of hostile text for the property tests: arbitrary and unicode strings, random bytes
 * decoded as UTF-8 (invalid sequences become U+FFFD, as a read of a /proc file would give them),
 * and real recorded files (test/fixtures/) with lines cut, fields removed, added or replaced by
 * huge, negative, non-numeric and NUL-laden tokens. Mutating recorded lines keeps the inputs close
 * enough to the real format to reach the parsers' deeper branches.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

/** A recorded fixture file, relative to test/fixtures/. */
export function fixture(path: string): string {
  return readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
}

/** Tokens a broken or hostile kernel, driver or process could put where a number belongs. */
export const HOSTILE_TOKENS = [
  '18446744073709551617', // 2^64 + 1
  '18446744073709551615', // u64 max
  '9223372036854775808', // 2^63
  '9'.repeat(400), // more digits than a double can hold: Number() gives Infinity
  '1e309',
  '-1',
  '-18446744073709551615',
  '-0',
  '0x1f',
  '1e3',
  '1.5',
  'NaN',
  'Infinity',
  '-Infinity',
  'abc',
  '<unknown>',
  '',
  ' ',
  '\t',
  '\0',
  '1\x002',
  '\uFFFD',
  '\uFFFD\uFFFD9',
  '١٢٣', // Arabic-Indic digits: \d does not match them, Number() does not read them
  ':',
  '(',
  ')',
  '=',
  '[',
  '\n',
] as const;

export const hostileToken = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TOKENS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 70n }).map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

/** Random bytes decoded as UTF-8: invalid sequences become U+FFFD, NULs stay. */
export const decodedBytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('utf8'));

/** Text with no structure at all. */
export const arbitraryText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  decodedBytes,
);

type Mutation =
  | { op: 'replace' | 'insert'; line: number; token: number; value: string }
  | { op: 'remove' | 'cutLine' | 'dropLine' | 'duplicateLine'; line: number; token: number }
  | { op: 'cutText'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constantFrom('replace' as const, 'insert' as const), line: fc.nat(), token: fc.nat(), value: hostileToken }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constantFrom('remove' as const, 'cutLine' as const, 'dropLine' as const, 'duplicateLine' as const),
      line: fc.nat(),
      token: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cutText' as const), at: fc.nat() }) },
);

/** Split a line into fields and the separators between them, so it can be put back as it was. */
function tokens(line: string): string[] {
  return line.split(/(\s+|:|=)/);
}

function apply(text: string, m: Mutation): string {
  if (m.op === 'cutText') return text.slice(0, m.at % (text.length + 1));
  const lines = text.split('\n');
  const i = m.line % lines.length;
  if (m.op === 'dropLine') return [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
  if (m.op === 'duplicateLine') return [...lines.slice(0, i + 1), ...lines.slice(i)].join('\n');
  const parts = tokens(lines[i]);
  // Even indexes are fields, odd ones separators.
  const fields = Math.ceil(parts.length / 2);
  const f = (m.token % fields) * 2;
  if ('value' in m) {
    lines[i] =
      m.op === 'replace' ? [...parts.slice(0, f), m.value, ...parts.slice(f + 1)].join('') : [...parts.slice(0, f), m.value, ' ', ...parts.slice(f)].join('');
  } else if (m.op === 'cutLine') lines[i] = lines[i].slice(0, m.token % (lines[i].length + 1));
  else lines[i] = [...parts.slice(0, f), ...parts.slice(f + 2)].join('');
  return lines.join('\n');
}

/** One of `bases` (recorded files) with one to five mutations. */
export function mutated(bases: readonly string[]): fc.Arbitrary<string> {
  return fc
    .record({ base: fc.constantFrom(...bases), mutations: fc.array(mutation, { minLength: 1, maxLength: 5 }) })
    .map(({ base, mutations }) => mutations.reduce(apply, base));
}

/** Everything a parser of `bases`' format is fed: mostly mutated real files, some noise. */
export function hostileText(bases: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: mutated(bases) }, { weight: 1, arbitrary: arbitraryText });
}

/** The same text without a single digit (in any script): nothing in it can be a measurement. */
export function withoutDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, '');
}

/**
 * A real file whose first number is replaced by 10 MB of digits: a line that long, and a number
 * that no double can hold. One case per parser, not per run, to keep the suite fast.
 */
export function tenMegabyteLine(base: string): string {
  return base.replace(/\d+/, '7'.repeat(10 * 1024 * 1024));
}

/** Runs per property: small enough for the whole folder to stay within ~15 s on two cores. */
export const RUNS = 100;
