/**
 * Stands in for Ink's squash-text-nodes.js (ink/build/squash-text-nodes.js, Ink 8.0.0), which
 * joins a Text's children into the one string Ink measures and draws; the bundle and the tests
 * put it where Ink's dom.js and render-node-to-output.js import it
 * (scripts/bundle/ink-cell-renderer.mjs, vitest.config.ts).
 *
 * Why: Ink runs every Text's joined string through sanitizeAnsi (which tokenizes any string with
 * an escape in it) and four replaceAll scans on every frame, and again when Yoga measures it;
 * nested texts are cleaned at each level. Most texts are the same from frame to frame, so each
 * node keeps the last string it joined and what cleaning made of it, and cleans again only when
 * the joined string differs (bench/README.md, "Ink's text squashing kept per node"). The walk and
 * the order of its steps are Ink's, and the result is the same string (the property test checks
 * it against Ink's own).
 */
import wrapAnsi from 'wrap-ansi';
// Ink's own modules, by path: its package exports only its public API.
import type { DOMElement } from '../../../node_modules/ink/build/dom.js';
import sanitizeAnsi from '../../../node_modules/ink/build/sanitize-ansi.js';

/** A Text node with the last string its children joined into, and that string cleaned. */
type KeptNode = DOMElement & { smoothtaskSquashed?: { joined: string; clean: string } };

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

const squashTextNodes = (node: DOMElement): string => {
  let joined = '';
  for (const childNode of node.childNodes) {
    if (childNode.nodeName === '#text') {
      joined += childNode.nodeValue;
      continue;
    }
    if (childNode.isHidden) continue;
    let nodeText = childNode.nodeName === 'ink-text' || childNode.nodeName === 'ink-virtual-text' ? squashTextNodes(childNode) : '';
    // Joined texts leave Output no place to apply a child's transform: apply it here, line by line.
    const transform = childNode.internal_transform;
    if (nodeText.length > 0 && typeof transform === 'function') {
      nodeText = nodeText
        .split('\n')
        .map((line, lineIndex) => transform(line, lineIndex))
        .join('\n');
    }
    joined += nodeText;
  }
  const kept = node as KeptNode;
  const last = kept.smoothtaskSquashed;
  if (last !== undefined && last.joined === joined) return last.clean;
  const text = clean(joined, node.nodeName);
  kept.smoothtaskSquashed = { joined, clean: text };
  return text;
};

export default squashTextNodes;
