/**
 * Stands in for Ink's dom.js (ink/build/dom.js, Ink 8.0.0) where Ink's modules import it (the
 * bundle and the tests: scripts/bundle/ink-cell-renderer.mjs, vitest.config.ts). Everything is
 * Ink's but the two calls by which the reconciler changes what a Text shows: a text's new value
 * and a nested Text's new transform.
 *
 * Why: Ink marks the Text's Yoga node dirty on each, and Yoga then lays the tree out again along
 * its path, measuring the Text anew; a nested Text gets a new transform on every render even when
 * it draws the same. Most of what changes from one refresh to the next is a number in a line of
 * fixed width (a CPU%, a meter, a clock, a chart), whose size does not change, so the layout
 * would come out the same. Here a text cut at its box's edge (wrap="truncate": every Line but
 * --ascii's, the charts) is marked dirty only when its natural size changed (bench/README.md,
 * "Layout kept while a line's size is the same").
 */
import type { DOMElement, DOMNode, TextNode } from '../../../node_modules/ink/build/dom.js';
import measureText from '../../../node_modules/ink/build/measure-text.js';
import squashTextNodes from './squashTextNodes.js';

// Ink's own, by path: this module is what Ink's imports of './dom.js' resolve to, not this path.
export * from '../../../node_modules/ink/build/dom.js';

type Transform = DOMElement['internal_transform'];

/** The node whose Yoga node a change dirties: Ink's findClosestYogaNode. */
function closestLaidOut(node: DOMNode): DOMElement | undefined {
  for (let at: DOMNode | undefined = node; at?.parentNode !== undefined; at = at.parentNode) {
    if (at.yogaNode !== undefined) return at as DOMElement;
  }
  return undefined;
}

/**
 * Whether Yoga's measure of `text` depends on nothing but its natural size: lines cut at the
 * box's edge. Ink measures them as their natural size, or as the width they are given (and as
 * many lines) when that is less (dom.js, measureTextNode; wrap-text.js cuts each line on its
 * own); a text that wraps could take other lines at the same size.
 */
function measuredByWidth(text: DOMElement): boolean {
  return text.nodeName === 'ink-text' && (text.style.textWrap ?? 'wrap').startsWith('truncate');
}

/** Makes `change` to what `node` draws; dirties its Text's layout if its size changed. */
function changeText(node: DOMNode, change: () => void): void {
  const text = closestLaidOut(node);
  if (text === undefined || !measuredByWidth(text)) {
    change();
    text?.yogaNode?.markDirty();
    return;
  }
  const before = measureText(squashTextNodes(text));
  change();
  const after = measureText(squashTextNodes(text));
  if (before.width !== after.width || before.height !== after.height) text.yogaNode?.markDirty();
}

export const setTextNodeValue = (node: TextNode, value: string): void => {
  // Ink's guard for callers that pass another type.
  const text = typeof value === 'string' ? value : String(value);
  changeText(node, () => {
    node.nodeValue = text;
  });
};

export const setTransform = (node: DOMElement, transform: Transform): void => {
  // Only a nested Text's transform is part of what its Text measures (Ink's rule).
  if (node.nodeName !== 'ink-virtual-text') {
    node.internal_transform = transform;
    return;
  }
  changeText(node, () => {
    node.internal_transform = transform;
  });
};
