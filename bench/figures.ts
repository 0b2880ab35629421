/** How the report spells and compares its figures: shared by its tables (report.ts) and the rounds' (rounds.ts). */

/** A figure with `digits` decimals and thousands separators; n/a when it was not measured. */
export function fmt(v: number | undefined, digits: number): string {
  return v === undefined || !Number.isFinite(v) ? 'n/a' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** a ÷ b, when both were measured and b is not 0. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

/** The median of `xs`: the middle value, or the mean of the two middle ones; undefined when empty. */
export function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
