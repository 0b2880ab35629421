/**
 * cli-truncate's cut at the end (what Ink's `wrap="truncate"` asks of it, so every Line of the
 * screen), for the text nearly all lines are: one-column characters (util/oneColumn.ts) and SGR
 * sequences. cli-truncate slices through slice-ansi, which segments the text into graphemes with
 * Intl.Segmenter, and the first segmenter a process makes loads ICU; a screen whose widest line
 * was cut (the GPU panel's reason, here) loaded it about two seconds in, for about 2.5 MB resident
 * (bench/README.md, "No ICU before the first frame"). The bundle puts this in front of
 * cli-truncate (scripts/bundle/cli-truncate-fast.mjs); any other text still goes to cli-truncate.
 *
 * The result draws the same cells as cli-truncate's (test/unit/terminal/truncateEnd.test.ts): the
 * first `columns - 1` characters with the escapes before each, then the ellipsis in the style
 * they leave. It does not close the styles still open, as slice-ansi does: the cell renderer
 * parses each line from the default style (cells/frameOutput.ts), so the closing codes draw
 * nothing.
 */
import { isOneColumn } from '../../util/oneColumn.js';

const ESC = 0x1b;
const ELLIPSIS = '…';

/** The index after the SGR sequence at `start` (ESC [ digits and separators m), or -1 if it is another escape. */
function sgrEnd(text: string, start: number): number {
  if (text.charCodeAt(start + 1) !== 0x5b) return -1;
  for (let i = start + 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x6d) return i + 1;
    if (!((c >= 0x30 && c <= 0x39) || c === 0x3b || c === 0x3a)) return -1;
  }
  return -1;
}

/**
 * `text` cut to `columns` columns as cli-truncate cuts it at the end with its default ellipsis, or
 * undefined where the text has a character outside the one-column set or an escape other than
 * SGR, or `columns` is not a whole number: cli-truncate's answer is then the one to use.
 */
export function truncateOneColumnEnd(text: string, columns: number): string | undefined {
  if (!Number.isInteger(columns)) return undefined;
  let visible = 0;
  // Where the cut falls: after the (columns - 1)th character, escapes before it included.
  let cut = -1;
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    if (code === ESC) {
      const end = sgrEnd(text, i);
      if (end === -1) return undefined;
      i = end;
      continue;
    }
    if (!isOneColumn(code)) return undefined;
    visible += 1;
    i += 1;
    if (visible === columns - 1) cut = i;
  }
  if (columns < 1) return '';
  if (visible <= columns) return text;
  if (columns === 1) return ELLIPSIS;
  return text.slice(0, cut) + ELLIPSIS;
}
