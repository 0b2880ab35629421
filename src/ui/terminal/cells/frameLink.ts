/**
 * How the cell renderer's two stages find each other. Ink hands its renderer the root node and
 * its log-update the stream it writes to; it keeps each instance by that stream
 * (ink/build/instances.js), and the instance keeps its root node. The renderer keeps its memory
 * on the root node (inkRenderer.ts), and the log-update, given a frame's text, finds there the
 * grid that text was made from, so that it does not parse the text back into cells (docs/ui.md,
 * "The cell renderer").
 */
// Ink's own modules, by path: its package exports only its public API.
import type { DOMElement } from '../../../../node_modules/ink/build/dom.js';
import instances from '../../../../node_modules/ink/build/instances.js';
import { type DrawnFrame, FrameMemory } from './frameOutput.js';

/** The root node, with the memory the renderer keeps on it. */
type Root = DOMElement & { smoothtaskFrame?: FrameMemory };

/** The frame's memory kept on `root`, made on its first frame. */
export function frameMemoryOf(root: DOMElement): FrameMemory {
  const kept = root as Root;
  kept.smoothtaskFrame ??= new FrameMemory();
  return kept.smoothtaskFrame;
}

/**
 * The frame drawn for the Ink instance that writes to `stream`, when `text` is its text; undefined
 * for any other text, stream or renderer (the log-update parses the text then).
 */
export function drawnFrame(stream: object, text: string): DrawnFrame | undefined {
  // Ink's instance type keeps its root node private.
  const ink = (instances as unknown as WeakMap<object, { rootNode?: Root }>).get(stream);
  return ink?.rootNode?.smoothtaskFrame?.drawnAs(text);
}
