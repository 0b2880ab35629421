/**
 * How the cell renderer's two stages find each other, and how the screen's runner reaches the
 * second. Ink hands its renderer the root node and its log-update the stream it writes to; it
 * keeps each instance by that stream (ink/build/instances.js), and the instance keeps its root
 * node and its log-update. The renderer keeps its memory on the root node (inkRenderer.ts), and the
 * log-update, given a frame's text, finds there the grid that text was made from, so that it does
 * not parse the text back into cells (docs/ui.md, "The cell renderer").
 */
// Ink's own modules, by path: its package exports only its public API.
import type { DOMElement } from '../../../../node_modules/ink/build/dom.js';
import instances from '../../../../node_modules/ink/build/instances.js';
import { bsu, esu } from '../../../../node_modules/ink/build/write-synchronized.js';
import { type DrawnFrame, FrameMemory } from './frameOutput.js';

/** The root node, with the memory the renderer keeps on it. */
type Root = DOMElement & { smoothtaskFrame?: FrameMemory };

/** What this module uses of an Ink instance, whose type keeps all of it private. */
interface InkInstance {
  rootNode?: Root;
  /** The log-update: this renderer's (logUpdate.ts) where the bundle or the tests put it in Ink's place. */
  log?: { repaint?: () => void };
  /** Writes the last frame again through the log-update (Ink's, after console output above the frame). */
  restoreLastOutput?: () => void;
  /** Whether Ink wraps what it writes in synchronized-update marks on this terminal. */
  shouldSync?: () => boolean;
}

const inkOf = (stream: object): InkInstance | undefined => (instances as unknown as WeakMap<object, InkInstance>).get(stream);

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
  return inkOf(stream)?.rootNode?.smoothtaskFrame?.drawnAs(text);
}

/**
 * Draws the frame of the Ink instance that writes to `stream` again, whole, on a cleared screen
 * (Ctrl-L): for a terminal that something else wrote over, which a renderer that sends only the
 * cells that changed would otherwise never mend. Ink does the same around console output written
 * above its frame, with its own log-update's clear. False where there is no such instance or its
 * log-update is not the cell renderer.
 */
export function repaintTerminal(stream: NodeJS.WritableStream): boolean {
  const ink = inkOf(stream);
  const repaint = ink?.log?.repaint;
  if (repaint === undefined || ink?.restoreLastOutput === undefined) return false;
  const sync = ink.shouldSync?.() === true;
  // A synchronized update, as Ink writes its frames: the terminal shows the repaint at once.
  if (sync) stream.write(bsu);
  repaint();
  ink.restoreLastOutput();
  if (sync) stream.write(esu);
  return true;
}
