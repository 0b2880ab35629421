/**
 * The words for time on the screen: where the cursor is on the timeline shown (the header's
 * REPLAY or PAUSED part) and what a move did when it could not go where it was asked (the status
 * line). Times are local, as the header's clock is; a recording spans days, so there with the date.
 */
import type { MoveResult, TimePosition } from '../../store/store.js';
import { fmtCount } from '../format.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** "03:12:05", or with the date "2026-12-04 03:12:05" (local time). */
export function clockText(ms: number, withDate: boolean): string {
  const d = new Date(ms);
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withDate ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock}` : clock;
}

/** What the timeline is called in messages. */
function what(kind: TimePosition['kind']): string {
  return kind === 'replay' ? 'the recording' : 'the samples held';
}

/** "REPLAY 2026-12-04 03:12:05 of 2026-12-04 00:00:01 – 2026-12-04 09:00:00 (3,240 samples)". */
export function positionText(p: TimePosition): string {
  const withDate = p.kind === 'replay';
  const label = p.kind === 'replay' ? 'REPLAY' : 'PAUSED';
  const n = fmtCount(p.range.samples);
  return `${label} ${clockText(p.at, withDate)} of ${clockText(p.range.first, withDate)} – ${clockText(p.range.last, withDate)} (${n} sample${p.range.samples === 1 ? '' : 's'})`;
}

/** The status line after a move: '' when it went where it was asked. */
export function moveText(result: MoveResult | undefined, kind: TimePosition['kind'] | undefined): string {
  if (result === undefined || kind === undefined) return 'no samples held to step through';
  const withDate = kind === 'replay';
  if (result.outside !== undefined) {
    const r = result.outside;
    return `outside ${what(kind)}, which runs from ${clockText(r.first, withDate)} to ${clockText(r.last, withDate)}: showing the nearest sample`;
  }
  if (result.edge === 'first') return `the first of ${what(kind)} (${clockText(result.at, withDate)})`;
  if (result.edge === 'last') return kind === 'replay' ? `the last sample recorded (${clockText(result.at, true)})` : 'the newest sample held: p resumes live';
  return '';
}
