/**
 * Which rows of a frame can differ from the last frame's, from the writes that drew them. A
 * row's cells are a function of the writes that reach it, in their order, and of nothing else: a
 * write draws each line of its text into one row, through its transforms, cut by the clip it was
 * made under. So where every write that reaches a row, in either frame, is the same write at the
 * same place in the list, the row is the last frame's, and FrameOutput copies it instead of
 * drawing it again (docs/ui.md, "The cell renderer"). Most of a refresh keeps most rows: borders,
 * titles, blank lines, the table's heading and its quiet rows.
 */

/** A clip rectangle as Ink's render-node-to-output gives it: half-open, an undefined edge unbounded. */
export interface OutputClip {
  x1?: number;
  x2?: number;
  y1?: number;
  y2?: number;
}

/** What a Text's transform does to each line it draws (Ink's OutputTransformer). */
export type OutputTransformer = (line: string, index: number) => string;

/** One write of a frame: `text` from (x, y), through `transformers`, cut by the clip in effect when it was made. */
export interface FrameWrite {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly transformers: readonly OutputTransformer[];
  readonly clip: OutputClip | undefined;
}

// Ink's output.js: nested clips intersect; an axis is empty once its lower bound reaches its upper one.
const tighter = (a: number | undefined, b: number | undefined, pick: (a: number, b: number) => number): number | undefined =>
  a === undefined ? b : b === undefined ? a : pick(a, b);

/** The clip in effect inside `inner` when `outer` is already in effect. */
export const intersect = (outer: OutputClip | undefined, inner: OutputClip): OutputClip =>
  outer === undefined
    ? inner
    : {
        x1: tighter(outer.x1, inner.x1, Math.max),
        x2: tighter(outer.x2, inner.x2, Math.min),
        y1: tighter(outer.y1, inner.y1, Math.max),
        y2: tighter(outer.y2, inner.y2, Math.min),
      };

export const isEmpty = (clip: OutputClip): boolean =>
  (clip.x1 !== undefined && clip.x2 !== undefined && clip.x1 >= clip.x2) || (clip.y1 !== undefined && clip.y2 !== undefined && clip.y1 >= clip.y2);

const sameClip = (a: OutputClip | undefined, b: OutputClip | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.x1 === b.x1 && a.x2 === b.x2 && a.y1 === b.y1 && a.y2 === b.y2);

/**
 * Whether two writes draw the same cells. A transform is compared by identity: a Text that
 * rendered again made a new one, which may colour differently, and its rows are drawn again.
 */
function sameWrite(a: FrameWrite, b: FrameWrite): boolean {
  if (a.x !== b.x || a.y !== b.y || a.text !== b.text || !sameClip(a.clip, b.clip) || a.transformers.length !== b.transformers.length) return false;
  for (let i = 0; i < a.transformers.length; i++) if (a.transformers[i] !== b.transformers[i]) return false;
  return true;
}

/** Marks in `changed` the rows of a frame `height` tall that `write`, of `lines` lines, can draw into. */
function markRows(changed: Uint8Array, write: FrameWrite, lines: number): void {
  const { clip } = write;
  if (clip !== undefined && isEmpty(clip)) return;
  const from = Math.max(0, write.y, clip?.y1 ?? 0);
  const to = Math.min(changed.length, write.y + lines, clip?.y2 ?? changed.length);
  changed.fill(1, from, Math.max(from, to));
}

/**
 * 1 for each row of a frame `height` tall that the writes `next` can draw otherwise than the
 * writes `previous` drew it, 0 for the rows that are the same. Writes are paired by their place in
 * the lists; a write that differs from its pair, or has none, marks the rows it reaches in its
 * own frame (an insertion marks every row the writes after it reach: too many, never too few).
 * `lineCount` gives the number of lines of a write's text.
 */
export function changedRows(previous: readonly FrameWrite[], next: readonly FrameWrite[], height: number, lineCount: (text: string) => number): Uint8Array {
  const changed = new Uint8Array(height);
  const count = Math.max(previous.length, next.length);
  for (let i = 0; i < count; i++) {
    const before = previous[i];
    const after = next[i];
    if (before !== undefined && after !== undefined && sameWrite(before, after)) continue;
    if (before !== undefined) markRows(changed, before, lineCount(before.text));
    if (after !== undefined) markRows(changed, after, lineCount(after.text));
  }
  return changed;
}
