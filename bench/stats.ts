/** Small statistics the bench scripts share. */

/** The median of `xs` (the upper one of the two middle values for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : [...xs].sort((a, b) => a - b)[xs.length >> 1];
}
