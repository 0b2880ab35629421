/**
 * Stands in for Ink's squash-text-nodes.js (ink/build/squash-text-nodes.js, Ink 8.0.0), which
 * joins a Text's children into the one string Ink measures and draws; the bundle and the tests
 * put it where Ink's dom.js and render-node-to-output.js import it
 * (scripts/bundle/ink-cell-renderer.mjs, vitest.config.ts).
 *
 * Why: Ink runs every Text's joined string through sanitizeAnsi (which tokenizes any string with
 * an escape in it) and four replaceAll scans on every frame, and again when Yoga measures it;
 * nested texts are cleaned at each level. Most texts are the same from frame to frame, so each
 * node keeps the pieces its children last gave and what cleaning made of their join, and joins
 * and cleans again only when a piece differs; a nested Text keeps what its transform made of its
 * string (bench/README.md, "Ink's text squashing kept per node"). The walk and
 * the order of its steps are Ink's, and the result is the same string (the property test checks
 * it against Ink's own).
 */
import wrapAnsi from 'wrap-ansi';
// Ink's own modules, by path: its package exports only its public API.
import type { DOMElement } from '../../../node_modules/ink/build/dom.js';
import sanitizeAnsi from '../../../node_modules/ink/build/sanitize-ansi.js';

/**
 * A Text node with the pieces its children last gave and the string they joined into, cleaned;
 * and, on a nested Text, what its transform last made of its string.
 */
type KeptNode = DOMElement & {
  smoothtaskSquashed?: { pieces: string[]; clean: string };
  smoothtaskTransformed?: { transform: unknown; text: string; result: string };
};

/**
 * What Ink's cleaning would change: a control character other than a newline (a tab, CR, C1, or
 * an ESC that does not start an SGR of digits and semicolons), or a combining mark just after an
 * SGR (sanitizeAnsi moves it before the SGR). A string with none of these, as the screen's own
 * texts are, comes out of the cleaning as it went in, so it is not tokenized at all.
 */
const NEEDS_CLEANING = /[\u0000-\u0009\u000b-\u001a\u001c-\u001f\u007f-\u009f]|\u001b(?!\[[0-9;]*m(?!\p{M}))/u;

/**
 * Ink's cleaning of a joined string: ANSI sanitised, C1 controls in their ESC forms, and an
 * ink-text's tabs expanded.
 */
function clean(joined: string, nodeName: DOMElement['nodeName']): string {
  if (!NEEDS_CLEANING.test(joined)) return joined;
  let text = sanitizeAnsi(joined.replaceAll('\r\n', '\n'));
  // Measurement and styling dependencies understand the ESC forms of these C1 controls.
  text = text.replaceAll('\u009B', '\u001B[').replaceAll('\u009D', '\u001B]').replaceAll('\u009C', '\u001B\\');
  // Expand tabs after combining nested text so measurement and rendering use the same columns.
  if (nodeName === 'ink-text' && text.includes('\t')) text = wrapAnsi(text, Infinity, { trim: false });
  return text;
}

/**
 * A nested Text's string through its transform, line by line (joined texts leave Output no place
 * to apply a child's transform). Ink's Text makes a new transform when it renders; the same
 * transform with the same string gives the same result, kept on the node.
 */
function transformed(child: KeptNode, transform: NonNullable<DOMElement['internal_transform']>, text: string): string {
  const kept = child.smoothtaskTransformed;
  if (kept !== undefined && kept.transform === transform && kept.text === text) return kept.result;
  const result = text
    .split('\n')
    .map((line, lineIndex) => transform(line, lineIndex))
    .join('\n');
  child.smoothtaskTransformed = { transform, text, result };
  return result;
}

/** What one child adds to its Text's string. */
function pieceOf(childNode: DOMElement['childNodes'][number]): string {
  if (childNode.nodeName === '#text') return childNode.nodeValue;
  if (childNode.isHidden) return '';
  const nodeText = childNode.nodeName === 'ink-text' || childNode.nodeName === 'ink-virtual-text' ? squashTextNodes(childNode) : '';
  const transform = childNode.internal_transform;
  return nodeText.length > 0 && typeof transform === 'function' ? transformed(childNode, transform, nodeText) : nodeText;
}

const squashTextNodes = (node: DOMElement): string => {
  const kept = node as KeptNode;
  const last = kept.smoothtaskSquashed;
  const children = node.childNodes;
  // Pieces kept by the children come back as the same strings, compared at once.
  if (last !== undefined && last.pieces.length === children.length) {
    let same = true;
    for (let i = 0; i < children.length && same; i++) same = pieceOf(children[i]) === last.pieces[i];
    if (same) return last.clean;
  }
  const pieces = children.map(pieceOf);
  const text = clean(pieces.join(''), node.nodeName);
  kept.smoothtaskSquashed = { pieces, clean: text };
  return text;
};

export default squashTextNodes;
