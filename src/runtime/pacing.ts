/**
 * The loop's pace under load. A sampling pass that takes more than half the interval (a slow or
 * loaded machine, tens of thousands of processes) would leave the machine sampling most of the
 * time and the loop falling behind; instead the interval stretches to twice the pass, so
 * SmoothTask never spends more than half of it sampling. When passes are cheap again the
 * interval comes back a quarter of the way to the configured one each pass, so one fast pass
 * does not make the header flicker between two figures.
 */

/** The interval never stretches past this many times the configured one. */
export const MAX_STRETCH = 10;

/** The interval to wait for after a pass that took `passMs`, given the one in force now. */
export function nextIntervalMs(configuredMs: number, currentMs: number, passMs: number): number {
  const needed = Math.min(configuredMs * MAX_STRETCH, Math.max(configuredMs, Math.ceil(passMs * 2)));
  if (needed >= currentMs) return needed;
  // Rounded down, so it reaches the configured interval rather than creeping towards it.
  return Math.max(needed, Math.floor(currentMs - (currentMs - configuredMs) / 4));
}
