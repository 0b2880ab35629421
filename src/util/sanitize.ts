/**
 * Makes text that came from processes (comm, cmdline, cgroup paths, user names) safe to put on a
 * terminal and into JSON, and measures it in terminal columns.
 *
 * Escaping, chosen so that nothing a process names itself can move the cursor, change colours,
 * set the window title or reorder what is drawn around it:
 * - C0 controls U+0000–U+001F (tab and newline included), DEL U+007F and C1 controls
 *   U+0080–U+009F become `\xHH` (e.g. ESC → the four characters `\x1b`);
 * - Unicode line/paragraph separators U+2028/U+2029 and the bidirectional controls
 *   (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) become `\uHHHH`;
 * - invalid UTF-8 (bytes) and lone surrogates (strings) become U+FFFD.
 * A backslash is left as it is, so the escapes are for reading, not for reversing.
 */
import stringWidth from 'string-width';
import { ONE_COLUMN_ONLY } from './oneColumn.js';

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  const hex = code.toString(16).padStart(2, '0');
  return code <= 0xff ? `\\x${hex}` : `\\u${hex.padStart(4, '0')}`;
}

/** Make a JS string safe for a terminal and JSON (see the file header for the escapes). */
export function sanitizeText(s: string): string {
  const wellFormed = s.isWellFormed() ? s : s.toWellFormed();
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(wellFormed) ? wellFormed.replace(UNSAFE, escapeChar) : wellFormed;
}

/** Decode bytes as UTF-8 (invalid sequences → U+FFFD, per the WHATWG decoder) and sanitise. */
export function sanitizeBytes(bytes: Uint8Array): string {
  return sanitizeText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

/** Columns the string takes on a terminal: CJK and most emoji take two (string-width). */
export function displayWidth(s: string): number {
  return ONE_COLUMN_ONLY.test(s) ? s.length : stringWidth(s);
}

/** The blanks that fill `s` out to `width` columns (none where it is as wide or wider). */
export function blanksAfter(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/**
 * Cut `s` to at most `width` columns without splitting a grapheme (a wide character that would
 * straddle the edge is dropped). When something was cut and `ellipsis` is given, it ends the
 * result and counts within `width`.
 */
export function truncateToWidth(s: string, width: number, ellipsis = ''): string {
  if (width <= 0) return '';
  const oneColumn = ONE_COLUMN_ONLY.test(s);
  if (oneColumn ? s.length <= width : stringWidth(s) <= width) return s;
  const room = width - displayWidth(ellipsis);
  if (room < 0) return truncateToWidth(ellipsis, width);
  // One column and one grapheme a character (oneColumn.ts).
  if (oneColumn) return s.slice(0, room) + ellipsis;
  let out = '';
  let used = 0;
  // Made here, not when the module loads: only text outside the one-column set that must be cut needs
  // one, and the commands without a screen (agent, snapshot) never do.
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)) {
    const w = stringWidth(segment);
    if (used + w > room) break;
    out += segment;
    used += w;
  }
  return out + ellipsis;
}
