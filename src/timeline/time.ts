/**
 * Points in time as people type them for `replay --at`, `report --since/--until` and the replay
 * screen's "go to time": an absolute local time ("2026-12-04 03:12", "03:12" for today), ISO 8601
 * with or without a zone ("2026-12-04T03:12:00Z"), a time ago ("-2h", "-30m", or "2h" where a past
 * time is implied, as in `--since 24h`), or "now". Pure: the current time is an argument.
 */
import { parseDuration } from '../config/duration.js';

export class TimeSpecError extends Error {}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function local(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, text: string): number {
  const date = new Date(y, mo - 1, d, h, mi, s, ms);
  // Date rolls 2026-02-31 over into March: a field out of range is a typing error, not a time.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d || date.getHours() !== h || date.getMinutes() !== mi) {
    throw new TimeSpecError(`'${text}' is not a valid date and time`);
  }
  return date.getTime();
}

/** Milliseconds since the epoch for `text`, relative times counted back from `nowMs`. */
export function parseTimeSpec(text: string, nowMs: number): number {
  const t = text.trim();
  if (t === 'now') return nowMs;
  const ago = t.startsWith('-') ? t.slice(1) : t;
  const duration = parseDuration(ago);
  if (duration !== undefined) return nowMs - duration;
  if (ZONED.test(t)) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return ms;
  }
  let m = LOCAL.exec(t);
  if (m) return local(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0), +(m[7] ?? 0), t);
  m = DATE_ONLY.exec(t);
  if (m) return local(+m[1], +m[2], +m[3], 0, 0, 0, 0, t);
  m = CLOCK.exec(t);
  if (m) {
    const today = new Date(nowMs);
    return local(today.getFullYear(), today.getMonth() + 1, today.getDate(), +m[1], +m[2], +(m[3] ?? 0), 0, t);
  }
  throw new TimeSpecError(`'${text}': expected a time such as "2026-12-04 03:12", "03:12", ISO 8601 ("2026-12-04T03:12:00Z"), "-2h", "-30m" or "now"`);
}
