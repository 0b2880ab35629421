/**
 * Number formatting for the screen. Every formatter takes `undefined` for "not measured" and
 * returns "n/a" for it, never 0 (docs/architecture.md).
 */

export const NA = 'n/a';

const UNITS = ['B', 'K', 'M', 'G', 'T', 'P'];

/** Bytes in binary units, at most 5 characters before the unit: 512B, 12.3K, 1.50G. */
export function fmtBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return NA;
  let v = Math.abs(bytes);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u += 1;
  }
  const sign = bytes < 0 ? '-' : '';
  if (u === 0) return `${sign}${Math.round(v)}B`;
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${sign}${v.toFixed(digits)}${UNITS[u]}`;
}

/** Bytes per second: "1.20M/s". */
export function fmtRate(bytesPerSec: number | undefined): string {
  return bytesPerSec === undefined ? NA : `${fmtBytes(bytesPerSec)}/s`;
}

/** A percentage with one decimal under 100 and none above: "7.5", "250". */
export function fmtPercent(percent: number | undefined): string {
  if (percent === undefined || !Number.isFinite(percent)) return NA;
  return percent >= 99.95 ? percent.toFixed(0) : percent.toFixed(1);
}

/** A plain number with `digits` decimals. */
export function fmtNumber(n: number | undefined, digits = 0): string {
  return n === undefined || !Number.isFinite(n) ? NA : n.toFixed(digits);
}

/**
 * A count with thousands separated by commas: "3,240". Not toLocaleString('en-US'): that loads
 * ICU's number formatting, 7 ms and megabytes of pages on the replay screen's first frame
 * (bench/README.md, 'Replay's charts after the first frame').
 */
export function fmtCount(n: number): string {
  const digits = Math.trunc(Math.abs(n)).toString();
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = (end > 3 ? ',' : '') + digits.slice(Math.max(0, end - 3), end) + out;
  return (n < 0 ? '-' : '') + out;
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}

/** A duration compact enough for a table cell: "4:05", "1:02:03", "3d04h". */
/** CPU time as htop's TIME+: m:ss.cc under an hour, then h:mm:ss, then days. */
export function fmtCpuTime(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return NA;
  if (seconds >= 3600) return fmtDuration(seconds);
  const m = Math.floor(seconds / 60);
  const rest = seconds - m * 60;
  return `${m}:${rest.toFixed(2).padStart(5, '0')}`;
}

export function fmtDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return NA;
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (days > 0) return `${days}d${pad2(h)}h`;
  if (h > 0) return `${h}:${pad2(m)}:${pad2(sec)}`;
  return `${m}:${pad2(sec)}`;
}

/**
 * A process's age for the table: 42s in its first minute, then 14m, 1h02m and 2d04h. Past the
 * first minute the seconds are left out, and past the first hour the minutes are what moves:
 * with them every row of a young process changed on every refresh (every row, on a host up for
 * less than an hour), and each changed row is drawn again through the whole frame
 * (bench/README.md, "ELAPSED without seconds past the first minute"). fmtDuration keeps them.
 */
export function fmtAge(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return NA;
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (days > 0) return `${days}d${pad2(h)}h`;
  if (h > 0) return `${h}h${pad2(m)}m`;
  return m > 0 ? `${m}m` : `${s}s`;
}

/** Uptime for the header: "12 days, 03:04" or "03:04:05". */
export function fmtUptime(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return NA;
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const hms = `${pad2(Math.floor((s % 86400) / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
  return days > 0 ? `${days} day${days === 1 ? '' : 's'}, ${hms}` : hms;
}

/** Pad or cut to exactly `width` columns (ASCII-only text: table numbers and headers). */
export function fit(text: string, width: number, align: 'left' | 'right'): string {
  if (text.length > width) return text.slice(0, width);
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}
