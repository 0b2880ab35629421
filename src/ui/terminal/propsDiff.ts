/**
 * Stands in for the `diff` of Ink's reconciler (ink/build/reconciler.js, Ink 8.0.0), which React
 * calls through commitUpdate twice for every Box and Text it rendered again (their props, then
 * their style): the bundle and the tests put it there (scripts/bundle/ink-props-diff.mjs).
 *
 * Why: Ink's walks Object.keys and Object.entries, an array of keys and an array a key, and makes
 * its result object before it knows of a change. That was an eighth of what a refresh allocated
 * with no processes (bench/README.md, "Ink's props compared without arrays"). This one walks the
 * keys with for-in, which reads them from the object's shape, and makes the result at the first
 * change. The answer is Ink's: the same keys with the same values, in the same order (the property
 * test checks it against Ink's own).
 */
type Props = Readonly<Record<string, unknown>>;

export function propsDiff(before: Props | undefined, after: Props | undefined): Record<string, unknown> | undefined {
  if (before === after) return undefined;
  if (!before) return after;
  let changed: Record<string, unknown> | undefined;
  // Own keys only, as Object.keys and Object.entries list them (for-in would add inherited ones).
  for (const key in before) {
    if (!Object.hasOwn(before, key) || (after && Object.hasOwn(after, key))) continue;
    (changed ??= {})[key] = undefined;
  }
  if (after) {
    for (const key in after) {
      if (!Object.hasOwn(after, key)) continue;
      const value = after[key];
      if (value === before[key]) continue;
      (changed ??= {})[key] = value;
    }
  }
  return changed;
}
