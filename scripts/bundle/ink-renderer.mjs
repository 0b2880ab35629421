// Stands in for Ink's renderer.js (ink/build/renderer.js, Ink 8.0.0), which turns the laid-out tree
// into the frame's text, in the bundle and the tests (ink-cell-renderer.mjs maps Ink's import).
// The one change: Ink builds a new Output per frame, and with it empty caches of each text's
// styled characters and widths, so every line of every frame is tokenized and measured again;
// here the caches belong to the root node and last across frames, so only text that changed is
// (bench/README.md, issue #15). They start over past CACHE_LIMIT entries. The rest is Ink's code.
import Yoga from 'yoga-layout';
import Output from '../../node_modules/ink/build/output.js';
import renderNodeToOutput, { renderNodeToScreenReaderOutput } from '../../node_modules/ink/build/render-node-to-output.js';

/** Entries (texts seen) after which a root's caches start over: bounded memory for a long run. */
export const CACHE_LIMIT = 20_000;

/** The caches of the root `node`, kept on it; a fresh Output's when there are none or too many. */
function keptCaches(node, output) {
  const kept = node.smoothtaskOutputCaches;
  if (kept !== undefined && kept.styledChars.size + kept.widths.size + kept.blockWidths.size <= CACHE_LIMIT) return kept;
  node.smoothtaskOutputCaches = output.caches;
  return output.caches;
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
    const output = new Output({ width: node.yogaNode.getComputedWidth(), height: node.yogaNode.getComputedHeight() });
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
