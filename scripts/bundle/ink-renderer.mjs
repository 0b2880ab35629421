// Stands in for Ink's renderer.js (ink/build/renderer.js, Ink 8.0.0), which turns the laid-out tree
// into the frame's text, in the bundle and the tests (ink-cell-renderer.mjs maps Ink's import).
// What changes (bench/README.md, issue #15): Ink builds a new Output per frame, and with it empty
// caches of each text's styled characters and widths, so every line of every frame is tokenized
// and measured again; here the caches belong to the root node and last across frames (they start
// over past CACHE_LIMIT entries). And Output.get() filled a width x height grid with a new blank
// cell object each and turned every row back into a string; KeptOutput starts rows from one shared
// blank cell (Ink never mutates a cell, it replaces it) and reuses a row's string when its cells
// are the same objects as the last frame's. The rest is Ink's code.
import { styledCharsToString } from '@alcalzone/ansi-tokenize';
import Yoga from 'yoga-layout';
import Output from '../../node_modules/ink/build/output.js';
import renderNodeToOutput, { renderNodeToScreenReaderOutput } from '../../node_modules/ink/build/render-node-to-output.js';

/** Entries (texts seen) after which a root's caches start over: bounded memory for a long run. */
export const CACHE_LIMIT = 20_000;

/**
 * Styled characters (one object each, with its styles array) after which a root's caches start
 * over, whatever the number of texts: about four 200x50 frames of text that never repeats. A
 * count of texts alone did not bound memory: under a churn of 1,000 processes a second every row
 * was new, and 20,000 cached rows held 765,000 characters, about 130 MB (bench/README.md, Soak).
 */
export const STYLED_CHAR_LIMIT = 40_000;

/** Count the styled characters `caches` holds as it tokenizes new texts (`styledCharCount`). */
function counting(caches) {
  const tokenize = caches.getStyledChars.bind(caches);
  caches.styledCharCount = 0;
  caches.getStyledChars = (line) => {
    const known = caches.styledChars.has(line);
    const chars = tokenize(line);
    if (!known) caches.styledCharCount += chars.length;
    return chars;
  };
  return caches;
}

/** The caches of the root `node`, kept on it; a fresh Output's when there are none or they hold too much. */
function keptCaches(node, output) {
  const kept = node.smoothtaskOutputCaches;
  if (kept !== undefined && kept.styledCharCount <= STYLED_CHAR_LIMIT && kept.styledChars.size + kept.widths.size + kept.blockWidths.size <= CACHE_LIMIT)
    return kept;
  node.smoothtaskOutputCaches = counting(output.caches);
  node.smoothtaskOutputRows = undefined;
  return node.smoothtaskOutputCaches;
}

// Ink's output.js: nested clips intersect (an undefined bound is unbounded on that edge).
const intersectBound = (a, b, tighter) => (a === undefined ? b : b === undefined ? a : tighter(a, b));
const intersectClips = (outer, inner) =>
  outer
    ? {
        x1: intersectBound(outer.x1, inner.x1, Math.max),
        x2: intersectBound(outer.x2, inner.x2, Math.min),
        y1: intersectBound(outer.y1, inner.y1, Math.max),
        y2: intersectBound(outer.y2, inner.y2, Math.min),
      }
    : inner;

const BLANK = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });

/** Ink's Output with get() reusing the last frame's row strings, kept on the root node. */
class KeptOutput extends Output {
  constructor(options, node) {
    super(options);
    this.node = node;
  }

  get() {
    const output = [];
    for (let y = 0; y < this.height; y++) output.push(new Array(Math.ceil(this.width)).fill(BLANK));
    const clips = [];
    for (const operation of this.operations) {
      if (operation.type === 'clip') clips.push(intersectClips(clips.at(-1), operation.clip));
      else if (operation.type === 'unclip') clips.pop();
      else this.applyWriteOperation(output, operation, clips.at(-1));
    }
    const last = this.node.smoothtaskOutputRows;
    const strings = output.map((line, y) => {
      const before = last?.cells[y];
      if (before !== undefined && before.length === line.length && line.every((cell, x) => cell === before[x])) return last.strings[y];
      // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
      return styledCharsToString(line.filter((item) => item !== undefined)).trimEnd();
    });
    this.node.smoothtaskOutputRows = { cells: output, strings };
    return { output: strings.join('\n'), height: output.length };
  }
}

const getVisibleStaticNode = (node) => {
  for (let ancestor = node; ancestor; ancestor = ancestor.parentNode) {
    if (ancestor.yogaNode?.getDisplay() === Yoga.DISPLAY_NONE) {
      return undefined;
    }
  }
  return node;
};

const renderer = (node, isScreenReaderEnabled) => {
  if (node.yogaNode) {
    const staticNode = getVisibleStaticNode(node.staticNode);
    if (isScreenReaderEnabled) {
      const output = renderNodeToScreenReaderOutput(node, { skipStaticElements: true });
      const outputHeight = output === '' ? 0 : output.split('\n').length;
      let staticOutput = '';
      if (staticNode) {
        staticOutput = renderNodeToScreenReaderOutput(staticNode, { skipStaticElements: false });
      }
      return { output, outputHeight, staticOutput: staticOutput === '' ? '' : `${staticOutput}\n` };
    }
    const output = new KeptOutput({ width: node.yogaNode.getComputedWidth(), height: node.yogaNode.getComputedHeight() }, node);
    output.caches = keptCaches(node, output);
    renderNodeToOutput(node, output, { skipStaticElements: true });
    let staticOutput;
    if (staticNode?.yogaNode) {
      const { yogaNode } = staticNode;
      staticOutput = new Output({
        width: yogaNode.getComputedLeft() + yogaNode.getComputedWidth() + yogaNode.getComputedMargin(Yoga.EDGE_RIGHT),
        height: yogaNode.getComputedTop() + yogaNode.getComputedHeight() + yogaNode.getComputedMargin(Yoga.EDGE_BOTTOM),
      });
      renderNodeToOutput(staticNode, staticOutput, { skipStaticElements: false });
    }
    const { output: generatedOutput, height: outputHeight } = output.get();
    return {
      output: generatedOutput,
      outputHeight,
      staticOutput: staticOutput && staticOutput.height > 0 ? `${staticOutput.get().output}\n` : '',
    };
  }
  return { output: '', outputHeight: 0, staticOutput: '' };
};

export default renderer;
