/**
 * Horizontal meter bars for percentages. Unicode bars use eighth blocks (U+2588–U+258F) for
 * sub-cell resolution; --ascii bars use '|' like htop. An unmeasured value draws an empty bar;
 * the caller prints "n/a" beside it.
 */

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** `width` cells filled in proportion to `percent` (0..100, clamped); blank padding to the right. */
export function meterBar(percent: number | undefined, width: number, ascii: boolean): string {
  if (width <= 0) return '';
  if (percent === undefined || !Number.isFinite(percent)) return ' '.repeat(width);
  const f = Math.max(0, Math.min(1, percent / 100));
  if (ascii) {
    const n = Math.round(f * width);
    return '|'.repeat(n) + ' '.repeat(width - n);
  }
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = full < width ? EIGHTHS[eighths % 8] : '';
  const used = full + (part === '' ? 0 : 1);
  return '█'.repeat(full) + part + ' '.repeat(width - used);
}
