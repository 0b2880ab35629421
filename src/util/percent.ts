/** Percentages of measured totals, for the screen, the chart history and the alert metrics. */

/** `part` as a percentage of `whole`; undefined when either is unmeasured or `whole` is not positive. */
export function percentOf(part: number | undefined, whole: number | undefined): number | undefined {
  return part === undefined || whole === undefined || whole <= 0 ? undefined : (part / whole) * 100;
}
