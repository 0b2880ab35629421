/**
 * The props diff put into Ink's reconciler (src/ui/terminal/propsDiff.ts, by
 * scripts/bundle/ink-props-diff.mjs) must answer as Ink's own `diff`, which is taken here from the
 * installed ink/build/reconciler.js: the same keys, values and order for any pair of props, and
 * the same object back where Ink gives it back. And the edit must find Ink's definition, and put
 * the import in its place.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propsDiff } from '../../../src/ui/terminal/propsDiff.js';
// @ts-expect-error plain JavaScript module of the bundle step, without type declarations
import { inkDiffDefinition, withPropsDiff } from '../../../scripts/bundle/ink-props-diff.mjs';

type Diff = (before: unknown, after: unknown) => Record<string, unknown> | undefined;

const reconcilerText = readFileSync(new URL('../../../node_modules/ink/build/reconciler.js', import.meta.url), 'utf8');
// Ink's definition, run as it is written.
const inkDiff = new Function(`${(inkDiffDefinition as (s: string) => string)(reconcilerText)}\nreturn diff;`)() as Diff;
const ours = propsDiff as Diff;

/** Props as React hands them: a few keys from a small set (so pairs share some), values that repeat. */
const sharedValues = [undefined, null, 0, 1, 'a', 'b', true, false, { flexDirection: 'row' }, ['x']];
const key = fc.constantFrom('children', 'style', 'internal_transform', 'internal_static', 'color', 'bold', 'wrap', '0', '10');
const value = fc.oneof(fc.constantFrom(...sharedValues), fc.integer(), fc.string({ maxLength: 3 }));
const props = fc.option(fc.dictionary(key, value, { maxKeys: 6 }), { nil: undefined });

/** Both answers as comparable entries: key order counts. */
function entries(result: Record<string, unknown> | undefined): [string, unknown][] | undefined {
  return result === undefined ? undefined : Object.entries(result);
}

describe('ink props diff', () => {
  it("answers as Ink's diff for any two props, keys in the same order", () => {
    fc.assert(
      fc.property(props, props, (before, after) => {
        expect(entries(ours(before, after))).toEqual(entries(inkDiff(before, after)));
      }),
      { numRuns: 2000 },
    );
  });

  it('answers as Ink does when one object is compared with itself or with nothing', () => {
    const style = { flexDirection: 'row', width: 3 };
    for (const [before, after] of [
      [style, style],
      [undefined, style],
      [style, undefined],
      [undefined, undefined],
      [{}, {}],
    ] as const) {
      expect(ours(before, after)).toEqual(inkDiff(before, after));
      // Ink gives `after` itself back when there was nothing before: commitUpdate reads it.
      if (before === undefined) expect(ours(before, after)).toBe(after);
    }
  });

  it('leaves inherited keys out, as Object.keys and Object.entries do', () => {
    const inherited = Object.create({ color: 'red' }) as Record<string, unknown>;
    inherited.bold = true;
    for (const [before, after] of [
      [inherited, { bold: true }],
      [{ bold: true }, inherited],
      [inherited, {}],
    ]) {
      expect(entries(ours(before, after))).toEqual(entries(inkDiff(before, after)));
    }
  });

  it("replaces Ink's definition with an import, leaving the rest of the reconciler as it was", () => {
    const edited = (withPropsDiff as (s: string, p: string) => string)(reconcilerText, '/x/propsDiff.js');
    expect(edited).toContain('import { propsDiff as diff } from "/x/propsDiff.js";\n');
    expect(edited).not.toContain('const diff = (before, after) =>');
    expect(edited.replace('import { propsDiff as diff } from "/x/propsDiff.js";\n', (inkDiffDefinition as (s: string) => string)(reconcilerText))).toBe(
      reconcilerText,
    );
  });

  it('fails, saying why, on a reconciler without that definition', () => {
    expect(() => (withPropsDiff as (s: string, p: string) => string)('const other = 1;\n', '/x.js')).toThrow(
      /no `const diff = \(before, after\) => \{` definition/,
    );
  });
});
